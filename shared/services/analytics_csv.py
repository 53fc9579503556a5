"""Every analytics view as CSV: UTF-8, a header row, one fact per row, an optional BOM for Excel.

Numbers are written as numbers (a rate as a fraction, e.g. 0.0425), "not available" as an empty cell
(never 0), times as ISO 8601 with their offset. Text a person wrote (a post's text, a handle) is
escaped against spreadsheet formulas as the post export does (shared/services/post_csv.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from shared.domain.metrics import POST_METRICS
from shared.services.analytics_views import BestTimes, Growth, PostHistory, Ranking, Summary
from shared.services.post_csv import BOM, escape_cell

Cell = str | int | float | date | datetime | None
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _text(value: str | None) -> str:
    return escape_cell(value or "")


def render(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return (BOM if bom else "") + out.getvalue()


def summary_csv(found: Summary, *, bom: bool = False) -> str:
    """One row per figure: the totals (platform empty), then each platform's."""
    header = ("platform", "metric", "value", "previous", "change", "change_percent", "from", "to")
    span = (found.period.first, found.period.last)

    def rows() -> Iterable[Sequence[Cell]]:
        totals = {
            **{m: found.metrics[m] for m in POST_METRICS},
            "posts": found.posts,
            "engagements": found.engagements,
            "engagement_rate": found.engagement_rate,
            "followers": found.followers,
            "followers_gained": found.follower_change,
        }
        for name, figure in totals.items():
            yield ("", name, figure.value, figure.previous, figure.change, figure.change_percent, *span)
        for platform in found.platforms:
            values: dict[str, Cell] = {
                "posts": platform.posts,
                **platform.figures,
                "engagements": platform.engagements,
                "engagement_rate": platform.engagement_rate,
                "followers": platform.followers,
            }
            for name, value in values.items():
                yield (platform.platform, name, value, None, None, None, *span)

    return render(header, rows(), bom=bom)


def followers_csv(found: Growth, *, bom: bool = False) -> str:
    """One row per bucket for the total (account empty), then per account: each of its points, or
    when they were not asked for, one row at the period's last day with its change over the period."""
    header = ("date", "account_id", "platform", "handle", "followers", "change")

    def rows() -> Iterable[Sequence[Cell]]:
        for point in found.total:
            yield (point.day, "", "", "", point.followers, point.change)
        for account in found.accounts:
            who = (account.account_id, account.platform, _text(account.handle))
            if account.points is None:
                yield (found.period.last, *who, account.end, account.change)
                continue
            for point in account.points:
                yield (point.day, *who, point.followers, point.change)

    return render(header, rows(), bom=bom)


def ranking_csv(found: Ranking, *, bom: bool = False) -> str:
    header = (
        "rank",
        "post_id",
        "account_id",
        "platform",
        "handle",
        "published_at",
        *POST_METRICS,
        "engagements",
        "engagement_rate",
        "source",
        "as_of",
        "text",
    )
    rows = (
        (
            item.rank,
            item.post_id,
            item.account_id,
            item.platform,
            _text(item.handle),
            item.published_at,
            *(item.figures[m] for m in POST_METRICS),
            item.engagements,
            item.engagement_rate,
            item.stamp.source,
            item.stamp.as_of,
            _text(item.text),
        )
        for item in found.items
    )
    return render(header, rows, bom=bom)


def best_times_csv(found: BestTimes, *, bom: bool = False) -> str:
    header = ("platform", "weekday", "hour", "posts", "rated_posts", "engagement_rate", "finding")
    rows = (
        (
            grid.platform,
            WEEKDAYS[cell.weekday],
            cell.hour,
            cell.posts,
            cell.rated_posts,
            cell.engagement_rate,
            "yes" if cell.engagement_rate is not None else "not enough data yet",
        )
        for grid in found.platforms
        for cell in grid.cells
    )
    return render(header, rows, bom=bom)


def post_history_csv(found: PostHistory, *, bom: bool = False) -> str:
    header = ("date", "target_id", "account_id", "platform", "handle", *POST_METRICS)
    rows = (
        (
            point.day,
            target.target_id,
            target.account_id,
            target.platform,
            _text(target.handle),
            *(point.figures[m] for m in POST_METRICS),
        )
        for target in found.targets
        for point in target.points
    )
    return render(header, rows, bom=bom)
