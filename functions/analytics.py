"""Analytics collection: the hourly timer that queues one pull per account (then a rollup per workspace),
and the worker that runs each message."""

from __future__ import annotations

import logging

import azure.functions as func

from shared.bootstrap import get_container
from shared.observability import queue_span
from shared.services.analytics import enqueue_collection, handle_message

bp = func.Blueprint()  # type: ignore[no-untyped-call]
log = logging.getLogger(__name__)


@bp.timer_trigger(arg_name="timer", schedule="%ANALYTICS_SCHEDULE%", run_on_startup=False, use_monitor=True)
async def analytics_enqueue(timer: func.TimerRequest) -> None:
    """Queue a metrics pull for every active account, spread over a few minutes, then the rollups."""
    queued = await enqueue_collection(get_container())
    log.info("queued metrics pulls for %d accounts", queued)


@bp.queue_trigger(arg_name="msg", queue_name="%ANALYTICS_QUEUE%", connection="AzureWebJobsStorage")
async def analytics_collect(msg: func.QueueMessage) -> None:
    """Pull one account's figures (all, accounts only or posts only), or roll a workspace's pulls up.
    Raising (a platform or our storage briefly down) lets the host retry; a rate limit is not raised:
    the pull is queued again for the platform's reset."""
    with queue_span("collect analytics", msg.get_body(), message_id=msg.id):
        await handle_message(get_container(), msg.get_body())
