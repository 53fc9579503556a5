"""Timer triggers: fire on schedule, never overlapping themselves (the host holds a singleton lock)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from azure.functions.timer import TimerRequest

from tools.devhost.functions import FunctionInfo
from tools.devhost.invocation import Invoker
from tools.devhost.ncrontab import Schedule
from tools.devhost.waits import utc_now, wait_or_stop

log = logging.getLogger("devhost.timers")

PAST_DUE_AFTER = timedelta(seconds=1)


class TimerRunner:
    def __init__(
        self,
        function: FunctionInfo,
        schedule: Schedule,
        invoker: Invoker,
        *,
        run_on_startup: bool = False,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.function = function
        self.schedule = schedule
        self.invoker = invoker
        self.run_on_startup = run_on_startup
        self._clock = clock
        self._running: asyncio.Task[None] | None = None
        self._last: datetime | None = None

    @property
    def in_flight(self) -> list[asyncio.Task[None]]:
        return [self._running] if self._running is not None and not self._running.done() else []

    async def run(self, stop: asyncio.Event) -> None:
        """Schedule from the previous occurrence, so a slow wake-up does not drift the calendar."""
        now = self._clock()
        if self.run_on_startup:
            self._fire(now, self.schedule.next_after(now), past_due=False)
        due = self.schedule.next_after(now)
        while not stop.is_set():
            remaining = (due - self._clock()).total_seconds()
            if remaining > 0:
                if await wait_or_stop(stop, remaining):
                    break
                continue
            now = self._clock()
            following = self.schedule.next_after(due)
            if following <= now:
                log.warning(
                    "Timer '%s' fell behind; skipping to the next occurrence after %s",
                    self.function.name,
                    now.isoformat(),
                )
                following = self.schedule.next_after(now)
            self._fire(due, following, past_due=now - due > PAST_DUE_AFTER)
            due = following

    def _fire(self, scheduled: datetime, following: datetime, *, past_due: bool) -> None:
        if self.in_flight:
            log.warning(
                "Timer '%s' skipped the occurrence at %s: the previous invocation is still running",
                self.function.name,
                scheduled.isoformat(),
            )
            return
        status = {
            "Last": (self._last or scheduled).isoformat(),
            "Next": following.isoformat(),
            "LastUpdated": self._clock().isoformat(),
        }
        self._last = scheduled
        request = TimerRequest(past_due=past_due, schedule_status=status, schedule={"AdjustForDST": True})
        self._running = asyncio.create_task(
            self._invoke(request, scheduled), name=f"timer:{self.function.name}"
        )

    async def _invoke(self, request: TimerRequest, scheduled: datetime) -> None:
        await self.invoker.invoke(self.function, request, ident=scheduled.isoformat(timespec="seconds"))
