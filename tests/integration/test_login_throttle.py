"""Sign-in lockout through the real app and the real database: per (account, client), per IP and
account-wide, counted before the password is checked."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from shared.bootstrap import Container
from shared.config import Settings
from shared.services import passwords, ratelimit
from tests.conftest import Stack, stack_settings, unique

PASSWORD = "plum-orbit-canvas-42"
WRONG = "wrong-password-xx"
LOGIN = "/api/v1/auth/login"


def new_ip() -> str:
    return "10." + ".".join(str(b) for b in uuid.uuid4().bytes[:3])


def make_app(container: Container) -> FastAPI:
    from functions.api import create_api
    from shared.bootstrap import get_container

    app = create_api()
    app.dependency_overrides[get_container] = lambda: container
    return app


@asynccontextmanager
async def client_at(app: FastAPI, ip: str | None = None) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app from its own address (a different client, as far as the lockout goes)."""
    transport = httpx.ASGITransport(app=app, client=(ip or new_ip(), 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=120) as client:
        yield client


async def register(app: FastAPI) -> str:
    email = f"{unique('lock')}@example.com"
    async with client_at(app) as client:
        response = await client.post(
            "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Ada"}
        )
    assert response.status_code == 201, response.text
    return email


async def attempt(client: httpx.AsyncClient, email: str, password: str = WRONG) -> httpx.Response:
    return await client.post(LOGIN, json={"email": email, "password": password})


async def failures(container: Container, key: str) -> int | None:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT failures FROM login_failures WHERE key = %s", (key,))
        row = await cursor.fetchone()
    return None if row is None else int(row[0])


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts password checks (argon2 verifications), wherever sign-in makes them."""
    calls: list[int] = []
    lock = threading.Lock()
    real: Callable[[str | None, str], bool] = passwords.verify_password

    def counted(stored_hash: str | None, password: str) -> bool:
        with lock:
            calls.append(1)
        return real(stored_hash, password)

    monkeypatch.setattr(passwords, "verify_password", counted)
    return calls


@pytest.fixture
def app(container: Container) -> FastAPI:
    return make_app(container)


async def test_concurrent_guesses_never_get_more_checks_than_the_limit(
    app: FastAPI, container: Container, verifications: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    email = await register(app)
    # Lift the per-IP request rate limit so every one of the 200 reaches the lockout.
    monkeypatch.setattr(ratelimit, "LOGIN_PER_IP", ratelimit.Limit("login:ip", 10_000, 300))
    verifications.clear()
    async with client_at(app) as client:
        responses = await asyncio.gather(*(attempt(client, email) for _ in range(200)))
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {401, 429}, set(statuses)
    assert len(verifications) <= ratelimit.PAIR_THRESHOLD, len(verifications)
    assert statuses.count(401) == len(verifications)
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 429} == {"login_locked"}
    assert await failures(container, f"account:{email}") == len(verifications)
    print(
        f"200 concurrent wrong passwords: {statuses.count(401)} checked (401), {statuses.count(429)} refused"
    )


async def test_a_stranger_guessing_elsewhere_does_not_lock_the_owner_out(
    app: FastAPI, container: Container, verifications: list[int]
) -> None:
    email = await register(app)
    async with client_at(app) as stranger:
        answers = [(await attempt(stranger, email)).status_code for _ in range(20)]
    assert answers == [401] * 5 + [429] * 15
    assert len(verifications) == 5
    async with client_at(app) as owner:
        signed_in = await attempt(owner, email, PASSWORD)
    assert signed_in.status_code == 200, signed_in.text
    # The owner's success gives back its own count and leaves the stranger's five standing.
    assert await failures(container, f"account:{email}") == 5


async def test_a_right_password_clears_the_clients_own_failures(app: FastAPI, container: Container) -> None:
    email = await register(app)
    async with client_at(app) as owner:
        assert [(await attempt(owner, email)).status_code for _ in range(4)] == [401] * 4
        assert (await attempt(owner, email, PASSWORD)).status_code == 200
        # Forgotten: four more slips are allowed before the fifth locks.
        assert [(await attempt(owner, email)).status_code for _ in range(5)] == [401] * 5
        locked = await attempt(owner, email, PASSWORD)
    assert locked.status_code == 429
    assert 1 <= int(locked.headers["retry-after"]) <= 30
    assert await failures(container, f"account:{email}") == 9


async def test_a_guess_spread_over_many_clients_locks_the_account_for_everyone(
    stack: Stack, verifications: list[int]
) -> None:
    ceiling = 10
    settings: Settings = stack_settings(stack, LOGIN_ACCOUNT_MAX_FAILURES=ceiling)
    container = Container(settings)
    try:
        app = make_app(container)
        known = await register(app)
        unknown = f"{unique('nobody')}@example.com"
        answers: dict[str, list[httpx.Response]] = {}
        for email in (known, unknown):
            answers[email] = []
            for _ in range(ceiling + 2):  # one attempt from each of many addresses
                async with client_at(app) as client:
                    answers[email].append(await attempt(client, email))
        for email in (known, unknown):
            statuses = [r.status_code for r in answers[email]]
            assert statuses == [401] * ceiling + [429, 429], (email, statuses)
        assert len(verifications) == 2 * ceiling
        async with client_at(app) as owner:
            locked_known = await attempt(owner, known, PASSWORD)
            locked_unknown = await attempt(owner, unknown, PASSWORD)
        assert len(verifications) == 2 * ceiling  # a locked answer checks nothing
        shapes = [shape(r) for r in (locked_known, locked_unknown, answers[known][-1], answers[unknown][-1])]
        assert shapes == [shapes[0]] * 4
        assert shapes[0][:2] == (429, "login_locked")
    finally:
        await container.aclose()


def shape(response: httpx.Response) -> tuple[Any, ...]:
    """Everything an observer could compare, except the request id and the seconds left."""
    error = response.json()["error"]
    return (
        response.status_code,
        error["code"],
        error["message"],
        sorted(error["details"]),
        sorted(set(response.headers) - {"x-request-id", "content-length"}),
        1 <= int(response.headers["retry-after"]) <= 30,
    )


async def test_many_accounts_from_one_address_lock_that_address(app: FastAPI) -> None:
    emails = [f"{unique('ip')}@example.com" for _ in range(6)]
    async with client_at(app) as client:
        statuses = [(await attempt(client, email)).status_code for email in emails[:5] for _ in range(4)]
        assert statuses == [401] * ratelimit.IP_THRESHOLD
        locked = await attempt(client, emails[5])
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "login_locked"
