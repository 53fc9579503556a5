"""The Bluesky connector against a fake PDS and video service over real HTTP."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from shared.platforms import bluesky
from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    ConnectedAccount,
    MediaItem,
    Pending,
    PermanentError,
    Published,
    PublishRequest,
    RateLimitedError,
    TokenExpiredError,
)
from tests.fakes.platforms.base import FileHost
from tests.fakes.platforms.bluesky import FakeBluesky
from tests.integration.platforms.conftest import (
    CLIENT_TIMEOUT,
    connector_settings,
    guarded,
    jpeg,
    mp4,
    png,
    serve,
)

APP_PASSWORD = "abcd-efgh-ijkl-mnop"


@pytest.fixture
def fake() -> Iterator[FakeBluesky]:
    yield from serve(FakeBluesky())


@pytest.fixture
async def connector(fake: FakeBluesky, http: httpx.AsyncClient) -> AsyncIterator[bluesky.BlueskyConnector]:
    settings = connector_settings("bluesky", fake.base_url)
    async with guarded(settings) as egress:
        yield bluesky.build(settings, http, egress)


@pytest.fixture
async def account(connector: bluesky.BlueskyConnector) -> ConnectedAccount:
    [found] = await connector.connect_with({"handle": "alice.bsky.social", "app_password": APP_PASSWORD})
    return found


def request(text: str, *media: MediaItem, **options: object) -> PublishRequest:
    return PublishRequest(text=text, media=media, options=dict(options), client_reference="target-1")


def logins(fake: FakeBluesky) -> int:
    return len(fake.calls("POST", "/xrpc/com.atproto.server.createSession"))


async def test_connect_with_an_app_password(fake: FakeBluesky, connector: bluesky.BlueskyConnector) -> None:
    [account] = await connector.connect_with(
        {"handle": "@alice.bsky.social", "app_password": f" {APP_PASSWORD} "}
    )
    assert (account.external_id, account.handle, account.display_name) == (
        fake.alice.did,
        "alice.bsky.social",
        "Alice",
    )
    assert account.url == "https://bsky.app/profile/alice.bsky.social"
    assert str(account.avatar_url).startswith("https://cdn.bsky.app/img/avatar/")
    assert account.metadata == {"did": fake.alice.did, "service": "https://bsky.social"}
    credentials = account.credentials
    assert credentials.refresh_token in fake.refresh
    assert credentials.extra["app_password"] == APP_PASSWORD  # sealed with the token, to log in again
    assert credentials.extra["pds"] == fake.base_url  # from the DID document
    assert credentials.expires_at is not None
    assert timedelta(minutes=110) < credentials.expires_at - datetime.now(UTC) <= timedelta(hours=2)
    assert APP_PASSWORD not in repr(credentials)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"handle": "alice.bsky.social", "app_password": "wrong-wrong-wrong-wrong"}, "invalid_credentials"),
        ({"handle": "alice.bsky.social", "app_password": ""}, "invalid_credentials"),
        (
            {"handle": "alice.bsky.social", "app_password": APP_PASSWORD, "service": "http://pds.example"},
            "invalid_option",
        ),
        (
            {"handle": "alice.bsky.social", "app_password": APP_PASSWORD, "service": "https://10.0.0.1"},
            "invalid_option",
        ),
    ],
)
async def test_bad_credentials_are_refused_clearly(
    connector: bluesky.BlueskyConnector, fields: dict[str, str], code: str
) -> None:
    with pytest.raises(PermanentError) as caught:
        await connector.connect_with(fields)
    assert caught.value.code == code
    assert caught.value.message
    assert APP_PASSWORD not in caught.value.message


async def test_the_account_password_is_refused_and_its_session_ended(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector
) -> None:
    with pytest.raises(PermanentError) as caught:
        await connector.connect_with({"handle": "alice.bsky.social", "app_password": fake.alice.password})
    assert caught.value.code == "app_password_required"
    assert fake.refresh == {}  # deleteSession: nothing usable is left behind
    assert fake.access == {}


async def test_publish_text_with_facets_and_langs(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount
) -> None:
    text = "Hi @bob.bsky.social and @nobody.example, see https://example.com/a ✨ #launch"
    published = await connector.publish(account.credentials, request(text, langs=["en", "pt-BR"]))
    assert isinstance(published, Published)
    [post] = fake.posts
    rkey = post.uri.rsplit("/", 1)[-1]
    assert published.external_id == post.uri == f"at://{fake.alice.did}/app.bsky.feed.post/{rkey}"
    assert published.url == f"https://bsky.app/profile/alice.bsky.social/post/{rkey}"
    assert post.value["text"] == text
    assert post.value["langs"] == ["en", "pt-BR"]
    features = {f["features"][0]["$type"].rsplit("#", 1)[-1]: f for f in post.value["facets"]}
    assert set(features) == {"mention", "link", "tag"}  # the unresolvable @nobody.example stays text
    mention = features["mention"]
    assert mention["features"][0]["did"] == fake.accounts["did:plc:bob7t5jx2kdn4f6ojq3zmw5b"].did
    raw = text.encode()
    assert raw[mention["index"]["byteStart"] : mention["index"]["byteEnd"]] == b"@bob.bsky.social"
    tag = features["tag"]["index"]
    assert raw[tag["byteStart"] : tag["byteEnd"]] == b"#launch"  # byte offsets, after a 3-byte emoji
    assert published.rate is not None
    assert (published.rate.remaining, published.rate.reset_at) == (
        4997,
        datetime.fromtimestamp(fake.window_reset, UTC),
    )


async def test_publish_images_with_alt_text(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount, files: FileHost
) -> None:
    photos = (
        MediaItem(
            "image",
            "image/jpeg",
            files.put("bs-a.jpg", jpeg(), "image/jpeg"),
            width=640,
            height=480,
            alt_text="Teal",
        ),
        MediaItem("image", "image/png", files.put("bs-b.png", png(), "image/png")),
    )
    published = await connector.publish(account.credentials, request("Two pictures", *photos))
    assert isinstance(published, Published)
    [post] = fake.posts
    embed = post.value["embed"]
    assert embed["$type"] == "app.bsky.embed.images"
    assert [image["alt"] for image in embed["images"]] == ["Teal", ""]
    assert embed["images"][0]["aspectRatio"] == {"width": 640, "height": 480}
    sizes = [fake.blobs[image["image"]["ref"]["$link"]][2] for image in embed["images"]]
    assert sizes == [len(jpeg()), len(png())]


async def test_an_image_over_one_megabyte_is_refused_before_upload(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount, files: FileHost
) -> None:
    big = MediaItem(
        "image", "image/jpeg", files.put("bs-big.jpg", b"\xff\xd8" + b"0" * 1_000_000, "image/jpeg")
    )
    with pytest.raises(PermanentError) as caught:
        await connector.publish(account.credentials, request("Too big", big))
    assert caught.value.code == "media_too_large"
    assert fake.calls("POST", "/xrpc/com.atproto.repo.uploadBlob") == []


async def test_video_is_pending_until_the_job_completes(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount, files: FileHost
) -> None:
    clip = MediaItem(
        "video",
        "video/mp4",
        files.put("bs-clip.mp4", mp4(), "video/mp4"),
        width=96,
        height=64,
        alt_text="A clip",
    )
    req = request("Watch this", clip)
    outcome = await connector.publish(account.credentials, req)
    assert isinstance(outcome, Pending)
    json.dumps(outcome.state)  # stored with the target as JSON
    service_auth = fake.calls("GET", "/xrpc/com.atproto.server.getServiceAuth")[0].query
    assert (service_auth["aud"], service_auth["lxm"]) == ("did:web:127.0.0.1", "com.atproto.repo.uploadBlob")
    assert fake.posts == []

    outcome = await connector.check_status(account.credentials, req, outcome.state)
    assert isinstance(outcome, Pending)  # still encoding
    outcome = await connector.check_status(account.credentials, req, outcome.state)
    assert isinstance(outcome, Published)
    [post] = fake.posts
    embed = post.value["embed"]
    assert embed["$type"] == "app.bsky.embed.video"
    assert (embed["alt"], embed["aspectRatio"]) == ("A clip", {"width": 96, "height": 64})
    assert fake.blobs[embed["video"]["ref"]["$link"]][1] == "video/mp4"


async def test_failed_video_job_is_permanent(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount, files: FileHost
) -> None:
    fake.fail_video = True
    clip = MediaItem("video", "video/mp4", files.put("bs-long.mp4", mp4(), "video/mp4"))
    outcome = await connector.publish(account.credentials, request("Long clip", clip))
    assert isinstance(outcome, Pending)
    outcome = await connector.check_status(account.credentials, request("Long clip", clip), outcome.state)
    assert isinstance(outcome, Pending)
    with pytest.raises(PermanentError) as caught:
        await connector.check_status(account.credentials, request("Long clip", clip), outcome.state)
    assert caught.value.code == "media_processing_failed"
    assert "Video is too long" in caught.value.message
    assert fake.posts == []


async def test_options_and_media_are_checked_first(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount, files: FileHost
) -> None:
    with pytest.raises(PermanentError) as caught:
        await connector.publish(account.credentials, request("Hi", langs=["en", "fr", "de", "es"]))
    assert caught.value.code == "invalid_option"
    gif = MediaItem("gif", "image/gif", files.put("bs-anim.gif", b"GIF89a", "image/gif"))
    with pytest.raises(PermanentError) as caught:
        await connector.publish(account.credentials, request("Hi", gif))
    assert caught.value.code == "invalid_media"
    assert fake.calls("POST", "/xrpc/com.atproto.repo.") == []


async def test_write_limit_waits_for_the_reset(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount
) -> None:
    fake.write_spent[fake.alice.did] = 4999
    with pytest.raises(RateLimitedError) as caught:
        await connector.publish(account.credentials, request("One too many"))
    assert caught.value.reset_at == datetime.fromtimestamp(fake.window_reset, UTC)
    assert fake.posts == []


async def test_login_limit_waits_for_the_reset(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector
) -> None:
    now = time.time()
    fake.logins["alice.bsky.social"] = [now] * 30
    with pytest.raises(RateLimitedError) as caught:
        await connector.connect_with({"handle": "alice.bsky.social", "app_password": APP_PASSWORD})
    assert caught.value.reset_at == datetime.fromtimestamp(int(now) + 300, UTC)


async def test_expired_token_is_a_400_and_refreshes_without_logging_in(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount
) -> None:
    fake.expire_access()
    with pytest.raises(TokenExpiredError):
        await connector.publish(account.credentials, request("After refresh"))
    assert fake.requests[-1].path.endswith("createRecord")
    before = logins(fake)
    refreshed = await connector.refresh(account.credentials)
    assert logins(fake) == before  # refreshSession, no new login
    assert refreshed.refresh_token != account.credentials.refresh_token
    assert refreshed.extra["app_password"] == APP_PASSWORD
    assert isinstance(await connector.publish(refreshed, request("After refresh")), Published)


async def test_dead_refresh_token_logs_in_again_with_the_app_password(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount
) -> None:
    fake.expire_access()
    fake.expire_refresh()
    before = logins(fake)
    refreshed = await connector.refresh(account.credentials)
    assert logins(fake) == before + 1
    assert isinstance(await connector.publish(refreshed, request("Logged in again")), Published)


@pytest.mark.parametrize("how", ["app password revoked", "account taken down"])
async def test_revoked_access_needs_a_reconnect(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount, how: str
) -> None:
    fake.expire_access()
    fake.expire_refresh()
    if how == "app password revoked":
        fake.alice.app_passwords.clear()
    else:
        fake.alice.takendown = True
    with pytest.raises(AuthRevokedError):
        await connector.refresh(account.credentials)


async def test_revoke_ends_the_session(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount
) -> None:
    await connector.revoke(account.credentials)
    assert account.credentials.refresh_token not in fake.refresh
    assert account.credentials.access_token not in fake.access
    with pytest.raises(TokenExpiredError):  # InvalidToken: the pipeline refreshes, which logs in again
        await connector.publish(account.credentials, request("Gone"))
    await connector.revoke(account.credentials)  # a second revoke finds nothing to end


async def test_timeout_is_ambiguous_and_reconciled(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount
) -> None:
    since = datetime.now(UTC)
    fake.fail_next("POST", r"/xrpc/com.atproto.repo.createRecord$", hang_after_seconds=CLIENT_TIMEOUT + 1)
    with pytest.raises(AmbiguousError):
        await connector.publish(account.credentials, request("Did it post?"))
    [post] = fake.posts  # written exactly once
    found = await connector.find_published(account.credentials, request("Did it post?"), since)
    assert found is not None
    assert found.external_id == post.uri
    assert found.url == f"https://bsky.app/profile/alice.bsky.social/post/{post.uri.rsplit('/', 1)[-1]}"
    assert await connector.find_published(account.credentials, request("Another text"), since) is None
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert await connector.find_published(account.credentials, request("Did it post?"), later) is None


async def test_upstream_failure_on_create_is_ambiguous(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount
) -> None:
    fake.fail_next(
        "POST",
        r"/xrpc/com.atproto.repo.createRecord$",
        status=502,
        json_body={"error": "UpstreamFailure", "message": "Upstream Failure"},
    )
    with pytest.raises(AmbiguousError):
        await connector.publish(account.credentials, request("Maybe"))
    assert fake.posts == []


async def test_metrics(
    fake: FakeBluesky, connector: bluesky.BlueskyConnector, account: ConnectedAccount
) -> None:
    published = await connector.publish(account.credentials, request("Count me"))
    assert isinstance(published, Published)
    fake.records[published.external_id].metrics = {
        "likeCount": 7,
        "repostCount": 2,
        "replyCount": 1,
        "quoteCount": 3,
    }
    ref = AccountRef(account.external_id, account.handle)
    gone = f"at://{fake.alice.did}/app.bsky.feed.post/3zzzzzzzzzzzz"
    [metrics] = await connector.fetch_post_metrics(account.credentials, ref, [published.external_id, gone])
    assert metrics.external_id == published.external_id
    assert metrics.metrics == {"likes": 7, "reposts": 2, "replies": 1, "quotes": 3}
    assert set(metrics.metrics) == set(bluesky.CAPABILITIES.post_metrics)
    totals = await connector.fetch_account_metrics(account.credentials, ref)
    assert totals.followers == 321
    assert totals.metrics == {"following": 45, "posts": 1}
