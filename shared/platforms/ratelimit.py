"""Rate-limit answers in their many dialects, read into one `retry_at` (an aware UTC instant).

Each platform says "come back later" differently (PLATFORMS.md): X `x-rate-limit-reset` (epoch
seconds), Mastodon `X-RateLimit-Reset` (ISO 8601), Reddit `x-ratelimit-reset` (seconds from now),
Discord `Retry-After` (float seconds), Telegram body `parameters.retry_after`, Bluesky IETF
`RateLimit-Reset`, HTTP `Retry-After` (seconds or an HTTP date), LinkedIn's daily limit (midnight
UTC), YouTube's quota (midnight Pacific).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import httpx

from shared.platforms.base import RateBudget

# When a platform says nothing about when to come back.
DEFAULT_WAIT = timedelta(seconds=60)


def _now() -> datetime:
    return datetime.now(UTC)


def from_epoch(value: str | float | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(value), UTC) if value not in (None, "") else None
    except (TypeError, ValueError, OverflowError):
        return None


def from_seconds(value: str | float | None, *, now: datetime | None = None) -> datetime | None:
    try:
        seconds = float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    if seconds is None or seconds < 0:
        return None
    return (now or _now()) + timedelta(seconds=seconds)


def from_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def from_retry_after(value: str | None, *, now: datetime | None = None) -> datetime | None:
    """RFC 9110 Retry-After: delay seconds or an HTTP date."""
    if not value:
        return None
    seconds = from_seconds(value, now=now)
    if seconds is not None:
        return seconds
    try:
        return parsedate_to_datetime(value).astimezone(UTC)
    except (TypeError, ValueError):
        return None


def next_midnight(zone: str = "UTC", *, now: datetime | None = None) -> datetime:
    """Daily quotas: LinkedIn resets at midnight UTC, YouTube at midnight Pacific."""
    local = (now or _now()).astimezone(ZoneInfo(zone))
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC)


def retry_at(
    response: httpx.Response,
    *,
    reset_header: str = "",
    reset_kind: str = "epoch",
    now: datetime | None = None,
) -> datetime:
    """The platform's own reset if it gave one (`reset_kind`: epoch | seconds | iso), else Retry-After,
    else a minute. Never in the past."""
    now = now or _now()
    value = response.headers.get(reset_header) if reset_header else None
    found = (
        _reset(value, reset_kind, now)
        or from_retry_after(response.headers.get("retry-after"), now=now)
        or now + DEFAULT_WAIT
    )
    return max(found, now)


def budget(response: httpx.Response, prefix: str, *, reset_kind: str = "epoch") -> RateBudget | None:
    """What is left of a window the platform reports as `{prefix}-remaining` and `{prefix}-reset`
    (read as `reset_kind`); None when it did not say both."""
    remaining = response.headers.get(f"{prefix}-remaining", "")
    reset = _reset(response.headers.get(f"{prefix}-reset"), reset_kind, _now())
    return RateBudget(int(remaining), reset) if remaining.isdigit() and reset else None


def _reset(value: str | None, kind: str, now: datetime) -> datetime | None:
    """A reset header's value as an instant: `kind` epoch | iso | seconds (from now)."""
    if kind == "epoch":
        return from_epoch(value)
    if kind == "iso":
        return from_iso(value)
    return from_seconds(value, now=now)
