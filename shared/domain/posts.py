"""Posts and their targets: states, the transitions allowed between them, and per-target validation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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


STARTED = frozenset(
    {
        TargetStatus.PUBLISHING,
        TargetStatus.PROCESSING,
        TargetStatus.RETRY_WAIT,
        TargetStatus.PUBLISHED,
        TargetStatus.FAILED,
        TargetStatus.UNCONFIRMED,
    }
)
IN_FLIGHT = frozenset({TargetStatus.PUBLISHING, TargetStatus.PROCESSING, TargetStatus.RETRY_WAIT})
WAITING = frozenset({TargetStatus.SCHEDULED, TargetStatus.QUEUED})
POST_STATUSES = (
    "draft",
    "pending_approval",
    "scheduled",
    "publishing",
    "published",
    "partially_published",
    "failed",
    "cancelled",
)


def post_status(target_statuses: list[TargetStatus] | frozenset[TargetStatus]) -> str:  # noqa: PLR0911
    """What a post shows as a whole, derived from its targets.

    This is the rule; the database applies the same one (`post_status_of` in migration 0013) every
    time a target changes, so the stored value cannot disagree with the targets. A test holds the
    two equal for every combination of states.
    """
    states = set(target_statuses)
    if not states:
        return "draft"
    live = states - {TargetStatus.CANCELLED}
    if not live:
        return "cancelled"
    if live <= FINAL:  # every live target is published, failed or unconfirmed
        if TargetStatus.PUBLISHED not in live:
            return "failed"
        return "published" if live == {TargetStatus.PUBLISHED} else "partially_published"
    if live & IN_FLIGHT or (live & WAITING and live & STARTED):
        return "publishing"
    if TargetStatus.PENDING_APPROVAL in live:
        return "pending_approval"
    if live & WAITING:
        return "scheduled"  # queued targets wait for their second like scheduled ones
    return "draft"


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
    problems += _media_mix(capabilities, platform, media_kinds)
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
        shortest = capabilities.min_video_seconds
        if (
            item.kind == "video"
            and shortest
            and item.duration_ms is not None
            and item.duration_ms < shortest * 1000
        ):
            problems.append(
                Problem("video_too_short", f"{platform} accepts videos of at least {shortest:g} seconds.")
            )
    return problems


def _media_mix(capabilities: Capabilities, platform: str, kinds: list[str]) -> list[Problem]:
    """The rules on which files go together: what the platform would refuse at publishing, said now."""
    problems = []
    if capabilities.requires_media and not kinds:
        problems.append(Problem("media_required", f"{platform} posts need a photo or a video."))
    images, videos = kinds.count("image"), kinds.count("video")
    if capabilities.max_images and images > capabilities.max_images:
        problems.append(
            Problem("too_many_images", f"{platform} allows {capabilities.max_images} images per post.")
        )
    if capabilities.max_videos and videos > capabilities.max_videos:
        problems.append(
            Problem(
                "too_many_videos",
                f"{platform} allows {capabilities.max_videos} video"
                f"{'' if capabilities.max_videos == 1 else 's'} per post.",
            )
        )
    if not capabilities.mixed_media and videos and len(kinds) > videos:
        problems.append(Problem("media_mix", f"{platform} posts a video on its own, without other media."))
    return problems


MAX_SCHEDULE_AHEAD = timedelta(days=730)


class Ambiguity(StrEnum):
    """Which of the two instants a repeated local hour (the autumn change) means."""

    EARLIER = "earlier"
    LATER = "later"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"{name!r} is not an IANA time zone.", code="invalid_timezone") from exc


def resolve_schedule(
    value: datetime, timezone: str | None, *, default_zone: str, ambiguous: Ambiguity | None = None
) -> datetime:
    """An aware UTC instant from what a person asked for, with no silent choices.

    - An ISO time with an offset is that instant. With a `timezone` too, the offset must be the
      zone's own at that instant: a disagreement is refused rather than one of them picked.
    - A local time is read in `timezone`, or the workspace's zone (`default_zone`) when none is given.
      A local time the clocks skip (the spring gap) is refused. One that happens twice (the autumn
      change) is refused with both instants in `details`, unless `ambiguous` picks one.
    """
    if value.tzinfo is not None:
        instant = value.astimezone(UTC)
        if timezone:
            zone_offset = instant.astimezone(_zone(timezone)).utcoffset()
            if zone_offset != value.utcoffset():
                raise InvalidInput(
                    f"{value.isoformat()} has offset {_offset(value.utcoffset())}, but {timezone} is at "
                    f"{_offset(zone_offset)} then. Send the local time without an offset, or fix one of "
                    "them.",
                    code="timezone_mismatch",
                    details={"offset": _offset(value.utcoffset()), "zone_offset": _offset(zone_offset)},
                )
        return instant
    name = timezone or default_zone
    zone = _zone(name)
    earlier = value.replace(tzinfo=zone, fold=0)
    later = value.replace(tzinfo=zone, fold=1)
    if earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise InvalidInput(
            f"{value.isoformat()} does not exist in {name} (the clocks skip it).",
            code="nonexistent_local_time",
        )
    if earlier.utcoffset() != later.utcoffset():
        if ambiguous is None:
            raise InvalidInput(
                f"{value.isoformat()} happens twice in {name} (the clocks go back). Choose the earlier "
                "or the later one with `ambiguous`, or send the time with its offset.",
                code="ambiguous_local_time",
                details={
                    "earlier": earlier.astimezone(UTC).isoformat(),
                    "later": later.astimezone(UTC).isoformat(),
                },
            )
        return (earlier if ambiguous is Ambiguity.EARLIER else later).astimezone(UTC)
    return earlier.astimezone(UTC)


def _offset(delta: timedelta | None) -> str:
    minutes = int((delta or timedelta(0)).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def check_not_past(when: datetime, now: datetime) -> None:
    """A scheduled time must be ahead of now, however close; `publish_now` sends at once."""
    if when <= now:
        raise InvalidInput(
            "scheduled_at is in the past; choose a later time, or publish_now to send at once.",
            code="scheduled_in_past",
        )
    if when > now + MAX_SCHEDULE_AHEAD:
        raise InvalidInput("Schedule at most two years ahead.", code="scheduled_too_far")
