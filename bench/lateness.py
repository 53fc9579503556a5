"""How late posts publish through the dev host: steady load, then a burst on one second.

Own database, sandbox and publish queue (bench/_pipeline.py); host.json as shipped.

(a) Steady: for 2 minutes, one post every 200 ms (5/s) to the next of 50 accounts, each scheduled
    for the exact second at least 5 s ahead. Lateness = published_at - scheduled_at of every target
    (goal p99 <= 2 s); a negative value means it went out before its second.
(b) Burst: one post to 1,000 accounts, all on one second ~20 s ahead: time from that second until
    the last is published (goal <= 10 s) and publishes/s; and, for comparison, raw Azurite
    receive + delete of 1,000 messages in batches of host.json's batchSize.
The sandbox's `/_control/received` duplicates must be 0 in both phases.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from bench._pipeline import (
    Api,
    DevStack,
    dev_stack,
    handles,
    host_batch_size,
    ms,
    next_whole_second,
    receive_batch,
    reset_sandbox,
    sandbox_duplicates,
    seconds_between,
    spread,
    started_api,
    unique,
)
from shared.adapters.queue import encode_message, message_encoding

STEADY_SECONDS = 120
STEADY_INTERVAL = 0.2
STEADY_ACCOUNTS = 50
STEADY_LEAD = timedelta(seconds=5)
BURST_TARGETS = 1000
BURST_LEAD = timedelta(seconds=20)
SETTLE_AFTER_DUE = timedelta(seconds=90)
RAW_MESSAGES = 1000
FINAL = ("published", "failed", "unconfirmed", "cancelled")


async def targets_of(database_url: str, post_ids: list[str]) -> list[tuple[str, datetime, datetime | None]]:
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cursor = await conn.execute(
            "SELECT status, scheduled_at, published_at FROM post_targets WHERE post_id = ANY(%s::uuid[])",
            (post_ids,),
        )
        return [(str(r[0]), r[1], r[2]) for r in await cursor.fetchall()]


async def settle(database_url: str, post_ids: list[str], deadline: datetime) -> None:
    """Until every target is final, or the deadline passes (then the rest count as not published)."""
    while datetime.now(UTC) < deadline:
        rows = await targets_of(database_url, post_ids)
        if all(status in FINAL for status, _, _ in rows):
            return
        await asyncio.sleep(0.5)


def report_targets(rows: list[tuple[str, datetime, datetime | None]]) -> list[float]:
    """Print the outcome counts; return lateness in seconds of the published targets."""
    lateness = [seconds_between(p, s) for status, s, p in rows if status == "published" and p is not None]
    by_status: dict[str, int] = {}
    for status, _, _ in rows:
        by_status[status] = by_status.get(status, 0) + 1
    not_published = len(rows) - len(lateness)
    early = sum(1 for value in lateness if value < 0)
    print(f"    targets: {len(rows)}, not published: {not_published} {by_status}")
    print(f"    published before their second: {early}")
    return lateness


async def steady(api: Api, stack: DevStack, accounts: list[str]) -> None:
    total = int(STEADY_SECONDS / STEADY_INTERVAL)
    requests: list[float] = []

    async def create(i: int) -> dict[str, Any]:
        when = next_whole_second(datetime.now(UTC) + STEADY_LEAD)
        started = time.perf_counter()
        post = await api.post([accounts[i % STEADY_ACCOUNTS]], f"steady {i} {unique('')}", when)
        requests.append(time.perf_counter() - started)
        return post

    tasks: list[asyncio.Task[dict[str, Any]]] = []
    start = time.monotonic()
    for i in range(total):
        await asyncio.sleep(max(0.0, start + i * STEADY_INTERVAL - time.monotonic()))
        tasks.append(asyncio.create_task(create(i)))
    posts = await asyncio.gather(*tasks)
    post_ids = [str(p["id"]) for p in posts]
    last_due = max(datetime.fromisoformat(p["scheduled_at"]) for p in posts)
    await settle(stack.database_url, post_ids, last_due + SETTLE_AFTER_DUE)

    print(
        f"(a) steady: {total} posts in {STEADY_SECONDS} s ({1 / STEADY_INTERVAL:.0f}/s) over "
        f"{STEADY_ACCOUNTS} accounts, each due {STEADY_LEAD.seconds} s ahead on a whole second"
    )
    print(f"    create request latency: {spread(requests, 'ms', 1000)}")
    lateness = report_targets(await targets_of(stack.database_url, post_ids))
    print(f"    lateness (published_at - scheduled_at): {spread(lateness, 's')}  (goal p99 <= 2 s)")
    received, duplicates = await sandbox_duplicates(stack.sandbox_url)
    print(f"    sandbox received {received} posts, duplicates: {duplicates} (must be 0)")


async def burst(api: Api, stack: DevStack, accounts: list[str]) -> None:
    await reset_sandbox(stack.sandbox_url)
    when = next_whole_second(datetime.now(UTC) + BURST_LEAD)
    started = time.perf_counter()
    post = await api.post(accounts[:BURST_TARGETS], "burst", when)
    request = time.perf_counter() - started
    await settle(stack.database_url, [str(post["id"])], when + SETTLE_AFTER_DUE)
    rows = await targets_of(stack.database_url, [str(post["id"])])

    print(
        f"(b) burst: one post to {BURST_TARGETS} accounts, all due on one second "
        f"~{BURST_LEAD.seconds} s ahead"
    )
    print(f"    create request (inserts and queues all {BURST_TARGETS}): {ms(request)}")
    lateness = report_targets(rows)
    if lateness:
        published = sorted(p for status, _, p in rows if status == "published" and p is not None)
        first, last = published[0], published[-1]
        drain = seconds_between(last, when)
        span = seconds_between(last, first)
        print(f"    lateness: {spread(lateness, 's')}")
        print(
            f"    due -> last published: {drain:.2f} s (goal <= 10 s); first published at "
            f"{seconds_between(first, when):+.2f} s"
        )
        print(
            f"    publishes/s: {len(published) / drain:.0f} over due -> last, "
            f"{len(published) / span:.0f} over first -> last"
        )
        await report_phases(stack.database_url, str(post["id"]))
    received, duplicates = await sandbox_duplicates(stack.sandbox_url)
    print(f"    sandbox received {received} posts, duplicates: {duplicates} (must be 0)")


async def report_phases(database_url: str, post_id: str) -> None:
    """Where the time went: waiting for a worker to pick the target up, then publishing it."""
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cursor = await conn.execute(
            """SELECT publishing_started_at - scheduled_at, published_at - publishing_started_at
               FROM post_targets WHERE post_id = %s AND status = 'published'""",
            (post_id,),
        )
        rows = await cursor.fetchall()
    second = timedelta(seconds=1)
    print(f"    due -> worker starts it:       {spread([r[0] / second for r in rows], 's')}")
    print(f"    worker start -> published:     {spread([r[1] / second for r in rows], 'ms', 1000)}")


async def raw_receive_delete(storage: str) -> None:
    """Azurite alone: receive a batch, delete it (concurrently, as the host's tasks do), repeat."""
    from azure.storage.queue.aio import QueueClient

    batch = host_batch_size()
    client = QueueClient.from_connection_string(storage, unique("benchraw"))
    try:
        await client.create_queue()
        encoding = message_encoding()
        body = encode_message('{"target_id":"00000000-0000-0000-0000-000000000000"}', encoding)
        semaphore = asyncio.Semaphore(32)

        async def send() -> None:
            async with semaphore:
                await client.send_message(body)

        await asyncio.gather(*(send() for _ in range(RAW_MESSAGES)))
        done = 0
        started = time.perf_counter()
        while done < RAW_MESSAGES:
            messages = await receive_batch(client, batch)
            await asyncio.gather(*(client.delete_message(m) for m in messages))
            done += len(messages)
        elapsed = time.perf_counter() - started
    finally:
        await client.delete_queue()
        await client.close()
    print(
        f"    raw Azurite receive ({batch} per call, host.json batchSize) + delete: {RAW_MESSAGES} messages "
        f"in {elapsed:.2f} s = {RAW_MESSAGES / elapsed:.0f} msgs/s"
    )


async def run(stack: DevStack) -> None:
    api = await started_api(stack)
    try:
        started = time.perf_counter()
        accounts = await api.connect(handles(BURST_TARGETS))
        print(f"connected {len(accounts)} sandbox accounts in {time.perf_counter() - started:.1f} s")
        await steady(api, stack, accounts)
        await burst(api, stack, accounts)
        await raw_receive_delete(stack.storage)
    finally:
        await api.client.aclose()


def main() -> None:
    with dev_stack() as stack:
        asyncio.run(run(stack))


if __name__ == "__main__":
    main()
