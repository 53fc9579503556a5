"""Posts: write one for up to 1,000 accounts in one statement, check it, read it back.

Changing a post after it is written (edit, submit, review, cancel, retry, delete) lives in
`post_changes.py`; who may do which of those is `shared/domain/post_rules.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from psycopg import AsyncConnection, sql
from psycopg.types.json import Jsonb

from shared.bootstrap import Container
from shared.domain.errors import DomainError, InvalidInput, NotFound
from shared.domain.identity import ensure_verified
from shared.domain.post_rules import needs_approval
from shared.domain.posts import (
    Ambiguity,
    MediaFacts,
    TargetStatus,
    check_not_past,
    check_target,
    resolve_schedule,
)
from shared.domain.recurrence import occurrences, parse_rule
from shared.platforms.text import count
from shared.services import approvals, audit, publishing, recurrence
from shared.services.audit import AuditEvent
from shared.services.media import Media, get_ready_media
from shared.services.principals import WorkspaceAccess

MAX_TARGETS = 1000


@dataclass(frozen=True)
class TargetInput:
    account_id: UUID
    text: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    media_ids: list[UUID] | None = None  # None: the post's media; []: none for this account


@dataclass(frozen=True)
class PostInput:
    text: str
    targets: list[TargetInput]
    media_ids: list[UUID] = field(default_factory=list)
    scheduled_at: datetime | None = None
    timezone: str | None = None
    publish_now: bool = False
    draft: bool = False
    recurrence: str | None = None  # RFC 5545 RRULE, repeating from scheduled_at in the post's zone
    ambiguous: Ambiguity | None = None  # which instant a repeated local hour means


@dataclass(frozen=True)
class TargetView:
    id: UUID
    account_id: UUID
    platform: str
    handle: str
    status: str
    scheduled_at: datetime | None
    published_at: datetime | None
    external_id: str | None
    external_url: str | None
    attempts: int
    error_code: str | None
    error_message: str | None
    next_attempt_at: datetime | None = None
    text: str | None = None  # this account's own text, when it differs from the post's
    media_ids: list[UUID] | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewView:
    action: str  # submitted, approved, rejected, reopened
    actor_id: UUID | None
    actor_name: str | None
    comment: str | None
    at: datetime


@dataclass(frozen=True)
class PostView:
    id: UUID
    workspace_id: UUID
    status: str
    text: str
    scheduled_at: datetime | None
    timezone: str
    created_by: UUID | None
    created_at: datetime
    targets: list[TargetView]
    media_ids: list[UUID] = field(default_factory=list)
    series_id: UUID | None = None
    recurrence: str | None = None
    approved_by: UUID | None = None
    approved_at: datetime | None = None
    last_review: ReviewView | None = None
    updated_at: datetime | None = None


# --- checking what a post would send ----------------------------------------------------------------


async def account_facts(
    conn: AsyncConnection, workspace_id: UUID, ids: Iterable[UUID]
) -> dict[UUID, tuple[str, str]]:
    """id → (platform, status) of this workspace's accounts among `ids`."""
    cursor = await conn.execute(
        "SELECT id, platform, status FROM social_accounts WHERE workspace_id = %s AND id = ANY(%s)",
        (workspace_id, list(ids)),
    )
    return {row[0]: (row[1], row[2]) for row in await cursor.fetchall()}


def media_of(body: PostInput) -> list[UUID]:
    """Every media id the post or one of its accounts names, once each."""
    return list(dict.fromkeys([*body.media_ids, *(m for t in body.targets for m in t.media_ids or [])]))


def target_problems(
    container: Container,
    body: PostInput,
    target: TargetInput,
    known: dict[UUID, tuple[str, str]],
    media: dict[UUID, Media],
) -> list[dict[str, str]]:
    """Every reason this account cannot take this post (empty when it can)."""
    found = known.get(target.account_id)
    if found is None:
        return [{"code": "account_not_found", "message": "No such account in this workspace."}]
    platform, status = found
    attached = target.media_ids if target.media_ids is not None else body.media_ids
    problems = [
        {"code": p.code, "message": p.message}
        for p in check_target(
            container.connector(platform).capabilities,
            platform,
            target.text if target.text is not None else body.text,
            [MediaFacts(str(media[m].kind), media[m].size, media[m].duration_ms) for m in attached],
        )
    ]
    if status != "active":
        problems.append({"code": "account_needs_reauth", "message": "Reconnect this account first."})
    return problems


def check_targets(
    container: Container, body: PostInput, known: dict[UUID, tuple[str, str]], media: dict[UUID, Media]
) -> None:
    """Raise one InvalidInput listing every problem of every target, so a person fixes them all at once."""
    problems = {
        str(target.account_id): found
        for target in body.targets
        if (found := target_problems(container, body, target, known, media))
    }
    if problems:
        raise InvalidInput(
            "Some targets cannot take this post; nothing was saved.",
            code="invalid_targets",
            details={"targets": problems},
        )


def check_shape(body: PostInput) -> None:
    if not 1 <= len(body.targets) <= MAX_TARGETS:
        raise InvalidInput(f"Choose 1 to {MAX_TARGETS} accounts.", code="invalid_target_count")
    ids = [t.account_id for t in body.targets]
    if len(set(ids)) != len(ids):
        raise InvalidInput("An account appears more than once.", code="duplicate_target")


def schedule_instant(body: PostInput, now: datetime, *, default_zone: str) -> datetime | None:
    """The instant the post is for (None: an unscheduled draft), by the scheduling rules.

    A draft may keep any time (it is checked when submitted); anything else needs a time ahead of
    now, however close, or `publish_now`.
    """
    if body.publish_now:
        return now
    if body.scheduled_at is None:
        if body.draft:
            return None
        raise InvalidInput("Choose scheduled_at, publish_now or draft.", code="schedule_required")
    when = resolve_schedule(
        body.scheduled_at, body.timezone, default_zone=default_zone, ambiguous=body.ambiguous
    )
    if not body.draft:
        check_not_past(when, now)
    return when


def check_recurrence(body: PostInput, when: datetime | None, zone: str) -> None:
    if body.recurrence is None:
        return
    if when is None or body.publish_now:
        raise InvalidInput(
            "A recurring post needs scheduled_at: its first occurrence.", code="recurrence_needs_start"
        )
    parse_rule(body.recurrence, when, zone)


async def workspace_zone(container: Container, access: WorkspaceAccess) -> str:
    pool = await container.db()
    async with pool.connection() as conn:
        return (await workspace_settings(conn, access.workspace_id))[1]


async def workspace_settings(conn: AsyncConnection, workspace_id: UUID) -> tuple[bool, str]:
    """(approval_required, default_timezone) of a workspace."""
    cursor = await conn.execute(
        "SELECT approval_required, default_timezone FROM workspaces WHERE id = %s", (workspace_id,)
    )
    row = await cursor.fetchone()
    if row is None:
        raise NotFound("No such workspace.", code="workspace_not_found")
    return bool(row[0]), str(row[1])


# --- writing ------------------------------------------------------------------------------------------


async def insert_targets(
    conn: AsyncConnection,
    post_id: UUID,
    workspace_id: UUID,
    *,
    status: TargetStatus,
    when: datetime | None,
    targets: list[TargetInput],
) -> None:
    """One statement for every target, however many."""
    await conn.execute(
        """INSERT INTO post_targets (post_id, workspace_id, social_account_id, status, scheduled_at,
                                     text_override, options, media_ids)
           SELECT %s, %s, t.account_id, %s, %s, t.text_override, t.options,
                  CASE WHEN jsonb_typeof(t.media) = 'array'
                       THEN ARRAY(SELECT jsonb_array_elements_text(t.media)::uuid) END
           FROM unnest(%s::uuid[], %s::text[], %s::jsonb[], %s::jsonb[])
                AS t(account_id, text_override, options, media)""",
        (
            post_id,
            workspace_id,
            status.value,
            when,
            [t.account_id for t in targets],
            [t.text for t in targets],
            [Jsonb(t.options) for t in targets],
            [Jsonb(None if t.media_ids is None else [str(m) for m in t.media_ids]) for t in targets],
        ),
    )


async def create_post(
    container: Container, access: WorkspaceAccess, body: PostInput, *, ip: str = "", source: str = "api"
) -> PostView:
    check_shape(body)
    if not body.draft:
        ensure_verified(access.principal)  # a draft may wait; publishing needs a verified address
    now = datetime.now(UTC)
    pool = await container.db()
    async with pool.connection() as conn:
        approval_required, default_zone = await workspace_settings(conn, access.workspace_id)
        zone = body.timezone or default_zone
        when = schedule_instant(body, now, default_zone=default_zone)
        check_recurrence(body, when, zone)
        known = await account_facts(conn, access.workspace_id, [t.account_id for t in body.targets])
        all_media = media_of(body)
        media = {m.id: m for m in await get_ready_media(conn, access.workspace_id, all_media)}
    check_targets(container, body, known, media)
    if body.draft:
        status = TargetStatus.DRAFT
    elif needs_approval(access.role, approval_required=approval_required):
        status = TargetStatus.PENDING_APPROVAL
    else:
        status = TargetStatus.SCHEDULED
    # Released by someone who may approve: the post carries their approval.
    approved = status is TargetStatus.SCHEDULED and not needs_approval(access.role, approval_required=True)
    post_id = uuid4()
    async with pool.connection() as conn, conn.transaction():
        # Locks the media FOR SHARE until commit: a concurrent delete waits, then sees this post.
        await get_ready_media(conn, access.workspace_id, all_media)
        await conn.execute(
            """INSERT INTO posts (id, workspace_id, author_id, body, scheduled_at, timezone, publish_now,
                                 media_ids, approved_by, approved_at)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, CASE WHEN %s THEN now() END)""",
            (
                post_id,
                access.workspace_id,
                access.principal.user_id,
                body.text,
                when,
                zone,
                body.publish_now,
                body.media_ids,
                access.principal.user_id if approved else None,
                approved,
            ),
        )
        await insert_targets(
            conn, post_id, access.workspace_id, status=status, when=when, targets=body.targets
        )
        series_id = None
        if body.recurrence is not None and when is not None:
            series_id = await recurrence.create_series(
                conn, access, post_id, rule=body.recurrence, timezone=zone, starts_at=when
            )
        if status is TargetStatus.PENDING_APPROVAL:
            await approvals.record(conn, access, post_id, "submitted")
        await audit.record(
            conn,
            AuditEvent.POST_CREATED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="post",
            target_id=post_id,
            ip=ip,
            details={
                "status": status.value,
                "accounts": len(body.targets),
                "scheduled_at": when.isoformat() if when else None,
                "timezone": zone,
                "media": len(all_media),
                "recurrence": body.recurrence,
                "series_id": str(series_id) if series_id else None,
                "source": source,
                "text": audit.excerpt(body.text),
            },
        )
    if (
        status is TargetStatus.SCHEDULED
        and when is not None
        and when <= now + timedelta(seconds=container.settings.dispatch_lookahead_seconds)
    ):
        # Due within the dispatcher's horizon: queue now instead of waiting for its next tick.
        await publishing.dispatch_due(container)
    if series_id is not None and status is TargetStatus.SCHEDULED:
        await recurrence.materialize(container)
    if status is TargetStatus.PENDING_APPROVAL:
        await approvals.notify_approvers(container, access.workspace_id, post_id)
    return await get_post(container, access, post_id)


# --- reading ------------------------------------------------------------------------------------------


async def load_posts(conn: AsyncConnection, workspace_id: UUID, post_ids: list[UUID]) -> list[PostView]:
    """Posts with their targets in two queries, in the order of `post_ids`."""
    cursor = await conn.execute(
        """SELECT p.id, p.workspace_id, p.status, p.body, p.scheduled_at, p.timezone, p.author_id,
                  p.created_at, p.media_ids, p.series_id, s.rule, p.approved_by, p.approved_at,
                  r.action, r.actor_id, ru.name, r.comment, r.created_at, p.updated_at
            FROM posts p
            LEFT JOIN post_series s ON s.id = p.series_id
            LEFT JOIN LATERAL (SELECT action, actor_id, comment, created_at FROM post_reviews
                               WHERE post_id = p.id ORDER BY created_at DESC, id DESC LIMIT 1) r ON true
            LEFT JOIN users ru ON ru.id = r.actor_id
            WHERE p.workspace_id = %s AND p.id = ANY(%s)""",
        (workspace_id, post_ids),
    )
    rows = {row[0]: row for row in await cursor.fetchall()}
    cursor = await conn.execute(
        """SELECT t.post_id, t.id, t.social_account_id, a.platform, a.handle, t.status, t.scheduled_at,
                  t.published_at, t.external_id, t.external_url, t.attempt_count, t.error_code,
                  t.error_message, t.next_attempt_at, t.text_override, t.media_ids, t.options
           FROM post_targets t JOIN social_accounts a ON a.id = t.social_account_id
           WHERE t.post_id = ANY(%s) ORDER BY a.platform, a.handle, t.id""",
        (list(rows),),
    )
    targets: dict[UUID, list[TargetView]] = {post_id: [] for post_id in rows}
    for r in await cursor.fetchall():
        targets[r[0]].append(
            TargetView(
                id=r[1],
                account_id=r[2],
                platform=r[3],
                handle=r[4],
                status=r[5],
                scheduled_at=r[6],
                published_at=r[7],
                external_id=r[8],
                external_url=r[9],
                attempts=r[10],
                error_code=r[11],
                error_message=r[12],
                next_attempt_at=r[13],
                text=r[14],
                media_ids=None if r[15] is None else list(r[15]),
                options=r[16] or {},
            )
        )
    return [_post_view(rows[i], targets[i]) for i in post_ids if i in rows]


def _post_view(row: tuple[Any, ...], targets: list[TargetView]) -> PostView:
    review = None if row[13] is None else ReviewView(row[13], row[14], row[15], row[16], row[17])
    return PostView(
        id=row[0],
        workspace_id=row[1],
        status=row[2],
        text=row[3],
        scheduled_at=row[4],
        timezone=row[5],
        created_by=row[6],
        created_at=row[7],
        targets=targets,
        media_ids=list(row[8]),
        series_id=row[9],
        recurrence=row[10],
        approved_by=row[11],
        approved_at=row[12],
        last_review=review,
        updated_at=row[18],
    )


async def get_post(container: Container, access: WorkspaceAccess, post_id: UUID) -> PostView:
    pool = await container.db()
    async with pool.connection() as conn:
        found = await load_posts(conn, access.workspace_id, [post_id])
    if not found:
        raise NotFound("No such post in this workspace.", code="post_not_found")
    return found[0]


@dataclass(frozen=True)
class PostFilters:
    status: str | None = None
    account_id: UUID | None = None
    platform: str | None = None
    scheduled_from: datetime | None = None
    scheduled_to: datetime | None = None
    text: str | None = None
    series_id: UUID | None = None
    author_id: UUID | None = None
    # "created": newest first; "scheduled": soonest first (unscheduled left out); "waiting": oldest first
    sort: str = "created"


def _like(text: str) -> str:
    """A substring pattern with LIKE's own wildcards taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


async def list_posts(
    container: Container,
    access: WorkspaceAccess,
    *,
    filters: PostFilters,
    limit: int,
    after: tuple[datetime, UUID] | None,
) -> list[PostView]:
    """One page, keyset-paged: `after` is the sort key (created_at or scheduled_at, id) of the last post
    of the previous page. Never OFFSET: pages stay fast however deep."""
    by_schedule = filters.sort == "scheduled"
    ascending = by_schedule or filters.sort == "waiting"  # waiting: oldest first, like a queue
    key = sql.SQL("p.scheduled_at") if by_schedule else sql.SQL("p.created_at")
    conditions: list[sql.Composable] = [sql.SQL("p.workspace_id = %(ws)s")]
    params: dict[str, Any] = {"ws": access.workspace_id, "limit": limit}
    if filters.status:
        conditions.append(sql.SQL("p.status = %(status)s"))
        params["status"] = filters.status
    if filters.account_id or filters.platform:
        conditions.append(
            sql.SQL(
                """EXISTS (SELECT 1 FROM post_targets t JOIN social_accounts a ON a.id = t.social_account_id
                       WHERE t.post_id = p.id
                         AND (%(account)s::uuid IS NULL OR t.social_account_id = %(account)s)
                         AND (%(platform)s::text IS NULL OR a.platform = %(platform)s))"""
            )
        )
        params.update(account=filters.account_id, platform=filters.platform)
    if filters.scheduled_from:
        conditions.append(sql.SQL("p.scheduled_at >= %(from)s"))
        params["from"] = filters.scheduled_from
    if filters.scheduled_to:
        conditions.append(sql.SQL("p.scheduled_at < %(to)s"))
        params["to"] = filters.scheduled_to
    if filters.text:
        conditions.append(sql.SQL("p.body ILIKE %(text)s"))
        params["text"] = _like(filters.text)
    if filters.series_id:
        conditions.append(sql.SQL("p.series_id = %(series)s"))
        params["series"] = filters.series_id
    if filters.author_id:
        conditions.append(sql.SQL("p.author_id = %(author)s"))
        params["author"] = filters.author_id
    if by_schedule:
        conditions.append(sql.SQL("p.scheduled_at IS NOT NULL"))
    if after is not None:
        comparison = ">" if ascending else "<"
        conditions.append(
            sql.SQL("({}, p.id) {} (%(after_at)s, %(after_id)s)").format(key, sql.SQL(comparison))
        )
        params.update(after_at=after[0], after_id=after[1])
    order = sql.SQL("ASC" if ascending else "DESC")
    query = sql.SQL("SELECT p.id FROM posts p WHERE {} ORDER BY {} {}, p.id {} LIMIT %(limit)s").format(
        sql.SQL(" AND ").join(conditions), key, order, order
    )
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(query, params)
        ids = [row[0] for row in await cursor.fetchall()]
        return await load_posts(conn, access.workspace_id, ids)


async def count_by_status(container: Container, access: WorkspaceAccess) -> dict[str, int]:
    """How many of the workspace's posts are in each status: one query on (workspace_id, status)."""
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT status, count(*) FROM posts WHERE workspace_id = %s GROUP BY status",
            (access.workspace_id,),
        )
        return dict(await cursor.fetchall())


# --- preview ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetPreview:
    account_id: UUID
    platform: str
    handle: str
    text: str
    length: int
    max_length: int
    media_count: int
    problems: list[dict[str, str]]


@dataclass(frozen=True)
class Preview:
    scheduled_at: datetime | None  # the instant the time resolves to, when it resolves
    timezone: str
    problems: list[dict[str, Any]]  # the post's own: its time, its recurrence, its shape
    targets: list[TargetPreview]
    occurrences: list[datetime] = field(default_factory=list)  # a series' first few instants


async def preview_post(container: Container, access: WorkspaceAccess, body: PostInput) -> Preview:
    """What each account would receive and every reason it could not, without saving anything.

    The same rules as saving: the shape, the scheduling rules (past, skipped or repeated local
    times, zones), the recurrence, the media and every account's platform rules.
    """
    problems: list[dict[str, Any]] = []
    pool = await container.db()
    async with pool.connection() as conn:
        _, default_zone = await workspace_settings(conn, access.workspace_id)
        cursor = await conn.execute(
            "SELECT id, platform, handle, status FROM social_accounts"
            " WHERE workspace_id = %s AND id = ANY(%s)",
            (access.workspace_id, [t.account_id for t in body.targets]),
        )
        accounts = {row[0]: (row[1], row[2], row[3]) for row in await cursor.fetchall()}
        cursor = await conn.execute(
            "SELECT id FROM media WHERE workspace_id = %s AND id = ANY(%s) AND status = 'ready'",
            (access.workspace_id, media_of(body)),
        )
        ready = {row[0] for row in await cursor.fetchall()}
        media = {m.id: m for m in await get_ready_media(conn, access.workspace_id, list(ready))}
    missing = [str(m) for m in media_of(body) if m not in ready]
    if missing:
        problems.append(
            {
                "code": "media_not_found",
                "message": f"No ready media with id {', '.join(missing)} in this workspace.",
                "details": {"missing": missing},
            }
        )
    usable = _with_media(body, ready)
    zone = body.timezone or default_zone
    when = None
    try:
        check_shape(body)
    except DomainError as exc:
        problems.append(_problem(exc))
    upcoming: list[datetime] = []
    try:
        when = schedule_instant(body, datetime.now(UTC), default_zone=default_zone)
        check_recurrence(body, when, zone)
        if body.recurrence is not None and when is not None:
            upcoming = first_occurrences(body.recurrence, when, zone)
    except DomainError as exc:
        problems.append(_problem(exc))
    known = {account_id: (row[0], row[2]) for account_id, row in accounts.items()}
    previews = []
    for target in usable.targets:
        text = target.text if target.text is not None else usable.text
        attached = target.media_ids if target.media_ids is not None else usable.media_ids
        platform, handle, _ = accounts.get(target.account_id, ("", "", ""))
        capabilities = container.connector(platform).capabilities if platform else None
        previews.append(
            TargetPreview(
                target.account_id,
                platform,
                handle,
                text,
                count(text, capabilities.text_counting if capabilities else "chars"),
                capabilities.max_text_length if capabilities else 0,
                len(attached),
                target_problems(container, usable, target, known, media),
            )
        )
    return Preview(when, zone, problems, previews, upcoming)


PREVIEW_OCCURRENCES = 5
MAX_SERIES_PREVIEW = timedelta(days=3660)


def first_occurrences(
    rule: str, first: datetime, zone: str, count: int = PREVIEW_OCCURRENCES
) -> list[datetime]:
    """The series' first `count` instants, the first occurrence included: what a person checks a rule by."""
    parsed = parse_rule(rule, first, zone)
    later = occurrences(parsed, zone, after=first, until=first + MAX_SERIES_PREVIEW, limit=count - 1)
    return [first, *later]


def _with_media(body: PostInput, ready: set[UUID]) -> PostInput:
    """The post with only the media that exist (a preview names the others once, as a problem)."""
    return replace(
        body,
        media_ids=[m for m in body.media_ids if m in ready],
        targets=[
            replace(t, media_ids=None if t.media_ids is None else [m for m in t.media_ids if m in ready])
            for t in body.targets
        ],
    )


def _problem(exc: DomainError) -> dict[str, Any]:
    problem: dict[str, Any] = {"code": exc.code, "message": exc.message}
    if exc.details is not None:
        problem["details"] = exc.details
    return problem


# --- copies and the calendar --------------------------------------------------------------------------


async def duplicate_post(
    container: Container, access: WorkspaceAccess, post_id: UUID, *, ip: str = ""
) -> PostView:
    """A new draft by the person duplicating, with the same text, media, accounts and per-account
    changes (the original's history stays with it)."""
    new_id = uuid4()
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """INSERT INTO posts (id, workspace_id, author_id, body, overrides, media_ids, timezone)
               SELECT %s, workspace_id, %s, body, overrides, media_ids, timezone
               FROM posts WHERE id = %s AND workspace_id = %s""",
            (new_id, access.principal.user_id, post_id, access.workspace_id),
        )
        if cursor.rowcount != 1:
            raise NotFound("No such post in this workspace.", code="post_not_found")
        await conn.execute(
            """INSERT INTO post_targets (post_id, workspace_id, social_account_id, status, text_override,
                                         media_ids, options)
               SELECT %s, workspace_id, social_account_id, 'draft', text_override, media_ids, options
               FROM post_targets WHERE post_id = %s""",
            (new_id, post_id),
        )
        await audit.record(
            conn,
            AuditEvent.POST_CREATED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="post",
            target_id=new_id,
            ip=ip,
            details={"status": "draft", "duplicated_from": str(post_id)},
        )
    return await get_post(container, access, new_id)


@dataclass(frozen=True)
class CalendarEntry:
    post_id: UUID
    status: str
    text: str
    scheduled_at: datetime
    platforms: list[str]
    series_id: UUID | None = None
    created_by: UUID | None = None


async def calendar(
    container: Container,
    access: WorkspaceAccess,
    *,
    start: datetime,
    end: datetime,
    timezone: str,
    account_id: UUID | None = None,
    platform: str | None = None,
) -> dict[str, list[CalendarEntry]]:
    """Posts between two instants, grouped by day in the caller's zone (DST-correct: each post's
    instant is converted, not the day boundaries shifted)."""
    if end <= start or end - start > timedelta(days=93):
        raise InvalidInput("Ask for a range of at most three months.", code="invalid_range")
    zone = ZoneInfo(timezone)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT p.id, p.status, p.body, p.scheduled_at,
                      array_agg(DISTINCT a.platform ORDER BY a.platform), p.series_id, p.author_id
               FROM posts p JOIN post_targets t ON t.post_id = p.id
               JOIN social_accounts a ON a.id = t.social_account_id
               WHERE p.workspace_id = %(ws)s AND p.scheduled_at >= %(start)s AND p.scheduled_at < %(end)s
                 AND (%(account)s::uuid IS NULL OR EXISTS (
                      SELECT 1 FROM post_targets f
                      WHERE f.post_id = p.id AND f.social_account_id = %(account)s))
                 AND (%(platform)s::text IS NULL OR EXISTS (
                      SELECT 1 FROM post_targets f JOIN social_accounts fa ON fa.id = f.social_account_id
                      WHERE f.post_id = p.id AND fa.platform = %(platform)s))
               GROUP BY p.id ORDER BY p.scheduled_at, p.id""",
            {
                "ws": access.workspace_id,
                "start": start,
                "end": end,
                "account": account_id,
                "platform": platform,
            },
        )
        rows = await cursor.fetchall()
    days: dict[str, list[CalendarEntry]] = {}
    for post_id, status, body, scheduled_at, platforms, series_id, author_id in rows:
        day = scheduled_at.astimezone(zone).date().isoformat()
        days.setdefault(day, []).append(
            CalendarEntry(post_id, status, body[:280], scheduled_at, list(platforms), series_id, author_id)
        )
    return days
