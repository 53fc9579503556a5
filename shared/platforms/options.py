"""The per-post options each platform's connector reads from `PublishRequest.options`, described for forms.

The connectors validate their options when they publish (and say `invalid_option`); this list is what
the catalog shows, so a composer can offer the right fields (a YouTube title, a TikTok privacy level)
without knowing any platform. A test checks that every option listed here is one its connector reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OptionKind = Literal["text", "url", "choice", "boolean", "tags"]


@dataclass(frozen=True)
class OptionSpec:
    """One option a post may set for an account of the platform."""

    name: str  # the key in the target's `options`
    kind: OptionKind
    label: str
    choices: tuple[str, ...] = ()  # for "choice": the values the platform accepts
    default: str | bool | None = None  # what the platform uses when the option is left out
    max_length: int = 0  # for text, url and tags (all tags together); 0: no limit of ours
    required: bool = False
    help: str = ""


OPTIONS: dict[str, tuple[OptionSpec, ...]] = {
    "x": (
        OptionSpec(
            "first_comment", "text", "First reply", max_length=280, help="Posted as a reply to the new post."
        ),
    ),
    "facebook": (OptionSpec("link", "url", "Link", max_length=2048, help="A link shown with the post."),),
    "instagram": (
        OptionSpec("media_type", "choice", "Post as", choices=("REELS", "STORIES")),
        OptionSpec("share_to_feed", "boolean", "Also show the Reel in the feed"),
    ),
    "instagram_login": (
        OptionSpec("media_type", "choice", "Post as", choices=("REELS", "STORIES")),
        OptionSpec("share_to_feed", "boolean", "Also show the Reel in the feed"),
    ),
    "threads": (
        OptionSpec(
            "reply_control",
            "choice",
            "Who can reply",
            choices=("everyone", "accounts_you_follow", "mentioned_only", "followers_only"),
            default="everyone",
        ),
    ),
    "linkedin": (
        OptionSpec(
            "visibility",
            "choice",
            "Visibility",
            choices=("PUBLIC", "LOGGED_IN", "CONNECTIONS"),
            default="PUBLIC",
        ),
    ),
    "youtube": (
        OptionSpec(
            "title", "text", "Title", max_length=100, help="Default: the first line of the text, shortened."
        ),
        OptionSpec(
            "privacy", "choice", "Privacy", choices=("public", "unlisted", "private"), default="public"
        ),
        OptionSpec("tags", "tags", "Tags", max_length=500),
        OptionSpec("made_for_kids", "boolean", "Made for kids", default=False),
    ),
    "tiktok": (
        OptionSpec(
            "privacy",
            "choice",
            "Who can watch",
            choices=("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"),
            required=True,
            help="TikTok asks you to choose; there is no default.",
        ),
        OptionSpec("disable_comment", "boolean", "Turn comments off", default=False),
        OptionSpec("disable_duet", "boolean", "Turn duets off", default=False),
        OptionSpec("disable_stitch", "boolean", "Turn stitches off", default=False),
    ),
    "pinterest": (
        OptionSpec("title", "text", "Pin title", max_length=100),
        OptionSpec("link", "url", "Destination link", max_length=2048),
    ),
    "telegram": (
        OptionSpec("disable_link_preview", "boolean", "No link preview", default=False),
        OptionSpec("silent", "boolean", "Send without a sound", default=False),
    ),
    "mastodon": (
        OptionSpec(
            "visibility",
            "choice",
            "Visibility",
            choices=("public", "unlisted", "private", "direct"),
            default="public",
        ),
        OptionSpec(
            "spoiler_text", "text", "Content warning", help="Shown before the text; counts toward the limit."
        ),
        OptionSpec("sensitive", "boolean", "Hide media behind a warning", default=False),
    ),
}


def options_of(platform: str) -> tuple[OptionSpec, ...]:
    return OPTIONS.get(platform, ())
