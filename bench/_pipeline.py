"""Set-up shared by the publish-pipeline benchmarks (dispatch, batch, lateness).

Each benchmark gets its own migrated database, dropped at the end, so figures never depend on what
earlier runs or `make dev` left behind, and rate-limit windows (register: 10 per IP per hour) start
empty. The dev-host benchmarks also get their own sandbox on a free port and their own publish queue,
so a developer's `make dev` neither steals their messages nor sees their posts.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from bench.http import free_port, percentile, start_devhost_with, wait_until_up
from shared.config import Settings
from shared.db.migrate import apply_migrations
from tools.pg import create_database, drop_database, server_url

if TYPE_CHECKING:
    from azure.storage.queue import QueueMessage
    from azure.storage.queue.aio import QueueClient

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-pipeline-lantern-77"


def unique(prefix: str) -> str:
    """Lowercase letters and digits only: valid for databases, queues and sandbox handles alike."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def storage_connection_string() -> str:
    """Azurite's connection string (started if needed), or the one the environment names."""
    from tools.emulators.manage import ensure_running

    return os.environ.get("AzureWebJobsStorage") or ensure_running(ROOT).storage_connection_string  # noqa: SIM112


@contextlib.contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """A freshly migrated database on the local server; yields its URL and drops it afterwards."""
    server = server_url(ROOT)
    name = unique(prefix)
    url = create_database(server, name)
    try:
        apply_migrations(url)
        yield url
    finally:
        drop_database(server, name)


def pipeline_settings(database_url: str, storage: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "ENVIRONMENT": "development",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "AzureWebJobsStorage": storage,
        "PUBLISH_QUEUE": unique("benchpublish"),
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


async def delete_queues(storage: str, *names: str) -> None:
    from azure.core.exceptions import ResourceNotFoundError
    from azure.storage.queue.aio import QueueServiceClient

    async with QueueServiceClient.from_connection_string(storage) as service:
        for name in names:
            with contextlib.suppress(ResourceNotFoundError):
                await service.delete_queue(name)


async def receive_batch(client: QueueClient, size: int, visibility_timeout: int = 600) -> list[QueueMessage]:
    """One Get Messages call, as the host makes it (the SDK's pager would keep calling)."""
    pages = client.receive_messages(
        messages_per_page=size, max_messages=size, visibility_timeout=visibility_timeout
    ).by_page()
    try:
        page = await anext(pages)
    except StopAsyncIteration:
        return []
    return [message async for message in page]


def host_batch_size() -> int:
    """host.json's queues.batchSize, read the way the dev host reads it."""
    from tools.devhost.hostjson import load_host_json

    return load_host_json(ROOT / "host.json").queues.batch_size


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def spread(samples: Sequence[float], unit: str = "s", scale: float = 1.0) -> str:
    """p50/p99/max (and min) of samples, scaled for printing."""
    values = sorted(samples)
    if len(values) == 1:
        return f"n=1 value={values[0] * scale:.3f} {unit}"
    p50, p95, p99 = (percentile(values, q) * scale for q in (50, 95, 99))
    return (
        f"n={len(values)} min={values[0] * scale:.3f} p50={p50:.3f} p95={p95:.3f} p99={p99:.3f} "
        f"max={values[-1] * scale:.3f} {unit}"
    )


def next_whole_second(after: datetime) -> datetime:
    """The first exact second at or after `after`: what a person picking a time would schedule."""
    return datetime.fromtimestamp(math.ceil(after.timestamp()), UTC)


@dataclass(frozen=True)
class DevStack:
    base_url: str
    sandbox_url: str
    database_url: str
    publish_queue: str
    storage: str
    host_pid: int


def _sandbox_answers(url: str) -> bool:
    try:
        body: object = httpx.get(f"{url}/_control/health", timeout=1).json()
    except (httpx.HTTPError, ValueError):
        return False
    return body == {"status": "up"}


@contextlib.contextmanager
def dev_stack(**extra_settings: str) -> Iterator[DevStack]:
    """Dev host + its own sandbox + its own database and queue; everything started here is stopped.

    `start_devhost_with` runs `tools.localstack.up()`, which starts the default sandbox (7081) for
    `make dev` when none answers; if it was not up before, it is stopped again at the end.
    """
    from tools.localstack import local_settings_values
    from tools.sandbox import manage as sandbox

    storage = storage_connection_string()
    default_sandbox = local_settings_values(ROOT).get("SANDBOX_BASE_URL", "http://127.0.0.1:7081")
    default_sandbox_was_up = _sandbox_answers(default_sandbox)
    queue = unique("benchpublish")
    with throwaway_database("benchpipe") as database_url, tempfile.TemporaryDirectory() as state:
        sandbox_root = Path(state)
        sandbox_url = sandbox.ensure_running(sandbox_root, port=free_port())
        host = None
        try:
            host, base = start_devhost_with(
                {
                    "DATABASE_URL": database_url,
                    "AzureWebJobsStorage": storage,
                    "SANDBOX_MODE": "true",
                    "SANDBOX_BASE_URL": sandbox_url,
                    "PUBLISH_QUEUE": queue,
                    **extra_settings,
                }
            )
            yield DevStack(base, sandbox_url, database_url, queue, storage, host.pid)
        finally:
            if host is not None:
                host.terminate()
                try:
                    host.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    host.kill()
                    host.wait()
            sandbox.stop(sandbox_root)
            if not default_sandbox_was_up:
                sandbox.stop(ROOT)
            asyncio.run(delete_queues(storage, queue, f"{queue}-poison"))


class Api:
    """A signed-in owner of one workspace, talking to the dev host over HTTP."""

    def __init__(self, client: httpx.AsyncClient, workspace: str) -> None:
        self.client = client
        self.workspace = workspace

    @classmethod
    async def sign_up(cls, client: httpx.AsyncClient, database_url: str) -> Api:
        """Register, verify the address with the link in the dev outbox, sign in, create a workspace."""
        import psycopg

        email = f"{unique('bench')}@example.com"
        registered = await client.post(
            "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Bench"}
        )
        assert registered.status_code == 201, registered.text
        async with await psycopg.AsyncConnection.connect(database_url) as conn:
            cursor = await conn.execute(
                """SELECT substring(text_body from '/verify-email[?]token=([^[:space:]]+)') FROM dev_outbox
                   WHERE to_address = %s ORDER BY id DESC LIMIT 1""",
                (email,),
            )
            row = await cursor.fetchone()
        assert row is not None, f"no verification mail to {email}"
        assert row[0], f"no verification link in the mail to {email}"
        verified = await client.post("/api/v1/auth/verify-email", json={"token": row[0]})
        assert verified.status_code == 200, verified.text
        login = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert login.status_code == 200, login.text
        client.cookies.clear()  # bearer only, so no CSRF header is needed on writes
        client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        created = await client.post(
            "/api/v1/workspaces", json={"name": "Pipeline bench", "approval_required": False}
        )
        assert created.status_code == 201, created.text
        return cls(client, str(created.json()["id"]))

    async def connect(self, handles: Sequence[str], concurrency: int = 16) -> list[str]:
        """Connect sandbox accounts with a bounded pool; returns account ids in the order of `handles`."""
        ids: list[str] = [""] * len(handles)
        next_index = 0

        async def worker() -> None:
            nonlocal next_index
            while next_index < len(handles):
                index = next_index
                next_index += 1
                response = await self.client.post(
                    f"/api/v1/workspaces/{self.workspace}/accounts/connect/sandbox",
                    json={"handle": handles[index]},
                )
                assert response.status_code == 201, response.text
                ids[index] = str(response.json()["id"])

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return ids

    async def post(self, accounts: Sequence[str], text: str, scheduled_at: datetime) -> dict[str, Any]:
        response = await self.client.post(
            f"/api/v1/workspaces/{self.workspace}/posts",
            json={
                "text": text,
                "targets": [{"account_id": a} for a in accounts],
                "scheduled_at": scheduled_at.isoformat(),
            },
        )
        assert response.status_code == 201, response.text[:500]
        body: dict[str, Any] = response.json()
        return body


async def started_api(stack: DevStack, *, timeout: float = 120) -> Api:
    await wait_until_up(stack.base_url, time.monotonic() + 60)
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    client = httpx.AsyncClient(base_url=stack.base_url, limits=limits, timeout=timeout)
    return await Api.sign_up(client, stack.database_url)


def handles(count: int) -> list[str]:
    run = uuid.uuid4().hex[:8]
    return [f"b{run}_{i}" for i in range(count)]


async def sandbox_duplicates(sandbox_url: str) -> tuple[int, int]:
    """(posts received, client references that created more than one post) since the last reset."""
    async with httpx.AsyncClient(base_url=sandbox_url, timeout=30) as client:
        received = (await client.get("/_control/received")).json()
    return len(received["posts"]), len(received["duplicates"])


async def reset_sandbox(sandbox_url: str) -> None:
    async with httpx.AsyncClient(base_url=sandbox_url, timeout=30) as client:
        response = await client.post("/_control/reset", json={"accounts": False})
        response.raise_for_status()


def seconds_between(later: datetime, earlier: datetime) -> float:
    return (later - earlier) / timedelta(seconds=1)
