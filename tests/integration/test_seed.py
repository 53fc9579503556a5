"""The `make dev` demo data: idempotent, and never in production."""

import asyncio

import httpx
import pytest

from shared.bootstrap import Container
from shared.config import Settings
from shared.services import seed


async def test_seeding_twice_gives_one_admin_and_one_workspace(
    api: httpx.AsyncClient, container: Container
) -> None:
    first = await seed.seed_demo(container)
    second, third = await asyncio.gather(seed.seed_demo(container), seed.seed_demo(container))
    assert first.admin_id == second.admin_id == third.admin_id
    assert first.workspace_id == second.workspace_id == third.workspace_id
    assert not second.created_admin
    assert not second.created_workspace
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT count(*), bool_and(is_platform_admin), bool_and(email_verified_at IS NOT NULL)
               FROM users WHERE email_normalized = %s""",
            (seed.ADMIN_EMAIL,),
        )
        assert (await cursor.fetchone()) == (1, True, True)
        cursor = await conn.execute(
            """SELECT count(*) FROM workspaces w JOIN memberships m ON m.workspace_id = w.id
               WHERE m.user_id = %s AND m.role = 'owner' AND w.name = %s""",
            (first.admin_id, seed.WORKSPACE_NAME),
        )
        assert (await cursor.fetchone()) == (1,)

    credentials = {"email": seed.ADMIN_EMAIL, "password": seed.admin_password(container.settings)}
    response = await api.post("/api/v1/auth/login", json=credentials)
    assert response.status_code == 200, response.text
    me = await api.get("/api/v1/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"})
    assert me.json()["is_platform_admin"] is True


def test_password_comes_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEED_ADMIN_PASSWORD", raising=False)
    assert seed.admin_password(Settings()) == "clickkloudy-admin-dev"
    monkeypatch.setenv("SEED_ADMIN_PASSWORD", "my-own-dev-password-9")
    assert seed.admin_password(Settings()) == "my-own-dev-password-9"


async def test_refuses_to_seed_production() -> None:
    container = Container(Settings.model_construct(environment="production"))
    with pytest.raises(RuntimeError, match="development only"):
        await seed.seed_demo(container)


async def test_run_uses_a_container_of_its_own(settings: Settings) -> None:
    result = await seed.run(settings)
    again = await seed.run(settings)
    assert result.admin_email == seed.ADMIN_EMAIL
    assert again.workspace_id == result.workspace_id
    assert not again.created_workspace
