"""API keys: long-lived credentials for scripts and integrations, shown once and stored hashed.

A key is `ck_` + 43 random characters. Its first 11 characters (the prefix) are stored in clear to
find it and tell keys apart in lists; the rest only as a SHA-256 digest (see principals.from_api_key).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from psycopg import AsyncConnection
from psycopg import sql as pgsql
from psycopg.errors import UniqueViolation
from psycopg.rows import class_row

from shared.bootstrap import Container
from shared.domain.errors import Conflict, InvalidInput, NotFound
from shared.domain.identity import Principal, Scope
from shared.domain.opaque import digest
from shared.services import audit
from shared.services.audit import AuditEvent
from shared.services.principals import API_KEY_PREFIX, API_KEY_VISIBLE
from shared.services.sessions import ClientInfo
from shared.services.users import require_session

MAX_ACTIVE_KEYS = 25
MAX_EXPIRY_DAYS = 365
MAX_LISTED = 100
ALLOWED_SCOPES = (frozenset({Scope.READ}), frozenset({Scope.READ, Scope.WRITE}))
PREFIX_ATTEMPTS = 3


@dataclass(frozen=True)
class ApiKeyInfo:
    id: UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class CreatedApiKey:
    info: ApiKeyInfo
    key: str


KEY_COLUMNS = pgsql.SQL("id, name, prefix, scopes, created_at, last_used_at, expires_at, revoked_at")


def _check_scopes(scopes: list[Scope]) -> list[str]:
    chosen = frozenset(scopes)
    if chosen not in ALLOWED_SCOPES:
        raise InvalidInput('Scopes are ["read"] or ["read", "write"].', code="invalid_scopes")
    return sorted(s.value for s in chosen)


async def _insert_key(
    conn: AsyncConnection, user_id: UUID, name: str, scopes: list[str], expires_at: datetime | None
) -> tuple[str, ApiKeyInfo]:
    """A fresh key and its row; a prefix collision (48 random bits) is retried in a savepoint."""
    for attempt in range(1, PREFIX_ATTEMPTS + 1):
        key = f"{API_KEY_PREFIX}{secrets.token_urlsafe(32)}"
        try:
            async with conn.transaction(), conn.cursor(row_factory=class_row(ApiKeyInfo)) as cursor:
                await cursor.execute(
                    pgsql.SQL(
                        """INSERT INTO api_keys (user_id, name, prefix, key_hash, scopes, expires_at)
                           VALUES (%s, %s, %s, %s, %s, %s) RETURNING {}"""
                    ).format(KEY_COLUMNS),
                    (user_id, name, key[:API_KEY_VISIBLE], digest(key), scopes, expires_at),
                )
                info = await cursor.fetchone()
        except UniqueViolation:
            if attempt == PREFIX_ATTEMPTS:
                raise
            continue
        assert info is not None
        return key, info
    raise AssertionError("unreachable")


async def list_keys(container: Container, principal: Principal) -> list[ApiKeyInfo]:
    """The caller's keys, newest first, revoked ones included (so people can see what stopped working)."""
    pool = await container.db()
    async with pool.connection() as conn, conn.cursor(row_factory=class_row(ApiKeyInfo)) as cursor:
        await cursor.execute(
            pgsql.SQL(
                "SELECT {} FROM api_keys WHERE user_id = %s ORDER BY created_at DESC, id DESC LIMIT %s"
            ).format(KEY_COLUMNS),
            (principal.user_id, MAX_LISTED),
        )
        return await cursor.fetchall()


async def create_key(
    container: Container,
    principal: Principal,
    *,
    name: str,
    scopes: list[Scope],
    expires_in_days: int | None,
    client: ClientInfo,
) -> CreatedApiKey:
    require_session(principal)
    cleaned = " ".join(name.split())
    if not 1 <= len(cleaned) <= 100:
        raise InvalidInput("A key's name has 1 to 100 characters.", code="invalid_name")
    scope_values = _check_scopes(scopes)
    expires_at = None
    if expires_in_days is not None:
        if not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
            raise InvalidInput(f"Keys expire in 1 to {MAX_EXPIRY_DAYS} days.", code="invalid_expiry")
        expires_at = datetime.now(UTC) + timedelta(days=expires_in_days)
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        # Locking the user row serialises concurrent creations, so the cap cannot be raced past.
        await conn.execute("SELECT 1 FROM users WHERE id = %s FOR UPDATE", (principal.user_id,))
        cursor = await conn.execute(
            """SELECT count(*) FROM api_keys
               WHERE user_id = %s AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())""",
            (principal.user_id,),
        )
        row = await cursor.fetchone()
        if row is not None and row[0] >= MAX_ACTIVE_KEYS:
            raise Conflict(
                f"You have {MAX_ACTIVE_KEYS} active API keys; revoke one first.", code="too_many_api_keys"
            )
        key, info = await _insert_key(conn, principal.user_id, cleaned, scope_values, expires_at)
        await audit.record(
            conn,
            AuditEvent.API_KEY_CREATED,
            actor=principal.user_id,
            target_type="api_key",
            target_id=info.id,
            ip=client.ip,
            details={"name": info.name, "prefix": info.prefix, "scopes": scope_values},
        )
    return CreatedApiKey(info=info, key=key)


async def revoke_key(container: Container, principal: Principal, key_id: UUID, *, client: ClientInfo) -> None:
    """Idempotent for the owner; someone else's key is reported as missing, not as forbidden."""
    require_session(principal)
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """UPDATE api_keys k SET revoked_at = coalesce(k.revoked_at, now())
               FROM (SELECT id, revoked_at FROM api_keys WHERE id = %s AND user_id = %s FOR UPDATE) old
               WHERE k.id = old.id RETURNING old.revoked_at IS NULL""",
            (key_id, principal.user_id),
        )
        row = await cursor.fetchone()
        if row is None:
            raise NotFound("No such API key.", code="api_key_not_found")
        if row[0]:
            await audit.record(
                conn,
                AuditEvent.API_KEY_REVOKED,
                actor=principal.user_id,
                target_type="api_key",
                target_id=key_id,
                ip=client.ip,
            )
