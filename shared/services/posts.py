"""Posts: create one for up to 1,000 accounts in one statement, read them back, cancel them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from psycopg import AsyncConnection, sql
from psycopg.types.json import Jsonb

from shared.bootstrap import Container
from shared.domain.errors import Conflict, DomainError, InvalidInput, NotFound
from shared.domain.permissions import Permission, allows
from shared.domain.posts import (
    CANCELLABLE,
    MAX_SCHEDULE_AHEAD,
    MediaFacts,
    TargetStatus,
    check_target,
    resolve_schedule,
)
from shared.domain.recurrence import parse_rule
from shared.platforms.text import count
from shared.services import publishing, recurrence
from shared.services.media import get_ready_media
from shared.services.principals import WorkspaceAccess

MAX_TARGETS = 1000
log = logging.getLogger(__name__)


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


async def _accounts(
    conn: AsyncConnection, workspace_id: UUID, ids: list[UUID]
) -> dict[UUID, tuple[str, str]]:
    cursor = await conn.execute(
        "SELECT id, platform, status FROM social_accounts WHERE workspace_id = %s AND id = ANY(%s)",
        (workspace_id, ids),
    )
    return {row[0]: (row[1], row[2]) for row in await cursor.fetchall()}


def schedule_instant(body: PostInput, now: datetime) -> datetime | None:
    if body.draft:
        return resolve_schedule(body.scheduled_at, body.timezone) if body.scheduled_at else None
    if body.publish_now:
        return now
    if body.scheduled_at is None:
        raise InvalidInput("Choose scheduled_at, publish_now or draft.", code="schedule_required")
    when = resolve_schedule(body.scheduled_at, body.timezone)
    if when < now - timedelta(minutes=1):
        raise InvalidInput("scheduled_at is in the past; use publish_now.", code="scheduled_in_past")
    if when > now + MAX_SCHEDULE_AHEAD:
        raise InvalidInput("Schedule at most two years ahead.", code="scheduled_too_far")
    return when


def check_targets(
    container: Container, body: PostInput, known: dict[UUID, tuple[str, str]], media: dict[UUID, Any]
) -> None:
    """Raise one InvalidInput listing every problem of every target, so a person fixes them all at once."""
    problems: dict[str, list[dict[str, str]]] = {}
    for target in body.targets:
        found = known.get(target.account_id)
        key = str(target.account_id)
        if found is None:
            problems[key] = [{"code": "account_not_found", "message": "No such account in this workspace."}]
            continue
        platform, status = found
        attached = target.media_ids if target.media_ids is not None else body.media_ids
        target_problems = [
            {"code": p.code, "message": p.message}
            for p in check_target(
                container.connector(platform).capabilities,
                platform,
                target.text if target.text is not None else body.text,
                [MediaFacts(str(media[m].kind), media[m].size, media[m].duration_ms) for m in attached],
            )
        ]
        if status != "active":
            target_problems.append(
                {"code": "account_needs_reauth", "message": "Reconnect this account first."}
            )
        if target_problems:
            problems[key] = target_problems
    if problems:
        raise InvalidInput(
            "Some targets cannot take this post; nothing was saved.",
            code="invalid_targets",
            details={"targets": problems},
        )


async def create_post(container: Container, access: WorkspaceAccess, body: PostInput) -> PostView:
    if not 1 <= len(body.targets) <= MAX_TARGETS:
        raise InvalidInput(f"Choose 1 to {MAX_TARGETS} accounts.", code="invalid_target_count")
    ids = [t.account_id for t in body.targets]
    if len(set(ids)) != len(ids):
        raise InvalidInput("An account appears more than once.", code="duplicate_target")
    now = datetime.now(UTC)
    when = schedule_instant(body, now)
    if body.recurrence is not None:
        if when is None or body.publish_now:
            raise InvalidInput(
                "A recurring post needs scheduled_at: its first occurrence.", code="recurrence_needs_start"
            )
        parse_rule(body.recurrence, when, body.timezone or "UTC")
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT approval_required, default_timezone FROM workspaces WHERE id = %s", (access.workspace_id,)
        )
        row = await cursor.fetchone()
        assert row is not None
        approval_required, default_timezone = row
        known = await _accounts(conn, access.workspace_id, ids)
        all_media = list(
            dict.fromkeys([*body.media_ids, *(m for t in body.targets for m in t.media_ids or [])])
        )
        media = {m.id: m for m in await get_ready_media(conn, access.workspace_id, all_media)}
    check_targets(container, body, known, media)
    needs_approval = (
        not body.draft and approval_required and not allows(access.role, Permission.POSTS_PUBLISH)
    )
    if body.draft:
        status = TargetStatus.DRAFT
    elif needs_approval:
        status = TargetStatus.PENDING_APPROVAL
    else:
        status = TargetStatus.SCHEDULED
    post_id = uuid4()
    async with pool.connection() as conn, conn.transaction():
        # Locks the media FOR SHARE until commit: a concurrent delete waits, then sees this post.
        await get_ready_media(conn, access.workspace_id, all_media)
        await conn.execute(
            """INSERT INTO posts (id, workspace_id, author_id, body, scheduled_at, timezone, publish_now,
                                 status, media_ids, recurrence)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
            (
                post_id,
                access.workspace_id,
                access.principal.user_id,
                body.text,
                when,
                body.timezone or default_timezone,
                body.publish_now,
                status.value,
                body.media_ids,
                body.recurrence.strip() if body.recurrence else None,
            ),
        )
        # One statement for every target, however many.
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
                access.workspace_id,
                status.value,
                when,
                ids,
                [t.text for t in body.targets],
                [Jsonb(t.options) for t in body.targets],
                [Jsonb(None if t.media_ids is None else [str(m) for m in t.media_ids]) for t in body.targets],
            ),
        )
    if (
        status is TargetStatus.SCHEDULED
        and when is not None
        and when <= now + timedelta(seconds=container.settings.dispatch_lookahead_seconds)
    ):
        # Due within the dispatcher's horizon: queue now instead of waiting for its next tick.
        await publishing.dispatch_due(container)
    if body.recurrence is not None and status is TargetStatus.SCHEDULED:
        await recurrence.materialize(container)
    return await get_post(container, access, post_id)


async def _load_posts(conn: AsyncConnection, workspace_id: UUID, post_ids: list[UUID]) -> list[PostView]:
    """Posts with their targets in two queries, in the order of `post_ids`."""
    cursor = await conn.execute(
        """SELECT id, workspace_id, status, body, scheduled_at, timezone, author_id, created_at, media_ids
           FROM posts WHERE workspace_id = %s AND id = ANY(%s)""",
        (workspace_id, post_ids),
    )
    rows = {row[0]: row for row in await cursor.fetchall()}
    cursor = await conn.execute(
        """SELECT t.post_id, t.id, t.social_account_id, a.platform, a.handle, t.status, t.scheduled_at,
                  t.published_at, t.external_id, t.external_url, t.attempt_count, t.error_code,
                  t.error_message, t.next_attempt_at
           FROM post_targets t JOIN social_accounts a ON a.id = t.social_account_id
           WHERE t.post_id = ANY(%s) ORDER BY a.platform, a.handle, t.id""",
        (list(rows),),
    )
    targets: dict[UUID, list[TargetView]] = {post_id: [] for post_id in rows}
    for r in await cursor.fetchall():
        targets[r[0]].append(TargetView(*r[1:]))
    return [_post_view(rows[i], targets[i]) for i in post_ids if i in rows]


def _post_view(row: tuple[Any, ...], targets: list[TargetView]) -> PostView:
    post_id, workspace_id, status, text, scheduled_at, timezone, created_by, created_at, media_ids = row
    return PostView(
        post_id,
        workspace_id,
        status,
        text,
        scheduled_at,
        timezone,
        created_by,
        created_at,
        targets,
        list(media_ids),
    )


async def get_post(container: Container, access: WorkspaceAccess, post_id: UUID) -> PostView:
    pool = await container.db()
    async with pool.connection() as conn:
        found = await _load_posts(conn, access.workspace_id, [post_id])
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
    sort: str = "created"  # "created": newest first; "scheduled": soonest first (unscheduled left out)


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
    if by_schedule:
        conditions.append(sql.SQL("p.scheduled_at IS NOT NULL"))
    if after is not None:
        comparison = ">" if by_schedule else "<"
        conditions.append(
            sql.SQL("({}, p.id) {} (%(after_at)s, %(after_id)s)").format(key, sql.SQL(comparison))
        )
        params.update(after_at=after[0], after_id=after[1])
    order = sql.SQL("ASC" if by_schedule else "DESC")
    query = sql.SQL("SELECT p.id FROM posts p WHERE {} ORDER BY {} {}, p.id {} LIMIT %(limit)s").format(
        sql.SQL(" AND ").join(conditions), key, order, order
    )
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(query, params)
        ids = [row[0] for row in await cursor.fetchall()]
        return await _load_posts(conn, access.workspace_id, ids)


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


async def preview_post(container: Container, access: WorkspaceAccess, body: PostInput) -> list[TargetPreview]:
    """What each account would receive and every reason it could not, without saving anything."""
    ids = [t.account_id for t in body.targets]
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT id, platform, handle, status FROM social_accounts"
            " WHERE workspace_id = %s AND id = ANY(%s)",
            (access.workspace_id, ids),
        )
        accounts = {row[0]: row[1:] for row in await cursor.fetchall()}
        all_media = list(
            dict.fromkeys([*body.media_ids, *(m for t in body.targets for m in t.media_ids or [])])
        )
        media = {m.id: m for m in await get_ready_media(conn, access.workspace_id, all_media)}
    previews = []
    for target in body.targets:
        text = target.text if target.text is not None else body.text
        attached = target.media_ids if target.media_ids is not None else body.media_ids
        found = accounts.get(target.account_id)
        if found is None:
            previews.append(
                TargetPreview(
                    target.account_id,
                    "",
                    "",
                    text,
                    count(text, "chars"),
                    0,
                    len(attached),
                    [{"code": "account_not_found", "message": "No such account here."}],
                )
            )
            continue
        platform, handle, status = found
        capabilities = container.connector(platform).capabilities
        problems = [
            {"code": p.code, "message": p.message}
            for p in check_target(
                capabilities,
                platform,
                text,
                [MediaFacts(str(media[m].kind), media[m].size, media[m].duration_ms) for m in attached],
            )
        ]
        if status != "active":
            problems.append({"code": "account_needs_reauth", "message": "Reconnect this account first."})
        previews.append(
            TargetPreview(
                target.account_id,
                platform,
                handle,
                text,
                count(text, capabilities.text_counting),
                capabilities.max_text_length,
                len(attached),
                problems,
            )
        )
    return previews


async def duplicate_post(container: Container, access: WorkspaceAccess, post_id: UUID) -> PostView:
    """A new draft with the same text, media, accounts and per-account changes (history stays put)."""
    new_id = uuid4()
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """INSERT INTO posts (id, workspace_id, author_id, body, overrides, media_ids, timezone, status)
               SELECT %s, workspace_id, %s, body, overrides, media_ids, timezone, 'draft'
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
    return await get_post(container, access, new_id)


async def cancel_post(
    container: Container, access: WorkspaceAccess, post_id: UUID, *, series: bool = False
) -> PostView:
    """Cancel every target not yet publishing; ones already out stay as they are.

    With `series`, a recurring post's rule ends too, and its future occurrences are cancelled.
    """
    await get_post(container, access, post_id)  # 404 across workspaces
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        await conn.execute(
            """UPDATE post_targets SET status = 'cancelled', updated_at = now()
               WHERE post_id = %s AND status = ANY(%s)""",
            (post_id, [s.value for s in CANCELLABLE]),
        )
        touched = [post_id]
        if series:
            cursor = await conn.execute("SELECT coalesce(series_id, id) FROM posts WHERE id = %s", (post_id,))
            row = await cursor.fetchone()
            assert row is not None
            touched += await recurrence.stop_series(conn, row[0])
        for touched_id in touched:
            await publishing.refresh_post_status(conn, touched_id)
    return await get_post(container, access, post_id)


# --- review, retry, edit, delete --------------------------------------------------------------------


async def _lock_targets(conn: AsyncConnection, workspace_id: UUID, post_id: UUID) -> list[tuple[UUID, str]]:
    cursor = await conn.execute(
        "SELECT id FROM posts WHERE id = %s AND workspace_id = %s FOR UPDATE", (post_id, workspace_id)
    )
    if await cursor.fetchone() is None:
        raise NotFound("No such post in this workspace.", code="post_not_found")
    cursor = await conn.execute(
        "SELECT id, status FROM post_targets WHERE post_id = %s ORDER BY id FOR UPDATE", (post_id,)
    )
    return [(row[0], row[1]) for row in await cursor.fetchall()]


async def review_post(
    container: Container, access: WorkspaceAccess, post_id: UUID, *, approve: bool, comment: str
) -> PostView:
    """Approve (pending → scheduled, or now if its time has passed) or send back (pending → draft)."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        targets = await _lock_targets(conn, access.workspace_id, post_id)
        if not any(status == TargetStatus.PENDING_APPROVAL for _, status in targets):
            raise Conflict("This post is not waiting for approval.", code="not_pending_approval")
        if approve:
            await conn.execute(
                """UPDATE post_targets SET status = 'scheduled', updated_at = now(),
                          scheduled_at = greatest(coalesce(scheduled_at, now()), now())
                   WHERE post_id = %s AND status = 'pending_approval'""",
                (post_id,),
            )
        else:
            await conn.execute(
                "UPDATE post_targets SET status = 'draft', updated_at = now() "
                "WHERE post_id = %s AND status = 'pending_approval'",
                (post_id,),
            )
        await conn.execute(
            """UPDATE posts SET approved_by = %s, approved_at = CASE WHEN %s THEN now() END,
                      review_comment = %s,
                      updated_at = now() WHERE id = %s""",
            (access.principal.user_id, approve, comment or None, post_id),
        )
        await publishing.refresh_post_status(conn, post_id)
        cursor = await conn.execute(
            """SELECT a.email, a.name, p.body, r.name FROM posts p
               JOIN users a ON a.id = p.author_id JOIN users r ON r.id = %s WHERE p.id = %s""",
            (access.principal.user_id, post_id),
        )
        notify = await cursor.fetchone()
    if approve:
        await publishing.dispatch_due(container)
    if notify is not None and notify[0]:
        base = container.settings.public_base_url.rstrip("/")
        link = f"{base}/workspaces/{access.workspace_id}/posts/{post_id}"
        try:
            await container.mailer.send_post_reviewed(
                notify[0],
                name=notify[1],
                reviewer_name=notify[3],
                approved=approve,
                post_excerpt=notify[2],
                comment=comment,
                link=link,
            )
        except DomainError:
            # The review stands; a lost notification must not undo it.
            log.warning("review email to the author failed", extra={"post_id": str(post_id)})
    return await get_post(container, access, post_id)


async def retry_post(container: Container, access: WorkspaceAccess, post_id: UUID) -> PostView:
    """Send failed and unconfirmed targets again, now. Their idempotency key is kept on purpose:
    where the platform honours it, a post that did go out is returned instead of doubled."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        targets = await _lock_targets(conn, access.workspace_id, post_id)
        if not any(status in ("failed", "unconfirmed") for _, status in targets):
            raise Conflict("Nothing in this post failed.", code="nothing_to_retry")
        await conn.execute(
            """UPDATE post_targets SET status = 'scheduled', scheduled_at = now(), attempt_count = 0,
                      next_attempt_at = NULL, error_code = NULL, error_message = NULL, updated_at = now()
               WHERE post_id = %s AND status IN ('failed', 'unconfirmed')""",
            (post_id,),
        )
        await publishing.refresh_post_status(conn, post_id)
    await publishing.dispatch_due(container)
    return await get_post(container, access, post_id)


LOCKED_STATES = frozenset({"publishing", "processing", "published"})


@dataclass(frozen=True)
class PostUpdate:
    text: str | None = None
    scheduled_at: datetime | None = None
    timezone: str | None = None


async def update_post(
    container: Container, access: WorkspaceAccess, post_id: UUID, change: PostUpdate
) -> PostView:
    """Edit text or time. A queued target is pulled back atomically (its message then finds it not
    queued and is dropped); a target being published, or published, cannot change."""
    when = resolve_schedule(change.scheduled_at, change.timezone) if change.scheduled_at else None
    if when is not None and when < datetime.now(UTC) - timedelta(minutes=1):
        raise InvalidInput("scheduled_at is in the past.", code="scheduled_in_past")
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        targets = await _lock_targets(conn, access.workspace_id, post_id)
        if any(status in LOCKED_STATES for _, status in targets):
            raise Conflict(
                "Part of this post is publishing or published; duplicate it to change it.", code="post_locked"
            )
        if change.text is not None:
            cursor = await conn.execute(
                """SELECT t.id, a.platform
                   FROM post_targets t JOIN social_accounts a ON a.id = t.social_account_id
                   WHERE t.post_id = %s AND t.text_override IS NULL""",
                (post_id,),
            )
            problems = {
                str(target_id): [{"code": p.code, "message": p.message} for p in found]
                for target_id, platform in await cursor.fetchall()
                if (
                    found := check_target(
                        container.connector(platform).capabilities, platform, change.text, []
                    )
                )
            }
            if problems:
                raise InvalidInput(
                    "Some targets cannot take this text; nothing was changed.",
                    code="invalid_targets",
                    details={"targets": problems},
                )
            await conn.execute(
                "UPDATE posts SET body = %s, updated_at = now() WHERE id = %s", (change.text, post_id)
            )
        if when is not None:
            await conn.execute(
                "UPDATE posts SET scheduled_at = %s, timezone = coalesce(%s, timezone), updated_at = now() "
                "WHERE id = %s",
                (when, change.timezone, post_id),
            )
            await conn.execute(
                """UPDATE post_targets SET scheduled_at = %s, updated_at = now()
                   WHERE post_id = %s
                     AND status IN ('draft', 'pending_approval', 'scheduled', 'queued', 'retry_wait')""",
                (when, post_id),
            )
        # Pull back what is queued: it is re-dispatched with the new content or time.
        await conn.execute(
            "UPDATE post_targets SET status = 'scheduled', updated_at = now() "
            "WHERE post_id = %s AND status IN ('queued', 'retry_wait')",
            (post_id,),
        )
        await publishing.refresh_post_status(conn, post_id)
    await publishing.dispatch_due(container)
    return await get_post(container, access, post_id)


async def delete_post(container: Container, access: WorkspaceAccess, post_id: UUID) -> None:
    """Delete a post that has not gone out anywhere; published ones keep their history."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        targets = await _lock_targets(conn, access.workspace_id, post_id)
        if any(status in LOCKED_STATES | {"unconfirmed"} for _, status in targets):
            raise Conflict(
                "Part of this post is out (or may be); it stays for the record. Cancel the rest.",
                code="post_locked",
            )
        await conn.execute("DELETE FROM posts WHERE id = %s", (post_id,))


@dataclass(frozen=True)
class CalendarEntry:
    post_id: UUID
    status: str
    text: str
    scheduled_at: datetime
    platforms: list[str]


async def calendar(
    container: Container, access: WorkspaceAccess, *, start: datetime, end: datetime, timezone: str
) -> dict[str, list[CalendarEntry]]:
    """Posts between two instants, grouped by day in the caller's zone (DST-correct: each post's
    instant is converted, not the day boundaries shifted)."""
    from zoneinfo import ZoneInfo

    if end <= start or end - start > timedelta(days=93):
        raise InvalidInput("Ask for a range of at most three months.", code="invalid_range")
    zone = ZoneInfo(timezone)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT p.id, p.status, p.body, p.scheduled_at,
                      array_agg(DISTINCT a.platform ORDER BY a.platform)
               FROM posts p JOIN post_targets t ON t.post_id = p.id
               JOIN social_accounts a ON a.id = t.social_account_id
               WHERE p.workspace_id = %s AND p.scheduled_at >= %s AND p.scheduled_at < %s
               GROUP BY p.id ORDER BY p.scheduled_at, p.id""",
            (access.workspace_id, start, end),
        )
        rows = await cursor.fetchall()
    days: dict[str, list[CalendarEntry]] = {}
    for post_id, status, body, scheduled_at, platforms in rows:
        day = scheduled_at.astimezone(zone).date().isoformat()
        days.setdefault(day, []).append(
            CalendarEntry(post_id, status, body[:280], scheduled_at, list(platforms))
        )
    return days
