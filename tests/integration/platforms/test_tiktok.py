"""The TikTok connector against the fake TikTok (Login Kit v2, Content Posting API), over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from shared.platforms import oauth, tiktok
from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    ConnectedAccount,
    Credentials,
    MediaItem,
    Pending,
    PermanentError,
    Published,
    PublishOutcome,
    PublishRequest,
    RateLimitedError,
    TokenExpiredError,
    TransientError,
)
from tests.fakes.platforms.base import FileHost
from tests.fakes.platforms.tiktok import MB, FakeTikTok
from tests.integration.platforms.conftest import connector_settings, mp4, serve

INIT = "/v2/post/publish/video/init/"
UPLOAD = "/video/"
STATUS = "/v2/post/publish/status/fetch/"
REDIRECT = "https://app.example/oauth/tiktok/callback/"


@pytest.fixture
def fake() -> Iterator[FakeTikTok]:
    yield from serve(FakeTikTok())


@pytest.fixture
def connector(fake: FakeTikTok, http: httpx.AsyncClient) -> tiktok.TikTokConnector:
    return tiktok.build(connector_settings("tiktok", fake.base_url), http)


async def authorize(connector: tiktok.TikTokConnector, http: httpx.AsyncClient) -> tuple[Any, str, str]:
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=None)  # type: ignore[arg-type]
    verifier = oauth.new_code_verifier()
    url = oauth.authorization_url(
        client, tiktok.OAUTH, redirect_uri=REDIRECT, state="st-9", code_verifier=verifier
    )
    consent = await http.get(url, follow_redirects=False)
    assert consent.status_code == 302
    query = parse_qs(urlsplit(consent.headers["location"]).query)
    assert query["state"] == ["st-9"]
    return client, query["code"][0], verifier


async def connect(connector: tiktok.TikTokConnector, http: httpx.AsyncClient) -> ConnectedAccount:
    client, code, verifier = await authorize(connector, http)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier=verifier)
    [account] = await connector.list_accounts(credentials)
    return account


def video_request(
    files: FileHost, account: ConnectedAccount, data: bytes, text: str = "New drop #launch", **options: object
) -> PublishRequest:
    url = files.put(f"tt-{len(files.files)}.mp4", data, "video/mp4")
    return PublishRequest(
        text=text,
        media=(MediaItem("video", "video/mp4", url, size=len(data), duration_ms=2000),),
        options={"privacy": "PUBLIC_TO_EVERYONE", **options},
        client_reference="target-7",
        account=AccountRef(account.external_id, account.handle, account.metadata),
    )


async def settle(
    connector: tiktok.TikTokConnector,
    credentials: Credentials,
    request: PublishRequest,
    outcome: PublishOutcome,
) -> Published:
    for _ in range(5):
        if isinstance(outcome, Published):
            return outcome
        outcome = await connector.check_status(credentials, request, outcome.state)
    raise AssertionError("the publish never completed")


async def test_connect_end_to_end(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient
) -> None:
    client, code, verifier = await authorize(connector, http)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier=verifier)
    [call] = fake.calls("POST", "/v2/oauth/token/")
    token_form_keys = sorted(parse_qs(call.body.decode()))
    assert "client_key" in token_form_keys
    assert "client_id" not in token_form_keys
    assert credentials.refresh_token
    assert credentials.expires_at is not None
    assert "refresh_expires_at" in credentials.extra
    [account] = await connector.list_accounts(credentials)
    assert account.external_id == fake.creator.open_id
    assert account.handle == "fake.creator"
    assert account.url == "https://www.tiktok.com/@fake.creator"
    [authorize_call] = fake.calls("GET", "/v2/auth/authorize/")
    assert authorize_call.query["client_key"] == "test-client"
    assert authorize_call.query["scope"] == "user.info.basic,user.info.stats,video.publish,video.list"


async def test_a_wrong_code_verifier_is_refused(
    connector: tiktok.TikTokConnector, http: httpx.AsyncClient
) -> None:
    client, code, _ = await authorize(connector, http)
    with pytest.raises(AuthRevokedError):
        await connector.exchange_code(
            client, code, redirect_uri=REDIRECT, code_verifier=oauth.new_code_verifier()
        )


async def test_publish_a_small_video_whole_then_poll_to_published(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    data = mp4()
    request = video_request(files, account, data, disable_comment=True)
    outcome = await connector.publish(account.credentials, request)
    assert isinstance(outcome, Pending)
    [publish] = fake.publishes.values()
    assert outcome.state == {"publish_id": publish.id, "username": "fake.creator"}
    assert (publish.video_size, publish.chunk_size, publish.chunk_count) == (len(data), len(data), 1)
    assert publish.post_info["title"] == "New drop #launch"
    assert publish.post_info["disable_comment"] is True
    [put] = fake.calls("PUT", UPLOAD)
    assert put.headers["Content-Range"] == f"bytes 0-{len(data) - 1}/{len(data)}"
    assert put.headers["Content-Type"] == "video/mp4"
    pending = await connector.check_status(account.credentials, request, outcome.state)
    assert isinstance(pending, Pending)  # no public id before PUBLISH_COMPLETE
    published = await settle(connector, account.credentials, request, pending)
    [video] = fake.videos.values()
    assert published == Published(str(video.id), f"https://www.tiktok.com/@fake.creator/video/{video.id}")


async def test_a_large_video_goes_in_chunks_with_the_remainder_last(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    connector.chunk_size = 5 * MB
    data = mp4() + b"\0" * (11 * MB)
    total = len(data)
    await connector.publish(account.credentials, video_request(files, account, data))
    [publish] = fake.publishes.values()
    assert (publish.chunk_size, publish.chunk_count) == (5 * MB, 2)
    ranges = [c.headers["Content-Range"] for c in fake.calls("PUT", UPLOAD)]
    assert ranges == [f"bytes 0-{5 * MB - 1}/{total}", f"bytes {5 * MB}-{total - 1}/{total}"]
    assert publish.uploaded


async def test_chunking_follows_the_media_transfer_guide() -> None:
    assert tiktok.chunking(3 * MB) == (3 * MB, 1)
    assert tiktok.chunking(10 * MB) == (10 * MB, 1)
    assert tiktok.chunking(25 * MB) == (10 * MB, 2)  # the last chunk carries 15 MB
    assert tiktok.chunking(4096 * MB) == (10 * MB, 409)


async def test_a_private_post_has_no_public_id(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    request = video_request(files, account, mp4(), privacy="private")
    outcome = await connector.publish(account.credentials, request)
    published = await settle(connector, account.credentials, request, outcome)
    [publish] = fake.publishes.values()
    assert publish.post_info["privacy_level"] == "SELF_ONLY"
    assert published == Published(publish.id)


async def test_privacy_is_required_and_must_be_the_creators(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    fake.creator.privacy_options = ["FOLLOWER_OF_CREATOR", "SELF_ONLY"]
    for privacy in (None, "public", "everyone"):
        request = video_request(files, account, mp4(), privacy=privacy)
        if privacy is None:
            request.options.pop("privacy")
        with pytest.raises(PermanentError) as raised:
            await connector.publish(account.credentials, request)
        assert raised.value.code == "invalid_option"
        assert "FOLLOWER_OF_CREATOR, SELF_ONLY" in raised.value.message
    with pytest.raises(PermanentError):
        await connector.publish(account.credentials, video_request(files, account, mp4(), disable_duet="yes"))
    assert not fake.calls("POST", INIT)


async def test_an_unaudited_app_is_told_clearly(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    fake.audited = False
    with pytest.raises(PermanentError) as raised:
        await connector.publish(account.credentials, video_request(files, account, mp4()))
    assert raised.value.code == "tiktok_unaudited_client"
    assert "SELF_ONLY" in raised.value.message


async def test_a_file_that_is_not_a_video_fails_with_the_reason(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    request = video_request(files, account, b"not a video at all" * 100)
    outcome = await connector.publish(account.credentials, request)
    with pytest.raises(PermanentError) as raised:
        await settle(connector, account.credentials, request, outcome)
    assert raised.value.code == "tiktok_file_format_check_failed"


async def test_the_seventh_init_in_a_minute_is_rate_limited(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    for _ in range(6):
        await connector.publish(account.credentials, video_request(files, account, mp4()))
    with pytest.raises(RateLimitedError) as raised:
        await connector.publish(account.credentials, video_request(files, account, mp4()))
    wait = raised.value.reset_at - datetime.now(UTC)
    assert timedelta(seconds=55) < wait <= timedelta(seconds=60)
    assert len(fake.publishes) == 6


async def test_the_daily_cap_inside_a_200_waits_a_day(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    body = {"data": {}, "error": {"code": "spam_risk_too_many_posts", "message": "cap", "log_id": "x"}}
    fake.fail_next("POST", INIT, status=200, json_body=body)
    with pytest.raises(RateLimitedError) as raised:
        await connector.publish(account.credentials, video_request(files, account, mp4()))
    assert raised.value.reset_at - datetime.now(UTC) > timedelta(hours=23)


async def test_expired_token_refreshes_with_a_rotated_refresh_token(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    request = video_request(files, account, mp4())
    fake.expire_tokens()
    with pytest.raises(TokenExpiredError):
        await connector.publish(account.credentials, request)
    refreshed = await connector.refresh(account.credentials)
    assert refreshed.refresh_token != account.credentials.refresh_token
    assert isinstance(await connector.publish(refreshed, request), Pending)
    with pytest.raises(AuthRevokedError):  # the old refresh token was used up by the rotation
        await connector.refresh(account.credentials)


async def test_revoked_access_needs_reconnecting(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    fake.revoke_all()
    with pytest.raises(TokenExpiredError):
        await connector.publish(account.credentials, video_request(files, account, mp4()))
    with pytest.raises(AuthRevokedError):
        await connector.refresh(account.credentials)


async def test_a_missing_scope_needs_reconnecting(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    for token in fake.access_tokens.values():
        token["scope"] = "user.info.basic"
    with pytest.raises(AuthRevokedError):
        await connector.publish(account.credentials, video_request(files, account, mp4()))


async def test_an_expired_refresh_token_is_not_even_tried(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient
) -> None:
    account = await connect(connector, http)
    old = Credentials(
        "at", account.credentials.refresh_token, None, {"refresh_expires_at": "2020-01-01T00:00:00+00:00"}
    )
    with pytest.raises(AuthRevokedError):
        await connector.refresh(old)
    assert len(fake.calls("POST", "/v2/oauth/token/")) == 1  # only the code exchange


async def test_lost_answer_to_the_last_chunk_is_settled_by_the_status(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    fake.fail_next("PUT", UPLOAD, hang_after_seconds=2)  # every byte arrives, the answer does not
    outcome = await connector.publish(account.credentials, video_request(files, account, mp4()))
    [publish] = fake.publishes.values()
    assert isinstance(outcome, Pending)
    assert outcome.state["publish_id"] == publish.id


async def test_ambiguous_last_chunk_then_found_among_the_creators_videos(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    request = video_request(files, account, mp4(), text="Exactly once, please")
    since = datetime.now(UTC)
    fake.fail_next("PUT", UPLOAD, hang_after_seconds=2)
    fake.fail_next(
        "POST",
        STATUS,
        status=500,
        json_body={"data": {}, "error": {"code": "internal_error", "message": "", "log_id": "x"}},
    )
    with pytest.raises(AmbiguousError):
        await connector.publish(account.credentials, request)
    [publish] = fake.completed
    assert len(fake.publishes) == 1
    assert await connector.find_published(account.credentials, request, since) is None  # still processing
    for _ in range(fake.processing_polls):  # TikTok finishes it in the background
        await connector.check_status(
            account.credentials, request, {"publish_id": publish.id, "username": "fake.creator"}
        )
    found = await connector.find_published(account.credentials, request, since)
    assert found == Published(
        str(publish.video_id), f"https://www.tiktok.com/@fake.creator/video/{publish.video_id}"
    )
    other = PublishRequest(text="Something else", account=request.account)
    assert await connector.find_published(account.credentials, other, since) is None


async def test_a_broken_middle_chunk_is_transient_and_posts_nothing(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    connector.chunk_size = 5 * MB
    fake.fail_next("PUT", UPLOAD, status=503, text="Service Unavailable")
    with pytest.raises(TransientError):
        await connector.publish(account.credentials, video_request(files, account, mp4() + b"\0" * (11 * MB)))
    assert not fake.completed


async def test_metrics(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    request = video_request(files, account, mp4())
    published = await settle(
        connector, account.credentials, request, await connector.publish(account.credentials, request)
    )
    fake.videos[int(published.external_id)].counts.update(
        view_count=900, like_count=80, comment_count=6, share_count=3
    )
    ref = AccountRef(account.external_id, account.handle, account.metadata)
    [metrics] = await connector.fetch_post_metrics(
        account.credentials, ref, [published.external_id, "v_pub_file~v2-1.1"]
    )
    assert metrics.metrics == {"views": 900, "likes": 80, "comments": 6, "shares": 3}
    stats = await connector.fetch_account_metrics(account.credentials, ref)
    assert stats.followers == 321
    assert stats.metrics == {"followers": 321, "following": 12, "likes": 456, "videos": 1}


async def test_revoke(fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient) -> None:
    account = await connect(connector, http)
    await connector.revoke(account.credentials)
    assert fake.revoked == [account.credentials.access_token]
    with pytest.raises(AuthRevokedError):
        await connector.refresh(account.credentials)


async def test_text_alone_is_not_a_tiktok_post(
    fake: FakeTikTok, connector: tiktok.TikTokConnector, http: httpx.AsyncClient
) -> None:
    account = await connect(connector, http)
    with pytest.raises(PermanentError) as raised:
        await connector.publish(
            account.credentials, PublishRequest(text="Just words", options={"privacy": "public"})
        )
    assert raised.value.code == "unsupported_media"
    assert not fake.calls("POST", INIT)
