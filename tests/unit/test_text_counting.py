"""Each platform's own way of counting text, and post validation applying it."""

from __future__ import annotations

import pytest

from shared.domain.posts import check_target
from shared.platforms import bluesky, telegram, threads, x
from shared.platforms.base import Capabilities
from shared.platforms.text import count

URL = "https://example.com/" + "a" * 300
THUMBS = "\U0001f44d\U0001f3fd"  # 👍🏽: one grapheme, two code points, eight UTF-8 bytes
SMILE = "\U0001f642"  # 🙂: one code point, two UTF-16 units, four UTF-8 bytes


def test_x_weighs_any_url_as_23_and_an_emoji_as_2() -> None:
    assert count(f"see {URL}", "x_weighted") == 4 + 23
    assert count(SMILE, "x_weighted") == 2


def test_bluesky_counts_graphemes() -> None:
    assert count(THUMBS * 3, "graphemes") == 3
    assert count("e\u0301", "graphemes") == 1


def test_threads_counts_an_emoji_as_its_utf8_bytes() -> None:
    assert count(SMILE, "threads") == 4
    assert count(THUMBS, "threads") == 8
    assert count("é" * 10 + "a", "threads") == 11  # accented letters are still one each


def test_telegram_counts_utf16_code_units() -> None:
    assert count(SMILE + "a", "utf16") == 3


def test_the_connectors_name_their_rule() -> None:
    rules = {m.PLATFORM: m.CAPABILITIES.text_counting for m in (x, bluesky, threads, telegram)}
    assert rules == {"x": "x_weighted", "bluesky": "graphemes", "threads": "threads", "telegram": "utf16"}


@pytest.mark.parametrize(
    ("capabilities", "fits", "too_long"),
    [
        # A long link weighs 23 on X, so this fits although it has 300+ characters.
        (x.CAPABILITIES, f"read {URL}", "a" * 281),
        # 300 graphemes fit Bluesky although each is two code points.
        (bluesky.CAPABILITIES, THUMBS * 300, "a" * 301),
        # 125 emoji are 500 by Threads' count; 126 are 504 although only 126 characters.
        (threads.CAPABILITIES, SMILE * 125, SMILE * 126),
        # 2,048 emoji fill Telegram's 4,096 UTF-16 units; 2,049 do not although they are 2,049 characters.
        (telegram.CAPABILITIES, SMILE * 2048, SMILE * 2049),
    ],
    ids=["x", "bluesky", "threads", "telegram"],
)
def test_post_validation_counts_as_the_platform_does(
    capabilities: Capabilities, fits: str, too_long: str
) -> None:
    assert check_target(capabilities, "p", fits) == []
    [problem] = check_target(capabilities, "p", too_long)
    assert problem.code == "text_too_long"
    assert str(count(too_long, capabilities.text_counting)) in problem.message
