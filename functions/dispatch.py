"""Timers of the publish pipeline: the dispatcher and the sweep."""

from __future__ import annotations

import logging

import azure.functions as func

from shared.bootstrap import get_container
from shared.services.publishing import dispatch_due, sweep
from shared.services.recurrence import materialize

bp = func.Blueprint()  # type: ignore[no-untyped-call]
log = logging.getLogger(__name__)


@bp.timer_trigger(arg_name="timer", schedule="%DISPATCH_SCHEDULE%", run_on_startup=True, use_monitor=False)
async def dispatch(timer: func.TimerRequest) -> None:
    """Queue every target due within the lookahead; its message becomes visible at its second."""
    queued = await dispatch_due(get_container())
    if queued:
        log.info("dispatched %d targets", queued)


@bp.timer_trigger(arg_name="timer", schedule="%SWEEP_SCHEDULE%", run_on_startup=False, use_monitor=True)
async def sweep_stuck(timer: func.TimerRequest) -> None:
    result = await sweep(get_container())
    if any(result.values()):
        log.warning("sweep re-drove stuck targets", extra=result)


@bp.timer_trigger(arg_name="timer", schedule="%SWEEP_SCHEDULE%", run_on_startup=True, use_monitor=True)
async def materialize_recurring(timer: func.TimerRequest) -> None:
    """Create the next occurrences of recurring posts, a horizon ahead (they then dispatch as usual)."""
    created = await materialize(get_container())
    if created:
        log.info("created %d occurrences of recurring posts", created)
