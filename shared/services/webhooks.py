"""Outbound webhooks: the endpoints a workspace registers, the events written for them, and delivery.

Three rules make delivery dependable:
- Outbox. `emit` writes one delivery row per subscribed webhook inside the caller's transaction, so an
  event exists exactly when the change it announces committed. Queue messages are sent only after the
  commit (`flush_workspace`) and sent again by `sweep` when one is lost: a message is a wake-up call,
  the row is the truth.
- One sender at a time. A worker claims a delivery (row lock, then a guarded UPDATE to `delivering`
  with a lease) before calling the receiver, and records the result only while its claim still holds.
  `delivered` is final, so our own retries never send a success again.
- At least once, not exactly once. A worker that dies after the receiver answered but before the
  result was written leaves a lease that runs out, and the delivery is sent again. Receivers
  deduplicate on the event id (README, "Webhooks").
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
import random
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import httpx
from cryptography.exceptions import InvalidTag
from psycopg import AsyncConnection
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from shared.adapters.egress import HOST_NOT_ALLOWED, HostNotAllowed
from shared.bootstrap import Container
from shared.domain.errors import Conflict, InvalidInput, NotFound
from shared.domain.posts import TargetStatus
from shared.services import audit, ratelimit, token_vault
from shared.services.audit import AuditEvent
from shared.services.principals import WorkspaceAccess

log = logging.getLogger(__name__)


class WebhookEvent(StrEnum):
    POST_PUBLISHED = "post.published"
    POST_FAILED = "post.failed"
    POST_PENDING_APPROVAL = "post.pending_approval"
    ACCOUNT_NEEDS_REAUTH = "account.needs_reauth"


# Sent only by `send_ping`, to one webhook, on request (the test route); nobody subscribes to it.
PING_EVENT = "ping"


class Outcome(StrEnum):
    """What one delivery attempt led to."""

    DELIVERED = "delivered"
    RETRY = "retry"
    FAILED = "failed"  # out of attempts, or it can never succeed
    DISABLED = "disabled"  # the receiver answered 410 Gone: the webhook is switched off
    CANCELLED = "cancelled"  # the webhook was off when the delivery's turn came


MAX_PER_WORKSPACE = 20
MAX_URL_LENGTH = 2048
SECRET_PREFIX = "whsec_"
TIMEOUT_SECONDS = 10.0
# Waits after attempts 1…5; attempt 6 is the last.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
JITTER = 0.1  # each wait is stretched or shrunk by up to 10 %, so a burst that failed together spreads out
# How long a worker owns a delivery: well above the request timeout, so only a dead worker loses it.
LEASE = timedelta(seconds=60)
# An unfinished delivery this far past its time has lost its message; the sweep sends another.
LOST_AFTER = timedelta(minutes=2)
RETENTION = timedelta(days=30)
SWEEP_BATCH = 1000
FLUSH_BATCH = 1000
MAX_LISTED = 100

EVENT_HEADER = "clickKloudy-Event"
DELIVERY_HEADER = "clickKloudy-Delivery"
SIGNATURE_HEADER = "clickKloudy-Signature"
USER_AGENT = "clickKloudy-Webhooks/1"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Errors recorded without an HTTP exchange; others are the class name of what went wrong (ReadTimeout...).
# HOST_NOT_ALLOWED: the receiver's name now points to a private or reserved address (egress guard).
SECRET_UNAVAILABLE = "SecretUnavailable"
ATTEMPTS_EXHAUSTED = "attempts_exhausted"
WORKER_FAILED = "worker_failed"

SETTLED_EVENTS: dict[TargetStatus, WebhookEvent] = {
    TargetStatus.PUBLISHED: WebhookEvent.POST_PUBLISHED,
    TargetStatus.FAILED: WebhookEvent.POST_FAILED,
    TargetStatus.UNCONFIRMED: WebhookEvent.POST_FAILED,
}


# --- pure parts: URL rules, signing, the body, the retry schedule ---------------------------------


def check_url(url: str, *, development: bool) -> str:
    """The URL as stored, or InvalidInput: its form only (https; http to 127.0.0.1 or localhost in
    development). Where it points is the egress guard's business (`create_webhook`, and every
    delivery): the app would otherwise POST workspace data to whatever internal address a member
    typed in."""
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH:
        raise InvalidInput(f"Give a URL of at most {MAX_URL_LENGTH} characters.", code="invalid_webhook_url")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port is what validates it
    except ValueError as exc:
        raise InvalidInput("That is not a URL.", code="invalid_webhook_url") from exc
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise InvalidInput("Give an absolute https:// URL.", code="invalid_webhook_url")
    if parts.username is not None or parts.password is not None:
        raise InvalidInput(
            "Leave credentials out of the URL; check our signature instead.", code="invalid_webhook_url"
        )
    if parts.fragment:
        raise InvalidInput("A webhook URL has no #fragment.", code="invalid_webhook_url")
    if parts.scheme == "http" and not (development and host in LOOPBACK_HOSTS):
        raise InvalidInput("Webhook URLs must use https.", code="webhook_url_not_https")
    return url


def check_events(events: Sequence[str]) -> list[str]:
    """Sorted and without repeats, so two webhooks with the same choice look the same."""
    chosen = sorted(set(events))
    known = {e.value for e in WebhookEvent}
    unknown = [e for e in chosen if e not in known]
    if not chosen or unknown:
        raise InvalidInput(
            f"Choose one or more of {', '.join(sorted(known))}.",
            code="invalid_events",
            details={"unknown": unknown},
        )
    return chosen


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature_header(secret: str, timestamp: int, body: bytes, *, previous: str | None = None) -> str:
    """Stripe-style: the timestamp is signed with the body, so a captured request cannot be replayed
    later by someone who only has the request (receivers refuse old timestamps).

    While a rotation's window is open, `previous` signs too: `t=…,v1=<new>,v1=<previous>`. A receiver
    accepts the request when any v1 matches the secret it holds, so it can switch at any moment.
    """
    signed = f"{timestamp}.".encode() + body
    macs = [hmac.new(key.encode(), signed, hashlib.sha256).hexdigest() for key in (secret, previous) if key]
    return ",".join([f"t={timestamp}", *(f"v1={mac}" for mac in macs)])


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def envelope(event_id: UUID, event: str, created_at: datetime, payload: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed): the same on every attempt of a delivery."""
    document = {"id": str(event_id), "type": event, "created_at": _iso(created_at), "data": payload}
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def retry_delay(attempts_made: int) -> timedelta | None:
    """The wait before the next attempt, or None when the attempts are used up."""
    if attempts_made >= MAX_ATTEMPTS:
        return None
    base = RETRY_DELAYS[max(attempts_made, 1) - 1]
    return base * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311 - spreading load, not a secret


# --- management -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Webhook:
    id: UUID
    url: str
    events: list[str]
    active: bool
    disabled_reason: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class CreatedWebhook:
    webhook: Webhook
    secret: str  # shown once, to the creator; only its ciphertext is stored

    def __repr__(self) -> str:  # never print the secret, even in a traceback
        return f"CreatedWebhook(webhook={self.webhook!r})"


WEBHOOK_COLUMNS = "id, url, events, active, disabled_reason, created_at, updated_at"


def _not_found() -> NotFound:
    return NotFound("No such webhook in this workspace.", code="webhook_not_found")


async def create_webhook(
    container: Container, access: WorkspaceAccess, *, url: str, events: Sequence[str], ip: str
) -> CreatedWebhook:
    url = check_url(url, development=container.settings.is_development)
    # Refused now if it points to a private or reserved address (HostNotAllowed, 422); a name that
    # does not resolve yet is kept: every delivery is checked again when it connects.
    await container.egress.check_url(url)
    chosen = check_events(events)
    secret = new_secret()
    webhook_id = uuid4()
    key, _ = await token_vault.keys(container.secrets)
    sealed = token_vault.seal_bytes(key, secret.encode(), bound_to=f"webhook:{webhook_id}")
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        # Serialises creations in one workspace, so two at once cannot both pass the limit.
        await conn.execute("SELECT 1 FROM workspaces WHERE id = %s FOR NO KEY UPDATE", (access.workspace_id,))
        cursor = await conn.execute(
            "SELECT count(*) FROM webhooks WHERE workspace_id = %s", (access.workspace_id,)
        )
        count = await cursor.fetchone()
        if count is not None and count[0] >= MAX_PER_WORKSPACE:
            raise Conflict(
                f"A workspace can have {MAX_PER_WORKSPACE} webhooks; delete one first.",
                code="too_many_webhooks",
            )
        async with conn.cursor(row_factory=class_row(Webhook)) as cur:
            await cur.execute(
                f"""INSERT INTO webhooks (id, workspace_id, url, events, secret_ciphertext, secret_key_id,
                                         created_by)
                    VALUES (%s, %s, %s, %s, %s, %s, %s)
                    RETURNING {WEBHOOK_COLUMNS}""",  # noqa: S608 - constant columns
                (webhook_id, access.workspace_id, url, chosen, sealed, key.key_id, access.principal.user_id),
            )
            webhook = await cur.fetchone()
        assert webhook is not None
        await audit.record(
            conn,
            AuditEvent.WEBHOOK_CREATED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="webhook",
            target_id=webhook.id,
            ip=ip,
            details={"url": url, "events": chosen},
        )
    return CreatedWebhook(webhook, secret)


async def list_webhooks(container: Container, access: WorkspaceAccess) -> list[Webhook]:
    pool = await container.db()
    async with pool.connection() as conn, conn.cursor(row_factory=class_row(Webhook)) as cur:
        await cur.execute(
            f"SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE workspace_id = %s "  # noqa: S608
            "ORDER BY created_at, id",
            (access.workspace_id,),
        )
        return await cur.fetchall()


async def get_webhook(container: Container, access: WorkspaceAccess, webhook_id: UUID) -> Webhook:
    pool = await container.db()
    async with pool.connection() as conn, conn.cursor(row_factory=class_row(Webhook)) as cur:
        await cur.execute(
            f"SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE workspace_id = %s AND id = %s",  # noqa: S608
            (access.workspace_id, webhook_id),
        )
        webhook = await cur.fetchone()
    if webhook is None:
        raise _not_found()
    return webhook


async def update_webhook(
    container: Container,
    access: WorkspaceAccess,
    webhook_id: UUID,
    *,
    active: bool | None = None,
    events: Sequence[str] | None = None,
    ip: str,
) -> Webhook:
    """Switch a webhook on or off (on again after a 410 turned it off) or change its events."""
    chosen = None if events is None else check_events(events)
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        async with conn.cursor(row_factory=class_row(Webhook)) as cur:
            await cur.execute(
                f"""UPDATE webhooks SET active = coalesce(%s, active), events = coalesce(%s, events),
                           disabled_reason = CASE WHEN coalesce(%s, active) THEN NULL
                                                  ELSE disabled_reason END,
                           updated_at = now()
                    WHERE workspace_id = %s AND id = %s
                    RETURNING {WEBHOOK_COLUMNS}""",  # noqa: S608 - constant columns
                (active, chosen, active, access.workspace_id, webhook_id),
            )
            webhook = await cur.fetchone()
        if webhook is None:
            raise _not_found()
        await audit.record(
            conn,
            AuditEvent.WEBHOOK_UPDATED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="webhook",
            target_id=webhook_id,
            ip=ip,
            details={"active": active, "events": chosen},
        )
    return webhook


async def delete_webhook(container: Container, access: WorkspaceAccess, webhook_id: UUID, *, ip: str) -> None:
    """Its deliveries go with it: a delivery in flight finds its row gone and records nothing."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            "DELETE FROM webhooks WHERE workspace_id = %s AND id = %s RETURNING url",
            (access.workspace_id, webhook_id),
        )
        row = await cursor.fetchone()
        if row is None:
            raise _not_found()
        await audit.record(
            conn,
            AuditEvent.WEBHOOK_DELETED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="webhook",
            target_id=webhook_id,
            ip=ip,
            details={"url": row[0]},
        )


@dataclass(frozen=True)
class Attempt:
    attempt_no: int
    started_at: datetime
    duration_ms: int
    status_code: int | None
    error: str | None
    outcome: str
    next_retry_at: datetime | None


@dataclass(frozen=True)
class Delivery:
    id: UUID
    event_id: UUID
    event: str
    payload: dict[str, Any]
    status: str
    attempt_count: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime
    attempts: list[Attempt]


DELIVERY_COLUMNS = """id, event_id, event, payload, status, attempt_count, next_attempt_at, last_status_code,
                      last_error, delivered_at, created_at"""


def encode_cursor(delivery: Delivery) -> str:
    return base64.urlsafe_b64encode(f"{delivery.created_at.isoformat()}|{delivery.id}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    try:
        at, delivery_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return datetime.fromisoformat(at), UUID(delivery_id)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput("The cursor is not one we gave out.", code="invalid_cursor") from exc


async def list_deliveries(
    container: Container,
    access: WorkspaceAccess,
    webhook_id: UUID,
    *,
    limit: int,
    before: tuple[datetime, UUID] | None = None,
) -> list[Delivery]:
    """Newest first, keyset-paged on (created_at, id), each with every attempt made so far."""
    if not 1 <= limit <= MAX_LISTED + 1:
        raise ValueError(f"limit must be between 1 and {MAX_LISTED + 1}")
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT 1 FROM webhooks WHERE workspace_id = %s AND id = %s", (access.workspace_id, webhook_id)
        )
        if await cursor.fetchone() is None:
            raise _not_found()
        cursor = await conn.execute(
            f"""SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries
               WHERE webhook_id = %s AND (%s::timestamptz IS NULL OR (created_at, id) < (%s, %s))
               ORDER BY created_at DESC, id DESC
               LIMIT %s""",  # noqa: S608 - constant columns
            (
                webhook_id,
                before[0] if before else None,
                before[0] if before else None,
                before[1] if before else None,
                limit,
            ),
        )
        return await _with_attempts(conn, await cursor.fetchall())


async def _with_attempts(conn: AsyncConnection, rows: Sequence[Sequence[Any]]) -> list[Delivery]:
    """Delivery rows (the columns of DELIVERY_COLUMNS) with every attempt of each."""
    attempts: dict[UUID, list[Attempt]] = {row[0]: [] for row in rows}
    cursor = await conn.execute(
        """SELECT delivery_id, attempt_no, started_at, duration_ms, status_code, error, outcome,
                  next_retry_at
           FROM webhook_delivery_attempts WHERE delivery_id = ANY (%s)
           ORDER BY delivery_id, attempt_no, id""",
        (list(attempts),),
    )
    for a in await cursor.fetchall():
        attempts[a[0]].append(Attempt(*a[1:]))
    return [
        Delivery(
            id=row[0],
            event_id=row[1],
            event=row[2],
            payload=row[3],
            status=row[4],
            attempt_count=row[5],
            next_attempt_at=row[6],
            last_status_code=row[7],
            last_error=row[8],
            delivered_at=row[9],
            created_at=row[10],
            attempts=attempts[row[0]],
        )
        for row in rows
    ]


# --- testing and rotating -------------------------------------------------------------------------


async def send_ping(container: Container, access: WorkspaceAccess, webhook_id: UUID, *, ip: str) -> Delivery:
    """Send a signed `ping` to the webhook now and return its delivery with the attempt's result.

    It is a delivery like any other (a row, claimed, signed with the same secrets, recorded in the
    log), sent by this request instead of a queue worker. One attempt, never retried, and it does not
    turn the webhook off on 410; it is sent even to a webhook that is off, to try it before turning
    it on again.
    """
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT 1 FROM webhooks WHERE workspace_id = %s AND id = %s", (access.workspace_id, webhook_id)
        )
        if await cursor.fetchone() is None:
            raise _not_found()
    await ratelimit.hit(pool, ratelimit.WEBHOOK_TESTS_PER_WEBHOOK, str(webhook_id))
    payload = {
        "webhook_id": str(webhook_id),
        "message": "A test event from clickKloudy: this endpoint receives the workspace's events.",
    }
    async with pool.connection() as conn, conn.transaction():
        # enqueued_at is set: this request sends it, no queue message is needed unless it dies first.
        cursor = await conn.execute(
            """INSERT INTO webhook_deliveries (webhook_id, event_id, event, payload, enqueued_at)
               SELECT id, %s, %s, %s, now() FROM webhooks WHERE workspace_id = %s AND id = %s
               RETURNING id""",
            (uuid4(), PING_EVENT, Jsonb(payload), access.workspace_id, webhook_id),
        )
        row = await cursor.fetchone()
        if row is None:
            raise _not_found()  # deleted a moment ago
        delivery_id: UUID = row[0]
        await audit.record(
            conn,
            AuditEvent.WEBHOOK_TESTED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="webhook",
            target_id=webhook_id,
            ip=ip,
            details={"delivery_id": str(delivery_id)},
        )
    await deliver(container, delivery_id)
    async with pool.connection() as conn:
        cursor = await conn.execute(
            f"SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = %s",  # noqa: S608 - constant columns
            (delivery_id,),
        )
        found = await _with_attempts(conn, await cursor.fetchall())
    if not found:
        raise _not_found()  # the webhook was deleted while the ping was out
    return found[0]


@dataclass(frozen=True)
class RotatedSecret:
    webhook: Webhook
    secret: str  # shown once, like a new webhook's
    previous_valid_until: datetime | None  # until when the replaced secret signs too; None: not at all

    def __repr__(self) -> str:  # never print the secret, even in a traceback
        return f"RotatedSecret(webhook={self.webhook!r}, previous_valid_until={self.previous_valid_until!r})"


def rotation_window(container: Container) -> timedelta:
    return timedelta(hours=container.settings.webhook_secret_rotation_hours)


async def rotate_secret(
    container: Container, access: WorkspaceAccess, webhook_id: UUID, *, ip: str
) -> RotatedSecret:
    """A new signing secret, shown once. The one it replaces keeps signing for the rotation window
    (a second v1 signature), so the receiver can switch over; a secret replaced in an earlier rotation
    stops at once."""
    secret = new_secret()
    key, _ = await token_vault.keys(container.secrets)
    sealed = token_vault.seal_bytes(key, secret.encode(), bound_to=f"webhook:{webhook_id}")
    window = rotation_window(container)
    keep = window > timedelta(0)
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        async with conn.cursor(row_factory=class_row(Webhook)) as cur:
            await cur.execute(
                f"""UPDATE webhooks
                    SET previous_secret_ciphertext = CASE WHEN %(keep)s THEN secret_ciphertext END,
                        previous_secret_key_id = CASE WHEN %(keep)s THEN secret_key_id END,
                        secret_ciphertext = %(sealed)s, secret_key_id = %(key_id)s,
                        secret_rotated_at = now(), updated_at = now()
                    WHERE workspace_id = %(ws)s AND id = %(id)s
                    RETURNING {WEBHOOK_COLUMNS}""",  # noqa: S608 - constant columns
                {
                    "keep": keep,
                    "sealed": sealed,
                    "key_id": key.key_id,
                    "ws": access.workspace_id,
                    "id": webhook_id,
                },
            )
            webhook = await cur.fetchone()
        if webhook is None:
            raise _not_found()
        previous_valid_until = webhook.updated_at + window if keep else None
        await audit.record(
            conn,
            AuditEvent.WEBHOOK_SECRET_ROTATED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="webhook",
            target_id=webhook_id,
            ip=ip,
            details={"previous_valid_until": _iso(previous_valid_until)},
        )
    return RotatedSecret(webhook, secret, previous_valid_until)


# --- emitting (inside the caller's transaction) and announcing (after its commit) ----------------


async def emit(
    conn: AsyncConnection, workspace_id: UUID, event: WebhookEvent, payload: dict[str, Any]
) -> list[UUID]:
    """One pending delivery per active webhook subscribed to `event`; returns their ids.

    Call it inside the transaction that makes the change, then `flush_workspace` after the commit.
    """
    cursor = await conn.execute(
        """INSERT INTO webhook_deliveries (webhook_id, event_id, event, payload)
           SELECT id, %s, %s, %s FROM webhooks WHERE workspace_id = %s AND active AND %s = ANY (events)
           RETURNING id""",
        (uuid4(), event.value, Jsonb(payload), workspace_id, event.value),
    )
    return [row[0] for row in await cursor.fetchall()]


async def emit_target_settled(conn: AsyncConnection, target_id: UUID, status: TargetStatus) -> list[UUID]:
    """post.published / post.failed for a target that just reached `status` (other states: nothing).

    Costs one indexed lookup when nobody subscribed, which is what a 1,000-target burst mostly meets.
    """
    event = SETTLED_EVENTS.get(status)
    if event is None:
        return []
    cursor = await conn.execute(
        """SELECT t.workspace_id, t.post_id, t.social_account_id, a.platform, a.handle, t.external_id,
                  t.external_url, t.error_code, t.error_message, t.published_at
           FROM post_targets t JOIN social_accounts a ON a.id = t.social_account_id
           WHERE t.id = %s AND EXISTS (
               SELECT 1 FROM webhooks w
               WHERE w.workspace_id = t.workspace_id AND w.active AND %s = ANY (w.events))""",
        (target_id, event.value),
    )
    row = await cursor.fetchone()
    if row is None:
        return []
    workspace_id, post_id, account_id, platform, handle, external_id, url, code, message, published_at = row
    payload = {
        "post_id": str(post_id),
        "target_id": str(target_id),
        "account_id": str(account_id),
        "platform": platform,
        "handle": handle,
        "status": status.value,
        "external_id": external_id,
        "external_url": url,
        "error": {"code": code, "message": message or ""} if code else None,
        "published_at": _iso(published_at),
    }
    return await emit(conn, workspace_id, event, payload)


async def emit_needs_reauth(conn: AsyncConnection, account_id: UUID, message: str) -> list[UUID]:
    """account.needs_reauth, once per change: call it BEFORE marking the account.

    The account row is locked here, so when several workers find the same account revoked, the first
    sees it active and announces it; the others wait for its commit, see needs_reauth and stay quiet.
    """
    cursor = await conn.execute(
        "SELECT workspace_id, platform, handle, status FROM social_accounts WHERE id = %s FOR UPDATE",
        (account_id,),
    )
    row = await cursor.fetchone()
    if row is None or row[3] != "active":
        return []
    payload = {"account_id": str(account_id), "platform": row[1], "handle": row[2], "message": message}
    return await emit(conn, row[0], WebhookEvent.ACCOUNT_NEEDS_REAUTH, payload)


async def _enqueue(
    container: Container, delivery_ids: Sequence[UUID], delay: timedelta = timedelta(0)
) -> None:
    for delivery_id in delivery_ids:
        await container.queue.send(
            container.settings.webhooks_queue, {"delivery_id": str(delivery_id)}, delay=delay
        )


async def flush_workspace(container: Container, workspace_id: UUID) -> int:
    """Send a queue message for every delivery of the workspace written but not yet announced.

    By workspace rather than by id, so hooks deep in a transaction need not carry ids out of it.
    Rows are marked before sending: if a send fails, the sweep sends it once the delivery is overdue.
    SKIP LOCKED lets concurrent flushes of one workspace share the rows instead of queueing on them.
    """
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """WITH todo AS (
                   SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                   WHERE w.workspace_id = %s AND d.enqueued_at IS NULL
                   LIMIT %s
                   FOR UPDATE OF d SKIP LOCKED)
               UPDATE webhook_deliveries d SET enqueued_at = now() FROM todo WHERE d.id = todo.id
               RETURNING d.id""",
            (workspace_id, FLUSH_BATCH),
        )
        ids = [row[0] for row in await cursor.fetchall()]
    await _enqueue(container, ids)
    return len(ids)


# --- delivering (the queue trigger) ---------------------------------------------------------------


def parse_message(body: bytes) -> UUID:
    return UUID(str(json.loads(body)["delivery_id"]))


@dataclass(frozen=True)
class _Claim:
    delivery_id: UUID
    attempt_no: int
    event_id: UUID
    event: str
    payload: dict[str, Any]
    created_at: datetime
    webhook_id: UUID
    url: str
    secret_ciphertext: bytes
    secret_key_id: str
    # The secret a rotation replaced, while its window is open.
    previous_ciphertext: bytes | None = None
    previous_key_id: str | None = None


@dataclass(frozen=True)
class _Result:
    status_code: int | None = None
    error: str | None = None


async def _claim(container: Container, delivery_id: UUID) -> _Claim | Outcome | None:
    """pending → delivering for exactly one holder of a message. None when the message is stale; an
    Outcome when the delivery ended without a send (its webhook is off, or its attempts are spent)."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """SELECT d.status, d.next_attempt_at, d.attempt_count, d.event_id, d.event, d.payload,
                      d.created_at, w.id, w.url, w.secret_ciphertext, w.secret_key_id, w.active,
                      w.secret_rotated_at > now() - %s AND w.previous_secret_ciphertext IS NOT NULL,
                      w.previous_secret_ciphertext, w.previous_secret_key_id
               FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
               WHERE d.id = %s
               FOR UPDATE OF d""",
            (rotation_window(container), delivery_id),
        )
        row = await cursor.fetchone()
        if row is None:
            return None  # its webhook was deleted
        status, next_attempt_at, attempts, event_id, event, payload, created_at = row[:7]
        webhook_id, url, ciphertext, key_id, active, in_window, previous, previous_key_id = row[7:]
        due = next_attempt_at is not None and next_attempt_at <= datetime.now(UTC) + timedelta(seconds=1)
        if status != "pending" or not due:
            return None  # done, being sent, or an early copy of a retry's message
        if attempts >= MAX_ATTEMPTS:
            # Only after a worker died during the last attempt (the sweep released its lease).
            await conn.execute(
                """UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = %s,
                          updated_at = now() WHERE id = %s AND status = 'pending'""",
                (ATTEMPTS_EXHAUSTED, delivery_id),
            )
            return Outcome.FAILED
        if not active and event != PING_EVENT:
            await conn.execute(
                """UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL,
                          updated_at = now() WHERE id = %s AND status = 'pending'""",
                (delivery_id,),
            )
            return Outcome.CANCELLED
        await conn.execute(
            """UPDATE webhook_deliveries SET status = 'delivering', attempt_count = attempt_count + 1,
                      next_attempt_at = now() + %s, updated_at = now()
               WHERE id = %s AND status = 'pending'""",
            (LEASE, delivery_id),
        )
    return _Claim(
        delivery_id,
        attempts + 1,
        event_id,
        event,
        payload,
        created_at,
        webhook_id,
        url,
        bytes(ciphertext),
        key_id,
        bytes(previous) if in_window else None,
        previous_key_id if in_window else None,
    )


async def _open_secret(container: Container, webhook_id: UUID, ciphertext: bytes, key_id: str) -> str | None:
    """None when no configured key opens it (a key retired too early)."""
    _, keyring = await token_vault.keys(container.secrets)
    key = keyring.get(key_id)
    if key is None:
        return None
    try:
        return token_vault.open_bytes(key, ciphertext, bound_to=f"webhook:{webhook_id}").decode()
    except InvalidTag:
        return None


async def _secret(container: Container, claim: _Claim) -> str | None:
    """None when the current secret does not open: no attempt can ever succeed."""
    return await _open_secret(container, claim.webhook_id, claim.secret_ciphertext, claim.secret_key_id)


async def _previous_secret(container: Container, claim: _Claim) -> str | None:
    """The replaced secret while its rotation window is open; without it only the new one signs."""
    if claim.previous_ciphertext is None or claim.previous_key_id is None:
        return None
    previous = await _open_secret(
        container, claim.webhook_id, claim.previous_ciphertext, claim.previous_key_id
    )
    if previous is None:
        log.warning("a webhook's previous secret does not open", extra={"webhook_id": str(claim.webhook_id)})
    return previous


async def _send(container: Container, claim: _Claim, secret: str, previous: str | None = None) -> _Result:
    """POST the event once: 10 s for the whole exchange, no redirects, the receiver's body unread."""
    body = envelope(claim.event_id, claim.event, claim.created_at, claim.payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: claim.event,
        DELIVERY_HEADER: str(claim.delivery_id),
        SIGNATURE_HEADER: signature_header(secret, int(time.time()), body, previous=previous),
    }
    try:
        # The egress client resolves the receiver's name, refuses private and reserved addresses and
        # connects to the address it checked, so a name pointed inward since it was saved (or a
        # resolver answering differently each time) cannot turn webhooks into a probe of our network.
        async with (
            asyncio.timeout(TIMEOUT_SECONDS),
            container.egress_http.stream(
                "POST",
                claim.url,
                content=body,
                headers=headers,
                timeout=httpx.Timeout(TIMEOUT_SECONDS),
                follow_redirects=False,
            ) as response,
        ):
            return _Result(status_code=response.status_code)
    except TimeoutError:
        return _Result(error="Timeout")
    except HostNotAllowed:
        return _Result(error=HOST_NOT_ALLOWED)
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
        return _Result(error=type(exc).__name__)


def _decide(claim: _Claim, result: _Result) -> tuple[Outcome, datetime | None]:
    if result.status_code is not None and 200 <= result.status_code < 300:
        return Outcome.DELIVERED, None
    if claim.event == PING_EVENT:
        return Outcome.FAILED, None  # a test: its result is shown at once, not retried or acted on
    if result.status_code == 410:
        return Outcome.DISABLED, None
    if result.error in (SECRET_UNAVAILABLE, HOST_NOT_ALLOWED):
        return Outcome.FAILED, None  # neither can succeed by trying again
    delay = retry_delay(claim.attempt_no)
    if delay is None:
        return Outcome.FAILED, None
    return Outcome.RETRY, datetime.now(UTC) + delay


FINAL_STATUS = {
    Outcome.DELIVERED: "delivered",
    Outcome.RETRY: "pending",
    Outcome.FAILED: "failed",
    Outcome.DISABLED: "failed",
}


async def _record(
    container: Container,
    claim: _Claim,
    result: _Result,
    outcome: Outcome,
    *,
    next_attempt_at: datetime | None,
    started: datetime,
    duration_ms: int,
) -> bool:
    """Write the attempt to the log, and its outcome only if this attempt still owns the delivery."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """UPDATE webhook_deliveries SET status = %s, next_attempt_at = %s, last_status_code = %s,
                      last_error = %s, delivered_at = CASE WHEN %s = 'delivered' THEN now() END,
                      updated_at = now()
               WHERE id = %s AND status = 'delivering' AND attempt_count = %s""",
            (
                FINAL_STATUS[outcome],
                next_attempt_at,
                result.status_code,
                result.error,
                FINAL_STATUS[outcome],
                claim.delivery_id,
                claim.attempt_no,
            ),
        )
        owned = cursor.rowcount == 1
        await conn.execute(
            """INSERT INTO webhook_delivery_attempts (delivery_id, attempt_no, started_at, duration_ms,
                                                      status_code, error, outcome, next_retry_at)
               SELECT id, %s, %s, %s, %s, %s, %s, %s FROM webhook_deliveries WHERE id = %s""",
            (
                claim.attempt_no,
                started,
                duration_ms,
                result.status_code,
                result.error,
                outcome.value,
                next_attempt_at,
                claim.delivery_id,
            ),
        )
        if owned and outcome is Outcome.DISABLED:
            await conn.execute(
                """UPDATE webhooks SET active = false, updated_at = now(),
                          disabled_reason = 'The receiver answered 410 Gone; turn it on again to resume.'
                   WHERE id = %s AND active""",
                (claim.webhook_id,),
            )
    return owned


async def deliver(container: Container, delivery_id: UUID) -> Outcome | None:
    """Handle one message: at most one attempt. Returns what it led to, or None if the message was stale.

    Raises only when our own systems fail (database), so the host retries the message; a receiver's
    failure is an outcome, retried on our schedule through a delayed message.
    """
    claim = await _claim(container, delivery_id)
    if not isinstance(claim, _Claim):
        return claim
    started = datetime.now(UTC)
    clock = time.monotonic()
    secret = await _secret(container, claim)
    if secret is None:
        result = _Result(error=SECRET_UNAVAILABLE)
    else:
        result = await _send(container, claim, secret, await _previous_secret(container, claim))
    duration_ms = int((time.monotonic() - clock) * 1000)
    outcome, next_attempt_at = _decide(claim, result)
    owned = await _record(
        container,
        claim,
        result,
        outcome,
        next_attempt_at=next_attempt_at,
        started=started,
        duration_ms=duration_ms,
    )
    if owned and outcome is Outcome.RETRY and next_attempt_at is not None:
        try:
            await _enqueue(container, [delivery_id], delay=next_attempt_at - datetime.now(UTC))
        except Exception:
            # The row says when; the sweep sends the message once it is overdue.
            log.warning("could not queue a webhook retry", extra={"delivery_id": str(delivery_id)})
    log.info(
        "webhook delivery %s: %s",
        delivery_id,
        outcome.value,
        extra={
            "delivery_id": str(delivery_id),
            "webhook_id": str(claim.webhook_id),
            "attempt": claim.attempt_no,
            "status_code": result.status_code,
            "error": result.error,
            "duration_ms": duration_ms,
        },
    )
    return outcome


async def fail_poisoned(container: Container, delivery_id: UUID) -> bool:
    """A message our worker could not handle after every retry: end the delivery with a reason."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = %s,
                      updated_at = now()
               WHERE id = %s AND status IN ('pending', 'delivering')""",
            (WORKER_FAILED, delivery_id),
        )
        return cursor.rowcount == 1


async def sweep(container: Container) -> dict[str, int]:
    """Re-drive deliveries whose message was lost, release dead workers' leases, drop old history.

    Overdue rows are set back to pending and due now, so a row is re-sent at most once per LOST_AFTER
    even while the queue is slow, and a worker that outlived its lease finds its claim gone.
    """
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """WITH lost AS (
                   SELECT id FROM webhook_deliveries
                   WHERE status IN ('pending', 'delivering') AND next_attempt_at < now() - %s
                   ORDER BY next_attempt_at
                   LIMIT %s
                   FOR UPDATE SKIP LOCKED)
               UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = now(),
                      enqueued_at = now(), updated_at = now()
               FROM lost WHERE d.id = lost.id
               RETURNING d.id""",
            (LOST_AFTER, SWEEP_BATCH),
        )
        lost = [row[0] for row in await cursor.fetchall()]
        cursor = await conn.execute(
            """DELETE FROM webhook_deliveries WHERE id IN (
                   SELECT id FROM webhook_deliveries
                   WHERE created_at < now() - %s AND status NOT IN ('pending', 'delivering')
                   LIMIT %s)""",
            (RETENTION, SWEEP_BATCH),
        )
        purged = cursor.rowcount
        # Secrets replaced by a rotation whose window is over are never used again: drop them.
        cursor = await conn.execute(
            """UPDATE webhooks SET previous_secret_ciphertext = NULL, previous_secret_key_id = NULL
               WHERE previous_secret_ciphertext IS NOT NULL AND secret_rotated_at <= now() - %s""",
            (rotation_window(container),),
        )
        retired = cursor.rowcount
    await _enqueue(container, lost)
    return {"requeued": len(lost), "purged": purged, "secrets_retired": retired}
