"""Changing a post after it is written: edit, submit, approve or reject, cancel, retry, delete.

Every action goes the same way: lock the post (its targets first, in id order, then the post row:
the order the database's status trigger takes, so the two never deadlock), ask
`post_rules.may` whether this person may do it to this post in its current state, make the change,
and write it to the audit log in the same transaction. Recurring posts take a scope: this
occurrence, this and following, or all of the series.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

from shared.bootstrap import Container
from shared.domain.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from shared.domain.identity import ensure_verified
from shared.domain.post_rules import (
    WAITING_TO_GO,
    PostAction,
    PostFacts,
    after_change,
    may,
    needs_approval,
)
from shared.domain.posts import CANCELLABLE, Ambiguity, TargetStatus, check_not_past, resolve_schedule
from shared.domain.recurrence import parse_rule
from shared.services import approvals, audit, publishing, recurrence
from shared.services.audit import AuditEvent
from shared.services.media import get_ready_media
from shared.services.posts import (
    PostInput,
    PostView,
    TargetInput,
    account_facts,
    check_shape,
    check_targets,
    get_post,
    insert_targets,
    media_of,
    workspace_settings,
)
from shared.services.principals import WorkspaceAccess

log = logging.getLogger(__name__)

# Targets a change to the post still reaches (the others are out, failed or cancelled).
EDITABLE = frozenset(
    {
        TargetStatus.DRAFT,
        TargetStatus.PENDING_APPROVAL,
        TargetStatus.SCHEDULED,
        TargetStatus.QUEUED,
        TargetStatus.RETRY_WAIT,
    }
)


class Scope(StrEnum):
    """How much of a series an edit or a cancellation reaches."""

    THIS = "this"
    FOLLOWING = "following"  # this occurrence and every later one
    ALL = "all"  # every occurrence not yet out, the first included


@dataclass(frozen=True)
class LockedTarget:
    id: UUID
    account_id: UUID
    status: TargetStatus
    text: str | None
    options: dict[str, Any]
    media_ids: list[UUID] | None


@dataclass(frozen=True)
class LockedPost:
    id: UUID
    author_id: UUID | None
    approved_by: UUID | None
    series_id: UUID | None
    scheduled_at: datetime | None
    timezone: str
    body: str
    media_ids: list[UUID]
    targets: list[LockedTarget]

    @property
    def facts(self) -> PostFacts:
        return PostFacts(
            author_id=self.author_id,
            states=frozenset(t.status for t in self.targets),
            approved=self.approved_by is not None,
        )

    def statuses(self, among: frozenset[TargetStatus]) -> list[LockedTarget]:
        return [t for t in self.targets if t.status in among]


async def lock_post(conn: AsyncConnection, workspace_id: UUID, post_id: UUID) -> LockedPost:
    """The post and its targets, locked until the transaction ends (404 across workspaces)."""
    cursor = await conn.execute(
        "SELECT 1 FROM posts WHERE id = %s AND workspace_id = %s", (post_id, workspace_id)
    )
    if await cursor.fetchone() is None:
        raise NotFound("No such post in this workspace.", code="post_not_found")
    cursor = await conn.execute(
        """SELECT id, social_account_id, status, text_override, options, media_ids
           FROM post_targets WHERE post_id = %s ORDER BY id FOR UPDATE""",
        (post_id,),
    )
    targets = [
        LockedTarget(row[0], row[1], TargetStatus(row[2]), row[3], row[4] or {}, row[5])
        for row in await cursor.fetchall()
    ]
    cursor = await conn.execute(
        """SELECT author_id, approved_by, series_id, scheduled_at, timezone, body, media_ids
           FROM posts WHERE id = %s FOR NO KEY UPDATE""",
        (post_id,),
    )
    row = await cursor.fetchone()
    if row is None:  # deleted between the two reads
        raise NotFound("No such post in this workspace.", code="post_not_found")
    return LockedPost(post_id, row[0], row[1], row[2], row[3], row[4], row[5], list(row[6]), targets)


def check_allowed(access: WorkspaceAccess, post: LockedPost, action: PostAction) -> None:
    refusal = may(access.role, access.principal.user_id, post.facts, action)
    if refusal is None:
        return
    if refusal.kind == "forbidden":
        raise PermissionDenied(refusal.message, code=refusal.code)
    raise Conflict(refusal.message, code=refusal.code)


@dataclass
class _Tx:
    """One change in progress: its transaction, who makes it, and what to do after the commit."""

    conn: AsyncConnection
    container: Container
    access: WorkspaceAccess
    ip: str
    after: _After
    approval_required: bool = False

    async def record(self, event: AuditEvent, post_id: UUID, details: dict[str, Any]) -> None:
        await audit.record(
            self.conn,
            event,
            actor=self.access.principal.user_id,
            workspace=self.access.workspace_id,
            target_type="post",
            target_id=post_id,
            ip=self.ip,
            details=details,
        )


@dataclass
class _After:
    """What to do once the transaction committed."""

    dispatch: bool = False
    materialize: bool = False
    notify: list[UUID] = field(default_factory=list)
    author_review: tuple[bool, str] | None = None

    async def run(self, container: Container, access: WorkspaceAccess, post_id: UUID) -> None:
        if self.dispatch:
            await publishing.dispatch_due(container)
        if self.materialize:
            await recurrence.materialize(container)
        for waiting in self.notify:
            await approvals.notify_approvers(container, access.workspace_id, waiting)
        if self.author_review is not None:
            await _email_author(container, access, post_id, *self.author_review)


def _near(when: datetime | None, container: Container) -> bool:
    lookahead = timedelta(seconds=container.settings.dispatch_lookahead_seconds)
    return when is not None and when <= datetime.now(UTC) + lookahead


# --- edit -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostChange:
    text: str | None = None
    scheduled_at: datetime | None = None
    timezone: str | None = None
    ambiguous: Ambiguity | None = None
    media_ids: list[UUID] | None = None
    targets: list[TargetInput] | None = None  # the whole new set of accounts, with their own changes
    recurrence: str | None = None  # a new rule for the series (scopes `following` and `all`)

    @property
    def content(self) -> bool:
        return self.text is not None or self.media_ids is not None or self.targets is not None


async def update_post(
    container: Container,
    access: WorkspaceAccess,
    post_id: UUID,
    change: PostChange,
    *,
    scope: Scope = Scope.THIS,
    ip: str = "",
) -> PostView:
    """Change text, time, accounts or media until the post starts publishing.

    A queued target is pulled back atomically (its message then finds it not queued and is
    dropped). The result is validated like a new post. A change by someone who cannot approve, to a
    post waiting to go out in a workspace that requires approval, sends it back for approval.
    """
    after = _After()
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        approval_required, _ = await workspace_settings(conn, access.workspace_id)
        tx = _Tx(conn, container, access, ip, after, approval_required)
        if scope is not Scope.THIS:
            await _lock_series_of(conn, access.workspace_id, post_id)
        post = await lock_post(conn, access.workspace_id, post_id)
        check_allowed(access, post, PostAction.EDIT)
        if scope is Scope.THIS:
            if change.recurrence is not None:
                raise InvalidInput(
                    "A new rule changes the series: send it with scope=following or scope=all.",
                    code="recurrence_needs_scope",
                )
            when = _new_time(post, change)
            if post.series_id is not None and change.content:
                await _detach_template(conn, post)
            await _apply(tx, post, change, when, scope)
        else:
            await _update_series(tx, post, change, scope)
    await after.run(container, access, post_id)
    return await get_post(container, access, post_id)


async def _lock_series_of(conn: AsyncConnection, workspace_id: UUID, post_id: UUID) -> None:
    """Lock the post's series before any of its occurrences, so two changes to one series queue up
    instead of each holding an occurrence the other wants."""
    cursor = await conn.execute(
        "SELECT series_id FROM posts WHERE id = %s AND workspace_id = %s", (post_id, workspace_id)
    )
    row = await cursor.fetchone()
    if row is None:
        raise NotFound("No such post in this workspace.", code="post_not_found")
    if row[0] is None:
        raise InvalidInput("This post does not repeat; leave out scope.", code="not_in_series")
    await conn.execute("SELECT 1 FROM post_series WHERE id = %s FOR UPDATE", (row[0],))


async def _detach_template(conn: AsyncConnection, post: LockedPost) -> None:
    """An occurrence edited on its own stops being what later occurrences copy."""
    await conn.execute(
        """UPDATE post_series s SET template_post_id = (
               SELECT p.id FROM posts p WHERE p.series_id = s.id AND p.id <> %s
               ORDER BY p.scheduled_at DESC NULLS LAST, p.id DESC LIMIT 1)
           WHERE s.id = %s AND s.template_post_id = %s
             AND EXISTS (SELECT 1 FROM posts p WHERE p.series_id = s.id AND p.id <> %s)""",
        (post.id, post.series_id, post.id, post.id),
    )


def _new_time(post: LockedPost, change: PostChange) -> datetime | None:
    """The instant a changed time resolves to (None: the time does not change)."""
    if change.scheduled_at is None:
        if change.timezone is not None and change.timezone != post.timezone:
            resolve_schedule(datetime(2000, 1, 1), change.timezone, default_zone=post.timezone)  # a real zone
        return None
    when = resolve_schedule(
        change.scheduled_at, change.timezone, default_zone=post.timezone, ambiguous=change.ambiguous
    )
    if post.facts.live - {TargetStatus.DRAFT}:
        check_not_past(when, datetime.now(UTC))
    return when


async def _apply(tx: _Tx, post: LockedPost, change: PostChange, when: datetime | None, scope: Scope) -> None:
    """Validate and write one post's change; its audit entry says what changed."""
    conn, access = tx.conn, tx.access
    targets = await _validate(tx, post, change)
    text = post.body if change.text is None else change.text
    media_ids = post.media_ids if change.media_ids is None else change.media_ids
    current = {t.account_id: t for t in post.statuses(EDITABLE)}
    zone = change.timezone or post.timezone
    details = _describe(post, change, when, zone, scope)
    await conn.execute(
        """UPDATE posts SET body = %s, media_ids = %s, scheduled_at = coalesce(%s, scheduled_at),
                            timezone = %s, updated_at = now()
           WHERE id = %s""",
        (text, media_ids, when, zone, post.id),
    )
    if change.targets is not None:
        details.update(await _replace_targets(tx, post, current, targets, when))
    if when is not None:
        await conn.execute(
            "UPDATE post_targets SET scheduled_at = %s, updated_at = now()"
            " WHERE post_id = %s AND status = ANY(%s)",
            (when, post.id, [s.value for s in EDITABLE]),
        )
    # Pull back what is queued: it is dispatched again with the new content or time.
    await conn.execute(
        "UPDATE post_targets SET status = 'scheduled', updated_at = now() "
        "WHERE post_id = %s AND status IN ('queued', 'retry_wait')",
        (post.id,),
    )
    reopened = after_change(access.role, post.facts, approval_required=tx.approval_required)
    if reopened is not None:
        await conn.execute(
            "UPDATE post_targets SET status = 'pending_approval', updated_at = now() "
            "WHERE post_id = %s AND status = 'scheduled'",
            (post.id,),
        )
        await conn.execute(
            "UPDATE posts SET approved_by = NULL, approved_at = NULL WHERE id = %s", (post.id,)
        )
        await approvals.record(conn, access, post.id, "reopened")
        details["reopened"] = True
        tx.after.notify.append(post.id)
    elif post.facts.live & WAITING_TO_GO and not needs_approval(access.role, approval_required=True):
        # Someone who may approve changed a released post: it carries their approval now.
        await conn.execute(
            "UPDATE posts SET approved_by = %s, approved_at = now() WHERE id = %s",
            (access.principal.user_id, post.id),
        )
    if reopened is None and _near(when or post.scheduled_at, tx.container):
        tx.after.dispatch = True
    await tx.record(AuditEvent.POST_UPDATED, post.id, details)


def _describe(
    post: LockedPost, change: PostChange, when: datetime | None, zone: str, scope: Scope
) -> dict[str, Any]:
    """What the audit log says changed."""
    details: dict[str, Any] = {"scope": scope.value}
    if change.text is not None and change.text != post.body:
        details["text"] = {"from": audit.excerpt(post.body), "to": audit.excerpt(change.text)}
    if change.media_ids is not None and change.media_ids != post.media_ids:
        details["media"] = {
            "from": [str(m) for m in post.media_ids],
            "to": [str(m) for m in change.media_ids],
        }
    if when is not None and when != post.scheduled_at:
        details["scheduled_at"] = {
            "from": post.scheduled_at.isoformat() if post.scheduled_at else None,
            "to": when.isoformat(),
        }
    if zone != post.timezone:
        details["timezone"] = {"from": post.timezone, "to": zone}
    return details


async def _validate(tx: _Tx, post: LockedPost, change: PostChange) -> list[TargetInput]:
    """The accounts the post will have, checked like a new post (raises listing every problem)."""
    text = post.body if change.text is None else change.text
    media_ids = post.media_ids if change.media_ids is None else change.media_ids
    editable = post.statuses(EDITABLE)
    targets = change.targets
    if targets is None:
        targets = [TargetInput(t.account_id, t.text, t.options, t.media_ids) for t in editable]
    body = PostInput(text=text, targets=targets, media_ids=media_ids)
    if change.targets is not None:
        check_shape(body)
        kept = {t.account_id for t in post.targets if t.status not in EDITABLE}
        clash = [str(t.account_id) for t in targets if t.account_id in kept]
        if clash:
            raise InvalidInput(
                "These accounts already finished with this post; duplicate it to send again.",
                code="account_already_done",
                details={"accounts": clash},
            )
    if change.content and targets:
        known = await account_facts(tx.conn, tx.access.workspace_id, [t.account_id for t in targets])
        media = {m.id: m for m in await get_ready_media(tx.conn, tx.access.workspace_id, media_of(body))}
        check_targets(tx.container, body, known, media)
    return targets


async def _replace_targets(
    tx: _Tx,
    post: LockedPost,
    current: dict[UUID, LockedTarget],
    targets: list[TargetInput],
    when: datetime | None,
) -> dict[str, Any]:
    """The post's accounts become exactly `targets`; returns what was added and removed."""
    conn = tx.conn
    wanted = {t.account_id: t for t in targets}
    removed = [account for account in current if account not in wanted]
    added = [t for t in targets if t.account_id not in current]
    kept = [t for t in targets if t.account_id in current]
    if removed:
        await conn.execute(
            "DELETE FROM post_targets WHERE post_id = %s AND social_account_id = ANY(%s)", (post.id, removed)
        )
    if kept:
        await conn.execute(
            """UPDATE post_targets t SET text_override = k.text_override, options = k.options,
                      media_ids = CASE WHEN jsonb_typeof(k.media) = 'array'
                                       THEN ARRAY(SELECT jsonb_array_elements_text(k.media)::uuid) END,
                      updated_at = now()
               FROM unnest(%s::uuid[], %s::text[], %s::jsonb[], %s::jsonb[]) AS k(account_id, text_override,
                                                                               options, media)
               WHERE t.post_id = %s AND t.social_account_id = k.account_id""",
            (
                [t.account_id for t in kept],
                [t.text for t in kept],
                [Jsonb(t.options) for t in kept],
                [Jsonb(None if t.media_ids is None else [str(m) for m in t.media_ids]) for t in kept],
                post.id,
            ),
        )
    if added:
        live = post.facts.live
        if TargetStatus.PENDING_APPROVAL in live:
            status = TargetStatus.PENDING_APPROVAL
        elif live & WAITING_TO_GO:
            status = TargetStatus.SCHEDULED
        else:
            status = TargetStatus.DRAFT
        await insert_targets(
            conn,
            post.id,
            tx.access.workspace_id,
            status=status,
            when=when or post.scheduled_at,
            targets=added,
        )
    return (
        {"accounts": {"added": [str(t.account_id) for t in added], "removed": [str(a) for a in removed]}}
        if added or removed
        else {}
    )


async def _update_series(tx: _Tx, post: LockedPost, change: PostChange, scope: Scope) -> None:
    """An edit of `this and following` or `all` occurrences.

    Content (text, media, accounts) reaches every occurrence in scope that is not out yet. A new
    time moves each of them by the same wall-clock difference. A new time or rule re-anchors the
    series at this occurrence: `all` changes the series in place, `following` ends it before this
    occurrence and starts a new one here; either way the later occurrences not out yet are made
    again from the rule.
    """
    assert post.series_id is not None
    conn, access = tx.conn, tx.access
    cursor = await conn.execute("SELECT timezone, rule FROM post_series WHERE id = %s", (post.series_id,))
    row = await cursor.fetchone()
    assert row is not None
    assert post.scheduled_at is not None
    zone = ZoneInfo(row[0])
    when = _new_time(post, change)
    shift = timedelta(0)
    if when is not None:
        shift = _wall(when, zone) - _wall(post.scheduled_at, zone)
    new_rule = change.recurrence.strip() if change.recurrence is not None else None
    if new_rule is not None:
        parse_rule(new_rule, when or post.scheduled_at, row[0])
    reanchor = when is not None or new_rule is not None
    everything = await recurrence.occurrences_in_scope(conn, post.series_id, from_at=None)
    in_scope = everything
    if scope is Scope.FOLLOWING:
        in_scope = await recurrence.occurrences_in_scope(conn, post.series_id, from_at=post.scheduled_at)
    # Every occurrence in scope locked before the series' rows change (in time order, like any other
    # change to this series, which waits on the series row first).
    locked = [post] + [await lock_post(conn, access.workspace_id, p) for p in in_scope if p != post.id]
    series_id = post.series_id
    if reanchor and new_rule is None and row[1]:
        # Anchored at this occurrence now: a COUNT goes on counting from it.
        new_rule = recurrence.remaining(row[1], done=everything.index(post.id))
    if reanchor and len(in_scope) < len(everything):
        # `following` from a later occurrence: what came before keeps its rule.
        series_id = await recurrence.split(
            conn,
            access,
            series_id,
            post.id,
            at=post.scheduled_at,
            rule=new_rule,
            starts_at=when or post.scheduled_at,
        )
    elif reanchor:
        await conn.execute(
            """UPDATE post_series SET rule = coalesce(%s, rule), starts_at = %s, template_post_id = %s,
                      updated_at = now() WHERE id = %s""",
            (new_rule, when or post.scheduled_at, post.id, series_id),
        )
    else:
        await conn.execute(
            "UPDATE post_series SET template_post_id = %s, updated_at = now() WHERE id = %s",
            (post.id, series_id),
        )
    for other in locked:
        refusal = may(access.role, access.principal.user_id, other.facts, PostAction.EDIT)
        if refusal is not None and refusal.kind == "conflict":
            continue  # out already (or cancelled): the series' past is not rewritten
        check_allowed(access, other, PostAction.EDIT)
        if reanchor and other.scheduled_at is not None and other.scheduled_at > post.scheduled_at:
            # Made again from the rule once this transaction commits.
            await conn.execute("DELETE FROM posts WHERE id = %s", (other.id,))
            await tx.record(
                AuditEvent.POST_DELETED,
                other.id,
                {"scope": scope.value, "series_id": str(series_id), "remade_from_rule": True},
            )
            continue
        other_when = when if other.id == post.id else _shifted(other, shift, zone)
        await _apply(tx, other, replace(change, recurrence=None), other_when, scope)
    tx.after.materialize = True


def _wall(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def _shifted(post: LockedPost, shift: timedelta, zone: ZoneInfo) -> datetime | None:
    """The same wall-clock move as the edited occurrence (09:00 → 10:00 stays 10:00 across DST)."""
    if not shift or post.scheduled_at is None:
        return None
    local = _wall(post.scheduled_at, zone) + shift
    when = resolve_schedule(local, str(zone), default_zone=str(zone), ambiguous=Ambiguity.EARLIER)
    check_not_past(when, datetime.now(UTC))
    return when


# --- submit and review ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmitTime:
    scheduled_at: datetime | None = None
    timezone: str | None = None
    ambiguous: Ambiguity | None = None
    publish_now: bool = False


async def submit_post(
    container: Container, access: WorkspaceAccess, post_id: UUID, time: SubmitTime, *, ip: str = ""
) -> PostView:
    """A draft is checked like a new post and goes for approval, or straight to scheduled when its
    author may approve (or the workspace does not require approval)."""
    after = _After()
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        approval_required, _ = await workspace_settings(conn, access.workspace_id)
        tx = _Tx(conn, container, access, ip, after, approval_required)
        post = await lock_post(conn, access.workspace_id, post_id)
        check_allowed(access, post, PostAction.SUBMIT)
        ensure_verified(access.principal)
        when = _submit_time(post, time)
        drafts = post.statuses(frozenset({TargetStatus.DRAFT}))
        await _validate(
            tx,
            post,
            PostChange(targets=[TargetInput(t.account_id, t.text, t.options, t.media_ids) for t in drafts]),
        )
        waits = needs_approval(access.role, approval_required=approval_required)
        status = TargetStatus.PENDING_APPROVAL if waits else TargetStatus.SCHEDULED
        approved = not waits and not needs_approval(access.role, approval_required=True)
        await conn.execute(
            """UPDATE post_targets SET status = %s, scheduled_at = %s, updated_at = now()
               WHERE post_id = %s AND status = 'draft'""",
            (status.value, when, post.id),
        )
        zone = time.timezone or post.timezone
        await conn.execute(
            """UPDATE posts SET scheduled_at = %s, timezone = %s, publish_now = %s, review_comment = NULL,
                      approved_by = %s, approved_at = CASE WHEN %s THEN now() END, updated_at = now()
               WHERE id = %s""",
            (when, zone, time.publish_now, access.principal.user_id if approved else None, approved, post.id),
        )
        if waits:
            await approvals.record(conn, access, post.id, "submitted")
            after.notify.append(post.id)
        else:
            after.dispatch = _near(when, container)
            after.materialize = post.series_id is not None
        await tx.record(
            AuditEvent.POST_SUBMITTED,
            post.id,
            {"to": status.value, "scheduled_at": when.isoformat(), "timezone": zone},
        )
    await after.run(container, access, post_id)
    return await get_post(container, access, post_id)


def _submit_time(post: LockedPost, time: SubmitTime) -> datetime:
    now = datetime.now(UTC)
    if time.publish_now:
        return now
    if time.scheduled_at is not None:
        when = resolve_schedule(
            time.scheduled_at, time.timezone, default_zone=post.timezone, ambiguous=time.ambiguous
        )
    elif post.scheduled_at is not None:
        when = post.scheduled_at
    else:
        raise InvalidInput("Choose scheduled_at or publish_now.", code="schedule_required")
    check_not_past(when, now)
    return when


async def review_post(
    container: Container, access: WorkspaceAccess, post_id: UUID, *, approve: bool, comment: str, ip: str = ""
) -> PostView:
    """Approve (pending → scheduled, or now if its time has passed) or send back (pending → draft,
    keeping the comment for the author)."""
    after = _After(author_review=(approve, comment))
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        tx = _Tx(conn, container, access, ip, after)
        post = await lock_post(conn, access.workspace_id, post_id)
        check_allowed(access, post, PostAction.APPROVE if approve else PostAction.REJECT)
        if approve:
            ensure_verified(access.principal)
        if approve:
            cursor = await conn.execute(
                """UPDATE post_targets SET status = 'scheduled', updated_at = now(),
                          scheduled_at = greatest(coalesce(scheduled_at, now()), now())
                   WHERE post_id = %s AND status = 'pending_approval' RETURNING scheduled_at""",
                (post_id,),
            )
            due = min(row[0] for row in await cursor.fetchall())
            after.dispatch = _near(due, container)
            after.materialize = post.series_id is not None
        else:
            await conn.execute(
                "UPDATE post_targets SET status = 'draft', updated_at = now() "
                "WHERE post_id = %s AND status = 'pending_approval'",
                (post_id,),
            )
        await conn.execute(
            """UPDATE posts SET approved_by = %s, approved_at = CASE WHEN %s THEN now() END,
                      review_comment = %s, updated_at = now()
               WHERE id = %s""",
            (access.principal.user_id if approve else None, approve, comment or None, post_id),
        )
        await approvals.record(conn, access, post_id, "approved" if approve else "rejected", comment)
        event = AuditEvent.POST_APPROVED if approve else AuditEvent.POST_REJECTED
        await tx.record(event, post_id, {"comment": comment or None})
    await after.run(container, access, post_id)
    return await get_post(container, access, post_id)


async def _email_author(
    container: Container, access: WorkspaceAccess, post_id: UUID, approved: bool, comment: str
) -> None:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT a.email, coalesce(nullif(a.name, ''), a.email), p.body,
                      coalesce(nullif(r.name, ''), r.email)
               FROM posts p JOIN users a ON a.id = p.author_id JOIN users r ON r.id = %s
               WHERE p.id = %s AND a.id <> r.id""",
            (access.principal.user_id, post_id),
        )
        notify = await cursor.fetchone()
    if notify is None or not notify[0]:
        return
    base = container.settings.public_base_url.rstrip("/")
    try:
        await container.mailer.send_post_reviewed(
            notify[0],
            name=notify[1],
            reviewer_name=notify[3],
            approved=approved,
            post_excerpt=notify[2],
            comment=comment,
            link=f"{base}/app/workspaces/{access.workspace_id}/posts/{post_id}",
        )
    except DomainError:
        # The review stands; a lost notification must not undo it.
        log.warning("review email to the author failed", extra={"post_id": str(post_id)})


# --- cancel, retry, delete ------------------------------------------------------------------------------


async def cancel_post(
    container: Container, access: WorkspaceAccess, post_id: UUID, *, scope: Scope = Scope.THIS, ip: str = ""
) -> PostView:
    """Cancel every target that has not started publishing; ones already out stay as they are.

    With `following` or `all`, a recurring post's series ends (no new occurrences) and the
    occurrences in scope not yet out are cancelled, the first one included for `all`.
    """
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        tx = _Tx(conn, container, access, ip, _After())
        if scope is not Scope.THIS:
            await _lock_series_of(conn, access.workspace_id, post_id)
        post = await lock_post(conn, access.workspace_id, post_id)
        if scope is Scope.THIS:
            check_allowed(access, post, PostAction.CANCEL)
            await _cancel_one(tx, post, {"scope": scope.value})
        else:
            await _cancel_series(tx, post, scope)
    return await get_post(container, access, post_id)


async def _cancel_series(tx: _Tx, post: LockedPost, scope: Scope) -> None:
    assert post.series_id is not None
    conn, access = tx.conn, tx.access
    from_at = None if scope is Scope.ALL else post.scheduled_at
    in_scope = await recurrence.occurrences_in_scope(conn, post.series_id, from_at=from_at)
    if scope is Scope.ALL:
        await recurrence.end_series(conn, post.series_id)
    else:
        await conn.execute(
            "UPDATE post_series SET ends_before = %s, updated_at = now() WHERE id = %s",
            (post.scheduled_at, post.series_id),
        )
    cancelled = 0
    for other_id in in_scope:
        other = post if other_id == post.id else await lock_post(conn, access.workspace_id, other_id)
        refusal = may(access.role, access.principal.user_id, other.facts, PostAction.CANCEL)
        if refusal is not None and refusal.kind == "conflict":
            continue  # out already, or nothing left to cancel: never touched
        check_allowed(access, other, PostAction.CANCEL)
        await _cancel_one(tx, other, {"scope": scope.value, "series_id": str(post.series_id)})
        cancelled += 1
    if not cancelled:
        raise Conflict("Nothing in this series can still be cancelled.", code="nothing_to_cancel")


async def _cancel_one(tx: _Tx, post: LockedPost, details: dict[str, Any]) -> None:
    cursor = await tx.conn.execute(
        """UPDATE post_targets SET status = 'cancelled', updated_at = now()
           WHERE post_id = %s AND status = ANY(%s) RETURNING social_account_id""",
        (post.id, [s.value for s in CANCELLABLE]),
    )
    accounts = [str(row[0]) for row in await cursor.fetchall()]
    await tx.record(AuditEvent.POST_CANCELLED, post.id, {**details, "accounts": accounts})


async def retry_post(
    container: Container, access: WorkspaceAccess, post_id: UUID, *, ip: str = ""
) -> PostView:
    """Send failed and unconfirmed targets again, now. Their idempotency key is kept on purpose:
    where the platform honours it, a post that did go out is returned instead of doubled."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        tx = _Tx(conn, container, access, ip, _After())
        post = await lock_post(conn, access.workspace_id, post_id)
        check_allowed(access, post, PostAction.RETRY)
        ensure_verified(access.principal)
        cursor = await conn.execute(
            """UPDATE post_targets SET status = 'scheduled', scheduled_at = now(), attempt_count = 0,
                      next_attempt_at = NULL, error_code = NULL, error_message = NULL, updated_at = now()
               WHERE post_id = %s AND status IN ('failed', 'unconfirmed') RETURNING social_account_id""",
            (post_id,),
        )
        accounts = [str(row[0]) for row in await cursor.fetchall()]
        await tx.record(AuditEvent.POST_RETRIED, post_id, {"accounts": accounts})
    await publishing.dispatch_due(container)
    return await get_post(container, access, post_id)


async def delete_post(container: Container, access: WorkspaceAccess, post_id: UUID, *, ip: str = "") -> None:
    """Delete a post that has not gone out anywhere; published ones keep their history."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        tx = _Tx(conn, container, access, ip, _After())
        post = await lock_post(conn, access.workspace_id, post_id)
        check_allowed(access, post, PostAction.DELETE)
        await tx.record(
            AuditEvent.POST_DELETED,
            post_id,
            {
                "text": audit.excerpt(post.body),
                "accounts": len(post.targets),
                "series_id": str(post.series_id) if post.series_id else None,
            },
        )
        await conn.execute("DELETE FROM posts WHERE id = %s", (post_id,))
