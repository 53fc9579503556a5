"""Maintenance timers."""

from __future__ import annotations

import azure.functions as func

from shared.bootstrap import get_container
from shared.services.heartbeat import record_heartbeat

bp = func.Blueprint()  # type: ignore[no-untyped-call]


@bp.timer_trigger(arg_name="timer", schedule="%HEARTBEAT_SCHEDULE%", run_on_startup=False, use_monitor=False)
async def scheduler_heartbeat(timer: func.TimerRequest) -> None:
    """Proves timers fire: health reports the age of the last heartbeat."""
    await record_heartbeat(await get_container().db())
