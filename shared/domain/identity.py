"""Who is calling: the principal every authenticated request carries."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from shared.domain.errors import PermissionDenied


class AuthMethod(StrEnum):
    BEARER = "bearer"  # access token in the Authorization header (API clients)
    COOKIE = "cookie"  # access token in an HttpOnly cookie (the SPA); needs the CSRF header
    API_KEY = "api_key"  # ck_... key in the Authorization header


class Scope(StrEnum):
    READ = "read"
    WRITE = "write"


ALL_SCOPES = frozenset(Scope)


@dataclass(frozen=True)
class Principal:
    user_id: UUID
    is_platform_admin: bool
    method: AuthMethod
    scopes: frozenset[Scope] = ALL_SCOPES
    api_key_id: UUID | None = None
    # Whether the account's email address is verified (a Microsoft sign-in with an email Microsoft
    # vouches for counts as verified). False unless whoever built the principal read it.
    email_verified: bool = False

    def may_write(self) -> bool:
        return Scope.WRITE in self.scopes


EMAIL_NOT_VERIFIED = "Verify your email address first: we sent you a link. You can ask for a new one."


def ensure_verified(principal: Principal) -> None:
    """Refuse what only a verified account may do: create a workspace, connect or reconnect social
    accounts, accept an invitation, publish (a non-draft post, submitting, approving, retrying).

    An unverified account may sign in, see and edit its own account, ask for a new verification link
    and use workspaces it already belongs to for everything else. API keys act for their user, so
    the same rule applies to them.
    """
    if not principal.email_verified:
        raise PermissionDenied(EMAIL_NOT_VERIFIED, code="email_not_verified")
