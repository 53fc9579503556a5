"""The sandbox's audience model is a pure function of ids and time, so tests can predict its figures."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from shared.platforms import sandbox_audience as audience

ACCOUNT = "1764000000000000"
PUBLISHED = datetime(2026, 11, 2, 14, 0, 7, tzinfo=UTC)


def test_a_post_id_is_its_creation_time() -> None:
    post = audience.post_id_at(PUBLISHED, 3)
    assert audience.published_at(post) == PUBLISHED.replace(microsecond=0)
    assert int(post) % 1000 == 3


def test_figures_are_the_same_every_time_and_differ_between_posts() -> None:
    post = audience.post_id_at(PUBLISHED)
    later = PUBLISHED + timedelta(hours=5)
    assert audience.post_figures(ACCOUNT, post, later) == audience.post_figures(ACCOUNT, post, later)
    other = audience.post_id_at(PUBLISHED, 1)
    assert audience.post_figures(ACCOUNT, post, later) != audience.post_figures(ACCOUNT, other, later)


def test_figures_grow_after_publishing_and_never_shrink() -> None:
    post = audience.post_id_at(PUBLISHED)
    assert set(audience.post_figures(ACCOUNT, post, PUBLISHED - timedelta(hours=1)).values()) == {0}
    steps = [audience.post_figures(ACCOUNT, post, PUBLISHED + timedelta(hours=h)) for h in range(0, 200, 3)]
    for before, after in itertools.pairwise(steps):
        assert all(after[name] >= before[name] for name in before)
    final = audience.final_figures(ACCOUNT, post)
    day = audience.post_figures(ACCOUNT, post, PUBLISHED + timedelta(hours=24))
    assert 0.9 * final["impressions"] <= day["impressions"] <= final["impressions"]
    assert steps[-1] == final  # settled after a week
    assert final["impressions"] >= final["reach"] > final["likes"] > 0


def test_the_model_is_what_its_documentation_says() -> None:
    post = audience.post_id_at(PUBLISHED)
    final = audience.final_figures(ACCOUNT, post)
    eight_hours = audience.post_figures(ACCOUNT, post, PUBLISHED + timedelta(hours=8))
    share = 1 - 2.718281828459045**-1
    assert eight_hours["impressions"] == round(final["impressions"] * share)
    followers = audience.followers(ACCOUNT, PUBLISHED.date())
    assert final["reach"] <= followers * 0.35 * 1.5


def test_only_videos_have_views() -> None:
    post = audience.post_id_at(PUBLISHED)
    assert "views" not in audience.final_figures(ACCOUNT, post)
    assert audience.final_figures(ACCOUNT, post, video=True)["views"] > 0


def test_followers_change_day_by_day_around_a_trend() -> None:
    counts = [audience.followers(ACCOUNT, date(2026, 11, 1) + timedelta(days=n)) for n in range(60)]
    assert len(set(counts)) > 30
    assert counts[-1] > counts[0]
    assert audience.followers(ACCOUNT, date(2026, 11, 1)) == counts[0]
    assert audience.followers("another", date(2026, 11, 1)) != counts[0]


def test_the_audience_peaks_at_two_in_the_afternoon_utc_and_rests_at_weekends() -> None:
    monday = datetime(2026, 11, 2, tzinfo=UTC)
    levels = [audience.activity(monday + timedelta(hours=h)) for h in range(24)]
    assert levels.index(max(levels)) == audience.PEAK_HOUR_UTC
    assert audience.activity(monday + timedelta(days=5, hours=14)) < levels[14]
