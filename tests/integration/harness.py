"""What the pipeline tests share: the real app wired to a test container, with a signed-in user
owning a workspace, and the publish queue read the way the queue trigger reads it."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from uuid import UUID

import httpx
from azure.storage.queue.aio import QueueClient

from functions.api import create_api
from shared.bootstrap import Container, get_container
from shared.services import publishing
from tests.conftest import unique
from tests.integration.test_auth_flow import login, register


@dataclass(frozen=True)
class SignedIn:
    api: httpx.AsyncClient
    headers: dict[str, str]
    workspace: str
    email: str


@asynccontextmanager
async def signed_in_app(container: Container, *, workspace_name: str) -> AsyncIterator[SignedIn]:
    """The app in process on `container`, a new user (bearer headers) and their workspace (no approvals)."""
    app = create_api()
    app.dependency_overrides[get_container] = lambda: container
    transport = httpx.ASGITransport(app=app, client=(unique("client-"), 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
        email = await register(api)
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
