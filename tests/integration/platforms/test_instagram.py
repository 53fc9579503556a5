"""The Instagram (Facebook Login) connector against a faithful fake of the Graph API, over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from shared.platforms import instagram, meta, oauth
from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    ConnectedAccount,
    MediaItem,
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
from tests.fakes.platforms.instagram import FakeInstagram
from tests.integration.platforms.conftest import NoApps, connector_settings, jpeg, mp4, png, serve

REDIRECT = "https://app.example/oauth/callback"
IG = "17841400000000001"
V = meta.GRAPH_VERSION


@pytest.fixture
def fake() -> Iterator[FakeInstagram]:
    yield from serve(FakeInstagram())


@pytest.fixture
def connector(fake: FakeInstagram, http: httpx.AsyncClient) -> instagram.InstagramConnector:
    return instagram.build(connector_settings("instagram", fake.base_url), http)


async def authorize(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient
) -> tuple[OAuthClient, str, str]:
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=NoApps())
    verifier = oauth.new_code_verifier()
    assert instagram.AUTH.oauth is not None
    url = oauth.authorization_url(
        client, instagram.AUTH.oauth, redirect_uri=REDIRECT, state="s", code_verifier=verifier
    )
    scopes = parse_qs(urlsplit(url).query)["scope"][0].split(",")
    assert {"instagram_basic", "instagram_content_publish"} <= set(scopes)
    answer = await http.get(url, follow_redirects=False)
    assert answer.status_code == 302
    return client, parse_qs(urlsplit(answer.headers["location"]).query)["code"][0], verifier


async def connect(connector: instagram.InstagramConnector, http: httpx.AsyncClient) -> ConnectedAccount:
    client, code, verifier = await authorize(connector, http)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier=verifier)
    (account,) = await connector.list_accounts(credentials)
    return account


def request(text: str, *media: MediaItem, **options: object) -> PublishRequest:
    return PublishRequest(text=text, media=media, options=dict(options), account=AccountRef(IG))


def image(files: FileHost, name: str, size: tuple[int, int] = (640, 640)) -> MediaItem:
    url = files.put(name, jpeg(size), "image/jpeg")
    return MediaItem("image", "image/jpeg", url, width=size[0], height=size[1])


def video(files: FileHost, name: str, data: bytes | None = None) -> MediaItem:
    return MediaItem("video", "video/mp4", files.put(name, data if data is not None else mp4(), "video/mp4"))


async def settle(
    connector: instagram.InstagramConnector,
    account: ConnectedAccount,
    req: PublishRequest,
    outcome: PublishOutcome,
) -> tuple[Published, int]:
    """Poll like the pipeline does until the post is out: (published, number of status checks)."""
    checks = 0
    while isinstance(outcome, Pending):
        checks += 1
        assert checks < 10
        outcome = await connector.check_status(account.credentials, req, outcome.state)
    return outcome, checks


async def test_connect_lists_the_instagram_accounts_of_the_pages(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient
) -> None:
    client, code, verifier = await authorize(connector, http)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier=verifier)
    accounts = await connector.list_accounts(credentials)
    assert [a.external_id for a in accounts] == [IG]  # the Page without an Instagram account is left out
    account = accounts[0]
    assert (account.handle, account.url) == ("cornerbakery", "https://www.instagram.com/cornerbakery/")
    assert account.metadata["page_id"] == "200001"
    assert account.credentials.access_token == credentials.access_token
    assert account.credentials.expires_at is not None
    assert account.credentials.expires_at - datetime.now(UTC) > timedelta(days=59)


async def test_a_wrong_code_verifier_is_refused(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient
) -> None:
    client, code, _ = await authorize(connector, http)
    with pytest.raises(PermanentError) as refused:
        await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier="wrong" * 10)
    assert refused.value.code == "oauth_failed"


async def test_publish_a_photo(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    published = await connector.publish(
        account.credentials, request("Morning bake #bread", image(files, "ig.jpg"))
    )
    assert isinstance(published, Published)  # a photo container is ready at once: no waiting
    media = fake.media[published.external_id]
    assert (media.caption, media.product, media.media_type) == ("Morning bake #bread", "FEED", "IMAGE")
    assert published.url == f"https://www.instagram.com/p/C{published.external_id[-6:]}/"
    assert fake.calls("GET", rf"/{V}/{IG}/content_publishing_limit")  # the quota was read first


async def test_a_carousel_waits_for_its_video_then_publishes(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    req = request(
        "A day at the bakery",
        image(files, "c1.jpg"),
        image(files, "c2.jpg", (800, 1000)),
        video(files, "c3.mp4"),
    )
    outcome = await connector.publish(account.credentials, req)
    assert isinstance(outcome, Pending)
    assert outcome.check_after == timedelta(seconds=30)
    published, checks = await settle(connector, account, req, outcome)
    assert checks == fake.video_reads_needed
    media = fake.media[published.external_id]
    assert (media.media_type, media.caption, len(media.children)) == (
        "CAROUSEL_ALBUM",
        "A day at the bakery",
        3,
    )
    items = [fake.containers[c] for c in media.children]
    assert [c.media_type for c in items] == ["IMAGE", "IMAGE", "VIDEO"]
    assert all(c.carousel_item for c in items)


async def test_a_video_becomes_a_reel(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    req = request("Watch the crumb", video(files, "reel.mp4"), share_to_feed=True)
    published, checks = await settle(
        connector, account, req, await connector.publish(account.credentials, req)
    )
    assert checks == fake.video_reads_needed
    assert fake.media[published.external_id].product == "REELS"
    assert published.url is not None
    assert "/reel/" in published.url
    posted = fake.calls("POST", rf"/{V}/{IG}/media$")[0].body.decode()
    assert "media_type=REELS" in posted
    assert "share_to_feed=true" in posted


async def test_a_story_sends_no_caption(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    req = request("not shown on stories", image(files, "story.jpg", (540, 960)), media_type="stories")
    published = await connector.publish(account.credentials, req)
    assert isinstance(published, Published)
    media = fake.media[published.external_id]
    assert (media.product, media.caption) == ("STORY", "")


async def test_a_video_instagram_cannot_process_fails_for_good(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, files: FileHost
) -> None:
    account = await connect(connector, http)
    req = request("Broken", video(files, "bad.mp4", jpeg()))
    outcome = await connector.publish(account.credentials, req)
    with pytest.raises(PermanentError) as failed:
        await settle(connector, account, req, outcome)
    assert failed.value.code == "ig_video_format"


async def test_content_instagram_refuses_maps_to_its_subcode(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    url = files.put("ig.png", png(), "image/png")
    with pytest.raises(PermanentError) as refused:
        await connector.publish(account.credentials, request("PNG", MediaItem("image", "image/png", url)))
    assert refused.value.code == "ig_media_format"
    assert fake.media == {}


async def test_invalid_requests_are_refused_before_anything_is_created(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    fake.reset()
    photo = image(files, "v.jpg")
    cases = {
        "media_required": request("text only"),
        "text_too_long": request("x" * 2201, photo),
        "too_many_hashtags": request(" ".join(f"#t{i}" for i in range(31)), photo),
        "ig_aspect_ratio": request("too tall", image(files, "tall.jpg", (400, 1000))),
        "too_many_media": request("eleven", *[photo] * 11),
    }
    for code, req in cases.items():
        with pytest.raises(PermanentError) as refused:
            await connector.publish(account.credentials, req)
        assert refused.value.code == code
    for options in ({"media_type": "IGTV"}, {"media_type": "REELS"}, {"share_to_feed": "yes"}):
        with pytest.raises(PermanentError) as refused:
            await connector.publish(account.credentials, request("options", photo, **options))
        assert refused.value.code == "invalid_option"
    assert fake.requests == []


async def test_the_publishing_quota_is_read_not_assumed(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    fake.quota_total = 1
    first = await connector.publish(
        account.credentials, request("The one post today", image(files, "q1.jpg"))
    )
    assert isinstance(first, Published)
    containers = len(fake.containers)
    with pytest.raises(RateLimitedError) as limited:
        await connector.publish(account.credentials, request("One too many", image(files, "q2.jpg")))
    assert limited.value.code == "publish_limit"
    window_end = datetime.fromtimestamp(fake.media[first.external_id].created, UTC) + timedelta(hours=24)
    assert abs((limited.value.reset_at - window_end).total_seconds()) < 2
    assert len(fake.containers) == containers  # nothing was created for the refused post


async def test_rate_limit_reads_the_business_use_case_header(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    usage = {IG: [{"type": "instagram", "call_count": 100, "estimated_time_to_regain_access": 30}]}
    fake.fail_next(
        "POST",
        rf"/{V}/{IG}/media$",
        status=400,
        json_body=meta.envelope(4, "Application request limit reached"),
        headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
    )
    with pytest.raises(RateLimitedError) as limited:
        await connector.publish(account.credentials, request("Later", image(files, "rl.jpg")))
    expected = datetime.now(UTC) + timedelta(minutes=30)
    assert abs((limited.value.reset_at - expected).total_seconds()) < 30


async def test_an_expired_login_can_only_be_renewed_while_valid(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    renewed = await connector.refresh(account.credentials)  # still valid: exchanged for a fresh one
    assert renewed.access_token != account.credentials.access_token
    assert renewed.extra == account.credentials.extra
    assert isinstance(await connector.publish(renewed, request("Renewed", image(files, "r1.jpg"))), Published)
    fake.expire(renewed.access_token)
    with pytest.raises(TokenExpiredError):
        await connector.publish(renewed, request("Expired", image(files, "r2.jpg")))
    with pytest.raises(AuthRevokedError) as reconnect:
        await connector.refresh(renewed)  # Meta cannot exchange an expired token
    assert "connect the account again" in reconnect.value.message
    lapsed = replace(renewed, expires_at=datetime.now(UTC) - timedelta(minutes=1))
    with pytest.raises(AuthRevokedError):
        await connector.refresh(lapsed)


async def test_a_revoked_login_asks_for_a_reconnect(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    await connector.revoke(account.credentials)
    assert fake.revoked_users == {fake.person.id}
    with pytest.raises(AuthRevokedError):
        await connector.publish(account.credentials, request("Gone", image(files, "gone.jpg")))


async def test_a_lost_publish_answer_is_ambiguous_and_reconciled(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    started = datetime.now(UTC)
    fake.fail_next("POST", rf"/{V}/{IG}/media_publish$", hang_after_seconds=2.0)
    req = request("Was it posted?", image(files, "amb.jpg"))
    with pytest.raises(AmbiguousError):
        await connector.publish(account.credentials, req)
    assert [m.caption for m in fake.media.values()] == ["Was it posted?"]
    found = await connector.find_published(account.credentials, req, started)
    assert found is not None
    assert found.external_id == next(iter(fake.media))
    assert (
        await connector.find_published(account.credentials, request("Other", image(files, "o.jpg")), started)
        is None
    )


PUBLISH_5XX = meta.envelope(1, "An unknown error has occurred.")


async def test_a_5xx_on_publish_keeps_the_container_and_publishes_it_once(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    fake.fail_next("POST", rf"/{V}/{IG}/media_publish$", status=500, json_body=PUBLISH_5XX)
    req = request("Second time lucky", image(files, "retry.jpg"))
    first = await connector.publish(account.credentials, req)
    assert isinstance(first, Pending)  # not an error: a fresh attempt would make new containers
    assert not fake.media
    done = await connector.check_status(account.credentials, req, first.state)
    assert isinstance(done, Published)
    assert [m.caption for m in fake.media.values()] == ["Second time lucky"]
    assert fake.containers[first.state["container"]].published == done.external_id
    assert len(fake.calls("POST", rf"/{V}/{IG}/media$")) == 1  # the same container throughout


async def test_a_5xx_after_instagram_posted_is_looked_up_not_posted_again(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    fake.fail_next("POST", rf"/{V}/{IG}/media_publish$", status=500, json_body=PUBLISH_5XX, acted=True)
    req = request("Posted despite the 500", image(files, "acted.jpg"))
    first = await connector.publish(account.credentials, req)
    assert isinstance(first, Pending)
    [media] = fake.media.values()  # Instagram did post it
    found = await connector.check_status(account.credentials, req, first.state)
    assert isinstance(found, Published)
    assert found.external_id == media.id
    assert found.url == media.node()["permalink"]
    assert len(fake.calls("POST", rf"/{V}/{IG}/media_publish$")) == 1  # its status said PUBLISHED
    assert len(fake.media) == 1


async def test_metrics_of_media_and_the_account(
    connector: instagram.InstagramConnector, http: httpx.AsyncClient, fake: FakeInstagram, files: FileHost
) -> None:
    account = await connect(connector, http)
    first = await connector.publish(account.credentials, request("Counted", image(files, "m1.jpg")))
    quiet = await connector.publish(account.credentials, request("Too few viewers", image(files, "m2.jpg")))
    assert isinstance(first, Published)
    assert isinstance(quiet, Published)
    fake.media[first.external_id].insights = {
        "views": 300,
        "reach": 200,
        "likes": 30,
        "comments": 4,
        "shares": 2,
        "saved": 6,
    }
    metrics = await connector.fetch_post_metrics(
        account.credentials, AccountRef(IG), [first.external_id, quiet.external_id]
    )
    assert [m.external_id for m in metrics] == [first.external_id]  # "(#10) Not enough viewers" is skipped
    assert metrics[0].metrics == {
        "views": 300,
        "reach": 200,
        "likes": 30,
        "comments": 4,
        "shares": 2,
        "saved": 6,
    }
    totals = await connector.fetch_account_metrics(account.credentials, AccountRef(IG))
    assert totals.followers == 4321
    assert totals.metrics == {
        "views": 5400,
        "reach": 3100,
        "accounts_engaged": 210,
        "total_interactions": 480,
    }
