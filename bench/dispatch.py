"""The dispatcher at scale: claim cost over a million scheduled targets, and enqueue throughput.

A throwaway database holds 1,000 sandbox accounts in one workspace and 1,000,000 `scheduled`
post_targets over them (1,000 posts x 1,000 accounts): 1,000 due a second ago, the rest spread over
the next 30 days, beyond the dispatch lookahead. Then:

(a) the claim statement of `publishing.dispatch_due` (taken from the function's source, so this
    measures what ships), each round rolled back; `EXPLAIN (ANALYZE, BUFFERS)` of its inner SELECT,
    which must use the partial index `post_targets_due_idx`; and one real `dispatch_due` call.
(b) enqueue throughput of that call (1,000 messages to Azurite) against raw `QueueClient.send_message`
    sends of 1,000 messages, sequential and with 32 in flight, in the same run.
(c) when 1,000 messages sent by `publishing.enqueue` for one due second actually become receivable:
    none may appear before their second, and a long send must not push the last ones late.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
import statistics
import textwrap
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import psycopg

from bench._pipeline import (
    delete_queues,
    ms,
    next_whole_second,
    pipeline_settings,
    receive_batch,
    seconds_between,
    spread,
    storage_connection_string,
    throwaway_database,
)
from shared.adapters.queue import encode_message, message_encoding
from shared.bootstrap import Container
from shared.services import publishing

ACCOUNTS = 1000
POSTS = 1000  # x ACCOUNTS targets
DUE_NOW = ACCOUNTS  # one post's targets
CLAIM_ROUNDS = 5
MESSAGES = 1000
RAW_CONCURRENCY = 32
ENQUEUE_ROUNDS = 3
VISIBILITY_LEAD = timedelta(seconds=10)


def claim_sql() -> str:
    """The claim statement inside `dispatch_due`: the one string literal that locks with SKIP LOCKED."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(publishing.dispatch_due)))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and "SKIP LOCKED" in node.value
            and "UPDATE" in node.value
        ):
            return node.value
    raise RuntimeError("dispatch_due no longer holds a claim statement with SKIP LOCKED; update this bench")


def inner_select(claim: str) -> str:
    """The CTE's SELECT: what picks the due rows, and so what must use the partial index."""
    match = re.search(r"WITH\s+\w+\s+AS\s*\((?P<select>.*?)\)\s*UPDATE", claim, re.DOTALL | re.IGNORECASE)
    if match is None:
        raise RuntimeError("the claim statement is no longer `WITH due AS (SELECT ...) UPDATE ...`")
    return match["select"].strip()


def load(url: str, lookahead: timedelta) -> None:
    """1M targets with one INSERT ... SELECT (fast: no client round trips), then fresh statistics."""
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '256MB'")
        user = conn.execute(
            "INSERT INTO users (email, email_normalized, name) VALUES ('b@example.com', 'b@example.com', 'B')"
            " RETURNING id"
        ).fetchone()
        workspace = conn.execute(
            "INSERT INTO workspaces (name, approval_required) VALUES ('dispatch bench', false) RETURNING id"
        ).fetchone()
        assert user is not None
        assert workspace is not None
        conn.execute(
            """INSERT INTO social_accounts (workspace_id, platform, external_id, handle, display_name,
                                            connected_by)
               SELECT %s, 'sandbox', i::text, 'bench_' || i, 'bench_' || i, %s
               FROM generate_series(1, %s) AS i""",
            (workspace[0], user[0], ACCOUNTS),
        )
        conn.execute(
            """INSERT INTO posts (workspace_id, author_id, body, status)
               SELECT %s, %s, 'post ' || i, 'scheduled' FROM generate_series(1, %s) AS i""",
            (workspace[0], user[0], POSTS),
        )
        due_post = conn.execute("SELECT id FROM posts WHERE body = 'post 1'").fetchone()
        assert due_post is not None
        # Beyond the lookahead with a margin, so exactly the due post's targets are claimable.
        horizon = lookahead + timedelta(minutes=10)
        conn.execute(
            """INSERT INTO post_targets (post_id, workspace_id, social_account_id, status, scheduled_at)
               SELECT p.id, p.workspace_id, a.id, 'scheduled',
                      CASE WHEN p.id = %(due)s THEN now() - interval '1 second'
                           ELSE now() + %(horizon)s + random() * (interval '30 days' - %(horizon)s) END
               FROM posts p CROSS JOIN social_accounts a""",
            {"due": due_post[0], "horizon": horizon},
        )
        conn.execute("UPDATE posts SET scheduled_at = now() - interval '1 second' WHERE id = %s", due_post)
        conn.execute("VACUUM ANALYZE")
        counts = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE scheduled_at < now() + %s) FROM post_targets",
            (lookahead,),
        ).fetchone()
        size = conn.execute("SELECT pg_size_pretty(pg_total_relation_size('post_targets'))").fetchone()
    assert counts is not None
    assert size is not None
    print(
        f"loaded {counts[0]:,} post_targets ({counts[1]:,} due within the lookahead) over {ACCOUNTS:,} "
        f"accounts in {time.perf_counter() - started:.1f} s; table + indexes {size[0]}"
    )
    assert counts == (ACCOUNTS * POSTS, DUE_NOW), counts


def claim_figures(url: str, lookahead: timedelta) -> None:
    claim = claim_sql()
    params = (lookahead, publishing.DISPATCH_BATCH)
    timings: list[float] = []
    claimed = 0
    with psycopg.connect(url) as conn:
        for _ in range(CLAIM_ROUNDS):
            started = time.perf_counter()
            claimed = len(conn.execute(claim, params).fetchall())
            timings.append(time.perf_counter() - started)
            conn.rollback()  # leave the rows scheduled for the next round and for dispatch_due
        plan = conn.execute(f"EXPLAIN (ANALYZE, BUFFERS) {inner_select(claim)}", params).fetchall()
        conn.rollback()
    print(
        f"(a) claim statement ({claimed} rows claimed, rolled back), {CLAIM_ROUNDS} rounds: "
        f"median {ms(statistics.median(timings))}, min {ms(min(timings))}, first {ms(timings[0])}"
    )
    text = "\n".join(str(row[0]) for row in plan)
    print("    EXPLAIN (ANALYZE, BUFFERS) of the claim's inner SELECT:")
    print(textwrap.indent(text, "      "))
    print(f"    uses post_targets_due_idx: {'yes' if 'post_targets_due_idx' in text else 'NO'}")


async def timed_sends(count: int, concurrency: int, send: Callable[[int], Awaitable[object]]) -> float:
    """Seconds to run send(0..count-1) with at most `concurrency` in flight."""
    next_index = 0

    async def worker() -> None:
        nonlocal next_index
        while next_index < count:
            index = next_index
            next_index += 1
            await send(index)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started


async def enqueue_figures(url: str, storage: str) -> None:
    """Each figure is the median of ENQUEUE_ROUNDS, interleaved, so a slow moment hurts none alone."""
    from azure.storage.queue.aio import QueueClient

    settings = pipeline_settings(url, storage, DATABASE_POOL_MIN_SIZE=1)
    queue = settings.publish_queue
    raw_queue = f"{queue}raw"
    container = Container(settings)
    app_client = QueueClient.from_connection_string(storage, queue)
    raw = QueueClient.from_connection_string(storage, raw_queue)
    encoding = message_encoding()

    async def raw_send(index: int) -> None:
        body = encode_message(f'{{"target_id":"00000000-0000-0000-0000-{index:012d}"}}', encoding)
        await raw.send_message(body, visibility_timeout=0)

    async def adapter_send(index: int) -> None:
        await container.queue.send(queue, {"target_id": f"00000000-0000-0000-0000-{index:012d}"})

    async def dispatch_round() -> float:
        async with (await container.db()).connection() as conn:
            await conn.execute(
                "UPDATE post_targets SET status = 'scheduled', queued_at = NULL WHERE status = 'queued'"
            )
        await app_client.clear_messages()
        started = time.perf_counter()
        dispatched = await publishing.dispatch_due(container)
        elapsed = time.perf_counter() - started
        queued = await container.queue.peek_count(queue)
        assert dispatched == DUE_NOW == queued, (dispatched, queued)
        return elapsed

    figures: dict[str, list[float]] = {"dispatch": [], "sequential": [], "concurrent": [], "adapter": []}
    try:
        await container.queue.create_queue(queue)  # also opens the adapter's connection
        await raw.create_queue()
        await container.db()
        await timed_sends(50, 1, raw_send)  # warm-up: connections, first-request costs
        started = time.perf_counter()
        failed = await publishing.fail_missed(container)
        print(
            f"    fail_missed (first step of every dispatch_due): {ms(time.perf_counter() - started)}, "
            f"{failed} posts failed"
        )
        for _ in range(ENQUEUE_ROUNDS):
            figures["sequential"].append(await timed_sends(MESSAGES, 1, raw_send))
            figures["dispatch"].append(await dispatch_round())
            figures["concurrent"].append(await timed_sends(MESSAGES, RAW_CONCURRENCY, raw_send))
            figures["adapter"].append(await timed_sends(MESSAGES, RAW_CONCURRENCY, adapter_send))
            await raw.clear_messages()
    finally:
        await app_client.close()
        await raw.close()
        await container.aclose()
        await delete_queues(storage, queue, raw_queue)

    report_enqueue(figures)


def report_enqueue(figures: dict[str, list[float]]) -> None:
    rate = {name: MESSAGES / statistics.median(seconds) for name, seconds in figures.items()}
    print(
        f"    dispatch_due: {DUE_NOW} targets claimed and queued in "
        f"{', '.join(ms(s) for s in figures['dispatch'])} ({ENQUEUE_ROUNDS} rounds, re-armed each time)"
    )
    labels = {
        "dispatch": "dispatch_due (claim + sends, sequential)",
        "sequential": "raw QueueClient.send_message, sequential",
        "concurrent": f"raw QueueClient.send_message, {RAW_CONCURRENCY} in flight",
        "adapter": f"container.queue.send, {RAW_CONCURRENCY} in flight (a concurrent enqueue)",
    }
    print(f"(b) enqueue throughput, {MESSAGES} messages per round, median of {ENQUEUE_ROUNDS} rounds:")
    for name, label in labels.items():
        print(f"    {label:<62} {rate[name]:6.0f} msgs/s")
    print(
        f"    ratio dispatch_due / raw sequential:   {rate['dispatch'] / rate['sequential']:.2f} "
        "(goal >= 0.9 at the dispatcher's concurrency, which is 1)"
    )
    concurrent_ratio = rate["dispatch"] / rate["concurrent"]
    print(f"    ratio dispatch_due / raw {RAW_CONCURRENCY} in flight: {concurrent_ratio:.2f}")


async def visibility_figures(url: str, storage: str) -> None:
    """When do messages from `enqueue` become receivable, against the second they are due?

    1,000 targets due on one whole second ~VISIBILITY_LEAD ahead go through `publishing.enqueue`
    as the dispatcher sends them; then the queue is polled back to back (receive only, 32 per call,
    so draining adds almost nothing) and each message's first sighting is noted relative to its due
    second. Early sightings publish early; late ones add to every post's lateness.
    """
    from azure.storage.queue.aio import QueueClient

    settings = pipeline_settings(url, storage)
    container = Container(settings)
    client = QueueClient.from_connection_string(storage, settings.publish_queue)
    seen: list[float] = []
    try:
        await container.queue.create_queue(settings.publish_queue)
        due = next_whole_second(datetime.now(UTC) + VISIBILITY_LEAD)
        targets = [publishing.Dispatched(uuid4(), due) for _ in range(MESSAGES)]
        started = time.perf_counter()
        await publishing.enqueue(container, targets)
        sending = time.perf_counter() - started
        deadline = due + VISIBILITY_LEAD + timedelta(seconds=30)
        while len(seen) < MESSAGES and datetime.now(UTC) < deadline:
            batch = await receive_batch(client, 32)
            at = seconds_between(datetime.now(UTC), due)
            seen.extend(at for _ in batch)
            if not batch:
                await asyncio.sleep(0.005)
    finally:
        await client.close()
        await container.aclose()
        await delete_queues(storage, settings.publish_queue)
    print(
        f"(c) publishing.enqueue of {MESSAGES} messages due on one second {VISIBILITY_LEAD.seconds} s ahead: "
        f"sent in {sending:.2f} s"
    )
    print(f"    first receivable, relative to the due second: {spread(seen, 's')}")
    print(
        f"    before their second: {sum(1 for at in seen if at < 0)}; "
        f"more than 1 s after it: {sum(1 for at in seen if at > 1)}; never seen: {MESSAGES - len(seen)}"
    )


def main() -> None:
    storage = storage_connection_string()
    lookahead = timedelta(seconds=pipeline_settings("", storage).dispatch_lookahead_seconds)
    with throwaway_database("benchdispatch") as url:
        load(url, lookahead)
        claim_figures(url, lookahead)
        asyncio.run(enqueue_figures(url, storage))
        asyncio.run(visibility_figures(url, storage))


if __name__ == "__main__":
    main()
