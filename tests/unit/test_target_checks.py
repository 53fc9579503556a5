"""What preview refuses is what publishing would refuse: the capability rules on which files go
together, checked before a post is accepted rather than discovered when it goes out."""

from __future__ import annotations

import pytest

from shared.domain.posts import MediaFacts, check_target
from shared.platforms import feed, instagram, pinterest, tiktok, x
from shared.platforms.base import Capabilities

IMAGE = MediaFacts("image", 1000)
VIDEO = MediaFacts("video", 1000, duration_ms=10_000)


def codes(caps: Capabilities, media: list[MediaFacts], text: str = "Hello") -> list[str]:
    return [p.code for p in check_target(caps, "P", text, media)]


@pytest.mark.parametrize(
    ("caps", "media", "expected"),
    [
        (x.CAPABILITIES, [VIDEO, VIDEO], ["too_many_videos"]),
        (x.CAPABILITIES, [IMAGE, VIDEO], ["media_mix"]),
        (x.CAPABILITIES, [IMAGE] * 4, []),
        (instagram.CAPABILITIES, [], ["media_required"]),
        (instagram.CAPABILITIES, [IMAGE, VIDEO], []),  # carousels mix photos and videos
        (pinterest.CAPABILITIES, [IMAGE] * 5, []),
        (tiktok.CAPABILITIES, [MediaFacts("video", 1000, duration_ms=700_000)], ["video_too_long"]),
        (x.CAPABILITIES, [MediaFacts("video", 1000, duration_ms=200)], ["video_too_short"]),
        (feed.CAPABILITIES, [IMAGE] * 3 + [VIDEO], []),  # the feed takes anything, and all of it
    ],
)
def test_media_rules_are_checked_at_preview(
    caps: object, media: list[MediaFacts], expected: list[str]
) -> None:
    assert codes(caps, media) == expected
