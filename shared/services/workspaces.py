"""Workspaces and their members: creation, settings, roles, leaving, ownership transfer, audit trail.

Every query about a member or an audit event also names the workspace, so an id that belongs to
another workspace is simply not found: a member of A learns nothing about B.

Membership changes lock the rows they decide on (`FOR UPDATE`, always in user-id order so two
changes cannot deadlock): the roles a decision was based on are still the roles when it commits,
which is what keeps exactly one owner per workspace under concurrent transfers.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any, Generic, TypeVar
from uuid import UUID
from zoneinfo import available_timezones

from psycopg import AsyncConnection, sql

from shared.bootstrap import Container
from shared.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from shared.domain.identity import Principal, ensure_verified
from shared.domain.permissions import ROLE_RANK, Permission, Role, allows, can_assign
from shared.platforms import feed
from shared.services import audit
from shared.services.audit import AuditEvent
from shared.services.principals import WorkspaceAccess
from shared.services.sessions import ClientInfo

T = TypeVar("T")

NAME_MAX_LENGTH = 100
MAX_GRACE_SECONDS = 7 * 24 * 3600
MAX_PAGE_SIZE = 100


class MissedPostPolicy(StrEnum):
    """What the publisher does with a post whose time passed while it could not run."""

    PUBLISH_LATE = "publish_late"  # publish it, if still within the grace period
    FAIL = "fail"  # mark it failed and tell the author


@dataclass(frozen=True)
class Workspace:
    id: UUID
    name: str
    default_timezone: str
    approval_required: bool
    missed_post_policy: MissedPostPolicy
    missed_post_grace_seconds: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Membership:
    """A workspace as one of its members sees it."""

    workspace: Workspace
    role: Role
    joined_at: datetime


@dataclass(frozen=True)
class NewWorkspace:
    name: str
    default_timezone: str | None = None  # None: the creator's own time zone
    approval_required: bool = True
    missed_post_policy: MissedPostPolicy = MissedPostPolicy.PUBLISH_LATE
    missed_post_grace_seconds: int = 3600


@dataclass(frozen=True)
class WorkspaceChanges:
    """A partial update: None leaves a setting as it is."""

    name: str | None = None
    default_timezone: str | None = None
    approval_required: bool | None = None
    missed_post_policy: MissedPostPolicy | None = None
    missed_post_grace_seconds: int | None = None


@dataclass(frozen=True)
class Member:
    user_id: UUID
    name: str
    email: str
    role: Role
    joined_at: datetime


@dataclass(frozen=True)
class Transfer:
    owner_id: UUID
    previous_owner_id: UUID
    previous_owner_role: Role


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


# --- keyset cursors -------------------------------------------------------------------------------


def encode_cursor(at: datetime, row_id: UUID) -> str:
    """The sort key of the last row a client saw; opaque to clients so its form may change."""
    raw = json.dumps([at.isoformat(), str(row_id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, row_id = json.loads(raw)
        parsed = datetime.fromisoformat(at), UUID(row_id)
    except (binascii.Error, ValueError, TypeError, AttributeError) as exc:
        raise InvalidInput(
            "The cursor is not valid; start again without one.", code="invalid_cursor"
        ) from exc
    if parsed[0].tzinfo is None:
        raise InvalidInput("The cursor is not valid; start again without one.", code="invalid_cursor")
    return parsed


def _after(columns: str, after: tuple[datetime, UUID] | None) -> sql.Composable:
    """The keyset condition (one query shape per case, so the index range scan is always planned)."""
    if after is None:
        return sql.SQL("")
    return sql.SQL("AND {} > (%(after_at)s, %(after_id)s)").format(sql.SQL(columns))


def _after_params(after: tuple[datetime, UUID] | None) -> dict[str, object]:
    return {} if after is None else {"after_at": after[0], "after_id": after[1]}


def page_of(rows: Sequence[T], limit: int, key: Callable[[T], tuple[datetime, UUID]]) -> Page[T]:
    """`rows` holds up to limit + 1 rows: the extra one only says another page exists."""
    items = list(rows[:limit])
    next_cursor = encode_cursor(*key(items[-1])) if len(rows) > limit and items else None
    return Page(items, next_cursor)


def check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE_SIZE}.", code="invalid_limit")


# --- checks ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def check_timezone(name: str) -> str:
    """Only names of the IANA database: the scheduler converts with zoneinfo, which must know it."""
    if name not in _time_zones():
        raise InvalidInput(
            f"{name[:64]!r} is not an IANA time zone name (for example Europe/Paris).",
            code="invalid_timezone",
        )
    return name


def _check_name(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= NAME_MAX_LENGTH:
        raise InvalidInput(f"The name must have 1 to {NAME_MAX_LENGTH} characters.", code="invalid_name")
    return name


def _check_grace(seconds: int) -> int:
    if not 0 <= seconds <= MAX_GRACE_SECONDS:
        raise InvalidInput(
            f"missed_post_grace_seconds must be between 0 and {MAX_GRACE_SECONDS}.",
            code="invalid_grace_period",
        )
    return seconds


def require_write(principal: Principal) -> None:
    """For changes made under a read permission or none: a read-only API key may look, not act."""
    if not principal.may_write():
        raise PermissionDenied("This API key has only the read scope.", code="insufficient_scope")


def _workspace_not_found() -> NotFound:
    return NotFound("No such workspace.", code="workspace_not_found")


def _member_not_found() -> NotFound:
    return NotFound("No such member in this workspace.", code="member_not_found")


# --- reading --------------------------------------------------------------------------------------

_WORKSPACE_COLUMNS = sql.SQL("""w.id, w.name, w.default_timezone, w.approval_required, w.missed_post_policy,
                        w.missed_post_grace_seconds, w.created_at, w.updated_at""")


def _workspace(row: Sequence[Any]) -> Workspace:
    return Workspace(row[0], row[1], row[2], row[3], MissedPostPolicy(row[4]), row[5], row[6], row[7])


def _membership(row: Sequence[Any]) -> Membership:
    """A row of _WORKSPACE_COLUMNS followed by the member's role and join time."""
    return Membership(_workspace(row[:8]), Role(row[8]), row[9])


async def membership(conn: AsyncConnection, workspace_id: UUID, user_id: UUID) -> Membership | None:
    cursor = await conn.execute(
        sql.SQL(
            """SELECT {columns}, m.role, m.created_at
               FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
               WHERE m.workspace_id = %s AND m.user_id = %s"""
        ).format(columns=_WORKSPACE_COLUMNS),
        (workspace_id, user_id),
    )
    row = await cursor.fetchone()
    return None if row is None else _membership(row)


async def get_workspace(container: Container, access: WorkspaceAccess) -> Membership:
    pool = await container.db()
    async with pool.connection() as conn:
        found = await membership(conn, access.workspace_id, access.principal.user_id)
    if found is None:  # left or removed since the guard looked
        raise _workspace_not_found()
    return found


async def list_my_workspaces(
    container: Container, user_id: UUID, *, limit: int, cursor: str | None
) -> Page[Membership]:
    """The caller's workspaces in the order they joined them."""
    check_limit(limit)
    after = decode_cursor(cursor) if cursor else None
    pool = await container.db()
    async with pool.connection() as conn:
        query = sql.SQL(
            """SELECT {columns}, m.role, m.created_at
               FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
               WHERE m.user_id = %(user)s {after}
               ORDER BY m.created_at, m.workspace_id
               LIMIT %(limit)s"""
        ).format(columns=_WORKSPACE_COLUMNS, after=_after("(m.created_at, m.workspace_id)", after))
        result = await conn.execute(query, {"user": user_id, "limit": limit + 1, **_after_params(after)})
        rows = [_membership(row) for row in await result.fetchall()]
    return page_of(rows, limit, lambda m: (m.joined_at, m.workspace.id))


async def list_members(
    container: Container, access: WorkspaceAccess, *, limit: int, cursor: str | None
) -> Page[Member]:
    check_limit(limit)
    after = decode_cursor(cursor) if cursor else None
    pool = await container.db()
    async with pool.connection() as conn:
        query = sql.SQL(
            """SELECT u.id, u.name, u.email, m.role, m.created_at
               FROM memberships m JOIN users u ON u.id = m.user_id
               WHERE m.workspace_id = %(ws)s {after}
               ORDER BY m.created_at, m.user_id
               LIMIT %(limit)s"""
        ).format(after=_after("(m.created_at, m.user_id)", after))
        result = await conn.execute(
            query, {"ws": access.workspace_id, "limit": limit + 1, **_after_params(after)}
        )
        rows = [Member(r[0], r[1], r[2], Role(r[3]), r[4]) for r in await result.fetchall()]
    return page_of(rows, limit, lambda m: (m.joined_at, m.user_id))


async def _member(conn: AsyncConnection, workspace_id: UUID, user_id: UUID) -> Member:
    cursor = await conn.execute(
        """SELECT u.id, u.name, u.email, m.role, m.created_at
           FROM memberships m JOIN users u ON u.id = m.user_id
           WHERE m.workspace_id = %s AND m.user_id = %s""",
        (workspace_id, user_id),
    )
    row = await cursor.fetchone()
    if row is None:
        raise _member_not_found()
    return Member(row[0], row[1], row[2], Role(row[3]), row[4])


async def list_audit(
    container: Container, access: WorkspaceAccess, *, limit: int, before_id: int | None
) -> audit.AuditPage:
    """Only this workspace's events: the guard checked the caller may read them."""
    check_limit(limit)
    pool = await container.db()
    async with pool.connection() as conn:
        return await audit.list_events(
            conn, workspace_id=access.workspace_id, before_id=before_id, limit=limit
        )


# --- creating and changing ------------------------------------------------------------------------


async def _default_timezone(conn: AsyncConnection, user_id: UUID) -> str:
    cursor = await conn.execute("SELECT timezone FROM users WHERE id = %s", (user_id,))
    row = await cursor.fetchone()
    zone = row[0] if row else "UTC"
    return zone if zone in _time_zones() else "UTC"


async def create_workspace(
    container: Container, principal: Principal, new: NewWorkspace, client: ClientInfo
) -> Membership:
    """The workspace and its owner's membership commit together: a workspace never lacks an owner."""
    require_write(principal)
    ensure_verified(principal)
    name = _check_name(new.name)
    grace = _check_grace(new.missed_post_grace_seconds)
    zone = check_timezone(new.default_timezone) if new.default_timezone is not None else None
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        zone = zone or await _default_timezone(conn, principal.user_id)
        cursor = await conn.execute(
            """INSERT INTO workspaces (name, default_timezone, approval_required, missed_post_policy,
                                       missed_post_grace_seconds)
               VALUES (%s, %s, %s, %s, %s) RETURNING id""",
            (name, zone, new.approval_required, new.missed_post_policy.value, grace),
        )
        row = await cursor.fetchone()
        assert row is not None
        workspace_id: UUID = row[0]
        await conn.execute(
            "INSERT INTO memberships (workspace_id, user_id, role) VALUES (%s, %s, %s)",
            (workspace_id, principal.user_id, Role.OWNER.value),
        )
        await feed.create_account(conn, workspace_id, name, created_by=principal.user_id)
        await audit.record(
            conn,
            AuditEvent.WORKSPACE_CREATED,
            actor=principal.user_id,
            workspace=workspace_id,
            target_type="workspace",
            target_id=workspace_id,
            ip=client.ip,
            details={"name": name},
        )
        created = await membership(conn, workspace_id, principal.user_id)
    assert created is not None
    return created


async def update_workspace(
    container: Container, access: WorkspaceAccess, changes: WorkspaceChanges, client: ClientInfo
) -> Membership:
    """Apply the settings that differ; the audit event lists each one with its old and new value."""
    wanted: dict[str, object] = {}
    if changes.name is not None:
        wanted["name"] = _check_name(changes.name)
    if changes.default_timezone is not None:
        wanted["default_timezone"] = check_timezone(changes.default_timezone)
    if changes.approval_required is not None:
        wanted["approval_required"] = changes.approval_required
    if changes.missed_post_policy is not None:
        wanted["missed_post_policy"] = changes.missed_post_policy.value
    if changes.missed_post_grace_seconds is not None:
        wanted["missed_post_grace_seconds"] = _check_grace(changes.missed_post_grace_seconds)
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            sql.SQL("SELECT {} FROM workspaces w WHERE w.id = %s FOR UPDATE").format(_WORKSPACE_COLUMNS),
            (access.workspace_id,),
        )
        row = await cursor.fetchone()
        if row is None:
            raise _workspace_not_found()
        current = _workspace(row)
        changed = {
            field: {"from": _plain(getattr(current, field)), "to": value}
            for field, value in wanted.items()
            if _plain(getattr(current, field)) != value
        }
        if changed:
            assignments = sql.SQL(", ").join(
                sql.SQL("{} = {}").format(sql.Identifier(field), sql.Placeholder(field)) for field in changed
            )
            await conn.execute(
                sql.SQL("UPDATE workspaces SET {}, updated_at = now() WHERE id = %(id)s").format(assignments),
                {**{field: wanted[field] for field in changed}, "id": access.workspace_id},
            )
            if "name" in changed:
                await feed.rename_account(conn, access.workspace_id, str(wanted["name"]))
            await audit.record(
                conn,
                AuditEvent.WORKSPACE_UPDATED,
                actor=access.principal.user_id,
                workspace=access.workspace_id,
                target_type="workspace",
                target_id=access.workspace_id,
                ip=client.ip,
                details={"changed": changed},
            )
        updated = await membership(conn, access.workspace_id, access.principal.user_id)
    if updated is None:
        raise _workspace_not_found()
    return updated


def _plain(value: object) -> object:
    return value.value if isinstance(value, StrEnum) else value


async def _lock_roles(
    conn: AsyncConnection, workspace_id: UUID, user_ids: Iterable[UUID] | None = None
) -> dict[UUID, Role]:
    """Lock and read memberships of a workspace (the given users', or all of them) in user-id order."""
    if user_ids is None:
        cursor = await conn.execute(
            "SELECT user_id, role FROM memberships WHERE workspace_id = %s ORDER BY user_id FOR UPDATE",
            (workspace_id,),
        )
    else:
        cursor = await conn.execute(
            """SELECT user_id, role FROM memberships WHERE workspace_id = %s AND user_id = ANY(%s)
               ORDER BY user_id FOR UPDATE""",
            (workspace_id, sorted(set(user_ids))),
        )
    return {row[0]: Role(row[1]) for row in await cursor.fetchall()}


def _actor_role(roles: dict[UUID, Role], access: WorkspaceAccess, permission: Permission) -> Role:
    """The actor's role as locked now: it may have changed since the guard read it."""
    role = roles.get(access.principal.user_id)
    if role is None:
        raise _workspace_not_found()
    if not allows(role, permission):
        raise PermissionDenied(
            f"Your role ({role.value}) does not allow this ({permission.value}).", code="permission_denied"
        )
    return role


def _check_manageable(actor: Role, target: Role, *, is_self: bool) -> None:
    if is_self:
        raise PermissionDenied(
            "You can't change your own membership this way; leave the workspace instead.",
            code="cannot_manage_member",
        )
    if ROLE_RANK[target] >= ROLE_RANK[actor]:
        raise PermissionDenied(
            f"Only members ranked below you ({actor.value}) can be changed by you.",
            code="cannot_manage_member",
        )


async def change_role(
    container: Container, access: WorkspaceAccess, user_id: UUID, role: Role, client: ClientInfo
) -> Member:
    """Move a member ranked below the actor to a role the actor may assign."""
    actor = access.principal.user_id
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        roles = await _lock_roles(conn, access.workspace_id, [actor, user_id])
        actor_role = _actor_role(roles, access, Permission.MEMBERS_MANAGE)
        current = roles.get(user_id)
        if current is None:
            raise _member_not_found()
        if current is Role.OWNER:
            raise Conflict(
                "The owner's role changes only by transferring ownership.", code="owner_role_fixed"
            )
        _check_manageable(actor_role, current, is_self=user_id == actor)
        if not can_assign(actor_role, role):
            raise PermissionDenied(
                f"Your role ({actor_role.value}) can't assign the role {role.value}.",
                code="cannot_assign_role",
            )
        if role is not current:
            await conn.execute(
                "UPDATE memberships SET role = %s WHERE workspace_id = %s AND user_id = %s",
                (role.value, access.workspace_id, user_id),
            )
            await audit.record(
                conn,
                AuditEvent.ROLE_CHANGED,
                actor=actor,
                workspace=access.workspace_id,
                target_type="user",
                target_id=user_id,
                ip=client.ip,
                details={"from": current.value, "to": role.value},
            )
        return await _member(conn, access.workspace_id, user_id)


async def remove_member(
    container: Container, access: WorkspaceAccess, user_id: UUID, client: ClientInfo
) -> None:
    actor = access.principal.user_id
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        roles = await _lock_roles(conn, access.workspace_id, [actor, user_id])
        actor_role = _actor_role(roles, access, Permission.MEMBERS_MANAGE)
        current = roles.get(user_id)
        if current is None:
            raise _member_not_found()
        if current is Role.OWNER:
            raise Conflict(
                "The owner can't be removed; ownership must be transferred first.",
                code="owner_cannot_be_removed",
            )
        _check_manageable(actor_role, current, is_self=user_id == actor)
        await conn.execute(
            "DELETE FROM memberships WHERE workspace_id = %s AND user_id = %s", (access.workspace_id, user_id)
        )
        await audit.record(
            conn,
            AuditEvent.MEMBER_REMOVED,
            actor=actor,
            workspace=access.workspace_id,
            target_type="user",
            target_id=user_id,
            ip=client.ip,
            details={"role": current.value},
        )


async def leave(container: Container, access: WorkspaceAccess, client: ClientInfo) -> None:
    """Anyone but the owner may leave; the owner hands the workspace on first, so it is never orphaned."""
    require_write(access.principal)
    actor = access.principal.user_id
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        roles = await _lock_roles(conn, access.workspace_id, [actor])
        role = roles.get(actor)
        if role is None:
            raise _workspace_not_found()
        if role is Role.OWNER:
            raise Conflict(
                "The owner can't leave; transfer ownership to another member first.",
                code="owner_must_transfer",
            )
        await conn.execute(
            "DELETE FROM memberships WHERE workspace_id = %s AND user_id = %s", (access.workspace_id, actor)
        )
        await audit.record(
            conn,
            AuditEvent.MEMBER_LEFT,
            actor=actor,
            workspace=access.workspace_id,
            target_type="user",
            target_id=actor,
            ip=client.ip,
            details={"role": role.value},
        )


async def transfer_ownership(
    container: Container, access: WorkspaceAccess, user_id: UUID, client: ClientInfo
) -> Transfer:
    """Owner → admin and member → owner in one transaction.

    Every membership row of the workspace is locked first, so of two concurrent transfers the
    second sees that its caller is no longer the owner and is refused. The old owner is demoted
    before the new one is promoted: `memberships_one_owner_key` allows one owner at any instant.
    """
    actor = access.principal.user_id
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        roles = await _lock_roles(conn, access.workspace_id)
        _actor_role(roles, access, Permission.OWNERSHIP_TRANSFER)
        if user_id == actor:
            raise Conflict("You already own this workspace.", code="already_owner")
        previous_role = roles.get(user_id)
        if previous_role is None:
            raise _member_not_found()
        await conn.execute(
            "UPDATE memberships SET role = %s WHERE workspace_id = %s AND user_id = %s",
            (Role.ADMIN.value, access.workspace_id, actor),
        )
        await conn.execute(
            "UPDATE memberships SET role = %s WHERE workspace_id = %s AND user_id = %s",
            (Role.OWNER.value, access.workspace_id, user_id),
        )
        await audit.record(
            conn,
            AuditEvent.OWNERSHIP_TRANSFERRED,
            actor=actor,
            workspace=access.workspace_id,
            target_type="user",
            target_id=user_id,
            ip=client.ip,
            details={"previous_owner": str(actor), "new_owner_previous_role": previous_role.value},
        )
    return Transfer(owner_id=user_id, previous_owner_id=actor, previous_owner_role=Role.ADMIN)
