"""The YouTube connector against the fake YouTube Data API and Google OAuth, over real HTTP."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest

from shared.platforms import oauth, youtube
from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    ConnectedAccount,
    DuplicateError,
    MediaItem,
    Pending,
    PermanentError,
    Published,
    PublishRequest,
    RateLimitedError,
    TokenExpiredError,
)
from shared.platforms.ratelimit import next_midnight
from tests.fakes.platforms.base import FileHost
from tests.fakes.platforms.youtube import QUANTUM, FakeYouTube
from tests.integration.platforms.conftest import connector_settings, mp4, serve

UPLOAD = "/upload/youtube/v3/videos"
REDIRECT = "https://app.example/oauth/callback"


@pytest.fixture
def fake() -> Iterator[FakeYouTube]:
    yield from serve(FakeYouTube())


@pytest.fixture
def connector(fake: FakeYouTube, http: httpx.AsyncClient) -> youtube.YouTubeConnector:
    return youtube.build(connector_settings("youtube", fake.base_url), http)


async def connect(
    connector: youtube.YouTubeConnector, http: httpx.AsyncClient
) -> tuple[ConnectedAccount, str]:
    """The whole authorization-code flow, as the callback route drives it; returns the account and the URL."""
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=None)  # type: ignore[arg-type]
    verifier = oauth.new_code_verifier()
    url = oauth.authorization_url(
        client, youtube.OAUTH, redirect_uri=REDIRECT, state="st-1", code_verifier=verifier
    )
    consent = await http.get(url, follow_redirects=False)
    assert consent.status_code == 302
    query = parse_qs(urlsplit(consent.headers["location"]).query)
    assert query["state"] == ["st-1"]
    credentials = await connector.exchange_code(
        client, query["code"][0], redirect_uri=REDIRECT, code_verifier=verifier
    )
    [account] = await connector.list_accounts(credentials)
    return account, url


def video_request(
    files: FileHost,
    account: ConnectedAccount,
    data: bytes,
    text: str = "Launch day\nAll the details.",
    **options: object,
) -> PublishRequest:
    name = f"yt-{len(files.files)}.mp4"
    url = files.put(name, data, "video/mp4")
    return PublishRequest(
        text=text,
        media=(MediaItem("video", "video/mp4", url, size=len(data)),),
        options=dict(options),
        client_reference="target-1",
        account=AccountRef(account.external_id, account.handle, account.metadata),
    )


def unique_video(tag: str, padding: int = 0) -> bytes:
    """A real MP4 followed by bytes that make it unique (YouTube rejects re-uploads as duplicates)."""
    return mp4() + tag.encode() + b"\0" * padding


async def settle(
    connector: youtube.YouTubeConnector, credentials: object, request: PublishRequest, outcome: object
) -> Published:
    for _ in range(5):
        if isinstance(outcome, Published):
            return outcome
        assert isinstance(outcome, Pending)
        outcome = await connector.check_status(credentials, request, outcome.state)  # type: ignore[arg-type]
    raise AssertionError("the video never finished processing")


async def test_connect_end_to_end(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient
) -> None:
    account, url = await connect(connector, http)
    query = parse_qs(urlsplit(url).query)
    assert query["access_type"] == ["offline"]
    assert query["prompt"] == ["consent"]
    assert query["code_challenge_method"] == ["S256"]
    assert set(query["scope"][0].split()) == {youtube.SCOPE_UPLOAD, youtube.SCOPE_READ}
    assert account.external_id == fake.channel.id
    assert account.handle == "@fakechannel"
    assert account.metadata == {"uploads_playlist": fake.channel.uploads}
    assert account.credentials.refresh_token
    assert account.credentials.expires_at


async def test_a_wrong_code_verifier_is_refused(
    connector: youtube.YouTubeConnector, http: httpx.AsyncClient
) -> None:
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=None)  # type: ignore[arg-type]
    url = oauth.authorization_url(
        client, youtube.OAUTH, redirect_uri=REDIRECT, state="s", code_verifier=oauth.new_code_verifier()
    )
    consent = await http.get(url, follow_redirects=False)
    code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
    with pytest.raises(AuthRevokedError):
        await connector.exchange_code(
            client, code, redirect_uri=REDIRECT, code_verifier=oauth.new_code_verifier()
        )


async def test_publish_a_video_then_processing_then_published(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    request = video_request(files, account, unique_video("one"), tags=["launch"], privacy="unlisted")
    outcome = await connector.publish(account.credentials, request)
    assert isinstance(outcome, Pending)
    [video] = fake.videos.values()
    assert outcome.state == {"video_id": video.id}
    assert (video.title, video.description, video.privacy, video.tags) == (
        "Launch day",
        "Launch day\nAll the details.",
        "unlisted",
        ["launch"],
    )
    second = await connector.check_status(account.credentials, request, outcome.state)
    assert isinstance(second, Pending)  # still processing on the first status read
    published = await settle(connector, account.credentials, request, second)
    assert published == Published(video.id, f"https://www.youtube.com/watch?v={video.id}")
    [start] = fake.calls("POST", UPLOAD)
    assert start.headers["X-Upload-Content-Type"] == "video/mp4"
    assert start.query == {"uploadType": "resumable", "part": "snippet,status"}


async def test_large_video_goes_in_256_kib_chunks(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    connector.chunk_size = QUANTUM
    data = unique_video("chunks", padding=2 * QUANTUM)
    await connector.publish(account.credentials, video_request(files, account, data))
    ranges = [c.headers["Content-Range"] for c in fake.calls("PUT", UPLOAD)]
    total = len(data)
    assert ranges == [
        f"bytes 0-{QUANTUM - 1}/{total}",
        f"bytes {QUANTUM}-{2 * QUANTUM - 1}/{total}",
        f"bytes {2 * QUANTUM}-{total - 1}/{total}",
    ]
    [video] = fake.videos.values()
    assert video.digest == hashlib.sha256(data).hexdigest()


async def test_a_broken_chunk_is_resumed_from_what_youtube_holds(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    connector.chunk_size = QUANTUM
    data = unique_video("resume", padding=2 * QUANTUM)
    fake.fail_next("PUT", UPLOAD, status=503, json_body={"error": {"code": 503, "message": "Backend Error"}})
    outcome = await connector.publish(account.credentials, video_request(files, account, data))
    assert isinstance(outcome, Pending)
    ranges = [c.headers["Content-Range"] for c in fake.calls("PUT", UPLOAD)]
    assert ranges[:3] == [
        f"bytes 0-{QUANTUM - 1}/{len(data)}",
        f"bytes */{len(data)}",
        f"bytes 0-{QUANTUM - 1}/{len(data)}",
    ]
    assert len(fake.videos) == 1


async def test_a_lost_session_starts_over_before_anything_exists(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    fake.fail_next("PUT", UPLOAD, status=404, text="Not Found")
    outcome = await connector.publish(
        account.credentials, video_request(files, account, unique_video("lost"))
    )
    assert isinstance(outcome, Pending)
    assert len(fake.calls("POST", UPLOAD)) == 2
    assert len(fake.videos) == 1


async def test_a_lost_answer_to_the_final_chunk_is_settled_by_a_probe(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    fake.fail_next("PUT", UPLOAD, hang_after_seconds=2)  # the video is created, the answer is late
    outcome = await connector.publish(
        account.credentials, video_request(files, account, unique_video("probe"))
    )
    [video] = fake.videos.values()
    assert isinstance(outcome, Pending)
    assert outcome.state == {"video_id": video.id}


async def test_ambiguous_final_chunk_then_found_on_the_channel(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    request = video_request(files, account, unique_video("ambiguous"), title="Exactly once")
    fake.fail_next("PUT", UPLOAD, hang_after_seconds=2, times=2)  # the final chunk and the probe
    since = datetime.now(UTC)
    with pytest.raises(AmbiguousError):
        await connector.publish(account.credentials, request)
    [video] = fake.videos.values()
    found = await connector.find_published(account.credentials, request, since)
    assert found == Published(video.id, f"https://www.youtube.com/watch?v={video.id}")
    other = replace(request, options={"title": "Something else"})
    assert await connector.find_published(account.credentials, other, since) is None


async def test_find_published_reads_the_uploads_playlist_when_the_account_lacks_it(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    request = video_request(files, account, unique_video("playlist"))
    await connector.publish(account.credentials, request)
    bare = replace(request, account=AccountRef(account.external_id))
    found = await connector.find_published(
        account.credentials, bare, datetime.now(UTC) - timedelta(minutes=1)
    )
    assert found is not None
    assert found.external_id in fake.videos


async def test_quota_exceeded_waits_for_midnight_pacific(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    body = {
        "error": {
            "code": 403,
            "message": "quota",
            "errors": [{"reason": "quotaExceeded", "domain": "youtube.quota"}],
        }
    }
    fake.fail_next("POST", UPLOAD, status=403, json_body=body)
    with pytest.raises(RateLimitedError) as raised:
        await connector.publish(account.credentials, video_request(files, account, unique_video("quota")))
    assert abs(raised.value.reset_at - next_midnight("America/Los_Angeles")) < timedelta(minutes=1)
    assert raised.value.reset_at.astimezone(ZoneInfo("America/Los_Angeles")).hour == 0
    assert not fake.videos


async def test_upload_limit_waits_a_day(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    body = {"error": {"code": 400, "message": "limit", "errors": [{"reason": "uploadLimitExceeded"}]}}
    fake.fail_next("POST", UPLOAD, status=400, json_body=body)
    with pytest.raises(RateLimitedError) as raised:
        await connector.publish(account.credentials, video_request(files, account, unique_video("cap")))
    assert timedelta(hours=23, minutes=59) < raised.value.reset_at - datetime.now(UTC) <= timedelta(hours=24)


async def test_expired_token_refreshes_then_publishes(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    request = video_request(files, account, unique_video("expired"))
    fake.expire_tokens()
    with pytest.raises(TokenExpiredError):
        await connector.publish(account.credentials, request)
    refreshed = await connector.refresh(account.credentials)
    assert refreshed.access_token != account.credentials.access_token
    assert refreshed.refresh_token == account.credentials.refresh_token  # Google does not rotate it
    assert isinstance(await connector.publish(refreshed, request), Pending)


async def test_revoked_grant_needs_reconnecting(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    fake.revoke_all()
    with pytest.raises(TokenExpiredError):  # Google's 401 cannot tell expired from revoked...
        await connector.publish(account.credentials, video_request(files, account, unique_video("revoked")))
    with pytest.raises(AuthRevokedError):  # ...the refresh can
        await connector.refresh(account.credentials)


async def test_missing_permission_needs_reconnecting(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    fake.fail_next("POST", UPLOAD, status=403, json_body=google_error_body("insufficientPermissions"))
    with pytest.raises(AuthRevokedError):
        await connector.publish(account.credentials, video_request(files, account, unique_video("scope")))


def google_error_body(reason: str) -> dict[str, object]:
    return {"error": {"code": 403, "message": reason, "errors": [{"reason": reason, "domain": "global"}]}}


async def test_the_same_video_twice_is_rejected_as_duplicate(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    data = unique_video("twice")
    first = video_request(files, account, data)
    await settle(connector, account.credentials, first, await connector.publish(account.credentials, first))
    again = video_request(files, account, data, text="Same video, new words")
    with pytest.raises(DuplicateError):
        await settle(
            connector, account.credentials, again, await connector.publish(account.credentials, again)
        )


async def test_invalid_options_are_refused_before_uploading(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    data = unique_video("options")
    for options in (
        {"privacy": "friends"},
        {"title": "a <b> title"},
        {"tags": "not-a-list"},
        {"title": "x" * 101},
    ):
        with pytest.raises(PermanentError) as raised:
            await connector.publish(account.credentials, video_request(files, account, data, **options))
        assert raised.value.code == "invalid_option"
    with pytest.raises(PermanentError):
        await connector.publish(account.credentials, video_request(files, account, data, text="I <3 it"))
    assert not fake.calls("POST", UPLOAD)


async def test_a_long_first_line_makes_a_shortened_title(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    await connector.publish(
        account.credentials, video_request(files, account, unique_video("t"), text="word " * 40)
    )
    [video] = fake.videos.values()
    assert len(video.title) == 100
    assert video.title.endswith("…")


async def test_metadata_errors_from_youtube_are_invalid_content(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    with pytest.raises(PermanentError) as raised:
        await connector.publish(
            account.credentials, video_request(files, account, unique_video("c"), category_id="999")
        )
    assert raised.value.code == "youtube_invalidCategoryId"


async def test_metrics(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account, _ = await connect(connector, http)
    request = video_request(files, account, unique_video("metrics"))
    published = await settle(
        connector, account.credentials, request, await connector.publish(account.credentials, request)
    )
    fake.videos[published.external_id].statistics.update(
        viewCount=1500, likeCount=42, commentCount=7, favoriteCount=0
    )
    ref = AccountRef(account.external_id, account.handle, account.metadata)
    [metrics] = await connector.fetch_post_metrics(account.credentials, ref, [published.external_id])
    assert metrics.metrics == {"views": 1500, "likes": 42, "comments": 7, "favorites": 0}
    channel = await connector.fetch_account_metrics(account.credentials, ref)
    assert channel.followers == 1234
    assert channel.metrics == {"subscribers": 1234, "views": 98765, "videos": 1}


async def test_revoke_ends_the_grant(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient
) -> None:
    account, _ = await connect(connector, http)
    await connector.revoke(account.credentials)
    assert fake.revoked_tokens == [account.credentials.refresh_token]
    with pytest.raises(AuthRevokedError):
        await connector.refresh(account.credentials)
    await connector.revoke(account.credentials)  # already gone: nothing to do, no error


async def test_text_alone_is_not_a_youtube_post(
    fake: FakeYouTube, connector: youtube.YouTubeConnector, http: httpx.AsyncClient
) -> None:
    account, _ = await connect(connector, http)
    with pytest.raises(PermanentError) as raised:
        await connector.publish(account.credentials, PublishRequest(text="Just words"))
    assert raised.value.code == "unsupported_media"
    assert not fake.calls("POST", UPLOAD)
