"""/api/v1/workspaces/{ws}/analytics/... and the figures of one post or account.

Everything is read from what the collector stored (shared/services/analytics_views.py), except where a
route takes `live=true`: then the platform is asked, through a per-account cache shared by every
instance, with the stored figures as the fallback (shared/services/analytics_live.py). Every answer
says where its figures came from (`stored` or `live`) and as of when. Every analytics view is also a
CSV file (`format=csv`, `bom=true` for Excel).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal, get_args
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import workspace
from shared.domain.errors import InvalidInput
from shared.domain.metrics import ACCOUNT_METRICS, ENGAGEMENT_RATE_DEFINITION, METRIC_MEANINGS, POST_METRICS
from shared.domain.permissions import Permission
from shared.services import analytics, analytics_csv, analytics_live, analytics_views
from shared.services.analytics_views import RANK_METRICS, Filters, Period
from shared.services.principals import WorkspaceAccess

router = APIRouter(prefix="/workspaces/{ws}", tags=["analytics"])

Responses = dict[int | str, dict[str, Any]]
RANGE_ERRORS = (
    "validation_failed; invalid_range (`from` after `to`, or outside 2000 to 2100), "
    "range_too_long (over 366 days)"
)
DEFAULT_HISTORY = timedelta(days=30)
Format = Literal["json", "csv"]
RankMetric = Literal[
    "impressions",
    "reach",
    "views",
    "reactions",
    "comments",
    "shares",
    "saves",
    "clicks",
    "engagements",
    "engagement_rate",
]
assert get_args(RankMetric) == RANK_METRICS
Source = Literal["stored", "live"]
METRICS_DOC = "; ".join(f"{name}: {meaning}" for name, meaning in METRIC_MEANINGS.items())


def _errors(codes: dict[int, str]) -> Responses:
    return {s: {"model": ErrorResponse, "description": text} for s, text in codes.items()}


def _csv_ok(columns: str) -> Responses:
    return {
        200: {
            "description": f"JSON; with format=csv a CSV file ({columns}), after a UTF-8 BOM with bom=true.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }


def _csv(text: str, name: str) -> Response:
    filename = f"{name}-{datetime.now(UTC).date().isoformat()}.csv"
    return Response(
        content=text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


# --- query parameters ----------------------------------------------------------------------------

From = Annotated[
    date | None,
    Query(
        alias="from", description="First day (the workspace's zone), included. Default: 29 days before `to`."
    ),
]
To = Annotated[date | None, Query(alias="to", description="Last day, included. Default: today.")]
AccountIds = Annotated[
    list[UUID] | None,
    Query(alias="account_id", max_length=1000, description="Only these accounts (repeat the parameter)."),
]
Platforms = Annotated[
    list[Annotated[str, Field(max_length=40)]] | None,
    Query(alias="platform", max_length=50, description="Only these platforms (repeat the parameter)."),
]
FormatQuery = Annotated[Format, Query(alias="format", description="json, or csv to download the view.")]
Bom = Annotated[
    bool, Query(description="With format=csv: start with a UTF-8 BOM, so Excel reads non-Latin text.")
]


def _filters(account_ids: list[UUID] | None, platforms: list[str] | None) -> Filters:
    return Filters(
        accounts=frozenset(str(a) for a in account_ids or ()), platforms=frozenset(platforms or ())
    )


# --- shared shapes --------------------------------------------------------------------------------


class PeriodOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    start: date = Field(alias="from", description="First day, included.")
    end: date = Field(alias="to", description="Last day, included.")
    days: int

    @classmethod
    def of(cls, span: Period) -> PeriodOut:
        return cls(start=span.first, end=span.last, days=span.length)


class StampOut(BaseModel):
    source: Source = Field(
        description="stored: read from what was collected; live: just asked of the platform."
    )
    as_of: datetime | None = Field(description="When the newest figure shown was read; null: nothing yet.")


class FigureOut(BaseModel):
    value: int | float | None = Field(description="This period's; null: not available.")
    previous: int | float | None = Field(description="The previous period's (same length, just before).")
    change: int | float | None = Field(description="value - previous.")
    change_percent: float | None = Field(description="The change as a percentage of previous; null if 0.")

    @classmethod
    def of(cls, figure: analytics_views.Figure) -> FigureOut:
        return cls(
            value=figure.value,
            previous=figure.previous,
            change=figure.change,
            change_percent=figure.change_percent,
        )


class LiveErrorOut(BaseModel):
    code: str = Field(
        description="rate_limited, platform_unavailable, token_expired, needs_reauth, busy, not_available, "
        "too_many_accounts, or another platform error code"
    )
    message: str
    retry_at: datetime | None = Field(description="The platform is not asked again before this.")


def _live_error(error: analytics_live.LiveError | None) -> LiveErrorOut | None:
    return (
        None
        if error is None
        else LiveErrorOut(code=error.code, message=error.message, retry_at=error.retry_at)
    )


# --- summary --------------------------------------------------------------------------------------


class MetricTotalOut(FigureOut):
    metric: str
    platforms: list[str] = Field(description="The platforms in scope that report this metric (summed).")


class PlatformSummaryOut(BaseModel):
    platform: str
    posts: int
    figures: dict[str, int | None] = Field(description="Every shared post metric; null: not available.")
    engagements: int | None
    engagement_rate: float | None
    followers: int | None = Field(description="At the end of the period.")


class DayOut(BaseModel):
    day: date = Field(description="A day of the period (the workspace's zone).")
    posts: int = Field(description="Posts published that day, one per account (as `posts` counts them).")
    posts_by_platform: dict[str, int] = Field(description="The same per platform (platforms with posts).")
    engagements: int | None = Field(description="Of that day's posts; null: none has an engagement rate.")
    engagement_rate: float | None = Field(description="Of that day's posts, by the one definition.")


class SummaryOut(StampOut):
    period: PeriodOut
    previous_period: PeriodOut
    zone: str = Field(description="The workspace's time zone: the days above are its days.")
    metrics: list[MetricTotalOut] = Field(
        description="Per shared post metric, the posts published in the period with their latest figures, "
        "summed over the platforms that report it (null when none does)."
    )
    posts: FigureOut = Field(
        description="Posts published, one per account, on the platforms that report post figures (those "
        "whose figures were collected)."
    )
    engagements: FigureOut
    engagement_rate: FigureOut = Field(description=f"A fraction (0.05 is 5 %). {ENGAGEMENT_RATE_DEFINITION}")
    followers: FigureOut = Field(description="Followers at the end of the period and of the previous one.")
    followers_gained: FigureOut = Field(
        description="Followers gained during each period by the accounts counted at both its ends (like "
        "with like: an account connected during a period adds to `followers`, not to what was gained)."
    )
    platforms: list[PlatformSummaryOut]
    days: list[DayOut] = Field(
        description="Every day of the period in order: the posts published that day, with their latest "
        "figures (a day's posts and engagement, for charts)."
    )
    engagement_rate_definition: str


@router.get(
    "/analytics/summary",
    response_model=SummaryOut,
    responses={
        **_csv_ok("platform,metric,value,previous,change,change_percent,from,to"),
        **_errors({422: RANGE_ERRORS}),
    },
    summary="Totals per metric, engagement rate and followers, against the previous period",
    description=(
        f"Shared metrics: {METRICS_DOC}. Figures a platform does not report are null, never 0, and "
        "totals add a metric only across the platforms that report it. Posts count in the period they "
        "were published in, with their latest figures. "
        f"{ENGAGEMENT_RATE_DEFINITION} Read from the daily rollups (`source` is always stored)."
    ),
)
async def summary(  # noqa: PLR0917 - one parameter per documented filter
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_READ)],
    container: ContainerDep,
    start: From = None,
    end: To = None,
    account_ids: AccountIds = None,
    platforms: Platforms = None,
    output: FormatQuery = "json",
    bom: Bom = False,
) -> SummaryOut | Response:
    found = await analytics_views.summary(container, access, start, end, _filters(account_ids, platforms))
    if output == "csv":
        return _csv(analytics_csv.summary_csv(found, bom=bom), "analytics-summary")
    return SummaryOut(
        period=PeriodOut.of(found.period),
        previous_period=PeriodOut.of(found.previous),
        zone=found.zone,
        metrics=[
            MetricTotalOut(
                metric=m, platforms=found.reporting[m], **FigureOut.of(found.metrics[m]).model_dump()
            )
            for m in POST_METRICS
        ],
        posts=FigureOut.of(found.posts),
        engagements=FigureOut.of(found.engagements),
        engagement_rate=FigureOut.of(found.engagement_rate),
        followers=FigureOut.of(found.followers),
        followers_gained=FigureOut.of(found.follower_change),
        platforms=[
            PlatformSummaryOut(
                platform=p.platform,
                posts=p.posts,
                figures=p.figures,
                engagements=p.engagements,
                engagement_rate=p.engagement_rate,
                followers=p.followers,
            )
            for p in found.platforms
        ],
        days=[
            DayOut(
                day=d.day,
                posts=d.posts,
                posts_by_platform=d.posts_by_platform,
                engagements=d.engagements,
                engagement_rate=d.engagement_rate,
            )
            for d in found.days
        ],
        engagement_rate_definition=ENGAGEMENT_RATE_DEFINITION,
        source=found.stamp.source,
        as_of=found.stamp.as_of,
    )


# --- followers ------------------------------------------------------------------------------------


class PointOut(BaseModel):
    day: date = Field(description="The bucket's first day (a week starts on Monday or on `from`).")
    followers: int | None = Field(description="At the end of the bucket; null: not known yet.")
    change: int | None = Field(
        description="Since the bucket before (the first: since the day before `from`)."
    )


class AccountGrowthOut(BaseModel):
    account_id: str
    platform: str
    handle: str | None = Field(description="Null: the account has left the workspace since.")
    start: int | None = Field(
        description="At the end of the day before `from` (null: not measured before the period)."
    )
    end: int | None
    change: int | None
    points: list[PointOut] | None = Field(
        description="The account's own points: with account_points=true, or when accounts are chosen."
    )


class FollowersOut(StampOut):
    period: PeriodOut
    zone: str
    by: Literal["day", "week"]
    start: int | None = Field(
        description="All accounts in scope at the end of the day before `from`; if none was measured "
        "before the period, their first total in it."
    )
    end: int | None
    change: int | None = Field(description="Gained by the accounts counted at both ends of the period.")
    total: list[PointOut] = Field(description="All the accounts in scope, summed.")
    accounts: list[AccountGrowthOut]


def _points(points: list[analytics_views.Point]) -> list[PointOut]:
    return [PointOut(day=p.day, followers=p.followers, change=p.change) for p in points]


@router.get(
    "/analytics/followers",
    response_model=FollowersOut,
    responses={**_csv_ok("date,account_id,platform,handle,followers,change"), **_errors({422: RANGE_ERRORS})},
    summary="Follower growth per account and in total, by day or week",
    description=(
        "Each point is the count at the end of its day or week (the workspace's zone). A day on which "
        "no collection ran keeps the day before's count; an account counts from the day it was first "
        "measured. Read from the daily rollups."
    ),
)
async def followers(  # noqa: PLR0917 - one parameter per documented filter
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_READ)],
    container: ContainerDep,
    start: From = None,
    end: To = None,
    account_ids: AccountIds = None,
    platforms: Platforms = None,
    by: Annotated[Literal["day", "week"], Query(description="day or week (Monday to Sunday)")] = "day",
    account_points: Annotated[
        bool,
        Query(
            description="Also each account's points (always there when `account_id` chooses accounts). "
            "Without it each account has its start, end and change, and the total its points."
        ),
    ] = False,
    output: FormatQuery = "json",
    bom: Bom = False,
) -> FollowersOut | Response:
    found = await analytics_views.followers(
        container, access, start, end, _filters(account_ids, platforms), by=by, account_points=account_points
    )
    if output == "csv":
        return _csv(analytics_csv.followers_csv(found, bom=bom), "analytics-followers")
    return FollowersOut(
        period=PeriodOut.of(found.period),
        zone=found.zone,
        by=found.by,
        start=found.start,
        end=found.end,
        change=found.change,
        total=_points(found.total),
        accounts=[
            AccountGrowthOut(
                account_id=a.account_id,
                platform=a.platform,
                handle=a.handle,
                start=a.start,
                end=a.end,
                change=a.change,
                points=None if a.points is None else _points(a.points),
            )
            for a in found.accounts
        ],
        source=found.stamp.source,
        as_of=found.stamp.as_of,
    )


# --- ranked posts ---------------------------------------------------------------------------------


class RankedPostOut(StampOut):
    rank: int
    post_id: str
    target_id: str
    account_id: str
    platform: str
    handle: str | None
    text: str
    published_at: datetime
    figures: dict[str, int | None] = Field(description="Every shared post metric; null: not available.")
    engagements: int | None
    engagement_rate: float | None


class RankingOut(StampOut):
    period: PeriodOut
    zone: str
    metric: RankMetric
    order: Literal["top", "bottom"]
    items: list[RankedPostOut]
    not_reported_by: list[str] = Field(
        description="Platforms in scope that do not report the metric: their posts are left out, not "
        "ranked as 0."
    )


@router.get(
    "/analytics/posts",
    response_model=RankingOut,
    responses={
        **_csv_ok(
            "rank,post_id,account_id,platform,handle,published_at,<metrics>,engagements,engagement_rate,source,as_of,text"
        ),
        **_errors({422: RANGE_ERRORS}),
    },
    summary="Published posts ranked by a metric, top or bottom",
    description=(
        "One row per published post per account (a post sent to three accounts has three rows, each "
        "with its own figures), published in the period, with its latest figures. Posts whose platform "
        f"does not report the metric are left out. {ENGAGEMENT_RATE_DEFINITION}"
    ),
)
async def ranked_posts(  # noqa: PLR0917 - one parameter per documented filter
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_READ)],
    container: ContainerDep,
    start: From = None,
    end: To = None,
    account_ids: AccountIds = None,
    platforms: Platforms = None,
    metric: Annotated[RankMetric, Query(description="What to rank by.")] = "impressions",
    order: Annotated[
        Literal["top", "bottom"], Query(description="top: highest first; bottom: lowest.")
    ] = "top",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    output: FormatQuery = "json",
    bom: Bom = False,
) -> RankingOut | Response:
    found = await analytics_views.ranked_posts(
        container,
        access,
        start,
        end,
        _filters(account_ids, platforms),
        metric=metric,
        order=order,
        limit=limit,
    )
    if output == "csv":
        return _csv(analytics_csv.ranking_csv(found, bom=bom), "analytics-posts")
    return RankingOut(
        period=PeriodOut.of(found.period),
        zone=found.zone,
        metric=metric,
        order=order,
        items=[
            RankedPostOut(
                rank=i.rank,
                post_id=i.post_id,
                target_id=i.target_id,
                account_id=i.account_id,
                platform=i.platform,
                handle=i.handle,
                text=i.text,
                published_at=i.published_at,
                figures=i.figures,
                engagements=i.engagements,
                engagement_rate=i.engagement_rate,
                source=i.stamp.source,
                as_of=i.stamp.as_of,
            )
            for i in found.items
        ],
        not_reported_by=found.not_reported_by,
        source=found.stamp.source,
        as_of=found.stamp.as_of,
    )


# --- best times -----------------------------------------------------------------------------------


class CellOut(BaseModel):
    weekday: int = Field(description="0 Monday … 6 Sunday.")
    hour: int = Field(description="0 to 23, in the workspace's zone.")
    posts: int = Field(description="Posts published in this hour of this weekday in the period.")
    rated_posts: int = Field(description="Of them, those with an engagement rate: what the cell rests on.")
    engagement_rate: float | None = Field(description="Null below min_posts: not enough data yet.")
    finding: bool = Field(description="Whether the cell has enough posts to say anything.")


def _cell(cell: analytics_views.Cell) -> CellOut:
    return CellOut(
        weekday=cell.weekday,
        hour=cell.hour,
        posts=cell.posts,
        rated_posts=cell.rated_posts,
        engagement_rate=cell.engagement_rate,
        finding=cell.engagement_rate is not None,
    )


class PlatformGridOut(BaseModel):
    platform: str
    posts: int
    enough_data: bool = Field(description="False: no cell has min_posts yet (not enough data yet).")
    best: list[CellOut] = Field(description="Up to three cells with the highest rate among the findings.")
    cells: list[CellOut] = Field(description="All 168 cells, Monday 00:00 first.")


class BestTimesOut(StampOut):
    period: PeriodOut
    zone: str
    min_posts: int = Field(description="Rated posts a cell needs before it shows a rate (a setting).")
    platforms: list[PlatformGridOut]
    engagement_rate_definition: str


@router.get(
    "/analytics/best-times",
    response_model=BestTimesOut,
    responses={
        **_csv_ok("platform,weekday,hour,posts,rated_posts,engagement_rate,finding"),
        **_errors({422: RANGE_ERRORS}),
    },
    summary="When posts did best: a weekday-by-hour grid per platform, from the workspace's history",
    description=(
        "Each cell is the engagement rate of the posts published in that hour of that weekday (the "
        "workspace's zone) in the period (default: the last 90 days), and how many posts it rests on. "
        "Below ANALYTICS_BEST_TIMES_MIN_POSTS rated posts a cell shows no rate: not enough data yet. "
        f"Nothing is estimated. {ENGAGEMENT_RATE_DEFINITION}"
    ),
)
async def best_times(  # noqa: PLR0917 - one parameter per documented filter
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_READ)],
    container: ContainerDep,
    start: Annotated[
        date | None,
        Query(alias="from", description="First day, included. Default: 89 days before `to`."),
    ] = None,
    end: To = None,
    account_ids: AccountIds = None,
    platforms: Platforms = None,
    output: FormatQuery = "json",
    bom: Bom = False,
) -> BestTimesOut | Response:
    found = await analytics_views.best_times(container, access, start, end, _filters(account_ids, platforms))
    if output == "csv":
        return _csv(analytics_csv.best_times_csv(found, bom=bom), "analytics-best-times")
    return BestTimesOut(
        period=PeriodOut.of(found.period),
        zone=found.zone,
        min_posts=found.min_posts,
        platforms=[
            PlatformGridOut(
                platform=g.platform,
                posts=g.posts,
                enough_data=g.enough_data,
                best=[_cell(c) for c in g.best],
                cells=[_cell(c) for c in g.cells],
            )
            for g in found.platforms
        ],
        engagement_rate_definition=ENGAGEMENT_RATE_DEFINITION,
        source=found.stamp.source,
        as_of=found.stamp.as_of,
    )


# --- collect now ----------------------------------------------------------------------------------


class CollectOut(BaseModel):
    mode: Literal["all", "accounts", "posts"]
    accounts_queued: int = Field(description="Pulls queued, spread over up to five minutes.")
    next_allowed_at: datetime = Field(description="When the workspace may ask again.")


@router.post(
    "/analytics/collect",
    response_model=CollectOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=_errors(
        {
            422: "validation_failed",
            429: "collect_too_soon: once every ANALYTICS_COLLECT_NOW_MINUTES per workspace (see Retry-After)",
        }
    ),
    summary="Collect the workspace's figures now (owners and admins)",
    description=(
        "Queues the same pulls as the hourly timer, for this workspace's accounts: all figures, or "
        "`accounts` (followers and account figures) or `posts` (post figures) only, then the rollup the "
        "dashboard reads. The figures arrive over the next minutes."
    ),
)
async def collect_now(
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_COLLECT)],
    container: ContainerDep,
    mode: Annotated[Literal["all", "accounts", "posts"], Query(description="What to pull.")] = "all",
) -> CollectOut:
    done = await analytics.collect_now(container, access, mode)
    return CollectOut(mode=done.mode, accounts_queued=done.accounts, next_allowed_at=done.next_allowed_at)


# --- one post -------------------------------------------------------------------------------------


class TargetMetricsOut(BaseModel):
    target_id: UUID
    account_id: UUID
    platform: str
    handle: str
    external_id: str | None
    metrics: dict[str, int] | None = Field(
        description="The latest figures under the platform's own names (see the catalog); null until the "
        "first collection after publishing."
    )
    figures: dict[str, int | None] | None = Field(
        description="The same in the shared vocabulary, every shared post metric (null: not available)."
    )
    engagements: int | None
    engagement_rate: float | None
    fetched_at: datetime | None = Field(description="As of when (null: nothing collected yet).")
    source: Source | None = Field(description="stored or live; null: nothing collected yet.")
    age_seconds: int | None
    live_error: LiveErrorOut | None = Field(
        description="With live=true: why the stored figures are shown instead of live ones."
    )


class PostMetricsOut(BaseModel):
    post_id: UUID
    targets: list[TargetMetricsOut]


@router.get(
    "/posts/{post_id}/metrics",
    response_model=PostMetricsOut,
    responses=_errors({404: "post_not_found", 422: "validation_failed"}),
    summary="The latest figures of each target of a post, stored or live",
    description=(
        "With live=true each account of the post is asked for its figures now (at most 25 accounts), "
        "unless it was in the last ANALYTICS_LIVE_CACHE_SECONDS (then those are shown, as live). What "
        "is fetched is stored. When the platform fails, is rate limited or the token is expired, the "
        "stored figures are shown with their age and `live_error`."
    ),
)
async def post_metrics(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_READ)],
    container: ContainerDep,
    live: Annotated[bool, Query(description="Ask the platforms now (cached per account).")] = False,
) -> PostMetricsOut:
    found = await analytics_live.post_figures(container, access, post_id, live=live)
    return PostMetricsOut(
        post_id=post_id,
        targets=[
            TargetMetricsOut(
                target_id=t.target_id,
                account_id=t.account_id,
                platform=t.platform,
                handle=t.handle,
                external_id=t.external_id,
                metrics=t.metrics,
                figures=t.figures,
                engagements=t.engagements,
                engagement_rate=t.engagement_rate,
                fetched_at=t.shown.as_of,
                source=t.shown.source,
                age_seconds=t.shown.age_seconds,
                live_error=_live_error(t.shown.live_error),
            )
            for t in found
        ],
    )


class DayFiguresOut(BaseModel):
    day: date = Field(description="A day (the workspace's zone): the figures as last read that day.")
    figures: dict[str, int | None]


class TargetHistoryOut(BaseModel):
    target_id: str
    account_id: str
    platform: str
    handle: str
    published_at: datetime | None
    points: list[DayFiguresOut]
    source: Source | None = Field(description="Of the latest figures; null: nothing collected yet.")
    as_of: datetime | None


class PostHistoryOut(BaseModel):
    post_id: UUID
    zone: str
    targets: list[TargetHistoryOut]


@router.get(
    "/posts/{post_id}/metrics/history",
    response_model=PostHistoryOut,
    responses={
        **_csv_ok("date,target_id,account_id,platform,handle,<metrics>"),
        **_errors({404: "post_not_found", 422: "validation_failed, invalid_range"}),
    },
    summary="A post's figures over time, day by day on each of its accounts",
    description="From the post rollups (one point per day it was measured, for the 30 days it is collected).",
)
async def post_metrics_history(  # noqa: PLR0917 - one parameter per documented filter
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_READ)],
    container: ContainerDep,
    start: Annotated[date | None, Query(alias="from", description="First day, included.")] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day, included.")] = None,
    output: FormatQuery = "json",
    bom: Bom = False,
) -> PostHistoryOut | Response:
    found = await analytics_views.post_history(container, access, post_id, start, end)
    if output == "csv":
        return _csv(analytics_csv.post_history_csv(found, bom=bom), "post-metrics")
    return PostHistoryOut(
        post_id=found.post_id,
        zone=found.zone,
        targets=[
            TargetHistoryOut(
                target_id=t.target_id,
                account_id=t.account_id,
                platform=t.platform,
                handle=t.handle,
                published_at=t.published_at,
                points=[DayFiguresOut(day=p.day, figures=p.figures) for p in t.points],
                source=t.stamp.source if t.stamp else None,
                as_of=t.stamp.as_of if t.stamp else None,
            )
            for t in found.targets
        ],
    )


# --- one account ----------------------------------------------------------------------------------


class AccountMetricsOut(BaseModel):
    account_id: UUID
    platform: str
    handle: str
    followers: int | None
    figures: dict[str, int | None] = Field(
        description=f"Shared account metrics ({', '.join(ACCOUNT_METRICS)}); null: not available."
    )
    metrics: dict[str, int] = Field(description="The platform's own names (see the catalog).")
    as_of: datetime | None
    source: Source | None = Field(description="stored or live; null: nothing collected yet.")
    age_seconds: int | None
    live_error: LiveErrorOut | None = Field(
        description="With live=true: why the stored figures are shown instead of live ones."
    )


@router.get(
    "/analytics/accounts/{account_id}",
    response_model=AccountMetricsOut,
    responses=_errors({404: "account_not_found", 422: "validation_failed"}),
    summary="An account's latest figures, stored or live",
    description=(
        "With live=true the platform is asked now, unless it was in the last "
        "ANALYTICS_LIVE_CACHE_SECONDS (then those figures are shown, as live). What is fetched is "
        "stored. When the platform fails, is rate limited or the token is expired, the stored figures "
        "are shown with their age and `live_error`."
    ),
)
async def account_metrics(
    account_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_READ)],
    container: ContainerDep,
    live: Annotated[bool, Query(description="Ask the platform now (cached per account).")] = False,
) -> AccountMetricsOut:
    found = await analytics_live.account_figures(container, access, account_id, live=live)
    caps = analytics_views.declared(container, found.account.platform)
    available = caps.account_vocabulary if caps else {}
    return AccountMetricsOut(
        account_id=found.account.id,
        platform=found.account.platform,
        handle=found.account.handle,
        followers=found.followers,
        figures={m: found.figures.get(m) if m in available else None for m in ACCOUNT_METRICS},
        metrics=found.metrics,
        as_of=found.shown.as_of,
        source=found.shown.source,
        age_seconds=found.shown.age_seconds,
        live_error=_live_error(found.shown.live_error),
    )


class SnapshotOut(BaseModel):
    fetched_at: datetime
    followers: int | None
    metrics: dict[str, int]
    figures: dict[str, int] = Field(description="The shared account metrics the snapshot has.")
    source: Source


class AccountHistoryOut(BaseModel):
    account_id: UUID
    platform: str
    items: list[SnapshotOut] = Field(description="Hourly snapshots, oldest first.")
    next_from: datetime | None = Field(
        description="Pass as `from` for the rest of the range when `limit` cut this page short; else null."
    )


@router.get(
    "/accounts/{account_id}/metrics/history",
    response_model=AccountHistoryOut,
    responses=_errors({404: "account_not_found", 422: "validation_failed, invalid_range"}),
    summary="An account's collected audience figures over time",
)
async def account_metrics_history(  # noqa: PLR0917 - one parameter per documented query filter
    account_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_READ)],
    container: ContainerDep,
    start: Annotated[
        datetime | None, Query(alias="from", description="Inclusive; default 30 days before `to`.")
    ] = None,
    end: Annotated[datetime | None, Query(alias="to", description="Exclusive; default now.")] = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 1000,
) -> AccountHistoryOut:
    end = end or datetime.now(UTC)
    try:
        start = start or end - DEFAULT_HISTORY
    except OverflowError:
        raise InvalidInput("`to` is too early.", code="invalid_range") from None
    history = await analytics_views.account_history(
        container, access, account_id, start=start, end=end, limit=limit
    )
    return AccountHistoryOut(
        account_id=history.account.id,
        platform=history.account.platform,
        items=[
            SnapshotOut(
                fetched_at=s.fetched_at,
                followers=s.followers,
                metrics=s.metrics,
                figures=s.figures,
                source=s.source,
            )
            for s in history.items
        ],
        next_from=history.next_from,
    )
