"""Social accounts of a workspace: connecting, listing, and their sealed credentials."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from psycopg import AsyncConnection
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from shared.bootstrap import Container
from shared.domain.errors import Conflict, InvalidInput, NotFound
from shared.domain.identity import ensure_verified
from shared.platforms.base import ConnectedAccount, Credentials, PlatformError
from shared.platforms.feed import PLATFORM as FEED_PLATFORM
from shared.platforms.registry import TOKENLESS_PLATFORMS
from shared.platforms.sandbox import SandboxConnector
from shared.services import audit, rekey, token_vault
from shared.services.audit import AuditEvent
from shared.services.principals import WorkspaceAccess

log = logging.getLogger(__name__)

SANDBOX_HANDLE = re.compile(r"^[a-z0-9_.]{1,30}$")


@dataclass(frozen=True)
class Account:
    id: UUID
    workspace_id: UUID
    platform: str
    external_id: str
    handle: str
    display_name: str
    status: str
    token_expires_at: datetime | None
    created_at: datetime
    avatar_url: str | None = None
    profile_url: str | None = None
    last_error: str | None = None


ACCOUNT_COLUMNS = (
    "id, workspace_id, platform, external_id, handle, display_name, status, token_expires_at, created_at,"
    " avatar_url, profile_url, last_error"
)


async def store(
    conn: AsyncConnection,
    container: Container,
    workspace_id: UUID,
    platform: str,
    *,
    connected: ConnectedAccount,
    user_id: UUID,
) -> Account:
    """Insert or re-connect (same platform account in the same workspace), sealing the tokens."""
    key, _ = await token_vault.keys(container.secrets)
    cursor = await conn.execute(
        "SELECT id FROM social_accounts"
        " WHERE workspace_id = %s AND platform = %s AND external_id = %s FOR UPDATE",
        (workspace_id, platform, connected.external_id),
    )
    row = await cursor.fetchone()
    account_id: UUID = row[0] if row else uuid4()
    sealed = token_vault.seal(key, connected.credentials, bound_to=str(account_id))
    async with conn.cursor(row_factory=class_row(Account)) as cur:
        await cur.execute(
            f"""INSERT INTO social_accounts (id, workspace_id, platform, external_id, handle, display_name,
                                            avatar_url, profile_url, metadata, status, token_ciphertext,
                                            token_key_id, token_expires_at, connected_by)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'active', %s, %s, %s, %s)
               ON CONFLICT (workspace_id, platform, external_id) DO UPDATE SET
                 handle = EXCLUDED.handle, display_name = EXCLUDED.display_name, status = 'active',
                 avatar_url = EXCLUDED.avatar_url, profile_url = EXCLUDED.profile_url,
                 metadata = EXCLUDED.metadata,
                 token_ciphertext = EXCLUDED.token_ciphertext, token_key_id = EXCLUDED.token_key_id,
                 token_expires_at = EXCLUDED.token_expires_at, last_error = NULL, updated_at = now()
               RETURNING {ACCOUNT_COLUMNS}""",  # noqa: S608 - constant columns
            (
                account_id,
                workspace_id,
                platform,
                connected.external_id,
                connected.handle,
                connected.display_name,
                connected.avatar_url,
                connected.url,
                Jsonb(connected.metadata),
                sealed,
                key.key_id,
                connected.credentials.expires_at,
                user_id,
            ),
        )
        account = await cur.fetchone()
    assert account is not None
    return account


async def connect_sandbox(container: Container, access: WorkspaceAccess, handle: str, *, ip: str) -> Account:
    ensure_verified(access.principal)
    handle = handle.strip().lower().lstrip("@")
    if not SANDBOX_HANDLE.match(handle):
        raise InvalidInput(
            "Use 1 to 30 lowercase letters, digits, dots or underscores.", code="invalid_handle"
        )
    connector = container.connector("sandbox")
    assert isinstance(connector, SandboxConnector)
    try:
        connected = await connector.connect(handle)
    except PlatformError as exc:
        from shared.services.connections import as_domain_error

        raise as_domain_error(exc, "sandbox") from exc
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        account = await store(
            conn,
            container,
            access.workspace_id,
            "sandbox",
            connected=connected,
            user_id=access.principal.user_id,
        )
        await audit.record(
            conn,
            AuditEvent.ACCOUNT_CONNECTED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="social_account",
            target_id=account.id,
            ip=ip,
            details={"platform": "sandbox", "handle": account.handle},
        )
    return account


@dataclass(frozen=True)
class AccountPage:
    items: list[Account]
    next_cursor: str | None


def _cursor(account: Account) -> str:
    return f"{account.platform}|{account.created_at.isoformat()}|{account.id}"


async def list_accounts(
    container: Container,
    access: WorkspaceAccess,
    *,
    platform: str | None = None,
    status: str | None = None,
    search: str | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> AccountPage:
    """A page of the workspace's accounts (by platform, then age), optionally filtered or searched."""
    where = ["workspace_id = %s"]
    args: list[object] = [access.workspace_id]
    if platform:
        where.append("platform = %s")
        args.append(platform)
    if status:
        where.append("status = %s")
        args.append(status)
    if search:
        where.append("(handle ILIKE %s OR display_name ILIKE %s)")
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        args += [pattern, pattern]
    if cursor:
        try:
            after_platform, after_created, after_id = cursor.split("|")
            where.append("(platform, created_at, id) > (%s, %s, %s)")
            args += [after_platform, datetime.fromisoformat(after_created), UUID(after_id)]
        except ValueError as exc:
            raise InvalidInput("The cursor is not one this list gave out.", code="invalid_cursor") from exc
    pool = await container.db()
    async with pool.connection() as conn, conn.cursor(row_factory=class_row(Account)) as cur:
        await cur.execute(
            f"SELECT {ACCOUNT_COLUMNS} FROM social_accounts WHERE {' AND '.join(where)} "  # noqa: S608
            "ORDER BY platform, created_at, id LIMIT %s",
            (*args, limit + 1),
        )
        rows = await cur.fetchall()
    more = len(rows) > limit
    items = rows[:limit]
    return AccountPage(items, _cursor(items[-1]) if more and items else None)


async def update_account(
    container: Container,
    access: WorkspaceAccess,
    account_id: UUID,
    *,
    display_name: str | None,
    status: str | None,
) -> Account:
    """Rename an account as it shows here, or pause it (`disconnected`) and resume it (`active`)."""
    current = await get_account(container, access, account_id)
    if status is not None and status != current.status and current.status == "needs_reauth":
        # Pausing would forget why it stopped, and resuming would then skip the reconnect.
        raise InvalidInput(
            "Reconnect this account; the platform no longer accepts its token.", code="needs_reauth"
        )
    pool = await container.db()
    async with pool.connection() as conn, conn.cursor(row_factory=class_row(Account)) as cur:
        await cur.execute(
            f"""UPDATE social_accounts SET display_name = coalesce(%s, display_name),
                      status = coalesce(%s, status), updated_at = now()
               WHERE workspace_id = %s AND id = %s RETURNING {ACCOUNT_COLUMNS}""",  # noqa: S608
            (display_name, status, access.workspace_id, account_id),
        )
        account = await cur.fetchone()
    if account is None:
        raise NotFound("No such account in this workspace.", code="account_not_found")
    return account


async def delete_account(container: Container, access: WorkspaceAccess, account_id: UUID, *, ip: str) -> bool:
    """Remove an account and its scheduled posts to it; tells the platform to forget the token where it
    can. Returns whether the platform confirmed the revocation. Refused while a post to it is going out."""
    account = await get_account(container, access, account_id)
    if account.platform == FEED_PLATFORM:
        raise Conflict(
            "The workspace's clickKloudy feed belongs to the workspace and cannot be removed; pause it "
            "instead.",
            code="feed_account_required",
        )
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT 1 FROM post_targets WHERE social_account_id = %s"
            " AND status IN ('queued', 'publishing', 'processing') LIMIT 1",
            (account_id,),
        )
        if await cursor.fetchone() is not None:
            raise Conflict(
                "A post to this account is going out right now; try again in a minute.", code="account_busy"
            )
        cursor = await conn.execute(
            "SELECT token_ciphertext, token_key_id FROM social_accounts WHERE id = %s", (account_id,)
        )
        row = await cursor.fetchone()
    revoked = False
    if row is not None and row[0] is not None and account.platform not in TOKENLESS_PLATFORMS:
        try:
            credentials = await load_credentials(container, account_id, bytes(row[0]), row[1])
            await container.connector(account.platform).revoke(credentials)
            revoked = True
        except Exception:  # removing the account must not depend on the platform
            log.info("token of account %s not revoked at %s", account_id, account.platform)
    async with pool.connection() as conn, conn.transaction():
        await conn.execute("DELETE FROM social_accounts WHERE id = %s", (account_id,))
        await audit.record(
            conn,
            AuditEvent.ACCOUNT_DISCONNECTED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="social_account",
            target_id=account_id,
            ip=ip,
            details={"platform": account.platform, "handle": account.handle, "revoked": revoked},
        )
    return revoked


async def get_account(container: Container, access: WorkspaceAccess, account_id: UUID) -> Account:
    pool = await container.db()
    async with pool.connection() as conn, conn.cursor(row_factory=class_row(Account)) as cur:
        await cur.execute(
            f"SELECT {ACCOUNT_COLUMNS} FROM social_accounts WHERE workspace_id = %s AND id = %s",  # noqa: S608
            (access.workspace_id, account_id),
        )
        account = await cur.fetchone()
    if account is None:
        raise NotFound("No such account in this workspace.", code="account_not_found")
    return account


async def load_credentials(
    container: Container, account_id: UUID, ciphertext: bytes, key_id: str
) -> Credentials:
    _, keyring = await token_vault.keys(container.secrets)
    key = keyring.get(key_id)
    if key is None:
        raise RuntimeError(f"token key {key_id} is not configured (TOKEN_ENCRYPTION_PREVIOUS_KEYS)")
    return token_vault.open_sealed(key, ciphertext, bound_to=str(account_id))


REFRESH_MARGIN = timedelta(minutes=5)


async def fresh_credentials(
    container: Container, account_id: UUID, *, force: bool = False, margin: timedelta = REFRESH_MARGIN
) -> Credentials:
    """Credentials valid for at least a few minutes, refreshing them at most once across all workers.

    The account row is locked while refreshing: a second worker that needs the same account waits,
    then finds the new token and uses it instead of refreshing again (single flight).
    """
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT platform, token_ciphertext, token_key_id, token_expires_at"
            " FROM social_accounts WHERE id = %s",
            (account_id,),
        )
        row = await cursor.fetchone()
        if row is not None and row[1] is None and row[0] in TOKENLESS_PLATFORMS:
            return Credentials(access_token="")  # e.g. the feed: nothing to present, nothing to refresh
        if row is None or row[1] is None:
            raise NotFound("The account is gone.", code="account_not_found")
        platform, ciphertext, key_id, expires_at = row
        if not force and (expires_at is None or expires_at > datetime.now(UTC) + margin):
            return await load_credentials(container, account_id, bytes(ciphertext), key_id)
        async with conn.transaction():
            cursor = await conn.execute(
                "SELECT token_ciphertext, token_key_id, token_expires_at"
                " FROM social_accounts WHERE id = %s FOR UPDATE",
                (account_id,),
            )
            locked = await cursor.fetchone()
            assert locked is not None
            current = await load_credentials(container, account_id, bytes(locked[0]), locked[1])
            # Someone refreshed while we waited for the lock: use theirs.
            if (
                locked[2] is not None
                and locked[2] > datetime.now(UTC) + margin
                and (not force or locked[2] != expires_at)
            ):
                return current
            refreshed = await container.connector(platform).refresh(current)
            key, _ = await token_vault.keys(container.secrets)
            await conn.execute(
                """UPDATE social_accounts SET token_ciphertext = %s, token_key_id = %s, token_expires_at = %s,
                          updated_at = now() WHERE id = %s""",
                (
                    token_vault.seal(key, refreshed, bound_to=str(account_id)),
                    key.key_id,
                    refreshed.expires_at,
                    account_id,
                ),
            )
            return refreshed


async def mark_needs_reauth(conn: AsyncConnection, account_id: UUID, message: str) -> list[UUID]:
    """The platform no longer accepts the account's token: mark it, and announce it (the webhook
    `account.needs_reauth`, once per change). Returns the deliveries to flush after the commit."""
    from shared.services import webhooks

    deliveries = await webhooks.emit_needs_reauth(conn, account_id, message)  # before: it sees 'active'
    await conn.execute(
        "UPDATE social_accounts SET status = 'needs_reauth', last_error = %s, updated_at = now()"
        " WHERE id = %s",
        (message, account_id),
    )
    return deliveries


REFRESH_AHEAD = timedelta(minutes=30)


async def refresh_expiring(container: Container, *, limit: int = 200) -> dict[str, int]:
    """Refresh tokens that expire soon, before a publish needs them (publishing then never waits on it).

    Each refresh is the same single-flight as the worker's, so a worker refreshing the same account at
    the same moment costs no second call. An account the platform no longer accepts is marked
    needs_reauth, which is what people see and what webhooks announce. Then secrets still sealed
    under a previous data key are re-sealed under the current one, so a key rotation completes
    on its own (`resealed`).
    """
    from shared.platforms.base import AuthRevokedError, PlatformError

    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT id FROM social_accounts
               WHERE status = 'active' AND token_ciphertext IS NOT NULL AND token_expires_at < now() + %s
               ORDER BY token_expires_at LIMIT %s""",
            (REFRESH_AHEAD, limit),
        )
        due = [row[0] for row in await cursor.fetchall()]
    counts = {"refreshed": 0, "needs_reauth": 0, "failed": 0}
    for account_id in due:
        try:
            await fresh_credentials(container, account_id, force=False, margin=REFRESH_AHEAD)
            counts["refreshed"] += 1
        except AuthRevokedError as exc:
            from shared.services import webhooks

            async with pool.connection() as conn, conn.transaction():
                await mark_needs_reauth(conn, account_id, exc.message)
                cursor = await conn.execute(
                    "SELECT workspace_id FROM social_accounts WHERE id = %s", (account_id,)
                )
                workspace = await cursor.fetchone()
            if workspace is not None:
                await webhooks.flush_workspace(container, workspace[0])
            counts["needs_reauth"] += 1
        except PlatformError:
            counts["failed"] += 1  # transient: the next run, or the publish itself, tries again
    counts["resealed"] = await rekey.reseal_stale(container)
    return counts
