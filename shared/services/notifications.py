"""Telling people and systems that a target settled: webhook messages and failure emails.

Both run after the commit that settled the target, and both are best effort there: the publication
already happened (or already failed), so a queue or mail-server hiccup must not fail the publish nor
make the host retry its message. What the hook misses, a sweep finds: webhook rows wait in their
outbox, and an unreported failure is visible in the database as a failed target that no email named.

Failure emails are batched per post: at most one per BATCH_WINDOW, and while other targets of the same
post are still being published the email waits for them (up to the window; the sweep sends it when
none is in flight any more), so a post that fails on five accounts yields one email naming the first
"and 4 more accounts", not five.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from shared.bootstrap import Container
from shared.domain.posts import TargetStatus
from shared.services import webhooks

log = logging.getLogger(__name__)

BATCH_WINDOW = timedelta(minutes=10)
# Failures older than this are never emailed (e.g. those that predate this feature on first deploy).
REPORT_HORIZON = timedelta(days=1)
RETENTION = timedelta(days=30)  # must exceed REPORT_HORIZON, or old failures would look unreported
SWEEP_BATCH = 200
# Advisory-lock namespace of failure emails ("cknf"), paired with a hash of the post id.
LOCK_CLASS = 0x636B_6E66

# A failed or unconfirmed target no email has named since it failed (a retried target that fails
# again is newer than the email that named it the first time). `t` is the post_targets row.
UNREPORTED = """NOT EXISTS (
    SELECT 1 FROM publish_failure_emails e
    WHERE e.post_id = t.post_id AND t.id = ANY (e.target_ids) AND e.sent_at >= t.updated_at)"""
IN_FLIGHT_SIBLING = """EXISTS (
    SELECT 1 FROM post_targets s
    WHERE s.post_id = t.post_id AND s.status IN ('queued', 'publishing', 'retry_wait'))"""


async def announce_settled(
    container: Container, workspace_id: UUID, post_id: UUID, status: TargetStatus, *, deliveries: bool = True
) -> None:
    """Call after the commit in which a target of `post_id` reached `status`. Never raises.

    `deliveries=False` when the caller knows that commit wrote no webhook delivery: it skips the flush,
    a transaction per publish that a workspace without webhooks never needs (the sweep still covers
    anything missed).
    """
    if status not in webhooks.SETTLED_EVENTS:
        return
    try:
        if deliveries:
            await webhooks.flush_workspace(container, workspace_id)
    except Exception:
        log.warning(
            "webhook messages not sent after commit; the sweep will send them",
            exc_info=True,
            extra={"workspace_id": str(workspace_id)},
        )
    if status is TargetStatus.PUBLISHED:
        return
    try:
        await email_failures(container, post_id)
    except Exception:
        log.warning(
            "publish failure email not sent; the sweep will try again",
            exc_info=True,
            extra={"post_id": str(post_id)},
        )


@dataclass(frozen=True)
class _Failure:
    target_id: UUID
    handle: str
    platform: str
    message: str
    failed_at: datetime


def failure_text(first_message: str, others: int) -> str:
    """The template names one account; the others are counted in the error text."""
    message = first_message or "The platform did not accept the post."
    if others:
        message += f" (and {others} more account{'s' if others > 1 else ''})"
    return message


async def email_failures(container: Container, post_id: UUID) -> bool:
    """Email the author about this post's unreported failures, if the batching rules allow it now.

    Returns whether an email went out. The check, the record and the send share one transaction under
    an advisory lock on the post: two instances cannot both send, and a send that fails leaves no
    record, so the sweep tries again.
    """
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s::int, hashtext(%s))", (LOCK_CLASS, str(post_id)))
        cursor = await conn.execute(
            """SELECT p.workspace_id, p.body, u.id, u.email, u.name, u.disabled_at IS NULL,
                       EXISTS (SELECT 1 FROM post_targets s
                               WHERE s.post_id = p.id AND s.status IN ('queued', 'publishing', 'retry_wait')),
                       (SELECT max(sent_at) FROM publish_failure_emails e WHERE e.post_id = p.id),
                       clock_timestamp()
                FROM posts p LEFT JOIN users u ON u.id = p.author_id
                WHERE p.id = %s""",
            (post_id,),
        )
        post = await cursor.fetchone()
        if post is None:
            return False
        workspace_id, body, user_id, email, name, enabled, in_flight, last_sent, now = post
        if last_sent is not None and last_sent > now - BATCH_WINDOW:
            return False
        cursor = await conn.execute(
            f"""SELECT t.id, a.handle, a.platform, coalesce(t.error_message, ''), t.updated_at
                FROM post_targets t JOIN social_accounts a ON a.id = t.social_account_id
                WHERE t.post_id = %s AND t.status IN ('failed', 'unconfirmed') AND t.updated_at > %s
                  AND {UNREPORTED}
                ORDER BY t.updated_at, t.id""",  # noqa: S608 - constant SQL fragments
            (post_id, now - REPORT_HORIZON),
        )
        failures = [_Failure(*row) for row in await cursor.fetchall()]
        if not failures:
            return False
        if in_flight and failures[0].failed_at > now - BATCH_WINDOW:
            return False  # a later failing sibling, or the sweep once none is in flight, sends it
        recipient = email if user_id is not None and email and enabled else None
        # clock_timestamp(), not now(): later than every failure this transaction could see.
        await conn.execute(
            """INSERT INTO publish_failure_emails (post_id, recipient_id, target_ids, sent_at)
               VALUES (%s, %s, %s, clock_timestamp())""",
            (post_id, user_id if recipient else None, [f.target_id for f in failures]),
        )
        if recipient is None:
            return False
        first = failures[0]
        base = container.settings.public_base_url.rstrip("/")
        await container.mailer.send_publish_failed(
            recipient,
            name=name or recipient.split("@")[0],
            post_excerpt=body,
            account_name=first.handle,
            platform=first.platform,
            error_message=failure_text(first.message, len(failures) - 1),
            link=f"{base}/app/workspaces/{workspace_id}/posts/{post_id}",
        )
    log.info("publish failure email sent", extra={"post_id": str(post_id), "failures": len(failures)})
    return True


async def sweep(container: Container) -> dict[str, int]:
    """Email failures the after-commit hook missed or had to hold back, and drop old records."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            f"""SELECT DISTINCT t.post_id FROM post_targets t
                WHERE t.status IN ('failed', 'unconfirmed') AND t.updated_at > now() - %s
                  AND {UNREPORTED}
                  AND NOT EXISTS (SELECT 1 FROM publish_failure_emails r
                                  WHERE r.post_id = t.post_id AND r.sent_at > now() - %s)
                  AND (t.updated_at < now() - %s OR NOT {IN_FLIGHT_SIBLING})
                LIMIT %s""",  # noqa: S608 - constant SQL fragments
            (REPORT_HORIZON, BATCH_WINDOW, BATCH_WINDOW, SWEEP_BATCH),
        )
        due = [row[0] for row in await cursor.fetchall()]
        cursor = await conn.execute(
            "DELETE FROM publish_failure_emails WHERE sent_at < now() - %s", (RETENTION,)
        )
        purged = cursor.rowcount
    emailed = 0
    for post_id in due:
        try:
            emailed += await email_failures(container, post_id)
        except Exception:
            log.warning("publish failure email not sent", exc_info=True, extra={"post_id": str(post_id)})
    return {"emailed": emailed, "purged": purged}
