"""The Threads connector against a faithful fake of graph.threads.net, over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from shared.platforms import oauth, threads
from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    Credentials,
    DuplicateError,
    MediaItem,
    NotSupportedError,
    OAuthClient,
    Pending,
    PermanentError,
    Published,
    PublishRequest,
    RateLimitedError,
    TokenExpiredError,
)
from shared.platforms.text import count
from tests.fakes.platforms.base import FileHost
from tests.fakes.platforms.threads import FakeThreads
from tests.integration.platforms.conftest import CLIENT_TIMEOUT, connector_settings, jpeg, mp4, serve

REDIRECT = "https://app.example/oauth/callback"
PUBLISH = r"/v1.0/\d+/threads_publish$"


@pytest.fixture
def fake() -> Iterator[FakeThreads]:
    yield from serve(FakeThreads())


@pytest.fixture
def connector(fake: FakeThreads, http: httpx.AsyncClient) -> threads.ThreadsConnector:
    return threads.build(connector_settings("threads", fake.base_url), http)


def creds(fake: FakeThreads) -> Credentials:
    return Credentials(access_token=fake.token_for())


def post(fake: FakeThreads, text: str = "", *media: MediaItem, **options: object) -> PublishRequest:
    return PublishRequest(
        text=text,
        media=media,
        options=dict(options),
        account=AccountRef(fake.user.id, handle=fake.user.username),
    )


def image(files: FileHost, name: str = "a.jpg", alt: str = "") -> MediaItem:
    return MediaItem("image", "image/jpeg", files.put(name, jpeg(), "image/jpeg"), alt_text=alt)


def video(files: FileHost, name: str = "v.mp4") -> MediaItem:
    return MediaItem("video", "video/mp4", files.put(name, mp4(), "video/mp4"), duration_ms=2000)


async def settle(
    connector: threads.ThreadsConnector, credentials: Credentials, request: PublishRequest, outcome: object
) -> tuple[Published, int]:
    """Drive check_status until published; returns the result and how many checks it took."""
    checks = 0
    while isinstance(outcome, Pending):
        assert checks < 6, "the container never finished"
        checks += 1
        outcome = await connector.check_status(credentials, request, outcome.state)
    assert isinstance(outcome, Published)
    return outcome, checks


async def authorize(connector: threads.ThreadsConnector, http: httpx.AsyncClient) -> tuple[OAuthClient, str]:
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=None)  # type: ignore[arg-type]
    assert threads.AUTH.oauth is not None
    url = oauth.authorization_url(
        client,
        threads.AUTH.oauth,
        redirect_uri=REDIRECT,
        state="s-1",
        code_verifier=oauth.new_code_verifier(),
    )
    query = parse_qs(urlsplit(url).query)
    assert query["scope"] == ["threads_basic,threads_content_publish,threads_manage_insights"]
    assert "code_challenge" not in query  # the authorization window documents no PKCE
    answer = await http.get(url, follow_redirects=False)
    assert answer.status_code == 302
    back = parse_qs(urlsplit(answer.headers["location"]).query)
    assert back["state"] == ["s-1"]
    return client, back["code"][0]


async def test_connect_exchanges_for_a_long_lived_token_and_lists_the_profile(
    connector: threads.ThreadsConnector, fake: FakeThreads, http: httpx.AsyncClient
) -> None:
    client, code = await authorize(connector, http)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier="")
    assert credentials.access_token in fake.long_lived
    assert credentials.expires_at is not None
    assert credentials.expires_at > datetime.now(UTC) + timedelta(days=59)
    exchange = fake.calls("GET", "/access_token$")[0]
    assert exchange.query["grant_type"] == "th_exchange_token"
    assert exchange.query["client_secret"] == "test-secret"

    [account] = await connector.list_accounts(credentials)
    assert (account.external_id, account.handle) == (fake.user.id, "fake.threads")
    assert account.url == "https://www.threads.net/@fake.threads"
    assert fake.calls("GET", "/v1.0/me$")[0].headers["Authorization"] == f"Bearer {credentials.access_token}"

    with pytest.raises(AuthRevokedError):  # a code is spent once used
        await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier="")


async def test_connect_refuses_a_code_sent_back_with_another_redirect_uri(
    connector: threads.ThreadsConnector, http: httpx.AsyncClient
) -> None:
    client, code = await authorize(connector, http)
    with pytest.raises(AuthRevokedError):
        await connector.exchange_code(client, code, redirect_uri="https://evil.example/cb", code_verifier="")


async def test_publish_text_checks_the_quota_then_publishes_the_container(
    connector: threads.ThreadsConnector, fake: FakeThreads
) -> None:
    result = await connector.publish(creds(fake), post(fake, "Hello Threads", reply_control="mentioned_only"))
    assert isinstance(result, Published)
    [published] = fake.posts_of()
    assert (result.external_id, published.text, published.media_type) == (
        published.id,
        "Hello Threads",
        "TEXT_POST",
    )
    assert result.url == f"https://www.threads.net/@fake.threads/post/{published.shortcode}"
    assert fake.containers[published.container_id].reply_control == "mentioned_only"
    assert fake.calls("GET", r"/v1.0/\d+/threads_publishing_limit$")


async def test_publish_image_waits_for_the_container(
    connector: threads.ThreadsConnector, fake: FakeThreads, files: FileHost
) -> None:
    credentials, request = creds(fake), post(fake, "A picture", image(files, alt="teal square"))
    first = await connector.publish(credentials, request)
    assert isinstance(first, Pending)
    assert not fake.posts
    result, checks = await settle(connector, credentials, request, first)
    [published] = fake.posts_of()
    assert (result.external_id, published.media_type, checks) == (published.id, "IMAGE", 1)
    container = fake.containers[published.container_id]
    assert (container.media_url, container.alt_text) == (request.media[0].url, "teal square")


async def test_publish_video_polls_until_processed(
    connector: threads.ThreadsConnector, fake: FakeThreads, files: FileHost
) -> None:
    credentials, request = creds(fake), post(fake, "", video(files))
    first = await connector.publish(credentials, request)
    assert isinstance(first, Pending)
    assert first.check_after == timedelta(seconds=60)
    result, checks = await settle(connector, credentials, request, first)
    assert checks == 2
    assert fake.posts[result.external_id].media_type == "VIDEO"


async def test_publish_carousel_of_image_and_video(
    connector: threads.ThreadsConnector, fake: FakeThreads, files: FileHost
) -> None:
    credentials = creds(fake)
    request = post(fake, "Two things", image(files, "c1.jpg"), video(files, "c2.mp4"))
    first = await connector.publish(credentials, request)
    assert isinstance(first, Pending)
    assert len(first.state["children"]) == 2
    result, _ = await settle(connector, credentials, request, first)
    published = fake.posts[result.external_id]
    assert (published.media_type, published.text) == ("CAROUSEL_ALBUM", "Two things")
    assert fake.containers[published.container_id].children == first.state["children"]


async def test_media_threads_cannot_fetch_fails_the_post(
    connector: threads.ThreadsConnector, fake: FakeThreads, files: FileHost
) -> None:
    broken = MediaItem("image", "image/jpeg", files.put("broken.jpg", b"not an image", "image/jpeg"))
    credentials, request = creds(fake), post(fake, "x", broken)
    first = await connector.publish(credentials, request)
    with pytest.raises(PermanentError) as refused:
        await settle(connector, credentials, request, first)
    assert refused.value.code == "threads_unknown"
    assert not fake.posts


async def test_text_limit_counts_an_emoji_as_its_bytes(
    connector: threads.ThreadsConnector, fake: FakeThreads
) -> None:
    assert count("é" * 500, threads.CAPABILITIES.text_counting) == 500
    with pytest.raises(PermanentError) as refused:
        await connector.publish(creds(fake), post(fake, "🙂" * 126))  # 504 by Threads' count
    assert refused.value.code == "text_too_long"
    assert not fake.requests  # refused before any call


async def test_invalid_option_is_refused(connector: threads.ThreadsConnector, fake: FakeThreads) -> None:
    with pytest.raises(PermanentError) as refused:
        await connector.publish(creds(fake), post(fake, "hi", reply_control="nobody"))
    assert refused.value.code == "invalid_option"


async def test_rate_limit_code_carries_metas_estimate(
    connector: threads.ThreadsConnector, fake: FakeThreads
) -> None:
    usage = {fake.user.id: [{"type": "threads", "call_count": 100, "estimated_time_to_regain_access": 7}]}
    fake.fail_next(
        "POST",
        r"/v1.0/\d+/threads$",
        status=403,
        json_body={
            "error": {"message": "Application request limit reached", "type": "OAuthException", "code": 4}
        },
        headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
    )
    before = datetime.now(UTC)
    with pytest.raises(RateLimitedError) as limited:
        await connector.publish(creds(fake), post(fake, "hi"))
    assert before + timedelta(minutes=7) <= limited.value.reset_at <= datetime.now(UTC) + timedelta(minutes=7)


async def test_spent_publishing_quota_waits_for_the_oldest_post_to_leave_the_window(
    connector: threads.ThreadsConnector, fake: FakeThreads
) -> None:
    credentials = creds(fake)
    first = await connector.publish(credentials, post(fake, "one"))
    assert isinstance(first, Published)
    fake.quota_total = 1
    with pytest.raises(RateLimitedError) as limited:
        await connector.publish(credentials, post(fake, "two"))
    stamp = fake.posts[first.external_id].timestamp.replace(microsecond=0)
    assert limited.value.reset_at == stamp + timedelta(days=1)
    assert len(fake.posts) == 1
    assert not fake.calls("POST", r"/v1.0/\d+/threads$")[1:]  # nothing created for the refused post


async def test_expired_token_is_reported_and_only_a_live_token_refreshes(
    connector: threads.ThreadsConnector, fake: FakeThreads
) -> None:
    live = creds(fake)
    refreshed = await connector.refresh(live)
    assert refreshed.access_token != live.access_token
    assert refreshed.expires_at is not None
    assert refreshed.expires_at > datetime.now(UTC) + timedelta(days=59)
    assert isinstance(await connector.publish(refreshed, post(fake, "after refresh")), Published)

    fake.expire_tokens()
    with pytest.raises(TokenExpiredError):
        await connector.publish(refreshed, post(fake, "too late"))
    # Meta refreshes only unexpired tokens: the person must reconnect (the pipeline refreshes ahead).
    with pytest.raises(AuthRevokedError, match="connect the account again"):
        await connector.refresh(refreshed)


async def test_revoked_app_needs_reconnecting(connector: threads.ThreadsConnector, fake: FakeThreads) -> None:
    credentials = creds(fake)
    fake.revoke_all()
    with pytest.raises(AuthRevokedError):
        await connector.publish(credentials, post(fake, "hi"))
    with pytest.raises(NotSupportedError):
        await connector.revoke(credentials)


async def test_duplicate_is_reported(connector: threads.ThreadsConnector, fake: FakeThreads) -> None:
    fake.fail_next(
        "POST",
        PUBLISH,
        status=400,
        json_body={"error": {"message": "Duplicate status message", "type": "OAuthException", "code": 506}},
    )
    with pytest.raises(DuplicateError):
        await connector.publish(creds(fake), post(fake, "again"))


async def test_timeout_on_publish_is_ambiguous_and_reconciled(
    connector: threads.ThreadsConnector, fake: FakeThreads
) -> None:
    credentials, request = creds(fake), post(fake, "Did it go out?")
    started = datetime.now(UTC)
    fake.fail_next("POST", PUBLISH, hang_after_seconds=CLIENT_TIMEOUT + 1)
    with pytest.raises(AmbiguousError):
        await connector.publish(credentials, request)
    [published] = fake.posts_of()
    found = await connector.find_published(credentials, request, started)
    assert found is not None
    assert (found.external_id, found.url) == (published.id, published.permalink)
    assert await connector.find_published(credentials, post(fake, "something else"), started) is None


async def test_a_lost_publish_answer_is_never_published_twice(
    connector: threads.ThreadsConnector, fake: FakeThreads, files: FileHost
) -> None:
    credentials, request = creds(fake), post(fake, "once", image(files))
    first = await connector.publish(credentials, request)
    assert isinstance(first, Pending)
    fake.fail_next("POST", PUBLISH, hang_after_seconds=CLIENT_TIMEOUT + 1)
    with pytest.raises(AmbiguousError):
        await connector.check_status(credentials, request, first.state)
    # Checking the same container again finds the post instead of publishing a second one.
    again = await connector.check_status(credentials, request, first.state)
    [published] = fake.posts_of()
    assert isinstance(again, Published)
    assert again.external_id == published.id


async def test_outage_on_publish_retries_the_same_container(
    connector: threads.ThreadsConnector, fake: FakeThreads
) -> None:
    credentials, request = creds(fake), post(fake, "through an outage")
    fake.fail_next(
        "POST",
        PUBLISH,
        status=500,
        json_body={
            "error": {"message": "Service temporarily unavailable", "type": "OAuthException", "code": 2}
        },
    )
    first = await connector.publish(credentials, request)
    assert isinstance(first, Pending)
    result, _ = await settle(connector, credentials, request, first)
    [published] = fake.posts_of()
    assert (result.external_id, published.container_id) == (published.id, first.state["container"])
    assert len(fake.containers) == 1


async def test_metrics_for_posts_and_account(connector: threads.ThreadsConnector, fake: FakeThreads) -> None:
    credentials = creds(fake)
    result = await connector.publish(credentials, post(fake, "measured"))
    assert isinstance(result, Published)
    fake.posts[result.external_id].metrics.update(views=999, likes=12)
    account = AccountRef(fake.user.id)
    [metrics] = await connector.fetch_post_metrics(credentials, account, [result.external_id, "1999"])
    assert metrics.metrics == {"views": 999, "likes": 12, "replies": 2, "reposts": 1, "quotes": 0}
    totals = await connector.fetch_account_metrics(credentials, account)
    assert totals.followers == 321
    assert totals.metrics == {"views": 150, "likes": 40, "replies": 9, "reposts": 4, "quotes": 2}
