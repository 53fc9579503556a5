"""The security audit log: who did what, when, from where."""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb


class AuditEvent(StrEnum):
    USER_REGISTERED = "user.registered"
    LOGIN_SUCCEEDED = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    LOGIN_LOCKED = "login.locked"
    LOGOUT = "logout"
    REFRESH_TOKEN_REUSED = "refresh_token.reused"
    EMAIL_VERIFIED = "email.verified"
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
