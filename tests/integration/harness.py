"""What the pipeline tests share: the real app wired to a test container, with a signed-in user
owning a workspace, the publish queue read the way the queue trigger reads it, and that app pointed
at every platform fake to publish one post everywhere."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
from aiohttp import web
from azure.storage.queue.aio import QueueClient

from functions.api import create_api
from shared.bootstrap import Container, get_container
from shared.services import publishing
from tests.conftest import Stack, stack_settings, unique
from tests.fakes.platforms.everywhere import Everywhere, post_body, upload
from tests.integration.platforms.conftest import jpeg, mp4
from tests.integration.test_auth_flow import login, register_verified
from tools.sandbox.server import create_app as create_sandbox


@dataclass(frozen=True)
class SignedIn:
    api: httpx.AsyncClient
    headers: dict[str, str]
    workspace: str
    email: str


@asynccontextmanager
async def signed_in_app(container: Container, *, workspace_name: str) -> AsyncIterator[SignedIn]:
    """The app in process on `container`, a new verified user (bearer headers) and their workspace
    (no approvals)."""
    app = create_api()
    app.dependency_overrides[get_container] = lambda: container
    transport = httpx.ASGITransport(app=app, client=(unique("client-"), 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
        email = await register_verified(api, container)
        tokens = await login(api, email)
        api.cookies.clear()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        created = await api.post(
            "/api/v1/workspaces", json={"name": workspace_name, "approval_required": False}, headers=headers
        )
        assert created.status_code == 201, created.text
        yield SignedIn(api, headers, created.json()["id"], email)


async def receive_publish_messages(container: Container, queue_name: str | None = None) -> list[UUID]:
    """Receive (and delete) every visible publish (or `queue_name`) message: what the trigger would get."""
    queue = QueueClient.from_connection_string(
        container.settings.storage_connection_string, queue_name or container.settings.publish_queue
    )
    async with queue:
        found = []
        async for message in queue.receive_messages(max_messages=32):
            found.append(publishing.parse_message(base64.b64decode(message.content)))
            await queue.delete_message(message)
    return found


@asynccontextmanager
async def everywhere_in_process(
    stack: Stack, fakes: Everywhere, **overrides: object
) -> AsyncIterator[tuple[Container, SignedIn]]:
    """A container whose platforms are the fakes (and a sandbox server), with a signed-in owner."""
    runner = web.AppRunner(create_sandbox(), access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    values: dict[str, object] = {
        **fakes.settings(),
        "SANDBOX_MODE": True,
        "SANDBOX_BASE_URL": f"http://127.0.0.1:{runner.addresses[0][1]}",
        "PUBLIC_BASE_URL": "http://testserver",
        "PLATFORM_TIMEOUT_SECONDS": 10,
        **overrides,
    }
    container = Container(stack_settings(stack, **values))
    try:
        for queue in (container.settings.publish_queue, container.settings.status_check_queue):
            await container.queue.create_queue(queue)
        await container.blob.create_container(container.settings.media_container)
        async with signed_in_app(container, workspace_name="Everywhere") as signed_in:
            yield container, signed_in
    finally:
        await container.aclose()
        await runner.cleanup()


async def publish_everywhere(
    container: Container, signed_in: SignedIn, accounts: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """One post (an image; a video where only video goes) to every account, published and settled."""
    api, headers, ws = signed_in.api, signed_in.headers, signed_in.workspace
    image = await upload(api, ws, ("square.jpg", jpeg((1080, 1080)), "image/jpeg"), headers)
    video = await upload(api, ws, ("clip.mp4", mp4(frames=30, size=(720, 1280)), "video/mp4"), headers)
    created = await api.post(
        f"/api/v1/workspaces/{ws}/posts",
        json=post_body(accounts, image, video, publish_now=True),
        headers=headers,
    )
    assert created.status_code == 201, created.text
    return await settle_post(container, signed_in, created.json()["id"])


async def settle_post(container: Container, signed_in: SignedIn, post_id: str) -> dict[str, Any]:
    """Run the worker on the queued targets of a post published now, and the status checks of slow
    platforms (made due at once), until every target settles; the post as the API shows it then."""
    for target_id in await receive_publish_messages(container):
        await publishing.publish_target(container, target_id)
    pool = await container.db()
    for _ in range(30):  # slow platforms: ask again (due now) until every target settles
        async with pool.connection() as conn:
            cursor = await conn.execute(
                "UPDATE post_targets SET next_check_at = now()"
                " WHERE post_id = %s AND status = 'processing' RETURNING id",
                (post_id,),
            )
            processing = [row[0] for row in await cursor.fetchall()]
        if not processing:
            break
        for target_id in processing:
            await publishing.check_processing(container, target_id)
    await receive_publish_messages(container, container.settings.status_check_queue)
    settled: dict[str, Any] = (
        await signed_in.api.get(
            f"/api/v1/workspaces/{signed_in.workspace}/posts/{post_id}", headers=signed_in.headers
        )
    ).json()
    return settled
