"""Access tokens: short-lived JWTs signed with HS256 under a key ring that rotates by `kid`.

The `kid` is derived from the key itself (a hash prefix), so rotating is: put the new key in
JWT_SIGNING_KEY (or the Key Vault secret) and move the old one to JWT_PREVIOUS_SIGNING_KEYS until
the last token it signed has expired.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import jwt

from shared.adapters.secrets import SecretProvider
from shared.config import Settings
from shared.domain.errors import Unauthenticated

ALGORITHM = "HS256"  # pinned: a token naming any other algorithm (incl. "none") is refused
LEEWAY_SECONDS = 10


def key_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class KeyRing:
    current: str
    previous: tuple[str, ...] = ()

    def by_kid(self) -> dict[str, str]:
        return {key_id(k): k for k in (self.current, *self.previous)}


@dataclass(frozen=True)
class AccessToken:
    token: str
    expires_in: int
    jti: str


@dataclass(frozen=True)
class AccessClaims:
    user_id: UUID
    jti: str
    issued_at: int
    expires_at: int


async def load_key_ring(secrets: SecretProvider) -> KeyRing:
    current = await secrets.get("jwt-signing-key")
    try:
        previous = await secrets.get("jwt-previous-signing-keys")
    except KeyError:  # no rotation in progress
        previous = ""
    return KeyRing(current, tuple(k.strip() for k in previous.split(",") if k.strip()))


def issue_access_token(
    ring: KeyRing, settings: Settings, user_id: UUID, *, now: float | None = None
) -> AccessToken:
    issued = int(now if now is not None else time.time())
    jti = uuid.uuid4().hex
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": str(user_id),
        "iat": issued,
        "nbf": issued,
        "exp": issued + settings.access_token_ttl_seconds,
        "jti": jti,
    }
    token = jwt.encode(claims, ring.current, algorithm=ALGORITHM, headers={"kid": key_id(ring.current)})
    return AccessToken(token=token, expires_in=settings.access_token_ttl_seconds, jti=jti)


def verify_access_token(ring: KeyRing, settings: Settings, token: str) -> AccessClaims:
    """Claims of a valid token; Unauthenticated (invalid_token / token_expired) otherwise."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise Unauthenticated("The access token is malformed.", code="invalid_token") from exc
    key = ring.by_kid().get(str(header.get("kid", "")))
    if key is None or header.get("alg") != ALGORITHM:
        raise Unauthenticated("The access token was not issued by us.", code="invalid_token")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "sub", "jti", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("The access token has expired; refresh it.", code="token_expired") from exc
    except jwt.PyJWTError as exc:
        raise Unauthenticated("The access token is not valid.", code="invalid_token") from exc
    try:
        user_id = UUID(str(claims["sub"]))
    except ValueError as exc:
        raise Unauthenticated("The access token is not valid.", code="invalid_token") from exc
    return AccessClaims(
        user_id=user_id, jti=str(claims["jti"]), issued_at=int(claims["iat"]), expires_at=int(claims["exp"])
    )
