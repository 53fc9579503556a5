from shared.bootstrap import Container
from shared.services.housekeeping import purge_expired
from tests.conftest import unique


async def test_purge_removes_only_what_expired(container: Container) -> None:
    pool = await container.db()
    old, fresh = unique("old"), unique("fresh")
    async with pool.connection() as conn:
        await conn.execute(
            """INSERT INTO rate_limit_counters (key, window_start, count) VALUES
               (%s, now() - interval '2 days', 5), (%s, now(), 1)""",
            (old, fresh),
        )
        await conn.execute(
            """INSERT INTO login_failures (key, failures, last_failed_at, locked_until) VALUES
               (%s, 3, now() - interval '2 days', NULL),
               (%s, 9, now() - interval '2 days', now() + interval '1 hour')""",
            (old, fresh),
        )
    deleted = await purge_expired(pool)
    assert deleted["rate_limit_counters"] >= 1
    async with pool.connection() as conn:
        counters = {
            r[0]
            for r in await (
                await conn.execute("SELECT key FROM rate_limit_counters WHERE key = ANY(%s)", ([old, fresh],))
            ).fetchall()
        }
        failures = {
            r[0]
            for r in await (
                await conn.execute("SELECT key FROM login_failures WHERE key = ANY(%s)", ([old, fresh],))
            ).fetchall()
        }
    assert counters == {fresh}
    # Still locked: kept even though its last failure is old.
    assert failures == {fresh}
