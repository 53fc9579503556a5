"""The scheduler heartbeat: a timer records each run so health can show timers are firing.

The same timer reports how many messages wait in the pipeline's queues, a metric to alert on
(a growing publish queue means workers fall behind; anything in a poison queue needs a look).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from psycopg_pool import AsyncConnectionPool

from shared.bootstrap import Container
from shared.observability import pipeline_metrics

HEARTBEAT = "scheduler"
log = logging.getLogger(__name__)


async def record_heartbeat(pool: AsyncConnectionPool, name: str = HEARTBEAT) -> datetime:
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """INSERT INTO host_heartbeats (name, last_run_at) VALUES (%s, now())
               ON CONFLICT (name) DO UPDATE SET last_run_at = now(), runs = host_heartbeats.runs + 1
               RETURNING last_run_at""",
            (name,),
        )
        row = await cursor.fetchone()
    assert row is not None
    last_run_at: datetime = row[0]
    return last_run_at


async def read_heartbeat(pool: AsyncConnectionPool, name: str = HEARTBEAT) -> datetime | None:
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT last_run_at FROM host_heartbeats WHERE name = %s", (name,))
        row = await cursor.fetchone()
    if row is None:
        return None
    last_run_at: datetime = row[0]
    return last_run_at


def monitored_queues(container: Container) -> list[str]:
    settings = container.settings
    return [
        settings.publish_queue,
        f"{settings.publish_queue}-poison",
        settings.status_check_queue,
        settings.webhooks_queue,
        f"{settings.webhooks_queue}-poison",
    ]


async def record_queue_depths(container: Container) -> dict[str, int]:
    """Read each queue's approximate depth and record it; returns what was recorded.

    A queue that does not exist holds nothing (the host creates poison queues on first use). A queue
    that cannot be read is left out with a warning: the metric must never fail the heartbeat.
    """
    from azure.core.exceptions import AzureError, ResourceNotFoundError

    async def depth(queue: str) -> int | None:
        try:
            return await container.queue.peek_count(queue)
        except ResourceNotFoundError:
            return 0
        except AzureError as exc:
            log.warning("could not read the depth of queue %s: %s", queue, type(exc).__name__)
            return None

    queues = monitored_queues(container)
    depths = await asyncio.gather(*(depth(queue) for queue in queues))
    recorded = {queue: found for queue, found in zip(queues, depths, strict=True) if found is not None}
    metrics = pipeline_metrics()
    for queue, found in recorded.items():
        metrics.queue_depth(queue, found)
    return recorded
