"""Platform administration: finding accounts, disabling them, and the audit log."""

from typing import Any
from uuid import UUID

import httpx

from shared.bootstrap import Container
from shared.services.principals import user_states
from tests.conftest import unique
from tests.integration.test_auth_flow import PASSWORD, login
from tests.integration.test_me import sign_in


async def sign_in_admin(api: httpx.AsyncClient, container: Container) -> tuple[UUID, dict[str, str]]:
    email, _, auth = await sign_in(api)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "UPDATE users SET is_platform_admin = true WHERE email_normalized = %s RETURNING id", (email,)
        )
        row = await cursor.fetchone()
    assert row is not None
    user_states.forget(row[0])
    return row[0], auth


async def user_id_of(container: Container, email: str) -> UUID:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT id FROM users WHERE email_normalized = %s", (email,))
        row = await cursor.fetchone()
    assert row is not None
    return row[0]  # type: ignore[no-any-return]


async def test_only_platform_admins_get_in(api: httpx.AsyncClient, container: Container) -> None:
    _, _, auth = await sign_in(api)
    for path in ("/api/v1/admin/users", "/api/v1/admin/audit"):
        response = await api.get(path, headers=auth)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert (await api.get(path)).status_code == 401
    _, admin = await sign_in_admin(api, container)
    assert (await api.get("/api/v1/admin/users", headers=admin)).status_code == 200


async def test_demotion_holds_even_while_the_flag_is_cached(
    api: httpx.AsyncClient, container: Container
) -> None:
    admin_id, admin = await sign_in_admin(api, container)
    assert (
        await api.get("/api/v1/admin/users", headers=admin)
    ).status_code == 200  # the cache now says admin
    pool = await container.db()
    async with pool.connection() as conn:
        await conn.execute("UPDATE users SET is_platform_admin = false WHERE id = %s", (admin_id,))
    response = await api.get("/api/v1/admin/users", headers=admin)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


async def test_search_pages_through_every_match_once(api: httpx.AsyncClient, container: Container) -> None:
    _, admin = await sign_in_admin(api, container)
    marker = unique("Pg")
    pool = await container.db()
    expected: set[UUID] = set()
    async with pool.connection() as conn:
        # Five matches by email, all created at the same instant: only the id tie-break keeps pages apart.
        for n in range(5):
            email = f"{marker}.user{n}@example.com"
            cursor = await conn.execute(
                """INSERT INTO users (email, email_normalized, name, created_at)
                   VALUES (%s, lower(%s), %s, '2024-01-01T00:00:00Z') RETURNING id""",
                (email, email, f"Paged {n}"),
            )
            expected.add((await cursor.fetchone() or [None])[0])
        # Two matches by name, in another case.
        for n in range(2):
            email = f"{unique('someone')}@example.com"
            cursor = await conn.execute(
                "INSERT INTO users (email, email_normalized, name) VALUES (%s, %s, %s) RETURNING id",
                (email, email, f"{marker.upper()} by name {n}"),
            )
            expected.add((await cursor.fetchone() or [None])[0])
    seen: list[str] = []
    pages = 0
    cursor_value: str | None = None
    while True:
        params: dict[str, Any] = {"q": marker.lower(), "limit": 3}
        if cursor_value:
            params["cursor"] = cursor_value
        response = await api.get("/api/v1/admin/users", params=params, headers=admin)
        assert response.status_code == 200, response.text
        page = response.json()
        pages += 1
        assert len(page["items"]) <= 3
        seen.extend(item["id"] for item in page["items"])
        cursor_value = page["next_cursor"]
        if cursor_value is None:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7
    assert {UUID(s) for s in seen} == expected
    bad = await api.get("/api/v1/admin/users", params={"cursor": "not-a-cursor"}, headers=admin)
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_cursor"
    assert (await api.get("/api/v1/admin/users", params={"limit": 101}, headers=admin)).status_code == 422


async def test_like_wildcards_in_the_search_are_literal(api: httpx.AsyncClient, container: Container) -> None:
    _, admin = await sign_in_admin(api, container)
    response = await api.get("/api/v1/admin/users", params={"q": "%", "limit": 5}, headers=admin)
    assert response.status_code == 200
    assert all("%" in u["email"] or "%" in u["name"] for u in response.json()["items"])


async def test_disabling_ends_every_session(api: httpx.AsyncClient, container: Container) -> None:
    _, admin = await sign_in_admin(api, container)
    email, tokens, auth = await sign_in(api)
    target = await user_id_of(container, email)
    assert (await api.get("/api/v1/me", headers=auth)).status_code == 200  # cached as active

    response = await api.patch(f"/api/v1/admin/users/{target}", json={"disabled": True}, headers=admin)
    assert response.status_code == 200, response.text
    assert response.json()["disabled"] is True
    assert response.json()["disabled_at"] is not None

    refresh = await api.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refresh.status_code == 401
    access = await api.get("/api/v1/me", headers=auth)
    assert access.status_code == 401
    assert (
        await api.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    ).status_code == 401

    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT details FROM audit_log WHERE event = 'user.updated_by_admin' AND target_id = %s",
            (str(target),),
        )
        assert (await cursor.fetchone()) == ({"changed": ["disabled"]},)

    enabled = await api.patch(f"/api/v1/admin/users/{target}", json={"disabled": False}, headers=admin)
    assert enabled.json()["disabled"] is False
    await login(api, email)


async def test_admins_cannot_disable_or_demote_themselves(
    api: httpx.AsyncClient, container: Container
) -> None:
    admin_id, admin = await sign_in_admin(api, container)
    for change in ({"disabled": True}, {"is_platform_admin": False}):
        response = await api.patch(f"/api/v1/admin/users/{admin_id}", json=change, headers=admin)
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "cannot_change_self"
    renamed = await api.patch(f"/api/v1/admin/users/{admin_id}", json={"name": "Root"}, headers=admin)
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Root"
    assert renamed.json()["is_platform_admin"] is True


async def test_email_change_is_unique_and_needs_verification(
    api: httpx.AsyncClient, container: Container
) -> None:
    _, admin = await sign_in_admin(api, container)
    email, _, _ = await sign_in(api)
    taken, _, _ = await sign_in(api)
    target = await user_id_of(container, email)
    clash = await api.patch(f"/api/v1/admin/users/{target}", json={"email": taken.upper()}, headers=admin)
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "email_taken"

    new_email = f"{unique('moved')}@Example.com"
    moved = await api.patch(f"/api/v1/admin/users/{target}", json={"email": new_email}, headers=admin)
    assert moved.status_code == 200, moved.text
    assert moved.json()["email_verified"] is False
    detail = await api.get(f"/api/v1/admin/users/{target}", headers=admin)
    assert detail.json()["email"].lower() == new_email.lower()
    await login(api, new_email.lower())
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM dev_outbox WHERE to_address = %s", (new_email.lower(),)
        )
        assert (await cursor.fetchone()) == (1,)
    missing = await api.get(f"/api/v1/admin/users/{UUID(int=0)}", headers=admin)
    assert missing.status_code == 404


async def test_granting_platform_admin(api: httpx.AsyncClient, container: Container) -> None:
    _, admin = await sign_in_admin(api, container)
    email, _, auth = await sign_in(api)
    target = await user_id_of(container, email)
    assert (await api.get("/api/v1/admin/users", headers=auth)).status_code == 403
    granted = await api.patch(
        f"/api/v1/admin/users/{target}", json={"is_platform_admin": True}, headers=admin
    )
    assert granted.json()["is_platform_admin"] is True
    assert (await api.get("/api/v1/admin/users", headers=auth)).status_code == 200


async def test_audit_log_filters_and_pages(api: httpx.AsyncClient, container: Container) -> None:
    admin_id, admin = await sign_in_admin(api, container)
    email, _, _ = await sign_in(api)
    target = await user_id_of(container, email)
    for disabled in (True, False, True, False):
        response = await api.patch(
            f"/api/v1/admin/users/{target}", json={"disabled": disabled}, headers=admin
        )
        assert response.status_code == 200

    about = await api.get("/api/v1/admin/audit", params={"user_id": str(target), "limit": 100}, headers=admin)
    events = [item["event"] for item in about.json()["items"]]
    assert events.count("user.updated_by_admin") == 4
    assert "user.registered" in events
    assert "login.succeeded" in events

    seen: list[int] = []
    before_id: int | None = None
    for _ in range(10):
        params: dict[str, Any] = {"event": "user.updated_by_admin", "user_id": str(admin_id), "limit": 3}
        if before_id is not None:
            params["before_id"] = before_id
        page = (await api.get("/api/v1/admin/audit", params=params, headers=admin)).json()
        seen.extend(item["id"] for item in page["items"])
        assert all(item["actor_user_id"] == str(admin_id) for item in page["items"])
        before_id = page["next_before_id"]
        if before_id is None:
            break
    assert len(seen) == 4
    assert seen == sorted(seen, reverse=True)
