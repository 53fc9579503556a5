"""Demo data for `make dev`: a platform admin who can sign in at once, a workspace to try things in,
and (with the sandbox platform) a few weeks of published posts and their figures for its dashboard.

Idempotent, so every `make dev` can run it. Never in production: a platform admin whose password
is printed in a README would be an open door.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from shared.bootstrap import Container
from shared.config import Settings
from shared.domain import rollups
from shared.domain.metrics import engagement, to_shared
from shared.platforms import feed, sandbox
from shared.platforms import sandbox_audience as audience
from shared.services import analytics, audit, passwords, posts
from shared.services.analytics import POST_METRICS
from shared.services.audit import AuditEvent
from shared.services.principals import WorkspaceAccess

# .example (RFC 2606) is reserved and passes email validation; .local and .test are refused at sign-in.
ADMIN_EMAIL = "admin@clickkloudy.example"
ADMIN_NAME = "Demo admin"
WORKSPACE_NAME = "Demo workspace"


@dataclass(frozen=True)
class SeedResult:
    admin_id: UUID
    admin_email: str
    workspace_id: UUID
    created_admin: bool
    created_workspace: bool


def admin_password(settings: Settings) -> str:
    return settings.seed_admin_password.get_secret_value()


async def seed_demo(container: Container, *, password: str | None = None) -> SeedResult:
    """Create what is missing; an admin that already exists keeps its password (it may have been changed)."""
    if container.settings.environment == "production":
        raise RuntimeError("demo data is for development only")
    password = password or admin_password(container.settings)
    passwords.check_policy(password, context=(ADMIN_EMAIL.split("@", maxsplit=1)[0], ADMIN_NAME))
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT 1 FROM users WHERE email_normalized = %s", (ADMIN_EMAIL,))
        admin_exists = await cursor.fetchone() is not None
    # Hashing costs a tenth of a second; skip it on the usual run, where the admin is already there.
    password_hash = None if admin_exists else await asyncio.to_thread(passwords.hash_password, password)
    async with pool.connection() as conn, conn.transaction():
        created_admin = False
        if password_hash is not None:
            cursor = await conn.execute(
                """INSERT INTO users (email, email_normalized, name, password_hash, password_changed_at,
                                      email_verified_at, is_platform_admin)
                   VALUES (%s, %s, %s, %s, now(), now(), true)
                   ON CONFLICT (email_normalized) DO NOTHING RETURNING id""",
                (ADMIN_EMAIL, ADMIN_EMAIL, ADMIN_NAME, password_hash),
            )
            created_admin = await cursor.fetchone() is not None
        # Locks the admin row too, so two seeds running at once cannot both add the workspace.
        cursor = await conn.execute(
            "SELECT id FROM users WHERE email_normalized = %s FOR UPDATE", (ADMIN_EMAIL,)
        )
        found = await cursor.fetchone()
        assert found is not None
        admin_id: UUID = found[0]
        if created_admin:
            await audit.record(conn, AuditEvent.USER_REGISTERED, actor=admin_id, details={"seed": True})
        cursor = await conn.execute(
            """SELECT w.id FROM workspaces w
               JOIN memberships m ON m.workspace_id = w.id AND m.user_id = %s AND m.role = 'owner'
               WHERE w.name = %s ORDER BY w.created_at LIMIT 1""",
            (admin_id, WORKSPACE_NAME),
        )
        existing = await cursor.fetchone()
        if existing is not None:
            return SeedResult(admin_id, ADMIN_EMAIL, existing[0], created_admin, created_workspace=False)
        cursor = await conn.execute(
            "INSERT INTO workspaces (name) VALUES (%s) RETURNING id", (WORKSPACE_NAME,)
        )
        created = await cursor.fetchone()
        assert created is not None
        workspace_id: UUID = created[0]
        await conn.execute(
            "INSERT INTO memberships (workspace_id, user_id, role) VALUES (%s, %s, 'owner')",
            (workspace_id, admin_id),
        )
        await feed.create_account(conn, workspace_id, WORKSPACE_NAME, created_by=admin_id)
        await audit.record(
            conn, AuditEvent.WORKSPACE_CREATED, actor=admin_id, workspace=workspace_id, details={"seed": True}
        )
    return SeedResult(admin_id, ADMIN_EMAIL, workspace_id, created_admin, created_workspace=True)


SANDBOX_HANDLES = ("demo.brand", "demo.news")


async def connect_demo_accounts(container: Container, result: SeedResult) -> list[str]:
    """Sandbox accounts in the demo workspace, so a newcomer can schedule a post straight away.

    Connecting again is harmless: the same sandbox account is re-connected, not duplicated.
    """
    from shared.services.accounts import connect_sandbox

    owner = _owner(result)
    return [(await connect_sandbox(container, owner, handle, ip="")).handle for handle in SANDBOX_HANDLES]


# --- a few weeks of history, so the dashboard has something to show ---------------------------------

HISTORY_DAYS = 28
# Hours (UTC) the demo posts go out at: around and away from the sandbox audience's 14:00 peak, so the
# best-times grid has a finding to show.
POST_HOURS = (8, 11, 14, 17, 20)
DEMO_TEXTS = (
    "Our autumn collection is here: warm colours, soft fabrics, fair prices.",
    "Five tips to make your mornings calmer. Number three changed ours.",
    "Behind the scenes: how a product photo is made, from sketch to shelf.",
    "Customer story: a small bakery that doubled its orders in one season.",
    "Weekend reading: the news that mattered this week, in two minutes.",
    "Question of the day: what would you like us to write about next?",
    "New in the shop: the colours you asked for are back in stock.",
)


@dataclass(frozen=True)
class _DemoTarget:
    id: UUID
    post_id: UUID
    account_id: UUID
    account_external_id: str
    external_id: str
    published_at: datetime


def _demo_schedule(handles: list[str], today: date) -> list[tuple[datetime, list[int], str]]:
    """(published at, indexes of the accounts it went to, text) for each day of the history: a post to
    every account, and one to a single account, at hours drawn from the day (deterministic)."""
    posts = []
    for back in range(HISTORY_DAYS, 0, -1):
        day = today - timedelta(days=back)
        both = POST_HOURS[int(audience.unit("demo", day, "both") * len(POST_HOURS))]
        single = POST_HOURS[int(audience.unit("demo", day, "single") * len(POST_HOURS))]
        minute = int(audience.unit("demo", day, "minute") * 50)
        at = datetime(day.year, day.month, day.day, tzinfo=UTC)
        posts.append(
            (at + timedelta(hours=both, minutes=minute), list(range(len(handles))), DEMO_TEXTS[back % 7])
        )
        posts.append(
            (
                at + timedelta(hours=single, minutes=minute + 5),
                [back % len(handles)],
                DEMO_TEXTS[(back + 3) % 7],
            )
        )
    return posts


async def _demo_targets(container: Container, result: SeedResult) -> list[_DemoTarget]:
    """The demo workspace's published sandbox posts from before today, made now if it has none."""
    pool = await container.db()
    today = datetime.now(UTC).date()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """SELECT t.id, t.post_id, a.id, a.external_id, t.external_id, t.published_at
               FROM post_targets t JOIN social_accounts a ON a.id = t.social_account_id
               WHERE t.workspace_id = %s AND a.platform = 'sandbox' AND t.status = 'published'
                 AND t.published_at < %s ORDER BY t.published_at""",
            (result.workspace_id, datetime(today.year, today.month, today.day, tzinfo=UTC)),
        )
        found = [_DemoTarget(*row) for row in await cursor.fetchall()]
        if found:
            return found
        # Locks the demo accounts: two seeds at once cannot both write the history.
        cursor = await conn.execute(
            """SELECT id, external_id, handle FROM social_accounts
               WHERE workspace_id = %s AND platform = 'sandbox' AND status = 'active' AND handle = ANY(%s)
               ORDER BY handle FOR UPDATE""",
            (result.workspace_id, list(SANDBOX_HANDLES)),
        )
        demo = await cursor.fetchall()
        if not demo:
            return []
        cursor = await conn.execute(
            "SELECT 1 FROM post_targets WHERE social_account_id = ANY(%s) AND status = 'published' LIMIT 1",
            ([row[0] for row in demo],),
        )
        if await cursor.fetchone() is not None:
            return []  # someone else wrote it while we waited
        base = container.settings.sandbox_base_url.rstrip("/")
        targets: list[_DemoTarget] = []
        for sequence, (at, indexes, text) in enumerate(_demo_schedule([row[2] for row in demo], today)):
            post_id = uuid4()
            await conn.execute(
                """INSERT INTO posts (id, workspace_id, author_id, body, scheduled_at, timezone, approved_by,
                                      approved_at, created_at, updated_at)
                   VALUES (%s, %s, %s, %s, %s, 'UTC', %s, %s, %s, %s)""",
                (post_id, result.workspace_id, result.admin_id, text, at, result.admin_id, at, at, at),
            )
            for index in indexes:
                account_id, account_external, handle = demo[index]
                external = audience.post_id_at(at, sequence % 1000)
                target_id = uuid4()
                await conn.execute(
                    """INSERT INTO post_targets (id, post_id, workspace_id, social_account_id, status,
                                                 scheduled_at, attempt_count, external_id, external_url,
                                                 published_at, created_at, updated_at)
                       VALUES (%s, %s, %s, %s, 'published', %s, 1, %s, %s, %s, %s, %s)""",
                    (
                        target_id,
                        post_id,
                        result.workspace_id,
                        account_id,
                        at,
                        external,
                        f"{base}/@{handle}/posts/{external}",
                        at,
                        at,
                        at,
                    ),
                )
                targets.append(_DemoTarget(target_id, post_id, account_id, account_external, external, at))
    return targets


async def seed_history(container: Container, result: SeedResult) -> int:
    """A few weeks of published demo posts with the figures the sandbox's audience gives them
    (shared/platforms/sandbox_audience.py): snapshots and rollups in Cosmos DB, as collections would
    have written them. Skipped when the demo workspace has them already; written again when only
    Cosmos DB forgot them (its emulator keeps nothing across restarts). Returns documents written."""
    targets = await _demo_targets(container, result)
    if not targets:
        return 0
    ws = str(result.workspace_id)
    zone = await posts.workspace_zone(container, _owner(result))
    now = datetime.now(UTC)
    today = rollups.local(now, zone).date()
    yesterday = (today - timedelta(days=1)).isoformat()
    present = await container.cosmos.query(
        analytics.DAILY_ROLLUPS,
        "SELECT VALUE COUNT(1) FROM c WHERE c.workspaceId = @w AND c.day = @d",
        {"@w": ws, "@d": yesterday},
        partition_key=ws,
    )
    if present and present[0]:
        return 0
    documents = _history_documents(container.settings, ws, zone, targets, now)
    gate = asyncio.Semaphore(16)

    async def write(kind: str, document: dict[str, Any]) -> None:
        async with gate:
            await container.cosmos.upsert(kind, document)

    await asyncio.gather(*(write(kind, document) for kind, document in documents))
    return len(documents)


def _history_documents(
    settings: Settings, ws: str, zone: str, targets: list[_DemoTarget], now: datetime
) -> list[tuple[str, dict[str, Any]]]:
    """What collections since the first demo post, and one just now, would have stored."""
    snapshot_ttl = analytics.ttl(settings.analytics_snapshot_ttl_days)
    rollup_ttl = analytics.ttl(settings.analytics_rollup_ttl_days)
    caps = sandbox.CAPABILITIES
    today = rollups.local(now, zone).date()
    first = min(rollups.local(t.published_at, zone).date() for t in targets)
    accounts = {t.account_id: t.account_external_id for t in targets}
    documents: list[tuple[str, dict[str, Any]]] = []
    followers_by_day: dict[date, dict[str, list[Any]]] = {}
    for day in rollups.days(first, today):
        # As the last collection of the day saw it (for today: now).
        seen = min(rollups.day_start(day + timedelta(days=1), zone) - timedelta(minutes=55), now)
        hour = rollups.stamp(seen.replace(minute=0, second=0, microsecond=0))
        for account_id, external in accounts.items():
            count = audience.followers(external, seen.date())
            figures = to_shared(caps.account_vocabulary, {"followers": count})
            owner: dict[str, Any] = {
                "accountId": str(account_id),
                "workspaceId": ws,
                "platform": sandbox.PLATFORM,
            }
            documents.append(
                (
                    analytics.ACCOUNT_METRICS,
                    {
                        "id": f"{account_id}:{hour}",
                        **owner,
                        "followers": count,
                        "metrics": {"followers": count},
                        "figures": figures,
                        "hour": hour,
                        "fetchedAt": rollups.stamp(seen),
                        "via": "collection",
                        "ttl": snapshot_ttl,
                    },
                )
            )
            documents.append(
                (
                    analytics.ACCOUNT_ROLLUPS,
                    {
                        "id": f"{account_id}:{day.isoformat()}",
                        **owner,
                        "day": day.isoformat(),
                        "followers": count,
                        "figures": figures,
                        "fetchedAt": rollups.stamp(seen),
                        "via": "collection",
                        "ttl": rollup_ttl,
                    },
                )
            )
            followers_by_day.setdefault(day, {})[str(account_id)] = [sandbox.PLATFORM, count]
    published = []
    for target in targets:
        native = audience.post_figures(target.account_external_id, target.external_id, now)
        figures = to_shared(caps.post_vocabulary, native)
        engaged = engagement(figures, caps.post_vocabulary)
        series = {}
        for day in rollups.days(rollups.local(target.published_at, zone).date(), today):
            at = min(rollups.day_start(day + timedelta(days=1), zone) - timedelta(minutes=55), now)
            then = audience.post_figures(target.account_external_id, target.external_id, at)
            series[day.isoformat()] = to_shared(caps.post_vocabulary, then)
        common: dict[str, Any] = {
            "accountId": str(target.account_id),
            "workspaceId": ws,
            "targetId": str(target.id),
            "postId": str(target.post_id),
            "platform": sandbox.PLATFORM,
            "externalId": target.external_id,
            "publishedAt": rollups.stamp(target.published_at),
            "metrics": native,
            "figures": figures,
            "fetchedAt": rollups.stamp(now),
            "via": "collection",
        }
        hour = rollups.stamp(now.replace(minute=0, second=0, microsecond=0))
        documents.append(
            (POST_METRICS, {"id": f"{target.id}:{hour}", **common, "hour": hour, "ttl": snapshot_ttl})
        )
        documents.append(
            (
                analytics.POST_ROLLUPS,
                {
                    "id": str(target.id),
                    **common,
                    "engagements": engaged.engagements,
                    "audience": engaged.audience,
                    "rate": engaged.rate,
                    "series": series,
                    "ttl": rollup_ttl,
                },
            )
        )
        published.append(
            rollups.PublishedTarget(
                str(target.account_id),
                sandbox.PLATFORM,
                target.published_at,
                figures,
                engaged.engagements,
                engaged.audience,
            )
        )
    by_day = rollups.posts_by_day(published, zone)
    for day in rollups.days(first, today):
        documents.append(
            (
                analytics.DAILY_ROLLUPS,
                analytics.day_document(
                    ws,
                    day,
                    zone,
                    followers=followers_by_day.get(day, {}),
                    posts=by_day.get(day),
                    written=now,
                    ttl_seconds=rollup_ttl,
                ),
            )
        )
    return documents


def _owner(result: SeedResult) -> WorkspaceAccess:
    from shared.domain.identity import AuthMethod, Principal
    from shared.domain.permissions import Role

    return WorkspaceAccess(
        result.workspace_id,
        Role.OWNER,
        Principal(result.admin_id, is_platform_admin=True, method=AuthMethod.BEARER, email_verified=True),
    )


async def run(settings: Settings) -> SeedResult:
    """Seed with a container of its own (the local stack's set-up has none)."""
    container = Container(settings)
    try:
        result = await seed_demo(container)
        if settings.sandbox_mode:
            await connect_demo_accounts(container, result)
            await seed_history(container, result)
        return result
    finally:
        await container.aclose()
