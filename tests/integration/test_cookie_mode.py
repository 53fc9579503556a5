"""The SPA's way in: HttpOnly cookies, with a double-submit CSRF header on unsafe methods."""

import asyncio

import httpx

from shared.bootstrap import Container
from tests.integration.test_auth_flow import PASSWORD, login, register, register_verified


async def test_cookie_mode_needs_the_csrf_header_on_unsafe_methods(
    api: httpx.AsyncClient, container: Container
) -> None:
    email = await register_verified(api, container)
    await login(api, email)  # the client keeps ck_access, ck_refresh and ck_csrf
    csrf = api.cookies["ck_csrf"]

    listed = await api.get("/api/v1/workspaces")
    assert listed.status_code == 200, listed.text

    refused = await api.post("/api/v1/workspaces", json={"name": "From a forged form"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"

    wrong = await api.post(
        "/api/v1/workspaces", json={"name": "Wrong token"}, headers={"X-CSRF-Token": "nope"}
    )
    assert wrong.status_code == 403

    created = await api.post("/api/v1/workspaces", json={"name": "Real one"}, headers={"X-CSRF-Token": csrf})
    assert created.status_code == 201, created.text


async def test_bearer_mode_needs_no_csrf_header(api: httpx.AsyncClient, container: Container) -> None:
    email = await register_verified(api, container)
    tokens = await login(api, email)
    api.cookies.clear()
    response = await api.post(
        "/api/v1/workspaces",
        json={"name": "API client workspace"},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert response.status_code == 201, response.text


async def test_refresh_from_the_cookie_needs_the_csrf_header(api: httpx.AsyncClient) -> None:
    email = await register(api)
    await login(api, email)
    refused = await api.post("/api/v1/auth/refresh")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    rotated = await api.post("/api/v1/auth/refresh", headers={"X-CSRF-Token": api.cookies["ck_csrf"]})
    assert rotated.status_code == 200, rotated.text


async def test_a_stale_cookie_does_not_block_public_routes(api: httpx.AsyncClient) -> None:
    api.cookies.set("ck_access", "stale.or.revoked")
    api.cookies.set("ck_csrf", "c" * 20)
    # The cookie is sent: a signed-in route refuses it...
    refused = await api.post("/api/v1/workspaces", json={"name": "x"}, headers={"X-CSRF-Token": "c" * 20})
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_token"
    # ...while public routes treat the caller as anonymous.
    assert (await api.get("/api/v1/auth/session")).json() == {
        "authenticated": False,
        "user_id": None,
        "method": None,
        "is_platform_admin": False,
    }
    email = await register(api)
    response = await api.post("/api/v1/auth/login", json={"email": email, "password": "plum-orbit-canvas-42"})
    assert response.status_code == 200, response.text


async def test_signed_in_routes_refuse_anonymous_callers(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/v1/workspaces")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


async def test_sign_out_everywhere_ends_every_session(api: httpx.AsyncClient, container: Container) -> None:
    email = await register_verified(api, container)
    other_device = await login(api, email)  # a bearer session elsewhere
    api.cookies.clear()
    signed_in = await api.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert signed_in.status_code == 200
    csrf = api.cookies.get("ck_csrf")
    await asyncio.sleep(1.1)  # issued-at has second precision: a token from the same second stays valid
    done = await api.post("/api/v1/auth/logout-everywhere", headers={"X-CSRF-Token": csrf or ""})
    assert done.status_code == 204, done.text
    # This browser is signed out, the other device's refresh token is dead, and its access token too.
    assert (await api.get("/api/v1/auth/session")).json()["authenticated"] is False
    refreshed = await api.post("/api/v1/auth/refresh", json={"refresh_token": other_device["refresh_token"]})
    assert refreshed.status_code == 401
    stale = await api.get("/api/v1/me", headers={"Authorization": f"Bearer {other_device['access_token']}"})
    assert stale.status_code == 401
