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
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.db.migrate import apply_migrations
from shared.domain.posts import FINAL
from tests.conftest import ROOT, Stack, stack_settings, unique
from tests.e2e.conftest import _drop_cosmos, free_port
from tests.fakes.platforms.everywhere import VIDEO_ONLY, Everywhere, connect_all, running_fakes
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
class EverywhereApp:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    sandbox_url: str
    fakes: Everywhere

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


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
        env = {
            **os.environ,
            **fakes.settings(),
            **queues,
            "ENVIRONMENT": "test",
            "DATABASE_URL": database_url,
            "AzureWebJobsStorage": stack.storage_connection_string,
            "COSMOS_ENDPOINT": stack.cosmos_endpoint,
            "COSMOS_KEY": stack.cosmos_key,
            "COSMOS_CA_CERT": stack.cosmos_ca_cert,
            "COSMOS_DATABASE": settings.cosmos_database,
            "MEDIA_CONTAINER": settings.media_container,
            "HEARTBEAT_SCHEDULE": "*/1 * * * * *",
            "DISPATCH_SCHEDULE": "*/1 * * * * *",
            "SANDBOX_MODE": "true",
            "SANDBOX_BASE_URL": sandbox_url,
            "PUBLIC_BASE_URL": base_url,  # OAuth callbacks come back to this dev host
        }
        log_path = tmp_path_factory.mktemp("devhost") / "devhost.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "tools.devhost", "--root", str(ROOT), "--port", str(port)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        cleanup.callback(_stop, process)
        app = EverywhereApp(base_url, process, log_path, sandbox_url, fakes)
        _wait_until_live(app)
        yield app


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_until_live(app: EverywhereApp) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{app.base_url}/api/health/live", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if app.process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"dev host did not start:\n{app.log}")
        time.sleep(0.1)


def _sign_up(api: httpx.Client) -> str:
    """Register, sign in (the bearer token goes on `api`) and create a workspace; returns its id."""
    email = f"{unique('everywhere')}@example.com"
    password = "one-post-every-network"
    registered = api.post("/api/v1/auth/register", json={"email": email, "password": password, "name": "Eve"})
    assert registered.status_code == 201, registered.text
    tokens = api.post("/api/v1/auth/login", json={"email": email, "password": password}).json()
    api.cookies.clear()
    api.headers["Authorization"] = f"Bearer {tokens['access_token']}"
    created = api.post("/api/v1/workspaces", json={"name": "Everywhere"})
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def _upload(api: httpx.Client, ws: str, name: str, data: bytes, content_type: str) -> str:
    response = api.post(f"/api/v1/workspaces/{ws}/media", files={"file": (name, data, content_type)})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _settle(app: EverywhereApp, api: httpx.Client, path: str) -> dict[str, Any]:
    """The post once every target is final, or as it stands at the deadline."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        post: dict[str, Any] = api.get(path).json()
        if all(t["status"] in FINAL for t in post["targets"]) or time.monotonic() > deadline:
            return post
        assert app.process.poll() is None, f"dev host exited:\n{app.log}"
        time.sleep(0.5)


def test_one_post_publishes_to_every_platform_and_the_sandbox(everywhere_app: EverywhereApp) -> None:
    app, fakes = everywhere_app, everywhere_app.fakes
    handle = unique("everywhere")
    with httpx.Client(base_url=app.base_url, timeout=30) as api:
        ws = _sign_up(api)
        accounts = connect_all(api, ws, fakes)
        sandbox = api.post(f"/api/v1/workspaces/{ws}/accounts/connect/sandbox", json={"handle": handle})
        assert sandbox.status_code == 201, sandbox.text
        accounts["sandbox"] = sandbox.json()
        feed = api.get(f"/api/v1/workspaces/{ws}/accounts", params={"platform": "feed"}).json()["items"]
        assert len(feed) == 1, feed
        accounts["feed"] = feed[0]

        image = _upload(api, ws, "square.jpg", jpeg((1080, 1080)), "image/jpeg")
        video = _upload(api, ws, "clip.mp4", mp4(frames=30, size=(720, 1280)), "video/mp4")
        targets: list[dict[str, Any]] = []
        for platform, account in accounts.items():
            target: dict[str, Any] = {"account_id": account["id"]}
            if platform in VIDEO_ONLY:
                target.update(media_ids=[video], options={"title": "Launch day", "privacy": "public"})
            targets.append(target)
        due = (datetime.now(UTC) + LEAD).replace(microsecond=0)
        created = api.post(
            f"/api/v1/workspaces/{ws}/posts",
            json={
                "text": "Launch day: one post, every network",
                "media_ids": [image],
                "targets": targets,
                "scheduled_at": due.isoformat(),
            },
        )
        assert created.status_code == 201, created.text
        post = _settle(app, api, f"/api/v1/workspaces/{ws}/posts/{created.json()['id']}")

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
    received = httpx.get(f"{app.sandbox_url}/_control/received").json()
    assert [p["text"] for p in received["posts"] if p["handle"] == handle] == [
        "Launch day: one post, every network"
    ]
