"""Posts and their targets: states, the transitions allowed between them, and per-target validation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.domain.errors import InvalidInput
from shared.platforms.base import Capabilities
from shared.platforms.text import count


class TargetStatus(StrEnum):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    SCHEDULED = "scheduled"
    QUEUED = "queued"
    PUBLISHING = "publishing"
    PROCESSING = "processing"  # the platform accepted it and is still processing (video, container)
    PUBLISHED = "published"
    RETRY_WAIT = "retry_wait"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"
    CANCELLED = "cancelled"


FINAL = frozenset(
    {TargetStatus.PUBLISHED, TargetStatus.FAILED, TargetStatus.UNCONFIRMED, TargetStatus.CANCELLED}
)
# States a person can still change their mind about (cancel, edit).
CANCELLABLE = frozenset(
    {
        TargetStatus.DRAFT,
        TargetStatus.PENDING_APPROVAL,
        TargetStatus.SCHEDULED,
        TargetStatus.QUEUED,
        TargetStatus.RETRY_WAIT,
    }
)

TRANSITIONS: dict[TargetStatus, frozenset[TargetStatus]] = {
    TargetStatus.DRAFT: frozenset(
        {TargetStatus.PENDING_APPROVAL, TargetStatus.SCHEDULED, TargetStatus.CANCELLED}
    ),
    TargetStatus.PENDING_APPROVAL: frozenset(
        {TargetStatus.SCHEDULED, TargetStatus.DRAFT, TargetStatus.CANCELLED}
    ),
    TargetStatus.SCHEDULED: frozenset({TargetStatus.QUEUED, TargetStatus.CANCELLED, TargetStatus.FAILED}),
    TargetStatus.QUEUED: frozenset({TargetStatus.PUBLISHING, TargetStatus.CANCELLED, TargetStatus.SCHEDULED}),
    TargetStatus.PUBLISHING: frozenset(
        {
            TargetStatus.PUBLISHED,
            TargetStatus.PROCESSING,
            TargetStatus.RETRY_WAIT,
            TargetStatus.FAILED,
            TargetStatus.UNCONFIRMED,
        }
    ),
    TargetStatus.PROCESSING: frozenset(
        {TargetStatus.PUBLISHED, TargetStatus.FAILED, TargetStatus.UNCONFIRMED}
    ),
    TargetStatus.RETRY_WAIT: frozenset(
        {TargetStatus.PUBLISHING, TargetStatus.CANCELLED, TargetStatus.FAILED}
    ),
    TargetStatus.PUBLISHED: frozenset(),
    TargetStatus.FAILED: frozenset({TargetStatus.SCHEDULED}),  # a person retries it
    TargetStatus.UNCONFIRMED: frozenset({TargetStatus.PUBLISHED, TargetStatus.FAILED}),
    TargetStatus.CANCELLED: frozenset(),
}


def can_move(current: TargetStatus, new: TargetStatus) -> bool:
    return new in TRANSITIONS[current]


# Which in-progress state a post shows while some target is unfinished, in order of precedence;
# a post with none of them is still a draft.
IN_PROGRESS_PRECEDENCE: tuple[tuple[frozenset[TargetStatus], str], ...] = (
    (
        frozenset(
            {TargetStatus.QUEUED, TargetStatus.PUBLISHING, TargetStatus.PROCESSING, TargetStatus.RETRY_WAIT}
        ),
        "publishing",
    ),
    (frozenset({TargetStatus.PENDING_APPROVAL}), "pending_approval"),
    (frozenset({TargetStatus.SCHEDULED}), "scheduled"),
)


def post_status(target_statuses: list[TargetStatus]) -> str:
    """What a post shows as a whole, derived from its targets (never stored independently of them)."""
    states = set(target_statuses)
    if not states:
        return "draft"
    live = states - {TargetStatus.CANCELLED}
    if not live:
        return "cancelled"
    if live <= FINAL:
        # Every live target is published, failed or unconfirmed.
        if TargetStatus.PUBLISHED not in live:
            return "failed"
        return "published" if live == {TargetStatus.PUBLISHED} else "partially_published"
    return next((label for group, label in IN_PROGRESS_PRECEDENCE if live & group), "draft")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


@dataclass(frozen=True)
class MediaFacts:
    """What validation needs to know about an attached file."""

    kind: str  # image, gif or video
    size: int
    duration_ms: int | None = None


def check_target(
    capabilities: Capabilities, platform: str, text: str, media: list[MediaFacts] | None = None
) -> list[Problem]:
    """Every reason this content cannot go to this platform (empty when it can)."""
    media = media or []
    media_kinds = [m.kind for m in media]
    problems: list[Problem] = []
    length = count(text, capabilities.text_counting)  # the platform's own rule (X weighs URLs as 23...)
    if length > capabilities.max_text_length:
        problems.append(
            Problem(
                "text_too_long",
                f"{platform} allows {capabilities.max_text_length} characters; this has {length}.",
            )
        )
    if not text.strip() and not media_kinds:
        problems.append(Problem("empty_post", "Add text or media."))
    if len(media_kinds) > capabilities.max_media:
        problems.append(
            Problem(
                "too_many_media",
                f"{platform} allows {capabilities.max_media} media per post; this has {len(media_kinds)}.",
            )
        )
    for kind in sorted(set(media_kinds) - capabilities.media_kinds):
        problems.append(Problem("media_kind_not_supported", f"{platform} does not accept {kind} here."))
    for item in media:
        limit = capabilities.max_video_bytes if item.kind == "video" else capabilities.max_image_bytes
        if limit and item.size > limit:
            problems.append(
                Problem(
                    "media_too_large", f"{platform} accepts {item.kind}s up to {limit // (1024 * 1024)} MB."
                )
            )
        seconds = capabilities.max_video_seconds
        if item.kind == "video" and seconds and item.duration_ms and item.duration_ms > seconds * 1000:
            problems.append(Problem("video_too_long", f"{platform} accepts videos up to {seconds} seconds."))
    return problems


def resolve_schedule(value: datetime, timezone: str | None) -> datetime:
    """An aware UTC instant from an ISO time with offset, or a local wall time in an IANA zone.

    A wall time that does not exist in that zone (the spring-forward gap) is refused rather than
    silently shifted; one that happens twice (fall back) means its first occurrence.
    """
    if value.tzinfo is not None:
        return value.astimezone(ZoneInfo("UTC"))
    if not timezone:
        raise InvalidInput("Give scheduled_at with an offset, or a timezone.", code="timezone_required")
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"{timezone!r} is not an IANA time zone.", code="invalid_timezone") from exc
    local = value.replace(tzinfo=zone, fold=0)
    round_trip = local.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != value:
        raise InvalidInput(
            f"{value.isoformat()} does not exist in {timezone} (the clocks skip it).",
            code="nonexistent_local_time",
        )
    return local.astimezone(ZoneInfo("UTC"))


MAX_SCHEDULE_AHEAD = timedelta(days=730)
