"""The sandbox platform over real HTTP: every point of the contract in tools/sandbox/README.md.

Each test gets its own server (in process, on a free loopback port) with a controllable clock, so
tokens expire and rate windows roll without sleeping, and tests never see each other's posts.
"""

from __future__ import annotations

import asyncio
import math
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from tools.sandbox import manage
from tools.sandbox.server import create_app

TOKEN_TTL = 600


class FakeClock:
    """Epoch seconds that only move when the test says so."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def to_window_start(self) -> None:
        """Move to the first second of the next 60-s window, so a test owns a whole window."""
        self.now = (math.floor(self.now / 60) + 1) * 60 + 0.25


@dataclass
class Running:
    url: str
    clock: FakeClock
    http: httpx.AsyncClient

    async def connect(self, handle: str, **extra: Any) -> dict[str, Any]:
        response = await self.http.post("/accounts", json={"handle": handle, **extra})
        assert response.status_code in (200, 201), response.text
        body: dict[str, Any] = response.json()
        return body

    async def post(
        self, token: str, text: str = "hello", *, headers: dict[str, str] | None = None, **body: Any
    ) -> httpx.Response:
        return await self.http.post(
            "/posts",
            json={"text": text, **body},
            headers={"Authorization": f"Bearer {token}", **(headers or {})},
        )

    async def fault(self, **spec: Any) -> dict[str, Any]:
        response = await self.http.post("/_control/faults", json=spec)
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    async def received(self) -> dict[str, Any]:
        body: dict[str, Any] = (await self.http.get("/_control/received")).json()
        return body

    async def stats(self) -> dict[str, Any]:
        body: dict[str, Any] = (await self.http.get("/_control/stats")).json()
        return body


Starter = Callable[..., Awaitable[Running]]


@pytest.fixture
async def start_sandbox() -> AsyncIterator[Starter]:
    runners: list[web.AppRunner] = []
    clients: list[httpx.AsyncClient] = []

    async def start(**options: Any) -> Running:
        clock = FakeClock()
        options.setdefault("token_ttl_seconds", TOKEN_TTL)
        runner = web.AppRunner(create_app(clock=clock, **options), access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        runners.append(runner)
        url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        http = httpx.AsyncClient(base_url=url, timeout=10)
        clients.append(http)
        return Running(url, clock, http)

    yield start
    for client in clients:
        await client.aclose()
    for runner in runners:
        await runner.cleanup()


@pytest.fixture
async def sb(start_sandbox: Starter) -> Running:
    return await start_sandbox()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# ----------------------------------------------------------------------------- accounts and tokens


async def test_connect_creates_then_reconnects_with_the_same_id_and_new_tokens(sb: Running) -> None:
    first = await sb.http.post("/accounts", json={"handle": "alice.w_1"})
    assert first.status_code == 201
    created = first.json()
    assert set(created) == {"id", "handle", "access_token", "refresh_token", "expires_in", "url"}
    assert created["handle"] == "alice.w_1"
    assert created["expires_in"] == TOKEN_TTL
    assert created["url"] == f"{sb.url}/@alice.w_1"
    assert first.headers["Cache-Control"] == "no-store"

    again = await sb.http.post("/accounts", json={"handle": "alice.w_1"})
    assert again.status_code == 200
    reconnected = again.json()
    assert reconnected["id"] == created["id"]
    assert reconnected["access_token"] != created["access_token"]
    assert reconnected["refresh_token"] != created["refresh_token"]
    # The earlier grant stays valid, like a second OAuth consent on a real platform.
    for token in (created["access_token"], reconnected["access_token"]):
        assert (await sb.http.get("/posts", headers=bearer(token))).status_code == 200

    other = await sb.connect("bob")
    assert other["id"] != created["id"]


@pytest.mark.parametrize("handle", ["", "Alice", "a" * 31, "al-ice", "al ice", 42])
async def test_connect_refuses_bad_handles(sb: Running, handle: object) -> None:
    response = await sb.http.post("/accounts", json={"handle": handle})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_handle"


async def test_connect_refuses_malformed_bodies(sb: Running) -> None:
    response = await sb.http.post(
        "/accounts", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")
    response = await sb.http.post("/accounts", json={"handle": "carol", "idempotency": "yes"})
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")


@pytest.mark.parametrize(
    ("headers", "error"),
    [
        ({}, "invalid_token"),
        ({"Authorization": "Bearer nope"}, "invalid_token"),
        ({"Authorization": "Basic abc"}, "invalid_token"),
    ],
)
async def test_missing_or_unknown_token_is_401_invalid_token(
    sb: Running, headers: dict[str, str], error: str
) -> None:
    for method, path in (("GET", "/posts"), ("POST", "/posts"), ("POST", "/media"), ("GET", "/posts/1")):
        response = await sb.http.request(method, path, headers=headers)
        assert response.status_code == 401, (method, path)
        assert response.json()["error"] == error
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


async def test_access_token_expires_after_its_ttl(sb: Running) -> None:
    account = await sb.connect("dora")
    token = account["access_token"]
    sb.clock.advance(TOKEN_TTL - 1)
    assert (await sb.http.get("/posts", headers=bearer(token))).status_code == 200
    sb.clock.advance(1)
    expired = await sb.http.get("/posts", headers=bearer(token))
    assert (expired.status_code, expired.json()["error"]) == (401, "token_expired")
    created = await sb.post(token)
    assert (created.status_code, created.json()["error"]) == (401, "token_expired")


async def test_refresh_rotates_the_refresh_token_and_counts_calls(sb: Running) -> None:
    account = await sb.connect("erin")
    sb.clock.advance(TOKEN_TTL + 5)
    assert (await sb.post(account["access_token"])).json()["error"] == "token_expired"

    refreshed = await sb.http.post(
        "/oauth/token", data={"grant_type": "refresh_token", "refresh_token": account["refresh_token"]}
    )
    assert refreshed.status_code == 200
    pair = refreshed.json()
    assert pair["expires_in"] == TOKEN_TTL
    assert pair["refresh_token"] != account["refresh_token"]
    assert (await sb.post(pair["access_token"])).status_code == 201

    reused = await sb.http.post(
        "/oauth/token", data={"grant_type": "refresh_token", "refresh_token": account["refresh_token"]}
    )
    assert (reused.status_code, reused.json()["error"]) == (400, "invalid_grant")
    unknown = await sb.http.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": "x"})
    assert (unknown.status_code, unknown.json()["error"]) == (400, "invalid_grant")

    again = await sb.http.post(
        "/oauth/token", data={"grant_type": "refresh_token", "refresh_token": pair["refresh_token"]}
    )
    assert again.status_code == 200

    stats = await sb.stats()
    assert stats["token_refreshes"] == {"erin": 3}  # two good calls and the reuse
    assert stats["token_refreshes_rejected"] == {"erin": 1}


async def test_refresh_refuses_other_grants_and_missing_tokens(sb: Running) -> None:
    wrong = await sb.http.post("/oauth/token", data={"grant_type": "password", "refresh_token": "x"})
    assert (wrong.status_code, wrong.json()["error"]) == (400, "unsupported_grant_type")
    missing = await sb.http.post("/oauth/token", data={"grant_type": "refresh_token"})
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")
    as_json = await sb.http.post("/oauth/token", json={"grant_type": "refresh_token", "refresh_token": "x"})
    assert (as_json.status_code, as_json.json()["error"]) == (400, "invalid_request")
    assert "form-encoded" in as_json.json()["message"]


async def test_control_can_expire_tokens_now(sb: Running) -> None:
    account = await sb.connect("fern")
    response = await sb.http.post("/_control/accounts/fern", json={"expire_tokens_now": True})
    assert response.status_code == 200
    assert response.json()["handle"] == "fern"
    expired = await sb.post(account["access_token"])
    assert (expired.status_code, expired.json()["error"]) == (401, "token_expired")
    # The refresh token survives, so the normal recovery works.
    refreshed = await sb.http.post(
        "/oauth/token", data={"grant_type": "refresh_token", "refresh_token": account["refresh_token"]}
    )
    assert (await sb.post(refreshed.json()["access_token"])).status_code == 201
    unknown = await sb.http.post("/_control/accounts/nobody", json={"expire_tokens_now": True})
    assert (unknown.status_code, unknown.json()["error"]) == (404, "not_found")


# ----------------------------------------------------------------------------- media and posts


async def test_media_upload_and_use_in_a_post(sb: Running) -> None:
    alice = await sb.connect("alice")
    bob = await sb.connect("bob")
    auth = bearer(alice["access_token"])
    upload = await sb.http.post(
        "/media", content=b"\x89PNG" + bytes(1000), headers={**auth, "Content-Type": "image/png"}
    )
    assert upload.status_code == 201
    media_id = upload.json()["media_id"]
    video = await sb.http.post("/media", content=b"v" * 10, headers={**auth, "Content-Type": "video/mp4"})
    assert video.status_code == 201

    created = await sb.post(
        alice["access_token"], "with pictures", media_ids=[media_id, video.json()["media_id"]]
    )
    assert created.status_code == 201
    fetched = await sb.http.get(f"/posts/{created.json()['id']}", headers=auth)
    assert fetched.json()["media_ids"] == [media_id, video.json()["media_id"]]

    unknown = await sb.post(alice["access_token"], media_ids=["nope"])
    assert (unknown.status_code, unknown.json()["error"]) == (422, "invalid_media")
    not_bobs = await sb.post(bob["access_token"], media_ids=[media_id])
    assert (not_bobs.status_code, not_bobs.json()["error"]) == (422, "invalid_media")


async def test_media_refuses_wrong_type_empty_and_oversized_uploads(sb: Running) -> None:
    auth = bearer((await sb.connect("gail"))["access_token"])
    text = await sb.http.post("/media", content=b"hi", headers={**auth, "Content-Type": "text/plain"})
    assert (text.status_code, text.json()["error"]) == (415, "unsupported_media_type")
    empty = await sb.http.post("/media", content=b"", headers={**auth, "Content-Type": "image/jpeg"})
    assert (empty.status_code, empty.json()["error"]) == (422, "invalid_media")

    async def too_much() -> AsyncIterator[bytes]:
        chunk = bytes(1024 * 1024)
        for _ in range(50):
            yield chunk
        yield b"!"

    # Chunked, so the size is only known by counting: the server must stop at 50 MB + 1 byte.
    large = await sb.http.post("/media", content=too_much(), headers={**auth, "Content-Type": "video/mp4"})
    assert (large.status_code, large.json()["error"]) == (413, "media_too_large")
    assert (await sb.received())["posts"] == []


async def test_create_and_read_posts(sb: Running) -> None:
    alice = await sb.connect("alice")
    token = alice["access_token"]
    created = await sb.post(token, "first", headers={"X-Client-Reference": "target-1"})
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"id", "url", "created_at"}
    assert body["url"] == f"{sb.url}/@alice/posts/{body['id']}"
    assert body["created_at"].endswith("Z")
    assert created.headers["X-RateLimit-Limit"] == "600"
    assert created.headers["X-RateLimit-Remaining"] == "599"

    ids = [body["id"]]
    for text in ("second", "third"):
        ids.append((await sb.post(token, text)).json()["id"])
    assert len(set(ids)) == 3

    listed = await sb.http.get("/posts", headers=bearer(token))
    posts = listed.json()
    assert [p["id"] for p in posts] == ids[::-1]
    assert set(posts[-1]) == {"id", "url", "text", "media_ids", "created_at", "client_reference"}
    assert posts[-1]["client_reference"] == "target-1"
    assert posts[0]["client_reference"] is None
    limited = await sb.http.get("/posts", params={"limit": 2}, headers=bearer(token))
    assert [p["text"] for p in limited.json()] == ["third", "second"]
    for bad in ("0", "abc", "1001"):
        response = await sb.http.get("/posts", params={"limit": bad}, headers=bearer(token))
        assert (response.status_code, response.json()["error"]) == (400, "invalid_request")

    one = await sb.http.get(f"/posts/{ids[0]}", headers=bearer(token))
    assert one.json()["text"] == "first"
    missing = await sb.http.get("/posts/123", headers=bearer(token))
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")

    # Another account sees neither the post nor it in its list.
    bob = await sb.connect("bob")
    assert (await sb.http.get(f"/posts/{ids[0]}", headers=bearer(bob["access_token"]))).status_code == 404
    assert (await sb.http.get("/posts", headers=bearer(bob["access_token"]))).json() == []


async def test_text_limit_and_body_validation(sb: Running) -> None:
    token = (await sb.connect("hank"))["access_token"]
    assert (await sb.post(token, "é" * 5000)).status_code == 201
    too_long = await sb.post(token, "x" * 5001)
    assert too_long.status_code == 422
    assert too_long.json()["error"] == "text_too_long"
    assert "5,000" in too_long.json()["message"]
    empty = await sb.post(token, "")
    assert (empty.status_code, empty.json()["error"]) == (422, "empty_post")
    wrong_type = await sb.http.post("/posts", json={"text": 5}, headers=bearer(token))
    assert (wrong_type.status_code, wrong_type.json()["error"]) == (400, "invalid_request")
    wrong_media = await sb.http.post("/posts", json={"text": "x", "media_ids": "m1"}, headers=bearer(token))
    assert (wrong_media.status_code, wrong_media.json()["error"]) == (400, "invalid_request")
    assert len((await sb.received())["posts"]) == 1


async def test_delete_post(sb: Running) -> None:
    token = (await sb.connect("ivy"))["access_token"]
    post_id = (await sb.post(token, "to delete")).json()["id"]
    deleted = await sb.http.delete(f"/posts/{post_id}", headers=bearer(token))
    assert deleted.status_code == 204
    assert (await sb.http.get(f"/posts/{post_id}", headers=bearer(token))).status_code == 404
    assert (await sb.http.get("/posts", headers=bearer(token))).json() == []
    again = await sb.http.delete(f"/posts/{post_id}", headers=bearer(token))
    assert (again.status_code, again.json()["error"]) == (404, "not_found")
    # The platform still received it: deletion does not rewrite history.
    received = await sb.received()
    assert [(p["id"], p["deleted"]) for p in received["posts"]] == [(post_id, True)]


async def test_html_pages(sb: Running) -> None:
    token = (await sb.connect("jules"))["access_token"]
    post = (await sb.post(token, "<b>hi</b> & bye")).json()
    async with httpx.AsyncClient(timeout=10) as browser:
        profile = await browser.get(f"{sb.url}/@jules")
        assert profile.status_code == 200
        assert profile.headers["Content-Type"].startswith("text/html")
        assert "&lt;b&gt;hi&lt;/b&gt; &amp; bye" in profile.text  # escaped, not rendered
        assert post["url"] in profile.text
        page = await browser.get(post["url"])
        assert page.status_code == 200
        assert "&lt;b&gt;hi&lt;/b&gt;" in page.text
        assert (await browser.get(f"{sb.url}/@nobody")).status_code == 404
        assert (await browser.get(f"{sb.url}/@jules/posts/1")).status_code == 404
        index = await browser.get(sb.url + "/")
        assert 'href="/@jules"' in index.text


async def test_unknown_routes_and_methods_answer_json(sb: Running) -> None:
    missing = await sb.http.get("/nothing/here")
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    wrong_method = await sb.http.put("/posts")
    assert (wrong_method.status_code, wrong_method.json()["error"]) == (405, "method_not_allowed")


# ----------------------------------------------------------------------------- idempotency


async def test_idempotency_key_returns_the_original_post(sb: Running) -> None:
    token = (await sb.connect("kim"))["access_token"]
    headers = {"Idempotency-Key": "target-7:attempt", "X-Client-Reference": "target-7"}
    first = await sb.post(token, "once", headers=headers)
    second = await sb.post(token, "once", headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert "X-RateLimit-Remaining" in second.headers

    # Concurrent retries of the same key still make one post.
    replies = await asyncio.gather(
        *(sb.post(token, "burst", headers={"Idempotency-Key": "k2"}) for _ in range(20))
    )
    assert sorted(r.status_code for r in replies) == [200] * 19 + [201]
    assert len({r.json()["id"] for r in replies}) == 1

    received = await sb.received()
    assert received["by_handle"] == {"kim": 2}
    assert received["duplicates"] == []
    assert received["posts"][0]["idempotency_key"] == "target-7:attempt"


async def test_idempotency_keys_are_per_account_and_last_24_hours(sb: Running) -> None:
    alice = (await sb.connect("alice"))["access_token"]
    bob = (await sb.connect("bob"))["access_token"]
    key = {"Idempotency-Key": "same"}
    a = await sb.post(alice, headers=key)
    b = await sb.post(bob, headers=key)
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["id"] != b.json()["id"]

    sb.clock.advance(24 * 3600 - 1)
    fresh = (await sb.connect("alice"))["access_token"]  # the old token has expired by now
    assert (await sb.post(fresh, headers=key)).status_code == 200
    sb.clock.advance(2)
    assert (await sb.post(fresh, headers=key)).status_code == 201


async def test_account_without_idempotency_duplicates(sb: Running) -> None:
    account = await sb.connect("lou", idempotency=False)
    headers = {"Idempotency-Key": "k", "X-Client-Reference": "target-9"}
    first = await sb.post(account["access_token"], "twice", headers=headers)
    second = await sb.post(account["access_token"], "twice", headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]
    received = await sb.received()
    assert received["by_handle"] == {"lou": 2}
    assert received["duplicates"] == ["target-9"]
    assert [p["idempotency_key"] for p in received["posts"]] == ["k", "k"]

    # Re-connecting without the field keeps the setting; control can switch it back on.
    await sb.connect("lou")
    assert (await sb.post(account["access_token"], headers=headers)).status_code == 201
    toggled = await sb.http.post("/_control/accounts/lou", json={"idempotency": True})
    assert toggled.json()["idempotency"] is True
    replay_key = {"Idempotency-Key": "k2"}
    assert (await sb.post(account["access_token"], headers=replay_key)).status_code == 201
    assert (await sb.post(account["access_token"], headers=replay_key)).status_code == 200


# ----------------------------------------------------------------------------- rate limits


async def test_rate_limit_budget_headers_and_window_reset(sb: Running) -> None:
    token = (await sb.connect("max"))["access_token"]
    limited = await sb.http.post("/_control/accounts/max", json={"rate_limit_per_minute": 3})
    assert limited.json()["rate_limit_per_minute"] == 3
    sb.clock.to_window_start()
    window_end = math.floor(sb.clock.now / 60) * 60 + 60

    remaining = []
    for _ in range(3):
        response = await sb.post(token)
        assert response.status_code == 201
        assert response.headers["X-RateLimit-Limit"] == "3"
        assert response.headers["X-RateLimit-Reset"] == str(window_end)
        remaining.append(response.headers["X-RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]

    sb.clock.advance(20)
    refused = await sb.post(token, headers={"Idempotency-Key": "new"})
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert refused.headers["Retry-After"] == str(math.ceil(window_end - sb.clock.now))
    assert refused.headers["X-RateLimit-Limit"] == "3"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert refused.headers["X-RateLimit-Reset"] == str(window_end)
    # Validation errors and reads do not spend the budget; a refused create made nothing.
    assert (await sb.http.get("/posts", headers=bearer(token))).status_code == 200
    assert len((await sb.received())["posts"]) == 3

    sb.clock.now = window_end
    again = await sb.post(token, headers={"Idempotency-Key": "new"})
    assert again.status_code == 201
    assert again.headers["X-RateLimit-Remaining"] == "2"
    assert again.headers["X-RateLimit-Reset"] == str(window_end + 60)


async def test_an_idempotent_replay_is_answered_even_when_the_budget_is_spent(sb: Running) -> None:
    token = (await sb.connect("ned"))["access_token"]
    await sb.http.post("/_control/accounts/ned", json={"rate_limit_per_minute": 1})
    sb.clock.to_window_start()
    first = await sb.post(token, headers={"Idempotency-Key": "k"})
    assert first.status_code == 201
    assert (await sb.post(token)).status_code == 429
    replay = await sb.post(token, headers={"Idempotency-Key": "k"})
    assert (replay.status_code, replay.json()["id"]) == (200, first.json()["id"])


async def test_budget_of_zero_refuses_every_create(sb: Running) -> None:
    token = (await sb.connect("olga"))["access_token"]
    await sb.http.post("/_control/accounts/olga", json={"rate_limit_per_minute": 0})
    assert (await sb.post(token)).status_code == 429
    bad = await sb.http.post("/_control/accounts/olga", json={"rate_limit_per_minute": -1})
    assert (bad.status_code, bad.json()["error"]) == (400, "invalid_request")


# ----------------------------------------------------------------------------- faults


async def test_rate_limit_fault(sb: Running) -> None:
    token = (await sb.connect("pia"))["access_token"]
    fault = await sb.fault(handle="pia", kind="rate_limit", count=1, reset_after_seconds=7)
    assert fault["remaining"] == 1
    refused = await sb.post(token)
    assert (refused.status_code, refused.json()["error"]) == (429, "rate_limited")
    assert refused.headers["Retry-After"] == "7"
    assert refused.headers["X-RateLimit-Reset"] == str(math.ceil(sb.clock.now + 7))
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert (await sb.post(token)).status_code == 201
    assert (await sb.stats())["faults_applied"] == {"rate_limit": 1}


async def test_server_error_fault_has_no_side_effect(sb: Running) -> None:
    token = (await sb.connect("quinn"))["access_token"]
    await sb.fault(handle="quinn", kind="server_error", count=2)
    for _ in range(2):
        response = await sb.post(token, headers={"Idempotency-Key": "k"})
        assert (response.status_code, response.json()["error"]) == (503, "unavailable")
    assert (await sb.received())["posts"] == []
    assert (await sb.post(token, headers={"Idempotency-Key": "k"})).status_code == 201
    assert (await sb.stats())["faults_applied"] == {"server_error": 2}


async def test_slow_fault_delays_then_handles_normally(sb: Running) -> None:
    token = (await sb.connect("rae"))["access_token"]
    await sb.fault(handle="rae", kind="slow", count=1, delay_seconds=0.4)
    started = time.monotonic()
    response = await sb.post(token)
    assert time.monotonic() - started >= 0.4
    assert response.status_code == 201
    started = time.monotonic()
    assert (await sb.post(token)).status_code == 201
    assert time.monotonic() - started < 0.4


async def test_timeout_after_accept_creates_the_post_and_the_client_times_out(sb: Running) -> None:
    token = (await sb.connect("sam"))["access_token"]
    await sb.fault(handle="sam", kind="timeout_after_accept", count=1)
    async with httpx.AsyncClient(base_url=sb.url, timeout=1.0) as impatient:
        with pytest.raises(httpx.ReadTimeout):
            await impatient.post(
                "/posts",
                json={"text": "ambiguous"},
                headers={**bearer(token), "X-Client-Reference": "target-42", "Idempotency-Key": "t42"},
            )
    received = await sb.received()
    assert [(p["text"], p["client_reference"]) for p in received["posts"]] == [("ambiguous", "target-42")]
    # The reconcile path: the post is visible to the account, and the key replays it.
    listed = (await sb.http.get("/posts", headers=bearer(token))).json()
    assert listed[0]["client_reference"] == "target-42"
    replay = await sb.post(token, "ambiguous", headers={"Idempotency-Key": "t42"})
    assert (replay.status_code, replay.json()["id"]) == (200, listed[0]["id"])


async def test_timeout_after_accept_drops_the_connection_after_the_hold(start_sandbox: Starter) -> None:
    sb = await start_sandbox(timeout_after_accept_seconds=0.5)
    token = (await sb.connect("tess"))["access_token"]
    await sb.fault(handle="tess", kind="timeout_after_accept", count=1)
    started = time.monotonic()
    with pytest.raises(httpx.RemoteProtocolError):
        await sb.post(token, "lost answer")
    assert time.monotonic() - started >= 0.5
    assert len((await sb.received())["posts"]) == 1


async def test_expired_token_fault(sb: Running) -> None:
    token = (await sb.connect("uma"))["access_token"]
    await sb.fault(handle="uma", kind="expired_token", count=1)
    response = await sb.post(token)
    assert (response.status_code, response.json()["error"]) == (401, "token_expired")
    assert (await sb.post(token)).status_code == 201


async def test_bad_request_fault(sb: Running) -> None:
    token = (await sb.connect("vic"))["access_token"]
    await sb.fault(handle="vic", kind="bad_request", count=1)
    response = await sb.post(token)
    assert response.status_code == 400
    assert response.json() == {"error": "rejected", "message": "The platform rejected this post: policy"}
    assert (await sb.received())["posts"] == []


async def test_faults_target_their_handle_and_path(sb: Running) -> None:
    walt = (await sb.connect("walt"))["access_token"]
    xena = (await sb.connect("xena"))["access_token"]
    await sb.fault(handle="walt", kind="server_error", count=1, path="/media")
    assert (await sb.post(walt)).status_code == 201  # /posts is not affected
    png = {"Content-Type": "image/png"}
    assert (await sb.http.post("/media", content=b"x", headers={**bearer(xena), **png})).status_code == 201
    failed = await sb.http.post("/media", content=b"x", headers={**bearer(walt), **png})
    assert (failed.status_code, failed.json()["error"]) == (503, "unavailable")

    await sb.fault(handle="*", kind="bad_request", count=2)
    assert (await sb.post(walt)).status_code == 400
    assert (await sb.post(xena)).status_code == 400
    assert (await sb.post(xena)).status_code == 201


async def test_faults_on_token_refresh(sb: Running) -> None:
    account = await sb.connect("yuri")
    await sb.fault(handle="yuri", kind="server_error", count=1, path="/oauth/token")
    form = {"grant_type": "refresh_token", "refresh_token": account["refresh_token"]}
    failed = await sb.http.post("/oauth/token", data=form)
    assert (failed.status_code, failed.json()["error"]) == (503, "unavailable")
    # No side effect: the refresh token was not rotated.
    assert (await sb.http.post("/oauth/token", data=form)).status_code == 200

    second = await sb.connect("yuri")
    await sb.fault(handle="yuri", kind="timeout_after_accept", count=1, path="/oauth/token")
    form = {"grant_type": "refresh_token", "refresh_token": second["refresh_token"]}
    async with httpx.AsyncClient(base_url=sb.url, timeout=1.0) as impatient:
        with pytest.raises(httpx.ReadTimeout):
            await impatient.post("/oauth/token", data=form)
    # The lost answer rotated the token anyway: the client's copy is now dead.
    reused = await sb.http.post("/oauth/token", data=form)
    assert (reused.status_code, reused.json()["error"]) == (400, "invalid_grant")
    assert (await sb.stats())["token_refreshes"] == {"yuri": 4}


async def test_probability_faults_are_deterministic_for_a_seed(start_sandbox: Starter) -> None:
    async def pattern(seed: int) -> list[int]:
        sb = await start_sandbox()
        token = (await sb.connect("zed"))["access_token"]
        await sb.fault(handle="*", kind="server_error", probability=0.5, seed=seed)
        statuses = [(await sb.post(token, f"n{i}")).status_code for i in range(40)]
        received = await sb.received()
        assert len(received["posts"]) == statuses.count(201)
        return statuses

    first = await pattern(1234)
    assert set(first) == {201, 503}
    assert await pattern(1234) == first
    assert await pattern(4321) != first


async def test_fault_control_validation_listing_and_clearing(sb: Running) -> None:
    bad = await sb.http.post("/_control/faults", json={"handle": "a", "kind": "meteor"})
    assert (bad.status_code, bad.json()["error"]) == (400, "invalid_request")
    assert "kind must be one of" in bad.json()["message"]
    await sb.fault(handle="a", kind="slow", probability=0.1, seed=2)
    listed = (await sb.http.get("/_control/faults")).json()["faults"]
    assert [(f["kind"], f["probability"], f["remaining"]) for f in listed] == [("slow", 0.1, None)]
    assert (await sb.http.delete("/_control/faults")).status_code == 204
    assert (await sb.http.get("/_control/faults")).json() == {"faults": []}


# ----------------------------------------------------------------------------- control


async def test_stats_count_platform_requests_by_path(sb: Running) -> None:
    token = (await sb.connect("abe"))["access_token"]
    await sb.post(token)
    await sb.post(token)
    await sb.http.get("/posts", headers=bearer(token))
    await sb.http.get("/posts/1", headers=bearer(token))
    await sb.http.get("/_control/received")
    stats = await sb.stats()
    assert stats["requests"] == {"/accounts": 1, "/posts": 3, "/posts/{id}": 1}
    assert stats["requests_by_route"]["POST /posts"] == 2
    assert stats["requests_by_route"]["GET /posts"] == 1
    assert stats["token_refreshes"] == {}
    assert stats["faults_applied"] == {}


async def test_reset_clears_posts_faults_and_stats_but_keeps_accounts(sb: Running) -> None:
    token = (await sb.connect("bea"))["access_token"]
    await sb.post(token, headers={"Idempotency-Key": "k"})
    await sb.fault(handle="bea", kind="server_error", count=5)
    assert (await sb.http.post("/_control/reset")).status_code == 200
    assert await sb.received() == {"posts": [], "by_handle": {}, "duplicates": []}
    assert (await sb.http.get("/_control/faults")).json() == {"faults": []}
    assert (await sb.stats())["requests"] == {}
    # Tokens survive; the idempotency key was forgotten with its post.
    assert (await sb.post(token, headers={"Idempotency-Key": "k"})).status_code == 201

    full = await sb.http.post("/_control/reset", json={"accounts": True})
    assert full.json()["accounts_cleared"] is True
    assert (await sb.post(token)).status_code == 401
    assert (await sb.http.post("/accounts", json={"handle": "bea"})).status_code == 201


async def test_health(sb: Running) -> None:
    response = await sb.http.get("/_control/health")
    assert (response.status_code, response.json()) == (200, {"status": "up"})


# ----------------------------------------------------------------------------- manage


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_manage_starts_reuses_and_stops_a_detached_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _free_port()
    monkeypatch.delenv("SANDBOX_PORT", raising=False)
    monkeypatch.setenv("SANDBOX_BASE_URL", f"http://127.0.0.1:{port}")
    try:
        url = manage.ensure_running(tmp_path)
        assert url == f"http://127.0.0.1:{port}"
        pid = int((tmp_path / ".local" / "sandbox" / "sandbox.pid").read_text())
        assert httpx.get(f"{url}/_control/health").json() == {"status": "up"}
        httpx.post(f"{url}/accounts", json={"handle": "kept"})
        # A second call reuses the running server (its state survives) instead of starting another.
        assert manage.ensure_running(tmp_path, port=port) == url
        assert int((tmp_path / ".local" / "sandbox" / "sandbox.pid").read_text()) == pid
        assert httpx.post(f"{url}/accounts", json={"handle": "kept"}).status_code == 200
    finally:
        stopped = manage.stop(tmp_path)
    assert stopped is True
    assert not (tmp_path / ".local" / "sandbox" / "sandbox.pid").exists()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/_control/health", timeout=1)
    assert manage.stop(tmp_path) is False
    assert "Running on" in (tmp_path / ".local" / "sandbox" / "sandbox.log").read_text()


async def test_manage_refuses_a_port_held_by_something_else(tmp_path: Path, start_sandbox: Starter) -> None:
    runner = web.AppRunner(web.Application())  # answers 404 to everything: not a sandbox
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        port = runner.addresses[0][1]
        with pytest.raises(manage.SandboxStartError, match="not the sandbox"):
            await asyncio.to_thread(manage.ensure_running, tmp_path, port=port)
        # An in-process sandbox on a port is reused as is: nothing is started, no pid file written.
        sb = await start_sandbox()
        reused_port = int(sb.url.rsplit(":", 1)[1])
        assert await asyncio.to_thread(manage.ensure_running, tmp_path, port=reused_port) == sb.url
        assert not (tmp_path / ".local" / "sandbox" / "sandbox.pid").exists()
    finally:
        await runner.cleanup()


# ----------------------------------------------------------------------------- throughput


async def test_throughput_of_a_thousand_posts_from_fifty_clients(
    sb: Running, capsys: pytest.CaptureFixture[str]
) -> None:
    """A figure for the publish pipeline's budget, not a timing assertion."""
    clients, per_client = 50, 20
    accounts = [await sb.connect(f"load{i}") for i in range(clients)]

    async def publish(account: dict[str, Any]) -> list[int]:
        async with httpx.AsyncClient(
            base_url=sb.url, timeout=30, headers=bearer(account["access_token"])
        ) as http:
            await http.get("/posts", params={"limit": 1})  # open the connection before the clock starts
            return [
                (
                    await http.post(
                        "/posts",
                        json={"text": f"burst {i}"},
                        headers={"X-Client-Reference": f"{account['handle']}-{i}"},
                    )
                ).status_code
                for i in range(per_client)
            ]

    started = time.perf_counter()
    results = await asyncio.gather(*(publish(a) for a in accounts))
    elapsed = time.perf_counter() - started
    assert [s for statuses in results for s in statuses] == [201] * (clients * per_client)
    received = await sb.received()
    assert len(received["posts"]) == clients * per_client
    assert received["duplicates"] == []
    total = clients * per_client
    with capsys.disabled():
        print(
            f"\nsandbox throughput: {total} POST /posts from {clients} concurrent httpx clients"
            f" in {elapsed:.2f} s = {total / elapsed:.0f} posts/s (client and server in one process)"
        )
