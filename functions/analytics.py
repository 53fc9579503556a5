"""Analytics collection: the hourly timer that queues one pull per account, and the worker that pulls."""

from __future__ import annotations

import logging

import azure.functions as func

from shared.bootstrap import get_container
from shared.observability import queue_span
from shared.services.analytics import collect_account, enqueue_collection, parse_message

bp = func.Blueprint()  # type: ignore[no-untyped-call]
log = logging.getLogger(__name__)


@bp.timer_trigger(arg_name="timer", schedule="%ANALYTICS_SCHEDULE%", run_on_startup=False, use_monitor=True)
async def analytics_enqueue(timer: func.TimerRequest) -> None:
    """Queue a metrics pull for every active account, spread over a few minutes."""
    queued = await enqueue_collection(get_container())
    log.info("queued metrics pulls for %d accounts", queued)


@bp.queue_trigger(arg_name="msg", queue_name="%ANALYTICS_QUEUE%", connection="AzureWebJobsStorage")
async def analytics_collect(msg: func.QueueMessage) -> None:
    """Pull one account's figures. Raising (a platform or our storage briefly down) lets the host retry;
    a rate limit is not raised: the pull is queued again for the platform's reset."""
    with queue_span("collect analytics", msg.get_body(), message_id=msg.id):
        await collect_account(get_container(), parse_message(msg.get_body()))
