"""Email delivery: one port, three backends chosen by EMAIL_BACKEND.

Services depend on `EmailSender` only, so development stores mail in PostgreSQL (readable at
/api/dev/outbox) while Azure sends through Azure Communication Services, with no code path of its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from shared.config import Settings
from shared.domain.email import EmailMessage

if TYPE_CHECKING:
    from psycopg_pool import AsyncConnectionPool

PoolProvider = Callable[[], Awaitable["AsyncConnectionPool"]]


class EmailSender(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Deliver the message or raise `EmailDeliveryFailed`."""
        ...

    async def close(self) -> None: ...


def sender_from_settings(settings: Settings, pool_provider: PoolProvider) -> EmailSender:
    """The configured backend. The pool is asked for lazily, so SMTP and ACS never open one."""
    if settings.email_backend == "smtp":
        from shared.adapters.email.smtp import SmtpEmailSender

        return SmtpEmailSender.from_settings(settings)
    if settings.email_backend == "acs":
        from shared.adapters.email.acs import AcsEmailSender

        return AcsEmailSender.from_settings(settings)
    from shared.adapters.email.dev_outbox import DevOutboxSender

    return DevOutboxSender(pool_provider)
