"""Authentication costs.

- argon2id: time to hash and to verify one password at the parameters in use.
- Through the dev host: p50/p99 of `GET /api/v1/auth/session` with a valid access token against the
  same request without one (goal: ratio ≤ 1.2), and sign-ins per second.
Sign-ins come from many client addresses (X-Forwarded-For, with TRUST_FORWARDED_FOR=true for this
run) so that the per-IP limit measures nothing here; every one verifies a real argon2id hash.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid

import httpx

from bench.http import CONCURRENCY, percentile, start_devhost_with, wait_until_up
from shared.services.passwords import HASHER, hash_password, verify_password

PASSWORD = "bench-orbit-canvas-42"


def argon2_figures(rounds: int = 10) -> None:
    hashes, verifies = [], []
    stored = hash_password(PASSWORD)
    for _ in range(rounds):
        started = time.perf_counter()
        hash_password(PASSWORD)
        hashes.append(time.perf_counter() - started)
        started = time.perf_counter()
        verify_password(stored, PASSWORD)
        verifies.append(time.perf_counter() - started)
    print(
        f"argon2id t={HASHER.time_cost} m={HASHER.memory_cost // 1024} MiB p={HASHER.parallelism}: "
        f"hash median {statistics.median(hashes) * 1000:.0f} ms, "
        f"verify median {statistics.median(verifies) * 1000:.0f} ms"
    )


async def timed(client: httpx.AsyncClient, total: int, headers: dict[str, str]) -> list[float]:
    latencies: list[float] = []
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            response = await client.get("/api/v1/auth/session", headers=headers)
            latencies.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return latencies


async def run(base: str) -> None:
    await wait_until_up(base, time.monotonic() + 60)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
        registered = await client.post(
            "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Bench"}
        )
        assert registered.status_code == 201, registered.text
        login = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        token = login.json()["access_token"]
        client.cookies.clear()  # bearer only: measure the header path, not the cookie one
        bearer = {"Authorization": f"Bearer {token}"}
        check = (await client.get("/api/v1/auth/session", headers=bearer)).json()
        assert check["authenticated"], check

        rounds = 2000
        await timed(client, 200, {})
        await timed(client, 200, bearer)
        anonymous = await timed(client, rounds, {})
        authenticated = await timed(client, rounds, bearer)
        p50_anon, p50_auth = percentile(anonymous, 50), percentile(authenticated, 50)
        print(f"GET /api/v1/auth/session, n={rounds} each, {CONCURRENCY} concurrent:")
        print(
            f"  anonymous     p50={p50_anon * 1000:6.2f} ms  p99={percentile(anonymous, 99) * 1000:6.2f} ms"
        )
        p99_auth = percentile(authenticated, 99)
        print(f"  authenticated p50={p50_auth * 1000:6.2f} ms  p99={p99_auth * 1000:6.2f} ms")
        print(f"  ratio authenticated/anonymous p50: {p50_auth / p50_anon:.2f} (goal <= 1.2)")

        logins = 120
        counter = 0

        async def sign_in() -> None:
            nonlocal counter
            while counter < logins:
                counter += 1
                forwarded = {"X-Forwarded-For": f"198.18.{counter // 250}.{counter % 250}"}
                response = await client.post(
                    "/api/v1/auth/login", json={"email": email, "password": PASSWORD}, headers=forwarded
                )
                assert response.status_code == 200, response.text
                client.cookies.clear()

        started = time.perf_counter()
        await asyncio.gather(*(sign_in() for _ in range(4)))
        elapsed = time.perf_counter() - started
        print(
            f"sign-ins: {logins} in {elapsed:.1f} s = {logins / elapsed:.1f} logins/s (4 concurrent clients)"
        )


def main() -> None:
    argon2_figures()
    host, base = start_devhost_with({"TRUST_FORWARDED_FOR": "true"})
    try:
        asyncio.run(run(base))
    finally:
        host.terminate()
        host.wait(timeout=15)


if __name__ == "__main__":
    main()
