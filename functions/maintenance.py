"""Maintenance timers."""

from __future__ import annotations

import logging

import azure.functions as func

from shared.bootstrap import get_container
from shared.services.accounts import refresh_expiring
from shared.services.heartbeat import record_heartbeat, record_queue_depths
from shared.services.housekeeping import purge_expired
from shared.services.report_schedules import send_due

bp = func.Blueprint()  # type: ignore[no-untyped-call]


@bp.timer_trigger(arg_name="timer", schedule="%HEARTBEAT_SCHEDULE%", run_on_startup=False, use_monitor=False)
async def scheduler_heartbeat(timer: func.TimerRequest) -> None:
    """Proves timers fire (health reports the age of the last heartbeat); reports queue depths."""
    container = get_container()
    await record_heartbeat(await container.db())
    await record_queue_depths(container)


@bp.timer_trigger(arg_name="timer", schedule="%PURGE_SCHEDULE%", run_on_startup=False, use_monitor=True)
async def purge_expired_rows(timer: func.TimerRequest) -> None:
    """Expired tokens, old rate-limit windows and lockouts; idempotent, so a missed run costs nothing."""
    deleted = await purge_expired(await get_container().db())
    logging.getLogger(__name__).info("purged expired rows", extra={"deleted": deleted})


@bp.timer_trigger(
    arg_name="timer", schedule="%TOKEN_REFRESH_SCHEDULE%", run_on_startup=False, use_monitor=True
)
async def refresh_tokens(timer: func.TimerRequest) -> None:
    """Refresh platform tokens before they expire, so publishing at a given second never waits on it."""
    counts = await refresh_expiring(get_container())
    if any(counts.values()):
        logging.getLogger(__name__).info("token refresh", extra=counts)


@bp.timer_trigger(
    arg_name="timer", schedule="%ANALYTICS_REPORT_SCHEDULE%", run_on_startup=False, use_monitor=True
)
async def send_scheduled_reports(timer: func.TimerRequest) -> None:
    """Email each scheduled analytics report whose time has come, once per period (a claim row per
    schedule and period; see shared/services/report_schedules.py)."""
    counts = await send_due(get_container())
    if any(counts.values()):
        logging.getLogger(__name__).info("scheduled reports", extra=counts)
