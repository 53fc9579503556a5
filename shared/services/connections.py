"""Connecting social accounts: the OAuth2 flow (PKCE, server-side state) and credential platforms.

The flow: a person asks to connect a platform → we store a state (hash only, bound to the person
and the workspace, expiring) and the PKCE verifier (sealed), and send them to the platform → the
platform redirects to our callback with a code → we spend the state once, exchange the code with
the verifier, list everything the grant can publish to (pages, channels, organisations) and store
those accounts. Tokens never leave the server.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from urllib.parse import urlencode
from uuid import UUID

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

from shared.bootstrap import Container
from shared.domain.errors import Conflict, DependencyUnavailable, InvalidInput, NotFound, RateLimited
from shared.domain.identity import ensure_verified
from shared.platforms import oauth, registry
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AmbiguousError,
    ConnectedAccount,
    CredentialConnector,
    NotSupportedError,
    OAuthClient,
    OAuthConnector,
    PlatformError,
    RateLimitedError,
    TransientError,
)
from shared.services import accounts, audit, token_vault
from shared.services.audit import AuditEvent
from shared.services.principals import WorkspaceAccess

MAX_ACCOUNTS_PER_WORKSPACE = 1000
CALLBACK_PATH = "/api/v1/oauth/{platform}/callback"
# Where the browser lands after a callback: the web app's accounts page.
DONE_PATH = "/app/accounts"


def as_domain_error(exc: PlatformError, platform: str) -> Exception:
    """A platform's refusal during connection, as the API's error shape (never a 500)."""
    if isinstance(exc, RateLimitedError):
        wait = max(1, int((exc.reset_at - datetime.now(UTC)).total_seconds()))
        return RateLimited(exc.message, retry_after_seconds=wait, code="platform_rate_limited")
    if isinstance(exc, (TransientError, AmbiguousError)):
        return DependencyUnavailable(exc.message, code="platform_unavailable")
    return InvalidInput(exc.message, code=exc.code if exc.code != "rejected" else f"{platform}_refused")


def _connector(container: Container, platform: str) -> Any:
    info = registry.info(container.settings, platform)
    if not info.enabled:
        raise registry.not_configured(info)
    return container.connector(platform), info


def auth_kind(container: Container, platform: str) -> str:
    _, info = _connector(container, platform)
    return str(info.auth.kind)


async def account_metrics(container: Container, access: WorkspaceAccess, account_id: UUID) -> AccountMetrics:
    """Followers and other audience figures, read from the platform now."""
    account = await accounts.get_account(container, access, account_id)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT external_id, handle, metadata FROM social_accounts WHERE id = %s", (account_id,)
        )
        row = await cursor.fetchone()
    assert row is not None
    ref = AccountRef(row[0], row[1], {k: str(v) for k, v in (row[2] or {}).items()})
    try:
        credentials = await accounts.fresh_credentials(container, account_id)
        return await container.connector(account.platform).fetch_account_metrics(credentials, ref)
    except NotSupportedError as exc:
        raise NotFound(exc.message, code="metrics_not_supported") from exc
    except PlatformError as exc:
        raise as_domain_error(exc, account.platform) from exc


class DatabaseAppRegistry:
    """Per-instance app registrations (Mastodon), shared by every workspace, secrets sealed."""

    def __init__(self, container: Container) -> None:
        self._container = container

    async def get(self, platform: str, instance: str) -> OAuthClient | None:
        pool = await self._container.db()
        async with pool.connection() as conn:
            cursor = await conn.execute(
                "SELECT client_id, secret_ciphertext, key_id, details FROM platform_apps"
                " WHERE platform = %s AND instance = %s",
                (platform, instance),
            )
            row = await cursor.fetchone()
        if row is None:
            return None
        _, keyring = await token_vault.keys(self._container.secrets)
        key = keyring.get(row[2])
        if key is None:
            return None  # sealed under a key we no longer have: register again
        secret = token_vault.open_bytes(key, bytes(row[1]), bound_to=f"{platform}:{instance}").decode()
        details = row[3] or {}
        return OAuthClient(
            client_id=row[0],
            client_secret=secret,
            authorize_url=str(details.get("authorize_url", "")),
            token_url=str(details.get("token_url", "")),
            context={k: str(v) for k, v in (details.get("context") or {}).items()},
        )

    async def put(self, platform: str, instance: str, client: OAuthClient) -> None:
        key, _ = await token_vault.keys(self._container.secrets)
        sealed = token_vault.seal_bytes(key, client.client_secret.encode(), bound_to=f"{platform}:{instance}")
        pool = await self._container.db()
        async with pool.connection() as conn:
            await conn.execute(
                """INSERT INTO platform_apps
                          (platform, instance, client_id, secret_ciphertext, key_id, details)
                   VALUES (%s, %s, %s, %s, %s, %s)
                   ON CONFLICT (platform, instance) DO UPDATE SET client_id = EXCLUDED.client_id,
                       secret_ciphertext = EXCLUDED.secret_ciphertext, key_id = EXCLUDED.key_id,
                       details = EXCLUDED.details""",
                (
                    platform,
                    instance,
                    client.client_id,
                    sealed,
                    key.key_id,
                    Jsonb(
                        {
                            "authorize_url": client.authorize_url,
                            "token_url": client.token_url,
                            "context": client.context,
                        }
                    ),
                ),
            )


@dataclass(frozen=True)
class Started:
    authorize_url: str
    expires_at: datetime


def redirect_uri(container: Container, platform: str) -> str:
    return container.settings.public_base_url.rstrip("/") + CALLBACK_PATH.format(platform=platform)


async def _check_room(conn: AsyncConnection, workspace_id: UUID, adding: int) -> None:
    """Refuse when the workspace would hold more than the cap (`adding` more than it has now)."""
    cursor = await conn.execute(
        "SELECT count(*) FROM social_accounts WHERE workspace_id = %s", (workspace_id,)
    )
    row = await cursor.fetchone()
    if row is not None and row[0] + adding > MAX_ACCOUNTS_PER_WORKSPACE:
        raise Conflict(
            f"A workspace holds at most {MAX_ACCOUNTS_PER_WORKSPACE:,} accounts; remove some first.",
            code="too_many_accounts",
        )


async def _room_for(container: Container, workspace_id: UUID) -> None:
    """Early answer, before sending anyone to a platform; `store` checks again when it writes."""
    pool = await container.db()
    async with pool.connection() as conn:
        await _check_room(conn, workspace_id, 1)


async def start(
    container: Container,
    access: WorkspaceAccess,
    platform: str,
    fields: dict[str, str],
    *,
    reconnect: UUID | None = None,
) -> Started:
    """Begin an OAuth connection: the URL to send the person to."""
    ensure_verified(access.principal)
    connector, info = _connector(container, platform)
    if info.auth.kind != "oauth2":
        raise InvalidInput(
            f"{info.name} connects with credentials, not a sign-in page.", code="wrong_auth_kind"
        )
    if reconnect is None:
        await _room_for(container, access.workspace_id)
    connector = cast(OAuthConnector, connector)
    callback = redirect_uri(container, platform)
    try:
        client = await connector.oauth_client(
            fields, redirect_uri=callback, apps=DatabaseAppRegistry(container)
        )
    except PlatformError as exc:
        raise as_domain_error(exc, platform) from exc
    state = secrets.token_urlsafe(32)
    verifier = oauth.new_code_verifier()
    key, _ = await token_vault.keys(container.secrets)
    state_hash = hashlib.sha256(state.encode()).digest()
    expires_at = datetime.now(UTC) + timedelta(minutes=container.settings.oauth_state_minutes)
    context = dict(client.context)
    pool = await container.db()
    async with pool.connection() as conn:
        await conn.execute("DELETE FROM oauth_states WHERE expires_at < now()")
        await conn.execute(
            """INSERT INTO oauth_states (state_hash, platform, workspace_id, user_id, reconnect_account_id,
                                         verifier_ciphertext, key_id, redirect_uri, context, expires_at)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
            (
                state_hash,
                platform,
                access.workspace_id,
                access.principal.user_id,
                reconnect,
                token_vault.seal_bytes(key, verifier.encode(), bound_to=state_hash.hex()),
                key.key_id,
                callback,
                Jsonb(context),
                expires_at,
            ),
        )
    assert info.auth.oauth is not None
    url = oauth.authorization_url(
        client, info.auth.oauth, redirect_uri=callback, state=state, code_verifier=verifier
    )
    return Started(url, expires_at)


@dataclass(frozen=True)
class Completed:
    workspace_id: UUID
    platform: str
    accounts: list[accounts.Account]

    def redirect_to(self, base_url: str) -> str:
        query = urlencode(
            {"platform": self.platform, "connected": len(self.accounts), "workspace": str(self.workspace_id)}
        )
        return f"{base_url.rstrip('/')}{DONE_PATH}?{query}"


async def complete(container: Container, platform: str, *, code: str, state: str, ip: str) -> Completed:
    """The platform's callback: spend the state, exchange the code, store what the grant can publish to."""
    state_hash = hashlib.sha256(state.encode()).digest()
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """DELETE FROM oauth_states WHERE state_hash = %s AND platform = %s
               RETURNING workspace_id, user_id, reconnect_account_id, verifier_ciphertext, key_id,
                         redirect_uri, context, expires_at""",
            (state_hash, platform),
        )
        row = await cursor.fetchone()
    if row is None or row[7] < datetime.now(UTC):
        raise InvalidInput(
            "This connection link was already used or has expired; start connecting again.",
            code="invalid_state",
        )
    workspace_id, user_id, reconnect, sealed, key_id, callback, context, _ = row
    _, keyring = await token_vault.keys(container.secrets)
    verifier = token_vault.open_bytes(keyring[key_id], bytes(sealed), bound_to=state_hash.hex()).decode()
    connector, _ = _connector(container, platform)
    connector = cast(OAuthConnector, connector)
    try:
        client = await connector.oauth_client(
            {k: str(v) for k, v in (context or {}).items()},
            redirect_uri=callback,
            apps=DatabaseAppRegistry(container),
        )
        credentials = await connector.exchange_code(
            client, code, redirect_uri=callback, code_verifier=verifier
        )
        found = await connector.list_accounts(credentials)
    except PlatformError as exc:
        raise as_domain_error(exc, platform) from exc
    if reconnect is not None:
        found = await _only_the_reconnected(container, reconnect, found)
    stored = await store(
        container, workspace_id, user_id, platform, found, ip=ip, reconnect=reconnect is not None
    )
    return Completed(workspace_id, platform, stored)


async def _only_the_reconnected(
    container: Container, account_id: UUID, found: list[ConnectedAccount]
) -> list[ConnectedAccount]:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT external_id FROM social_accounts WHERE id = %s", (account_id,))
        row = await cursor.fetchone()
    match = [a for a in found if row is not None and a.external_id == row[0]]
    if not match:
        raise InvalidInput(
            "That sign-in does not give access to the account being reconnected; sign in as its owner.",
            code="reconnect_mismatch",
        )
    return match


async def connect_with_credentials(
    container: Container,
    access: WorkspaceAccess,
    platform: str,
    fields: dict[str, str],
    *,
    ip: str,
    reconnect: UUID | None = None,
) -> list[accounts.Account]:
    """Credential platforms (Bluesky app password, Telegram bot token): connect in one call."""
    ensure_verified(access.principal)
    connector, info = _connector(container, platform)
    if info.auth.kind != "credentials":
        raise InvalidInput(f"{info.name} connects through its sign-in page.", code="wrong_auth_kind")
    missing = [f.name for f in info.auth.fields if f.required and not fields.get(f.name, "").strip()]
    if missing:
        raise InvalidInput(
            f"{info.name} needs {', '.join(missing)}.", code="missing_fields", details={"missing": missing}
        )
    if reconnect is None:
        await _room_for(container, access.workspace_id)
    connector = cast(CredentialConnector, connector)
    try:
        found = await connector.connect_with({k: v.strip() for k, v in fields.items()})
    except PlatformError as exc:
        raise as_domain_error(exc, platform) from exc
    if reconnect is not None:
        found = await _only_the_reconnected(container, reconnect, found)
    return await store(
        container,
        access.workspace_id,
        access.principal.user_id,
        platform,
        found,
        ip=ip,
        reconnect=reconnect is not None,
    )


async def store(
    container: Container,
    workspace_id: UUID,
    user_id: UUID,
    platform: str,
    found: list[ConnectedAccount],
    *,
    ip: str,
    reconnect: bool = False,
) -> list[accounts.Account]:
    if not found:
        raise InvalidInput(
            "The platform shows nothing this sign-in can publish to.", code="nothing_to_connect"
        )
    pool = await container.db()
    stored = []
    async with pool.connection() as conn, conn.transaction():
        for connected in found:
            account = await accounts.store(
                conn, container, workspace_id, platform, connected=connected, user_id=user_id
            )
            await audit.record(
                conn,
                AuditEvent.ACCOUNT_CONNECTED,
                actor=user_id,
                workspace=workspace_id,
                target_type="social_account",
                target_id=account.id,
                ip=ip,
                details={"platform": platform, "handle": account.handle, "reconnect": reconnect},
            )
            stored.append(account)
        await _check_room(conn, workspace_id, 0)  # inside the transaction: over the cap rolls back
    return stored
