"""Text as each platform counts it, and Bluesky's rich-text facets.

X counts with twitter-text's weighted length (URLs weigh 23, CJK and emoji 2): the
`twitter-text-parser` package implements the published twitter-text v3 configuration. Bluesky
counts graphemes (300) and addresses facets in UTF-8 byte offsets. Threads counts characters,
except that an emoji counts as its UTF-8 bytes.

Both libraries compile large expressions on import (twitter-text about 0.25 s), so they load on
first use, not at cold start.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from shared.platforms.base import TextCounting


@cache
def _patterns() -> tuple[Any, Any]:
    import regex

    return regex.compile(r"\X"), regex.compile(r"\p{Extended_Pictographic}")


def graphemes(text: str) -> int:
    return len(_patterns()[0].findall(text))


def x_weighted_length(text: str) -> int:
    from twitter_text import parse_tweet

    return int(parse_tweet(text).weightedLength)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def threads_length(text: str) -> int:
    """Characters, except an emoji counts as its number of UTF-8 bytes ("Limitations" in
    https://developers.facebook.com/docs/threads/posts/)."""
    grapheme, emoji = _patterns()
    clusters = grapheme.findall(unicodedata.normalize("NFC", text))
    return sum(len(c.encode()) if emoji.search(c) else len(c) for c in clusters)


def count(text: str, rule: TextCounting) -> int:
    """`text`'s length as the platform whose capabilities name `rule` counts it against its limit."""
    if rule == "x_weighted":
        return x_weighted_length(text)
    if rule == "graphemes":
        return graphemes(text)
    if rule == "utf16":
        return utf16_length(text)
    if rule == "bytes":
        return len(text.encode("utf-8"))
    if rule == "threads":
        return threads_length(text)
    return len(unicodedata.normalize("NFC", text))


# Bluesky facets: https://docs.bsky.app/docs/advanced-guides/post-richtext (byte offsets, UTF-8).
_URL = re.compile(r"(?:^|[\s(])(https?://[^\s)\]]+[^\s).,;:!?\]'\"])", re.IGNORECASE)
_MENTION = re.compile(r"(?:^|[\s(])(@([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,})")
_TAG = re.compile(r"(?:^|\s)(#[^\d\s#\u3000][^\s#\u3000]{0,63})")


def _byte_span(text: str, start: int, end: int) -> dict[str, int]:
    return {"byteStart": len(text[:start].encode()), "byteEnd": len(text[:end].encode())}


def bluesky_facets(text: str, resolve_handle: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Link, mention and hashtag facets. Mentions need the handle's DID; unresolved ones are left as text."""
    facets: list[dict[str, Any]] = []
    for match in _URL.finditer(text):
        facets.append(
            {
                "index": _byte_span(text, match.start(1), match.end(1)),
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": match.group(1)}],
            }
        )
    for match in _MENTION.finditer(text):
        did = (resolve_handle or {}).get(match.group(1)[1:].lower())
        if did:
            facets.append(
                {
                    "index": _byte_span(text, match.start(1), match.end(1)),
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}],
                }
            )
    for match in _TAG.finditer(text):
        tag = match.group(1).rstrip(".,;:!?")
        facets.append(
            {
                "index": _byte_span(text, match.start(1), match.start(1) + len(tag)),
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag[1:]}],
            }
        )
    return sorted(facets, key=lambda f: f["index"]["byteStart"])
