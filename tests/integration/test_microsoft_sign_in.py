"""Sign in with Microsoft end to end: our app + real MSAL + a fake OpenID provider over HTTPS.

The browser's part is played by hand: start at our /login, follow the 302 to the provider's
/authorize (which signs in whoever `fake.claims` describes and redirects back with a code), then hand
that redirect to our /callback with the same cookie jar.
"""

from __future__ import annotations

import ssl
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import httpx
import pytest

from shared.adapters.msal_client import MsalSignInClient
from shared.bootstrap import Container
from shared.domain.opaque import digest
from shared.services.tokens import load_key_ring, verify_access_token
from tests.conftest import Stack, stack_settings, unique
from tests.fakes.oidc_provider import FakeOidcProvider
from tests.integration.test_auth_flow import outbox_link, register

CALLBACK = "http://testserver/api/v1/auth/microsoft/callback"


@dataclass
class Site:
    api: httpx.AsyncClient
    container: Container
    ip: str


@pytest.fixture(scope="module")
def idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeOidcProvider]:
    provider = FakeOidcProvider(tmp_path_factory.mktemp("oidc")).start()
    yield provider
    provider.stop()


@pytest.fixture
def fake(idp: FakeOidcProvider) -> FakeOidcProvider:
    idp.reset()
    return idp


@asynccontextmanager
async def microsoft_site(stack: Stack, fake: FakeOidcProvider, **overrides: Any) -> AsyncIterator[Site]:
    """Our app configured for the fake provider, with an MSAL client that trusts its certificate."""
    from functions.api import create_api
    from functions.api.microsoft import sign_in_provider
    from shared.bootstrap import get_container

    values: dict[str, Any] = {
        "MICROSOFT_CLIENT_ID": fake.client_id,
        "MICROSOFT_CLIENT_SECRET": fake.client_secret,
        "MICROSOFT_AUTHORITY": fake.issuer,
        "MICROSOFT_ALLOWED_TENANTS": "",
        "PUBLIC_BASE_URL": "http://testserver",
    }
    values.update(overrides)
    container = Container(stack_settings(stack, **values))

    async def secret() -> str:
        return await container.secrets.get("microsoft-client-secret")

    provider = MsalSignInClient(
        client_id=container.settings.microsoft_client_id,
        authority=container.settings.microsoft_authority,
        client_secret=secret,
        ca_file=str(fake.ca_file),
    )
    app = create_api()
    app.dependency_overrides[get_container] = lambda: container
    app.dependency_overrides[sign_in_provider] = lambda: provider
    ip = "10." + ".".join(str(b) for b in uuid.uuid4().bytes[:3])
    transport = httpx.ASGITransport(app=app, client=(ip, 50000))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            yield Site(api, container, ip)
    finally:
        await provider.aclose()
        await container.aclose()


@pytest.fixture
async def site(stack: Stack, fake: FakeOidcProvider) -> AsyncIterator[Site]:
    async with microsoft_site(stack, fake) as s:
        yield s


async def start(api: httpx.AsyncClient, next_path: str | None = None) -> str:
    params = {"next": next_path} if next_path is not None else {}
    response = await api.get("/api/v1/auth/microsoft/login", params=params)
    assert response.status_code == 302, response.text
    assert response.headers["cache-control"] == "no-store"
    return response.headers["location"]


async def at_provider(fake: FakeOidcProvider, authorize_url: str) -> str:
    """What the browser does at the provider; returns our callback's path and query."""
    assert authorize_url.startswith(fake.issuer + "/oauth2/v2.0/authorize?")
    tls = ssl.create_default_context(cafile=str(fake.ca_file))
    async with httpx.AsyncClient(verify=tls) as browser:
        response = await browser.get(authorize_url)
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(CALLBACK + "?"), location
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"


async def sign_in(site: Site, fake: FakeOidcProvider, next_path: str | None = None) -> httpx.Response:
    callback = await at_provider(fake, await start(site.api, next_path))
    return await site.api.get(callback)


def error_code(response: httpx.Response) -> str:
    body = response.json()
    return str(body["error"]["code"])


async def signed_in_user(site: Site, response: httpx.Response) -> UUID:
    assert response.status_code == 302, response.text
    ring = await load_key_ring(site.container.secrets)
    return verify_access_token(ring, site.container.settings, site.api.cookies["ck_access"]).user_id


async def fetch(container: Container, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(sql, params)
        return await cursor.fetchall()


async def user_count_with_email(container: Container, email: str) -> int:
    rows = await fetch(container, "SELECT count(*) FROM users WHERE email_normalized = %s", email.lower())
    return int(rows[0][0])


async def test_first_sign_in_creates_a_verified_user_and_our_session(
    site: Site, fake: FakeOidcProvider
) -> None:
    response = await sign_in(site, fake, next_path="/posts?tab=scheduled")

    assert response.headers["location"] == "http://testserver/posts?tab=scheduled"
    set_cookies = response.headers.get_list("set-cookie")
    assert any(c.startswith("ck_access=") and "HttpOnly" in c for c in set_cookies)
    assert any(c.startswith("ck_refresh=") and "HttpOnly" in c for c in set_cookies)
    assert any(c.startswith("ck_ms_flow=") and "Max-Age=0" in c for c in set_cookies)
    user_id = await signed_in_user(site, response)

    (user,) = await fetch(
        site.container,
        "SELECT email, name, password_hash, email_verified_at FROM users WHERE id = %s",
        user_id,
    )
    assert user[0] == fake.claims["email"]
    assert user[1] == "Grace Hopper"
    assert user[2] is None
    assert user[3] is not None
    identities = await fetch(
        site.container,
        "SELECT provider, tenant_id, subject, email FROM user_identities WHERE user_id = %s",
        user_id,
    )
    assert identities == [("microsoft", fake.tenant_id, fake.claims["oid"], fake.claims["email"])]
    audit = await fetch(
        site.container,
        "SELECT details FROM audit_log WHERE actor_user_id = %s AND event = 'login.microsoft'",
        user_id,
    )
    assert [row[0] for row in audit] == [{"tenant_id": fake.tenant_id, "outcome": "created"}]

    # What MSAL asked the provider for: code flow with PKCE, state, nonce, our callback, no refresh tokens.
    (authorize,) = fake.authorize_requests
    assert authorize["redirect_uri"] == CALLBACK
    assert authorize["code_challenge_method"] == "S256"
    assert {"openid", "profile", "email"} <= set(authorize["scope"].split())
    assert "offline_access" not in authorize["scope"].split()
    (token_request,) = fake.token_requests
    assert token_request["code_verifier"]
    assert token_request["redirect_uri"] == CALLBACK

    # Our refresh cookie works like one from a password sign-in (cookie mode needs the CSRF header).
    refreshed = await site.api.post(
        "/api/v1/auth/refresh", headers={"X-CSRF-Token": site.api.cookies["ck_csrf"]}
    )
    assert refreshed.status_code == 200, refreshed.text
    ring = await load_key_ring(site.container.secrets)
    access = refreshed.json()["access_token"]
    assert verify_access_token(ring, site.container.settings, access).user_id == user_id

    # An address Microsoft vouches for counts as verified: what needs one is open to this account.
    created = await site.api.post(
        "/api/v1/workspaces", json={"name": "Hopper's"}, headers={"Authorization": f"Bearer {access}"}
    )
    assert created.status_code == 201, created.text


async def test_next_sign_in_finds_the_same_user_by_identity(site: Site, fake: FakeOidcProvider) -> None:
    first = await signed_in_user(site, await sign_in(site, fake))
    # The address changed at Microsoft; the object id did not, so it is still the same person.
    fake.claims["email"] = f"{unique('renamed')}@contoso.example"
    second_response = await sign_in(site, fake)
    assert second_response.headers["location"] == "http://testserver/"
    second = await signed_in_user(site, second_response)

    assert second == first
    identities = await fetch(
        site.container, "SELECT email, last_used_at FROM user_identities WHERE user_id = %s", first
    )
    assert len(identities) == 1
    assert identities[0][0] == fake.claims["email"]
    assert identities[0][1] is not None
    outcomes = await fetch(
        site.container,
        "SELECT details->>'outcome' FROM audit_log WHERE actor_user_id = %s AND event = 'login.microsoft' "
        "ORDER BY id",
        first,
    )
    assert [row[0] for row in outcomes] == ["created", "identity"]


async def test_links_an_existing_verified_local_account_by_email(site: Site, fake: FakeOidcProvider) -> None:
    email = await register(site.api)
    token = await outbox_link(site.container, email, "/verify-email")
    assert (await site.api.post("/api/v1/auth/verify-email", json={"token": token})).status_code == 200
    (local,) = await fetch(site.container, "SELECT id FROM users WHERE email_normalized = %s", email)
    fake.claims = fake.new_person(email=email.upper())

    user_id = await signed_in_user(site, await sign_in(site, fake))

    assert user_id == local[0]
    assert await user_count_with_email(site.container, email) == 1
    linked = await fetch(site.container, "SELECT subject FROM user_identities WHERE user_id = %s", user_id)
    assert linked == [(fake.claims["oid"],)]


async def test_refuses_to_link_a_local_account_whose_email_is_not_verified(
    site: Site, fake: FakeOidcProvider
) -> None:
    email = await register(site.api)
    fake.claims = fake.new_person(email=email)

    response = await sign_in(site, fake)

    assert response.status_code == 409
    assert error_code(response) == "email_not_verified"
    assert "ck_access" not in site.api.cookies
    rows = await fetch(
        site.container,
        "SELECT count(*) FROM user_identities i JOIN users u ON u.id = i.user_id "
        "WHERE u.email_normalized = %s",
        email,
    )
    assert rows == [(0,)]


async def test_an_email_microsoft_does_not_vouch_for_neither_creates_nor_links(
    stack: Stack, site: Site, fake: FakeOidcProvider
) -> None:
    fake.claims = fake.new_person(email_verified=None)
    response = await sign_in(site, fake)
    assert response.status_code == 403
    assert error_code(response) == "microsoft_email_unverified"
    assert await user_count_with_email(site.container, fake.claims["email"]) == 0

    # Listing the tenant says its directory is trusted: the same claims now create the account.
    async with microsoft_site(
        stack, fake, MICROSOFT_ALLOWED_TENANTS=f"other-tenant, {fake.tenant_id.upper()}"
    ) as s:
        await signed_in_user(s, await sign_in(s, fake))
    assert await user_count_with_email(site.container, fake.claims["email"]) == 1


async def test_an_unknown_state_is_refused(site: Site, fake: FakeOidcProvider) -> None:
    await start(site.api)
    response = await site.api.get("/api/v1/auth/microsoft/callback", params={"state": "forged", "code": "x"})
    assert response.status_code == 401
    assert error_code(response) == "invalid_state"
    assert fake.token_requests == []


async def test_a_callback_from_another_browser_is_refused(site: Site, fake: FakeOidcProvider) -> None:
    # Login CSRF: an attacker completes their own flow and lures the victim to its callback URL.
    attackers_callback = await at_provider(fake, await start(site.api))
    site.api.cookies.clear()
    no_cookie = await site.api.get(attackers_callback)
    await start(site.api)  # the victim's browser has a flow cookie of its own, for another flow
    other_cookie = await site.api.get(attackers_callback)

    for response in (no_cookie, other_cookie):
        assert response.status_code == 401
        assert error_code(response) == "invalid_state"
    assert fake.token_requests == []


async def test_a_replayed_callback_is_refused(site: Site, fake: FakeOidcProvider) -> None:
    start_response = await site.api.get("/api/v1/auth/microsoft/login")
    flow_cookie = site.api.cookies["ck_ms_flow"]
    callback = await at_provider(fake, start_response.headers["location"])
    assert (await site.api.get(callback)).status_code == 302
    # Even with the flow cookie put back, the state was used up by the first callback.
    site.api.cookies.set("ck_ms_flow", flow_cookie, path="/api/v1/auth/microsoft")

    again = await site.api.get(callback)

    assert again.status_code == 401
    assert error_code(again) == "invalid_state"
    assert len(fake.token_requests) == 1


async def test_an_expired_state_is_refused(site: Site, fake: FakeOidcProvider) -> None:
    authorize_url = await start(site.api)
    state = parse_qs(urlsplit(authorize_url).query)["state"][0]
    pool = await site.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE microsoft_sign_in_flows SET expires_at = now() - interval '1 second' "
            "WHERE state_hash = %s",
            (digest(state),),
        )
    response = await site.api.get(await at_provider(fake, authorize_url))
    assert response.status_code == 401
    assert error_code(response) == "state_expired"
    assert fake.token_requests == []


async def test_starting_a_flow_clears_abandoned_ones(site: Site) -> None:
    abandoned = parse_qs(urlsplit(await start(site.api)).query)["state"][0]
    pool = await site.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE microsoft_sign_in_flows SET expires_at = now() - interval '1 second' "
            "WHERE state_hash = %s",
            (digest(abandoned),),
        )
    await start(site.api)
    rows = await fetch(
        site.container,
        "SELECT count(*) FROM microsoft_sign_in_flows WHERE state_hash = %s",
        digest(abandoned),
    )
    assert rows == [(0,)]


async def test_an_unreachable_provider_is_an_outage(stack: Stack, fake: FakeOidcProvider) -> None:
    async with microsoft_site(stack, fake, MICROSOFT_AUTHORITY="https://127.0.0.1:1/nobody/v2.0") as s:
        response = await s.api.get("/api/v1/auth/microsoft/login")
    assert response.status_code == 503
    assert error_code(response) == "microsoft_unavailable"


async def test_a_tenant_outside_the_allow_list_is_refused(stack: Stack, fake: FakeOidcProvider) -> None:
    async with microsoft_site(stack, fake, MICROSOFT_ALLOWED_TENANTS=str(uuid.uuid4())) as s:
        response = await sign_in(s, fake)
        assert response.status_code == 403
        assert error_code(response) == "tenant_not_allowed"
        assert await user_count_with_email(s.container, fake.claims["email"]) == 0
        failures = await fetch(
            s.container, "SELECT details FROM audit_log WHERE event = 'login.failed' AND ip = %s", s.ip
        )
        assert [f[0] for f in failures] == [
            {"method": "microsoft", "reason": "tenant_not_allowed", "tenant_id": fake.tenant_id}
        ]


async def test_the_provider_refusing_is_an_error(site: Site, fake: FakeOidcProvider) -> None:
    fake.authorize_error = "access_denied"
    response = await sign_in(site, fake)
    assert response.status_code == 401
    assert error_code(response) == "provider_error"
    assert response.json()["error"]["details"] == {"provider_error": "access_denied"}
    assert fake.token_requests == []


async def test_an_id_token_signed_with_another_key_is_refused(site: Site, fake: FakeOidcProvider) -> None:
    fake.sign_with_foreign_key = True
    response = await sign_in(site, fake)
    assert response.status_code == 401
    assert error_code(response) == "invalid_id_token"
    assert "ck_access" not in site.api.cookies
    assert await user_count_with_email(site.container, fake.claims["email"]) == 0


async def test_an_id_token_for_another_audience_is_refused(site: Site, fake: FakeOidcProvider) -> None:
    fake.claims["aud"] = str(uuid.uuid4())
    response = await sign_in(site, fake)
    assert response.status_code == 401
    assert error_code(response) == "invalid_id_token"


async def test_an_id_token_with_another_nonce_is_refused(site: Site, fake: FakeOidcProvider) -> None:
    fake.nonce_override = "a-nonce-from-some-other-sign-in"
    response = await sign_in(site, fake)
    assert response.status_code == 401
    assert error_code(response) == "nonce_mismatch"
    assert await user_count_with_email(site.container, fake.claims["email"]) == 0


async def test_an_account_without_email_cannot_be_created(site: Site, fake: FakeOidcProvider) -> None:
    fake.claims.update(email=None, preferred_username="not-an-email")
    response = await sign_in(site, fake)
    assert response.status_code == 401
    assert error_code(response) == "email_missing"


async def test_a_disabled_user_cannot_sign_in(site: Site, fake: FakeOidcProvider) -> None:
    user_id = await signed_in_user(site, await sign_in(site, fake))
    pool = await site.container.db()
    async with pool.connection() as conn:
        await conn.execute("UPDATE users SET disabled_at = now() WHERE id = %s", (user_id,))
    site.api.cookies.clear()

    response = await sign_in(site, fake)

    assert response.status_code == 403
    assert error_code(response) == "account_disabled"


async def test_a_wrong_client_secret_is_our_outage_not_the_users_fault(
    stack: Stack, fake: FakeOidcProvider
) -> None:
    async with microsoft_site(stack, fake, MICROSOFT_CLIENT_SECRET="not-the-secret") as s:
        response = await sign_in(s, fake)
    assert response.status_code == 503
    assert error_code(response) == "microsoft_unavailable"
    assert "not-the-secret" not in response.text


@pytest.mark.parametrize(
    "next_path", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "posts", "/a\r\nb"]
)
async def test_login_refuses_a_next_that_leaves_the_site(site: Site, next_path: str) -> None:
    response = await site.api.get("/api/v1/auth/microsoft/login", params={"next": next_path})
    assert response.status_code == 422
    assert error_code(response) == "invalid_next"
    assert "ck_ms_flow" not in site.api.cookies


async def test_both_routes_are_off_without_a_client_id(api: httpx.AsyncClient) -> None:
    for path in ("/api/v1/auth/microsoft/login", "/api/v1/auth/microsoft/callback?state=x&code=y"):
        response = await api.get(path)
        assert response.status_code == 404, path
        assert error_code(response) == "microsoft_sign_in_disabled"


async def test_status_says_whether_sign_in_with_microsoft_is_offered(
    site: Site, api: httpx.AsyncClient
) -> None:
    on = await site.api.get("/api/v1/auth/microsoft/status")
    assert on.status_code == 200, on.text
    assert on.json() == {"enabled": True}
    off = await api.get("/api/v1/auth/microsoft/status")
    assert off.status_code == 200, off.text
    assert off.json() == {"enabled": False}
