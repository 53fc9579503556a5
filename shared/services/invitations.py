"""Invitations: how people join a workspace.

The token is emailed once and stored only as a hash. Accepting needs both the token and a session
of the invited address: the link can leak (forwarded mail, link scanners, shared inboxes, browser
history, logs), and the inviter granted a role to a person at one address, not to whoever holds
the link.

For the same reason accepting needs a verified address. Holding the token does not prove control of
the mailbox (the link may have leaked), and anyone can sign up with any address: without
verification, someone who registered the invitee's address before them and came by the link would
join in their place. The invitee signs up from the link, verifies the address from the mail that
follows, and accepts. Until then the link can be viewed (`view`): it shows the workspace, the
inviter, the role and the invited address, which is what the person needs to sign up with the
right one. It shows them only while the invitation can still be accepted, so an old link found in
a log or a forwarded mail tells nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from psycopg import errors, sql

from shared.bootstrap import Container
from shared.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from shared.domain.identity import Principal, ensure_verified
from shared.domain.opaque import digest, new_token
from shared.domain.permissions import Role, can_assign
from shared.services import audit, ratelimit
from shared.services.audit import AuditEvent
from shared.services.auth import link, normalize_email
from shared.services.principals import WorkspaceAccess
from shared.services.sessions import ClientInfo
from shared.services.workspaces import (
    Membership,
    Page,
    check_limit,
    decode_cursor,
    membership,
    page_of,
    require_write,
)

INVITATION_TTL = timedelta(days=7)
INVITATION_PREFIX = "cki_"
ACCEPT_PATH = "/invitations/accept"
MAX_TOKEN_LENGTH = 200


@dataclass(frozen=True)
class Invitation:
    id: UUID
    email: str
    role: Role
    invited_by: UUID | None
    created_at: datetime
    expires_at: datetime


def _cannot_assign(actor: Role, role: Role) -> PermissionDenied:
    return PermissionDenied(
        f"Your role ({actor.value}) can't grant the role {role.value}.", code="cannot_assign_role"
    )


def _not_found() -> NotFound:
    return NotFound("No such invitation, or it was withdrawn.", code="invitation_not_found")


async def invite(
    container: Container, access: WorkspaceAccess, *, email: str, role: Role, client: ClientInfo
) -> Invitation:
    """Invite an address (replacing its pending invitation, if any) and email it the link."""
    if not can_assign(access.role, role):
        raise _cannot_assign(access.role, role)
    actor = access.principal.user_id
    address = normalize_email(email)
    pool = await container.db()
    await ratelimit.hit(pool, ratelimit.INVITES_PER_USER, str(actor))
    token = new_token(INVITATION_PREFIX)
    try:
        async with pool.connection() as conn, conn.transaction():
            cursor = await conn.execute(
                """SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
                   WHERE m.workspace_id = %s AND u.email_normalized = %s""",
                (access.workspace_id, address),
            )
            if await cursor.fetchone() is not None:
                raise Conflict("This person is already a member of the workspace.", code="already_member")
            cursor = await conn.execute(
                """UPDATE invitations SET revoked_at = now()
                   WHERE workspace_id = %s AND email_normalized = %s
                     AND accepted_at IS NULL AND revoked_at IS NULL
                   RETURNING id""",
                (access.workspace_id, address),
            )
            replaced = [str(row[0]) for row in await cursor.fetchall()]
            cursor = await conn.execute(
                """INSERT INTO invitations
                       (workspace_id, email_normalized, role, token_hash, invited_by, expires_at)
                   VALUES (%s, %s, %s, %s, %s, %s)
                   RETURNING id, email_normalized, role, invited_by, created_at, expires_at""",
                (
                    access.workspace_id,
                    address,
                    role.value,
                    digest(token),
                    actor,
                    datetime.now(UTC) + INVITATION_TTL,
                ),
            )
            row = await cursor.fetchone()
            assert row is not None
            invitation = Invitation(row[0], row[1], Role(row[2]), row[3], row[4], row[5])
            await audit.record(
                conn,
                AuditEvent.MEMBER_INVITED,
                actor=actor,
                workspace=access.workspace_id,
                target_type="invitation",
                target_id=invitation.id,
                ip=client.ip,
                details={"email": address, "role": role.value, "replaced": replaced},
            )
            cursor = await conn.execute(
                """SELECT w.name, u.name, u.email FROM workspaces w, users u WHERE w.id = %s AND u.id = %s""",
                (access.workspace_id, actor),
            )
            names = await cursor.fetchone()
            assert names is not None
    except errors.UniqueViolation as exc:  # another invitation to the same address committed meanwhile
        raise Conflict(
            "This address was invited a moment ago; try again.", code="invitation_conflict"
        ) from exc
    workspace_name, inviter_name, inviter_email = names
    # Sent after commit: mail can't be rolled back. If it fails, the pending invitation is listed
    # and inviting again replaces it.
    await container.mailer.send_invitation(
        address,
        inviter_name=inviter_name or inviter_email,
        workspace_name=workspace_name,
        role=role.value,
        link=link(container, ACCEPT_PATH, token),
        expires_at=invitation.expires_at,
    )
    return invitation


async def list_pending(
    container: Container, access: WorkspaceAccess, *, limit: int, cursor: str | None
) -> Page[Invitation]:
    """Invitations still waiting for an answer, newest first."""
    check_limit(limit)
    before = decode_cursor(cursor) if cursor else None
    keyset = sql.SQL("AND (created_at, id) < (%(before_at)s, %(before_id)s)" if before else "")
    pool = await container.db()
    async with pool.connection() as conn:
        result = await conn.execute(
            sql.SQL(
                """SELECT id, email_normalized, role, invited_by, created_at, expires_at FROM invitations
                   WHERE workspace_id = %(ws)s AND accepted_at IS NULL AND revoked_at IS NULL
                     AND expires_at > now() {keyset}
                   ORDER BY created_at DESC, id DESC
                   LIMIT %(limit)s"""
            ).format(keyset=keyset),
            {
                "ws": access.workspace_id,
                "limit": limit + 1,
                **({"before_at": before[0], "before_id": before[1]} if before else {}),
            },
        )
        rows = [Invitation(r[0], r[1], Role(r[2]), r[3], r[4], r[5]) for r in await result.fetchall()]
    return page_of(rows, limit, lambda i: (i.created_at, i.id))


async def revoke(
    container: Container, access: WorkspaceAccess, invitation_id: UUID, client: ClientInfo
) -> None:
    """Withdraw a pending invitation, if it grants a role the actor could grant themselves."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """SELECT role, email_normalized FROM invitations
               WHERE id = %s AND workspace_id = %s AND accepted_at IS NULL AND revoked_at IS NULL
               FOR UPDATE""",
            (invitation_id, access.workspace_id),
        )
        row = await cursor.fetchone()
        if row is None:
            raise _not_found()
        role = Role(row[0])
        if not can_assign(access.role, role):
            raise _cannot_assign(access.role, role)
        await conn.execute("UPDATE invitations SET revoked_at = now() WHERE id = %s", (invitation_id,))
        await audit.record(
            conn,
            AuditEvent.INVITATION_REVOKED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="invitation",
            target_id=invitation_id,
            ip=client.ip,
            details={"email": row[1], "role": role.value},
        )


@dataclass(frozen=True)
class InvitationView:
    """What the holder of an invitation link sees before signing up or in."""

    workspace_name: str
    inviter_name: str | None  # None once the inviter's account is gone
    role: Role
    email: str
    expires_at: datetime


async def view(container: Container, token: str, client: ClientInfo) -> InvitationView:
    """An invitation that can still be accepted, by its token; anything else is not found.

    Unknown, withdrawn, expired and accepted invitations get the same answer, so a link does not say
    what became of it, and a guesser learns nothing either (limited per IP all the same).
    """
    pool = await container.db()
    await ratelimit.hit(pool, ratelimit.INVITATION_LOOKUP_PER_IP, client.ip or "unknown")
    if not token.startswith(INVITATION_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        raise _no_longer_valid()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT w.name, coalesce(nullif(u.name, ''), u.email), i.role, i.email_normalized, i.expires_at
               FROM invitations i
               JOIN workspaces w ON w.id = i.workspace_id
               LEFT JOIN users u ON u.id = i.invited_by
               WHERE i.token_hash = %s AND i.accepted_at IS NULL AND i.revoked_at IS NULL
                 AND i.expires_at > now()""",
            (digest(token),),
        )
        row = await cursor.fetchone()
    if row is None:
        raise _no_longer_valid()
    return InvitationView(row[0], row[1], Role(row[2]), row[3], row[4])


def _no_longer_valid() -> NotFound:
    return NotFound(
        "This invitation does not exist or can no longer be used (it expired, was withdrawn or was "
        "already accepted). Ask the person who invited you for a new one, or sign in if you already joined.",
        code="invitation_not_found",
    )


async def accept(container: Container, principal: Principal, token: str, client: ClientInfo) -> Membership:
    """Join the workspace as the invited role; the invitation works once, for the invited address only."""
    require_write(principal)
    ensure_verified(principal)
    if not token.startswith(INVITATION_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        raise _not_found()
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """SELECT id, workspace_id, email_normalized, role, expires_at, accepted_at, revoked_at
               FROM invitations WHERE token_hash = %s FOR UPDATE""",
            (digest(token),),
        )
        row = await cursor.fetchone()
        if row is None or row[6] is not None:
            raise _not_found()
        invitation_id, workspace_id, invited, role_value, expires_at, accepted_at, _ = row
        if accepted_at is not None:
            raise Conflict("This invitation has already been used.", code="invitation_already_accepted")
        if expires_at <= datetime.now(UTC):
            raise InvalidInput("This invitation has expired; ask for a new one.", code="invitation_expired")
        cursor = await conn.execute("SELECT email_normalized FROM users WHERE id = %s", (principal.user_id,))
        user = await cursor.fetchone()
        if user is None or user[0] != invited:
            raise PermissionDenied(
                "This invitation was sent to another email address: sign in with that address to accept it.",
                code="invitation_email_mismatch",
            )
        cursor = await conn.execute(
            """INSERT INTO memberships (workspace_id, user_id, role) VALUES (%s, %s, %s)
               ON CONFLICT (workspace_id, user_id) DO NOTHING RETURNING user_id""",
            (workspace_id, principal.user_id, role_value),
        )
        if await cursor.fetchone() is None:
            raise Conflict("You are already a member of this workspace.", code="already_member")
        await conn.execute(
            "UPDATE invitations SET accepted_at = now(), accepted_by = %s WHERE id = %s",
            (principal.user_id, invitation_id),
        )
        await audit.record(
            conn,
            AuditEvent.INVITATION_ACCEPTED,
            actor=principal.user_id,
            workspace=workspace_id,
            target_type="invitation",
            target_id=invitation_id,
            ip=client.ip,
            details={"role": role_value},
        )
        joined = await membership(conn, workspace_id, principal.user_id)
    assert joined is not None
    return joined
