"""Outbound notifications: the webhook delivery worker, its poison handler, and their sweeps.

The sweeps are their own timers (on SWEEP_SCHEDULE) rather than steps of the publish sweep: a
receiver or mail server in trouble then cannot slow or break the re-driving of stuck publications,
and the other way round.
"""

from __future__ import annotations

import logging

import azure.functions as func

from shared.bootstrap import get_container
from shared.observability import queue_span
from shared.services import notifications, webhooks

bp = func.Blueprint()  # type: ignore[no-untyped-call]
log = logging.getLogger(__name__)


@bp.queue_trigger(arg_name="msg", queue_name="%WEBHOOKS_QUEUE%", connection="AzureWebJobsStorage")
async def deliver_webhook(msg: func.QueueMessage) -> None:
    """One attempt. A receiver's failure is retried on our schedule by a delayed message, not by raising;
    raising (our database is down) lets the host retry, and after maxDequeueCount it is poison."""
    with queue_span("deliver webhook", msg.get_body(), message_id=msg.id):
        await webhooks.deliver(get_container(), webhooks.parse_message(msg.get_body()))


@bp.queue_trigger(arg_name="msg", queue_name="%WEBHOOKS_QUEUE%-poison", connection="AzureWebJobsStorage")
async def deliver_webhook_poison(msg: func.QueueMessage) -> None:
    with queue_span("deliver webhook poison", msg.get_body(), message_id=msg.id):
        try:
            delivery_id = webhooks.parse_message(msg.get_body())
        except (ValueError, KeyError, TypeError):
            log.error(
                "unreadable message in the webhooks poison queue; dropped", extra={"message_id": msg.id}
            )
            return
        await webhooks.fail_poisoned(get_container(), delivery_id)


@bp.timer_trigger(arg_name="timer", schedule="%SWEEP_SCHEDULE%", run_on_startup=False, use_monitor=True)
async def sweep_webhooks(timer: func.TimerRequest) -> None:
    """Re-send deliveries whose queue message was lost; release leases of dead workers."""
    result = await webhooks.sweep(get_container())
    if result["requeued"]:
        log.warning("webhook sweep re-sent lost deliveries", extra=result)


@bp.timer_trigger(arg_name="timer", schedule="%SWEEP_SCHEDULE%", run_on_startup=False, use_monitor=True)
async def sweep_failure_emails(timer: func.TimerRequest) -> None:
    """Email failures that were held back for batching, or whose after-commit email was lost."""
    result = await notifications.sweep(get_container())
    if result["emailed"]:
        log.info("failure emails sent by the sweep", extra=result)
