"""The questions analytics answer, from the stored rollups: every read is a single-partition query.

- `summary`: totals per shared metric, engagement rate and followers for a period, against the
  previous period of the same length (daily_rollups: one document per day of both periods).
- `followers`: growth per account and in total, by day or week (daily_rollups).
- `ranked_posts`: published posts on each account ranked by a metric, top or bottom (post_rollups,
  `TOP n … ORDER BY` one field).
- `best_times`: a weekday-by-hour grid per platform (daily_rollups' hour slots).
- `post_history`: a post's figures day by day on each of its accounts (post_rollups).
- `account_history`: an account's hourly snapshots (account_metrics).

Periods are local days of the workspace's zone, both ends included. Figures a platform does not
report are None ("not available"), never 0; sums add a shared metric only across the platforms that
report it. Every answer says it comes from the store and as of when (the latest rollup it read).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from uuid import UUID

from shared.bootstrap import Container
from shared.domain.errors import InvalidInput, NotFound
from shared.domain.metrics import POST_METRICS, rate
from shared.domain.rollups import Bucket, day_start, days, follower_totals, from_stamp, local, stamp
from shared.platforms import registry
from shared.platforms.base import Capabilities
from shared.services import accounts, posts
from shared.services.analytics import ACCOUNT_METRICS, DAILY_ROLLUPS, POST_ROLLUPS, utc
from shared.services.principals import WorkspaceAccess

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
MAX_DAYS = 366
DEFAULT_DAYS = 30
RANK_METRICS: tuple[str, ...] = (*POST_METRICS, "engagements", "engagement_rate")
Order = Literal["top", "bottom"]
Granularity = Literal["day", "week"]
Source = Literal["stored", "live"]


# --- the scope of a question ----------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def length(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        return Period(self.first - timedelta(days=self.length), self.first - timedelta(days=1))


@dataclass(frozen=True)
class Filters:
    """Accounts and platforms to count; empty means all of the workspace's."""

    accounts: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()

    def keeps(self, account_id: str, platform: str) -> bool:
        return (not self.accounts or account_id in self.accounts) and (
            not self.platforms or platform in self.platforms
        )

    def keeps_platform(self, platform: str) -> bool:
        return not self.platforms or platform in self.platforms


@dataclass(frozen=True)
class AccountInfo:
    id: str
    platform: str
    handle: str


@dataclass(frozen=True)
class Workspace:
    zone: str
    accounts: dict[str, AccountInfo]

    def today(self) -> date:
        return local(datetime.now(UTC), self.zone).date()


async def workspace(container: Container, access: WorkspaceAccess) -> Workspace:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT default_timezone FROM workspaces WHERE id = %s", (access.workspace_id,)
        )
        row = await cursor.fetchone()
        if row is None:
            raise NotFound("No such workspace.", code="workspace_not_found")
        cursor = await conn.execute(
            "SELECT id, platform, handle FROM social_accounts WHERE workspace_id = %s",
            (access.workspace_id,),
        )
        found = {str(r[0]): AccountInfo(str(r[0]), r[1], r[2] or "") for r in await cursor.fetchall()}
    return Workspace(str(row[0]), found)


def period(ws: Workspace, first: date | None, last: date | None) -> Period:
    """The local days asked for (default: the last 30 days, today included), checked."""
    last = last or ws.today()
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidInput("`from` must not be after `to`.", code="invalid_range")
    if first < EARLIEST or last > LATEST:
        raise InvalidInput(
            f"Periods lie between {EARLIEST.isoformat()} and {LATEST.isoformat()}.", code="invalid_range"
        )
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput(f"A period is at most {MAX_DAYS} days.", code="range_too_long")
    return Period(first, last)


def declared(container: Container, platform: str) -> Capabilities | None:
    try:
        return registry.info(container.settings, platform).capabilities
    except Exception:
        return None


def reported(container: Container, platform: str) -> frozenset[str]:
    """The shared post metrics a platform reports."""
    caps = declared(container, platform)
    return frozenset(caps.post_vocabulary) if caps else frozenset()


@dataclass(frozen=True)
class Stamp:
    """Where an answer's figures came from, and as of when."""

    source: Source
    as_of: datetime | None


def _latest(values: Iterable[str | None]) -> datetime | None:
    found = [v for v in values if v]
    return from_stamp(max(found)) if found else None


# --- reading the daily rollups --------------------------------------------------------------------


# Up to this many chosen accounts, a question reads only their entries of each day's rollup.
PROJECTED_ACCOUNTS = 50
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
Rebuild = Callable[[dict[str, Any]], dict[str, Any]]


def _fields(filters: Filters, parts: Sequence[str]) -> tuple[list[str], Rebuild]:
    """What to read of each day's rollup for these parts (accounts, followers, platforms,
    followerTotals), and how to put a read document back in shape.

    With a few chosen accounts, only their entries of `accounts` and `followers` are read (the rest of a
    1,000-account workspace's day stays on the server); `followersAsOf` says whether the day knew
    followers at all.
    """
    ids = sorted(filters.accounts)
    if not ids or len(ids) > PROJECTED_ACCOUNTS or not all(_UUID.fullmatch(a) for a in ids):
        return [*parts, "followersAsOf"], lambda doc: doc
    keyed = [part for part in parts if part in ("accounts", "followers")]
    fields = ["followersAsOf", *(part for part in parts if part not in keyed)]
    for part in keyed:
        fields += [f'{part}["{a}"] AS {part[0]}{i}' for i, a in enumerate(ids)]  # ids checked above

    def rebuild(doc: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in doc.items() if not re.fullmatch(r"[af]\d+", k)}
        for part in keyed:
            if part == "followers" and "followersAsOf" not in doc:
                continue
            out[part] = {a: doc[f"{part[0]}{i}"] for i, a in enumerate(ids) if f"{part[0]}{i}" in doc}
        return out

    return fields, rebuild


async def _day_docs(
    container: Container, ws_id: str, first: date, last: date, fields: Sequence[str]
) -> list[dict[str, Any]]:
    projection = ", ".join(f"c.{name}" for name in ("day", "updatedAt", *fields))
    return await container.cosmos.query(
        DAILY_ROLLUPS,
        f"SELECT {projection} FROM c WHERE c.workspaceId = @w"  # noqa: S608 - fixed field names
        " AND c.id = c.day AND c.day >= @first AND c.day <= @last",
        {"@w": ws_id, "@first": first.isoformat(), "@last": last.isoformat()},
        partition_key=ws_id,
    )


async def _followers_before(
    container: Container, ws_id: str, day: date, fields: Sequence[str]
) -> dict[str, Any] | None:
    """The last rollup with followers before `day`: where the count stood when a period began."""
    projection = ", ".join(f"c.{name}" for name in ("day", "updatedAt", *fields))
    found = await container.cosmos.query(
        DAILY_ROLLUPS,
        f"SELECT TOP 1 {projection} FROM c WHERE c.workspaceId = @w"  # noqa: S608 - fixed field names
        " AND c.id = c.day AND c.day < @day AND IS_DEFINED(c.followers) ORDER BY c.day DESC",
        {"@w": ws_id, "@day": day.isoformat()},
        partition_key=ws_id,
    )
    return found[0] if found else None


def _posts_of(doc: Mapping[str, Any], filters: Filters) -> dict[str, Bucket]:
    """A day's posts per platform, within the filters."""
    found: dict[str, Bucket] = {}
    if filters.accounts:
        for account_id, entry in (doc.get("accounts") or {}).items():
            if filters.keeps(account_id, entry.get("p", "")):
                found.setdefault(entry["p"], Bucket()).merge(Bucket.from_doc(entry))
    else:
        for platform, entry in (doc.get("platforms") or {}).items():
            if filters.keeps_platform(platform):
                found.setdefault(platform, Bucket()).merge(Bucket.from_doc(entry))
    return found


def _followers_of(doc: Mapping[str, Any], filters: Filters) -> dict[str, tuple[int, int]] | None:
    """A day's followers per platform ({platform: (followers, accounts)}), or None if not known."""
    if filters.accounts:
        if "followers" not in doc:
            return None
        totals: dict[str, tuple[int, int]] = {}
        for account_id, (platform, count) in doc["followers"].items():
            if filters.keeps(account_id, platform):
                had = totals.get(platform, (0, 0))
                totals[platform] = (had[0] + int(count), had[1] + 1)
        return totals
    if "followerTotals" not in doc:
        return None
    return {
        platform: (int(value[0]), int(value[1]))
        for platform, value in doc["followerTotals"].items()
        if filters.keeps_platform(platform)
    }


# --- summary --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A total for the period and the previous one; None: not available."""

    value: float | None
    previous: float | None

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_percent(self) -> float | None:
        if self.change is None or not self.previous:
            return None
        return 100 * self.change / self.previous


@dataclass(frozen=True)
class PlatformSummary:
    platform: str
    posts: int
    figures: dict[str, int | None]  # every shared post metric; None where the platform reports none
    engagements: int | None
    engagement_rate: float | None
    followers: int | None


@dataclass(frozen=True)
class DayTotals:
    """The posts published on one day of the period, with their latest figures."""

    day: date
    posts: int
    posts_by_platform: dict[str, int]
    engagements: int | None  # None: none of the day's posts has an engagement rate
    engagement_rate: float | None


@dataclass(frozen=True)
class Summary:
    period: Period
    previous: Period
    zone: str
    metrics: dict[str, Figure]  # shared post metrics
    reporting: dict[str, list[str]]  # metric → the platforms in scope that report it
    posts: Figure
    engagements: Figure
    engagement_rate: Figure
    followers: Figure  # at the end of each period
    follower_change: Figure  # gained during each period
    platforms: list[PlatformSummary]
    days: list[DayTotals]  # every day of the period, in order
    stamp: Stamp


@dataclass
class _Totals:
    posts: dict[str, Bucket] = field(default_factory=dict)

    def add(self, found: Mapping[str, Bucket]) -> None:
        for platform, bucket in found.items():
            self.posts.setdefault(platform, Bucket()).merge(bucket)


def _followers_at(
    docs: Sequence[Mapping[str, Any]], day: date, filters: Filters, before: Mapping[str, Any] | None
) -> dict[str, tuple[int, int]] | None:
    """Followers per platform at the end of `day`: from the last rollup on or before it that knows."""
    for doc in sorted(docs, key=lambda d: d["day"], reverse=True):
        if doc["day"] <= day.isoformat():
            found = _followers_of(doc, filters)
            if found is not None:
                return found
    return _followers_of(before, filters) if before else None


def _in_scope(container: Container, ws: Workspace, filters: Filters, seen: Iterable[str]) -> list[str]:
    """The platforms a question covers: those of the workspace's accounts (and of the stored history)
    that the filters keep, or the filtered platforms themselves."""
    platforms = {a.platform for a in ws.accounts.values() if filters.keeps(a.id, a.platform)}
    platforms.update(p for p in seen if filters.keeps_platform(p))
    if filters.platforms and not filters.accounts:
        platforms |= set(filters.platforms)
    return sorted(p for p in platforms if reported(container, p) or p in seen)


async def summary(
    container: Container, access: WorkspaceAccess, first: date | None, last: date | None, filters: Filters
) -> Summary:
    ws = await workspace(container, access)
    now_period = period(ws, first, last)
    before_period = now_period.previous()
    ws_id = str(access.workspace_id)
    fields, rebuild = _fields(
        filters, ["accounts", "followers"] if filters.accounts else ["platforms", "followerTotals"]
    )
    found, earlier, at_earliest, at_start, at_end = await asyncio.gather(
        _day_docs(container, ws_id, before_period.first, now_period.last, fields),
        _followers_before(container, ws_id, before_period.first, fields),
        _followers_before(container, ws_id, before_period.first, ["followers"]),
        _followers_before(container, ws_id, now_period.first, ["followers"]),
        _followers_before(container, ws_id, now_period.last + timedelta(days=1), ["followers"]),
    )
    docs = [rebuild(d) for d in found]
    before = rebuild(earlier) if earlier else None
    current, earlier = _Totals(), _Totals()
    each_day: dict[str, _Totals] = {}
    for doc in docs:
        day_posts = _posts_of(doc, filters)
        (current if doc["day"] >= now_period.first.isoformat() else earlier).add(day_posts)
        if doc["day"] >= now_period.first.isoformat():
            each_day.setdefault(doc["day"], _Totals()).add(day_posts)
    end = _followers_at(docs, now_period.last, filters, before)
    start = _followers_at(docs, now_period.first - timedelta(days=1), filters, before)
    seen = set(current.posts) | set(earlier.posts) | set(end or {}) | set(start or {})
    platforms = _in_scope(container, ws, filters, seen)
    reports = {p: reported(container, p) for p in platforms}

    def total(totals: _Totals, metric: str) -> int | None:
        """Like with like: the platforms that report the metric. Their posts that have no such
        figure (views of an image) add nothing; if none has it, it is not available, not 0."""
        buckets = [totals.posts[p] for p in platforms if metric in reports[p] and p in totals.posts]
        if not any(metric in reports[p] for p in platforms):
            return None
        values = [b.figures[metric] for b in buckets if metric in b.figures]
        if values:
            return sum(values)
        return 0 if not any(b.posts for b in buckets) else None

    def rated(totals: _Totals) -> tuple[int | None, float | None]:
        buckets = [totals.posts[p] for p in platforms if p in totals.posts]
        rated_posts = sum(b.rated for b in buckets)
        engaged = sum(b.engagements for b in buckets)
        audience = sum(b.audience for b in buckets)
        return (engaged if rated_posts else None), (rate(engaged, audience) if rated_posts else None)

    def followers_sum(found: dict[str, tuple[int, int]] | None) -> int | None:
        if not found:
            return None
        return sum(v[0] for p, v in found.items() if p in platforms or not filters.platforms)

    metrics = {m: Figure(total(current, m), total(earlier, m)) for m in POST_METRICS}
    engaged_now, rate_now = rated(current)
    engaged_before, rate_before = rated(earlier)
    end_total, start_total = followers_sum(end), followers_sum(start)
    by_platform = []
    for platform in platforms:
        bucket = current.posts.get(platform, Bucket())
        by_platform.append(
            PlatformSummary(
                platform=platform,
                posts=bucket.posts,
                figures={
                    m: (bucket.figures.get(m, 0) if m in reports[platform] else None) for m in POST_METRICS
                },
                engagements=bucket.engagements if bucket.rated else None,
                engagement_rate=bucket.rate,
                followers=(end or {}).get(platform, (None, 0))[0],
            )
        )
    return Summary(
        period=now_period,
        previous=before_period,
        zone=ws.zone,
        metrics=metrics,
        reporting={m: [p for p in platforms if m in reports[p]] for m in POST_METRICS},
        posts=Figure(
            sum(current.posts[p].posts for p in platforms if p in current.posts),
            sum(earlier.posts[p].posts for p in platforms if p in earlier.posts),
        ),
        engagements=Figure(engaged_now, engaged_before),
        engagement_rate=Figure(rate_now, rate_before),
        followers=Figure(end_total, start_total),
        # Like with like: each account's own growth, for the accounts counted at both ends.
        follower_change=Figure(_gained(at_start, at_end, filters), _gained(at_earliest, at_start, filters)),
        platforms=by_platform,
        days=[
            _day_totals(day, each_day.get(day.isoformat(), _Totals()), platforms)
            for day in days(now_period.first, now_period.last)
        ],
        stamp=Stamp("stored", _latest(d.get("updatedAt") for d in docs)),
    )


def _gained(start: Mapping[str, Any] | None, end: Mapping[str, Any] | None, filters: Filters) -> int | None:
    """Followers gained between two days' per-account counts, by the accounts counted on both."""
    before = (start or {}).get("followers") or {}
    after = (end or {}).get("followers") or {}
    changes = [
        int(after[a][1]) - int(before[a][1])
        for a in set(before) & set(after)
        if filters.keeps(a, str(after[a][0]))
    ]
    return sum(changes) if changes else None


def _day_totals(day: date, totals: _Totals, platforms: Sequence[str]) -> DayTotals:
    buckets = {p: totals.posts[p] for p in platforms if p in totals.posts}
    merged = Bucket()
    for bucket in buckets.values():
        merged.merge(bucket)
    return DayTotals(
        day=day,
        posts=merged.posts,
        posts_by_platform={p: b.posts for p, b in buckets.items() if b.posts},
        engagements=merged.engagements if merged.rated else None,
        engagement_rate=merged.rate,
    )


# --- followers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    day: date  # the bucket's first day (a week starts on Monday, or on the period's first day)
    followers: int | None
    change: int | None


@dataclass(frozen=True)
class AccountGrowth:
    account_id: str
    platform: str
    handle: str | None  # None: the account has left the workspace since
    start: int | None  # at the end of the day before the period
    end: int | None
    points: list[Point] | None  # None: not asked for

    @property
    def change(self) -> int | None:
        return None if self.start is None or self.end is None else self.end - self.start


@dataclass(frozen=True)
class Growth:
    period: Period
    zone: str
    by: Granularity
    total: list[Point]
    start: int | None
    end: int | None
    accounts: list[AccountGrowth]
    stamp: Stamp

    @property
    def change(self) -> int | None:
        """Followers gained by the accounts counted at both ends of the period: like with like, so an
        account connected during the period adds its audience to the total but not to the gain."""
        return gained_by(self.accounts)


def gained_by(accounts: Iterable[AccountGrowth]) -> int | None:
    changes = [a.change for a in accounts if a.change is not None]
    return sum(changes) if changes else None


def _buckets(span: Period, by: Granularity) -> list[tuple[date, date]]:
    """(first, last) day of each bucket of the period."""
    if by == "day":
        return [(d, d) for d in days(span.first, span.last)]
    found = []
    start = span.first
    while start <= span.last:
        end = min(start + timedelta(days=6 - start.weekday()), span.last)
        found.append((start, end))
        start = end + timedelta(days=1)
    return found


def _series(values: Sequence[int | None], start: int | None, dates: Sequence[date]) -> list[Point]:
    points = []
    previous = start
    for day, value in zip(dates, values, strict=True):
        change = None if value is None or previous is None else value - previous
        points.append(Point(day, value, change))
        if value is not None:
            previous = value
    return points


async def followers(
    container: Container,
    access: WorkspaceAccess,
    first: date | None,
    last: date | None,
    filters: Filters,
    *,
    by: Granularity,
    account_points: bool = False,
) -> Growth:
    """The total's points from each day's per-platform totals; each account's start and end from two
    days' counts. Each account's points too only when asked or when accounts are chosen, since they
    read every day's count of every account."""
    ws = await workspace(container, access)
    span = period(ws, first, last)
    ws_id = str(access.workspace_id)
    if filters.accounts or account_points:
        return await _followers_per_account(container, ws, ws_id, span, filters, by=by)
    totals, before, end = await asyncio.gather(
        _day_docs(container, ws_id, span.first, span.last, ["followerTotals"]),
        _followers_before(container, ws_id, span.first, ["followers"]),
        _followers_before(container, ws_id, span.last + timedelta(days=1), ["followers"]),
    )
    by_day = {doc["day"]: doc["followerTotals"] for doc in totals if "followerTotals" in doc}

    def total(found: Mapping[str, Any]) -> int | None:
        kept = [int(v[0]) for p, v in found.items() if filters.keeps_platform(p)]
        return sum(kept) if kept else None

    state = total(follower_totals((before or {}).get("followers") or {}))
    start_total = state
    buckets = _buckets(span, by)
    values: list[int | None] = []
    for bucket_first, bucket_last in buckets:
        for day in days(bucket_first, bucket_last):
            if day.isoformat() in by_day:
                state = total(by_day[day.isoformat()])
                if start_total is None:  # first measured during the period
                    start_total = state
        values.append(state)
    starts = (before or {}).get("followers") or {}
    ends = (end or {}).get("followers") or {}
    growth = []
    for account_id in sorted(set(starts) | set(ends)):
        platform = str((ends.get(account_id) or starts[account_id])[0])
        if not filters.keeps(account_id, platform):
            continue
        info = ws.accounts.get(account_id)
        growth.append(
            AccountGrowth(
                account_id=account_id,
                platform=platform,
                handle=info.handle if info else None,
                start=int(starts[account_id][1]) if account_id in starts else None,
                end=int(ends[account_id][1]) if account_id in ends else None,
                points=None,
            )
        )
    growth.sort(key=lambda g: (g.platform, g.handle or "", g.account_id))
    dates = [bucket_first for bucket_first, _ in buckets]
    return Growth(
        period=span,
        zone=ws.zone,
        by=by,
        total=_series(values, start_total, dates),
        start=start_total,
        end=values[-1] if values else None,
        accounts=growth,
        stamp=Stamp("stored", _latest(d.get("updatedAt") for d in totals)),
    )


async def _followers_per_account(
    container: Container, ws: Workspace, ws_id: str, span: Period, filters: Filters, *, by: Granularity
) -> Growth:
    fields, rebuild = _fields(filters, ["followers"])
    found, earlier = await asyncio.gather(
        _day_docs(container, ws_id, span.first, span.last, fields),
        _followers_before(container, ws_id, span.first, fields),
    )
    docs = [rebuild(d) for d in found]
    before = rebuild(earlier) if earlier else None
    by_day = {doc["day"]: doc["followers"] for doc in docs if "followers" in doc}

    def kept(found: Mapping[str, Any]) -> dict[str, tuple[str, int]]:
        return {
            account_id: (platform, int(count))
            for account_id, (platform, count) in found.items()
            if filters.keeps(account_id, platform)
        }

    # A day's rollup lists every account it counted: it replaces what was known. A day without one (no
    # collection ran) keeps the day before's counts.
    state = kept((before or {}).get("followers") or {})
    start = dict(state)
    buckets = _buckets(span, by)
    per_account: dict[str, list[int | None]] = {}
    platform_of = {a: p for a, (p, _) in state.items()}
    for index, (bucket_first, bucket_last) in enumerate(buckets):
        for day in days(bucket_first, bucket_last):
            if day.isoformat() in by_day:
                state = kept(by_day[day.isoformat()])
        for account_id, (platform, _) in state.items():
            platform_of[account_id] = platform
            per_account.setdefault(account_id, [None] * index)
        for account_id, values in per_account.items():
            values.append(state[account_id][1] if account_id in state else None)
    dates = [bucket_first for bucket_first, _ in buckets]
    growth = []
    for account_id, values in per_account.items():
        first_value = start.get(account_id, (None, None))[1]
        info = ws.accounts.get(account_id)
        growth.append(
            AccountGrowth(
                account_id=account_id,
                platform=platform_of[account_id],
                handle=info.handle if info else None,
                start=first_value,
                end=values[-1] if values else None,
                points=_series(values, first_value, dates),
            )
        )
    growth.sort(key=lambda g: (g.platform, g.handle or "", g.account_id))
    totals: list[int | None] = []
    for index in range(len(buckets)):
        counted = [values[index] for values in per_account.values() if values[index] is not None]
        totals.append(sum(v for v in counted if v is not None) if counted else None)
    start_total = (
        sum(v for _, v in start.values()) if start else next((t for t in totals if t is not None), None)
    )
    return Growth(
        period=span,
        zone=ws.zone,
        by=by,
        total=_series(totals, start_total, dates),
        start=start_total,
        end=totals[-1] if totals else None,
        accounts=growth,
        stamp=Stamp("stored", _latest(d.get("updatedAt") for d in docs)),
    )


# --- ranked posts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedPost:
    rank: int
    post_id: str
    target_id: str
    account_id: str
    platform: str
    handle: str | None
    text: str
    published_at: datetime
    figures: dict[str, int | None]
    engagements: int | None
    engagement_rate: float | None
    stamp: Stamp


@dataclass(frozen=True)
class Ranking:
    period: Period
    zone: str
    metric: str
    order: Order
    items: list[RankedPost]
    not_reported_by: list[str]  # platforms in scope without this metric: left out, never ranked as 0
    stamp: Stamp


def _rank_field(metric: str) -> str:
    if metric == "engagement_rate":
        return "c.rate"
    if metric == "engagements":
        return "c.engagements"
    return f"c.figures.{metric}"


def figures_of(container: Container, platform: str, figures: Mapping[str, int]) -> dict[str, int | None]:
    """Every shared post metric: the figure, or None where the platform reports no such figure."""
    return (
        {m: figures.get(m) for m in POST_METRICS}
        if reported(container, platform)
        else dict.fromkeys(POST_METRICS)
    )


async def post_texts(container: Container, workspace_id: UUID, post_ids: Iterable[str]) -> dict[str, str]:
    ids = sorted({UUID(p) for p in post_ids})
    if not ids:
        return {}
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT id, body FROM posts WHERE workspace_id = %s AND id = ANY(%s)", (workspace_id, ids)
        )
        return {str(r[0]): str(r[1]) for r in await cursor.fetchall()}


async def ranked_posts(
    container: Container,
    access: WorkspaceAccess,
    first: date | None,
    last: date | None,
    filters: Filters,
    *,
    metric: str,
    order: Order,
    limit: int,
) -> Ranking:
    if metric not in RANK_METRICS:
        raise InvalidInput(f"Rank by one of {', '.join(RANK_METRICS)}.", code="invalid_metric")
    ws = await workspace(container, access)
    span = period(ws, first, last)
    ws_id = str(access.workspace_id)
    rank_by = _rank_field(metric)
    conditions = [
        "c.workspaceId = @w",
        "c.publishedAt >= @from",
        "c.publishedAt < @to",
        f"IS_NUMBER({rank_by})",
    ]
    parameters: dict[str, object] = {
        "@w": ws_id,
        "@from": stamp(day_start(span.first, ws.zone)),
        "@to": stamp(day_start(span.last + timedelta(days=1), ws.zone)),
        "@n": limit,
    }
    if filters.accounts:
        conditions.append("ARRAY_CONTAINS(@accounts, c.accountId)")
        parameters["@accounts"] = sorted(filters.accounts)
    if filters.platforms:
        conditions.append("ARRAY_CONTAINS(@platforms, c.platform)")
        parameters["@platforms"] = sorted(filters.platforms)
    direction = "DESC" if order == "top" else "ASC"
    found = await container.cosmos.query(
        POST_ROLLUPS,
        "SELECT TOP @n c.id, c.postId, c.accountId, c.platform, c.publishedAt, c.figures, c.engagements,"  # noqa: S608 - fixed fields
        f" c.rate, c.fetchedAt, c.via FROM c WHERE {' AND '.join(conditions)}"
        f" ORDER BY {rank_by} {direction}",
        parameters,
        partition_key=ws_id,
    )
    texts = await post_texts(container, access.workspace_id, (r["postId"] for r in found))
    items: list[RankedPost] = []
    for row in found:
        if row["postId"] not in texts:
            continue  # the post was deleted since
        info = ws.accounts.get(row["accountId"])
        items.append(
            RankedPost(
                rank=len(items) + 1,
                post_id=row["postId"],
                target_id=row["id"],
                account_id=row["accountId"],
                platform=row["platform"],
                handle=info.handle if info else None,
                text=texts[row["postId"]],
                published_at=from_stamp(row["publishedAt"]),
                figures=figures_of(container, row["platform"], row.get("figures") or {}),
                engagements=row.get("engagements"),
                engagement_rate=row.get("rate"),
                stamp=Stamp("live" if row.get("via") == "live" else "stored", from_stamp(row["fetchedAt"])),
            )
        )
    in_scope = _in_scope(container, ws, filters, ())
    missing = (
        []
        if metric in ("engagements", "engagement_rate")
        else [p for p in in_scope if metric not in reported(container, p)]
    )
    return Ranking(
        period=span,
        zone=ws.zone,
        metric=metric,
        order=order,
        items=items,
        not_reported_by=missing,
        stamp=Stamp("stored", max((i.stamp.as_of for i in items if i.stamp.as_of), default=None)),
    )


# --- best times -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    weekday: int  # 0 Monday … 6 Sunday
    hour: int
    posts: int
    rated_posts: int
    engagement_rate: float | None  # None below the minimum: never a guess

    def enough(self, minimum: int) -> bool:
        return self.rated_posts >= minimum


@dataclass(frozen=True)
class PlatformGrid:
    platform: str
    posts: int
    cells: list[Cell]  # 7 by 24, Monday 00:00 first
    best: list[Cell]  # the three cells with the highest rate among those with enough posts
    enough_data: bool


@dataclass(frozen=True)
class BestTimes:
    period: Period
    zone: str
    min_posts: int
    platforms: list[PlatformGrid]
    stamp: Stamp


async def best_times(
    container: Container, access: WorkspaceAccess, first: date | None, last: date | None, filters: Filters
) -> BestTimes:
    ws = await workspace(container, access)
    last = last or ws.today()
    span = period(ws, first or last - timedelta(days=89), last)
    ws_id = str(access.workspace_id)
    fields, rebuild = _fields(filters, ["accounts"] if filters.accounts else ["platforms"])
    docs = [rebuild(d) for d in await _day_docs(container, ws_id, span.first, span.last, fields)]
    grid: dict[str, dict[tuple[int, int], list[int]]] = {}
    for doc in docs:
        weekday = date.fromisoformat(doc["day"]).weekday()
        for platform, bucket in _posts_of(doc, filters).items():
            platform_sums = grid.setdefault(platform, {})
            for hour, slot in bucket.hours.items():
                cell = platform_sums.setdefault((weekday, hour), [0, 0, 0, 0])
                for i in range(4):
                    cell[i] += slot[i]
    minimum = container.settings.analytics_best_times_min_posts
    platforms = []
    for platform in _in_scope(container, ws, filters, grid):
        sums = grid.get(platform, {})
        cells: list[Cell] = []
        for weekday in range(7):
            for hour in range(24):
                n, engaged, audience, rated_posts = sums.get((weekday, hour), [0, 0, 0, 0])
                value = rate(engaged, audience) if rated_posts >= minimum else None
                cells.append(Cell(weekday, hour, n, rated_posts, value))
        findings = [c for c in cells if c.engagement_rate is not None]
        findings.sort(key=lambda c: (-(c.engagement_rate or 0), -c.rated_posts, c.weekday, c.hour))
        platforms.append(
            PlatformGrid(
                platform=platform,
                posts=sum(c.posts for c in cells),
                cells=cells,
                best=findings[:3],
                enough_data=bool(findings),
            )
        )
    return BestTimes(
        span, ws.zone, minimum, platforms, Stamp("stored", _latest(d.get("updatedAt") for d in docs))
    )


# --- a post's history -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DayFigures:
    day: date
    figures: dict[str, int | None]


@dataclass(frozen=True)
class TargetHistory:
    target_id: str
    account_id: str
    platform: str
    handle: str
    published_at: datetime | None
    points: list[DayFigures]
    stamp: Stamp | None  # of the latest figures; None until the first collection


@dataclass(frozen=True)
class PostHistory:
    post_id: UUID
    zone: str
    targets: list[TargetHistory]


async def post_history(
    container: Container, access: WorkspaceAccess, post_id: UUID, first: date | None, last: date | None
) -> PostHistory:
    post = await posts.get_post(container, access, post_id)
    ws = await workspace(container, access)
    span = Period(first or EARLIEST, last or LATEST)
    if span.first > span.last:
        raise InvalidInput("`from` must not be after `to`.", code="invalid_range")
    ws_id = str(access.workspace_id)
    found = await container.cosmos.query(
        POST_ROLLUPS,
        "SELECT c.id, c.series, c.fetchedAt, c.via FROM c WHERE c.workspaceId = @w AND c.postId = @p",
        {"@w": ws_id, "@p": str(post_id)},
        partition_key=ws_id,
    )
    by_target = {row["id"]: row for row in found}
    targets = []
    for target in post.targets:
        row = by_target.get(str(target.id))
        points = []
        if row is not None:
            for day, figures in sorted((row.get("series") or {}).items()):
                if span.first.isoformat() <= day <= span.last.isoformat():
                    points.append(
                        DayFigures(date.fromisoformat(day), figures_of(container, target.platform, figures))
                    )
        targets.append(
            TargetHistory(
                target_id=str(target.id),
                account_id=str(target.account_id),
                platform=target.platform,
                handle=target.handle,
                published_at=target.published_at,
                points=points,
                stamp=Stamp("live" if row.get("via") == "live" else "stored", from_stamp(row["fetchedAt"]))
                if row
                else None,
            )
        )
    return PostHistory(post_id, ws.zone, targets)


# --- an account's snapshots -----------------------------------------------------------------------


@dataclass(frozen=True)
class AccountSnapshot:
    fetched_at: datetime
    followers: int | None
    metrics: dict[str, int]
    figures: dict[str, int]
    source: Source


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
    if start.date() < EARLIEST or end.date() > LATEST:
        raise InvalidInput(
            f"Times lie between {EARLIEST.isoformat()} and {LATEST.isoformat()}.", code="invalid_range"
        )
    account = await accounts.get_account(container, access, account_id)
    found = await container.cosmos.query(
        ACCOUNT_METRICS,
        "SELECT TOP @limit c.fetchedAt, c.followers, c.metrics, c.figures, c.via FROM c"
        " WHERE c.accountId = @account AND c.workspaceId = @workspace"
        " AND c.fetchedAt >= @from AND c.fetchedAt < @to ORDER BY c.fetchedAt",
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
        AccountSnapshot(
            from_stamp(row["fetchedAt"]),
            row.get("followers"),
            dict(row.get("metrics") or {}),
            dict(row.get("figures") or {}),
            "live" if row.get("via") == "live" else "stored",
        )
        for row in found
    ]
    more = len(items) == limit
    return AccountHistory(account, items, items[-1].fetched_at + timedelta(seconds=1) if more else None)
