"""The X connector against a fake X API over real HTTP: connect, publish, process, fail, measure."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from shared.platforms import oauth, x
from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    ConnectedAccount,
    DuplicateError,
    MediaItem,
    Pending,
    PermanentError,
    PlatformError,
    Published,
    PublishRequest,
    RateLimitedError,
    TokenExpiredError,
)
from tests.fakes.platforms.base import FileHost
from tests.fakes.platforms.x import FakeX
from tests.integration.platforms.conftest import CLIENT_TIMEOUT, connector_settings, jpeg, mp4, png, serve
from tests.unit.test_media_inspect import animated_gif

REDIRECT = "https://app.example/oauth/x/callback"


@pytest.fixture
def fake() -> Iterator[FakeX]:
    yield from serve(FakeX())


def make(fake: FakeX, http: httpx.AsyncClient, **kwargs: int) -> x.XConnector:
    settings = connector_settings("x", fake.base_url)
    return x.XConnector(settings, http, **kwargs)


@pytest.fixture
def connector(fake: FakeX, http: httpx.AsyncClient) -> x.XConnector:
    return make(fake, http)


async def authorize(connector: x.XConnector, http: httpx.AsyncClient, verifier: str) -> tuple[str, str]:
    """The person approves on x.com; returns (code, state) from the redirect back to us."""
    assert x.AUTH.oauth is not None
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=None)  # type: ignore[arg-type]
    url = oauth.authorization_url(
        client, x.AUTH.oauth, redirect_uri=REDIRECT, state="st-1", code_verifier=verifier
    )
    answer = await http.get(url, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    return query["code"][0], query["state"][0]


async def connect(connector: x.XConnector, http: httpx.AsyncClient) -> ConnectedAccount:
    verifier = oauth.new_code_verifier()
    code, _ = await authorize(connector, http, verifier)
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=None)  # type: ignore[arg-type]
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier=verifier)
    [account] = await connector.list_accounts(credentials)
    return account


@pytest.fixture
async def account(connector: x.XConnector, http: httpx.AsyncClient) -> ConnectedAccount:
    return await connect(connector, http)


def request(text: str, *media: MediaItem, **options: object) -> PublishRequest:
    return PublishRequest(text=text, media=media, options=dict(options), client_reference="target-1")


def image(files: FileHost, name: str, data: bytes, content_type: str, alt: str = "") -> MediaItem:
    return MediaItem("image", content_type, files.put(name, data, content_type), size=len(data), alt_text=alt)


async def test_connect_end_to_end(fake: FakeX, connector: x.XConnector, http: httpx.AsyncClient) -> None:
    verifier = oauth.new_code_verifier()
    code, state = await authorize(connector, http, verifier)
    assert state == "st-1"
    issued = next(iter(fake.codes.values()))
    assert set(issued.scope.split()) == {
        "tweet.read",
        "tweet.write",
        "users.read",
        "offline.access",
        "media.write",
    }
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=None)  # type: ignore[arg-type]
    with pytest.raises(PlatformError):  # a verifier that does not match the challenge is refused
        await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier="wrong" * 10)

    code, _ = await authorize(connector, http, verifier)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier=verifier)
    assert credentials.refresh_token
    assert credentials.expires_at is not None
    assert timedelta(minutes=100) < credentials.expires_at - datetime.now(UTC) <= timedelta(hours=2)
    token_call = fake.calls("POST", "/2/oauth2/token")[-1]
    assert token_call.headers["Authorization"].startswith("Basic ")
    assert b"client_secret" not in token_call.body

    [account] = await connector.list_accounts(credentials)
    assert account.external_id == fake.user_id
    assert (account.handle, account.display_name) == ("clickkloudy", "clickKloudy")
    assert account.url == "https://x.com/clickkloudy"
    assert str(account.avatar_url).startswith("https://pbs.twimg.com/")
    assert account.credentials.extra == {"user_id": fake.user_id, "username": "clickkloudy"}


async def test_publish_text(fake: FakeX, connector: x.XConnector, account: ConnectedAccount) -> None:
    published = await connector.publish(account.credentials, request("Hello from clickKloudy"))
    assert isinstance(published, Published)
    [post] = fake.posts
    assert (post.id, post.text) == (published.external_id, "Hello from clickKloudy")
    assert published.url == f"https://x.com/clickkloudy/status/{post.id}"
    assert published.rate is not None
    assert published.rate.remaining == 99
    assert published.rate.reset_at == datetime.fromtimestamp(fake.window_reset, UTC)


async def test_publish_images_in_chunks_with_alt_text(
    fake: FakeX, http: httpx.AsyncClient, account: ConnectedAccount, files: FileHost
) -> None:
    connector = make(fake, http, chunk_size=1000)
    photos = (
        image(files, "x-a.jpg", jpeg(), "image/jpeg", alt="A teal square"),
        image(files, "x-b.png", png(), "image/png"),
    )
    published = await connector.publish(account.credentials, request("Two photos", *photos))
    assert isinstance(published, Published)
    [post] = fake.posts
    assert len(post.media_ids) == 2
    uploads = [fake.uploads[media_id] for media_id in post.media_ids]
    assert [u.category for u in uploads] == ["tweet_image", "tweet_image"]
    assert [u.alt_text for u in uploads] == ["A teal square", ""]
    assert bytes(uploads[0].data) == jpeg()  # every chunk arrived, in order
    assert uploads[0].next_segment == -(-len(jpeg()) // 1000) > 1


@pytest.mark.parametrize("kind", ["video", "gif"])
async def test_processed_media_is_pending_until_x_is_done(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount, files: FileHost, kind: str
) -> None:
    data, content_type = (mp4(), "video/mp4") if kind == "video" else (animated_gif(), "image/gif")
    item = MediaItem(kind, content_type, files.put(f"x-clip.{kind}", data, content_type), size=len(data))
    req = request("Moving pictures", item)
    outcome = await connector.publish(account.credentials, req)
    assert isinstance(outcome, Pending)
    assert outcome.check_after == timedelta(seconds=1)
    json.dumps(outcome.state)  # stored with the target as JSON
    assert fake.posts == []

    outcome = await connector.check_status(account.credentials, req, outcome.state)
    assert isinstance(outcome, Pending)  # in_progress after one STATUS read
    assert fake.posts == []
    outcome = await connector.check_status(account.credentials, req, outcome.state)
    assert isinstance(outcome, Published)
    [post] = fake.posts
    assert post.id == outcome.external_id
    assert fake.uploads[post.media_ids[0]].category == f"tweet_{kind}"


async def test_failed_processing_is_permanent(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount, files: FileHost
) -> None:
    fake.fail_processing = True
    item = MediaItem("video", "video/mp4", files.put("x-bad.mp4", mp4(), "video/mp4"))
    outcome = await connector.publish(account.credentials, request("Broken clip", item))
    assert isinstance(outcome, Pending)
    outcome = await connector.check_status(account.credentials, request("Broken clip", item), outcome.state)
    assert isinstance(outcome, Pending)
    with pytest.raises(PermanentError) as caught:
        await connector.check_status(account.credentials, request("Broken clip", item), outcome.state)
    assert caught.value.code == "media_processing_failed"
    assert "Unsupported video format" in caught.value.message
    assert fake.posts == []


async def test_first_comment_is_a_reply(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount
) -> None:
    published = await connector.publish(account.credentials, request("Main post", first_comment="Link below"))
    assert isinstance(published, Published)
    main, reply = fake.posts
    assert main.id == published.external_id
    assert (reply.text, reply.reply_to) == ("Link below", main.id)


async def test_failed_first_comment_leaves_the_post_published(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount, caplog: pytest.LogCaptureFixture
) -> None:
    fake.window_remaining = 1  # the reply hits the 15-minute limit
    with caplog.at_level(logging.WARNING, logger="shared.platforms.x"):
        published = await connector.publish(
            account.credentials, request("Main only", first_comment="Too late")
        )
    assert isinstance(published, Published)
    [main] = fake.posts
    assert main.id == published.external_id
    assert f"X post {main.id} is published, but its first comment failed" in caplog.text
    assert account.credentials.access_token not in caplog.text


async def test_options_and_media_are_checked_before_anything_is_sent(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount, files: FileHost
) -> None:
    with pytest.raises(PermanentError) as caught:
        await connector.publish(account.credentials, request("Hi", first_comment="x" * 281))
    assert caught.value.code == "invalid_option"
    gif = MediaItem("gif", "image/gif", files.put("x-one.gif", animated_gif(), "image/gif"))
    photo = image(files, "x-one.jpg", jpeg(), "image/jpeg")
    with pytest.raises(PermanentError) as caught:
        await connector.publish(account.credentials, request("Hi", gif, photo))
    assert caught.value.code == "invalid_media"
    assert fake.calls("POST", "/2/(tweets|media)") == []


@pytest.mark.parametrize("window", ["15-minute", "24-hour"])
async def test_rate_limit_waits_for_the_window_that_ran_out(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount, window: str
) -> None:
    if window == "15-minute":
        fake.window_remaining, expected = 0, fake.window_reset
    else:
        fake.daily_remaining, expected = 0, fake.daily_reset
    with pytest.raises(RateLimitedError) as caught:
        await connector.publish(account.credentials, request("Too many"))
    assert caught.value.reset_at == datetime.fromtimestamp(expected, UTC)
    assert fake.posts == []


async def test_expired_token_refreshes_and_rotates(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount
) -> None:
    fake.expire_tokens()
    with pytest.raises(TokenExpiredError):
        await connector.publish(account.credentials, request("After refresh"))
    refreshed = await connector.refresh(account.credentials)
    assert refreshed.access_token != account.credentials.access_token
    assert refreshed.refresh_token != account.credentials.refresh_token
    assert refreshed.extra == account.credentials.extra  # the username still builds the post URL
    published = await connector.publish(refreshed, request("After refresh"))
    assert isinstance(published, Published)
    assert "/clickkloudy/status/" in str(published.url)
    with pytest.raises(AuthRevokedError):  # the old refresh token was spent by the rotation
        await connector.refresh(account.credentials)


async def test_revoked_access_needs_a_reconnect(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount
) -> None:
    fake.revoke_all()
    with pytest.raises(TokenExpiredError):
        await connector.publish(account.credentials, request("Nobody home"))
    with pytest.raises(AuthRevokedError):
        await connector.refresh(account.credentials)


async def test_revoke_forgets_both_tokens(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount
) -> None:
    await connector.revoke(account.credentials)
    assert account.credentials.access_token not in fake.access_tokens
    assert account.credentials.refresh_token not in fake.refresh_tokens
    calls = fake.calls("POST", "/2/oauth2/revoke")
    assert [c.headers["Authorization"][:6] for c in calls] == ["Basic ", "Basic "]


async def test_duplicate_text_is_refused(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount
) -> None:
    await connector.publish(account.credentials, request("Same words"))
    with pytest.raises(DuplicateError):
        await connector.publish(account.credentials, request("Same words"))
    assert len(fake.posts) == 1


async def test_timeout_is_ambiguous_and_reconciled(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount, files: FileHost
) -> None:
    text = "Fish & chips <3 at https://example.com/menu"
    photo = image(files, "x-fish.jpg", jpeg(), "image/jpeg")
    since = datetime.now(UTC)
    fake.fail_next("POST", r"/2/tweets$", hang_after_seconds=CLIENT_TIMEOUT + 1)
    with pytest.raises(AmbiguousError):
        await connector.publish(account.credentials, request(text, photo))
    [post] = fake.posts  # X created it exactly once
    # The timeline shows "&amp;", a t.co link and a media link: the match must see through them.
    found = await connector.find_published(account.credentials, request(text, photo), since)
    assert found is not None
    assert found.external_id == post.id
    assert found.url == f"https://x.com/clickkloudy/status/{post.id}"
    assert await connector.find_published(account.credentials, request("Something else"), since) is None


async def test_server_error_on_create_is_ambiguous(
    fake: FakeX, connector: x.XConnector, account: ConnectedAccount
) -> None:
    fake.fail_next("POST", r"/2/tweets$", status=503, json_body={"title": "Service Unavailable"})
    with pytest.raises(AmbiguousError):
        await connector.publish(account.credentials, request("Maybe"))
    assert await connector.find_published(account.credentials, request("Maybe"), datetime.now(UTC)) is None


async def test_metrics(fake: FakeX, connector: x.XConnector, account: ConnectedAccount) -> None:
    published = await connector.publish(account.credentials, request("Count me"))
    assert isinstance(published, Published)
    fake.tweets[published.external_id].metrics = {
        "impression_count": 900,
        "like_count": 40,
        "retweet_count": 5,
        "reply_count": 3,
        "quote_count": 2,
        "bookmark_count": 1,
    }
    ref = AccountRef(account.external_id, account.handle)
    [metrics] = await connector.fetch_post_metrics(account.credentials, ref, [published.external_id, "1"])
    assert metrics.external_id == published.external_id
    assert metrics.metrics == {
        "impressions": 900,
        "likes": 40,
        "reposts": 5,
        "replies": 3,
        "quotes": 2,
        "bookmarks": 1,
    }
    assert set(metrics.metrics) == set(x.CAPABILITIES.post_metrics)
    totals = await connector.fetch_account_metrics(account.credentials, ref)
    assert totals.followers == 1234
    assert totals.metrics == {"following": 56, "posts": 789, "listed": 10}
