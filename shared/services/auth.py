"""Sign-up, sign-in, sessions and password life cycle for local accounts.

Argon2 hashing takes ~0.1 s of CPU by design; it runs in a worker thread (argon2-cffi releases the
GIL) so one sign-in never stalls every other request on the event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from psycopg import AsyncConnection
from psycopg.rows import class_row

from shared.bootstrap import Container
from shared.domain.errors import Conflict, InvalidInput, NotFound, RateLimited, Unauthenticated
from shared.domain.opaque import digest, new_token
from shared.services import audit, passwords, ratelimit
from shared.services.audit import AuditEvent
from shared.services.principals import user_states
from shared.services.sessions import ClientInfo, TokenPair, revoke_all_for_user, start_session

VERIFY_TTL = timedelta(hours=48)
RESET_TTL = timedelta(minutes=30)
EMAIL_TOKEN_PREFIX = "cke_"


@dataclass(frozen=True)
class UserRow:
    id: UUID
    email: str
    name: str
    password_hash: str | None
    email_verified_at: datetime | None
    disabled_at: datetime | None
    is_platform_admin: bool


USER_COLUMNS = "id, email, name, password_hash, email_verified_at, disabled_at, is_platform_admin"


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def find_user_by_email(conn: AsyncConnection, email: str) -> UserRow | None:
    async with conn.cursor(row_factory=class_row(UserRow)) as cursor:
        await cursor.execute(
            f"SELECT {USER_COLUMNS} FROM users WHERE email_normalized = %s",  # noqa: S608 - constant columns
            (normalize_email(email),),
        )
        return await cursor.fetchone()


async def find_user(conn: AsyncConnection, user_id: UUID) -> UserRow | None:
    async with conn.cursor(row_factory=class_row(UserRow)) as cursor:
        await cursor.execute(f"SELECT {USER_COLUMNS} FROM users WHERE id = %s", (user_id,))  # noqa: S608
        return await cursor.fetchone()


async def create_email_token(conn: AsyncConnection, user_id: UUID, purpose: str, ttl: timedelta) -> str:
    token = new_token(EMAIL_TOKEN_PREFIX)
    await conn.execute(
        "INSERT INTO email_tokens (user_id, purpose, token_hash, expires_at) VALUES (%s, %s, %s, %s)",
        (user_id, purpose, digest(token), datetime.now(UTC) + ttl),
    )
    return token


async def consume_email_token(conn: AsyncConnection, token: str, purpose: str) -> UUID:
    """Mark a token used and return its user; single use, refused once expired."""
    cursor = await conn.execute(
        """UPDATE email_tokens SET used_at = now()
           WHERE token_hash = %s AND purpose = %s AND used_at IS NULL AND expires_at > now()
           RETURNING user_id""",
        (digest(token), purpose),
    )
    row = await cursor.fetchone()
    if row is None:
        raise InvalidInput("This link is invalid, already used or expired.", code="invalid_token")
    user_id: UUID = row[0]
    return user_id


def link(container: Container, path: str, token: str) -> str:
    return f"{container.settings.public_base_url.rstrip('/')}{path}?token={token}"


async def register(container: Container, *, email: str, password: str, name: str, client: ClientInfo) -> UUID:
    pool = await container.db()
    await ratelimit.hit(
        pool, ratelimit.register_per_ip(container.settings.register_per_ip_per_hour), client.ip or "unknown"
    )
    normalized = normalize_email(email)
    passwords.check_policy(password, context=(normalized.split("@")[0], name))
    password_hash = await asyncio.to_thread(passwords.hash_password, password)
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """INSERT INTO users (email, email_normalized, name, password_hash, password_changed_at)
               VALUES (%s, %s, %s, %s, now())
               ON CONFLICT (email_normalized) DO NOTHING RETURNING id""",
            (email.strip(), normalized, name.strip(), password_hash),
        )
        row = await cursor.fetchone()
        if row is None:
            raise Conflict("An account with this email already exists; sign in instead.", code="email_taken")
        user_id: UUID = row[0]
        token = await create_email_token(conn, user_id, "verify_email", VERIFY_TTL)
        await audit.record(conn, AuditEvent.USER_REGISTERED, actor=user_id, ip=client.ip)
    await container.mailer.send_verification(
        normalized, name.strip(), link(container, "/verify-email", token)
    )
    return user_id


INVALID_LOGIN = "The email or password is not right."


async def login(container: Container, *, email: str, password: str, client: ClientInfo) -> TokenPair:
    """Sign in with email and password.

    The attempt is counted as a failure before the password is checked (and given back if it was
    right), so concurrent guesses cannot run more checks than the lockout allows. Nothing here depends
    on whether the account exists: an unknown email gets the same answers, locks and work.
    """
    pool = await container.db()
    ip = client.ip or "unknown"
    await ratelimit.hit(pool, ratelimit.LOGIN_PER_IP, ip)
    normalized = normalize_email(email)
    keys = ratelimit.login_keys(
        normalized, ip, account_threshold=container.settings.login_account_max_failures
    )
    async with pool.connection() as conn:
        try:
            attempt = await ratelimit.reserve_attempt(conn, keys)
        except RateLimited:
            await audit.record(conn, AuditEvent.LOGIN_LOCKED, ip=client.ip, details={"email": normalized})
            raise
        user = await find_user_by_email(conn, normalized)
        # Verify even when there is no such user: same work, same time, same answer.
        valid = await asyncio.to_thread(
            passwords.verify_password, user.password_hash if user else None, password
        )
        if user is None or not valid or user.disabled_at is not None:
            # Already counted when the attempt was reserved.
            await audit.record(
                conn,
                AuditEvent.LOGIN_FAILED,
                actor=user.id if user else None,
                ip=client.ip,
                details={"email": normalized},
            )
            raise Unauthenticated(INVALID_LOGIN, code="invalid_credentials")
        async with conn.transaction():
            await ratelimit.release_attempt(conn, attempt)
            assert user.password_hash is not None
            if passwords.needs_rehash(user.password_hash):
                await conn.execute(
                    "UPDATE users SET password_hash = %s WHERE id = %s",
                    (await asyncio.to_thread(passwords.hash_password, password), user.id),
                )
            pair = await start_session(conn, container, user.id, client)
            await audit.record(conn, AuditEvent.LOGIN_SUCCEEDED, actor=user.id, ip=client.ip)
    return pair


async def verify_email(container: Container, token: str) -> None:
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        user_id = await consume_email_token(conn, token, "verify_email")
        await conn.execute(
            "UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = %s",
            (user_id,),
        )
        await audit.record(conn, AuditEvent.EMAIL_VERIFIED, actor=user_id)
    # At once on this instance; others see it when their few seconds of cached state run out.
    user_states.forget(user_id)


async def resend_verification(container: Container, user_id: UUID, *, client: ClientInfo) -> None:
    """Email a new verification link to the account's address; earlier links stop working.

    Limited per account and per IP: each call sends a mail to an address we do not yet know is theirs.
    """
    pool = await container.db()
    await ratelimit.hit(pool, ratelimit.VERIFY_RESEND_PER_IP, client.ip or "unknown")
    await ratelimit.hit(pool, ratelimit.VERIFY_RESEND_PER_USER, str(user_id))
    async with pool.connection() as conn, conn.transaction():
        user = await find_user(conn, user_id)
        if user is None or user.disabled_at is not None:
            raise NotFound("No such account.", code="user_not_found")
        if user.email_verified_at is not None:
            raise Conflict("Your email address is already verified.", code="email_already_verified")
        await conn.execute(
            """UPDATE email_tokens SET used_at = now()
               WHERE user_id = %s AND purpose = 'verify_email' AND used_at IS NULL""",
            (user_id,),
        )
        token = await create_email_token(conn, user_id, "verify_email", VERIFY_TTL)
        await audit.record(conn, AuditEvent.EMAIL_VERIFICATION_SENT, actor=user_id, ip=client.ip)
    await container.mailer.send_verification(
        normalize_email(user.email), user.name, link(container, "/verify-email", token)
    )


async def forgot_password(container: Container, *, email: str, client: ClientInfo) -> None:
    """Send a reset link if the account exists. The caller answers the same either way."""
    pool = await container.db()
    normalized = normalize_email(email)
    await ratelimit.hit(pool, ratelimit.FORGOT_PER_IP, client.ip or "unknown")
    await ratelimit.hit(pool, ratelimit.FORGOT_PER_EMAIL, normalized)
    async with pool.connection() as conn:
        user = await find_user_by_email(conn, normalized)
        if user is None or user.disabled_at is not None:
            return
        async with conn.transaction():
            token = await create_email_token(conn, user.id, "reset_password", RESET_TTL)
            await audit.record(conn, AuditEvent.PASSWORD_RESET_REQUESTED, actor=user.id, ip=client.ip)
    minutes = int(RESET_TTL.total_seconds() // 60)
    await container.mailer.send_password_reset(
        normalized, user.name, link(container, "/reset-password", token), minutes
    )


async def _set_password(conn: AsyncConnection, user: UserRow, password: str) -> None:
    passwords.check_policy(password, context=(user.email.split("@")[0], user.name))
    await conn.execute(
        """UPDATE users SET password_hash = %s, password_changed_at = now(), tokens_valid_after = now(),
                  updated_at = now() WHERE id = %s""",
        (await asyncio.to_thread(passwords.hash_password, password), user.id),
    )
    await revoke_all_for_user(conn, user.id)


async def reset_password(container: Container, *, token: str, password: str, client: ClientInfo) -> None:
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        user_id = await consume_email_token(conn, token, "reset_password")
        user = await find_user(conn, user_id)
        if user is None:
            raise InvalidInput("This link is invalid, already used or expired.", code="invalid_token")
        await _set_password(conn, user, password)
        # Proving control of the mailbox also verifies it.
        await conn.execute(
            "UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = %s",
            (user_id,),
        )
        await audit.record(conn, AuditEvent.PASSWORD_RESET, actor=user_id, ip=client.ip)
    user_states.forget(user_id)


async def change_password(
    container: Container, user_id: UUID, *, current: str, new: str, client: ClientInfo
) -> TokenPair:
    """Change the password, end every other session, and hand this device a fresh one."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        user = await find_user(conn, user_id)
        if user is None or not await asyncio.to_thread(
            passwords.verify_password, user.password_hash, current
        ):
            raise InvalidInput("The current password is not right.", code="invalid_current_password")
        await _set_password(conn, user, new)
        await audit.record(conn, AuditEvent.PASSWORD_CHANGED, actor=user_id, ip=client.ip)
    # A new transaction: the token must be issued after tokens_valid_after.
    async with pool.connection() as conn, conn.transaction():
        return await start_session(conn, container, user_id, client)
