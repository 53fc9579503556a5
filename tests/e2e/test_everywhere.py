"""One post, one action, every platform — through the dev host over HTTP, the way `make dev` runs it.

A person signs up, connects an account on each of the twelve platforms (fakes serving real HTTP in
this process) plus the sandbox, uploads an image and a video, and schedules one post a few seconds
ahead. The dev host's own timers dispatch it, its queue triggers publish it, and slow platforms
(video processing, containers) settle through the status-check queue.

The dev host gets its own database and queues: the session's other dev host (`running_app`) and a
developer's `make dev` share the server and Azurite, and must not pick up these targets.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from shared.db.migrate import apply_migrations
from shared.domain.posts import FINAL
from tests.conftest import Stack, stack_settings, unique
from tests.e2e.conftest import (
    RunningApp,
    _drop_cosmos,
    dev_host_env,
    free_port,
    start_dev_host,
    stop_dev_host,
)
from tests.fakes.platforms.everywhere import Everywhere, connect_all, post_body, running_fakes, upload
from tests.integration.platforms.conftest import jpeg, mp4
from tools.localstack import provision
from tools.pg import create_database, drop_database

LEAD = timedelta(seconds=6)  # the post is scheduled this far ahead of the request
SETTLE_SECONDS = 90.0
_QUEUES = {  # setting → name prefix; each run gets its own queues
    "PUBLISH_QUEUE": "publish",
    "STATUS_CHECK_QUEUE": "status-check",
    "ANALYTICS_QUEUE": "analytics",
    "WEBHOOKS_QUEUE": "webhooks",
}


@dataclass
class EverywhereApp(RunningApp):
    fakes: Everywhere


@pytest.fixture(scope="module")
def everywhere_app(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EverywhereApp]:
    from tools.sandbox import manage as sandbox

    with ExitStack() as cleanup:  # undone in reverse, also when a step fails half-way
        database = unique("ck_everywhere_")
        database_url = create_database(stack.server_url, database)
        cleanup.callback(drop_database, stack.server_url, database)
        apply_migrations(database_url)
        queues = {name: unique(prefix) for name, prefix in _QUEUES.items()}
        settings = stack_settings(stack, DATABASE_URL=database_url, **queues)
        cleanup.callback(lambda: asyncio.run(_drop_cosmos(settings)))
        asyncio.run(provision(settings))
        sandbox_root = tmp_path_factory.mktemp("sandbox")
        cleanup.callback(sandbox.stop, sandbox_root)
        sandbox_url = sandbox.ensure_running(sandbox_root, port=free_port())
        fakes = cleanup.enter_context(running_fakes())
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        env = dev_host_env(
            stack,
            settings,
            sandbox_url,
            **fakes.env(),
            **queues,
            DISPATCH_SCHEDULE="*/1 * * * * *",
            PUBLIC_BASE_URL=base_url,  # OAuth callbacks come back to this dev host
        )
        log_path = tmp_path_factory.mktemp("devhost") / "devhost.log"
        process = start_dev_host(port, env, log_path)
        cleanup.callback(stop_dev_host, process)
        yield EverywhereApp(base_url, env, process, log_path, sandbox_url, fakes)


async def _sign_up(app: EverywhereApp, api: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    """Register, verify the address, sign in and create a workspace; returns its id and the bearer
    headers."""
    email = f"{unique('everywhere')}@example.com"
    password = "one-post-every-network"
    registered = await api.post(
        "/api/v1/auth/register", json={"email": email, "password": password, "name": "Eve"}
    )
    assert registered.status_code == 201, registered.text
    verify = {"token": app.verification_token(email)}
    assert (await api.post("/api/v1/auth/verify-email", json=verify)).status_code == 200
    tokens = (await api.post("/api/v1/auth/login", json={"email": email, "password": password})).json()
    api.cookies.clear()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    created = await api.post("/api/v1/workspaces", json={"name": "Everywhere"}, headers=headers)
    assert created.status_code == 201, created.text
    return str(created.json()["id"]), headers


async def _settle(
    app: EverywhereApp, api: httpx.AsyncClient, path: str, headers: dict[str, str]
) -> dict[str, Any]:
    """The post once every target is final, or as it stands at the deadline."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        post: dict[str, Any] = (await api.get(path, headers=headers)).json()
        if all(t["status"] in FINAL for t in post["targets"]) or time.monotonic() > deadline:
            return post
        assert app.process.poll() is None, f"dev host exited:\n{app.log}"
        await asyncio.sleep(0.5)


async def test_one_post_publishes_to_every_platform_and_the_sandbox(everywhere_app: EverywhereApp) -> None:
    app, fakes = everywhere_app, everywhere_app.fakes
    handle = unique("everywhere")
    async with httpx.AsyncClient(base_url=app.base_url, timeout=30) as api:
        ws, headers = await _sign_up(app, api)
        accounts = await connect_all(api, ws, fakes, sandbox=handle, headers=headers)

        image = await upload(api, ws, ("square.jpg", jpeg((1080, 1080)), "image/jpeg"), headers)
        video = await upload(api, ws, ("clip.mp4", mp4(frames=30, size=(720, 1280)), "video/mp4"), headers)
        due = (datetime.now(UTC) + LEAD).replace(microsecond=0)
        created = await api.post(
            f"/api/v1/workspaces/{ws}/posts",
            json=post_body(accounts, image, video, scheduled_at=due.isoformat()),
            headers=headers,
        )
        assert created.status_code == 201, created.text
        post = await _settle(app, api, f"/api/v1/workspaces/{ws}/posts/{created.json()['id']}", headers)

    by_platform = {t["platform"]: t for t in post["targets"]}
    assert set(by_platform) == set(accounts)
    lateness = {
        p: datetime.fromisoformat(t["published_at"]) - due
        for p, t in by_platform.items()
        if t["published_at"]
    }
    print(f"\nlateness after {due.isoformat()} (published_at - scheduled_at):")
    for platform, late in sorted(lateness.items(), key=lambda item: item[1]):
        print(f"  {platform:<16} {late.total_seconds():6.2f} s")
    unsettled = {p: (t["status"], t["error"]) for p, t in by_platform.items() if t["status"] != "published"}
    assert unsettled == {}, app.log[-20_000:]
    assert post["status"] == "published"
    for platform, target in by_platform.items():
        assert target["external_id"], platform
        assert target["external_url"], platform
        assert datetime.fromisoformat(target["scheduled_at"]) == due, platform
        assert lateness[platform] >= timedelta(0), (platform, lateness[platform])

    assert fakes.received() == dict.fromkeys(fakes.by_platform, 1)
    async with httpx.AsyncClient() as client:
        received = (await client.get(f"{app.sandbox_url}/_control/received")).json()
    assert [p["text"] for p in received["posts"] if p["handle"] == handle] == [
        "Launch day: one post, every network"
    ]
