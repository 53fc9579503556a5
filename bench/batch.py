"""Creating one post for 1,000 accounts through the dev host (goal: p50 <= 300 ms).

Own database, sandbox and publish queue (bench/_pipeline.py). A user signs up, creates a workspace
without approvals, connects 1,000 sandbox accounts (16 at a time), then times
`POST /api/v1/workspaces/{ws}/posts` with all 1,000 as targets, scheduled an hour ahead so the
dispatcher queues nothing: the figure is validation, the one-statement insert and the response.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from bench._pipeline import DevStack, dev_stack, handles, ms, spread, started_api

ACCOUNTS = 1000
ROUNDS = 20
CONNECT_CONCURRENCY = 16


async def run(stack: DevStack) -> None:
    api = await started_api(stack)
    try:
        started = time.perf_counter()
        accounts = await api.connect(handles(ACCOUNTS), concurrency=CONNECT_CONCURRENCY)
        elapsed = time.perf_counter() - started
        print(
            f"connected {len(accounts)} sandbox accounts in {elapsed:.1f} s "
            f"({len(accounts) / elapsed:.0f}/s, {CONNECT_CONCURRENCY} concurrent)"
        )
        when = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)
        started = time.perf_counter()
        warm = await api.post(accounts, "warm-up", when)
        print(f"warm-up post: {ms(time.perf_counter() - started)}, {len(warm['targets'])} targets")
        latencies: list[float] = []
        for i in range(ROUNDS):
            started = time.perf_counter()
            created = await api.post(accounts, f"batch {i}", when)
            latencies.append(time.perf_counter() - started)
            assert len(created["targets"]) == ACCOUNTS
            assert {t["status"] for t in created["targets"]} == {"scheduled"}, created["status"]
        print(
            f"POST /api/v1/workspaces/{{ws}}/posts, {ACCOUNTS} targets, scheduled 1 h ahead, "
            f"{ROUNDS} sequential requests:"
        )
        print(f"  {spread(latencies, 'ms', 1000)}  (goal p50 <= 300 ms)")
    finally:
        await api.client.aclose()


def main() -> None:
    with dev_stack() as stack:
        asyncio.run(run(stack))


if __name__ == "__main__":
    main()
