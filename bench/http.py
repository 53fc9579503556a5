"""HTTP through the dev host: latency percentiles and throughput of two routes.

Starts the dev host on a free loopback port against the local stack, then for each route sends a
fixed number of requests from a fixed number of concurrent clients and prints p50, p99 and req/s.
`/api/health/live` is the trivial route (no I/O); `/api/health` probes all four dependencies.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]

ROUTES = (("/api/health/live", 3000), ("/api/health", 600))
CONCURRENCY = 16


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_devhost_with(settings: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """The dev host on a free port against the local stack, with extra settings; and its base URL."""
    from tools.localstack import up

    port = free_port()
    env = {**os.environ, **up(), "LOG_LEVEL": "WARNING", **settings}
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.devhost", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, f"http://127.0.0.1:{port}"


async def wait_until_up(base: str, deadline: float) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get("/api/health/live")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("dev host did not come up")


async def measure(base: str, path: str, total: int) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    failures = 0
    remaining = total
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal remaining, failures
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - started)
                failures += response.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
    return latencies, elapsed, failures


def percentile(samples: list[float], q: int) -> float:
    """The q-th percentile (1..99) by the inclusive method."""
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


async def run(base: str) -> None:
    await wait_until_up(base, time.monotonic() + 60)
    print(f"dev host at {base}, {CONCURRENCY} concurrent clients, keep-alive")
    for path, total in ROUTES:
        await measure(base, path, min(total, 100))  # warm-up: pools, imports, first connections
        latencies, elapsed, failures = await measure(base, path, total)
        p50, p99 = (percentile(latencies, q) * 1000 for q in (50, 99))
        print(
            f"  GET {path:<18} n={total:<5} p50={p50:6.1f} ms  p99={p99:6.1f} ms  "
            f"{total / elapsed:7.0f} req/s  non-200={failures}"
        )


def main() -> None:
    host, base = start_devhost_with({})
    try:
        asyncio.run(run(base))
    finally:
        host.terminate()
        host.wait(timeout=15)


if __name__ == "__main__":
    main()
