"""The connector protocol: what the publish pipeline needs from any platform.

The pipeline decides retries and states; connectors translate one platform's API and, above all,
classify its failures into the errors below. Getting that classification right is what keeps
publishing exactly-once: `TransientError` promises the platform did nothing, `AmbiguousError`
admits it may have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class Capabilities:
    """Limits checked before a post is accepted; keep every platform limit here, not in code paths."""

    max_text_length: int
    max_media: int = 0
    media_kinds: frozenset[str] = frozenset()  # "image", "gif", "video"
    max_image_bytes: int = 0
    max_video_bytes: int = 0
    max_video_seconds: int = 0
    idempotency_keys: bool = False  # the platform honours an idempotency key on create
    reconcile: bool = False  # recent posts can be read back to settle an ambiguous outcome


@dataclass(frozen=True)
class Credentials:
    access_token: str
    refresh_token: str | None = None
    expires_at: datetime | None = None

    def __repr__(self) -> str:  # never print tokens, even in a traceback
        return f"Credentials(expires_at={self.expires_at!r})"


@dataclass(frozen=True)
class ConnectedAccount:
    external_id: str
    handle: str
    display_name: str
    credentials: Credentials
    url: str | None = None


@dataclass(frozen=True)
class MediaItem:
    kind: str
    content_type: str
    url: str  # short-lived read URL the platform (or the connector) fetches


@dataclass(frozen=True)
class PublishRequest:
    text: str
    media: tuple[MediaItem, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    idempotency_key: str = ""
    client_reference: str = ""  # our target id, for reconciliation and inspection


@dataclass(frozen=True)
class RateBudget:
    """What the platform said is left of the account's budget, read from its response headers."""

    remaining: int
    reset_at: datetime


@dataclass(frozen=True)
class Published:
    external_id: str
    url: str | None = None
    rate: RateBudget | None = None


class PlatformError(Exception):
    """Base: `code` is stable (shown to users with `message`), never containing tokens."""

    code = "platform_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class RateLimitedError(PlatformError):
    code = "rate_limited"

    def __init__(self, message: str, *, reset_at: datetime, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.reset_at = reset_at


class TransientError(PlatformError):
    """The platform certainly did not act (connection refused, 5xx before processing): safe to retry."""

    code = "platform_unavailable"


class AmbiguousError(PlatformError):
    """The request may have been acted on (timeout after sending): never blindly retry a create."""

    code = "outcome_unknown"


class TokenExpiredError(PlatformError):
    """Refresh the token and try again."""

    code = "token_expired"


class AuthRevokedError(PlatformError):
    """The user must reconnect the account."""

    code = "needs_reauth"


class PermanentError(PlatformError):
    """The platform refused this content for good (validation, policy): retrying cannot help."""

    code = "rejected"


class Connector(Protocol):
    platform: str
    capabilities: Capabilities

    async def publish(self, credentials: Credentials, request: PublishRequest) -> Published: ...

    async def refresh(self, credentials: Credentials) -> Credentials: ...

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """Look for a post this request created (after an ambiguous outcome); None if there is none."""
        ...
