"""The publish pipeline: dispatch due targets to the queue, publish each exactly once, settle outcomes.

Exactly once rests on two rules. Every state change is a guarded UPDATE (`WHERE status = expected`),
so of two workers holding the same message only one moves a target to `publishing`. And a create
whose outcome is unknown is never blindly repeated: the idempotency key makes a repeat harmless on
platforms that honour one; elsewhere we read the account's recent posts; failing both, the target is
`unconfirmed` for a person to check.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

from shared.bootstrap import Container
from shared.domain.posts import TargetStatus
from shared.observability import record_publish_outcome
from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    Credentials,
    DuplicateError,
    MediaItem,
    Pending,
    PermanentError,
    PlatformError,
    Published,
    PublishOutcome,
    PublishRequest,
    RateLimitedError,
    TokenExpiredError,
    TransientError,
)
from shared.services import accounts, notifications, webhooks

log = logging.getLogger(__name__)

DISPATCH_BATCH = 5000
BACKOFF_BASE = timedelta(seconds=15)
BACKOFF_CAP = timedelta(minutes=30)


@dataclass(frozen=True)
class Dispatched:
    target_id: UUID
    due_at: datetime


ENQUEUE_CONCURRENCY = 32


async def enqueue(container: Container, targets: list[Dispatched]) -> None:
    """One message per target, invisible until the target's second.

    Sent 32 at a time (a 1,000-target burst is queued in about a second, not two), each delay worked
    out just before its own send so a message sent late in the batch is not visible late.
    """
    queue = container.queue
    gate = asyncio.Semaphore(ENQUEUE_CONCURRENCY)

    async def send(target: Dispatched) -> None:
        async with gate:
            await queue.send(
                container.settings.publish_queue,
                {"target_id": str(target.target_id)},
                delay=max(target.due_at - datetime.now(UTC), timedelta(0)),
            )

    await asyncio.gather(*(send(target) for target in targets))


async def dispatch_due(container: Container, *, lookahead: timedelta | None = None) -> int:
    """Claim scheduled targets due within the lookahead and queue them; returns how many.

    Claim and send happen inside one transaction, committed only after every message is sent: if
    sending fails the targets stay `scheduled` and the next run claims them again. A message sent
    for a claim that then rolled back finds its target not `queued` and is dropped by the worker.
    """
    lookahead = (
        timedelta(seconds=container.settings.dispatch_lookahead_seconds) if lookahead is None else lookahead
    )
    pool = await container.db()
    await fail_missed(container)
    total = 0
    while True:
        async with pool.connection() as conn, conn.transaction():
            cursor = await conn.execute(
                """WITH due AS (
                       SELECT id FROM post_targets
                       WHERE status = 'scheduled' AND scheduled_at < now() + %s
                       ORDER BY scheduled_at
                       LIMIT %s
                       FOR UPDATE SKIP LOCKED)
                   UPDATE post_targets t SET status = 'queued', queued_at = now(), updated_at = now()
                   FROM due WHERE t.id = due.id
                   RETURNING t.id, t.scheduled_at""",
                (lookahead, DISPATCH_BATCH),
            )
            claimed = [Dispatched(row[0], row[1]) for row in await cursor.fetchall()]
            await enqueue(container, claimed)
        total += len(claimed)
        if len(claimed) < DISPATCH_BATCH:
            return total


MISSED_MESSAGE = (
    "This post was due while publishing was unavailable and is now too late for the workspace's "
    "missed-post policy. Reschedule it or publish it now."
)
# Under the 'fail' policy a target may still be a little late (a timer tick, a slow poll).
FAIL_POLICY_TOLERANCE = timedelta(seconds=60)


async def fail_missed(container: Container) -> int:
    """Fail targets whose time passed beyond what the workspace accepts (after an outage).

    Policy 'publish_late' publishes late within the workspace's grace; 'fail' allows only a minute.
    Doing this before claiming means an outage never ends in a burst of stale posts.
    """
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """UPDATE post_targets t
               SET status = 'failed', error_code = 'missed', error_message = %s, updated_at = now()
               FROM workspaces w
               WHERE w.id = t.workspace_id AND t.status = 'scheduled'
                 AND t.scheduled_at < now()  -- bounds the scan on the partial index to overdue rows
                 AND t.scheduled_at < now() - CASE WHEN w.missed_post_policy = 'fail' THEN %s
                                                   ELSE make_interval(secs => w.missed_post_grace_seconds) END
               RETURNING t.id, t.post_id, t.workspace_id""",
            (MISSED_MESSAGE, FAIL_POLICY_TOLERANCE),
        )
        missed = await cursor.fetchall()
        posts = {(row[1], row[2]) for row in missed}
        for target_id, _, _ in missed:
            await webhooks.emit_target_settled(conn, target_id, TargetStatus.FAILED)
    for workspace_id in {workspace for _, workspace in posts}:
        await webhooks.flush_workspace(container, workspace_id)
    for post_id, workspace_id in posts:
        await notifications.announce_settled(container, workspace_id, post_id, TargetStatus.FAILED)
    return len(posts)


@dataclass(frozen=True)
class Work:
    target_id: UUID
    post_id: UUID
    workspace_id: UUID
    account_id: UUID
    platform: str
    status: TargetStatus
    text: str
    options: dict[str, Any]
    idempotency_key: UUID
    attempt_count: int
    next_attempt_at: datetime | None
    account_status: str
    media_ids: list[UUID]
    rate_remaining: int | None = None
    rate_reset_at: datetime | None = None
    scheduled_at: datetime | None = None
    # Attempts that only met a rate limit: waiting for a reset is not a failure, so these do not
    # count against PUBLISH_MAX_ATTEMPTS or grow the backoff.
    rate_limited_attempts: int = 0
    account: AccountRef = field(default_factory=lambda: AccountRef(""))
    platform_state: dict[str, Any] | None = None
    processing_started_at: datetime | None = None

    @property
    def failed_attempts(self) -> int:
        return self.attempt_count - self.rate_limited_attempts

    def request(self) -> PublishRequest:
        return PublishRequest(
            text=self.text,
            options=self.options,
            idempotency_key=str(self.idempotency_key),
            client_reference=str(self.target_id),
            account=self.account,
        )


async def _load(conn: AsyncConnection, target_id: UUID) -> Work | None:
    cursor = await conn.execute(
        """SELECT t.id, t.post_id, t.workspace_id, t.social_account_id, a.platform, t.status,
                  coalesce(t.text_override, p.body), t.options, t.idempotency_key, t.attempt_count,
                  t.next_attempt_at, a.status, coalesce(t.media_ids, p.media_ids), a.rate_remaining,
                  a.rate_reset_at, t.scheduled_at,
                  (SELECT count(*) FROM publish_attempts pa
                   WHERE pa.target_id = t.id AND pa.outcome = 'RateLimitedError'),
                  a.external_id, a.handle, a.metadata, t.platform_state, t.processing_started_at
           FROM post_targets t
           JOIN posts p ON p.id = t.post_id
           JOIN social_accounts a ON a.id = t.social_account_id
           WHERE t.id = %s""",
        (target_id,),
    )
    row = await cursor.fetchone()
    if row is None:
        return None
    return Work(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        TargetStatus(row[5]),
        row[6],
        row[7] or {},
        row[8],
        row[9],
        row[10],
        row[11],
        list(row[12] or []),
        row[13],
        row[14],
        row[15],
        row[16],
        AccountRef(row[17], row[18], {k: str(v) for k, v in (row[19] or {}).items()}),
        row[20] or None,
        row[21],
    )


MEDIA_URL_LIFETIME = timedelta(hours=2)
EARLY_TOLERANCE = timedelta(milliseconds=50)


async def _media_items(container: Container, work: Work) -> tuple[MediaItem, ...]:
    """Short-lived read URLs for the attached files, for the platform (or its connector) to fetch."""
    if not work.media_ids:
        return ()
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT id, kind, content_type, blob_name, size_bytes, width, height, duration_ms
               FROM media WHERE workspace_id = %s AND id = ANY(%s)""",
            (work.workspace_id, work.media_ids),
        )
        rows = {row[0]: row for row in await cursor.fetchall()}
    items = []
    for media_id in work.media_ids:
        if media_id not in rows:
            raise PermanentError(
                "An attached file was deleted before the post went out.", code="media_missing"
            )
        _, kind, content_type, blob_name, size, width, height, duration_ms = rows[media_id]
        url = await container.blob.read_sas_url(
            container.settings.media_container, blob_name, expires_in=MEDIA_URL_LIFETIME
        )
        items.append(
            MediaItem(
                kind=str(kind),
                content_type=content_type,
                url=url,
                size=size or 0,
                width=width,
                height=height,
                duration_ms=duration_ms,
            )
        )
    return tuple(items)


async def _start_attempt(conn: AsyncConnection, work: Work, attempt: UUID) -> bool:
    """queued/retry_wait → publishing, for exactly one holder of the message."""
    cursor = await conn.execute(
        """UPDATE post_targets SET status = 'publishing', current_attempt = %s,
                  attempt_count = attempt_count + 1, publishing_started_at = now(), updated_at = now()
           WHERE id = %s AND status = %s
           RETURNING attempt_count""",
        (attempt, work.target_id, work.status.value),
    )
    row = await cursor.fetchone()
    if row is None:
        return False
    await conn.execute(
        """INSERT INTO publish_attempts (target_id, attempt_no, attempt_id, from_status, to_status)
           VALUES (%s, %s, %s, %s, 'publishing')""",
        (work.target_id, row[0], attempt, work.status.value),
    )
    return True


async def _finish(
    conn: AsyncConnection,
    work: Work,
    attempt: UUID,
    to: TargetStatus,
    *,
    published: Published | None = None,
    error: PlatformError | None = None,
    next_attempt_at: datetime | None = None,
    started: datetime,
    pending: Pending | None = None,
    from_status: TargetStatus = TargetStatus.PUBLISHING,
) -> list[UUID] | None:
    """publishing (or processing) → `to`, only if this attempt still owns the target (a stale worker
    changes nothing).

    Returns None when another attempt owns it, else the webhook deliveries written (often none, and
    then nothing needs flushing after the commit).
    """
    next_check = datetime.now(UTC) + pending.check_after if pending else None
    cursor = await conn.execute(
        """UPDATE post_targets SET status = %s, updated_at = now(), next_attempt_at = %s,
                  external_id = coalesce(%s, external_id), external_url = coalesce(%s, external_url),
                  published_at = CASE WHEN %s = 'published' THEN now() ELSE published_at END,
                  error_code = %s, error_message = %s,
                  platform_state = coalesce(%s, platform_state), next_check_at = %s,
                  processing_started_at = CASE WHEN %s = 'processing'
                      THEN coalesce(processing_started_at, now()) ELSE processing_started_at END
           WHERE id = %s AND status = %s AND current_attempt = %s""",
        (
            to.value,
            next_attempt_at,
            published.external_id if published else None,
            published.url if published else None,
            to.value,
            error.code if error else None,
            error.message if error else None,
            Jsonb(pending.state) if pending else None,
            next_check,
            to.value,
            work.target_id,
            from_status.value,
            attempt,
        ),
    )
    if cursor.rowcount != 1:
        return None
    duration = int((datetime.now(UTC) - started).total_seconds() * 1000)
    await conn.execute(
        """UPDATE publish_attempts SET to_status = %s, outcome = %s, error_code = %s, error_message = %s,
                  finished_at = now(), duration_ms = %s
           WHERE attempt_id = %s""",
        (
            to.value,
            "success"
            if to is TargetStatus.PUBLISHED
            else "pending"
            if to is TargetStatus.PROCESSING
            else type(error).__name__
            if error
            else to.value,
            error.code if error else None,
            error.message if error else None,
            duration,
            attempt,
        ),
    )
    return await webhooks.emit_target_settled(conn, work.target_id, to)


def backoff(attempt_count: int) -> timedelta:
    """Exponential with full jitter: spreads retries of a burst that failed together."""
    ceiling = min(BACKOFF_BASE * (2 ** max(attempt_count - 1, 0)), BACKOFF_CAP)
    return timedelta(seconds=random.uniform(ceiling.total_seconds() / 2, ceiling.total_seconds()))  # noqa: S311


def parse_message(body: bytes) -> UUID:
    data = json.loads(body)
    return UUID(str(data["target_id"]))


async def publish_target(container: Container, target_id: UUID) -> TargetStatus | None:
    """Handle one publish message. Returns the state the target ended in, or None if it was not ours."""
    pool = await container.db()
    attempt = uuid4()
    async with pool.connection() as conn:
        work = await _load(conn, target_id)
        if work is None:
            return None
        ready = work.status is TargetStatus.QUEUED or (
            work.status is TargetStatus.RETRY_WAIT
            and (
                work.next_attempt_at is None
                or work.next_attempt_at <= datetime.now(UTC) + timedelta(seconds=1)
            )
        )
        if not ready:
            return None  # done, cancelled, edited or already being published: the message is stale
        early = work.scheduled_at - datetime.now(UTC) if work.scheduled_at else timedelta(0)
        if work.status is TargetStatus.QUEUED and early > EARLY_TOLERANCE:
            # Never before its second: a message that surfaced early (a rescheduled post, a clock
            # step) goes back to sleep for the rest of the wait.
            await container.queue.send(
                container.settings.publish_queue, {"target_id": str(target_id)}, delay=early
            )
            return None
        if work.account_status != "active":
            async with conn.transaction():
                if await _start_attempt(conn, work, attempt):
                    revoked = AuthRevokedError("The account must be reconnected before it can publish.")
                    await _finish(
                        conn, work, attempt, TargetStatus.FAILED, error=revoked, started=datetime.now(UTC)
                    )
            await notifications.announce_settled(
                container, work.workspace_id, work.post_id, TargetStatus.FAILED
            )
            return TargetStatus.FAILED
        async with conn.transaction():
            if not await _start_attempt(conn, work, attempt):
                return None
    started = datetime.now(UTC)
    outcome, published, error, retry_at, pending = await _call_platform(
        container, work, work.request(), started
    )
    reauth: list[UUID] = []
    async with pool.connection() as conn, conn.transaction():
        if outcome is TargetStatus.FAILED and isinstance(error, AuthRevokedError):
            reauth = await accounts.mark_needs_reauth(conn, work.account_id, error.message)
        await _record_budget(conn, work, published, error)
        finished = await _finish(
            conn,
            work,
            attempt,
            outcome,
            published=published,
            error=error,
            next_attempt_at=retry_at,
            started=started,
            pending=pending,
        )
    if finished is not None and pending is not None:
        await _enqueue_check(container, work.target_id, pending)
    if finished is not None:
        await _announce(container, work, outcome, error, deliveries=bool(finished or reauth))
    if finished is not None and outcome is TargetStatus.RETRY_WAIT and retry_at is not None:
        await container.queue.send(
            container.settings.publish_queue,
            {"target_id": str(work.target_id)},
            delay=max(retry_at - datetime.now(UTC), timedelta(0)),
        )
    log.info(
        "target %s: %s",
        work.target_id,
        outcome.value,
        extra={
            "target_id": str(work.target_id),
            "platform": work.platform,
            "outcome": outcome.value,
            "error_code": error.code if error else None,
        },
    )
    return outcome


async def _record_budget(
    conn: AsyncConnection, work: Work, published: Published | None, error: PlatformError | None
) -> None:
    """Keep the account's budget as the platform last reported it; other workers read it first."""
    if published is not None and published.rate is not None:
        budget = (published.rate.remaining, published.rate.reset_at)
    elif isinstance(error, RateLimitedError) and error.code != "paced":  # pacing is ours, not a budget
        budget = (0, error.reset_at)
    else:
        return
    await conn.execute(
        "UPDATE social_accounts SET rate_remaining = %s, rate_reset_at = %s WHERE id = %s",
        (*budget, work.account_id),
    )


Settled = tuple[TargetStatus, Published | None, PlatformError | None, datetime | None]
# One call to the platform with the account's credentials: publish, or ask how a started publish is going.
PlatformCall = Callable[[Credentials, PublishRequest], Awaitable[PublishOutcome]]


async def _call_platform(
    container: Container, work: Work, request: PublishRequest, started: datetime
) -> tuple[TargetStatus, Published | None, PlatformError | None, datetime | None, Pending | None]:
    """Publish, or (slow platforms) start publishing: Pending means the status-check queue carries on."""
    if work.rate_remaining == 0 and work.rate_reset_at and work.rate_reset_at > datetime.now(UTC):
        # The platform told us the budget is spent: wait for its reset instead of spending a 429.
        spent = RateLimitedError(
            "The account's rate budget is spent until the platform resets it.", reset_at=work.rate_reset_at
        )
        return TargetStatus.RETRY_WAIT, None, spent, work.rate_reset_at, None
    connector = container.connector(work.platform)
    pace = connector.capabilities.max_posts_per_second
    if pace > 0:
        slot = await _take_send_slot(container, work.account_id, timedelta(seconds=1 / pace))
        if slot is not None:
            paced = RateLimitedError(
                "Waiting a moment between posts to this account, as the platform asks.",
                reset_at=slot,
                code="paced",
            )
            return TargetStatus.RETRY_WAIT, None, paced, slot, None

    async def call(credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        return await connector.publish(credentials, request)

    try:
        request = replace(request, media=await _media_items(container, work))
    except PlatformError as exc:
        return (*_settle_error(work, exc, container.settings.publish_max_attempts), None)
    outcome = await _with_credentials(container, work, request, started, call)
    if isinstance(outcome, Pending):
        return TargetStatus.PROCESSING, None, None, None, outcome
    return (*outcome, None)


async def _take_send_slot(container: Container, account_id: UUID, interval: timedelta) -> datetime | None:
    """Claim the account's next send (None: go now), or learn when it is free (the wait's end).

    One guarded UPDATE decides between concurrent workers: exactly one finds the slot free and moves
    it `interval` ahead; the others come back when it opens (a little jitter spreads them).
    """
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """UPDATE social_accounts SET next_send_at = now() + %s
               WHERE id = %s AND (next_send_at IS NULL OR next_send_at <= now())
               RETURNING 1""",
            (interval, account_id),
        )
        if await cursor.fetchone() is not None:
            return None
        cursor = await conn.execute("SELECT next_send_at FROM social_accounts WHERE id = %s", (account_id,))
        row = await cursor.fetchone()
    free_at: datetime = row[0] if row and row[0] else datetime.now(UTC)
    return free_at + timedelta(milliseconds=random.uniform(0, 200))  # noqa: S311 - spreading, not secrecy


async def _with_credentials(
    container: Container,
    work: Work,
    request: PublishRequest,
    started: datetime,
    call: PlatformCall,
) -> Settled | Pending:
    """Run one platform call with fresh credentials (refreshing once on an expired token) and map
    every failure to the state it leads to."""
    attempts_left = container.settings.publish_max_attempts - (work.failed_attempts + 1)
    try:
        credentials = await accounts.fresh_credentials(container, work.account_id)
        try:
            result: PublishOutcome = await call(credentials, request)
        except TokenExpiredError:
            credentials = await accounts.fresh_credentials(container, work.account_id, force=True)
            result = await call(credentials, request)
        if isinstance(result, Pending):
            return result
        return TargetStatus.PUBLISHED, result, None, None
    except AmbiguousError as exc:
        return await _settle_ambiguous(
            container, work, request, started, error=exc, attempts_left=attempts_left
        )
    except DuplicateError as exc:
        # After an earlier attempt of ours, "duplicate" most likely means that attempt went through.
        if work.attempt_count > 1 and container.connector(work.platform).capabilities.reconcile:
            settled = await _settle_ambiguous(
                container, work, request, started, error=AmbiguousError(exc.message), attempts_left=0
            )
            if settled[0] is TargetStatus.PUBLISHED:
                return settled
        return TargetStatus.FAILED, None, exc, None
    except PlatformError as exc:
        return _settle_error(work, exc, container.settings.publish_max_attempts)


def _settle_error(work: Work, exc: PlatformError, max_attempts: int) -> Settled:
    attempts_left = max_attempts - (work.failed_attempts + 1)
    if isinstance(exc, RateLimitedError):
        return TargetStatus.RETRY_WAIT, None, exc, max(exc.reset_at, datetime.now(UTC))
    if isinstance(exc, TransientError):
        if attempts_left <= 0:
            return TargetStatus.FAILED, None, exc, None
        return TargetStatus.RETRY_WAIT, None, exc, datetime.now(UTC) + backoff(work.failed_attempts + 1)
    return TargetStatus.FAILED, None, exc, None


async def _settle_ambiguous(
    container: Container,
    work: Work,
    request: PublishRequest,
    started: datetime,
    *,
    error: AmbiguousError,
    attempts_left: int,
) -> tuple[TargetStatus, Published | None, PlatformError | None, datetime | None]:
    """Did the platform act? Look first; repeat only where a repeat is harmless; else say we don't know."""
    connector = container.connector(work.platform)
    if connector.capabilities.reconcile:
        try:
            credentials: Credentials = await accounts.fresh_credentials(container, work.account_id)
            found = await connector.find_published(credentials, request, started)
        except PlatformError:
            found = None
        if found is not None:
            return TargetStatus.PUBLISHED, found, None, None
    if connector.capabilities.idempotency_keys and attempts_left > 0:
        # Not visible (yet): repeating with the same key cannot create a second post.
        return TargetStatus.RETRY_WAIT, None, error, datetime.now(UTC) + backoff(work.failed_attempts + 1)
    unconfirmed = AmbiguousError(
        "The platform did not confirm the post and we could not find it on the account. "
        "Check the account before retrying, so it is not posted twice.",
        code="unconfirmed",
    )
    return TargetStatus.UNCONFIRMED, None, unconfirmed, None


# While one status check runs, duplicates of its message find the target not yet due and stop.
CHECK_LEASE = timedelta(minutes=5)
CHECK_MIN_DELAY = timedelta(seconds=2)
PROCESSING_TIMEOUT_MESSAGE = (
    "The platform accepted the upload but did not finish processing it in time. Check the account; "
    "retry only if the post is not there."
)


def parse_check_message(body: bytes) -> UUID:
    return parse_message(body)


async def _enqueue_check(container: Container, target_id: UUID, pending: Pending) -> None:
    await container.queue.send(
        container.settings.status_check_queue,
        {"target_id": str(target_id)},
        delay=max(pending.check_after, CHECK_MIN_DELAY),
    )


async def check_processing(container: Container, target_id: UUID) -> TargetStatus | None:
    """Handle one status-check message: ask a slow platform how a started publish is going.

    Never sleeps: a target still processing gets a new, delayed message. The check holds the target
    (current_attempt + a lease on next_check_at) so duplicate messages cannot run it twice, and
    finishing is the same guarded transition as publishing.
    """
    pool = await container.db()
    attempt = uuid4()
    async with pool.connection() as conn:
        async with conn.transaction():
            cursor = await conn.execute(
                """UPDATE post_targets
                   SET current_attempt = %s, next_check_at = now() + %s, updated_at = now()
                   WHERE id = %s AND status = 'processing' AND next_check_at <= now() + interval '1 second'
                   RETURNING id""",
                (attempt, CHECK_LEASE, target_id),
            )
            if await cursor.fetchone() is None:
                return None  # settled, not due yet, or another check holds it
        work = await _load(conn, target_id)
    assert work is not None
    started = datetime.now(UTC)
    deadline = (work.processing_started_at or started) + timedelta(
        minutes=container.settings.status_check_max_minutes
    )
    pending: Pending | None = None
    if started > deadline:
        outcome: TargetStatus = TargetStatus.FAILED
        published: Published | None = None
        error: PlatformError | None = PermanentError(PROCESSING_TIMEOUT_MESSAGE, code="processing_timeout")
        retry_at: datetime | None = None
    else:
        connector = container.connector(work.platform)
        state = dict(work.platform_state or {})

        async def call(credentials: Credentials, request: PublishRequest) -> PublishOutcome:
            return await connector.check_status(credentials, request, state)

        request = replace(work.request(), media=await _media_items(container, work))
        result = await _with_credentials(container, work, request, started, call)
        if isinstance(result, Pending):
            outcome, published, error, retry_at, pending = TargetStatus.PROCESSING, None, None, None, result
        else:
            outcome, published, error, retry_at = result
            if outcome is TargetStatus.RETRY_WAIT:
                # A check that met a rate limit or an outage: the platform still has the job, so ask
                # again later instead of publishing again.
                wait = (retry_at or started) - datetime.now(UTC)
                pending = Pending(state, check_after=max(wait, CHECK_MIN_DELAY))
                outcome, retry_at = TargetStatus.PROCESSING, None
    reauth: list[UUID] = []
    async with pool.connection() as conn, conn.transaction():
        if outcome is TargetStatus.FAILED and isinstance(error, AuthRevokedError):
            reauth = await accounts.mark_needs_reauth(conn, work.account_id, error.message)
        finished = await _finish(
            conn,
            work,
            attempt,
            outcome,
            published=published,
            error=error,
            next_attempt_at=retry_at,
            started=started,
            pending=pending,
            from_status=TargetStatus.PROCESSING,
        )
        if finished is not None and outcome is not TargetStatus.PROCESSING:
            await conn.execute(
                """INSERT INTO publish_attempts (target_id, attempt_no, attempt_id, from_status, to_status,
                                                outcome, error_code, error_message, started_at, finished_at,
                                                duration_ms)
                   VALUES (%s, %s, %s, 'processing', %s, %s, %s, %s, %s, now(), %s)""",
                (
                    work.target_id,
                    work.attempt_count,
                    attempt,
                    outcome.value,
                    "success" if outcome is TargetStatus.PUBLISHED else type(error).__name__,
                    error.code if error else None,
                    error.message if error else None,
                    work.processing_started_at or started,
                    int((datetime.now(UTC) - (work.processing_started_at or started)).total_seconds() * 1000),
                ),
            )
    if finished is None:
        return None
    if pending is not None:
        await _enqueue_check(container, work.target_id, pending)
        return TargetStatus.PROCESSING
    await _announce(container, work, outcome, error, deliveries=bool(finished or reauth))
    return outcome


async def _announce(
    container: Container, work: Work, outcome: TargetStatus, error: PlatformError | None, *, deliveries: bool
) -> None:
    """After a target's attempt is committed: its metrics, and the author's and webhooks' news."""
    record_publish_outcome(
        work.platform, outcome.value, error.code if error else None, scheduled_at=work.scheduled_at
    )
    await notifications.announce_settled(
        container, work.workspace_id, work.post_id, outcome, deliveries=deliveries
    )


WORKER_FAILED_MESSAGE = "Publishing failed repeatedly inside clickKloudy; retry it, or contact support."


async def fail_poisoned(container: Container, target_id: UUID) -> bool:
    """A message the worker could not handle after every retry: fail its target with a reason."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """UPDATE post_targets SET status = 'failed', error_code = 'worker_failed', updated_at = now(),
                      error_message = %s
               WHERE id = %s AND status IN ('queued', 'retry_wait')
               RETURNING post_id, workspace_id""",
            (WORKER_FAILED_MESSAGE, target_id),
        )
        row = await cursor.fetchone()
        if row is None:
            return False
        post_id, workspace_id = row
        await webhooks.emit_target_settled(conn, target_id, TargetStatus.FAILED)
    await webhooks.flush_workspace(container, workspace_id)
    await notifications.announce_settled(container, workspace_id, post_id, TargetStatus.FAILED)
    return True


STUCK_QUEUED = timedelta(minutes=2)
STUCK_PUBLISHING = timedelta(minutes=10)


async def sweep(container: Container) -> dict[str, int]:
    """Re-drive what a lost message or a crashed worker left behind; never publishes twice.

    - queued (or retry_wait) long past its time: its message was lost; send another (the worker's
      guarded transition makes a duplicate message harmless).
    - publishing for too long: the worker died mid-call; settle it like an ambiguous outcome.
    """
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT id, coalesce(next_attempt_at, scheduled_at) FROM post_targets
               WHERE (status = 'queued' AND scheduled_at < now() - %s AND queued_at < now() - %s)
                  OR (status = 'retry_wait' AND next_attempt_at < now() - %s)
               LIMIT 5000""",
            (STUCK_QUEUED, STUCK_QUEUED, STUCK_QUEUED),
        )
        lost = [Dispatched(row[0], row[1]) for row in await cursor.fetchall()]
        cursor = await conn.execute(
            "SELECT id FROM post_targets"
            " WHERE status = 'publishing' AND publishing_started_at < now() - %s LIMIT 500",
            (STUCK_PUBLISHING,),
        )
        stuck = [row[0] for row in await cursor.fetchall()]
        # Processing whose status-check message was lost (its check is long overdue): ask again.
        cursor = await conn.execute(
            "SELECT id FROM post_targets"
            " WHERE status = 'processing' AND next_check_at < now() - %s LIMIT 5000",
            (STUCK_QUEUED,),
        )
        unchecked = [row[0] for row in await cursor.fetchall()]
    await enqueue(container, lost)
    for target_id in unchecked:
        await container.queue.send(container.settings.status_check_queue, {"target_id": str(target_id)})
    settled = 0
    for target_id in stuck:
        settled += await _settle_stuck(container, target_id)
    repaired = await repair_post_statuses(container)
    return {"requeued": len(lost), "settled": settled, "rechecked": len(unchecked), "repaired": repaired}


REPAIR_BATCH = 1000


async def repair_post_statuses(container: Container) -> int:
    """Heal posts whose stored status disagrees with their targets; returns how many.

    The database keeps every status right as targets change (migration 0013's trigger); this finds
    rows written wrongly before it (posts left `publishing` after every target had finished) among
    the posts whose time has come and that still show an unfinished status, and recounts them the
    way the trigger does, under the same lock.
    """
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """SELECT p.id FROM posts p
               WHERE p.status IN ('scheduled', 'publishing') AND p.scheduled_at < now()
                 AND p.status <> post_status_of(coalesce(
                     (SELECT array_agg(DISTINCT t.status) FROM post_targets t WHERE t.post_id = p.id), '{}'))
               LIMIT %s""",
            (REPAIR_BATCH,),
        )
        wrong = [row[0] for row in await cursor.fetchall()]
        if wrong:
            await conn.execute("SELECT refresh_post_statuses(%s)", (wrong,))
            log.warning("repaired post statuses", extra={"posts": len(wrong)})
    return len(wrong)


async def _settle_stuck(container: Container, target_id: UUID) -> int:
    pool = await container.db()
    async with pool.connection() as conn:
        work = await _load(conn, target_id)
        cursor = await conn.execute(
            "SELECT current_attempt, publishing_started_at FROM post_targets"
            " WHERE id = %s AND status = 'publishing'",
            (target_id,),
        )
        row = await cursor.fetchone()
    if work is None or row is None:
        return 0
    attempt, started = row
    request = work.request()
    lost = AmbiguousError("The publishing worker stopped before the platform answered.", code="worker_lost")
    outcome, published, error, retry_at = await _settle_ambiguous(
        container,
        work,
        request,
        started,
        error=lost,
        attempts_left=container.settings.publish_max_attempts - work.failed_attempts,
    )
    async with pool.connection() as conn, conn.transaction():
        finished = await _finish(
            conn,
            work,
            attempt,
            outcome,
            published=published,
            error=error,
            next_attempt_at=retry_at,
            started=started,
        )
    if finished is not None:
        await notifications.announce_settled(
            container, work.workspace_id, work.post_id, outcome, deliveries=bool(finished)
        )
    if finished is not None and outcome is TargetStatus.RETRY_WAIT and retry_at is not None:
        await enqueue(container, [Dispatched(target_id, retry_at)])
    return int(finished is not None)
