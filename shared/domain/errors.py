"""Errors the core raises; entrypoints map them to HTTP statuses and queue outcomes.

Each carries a stable machine-readable `code` (clients branch on it) and a human `message`
(shown to people as is, so it must never contain secrets or internals).
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every expected failure."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details


class InvalidInput(DomainError):
    code = "invalid_input"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class PermissionDenied(DomainError):
    code = "permission_denied"


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after_seconds: int, code: str | None = None) -> None:
        super().__init__(message, code=code, details={"retry_after_seconds": retry_after_seconds})
        self.retry_after_seconds = retry_after_seconds


class DependencyUnavailable(DomainError):
    """An outside system we need (database, storage, a platform) is not answering."""

    code = "dependency_unavailable"


class EmailDeliveryFailed(DomainError):
    """The email service refused or never received a message; the caller decides whether to retry."""

    code = "email_delivery_failed"
