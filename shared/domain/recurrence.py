"""Recurring schedules: RFC 5545 RRULEs evaluated in wall-clock time of an IANA zone.

Occurrences keep their local time across DST changes (09:00 stays 09:00), because the rule runs on
zone-aware local datetimes and each one gets its own UTC offset.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from shared.domain.errors import InvalidInput

ALLOWED_FREQUENCIES = frozenset({"HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
_FREQ = re.compile(r"(?:^|;)FREQ=([A-Z]+)(?:;|$)")
MAX_RULE_LENGTH = 500


def parse_rule(text: str, first: datetime, timezone: str) -> rrule:
    """The rule anchored at the first occurrence (its DTSTART), or InvalidInput saying what is wrong."""
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text or len(text) > MAX_RULE_LENGTH or "DTSTART" in text.upper() or "\n" in text:
        raise InvalidInput(
            "Give one RRULE (without DTSTART), e.g. FREQ=WEEKLY;BYDAY=MO.", code="invalid_recurrence"
        )
    frequency = _FREQ.search(text.upper())
    if frequency is None or frequency.group(1) not in ALLOWED_FREQUENCIES:
        raise InvalidInput(
            "Repeat at most hourly (FREQ=HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY).",
            code="invalid_recurrence",
        )
    try:
        rule = rrulestr(text, dtstart=first.astimezone(ZoneInfo(timezone)))
    except (ValueError, TypeError) as exc:
        raise InvalidInput(f"The recurrence rule is not valid: {exc}.", code="invalid_recurrence") from exc
    if not isinstance(rule, rrule):
        raise InvalidInput("Give one RRULE, not a set of rules.", code="invalid_recurrence")
    return rule


def occurrences(
    rule: rrule, timezone: str, *, after: datetime, until: datetime, limit: int = 500
) -> list[datetime]:
    """Occurrences strictly after `after` and up to `until`, as UTC instants."""
    found: list[datetime] = []
    for occurrence in rule.xafter(after.astimezone(ZoneInfo(timezone)), inc=False):
        if occurrence > until or len(found) >= limit:
            break
        found.append(occurrence.astimezone(UTC))
    return found
