from datetime import timedelta

import pytest

from tools.devhost.timespan import format_timespan, parse_timespan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00:00:02", timedelta(seconds=2)),
        ("00:01:00", timedelta(minutes=1)),
        ("01:30", timedelta(hours=1, minutes=30)),  # .NET: two parts are hours and minutes
        ("1.02:03:04", timedelta(days=1, hours=2, minutes=3, seconds=4)),
        ("00:00:00.5", timedelta(milliseconds=500)),
        ("00:00:01.0000001", timedelta(seconds=1)),  # ticks below a microsecond are dropped
        ("2", timedelta(days=2)),  # .NET: a bare number is days
        ("-00:00:05", timedelta(seconds=-5)),
        (" 00:00:03 ", timedelta(seconds=3)),
    ],
)
def test_parses_dotnet_timespan_formats(text: str, expected: timedelta) -> None:
    assert parse_timespan(text) == expected


@pytest.mark.parametrize(
    "text", ["", "abc", "00:60:00", "24:00:00", "00:00:60", "1:2:3:4", "00:00:02s", "1.5"]
)
def test_rejects_what_dotnet_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="TimeSpan"):
        parse_timespan(text)


def test_formats_as_hh_mm_ss() -> None:
    assert format_timespan(timedelta(minutes=10)) == "00:10:00"
    assert format_timespan(timedelta(days=1, seconds=5)) == "1.00:00:05"
