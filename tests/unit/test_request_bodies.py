"""Request bodies through the real app in process: size, time, Content-Type and encoding (no I/O)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from pydantic import BaseModel

from functions.api import create_api
from functions.api.bodies import body_limit
from shared.bootstrap import Container, get_container
from shared.config import Settings

CAP = 64 * 1024
TIMEOUT = 0.5
CHUNK = 16 * 1024
FIFTY_MB = 50 * 1024 * 1024


class Note(BaseModel):
    text: str


@pytest.fixture
def app() -> FastAPI:
    api = create_api()
    settings = Settings(  # type: ignore[call-arg]
        ENVIRONMENT="test", REQUEST_MAX_BODY_BYTES=CAP, REQUEST_BODY_TIMEOUT_SECONDS=TIMEOUT
    )
    container = Container(settings)
    api.dependency_overrides[get_container] = lambda: container

    @api.post("/api/test/notes")
    async def create_note(note: Note) -> Note:
        return note

    @api.post("/api/test/optional")
    async def optional(note: Note | None = None) -> dict[str, bool]:
        return {"got": note is not None}

    @api.post("/api/test/upload", dependencies=[body_limit(4 * CAP, "four caps")])
    async def upload(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    return api


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=30) as c:
        yield c


def error_of(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert set(error) == {"code", "message", "details", "request_id"}
    assert error["code"] == code
    assert error["request_id"] == response.headers["x-request-id"]
    return error


class Counted:
    """A body of `total` bytes, produced on demand, that records how much of it was taken."""

    def __init__(self, total: int, *, start: bytes = b"") -> None:
        self.total = total
        self.start = start
        self.taken = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.start:
            self.taken += len(self.start)
            yield self.start
        while self.taken < self.total:
            self.taken += CHUNK
            yield b"a" * CHUNK


async def test_a_normal_json_body_is_read(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/test/notes", json={"text": "hello ☕"})
    assert response.status_code == 200, response.text
    assert response.json() == {"text": "hello ☕"}


async def test_a_declared_50_mb_body_is_refused_before_a_byte_is_read(client: httpx.AsyncClient) -> None:
    body = Counted(FIFTY_MB)
    response = await client.post(
        "/api/test/notes",
        content=body,
        headers={"content-type": "application/json", "content-length": str(FIFTY_MB)},
    )
    error = error_of(response, 413, "payload_too_large")
    assert error["details"] == {"max_bytes": CAP}
    assert response.headers["connection"] == "close"
    assert body.taken <= CHUNK  # at most what the transport pulls before the app runs


async def test_a_chunked_50_mb_body_stops_being_read_at_the_cap(client: httpx.AsyncClient) -> None:
    body = Counted(FIFTY_MB, start=b'{"text": "')
    response = await client.post(
        "/api/test/notes", content=body, headers={"content-type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    error_of(response, 413, "payload_too_large")
    assert body.taken <= CAP + 2 * CHUNK


async def test_an_operation_with_its_own_limit_takes_more(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/test/upload", content=b"x" * (3 * CAP))
    assert response.status_code == 200, response.text
    assert response.json() == {"size": 3 * CAP}
    over = Counted(FIFTY_MB)
    error = error_of(await client.post("/api/test/upload", content=over), 413, "payload_too_large")
    assert error["details"] == {"max_bytes": 4 * CAP}
    assert over.taken <= 4 * CAP + 2 * CHUNK


async def test_a_body_that_stops_short_of_its_length_times_out(client: httpx.AsyncClient) -> None:
    async def stalls() -> AsyncIterator[bytes]:
        yield b'{"text": "'
        await asyncio.sleep(60)  # never sends the rest
        yield b'"}'

    started = time.monotonic()
    response = await client.post(
        "/api/test/notes",
        content=stalls(),
        headers={"content-type": "application/json", "content-length": "100"},
    )
    error = error_of(response, 408, "request_timeout")
    assert error["details"] == {"timeout_seconds": TIMEOUT}
    assert time.monotonic() - started < 30  # cut off by the timeout, not by the sleep ending


async def test_a_trickling_body_times_out(client: httpx.AsyncClient) -> None:
    sent = 0

    async def trickles() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'{"text": "'
        for _ in range(1000):  # 1000 bytes over 20 s: each byte in time, the whole far too slow
            await asyncio.sleep(0.02)
            sent += 1
            yield b"a"
        yield b'"}'

    response = await client.post(
        "/api/test/notes", content=trickles(), headers={"content-type": "application/json"}
    )
    error_of(response, 408, "request_timeout")
    assert sent < 1000


async def test_a_body_that_is_not_utf8_is_a_documented_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/test/notes",
        content='{"text": "café"}'.encode("latin-1"),
        headers={"content-type": "application/json"},
    )
    error = error_of(response, 422, "validation_failed")
    assert error["message"] == "The body is not valid UTF-8 JSON."
    assert error["details"][0]["field"] == "body"
    assert error["details"][0]["type"] == "utf8_invalid"
    assert "byte 13" in error["details"][0]["message"]


async def test_utf8_split_across_chunks_is_fine(client: httpx.AsyncClient) -> None:
    encoded = '{"text": "☕☕"}'.encode()

    async def split() -> AsyncIterator[bytes]:
        for i in range(len(encoded)):  # every multi-byte character cut in the middle
            yield encoded[i : i + 1]

    response = await client.post(
        "/api/test/notes", content=split(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"text": "☕☕"}


async def test_malformed_json_is_a_documented_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/test/notes", content=b'{"text": ', headers={"content-type": "application/json"}
    )
    error = error_of(response, 422, "validation_failed")
    assert error["message"] == "The body is not valid JSON."
    assert error["details"][0]["field"] == "body"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
async def test_a_json_operation_refuses_another_content_type(
    client: httpx.AsyncClient, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = await client.post("/api/test/notes", content=b'{"text": "hi"}', headers=headers)
    error_of(response, 415, "unsupported_media_type")
    vendor = await client.post(
        "/api/test/notes",
        content=b'{"text": "hi"}',
        headers={"content-type": "application/vnd.x+json; charset=utf-8"},
    )
    assert vendor.status_code == 200, vendor.text


async def test_an_empty_body_is_left_to_the_operation(client: httpx.AsyncClient) -> None:
    assert (await client.post("/api/test/optional")).json() == {"got": False}
    missing = await client.post("/api/test/notes")
    assert error_of(missing, 422, "validation_failed")["details"][0]["type"] == "missing"


def test_every_operation_with_a_body_documents_the_body_errors() -> None:
    schema = create_api().openapi()
    checked = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "requestBody" not in operation:
                continue
            checked += 1
            responses = operation["responses"]
            statuses = {"413", "408"}
            if "application/json" in operation["requestBody"]["content"]:
                statuses |= {"415", "422"}
                assert "UTF-8" in responses["422"]["description"], (method, path)
            if "multipart/form-data" in operation["requestBody"]["content"]:
                statuses |= {"400"}
            for status in statuses:
                assert status in responses, (method, path, status)
                ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorResponse", (method, path, status)
    assert checked >= 30
    assert "ErrorResponse" in schema["components"]["schemas"]
    assert "HTTPValidationError" not in json.dumps(schema)  # every 422 has the one error shape
    media = schema["paths"]["/api/v1/workspaces/{ws}/media"]["post"]["responses"]
    assert "MEDIA_MULTIPART_MAX_BYTES" in media["413"]["description"]
