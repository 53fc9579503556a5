"""The Instagram Login connector against a faithful fake of instagram.com's login and graph.instagram.com.

The container flow itself is `instagram.ContainerFlow`, covered in depth by test_instagram.py; here
every contract case runs once more through this connector's own login, host and tokens.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from shared.platforms import instagram_login, meta, oauth
from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    Credentials,
    MediaItem,
    NotSupportedError,
    OAuthClient,
    Pending,
    PermanentError,
    Published,
    PublishOutcome,
    PublishRequest,
    RateLimitedError,
    TokenExpiredError,
)
from tests.fakes.platforms.base import FileHost
from tests.fakes.platforms.instagram_login import APP_SCOPED_ID, FakeInstagramLogin
from tests.integration.platforms.conftest import CLIENT_TIMEOUT, connector_settings, jpeg, mp4, serve

REDIRECT = "https://app.example/oauth/callback"
IG = "17841400000000001"
V = meta.GRAPH_VERSION


@pytest.fixture
def fake() -> Iterator[FakeInstagramLogin]:
    yield from serve(FakeInstagramLogin())


@pytest.fixture
def connector(fake: FakeInstagramLogin, http: httpx.AsyncClient) -> instagram_login.InstagramLoginConnector:
    return instagram_login.build(connector_settings("instagram_login", fake.base_url), http)


def creds(fake: FakeInstagramLogin) -> Credentials:
    return Credentials(access_token=fake.token_for())


def request(text: str, *media: MediaItem, **options: object) -> PublishRequest:
    return PublishRequest(text=text, media=media, options=dict(options), account=AccountRef(IG))


def image(files: FileHost, name: str) -> MediaItem:
    return MediaItem("image", "image/jpeg", files.put(name, jpeg(), "image/jpeg"), width=640, height=480)


def video(files: FileHost, name: str) -> MediaItem:
    return MediaItem("video", "video/mp4", files.put(name, mp4(), "video/mp4"), duration_ms=3000)


async def settle(
    connector: instagram_login.InstagramLoginConnector,
    credentials: Credentials,
    req: PublishRequest,
    outcome: PublishOutcome,
) -> tuple[Published, int]:
    checks = 0
    while isinstance(outcome, Pending):
        checks += 1
        assert checks < 10, "the container never finished"
        outcome = await connector.check_status(credentials, req, outcome.state)
    return outcome, checks


async def authorize(
    connector: instagram_login.InstagramLoginConnector, http: httpx.AsyncClient
) -> tuple[OAuthClient, str]:
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=None)  # type: ignore[arg-type]
    assert instagram_login.AUTH.oauth is not None
    url = oauth.authorization_url(
        client, instagram_login.AUTH.oauth, redirect_uri=REDIRECT, state="s-2", code_verifier="unused"
    )
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert parts.path == "/oauth/authorize"
    assert query["scope"] == [
        "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_insights"
    ]
    assert "code_challenge" not in query  # the authorization window documents no PKCE
    answer = await http.get(url, follow_redirects=False)
    assert answer.status_code == 302
    back = parse_qs(urlsplit(answer.headers["location"]).query)
    assert back["state"] == ["s-2"]
    return client, back["code"][0]


@pytest.mark.parametrize("flat", [False, True], ids=["data-list", "flat"])
async def test_connect_keeps_a_long_lived_token_and_the_professional_account_id(
    connector: instagram_login.InstagramLoginConnector,
    fake: FakeInstagramLogin,
    http: httpx.AsyncClient,
    flat: bool,
) -> None:
    fake.flat_code_answer = flat
    client, code = await authorize(connector, http)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier="")
    assert credentials.access_token in fake.long_lived
    assert credentials.expires_at is not None
    assert credentials.expires_at > datetime.now(UTC) + timedelta(days=59)
    [exchange] = fake.calls("GET", "/access_token$")
    assert (exchange.query["grant_type"], exchange.query["client_secret"]) == (
        "ig_exchange_token",
        "test-secret",
    )

    [account] = await connector.list_accounts(credentials)
    assert account.external_id == IG != APP_SCOPED_ID  # publishing uses user_id, not the app-scoped id
    assert (account.handle, account.url) == ("cornerbakery", "https://www.instagram.com/cornerbakery/")
    assert account.metadata == {"account_type": "BUSINESS"}
    assert fake.calls("GET", rf"/{V}/me$")[0].headers["Authorization"] == f"Bearer {credentials.access_token}"

    with pytest.raises(AuthRevokedError):  # a code is spent once used
        await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier="")


async def test_connect_refuses_another_redirect_uri_and_a_wrong_secret(
    connector: instagram_login.InstagramLoginConnector, fake: FakeInstagramLogin, http: httpx.AsyncClient
) -> None:
    client, code = await authorize(connector, http)
    with pytest.raises(AuthRevokedError):
        await connector.exchange_code(client, code, redirect_uri="https://evil.example/cb", code_verifier="")
    client, code = await authorize(connector, http)
    wrong = OAuthClient("test-client", "not-the-secret", client.authorize_url, client.token_url)
    with pytest.raises(PermanentError) as refused:
        await connector.exchange_code(wrong, code, redirect_uri=REDIRECT, code_verifier="")
    assert refused.value.code == "oauth_failed"
    assert "not-the-secret" not in refused.value.message


async def test_publish_a_photo_on_graph_instagram_com(
    connector: instagram_login.InstagramLoginConnector, fake: FakeInstagramLogin, files: FileHost
) -> None:
    published = await connector.publish(creds(fake), request("Fresh loaves", image(files, "p.jpg")))
    assert isinstance(published, Published)
    media = fake.media[published.external_id]
    assert (media.caption, media.media_type) == ("Fresh loaves", "IMAGE")
    assert published.url == f"https://www.instagram.com/p/C{published.external_id[-6:]}/"
    assert fake.calls("GET", rf"/{V}/{IG}/content_publishing_limit$")
    assert fake.calls("POST", rf"/{V}/{IG}/media_publish$")


async def test_a_video_is_a_reel_published_once_processed(
    connector: instagram_login.InstagramLoginConnector, fake: FakeInstagramLogin, files: FileHost
) -> None:
    credentials, req = creds(fake), request("Crumb shot", video(files, "r.mp4"))
    outcome = await connector.publish(credentials, req)
    assert isinstance(outcome, Pending)
    published, checks = await settle(connector, credentials, req, outcome)
    assert checks == fake.video_reads_needed
    assert fake.media[published.external_id].product == "REELS"


async def test_a_carousel_of_photo_and_video(
    connector: instagram_login.InstagramLoginConnector, fake: FakeInstagramLogin, files: FileHost
) -> None:
    credentials = creds(fake)
    req = request("Two views", image(files, "c1.jpg"), video(files, "c2.mp4"))
    published, _ = await settle(connector, credentials, req, await connector.publish(credentials, req))
    media = fake.media[published.external_id]
    assert (media.media_type, media.caption, len(media.children)) == ("CAROUSEL_ALBUM", "Two views", 2)


async def test_instagram_rules_apply_before_any_call(
    connector: instagram_login.InstagramLoginConnector, fake: FakeInstagramLogin, files: FileHost
) -> None:
    photo = image(files, "rules.jpg")
    fake.reset()
    for code, req in {
        "media_required": request("text only"),
        "text_too_long": request("x" * 2201, photo),
        "too_many_media": request("eleven", *[photo] * 11),
    }.items():
        with pytest.raises(PermanentError) as refused:
            await connector.publish(creds(fake), req)
        assert refused.value.code == code
    assert fake.requests == []


async def test_spent_publishing_quota_waits_for_the_window(
    connector: instagram_login.InstagramLoginConnector, fake: FakeInstagramLogin, files: FileHost
) -> None:
    credentials = creds(fake)
    fake.quota_total = 1
    first = await connector.publish(credentials, request("Only one today", image(files, "q1.jpg")))
    assert isinstance(first, Published)
    with pytest.raises(RateLimitedError) as limited:
        await connector.publish(credentials, request("One more", image(files, "q2.jpg")))
    window_end = datetime.fromtimestamp(fake.media[first.external_id].created, UTC) + timedelta(hours=24)
    assert abs((limited.value.reset_at - window_end).total_seconds()) < 2


async def test_rate_limit_code_with_business_use_case_estimate(
    connector: instagram_login.InstagramLoginConnector, fake: FakeInstagramLogin, files: FileHost
) -> None:
    usage = {IG: [{"type": "instagram", "call_count": 100, "estimated_time_to_regain_access": 12}]}
    fake.fail_next(
        "POST",
        rf"/{V}/{IG}/media$",
        status=400,
        json_body={
            "error": {"message": "Application request limit reached", "type": "OAuthException", "code": 4}
        },
        headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
    )
    before = datetime.now(UTC)
    with pytest.raises(RateLimitedError) as limited:
        await connector.publish(creds(fake), request("Later", image(files, "rl.jpg")))
    assert (
        before + timedelta(minutes=12) <= limited.value.reset_at <= datetime.now(UTC) + timedelta(minutes=12)
    )


async def test_expired_token_and_refreshing_while_valid(
    connector: instagram_login.InstagramLoginConnector, fake: FakeInstagramLogin, files: FileHost
) -> None:
    live = creds(fake)
    renewed = await connector.refresh(live)
    assert renewed.access_token != live.access_token
    assert renewed.expires_at is not None
    assert renewed.expires_at > datetime.now(UTC) + timedelta(days=59)
    assert fake.calls("GET", "/refresh_access_token$")[0].query["grant_type"] == "ig_refresh_token"
    assert isinstance(await connector.publish(renewed, request("Renewed", image(files, "e1.jpg"))), Published)

    fake.expire(renewed.access_token)
    with pytest.raises(TokenExpiredError):
        await connector.publish(renewed, request("Expired", image(files, "e2.jpg")))
    # An expired long-lived token cannot be refreshed: the person reconnects (the pipeline refreshes ahead).
    with pytest.raises(AuthRevokedError, match="connect the account again"):
        await connector.refresh(renewed)


async def test_revoked_app_needs_reconnecting(
    connector: instagram_login.InstagramLoginConnector, fake: FakeInstagramLogin, files: FileHost
) -> None:
    credentials = creds(fake)
    fake.revoke_all()
    with pytest.raises(AuthRevokedError):
        await connector.publish(credentials, request("Gone", image(files, "g.jpg")))
    with pytest.raises(NotSupportedError):
        await connector.revoke(credentials)


async def test_a_lost_publish_answer_is_ambiguous_and_reconciled(
    connector: instagram_login.InstagramLoginConnector, fake: FakeInstagramLogin, files: FileHost
) -> None:
    credentials, req = creds(fake), request("Did it go out?", image(files, "a.jpg"))
    started = datetime.now(UTC)
    fake.fail_next("POST", rf"/{V}/{IG}/media_publish$", hang_after_seconds=CLIENT_TIMEOUT + 1)
    with pytest.raises(AmbiguousError):
        await connector.publish(credentials, req)
    [media] = fake.media.values()
    found = await connector.find_published(credentials, req, started)
    assert found is not None
    assert found.external_id == media.id
    assert (
        await connector.find_published(credentials, request("Other", image(files, "o.jpg")), started) is None
    )


async def test_metrics_of_media_and_the_account(
    connector: instagram_login.InstagramLoginConnector, fake: FakeInstagramLogin, files: FileHost
) -> None:
    credentials = creds(fake)
    published = await connector.publish(credentials, request("Counted", image(files, "m.jpg")))
    assert isinstance(published, Published)
    counts = {"views": 90, "reach": 70, "likes": 9, "comments": 1, "shares": 2, "saved": 3}
    fake.media[published.external_id].insights = dict(counts)
    [metrics] = await connector.fetch_post_metrics(credentials, AccountRef(IG), [published.external_id])
    assert metrics.metrics == counts
    totals = await connector.fetch_account_metrics(credentials, AccountRef(IG))
    assert totals.followers == 4321
    assert totals.metrics["views"] == 5400
