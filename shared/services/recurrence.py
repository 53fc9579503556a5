"""Materialising recurring posts: each occurrence becomes an ordinary post a little ahead of time.

Ordinary posts mean one pipeline, one state machine, and edits or cancellations of a single
occurrence for free. Occurrences are only ever created from now on: after an outage the ones that
were never created are skipped, never fired as a burst (ones already created follow the workspace's
missed-post policy like any post).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from psycopg import AsyncConnection

from shared.bootstrap import Container
from shared.domain.recurrence import occurrences, parse_rule

# Templates whose own targets were released: drafts and posts awaiting approval do not repeat yet.
ACTIVE = ("scheduled", "publishing", "published", "partially_published", "failed")


async def materialize(container: Container, *, now: datetime | None = None) -> int:
    """Create the occurrences due within the horizon for every active series; returns how many."""
    now = now or datetime.now(UTC)
    horizon = now + timedelta(days=container.settings.recurrence_horizon_days)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT id FROM posts WHERE recurrence IS NOT NULL AND status = ANY(%s)", (list(ACTIVE),)
        )
        series = [row[0] for row in await cursor.fetchall()]
    created = 0
    for series_id in series:
        async with pool.connection() as conn, conn.transaction():
            created += await _materialize_one(conn, series_id, now, horizon)
    return created


async def _materialize_one(conn: AsyncConnection, series_id: UUID, now: datetime, horizon: datetime) -> int:
    # SKIP LOCKED: another instance is already doing this series.
    cursor = await conn.execute(
        """SELECT recurrence, scheduled_at, timezone FROM posts
           WHERE id = %s AND recurrence IS NOT NULL FOR UPDATE SKIP LOCKED""",
        (series_id,),
    )
    row = await cursor.fetchone()
    if row is None:
        return 0
    rule_text, first, timezone = row
    cursor = await conn.execute(
        "SELECT max(scheduled_at) FROM posts WHERE id = %s OR series_id = %s", (series_id, series_id)
    )
    last = (await cursor.fetchone() or (first,))[0] or first
    rule = parse_rule(rule_text, first, timezone)
    due = occurrences(rule, timezone, after=max(last, now), until=horizon)
    for when in due:
        post_id = uuid4()
        await conn.execute(
            """INSERT INTO posts (id, workspace_id, author_id, body, overrides, media_ids, scheduled_at,
                                  timezone, status, series_id, approved_by, approved_at)
               SELECT %s, workspace_id, author_id, body, overrides, media_ids, %s, timezone, 'scheduled', id,
                      approved_by, approved_at
               FROM posts WHERE id = %s""",
            (post_id, when, series_id),
        )
        await conn.execute(
            """INSERT INTO post_targets (post_id, workspace_id, social_account_id, status, scheduled_at,
                                         text_override, media_ids, options)
               SELECT %s, t.workspace_id, t.social_account_id, 'scheduled', %s, t.text_override, t.media_ids,
                      t.options
               FROM post_targets t JOIN social_accounts a ON a.id = t.social_account_id
               WHERE t.post_id = %s AND t.status <> 'cancelled' AND a.status <> 'disconnected'""",
            (post_id, when, series_id),
        )
    return len(due)


async def stop_series(conn: AsyncConnection, series_id: UUID) -> list[UUID]:
    """End a series: no new occurrences, and the future ones not yet out are cancelled."""
    await conn.execute("UPDATE posts SET recurrence = NULL, updated_at = now() WHERE id = %s", (series_id,))
    cursor = await conn.execute(
        """UPDATE post_targets t SET status = 'cancelled', updated_at = now()
           FROM posts p
           WHERE p.id = t.post_id AND p.series_id = %s
             AND t.status IN ('draft', 'pending_approval', 'scheduled', 'queued', 'retry_wait')
           RETURNING t.post_id""",
        (series_id,),
    )
    return list({row[0] for row in await cursor.fetchall()})
