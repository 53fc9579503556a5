"""The sandbox platform's audience: deterministic figures for its accounts and posts.

The sandbox server (tools/sandbox) answers its metrics calls with these functions, and the demo seed
writes its history with them, so a test, the seed and the server agree to the unit. Everything comes
from the sandbox's own ids (an account id, a post id) and an instant; nothing is random or stored.
The model is documented in tools/sandbox/README.md ("Audience").

- Followers change day by day (UTC days): a steady trend per account, a weekly swell and a daily
  wobble, so some days lose followers.
- A post's figures grow after publishing as 1 - exp(-hours / 8) of their final values (63 % after
  8 hours, 95 % after a day, monotonic). The final values scale with the account's followers on the
  day it was published, the post's own appeal, and when it went out: the audience is most active
  around 14:00 UTC and quieter at weekends.
- A sandbox post id is the creation time in microseconds (milliseconds times 1000 plus a counter), so a
  post's publishing time is read from its id: the server measures posts it has forgotten (made
  before a restart, or by the seed) the same way.
"""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, date, datetime

EPOCH = date(2024, 1, 1)
GROWTH_HOURS = 8.0
PEAK_HOUR_UTC = 14
WEEKEND = 0.8

# (low, high) fraction of the base figure for each engagement figure, drawn per post.
_SHARES_OF_REACH = {
    "likes": (0.03, 0.08),
    "comments": (0.002, 0.01),
    "shares": (0.002, 0.008),
    "saves": (0.001, 0.007),
}


def unit(*parts: object) -> float:
    """A number in [0, 1) fixed by its arguments (the same in every process and run)."""
    digest = hashlib.blake2b(":".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2.0**64


def followers(account_id: str, day: date) -> int:
    """The account's followers on a UTC day."""
    n = (day - EPOCH).days
    base = 200 + int(unit(account_id, "base") * 4800)
    trend = 1 + int(unit(account_id, "trend") * 15)
    phase = 2 * math.pi * unit(account_id, "phase")
    weekly = round(1.5 * trend * math.sin(2 * math.pi * n / 7 + phase))
    wobble = int(unit(account_id, "day", n) * (2 * trend + 1)) - trend
    return max(0, base + trend * n + weekly + wobble)


def published_at(post_id: str) -> datetime:
    """When a sandbox post was created, read from its id (microseconds since the epoch)."""
    return datetime.fromtimestamp(int(post_id) // 1000 / 1000, UTC)


def post_id_at(moment: datetime, sequence: int = 0) -> str:
    """The id the sandbox gives a post created at `moment` (`sequence` tells same-millisecond ones apart)."""
    return str(int(moment.timestamp() * 1000) * 1000 + sequence)


def activity(moment: datetime) -> float:
    """How much of the audience is around at `moment`: 0.1 at 02:00 UTC to 1.0 at 14:00, less at weekends."""
    hour = moment.astimezone(UTC).hour
    level = 0.55 + 0.45 * math.cos(2 * math.pi * (hour - PEAK_HOUR_UTC) / 24)
    return level * (WEEKEND if moment.astimezone(UTC).weekday() >= 5 else 1.0)


def growth(hours: float) -> float:
    """The share of its final figures a post has reached `hours` after publishing."""
    return 0.0 if hours <= 0 else 1.0 - math.exp(-hours / GROWTH_HOURS)


def _between(post_id: str, name: str, low: float, high: float) -> float:
    return low + (high - low) * unit(post_id, name)


def final_figures(account_id: str, post_id: str, *, video: bool = False) -> dict[str, int]:
    """What a post's figures grow towards."""
    when = published_at(post_id)
    audience = followers(account_id, when.date())
    reach = int(audience * 0.35 * activity(when) * _between(post_id, "appeal", 0.5, 1.5))
    impressions = int(reach * _between(post_id, "repeat", 1.3, 2.0))
    figures = {"impressions": impressions, "reach": reach}
    if video:
        figures["views"] = int(impressions * _between(post_id, "views", 0.4, 0.7))
    for name, (low, high) in _SHARES_OF_REACH.items():
        figures[name] = int(reach * _between(post_id, name, low, high))
    figures["clicks"] = int(impressions * _between(post_id, "clicks", 0.005, 0.02))
    return figures


def post_figures(account_id: str, post_id: str, at: datetime, *, video: bool = False) -> dict[str, int]:
    """A post's figures at instant `at`: its final figures times `growth`, rounded to the nearest.

    `views` only for a post with a video. Before its publishing time every figure is 0.
    """
    share = growth((at - published_at(post_id)).total_seconds() / 3600)
    return {
        name: round(value * share) for name, value in final_figures(account_id, post_id, video=video).items()
    }
