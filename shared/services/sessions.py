"""Sessions: an access token plus a rotating refresh token.

Refresh tokens are opaque and stored hashed. Each use marks the token rotated and issues the next
one in the same family; presenting a rotated token again means it was copied, so the whole family
(every device of that sign-in) is revoked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from psycopg import AsyncConnection

from shared.bootstrap import Container
from shared.domain.errors import Unauthenticated
from shared.domain.opaque import digest, new_token
from shared.services import audit
from shared.services.tokens import issue_access_token, load_key_ring

REFRESH_PREFIX = "ckr_"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_at: datetime
    user_id: UUID


@dataclass(frozen=True)
class ClientInfo:
    ip: str = ""
    user_agent: str = ""


async def _insert_refresh(
    conn: AsyncConnection, container: Container, user_id: UUID, family: UUID, client: ClientInfo
) -> tuple[str, datetime]:
    token = new_token(REFRESH_PREFIX)
    expires_at = datetime.now(UTC) + timedelta(days=container.settings.refresh_token_ttl_days)
    await conn.execute(
        """INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at, user_agent, ip)
           VALUES (%s, %s, %s, %s, %s, %s)""",
        (family, user_id, digest(token), expires_at, client.user_agent[:300], client.ip),
    )
    return token, expires_at


async def start_session(
    conn: AsyncConnection, container: Container, user_id: UUID, client: ClientInfo
) -> TokenPair:
    """A new session (new family) for a user who just proved who they are."""
    ring = await load_key_ring(container.secrets)
    refresh, refresh_expires = await _insert_refresh(conn, container, user_id, uuid4(), client)
    access = issue_access_token(ring, container.settings, user_id)
    return TokenPair(access.token, refresh, access.expires_in, refresh_expires, user_id)


async def rotate(container: Container, refresh_token: str, client: ClientInfo) -> TokenPair:
    pool = await container.db()
    reused_family: UUID | None = None
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """SELECT t.id, t.family_id, t.user_id, t.expires_at, t.rotated_at, t.revoked_at, u.disabled_at
               FROM refresh_tokens t JOIN users u ON u.id = t.user_id
               WHERE t.token_hash = %s FOR UPDATE OF t""",
            (digest(refresh_token),),
        )
        row = await cursor.fetchone()
        if row is None:
            raise Unauthenticated("The session is not valid; sign in again.", code="invalid_refresh_token")
        token_id, family, user_id, expires_at, rotated_at, revoked_at, disabled_at = row
        if revoked_at is None and rotated_at is not None:
            await conn.execute(
                "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = %s AND revoked_at IS NULL",
                (family,),
            )
            await audit.record(
                conn,
                audit.AuditEvent.REFRESH_TOKEN_REUSED,
                actor=user_id,
                ip=client.ip,
                target_type="session",
                target_id=family,
            )
            reused_family = family
        elif revoked_at is not None or expires_at <= datetime.now(UTC) or disabled_at is not None:
            raise Unauthenticated("The session has ended; sign in again.", code="invalid_refresh_token")
        else:
            await conn.execute("UPDATE refresh_tokens SET rotated_at = now() WHERE id = %s", (token_id,))
            ring = await load_key_ring(container.secrets)
            refresh, refresh_expires = await _insert_refresh(conn, container, user_id, family, client)
            access = issue_access_token(ring, container.settings, user_id)
            return TokenPair(access.token, refresh, access.expires_in, refresh_expires, user_id)
    # Outside the transaction, so the revocation above is committed before we refuse.
    assert reused_family is not None
    raise Unauthenticated(
        "This session token was already used; every session of that sign-in has been ended.",
        code="refresh_token_reused",
    )


async def revoke_family_of(container: Container, refresh_token: str) -> UUID | None:
    """End the session the token belongs to; the user id, or None if the token is unknown."""
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """UPDATE refresh_tokens SET revoked_at = now()
               WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = %s)
                 AND revoked_at IS NULL
               RETURNING user_id""",
            (digest(refresh_token),),
        )
        row = await cursor.fetchone()
    return None if row is None else row[0]


async def revoke_all_for_user(conn: AsyncConnection, user_id: UUID) -> None:
    await conn.execute(
        "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = %s AND revoked_at IS NULL", (user_id,)
    )


async def end_every_session(container: Container, user_id: UUID, *, ip: str) -> None:
    """Sign out everywhere: every refresh token ends, and access tokens issued before now stop
    working at their next request (the per-request check of `tokens_valid_after`)."""
    from shared.services.principals import user_states  # principals imports this module

    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        await conn.execute(
            "UPDATE users SET tokens_valid_after = now(), updated_at = now() WHERE id = %s", (user_id,)
        )
        await revoke_all_for_user(conn, user_id)
        await audit.record(
            conn,
            audit.AuditEvent.LOGOUT_EVERYWHERE,
            actor=user_id,
            target_type="user",
            target_id=user_id,
            ip=ip,
        )
    user_states.forget(user_id)
