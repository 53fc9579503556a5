from datetime import UTC, datetime, timedelta

import pytest

from tools.devhost.ncrontab import CronSchedule, IntervalSchedule, ScheduleError, parse_cron, parse_schedule
from tools.devhost.settings import MissingSettingError


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[arg-type, misc]


def occurrences(expression: str, start: datetime, count: int) -> list[datetime]:
    schedule = parse_cron(expression)
    found, moment = [], start
    for _ in range(count):
        moment = schedule.next_after(moment)
        found.append(moment)
    return found


def test_every_two_seconds_fires_on_even_seconds() -> None:
    assert occurrences("*/2 * * * * *", at(2025, 1, 1, 0, 0, 1), 3) == [
        at(2025, 1, 1, 0, 0, 2),
        at(2025, 1, 1, 0, 0, 4),
        at(2025, 1, 1, 0, 0, 6),
    ]


def test_next_is_strictly_after_an_exact_match() -> None:
    assert parse_cron("*/30 * * * * *").next_after(at(2025, 1, 1, 0, 0, 30)) == at(2025, 1, 1, 0, 1, 0)


def test_weekday_names_and_ranges() -> None:
    saturday = at(2025, 1, 4)
    assert parse_cron("0 30 9 * * Mon-Fri").next_after(saturday) == at(2025, 1, 6, 9, 30)
    assert parse_cron("0 0 12 1 jan *").next_after(saturday) == at(2026, 1, 1, 12)


def test_value_with_step_runs_to_the_end_of_the_range() -> None:
    assert occurrences("5/20 * * * * *", at(2025, 1, 1), 3) == [
        at(2025, 1, 1, 0, 0, 5),
        at(2025, 1, 1, 0, 0, 25),
        at(2025, 1, 1, 0, 0, 45),
    ]


def test_day_of_month_and_day_of_week_must_both_match() -> None:
    # NCrontab intersects the two fields: only a Friday the 13th, not every Friday and every 13th.
    assert parse_cron("0 0 0 13 * Fri").next_after(at(2025, 1, 1)) == at(2025, 6, 13)


def test_five_fields_mean_no_seconds() -> None:
    assert occurrences("*/5 * * * *", at(2025, 1, 1, 0, 0, 1), 2) == [
        at(2025, 1, 1, 0, 5),
        at(2025, 1, 1, 0, 10),
    ]


def test_setting_reference_is_resolved_from_the_environment() -> None:
    schedule = parse_schedule("%HEARTBEAT_SCHEDULE%", {"HEARTBEAT_SCHEDULE": "*/30 * * * * *"})
    assert isinstance(schedule, CronSchedule)
    assert schedule.description == "*/30 * * * * *"
    assert schedule.next_after(at(2025, 1, 1, 0, 0, 1)) == at(2025, 1, 1, 0, 0, 30)


def test_missing_setting_is_named() -> None:
    with pytest.raises(MissingSettingError, match="HEARTBEAT_SCHEDULE") as raised:
        parse_schedule("%HEARTBEAT_SCHEDULE%", {})
    assert raised.value.name == "HEARTBEAT_SCHEDULE"


def test_timespan_schedule_is_a_fixed_interval() -> None:
    schedule = parse_schedule("00:00:05", {})
    assert isinstance(schedule, IntervalSchedule)
    assert schedule.next_after(at(2025, 1, 1, 0, 0, 1)) == at(2025, 1, 1, 0, 0, 1) + timedelta(seconds=5)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("* * * * * 7", "day of week field '7': 7 is outside 0-6"),
        ("0 0 L * * *", "hour field 'L'"),
        ("0 0 0 ? * *", "day of month field '\\?'"),
        ("0 0 0 1W * *", "day of month field '1W'"),
        ("0 0 0 * * 5#3", "day of week field '5#3'"),
        ("60 * * * * *", "second field '60': 60 is outside 0-59"),
        ("0 0 25 * * *", "hour field '25'"),
        ("*/0 * * * * *", "step '0' must be a positive number"),
        ("5-1 * * * * *", "runs backwards"),
        ("0 0 0 * Foo *", "month field 'Foo'"),
        ("0 0 0 31 2 *", "never fires"),
        ("* * * * * * *", "neither an NCRONTAB expression"),
        ("every minute", "neither an NCRONTAB expression"),
        ("   ", "empty"),
        ("00:00:00", "interval must be positive"),
    ],
)
def test_rejects_bad_schedules(expression: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_schedule(expression, {})
