"""Rate limits and sign-in lockout, counted in PostgreSQL so every instance sees the same numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from shared.domain.errors import RateLimited


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `window_seconds` for one key (fixed windows)."""

    name: str
    count: int
    window_seconds: int


REGISTER_PER_IP = Limit("register:ip", 10, 3600)
LOGIN_PER_IP = Limit("login:ip", 60, 300)
FORGOT_PER_IP = Limit("forgot:ip", 10, 3600)
FORGOT_PER_EMAIL = Limit("forgot:email", 3, 3600)
CONTACT_PER_IP = Limit("contact:ip", 5, 3600)
API_KEY_REQUESTS = Limit("api_key", 600, 60)
# Each invitation emails an address the inviter chose, with a workspace name they chose: cap the volume.
INVITES_PER_USER = Limit("invite:user", 50, 3600)
# Each start of Sign in with Microsoft stores a pending flow row for ten minutes.
MICROSOFT_LOGIN_PER_IP = Limit("microsoft_login:ip", 30, 300)


async def hit(pool: AsyncConnectionPool, limit: Limit, subject: str, *, now: datetime | None = None) -> None:
    """Count one hit; raise RateLimited (with Retry-After) once the window's budget is spent."""
    now = now or datetime.now(UTC)
    epoch = int(now.timestamp())
    start = epoch - epoch % limit.window_seconds
    window_start = datetime.fromtimestamp(start, UTC)
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """INSERT INTO rate_limit_counters (key, window_start, count) VALUES (%s, %s, 1)
               ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
               RETURNING count""",
            (f"{limit.name}:{subject}", window_start),
        )
        row = await cursor.fetchone()
    assert row is not None
    if row[0] > limit.count:
        retry_after = max(1, start + limit.window_seconds - epoch)
        raise RateLimited("Too many requests; try again later.", retry_after_seconds=retry_after)


# Sign-in lockout: past the threshold each failure doubles the lock, from 30 s up to 15 minutes.
ACCOUNT_THRESHOLD = 5
IP_THRESHOLD = 20
BASE_LOCK = timedelta(seconds=30)
MAX_LOCK = timedelta(minutes=15)
FAILURE_MEMORY = timedelta(hours=1)


def lock_duration(failures: int, threshold: int) -> timedelta | None:
    if failures < threshold:
        return None
    lock: timedelta = min(BASE_LOCK * (2 ** (failures - threshold)), MAX_LOCK)
    return lock


async def check_not_locked(conn: AsyncConnection, keys: list[str], *, now: datetime) -> None:
    cursor = await conn.execute(
        "SELECT max(locked_until) FROM login_failures WHERE key = ANY(%s) AND locked_until > %s", (keys, now)
    )
    row = await cursor.fetchone()
    if row is not None and row[0] is not None:
        seconds = math.ceil((row[0] - now).total_seconds())
        raise RateLimited(
            "Too many failed sign-ins. Wait before trying again.",
            retry_after_seconds=max(1, seconds),
            code="login_locked",
        )


async def record_failure(conn: AsyncConnection, key: str, threshold: int, *, now: datetime) -> None:
    cursor = await conn.execute(
        """INSERT INTO login_failures (key, failures, last_failed_at) VALUES (%s, 1, %s)
           ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN login_failures.last_failed_at < %s THEN 1
                             ELSE login_failures.failures + 1 END,
             last_failed_at = EXCLUDED.last_failed_at
           RETURNING failures""",
        (key, now, now - FAILURE_MEMORY),
    )
    row = await cursor.fetchone()
    assert row is not None
    duration = lock_duration(row[0], threshold)
    if duration is not None:
        await conn.execute(
            "UPDATE login_failures SET locked_until = %s WHERE key = %s", (now + duration, key)
        )


async def clear_failures(conn: AsyncConnection, key: str) -> None:
    await conn.execute("DELETE FROM login_failures WHERE key = %s", (key,))
