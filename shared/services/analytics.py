"""Analytics: hourly metric pulls per account into Cosmos DB, and reading them back.

The timer queues one message per active account, spread over a few minutes so a thousand accounts
do not reach the platforms in the same second. Each message pulls the account's figures and those of
its posts from the last 30 days, and writes:

- `account_metrics`: one snapshot per account per hour (partition `/accountId`);
- `post_metrics`: one snapshot per post target per hour (partition `/accountId`);
- `daily_rollups`: one document per account per day with its latest totals (partition
  `/workspaceId`), so a dashboard reads a workspace's day with one single-partition query.

Ids are deterministic (`<account or target>:<hour>`, `<account>:<day>`): a repeated or retried message
overwrites what the first one wrote instead of adding to it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from shared.bootstrap import Container
from shared.domain.errors import InvalidInput, NotFound
from shared.platforms import registry
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AuthRevokedError,
    Connector,
    Credentials,
    NotSupportedError,
    PermanentError,
    PostMetrics,
    RateLimitedError,
    TokenExpiredError,
)
from shared.services import accounts, posts, webhooks
from shared.services.principals import WorkspaceAccess

log = logging.getLogger(__name__)

POST_METRICS = "post_metrics"
ACCOUNT_METRICS = "account_metrics"
DAILY_ROLLUPS = "daily_rollups"

# Accounts are queued over this window, one second apart at most per slot.
COLLECTION_SPREAD = timedelta(seconds=300)
ENQUEUE_CONCURRENCY = 32
# Posts older than this have settled; their figures are not pulled again.
POST_WINDOW = timedelta(days=30)
# External ids per connector call (connectors split further where their API takes fewer).
POST_BATCH = 50
WRITE_CONCURRENCY = 16
# A platform's reset in the past or this very second still waits a little before the next try.
MIN_RETRY = timedelta(seconds=1)

# Fixed-width UTC stamps: compared as strings in Cosmos queries, so the width must never vary.
STAMP = "%Y-%m-%dT%H:%M:%SZ"

T = TypeVar("T")


def utc(moment: datetime) -> datetime:
    """A moment in UTC; one without a zone (a query string's) is taken as UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def stamp(moment: datetime) -> str:
    """A moment as stored."""
    return utc(moment).strftime(STAMP)


def parse_message(body: bytes) -> UUID:
    return UUID(str(json.loads(body)["account_id"]))


# --- queueing -------------------------------------------------------------------------------------


def _measurable(container: Container, platform: str) -> bool:
    """Whether the platform declares any metric (the feed and the sandbox declare none)."""
    try:
        capabilities = registry.info(container.settings, platform).capabilities
    except NotFound:
        return False
    return bool(capabilities.post_metrics or capabilities.account_metrics)


async def enqueue_collection(container: Container, *, spread: timedelta = COLLECTION_SPREAD) -> int:
    """One analytics message per active account of a platform with metrics; returns how many.

    Message i becomes visible i mod `spread` seconds from now, so the pulls trickle in.
    """
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT id, platform FROM social_accounts WHERE status = 'active' ORDER BY id"
        )
        rows = await cursor.fetchall()
    measurable: dict[str, bool] = {}
    due: list[UUID] = []
    for account_id, platform in rows:
        if platform not in measurable:
            measurable[platform] = _measurable(container, platform)
        if measurable[platform]:
            due.append(account_id)
    slots = max(int(spread.total_seconds()), 1)
    gate = asyncio.Semaphore(ENQUEUE_CONCURRENCY)

    async def send(index: int, account_id: UUID) -> None:
        async with gate:
            await container.queue.send(
                container.settings.analytics_queue,
                {"account_id": str(account_id)},
                delay=timedelta(seconds=index % slots),
            )

    await asyncio.gather(*(send(index, account_id) for index, account_id in enumerate(due)))
    return len(due)


# --- collecting -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Account:
    id: UUID
    workspace_id: UUID
    platform: str
    status: str
    ref: AccountRef


@dataclass(frozen=True)
class _Target:
    id: UUID
    post_id: UUID
    external_id: str


async def _load_account(container: Container, account_id: UUID) -> _Account | None:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT workspace_id, platform, status, external_id, handle, metadata"
            " FROM social_accounts WHERE id = %s",
            (account_id,),
        )
        row = await cursor.fetchone()
    if row is None:
        return None
    metadata = {key: str(value) for key, value in (row[5] or {}).items()}
    return _Account(account_id, row[0], row[1], row[2], AccountRef(row[3], row[4] or "", metadata))


async def _recent_targets(container: Container, account_id: UUID) -> list[_Target]:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT id, post_id, external_id FROM post_targets
               WHERE social_account_id = %s AND status = 'published' AND external_id IS NOT NULL
                 AND published_at > now() - %s
               ORDER BY published_at""",
            (account_id, POST_WINDOW),
        )
        return [_Target(row[0], row[1], row[2]) for row in await cursor.fetchall()]


class _Session:
    """Credentials for one collection: fetched once, refreshed at most once when the platform says
    the token expired (the refresh itself is single-flight across workers)."""

    def __init__(self, container: Container, account_id: UUID) -> None:
        self._container = container
        self._account_id = account_id
        self._credentials: Credentials | None = None
        self._refreshed = False

    async def call(self, operation: Callable[[Credentials], Awaitable[T]]) -> T:
        if self._credentials is None:
            self._credentials = await accounts.fresh_credentials(self._container, self._account_id)
        try:
            return await operation(self._credentials)
        except TokenExpiredError:
            if self._refreshed:
                raise
            self._refreshed = True
            self._credentials = await accounts.fresh_credentials(
                self._container, self._account_id, force=True
            )
            return await operation(self._credentials)


async def collect_account(container: Container, account_id: UUID) -> dict[str, Any]:
    """Handle one analytics message: pull the account's figures and its recent posts', store them.

    A rate limit sends the message again for when the platform resets (never sooner); a revoked grant
    marks the account needs_reauth; a transient failure raises so the queue retries; a platform without
    one of the two kinds of figures is skipped for that kind.
    """
    result: dict[str, Any] = {"account_id": str(account_id)}
    account = await _load_account(container, account_id)
    if account is None or account.status != "active" or not _measurable(container, account.platform):
        return {**result, "outcome": "skipped"}
    result["platform"] = account.platform
    connector = container.connector(account.platform)
    session = _Session(container, account_id)
    now = datetime.now(UTC)
    try:
        account_doc = await _collect_account_metrics(container, connector, session, account, now)
        totals, measured = await _collect_post_metrics(container, connector, session, account, now)
    except RateLimitedError as exc:
        delay = max(exc.reset_at - datetime.now(UTC), MIN_RETRY)
        await container.queue.send(
            container.settings.analytics_queue, {"account_id": str(account_id)}, delay=delay
        )
        log.info(
            "analytics of account %s wait for the platform's rate limit",
            account_id,
            extra={"account_id": str(account_id), "platform": account.platform},
        )
        return {**result, "outcome": "rate_limited", "retry_in_seconds": int(delay.total_seconds())}
    except AuthRevokedError as exc:
        await _needs_reauth(container, account, exc.message)
        return {**result, "outcome": "needs_reauth"}
    except NotFound:
        return {**result, "outcome": "skipped"}  # removed (or its token gone) since it was queued
    if account_doc is not None or measured:
        await container.cosmos.upsert(
            DAILY_ROLLUPS,
            {
                "id": f"{account.id}:{now.date().isoformat()}",
                "workspaceId": str(account.workspace_id),
                "accountId": str(account.id),
                "platform": account.platform,
                "day": now.date().isoformat(),
                "followers": account_doc["followers"] if account_doc else None,
                "accountMetrics": account_doc["metrics"] if account_doc else {},
                "posts": measured,
                "postTotals": totals,
                "updatedAt": stamp(now),
            },
        )
    log.info(
        "analytics of account %s collected",
        account_id,
        extra={"account_id": str(account_id), "platform": account.platform, "posts": measured},
    )
    return {**result, "outcome": "collected", "account": account_doc is not None, "posts": measured}


def _hour(now: datetime) -> str:
    return stamp(now.replace(minute=0, second=0, microsecond=0))


async def _collect_account_metrics(
    container: Container, connector: Connector, session: _Session, account: _Account, now: datetime
) -> dict[str, Any] | None:
    if not connector.capabilities.account_metrics:
        return None
    try:
        figures: AccountMetrics = await session.call(
            lambda credentials: connector.fetch_account_metrics(credentials, account.ref)
        )
    except NotSupportedError:
        return None
    except PermanentError as exc:
        _refused(account, "account", exc)
        return None
    document = {
        "id": f"{account.id}:{_hour(now)}",
        "accountId": str(account.id),
        "workspaceId": str(account.workspace_id),
        "platform": account.platform,
        "followers": figures.followers,
        "metrics": dict(figures.metrics),
        "hour": _hour(now),
        "fetchedAt": stamp(now),
    }
    await container.cosmos.upsert(ACCOUNT_METRICS, document)
    return document


async def _collect_post_metrics(
    container: Container, connector: Connector, session: _Session, account: _Account, now: datetime
) -> tuple[dict[str, int], int]:
    """Snapshots of the account's recent posts; returns their summed figures and how many were measured."""
    if not connector.capabilities.post_metrics:
        return {}, 0
    targets = await _recent_targets(container, account.id)
    by_external = {target.external_id: target for target in targets}
    ids = list(by_external)
    found: list[PostMetrics] = []
    for start in range(0, len(ids), POST_BATCH):
        batch = ids[start : start + POST_BATCH]

        async def fetch(credentials: Credentials, batch: list[str] = batch) -> list[PostMetrics]:
            return await connector.fetch_post_metrics(credentials, account.ref, batch)

        try:
            found += await session.call(fetch)
        except NotSupportedError:
            return {}, 0
        except PermanentError as exc:
            _refused(account, "posts", exc)
    documents = []
    totals: dict[str, int] = {}
    for figures in found:
        target = by_external.get(figures.external_id)
        if target is None:
            continue
        for name, value in figures.metrics.items():
            totals[name] = totals.get(name, 0) + value
        documents.append(
            {
                "id": f"{target.id}:{_hour(now)}",
                "accountId": str(account.id),
                "workspaceId": str(account.workspace_id),
                "targetId": str(target.id),
                "postId": str(target.post_id),
                "platform": account.platform,
                "externalId": target.external_id,
                "metrics": dict(figures.metrics),
                "hour": _hour(now),
                "fetchedAt": stamp(now),
            }
        )
    gate = asyncio.Semaphore(WRITE_CONCURRENCY)

    async def write(document: dict[str, Any]) -> None:
        async with gate:
            await container.cosmos.upsert(POST_METRICS, document)

    await asyncio.gather(*(write(document) for document in documents))
    return totals, len(documents)


def _refused(account: _Account, half: str, exc: PermanentError) -> None:
    """A refusal that retrying cannot change (a metric the app may not read): noted, then skipped."""
    log.warning(
        "%s refused the %s metrics of account %s: %s",
        account.platform,
        half,
        account.id,
        exc.code,
        extra={"account_id": str(account.id), "platform": account.platform, "error_code": exc.code},
    )


async def _needs_reauth(container: Container, account: _Account, message: str) -> None:
    """As publishing does: announce once (webhook), mark the account, then send the deliveries."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        await accounts.mark_needs_reauth(conn, account.id, message)
    await webhooks.flush_workspace(container, account.workspace_id)


# --- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetMetrics:
    target_id: UUID
    account_id: UUID
    platform: str
    handle: str
    external_id: str | None
    metrics: dict[str, int] | None
    fetched_at: datetime | None


READ_CONCURRENCY = 16


async def post_metrics(container: Container, access: WorkspaceAccess, post_id: UUID) -> list[TargetMetrics]:
    """The latest snapshot of each target of a post (None where none was taken yet)."""
    post = await posts.get_post(container, access, post_id)
    gate = asyncio.Semaphore(READ_CONCURRENCY)

    async def latest(target: posts.TargetView) -> TargetMetrics:
        async with gate:
            found = await container.cosmos.query(
                POST_METRICS,
                "SELECT TOP 1 c.metrics, c.fetchedAt FROM c WHERE c.accountId = @account"
                " AND c.targetId = @target AND c.workspaceId = @workspace ORDER BY c.fetchedAt DESC",
                {
                    "@account": str(target.account_id),
                    "@target": str(target.id),
                    "@workspace": str(access.workspace_id),
                },
                partition_key=str(target.account_id),
            )
        snapshot = found[0] if found else None
        return TargetMetrics(
            target.id,
            target.account_id,
            target.platform,
            target.handle,
            target.external_id,
            dict(snapshot["metrics"]) if snapshot else None,
            datetime.fromisoformat(snapshot["fetchedAt"]) if snapshot else None,
        )

    return list(await asyncio.gather(*(latest(target) for target in post.targets)))


@dataclass(frozen=True)
class AccountSnapshot:
    fetched_at: datetime
    followers: int | None
    metrics: dict[str, int]


@dataclass(frozen=True)
class AccountHistory:
    account: accounts.Account
    items: list[AccountSnapshot]
    next_from: datetime | None  # where the next page starts when `limit` cut this one short


async def account_history(
    container: Container,
    access: WorkspaceAccess,
    account_id: UUID,
    *,
    start: datetime,
    end: datetime,
    limit: int,
) -> AccountHistory:
    """The account's hourly snapshots in [start, end), oldest first: one single-partition query."""
    start, end = utc(start), utc(end)
    if start >= end:
        raise InvalidInput("`from` must be before `to`.", code="invalid_range")
    account = await accounts.get_account(container, access, account_id)
    found = await container.cosmos.query(
        ACCOUNT_METRICS,
        "SELECT TOP @limit c.fetchedAt, c.followers, c.metrics FROM c WHERE c.accountId = @account"
        " AND c.workspaceId = @workspace AND c.fetchedAt >= @from AND c.fetchedAt < @to ORDER BY c.fetchedAt",
        {
            "@limit": limit,
            "@account": str(account_id),
            "@workspace": str(access.workspace_id),
            "@from": stamp(start),
            "@to": stamp(end),
        },
        partition_key=str(account_id),
    )
    items = [
        AccountSnapshot(datetime.fromisoformat(row["fetchedAt"]), row.get("followers"), dict(row["metrics"]))
        for row in found
    ]
    more = len(items) == limit
    return AccountHistory(account, items, items[-1].fetched_at + timedelta(seconds=1) if more else None)
