"""Analytics at the scale of seed 003: a workspace of 1,000 accounts with 90 days of history.

Own database, Cosmos DB database, analytics queue and sandbox (its own process on a free port). Prints:

1. The summary and followers questions (goal: p50 <= 150 ms), each asked ROUNDS times in a row through
   the API in process (authentication, membership, the single-partition Cosmos query over the daily
   rollups, the arithmetic and the JSON), for the default 30 days and for 90 days.
2. Collection writes for 1,000 accounts (each with POSTS_PER_ACCOUNT posts from the last 30 days) as the
   queue worker runs them, as many at a time as one host instance takes (host.json), against the
   emulator's raw upsert rate measured in the same run (goal: ratio >= 0.8). Writes are counted as
   documents written (an upsert or a patch). The collection is timed twice: with the sandbox's answers
   given back at once (the collector's own work: one database read, the token, the documents and their
   writes), and asking the sandbox, whose server shares this machine's cores with the emulator.
3. The workspace rollup of those 1,000 accounts (once an hour per workspace, off the request path).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx

from bench._pipeline import (
    ROOT,
    ms,
    spread,
    storage_connection_string,
    throwaway_database,
    unique,
)
from bench.http import free_port
from shared.bootstrap import Container, get_container
from shared.config import Settings
from shared.domain import rollups
from shared.domain.metrics import engagement, to_shared
from shared.platforms import sandbox as sandbox_platform
from shared.platforms import sandbox_audience as audience
from shared.platforms.base import AccountMetrics, AccountRef, Credentials, PostMetrics
from shared.services import accounts, analytics, tokens

ACCOUNTS = 1000
DAYS = 90
POSTS_PER_ACCOUNT = 3
ROUNDS = 50
CONNECT_CONCURRENCY = 16
RAW_CONCURRENCY = 64


def host_concurrency() -> int:
    """Messages one host instance works on at once: a batch, and the next one fetched when only
    newBatchThreshold are left (host.json)."""
    from tools.devhost.hostjson import load_host_json

    queues = load_host_json(ROOT / "host.json").queues
    return queues.batch_size + queues.new_batch_threshold


def settings_for(database_url: str, sandbox_url: str) -> Settings:
    from tools.emulators.manage import ensure_running

    endpoints = ensure_running(ROOT)
    return Settings(
        ENVIRONMENT="development",
        LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        DATABASE_POOL_MAX_SIZE=20,
        AzureWebJobsStorage=storage_connection_string(),
        COSMOS_ENDPOINT=endpoints.cosmos_endpoint,
        COSMOS_KEY=endpoints.cosmos_key,
        COSMOS_CA_CERT=str(endpoints.cosmos_ca_cert),
        COSMOS_DATABASE=unique("benchanalytics"),
        ANALYTICS_QUEUE=unique("benchanalytics"),
        SANDBOX_MODE=True,
        SANDBOX_BASE_URL=sandbox_url,
    )


async def owner(container: Container) -> tuple[UUID, UUID, dict[str, str]]:
    """A user who owns a new workspace (straight in the database), and their bearer header."""
    pool = await container.db()
    email = f"{unique('bench')}@example.com"
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            "INSERT INTO users (email, email_normalized, name, email_verified_at)"
            " VALUES (%s, %s, 'Bench', now()) RETURNING id",
            (email, email),
        )
        user = await cursor.fetchone()
        cursor = await conn.execute("INSERT INTO workspaces (name) VALUES ('Analytics bench') RETURNING id")
        ws = await cursor.fetchone()
        assert user is not None
        assert ws is not None
        await conn.execute(
            "INSERT INTO memberships (workspace_id, user_id, role) VALUES (%s, %s, 'owner')", (ws[0], user[0])
        )
    ring = await tokens.load_key_ring(container.secrets)
    token = tokens.issue_access_token(ring, container.settings, user[0]).token
    return user[0], ws[0], {"Authorization": f"Bearer {token}"}


async def connect_accounts(container: Container, user: UUID, ws: UUID) -> list[tuple[UUID, str]]:
    """1,000 sandbox accounts, connected as the app connects them (tokens sealed): (id, sandbox id)."""
    connector = container.connector("sandbox")
    assert isinstance(connector, sandbox_platform.SandboxConnector)
    pool = await container.db()
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    prefix = unique("a")

    async def one(n: int) -> tuple[UUID, str]:
        async with gate:
            connected = await connector.connect(f"{prefix}{n:04d}")
            async with pool.connection() as conn, conn.transaction():
                account = await accounts.store(
                    conn, container, ws, "sandbox", connected=connected, user_id=user
                )
        return account.id, account.external_id

    return list(await asyncio.gather(*(one(n) for n in range(ACCOUNTS))))


async def publish_history(
    container: Container, user: UUID, ws: UUID, found: list[tuple[UUID, str]], now: datetime
) -> list[tuple[UUID, str, str, datetime]]:
    """POSTS_PER_ACCOUNT published posts per account in the last 30 days, written straight to the
    database with the ids the sandbox would have given them: (account, its sandbox id, post id, when)."""
    pool = await container.db()
    rows = []
    targets = []
    for index, (account_id, external) in enumerate(found):
        for k in range(POSTS_PER_ACCOUNT):
            at = (now - timedelta(days=1 + 9 * k, hours=index % 24)).replace(microsecond=0)
            post_id = audience.post_id_at(at, index % 1000)
            rows.append((uuid4(), uuid4(), account_id, at, post_id))
            targets.append((account_id, external, post_id, at))
    async with pool.connection() as conn, conn.transaction(), conn.cursor() as cursor:
        await cursor.executemany(
            "INSERT INTO posts (id, workspace_id, author_id, body, scheduled_at)"
            " VALUES (%s, %s, %s, 'Bench', %s)",
            [(post, ws, user, at) for post, _, _, at, _ in rows],
        )
        await cursor.executemany(
            """INSERT INTO post_targets (id, post_id, workspace_id, social_account_id, status, scheduled_at,
                                         external_id, published_at)
               VALUES (%s, %s, %s, %s, 'published', %s, %s, %s)""",
            [(target, post, ws, account, at, external, at) for post, target, account, at, external in rows],
        )
    return targets


def history_documents(
    ws: UUID, found: list[tuple[UUID, str]], now: datetime, ttl: int
) -> list[dict[str, Any]]:
    """90 daily rollups as the collector and the workspace rollup would have left them: every account's
    followers each day, and one post per account per day with its figures."""
    caps = sandbox_platform.CAPABILITIES
    today = now.date()
    published = []
    followers: dict[Any, dict[str, list[Any]]] = {}
    for back in range(DAYS):
        day = today - timedelta(days=back)
        for index, (account_id, external) in enumerate(found):
            followers.setdefault(day, {})[str(account_id)] = ["sandbox", audience.followers(external, day)]
            at = datetime(day.year, day.month, day.day, 8 + index % 12, tzinfo=UTC)
            if at > now:
                continue
            figures = to_shared(
                caps.post_vocabulary, audience.post_figures(external, audience.post_id_at(at, index), now)
            )
            engaged = engagement(figures, caps.post_vocabulary)
            published.append(
                rollups.PublishedTarget(
                    str(account_id), "sandbox", at, figures, engaged.engagements, engaged.audience
                )
            )
    by_day = rollups.posts_by_day(published, "UTC")
    return [
        analytics.day_document(
            str(ws), day, "UTC", followers=followers[day], posts=by_day.get(day), written=now, ttl_seconds=ttl
        )
        for day in sorted(followers)
    ]


async def timed(rounds: int, call: Callable[[], Awaitable[httpx.Response]]) -> tuple[list[float], int]:
    await call()  # warm: connections, the key ring, caches
    latencies = []
    size = 0
    for _ in range(rounds):
        started = time.perf_counter()
        response = await call()
        latencies.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
        size = len(response.content)
    return latencies, size


class CountingWrites:
    """Counts the documents the collector writes (upserts and patches), by wrapping the store's calls."""

    def __init__(self, container: Container) -> None:
        self.count = 0
        store = container.cosmos
        upsert, patch = store.upsert, store.patch

        async def counted_upsert(container: str, document: dict[str, Any]) -> None:
            self.count += 1
            await upsert(container, document)

        async def counted_patch(
            container: str, item_id: str, *, partition_key: str, operations: list[dict[str, Any]]
        ) -> bool:
            done = await patch(container, item_id, partition_key=partition_key, operations=operations)
            self.count += int(done)
            return done

        store.upsert = counted_upsert  # type: ignore[method-assign]
        store.patch = counted_patch  # type: ignore[method-assign]


class Recorded:
    """The sandbox's answers, recorded during one collection and given back at once during another: the
    collection's own work (reading the database, opening tokens, building and writing the documents)
    without the platform's share of the time, which on this machine is another process on the same cores."""

    def __init__(self, container: Container) -> None:
        connector = container.connector("sandbox")
        ask_account, ask_posts = connector.fetch_account_metrics, connector.fetch_post_metrics
        self.replaying = False
        answers: dict[object, Any] = {}

        async def fetch_account(credentials: Credentials, account: AccountRef) -> AccountMetrics:
            key = ("account", account.external_id)
            if not self.replaying:
                answers[key] = await ask_account(credentials, account)
            found: AccountMetrics = answers[key]
            return found

        async def fetch_posts(
            credentials: Credentials, account: AccountRef, external_ids: list[str]
        ) -> list[PostMetrics]:
            key = ("posts", account.external_id, tuple(external_ids))
            if not self.replaying:
                answers[key] = await ask_posts(credentials, account, external_ids)
            found: list[PostMetrics] = answers[key]
            return found

        connector.fetch_account_metrics = fetch_account  # type: ignore[method-assign]
        connector.fetch_post_metrics = fetch_posts  # type: ignore[method-assign]


async def collect_all(container: Container, found: list[tuple[UUID, str]], concurrency: int) -> float:
    gate = asyncio.Semaphore(concurrency)

    async def one(account_id: UUID) -> None:
        async with gate:
            result = await analytics.collect_account(container, account_id)
        assert result["outcome"] == "collected", result

    started = time.perf_counter()
    await asyncio.gather(*(one(account_id) for account_id, _ in found))
    return time.perf_counter() - started


async def raw_upserts(container: Container, count: int) -> float:
    """`count` documents shaped like post snapshots, upserted as fast as the emulator takes them."""
    gate = asyncio.Semaphore(RAW_CONCURRENCY)
    account = str(uuid4())
    base = {
        "accountId": account,
        "workspaceId": str(uuid4()),
        "platform": "sandbox",
        "metrics": dict.fromkeys(sandbox_platform.POST_METRICS, 1234),
        "figures": dict.fromkeys(sandbox_platform.POST_METRICS, 1234),
        "fetchedAt": rollups.stamp(datetime.now(UTC)),
    }

    async def one(n: int) -> None:
        async with gate:
            await container.cosmos.upsert(analytics.POST_METRICS, {"id": f"raw:{n}", **base})

    started = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(count)))
    return time.perf_counter() - started


async def run(settings: Settings) -> None:
    from functions.api import create_api

    container = Container(settings)
    try:
        await container.cosmos.create_schema()
        await container.queue.create_queue(settings.analytics_queue)
        now = datetime.now(UTC).replace(microsecond=0)
        user, ws, headers = await owner(container)
        started = time.perf_counter()
        found = await connect_accounts(container, user, ws)
        await publish_history(container, user, ws, found, now)
        documents = history_documents(ws, found, now, analytics.ttl(settings.analytics_rollup_ttl_days))
        await asyncio.gather(*(container.cosmos.upsert(analytics.DAILY_ROLLUPS, d) for d in documents))
        size = sum(len(str(d)) for d in documents) // len(documents)
        print(
            f"set-up: {ACCOUNTS} sandbox accounts, {ACCOUNTS * POSTS_PER_ACCOUNT} recent posts, "
            f"{len(documents)} daily rollups of ~{size // 1024} KiB in {time.perf_counter() - started:.1f} s"
        )

        app = create_api()
        app.dependency_overrides[get_container] = lambda: container
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as api:
            base = f"/api/v1/workspaces/{ws}/analytics"
            ninety = {"from": (now.date() - timedelta(days=DAYS - 1)).isoformat()}
            questions = {
                "summary, 30 days (default)": (f"{base}/summary", {}),
                "summary, 90 days": (f"{base}/summary", ninety),
                "followers, 30 days by day": (f"{base}/followers", {}),
                "followers, 90 days by week": (f"{base}/followers", {**ninety, "by": "week"}),
            }
            print(f"questions over {ACCOUNTS} accounts with {DAYS} days of history, {ROUNDS} in a row each:")
            for name, (path, params) in questions.items():

                def ask(path: str = path, params: dict[str, str] = params) -> Awaitable[httpx.Response]:
                    return api.get(path, params=params, headers=headers)

                latencies, length = await timed(ROUNDS, ask)
                print(
                    f"  {name}: {spread(latencies, 'ms', 1000)} ({length // 1024} KiB)  (goal p50 <= 150 ms)"
                )

        batch = host_concurrency()
        recorded = Recorded(container)
        await collect_all(container, found, batch)  # the hour's first pull creates the post rollups
        counter = CountingWrites(container)
        elapsed = await collect_all(container, found, batch)
        writes = counter.count
        recorded.replaying = True
        counter.count = 0
        replayed = await collect_all(container, found, batch)
        assert counter.count == writes
        raw_elapsed = await raw_upserts(container, writes)
        raw_rate = writes / raw_elapsed
        print(f"collection of {ACCOUNTS} accounts ({writes} documents written), {batch} at a time:")
        print(
            f"  raw emulator upserts, {RAW_CONCURRENCY} at a time: {writes} in {raw_elapsed:.1f} s "
            f"= {raw_rate:.0f}/s"
        )
        print(
            f"  collection with the sandbox's answers given back at once: {replayed:.1f} s = "
            f"{writes / replayed:.0f} writes/s, ratio {writes / replayed / raw_rate:.2f}  (goal >= 0.8)"
        )
        print(
            f"  collection asking the sandbox (a process on the same cores): {elapsed:.1f} s = "
            f"{writes / elapsed:.0f} writes/s, ratio {writes / elapsed / raw_rate:.2f}"
        )
        started = time.perf_counter()
        await analytics.rollup_workspace(container, ws)
        print(f"workspace rollup of {ACCOUNTS} accounts: {ms(time.perf_counter() - started)}")
    finally:
        await container.cosmos.delete_database()
        from bench._pipeline import delete_queues

        await delete_queues(settings.storage_connection_string, settings.analytics_queue)
        await container.aclose()


def main() -> None:
    from tools.sandbox import manage as sandbox

    with throwaway_database("benchanalytics") as database_url, tempfile.TemporaryDirectory() as state:
        root = Path(state)
        url = sandbox.ensure_running(root, port=free_port())
        try:
            asyncio.run(run(settings_for(database_url, url)))
        finally:
            sandbox.stop(root)


if __name__ == "__main__":
    main()
