"""PostgreSQL logins with Entra tokens: cached, refreshed before expiry, wired into pool and migrations."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from azure.core.credentials import AccessToken

from shared.adapters.postgres import entra, pool
from shared.adapters.postgres.entra import POSTGRES_SCOPE, REFRESH_MARGIN_SECONDS, EntraPassword
from shared.config import Settings


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeCredential:
    """Issues numbered tokens valid for an hour from the fake clock's time."""

    def __init__(self, clock: FakeClock, lifetime: float = 3600.0, latency: float = 0.0) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.latency = latency
        self.scopes: list[tuple[str, ...]] = []

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.append(scopes)
        if self.latency:
            await asyncio.sleep(self.latency)
        return AccessToken(f"token-{len(self.scopes)}", int(self.clock() + self.lifetime))


async def test_token_is_fetched_for_the_postgres_scope_and_cached() -> None:
    clock = FakeClock()
    credential = FakeCredential(clock)
    password = EntraPassword(credential, clock=clock)  # type: ignore[arg-type]
    assert await password() == "token-1"
    clock.now += 3600 - REFRESH_MARGIN_SECONDS - 1  # still more than the margin left
    assert await password() == "token-1"
    assert credential.scopes == [(POSTGRES_SCOPE,)]


async def test_token_is_refreshed_before_it_expires() -> None:
    clock = FakeClock()
    credential = FakeCredential(clock)
    password = EntraPassword(credential, clock=clock)  # type: ignore[arg-type]
    assert await password() == "token-1"
    clock.now += 3600 - REFRESH_MARGIN_SECONDS  # inside the margin: the old token is still valid, unused
    assert await password() == "token-2"
    assert await password() == "token-2"
    assert len(credential.scopes) == 2


async def test_a_burst_of_new_connections_fetches_one_token() -> None:
    clock = FakeClock()
    credential = FakeCredential(clock, latency=0.01)
    password = EntraPassword(credential, clock=clock)  # type: ignore[arg-type]
    tokens = await asyncio.gather(*(password() for _ in range(20)))
    assert set(tokens) == {"token-1"}
    assert len(credential.scopes) == 1


async def test_the_token_is_not_in_the_repr() -> None:
    clock = FakeClock()
    password = EntraPassword(FakeCredential(clock), clock=clock)  # type: ignore[arg-type]
    await password()
    assert "token-1" not in repr(password)
    assert "token-1" not in str(password)


async def test_pool_in_entra_mode_asks_for_a_token_per_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    credential = FakeCredential(clock, lifetime=0)  # expired at once: every connection gets a new one
    monkeypatch.setattr("shared.adapters.credentials.get_credential", lambda settings: credential)
    kwargs = pool._connection_kwargs(Settings(DATABASE_ENTRA_AUTH=True))  # type: ignore[call-arg]
    assert callable(kwargs)
    first = await kwargs()
    second = await kwargs()
    assert first == {"application_name": "clickkloudy", "autocommit": True, "password": "token-1"}
    assert second["password"] == "token-2"


def test_pool_without_entra_mode_uses_the_url_as_given() -> None:
    kwargs = pool._connection_kwargs(Settings(DATABASE_ENTRA_AUTH=False))  # type: ignore[call-arg]
    assert kwargs == {"application_name": "clickkloudy", "autocommit": True}


class FakeSyncCredential:
    def __init__(self) -> None:
        self.scopes: list[tuple[str, ...]] = []
        self.closed = False

    def get_token(self, *scopes: str) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken("migration-token", 2_000_000_000)

    def close(self) -> None:
        self.closed = True


def test_one_shot_password_is_a_token_in_entra_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    credential = FakeSyncCredential()
    monkeypatch.setattr("shared.adapters.credentials.sync_credential", lambda settings: credential)
    assert entra.one_shot_password(Settings(DATABASE_ENTRA_AUTH=True)) == "migration-token"  # type: ignore[call-arg]
    assert credential.scopes == [(POSTGRES_SCOPE,)]
    assert credential.closed


def test_one_shot_password_is_none_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(settings: Settings) -> None:
        raise AssertionError("no credential is needed without Entra mode")

    monkeypatch.setattr("shared.adapters.credentials.sync_credential", refuse)
    assert entra.one_shot_password(Settings(DATABASE_ENTRA_AUTH=False)) is None  # type: ignore[call-arg]


def test_migration_entrypoint_logs_in_with_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m shared.db.migrate` (the deploy hook) passes the token as the password."""
    from shared.db import migrate

    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL="host=db.example dbname=app user=ck-id",
        DATABASE_ENTRA_AUTH=True,
        DATABASE_APP_ROLE="ck-app",
    )
    monkeypatch.setattr("shared.config.get_settings", lambda: settings)
    credential = FakeSyncCredential()
    monkeypatch.setattr("shared.adapters.credentials.sync_credential", lambda s: credential)
    calls: list[tuple[str, str | None, str]] = []

    def fake_apply(
        url: str, directory: Path = migrate.MIGRATIONS_DIR, *, password: str | None = None, app_role: str = ""
    ) -> list[str]:
        calls.append((url, password, app_role))
        return []

    monkeypatch.setattr(migrate, "apply_migrations", fake_apply)
    assert migrate.main() == 0
    assert calls == [("host=db.example dbname=app user=ck-id", "migration-token", "ck-app")]
