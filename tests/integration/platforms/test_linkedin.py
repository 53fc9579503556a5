"""The LinkedIn connector against the fake LinkedIn over real HTTP: connect, publish each media kind,
video processing, every error class, reconciliation and metrics."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from shared.platforms import linkedin, oauth
from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    ConnectedAccount,
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
    TransientError,
)
from shared.platforms.ratelimit import next_midnight
from tests.fakes.platforms.base import FileHost
from tests.fakes.platforms.linkedin import FakeLinkedIn, render_little
from tests.integration.platforms.conftest import NoApps, connector_settings, jpeg, mp4, png, serve

REDIRECT = "https://app.example/oauth/linkedin/callback"
TRICKY = "Launch (beta) of *Kloudy* — 50% off_now! [read] {more} <here> ~soon~ | a\\b @team #launch"


@pytest.fixture
def fake() -> Iterator[FakeLinkedIn]:
    yield from serve(FakeLinkedIn())


def connector_for(
    fake: FakeLinkedIn, http: httpx.AsyncClient, **fields: object
) -> linkedin.LinkedInConnector:
    return linkedin.build(connector_settings("linkedin", fake.base_url, **fields), http)


async def authorize(
    connector: linkedin.LinkedInConnector, http: httpx.AsyncClient
) -> tuple[OAuthClient, str]:
    """The consent round trip: our authorization URL, the platform's redirect back with a code."""
    client = await connector.oauth_client({}, redirect_uri=REDIRECT, apps=NoApps())
    assert linkedin.AUTH.oauth is not None
    url = oauth.authorization_url(
        client,
        linkedin.AUTH.oauth,
        redirect_uri=REDIRECT,
        state="st-42",
        code_verifier=oauth.new_code_verifier(),
    )
    assert url.startswith(f"{connector._hosts['www']}/oauth/v2/authorization?")
    assert "code_challenge" not in url  # LinkedIn's web flow has no PKCE
    answer = await http.get(url, follow_redirects=False)
    assert answer.status_code == 302
    location = urlparse(answer.headers["location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    assert query["state"] == ["st-42"]
    return client, query["code"][0]


async def connect(
    connector: linkedin.LinkedInConnector, http: httpx.AsyncClient
) -> tuple[Credentials, list[ConnectedAccount]]:
    client, code = await authorize(connector, http)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier="")
    return credentials, await connector.list_accounts(credentials)


def ref(account: ConnectedAccount) -> AccountRef:
    return AccountRef(account.external_id, account.handle, account.metadata)


def image(files: FileHost, name: str, data: bytes, alt: str = "") -> MediaItem:
    return MediaItem("image", "image/jpeg", files.put(name, data, "image/jpeg"), size=len(data), alt_text=alt)


# --- little text ---------------------------------------------------------------------------------


def test_escape_commentary_escapes_every_reserved_character_but_hashtags() -> None:
    escaped = linkedin.escape_commentary(TRICKY)
    assert escaped == (
        "Launch \\(beta\\) of \\*Kloudy\\* — 50% off\\_now! \\[read\\] \\{more\\} \\<here\\> "
        "\\~soon\\~ \\| a\\\\b \\@team #launch"
    )
    assert render_little(escaped) == TRICKY


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("#tag at start", "#tag at start"),
        ("C# and issue#5", "C\\# and issue\\#5"),
        ("# alone", "\\# alone"),
        ("#_under", "\\#\\_under"),
        ("line\n#next", "line\n#next"),
        ("", ""),
    ],
)
def test_escape_commentary_keeps_only_real_hashtags(text: str, escaped: str) -> None:
    assert linkedin.escape_commentary(text) == escaped


def test_unescaped_text_is_cut_by_the_fake_like_linkedin() -> None:
    assert render_little("Launch (beta) today") == "Launch "


# --- connecting ----------------------------------------------------------------------------------


async def test_connect_lists_the_member_and_the_pages_they_administer(
    fake: FakeLinkedIn, http: httpx.AsyncClient
) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)

    assert credentials.refresh_token is None  # not an approved partner
    assert credentials.expires_at is not None
    assert credentials.expires_at - datetime.now(UTC) > timedelta(days=59)
    member, page = accounts
    assert (member.external_id, member.display_name) == ("urn:li:person:abc123", "Ada Lovelace")
    assert member.metadata == {"author": "urn:li:person:abc123", "kind": "member"}
    assert (page.external_id, page.handle) == ("urn:li:organization:2414183", "devtestco")
    assert page.metadata == {"author": "urn:li:organization:2414183", "kind": "organization"}
    assert page.url == "https://www.linkedin.com/company/devtestco/"
    acl_call = fake.calls("GET", "/rest/organizationAcls")[0]
    assert acl_call.headers["LinkedIn-Version"] == "202510"
    assert acl_call.headers["X-Restli-Protocol-Version"] == "2.0.0"


async def test_a_code_is_refused_when_spent_or_presented_by_another_app(
    fake: FakeLinkedIn, http: httpx.AsyncClient
) -> None:
    connector = connector_for(fake, http)
    client, code = await authorize(connector, http)
    await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier="")
    with pytest.raises(PermanentError) as spent:
        await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier="")
    assert spent.value.code == "oauth_failed"

    client, code = await authorize(connector, http)
    with pytest.raises(PermanentError):
        await connector.exchange_code(
            replace(client, client_secret="wrong"), code, redirect_uri=REDIRECT, code_verifier=""
        )
    with pytest.raises(PermanentError):  # the redirect URI must match the authorization's
        await connector.exchange_code(client, code, redirect_uri=REDIRECT + "x", code_verifier="")


async def test_without_the_pages_product_only_the_member_is_listed(
    fake: FakeLinkedIn, http: httpx.AsyncClient
) -> None:
    fake.grants_pages = False
    _, accounts = await connect(connector_for(fake, http), http)
    assert [a.metadata["kind"] for a in accounts] == ["member"]


# --- publishing ----------------------------------------------------------------------------------


async def test_text_post_is_escaped_and_its_id_read_from_the_header(
    fake: FakeLinkedIn, http: httpx.AsyncClient
) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    published = await connector.publish(credentials, PublishRequest(TRICKY, account=ref(accounts[0])))

    assert isinstance(published, Published)
    assert published.external_id.startswith("urn:li:share:")
    assert published.url == f"https://www.linkedin.com/feed/update/{published.external_id}"
    post = fake.posts[published.external_id]
    assert post["rendered"] == TRICKY  # nothing silently cut
    assert post["author"] == "urn:li:person:abc123"
    assert post["visibility"] == "PUBLIC"
    assert post["distribution"]["feedDistribution"] == "MAIN_FEED"
    assert "content" not in post


async def test_single_image_post_uploads_the_bytes_with_alt_text(
    fake: FakeLinkedIn, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    photo = jpeg()
    request = PublishRequest(
        "One photo", media=(image(files, "li-one.jpg", photo, alt="A teal square"),), account=ref(accounts[1])
    )
    published = await connector.publish(credentials, request)

    assert isinstance(published, Published)
    media = fake.posts[published.external_id]["content"]["media"]
    assert media["altText"] == "A teal square"
    assert fake.images[media["id"]]["data"] == photo
    assert fake.images[media["id"]]["owner"] == "urn:li:organization:2414183"


async def test_multi_image_post_keeps_the_order(
    fake: FakeLinkedIn, http: httpx.AsyncClient, files: FileHost
) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    pictures = [jpeg(color="red"), png(), jpeg(color="blue")]
    media = tuple(image(files, f"li-multi-{i}.jpg", data) for i, data in enumerate(pictures))
    published = await connector.publish(
        credentials, PublishRequest("Three", media=media, account=ref(accounts[0]))
    )

    assert isinstance(published, Published)
    images = fake.posts[published.external_id]["content"]["multiImage"]["images"]
    assert [fake.images[i["id"]]["data"] for i in images] == pictures


async def test_video_uploads_in_parts_processes_then_posts(
    fake: FakeLinkedIn, http: httpx.AsyncClient, files: FileHost
) -> None:
    fake.part_size = 1000  # several parts, so their order matters
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    clip = mp4(frames=30)
    assert len(clip) > 2 * fake.part_size
    item = MediaItem("video", "video/mp4", files.put("li-clip.mp4", clip, "video/mp4"), size=len(clip))
    request = PublishRequest("A clip", media=(item,), account=ref(accounts[0]))

    pending = await connector.publish(credentials, request)
    assert isinstance(pending, Pending)
    video = fake.videos[pending.state["video"]]
    assert b"".join(video["received"][i] for i in range(len(video["parts"]))) == clip
    assert not fake.posts  # nothing posted before the video is AVAILABLE

    still = await connector.check_status(credentials, request, pending.state)
    assert isinstance(still, Pending)
    published = await connector.check_status(credentials, request, still.state)
    assert isinstance(published, Published)
    assert published.external_id.startswith("urn:li:ugcPost:")
    assert fake.posts[published.external_id]["content"] == {"media": {"id": pending.state["video"]}}
    assert all("Authorization" not in c.headers for c in fake.calls("PUT", "/dms-uploads/video/"))


async def test_failed_video_processing_is_a_permanent_error(
    fake: FakeLinkedIn, http: httpx.AsyncClient, files: FileHost
) -> None:
    fake.fail_video_processing = True
    fake.polls_until_available = 1
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    clip = mp4()
    item = MediaItem("video", "video/mp4", files.put("li-bad.mp4", clip, "video/mp4"), size=len(clip))
    request = PublishRequest("Bad clip", media=(item,), account=ref(accounts[0]))
    pending = await connector.publish(credentials, request)
    assert isinstance(pending, Pending)
    with pytest.raises(PermanentError) as failed:
        await connector.check_status(credentials, request, pending.state)
    assert failed.value.code == "video_failed"
    assert not fake.posts


async def test_invalid_options_are_refused_before_any_call(
    fake: FakeLinkedIn, http: httpx.AsyncClient
) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    before = len(fake.requests)
    for account, options in (
        (accounts[0], {"visibility": "FRIENDS"}),
        (accounts[1], {"visibility": "CONNECTIONS"}),
    ):
        with pytest.raises(PermanentError) as refused:
            await connector.publish(credentials, PublishRequest("x", options=options, account=ref(account)))
        assert refused.value.code == "invalid_option"
    assert len(fake.requests) == before


# --- errors --------------------------------------------------------------------------------------


async def test_daily_limit_waits_for_midnight_utc(fake: FakeLinkedIn, http: httpx.AsyncClient) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    fake.fail_next(
        "POST",
        r"/rest/posts$",
        status=429,
        json_body={
            "status": 429,
            "serviceErrorCode": 101,
            "message": "Resource level throttle MEMBER DAY limit",
        },
    )
    with pytest.raises(RateLimitedError) as limited:
        await connector.publish(credentials, PublishRequest("Limited", account=ref(accounts[0])))
    assert abs((limited.value.reset_at - next_midnight("UTC")).total_seconds()) < 5
    assert limited.value.reset_at.hour == 0


async def test_expired_token_refreshes_for_partner_apps(fake: FakeLinkedIn, http: httpx.AsyncClient) -> None:
    fake.issues_refresh_tokens = True
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    assert credentials.refresh_token
    fake.expire_tokens()
    request = PublishRequest("After refresh", account=ref(accounts[0]))
    with pytest.raises(TokenExpiredError):
        await connector.publish(credentials, request)

    fresh = await connector.refresh(credentials)
    assert fresh.access_token != credentials.access_token
    assert fresh.refresh_token == credentials.refresh_token  # LinkedIn does not rotate it
    assert isinstance(await connector.publish(fresh, request), Published)


async def test_expired_token_without_refresh_asks_to_reconnect(
    fake: FakeLinkedIn, http: httpx.AsyncClient
) -> None:
    connector = connector_for(fake, http)
    credentials, _ = await connect(connector, http)
    with pytest.raises(AuthRevokedError) as reconnect:
        await connector.refresh(credentials)
    assert "connect the account again" in reconnect.value.message


async def test_invalid_answer_to_a_token_past_its_expiry_counts_as_expired(
    fake: FakeLinkedIn, http: httpx.AsyncClient
) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    fake.access_tokens.clear()  # LinkedIn answers INVALID_ACCESS_TOKEN
    request = PublishRequest("x", account=ref(accounts[0]))
    with pytest.raises(AuthRevokedError):
        await connector.publish(credentials, request)
    with pytest.raises(TokenExpiredError):
        await connector.publish(
            replace(credentials, expires_at=datetime.now(UTC) - timedelta(minutes=1)), request
        )


async def test_revoked_token_needs_a_reconnect(fake: FakeLinkedIn, http: httpx.AsyncClient) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    await connector.revoke(credentials)
    revoke_form = parse_qs(fake.calls("POST", "/oauth/v2/revoke")[0].body.decode())
    assert revoke_form["client_id"] == ["test-client"]
    assert fake.revoked == {credentials.access_token}
    with pytest.raises(AuthRevokedError):
        await connector.publish(credentials, PublishRequest("Gone", account=ref(accounts[0])))


async def test_duplicate_post_is_refused_as_duplicate(fake: FakeLinkedIn, http: httpx.AsyncClient) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    request = PublishRequest("Same words twice", account=ref(accounts[0]))
    assert isinstance(await connector.publish(credentials, request), Published)
    with pytest.raises(DuplicateError):
        await connector.publish(credentials, request)
    assert len(fake.posts) == 1


async def test_retired_api_version_tells_the_operator_what_to_change(
    fake: FakeLinkedIn, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    old = connector_for(fake, http, LINKEDIN_API_VERSION="202301")
    with pytest.raises(PermanentError) as retired:
        await old.publish(credentials, PublishRequest("Old version", account=ref(accounts[0])))
    assert retired.value.code == "api_version_retired"
    assert retired.value.kind == "invalid_content"
    # People read the error; the setting to change is for the operator, in the log.
    assert "LINKEDIN_API_VERSION" not in retired.value.message
    assert "administrator" in retired.value.message
    assert any("LINKEDIN_API_VERSION" in record.getMessage() for record in caplog.records)


async def test_server_errors_are_transient_but_on_a_create_ambiguous(
    fake: FakeLinkedIn, http: httpx.AsyncClient
) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    fake.fail_next("GET", r"/v2/userinfo", status=503, text="Service Unavailable")
    with pytest.raises(TransientError):
        await connector.list_accounts(credentials)
    for status in (500, 503, 504):
        fake.fail_next("POST", r"/rest/posts$", status=status, text="Server Error")
        with pytest.raises(AmbiguousError):
            await connector.publish(credentials, PublishRequest("Maybe", account=ref(accounts[0])))


async def test_a_post_made_before_a_server_error_is_found_not_posted_again(
    fake: FakeLinkedIn, http: httpx.AsyncClient
) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    started = datetime.now(UTC)
    request = PublishRequest("Posted, then a 500", account=ref(accounts[1]))
    fake.fail_next("POST", r"/rest/posts$", status=500, text="Internal Server Error", acted=True)
    with pytest.raises(AmbiguousError):
        await connector.publish(credentials, request)
    assert len(fake.posts) == 1
    found = await connector.find_published(credentials, request, started)
    assert found is not None
    assert found.external_id == next(iter(fake.posts))


async def test_lost_answer_is_ambiguous_and_reconciled_on_a_page(
    fake: FakeLinkedIn, http: httpx.AsyncClient
) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    started = datetime.now(UTC)
    request = PublishRequest("Did it (really) post?", account=ref(accounts[1]))
    fake.fail_next("POST", r"/rest/posts$", hang_after_seconds=2.0)
    with pytest.raises(AmbiguousError):
        await connector.publish(credentials, request)

    assert len(fake.posts) == 1
    found = await connector.find_published(credentials, request, started)
    assert found is not None
    assert found.external_id == next(iter(fake.posts))
    other = PublishRequest("Never sent", account=ref(accounts[1]))
    assert await connector.find_published(credentials, other, started) is None
    with pytest.raises(NotSupportedError):  # members' posts cannot be read back
        await connector.find_published(credentials, replace(request, account=ref(accounts[0])), started)


# --- metrics -------------------------------------------------------------------------------------


async def test_page_post_and_follower_metrics(
    fake: FakeLinkedIn, http: httpx.AsyncClient, files: FileHost
) -> None:
    fake.polls_until_available = 1
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    page = ref(accounts[1])
    text = await connector.publish(credentials, PublishRequest("Stats please", account=page))
    clip = mp4()
    item = MediaItem("video", "video/mp4", files.put("li-stats.mp4", clip, "video/mp4"), size=len(clip))
    video_request = PublishRequest("Video stats", media=(item,), account=page)
    pending = await connector.publish(credentials, video_request)
    assert isinstance(text, Published)
    assert isinstance(pending, Pending)
    video = await connector.check_status(credentials, video_request, pending.state)
    assert isinstance(video, Published)

    metrics = {
        m.external_id: m.metrics
        for m in await connector.fetch_post_metrics(credentials, page, [text.external_id, video.external_id])
    }
    assert metrics[text.external_id] == {
        "impressions": 120,
        "unique_impressions": 84,
        "clicks": 12,
        "likes": 5,
        "comments": 2,
        "shares": 1,
    }
    assert metrics[video.external_id]["impressions"] == 110
    statistics = fake.calls("GET", "/rest/organizationalEntityShareStatistics")[0]
    assert statistics.query["ugcPosts"] == f"List({video.external_id})"

    account = await connector.fetch_account_metrics(credentials, page)
    assert account.followers == 4321
    assert account.metrics == {"organic_followers_gained_30d": 90, "paid_followers_gained_30d": 30}


async def test_member_metrics_are_honest_about_what_linkedin_shares(
    fake: FakeLinkedIn, http: httpx.AsyncClient
) -> None:
    connector = connector_for(fake, http)
    credentials, accounts = await connect(connector, http)
    member = ref(accounts[0])
    post = await connector.publish(credentials, PublishRequest("Member stats", account=member))
    assert isinstance(post, Published)
    with pytest.raises(NotSupportedError):
        await connector.fetch_post_metrics(credentials, member, [post.external_id])
    with pytest.raises(NotSupportedError):
        await connector.fetch_account_metrics(credentials, member)

    fake.grants_member_social = True
    [counts] = await connector.fetch_post_metrics(credentials, member, [post.external_id])
    assert counts.metrics == {"likes": 9, "comments": 4}
