"""The daily rollup's arithmetic: buckets, local days and hours, follower totals."""

from __future__ import annotations

from datetime import UTC, date, datetime

from shared.domain.rollups import Bucket, PublishedTarget, day_start, follower_totals, posts_by_day


def test_a_bucket_sums_like_with_like_and_rates_only_posts_with_both_figures() -> None:
    bucket = Bucket()
    bucket.add_post({"impressions": 100, "reactions": 5}, 5, 100, 9)
    bucket.add_post({"reactions": 3}, 3, None, 9)  # no audience: counted, not rated
    assert bucket.posts == 2
    assert bucket.figures == {"impressions": 100, "reactions": 8}
    assert (bucket.engagements, bucket.audience, bucket.rated) == (5, 100, 1)
    assert bucket.rate == 0.05
    assert bucket.hours == {9: [2, 5, 100, 1]}
    again = Bucket.from_doc(bucket.to_doc())
    assert again == bucket
    again.merge(bucket)
    assert again.hours == {9: [4, 10, 200, 2]}
    assert Bucket().rate is None


def test_posts_count_on_their_local_day_and_hour() -> None:
    late = PublishedTarget("a", "x", datetime(2026, 3, 29, 23, 30, tzinfo=UTC), {"impressions": 1}, 0, 1)
    found = posts_by_day([late], "Europe/Berlin")  # 01:30 the next day, summer time begins
    assert list(found) == [date(2026, 3, 30)]
    assert found[date(2026, 3, 30)].platforms["x"].hours == {1: [1, 0, 1, 1]}
    assert day_start(date(2026, 3, 29), "Europe/Berlin") == datetime(2026, 3, 28, 23, tzinfo=UTC)


def test_follower_totals_per_platform() -> None:
    totals = follower_totals({"a": ["x", 10], "b": ["x", 5], "c": ["sandbox", 7]})
    assert totals == {"x": [15, 2], "sandbox": [7, 1]}
