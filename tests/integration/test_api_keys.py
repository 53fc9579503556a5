"""API keys: created once, used as Bearer credentials, revoked, and kept away from account management."""

from typing import Any

import httpx

from shared.bootstrap import Container
from shared.domain.opaque import digest
from shared.services.api_keys import MAX_ACTIVE_KEYS
from tests.integration.test_auth_flow import PASSWORD
from tests.integration.test_me import sign_in


def bearer(credential: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {credential}"}


async def create_key(api: httpx.AsyncClient, auth: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await api.post(
        "/api/v1/me/api-keys", json={"name": "CI", "scopes": ["read"], **body}, headers=auth
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_key_is_shown_once_and_works_as_bearer(api: httpx.AsyncClient, container: Container) -> None:
    email, _, auth = await sign_in(api)
    created = await create_key(api, auth, name="  Deploy   bot ", expires_in_days=30)
    key = created["key"]
    assert key.startswith("ck_")
    assert len(key) == 3 + 43
    assert created["prefix"] == key[:11]
    assert created["name"] == "Deploy bot"
    assert created["scopes"] == ["read"]
    assert created["expires_at"] is not None
    assert created["last_used_at"] is None

    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT key_hash, prefix FROM api_keys WHERE id = %s", (created["id"],))
        stored = await cursor.fetchone()
    assert stored is not None
    assert bytes(stored[0]) == digest(key)
    assert key not in str(stored)

    me = await api.get("/api/v1/me", headers=bearer(key))
    assert me.status_code == 200
    assert me.json()["email"] == email
    listed = (await api.get("/api/v1/me/api-keys", headers=auth)).json()
    assert [k["id"] for k in listed] == [created["id"]]
    assert "key" not in listed[0]
    assert listed[0]["last_used_at"] is not None


async def test_revoked_key_stops_working(api: httpx.AsyncClient, container: Container) -> None:
    _, _, auth = await sign_in(api)
    created = await create_key(api, auth)
    assert (await api.get("/api/v1/me", headers=bearer(created["key"]))).status_code == 200
    assert (await api.delete(f"/api/v1/me/api-keys/{created['id']}", headers=auth)).status_code == 204
    refused = await api.get("/api/v1/me", headers=bearer(created["key"]))
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_api_key"
    # Revoking again is harmless; the list shows when it happened.
    assert (await api.delete(f"/api/v1/me/api-keys/{created['id']}", headers=auth)).status_code == 204
    listed = (await api.get("/api/v1/me/api-keys", headers=auth)).json()
    assert listed[0]["revoked_at"] is not None
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT event FROM audit_log WHERE target_type = 'api_key' AND target_id = %s ORDER BY id",
            (created["id"],),
        )
        assert [r[0] for r in await cursor.fetchall()] == ["api_key.created", "api_key.revoked"]


async def test_someone_elses_key_is_not_found(api: httpx.AsyncClient) -> None:
    _, _, owner = await sign_in(api)
    _, _, stranger = await sign_in(api)
    created = await create_key(api, owner)
    response = await api.delete(f"/api/v1/me/api-keys/{created['id']}", headers=stranger)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "api_key_not_found"
    assert (await api.get("/api/v1/me/api-keys", headers=stranger)).json() == []
    assert (await api.get("/api/v1/me", headers=bearer(created["key"]))).status_code == 200


async def test_api_keys_cannot_manage_the_account(api: httpx.AsyncClient) -> None:
    _, _, auth = await sign_in(api)
    read_key = bearer((await create_key(api, auth))["key"])
    write_key = bearer((await create_key(api, auth, scopes=["read", "write"]))["key"])
    for key in (read_key, write_key):
        create = await api.post("/api/v1/me/api-keys", json={"name": "more", "scopes": ["read"]}, headers=key)
        assert create.status_code == 403
        assert create.json()["error"]["code"] == "session_required"
        password = await api.post(
            "/api/v1/me/password",
            json={"current_password": PASSWORD, "new_password": "harbor-violet-engine-31"},
            headers=key,
        )
        assert password.status_code == 403
        assert password.json()["error"]["code"] == "session_required"
        delete = await api.request("DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=key)
        assert delete.status_code == 403
        assert delete.json()["error"]["code"] == "session_required"
    listed = (await api.get("/api/v1/me/api-keys", headers=read_key)).json()
    assert len(listed) == 2
    revoke = await api.delete(f"/api/v1/me/api-keys/{listed[0]['id']}", headers=write_key)
    assert revoke.status_code == 403
    # The read scope cannot change the profile; the write scope can.
    read_patch = await api.patch("/api/v1/me", json={"bio": "from a script"}, headers=read_key)
    assert read_patch.status_code == 403
    assert read_patch.json()["error"]["code"] == "insufficient_scope"
    write_patch = await api.patch("/api/v1/me", json={"bio": "from a script"}, headers=write_key)
    assert write_patch.status_code == 200
    assert (await api.get("/api/v1/me", headers=auth)).status_code == 200


async def test_scopes_and_expiry_are_validated(api: httpx.AsyncClient) -> None:
    _, _, auth = await sign_in(api)
    write_only = await api.post("/api/v1/me/api-keys", json={"name": "w", "scopes": ["write"]}, headers=auth)
    assert write_only.status_code == 422
    assert write_only.json()["error"]["code"] == "invalid_scopes"
    unknown = await api.post("/api/v1/me/api-keys", json={"name": "w", "scopes": ["admin"]}, headers=auth)
    assert unknown.status_code == 422
    forever = await api.post(
        "/api/v1/me/api-keys", json={"name": "w", "scopes": ["read"], "expires_in_days": 0}, headers=auth
    )
    assert forever.status_code == 422


async def test_expired_key_is_refused(api: httpx.AsyncClient, container: Container) -> None:
    _, _, auth = await sign_in(api)
    created = await create_key(api, auth, expires_in_days=1)
    pool = await container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = %s", (created["id"],)
        )
    response = await api.get("/api/v1/me", headers=bearer(created["key"]))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"


async def test_at_most_25_active_keys(api: httpx.AsyncClient) -> None:
    _, _, auth = await sign_in(api)
    keys = [await create_key(api, auth, name=f"k{i}") for i in range(MAX_ACTIVE_KEYS)]
    over = await api.post("/api/v1/me/api-keys", json={"name": "one more", "scopes": ["read"]}, headers=auth)
    assert over.status_code == 409
    assert over.json()["error"]["code"] == "too_many_api_keys"
    assert (await api.delete(f"/api/v1/me/api-keys/{keys[0]['id']}", headers=auth)).status_code == 204
    await create_key(api, auth, name="after a revocation")
