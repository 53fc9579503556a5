"""The analytics report of a period as a PDF, in English or Arabic.

What it shows is read through the same questions as the analytics pages (shared/services/
analytics_views.py), so its figures are the summary's, the followers view's, the ranked posts' and
the best times' for the same period and filters:

- the totals, each with its change against the previous period of the same length;
- charts: followers over time, engagement by platform, posts per day;
- the top posts by engagements, and the best times to post (from the 90 days up to the period's end).

Rendering (shared/services/report_pdf.py, fpdf2 with HarfBuzz shaping) is imported only when a report
is drawn, so nothing here weighs on the Function app's cold start.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from uuid import UUID

from shared.bootstrap import Container
from shared.domain.errors import NotFound
from shared.services import analytics_views
from shared.services.analytics_views import BestTimes, Filters, Growth, Ranking, Summary
from shared.services.principals import WorkspaceAccess

Language = Literal["en", "ar"]
LANGUAGES: tuple[Language, ...] = ("en", "ar")
TOP_POSTS = 10
TOP_POSTS_METRIC = "engagements"
BEST_TIMES_DAYS = 90
# Periods longer than this chart their followers week by week.
DAILY_POINTS_UP_TO = 92


@dataclass(frozen=True)
class ReportData:
    workspace_name: str
    summary: Summary
    followers: Growth
    top_posts: Ranking
    best_times: BestTimes
    filters: Filters
    # The names the filters stand for: handles of the chosen accounts (platform, handle) and platforms.
    account_names: list[tuple[str, str]]
    platform_names: dict[str, str]  # platform → its name (every platform the report shows)
    generated_at: datetime


def platform_name(container: Container, platform: str) -> str:
    from shared.platforms import registry

    try:
        return registry.info(container.settings, platform).name
    except Exception:
        return platform


async def _workspace_name(container: Container, workspace_id: UUID) -> str:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT name FROM workspaces WHERE id = %s", (workspace_id,))
        row = await cursor.fetchone()
    if row is None:
        raise NotFound("No such workspace.", code="workspace_not_found")
    return str(row[0])


async def gather(
    container: Container, access: WorkspaceAccess, first: date | None, last: date | None, filters: Filters
) -> ReportData:
    """Every figure of the report, read as the analytics views read them (the period is checked the
    same way: invalid_range, range_too_long)."""
    summary = await analytics_views.summary(container, access, first, last, filters)
    span = summary.period
    by: analytics_views.Granularity = "day" if span.length <= DAILY_POINTS_UP_TO else "week"
    best_first = min(span.first, span.last - timedelta(days=BEST_TIMES_DAYS - 1))
    followers, top_posts, best_times, name = await asyncio.gather(
        analytics_views.followers(container, access, span.first, span.last, filters, by=by),
        analytics_views.ranked_posts(
            container,
            access,
            span.first,
            span.last,
            filters,
            metric=TOP_POSTS_METRIC,
            order="top",
            limit=TOP_POSTS,
        ),
        analytics_views.best_times(container, access, best_first, span.last, filters),
        _workspace_name(container, access.workspace_id),
    )
    ws = await analytics_views.workspace(container, access)
    accounts = sorted(
        (ws.accounts[a].platform, ws.accounts[a].handle) for a in filters.accounts if a in ws.accounts
    )
    shown = (
        {p.platform for p in summary.platforms}
        | {g.platform for g in best_times.platforms}
        | {i.platform for i in top_posts.items}
        | set(filters.platforms)
        | {p for d in summary.days for p in d.posts_by_platform}
    )
    return ReportData(
        workspace_name=name,
        summary=summary,
        followers=followers,
        top_posts=top_posts,
        best_times=best_times,
        filters=filters,
        account_names=accounts,
        platform_names={p: platform_name(container, p) for p in sorted(shown)},
        generated_at=datetime.now(UTC),
    )


def render(data: ReportData, language: Language) -> bytes:
    """The PDF (CPU-bound: run it off the event loop, as `build` does)."""
    from shared.services import report_pdf

    return report_pdf.render(data, language)


async def build(  # noqa: PLR0917 - the period and filters, as every analytics view takes them
    container: Container,
    access: WorkspaceAccess,
    first: date | None,
    last: date | None,
    filters: Filters,
    language: Language,
) -> tuple[ReportData, bytes]:
    data = await gather(container, access, first, last, filters)
    return data, await asyncio.to_thread(render, data, language)


def filename(data: ReportData, language: Language) -> str:
    span = data.summary.period
    return f"analytics-report-{span.first.isoformat()}-to-{span.last.isoformat()}-{language}.pdf"
