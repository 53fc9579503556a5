"""Fixtures shared by every tier.

Integration and e2e tests run against the real stack: PostgreSQL (DATABASE_URL or the embedded
server), Azurite and the Cosmos emulator, started here when not already running. Each test run gets
its own database; each test gets its own queue, container and Cosmos database names.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from shared.bootstrap import Container
from shared.config import Settings

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Stack:
    server_url: str  # maintenance database of the PostgreSQL server
    database_url: str  # this run's migrated database
    storage_connection_string: str
    cosmos_endpoint: str
    cosmos_key: str
    cosmos_ca_cert: str


def unique(prefix: str) -> str:
    """A name no other test uses: lowercase letters and digits, valid for queues, containers, databases."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


# Queue names this run handed out: deleted when the run ends, because Azurite slows down as queues
# pile up in its data folder (a burst benchmark ran 2.4x slower on an Azurite the suites had used all day).
_RUN_QUEUES: set[str] = set()
SHARED_QUEUES = frozenset({"publish", "status-check", "analytics", "webhooks"})  # the defaults: never deleted


def _delete_run_queues(connection_string: str) -> None:
    from azure.core.exceptions import ResourceNotFoundError
    from azure.storage.queue import QueueServiceClient

    service = QueueServiceClient.from_connection_string(connection_string)
    for name in sorted(_RUN_QUEUES):
        for queue in (name, f"{name}-poison"):
            with contextlib.suppress(ResourceNotFoundError):
                service.delete_queue(queue)
    _RUN_QUEUES.clear()


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    from shared.db.migrate import apply_migrations
    from tools.emulators.manage import ensure_running
    from tools.pg import create_database, drop_database, server_url

    endpoints = ensure_running(ROOT)
    server = server_url(ROOT)
    name = unique("ck_test_")
    database_url = create_database(server, name)
    apply_migrations(database_url)
    yield Stack(
        server_url=server,
        database_url=database_url,
        storage_connection_string=endpoints.storage_connection_string,
        cosmos_endpoint=endpoints.cosmos_endpoint,
        cosmos_key=endpoints.cosmos_key,
        cosmos_ca_cert=str(endpoints.cosmos_ca_cert),
    )
    drop_database(server, name)
    _delete_run_queues(endpoints.storage_connection_string)


def stack_settings(stack: Stack, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "ENVIRONMENT": "test",
        "DATABASE_URL": stack.database_url,
        "DATABASE_POOL_MIN_SIZE": 0,
        "AzureWebJobsStorage": stack.storage_connection_string,
        "COSMOS_ENDPOINT": stack.cosmos_endpoint,
        "COSMOS_KEY": stack.cosmos_key,
        "COSMOS_CA_CERT": stack.cosmos_ca_cert,
        "COSMOS_DATABASE": unique("ck"),
        "MEDIA_CONTAINER": unique("media"),
        "PUBLISH_QUEUE": unique("publish"),
        # Queues of their own, so a dev host another test started never takes this test's messages.
        "STATUS_CHECK_QUEUE": unique("status"),
        "ANALYTICS_QUEUE": unique("analytics"),
        "HEALTH_CHECK_TIMEOUT_SECONDS": 5,
    }
    values.update(overrides)
    settings = Settings(**values)  # type: ignore[arg-type]
    for queue in (
        settings.publish_queue,
        settings.status_check_queue,
        settings.analytics_queue,
        settings.webhooks_queue,
    ):
        if queue not in SHARED_QUEUES:
            _RUN_QUEUES.add(queue)
    return settings


@pytest.fixture
def settings(stack: Stack) -> Settings:
    return stack_settings(stack)


@pytest.fixture
async def container(settings: Settings) -> AsyncIterator[Container]:
    c = Container(settings)
    yield c
    await c.aclose()


@pytest.fixture(scope="session")
def app_functions() -> list[Any]:
    """The Function app's functions. The SDK allows `get_functions()` once per app object (the host
    calls it once; a second call fails its duplicate-name check), so the suite shares one result."""
    import function_app

    return list(function_app.app.get_functions())


@pytest.fixture
async def api(container: Container) -> AsyncIterator[Any]:
    """The real FastAPI app in process, wired to this test's container (no network, real services)."""
    import httpx

    from functions.api import create_api
    from shared.bootstrap import get_container

    app = create_api()
    app.dependency_overrides[get_container] = lambda: container
    # Each test is its own client address, so per-IP limits of one test don't throttle another.
    address = ".".join(str(b) for b in uuid.uuid4().bytes[:3])
    transport = httpx.ASGITransport(app=app, client=(f"10.{address}", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser specs first: the longest tests, so with two workers (`-n 2`) the rest of the suite
    runs beside them instead of after them."""
    items.sort(key=lambda item: "test_web_browser" not in str(item.fspath))
