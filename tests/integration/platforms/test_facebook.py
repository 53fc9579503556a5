"""The Facebook Pages connector against a faithful fake of the Graph API, over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from shared.platforms import facebook, meta, oauth
from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    ConnectedAccount,
    DuplicateError,
    MediaItem,
    OAuthClient,
    Pending,
    PermanentError,
    PlatformError,
    Published,
    PublishRequest,
    RateLimitedError,
    TokenExpiredError,
)
from tests.fakes.platforms.base import FileHost
from tests.fakes.platforms.facebook import FakeFacebook
from tests.integration.platforms.conftest import NoApps, connector_settings, jpeg, mp4, serve

REDIRECT = "https://app.example/oauth/callback"
PAGE = "200001"
V = meta.GRAPH_VERSION


@pytest.fixture
def fake() -> Iterator[FakeFacebook]:
    yield from serve(FakeFacebook())


@pytest.fixture
def connector(fake: FakeFacebook, http: httpx.AsyncClient) -> facebook.FacebookConnector:
    return facebook.build(connector_settings("facebook", fake.base_url), http)


async def authorize(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient
) -> tuple[OAuthClient, str, str]:
    """Start the login and let the fake dialog approve it: (client, code, verifier)."""
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=NoApps())
    verifier = oauth.new_code_verifier()
    assert facebook.AUTH.oauth is not None
    url = oauth.authorization_url(
        client, facebook.AUTH.oauth, redirect_uri=REDIRECT, state="s1", code_verifier=verifier
    )
    assert url.startswith(f"{connector.settings.platform_base_urls['facebook']}/{V}/dialog/oauth?")
    assert "pages_manage_posts" in parse_qs(urlsplit(url).query)["scope"][0]
    answer = await http.get(url, follow_redirects=False)
    assert answer.status_code == 302
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert query["state"] == ["s1"]
    return client, query["code"][0], verifier


async def connect(connector: facebook.FacebookConnector, http: httpx.AsyncClient) -> ConnectedAccount:
    client, code, verifier = await authorize(connector, http)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier=verifier)
    (account,) = await connector.list_accounts(credentials)
    return account


def request(text: str = "", *media: MediaItem, **options: object) -> PublishRequest:
    return PublishRequest(text=text, media=media, options=dict(options), account=AccountRef(PAGE))


def image(files: FileHost, name: str) -> MediaItem:
    return MediaItem("image", "image/jpeg", files.put(name, jpeg(), "image/jpeg"), width=640, height=480)


def video(files: FileHost, name: str, data: bytes | None = None) -> MediaItem:
    return MediaItem("video", "video/mp4", files.put(name, data if data is not None else mp4(), "video/mp4"))


async def test_connect_lists_pages_the_person_can_publish_to(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook
) -> None:
    client, code, verifier = await authorize(connector, http)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier=verifier)
    assert credentials.expires_at is not None
    assert credentials.expires_at - datetime.now(UTC) > timedelta(days=59)  # the long-lived user token
    exchanges = [r.query.get("grant_type") for r in fake.calls("GET", rf"/{V}/oauth/access_token")]
    assert exchanges == [None, "fb_exchange_token"]
    accounts = await connector.list_accounts(credentials)
    assert [a.external_id for a in accounts] == [PAGE]  # the ANALYZE-only Page is left out
    page = accounts[0]
    assert (page.handle, page.display_name, page.url) == (
        "cornerbakery",
        "Corner Bakery",
        "https://www.facebook.com/cornerbakery",
    )
    assert page.credentials.access_token == fake.pages[PAGE].token
    assert page.credentials.expires_at is None  # Page tokens from a long-lived login do not expire
    assert page.credentials.extra["user_token"] == credentials.access_token
    me = fake.calls("GET", rf"/{V}/me")
    assert me
    assert all("access_token" not in r.query for r in me)  # tokens travel in a header, never in a URL
    assert all(r.headers.get("Authorization", "").startswith("Bearer ") for r in me)


async def test_a_wrong_code_verifier_is_refused(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient
) -> None:
    client, code, _ = await authorize(connector, http)
    with pytest.raises(PermanentError) as refused:
        await connector.exchange_code(
            client, code, redirect_uri=REDIRECT, code_verifier=oauth.new_code_verifier()
        )
    assert refused.value.code == "oauth_failed"


async def test_publish_text_with_a_link(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook
) -> None:
    account = await connect(connector, http)
    published = await connector.publish(
        account.credentials, request("Fresh bread at 7", link="https://bakery.example/menu")
    )
    assert isinstance(published, Published)
    post = fake.posts[published.external_id]
    assert (post.message, post.link) == ("Fresh bread at 7", "https://bakery.example/menu")
    assert published.url == f"https://www.facebook.com/{PAGE}/posts/{published.external_id.split('_')[1]}"
    with pytest.raises(PermanentError) as bad:
        await connector.publish(account.credentials, request("x", link="javascript:alert(1)"))
    assert bad.value.code == "invalid_option"


async def test_publish_one_photo(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook, files: FileHost
) -> None:
    account = await connect(connector, http)
    published = await connector.publish(
        account.credentials, request("Croissants", image(files, "fb-one.jpg"))
    )
    assert isinstance(published, Published)
    post = fake.posts[published.external_id]
    assert post.message == "Croissants"
    assert len(post.photos) == 1
    assert fake.photos[post.photos[0]]["published"] is True


async def test_publish_several_photos_as_one_post(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook, files: FileHost
) -> None:
    account = await connect(connector, http)
    media = [image(files, f"fb-many-{i}.jpg") for i in range(3)]
    published = await connector.publish(account.credentials, request("Three loaves", *media))
    assert isinstance(published, Published)
    assert len(fake.posts) == 1
    post = fake.posts[published.external_id]
    assert len(post.photos) == 3
    assert all(not fake.photos[p]["published"] and fake.photos[p]["attached"] for p in post.photos)


async def test_a_video_is_processed_then_published(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook, files: FileHost
) -> None:
    account = await connect(connector, http)
    req = request("Kneading, slowly", video(files, "fb.mp4"))
    outcome = await connector.publish(account.credentials, req)
    assert isinstance(outcome, Pending)
    assert fake.calls("POST", rf"/{V}/{PAGE}/videos")  # the upload went to the video host's path
    polls = 0
    while isinstance(outcome, Pending):
        polls += 1
        outcome = await connector.check_status(account.credentials, req, outcome.state)
    assert polls == fake.video_reads_needed + 1
    video_id = next(iter(fake.videos))
    assert outcome.external_id == fake.videos[video_id].post_id
    assert outcome.url == f"https://www.facebook.com/{PAGE}/videos/{video_id}/"


async def test_a_video_facebook_cannot_process_fails_for_good(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    req = request("Broken", video(files, "fb-bad.mp4", jpeg()))
    outcome = await connector.publish(account.credentials, req)
    assert isinstance(outcome, Pending)
    with pytest.raises(PermanentError) as failed:
        await connector.check_status(account.credentials, req, outcome.state)
    assert failed.value.code == "video_processing_failed"
    assert "not supported" in failed.value.message


async def test_rate_limit_reads_the_business_use_case_header(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook
) -> None:
    account = await connect(connector, http)
    usage = {
        PAGE: [{"type": "pages", "call_count": 100, "total_time": 20, "estimated_time_to_regain_access": 12}]
    }
    fake.fail_next(
        "POST",
        rf"/{V}/{PAGE}/feed$",
        status=403,
        json_body=meta.envelope(32, "(#32) Page request limit reached"),
        headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
    )
    with pytest.raises(RateLimitedError) as limited:
        await connector.publish(account.credentials, request("Too soon"))
    expected = datetime.now(UTC) + timedelta(minutes=12)
    assert abs((limited.value.reset_at - expected).total_seconds()) < 30
    assert fake.posts == {}


async def test_an_expired_page_token_is_fetched_again(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook
) -> None:
    account = await connect(connector, http)
    fake.expire(account.credentials.access_token)
    with pytest.raises(TokenExpiredError):
        await connector.publish(account.credentials, request("After expiry"))
    fresh = await connector.refresh(account.credentials)
    assert fresh.access_token != account.credentials.access_token
    assert fresh.extra == account.credentials.extra
    assert isinstance(await connector.publish(fresh, request("After expiry")), Published)


async def test_a_revoked_login_asks_for_a_reconnect(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook
) -> None:
    account = await connect(connector, http)
    await connector.revoke(account.credentials)
    assert fake.revoked_users == {fake.person.id}
    with pytest.raises(AuthRevokedError):
        await connector.publish(account.credentials, request("Gone"))
    with pytest.raises(AuthRevokedError) as no_refresh:
        await connector.refresh(account.credentials)
    assert "reconnect" in no_refresh.value.message


async def test_the_same_text_twice_is_a_duplicate(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook
) -> None:
    account = await connect(connector, http)
    assert isinstance(await connector.publish(account.credentials, request("Same words")), Published)
    with pytest.raises(DuplicateError):
        await connector.publish(account.credentials, request("Same words"))
    assert len(fake.posts) == 1


async def test_a_lost_answer_is_ambiguous_and_reconciled(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook
) -> None:
    account = await connect(connector, http)
    started = datetime.now(UTC)
    fake.fail_next("POST", rf"/{V}/{PAGE}/feed$", hang_after_seconds=2.0)
    req = request("Did it post?")
    with pytest.raises(AmbiguousError):
        await connector.publish(account.credentials, req)
    assert [p.message for p in fake.posts.values()] == ["Did it post?"]
    found = await connector.find_published(account.credentials, req, started)
    assert found is not None
    assert found.external_id == next(iter(fake.posts))
    assert await connector.find_published(account.credentials, request("Never posted"), started) is None


async def test_metrics_of_posts_and_the_page(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook
) -> None:
    account = await connect(connector, http)
    published = await connector.publish(account.credentials, request("Counted"))
    assert isinstance(published, Published)
    fake.posts[published.external_id].insights = {
        "post_media_view": 120,
        "post_total_media_view_unique": 80,
        "post_reactions_by_type_total": {"like": 7, "love": 2},
        "post_clicks": 5,
    }
    ref = AccountRef(PAGE)
    (metrics,) = await connector.fetch_post_metrics(
        account.credentials, ref, [published.external_id, f"{PAGE}_404"]
    )
    assert metrics.metrics == {"views": 120, "reach": 80, "reactions": 9, "clicks": 5}
    page = await connector.fetch_account_metrics(account.credentials, ref)
    assert page.followers == 1200
    assert page.metrics == {"views": 900, "reach": 640, "engagements": 77, "new_follows": 9}


async def test_invalid_requests_never_reach_facebook(
    connector: facebook.FacebookConnector, http: httpx.AsyncClient, fake: FakeFacebook, files: FileHost
) -> None:
    account = await connect(connector, http)
    fake.reset()
    bad = [
        request("x" * 63207),
        request(""),
        request("mixed", image(files, "fb-mix.jpg"), video(files, "fb-mix.mp4")),
        request("link and photo", image(files, "fb-lp.jpg"), link="https://bakery.example"),
    ]
    for req in bad:
        with pytest.raises(PlatformError):
            await connector.publish(account.credentials, req)
    assert fake.requests == []
