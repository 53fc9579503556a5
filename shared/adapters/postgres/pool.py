"""The async connection pool shared by everything in a process."""

from __future__ import annotations

from psycopg_pool import AsyncConnectionPool

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
        # Autocommit: each statement stands alone unless wrapped in `conn.transaction()`. Without it a
        # statement run before an exception (a failed-login counter, an audit event) would be rolled
        # back with the connection, silently.
        kwargs={"application_name": "clickkloudy", "autocommit": True},
        # A connection the server dropped (failover, idle kill) is replaced instead of failing a request.
        check=AsyncConnectionPool.check_connection,
        name="clickkloudy",
    )
    await pool.open(wait=False)
    return pool


async def ping(pool: AsyncConnectionPool) -> None:
    async with pool.connection() as conn:
        await conn.execute("SELECT 1")
