"""Request body limits over a real socket: the app under the dev host (uvicorn), a raw HTTP/1.1 client
that controls exactly what is sent and when."""

from __future__ import annotations

import asyncio
import json
import select
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import Stack, stack_settings
from tests.e2e.conftest import dev_host_env, free_port, start_dev_host, stop_dev_host
from tools.localstack import provision

BODY_TIMEOUT = 2
MIB = 1024 * 1024
FIFTY_MB = 50 * MIB
LOGIN = "/api/v1/auth/login"


@pytest.fixture(scope="module")
def port(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    settings = stack_settings(stack)
    asyncio.run(provision(settings))
    env = dev_host_env(
        stack,
        settings,
        "http://127.0.0.1:9",  # no sandbox: nothing here connects an account
        REQUEST_BODY_TIMEOUT_SECONDS=str(BODY_TIMEOUT),
    )
    chosen = free_port()
    process = start_dev_host(chosen, env, tmp_path_factory.mktemp("devhost") / "devhost.log")
    yield chosen
    stop_dev_host(process)


def head(path: str, **headers: str) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], dict[str, Any]]:
    """Status, headers and JSON body of the one response on `sock` (a reset after it is fine)."""
    data = b""
    while b"\r\n\r\n" not in data or len(data) < _expected_length(data):
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    header_block, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = header_block.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in header_lines)}
    return int(status_line.split()[1]), headers, json.loads(body)


def _expected_length(data: bytes) -> int:
    header_block, found, _ = data.partition(b"\r\n\r\n")
    if not found:
        return 1 << 62
    for line in header_block.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            return len(header_block) + 4 + int(value)
    return 1 << 62


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.settimeout(30)
    return sock


def test_a_declared_50_mb_body_is_refused_without_sending_it(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(head(LOGIN, Content_Length=str(FIFTY_MB)))
        status, headers, body = read_response(sock)  # not one byte of the body sent
    assert status == 413
    assert body["error"]["code"] == "payload_too_large"
    assert body["error"]["request_id"] == headers["x-request-id"]
    assert headers["connection"] == "close"


def test_a_chunked_50_mb_body_is_cut_off_near_the_cap(port: int) -> None:
    chunk = b"a" * (64 * 1024)
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    with connect(port) as sock:
        sock.sendall(head(LOGIN, Transfer_Encoding="chunked"))
        sock.sendall(b'10\r\n{"email": "a@b.c\r\n')
        while sent < FIFTY_MB:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break  # the server has answered
            try:
                sock.sendall(frame)
            except (BrokenPipeError, ConnectionResetError):
                break  # it stopped reading and closed
            sent += len(chunk)
        status, _, body = read_response(sock)
    assert status == 413
    assert body["error"]["code"] == "payload_too_large"
    # What was sent before the server answered: the 1 MiB cap plus what the sockets' buffers held.
    print(f"chunked 50 MB body: answered 413 after {sent / MIB:.1f} MiB sent")
    assert sent < 16 * MIB


def test_a_body_that_stops_short_of_its_length_gets_408(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(head(LOGIN, Content_Length="100") + b'{"email": ')
        started = time.monotonic()
        status, _, body = read_response(sock)
        waited = time.monotonic() - started
    assert status == 408
    assert body["error"]["code"] == "request_timeout"
    print(f"stalled body: 408 after {waited:.1f} s (REQUEST_BODY_TIMEOUT_SECONDS={BODY_TIMEOUT})")
    assert waited < 25  # the timeout cut it off; nothing else would have


def test_ordinary_and_malformed_json_bodies_over_http(port: int) -> None:
    base = f"http://127.0.0.1:{port}"
    wrong = httpx.post(
        f"{base}{LOGIN}", json={"email": "nobody@example.com", "password": "x" * 14}, timeout=30
    )
    assert wrong.status_code == 401, wrong.text
    latin1 = httpx.post(
        f"{base}{LOGIN}",
        content='{"email": "café@example.com", "password": "x"}'.encode("latin-1"),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert (latin1.status_code, latin1.json()["error"]["message"]) == (
        422,
        "The body is not valid UTF-8 JSON.",
    )
    form = httpx.post(f"{base}{LOGIN}", data={"email": "a@b.c"}, timeout=30)
    assert (form.status_code, form.json()["error"]["code"]) == (415, "unsupported_media_type")
