"""The error contract, exercised through the real FastAPI app in process (no I/O)."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, Field

from functions.api import create_api
from shared.domain import errors


class Thing(BaseModel):
    name: str = Field(min_length=1)
    count: int


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    api: FastAPI = create_api()

    @api.get("/api/test/boom")
    async def boom() -> None:
        raise RuntimeError("database password is hunter2")

    @api.post("/api/test/things")
    async def create_thing(thing: Thing) -> Thing:
        return thing

    @api.get("/api/test/limited")
    async def limited() -> None:
        raise errors.RateLimited("Slow down.", retry_after_seconds=30)

    @api.get("/api/test/missing")
    async def missing() -> None:
        raise errors.NotFound("No such post.")

    transport = httpx.ASGITransport(app=api, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


def assert_error_shape(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "details", "request_id"}
    assert error["code"] == code
    assert error["message"]
    assert error["request_id"] == response.headers["x-request-id"]
    return error  # type: ignore[no-any-return]


async def test_unknown_route_is_404(client: httpx.AsyncClient) -> None:
    error = assert_error_shape(await client.get("/api/nowhere"), 404, "not_found")
    assert "/api/nowhere" in str(error["message"])


async def test_wrong_method_is_405(client: httpx.AsyncClient) -> None:
    error = assert_error_shape(await client.delete("/api/health"), 405, "method_not_allowed")
    assert "DELETE" in str(error["message"])


async def test_validation_error_lists_field_paths(client: httpx.AsyncClient) -> None:
    error = assert_error_shape(
        await client.post("/api/test/things", json={"name": ""}), 422, "validation_failed"
    )
    fields = {d["field"] for d in error["details"]}  # type: ignore[attr-defined]
    assert fields == {"body.name", "body.count"}


async def test_malformed_json_is_a_client_error(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/test/things", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_error_shape(response, 422, "validation_failed")


async def test_unexpected_exception_is_500_without_internals(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/test/boom")
    error = assert_error_shape(response, 500, "internal_error")
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert len(str(error["request_id"])) == 32


async def test_domain_errors_map_to_statuses(client: httpx.AsyncClient) -> None:
    assert_error_shape(await client.get("/api/test/missing"), 404, "not_found")
    response = await client.get("/api/test/limited")
    error = assert_error_shape(response, 429, "rate_limited")
    assert response.headers["retry-after"] == "30"
    assert error["details"] == {"retry_after_seconds": 30}


async def test_request_id_is_echoed_when_safe_and_replaced_when_not(client: httpx.AsyncClient) -> None:
    ok = await client.get("/api/nowhere", headers={"X-Request-ID": "client-supplied-id-123"})
    assert ok.headers["x-request-id"] == "client-supplied-id-123"
    forged = await client.get("/api/nowhere", headers={"X-Request-ID": "bad id\nINFO fake log line"})
    assert forged.headers["x-request-id"] != "bad id\nINFO fake log line"
    assert len(forged.headers["x-request-id"]) == 32


async def test_docs_are_served_without_a_cdn(client: httpx.AsyncClient) -> None:
    page = await client.get("/api/docs")
    assert page.status_code == 200
    assert "https://" not in page.text
    assert "/api/docs/static/swagger-ui-bundle.js" in page.text
    for asset in ("/api/docs/static/swagger-ui-bundle.js", "/api/docs/static/swagger-ui.css"):
        response = await client.get(asset)
        assert response.status_code == 200, asset
        assert len(response.content) > 10_000
    schema = (await client.get("/api/openapi.json")).json()
    assert "/api/health" in schema["paths"]


async def test_the_api_leaves_the_front_door_to_the_web_app(client: httpx.AsyncClient) -> None:
    # "/" is the web app's (served beside /api by Static Web Apps, or the dev host): the API has none.
    response = await client.get("/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
