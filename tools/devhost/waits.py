"""Waiting on time and on events together, so every wait in the host ends promptly on shutdown."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


async def wait_or_stop(stop: asyncio.Event, seconds: float) -> bool:
    """A timed wait that `stop` cuts short; True when `stop` is set."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=max(seconds, 0))
    except TimeoutError:
        return stop.is_set()
    return True


async def wait_for_either(event: asyncio.Event, stop: asyncio.Event) -> bool:
    """Wait until `event` or `stop` is set; True when `stop` is set."""
    waiters = {asyncio.ensure_future(event.wait()), asyncio.ensure_future(stop.wait())}
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
    return stop.is_set()
