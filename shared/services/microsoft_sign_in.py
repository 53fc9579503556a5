"""Sign in with Microsoft: start an authorization-code flow, finish it, and turn the verified Microsoft
identity into one of our users and one of our sessions.

Which local user a Microsoft identity becomes, in order:
1. the user already linked to it (`user_identities`: provider, tenant, object id);
2. the local account with the same email, linked now, but only when both sides vouch for the address:
   the local account verified it (else `email_not_verified`: linking silently would hand an
   unverified account to whoever controls the Microsoft identity), and Microsoft's claim is trusted
   (else `microsoft_email_unverified`);
3. a new user (email verified, no password), again only with a trusted email, so nobody can create
   an account under someone else's address and keep a way into it after the owner takes it back.

A Microsoft `email` claim is trusted when the token says so (`email_verified`, or Entra's optional
`xms_edov` claim: the email's domain is verified by its owner), or when its tenant is listed in
MICROSOFT_ALLOWED_TENANTS: listing a tenant says its administrators' directory data is trusted.
Entra lets any tenant put any address in a user's email attribute, so an untrusted claim must never
decide who an account belongs to.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit
from uuid import UUID
from weakref import WeakKeyDictionary

from email_validator import EmailNotValidError, validate_email
from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

from shared.bootstrap import Container
from shared.config import Settings
from shared.domain.errors import (
    Conflict,
    DependencyUnavailable,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from shared.domain.opaque import digest, new_token
from shared.services import audit, ratelimit
from shared.services.audit import AuditEvent
from shared.services.auth import find_user_by_email, normalize_email
from shared.services.sessions import ClientInfo, TokenPair, start_session

if TYPE_CHECKING:
    from psycopg_pool import AsyncConnectionPool

log = logging.getLogger(__name__)

PROVIDER = "microsoft"
CALLBACK_PATH = "/api/v1/auth/microsoft/callback"
FLOW_TTL = timedelta(minutes=10)
BROWSER_BINDING_PREFIX = "ckf_"
MAX_NEXT_LENGTH = 512
MAX_NAME_LENGTH = 100
_TRUE_VALUES = (True, 1, "1", "true", "True")


class SignInProvider(Protocol):
    """The outside half of the flow (MSAL against Entra in production, a fake provider in tests)."""

    async def begin(self, *, redirect_uri: str) -> dict[str, Any]:
        """A JSON-serialisable flow whose `auth_uri` the browser visits and whose `state` comes back."""
        ...

    async def complete(self, flow: dict[str, Any], response: Mapping[str, str]) -> dict[str, Any]:
        """The verified id token claims for the provider's redirect back to us."""
        ...


# -- pure rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MicrosoftIdentity:
    tenant_id: str
    subject: str
    email: str | None
    email_trusted: bool
    name: str


def allowed_tenants(setting: str) -> frozenset[str]:
    return frozenset(t.strip().lower() for t in setting.split(",") if t.strip())


def _email(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def read_claims(claims: Mapping[str, Any], *, allowed: frozenset[str]) -> MicrosoftIdentity:
    """Who signed in, from verified id token claims; refuses tenants outside a non-empty allow-list."""
    tenant = claims.get("tid")
    if not isinstance(tenant, str) or not tenant.strip():
        raise Unauthenticated(
            "Microsoft did not say which organisation you signed in with (tid).",
            code="missing_claims",
            details={"missing": ["tid"]},
        )
    tenant = tenant.strip().lower()
    tenant_allowed = tenant in allowed
    if allowed and not tenant_allowed:
        raise PermissionDenied(
            "Accounts of your organisation cannot sign in here.", code="tenant_not_allowed"
        )
    # oid is the same for every app of the tenant and never reassigned; sub is per app. Prefer oid.
    subject = next(
        (v for v in (claims.get("oid"), claims.get("sub")) if isinstance(v, str) and v.strip()), None
    )
    if subject is None:
        raise Unauthenticated(
            "Microsoft did not say who you are (oid or sub).",
            code="missing_claims",
            details={"missing": ["oid"]},
        )
    email = _email(claims.get("email"))
    vouched = claims.get("email_verified") in _TRUE_VALUES or claims.get("xms_edov") in _TRUE_VALUES
    trusted = email is not None and (vouched or tenant_allowed)
    if email is None:
        # Entra's preferred_username is the UPN: tenant-controlled, so trusted only from listed tenants.
        email = _email(claims.get("preferred_username"))
        trusted = email is not None and tenant_allowed
    name = claims.get("name")
    display = name.strip()[:MAX_NAME_LENGTH] if isinstance(name, str) and name.strip() else ""
    if not display and email:
        display = email.split("@")[0][:MAX_NAME_LENGTH]
    return MicrosoftIdentity(
        tenant_id=tenant, subject=subject.strip(), email=email, email_trusted=trusted, name=display
    )


def safe_next_path(value: str | None) -> str:
    """Where to land after signing in: a path on our own site only, never another origin."""
    if value is None or value == "":
        return "/"
    parts = urlsplit(value)
    if (
        len(value) > MAX_NEXT_LENGTH
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(c) < 0x21 or ord(c) == 0x7F for c in value)
        or parts.scheme
        or parts.netloc
    ):
        raise InvalidInput("`next` must be a path on this site, like /posts.", code="invalid_next")
    return value


# -- wiring ------------------------------------------------------------------------------------


def is_enabled(settings: Settings) -> bool:
    """Whether this deployment offers Sign in with Microsoft (an app registration is configured)."""
    return bool(settings.microsoft_client_id)


def require_enabled(settings: Settings) -> None:
    if not is_enabled(settings):
        raise NotFound(
            "Sign-in with Microsoft is not set up on this server.", code="microsoft_sign_in_disabled"
        )


def callback_url(settings: Settings) -> str:
    return f"{settings.public_base_url.rstrip('/')}{CALLBACK_PATH}"


_providers: WeakKeyDictionary[Container, SignInProvider] = WeakKeyDictionary()


def provider_for(container: Container) -> SignInProvider:
    """One MSAL client per container (per process): it keeps the provider's discovery and keys."""
    require_enabled(container.settings)
    provider = _providers.get(container)
    if provider is None:
        from shared.adapters.msal_client import MsalSignInClient

        owner = weakref.ref(container)  # the cache must not keep its own key alive

        async def client_secret() -> str:
            live = owner()
            if live is None:
                raise KeyError("microsoft-client-secret")
            return await live.secrets.get("microsoft-client-secret")

        try:
            provider = MsalSignInClient(
                client_id=container.settings.microsoft_client_id,
                authority=container.settings.microsoft_authority,
                client_secret=client_secret,
            )
        except ValueError as exc:
            log.error("MICROSOFT_AUTHORITY is not usable: %s", exc)
            raise DependencyUnavailable(
                "Sign-in with Microsoft is misconfigured on this server.", code="microsoft_unavailable"
            ) from exc
        _providers[container] = provider
    return provider


# -- the flow ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInStart:
    authorize_url: str
    browser_token: str  # binds the flow to this browser; the caller puts it in an HttpOnly cookie
    expires_in: int


@dataclass(frozen=True)
class SignInResult:
    pair: TokenPair
    redirect_url: str
    user_id: UUID
    outcome: str  # "identity" (already linked), "linked" (by email) or "created"


async def begin(
    container: Container, provider: SignInProvider, *, next_path: str | None, client: ClientInfo
) -> SignInStart:
    require_enabled(container.settings)
    target = safe_next_path(next_path)
    pool = await container.db()
    await ratelimit.hit(pool, ratelimit.MICROSOFT_LOGIN_PER_IP, client.ip or "unknown")
    flow = await provider.begin(redirect_uri=callback_url(container.settings))
    authorize_url = str(flow.pop("auth_uri"))
    browser_token = new_token(BROWSER_BINDING_PREFIX)
    async with pool.connection() as conn, conn.transaction():
        # Abandoned flows go here rather than in a timer: every start pays for a few stale rows.
        await conn.execute("DELETE FROM microsoft_sign_in_flows WHERE expires_at < now()")
        await conn.execute(
            """INSERT INTO microsoft_sign_in_flows (state_hash, browser_hash, flow, next_path, ip, expires_at)
               VALUES (%s, %s, %s, %s, %s, %s)""",
            (
                digest(str(flow["state"])),
                digest(browser_token),
                Jsonb(flow),
                target,
                client.ip,
                datetime.now(UTC) + FLOW_TTL,
            ),
        )
    return SignInStart(authorize_url, browser_token, int(FLOW_TTL.total_seconds()))


async def _take_flow(pool: AsyncConnectionPool, state: str, browser_token: str) -> tuple[dict[str, Any], str]:
    """The flow started by this browser with this state, deleted so it cannot be used twice."""
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """DELETE FROM microsoft_sign_in_flows WHERE state_hash = %s AND browser_hash = %s
               RETURNING flow, next_path, expires_at""",
            (digest(state), digest(browser_token)),
        )
        row = await cursor.fetchone()
    if row is None:
        raise Unauthenticated(
            "This sign-in link is unknown, already used, or from another browser; start again.",
            code="invalid_state",
        )
    flow, next_path, expires_at = row
    if expires_at <= datetime.now(UTC):
        raise Unauthenticated("This sign-in attempt took too long; start again.", code="state_expired")
    return dict(flow), str(next_path)


async def complete(
    container: Container,
    provider: SignInProvider,
    *,
    response: Mapping[str, str],
    browser_token: str | None,
    client: ClientInfo,
) -> SignInResult:
    """Finish the flow the provider redirected back to us, and start our own session."""
    settings = container.settings
    require_enabled(settings)
    state = response.get("state")
    if not state or not browser_token:
        raise Unauthenticated(
            "This sign-in link is unknown, already used, or from another browser; start again.",
            code="invalid_state",
        )
    pool = await container.db()
    flow, next_path = await _take_flow(pool, state, browser_token)
    claims: dict[str, Any] = {}
    try:
        claims = await provider.complete(flow, response)
        identity = read_claims(claims, allowed=allowed_tenants(settings.microsoft_allowed_tenants))
        async with pool.connection() as conn, conn.transaction():
            user_id, identity_id, outcome = await _resolve_user(conn, identity)
            pair = await start_session(conn, container, user_id, client)
            if outcome == "created":
                await audit.record(
                    conn,
                    AuditEvent.USER_REGISTERED,
                    actor=user_id,
                    ip=client.ip,
                    details={"method": PROVIDER},
                )
            await audit.record(
                conn,
                AuditEvent.MICROSOFT_SIGN_IN,
                actor=user_id,
                ip=client.ip,
                target_type="user_identity",
                target_id=identity_id,
                details={"tenant_id": identity.tenant_id, "outcome": outcome},
            )
    except DependencyUnavailable:
        raise
    except DomainError as exc:
        async with pool.connection() as conn:
            await audit.record(
                conn,
                AuditEvent.LOGIN_FAILED,
                ip=client.ip,
                details={"method": PROVIDER, "reason": exc.code, "tenant_id": _tenant_of(claims)},
            )
        raise
    return SignInResult(pair, f"{settings.public_base_url.rstrip('/')}{next_path}", user_id, outcome)


def _tenant_of(claims: Mapping[str, Any]) -> str | None:
    tenant = claims.get("tid")
    return tenant.strip().lower()[:64] if isinstance(tenant, str) and tenant.strip() else None


async def _resolve_user(conn: AsyncConnection, identity: MicrosoftIdentity) -> tuple[UUID, UUID, str]:
    """(user id, identity row id, outcome). Goes round again when a concurrent sign-in of the same
    person inserted first: its rows are visible once our conflicting insert has waited for it."""
    for _ in range(3):
        cursor = await conn.execute(
            """SELECT i.id, u.id, u.disabled_at FROM user_identities i JOIN users u ON u.id = i.user_id
               WHERE i.provider = %s AND i.tenant_id = %s AND i.subject = %s""",
            (PROVIDER, identity.tenant_id, identity.subject),
        )
        row = await cursor.fetchone()
        if row is not None:
            identity_id, user_id, disabled_at = row
            if disabled_at is not None:
                raise PermissionDenied("This account is disabled.", code="account_disabled")
            await conn.execute(
                "UPDATE user_identities SET last_used_at = now(), email = coalesce(%s, email) WHERE id = %s",
                (identity.email, identity_id),
            )
            return user_id, identity_id, "identity"
        if identity.email is None:
            raise Unauthenticated(
                "Microsoft did not share an email address for this account.", code="email_missing"
            )
        user = await find_user_by_email(conn, identity.email)
        if user is not None:
            if user.disabled_at is not None:
                raise PermissionDenied("This account is disabled.", code="account_disabled")
            if user.email_verified_at is None:
                raise Conflict(
                    "An account with this email exists but its address is not verified. Verify it "
                    "from the email we sent (or reset its password), then sign in with Microsoft "
                    "again.",
                    code="email_not_verified",
                )
            _require_trusted(identity)
            linked = await _insert_identity(conn, user.id, identity)
            if linked is not None:
                return user.id, linked, "linked"
            continue
        _require_trusted(identity)
        cursor = await conn.execute(
            """INSERT INTO users (email, email_normalized, name, email_verified_at)
               VALUES (%s, %s, %s, now())
               ON CONFLICT (email_normalized) DO NOTHING RETURNING id""",
            (identity.email, normalize_email(identity.email), identity.name),
        )
        created = await cursor.fetchone()
        if created is None:
            continue
        new_identity = await _insert_identity(conn, created[0], identity)
        if new_identity is not None:
            return created[0], new_identity, "created"
        # Someone linked this identity elsewhere meanwhile: undo our user, use theirs.
        await conn.execute("DELETE FROM users WHERE id = %s", (created[0],))
    raise Conflict("Another sign-in for this account is in progress; try again.", code="sign_in_conflict")


def _require_trusted(identity: MicrosoftIdentity) -> None:
    if not identity.email_trusted:
        raise PermissionDenied(
            "Microsoft did not confirm that this email address belongs to you, so it cannot be used to "
            "find or create your account here.",
            code="microsoft_email_unverified",
        )


async def _insert_identity(conn: AsyncConnection, user_id: UUID, identity: MicrosoftIdentity) -> UUID | None:
    cursor = await conn.execute(
        """INSERT INTO user_identities (user_id, provider, tenant_id, subject, email, last_used_at)
           VALUES (%s, %s, %s, %s, %s, now())
           ON CONFLICT (provider, tenant_id, subject) DO NOTHING RETURNING id""",
        (user_id, PROVIDER, identity.tenant_id, identity.subject, identity.email),
    )
    row = await cursor.fetchone()
    return None if row is None else row[0]
