"""TimeSpan strings as host.json and timer schedules write them (.NET `TimeSpan.Parse` formats)."""

from __future__ import annotations

import re
from datetime import timedelta

# [-][d.]hh:mm[:ss[.fffffff]] or a bare day count, which is what .NET's invariant parser accepts.
_CLOCK = re.compile(
    r"(?P<neg>-)?(?:(?P<days>\d+)\.)?(?P<hours>\d{1,2}):(?P<minutes>\d{1,2})"
    r"(?::(?P<seconds>\d{1,2})(?:\.(?P<fraction>\d{1,7}))?)?"
)
_DAYS = re.compile(r"(?P<neg>-)?(?P<days>\d+)")


def parse_timespan(text: str) -> timedelta:
    """Parse like .NET does, so a value the real host accepts means the same here.

    Note the .NET quirks kept on purpose: "01:30" is 1 h 30 min (not 1 min 30 s) and "2" is two days.
    """
    value = text.strip()
    if match := _DAYS.fullmatch(value):
        span = timedelta(days=int(match["days"]))
        return -span if match["neg"] else span
    match = _CLOCK.fullmatch(value)
    if match is None:
        raise ValueError(f"{text!r} is not a TimeSpan (expected [d.]hh:mm[:ss[.fffffff]], e.g. '00:00:30')")
    hours, minutes = int(match["hours"]), int(match["minutes"])
    seconds = int(match["seconds"] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise ValueError(f"{text!r} is not a TimeSpan: hours must be < 24, minutes and seconds < 60")
    fraction = (match["fraction"] or "").ljust(7, "0")
    span = timedelta(
        days=int(match["days"] or 0),
        hours=hours,
        minutes=minutes,
        seconds=seconds,
        microseconds=int(fraction) // 10,
    )
    return -span if match["neg"] else span


def format_timespan(span: timedelta) -> str:
    """The hh:mm:ss form, for log lines that should read like the host's."""
    total = int(span.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{days}.{clock}" if days else clock
