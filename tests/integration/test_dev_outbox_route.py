"""GET /api/dev/outbox through the real app: open in development, a plain 404 anywhere else."""

from collections.abc import AsyncIterator

import httpx
import pytest

from functions.api import create_api
from shared.bootstrap import Container, get_container
from tests.conftest import Stack, stack_settings, unique

LINK = "https://app.clickkloudy.test/verify?token=t0k3n"


async def client_for(container: Container) -> httpx.AsyncClient:
    api = create_api()
    api.dependency_overrides[get_container] = lambda: container
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=api), base_url="http://test")


@pytest.fixture
async def dev_container(stack: Stack) -> AsyncIterator[Container]:
    container = Container(stack_settings(stack, ENVIRONMENT="development"))
    yield container
    await container.aclose()


async def test_outbox_lists_messages_newest_first_in_development(dev_container: Container) -> None:
    address = f"{unique('route')}@example.test"
    await dev_container.mailer.send_verification(address, "Ada <b>", LINK)
    await dev_container.mailer.send_password_reset(address, "Ada <b>", LINK, 30)
    async with await client_for(dev_container) as client:
        response = await client.get("/api/dev/outbox", params={"to": address})
        limited = await client.get("/api/dev/outbox", params={"to": address, "limit": 1})
        too_many = await client.get("/api/dev/outbox", params={"limit": 201})
        schema = await client.get("/api/openapi.json")
    assert response.status_code == 200, response.text
    body = response.json()
    assert [m["template"] for m in body] == ["password_reset", "verify_email"]
    newest = body[0]
    assert set(newest) == {
        "id",
        "created_at",
        "to",
        "subject",
        "template",
        "text_body",
        "html_body",
        "attachments",
    }
    assert newest["attachments"] == []
    assert newest["to"] == address
    assert newest["subject"] == "Reset your clickKloudy password"
    assert LINK in newest["text_body"]
    assert "Ada &lt;b&gt;" in newest["html_body"]
    assert [m["id"] for m in limited.json()] == [newest["id"]]
    assert too_many.status_code == 422
    assert too_many.json()["error"]["code"] == "validation_failed"
    assert "/api/dev/outbox" not in schema.json()["paths"]


@pytest.mark.parametrize("environment", ["test", "production"])
async def test_outbox_is_not_found_outside_development(stack: Stack, environment: str) -> None:
    overrides: dict[str, object] = {"ENVIRONMENT": environment}
    if environment == "production":
        overrides |= {
            "EMAIL_BACKEND": "smtp",
            "JWT_SIGNING_KEY": "k" * 40,
            "TOKEN_ENCRYPTION_KEY": "e" * 40,
            "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=eA==",
            "COSMOS_KEY": "",
        }
    container = Container(stack_settings(stack, **overrides))
    try:
        async with await client_for(container) as client:
            responses = [
                await client.get("/api/dev/outbox"),
                # Even an invalid query answers 404: nothing tells that the route exists.
                await client.get("/api/dev/outbox", params={"limit": 0}),
            ]
    finally:
        await container.aclose()
    for response in responses:
        assert response.status_code == 404, response.text
        error = response.json()["error"]
        assert error["code"] == "not_found"
        assert error["message"] == "No resource at /api/dev/outbox."
        assert error["request_id"] == response.headers["x-request-id"]
