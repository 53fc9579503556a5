"""The Mastodon connector against a fake Mastodon server, over real HTTP."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from shared.platforms import oauth
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
    PublishRequest,
    RateLimitedError,
    TransientError,
)
from shared.platforms.mastodon import AUTH, MastodonConnector, build
from shared.platforms.mastodon_rules import countable_length, normalise_instance
from tests.fakes.platforms.base import FileHost
from tests.fakes.platforms.mastodon import FakeMastodon
from tests.integration.platforms.conftest import (
    CLIENT_TIMEOUT,
    connector_settings,
    guarded,
    jpeg,
    mp4,
    serve,
)

REDIRECT = "https://app.example/oauth/callback/mastodon"
INSTANCE = "social.example"
_names = itertools.count(1)


class Apps:
    """The per-server app cache, in memory."""

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], OAuthClient] = {}

    async def get(self, platform: str, instance: str) -> OAuthClient | None:
        return self.saved.get((platform, instance))

    async def put(self, platform: str, instance: str, client: OAuthClient) -> None:
        self.saved[(platform, instance)] = client


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    yield from serve(FakeMastodon())


@pytest.fixture
async def connector(fake: FakeMastodon, http: httpx.AsyncClient) -> AsyncIterator[MastodonConnector]:
    settings = connector_settings("mastodon", fake.base_url)
    async with guarded(settings) as egress:
        yield build(settings, http, egress)


async def authorize(http: httpx.AsyncClient, client: OAuthClient, verifier: str) -> str:
    """Consent at the fake's /oauth/authorize; the code from the redirect."""
    assert AUTH.oauth is not None
    url = oauth.authorization_url(
        client, AUTH.oauth, redirect_uri=REDIRECT, state="st4te", code_verifier=verifier
    )
    response = await http.get(url, follow_redirects=False)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    assert query["state"] == ["st4te"]
    return query["code"][0]


@pytest.fixture
async def account(connector: MastodonConnector, http: httpx.AsyncClient) -> ConnectedAccount:
    client = await connector.oauth_client({"instance": INSTANCE}, redirect_uri=REDIRECT, apps=Apps())
    verifier = oauth.new_code_verifier()
    code = await authorize(http, client, verifier)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier=verifier)
    [connected] = await connector.list_accounts(credentials)
    return connected


def request_for(
    account: ConnectedAccount, text: str, *media: MediaItem, key: str = "", **options: object
) -> PublishRequest:
    ref = AccountRef(account.external_id, account.handle, account.metadata)
    return PublishRequest(text=text, media=media, options=dict(options), idempotency_key=key, account=ref)


def image(files: FileHost, alt: str = "") -> MediaItem:
    data = jpeg()
    url = files.put(f"md-{next(_names)}.jpg", data, "image/jpeg")
    return MediaItem("image", "image/jpeg", url, size=len(data), alt_text=alt)


def video(files: FileHost) -> MediaItem:
    data = mp4()
    return MediaItem(
        "video", "video/mp4", files.put(f"md-{next(_names)}.mp4", data, "video/mp4"), size=len(data)
    )


# --- connecting ------------------------------------------------------------------------------------


async def test_connect_end_to_end_registers_one_app_per_server(
    connector: MastodonConnector, fake: FakeMastodon, http: httpx.AsyncClient
) -> None:
    fake.limits["max_characters"] = 1000
    apps = Apps()

    client = await connector.oauth_client(
        {"instance": "https://Social.Example/"}, redirect_uri=REDIRECT, apps=apps
    )
    again = await connector.oauth_client(
        {"instance": "@alice@social.example"}, redirect_uri=REDIRECT, apps=apps
    )

    assert again == client
    assert len(fake.apps) == 1
    registered = fake.apps[0]
    assert registered["name"] == "clickKloudy"
    assert registered["redirect_uris"] == [REDIRECT]
    assert registered["scopes"] == ["read", "write"]
    assert client.authorize_url == f"{fake.base_url}/oauth/authorize"
    assert client.context["instance"] == "https://social.example"

    verifier = oauth.new_code_verifier()
    code = await authorize(http, client, verifier)
    assert fake.codes[code].code_challenge  # PKCE S256 was sent
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier=verifier)
    assert credentials.expires_at is None
    assert credentials.refresh_token is None
    assert credentials.extra == {
        "instance": "https://social.example",
        "client_id": client.client_id,
        "client_secret": client.client_secret,
    }

    [connected] = await connector.list_accounts(credentials)
    assert connected.external_id == fake.accounts["alice"].id
    assert connected.handle == "@alice@social.example"
    assert connected.display_name == "Alice Example"
    assert connected.metadata["instance"] == "https://social.example"
    assert connected.metadata["max_characters"] == "1000"
    assert connected.metadata["max_media_attachments"] == "4"


async def test_a_wrong_code_verifier_is_refused(
    connector: MastodonConnector, http: httpx.AsyncClient
) -> None:
    client = await connector.oauth_client({"instance": INSTANCE}, redirect_uri=REDIRECT, apps=Apps())
    code = await authorize(http, client, oauth.new_code_verifier())

    with pytest.raises(AuthRevokedError):
        await connector.exchange_code(
            client, code, redirect_uri=REDIRECT, code_verifier=oauth.new_code_verifier()
        )


async def test_a_new_redirect_uri_registers_the_app_again(
    connector: MastodonConnector, fake: FakeMastodon
) -> None:
    apps = Apps()
    first = await connector.oauth_client({"instance": INSTANCE}, redirect_uri=REDIRECT, apps=apps)
    second = await connector.oauth_client({"instance": INSTANCE}, redirect_uri=REDIRECT + "2", apps=apps)

    assert second.client_id != first.client_id
    assert len(fake.apps) == 2
    assert apps.saved[("mastodon", "https://social.example")] == second


async def test_something_that_is_not_a_mastodon_server(
    connector: MastodonConnector, fake: FakeMastodon
) -> None:
    fake.fail_next("POST", "/api/v1/apps", status=404, text="<html>Not Found</html>")

    with pytest.raises(PermanentError) as caught:
        await connector.oauth_client({"instance": INSTANCE}, redirect_uri=REDIRECT, apps=Apps())

    assert caught.value.code == "not_mastodon"


@pytest.mark.parametrize("typed", ["", "not a server", "https://", "exa mple.org"])
def test_an_unusable_server_address_is_refused(typed: str) -> None:
    with pytest.raises(PermanentError) as caught:
        normalise_instance(typed)

    assert caught.value.code == "invalid_instance"


# --- publishing ------------------------------------------------------------------------------------


async def test_publish_text_with_options_and_the_idempotency_key(
    connector: MastodonConnector, fake: FakeMastodon, account: ConnectedAccount
) -> None:
    request = request_for(
        account, "Hello #fediverse", key="target-1", visibility="unlisted", language="en", spoiler_text="cw"
    )

    published = await connector.publish(account.credentials, request)

    assert isinstance(published, Published)
    status = fake.status(published.external_id)
    assert published.url == status["url"] == f"{fake.base_url}/@alice/{published.external_id}"
    assert (status["visibility"], status["language"], status["spoiler_text"]) == ("unlisted", "en", "cw")
    assert fake.calls("POST", "/api/v1/statuses$")[-1].headers["Idempotency-Key"] == "target-1"
    assert published.rate is not None
    assert published.rate.remaining < 300


async def test_a_repeat_with_the_same_key_returns_the_same_status(
    connector: MastodonConnector, fake: FakeMastodon, account: ConnectedAccount
) -> None:
    first = await connector.publish(account.credentials, request_for(account, "once", key="target-2"))
    second = await connector.publish(account.credentials, request_for(account, "once", key="target-2"))

    assert isinstance(first, Published)
    assert isinstance(second, Published)
    assert second.external_id == first.external_id
    assert len(fake.statuses) == 1


async def test_images_with_alt_text(
    connector: MastodonConnector, fake: FakeMastodon, files: FileHost, account: ConnectedAccount
) -> None:
    media = (image(files, "a teal square"), image(files), image(files))

    published = await connector.publish(account.credentials, request_for(account, "three", *media))

    assert isinstance(published, Published)
    attachments = fake.status(published.external_id)["media_attachments"]
    assert [a["type"] for a in attachments] == ["image"] * 3
    assert attachments[0]["description"] == "a teal square"
    assert fake.calls("GET", "/api/v1/media/") == []  # images are ready at once (200)


async def test_a_video_is_pending_until_processed(
    connector: MastodonConnector, fake: FakeMastodon, files: FileHost, account: ConnectedAccount
) -> None:
    request = request_for(account, "a clip", video(files), key="target-3")

    outcome = await connector.publish(account.credentials, request)

    assert isinstance(outcome, Pending)
    assert fake.statuses == []
    outcomes: list[Published | Pending] = [outcome]
    while isinstance(last := outcomes[-1], Pending):
        outcomes.append(await connector.check_status(account.credentials, request, last.state))
    assert len(outcomes) == 1 + fake.processing_polls + 1  # two 206 answers, then ready
    published = outcomes[-1]
    assert isinstance(published, Published)
    assert fake.status(published.external_id)["media_attachments"][0]["type"] == "video"


async def test_the_servers_own_limits_are_enforced_before_sending(
    connector: MastodonConnector, fake: FakeMastodon, files: FileHost, http: httpx.AsyncClient
) -> None:
    fake.limits.update(max_characters=40, max_media_attachments=2)
    client = await connector.oauth_client({"instance": INSTANCE}, redirect_uri=REDIRECT, apps=Apps())
    verifier = oauth.new_code_verifier()
    code = await authorize(http, client, verifier)
    credentials = await connector.exchange_code(client, code, redirect_uri=REDIRECT, code_verifier=verifier)
    [account] = await connector.list_accounts(credentials)
    before = len(fake.requests)

    refusals = {
        "text_too_long": request_for(account, "x" * 41),
        "too_many_media": request_for(account, "", image(files), image(files), image(files)),
        "images_and_video": request_for(account, "", image(files), video(files)),
        "invalid_option": request_for(account, "hi", visibility="everyone"),
    }
    for code, request in refusals.items():
        with pytest.raises(PermanentError) as caught:
            await connector.publish(credentials, request)
        assert caught.value.code == code
    assert len(fake.requests) == before

    # URLs count as 23 characters, however long: this fits in 40 and the server agrees.
    text = "see https://example.org/a/very/long/path/that/goes/on"
    assert countable_length(text) == 27
    assert isinstance(await connector.publish(credentials, request_for(account, text)), Published)


async def test_a_limit_lowered_since_connecting_is_refused_by_the_server(
    connector: MastodonConnector, fake: FakeMastodon, account: ConnectedAccount
) -> None:
    fake.limits["max_characters"] = 10

    with pytest.raises(PermanentError) as caught:
        await connector.publish(account.credentials, request_for(account, "twenty characters!!!"))

    assert caught.value.code == "text_too_long"
    assert "character limit of 10" in caught.value.message


# --- failures --------------------------------------------------------------------------------------


async def test_rate_limit_reset_comes_from_the_iso_header(
    connector: MastodonConnector, fake: FakeMastodon, account: ConnectedAccount
) -> None:
    reset = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=3)
    fake.rate_limit("POST", "/api/v1/statuses$", reset)

    with pytest.raises(RateLimitedError) as caught:
        await connector.publish(account.credentials, request_for(account, "too fast"))

    assert caught.value.reset_at == reset


async def test_a_revoked_token_needs_a_reconnect(
    connector: MastodonConnector, fake: FakeMastodon, account: ConnectedAccount
) -> None:
    assert await connector.refresh(account.credentials) == account.credentials
    fake.revoke_all()

    with pytest.raises(AuthRevokedError):
        await connector.publish(account.credentials, request_for(account, "hello?"))
    with pytest.raises(AuthRevokedError):
        await connector.refresh(account.credentials)


async def test_revoke_invalidates_the_token(
    connector: MastodonConnector, fake: FakeMastodon, account: ConnectedAccount
) -> None:
    await connector.revoke(account.credentials)

    assert fake.calls("POST", "/oauth/revoke$")
    with pytest.raises(AuthRevokedError):
        await connector.refresh(account.credentials)


async def test_an_outage_is_transient_for_a_status_with_an_idempotency_key(
    connector: MastodonConnector, fake: FakeMastodon, account: ConnectedAccount
) -> None:
    fake.fail_next("POST", "/api/v1/statuses$", status=503, text="<html>Service Unavailable</html>")
    with pytest.raises(TransientError):
        await connector.publish(account.credentials, request_for(account, "x", key="outage-1"))

    # Without a key a repeat could post twice: a 5xx that came after the status was made is ambiguous.
    fake.fail_next("POST", "/api/v1/statuses$", status=500, text="<html>Oops</html>", acted=True)
    with pytest.raises(AmbiguousError):
        await connector.publish(account.credentials, request_for(account, "keyless"))


async def test_a_lost_answer_is_ambiguous_then_found_and_never_doubled(
    connector: MastodonConnector, fake: FakeMastodon, account: ConnectedAccount
) -> None:
    text = "Line one with https://example.org/a/rather/long/link/to/somewhere\nline two\n\nand a #tag"
    request = request_for(account, text, key="target-4")
    started = datetime.now(UTC)
    fake.fail_next("POST", "/api/v1/statuses$", hang_after_seconds=CLIENT_TIMEOUT + 1)

    with pytest.raises(AmbiguousError):
        await connector.publish(account.credentials, request)

    assert len(fake.statuses) == 1
    found = await connector.find_published(account.credentials, request, started)
    assert found is not None
    assert found.external_id == fake.statuses[0]["id"]
    assert found.url == fake.statuses[0]["url"]
    other = request_for(account, "Line one with something else", key="target-5")
    assert await connector.find_published(account.credentials, other, started) is None
    later = started + timedelta(minutes=10)
    assert await connector.find_published(account.credentials, request, later) is None

    again = await connector.publish(account.credentials, request)  # the pipeline's retry with the same key
    assert isinstance(again, Published)
    assert again.external_id == found.external_id
    assert len(fake.statuses) == 1


# --- metrics ---------------------------------------------------------------------------------------


async def test_metrics(connector: MastodonConnector, fake: FakeMastodon, account: ConnectedAccount) -> None:
    published = await connector.publish(account.credentials, request_for(account, "count me"))
    assert isinstance(published, Published)
    fake.status(published.external_id).update(favourites_count=5, reblogs_count=2, replies_count=1)
    ref = AccountRef(account.external_id, account.handle, account.metadata)

    posts = await connector.fetch_post_metrics(account.credentials, ref, [published.external_id, "404404"])
    totals = await connector.fetch_account_metrics(account.credentials, ref)

    assert [(p.external_id, p.metrics) for p in posts] == [
        (published.external_id, {"favourites": 5, "reblogs": 2, "replies": 1})
    ]
    assert totals.followers == 42
    assert totals.metrics == {"followers": 42, "following": 7, "statuses": 1}
