"""Sign-up to sign-out through the real app and the real database."""

import re
from typing import Any

import httpx
import pytest

from functions.api import create_api
from shared.bootstrap import Container, get_container
from tests.conftest import Stack, stack_settings, unique

PASSWORD = "plum-orbit-canvas-42"


async def outbox_link(container: Container, to: str, path: str) -> str:
    """The token of the newest link to `path` mailed to `to`."""
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT text_body FROM dev_outbox WHERE to_address = %s AND strpos(text_body, %s) > 0
               ORDER BY id DESC LIMIT 1""",
            (to, f"{path}?token="),
        )
        row = await cursor.fetchone()
    assert row is not None, f"no mail to {to} with a {path} link"
    match = re.search(rf"{re.escape(path)}\?token=(\S+)", row[0])
    assert match, row[0]
    return match.group(1)


async def register(api: httpx.AsyncClient, email: str | None = None, password: str = PASSWORD) -> str:
    email = email or f"{unique('u')}@example.com"
    response = await api.post(
        "/api/v1/auth/register", json={"email": email, "password": password, "name": "Ada"}
    )
    assert response.status_code == 201, response.text
    return email


async def verify(api: httpx.AsyncClient, container: Container, email: str) -> None:
    """Verify the address the way its owner does: with the newest link we mailed it."""
    token = await outbox_link(container, email, "/verify-email")
    response = await api.post("/api/v1/auth/verify-email", json={"token": token})
    assert response.status_code == 200, response.text


async def register_verified(
    api: httpx.AsyncClient, container: Container, email: str | None = None, password: str = PASSWORD
) -> str:
    """A new account whose address is verified: what creating workspaces, connecting and publishing need."""
    email = await register(api, email, password)
    await verify(api, container, email)
    return email


async def login(api: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    response = await api.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_register_normalises_email_and_sends_verification(
    api: httpx.AsyncClient, container: Container
) -> None:
    local = unique("Mixed")
    response = await api.post(
        "/api/v1/auth/register",
        json={"email": f"  {local}@Example.COM ", "password": PASSWORD, "name": "Ada"},
    )
    assert response.status_code == 201, response.text
    email = f"{local.lower()}@example.com"
    assert response.json()["email"] == email
    token = await outbox_link(container, email, "/verify-email")
    assert (await api.post("/api/v1/auth/verify-email", json={"token": token})).status_code == 200
    again = await api.post("/api/v1/auth/verify-email", json={"token": token})
    assert again.status_code == 422
    assert again.json()["error"]["code"] == "invalid_token"
    duplicate = await api.post(
        "/api/v1/auth/register", json={"email": email.upper(), "password": PASSWORD, "name": "B"}
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "email_taken"


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short-pw-1", "password_too_short"),
        ("x" * 129, "password_too_long"),
        ("baseball1234", "password_too_common"),
        ("aaaaaaaaaaaaaa", "password_too_common"),
    ],
)
async def test_password_policy(api: httpx.AsyncClient, password: str, code: str) -> None:
    response = await api.post(
        "/api/v1/auth/register",
        json={"email": f"{unique('p')}@example.com", "password": password, "name": "Ada"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


async def test_login_errors_do_not_reveal_whether_the_account_exists(api: httpx.AsyncClient) -> None:
    email = await register(api)
    wrong_password = await api.post(
        "/api/v1/auth/login", json={"email": email, "password": "not-the-password-1"}
    )
    no_account = await api.post(
        "/api/v1/auth/login",
        json={"email": f"{unique('nobody')}@example.com", "password": "not-the-password-1"},
    )
    assert wrong_password.status_code == no_account.status_code == 401
    assert (
        wrong_password.json()["error"]["code"] == no_account.json()["error"]["code"] == "invalid_credentials"
    )
    assert wrong_password.json()["error"]["message"] == no_account.json()["error"]["message"]


async def test_lockout_after_repeated_failures(api: httpx.AsyncClient) -> None:
    email = await register(api)
    for _ in range(4):
        response = await api.post(
            "/api/v1/auth/login", json={"email": email, "password": "wrong-password-xx"}
        )
        assert response.status_code == 401
    fifth = await api.post("/api/v1/auth/login", json={"email": email, "password": "wrong-password-xx"})
    assert fifth.status_code == 401
    locked = await api.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "login_locked"
    assert 1 <= int(locked.headers["retry-after"]) <= 30


async def test_refresh_rotates_and_reuse_revokes_the_family(api: httpx.AsyncClient) -> None:
    email = await register(api)
    first = await login(api, email)
    second = (await api.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})).json()
    assert second["refresh_token"] != first["refresh_token"]
    third = await api.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert third.status_code == 200
    reuse = await api.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401
    assert reuse.json()["error"]["code"] == "refresh_token_reused"
    # The newest token of that family is dead too: a thief and the user both have to sign in again.
    latest = await api.post("/api/v1/auth/refresh", json={"refresh_token": third.json()["refresh_token"]})
    assert latest.status_code == 401
    assert latest.json()["error"]["code"] == "invalid_refresh_token"


async def test_logout_ends_the_session(api: httpx.AsyncClient) -> None:
    email = await register(api)
    pair = await login(api, email)
    assert (
        await api.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
    ).status_code == 204
    after = await api.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert after.status_code == 401


async def test_password_reset_is_single_use_and_ends_sessions(
    api: httpx.AsyncClient, container: Container
) -> None:
    email = await register(api)
    session = await login(api, email)
    unknown = await api.post("/api/v1/auth/password/forgot", json={"email": f"{unique('x')}@example.com"})
    known = await api.post("/api/v1/auth/password/forgot", json={"email": email})
    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    token = await outbox_link(container, email, "/reset-password")
    new_password = "quartz-lantern-river-7"
    reset = await api.post("/api/v1/auth/password/reset", json={"token": token, "password": new_password})
    assert reset.status_code == 200, reset.text
    reuse = await api.post(
        "/api/v1/auth/password/reset", json={"token": token, "password": "another-pass-9876"}
    )
    assert reuse.status_code == 422
    old_session = await api.post("/api/v1/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert old_session.status_code == 401
    assert (
        await api.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    ).status_code == 401
    await login(api, email, new_password)


async def test_expired_reset_token_is_refused(api: httpx.AsyncClient, container: Container) -> None:
    email = await register(api)
    await api.post("/api/v1/auth/password/forgot", json={"email": email})
    token = await outbox_link(container, email, "/reset-password")
    pool = await container.db()
    async with pool.connection() as conn:
        await conn.execute(
            """UPDATE email_tokens SET expires_at = now() - interval '1 second'
               WHERE user_id = (SELECT id FROM users WHERE email_normalized = %s)
                 AND purpose = 'reset_password'""",
            (email,),
        )
    response = await api.post(
        "/api/v1/auth/password/reset", json={"token": token, "password": "quartz-lantern-river-7"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_token"


async def test_login_sets_http_only_cookies(api: httpx.AsyncClient) -> None:
    email = await register(api)
    response = await api.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    cookies = response.headers.get_list("set-cookie")
    access = next(c for c in cookies if c.startswith("ck_access="))
    refresh = next(c for c in cookies if c.startswith("ck_refresh="))
    csrf = next(c for c in cookies if c.startswith("ck_csrf="))
    assert "HttpOnly" in access
    assert "HttpOnly" in refresh
    assert "HttpOnly" not in csrf
    assert response.headers["cache-control"] == "no-store"


async def test_one_address_creates_a_limited_number_of_accounts(stack: Stack) -> None:
    container = Container(stack_settings(stack, REGISTER_PER_IP_PER_HOUR=2))
    app = create_api()
    app.dependency_overrides[get_container] = lambda: container
    transport = httpx.ASGITransport(app=app, client=(unique("register-"), 1))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            answers = [
                await api.post(
                    "/api/v1/auth/register",
                    json={"email": f"{unique('r')}@example.com", "password": PASSWORD, "name": "R"},
                )
                for _ in range(3)
            ]
    finally:
        await container.aclose()
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2].json()["error"]["code"] == "rate_limited"
    assert int(answers[2].headers["Retry-After"]) > 0
