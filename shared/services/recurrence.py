"""Recurring posts as series: each occurrence becomes an ordinary post a little ahead of time.

A series holds the rule (RFC 5545 RRULE in an IANA zone), its first occurrence (DTSTART), and the
post whose content new occurrences copy (its template). Every occurrence, the first included,
carries the series id. Ordinary posts mean one pipeline, one state machine, and edits or
cancellations of a single occurrence for free.

Occurrences are only ever created from now on: after an outage the ones that were never created are
skipped, never fired as a burst (ones already created follow the workspace's missed-post policy like
any post). "This and following" ends a series before an occurrence (`ends_before`) and starts a new
one from it, so what came before keeps its rule and content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from psycopg import AsyncConnection

from shared.bootstrap import Container
from shared.domain.errors import NotFound
from shared.domain.recurrence import occurrences, parse_rule
from shared.services.principals import WorkspaceAccess

# Templates whose own targets were released: drafts and posts awaiting approval do not repeat yet.
ACTIVE = ("scheduled", "publishing", "published", "partially_published", "failed")
UPCOMING_SHOWN = 10


_COUNT = re.compile(r"(?i)(^|;)COUNT=(\d+)")


def remaining(rule: str, *, done: int) -> str:
    """The rule for what is left of a series once `done` occurrences came before its new anchor: a
    COUNT counts only the rest (at least one: the occurrence it is anchored at)."""
    return _COUNT.sub(lambda m: f"{m.group(1)}COUNT={max(int(m.group(2)) - done, 1)}", rule)


async def create_series(
    conn: AsyncConnection,
    access: WorkspaceAccess,
    first_post_id: UUID,
    *,
    rule: str,
    timezone: str,
    starts_at: datetime,
    previous: UUID | None = None,
) -> UUID:
    """A series whose first occurrence (and template) is `first_post_id`."""
    series_id = uuid4()
    await conn.execute(
        """INSERT INTO post_series (id, workspace_id, author_id, rule, timezone, starts_at, template_post_id,
                                    previous_series_id)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s)""",
        (
            series_id,
            access.workspace_id,
            access.principal.user_id,
            rule.strip(),
            timezone,
            starts_at,
            first_post_id,
            previous,
        ),
    )
    await conn.execute("UPDATE posts SET series_id = %s WHERE id = %s", (series_id, first_post_id))
    return series_id


async def materialize(container: Container, *, now: datetime | None = None) -> int:
    """Create the occurrences due within the horizon for every active series; returns how many."""
    now = now or datetime.now(UTC)
    horizon = now + timedelta(days=container.settings.recurrence_horizon_days)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT id FROM post_series WHERE ended_at IS NULL AND rule IS NOT NULL"
            " AND (ends_before IS NULL OR ends_before > %s)",
            (now,),
        )
        series = [row[0] for row in await cursor.fetchall()]
    created = 0
    for series_id in series:
        async with pool.connection() as conn, conn.transaction():
            created += await _materialize_one(conn, series_id, now, horizon)
    return created


async def template_of(conn: AsyncConnection, series_id: UUID) -> UUID | None:
    """The post new occurrences copy: the series' template, or its latest occurrence if that is gone."""
    cursor = await conn.execute(
        """SELECT coalesce(s.template_post_id,
                           (SELECT p.id FROM posts p WHERE p.series_id = s.id
                            ORDER BY p.scheduled_at DESC NULLS LAST, p.id DESC LIMIT 1))
           FROM post_series s WHERE s.id = %s""",
        (series_id,),
    )
    row = await cursor.fetchone()
    return None if row is None else row[0]


async def _materialize_one(conn: AsyncConnection, series_id: UUID, now: datetime, horizon: datetime) -> int:
    # SKIP LOCKED: another instance is already doing this series.
    cursor = await conn.execute(
        """SELECT rule, starts_at, timezone, ends_before FROM post_series
           WHERE id = %s AND ended_at IS NULL AND rule IS NOT NULL FOR UPDATE SKIP LOCKED""",
        (series_id,),
    )
    row = await cursor.fetchone()
    if row is None:
        return 0
    rule_text, first, timezone, ends_before = row
    template = await template_of(conn, series_id)
    if template is None:
        return 0
    cursor = await conn.execute("SELECT status FROM posts WHERE id = %s", (template,))
    status = await cursor.fetchone()
    if status is None or status[0] not in ACTIVE:
        return 0
    cursor = await conn.execute("SELECT max(scheduled_at) FROM posts WHERE series_id = %s", (series_id,))
    last = (await cursor.fetchone() or (first,))[0] or first
    until = horizon if ends_before is None else min(horizon, ends_before - timedelta(microseconds=1))
    due = occurrences(parse_rule(rule_text, first, timezone), timezone, after=max(last, now), until=until)
    for when in due:
        post_id = uuid4()
        await conn.execute(
            """INSERT INTO posts (id, workspace_id, author_id, body, overrides, media_ids, scheduled_at,
                                  timezone, series_id, approved_by, approved_at)
               SELECT %s, workspace_id, author_id, body, overrides, media_ids, %s, %s, %s,
                      approved_by, approved_at
               FROM posts WHERE id = %s""",
            (post_id, when, timezone, series_id, template),
        )
        await conn.execute(
            """INSERT INTO post_targets (post_id, workspace_id, social_account_id, status, scheduled_at,
                                         text_override, media_ids, options)
               SELECT %s, t.workspace_id, t.social_account_id, 'scheduled', %s, t.text_override, t.media_ids,
                      t.options
               FROM post_targets t JOIN social_accounts a ON a.id = t.social_account_id
               WHERE t.post_id = %s AND t.status <> 'cancelled' AND a.status <> 'disconnected'""",
            (post_id, when, template),
        )
    return len(due)


async def end_series(conn: AsyncConnection, series_id: UUID) -> None:
    """No new occurrences from now on (the ones already created are the caller's business)."""
    await conn.execute(
        "UPDATE post_series SET ended_at = coalesce(ended_at, now()), updated_at = now() WHERE id = %s",
        (series_id,),
    )


async def occurrences_in_scope(
    conn: AsyncConnection, series_id: UUID, *, from_at: datetime | None
) -> list[UUID]:
    """The series' occurrences at or after `from_at` (every one when None), in time order."""
    cursor = await conn.execute(
        """SELECT id FROM posts WHERE series_id = %s AND (%s::timestamptz IS NULL OR scheduled_at >= %s)
           ORDER BY scheduled_at NULLS LAST, id""",
        (series_id, from_at, from_at),
    )
    return [row[0] for row in await cursor.fetchall()]


async def split(
    conn: AsyncConnection,
    access: WorkspaceAccess,
    series_id: UUID,
    first_post_id: UUID,
    *,
    at: datetime,
    rule: str | None,
    starts_at: datetime,
) -> UUID:
    """End `series_id` before `at` and start a new series from `first_post_id` (and the occurrences
    after it), with `rule` (the old one when None) anchored at `starts_at`. Returns the new series."""
    cursor = await conn.execute(
        "SELECT rule, timezone FROM post_series WHERE id = %s FOR UPDATE", (series_id,)
    )
    row = await cursor.fetchone()
    assert row is not None
    old_rule, timezone = row
    await conn.execute(
        "UPDATE post_series SET ends_before = %s, updated_at = now() WHERE id = %s", (at, series_id)
    )
    new_id = await create_series(
        conn,
        access,
        first_post_id,
        rule=rule or old_rule or "",
        timezone=timezone,
        starts_at=starts_at,
        previous=series_id,
    )
    await conn.execute(
        "UPDATE posts SET series_id = %s WHERE series_id = %s AND scheduled_at >= %s",
        (new_id, series_id, at),
    )
    return new_id


@dataclass(frozen=True)
class SeriesView:
    id: UUID
    rule: str | None
    timezone: str
    starts_at: datetime
    ends_before: datetime | None
    status: str  # active or ended
    template_post_id: UUID | None
    previous_series_id: UUID | None
    next_occurrences: list[datetime]  # what the rule gives from now on, created yet or not
    occurrence_count: int
    published_count: int


async def get_series(container: Container, access: WorkspaceAccess, series_id: UUID) -> SeriesView:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT s.rule, s.timezone, s.starts_at, s.ends_before, s.ended_at, s.template_post_id,
                      s.previous_series_id,
                      (SELECT count(*) FROM posts p WHERE p.series_id = s.id),
                      (SELECT count(*) FROM posts p WHERE p.series_id = s.id
                         AND p.status IN ('published', 'partially_published'))
               FROM post_series s WHERE s.id = %s AND s.workspace_id = %s""",
            (series_id, access.workspace_id),
        )
        row = await cursor.fetchone()
    if row is None:
        raise NotFound("No such series in this workspace.", code="series_not_found")
    rule, timezone, starts_at, ends_before, ended_at, template, previous, total, published = row
    now = datetime.now(UTC)
    ended = ended_at is not None or rule is None or (ends_before is not None and ends_before <= now)
    upcoming: list[datetime] = []
    if not ended:
        until = now + timedelta(days=3660)
        if ends_before is not None:
            until = min(until, ends_before - timedelta(microseconds=1))
        upcoming = occurrences(
            parse_rule(rule, starts_at, timezone),
            timezone,
            after=max(now, starts_at - timedelta(microseconds=1)),
            until=until,
            limit=UPCOMING_SHOWN,
        )
    return SeriesView(
        series_id,
        rule,
        timezone,
        starts_at,
        ends_before,
        "ended" if ended else "active",
        template,
        previous,
        upcoming,
        total,
        published,
    )
