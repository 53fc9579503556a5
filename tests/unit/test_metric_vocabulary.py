"""One vocabulary of metrics: every connector's map, like-with-like sums, "not available" and the one
engagement-rate definition."""

from __future__ import annotations

import pytest

from shared.config import Settings
from shared.domain.metrics import (
    ACCOUNT_METRICS,
    AUDIENCE,
    ENGAGEMENTS,
    POST_METRICS,
    audience_metric,
    engagement,
    rate,
    to_shared,
)
from shared.platforms.registry import catalog

PLATFORMS = catalog(Settings(ENVIRONMENT="test"))  # type: ignore[call-arg]


@pytest.mark.parametrize("info", PLATFORMS, ids=lambda i: i.platform)
def test_each_map_names_only_shared_metrics_and_the_platforms_own(info: object) -> None:
    caps = info.capabilities  # type: ignore[attr-defined]
    assert set(caps.post_vocabulary) <= set(POST_METRICS)
    assert set(caps.account_vocabulary) <= set(ACCOUNT_METRICS)
    for sources in caps.post_vocabulary.values():
        assert sources
        assert set(sources) <= set(caps.post_metrics), sources
    for sources in caps.account_vocabulary.values():
        assert set(sources) <= {*caps.account_metrics, "followers"}, sources
    # A platform that reads figures says what they are in the shared vocabulary.
    assert bool(caps.post_metrics) == bool(caps.post_vocabulary)
    assert bool(caps.account_metrics) == ("followers" in caps.account_vocabulary)
    # No native figure counts twice in one shared metric or in two of them.
    used = [s for sources in caps.post_vocabulary.values() for s in sources]
    assert len(used) == len(set(used))


def test_the_sums_add_like_with_like_and_leave_what_is_missing_out() -> None:
    x = next(i.capabilities for i in PLATFORMS if i.platform == "x")
    figures = to_shared(x.post_vocabulary, {"impressions": 900, "likes": 40, "reposts": 5, "quotes": 2})
    assert figures == {"impressions": 900, "reactions": 40, "shares": 7}  # no replies or bookmarks read
    assert "reach" not in figures  # X has no reach: not available, not 0
    assert to_shared({"reach": ("reach",)}, {"reach": None}) == {}


def test_meta_views_are_impressions_and_video_platforms_views_are_views() -> None:
    by = {i.platform: i.capabilities for i in PLATFORMS}
    assert by["instagram"].post_vocabulary["impressions"] == ("views",)
    assert by["facebook"].post_vocabulary["impressions"] == ("views",)
    assert by["threads"].post_vocabulary["impressions"] == ("views",)
    assert by["youtube"].post_vocabulary["views"] == ("views",)
    assert by["tiktok"].post_vocabulary["views"] == ("views",)
    assert "views" not in by["instagram"].post_vocabulary


def test_engagement_rate_has_one_definition() -> None:
    assert ENGAGEMENTS == ("reactions", "comments", "shares", "saves")
    assert AUDIENCE == ("impressions", "reach", "views")
    # Impressions first; reach where there are none; video views where there is neither.
    assert audience_metric(["impressions", "reach", "reactions"]) == "impressions"
    assert audience_metric(["reach", "reactions"]) == "reach"
    assert audience_metric(["views", "comments"]) == "views"
    # No audience figure, or no engagement figure: no rate at all.
    assert audience_metric(["reactions", "comments", "shares"]) is None
    assert audience_metric(["impressions", "clicks"]) is None
    declared = ["impressions", "reach", "reactions", "comments", "shares", "saves", "clicks"]
    figures = {"impressions": 1000, "reach": 600, "reactions": 30, "comments": 5, "shares": 3, "saves": 2}
    found = engagement({**figures, "clicks": 9}, declared)
    assert (found.engagements, found.audience, found.audience_metric) == (40, 1000, "impressions")
    assert found.rate == pytest.approx(0.04)  # clicks are not engagement
    # The audience comes from what the platform declares: withheld impressions mean no rate, not reach.
    assert engagement({"reach": 600, "reactions": 30}, declared).rate is None
    assert rate(5, 0) is None
    assert rate(None, 10) is None


async def test_the_catalog_shows_the_map_and_what_is_not_available() -> None:
    import httpx

    from functions.api import create_api

    transport = httpx.ASGITransport(app=create_api())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        shown = {p["platform"]: p for p in (await client.get("/api/v1/platforms")).json()}
    assert shown["x"]["metrics"]["post"]["shares"] == ["reposts", "quotes"]
    assert shown["x"]["metrics"]["engagement_audience"] == "impressions"
    assert "reach" in shown["x"]["metrics"]["not_available"]
    assert shown["mastodon"]["metrics"]["engagement_audience"] is None
    assert shown["telegram"]["metrics"]["post"] == {}
    assert shown["telegram"]["metrics"]["account"] == {"followers": ["followers"]}
    assert shown["sandbox"]["metrics"]["not_available"] == []
