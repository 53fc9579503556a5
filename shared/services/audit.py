"""The security audit log: who did what, when, from where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql
from psycopg.rows import class_row
from psycopg.types.json import Jsonb


class AuditEvent(StrEnum):
    USER_REGISTERED = "user.registered"
    LOGIN_SUCCEEDED = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    LOGIN_LOCKED = "login.locked"
    LOGOUT = "logout"
    LOGOUT_EVERYWHERE = "logout.everywhere"
    REFRESH_TOKEN_REUSED = "refresh_token.reused"
    EMAIL_VERIFIED = "email.verified"
    EMAIL_VERIFICATION_SENT = "email.verification_sent"
    PASSWORD_RESET_REQUESTED = "password.reset_requested"
    PASSWORD_RESET = "password.reset"
    PASSWORD_CHANGED = "password.changed"
    USER_DELETED = "user.deleted"
    USER_UPDATED_BY_ADMIN = "user.updated_by_admin"
    API_KEY_CREATED = "api_key.created"
    API_KEY_REVOKED = "api_key.revoked"
    MICROSOFT_SIGN_IN = "login.microsoft"
    WORKSPACE_CREATED = "workspace.created"
    WORKSPACE_UPDATED = "workspace.updated"
    MEMBER_INVITED = "member.invited"
    INVITATION_ACCEPTED = "invitation.accepted"
    INVITATION_REVOKED = "invitation.revoked"
    ROLE_CHANGED = "member.role_changed"
    MEMBER_REMOVED = "member.removed"
    MEMBER_LEFT = "member.left"
    OWNERSHIP_TRANSFERRED = "ownership.transferred"
    ACCOUNT_CONNECTED = "account.connected"
    ACCOUNT_DISCONNECTED = "account.disconnected"
    FEED_POST_DELETED = "feed_post.deleted"
    WEBHOOK_CREATED = "webhook.created"
    WEBHOOK_UPDATED = "webhook.updated"
    WEBHOOK_DELETED = "webhook.deleted"
    POST_CREATED = "post.created"
    POST_UPDATED = "post.updated"
    POST_SUBMITTED = "post.submitted"
    POST_APPROVED = "post.approved"
    POST_REJECTED = "post.rejected"
    POST_CANCELLED = "post.cancelled"
    POST_RETRIED = "post.retried"
    POST_DELETED = "post.deleted"
    WEBHOOK_TESTED = "webhook.tested"
    WEBHOOK_SECRET_ROTATED = "webhook.secret_rotated"
    REPORT_SCHEDULE_CREATED = "report_schedule.created"
    REPORT_SCHEDULE_UPDATED = "report_schedule.updated"
    REPORT_SCHEDULE_DELETED = "report_schedule.deleted"


EXCERPT_LENGTH = 500


def excerpt(text: str | None) -> str | None:
    """Enough of a text to recognise it in the log, without copying long posts into it."""
    if text is None:
        return None
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


async def record(
    conn: AsyncConnection,
    event: AuditEvent,
    *,
    actor: UUID | None = None,
    workspace: UUID | None = None,
    target_type: str | None = None,
    target_id: str | UUID | None = None,
    ip: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Write one event in the caller's transaction, so the event and the change commit together."""
    await conn.execute(
        """INSERT INTO audit_log (event, actor_user_id, workspace_id, target_type, target_id, ip, details)
           VALUES (%s, %s, %s, %s, %s, %s, %s)""",
        (
            event.value,
            actor,
            workspace,
            target_type,
            None if target_id is None else str(target_id),
            ip,
            Jsonb(details or {}),
        ),
    )


@dataclass(frozen=True)
class AuditEntry:
    id: int
    occurred_at: datetime
    event: str
    workspace_id: UUID | None
    actor_user_id: UUID | None
    actor_email: str | None  # None once the actor's account is deleted
    target_type: str | None
    target_id: str | None
    ip: str
    details: dict[str, Any]


@dataclass(frozen=True)
class AuditPage:
    items: list[AuditEntry]
    next_before_id: int | None  # the last item's id when older events exist, else None


async def list_events(
    conn: AsyncConnection,
    *,
    workspace_id: UUID | None = None,
    event: str | None = None,
    user_id: UUID | None = None,
    before_id: int | None = None,
    limit: int,
) -> AuditPage:
    """Newest first, keyset-paged on the id, which only grows: a page never repeats or skips an event
    that was written while the client was paging.

    Who may read which events is the caller's business; every filter given narrows the result.
    `user_id` matches events done by that user or about them (target type `user`).
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    conditions: list[sql.Composable] = []
    params: dict[str, Any] = {"limit": limit + 1}  # one more than asked: says whether a next page exists
    if workspace_id is not None:
        conditions.append(sql.SQL("a.workspace_id = %(workspace_id)s"))
        params["workspace_id"] = workspace_id
    if event is not None:
        conditions.append(sql.SQL("a.event = %(event)s"))
        params["event"] = event
    if user_id is not None:
        conditions.append(
            sql.SQL(
                "(a.actor_user_id = %(user_id)s OR (a.target_type = 'user' AND a.target_id = %(user_text)s))"
            )
        )
        params.update(user_id=user_id, user_text=str(user_id))
    if before_id is not None:
        conditions.append(sql.SQL("a.id < %(before_id)s"))
        params["before_id"] = before_id
    where = sql.SQL("WHERE ") + sql.SQL(" AND ").join(conditions) if conditions else sql.SQL("")
    statement = sql.SQL(
        """SELECT a.id, a.occurred_at, a.event, a.workspace_id, a.actor_user_id, u.email AS actor_email,
                  a.target_type, a.target_id, a.ip, a.details
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
           {where}
           ORDER BY a.id DESC
           LIMIT %(limit)s"""
    ).format(where=where)
    async with conn.cursor(row_factory=class_row(AuditEntry)) as cursor:
        await cursor.execute(statement, params)
        rows = await cursor.fetchall()
    items = rows[:limit]
    return AuditPage(items, items[-1].id if len(rows) > limit else None)
