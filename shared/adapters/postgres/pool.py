"""The async connection pool shared by everything in a process."""

from __future__ import annotations

from typing import Any

from psycopg_pool import AsyncConnectionPool
from psycopg_pool.abc import AsyncKwargsParam

from shared.config import Settings


async def open_pool(settings: Settings) -> AsyncConnectionPool:
    """Open a pool without waiting for its floor, so a cold start is not held up by the database."""
    if not settings.database_url:
        raise RuntimeError("DATABASE_URL is not set (the local stack sets it; see README)")
    pool = AsyncConnectionPool(
        settings.database_url,
        min_size=settings.database_pool_min_size,
        max_size=settings.database_pool_max_size,
        open=False,
        kwargs=_connection_kwargs(settings),
        # A connection the server dropped (failover, idle kill) is replaced instead of failing a request.
        check=AsyncConnectionPool.check_connection,
        name="clickkloudy",
    )
    await pool.open(wait=False)
    return pool


def _connection_kwargs(settings: Settings) -> AsyncKwargsParam:
    """What every new connection is opened with; in Entra mode, worked out per connection so each
    login presents a live token (the pool resolves a callable each time it connects)."""
    # Autocommit: each statement stands alone unless wrapped in `conn.transaction()`. Without it a
    # statement run before an exception (a failed-login counter, an audit event) would be rolled
    # back with the connection, silently.
    static: dict[str, Any] = {"application_name": "clickkloudy", "autocommit": True}
    if not settings.database_entra_auth:
        return static
    from shared.adapters.credentials import get_credential
    from shared.adapters.postgres.entra import EntraPassword

    password = EntraPassword(get_credential(settings))

    async def with_token() -> dict[str, Any]:
        return {**static, "password": await password()}

    return with_token


async def ping(pool: AsyncConnectionPool) -> None:
    async with pool.connection() as conn:
        await conn.execute("SELECT 1")
