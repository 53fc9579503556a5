"""Approvals: the review history of each post, who is told when a post waits, and what waits for whom."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from psycopg import AsyncConnection

from shared.bootstrap import Container
from shared.domain.errors import DomainError, NotFound
from shared.domain.permissions import ROLE_PERMISSIONS, Permission
from shared.services import webhooks
from shared.services.principals import WorkspaceAccess

log = logging.getLogger(__name__)

# Roles whose members may approve, and so are told when a post waits.
APPROVER_ROLES = [
    role.value for role, granted in ROLE_PERMISSIONS.items() if Permission.POSTS_APPROVE in granted
]


def may_approve(access: WorkspaceAccess) -> bool:
    return Permission.POSTS_APPROVE in ROLE_PERMISSIONS[access.role]


async def record(
    conn: AsyncConnection, access: WorkspaceAccess, post_id: UUID, action: str, comment: str | None = None
) -> None:
    """One entry of a post's review history, in the caller's transaction."""
    await conn.execute(
        """INSERT INTO post_reviews (post_id, workspace_id, action, actor_id, comment)
           VALUES (%s, %s, %s, %s, %s)""",
        (post_id, access.workspace_id, action, access.principal.user_id, comment or None),
    )


@dataclass(frozen=True)
class ReviewEntry:
    action: str
    actor_id: UUID | None
    actor_name: str | None
    comment: str | None
    at: datetime


async def history(container: Container, access: WorkspaceAccess, post_id: UUID) -> list[ReviewEntry]:
    """Submitted, approved, rejected (with the comment) and reopened, oldest first."""
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT 1 FROM posts WHERE id = %s AND workspace_id = %s", (post_id, access.workspace_id)
        )
        if await cursor.fetchone() is None:
            raise NotFound("No such post in this workspace.", code="post_not_found")
        cursor = await conn.execute(
            """SELECT r.action, r.actor_id, u.name, r.comment, r.created_at
               FROM post_reviews r LEFT JOIN users u ON u.id = r.actor_id
               WHERE r.post_id = %s ORDER BY r.created_at, r.id""",
            (post_id,),
        )
        return [ReviewEntry(*row) for row in await cursor.fetchall()]


async def notify_approvers(container: Container, workspace_id: UUID, post_id: UUID) -> None:
    """Tell the workspace's approvers that a post waits: an email each and a `post.pending_approval`
    webhook. Best effort after the commit: the post waits in everyone's approvals list regardless."""
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT p.body, p.scheduled_at, p.timezone, w.name, coalesce(nullif(a.name, ''), a.email), a.id,
                      (SELECT count(*) FROM post_targets t WHERE t.post_id = p.id AND t.status <> 'cancelled')
               FROM posts p JOIN workspaces w ON w.id = p.workspace_id
               LEFT JOIN users a ON a.id = p.author_id
               WHERE p.id = %s AND p.workspace_id = %s""",
            (post_id, workspace_id),
        )
        post = await cursor.fetchone()
        if post is None:
            return
        body, scheduled_at, zone, workspace_name, author_name, author_id, accounts = post
        cursor = await conn.execute(
            """SELECT u.email, u.name FROM memberships m JOIN users u ON u.id = m.user_id
               WHERE m.workspace_id = %s AND m.role = ANY(%s) AND u.id IS DISTINCT FROM %s
                 AND u.disabled_at IS NULL""",
            (workspace_id, APPROVER_ROLES, author_id),
        )
        approvers = await cursor.fetchall()
        async with conn.transaction():
            deliveries = await webhooks.emit(
                conn,
                workspace_id,
                webhooks.WebhookEvent.POST_PENDING_APPROVAL,
                {
                    "post_id": str(post_id),
                    "workspace_id": str(workspace_id),
                    "author_id": str(author_id) if author_id else None,
                    "scheduled_at": scheduled_at.isoformat() if scheduled_at else None,
                    "accounts": accounts,
                },
            )
    if deliveries:
        try:
            await webhooks.flush_workspace(container, workspace_id)
        except Exception:
            log.warning("pending-approval webhook not sent yet", extra={"post_id": str(post_id)})
    base = container.settings.public_base_url.rstrip("/")
    link = f"{base}/app/workspaces/{workspace_id}/approvals?post={post_id}"
    when = None
    if scheduled_at is not None:
        when = f"{scheduled_at.astimezone(ZoneInfo(zone)).strftime('%Y-%m-%d %H:%M')} {zone}"
    for email, name in approvers:
        try:
            await container.mailer.send_approval_requested(
                email,
                name=name or email,
                author_name=author_name or "Someone",
                workspace_name=workspace_name,
                post_excerpt=body,
                account_count=accounts,
                scheduled_at=when,
                link=link,
            )
        except DomainError:
            log.warning("approval email failed", extra={"post_id": str(post_id)})
