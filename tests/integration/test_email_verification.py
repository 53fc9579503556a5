"""Unverified accounts: they sign in and see their account, but creating a workspace, connecting
social accounts and accepting invitations wait until the address is verified. Resending the link is
limited per account and per IP."""

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
import pytest
from aiohttp import web

from functions.api import create_api
from shared.bootstrap import Container, get_container
from shared.domain.identity import EMAIL_NOT_VERIFIED
from shared.domain.opaque import digest
from shared.domain.permissions import Role
from shared.services import ratelimit
from shared.services.principals import user_states
from tests.conftest import Stack, stack_settings, unique
from tests.integration.test_admin import sign_in_admin, user_id_of
from tests.integration.test_auth_flow import login, outbox_link, register, verify
from tests.integration.test_workspaces import Actor, new_user, new_workspace
from tools.sandbox.server import create_app as create_sandbox

V1 = "/api/v1"
RESEND = f"{V1}/auth/verify-email/resend"


def error_of(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


async def bearer(api: httpx.AsyncClient, email: str) -> dict[str, str]:
    tokens = await login(api, email)
    api.cookies.clear()
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def mark_verified(container: Container, user_id: UUID) -> None:
    pool = await container.db()
    async with pool.connection() as conn:
        await conn.execute("UPDATE users SET email_verified_at = now() WHERE id = %s", (user_id,))
    user_states.forget(user_id)


def refused_as_unverified(response: httpx.Response) -> bool:
    body = response.json()["error"]
    return (response.status_code, body["code"], body["message"]) == (
        403,
        "email_not_verified",
        EMAIL_NOT_VERIFIED,
    )


async def test_an_unverified_account_signs_in_and_sees_itself_but_creates_no_workspace(
    api: httpx.AsyncClient, container: Container
) -> None:
    email = await register(api)
    headers = await bearer(api, email)
    me = await api.get(f"{V1}/me", headers=headers)
    assert me.status_code == 200, me.text
    assert me.json()["email_verified"] is False
    assert (await api.get(f"{V1}/workspaces", headers=headers)).status_code == 200

    refused = await api.post(f"{V1}/workspaces", json={"name": "Too soon"}, headers=headers)
    assert refused_as_unverified(refused), refused.text
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM audit_log WHERE event = 'workspace.created' AND details->>'name' = %s",
            ("Too soon",),
        )
        assert await cursor.fetchone() == (0,)

    await verify(api, container, email)  # the same access token: no new sign-in needed
    created = await api.post(f"{V1}/workspaces", json={"name": "Now"}, headers=headers)
    assert created.status_code == 201, created.text
    assert (await api.get(f"{V1}/me", headers=headers)).json()["email_verified"] is True


async def test_an_api_key_acts_for_its_user_and_follows_the_same_rule(
    api: httpx.AsyncClient, container: Container
) -> None:
    user = await new_user(container, verified=False)
    key = f"ck_{secrets.token_urlsafe(32)}"
    pool = await container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO api_keys (user_id, name, prefix, key_hash, scopes) VALUES (%s, %s, %s, %s, %s)",
            (user.id, "ci", key[:11], digest(key), ["read", "write"]),
        )
    headers = {"Authorization": f"Bearer {key}"}
    assert refused_as_unverified(await api.post(f"{V1}/workspaces", json={"name": "By key"}, headers=headers))
    await mark_verified(container, user.id)
    created = await api.post(f"{V1}/workspaces", json={"name": "By key"}, headers=headers)
    assert created.status_code == 201, created.text


# --- connecting accounts --------------------------------------------------------------------------


@dataclass
class Site:
    container: Container
    api: httpx.AsyncClient
    owner: Actor
    workspace: UUID

    async def connect_sandbox(self, actor: Actor, handle: str | None = None) -> httpx.Response:
        return await self.api.post(
            f"{V1}/workspaces/{self.workspace}/accounts/connect/sandbox",
            json={"handle": handle or unique("h")},
            headers=actor.headers,
        )


@pytest.fixture
async def site(stack: Stack) -> AsyncIterator[Site]:
    runner = web.AppRunner(create_sandbox(), access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    container = Container(
        stack_settings(
            stack, SANDBOX_MODE=True, SANDBOX_BASE_URL=f"http://127.0.0.1:{runner.addresses[0][1]}"
        )
    )
    app = create_api()
    app.dependency_overrides[get_container] = lambda: container
    transport = httpx.ASGITransport(app=app, client=(unique("client-"), 1))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            owner = await new_user(container, name="Owner")
            workspace = await new_workspace(container, {owner.id: Role.OWNER})
            yield Site(container, api, owner, workspace)
    finally:
        await container.aclose()
        await runner.cleanup()


async def test_connecting_accounts_waits_for_a_verified_address(site: Site) -> None:
    admin = await new_user(site.container, name="Unverified admin", verified=False)
    pool = await site.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO memberships (workspace_id, user_id, role) VALUES (%s, %s, 'admin')",
            (site.workspace, admin.id),
        )
    existing = await site.connect_sandbox(site.owner)
    assert existing.status_code == 201, existing.text
    base = f"{V1}/workspaces/{site.workspace}/accounts"
    attempts: dict[str, httpx.Response] = {
        "sandbox": await site.connect_sandbox(admin),
        "credentials": await site.api.post(
            f"{base}/connect/bluesky",
            json={"fields": {"identifier": "someone.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"}},
            headers=admin.headers,
        ),
        "oauth start": await site.api.post(
            f"{base}/connect/mastodon",
            json={"fields": {"instance": "mastodon.example"}},
            headers=admin.headers,
        ),
        "reconnect": await site.api.post(
            f"{base}/{existing.json()['id']}/reconnect", json={"fields": {}}, headers=admin.headers
        ),
    }
    wrong = {name: r.text for name, r in attempts.items() if not refused_as_unverified(r)}
    assert wrong == {}
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT count(*) FROM oauth_states WHERE user_id = %s", (admin.id,))
        assert await cursor.fetchone() == (0,)
        cursor = await conn.execute(
            "SELECT count(*) FROM social_accounts WHERE workspace_id = %s AND platform = 'sandbox'",
            (site.workspace,),
        )
        assert await cursor.fetchone() == (1,)
    # Reading is not publishing: the member still sees the workspace's accounts.
    assert (await site.api.get(base, headers=admin.headers)).status_code == 200

    await mark_verified(site.container, admin.id)
    connected = await site.connect_sandbox(admin)
    assert connected.status_code == 201, connected.text


# --- resending the link ---------------------------------------------------------------------------


async def verify_mails(container: Container, email: str) -> int:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM dev_outbox WHERE to_address = %s AND template = 'verify_email'", (email,)
        )
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


async def test_resend_sends_a_new_link_and_retires_the_old_one(
    api: httpx.AsyncClient, container: Container
) -> None:
    email = await register(api)
    first = await outbox_link(container, email, "/verify-email")
    headers = await bearer(api, email)
    assert (await api.post(RESEND)).status_code == 401  # for a signed-in account only

    sent = await api.post(RESEND, headers=headers)
    assert sent.status_code == 202, sent.text
    assert await verify_mails(container, email) == 2
    second = await outbox_link(container, email, "/verify-email")
    assert second != first
    old = await api.post(f"{V1}/auth/verify-email", json={"token": first})
    assert error_of(old) == (422, "invalid_token")
    assert (await api.post(f"{V1}/auth/verify-email", json={"token": second})).status_code == 200

    again = await api.post(RESEND, headers=headers)
    assert error_of(again) == (409, "email_already_verified")
    assert await verify_mails(container, email) == 2
    user_id = await user_id_of(container, email)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT event FROM audit_log WHERE actor_user_id = %s ORDER BY id", (user_id,)
        )
        events = [row[0] for row in await cursor.fetchall()]
    assert events == [
        "user.registered",
        "login.succeeded",
        "email.verification_sent",
        "email.verified",
    ]


async def test_resend_is_limited_per_account(api: httpx.AsyncClient, container: Container) -> None:
    email = await register(api)
    headers = await bearer(api, email)
    allowed = ratelimit.VERIFY_RESEND_PER_USER.count
    for _ in range(allowed):
        assert (await api.post(RESEND, headers=headers)).status_code == 202
    limited = await api.post(RESEND, headers=headers)
    assert error_of(limited) == (429, "rate_limited")
    assert 1 <= int(limited.headers["retry-after"]) <= ratelimit.VERIFY_RESEND_PER_USER.window_seconds
    assert await verify_mails(container, email) == 1 + allowed  # the registration's, then the resends


async def test_resend_is_limited_per_ip(api: httpx.AsyncClient) -> None:
    """The fixture's client has an address of its own: every account below resends from it."""
    per_ip, per_user = ratelimit.VERIFY_RESEND_PER_IP.count, ratelimit.VERIFY_RESEND_PER_USER.count
    accounts = [await bearer(api, await register(api)) for _ in range(per_ip // per_user + 1)]
    outcomes: list[int] = []
    for headers in accounts:
        for _ in range(per_user):
            outcomes.append((await api.post(RESEND, headers=headers)).status_code)
    assert outcomes[:per_ip] == [202] * per_ip
    assert set(outcomes[per_ip:]) == {429}


async def test_an_admin_changing_the_address_retires_links_sent_to_the_old_one(
    api: httpx.AsyncClient, container: Container
) -> None:
    _, admin = await sign_in_admin(api, container)
    email = await register(api)
    old_link = await outbox_link(container, email, "/verify-email")
    user_id = await user_id_of(container, email)
    new_email = f"{unique('moved')}@example.com"
    moved = await api.patch(f"{V1}/admin/users/{user_id}", json={"email": new_email}, headers=admin)
    assert moved.status_code == 200, moved.text
    stale = await api.post(f"{V1}/auth/verify-email", json={"token": old_link})
    assert error_of(stale) == (422, "invalid_token")
    assert (await api.get(f"{V1}/admin/users/{user_id}", headers=admin)).json()["email_verified"] is False
    await verify(api, container, new_email)
    assert (await api.get(f"{V1}/admin/users/{user_id}", headers=admin)).json()["email_verified"] is True


def test_the_routes_are_documented_with_their_errors() -> None:
    paths: dict[str, Any] = create_api().openapi()["paths"]
    resend = paths[RESEND]["post"]["responses"]
    assert {"202", "401", "409", "429"} <= set(resend)
    assert "rate_limited" in resend["429"]["description"]
    assert "email_not_verified" in paths[f"{V1}/workspaces"]["post"]["responses"]["403"]["description"]
    connect = paths[f"{V1}/workspaces/{{ws}}/accounts/connect/{{platform}}"]["post"]["responses"]
    assert "email_not_verified" in connect["403"]["description"]
    accept = paths[f"{V1}/invitations/{{token}}/accept"]["post"]["responses"]
    assert "email_not_verified" in accept["403"]["description"]
