"""Who may do what in a workspace: roles, permissions and the matrix between them.

Every HTTP route declares one `Access` (public, signed in, platform admin, or a workspace
permission); the matrix below is the only place that says which role holds which permission.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    EDITOR = "editor"
    CONTRIBUTOR = "contributor"
    VIEWER = "viewer"


class Permission(StrEnum):
    WORKSPACE_READ = "workspace.read"
    WORKSPACE_UPDATE = "workspace.update"
    MEMBERS_READ = "members.read"
    MEMBERS_INVITE = "members.invite"
    MEMBERS_MANAGE = "members.manage"
    OWNERSHIP_TRANSFER = "ownership.transfer"
    ACCOUNTS_READ = "accounts.read"
    ACCOUNTS_MANAGE = "accounts.manage"
    MEDIA_READ = "media.read"
    MEDIA_WRITE = "media.write"
    POSTS_READ = "posts.read"
    POSTS_DRAFT = "posts.draft"
    POSTS_PUBLISH = "posts.publish"
    POSTS_APPROVE = "posts.approve"
    ANALYTICS_READ = "analytics.read"
    ANALYTICS_COLLECT = "analytics.collect"  # ask for a collection now
    AUDIT_READ = "audit.read"
    WEBHOOKS_MANAGE = "webhooks.manage"

    @property
    def writes(self) -> bool:
        """Whether the permission changes anything (API keys with only the read scope can't use it)."""
        return self not in _READ_ONLY


_READ_ONLY = frozenset(
    {
        Permission.WORKSPACE_READ,
        Permission.MEMBERS_READ,
        Permission.ACCOUNTS_READ,
        Permission.MEDIA_READ,
        Permission.POSTS_READ,
        Permission.ANALYTICS_READ,
        Permission.AUDIT_READ,
    }
)

_VIEWER = frozenset(_READ_ONLY - {Permission.AUDIT_READ})
_CONTRIBUTOR = _VIEWER | {Permission.POSTS_DRAFT, Permission.MEDIA_WRITE}
_EDITOR = _CONTRIBUTOR | {Permission.POSTS_PUBLISH, Permission.POSTS_APPROVE}
_ADMIN = _EDITOR | {
    Permission.WORKSPACE_UPDATE,
    Permission.MEMBERS_INVITE,
    Permission.MEMBERS_MANAGE,
    Permission.ACCOUNTS_MANAGE,
    Permission.AUDIT_READ,
    Permission.WEBHOOKS_MANAGE,
    Permission.ANALYTICS_COLLECT,
}
_OWNER = _ADMIN | {Permission.OWNERSHIP_TRANSFER}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(_OWNER),
    Role.ADMIN: frozenset(_ADMIN),
    Role.EDITOR: frozenset(_EDITOR),
    Role.CONTRIBUTOR: frozenset(_CONTRIBUTOR),
    Role.VIEWER: _VIEWER,
}

# Roles ordered by power: someone may only grant or change roles below their own.
ROLE_RANK = {Role.VIEWER: 0, Role.CONTRIBUTOR: 1, Role.EDITOR: 2, Role.ADMIN: 3, Role.OWNER: 4}


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def can_assign(actor: Role, target_role: Role) -> bool:
    """Owners assign any non-owner role; admins assign roles below admin. Ownership moves by transfer."""
    if target_role is Role.OWNER:
        return False
    return actor is Role.OWNER or ROLE_RANK[target_role] < ROLE_RANK[actor]


class Access(StrEnum):
    """What a route needs beyond a workspace permission."""

    PUBLIC = "public"
    AUTHENTICATED = "authenticated"
    PLATFORM_ADMIN = "platform_admin"
