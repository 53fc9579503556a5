"""The publish pipeline end to end: API → dispatcher → queue (Azurite) → worker → sandbox platform.

The worker is called as the queue trigger would call it, with messages really received from the
queue, so duplicate delivery and concurrent workers are the real thing, not simulated.
"""

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from aiohttp import web

from shared.bootstrap import Container
from shared.services import publishing
from tests.conftest import Stack, stack_settings, unique
from tests.integration.harness import receive_publish_messages, signed_in_app
from tools.sandbox.server import create_app as create_sandbox


@dataclass
class World:
    container: Container
    api: httpx.AsyncClient
    sandbox: httpx.AsyncClient
    headers: dict[str, str]
    workspace: str

    async def connect(self, handle: str | None = None, *, idempotency: bool = True) -> dict[str, Any]:
        handle = handle or unique("acc")
        response = await self.api.post(
            f"/api/v1/workspaces/{self.workspace}/accounts/connect/sandbox",
            json={"handle": handle},
            headers=self.headers,
        )
        assert response.status_code == 201, response.text
        if not idempotency:
            await self.sandbox.post(f"/_control/accounts/{handle}", json={"idempotency": False})
        return response.json()  # type: ignore[no-any-return]

    async def post(self, accounts: list[str], **body: Any) -> dict[str, Any]:
        payload = {
            "text": body.pop("text", f"hello {unique('t')}"),
            "targets": [{"account_id": a} for a in accounts],
        }
        payload.update(body or {"publish_now": True})
        response = await self.api.post(
            f"/api/v1/workspaces/{self.workspace}/posts", json=payload, headers=self.headers
        )
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    async def get_post(self, post_id: str) -> dict[str, Any]:
        response = await self.api.get(
            f"/api/v1/workspaces/{self.workspace}/posts/{post_id}", headers=self.headers
        )
        return response.json()  # type: ignore[no-any-return]

    async def messages(self, *, wait: float = 0.0) -> list[UUID]:
        """Receive (and delete) every visible publish message: what the queue trigger would get."""
        await asyncio.sleep(wait)
        return await receive_publish_messages(self.container)

    async def next_message(self, *, deadline: timedelta) -> UUID:
        """Poll the queue the way the host does until one message appears (or fail after the deadline)."""
        end = datetime.now(UTC) + deadline
        while datetime.now(UTC) < end:
            found = await self.messages(wait=0.2)
            if found:
                assert len(found) == 1, found
                return found[0]
        raise AssertionError(f"no message within {deadline}")

    async def received(self) -> dict[str, Any]:
        return (await self.sandbox.get("/_control/received")).json()  # type: ignore[no-any-return]

    async def fault(self, handle: str, kind: str, **extra: Any) -> None:
        response = await self.sandbox.post("/_control/faults", json={"handle": handle, "kind": kind, **extra})
        assert response.status_code in (200, 201), response.text


@pytest.fixture
async def world(stack: Stack) -> AsyncIterator[World]:
    runner = web.AppRunner(
        create_sandbox(timeout_after_accept_seconds=5), access_log=None, shutdown_timeout=0.5
    )
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    sandbox_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    settings = stack_settings(
        stack, SANDBOX_MODE=True, SANDBOX_BASE_URL=sandbox_url, PLATFORM_TIMEOUT_SECONDS=1.5
    )
    container = Container(settings)
    await container.queue.create_queue(settings.publish_queue)
    await container.blob.create_container(settings.media_container)
    async with (
        signed_in_app(container, workspace_name="Pipeline") as signed_in,
        httpx.AsyncClient(base_url=sandbox_url, timeout=10) as sandbox,
    ):
        yield World(container, signed_in.api, sandbox, signed_in.headers, signed_in.workspace)
    await container.aclose()
    await runner.cleanup()


async def test_publish_now_goes_out_once_with_its_external_url(world: World) -> None:
    account = await world.connect()
    post = await world.post([account["id"]], text="First post from clickKloudy")
    assert post["targets"][0]["status"] == "queued"
    [target_id] = await world.messages()
    assert str(target_id) == post["targets"][0]["id"]
    assert await publishing.publish_target(world.container, target_id) == "published"
    after = await world.get_post(post["id"])
    assert after["status"] == "published"
    target = after["targets"][0]
    assert target["status"] == "published"
    assert target["attempts"] == 1
    assert target["external_url"].startswith(str(world.sandbox.base_url).rstrip("/") + "/@")
    received = await world.received()
    assert [p["text"] for p in received["posts"]] == ["First post from clickKloudy"]
    assert received["posts"][0]["client_reference"] == target["id"]


async def test_duplicate_delivery_and_concurrent_workers_publish_once(world: World) -> None:
    account = await world.connect()
    post = await world.post([account["id"]])
    [target_id] = await world.messages()
    outcomes = await asyncio.gather(
        *(publishing.publish_target(world.container, target_id) for _ in range(5))
    )
    assert sorted(map(str, outcomes)) == ["None"] * 4 + ["published"]
    # A redelivered message after success changes nothing.
    assert await publishing.publish_target(world.container, target_id) is None
    received = await world.received()
    assert len(received["posts"]) == 1
    assert received["duplicates"] == []
    assert (await world.get_post(post["id"]))["targets"][0]["attempts"] == 1


async def test_rate_limit_waits_until_the_platforms_reset(world: World) -> None:
    account = await world.connect()
    await world.fault(account["handle"], "rate_limit", count=1, reset_after_seconds=2)
    post = await world.post([account["id"]])
    [target_id] = await world.messages()
    before = datetime.now(UTC)
    assert await publishing.publish_target(world.container, target_id) == "retry_wait"
    target = (await world.get_post(post["id"]))["targets"][0]
    assert target["error"]["code"] == "rate_limited"
    assert await world.messages() == []  # re-enqueued, invisible until the reset
    reset_at = datetime.fromisoformat((await world.get_post(post["id"]))["targets"][0]["next_attempt_at"])
    assert timedelta(seconds=1) <= reset_at - before <= timedelta(seconds=3.5)
    again = await world.next_message(deadline=timedelta(seconds=6))
    assert again == target_id
    assert datetime.now(UTC) >= reset_at
    assert await publishing.publish_target(world.container, target_id) == "published"
    assert len((await world.received())["posts"]) == 1


@pytest.mark.parametrize("idempotency", [True, False])
async def test_timeout_after_accept_is_reconciled_not_reposted(world: World, idempotency: bool) -> None:
    account = await world.connect(idempotency=idempotency)
    await world.fault(account["handle"], "timeout_after_accept", count=1)
    post = await world.post([account["id"]])
    [target_id] = await world.messages()
    # The platform created the post but never answered: reading the account's recent posts finds it.
    assert await publishing.publish_target(world.container, target_id) == "published"
    received = await world.received()
    assert len(received["posts"]) == 1
    assert received["duplicates"] == []
    target = (await world.get_post(post["id"]))["targets"][0]
    assert target["external_id"] == received["posts"][0]["id"]
    assert target["attempts"] == 1


async def test_permanent_rejection_fails_with_the_platforms_reason(world: World) -> None:
    account = await world.connect()
    await world.fault(account["handle"], "bad_request", count=1)
    post = await world.post([account["id"]])
    [target_id] = await world.messages()
    assert await publishing.publish_target(world.container, target_id) == "failed"
    after = await world.get_post(post["id"])
    assert after["status"] == "failed"
    assert after["targets"][0]["error"] == {
        "code": "sandbox_rejected",
        "message": "The platform rejected this post: policy",
    }


async def test_expired_token_is_refreshed_once_for_concurrent_workers(world: World) -> None:
    account = await world.connect()
    pool = await world.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE social_accounts SET token_expires_at = now() WHERE id = %s", (account["id"],)
        )
    first = await world.post([account["id"]])
    second = await world.post([account["id"]])
    targets = await world.messages()
    assert len(targets) == 2
    outcomes = await asyncio.gather(*(publishing.publish_target(world.container, t) for t in targets))
    assert list(map(str, outcomes)) == ["published", "published"]
    stats = (await world.sandbox.get("/_control/stats")).json()
    assert stats["token_refreshes"] == {account["handle"]: 1}
    for post in (first, second):
        assert (await world.get_post(post["id"]))["status"] == "published"


async def test_poisoned_message_fails_its_target_with_a_reason(world: World) -> None:
    account = await world.connect()
    post = await world.post([account["id"]])
    [target_id] = await world.messages()
    assert await publishing.fail_poisoned(world.container, target_id)
    target = (await world.get_post(post["id"]))["targets"][0]
    assert target["status"] == "failed"
    assert target["error"]["code"] == "worker_failed"
    assert not await publishing.fail_poisoned(world.container, target_id)  # already final


async def test_cancel_before_dispatch_is_never_published(world: World) -> None:
    account = await world.connect()
    later = (datetime.now(UTC) + timedelta(hours=3)).isoformat()
    post = await world.post([account["id"]], scheduled_at=later)
    assert post["targets"][0]["status"] == "scheduled"
    cancelled = await world.api.post(
        f"/api/v1/workspaces/{world.workspace}/posts/{post['id']}/cancel", headers=world.headers
    )
    assert cancelled.json()["status"] == "cancelled"
    await publishing.dispatch_due(world.container, lookahead=timedelta(hours=4))
    assert (await world.get_post(post["id"]))["targets"][0]["status"] == "cancelled"
    assert post["targets"][0]["id"] not in map(str, await world.messages())


async def test_cancel_racing_a_queued_message(world: World) -> None:
    account = await world.connect()
    post = await world.post([account["id"]])
    [target_id] = await world.messages()
    await world.api.post(
        f"/api/v1/workspaces/{world.workspace}/posts/{post['id']}/cancel", headers=world.headers
    )
    assert await publishing.publish_target(world.container, target_id) is None
    assert (await world.received())["posts"] == []


async def test_scheduled_message_becomes_visible_at_its_second(world: World) -> None:
    account = await world.connect()
    due = datetime.now(UTC) + timedelta(seconds=3)
    post = await world.post([account["id"]], scheduled_at=due.isoformat())
    assert post["targets"][0]["status"] == "queued"  # within the lookahead: queued at once, invisible
    assert await world.messages() == []
    [target_id] = await world.messages(wait=(due - datetime.now(UTC)).total_seconds() + 0.8)
    assert str(target_id) == post["targets"][0]["id"]


async def test_invalid_targets_are_listed_and_nothing_is_saved(world: World) -> None:
    account = await world.connect()
    stranger = "00000000-0000-0000-0000-000000000001"
    response = await world.api.post(
        f"/api/v1/workspaces/{world.workspace}/posts",
        json={
            "text": "x" * 5001,
            "targets": [{"account_id": account["id"]}, {"account_id": stranger}],
            "publish_now": True,
        },
        headers=world.headers,
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_targets"
    assert error["details"]["targets"][account["id"]][0]["code"] == "text_too_long"
    assert error["details"]["targets"][stranger][0]["code"] == "account_not_found"
    listed = await world.api.get(f"/api/v1/workspaces/{world.workspace}/posts", headers=world.headers)
    assert listed.json()["items"] == []


async def _make_due(world: World, target_id: UUID) -> None:
    pool = await world.container.db()
    async with pool.connection() as conn:
        await conn.execute("UPDATE post_targets SET next_attempt_at = now() WHERE id = %s", (target_id,))
    await world.messages()  # drop the delayed retry message; the test drives the worker directly


def _json(response: httpx.Response) -> Any:
    return json.loads(response.text)


async def test_seed_connects_demo_sandbox_accounts(world: World) -> None:
    from shared.services import seed

    result = await seed.seed_demo(world.container)
    handles = await seed.connect_demo_accounts(world.container, result)
    again = await seed.connect_demo_accounts(world.container, result)
    assert handles == again == list(seed.SANDBOX_HANDLES)
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT handle FROM social_accounts"
            " WHERE workspace_id = %s AND platform = 'sandbox' ORDER BY handle",
            (result.workspace_id,),
        )
        assert [r[0] for r in await cursor.fetchall()] == sorted(seed.SANDBOX_HANDLES)


async def test_a_spent_budget_waits_for_the_reset_without_calling_the_platform(world: World) -> None:
    account = await world.connect()
    await world.sandbox.post(f"/_control/accounts/{account['handle']}", json={"rate_limit_per_minute": 1})
    first = await world.post([account["id"]])
    [first_target] = await world.messages()
    assert await publishing.publish_target(world.container, first_target) == "published"
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT rate_remaining, rate_reset_at > now() FROM social_accounts WHERE id = %s",
            (account["id"],),
        )
        assert await cursor.fetchone() == (0, True)
    second = await world.post([account["id"]])
    [second_target] = await world.messages()
    requests_before = (await world.sandbox.get("/_control/stats")).json()["requests_by_route"]["POST /posts"]
    assert await publishing.publish_target(world.container, second_target) == "retry_wait"
    requests_after = (await world.sandbox.get("/_control/stats")).json()["requests_by_route"]["POST /posts"]
    assert requests_after == requests_before  # no 429 was spent to learn it
    target = (await world.get_post(second["id"]))["targets"][0]
    assert target["error"]["code"] == "rate_limited"
    assert (await world.get_post(first["id"]))["status"] == "published"


async def test_expiring_tokens_are_refreshed_ahead_and_revoked_ones_flagged(world: World) -> None:
    from shared.services.accounts import refresh_expiring

    fine = await world.connect()
    revoked = await world.connect()
    pool = await world.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE social_accounts SET token_expires_at = now() + interval '10 minutes' WHERE id = ANY(%s)",
            ([fine["id"], revoked["id"]],),
        )
    # The platform refuses the second account's refresh grant.
    await world.fault(revoked["handle"], "bad_request", path="/oauth/token", count=1)
    counts = await refresh_expiring(world.container)
    assert counts["refreshed"] >= 1
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT id::text, status, token_expires_at > now() + interval '30 minutes' FROM social_accounts "
            "WHERE id = ANY(%s)",
            ([fine["id"], revoked["id"]],),
        )
        state = {row[0]: (row[1], row[2]) for row in await cursor.fetchall()}
    assert state[fine["id"]] == ("active", True)
    assert state[revoked["id"]][0] == "needs_reauth"


async def test_rate_limits_do_not_use_up_attempts(world: World) -> None:
    account = await world.connect()
    post = await world.post([account["id"]])
    [target_id] = await world.messages()
    pool = await world.container.db()

    async def after_the_reset() -> None:
        async with pool.connection() as conn:
            await conn.execute(
                "UPDATE social_accounts SET rate_remaining = NULL, rate_reset_at = NULL WHERE id = %s",
                (account["id"],),
            )
        await _make_due(world, target_id)

    limit = world.container.settings.publish_max_attempts
    # More rate-limited rounds than the attempt budget, then one real failure: still retried.
    for _ in range(limit):
        await world.fault(account["handle"], "rate_limit", count=1, reset_after_seconds=1)
        assert await publishing.publish_target(world.container, target_id) == "retry_wait"
        await after_the_reset()
    await world.fault(account["handle"], "server_error", count=1)
    assert await publishing.publish_target(world.container, target_id) == "retry_wait"
    await after_the_reset()
    assert await publishing.publish_target(world.container, target_id) == "published"
    assert (await world.get_post(post["id"]))["targets"][0]["attempts"] == limit + 2
