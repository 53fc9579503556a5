"""What a Mastodon server accepts: its address, the post options, its limits, how it counts text.

A server's limits are its own (GET /api/v2/instance); these checks run before anything is sent, so a
post the server would refuse fails with a clear reason instead of a 422.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from shared.platforms.base import MediaItem, PermanentError, PublishRequest
from shared.platforms.text import graphemes

# Mastodon's defaults, as GET /api/v2/instance reports them on a stock server
# (https://docs.joinmastodon.org/entities/Instance/#statuses, #media_attachments).
DEFAULT_LIMITS = {
    "max_characters": 500,
    "max_media_attachments": 4,
    "characters_reserved_per_url": 23,
    "image_size_limit": 16_777_216,
    "video_size_limit": 103_809_024,
}

VISIBILITIES = ("public", "unlisted", "private", "direct")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$")
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_REMOTE_MENTION = re.compile(r"(?<![=/\w])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)@[\w.-]+\w", re.IGNORECASE)


def typed_address(value: str) -> str:
    """The host[:port] a person typed, lower case: `https://Social.Example/` → `social.example`,
    `@me@social.example` → `social.example`. Not validated (see `normalise_instance`)."""
    text = value.strip().lower()
    text = text.split("://", 1)[1] if "://" in text else text
    return text.split("/", 1)[0].rsplit("@", 1)[-1]


def normalise_instance(value: str) -> str:
    """`mastodon.social`, `https://mastodon.social/`, `@me@mastodon.social` → `https://mastodon.social`."""
    text = typed_address(value)
    host, colon, port = text.partition(":")
    try:
        text = host.encode("idna").decode("ascii") + colon + port
    except UnicodeError:
        text = ""
    if not _HOST.match(text):
        raise PermanentError(
            "Give your Mastodon server's address, e.g. mastodon.social.", code="invalid_instance"
        )
    return f"https://{text}"


def countable_length(text: str, spoiler_text: str = "", *, reserved_per_url: int = 23) -> int:
    """The length Mastodon checks against `max_characters`: grapheme clusters, every URL as 23, a
    remote mention as its local part (app/validators/status_length_validator.rb)."""
    countable = _URL.sub("x" * reserved_per_url, text)
    countable = _REMOTE_MENTION.sub(lambda match: "@" + match.group(1), countable)
    return graphemes(spoiler_text + countable)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "br"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """A status's HTML `content` as words: link spans joined back into the URL, whitespace folded."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


@dataclass(frozen=True)
class Options:
    visibility: str
    language: str | None
    spoiler_text: str
    sensitive: bool


def parse_options(options: dict[str, Any]) -> Options:
    visibility = options.get("visibility", "public")
    language = options.get("language")
    spoiler_text = options.get("spoiler_text", "")
    sensitive = options.get("sensitive", False)
    problems = [
        f"visibility must be one of {', '.join(VISIBILITIES)}" if visibility not in VISIBILITIES else "",
        "language must be an ISO 639 code such as en"
        if language is not None and not (isinstance(language, str) and re.fullmatch(r"[a-z]{2,3}", language))
        else "",
        "spoiler_text must be text" if not isinstance(spoiler_text, str) else "",
        "sensitive must be true or false" if not isinstance(sensitive, bool) else "",
    ]
    problem = next((p for p in problems if p), "")
    if problem:
        raise PermanentError(f"Mastodon option: {problem}.", code="invalid_option")
    return Options(visibility, language, spoiler_text, sensitive)


def _limit(metadata: dict[str, str], name: str) -> int:
    value = metadata.get(name, "")
    return int(value) if value.isdigit() else DEFAULT_LIMITS[name]


def check_limits(request: PublishRequest, options: Options) -> None:
    """The server's own limits (stored at connect), so a post it would refuse is never sent."""
    metadata = request.account.metadata
    length = countable_length(
        request.text, options.spoiler_text, reserved_per_url=_limit(metadata, "characters_reserved_per_url")
    )
    problems = [
        (
            length > _limit(metadata, "max_characters"),
            "text_too_long",
            f"This Mastodon server allows {_limit(metadata, 'max_characters')} characters; the post has "
            f"{length}.",
        ),
        (
            len(request.media) > _limit(metadata, "max_media_attachments"),
            "too_many_media",
            f"This Mastodon server allows {_limit(metadata, 'max_media_attachments')} attachments per post.",
        ),
        (
            len(request.media) > 1 and any(item.kind == "video" for item in request.media),
            "images_and_video",
            "Mastodon takes a video on its own, not with other media.",
        ),
        (
            any(item.size > _size_limit(metadata, item) for item in request.media),
            "media_too_large",
            "A file is larger than this Mastodon server accepts.",
        ),
        (
            not request.text.strip() and not request.media,
            "empty_post",
            "A Mastodon post needs text or media.",
        ),
    ]
    for failed, code, message in problems:
        if failed:
            raise PermanentError(message, code=code)


def _size_limit(metadata: dict[str, str], item: MediaItem) -> int:
    return _limit(
        metadata, "video_size_limit" if item.content_type.startswith("video/") else "image_size_limit"
    )
