"""Figures of an account or a post as they stand: asked of the platform, cached, and stored.

Opening an account or a post may ask for live figures. A live pull is the collection's own pull
(`analytics.pull_account`, all of the account's figures), so what it reads is stored like any
collection's (`via: live`) and history grows from what people looked at.

The cache is per account and shared by every instance (PostgreSQL `analytics_live_fetches`): within
ANALYTICS_LIVE_CACHE_SECONDS of a live pull the stored figures are shown as live without asking the
platform again; one viewer at a time asks (a claim), the others wait for that answer. When the
platform fails, is rate limited or the token is expired or revoked, the stored snapshot is shown
instead, with its age and why, and the platform is not asked again until its rate limit resets or
for the cache's length after another failure. So repeated views never spend a platform's rate limit.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from shared.bootstrap import Container
from shared.domain.errors import NotFound
from shared.domain.metrics import engagement
from shared.domain.rollups import from_stamp
from shared.platforms.base import AuthRevokedError, PlatformError, RateLimitedError
from shared.services import accounts, analytics, posts
from shared.services.analytics_views import Source, declared, figures_of
from shared.services.principals import WorkspaceAccess

log = logging.getLogger(__name__)

# Accounts asked live for one post page at most (a post to 1,000 accounts shows the rest stored).
LIVE_ACCOUNTS_MAX = 25
LIVE_CONCURRENCY = 8
READ_CONCURRENCY = 16
WAIT_STEP = 0.25
# After a failure that names no reset, the platform rests at least this long.
MIN_REST = timedelta(seconds=30)


@dataclass(frozen=True)
class LiveError:
    """Why figures shown are stored ones although live ones were asked for."""

    code: str  # rate_limited, platform_unavailable, token_expired, needs_reauth, busy, not_available…
    message: str
    retry_at: datetime | None = None


@dataclass(frozen=True)
class Freshness:
    live_at: datetime | None  # the live pull the stored figures come from, when within the cache
    error: LiveError | None = None


# --- the claim and the cache ----------------------------------------------------------------------


def _hold(container: Container) -> timedelta:
    """How long a claim lasts if its holder dies: a few platform calls' worth."""
    return timedelta(seconds=container.settings.platform_timeout_seconds * 4 + 5)


async def _claim(container: Container, account_id: UUID) -> bool:
    cache = timedelta(seconds=container.settings.analytics_live_cache_seconds)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """INSERT INTO analytics_live_fetches AS f (social_account_id, claimed_until)
               VALUES (%(id)s, now() + %(hold)s)
               ON CONFLICT (social_account_id) DO UPDATE SET claimed_until = EXCLUDED.claimed_until
               WHERE (f.claimed_until IS NULL OR f.claimed_until < now())
                 AND (f.fetched_at IS NULL OR f.fetched_at <= now() - %(cache)s)
                 AND (f.retry_at IS NULL OR f.retry_at <= now())
               RETURNING 1""",
            {"id": account_id, "hold": _hold(container), "cache": cache},
        )
        return await cursor.fetchone() is not None


async def _state(container: Container, account_id: UUID) -> tuple[Freshness, bool]:
    """What the cache says now, and whether another viewer is asking the platform at this moment."""
    cache = timedelta(seconds=container.settings.analytics_live_cache_seconds)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT fetched_at, fetched_at > now() - %(cache)s, retry_at > now(), error_code, error_message,
                      retry_at, claimed_until > now()
               FROM analytics_live_fetches WHERE social_account_id = %(id)s""",
            {"id": account_id, "cache": cache},
        )
        row = await cursor.fetchone()
    if row is None:
        return Freshness(None), False
    fetched_at, fresh, resting, code, message, retry_at, claimed = row
    if fresh:
        return Freshness(fetched_at), bool(claimed)
    if resting:
        return Freshness(None, LiveError(code or "platform_unavailable", message or "", retry_at)), False
    return Freshness(None), bool(claimed)


async def _settle(
    container: Container, account_id: UUID, *, fetched_at: datetime | None, error: LiveError | None
) -> None:
    pool = await container.db()
    async with pool.connection() as conn:
        if error is None:
            await conn.execute(
                """UPDATE analytics_live_fetches SET claimed_until = NULL, fetched_at = %s, failed_at = NULL,
                          error_code = NULL, error_message = NULL, retry_at = NULL
                   WHERE social_account_id = %s""",
                (fetched_at, account_id),
            )
        else:
            await conn.execute(
                """UPDATE analytics_live_fetches SET claimed_until = NULL, failed_at = now(), error_code = %s,
                          error_message = %s, retry_at = %s
                   WHERE social_account_id = %s""",
                (error.code, error.message, error.retry_at, account_id),
            )


def _rest(container: Container) -> datetime:
    cache = timedelta(seconds=container.settings.analytics_live_cache_seconds)
    return datetime.now(UTC) + max(cache, MIN_REST)


async def _pull(container: Container, account: analytics.CollectedAccount) -> Freshness:
    """Ask the platform (the claim is ours) and record how it went."""
    try:
        pulled = await analytics.pull_account(container, account, via="live")
    except RateLimitedError as exc:
        error = LiveError(
            "rate_limited", exc.message, max(exc.reset_at, datetime.now(UTC) + timedelta(seconds=1))
        )
    except AuthRevokedError as exc:
        await analytics.needs_reauth(container, account, exc.message)
        error = LiveError("needs_reauth", exc.message, _rest(container))
    except PlatformError as exc:
        error = LiveError(exc.code, exc.message, _rest(container))
    except NotFound as exc:
        error = LiveError(exc.code, exc.message, _rest(container))
    except Exception:
        await _settle(
            container,
            account.id,
            fetched_at=None,
            error=LiveError("platform_unavailable", "The platform could not be reached.", _rest(container)),
        )
        raise
    else:
        if pulled.account is not None or pulled.posts:
            await _settle(container, account.id, fetched_at=pulled.fetched_at, error=None)
            return Freshness(pulled.fetched_at)
        # It answered, but with no figures we could read (a refusal is logged): nothing new to show.
        error = LiveError("not_available", "The platform gave no figures this time.", _rest(container))
    log.info(
        "live figures of account %s unavailable: %s",
        account.id,
        error.code,
        extra={"account_id": str(account.id), "platform": account.platform, "error_code": error.code},
    )
    await _settle(container, account.id, fetched_at=None, error=error)
    return Freshness(None, error)


async def refresh(container: Container, account_id: UUID) -> Freshness:
    """Make the account's stored figures live if they can be: from the cache, or by asking the platform
    once for every viewer. Never raises for the platform's failures: they come back as `error`."""
    account = await analytics.load_account(container, account_id)
    if account is None:
        return Freshness(None, LiveError("account_not_found", "The account is gone."))
    if not analytics.measurable(declared(container, account.platform), "all"):
        return Freshness(None, LiveError("not_available", "This platform shares no figures."))
    if account.status != "active":
        return Freshness(
            None, LiveError("needs_reauth", "Reconnect the account to see its figures as they stand.")
        )
    deadline = asyncio.get_running_loop().time() + container.settings.platform_timeout_seconds
    while True:
        if await _claim(container, account_id):
            return await _pull(container, account)
        state, busy = await _state(container, account_id)
        if state.live_at is not None or state.error is not None:
            return state
        if asyncio.get_running_loop().time() >= deadline:
            return Freshness(None, LiveError("busy", "The platform is still answering another request."))
        if busy:  # another viewer is asking: wait for their answer (else the claim is free again)
            await asyncio.sleep(WAIT_STEP)


# --- what a page shows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """Where shown figures came from and how old they are."""

    source: Source | None  # None: nothing stored yet
    as_of: datetime | None
    live_error: LiveError | None

    @property
    def age_seconds(self) -> int | None:
        if self.as_of is None:
            return None
        return max(0, int((datetime.now(UTC) - self.as_of).total_seconds()))


def _shown(fetched: str | None, freshness: Freshness | None) -> Shown:
    as_of = from_stamp(fetched) if fetched else None
    if freshness is None:
        return Shown("stored" if as_of else None, as_of, None)
    live = (
        freshness.live_at is not None
        and as_of is not None
        and as_of >= freshness.live_at.replace(microsecond=0) - timedelta(seconds=1)
    )
    return Shown(("live" if live else "stored") if as_of else None, as_of, freshness.error)


@dataclass(frozen=True)
class AccountFigures:
    account: accounts.Account
    followers: int | None
    figures: dict[str, int]
    metrics: dict[str, int]
    shown: Shown


async def _latest_account_snapshot(container: Container, account_id: UUID, ws: str) -> dict[str, Any] | None:
    found = await container.cosmos.query(
        analytics.ACCOUNT_METRICS,
        "SELECT TOP 1 c.followers, c.metrics, c.figures, c.fetchedAt FROM c WHERE c.accountId = @a"
        " AND c.workspaceId = @w ORDER BY c.fetchedAt DESC",
        {"@a": str(account_id), "@w": ws},
        partition_key=str(account_id),
    )
    return found[0] if found else None


async def account_figures(
    container: Container, access: WorkspaceAccess, account_id: UUID, *, live: bool
) -> AccountFigures:
    """The account's latest figures: stored, or live (cached, with the stored ones as the fallback)."""
    account = await accounts.get_account(container, access, account_id)
    freshness = await refresh(container, account_id) if live else None
    snapshot = await _latest_account_snapshot(container, account_id, str(access.workspace_id))
    return AccountFigures(
        account=account,
        followers=snapshot.get("followers") if snapshot else None,
        figures=dict(snapshot.get("figures") or {}) if snapshot else {},
        metrics=dict(snapshot.get("metrics") or {}) if snapshot else {},
        shown=_shown(snapshot["fetchedAt"] if snapshot else None, freshness),
    )


@dataclass(frozen=True)
class TargetFigures:
    target_id: UUID
    account_id: UUID
    platform: str
    handle: str
    external_id: str | None
    metrics: dict[str, int] | None  # the platform's own names; None until the first collection
    figures: dict[str, int | None] | None  # every shared post metric (None: not available)
    engagements: int | None
    engagement_rate: float | None
    shown: Shown


async def post_figures(
    container: Container, access: WorkspaceAccess, post_id: UUID, *, live: bool
) -> list[TargetFigures]:
    """The latest figures of each target of a post, stored or live (per account, as above)."""
    post = await posts.get_post(container, access, post_id)
    freshness: dict[UUID, Freshness] = {}
    if live:
        asked = sorted(
            {t.account_id for t in post.targets if t.status == "published" and t.external_id}, key=str
        )
        gate = asyncio.Semaphore(LIVE_CONCURRENCY)

        async def ask(account_id: UUID) -> None:
            async with gate:
                freshness[account_id] = await refresh(container, account_id)

        await asyncio.gather(*(ask(a) for a in asked[:LIVE_ACCOUNTS_MAX]))
        for account_id in asked[LIVE_ACCOUNTS_MAX:]:
            freshness[account_id] = Freshness(
                None,
                LiveError(
                    "too_many_accounts", f"Live figures are asked for {LIVE_ACCOUNTS_MAX} accounts at most."
                ),
            )
    gate = asyncio.Semaphore(READ_CONCURRENCY)

    async def latest(target: posts.TargetView) -> TargetFigures:
        async with gate:
            found = await container.cosmos.query(
                analytics.POST_METRICS,
                "SELECT TOP 1 c.metrics, c.figures, c.fetchedAt FROM c WHERE c.accountId = @account"
                " AND c.targetId = @target AND c.workspaceId = @workspace ORDER BY c.fetchedAt DESC",
                {
                    "@account": str(target.account_id),
                    "@target": str(target.id),
                    "@workspace": str(access.workspace_id),
                },
                partition_key=str(target.account_id),
            )
        snapshot = found[0] if found else None
        caps = declared(container, target.platform)
        figures = dict(snapshot.get("figures") or {}) if snapshot else None
        engaged = engagement(figures or {}, caps.post_vocabulary if caps else ())
        return TargetFigures(
            target_id=target.id,
            account_id=target.account_id,
            platform=target.platform,
            handle=target.handle,
            external_id=target.external_id,
            metrics=dict(snapshot["metrics"]) if snapshot else None,
            figures=figures_of(container, target.platform, figures) if figures is not None else None,
            engagements=engaged.engagements if snapshot else None,
            engagement_rate=engaged.rate if snapshot else None,
            shown=_shown(snapshot["fetchedAt"] if snapshot else None, freshness.get(target.account_id)),
        )

    return list(await asyncio.gather(*(latest(target) for target in post.targets)))
