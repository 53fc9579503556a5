"""The shapes analytics are stored in for reading, and the arithmetic over them (no I/O).

A dashboard reads one document per workspace per day (container `daily_rollups`, partition
`/workspaceId`), never the thousands of snapshots behind it. Its parts:

- `followers`: {account id: [platform, followers]} at the end of the day, every account of the
  workspace that has a count (an account whose collection failed that day keeps yesterday's);
  `followerTotals`: {platform: [followers, accounts]}. Missing when nothing was known that day.
- `accounts` and `platforms`: the posts published that day (in the workspace's zone), per account and
  per platform, each a bucket (`Bucket.to_doc`): how many, their latest figures summed metric by
  metric, their engagements and audience (for the engagement rate), and the same per hour of
  publishing (`s`, for the best-times grid).

Figures of a post keep growing for the 30 days it is collected, so the posts part of each of the last
31 days is rewritten at every rollup; older days are settled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from shared.domain.metrics import add, rate

# Fixed-width UTC stamps: compared as strings in Cosmos queries, so the width must never vary.
STAMP = "%Y-%m-%dT%H:%M:%SZ"
# How far back the posts part of the daily rollups is rebuilt (the posts still collected, plus a day
# for the zone).
REBUILT_DAYS = 31


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def from_stamp(text: str) -> datetime:
    return datetime.strptime(text, STAMP).replace(tzinfo=UTC)


def local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def day_start(day: date, zone: str) -> datetime:
    """The first instant of a local day, in UTC (a day may be 23 or 25 hours long)."""
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def days(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@dataclass
class Bucket:
    """Posts and their figures: `figures` sums each shared metric over the posts that report it;
    `engagements` and `audience` over the `rated` posts that have both (the engagement rate)."""

    posts: int = 0
    figures: dict[str, int] = field(default_factory=dict)
    engagements: int = 0
    audience: int = 0
    rated: int = 0
    hours: dict[int, list[int]] = field(default_factory=dict)  # hour → [posts, engagements, audience, rated]

    def add_post(
        self, figures: Mapping[str, int], engagements: int | None, audience: int | None, hour: int | None
    ) -> None:
        self.posts += 1
        add(self.figures, figures)
        counted = engagements is not None and audience is not None
        if counted:
            self.engagements += engagements or 0
            self.audience += audience or 0
            self.rated += 1
        if hour is not None:
            slot = self.hours.setdefault(hour, [0, 0, 0, 0])
            slot[0] += 1
            if counted:
                slot[1] += engagements or 0
                slot[2] += audience or 0
                slot[3] += 1

    def merge(self, other: Bucket) -> None:
        self.posts += other.posts
        add(self.figures, other.figures)
        self.engagements += other.engagements
        self.audience += other.audience
        self.rated += other.rated
        for hour, slot in other.hours.items():
            mine = self.hours.setdefault(hour, [0, 0, 0, 0])
            for i in range(4):
                mine[i] += slot[i]

    @property
    def rate(self) -> float | None:
        return rate(self.engagements, self.audience) if self.rated else None

    def to_doc(self) -> dict[str, Any]:
        return {
            "n": self.posts,
            "m": dict(self.figures),
            "e": self.engagements,
            "b": self.audience,
            "k": self.rated,
            "s": {str(hour): list(slot) for hour, slot in sorted(self.hours.items())},
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Bucket:
        return cls(
            posts=int(doc.get("n", 0)),
            figures={k: int(v) for k, v in (doc.get("m") or {}).items()},
            engagements=int(doc.get("e", 0)),
            audience=int(doc.get("b", 0)),
            rated=int(doc.get("k", 0)),
            hours={int(h): [int(x) for x in slot] for h, slot in (doc.get("s") or {}).items()},
        )


@dataclass(frozen=True)
class PublishedTarget:
    """A published post on one account with its latest figures, as the daily rollup counts it."""

    account_id: str
    platform: str
    published_at: datetime
    figures: Mapping[str, int]
    engagements: int | None
    audience: int | None


@dataclass
class DayPosts:
    accounts: dict[str, tuple[str, Bucket]] = field(default_factory=dict)  # account → (platform, bucket)
    platforms: dict[str, Bucket] = field(default_factory=dict)

    def add(self, target: PublishedTarget, hour: int) -> None:
        _, bucket = self.accounts.setdefault(target.account_id, (target.platform, Bucket()))
        bucket.add_post(target.figures, target.engagements, target.audience, hour)
        self.platforms.setdefault(target.platform, Bucket()).add_post(
            target.figures, target.engagements, target.audience, hour
        )

    def to_doc(self) -> dict[str, Any]:
        return {
            "accounts": {a: {"p": p, **b.to_doc()} for a, (p, b) in self.accounts.items()},
            "platforms": {p: b.to_doc() for p, b in self.platforms.items()},
        }


def posts_by_day(targets: Iterable[PublishedTarget], zone: str) -> dict[date, DayPosts]:
    """The posts part of each local day's rollup, from the targets published on it."""
    found: dict[date, DayPosts] = {}
    for target in targets:
        moment = local(target.published_at, zone)
        found.setdefault(moment.date(), DayPosts()).add(target, moment.hour)
    return found


def follower_totals(followers: Mapping[str, list[Any]]) -> dict[str, list[int]]:
    """{platform: [followers, accounts]} from {account: [platform, followers]}."""
    totals: dict[str, list[int]] = {}
    for platform, count in followers.values():
        total = totals.setdefault(platform, [0, 0])
        total[0] += int(count)
        total[1] += 1
    return totals
