"""Deleting what has served its purpose, so security tables stay small and indexes stay hot."""

from __future__ import annotations

from psycopg_pool import AsyncConnectionPool

# Each statement removes rows nothing can use any more. Kept short of the moment they expire so an
# operator investigating an incident still finds recent ones.
PURGES: dict[str, str] = {
    "rate_limit_counters": "DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 day'",
    "login_failures": """DELETE FROM login_failures
                         WHERE last_failed_at < now() - interval '1 day'
                           AND (locked_until IS NULL OR locked_until < now())""",
    "email_tokens": "DELETE FROM email_tokens WHERE expires_at < now() - interval '7 days'",
    "refresh_tokens": """DELETE FROM refresh_tokens
                         WHERE expires_at < now() - interval '7 days'
                            OR revoked_at < now() - interval '30 days'""",
    "dev_outbox": "DELETE FROM dev_outbox WHERE created_at < now() - interval '7 days'",
    "microsoft_sign_in_flows": "DELETE FROM microsoft_sign_in_flows WHERE expires_at < now()",
}


async def purge_expired(pool: AsyncConnectionPool) -> dict[str, int]:
    """Run every purge; returns rows deleted per table."""
    deleted: dict[str, int] = {}
    async with pool.connection() as conn:
        for table, statement in PURGES.items():
            cursor = await conn.execute(statement)
            deleted[table] = cursor.rowcount
    return deleted
