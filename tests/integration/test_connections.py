"""Connecting accounts through the API: the catalog, OAuth with PKCE and server-side state (against
the Threads fake), credential platforms (against the Telegram fake), and managing what is connected."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from shared.bootstrap import Container
from tests.conftest import Stack, stack_settings
from tests.fakes.platforms.telegram import FakeTelegram
from tests.fakes.platforms.threads import FakeThreads
from tests.integration.harness import signed_in_app


@dataclass
class Env:
    container: Container
    api: httpx.AsyncClient
    headers: dict[str, str]
    workspace: str
    threads: FakeThreads
    telegram: FakeTelegram

    def path(self, suffix: str = "") -> str:
        return f"/api/v1/workspaces/{self.workspace}/accounts{suffix}"

    async def authorize(self, authorize_url: str) -> dict[str, str]:
        """The person allows access at the platform, which sends the browser back with code and state."""
        async with httpx.AsyncClient() as browser:
            response = await browser.get(authorize_url, follow_redirects=False)
        assert response.status_code == 302, response.text
        location = urlsplit(response.headers["location"])
        assert location.path == "/api/v1/oauth/threads/callback"
        return {k: v[0] for k, v in parse_qs(location.query).items()}

    async def connect_threads(self) -> httpx.Response:
        started = await self.api.post(self.path("/connect/threads"), json={}, headers=self.headers)
        assert started.status_code == 200, started.text
        params = await self.authorize(started.json()["authorize_url"])
        return await self.api.get("/api/v1/oauth/threads/callback", params=params)

    async def accounts(self, **params: Any) -> dict[str, Any]:
        response = await self.api.get(self.path(), params=params, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]


@pytest.fixture
def fakes() -> Iterator[tuple[FakeThreads, FakeTelegram]]:
    threads, telegram = FakeThreads(), FakeTelegram()
    threads.start()
    telegram.start()
    yield threads, telegram
    threads.stop()
    telegram.stop()


@pytest.fixture
async def env(stack: Stack, fakes: tuple[FakeThreads, FakeTelegram]) -> AsyncIterator[Env]:
    threads, telegram = fakes
    settings = stack_settings(
        stack,
        PLATFORM_BASE_URLS={"threads": threads.base_url, "telegram": telegram.base_url},
        THREADS_APP_ID="test-client",
        THREADS_APP_SECRET="test-secret",
        PUBLIC_BASE_URL="http://testserver",
    )
    container = Container(settings)
    async with signed_in_app(container, workspace_name="Connections") as signed_in:
        yield Env(container, signed_in.api, signed_in.headers, signed_in.workspace, threads, telegram)
    await container.aclose()


async def test_the_catalog_lists_every_platform_and_says_which_are_off(env: Env) -> None:
    response = await env.api.get("/api/v1/platforms")
    assert response.status_code == 200
    by_id = {p["platform"]: p for p in response.json()}
    assert {
        "x",
        "facebook",
        "instagram",
        "instagram_login",
        "threads",
        "linkedin",
        "youtube",
        "tiktok",
    } <= set(by_id)
    assert {"pinterest", "telegram", "mastodon", "bluesky", "feed"} <= set(by_id)
    assert by_id["threads"]["enabled"] is True
    assert by_id["x"]["enabled"] is False
    assert by_id["x"]["why_disabled"] == "X_CLIENT_ID is not set"  # for the operator
    assert by_id["telegram"]["auth"] == "credentials"
    assert [f["name"] for f in by_id["telegram"]["fields"]] == ["bot_token", "channel"]
    assert by_id["bluesky"]["capabilities"]["text_counting"] == "graphemes"


async def test_the_catalog_says_no_limit_with_null_never_zero(env: Env) -> None:
    by_id = {p["platform"]: p for p in (await env.api.get("/api/v1/platforms")).json()}
    # The feed sets no size or duration limits: null, not 0 (which would read as "nothing allowed").
    feed = by_id["feed"]["capabilities"]
    for name in ("max_image_bytes", "max_video_bytes", "max_video_seconds", "min_video_seconds"):
        assert feed[name] is None, name
    assert feed["max_posts_per_second"] is None
    # "As many as max_media" is shown as that number.
    assert feed["max_images"] == feed["max_media"] == 10
    # Real limits stay numbers; 0 only where it means none at all.
    x = by_id["x"]["capabilities"]
    assert x["max_image_bytes"] == 5 * 1024 * 1024
    assert x["max_videos"] == 1
    assert by_id["telegram"]["capabilities"]["max_posts_per_second"] == 1.0
    assert by_id["threads"]["capabilities"]["title_max_length"] == 0
    for platform in by_id.values():
        caps = platform["capabilities"]
        for name in ("max_image_bytes", "max_video_bytes", "max_video_seconds", "max_posts_per_second"):
            assert caps[name] != 0, (platform["platform"], name)


async def test_oauth_connects_with_a_single_use_state(env: Env) -> None:
    started = await env.api.post(env.path("/connect/threads"), json={}, headers=env.headers)
    assert started.status_code == 200, started.text
    url = urlsplit(started.json()["authorize_url"])
    query = parse_qs(url.query)
    assert url.netloc == urlsplit(env.threads.base_url).netloc
    assert "code_challenge" not in query  # Threads documents no PKCE; platforms that do get S256
    assert query["redirect_uri"] == ["http://testserver/api/v1/oauth/threads/callback"]
    assert len(query["state"][0]) >= 40
    params = await env.authorize(started.json()["authorize_url"])
    done = await env.api.get("/api/v1/oauth/threads/callback", params=params)
    assert done.status_code == 303
    back = urlsplit(done.headers["location"])
    assert back.path == "/app/accounts"
    assert parse_qs(back.query)["connected"] == ["1"]
    [account] = (await env.accounts(platform="threads"))["items"]
    assert account["handle"] == env.threads.user.username
    assert account["status"] == "active"
    # The token the platform issued appears in no answer of ours.
    issued = list(env.threads.access_tokens)
    assert issued
    assert not any(token in done.text + str(account) for token in issued)
    # The same state cannot be spent twice.
    again = await env.api.get("/api/v1/oauth/threads/callback", params=params)
    assert parse_qs(urlsplit(again.headers["location"]).query)["error"] == ["invalid_state"]


async def test_a_refused_authorization_comes_back_as_an_error(env: Env) -> None:
    done = await env.api.get(
        "/api/v1/oauth/threads/callback",
        params={"error": "access_denied", "error_description": "The user said no"},
    )
    assert done.status_code == 303
    query = parse_qs(urlsplit(done.headers["location"]).query)
    assert query["error"] == ["access_denied"]
    assert query["message"] == ["The user said no"]
    forged = await env.api.get("/api/v1/oauth/threads/callback", params={"code": "x", "state": "made-up"})
    assert parse_qs(urlsplit(forged.headers["location"]).query)["error"] == ["invalid_state"]


async def test_a_platform_without_its_app_settings_cannot_be_connected(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    response = await env.api.post(env.path("/connect/x"), json={}, headers=env.headers)
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "platform_not_configured"
    # Words for a person; the setting that is missing is for the operator, in the log.
    assert (
        error["message"] == "X isn't available on this clickKloudy yet. Ask your administrator to turn it on."
    )
    assert not re.search(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", error["message"])
    assert any("X_CLIENT_ID" in record.getMessage() for record in caplog.records)
    sandbox = await env.api.post(env.path("/connect/sandbox"), json={"handle": "tester"}, headers=env.headers)
    assert sandbox.status_code == 503
    assert sandbox.json()["error"]["code"] == "platform_not_configured"
    assert "SANDBOX_MODE" not in sandbox.json()["error"]["message"]
    response = await env.api.post(env.path("/connect/myspace"), json={}, headers=env.headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_platform"


async def test_credential_platforms_connect_in_one_call_with_clear_errors(env: Env) -> None:
    token = env.telegram.add_bot()
    channel = env.telegram.add_channel("brandnews", "Brand News")
    env.telegram.make_admin(channel, token)
    missing = await env.api.post(
        env.path("/connect/telegram"), json={"fields": {"bot_token": token}}, headers=env.headers
    )
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "missing_fields"
    wrong = await env.api.post(
        env.path("/connect/telegram"),
        json={"fields": {"bot_token": "123:nope", "channel": "@brandnews"}},
        headers=env.headers,
    )
    assert wrong.status_code == 422, wrong.text
    assert "123:nope" not in wrong.text
    connected = await env.api.post(
        env.path("/connect/telegram"),
        json={"fields": {"bot_token": token, "channel": "@brandnews"}},
        headers=env.headers,
    )
    assert connected.status_code == 201, connected.text
    [account] = connected.json()["accounts"]
    assert account["platform"] == "telegram"
    assert token not in connected.text
    metrics = await env.api.get(env.path(f"/{account['id']}/metrics"), headers=env.headers)
    assert metrics.status_code == 200, metrics.text
    assert metrics.json()["followers"] == 1234


async def test_accounts_page_search_rename_pause_and_remove(env: Env) -> None:
    for name in ("alpha", "beta", "gamma"):
        token = env.telegram.add_bot(f"{name}_bot")
        channel = env.telegram.add_channel(f"{name}news", f"{name.title()} News")
        env.telegram.make_admin(channel, token)
        response = await env.api.post(
            env.path("/connect/telegram"),
            json={"fields": {"bot_token": token, "channel": f"@{name}news"}},
            headers=env.headers,
        )
        assert response.status_code == 201, response.text
    first = await env.accounts(platform="telegram", limit=2)
    assert len(first["items"]) == 2
    assert first["next_cursor"]
    rest = await env.accounts(platform="telegram", limit=2, cursor=first["next_cursor"])
    assert len(rest["items"]) == 1
    assert rest["next_cursor"] is None
    assert {a["id"] for a in first["items"]}.isdisjoint(a["id"] for a in rest["items"])
    [beta] = (await env.accounts(q="BETA"))["items"]
    renamed = await env.api.patch(
        env.path(f"/{beta['id']}"),
        json={"display_name": "Beta (EU)", "status": "disconnected"},
        headers=env.headers,
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["display_name"] == "Beta (EU)"
    assert renamed.json()["status"] == "disconnected"
    assert renamed.json()["health"] == "disconnected"
    assert len((await env.accounts(status="disconnected"))["items"]) == 1
    removed = await env.api.delete(env.path(f"/{beta['id']}"), headers=env.headers)
    assert removed.status_code == 204
    gone = await env.api.get(env.path(f"/{beta['id']}"), headers=env.headers)
    assert gone.status_code == 404
    invalid = await env.api.get(env.path(), params={"cursor": "nope"}, headers=env.headers)
    assert invalid.status_code == 422
    assert invalid.json()["error"]["code"] == "invalid_cursor"


async def test_reconnecting_an_account_that_needs_it(env: Env) -> None:
    done = await env.connect_threads()
    assert done.status_code == 303
    [account] = (await env.accounts(platform="threads"))["items"]
    pool = await env.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE social_accounts SET status = 'needs_reauth', last_error = 'token revoked' WHERE id = %s",
            (account["id"],),
        )
    shown = await env.api.get(env.path(f"/{account['id']}"), headers=env.headers)
    assert shown.json()["health"] == "needs_reauth"
    assert shown.json()["last_error"] == "token revoked"
    resume = await env.api.patch(
        env.path(f"/{account['id']}"), json={"status": "active"}, headers=env.headers
    )
    assert resume.status_code == 422
    assert resume.json()["error"]["code"] == "needs_reauth"
    # Nor around it: pausing would forget why it stopped, and resuming would skip the reconnect.
    pause = await env.api.patch(
        env.path(f"/{account['id']}"), json={"status": "disconnected"}, headers=env.headers
    )
    assert (pause.status_code, pause.json()["error"]["code"]) == (422, "needs_reauth")
    started = await env.api.post(env.path(f"/{account['id']}/reconnect"), json={}, headers=env.headers)
    assert started.status_code == 200, started.text
    params = await env.authorize(started.json()["authorize_url"])
    back = await env.api.get("/api/v1/oauth/threads/callback", params=params)
    assert parse_qs(urlsplit(back.headers["location"]).query)["connected"] == ["1"]
    [again] = (await env.accounts(platform="threads"))["items"]
    assert again["id"] == account["id"]
    assert again["status"] == "active"
    assert again["health"] == "connected"
    assert again["last_error"] is None


async def test_a_workspace_holds_a_bounded_number_of_accounts(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared.services import connections

    monkeypatch.setattr(connections, "MAX_ACCOUNTS_PER_WORKSPACE", 2)  # the feed account + one more

    async def connect(name: str) -> httpx.Response:
        token = env.telegram.add_bot(f"{name}_bot")
        env.telegram.make_admin(env.telegram.add_channel(name, name.title()), token)
        return await env.api.post(
            env.path("/connect/telegram"),
            json={"fields": {"bot_token": token, "channel": f"@{name}"}},
            headers=env.headers,
        )

    # A sign-in started while there was room, finishing after the room was taken, stores nothing.
    started = await env.api.post(env.path("/connect/threads"), json={}, headers=env.headers)
    assert started.status_code == 200, started.text
    params = await env.authorize(started.json()["authorize_url"])
    assert (await connect("first")).status_code == 201
    late = await env.api.get("/api/v1/oauth/threads/callback", params=params)
    assert parse_qs(urlsplit(late.headers["location"]).query)["error"] == ["too_many_accounts"]
    refused = await connect("second")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "too_many_accounts"
    started = await env.api.post(env.path("/connect/threads"), json={}, headers=env.headers)
    assert started.status_code == 409
    assert len((await env.accounts())["items"]) == 2
