"""Analytics collection: metric pulls per account into Cosmos DB, and the daily rollups built from them.

The hourly timer (and "collect now": the route and `python -m tools.collect_analytics`) queues one
message per active account, spread over a few minutes so a thousand accounts do not reach the
platforms in the same second, then one rollup message per workspace for after the pulls. A pull is
`all`, `accounts` (followers and account figures only) or `posts` (post figures only).

What a pull writes (every figure also in the shared vocabulary, shared/domain/metrics.py):

- `account_metrics` (partition `/accountId`): one snapshot per account per hour;
- `post_metrics` (partition `/accountId`): one snapshot per post target per hour, for posts published in
  the last 30 days (older ones have settled);
- `account_rollups` (partition `/workspaceId`): one document per account per day (the workspace's
  zone): its latest followers and account figures;
- `post_rollups` (partition `/workspaceId`): one document per published post target: its latest figures,
  engagement, and one point per day (`series`), so rankings and a post's history are single-partition
  queries;

and the workspace rollup (`rollup_workspace`) folds those into `daily_rollups`, one document per
workspace per day (shared/domain/rollups.py), which is all a dashboard reads.

Snapshot and rollup ids are deterministic (`<account or target>:<hour>`, `<account>:<day>`, the target
id, the day): a repeated or retried message overwrites what the first one wrote instead of adding to
it. Every document carries its own `ttl` (ANALYTICS_SNAPSHOT_TTL_DAYS, ANALYTICS_ROLLUP_TTL_DAYS).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, TypeVar, get_args
from uuid import UUID

from shared.bootstrap import Container
from shared.domain.errors import NotFound, RateLimited
from shared.domain.metrics import engagement, to_shared
from shared.domain.rollups import (
    REBUILT_DAYS,
    DayPosts,
    PublishedTarget,
    day_start,
    follower_totals,
    from_stamp,
    local,
    posts_by_day,
    stamp,
)
from shared.platforms import registry
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AuthRevokedError,
    Capabilities,
    Connector,
    Credentials,
    NotSupportedError,
    PermanentError,
    PostMetrics,
    RateLimitedError,
    TokenExpiredError,
)
from shared.services import accounts, webhooks
from shared.services.principals import WorkspaceAccess

log = logging.getLogger(__name__)

POST_METRICS = "post_metrics"
ACCOUNT_METRICS = "account_metrics"
DAILY_ROLLUPS = "daily_rollups"
ACCOUNT_ROLLUPS = "account_rollups"
POST_ROLLUPS = "post_rollups"

Mode = Literal["all", "accounts", "posts"]
MODES: tuple[str, ...] = get_args(Mode)
# Where stored figures came from: the scheduled or requested collection, or someone opening a page.
Via = Literal["collection", "live"]

# Accounts are queued over this window, one second apart at most per slot.
COLLECTION_SPREAD = timedelta(seconds=300)
# The workspace rollup is queued for this long after the last pull of its collection.
ROLLUP_AFTER = timedelta(seconds=60)
ENQUEUE_CONCURRENCY = 32
# Posts older than this have settled; their figures are not pulled again.
POST_WINDOW = timedelta(days=30)
# External ids per connector call (connectors split further where their API takes fewer).
POST_BATCH = 50
WRITE_CONCURRENCY = 16
# A platform's reset in the past or this very second still waits a little before the next try.
MIN_RETRY = timedelta(seconds=1)

T = TypeVar("T")


def utc(moment: datetime) -> datetime:
    """A moment in UTC; one without a zone (a query string's) is taken as UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def ttl(settings_days: int) -> int:
    return settings_days * 24 * 3600


# --- messages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CollectRequest:
    account_id: UUID
    mode: Mode = "all"


@dataclass(frozen=True)
class RollupRequest:
    workspace_id: UUID


def parse_message(body: bytes) -> CollectRequest | RollupRequest:
    """An analytics queue message: a pull of one account, or a workspace's rollup."""
    data = json.loads(body)
    if "workspace_id" in data:
        return RollupRequest(UUID(str(data["workspace_id"])))
    mode = str(data.get("mode", "all"))
    return CollectRequest(UUID(str(data["account_id"])), mode if mode in MODES else "all")  # type: ignore[arg-type]


async def handle_message(container: Container, body: bytes) -> dict[str, Any]:
    """The queue trigger's work, whichever kind of message it is."""
    request = parse_message(body)
    if isinstance(request, RollupRequest):
        return await rollup_workspace(container, request.workspace_id)
    return await collect_account(container, request.account_id, mode=request.mode)


# --- queueing -------------------------------------------------------------------------------------


def _capabilities(container: Container, platform: str) -> Capabilities | None:
    try:
        return registry.info(container.settings, platform).capabilities
    except NotFound:
        return None


def measurable(capabilities: Capabilities | None, mode: Mode) -> bool:
    """Whether a pull in this mode has anything to read on a platform with these capabilities."""
    if capabilities is None:
        return False
    accounts_part = bool(capabilities.account_metrics) and mode != "posts"
    posts_part = bool(capabilities.post_metrics) and mode != "accounts"
    return accounts_part or posts_part


async def collectable_accounts(
    container: Container, *, mode: Mode = "all", workspace_id: UUID | None = None
) -> list[tuple[UUID, UUID]]:
    """(account, workspace) of every active account a pull in `mode` has something to read for."""
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT id, workspace_id, platform FROM social_accounts WHERE status = 'active'"
            " AND (%(ws)s::uuid IS NULL OR workspace_id = %(ws)s) ORDER BY id",
            {"ws": workspace_id},
        )
        rows = await cursor.fetchall()
    known: dict[str, bool] = {}
    due: list[tuple[UUID, UUID]] = []
    for account_id, ws, platform in rows:
        if platform not in known:
            known[platform] = measurable(_capabilities(container, platform), mode)
        if known[platform]:
            due.append((account_id, ws))
    return due


async def enqueue_collection(
    container: Container,
    *,
    spread: timedelta = COLLECTION_SPREAD,
    mode: Mode = "all",
    workspace_id: UUID | None = None,
) -> int:
    """One analytics message per active account of a platform with metrics, then one rollup message per
    workspace for after them; returns how many accounts were queued.

    Message i becomes visible i mod `spread` seconds from now, so the pulls trickle in.
    """
    due = await collectable_accounts(container, mode=mode, workspace_id=workspace_id)
    slots = max(int(spread.total_seconds()), 1)
    gate = asyncio.Semaphore(ENQUEUE_CONCURRENCY)

    async def send(message: dict[str, object], delay: timedelta) -> None:
        async with gate:
            await container.queue.send(container.settings.analytics_queue, message, delay=delay)

    await asyncio.gather(
        *(
            send({"account_id": str(account_id), "mode": mode}, timedelta(seconds=index % slots))
            for index, (account_id, _) in enumerate(due)
        )
    )
    last = timedelta(seconds=min(len(due), slots))
    await asyncio.gather(
        *(
            send({"workspace_id": str(ws)}, last + ROLLUP_AFTER)
            for ws in sorted({ws for _, ws in due}, key=str)
        )
    )
    return len(due)


# --- pulling --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    id: UUID
    post_id: UUID
    external_id: str
    published_at: datetime


@dataclass(frozen=True)
class _Sealed:
    """The account's stored token, as read with the account (opened only when used)."""

    ciphertext: bytes
    key_id: str
    expires_at: datetime | None


@dataclass(frozen=True)
class CollectedAccount:
    id: UUID
    workspace_id: UUID
    platform: str
    status: str
    zone: str
    ref: AccountRef
    targets: tuple[_Target, ...] = ()  # its posts published in the last POST_WINDOW, oldest first
    sealed: _Sealed | None = None


async def load_account(container: Container, account_id: UUID) -> CollectedAccount | None:
    """Everything a pull needs from PostgreSQL, in one round trip: the account, its workspace's zone,
    its sealed token and its recent published posts."""
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT a.workspace_id, a.platform, a.status, a.external_id, a.handle, a.metadata,
                      w.default_timezone, a.token_ciphertext, a.token_key_id, a.token_expires_at,
                      coalesce((SELECT json_agg(json_build_array(t.id, t.post_id, t.external_id,
                                                                 t.published_at) ORDER BY t.published_at)
                                FROM post_targets t
                                WHERE t.social_account_id = a.id AND t.status = 'published'
                                  AND t.external_id IS NOT NULL AND t.published_at > now() - %s), '[]')
               FROM social_accounts a JOIN workspaces w ON w.id = a.workspace_id
               WHERE a.id = %s""",
            (POST_WINDOW, account_id),
        )
        row = await cursor.fetchone()
    if row is None:
        return None
    metadata = {key: str(value) for key, value in (row[5] or {}).items()}
    targets = tuple(_Target(UUID(t[0]), UUID(t[1]), str(t[2]), datetime.fromisoformat(t[3])) for t in row[10])
    sealed = _Sealed(bytes(row[7]), str(row[8]), row[9]) if row[7] is not None and row[8] else None
    return CollectedAccount(
        account_id,
        row[0],
        row[1],
        row[2],
        str(row[6]),
        AccountRef(row[3], row[4] or "", metadata),
        targets,
        sealed,
    )


class _Session:
    """Credentials for one pull: opened from the token read with the account while it is good for a
    few minutes more, else fetched fresh; refreshed at most once when the platform says the token
    expired, however many of the pull's calls were told so at once (the refresh itself is also
    single-flight across workers)."""

    def __init__(self, container: Container, account: CollectedAccount) -> None:
        self._container = container
        self._account = account
        self._credentials: Credentials | None = None
        self._refreshed = False
        self._lock = asyncio.Lock()

    async def _current(self) -> Credentials:
        async with self._lock:
            if self._credentials is None:
                sealed = self._account.sealed
                if sealed is not None and (
                    sealed.expires_at is None
                    or sealed.expires_at > datetime.now(UTC) + accounts.REFRESH_MARGIN
                ):
                    self._credentials = await accounts.load_credentials(
                        self._container, self._account.id, sealed.ciphertext, sealed.key_id
                    )
                else:
                    self._credentials = await accounts.fresh_credentials(self._container, self._account.id)
            return self._credentials

    async def call(self, operation: Callable[[Credentials], Awaitable[T]]) -> T:
        tried = await self._current()
        try:
            return await operation(tried)
        except TokenExpiredError:
            async with self._lock:
                if self._credentials is tried:  # nobody refreshed since this call tried
                    if self._refreshed:
                        raise
                    self._refreshed = True
                    self._credentials = await accounts.fresh_credentials(
                        self._container, self._account.id, force=True
                    )
                fresh = self._credentials
            assert fresh is not None
            return await operation(fresh)


@dataclass
class Pulled:
    """What one pull read and stored."""

    account: dict[str, Any] | None = None  # the account snapshot written
    posts: list[dict[str, Any]] = field(default_factory=list)  # the post snapshots written
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))


async def pull_account(
    container: Container, account: CollectedAccount, *, mode: Mode = "all", via: Via = "collection"
) -> Pulled:
    """Read the account's figures from its platform (the parts `mode` asks for) and store them.

    Platform errors are raised as they are (rate limit, revoked grant, outage): the queue handler and the
    live view each deal with them their own way. A platform without one of the two kinds of figures,
    or refusing one for good, is skipped for that kind.
    """
    connector = container.connector(account.platform)
    session = _Session(container, account)
    pulled = Pulled()

    async def account_part() -> None:
        if mode != "posts":
            pulled.account = await _pull_account_metrics(
                container, connector, session, account, pulled=pulled, via=via
            )

    async def posts_part() -> None:
        if mode != "accounts":
            pulled.posts = await _pull_post_metrics(
                container, connector, session, account, pulled=pulled, via=via
            )

    # Both halves at once; the first failure is raised once both are done (neither is left running).
    outcomes = await asyncio.gather(account_part(), posts_part(), return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
    return pulled


async def collect_account(container: Container, account_id: UUID, *, mode: Mode = "all") -> dict[str, Any]:
    """Handle one analytics message: pull the account's figures and store them.

    A rate limit sends the message again for when the platform resets (never sooner); a revoked grant
    marks the account needs_reauth; a transient failure raises so the queue retries.
    """
    result: dict[str, Any] = {"account_id": str(account_id), "mode": mode}
    account = await load_account(container, account_id)
    if (
        account is None
        or account.status != "active"
        or not measurable(_capabilities(container, account.platform), mode)
    ):
        return {**result, "outcome": "skipped"}
    result["platform"] = account.platform
    try:
        pulled = await pull_account(container, account, mode=mode)
    except RateLimitedError as exc:
        delay = max(exc.reset_at - datetime.now(UTC), MIN_RETRY)
        await container.queue.send(
            container.settings.analytics_queue,
            {"account_id": str(account_id), "mode": mode},
            delay=delay,
        )
        log.info(
            "analytics of account %s wait for the platform's rate limit",
            account_id,
            extra={"account_id": str(account_id), "platform": account.platform},
        )
        return {**result, "outcome": "rate_limited", "retry_in_seconds": int(delay.total_seconds())}
    except AuthRevokedError as exc:
        await needs_reauth(container, account, exc.message)
        return {**result, "outcome": "needs_reauth"}
    except NotFound:
        return {**result, "outcome": "skipped"}  # removed (or its token gone) since it was queued
    log.info(
        "analytics of account %s collected",
        account_id,
        extra={"account_id": str(account_id), "platform": account.platform, "posts": len(pulled.posts)},
    )
    return {
        **result,
        "outcome": "collected",
        "account": pulled.account is not None,
        "posts": len(pulled.posts),
    }


def _hour(now: datetime) -> str:
    return stamp(now.replace(minute=0, second=0, microsecond=0))


async def _pull_account_metrics(
    container: Container,
    connector: Connector,
    session: _Session,
    account: CollectedAccount,
    *,
    pulled: Pulled,
    via: Via,
) -> dict[str, Any] | None:
    capabilities = connector.capabilities
    if not capabilities.account_metrics:
        return None
    try:
        found: AccountMetrics = await session.call(
            lambda credentials: connector.fetch_account_metrics(credentials, account.ref)
        )
    except NotSupportedError:
        return None
    except PermanentError as exc:
        _refused(account, "account", exc)
        return None
    now = pulled.fetched_at
    native: dict[str, int | None] = {**found.metrics, "followers": found.followers}
    figures = to_shared(capabilities.account_vocabulary, native)
    settings = container.settings
    snapshot = {
        "id": f"{account.id}:{_hour(now)}",
        "accountId": str(account.id),
        "workspaceId": str(account.workspace_id),
        "platform": account.platform,
        "followers": found.followers,
        "metrics": dict(found.metrics),
        "figures": figures,
        "hour": _hour(now),
        "fetchedAt": stamp(now),
        "via": via,
        "ttl": ttl(settings.analytics_snapshot_ttl_days),
    }
    day = local(now, account.zone).date().isoformat()
    rollup = {
        "id": f"{account.id}:{day}",
        "workspaceId": str(account.workspace_id),
        "accountId": str(account.id),
        "platform": account.platform,
        "day": day,
        "followers": found.followers,
        "figures": figures,
        "fetchedAt": stamp(now),
        "via": via,
        "ttl": ttl(settings.analytics_rollup_ttl_days),
    }
    await asyncio.gather(
        container.cosmos.upsert(ACCOUNT_METRICS, snapshot), container.cosmos.upsert(ACCOUNT_ROLLUPS, rollup)
    )
    return snapshot


async def _pull_post_metrics(
    container: Container,
    connector: Connector,
    session: _Session,
    account: CollectedAccount,
    *,
    pulled: Pulled,
    via: Via,
) -> list[dict[str, Any]]:
    """Snapshots of the account's recent posts (and their post rollups); returns the snapshots."""
    capabilities = connector.capabilities
    if not capabilities.post_metrics:
        return []
    by_external = {target.external_id: target for target in account.targets}
    ids = list(by_external)
    found: list[PostMetrics] = []
    for start in range(0, len(ids), POST_BATCH):
        batch = ids[start : start + POST_BATCH]

        async def fetch(credentials: Credentials, batch: list[str] = batch) -> list[PostMetrics]:
            return await connector.fetch_post_metrics(credentials, account.ref, batch)

        try:
            found += await session.call(fetch)
        except NotSupportedError:
            return []
        except PermanentError as exc:
            _refused(account, "posts", exc)
    now = pulled.fetched_at
    writes: list[tuple[dict[str, Any], dict[str, Any]]] = []
    snapshots = []
    for figures in found:
        target = by_external.get(figures.external_id)
        if target is None:
            continue
        snapshot, rollup = _post_documents(
            container, capabilities, account, target, figures, now=now, via=via
        )
        snapshots.append(snapshot)
        writes.append((snapshot, rollup))
    gate = asyncio.Semaphore(WRITE_CONCURRENCY)

    async def write(operation: Awaitable[None]) -> None:
        async with gate:
            await operation

    await asyncio.gather(
        *(write(container.cosmos.upsert(POST_METRICS, snapshot)) for snapshot, _ in writes),
        *(write(_write_post_rollup(container, rollup)) for _, rollup in writes),
    )
    return snapshots


def _post_documents(
    container: Container,
    capabilities: Capabilities,
    account: CollectedAccount,
    target: _Target,
    found: PostMetrics,
    *,
    now: datetime,
    via: Via,
) -> tuple[dict[str, Any], dict[str, Any]]:
    figures = to_shared(capabilities.post_vocabulary, dict(found.metrics))
    engaged = engagement(figures, capabilities.post_vocabulary)
    settings = container.settings
    common = {
        "accountId": str(account.id),
        "workspaceId": str(account.workspace_id),
        "targetId": str(target.id),
        "postId": str(target.post_id),
        "platform": account.platform,
        "externalId": target.external_id,
        "publishedAt": stamp(target.published_at),
        "metrics": dict(found.metrics),
        "figures": figures,
        "fetchedAt": stamp(now),
        "via": via,
    }
    snapshot = {
        "id": f"{target.id}:{_hour(now)}",
        **common,
        "hour": _hour(now),
        "ttl": ttl(settings.analytics_snapshot_ttl_days),
    }
    rollup = {
        "id": str(target.id),
        **common,
        "engagements": engaged.engagements,
        "audience": engaged.audience,
        "rate": engaged.rate,
        "series": {local(now, account.zone).date().isoformat(): figures},
        "ttl": ttl(settings.analytics_rollup_ttl_days),
    }
    return snapshot, rollup


async def _write_post_rollup(container: Container, rollup: dict[str, Any]) -> None:
    """Patch the target's rollup with the latest figures and today's point; create it the first time.

    A patch keeps the earlier days of `series` without reading them back.
    """
    (day, figures), *_ = rollup["series"].items()
    changed = ("metrics", "figures", "engagements", "audience", "rate", "fetchedAt", "via", "ttl")
    operations = [{"op": "set", "path": f"/{name}", "value": rollup[name]} for name in changed]
    operations.append({"op": "set", "path": f"/series/{day}", "value": figures})
    patched = await container.cosmos.patch(
        POST_ROLLUPS, rollup["id"], partition_key=rollup["workspaceId"], operations=operations
    )
    if not patched:
        await container.cosmos.upsert(POST_ROLLUPS, rollup)


def _refused(account: CollectedAccount, half: str, exc: PermanentError) -> None:
    """A refusal that retrying cannot change (a metric the app may not read): noted, then skipped."""
    log.warning(
        "%s refused the %s metrics of account %s: %s",
        account.platform,
        half,
        account.id,
        exc.code,
        extra={"account_id": str(account.id), "platform": account.platform, "error_code": exc.code},
    )


async def needs_reauth(container: Container, account: CollectedAccount, message: str) -> None:
    """As publishing does: announce once (webhook), mark the account, then send the deliveries."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        await accounts.mark_needs_reauth(conn, account.id, message)
    await webhooks.flush_workspace(container, account.workspace_id)


# --- the workspace rollup -------------------------------------------------------------------------


async def _workspace(container: Container, workspace_id: UUID) -> tuple[str, set[str]] | None:
    """The workspace's zone and its current accounts, or None when it is gone."""
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT default_timezone FROM workspaces WHERE id = %s", (workspace_id,))
        row = await cursor.fetchone()
        if row is None:
            return None
        cursor = await conn.execute("SELECT id FROM social_accounts WHERE workspace_id = %s", (workspace_id,))
        current = {str(r[0]) for r in await cursor.fetchall()}
    return str(row[0]), current


def day_document(
    workspace_id: str,
    day: date,
    zone: str,
    *,
    followers: dict[str, list[Any]] | None,
    posts: DayPosts | None,
    written: datetime,
    ttl_seconds: int,
) -> dict[str, Any]:
    """A workspace's rollup of one day (shared/domain/rollups.py); without `followers` when none are
    known for that day (readers then keep the day before's)."""
    document: dict[str, Any] = {
        "id": day.isoformat(),
        "workspaceId": workspace_id,
        "day": day.isoformat(),
        "zone": zone,
        **(posts.to_doc() if posts else {"accounts": {}, "platforms": {}}),
        "postsAsOf": stamp(written),
        "updatedAt": stamp(written),
        "ttl": ttl_seconds,
    }
    if followers is not None:
        document["followers"] = followers
        document["followerTotals"] = follower_totals(followers)
        document["followersAsOf"] = stamp(written)
    return document


async def rollup_workspace(
    container: Container, workspace_id: UUID, *, now: datetime | None = None
) -> dict[str, Any]:
    """Fold a workspace's latest pulls into its daily rollups (shared/domain/rollups.py).

    Today's document gets the followers of every account (today's count, else the last known one, for
    accounts still in the workspace) and the posts published today; the posts part of each of the
    previous REBUILT_DAYS days is rewritten from the posts' latest figures. Idempotent: running it
    twice writes the same documents.
    """
    now = now or datetime.now(UTC)
    found = await _workspace(container, workspace_id)
    if found is None:
        return {"workspace_id": str(workspace_id), "outcome": "skipped"}
    zone, current = found
    ws = str(workspace_id)
    today = local(now, zone).date()
    first = today - timedelta(days=REBUILT_DAYS)
    cosmos = container.cosmos
    todays, previous, published = await asyncio.gather(
        cosmos.query(
            ACCOUNT_ROLLUPS,
            "SELECT c.accountId, c.platform, c.followers FROM c WHERE c.workspaceId = @w AND c.day = @d",
            {"@w": ws, "@d": today.isoformat()},
            partition_key=ws,
        ),
        cosmos.query(
            DAILY_ROLLUPS,
            "SELECT TOP 1 c.followers FROM c WHERE c.workspaceId = @w AND c.id = c.day AND c.day < @d"
            " AND IS_DEFINED(c.followers) ORDER BY c.day DESC",
            {"@w": ws, "@d": today.isoformat()},
            partition_key=ws,
        ),
        cosmos.query(
            POST_ROLLUPS,
            "SELECT c.accountId, c.platform, c.publishedAt, c.figures, c.engagements, c.audience FROM c"
            " WHERE c.workspaceId = @w AND c.publishedAt >= @from",
            {"@w": ws, "@from": stamp(day_start(first, zone))},
            partition_key=ws,
        ),
    )
    followers: dict[str, list[Any]] = {
        account: value
        for account, value in (previous[0]["followers"] if previous else {}).items()
        if account in current
    }
    for row in todays:
        if row.get("followers") is not None:
            followers[row["accountId"]] = [row["platform"], int(row["followers"])]
    by_day = posts_by_day(
        (
            PublishedTarget(
                r["accountId"],
                r["platform"],
                from_stamp(r["publishedAt"]),
                r.get("figures") or {},
                r.get("engagements"),
                r.get("audience"),
            )
            for r in published
        ),
        zone,
    )
    written = now.astimezone(UTC)
    rollup_ttl = ttl(container.settings.analytics_rollup_ttl_days)
    await cosmos.upsert(
        DAILY_ROLLUPS,
        day_document(
            ws,
            today,
            zone,
            followers=followers,
            posts=by_day.get(today),
            written=written,
            ttl_seconds=rollup_ttl,
        ),
    )
    gate = asyncio.Semaphore(WRITE_CONCURRENCY)

    async def rewrite(day: date) -> None:
        posts = by_day.get(day)
        part = posts.to_doc() if posts else {"accounts": {}, "platforms": {}}
        operations = [
            {"op": "set", "path": "/accounts", "value": part["accounts"]},
            {"op": "set", "path": "/platforms", "value": part["platforms"]},
            {"op": "set", "path": "/postsAsOf", "value": stamp(written)},
            {"op": "set", "path": "/updatedAt", "value": stamp(written)},
            {"op": "set", "path": "/ttl", "value": rollup_ttl},
        ]
        async with gate:
            if await cosmos.patch(DAILY_ROLLUPS, day.isoformat(), partition_key=ws, operations=operations):
                return
            if posts is None:
                return  # nothing was published that day and nothing was stored for it: leave no document
            await cosmos.upsert(
                DAILY_ROLLUPS,
                day_document(
                    ws, day, zone, followers=None, posts=posts, written=written, ttl_seconds=rollup_ttl
                ),
            )

    await asyncio.gather(*(rewrite(first + timedelta(days=n)) for n in range(REBUILT_DAYS)))
    return {
        "workspace_id": ws,
        "outcome": "rolled_up",
        "day": today.isoformat(),
        "accounts": len(followers),
        "posts": len(published),
    }


# --- collect now ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CollectNow:
    mode: Mode
    accounts: int  # pulls queued
    next_allowed_at: datetime


async def collect_now(container: Container, access: WorkspaceAccess, mode: Mode) -> CollectNow:
    """Queue a collection of the workspace's accounts now, as the timer would (the same spread and the
    same messages). At most one per workspace every ANALYTICS_COLLECT_NOW_MINUTES, for everyone."""
    interval = timedelta(minutes=container.settings.analytics_collect_now_minutes)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """INSERT INTO analytics_collect_requests AS r (workspace_id, requested_at, requested_by, mode)
               VALUES (%(ws)s, now(), %(by)s, %(mode)s)
               ON CONFLICT (workspace_id) DO UPDATE SET requested_at = EXCLUDED.requested_at,
                 requested_by = EXCLUDED.requested_by, mode = EXCLUDED.mode
               WHERE r.requested_at <= now() - %(interval)s
               RETURNING requested_at""",
            {"ws": access.workspace_id, "by": access.principal.user_id, "mode": mode, "interval": interval},
        )
        row = await cursor.fetchone()
        if row is None:
            cursor = await conn.execute(
                "SELECT ceil(extract(epoch FROM requested_at + %s - now())) FROM analytics_collect_requests"
                " WHERE workspace_id = %s",
                (interval, access.workspace_id),
            )
            wait = await cursor.fetchone()
            seconds = max(1, int(wait[0])) if wait and wait[0] is not None else 1
            raise RateLimited(
                "A collection was asked for a moment ago; ask again later.",
                retry_after_seconds=seconds,
                code="collect_too_soon",
            )
    queued = await enqueue_collection(container, mode=mode, workspace_id=access.workspace_id)
    return CollectNow(mode, queued, row[0] + interval)
