"""GET /api/health over the real app and the real local services."""

from collections.abc import AsyncIterator

import httpx
import pytest

from functions.api import create_api
from shared.bootstrap import Container, get_container
from shared.config import Settings
from tests.conftest import Stack, stack_settings

# A loopback port nothing listens on: connections are refused at once, like a stopped service.
DEAD = "127.0.0.1:9"


async def get_health(settings: Settings) -> httpx.Response:
    container = Container(settings)
    api = create_api()
    api.dependency_overrides[get_container] = lambda: container
    try:
        transport = httpx.ASGITransport(app=api)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/api/health")
    finally:
        await container.aclose()


@pytest.fixture
async def provisioned(stack: Stack) -> AsyncIterator[Settings]:
    settings = stack_settings(stack)
    container = Container(settings)
    await container.cosmos.create_schema()
    yield settings
    await container.cosmos.delete_database()
    await container.aclose()


async def test_all_components_up(provisioned: Settings) -> None:
    response = await get_health(provisioned)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "up"
    assert body["down"] == []
    assert set(body["components"]) == {"postgres", "blob", "queue", "cosmos"}
    for name, component in body["components"].items():
        assert component["status"] == "up", name
        assert component["latency_ms"] > 0
    assert response.headers["x-request-id"]


@pytest.mark.parametrize(
    ("component", "override"),
    [
        ("postgres", {"DATABASE_URL": f"postgresql://postgres@{DEAD}/postgres?connect_timeout=2"}),
        (
            "blob",
            {
                "AzureWebJobsStorage": f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                f"AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                f"BlobEndpoint=http://{DEAD}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1"
            },
        ),
        (
            "queue",
            {
                "AzureWebJobsStorage": f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                f"AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                f"BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://{DEAD}/devstoreaccount1"
            },
        ),
        ("cosmos", {"COSMOS_ENDPOINT": f"https://{DEAD}"}),
    ],
)
async def test_a_stopped_component_is_named_with_503(
    stack: Stack, provisioned: Settings, component: str, override: dict[str, str]
) -> None:
    same_resources = {
        "COSMOS_DATABASE": provisioned.cosmos_database,
        "MEDIA_CONTAINER": provisioned.media_container,
    }
    settings = stack_settings(stack, HEALTH_CHECK_TIMEOUT_SECONDS=4, **{**same_resources, **override})
    response = await get_health(settings)
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["status"] == "down"
    assert body["down"] == [component]
    assert body["components"][component]["error"]
    assert "AccountKey" not in response.text
    assert all(c["status"] == "up" for name, c in body["components"].items() if name != component)
