import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import azure.functions as func
import pytest
from azure.functions.timer import TimerRequest

from tools.devhost.functions import FunctionInfo
from tools.devhost.invocation import Invoker
from tools.devhost.ncrontab import IntervalSchedule
from tools.devhost.timers import TimerRunner

WAIT = 5.0


def timer_function(function: Callable[..., object]) -> FunctionInfo:
    return FunctionInfo(
        name="tick", trigger_type="timerTrigger", trigger={"name": "timer"}, user_function=function
    )


async def run_until(runner: TimerRunner, done: asyncio.Event) -> None:
    stop = asyncio.Event()
    loop_task = asyncio.create_task(runner.run(stop))
    try:
        await asyncio.wait_for(done.wait(), WAIT)
    finally:
        stop.set()
        await asyncio.wait_for(loop_task, WAIT)
        await asyncio.gather(*runner.in_flight)


async def test_a_running_timer_is_not_started_again(caplog: pytest.LogCaptureFixture) -> None:
    running, peak, finished = 0, 0, 0
    done = asyncio.Event()

    async def tick(timer: func.TimerRequest) -> None:
        nonlocal running, peak, finished
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.15)
        running -= 1
        finished += 1
        if finished == 3:
            done.set()

    caplog.set_level(logging.WARNING, logger="devhost.timers")
    schedule = IntervalSchedule(timedelta(milliseconds=40), "00:00:00.04")
    await run_until(TimerRunner(timer_function(tick), schedule, Invoker(".")), done)
    assert peak == 1
    assert any("still running" in r.getMessage() for r in caplog.records)


async def test_run_on_startup_fires_at_once() -> None:
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    requests: list[func.TimerRequest] = []

    def tick(timer: func.TimerRequest) -> None:  # sync: runs on a thread
        requests.append(timer)
        loop.call_soon_threadsafe(done.set)

    schedule = IntervalSchedule(timedelta(hours=1), "01:00:00")
    await run_until(TimerRunner(timer_function(tick), schedule, Invoker("."), run_on_startup=True), done)
    assert len(requests) == 1
    assert requests[0].past_due is False


class LateSchedule:
    """First occurrence already five seconds gone, as after a suspended laptop wakes up."""

    description = "late"

    def __init__(self) -> None:
        self.calls = 0

    def next_after(self, moment: datetime) -> datetime:
        self.calls += 1
        return moment - timedelta(seconds=5) if self.calls == 1 else moment + timedelta(hours=1)


async def test_late_occurrences_are_past_due() -> None:
    done = asyncio.Event()
    requests: list[TimerRequest] = []

    async def tick(timer: TimerRequest) -> None:
        requests.append(timer)
        done.set()

    await run_until(TimerRunner(timer_function(tick), LateSchedule(), Invoker(".")), done)
    assert [r.past_due for r in requests] == [True]
    assert set(requests[0].schedule_status) == {"Last", "Next", "LastUpdated"}
