"""Queue triggers of the publish pipeline: the worker, the status checks of slow platforms, and the
poison-queue handler."""

from __future__ import annotations

import logging

import azure.functions as func

from shared.bootstrap import get_container
from shared.observability import queue_span
from shared.services.publishing import check_processing, fail_poisoned, parse_message, publish_target

bp = func.Blueprint()  # type: ignore[no-untyped-call]
log = logging.getLogger(__name__)


@bp.queue_trigger(arg_name="msg", queue_name="%PUBLISH_QUEUE%", connection="AzureWebJobsStorage")
async def publish(msg: func.QueueMessage) -> None:
    """Publish one target. Raising lets the host retry the message; after maxDequeueCount it is poison."""
    with queue_span("publish", msg.get_body(), message_id=msg.id):
        await publish_target(get_container(), parse_message(msg.get_body()))


@bp.queue_trigger(arg_name="msg", queue_name="%STATUS_CHECK_QUEUE%", connection="AzureWebJobsStorage")
async def status_check(msg: func.QueueMessage) -> None:
    """Ask a slow platform (video processing, containers) how a started publish is going."""
    with queue_span("status check", msg.get_body(), message_id=msg.id):
        await check_processing(get_container(), parse_message(msg.get_body()))


@bp.queue_trigger(arg_name="msg", queue_name="%PUBLISH_QUEUE%-poison", connection="AzureWebJobsStorage")
async def publish_poison(msg: func.QueueMessage) -> None:
    with queue_span("publish poison", msg.get_body(), message_id=msg.id):
        try:
            target_id = parse_message(msg.get_body())
        except (ValueError, KeyError):
            log.error("unreadable message in the publish poison queue; dropped", extra={"message_id": msg.id})
            return
        await fail_poisoned(get_container(), target_id)
