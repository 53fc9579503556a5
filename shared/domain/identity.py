"""Who is calling: the principal every authenticated request carries."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID


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

    def may_write(self) -> bool:
        return Scope.WRITE in self.scopes
