"""When a scheduled report is due and which days it covers (no I/O)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from shared.services.report_schedules import Schedule, latest_occurrence, next_occurrence


def schedule(
    frequency: str, *, weekday: int | None = None, day: int | None = None, hour: int = 9
) -> Schedule:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return Schedule(
        uuid4(),
        uuid4(),
        "r",
        frequency,
        weekday,
        day,
        hour,
        "en",
        [],
        [],
        [],
        None,
        now,
        now,  # type: ignore[arg-type]
    )


def test_weekly_covers_the_seven_days_before_the_day_it_is_sent() -> None:
    monday_nine = schedule("weekly", weekday=0)
    # Wednesday 2026-03-11: the latest Monday 09:00 was 2026-03-09.
    due = latest_occurrence(monday_nine, "UTC", datetime(2026, 3, 11, 12, tzinfo=UTC))
    assert (due.at, due.first, due.last) == (
        datetime(2026, 3, 9, 9, tzinfo=UTC),
        date(2026, 3, 2),
        date(2026, 3, 8),
    )
    # On the Monday itself, before nine, it is the week before's.
    early = latest_occurrence(monday_nine, "UTC", datetime(2026, 3, 9, 8, 59, tzinfo=UTC))
    assert early.at == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert next_occurrence(monday_nine, "UTC", datetime(2026, 3, 9, 8, 59, tzinfo=UTC)).at == due.at


def test_monthly_covers_the_calendar_month_before_across_a_year() -> None:
    third = schedule("monthly", day=3, hour=6)
    due = latest_occurrence(third, "UTC", datetime(2026, 1, 2, tzinfo=UTC))
    assert (due.at, due.first, due.last) == (
        datetime(2025, 12, 3, 6, tzinfo=UTC),
        date(2025, 11, 1),
        date(2025, 11, 30),
    )
    upcoming = next_occurrence(third, "UTC", datetime(2026, 1, 2, tzinfo=UTC))
    assert (upcoming.at, upcoming.first, upcoming.last) == (
        datetime(2026, 1, 3, 6, tzinfo=UTC),
        date(2025, 12, 1),
        date(2025, 12, 31),
    )
    assert next_occurrence(
        schedule("monthly", day=28), "UTC", datetime(2026, 1, 29, tzinfo=UTC)
    ).at == datetime(2026, 2, 28, 9, tzinfo=UTC)


def test_the_hour_is_the_workspaces() -> None:
    riyadh = latest_occurrence(
        schedule("weekly", weekday=6, hour=8), "Asia/Riyadh", datetime(2026, 5, 3, 6, tzinfo=UTC)
    )
    assert riyadh.at == datetime(2026, 5, 3, 5, tzinfo=UTC)  # 08:00 at UTC+3
    assert (riyadh.first, riyadh.last) == (date(2026, 4, 26), date(2026, 5, 2))
