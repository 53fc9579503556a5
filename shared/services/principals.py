"""Turning a credential (access token or API key) into a Principal, and checking workspace access."""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shared.bootstrap import Container
from shared.domain.errors import NotFound, PermissionDenied, Unauthenticated
from shared.domain.identity import ALL_SCOPES, AuthMethod, Principal, Scope
from shared.domain.opaque import digest
from shared.domain.permissions import Permission, Role, allows
from shared.services import ratelimit
from shared.services.tokens import load_key_ring, verify_access_token

API_KEY_PREFIX = "ck_"
API_KEY_VISIBLE = 11  # "ck_" + 8 characters, stored in clear to find the key and show it in lists


@dataclass(frozen=True)
class UserState:
    disabled: bool
    is_platform_admin: bool
    tokens_valid_after: datetime
    email_verified: bool


class UserStateCache:
    """A few seconds of memory for each user's account state.

    Checking it on every request is what makes sign-out-everywhere, password resets and disabling
    take effect for access tokens too; the cache bounds that to one primary-key read per user per
    TTL, so an authenticated request costs about the same as an anonymous one.
    """

    def __init__(self, ttl_seconds: float = 5.0) -> None:
        self.ttl = ttl_seconds
        self._entries: dict[UUID, tuple[float, UserState | None]] = {}

    async def get(self, container: Container, user_id: UUID) -> UserState | None:
        now = time.monotonic()
        cached = self._entries.get(user_id)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        pool = await container.db()
        async with pool.connection() as conn:
            cursor = await conn.execute(
                """SELECT disabled_at IS NOT NULL, is_platform_admin, tokens_valid_after,
                          email_verified_at IS NOT NULL
                   FROM users WHERE id = %s""",
                (user_id,),
            )
            row = await cursor.fetchone()
        state = None if row is None else UserState(row[0], row[1], row[2], row[3])
        if len(self._entries) > 50_000:
            self._entries.clear()
        self._entries[user_id] = (now, state)
        return state

    def forget(self, user_id: UUID) -> None:
        self._entries.pop(user_id, None)


user_states = UserStateCache()


async def from_access_token(container: Container, token: str, method: AuthMethod) -> Principal:
    ring = await load_key_ring(container.secrets)
    claims = verify_access_token(ring, container.settings, token)
    state = await user_states.get(container, claims.user_id)
    if state is None or state.disabled:
        raise Unauthenticated("This account is not active.", code="invalid_token")
    # Second precision, like iat: a token issued in the same second as a reset stays valid.
    if claims.issued_at < int(state.tokens_valid_after.timestamp()):
        raise Unauthenticated("This session has ended; sign in again.", code="token_revoked")
    return Principal(
        user_id=claims.user_id,
        is_platform_admin=state.is_platform_admin,
        method=method,
        email_verified=state.email_verified,
    )


async def from_api_key(container: Container, key: str) -> Principal:
    if not key.startswith(API_KEY_PREFIX) or len(key) < API_KEY_VISIBLE + 16:
        raise Unauthenticated("The API key is not valid.", code="invalid_api_key")
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT k.id, k.user_id, k.key_hash, k.scopes, u.is_platform_admin,
                      u.email_verified_at IS NOT NULL
               FROM api_keys k JOIN users u ON u.id = k.user_id
               WHERE k.prefix = %s AND k.revoked_at IS NULL
                 AND (k.expires_at IS NULL OR k.expires_at > now()) AND u.disabled_at IS NULL""",
            (key[:API_KEY_VISIBLE],),
        )
        row = await cursor.fetchone()
        if row is None or not hmac.compare_digest(bytes(row[2]), digest(key)):
            raise Unauthenticated("The API key is not valid.", code="invalid_api_key")
        key_id, user_id, _, scopes, is_admin, email_verified = row
        # Writing on every request would turn reads into writes; a minute's precision is plenty.
        await conn.execute(
            """UPDATE api_keys SET last_used_at = now()
               WHERE id = %s AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""",
            (key_id,),
        )
    await ratelimit.hit(pool, ratelimit.API_KEY_REQUESTS, str(key_id))
    return Principal(
        user_id=user_id,
        is_platform_admin=is_admin,
        method=AuthMethod.API_KEY,
        scopes=frozenset(Scope(s) for s in scopes) & ALL_SCOPES,
        api_key_id=key_id,
        email_verified=email_verified,
    )


@dataclass(frozen=True)
class WorkspaceAccess:
    workspace_id: UUID
    role: Role
    principal: Principal


async def workspace_role(container: Container, workspace_id: UUID, user_id: UUID) -> Role | None:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT role FROM memberships WHERE workspace_id = %s AND user_id = %s", (workspace_id, user_id)
        )
        row = await cursor.fetchone()
    return None if row is None else Role(row[0])


async def authorize(
    container: Container, principal: Principal, workspace_id: UUID, permission: Permission
) -> WorkspaceAccess:
    """404 for non-members (a workspace's existence is not disclosed), 403 for a role or scope short of it."""
    role = await workspace_role(container, workspace_id, principal.user_id)
    if role is None:
        raise NotFound("No such workspace.", code="workspace_not_found")
    if not allows(role, permission):
        raise PermissionDenied(
            f"Your role ({role.value}) does not allow this ({permission.value}).", code="permission_denied"
        )
    if permission.writes and not principal.may_write():
        raise PermissionDenied("This API key has only the read scope.", code="insufficient_scope")
    return WorkspaceAccess(workspace_id, role, principal)
