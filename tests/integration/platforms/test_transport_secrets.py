"""Transport failures keep nothing of the request: no token, no Authorization header, no URL path.

The httpx exception behind a failed call holds the request (its headers and its URL, where Telegram
puts the bot token and Meta and our media SAS URLs put secrets in the query). `http.send` and
`http.download` must raise errors that carry none of it, however they are inspected (message,
args, repr, the exception chain) and log nothing of it either. Each case goes through the real
functions against a real local server (or a port nothing listens on).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterator

import httpx
import pytest
from aiohttp import web

from shared.platforms.base import AmbiguousError, PlatformError, TransientError
from shared.platforms.http import download, send
from tests.fakes.platforms.base import FakePlatform

TOKEN = "123456789:AAFakeBotTokenThatMustNeverLeak_xyz0123"
BEARER = "at-secret-bearer-token-never-to-be-seen"
SAS = "sig=SecretSasSignatureNeverToBeSeen%3D"
SECRETS = (TOKEN, BEARER, SAS, "SecretSasSignature", "Authorization", "Bearer ")


class Slow(FakePlatform):
    """Answers every request, but only after longer than the client waits."""

    name = "slow"

    def add_routes(self, app: web.Application) -> None:
        async def slow(request: web.Request) -> web.Response:
            await asyncio.sleep(2)
            return web.json_response({"ok": True, "result": {}})

        app.router.add_route("*", "/{tail:.*}", slow)


@pytest.fixture(scope="module")
def slow() -> Iterator[Slow]:
    server = Slow()
    server.start()
    yield server
    server.stop()


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def everything_said(error: BaseException) -> str:
    """All an exception can tell, following its chain: text, args, repr, detail, cause and context."""
    seen: list[str] = []
    todo: list[BaseException | None] = [error]
    visited: set[int] = set()
    while todo:
        current = todo.pop()
        if current is None or id(current) in visited:
            continue
        visited.add(id(current))
        seen += [str(current), repr(current), *map(repr, current.args)]
        if isinstance(current, PlatformError):
            seen += [current.message, current.detail, current.code]
        todo += [current.__cause__, current.__context__]
    return "\n".join(seen)


def assert_clean(error: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    assert error.__cause__ is None
    assert error.__context__ is None
    said = everything_said(error)
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    for secret in SECRETS:
        assert secret not in said, f"{secret!r} in the error: {said}"
        assert secret not in logged, f"{secret!r} in the logs: {logged}"


def telegram_url(base: str) -> str:
    return f"{base}/bot{TOKEN}/sendMessage?access_token={BEARER}"


@pytest.mark.parametrize("creates", [True, False])
async def test_a_connect_failure_carries_no_secret(creates: bool, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with httpx.AsyncClient(timeout=2.0) as client:
        with pytest.raises(TransientError) as caught:
            await send(
                client,
                "POST",
                telegram_url(f"http://127.0.0.1:{closed_port()}"),
                creates=creates,
                name="Telegram",
                json={"text": "hi"},
                headers={"Authorization": f"Bearer {BEARER}"},
            )
    assert_clean(caught.value, caplog)
    assert "ConnectError" in caught.value.detail
    assert "127.0.0.1" in caught.value.detail
    assert "/bot" not in caught.value.detail


@pytest.mark.parametrize(("creates", "kind"), [(True, AmbiguousError), (False, TransientError)])
async def test_a_read_timeout_carries_no_secret(
    slow: Slow, creates: bool, kind: type[PlatformError], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with httpx.AsyncClient(timeout=httpx.Timeout(0.3, connect=2.0)) as client:
        with pytest.raises(kind) as caught:
            await send(
                client,
                "POST",
                telegram_url(slow.base_url),
                creates=creates,
                name="Telegram",
                json={"text": "hi"},
                headers={"Authorization": f"Bearer {BEARER}"},
            )
    assert slow.calls("POST", r"/bot")  # it was sent: the answer is what was lost
    assert_clean(caught.value, caplog)
    assert "ReadTimeout" in caught.value.detail


async def test_a_media_download_failure_carries_no_sas(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with httpx.AsyncClient(timeout=2.0) as client:
        with pytest.raises(TransientError) as caught:
            await download(client, f"http://127.0.0.1:{closed_port()}/media/a/original?sv=2024&{SAS}")
    assert_clean(caught.value, caplog)
    assert caught.value.code == "media_unavailable"


async def test_a_failure_raised_while_handling_another_keeps_only_ours(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Inside a caller's `except`, the chain may name the caller's error, never the httpx one."""
    caplog.set_level(logging.DEBUG)
    async with httpx.AsyncClient(timeout=2.0) as client:
        try:
            raise AmbiguousError("an earlier platform answer")
        except AmbiguousError:
            with pytest.raises(TransientError) as caught:
                await send(
                    client,
                    "GET",
                    telegram_url(f"http://127.0.0.1:{closed_port()}"),
                    creates=False,
                    name="Telegram",
                    headers={"Authorization": f"Bearer {BEARER}"},
                )
    assert isinstance(caught.value.__context__, AmbiguousError)
    assert not isinstance(caught.value.__context__.__context__, httpx.HTTPError)
    said = everything_said(caught.value)
    assert TOKEN not in said
    assert BEARER not in said
