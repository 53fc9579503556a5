"""Development delivery: messages go to the `dev_outbox` table instead of anyone's inbox.

Developers and tests read them back (GET /api/dev/outbox) to follow verification and reset links
without a mail server. Settings refuse this backend outside development.
"""

from __future__ import annotations

import base64
import logging
from typing import TYPE_CHECKING

from shared.domain.email import EmailMessage, OutboxEntry

if TYPE_CHECKING:
    from psycopg_pool import AsyncConnectionPool

    from shared.adapters.email import PoolProvider

log = logging.getLogger(__name__)

MAX_LIST_LIMIT = 200


class DevOutboxSender:
    def __init__(self, pool_provider: PoolProvider) -> None:
        self._pool_provider = pool_provider

    async def send(self, message: EmailMessage) -> None:
        pool = await self._pool_provider()
        from psycopg.types.json import Jsonb

        attachments = [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "size": len(a.content),
                "content_base64": base64.b64encode(a.content).decode("ascii"),
            }
            for a in message.attachments
        ]
        async with pool.connection() as conn:
            await conn.execute(
                "INSERT INTO dev_outbox (to_address, subject, template, text_body, html_body, attachments)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (
                    message.to,
                    message.subject,
                    message.template,
                    message.text_body,
                    message.html_body,
                    Jsonb(attachments),
                ),
            )
        # The body is left out: it carries one-time tokens, and the outbox is where to read it.
        log.info("dev outbox: %r to %s (see /api/dev/outbox)", message.subject, message.to)

    async def close(self) -> None:
        """The pool belongs to the container, which closes it."""


async def list_outbox(
    pool: AsyncConnectionPool, *, limit: int = 50, to: str | None = None
) -> list[OutboxEntry]:
    """Stored messages, newest first; `to` matches the recipient case-insensitively."""
    if not 1 <= limit <= MAX_LIST_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIST_LIMIT}")
    from psycopg.rows import class_row

    query = (
        'SELECT id, created_at, to_address AS "to", subject, template, text_body, html_body, attachments'
        " FROM dev_outbox"
        " WHERE %(to)s::text IS NULL OR lower(to_address) = lower(%(to)s::text)"
        " ORDER BY created_at DESC, id DESC LIMIT %(limit)s"
    )
    async with pool.connection() as conn, conn.cursor(row_factory=class_row(OutboxEntry)) as cur:
        await cur.execute(query, {"to": to, "limit": limit})
        return await cur.fetchall()
