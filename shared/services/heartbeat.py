"""The scheduler heartbeat: a timer records each run so health can show timers are firing."""

from __future__ import annotations

from datetime import datetime

from psycopg_pool import AsyncConnectionPool

HEARTBEAT = "scheduler"


async def record_heartbeat(pool: AsyncConnectionPool, name: str = HEARTBEAT) -> datetime:
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """INSERT INTO host_heartbeats (name, last_run_at) VALUES (%s, now())
               ON CONFLICT (name) DO UPDATE SET last_run_at = now(), runs = host_heartbeats.runs + 1
               RETURNING last_run_at""",
            (name,),
        )
        row = await cursor.fetchone()
    assert row is not None
    last_run_at: datetime = row[0]
    return last_run_at


async def read_heartbeat(pool: AsyncConnectionPool, name: str = HEARTBEAT) -> datetime | None:
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT last_run_at FROM host_heartbeats WHERE name = %s", (name,))
        row = await cursor.fetchone()
    if row is None:
        return None
    last_run_at: datetime = row[0]
    return last_run_at
