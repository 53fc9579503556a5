"""The Pinterest connector against the fake Pinterest over real HTTP: connect with a default board,
image, carousel and video Pins, every error class, reconciliation and metrics."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from shared.platforms import oauth, pinterest
from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    ConnectedAccount,
    Credentials,
    MediaItem,
    NotSupportedError,
    OAuthClient,
    Pending,
    PermanentError,
    Published,
    PublishRequest,
    RateLimitedError,
    TokenExpiredError,
    TransientError,
)
from tests.fakes.platforms.base import FileHost
from tests.fakes.platforms.pinterest import FakePinterest
from tests.integration.platforms.conftest import NoApps, connector_settings, jpeg, mp4, png, serve

REDIRECT = "https://app.example/oauth/pinterest/callback"


@pytest.fixture
def fake() -> Iterator[FakePinterest]:
    yield from serve(FakePinterest())


def connector_for(fake: FakePinterest, http: httpx.AsyncClient) -> pinterest.PinterestConnector:
    return pinterest.build(connector_settings("pinterest", fake.base_url), http)


async def authorize(
    connector: pinterest.PinterestConnector, http: httpx.AsyncClient
) -> tuple[OAuthClient, str]:
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=NoApps())
    assert pinterest.AUTH.oauth is not None
    url = oauth.authorization_url(
        client,
        pinterest.AUTH.oauth,
        redirect_uri=REDIRECT,
        state="st-7",
        code_verifier=oauth.new_code_verifier(),
    )
    query = parse_qs(urlparse(url).query)
    assert urlparse(url).path == "/oauth/"
    assert query["scope"] == ["boards:read,pins:read,pins:write,user_accounts:read"]
    answer = await http.get(url, follow_redirects=False)
    assert answer.status_code == 302
    back = parse_qs(urlparse(answer.headers["location"]).query)
    assert back["state"] == ["st-7"]
    return client, back["code"][0]


async def connect(
    connector: pinterest.PinterestConnector, http: httpx.AsyncClient
) -> tuple[Credentials, ConnectedAccount]:
    client, code = await authorize(connector, http)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier="")
    [account] = await connector.list_accounts(credentials)
    return credentials, account


def ref(account: ConnectedAccount) -> AccountRef:
    return AccountRef(account.external_id, account.handle, account.metadata)


def picture(files: FileHost, name: str, data: bytes, alt: str = "") -> MediaItem:
    return MediaItem("image", "image/jpeg", files.put(name, data, "image/jpeg"), size=len(data), alt_text=alt)


def video(files: FileHost, name: str) -> tuple[MediaItem, bytes]:
    clip = mp4()
    return MediaItem("video", "video/mp4", files.put(name, clip, "video/mp4"), size=len(clip)), clip


# --- connecting ----------------------------------------------------------------------------------


async def test_connect_uses_basic_auth_and_picks_the_first_board(
    fake: FakePinterest, http: httpx.AsyncClient
) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)

    token_call = fake.calls("POST", "/v5/oauth/token")[0]
    assert (
        token_call.headers["Authorization"]
        == "Basic " + base64.b64encode(b"test-client:test-secret").decode()
    )
    assert b"client_secret" not in token_call.body
    assert fake.continuous_refresh_requested
    assert credentials.refresh_token
    assert credentials.expires_at is not None
    assert credentials.expires_at - datetime.now(UTC) > timedelta(days=29)
    assert (account.external_id, account.handle, account.display_name) == (
        "549755885175",
        "kloudyco",
        "Kloudy Co",
    )
    assert account.url == "https://www.pinterest.com/kloudyco/"
    assert account.metadata == {"board_id": "1111222233334444", "board_name": "Launches"}


async def test_a_bad_code_or_secret_is_refused(fake: FakePinterest, http: httpx.AsyncClient) -> None:
    connector = connector_for(fake, http)
    client, code = await authorize(connector, http)
    with pytest.raises(PermanentError) as wrong_secret:
        await connector.exchange_code(
            replace(client, client_secret="nope"), code, redirect_uri=REDIRECT, code_verifier=""
        )
    assert wrong_secret.value.code == "oauth_failed"
    with pytest.raises(PermanentError):
        await connector.exchange_code(client, "not-a-code", redirect_uri=REDIRECT, code_verifier="")


async def test_refresh_rotates_the_refresh_token(fake: FakePinterest, http: httpx.AsyncClient) -> None:
    connector = connector_for(fake, http)
    credentials, _ = await connect(connector, http)
    fresh = await connector.refresh(credentials)
    assert fresh.access_token != credentials.access_token
    assert fresh.refresh_token
    assert fresh.refresh_token != credentials.refresh_token
    with pytest.raises(AuthRevokedError):  # the old refresh token died with the rotation
        await connector.refresh(credentials)


# --- publishing ----------------------------------------------------------------------------------


async def test_image_pin_is_pulled_from_our_url(
    fake: FakePinterest, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    item = picture(files, "pin-one.jpg", jpeg(), alt="A teal square")
    request = PublishRequest(
        "A square for the feed",
        media=(item,),
        options={"title": "Teal", "link": "https://kloudy.example/teal"},
        account=ref(account),
    )
    published = await connector.publish(credentials, request)

    assert isinstance(published, Published)
    assert published.url == f"https://www.pinterest.com/pin/{published.external_id}/"
    pin = fake.pins[published.external_id]
    assert pin["board_id"] == "1111222233334444"
    assert (pin["title"], pin["description"], pin["link"]) == (
        "Teal",
        "A square for the feed",
        "https://kloudy.example/teal",
    )
    assert pin["alt_text"] == "A teal square"
    assert pin["media_source"] == {"source_type": "image_url", "url": item.url}
    assert fake.fetched == [item.url]


async def test_carousel_pin_on_a_chosen_board(
    fake: FakePinterest, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    media = (
        picture(files, "c1.jpg", jpeg()),
        picture(files, "c2.jpg", png()),
        picture(files, "c3.jpg", jpeg()),
    )
    request = PublishRequest(
        "Three in a row", media=media, options={"board_id": "5555666677778888"}, account=ref(account)
    )
    published = await connector.publish(credentials, request)

    assert isinstance(published, Published)
    pin = fake.pins[published.external_id]
    assert pin["board_id"] == "5555666677778888"
    assert pin["media_source"]["source_type"] == "multiple_image_urls"
    assert [i["url"] for i in pin["media_source"]["items"]] == [m.url for m in media]
    assert pin["media"]["media_type"] == "multiple_images"


async def test_video_pin_uploads_processes_then_pins(
    fake: FakePinterest, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    item, clip = video(files, "pin-clip.mp4")
    cover = files.put("pin-cover.jpg", jpeg(), "image/jpeg")
    request = PublishRequest(
        "Watch this", media=(item,), options={"cover_image_url": cover}, account=ref(account)
    )

    pending = await connector.publish(credentials, request)
    assert isinstance(pending, Pending)
    media = fake.media[pending.state["media_id"]]
    assert media["data"] == clip
    assert not fake.pins
    upload = fake.calls("POST", "/pinterest-media-upload/")[0]
    assert "Authorization" not in upload.headers

    still = await connector.check_status(credentials, request, pending.state)
    assert isinstance(still, Pending)
    published = await connector.check_status(credentials, request, still.state)
    assert isinstance(published, Published)
    source = fake.pins[published.external_id]["media_source"]
    assert source == {
        "source_type": "video_id",
        "media_id": pending.state["media_id"],
        "cover_image_url": cover,
    }


async def test_video_without_a_cover_uses_the_first_frame(
    fake: FakePinterest, http: httpx.AsyncClient, files: FileHost
) -> None:
    fake.polls_until_succeeded = 1
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    item, _ = video(files, "pin-nocover.mp4")
    request = PublishRequest("No cover", media=(item,), account=ref(account))
    pending = await connector.publish(credentials, request)
    assert isinstance(pending, Pending)
    published = await connector.check_status(credentials, request, pending.state)
    assert isinstance(published, Published)
    assert fake.pins[published.external_id]["media_source"]["cover_image_key_frame_time"] == 0


async def test_options_and_media_are_checked_before_any_call(
    fake: FakePinterest, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    item = picture(files, "opt.jpg", jpeg())
    no_board = replace(ref(account), metadata={})
    cases = [
        (
            PublishRequest("t", media=(item,), options={"title": "x" * 101}, account=ref(account)),
            "invalid_option",
        ),
        (
            PublishRequest("t", media=(item,), options={"link": "ftp://x"}, account=ref(account)),
            "invalid_option",
        ),
        (
            PublishRequest("t", media=(item,), options={"board_id": "abc"}, account=ref(account)),
            "invalid_option",
        ),
        (PublishRequest("t", media=(item,), account=no_board), "invalid_option"),
        (PublishRequest("t", account=ref(account)), "media_required"),
    ]
    before = len(fake.requests)
    for request, code in cases:
        with pytest.raises(PermanentError) as refused:
            await connector.publish(credentials, request)
        assert refused.value.code == code
    assert len(fake.requests) == before


async def test_unknown_board_is_a_permanent_error(
    fake: FakePinterest, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    request = PublishRequest(
        "t", media=(picture(files, "b.jpg", jpeg()),), options={"board_id": "999"}, account=ref(account)
    )
    with pytest.raises(PermanentError) as missing:
        await connector.publish(credentials, request)
    assert missing.value.code == "pinterest_not_found"


# --- errors --------------------------------------------------------------------------------------


async def test_rate_limit_reads_the_reset_header(
    fake: FakePinterest, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    fake.fail_next(
        "POST",
        r"/v5/pins$",
        status=429,
        json_body={"code": 29, "message": "You have exceeded your rate limit. Try again later."},
        headers={"x-ratelimit-reset": "42"},
    )
    request = PublishRequest("Busy", media=(picture(files, "r.jpg", jpeg()),), account=ref(account))
    before = datetime.now(UTC)
    with pytest.raises(RateLimitedError) as limited:
        await connector.publish(credentials, request)
    wait = (limited.value.reset_at - before).total_seconds()
    assert 41 <= wait <= 44


async def test_expired_token_is_refreshed_then_publishes(
    fake: FakePinterest, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    fake.expire_tokens()
    # Pinterest answers an expired token like an invalid one; the stored expiry says which it is.
    expired = replace(credentials, expires_at=datetime.now(UTC) - timedelta(minutes=5))
    request = PublishRequest("After refresh", media=(picture(files, "e.jpg", jpeg()),), account=ref(account))
    with pytest.raises(TokenExpiredError):
        await connector.publish(expired, request)
    fresh = await connector.refresh(expired)
    assert isinstance(await connector.publish(fresh, request), Published)


async def test_revoked_access_needs_a_reconnect(
    fake: FakePinterest, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    fake.revoke_all()
    request = PublishRequest("Gone", media=(picture(files, "g.jpg", jpeg()),), account=ref(account))
    with pytest.raises(AuthRevokedError):
        await connector.publish(credentials, request)
    with pytest.raises(AuthRevokedError):
        await connector.refresh(credentials)
    with pytest.raises(NotSupportedError):  # Pinterest has no revoke endpoint
        await connector.revoke(credentials)


async def test_server_errors_are_transient_except_on_the_pin_create(
    fake: FakePinterest, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    fake.fail_next("GET", r"/v5/user_account$", status=503, text="<html>Service Unavailable</html>")
    with pytest.raises(TransientError):
        await connector.list_accounts(credentials)
    started = datetime.now(UTC)
    fake.fail_next("POST", r"/v5/pins$", status=500, json_body={"code": 500, "message": "x"}, acted=True)
    request = PublishRequest("Down", media=(picture(files, "d.jpg", jpeg()),), account=ref(account))
    with pytest.raises(AmbiguousError):
        await connector.publish(credentials, request)
    assert len(fake.pins) == 1
    found = await connector.find_published(credentials, request, started)
    assert found is not None
    assert found.external_id == next(iter(fake.pins))


async def test_lost_answer_is_ambiguous_and_reconciled(
    fake: FakePinterest, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    started = datetime.now(UTC)
    request = PublishRequest("Did it pin?", media=(picture(files, "a.jpg", jpeg()),), account=ref(account))
    fake.fail_next("POST", r"/v5/pins$", hang_after_seconds=2.0)
    with pytest.raises(AmbiguousError):
        await connector.publish(credentials, request)

    assert len(fake.pins) == 1
    found = await connector.find_published(credentials, request, started)
    assert found is not None
    assert found.external_id == next(iter(fake.pins))
    elsewhere = replace(request, options={"board_id": "5555666677778888"})
    assert await connector.find_published(credentials, elsewhere, started) is None


# --- metrics -------------------------------------------------------------------------------------


async def test_pin_and_account_metrics(fake: FakePinterest, http: httpx.AsyncClient, files: FileHost) -> None:
    connector = connector_for(fake, http)
    credentials, account = await connect(connector, http)
    request = PublishRequest("Count me", media=(picture(files, "m.jpg", jpeg()),), account=ref(account))
    published = await connector.publish(credentials, request)
    assert isinstance(published, Published)

    [metrics] = await connector.fetch_post_metrics(
        credentials, ref(account), [published.external_id, "404404"]
    )
    assert metrics.external_id == published.external_id
    assert metrics.metrics == {"impressions": 80, "pin_clicks": 8, "outbound_clicks": 3, "saves": 2}
    query = fake.calls("GET", r"/v5/pins/\d+/analytics")[0].query
    assert query["metric_types"] == "IMPRESSION,PIN_CLICK,OUTBOUND_CLICK,SAVE"

    totals = await connector.fetch_account_metrics(credentials, ref(account))
    assert totals.followers == 321
    assert totals.metrics == {"following": 12, "pins": 1, "monthly_views": 4567}
