"""Timer schedules: NCRONTAB expressions and constant TimeSpan intervals, in UTC.

The grammar is checked here field by field with NCrontab's rules (the library the host uses), and
croniter is only asked for the calendar arithmetic, given plain value lists. That way expressions
croniter would take but the host would reject (`L`, `#`, `?`, `H`, a day-of-week 7) fail here too,
and a restricted day-of-month with a restricted day-of-week means both (NCrontab), not either (cron).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from croniter import CroniterError, croniter

from tools.devhost.settings import resolve
from tools.devhost.timespan import parse_timespan

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_WEEKDAY_NAMES = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


class ScheduleError(ValueError):
    """A schedule the host would refuse to index the function with."""


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: Mapping[str, int]


_SECOND = _Field("second", 0, 59, {})
_MINUTE = _Field("minute", 0, 59, {})
_HOUR = _Field("hour", 0, 23, {})
_DAY = _Field("day of month", 1, 31, {})
_MONTH = _Field("month", 1, 12, {name: i for i, name in enumerate(_MONTHS, start=1)})
_WEEKDAY = _Field(
    "day of week",
    0,
    6,
    {**{name: i for i, name in enumerate(_DAYS)}, **{name: i for i, name in enumerate(_WEEKDAY_NAMES)}},
)
_FIELDS = (_SECOND, _MINUTE, _HOUR, _DAY, _MONTH, _WEEKDAY)


class Schedule(Protocol):
    @property
    def description(self) -> str: ...

    def next_after(self, moment: datetime) -> datetime:
        """The first occurrence strictly after `moment` (timezone-aware, UTC)."""
        ...


@dataclass(frozen=True)
class CronSchedule:
    expression: str
    values: tuple[tuple[int, ...], ...] = field(repr=False)

    @property
    def description(self) -> str:
        return self.expression

    def next_after(self, moment: datetime) -> datetime:
        fields = [
            "*" if len(values) == spec.high - spec.low + 1 else ",".join(map(str, values))
            for spec, values in zip(_FIELDS, self.values, strict=True)
        ]
        try:
            calendar = croniter(" ".join(fields), moment, second_at_beginning=True, day_or=False)
            result: datetime = calendar.get_next(datetime)
        except CroniterError as error:
            raise ScheduleError(f"schedule {self.expression!r} never fires") from error
        return result


@dataclass(frozen=True)
class IntervalSchedule:
    interval: timedelta
    text: str

    @property
    def description(self) -> str:
        return self.text

    def next_after(self, moment: datetime) -> datetime:
        return moment + self.interval


def parse_schedule(text: str, environ: Mapping[str, str]) -> Schedule:
    """What a `schedule` binding property means to the host: %NAME% resolved, then cron, then TimeSpan."""
    expression = resolve(text, environ).strip()
    if not expression:
        raise ScheduleError(f"schedule {text!r} is empty")
    parts = expression.split()
    if len(parts) in (5, 6):
        return parse_cron(expression)
    try:
        interval = parse_timespan(expression)
    except ValueError:
        raise ScheduleError(
            f"schedule {expression!r} is neither an NCRONTAB expression "
            "('{second} {minute} {hour} {day} {month} {day-of-week}') nor a TimeSpan ('hh:mm:ss')"
        ) from None
    if interval <= timedelta(0):
        raise ScheduleError(f"schedule {expression!r}: the interval must be positive")
    return IntervalSchedule(interval, expression)


def parse_cron(expression: str) -> CronSchedule:
    """Six fields, seconds first; five (no seconds) are taken too, as the host's CronSchedule does."""
    parts = expression.split()
    if len(parts) == 5:
        parts = ["0", *parts]
    if len(parts) != 6:
        raise ScheduleError(f"{expression!r}: an NCRONTAB expression has 6 fields (5 without seconds)")
    values = tuple(_parse_field(part, spec, expression) for part, spec in zip(parts, _FIELDS, strict=True))
    schedule = CronSchedule(expression, values)
    schedule.next_after(datetime.now(UTC))  # fails now, not at the first tick, if it can never fire
    return schedule


def _parse_field(text: str, spec: _Field, expression: str) -> tuple[int, ...]:
    selected: set[int] = set()
    for item in text.split(","):
        try:
            selected.update(_parse_item(item, spec))
        except ValueError as error:
            raise ScheduleError(f"{expression!r}: {spec.name} field {text!r}: {error}") from None
    return tuple(sorted(selected))


def _parse_item(item: str, spec: _Field) -> Sequence[int]:
    range_text, slash, step_text = item.partition("/")
    step = 1
    if slash:
        if not step_text.isdigit() or int(step_text) == 0:
            raise ValueError(f"step {step_text!r} must be a positive number")
        step = int(step_text)
    if range_text == "*":
        first, last = spec.low, spec.high
    elif "-" in range_text:
        start_text, _, end_text = range_text.partition("-")
        first, last = _value(start_text, spec), _value(end_text, spec)
        if first > last:
            raise ValueError(f"range {range_text!r} runs backwards")
    else:
        first = _value(range_text, spec)
        # NCrontab reads "a/n" as "from a to the end, every n"; a bare value is just itself.
        last = spec.high if slash else first
    return range(first, last + 1, step)


def _value(text: str, spec: _Field) -> int:
    if text.isdigit():
        number = int(text)
    elif text.casefold() in spec.names:
        number = spec.names[text.casefold()]
    else:
        raise ValueError(f"{text!r} is not a number" + (" or a name" if spec.names else ""))
    if not spec.low <= number <= spec.high:
        raise ValueError(f"{number} is outside {spec.low}-{spec.high}")
    return number
