"""One vocabulary of metrics for every platform, and the one definition of engagement rate.

Each connector declares in its capabilities which of its own metric names make up each shared metric
(`Capabilities.post_vocabulary` and `account_vocabulary`); the catalog shows that map. Figures are
only ever added within one shared metric, so a sum across platforms adds like with like. A platform
with no figure for a metric leaves it out: it is "not available" (null in the API), never 0.

Meta (Facebook, Instagram, Threads) calls every display of a post a "view" since it retired
impressions; those views are impressions here. "views" is kept for video plays (YouTube, TikTok, the
sandbox's videos).

Engagement rate (ENGAGEMENT_RATE_DEFINITION below) is computed here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# The shared set, in the order they are shown.
POST_METRICS: tuple[str, ...] = (
    "impressions",
    "reach",
    "views",
    "reactions",
    "comments",
    "shares",
    "saves",
    "clicks",
)
ACCOUNT_METRICS: tuple[str, ...] = ("followers", "impressions", "reach", "views")
METRICS: tuple[str, ...] = (*POST_METRICS, "followers")

METRIC_MEANINGS: dict[str, str] = {
    "impressions": "times the post was displayed (Meta's views count here)",
    "reach": "distinct people who saw it",
    "views": "video plays",
    "reactions": "likes, favourites and other reactions",
    "comments": "comments and replies",
    "shares": "shares, reposts, reblogs and quotes",
    "saves": "saves and bookmarks",
    "clicks": "clicks on the post or its link",
    "followers": "followers (subscribers, members) of the account",
}

ENGAGEMENTS: tuple[str, ...] = ("reactions", "comments", "shares", "saves")
# What engagements are divided by: the first of these a platform reports.
AUDIENCE: tuple[str, ...] = ("impressions", "reach", "views")

ENGAGEMENT_RATE_DEFINITION = (
    "Engagement rate = (reactions + comments + shares + saves) / impressions. A platform that reports "
    "no impressions is divided by its reach, and one that reports neither by its video views; engagement "
    "figures a platform does not report add nothing. A platform that reports none of the four "
    "engagement figures, or none of the three audience figures, has no engagement rate (null). Over "
    "several posts or platforms it is the sum of their engagements over the sum of their audience "
    "figures (each platform's by the same rule), never an average of rates. Clicks are not engagement."
)

MetricMap = Mapping[str, tuple[str, ...]]


def to_shared(vocabulary: MetricMap, native: Mapping[str, int | None]) -> dict[str, int]:
    """A platform's own figures as shared metrics: each the sum of the native figures it maps from.

    A shared metric none of whose native figures is present is left out (not available), so a post
    whose platform withholds a figure (too few viewers, a story) is not counted as 0.
    """
    figures: dict[str, int] = {}
    for name, sources in vocabulary.items():
        values = [native[source] for source in sources if native.get(source) is not None]
        if values:
            figures[name] = int(sum(v for v in values if v is not None))
    return figures


def audience_metric(available: Iterable[str]) -> str | None:
    """Which shared metric engagement is divided by for a platform reporting `available` (None: the
    platform has no engagement rate)."""
    names = set(available)
    if not names.intersection(ENGAGEMENTS):
        return None
    return next((name for name in AUDIENCE if name in names), None)


@dataclass(frozen=True)
class Engagement:
    """Engagements and the audience they are divided by; both None when not available."""

    engagements: int | None
    audience: int | None
    audience_metric: str | None

    @property
    def rate(self) -> float | None:
        return rate(self.engagements, self.audience)


def engagement(figures: Mapping[str, int], declared: Iterable[str]) -> Engagement:
    """One post's engagement by the definition above; `declared` is what its platform can report.

    The audience figure is chosen from what the platform declares, not from what this one post
    happens to carry: a post whose impressions were withheld has no rate, rather than a rate by reach
    that would not compare with its neighbours'.
    """
    base = audience_metric(declared)
    if base is None:
        return Engagement(None, None, None)
    return Engagement(sum(figures[name] for name in ENGAGEMENTS if name in figures), figures.get(base), base)


def rate(engagements: int | None, audience: int | None) -> float | None:
    """engagements / audience, or None when either is missing or nobody was reached."""
    if engagements is None or not audience:
        return None
    return engagements / audience


def add(total: dict[str, int], figures: Mapping[str, int]) -> None:
    """Add shared figures into `total`, metric by metric (like with like)."""
    for name, value in figures.items():
        total[name] = total.get(name, 0) + value
