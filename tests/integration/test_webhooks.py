"""Webhooks and failure emails end to end: API → publish worker → outbox rows → queue (Azurite) →
delivery worker → a real HTTP receiver on loopback that checks the signature as a customer would.

Workers are called as their queue triggers would call them, with messages really received from the
queue. Retry waits are skipped by moving `next_attempt_at` in the database, never by sleeping.
"""

import asyncio
import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from aiohttp import web
from azure.storage.queue.aio import QueueClient
from multidict import CIMultiDict

from functions.api import create_api
from shared.bootstrap import Container
from shared.services import notifications, publishing, ratelimit, webhooks
from shared.services.webhooks import Outcome, WebhookEvent
from tests.conftest import Stack, stack_settings, unique
from tests.integration.harness import signed_in_app
from tests.integration.test_auth_flow import login, register_verified
from tests.integration.test_publishing import World
from tools.sandbox.server import create_app as create_sandbox

SIGNATURE_TOLERANCE = 300


@dataclass
class Received:
    headers: CIMultiDict[str]
    body: bytes

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body)  # type: ignore[no-any-return]


@dataclass
class Receiver:
    """A customer's endpoint: records every request and answers with the queued statuses, then 200."""

    url: str
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


@dataclass
class Hooks(World):
    email: str
    receiver: Receiver

    async def create(self, events: list[str], url: str | None = None) -> dict[str, Any]:
        response = await self.api.post(
            f"/api/v1/workspaces/{self.workspace}/webhooks",
            json={"url": url or self.receiver.url, "events": events},
            headers=self.headers,
        )
        assert response.status_code == 201, response.text
        assert response.headers["cache-control"] == "no-store"
        return response.json()  # type: ignore[no-any-return]

    async def hook(self, hook_id: str) -> httpx.Response:
        return await self.api.get(
            f"/api/v1/workspaces/{self.workspace}/webhooks/{hook_id}", headers=self.headers
        )

    async def deliveries(self, hook_id: str) -> list[dict[str, Any]]:
        response = await self.api.get(
            f"/api/v1/workspaces/{self.workspace}/webhooks/{hook_id}/deliveries", headers=self.headers
        )
        assert response.status_code == 200, response.text
        return response.json()["items"]  # type: ignore[no-any-return]

    async def webhook_messages(self) -> list[UUID]:
        """Receive (and delete) every visible webhook message: what the queue trigger would get."""
        queue = QueueClient.from_connection_string(
            self.container.settings.storage_connection_string, self.container.settings.webhooks_queue
        )
        async with queue:
            found = []
            async for message in queue.receive_messages(max_messages=32):
                found.append(webhooks.parse_message(base64.b64decode(message.content)))
                await queue.delete_message(message)
        return found

    async def publish(self, accounts: list[str], **body: Any) -> dict[str, Any]:
        """Create a post for now and run the publish worker on each of its targets."""
        post = await self.post(accounts, **body)
        targets = await self.messages()
        assert sorted(map(str, targets)) == sorted(t["id"] for t in post["targets"])
        for target in targets:
            await publishing.publish_target(self.container, target)
        return await self.get_post(post["id"])

    async def failure_emails(self) -> list[tuple[str, str]]:
        pool = await self.container.db()
        async with pool.connection() as conn:
            cursor = await conn.execute(
                "SELECT subject, text_body FROM dev_outbox"
                " WHERE to_address = %s AND template = 'publish_failed' ORDER BY id",
                (self.email,),
            )
            return [(row[0], row[1]) for row in await cursor.fetchall()]

    async def sql(self, statement: str, *params: Any) -> None:
        pool = await self.container.db()
        async with pool.connection() as conn:
            await conn.execute(statement, params)


def verify(secret: str, received: Received, *, now: float | None = None) -> bool:
    """What a receiver does with clickKloudy-Signature (README): recompute, compare, refuse old ones."""
    parts = dict(item.split("=", 1) for item in received.headers["clickKloudy-Signature"].split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + received.body, hashlib.sha256).hexdigest()
    fresh = abs((now or time.time()) - timestamp) <= SIGNATURE_TOLERANCE
    return fresh and hmac.compare_digest(expected, parts["v1"])


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    state = Receiver(url="")

    async def handle(request: web.Request) -> web.Response:
        state.requests.append(Received(CIMultiDict(request.headers), await request.read()))
        return web.Response(status=state.statuses.pop(0) if state.statuses else 200, text="thanks")

    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    state.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    yield state
    await runner.cleanup()


@pytest.fixture
async def hooks(stack: Stack, receiver: Receiver) -> AsyncIterator[Hooks]:
    """The publishing `world` (tests/integration/test_publishing.py) plus its own webhooks queue."""
    runner = web.AppRunner(
        create_sandbox(timeout_after_accept_seconds=5), access_log=None, shutdown_timeout=0.5
    )
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    sandbox_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    settings = stack_settings(
        stack,
        SANDBOX_MODE=True,
        SANDBOX_BASE_URL=sandbox_url,
        PLATFORM_TIMEOUT_SECONDS=1.5,
        WEBHOOKS_QUEUE=unique("webhooks"),
        # The receiver listens on loopback: the egress guard lets exactly its host:port through.
        EGRESS_ALLOW_HOSTS=[receiver.url.split("/")[2]],
    )
    container = Container(settings)
    await container.queue.create_queue(settings.publish_queue)
    await container.queue.create_queue(settings.webhooks_queue)
    async with (
        signed_in_app(container, workspace_name="Hooks") as signed_in,
        httpx.AsyncClient(base_url=sandbox_url, timeout=10) as sandbox,
    ):
        yield Hooks(
            container,
            signed_in.api,
            sandbox,
            signed_in.headers,
            signed_in.workspace,
            signed_in.email,
            receiver,
        )
    await container.aclose()
    await runner.cleanup()


ALL_EVENTS = ["post.published", "post.failed", "account.needs_reauth"]


async def test_secret_is_shown_once_and_stored_sealed(hooks: Hooks) -> None:
    created = await hooks.create(["post.published", "post.failed", "post.published"])
    secret = created["secret"]
    assert secret.startswith("whsec_")
    assert len(secret) >= len("whsec_") + 43
    assert created["events"] == ["post.failed", "post.published"]
    assert created["active"] is True
    one = await hooks.hook(created["id"])
    listed = await hooks.api.get(f"/api/v1/workspaces/{hooks.workspace}/webhooks", headers=hooks.headers)
    assert one.status_code == listed.status_code == 200
    assert "secret" not in one.json()
    assert [h["id"] for h in listed.json()] == [created["id"]]
    for response in (one, listed):
        assert secret not in response.text
        assert secret[len("whsec_") :] not in response.text
    pool = await hooks.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT secret_ciphertext FROM webhooks WHERE id = %s", (created["id"],))
        row = await cursor.fetchone()
    assert row is not None
    assert secret.encode() not in bytes(row[0])


async def test_url_events_and_limit_are_checked(hooks: Hooks) -> None:
    base = f"/api/v1/workspaces/{hooks.workspace}/webhooks"

    async def attempt(url: str, events: list[str]) -> tuple[int, str]:
        response = await hooks.api.post(base, json={"url": url, "events": events}, headers=hooks.headers)
        return response.status_code, response.json()["error"]["code"]

    assert await attempt("http://example.com/hook", ["post.failed"]) == (422, "webhook_url_not_https")
    assert await attempt("https://user:pw@example.com/hook", ["post.failed"]) == (422, "invalid_webhook_url")
    assert await attempt("example.com/hook", ["post.failed"]) == (422, "invalid_webhook_url")
    assert await attempt(hooks.receiver.url, ["post.deleted"]) == (422, "validation_failed")
    assert await attempt(hooks.receiver.url, []) == (422, "validation_failed")
    for n in range(webhooks.MAX_PER_WORKSPACE):
        await hooks.create(["post.failed"], url=f"https://example.com/hooks/{n}")
    assert await attempt("https://example.com/one-too-many", ["post.failed"]) == (409, "too_many_webhooks")


async def test_another_workspace_cannot_see_or_touch_a_webhook(hooks: Hooks) -> None:
    created = await hooks.create(["post.failed"])
    email = await register_verified(hooks.api, hooks.container)
    tokens = await login(hooks.api, email)
    hooks.api.cookies.clear()
    other = {"Authorization": f"Bearer {tokens['access_token']}"}
    mine = await hooks.api.post("/api/v1/workspaces", json={"name": "Other"}, headers=other)
    assert mine.status_code == 201, mine.text
    theirs = mine.json()["id"]
    for method, suffix in (("GET", ""), ("PATCH", ""), ("DELETE", ""), ("GET", "/deliveries")):
        body: dict[str, Any] = {"json": {"active": False}} if method == "PATCH" else {}
        # Through the stranger's own workspace: the webhook does not exist there.
        response = await hooks.api.request(
            method, f"/api/v1/workspaces/{theirs}/webhooks/{created['id']}{suffix}", headers=other, **body
        )
        assert (response.status_code, response.json()["error"]["code"]) == (404, "webhook_not_found")
        # Through the owner's workspace: not a member, so the workspace itself is not found.
        response = await hooks.api.request(
            method,
            f"/api/v1/workspaces/{hooks.workspace}/webhooks/{created['id']}{suffix}",
            headers=other,
            **body,
        )
        assert (response.status_code, response.json()["error"]["code"]) == (404, "workspace_not_found")
    still = await hooks.hook(created["id"])
    assert still.status_code == 200
    assert still.json()["active"] is True


async def test_a_publication_is_delivered_once_and_signed(hooks: Hooks) -> None:
    created = await hooks.create(["post.published"])
    reauth_only = await hooks.create(["account.needs_reauth"], url=hooks.receiver.url + "?other")
    account = await hooks.connect()
    post = await hooks.publish([account["id"]], text="Hello hooks")
    target = post["targets"][0]
    assert target["status"] == "published"

    [delivery_id] = await hooks.webhook_messages()
    assert await webhooks.deliver(hooks.container, delivery_id) is Outcome.DELIVERED
    assert await webhooks.deliver(hooks.container, delivery_id) is None  # a redelivered message: nothing
    [request] = hooks.receiver.requests
    assert verify(created["secret"], request)
    assert not verify(created["secret"], Received(request.headers, request.body + b" "))
    assert not verify(reauth_only["secret"], request)
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["clickKloudy-Event"] == "post.published"
    assert request.headers["clickKloudy-Delivery"] == str(delivery_id)
    body = request.json
    assert set(body) == {"id", "type", "created_at", "data"}
    assert body["type"] == "post.published"
    assert body["data"] == {
        "post_id": post["id"],
        "target_id": target["id"],
        "account_id": account["id"],
        "platform": "sandbox",
        "handle": account["handle"],
        "status": "published",
        "external_id": target["external_id"],
        "external_url": target["external_url"],
        "error": None,
        "published_at": body["data"]["published_at"],
    }
    published_at = datetime.fromisoformat(body["data"]["published_at"].replace("Z", "+00:00"))
    assert published_at == datetime.fromisoformat(target["published_at"])

    [logged] = await hooks.deliveries(created["id"])
    assert logged["id"] == str(delivery_id)
    assert logged["event_id"] == body["id"]
    assert logged["status"] == "delivered"
    assert logged["next_attempt_at"] is None
    assert [(a["attempt_no"], a["status_code"], a["outcome"]) for a in logged["attempts"]] == [
        (1, 200, "delivered")
    ]
    assert logged["attempts"][0]["duration_ms"] >= 0
    assert await hooks.deliveries(reauth_only["id"]) == []  # not subscribed to post.published


async def test_a_500_is_retried_later_and_a_success_is_not_resent(hooks: Hooks) -> None:
    created = await hooks.create(["post.published"])
    hooks.receiver.statuses.extend([500])
    account = await hooks.connect()
    await hooks.publish([account["id"]])
    [delivery_id] = await hooks.webhook_messages()

    before = datetime.now(UTC)
    assert await webhooks.deliver(hooks.container, delivery_id) is Outcome.RETRY
    [logged] = await hooks.deliveries(created["id"])
    assert logged["status"] == "pending"
    assert logged["last_status_code"] == 500
    [first] = logged["attempts"]
    assert (first["status_code"], first["outcome"]) == (500, "retry")
    retry_at = datetime.fromisoformat(first["next_retry_at"])
    assert timedelta(seconds=53) <= retry_at - before <= timedelta(seconds=67)  # 1 min ± 10 % jitter
    # The retry travels as a delayed message (counted, not yet visible).
    assert await hooks.container.queue.peek_count(hooks.container.settings.webhooks_queue) == 1
    assert await hooks.webhook_messages() == []
    assert await webhooks.deliver(hooks.container, delivery_id) is None  # too early: nothing is sent
    assert len(hooks.receiver.requests) == 1

    await hooks.sql("UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = %s", delivery_id)
    assert await webhooks.deliver(hooks.container, delivery_id) is Outcome.DELIVERED
    assert await webhooks.deliver(hooks.container, delivery_id) is None
    first_request, second_request = hooks.receiver.requests
    assert first_request.body == second_request.body  # same event id and payload on every attempt
    assert verify(created["secret"], second_request)
    [logged] = await hooks.deliveries(created["id"])
    assert logged["status"] == "delivered"
    assert [(a["status_code"], a["outcome"]) for a in logged["attempts"]] == [
        (500, "retry"),
        (200, "delivered"),
    ]


async def test_failures_are_retried_at_most_six_times(hooks: Hooks) -> None:
    created = await hooks.create(["post.published"])
    hooks.receiver.statuses.extend([503] * 10)
    account = await hooks.connect()
    await hooks.publish([account["id"]])
    [delivery_id] = await hooks.webhook_messages()
    outcomes = []
    for _ in range(webhooks.MAX_ATTEMPTS):
        outcomes.append(await webhooks.deliver(hooks.container, delivery_id))
        await hooks.sql("UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = %s", delivery_id)
    assert outcomes == [Outcome.RETRY] * 5 + [Outcome.FAILED]
    assert await webhooks.deliver(hooks.container, delivery_id) is None
    assert len(hooks.receiver.requests) == 6
    [logged] = await hooks.deliveries(created["id"])
    assert logged["status"] == "failed"
    assert logged["attempt_count"] == 6
    assert logged["attempts"][-1]["next_retry_at"] is None
    waits = [
        datetime.fromisoformat(a["next_retry_at"]) - datetime.fromisoformat(a["started_at"])
        for a in logged["attempts"][:-1]
    ]
    for wait, expected in zip(waits, webhooks.RETRY_DELAYS, strict=True):
        assert expected * 0.89 <= wait <= expected * 1.11 + timedelta(seconds=2)


async def test_410_gone_turns_the_webhook_off(hooks: Hooks) -> None:
    created = await hooks.create(["post.published"])
    hooks.receiver.statuses.extend([410])
    account = await hooks.connect()
    await hooks.publish([account["id"]])
    [delivery_id] = await hooks.webhook_messages()
    assert await webhooks.deliver(hooks.container, delivery_id) is Outcome.DISABLED
    off = (await hooks.hook(created["id"])).json()
    assert off["active"] is False
    assert "410" in off["disabled_reason"]
    [logged] = await hooks.deliveries(created["id"])
    assert (logged["status"], logged["last_status_code"]) == ("failed", 410)

    await hooks.publish([account["id"]])  # nothing is written for a webhook that is off
    assert await hooks.webhook_messages() == []
    assert len(await hooks.deliveries(created["id"])) == 1

    response = await hooks.api.patch(
        f"/api/v1/workspaces/{hooks.workspace}/webhooks/{created['id']}",
        json={"active": True},
        headers=hooks.headers,
    )
    assert response.status_code == 200, response.text
    assert (response.json()["active"], response.json()["disabled_reason"]) == (True, None)
    await hooks.publish([account["id"]])
    [again] = await hooks.webhook_messages()
    assert await webhooks.deliver(hooks.container, again) is Outcome.DELIVERED


async def test_turning_a_webhook_off_cancels_what_it_has_not_received(hooks: Hooks) -> None:
    created = await hooks.create(["post.published"])
    account = await hooks.connect()
    await hooks.publish([account["id"]])
    [delivery_id] = await hooks.webhook_messages()
    response = await hooks.api.patch(
        f"/api/v1/workspaces/{hooks.workspace}/webhooks/{created['id']}",
        json={"active": False},
        headers=hooks.headers,
    )
    assert response.status_code == 200, response.text
    assert await webhooks.deliver(hooks.container, delivery_id) is Outcome.CANCELLED
    assert hooks.receiver.requests == []
    [logged] = await hooks.deliveries(created["id"])
    assert (logged["status"], logged["attempts"]) == ("cancelled", [])


async def test_failures_send_post_failed_and_one_email_per_post(hooks: Hooks) -> None:
    created = await hooks.create(["post.failed", "post.published"])
    first, second = await hooks.connect(), await hooks.connect()
    for account in (first, second):
        await hooks.fault(account["handle"], "bad_request", count=2)
    post = await hooks.publish([first["id"], second["id"]], text="Doomed post")
    assert post["status"] == "failed"

    delivery_ids = await hooks.webhook_messages()
    assert len(delivery_ids) == 2
    for delivery_id in delivery_ids:
        assert await webhooks.deliver(hooks.container, delivery_id) is Outcome.DELIVERED
    bodies = [r.json for r in hooks.receiver.requests]
    assert {b["type"] for b in bodies} == {"post.failed"}
    assert len({b["id"] for b in bodies}) == 2  # one event per target
    assert {b["data"]["account_id"] for b in bodies} == {first["id"], second["id"]}
    assert {b["data"]["post_id"] for b in bodies} == {post["id"]}
    for body in bodies:
        assert body["data"]["error"] == {
            "code": "sandbox_rejected",
            "message": "The platform rejected this post: policy",
        }
        assert body["data"]["published_at"] is None

    # Both targets failed together: one email, naming the first and counting the other.
    [(subject, text)] = await hooks.failure_emails()
    named = {first["handle"], second["handle"]} & set(subject.split())
    assert len(named) == 1
    assert "The platform rejected this post: policy (and 1 more account)" in text
    assert "Doomed post" in text
    assert f"/workspaces/{hooks.workspace}/posts/{post['id']}" in text

    # Retried and failed again within 10 minutes: new webhooks, but no second email yet.
    retried = await hooks.api.post(
        f"/api/v1/workspaces/{hooks.workspace}/posts/{post['id']}/retry", headers=hooks.headers
    )
    assert retried.status_code == 200, retried.text
    for target in await hooks.messages():
        assert await publishing.publish_target(hooks.container, target) == "failed"
    assert len(await hooks.webhook_messages()) == 2
    assert len(await hooks.failure_emails()) == 1
    await notifications.sweep(hooks.container)
    assert len(await hooks.failure_emails()) == 1

    # Once the window has passed, the sweep reports the new failures in one more email.
    await hooks.sql(
        "UPDATE publish_failure_emails SET sent_at = sent_at - interval '11 minutes' WHERE post_id = %s",
        post["id"],
    )
    await notifications.sweep(hooks.container)
    emails = await hooks.failure_emails()
    assert len(emails) == 2
    assert "(and 1 more account)" in emails[1][1]
    assert not await notifications.email_failures(hooks.container, UUID(post["id"]))
    assert len(await hooks.failure_emails()) == 2
    assert len(await hooks.deliveries(created["id"])) == 4


async def test_a_failure_waits_for_its_siblings_before_emailing(hooks: Hooks) -> None:
    doomed, fine = await hooks.connect(), await hooks.connect()
    await hooks.fault(doomed["handle"], "bad_request", count=1)
    post = await hooks.post([doomed["id"], fine["id"]])
    targets = {t["account_id"]: UUID(t["id"]) for t in post["targets"]}
    await hooks.messages()
    assert await publishing.publish_target(hooks.container, targets[doomed["id"]]) == "failed"
    assert await hooks.failure_emails() == []  # the other target is still on its way
    assert await publishing.publish_target(hooks.container, targets[fine["id"]]) == "published"
    await notifications.sweep(hooks.container)  # nothing in flight any more: the held-back email goes
    [(subject, text)] = await hooks.failure_emails()
    assert doomed["handle"] in subject
    assert "more account" not in text


async def test_a_revoked_account_is_announced_once(hooks: Hooks) -> None:
    created = await hooks.create(["account.needs_reauth"])
    account = await hooks.connect()
    first = await hooks.post([account["id"]])
    second = await hooks.post([account["id"]])
    targets = await hooks.messages()
    assert len(targets) == 2
    # The platform forgets the account: its token is refused (revoked, not expired).
    reset = await hooks.sandbox.post("/_control/reset", json={"accounts": True})
    assert reset.status_code == 200
    outcomes = await asyncio.gather(*(publishing.publish_target(hooks.container, t) for t in targets))
    assert list(map(str, outcomes)) == ["failed", "failed"]
    for post in (first, second):
        assert (await hooks.get_post(post["id"]))["targets"][0]["error"]["code"] == "needs_reauth"

    [delivery_id] = await hooks.webhook_messages()
    assert await webhooks.deliver(hooks.container, delivery_id) is Outcome.DELIVERED
    [request] = hooks.receiver.requests
    assert verify(created["secret"], request)
    assert request.json["type"] == "account.needs_reauth"
    assert request.json["data"] == {
        "account_id": account["id"],
        "platform": "sandbox",
        "handle": account["handle"],
        "message": request.json["data"]["message"],
    }
    assert "reconnect" in request.json["data"]["message"]


async def test_a_lost_message_is_sent_again_by_the_sweep(hooks: Hooks) -> None:
    created = await hooks.create(["post.published"])
    account = await hooks.connect()
    await hooks.publish([account["id"]])
    [lost] = await hooks.webhook_messages()  # received and dropped: as if the message were lost
    await webhooks.sweep(hooks.container)
    assert lost not in await hooks.webhook_messages()  # not overdue yet: left alone
    await hooks.sql(
        "UPDATE webhook_deliveries SET next_attempt_at = now() - interval '3 minutes' WHERE id = %s", lost
    )
    assert (await webhooks.sweep(hooks.container))["requeued"] >= 1
    assert lost in await hooks.webhook_messages()
    assert await webhooks.deliver(hooks.container, lost) is Outcome.DELIVERED
    [logged] = await hooks.deliveries(created["id"])
    assert logged["status"] == "delivered"


async def test_a_dead_workers_lease_is_released(hooks: Hooks) -> None:
    created = await hooks.create(["post.published"])
    account = await hooks.connect()
    await hooks.publish([account["id"]])
    [delivery_id] = await hooks.webhook_messages()
    # A worker claimed it and died: `delivering`, lease long over.
    await hooks.sql(
        """UPDATE webhook_deliveries SET status = 'delivering', attempt_count = 1,
                  next_attempt_at = now() - interval '5 minutes' WHERE id = %s""",
        delivery_id,
    )
    assert await webhooks.deliver(hooks.container, delivery_id) is None  # still someone else's
    await webhooks.sweep(hooks.container)
    assert delivery_id in await hooks.webhook_messages()
    assert await webhooks.deliver(hooks.container, delivery_id) is Outcome.DELIVERED
    [logged] = await hooks.deliveries(created["id"])
    assert (logged["status"], logged["attempt_count"]) == ("delivered", 2)


async def test_poison_and_deletion(hooks: Hooks) -> None:
    created = await hooks.create(["post.published"])
    account = await hooks.connect()
    await hooks.publish([account["id"]])
    [delivery_id] = await hooks.webhook_messages()
    assert await webhooks.fail_poisoned(hooks.container, delivery_id)
    assert not await webhooks.fail_poisoned(hooks.container, delivery_id)
    [logged] = await hooks.deliveries(created["id"])
    assert (logged["status"], logged["last_error"]) == ("failed", "worker_failed")
    assert await webhooks.deliver(hooks.container, delivery_id) is None

    deleted = await hooks.api.delete(
        f"/api/v1/workspaces/{hooks.workspace}/webhooks/{created['id']}", headers=hooks.headers
    )
    assert deleted.status_code == 204
    assert (await hooks.hook(created["id"])).status_code == 404
    gone = await hooks.api.get(
        f"/api/v1/workspaces/{hooks.workspace}/webhooks/{created['id']}/deliveries", headers=hooks.headers
    )
    assert gone.json()["error"]["code"] == "webhook_not_found"
    await hooks.publish([account["id"]])
    assert await hooks.webhook_messages() == []


async def test_deliveries_are_paged_newest_first(hooks: Hooks) -> None:
    created = await hooks.create(ALL_EVENTS)
    account = await hooks.connect()
    for _ in range(3):
        await hooks.publish([account["id"]])
    base = f"/api/v1/workspaces/{hooks.workspace}/webhooks/{created['id']}/deliveries"
    page = (await hooks.api.get(base, params={"limit": 2}, headers=hooks.headers)).json()
    assert len(page["items"]) == 2
    rest = (
        await hooks.api.get(base, params={"limit": 2, "cursor": page["next_cursor"]}, headers=hooks.headers)
    ).json()
    assert len(rest["items"]) == 1
    assert rest["next_cursor"] is None
    times = [d["created_at"] for d in page["items"] + rest["items"]]
    assert times == sorted(times, reverse=True)
    bad = await hooks.api.get(base, params={"cursor": "nope"}, headers=hooks.headers)
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "invalid_cursor")


# --- testing a webhook and rotating its secret ----------------------------------------------------


def signatures(received: Received) -> list[str]:
    """Every v1 of clickKloudy-Signature, in order; checks the timestamp is there and fresh."""
    fields = [item.split("=", 1) for item in received.headers["clickKloudy-Signature"].split(",")]
    [timestamp] = [int(value) for key, value in fields if key == "t"]
    assert abs(time.time() - timestamp) <= SIGNATURE_TOLERANCE
    return [value for key, value in fields if key == "v1"]


def signed_by(secret: str, received: Received, signature: str) -> bool:
    parts = dict(item.split("=", 1) for item in received.headers["clickKloudy-Signature"].split(","))
    expected = hmac.new(
        secret.encode(), f"{parts['t']}.".encode() + received.body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, signature)


async def ping(hooks: Hooks, hook_id: str) -> httpx.Response:
    return await hooks.api.post(
        f"/api/v1/workspaces/{hooks.workspace}/webhooks/{hook_id}/test", headers=hooks.headers
    )


async def rotate(hooks: Hooks, hook_id: str) -> dict[str, Any]:
    response = await hooks.api.post(
        f"/api/v1/workspaces/{hooks.workspace}/webhooks/{hook_id}/rotate-secret", headers=hooks.headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    return response.json()  # type: ignore[no-any-return]


async def announce(hooks: Hooks) -> Received:
    """A real event through the outbox, the queue and the delivery worker; what the receiver got."""
    pool = await hooks.container.db()
    async with pool.connection() as conn, conn.transaction():
        payload = {"account_id": str(uuid4()), "platform": "sandbox", "handle": "h", "message": "m"}
        written = await webhooks.emit(conn, UUID(hooks.workspace), WebhookEvent.ACCOUNT_NEEDS_REAUTH, payload)
    assert len(written) == 1
    await webhooks.flush_workspace(hooks.container, UUID(hooks.workspace))
    [delivery_id] = await hooks.webhook_messages()
    before = len(hooks.receiver.requests)
    assert await webhooks.deliver(hooks.container, delivery_id) is Outcome.DELIVERED
    assert len(hooks.receiver.requests) == before + 1
    return hooks.receiver.requests[-1]


async def test_a_test_ping_arrives_signed_and_its_result_comes_back(hooks: Hooks) -> None:
    created = await hooks.create(["post.failed"])
    response = await ping(hooks, created["id"])
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["event"], result["status"], result["last_status_code"]) == ("ping", "delivered", 200)
    [attempt] = result["attempts"]
    assert (attempt["status_code"], attempt["outcome"], attempt["error"]) == (200, "delivered", None)
    assert attempt["duration_ms"] >= 0

    [request] = hooks.receiver.requests
    assert verify(created["secret"], request)
    assert request.headers["clickKloudy-Event"] == "ping"
    assert request.headers["clickKloudy-Delivery"] == result["id"]
    assert request.json["type"] == "ping"
    assert request.json["id"] == result["event_id"]
    assert request.json["data"]["webhook_id"] == created["id"]
    assert [d["id"] for d in await hooks.deliveries(created["id"])] == [result["id"]]  # in the log too
    assert await hooks.webhook_messages() == []  # sent by the request, not through the queue

    audit = await hooks.api.get(f"/api/v1/workspaces/{hooks.workspace}/audit", headers=hooks.headers)
    tested = [e for e in audit.json()["items"] if e["event"] == "webhook.tested"]
    assert [(e["target_id"], e["details"]) for e in tested] == [
        (created["id"], {"delivery_id": result["id"]})
    ]


async def test_a_failed_ping_is_reported_not_retried_and_never_turns_the_webhook_off(hooks: Hooks) -> None:
    created = await hooks.create(["post.failed"])
    hooks.receiver.statuses.extend([500, 410])
    for status in (500, 410):
        result = (await ping(hooks, created["id"])).json()
        assert (result["status"], result["last_status_code"], result["next_attempt_at"]) == (
            "failed",
            status,
            None,
        )
        assert [(a["status_code"], a["outcome"]) for a in result["attempts"]] == [(status, "failed")]
    assert (await hooks.hook(created["id"])).json()["active"] is True
    assert await hooks.container.queue.peek_count(hooks.container.settings.webhooks_queue) == 0

    # A webhook that is off can be tried before turning it on again.
    await hooks.api.patch(
        f"/api/v1/workspaces/{hooks.workspace}/webhooks/{created['id']}",
        json={"active": False},
        headers=hooks.headers,
    )
    assert (await ping(hooks, created["id"])).json()["status"] == "delivered"


async def test_pings_are_limited_per_webhook(hooks: Hooks) -> None:
    created = await hooks.create(["post.failed"])
    for _ in range(ratelimit.WEBHOOK_TESTS_PER_WEBHOOK.count):
        assert (await ping(hooks, created["id"])).status_code == 200
    limited = await ping(hooks, created["id"])
    assert (limited.status_code, limited.json()["error"]["code"]) == (429, "rate_limited")
    assert int(limited.headers["retry-after"]) >= 1
    missing = await ping(hooks, str(uuid4()))
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "webhook_not_found")


async def test_rotation_signs_with_both_secrets_for_the_window_then_only_the_new_one(hooks: Hooks) -> None:
    created = await hooks.create(["account.needs_reauth"])
    old = created["secret"]
    before = datetime.now(UTC)
    rotated = await rotate(hooks, created["id"])
    new = rotated["secret"]
    assert new.startswith("whsec_")
    assert new != old
    assert rotated["id"] == created["id"]
    window = timedelta(hours=hooks.container.settings.webhook_secret_rotation_hours)
    valid_until = datetime.fromisoformat(rotated["previous_secret_valid_until"])
    assert before + window - timedelta(seconds=5) <= valid_until <= datetime.now(UTC) + window

    # Within the window: two signatures, the new secret's first; each verifies with its own secret.
    received = await announce(hooks)
    first, second = signatures(received)
    assert signed_by(new, received, first)
    assert signed_by(old, received, second)
    assert not signed_by(old, received, first)
    assert (await ping(hooks, created["id"])).json()["status"] == "delivered"
    assert len(signatures(hooks.receiver.requests[-1])) == 2

    # After the window only the new secret signs, and the sweep drops the old one.
    await hooks.sql(
        "UPDATE webhooks SET secret_rotated_at = now() - %s - interval '1 minute' WHERE id = %s",
        window,
        created["id"],
    )
    [only] = signatures(await announce(hooks))
    assert signed_by(new, hooks.receiver.requests[-1], only)
    assert verify(new, hooks.receiver.requests[-1])
    assert (await webhooks.sweep(hooks.container))["secrets_retired"] >= 1
    pool = await hooks.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT previous_secret_ciphertext, previous_secret_key_id FROM webhooks WHERE id = %s",
            (created["id"],),
        )
        assert await cursor.fetchone() == (None, None)
    [only] = signatures(await announce(hooks))
    assert signed_by(new, hooks.receiver.requests[-1], only)


async def test_a_second_rotation_retires_the_first_secret_at_once(hooks: Hooks) -> None:
    created = await hooks.create(["account.needs_reauth"])
    second = (await rotate(hooks, created["id"]))["secret"]
    third = (await rotate(hooks, created["id"]))["secret"]
    received = await announce(hooks)
    signed = signatures(received)
    assert len(signed) == 2
    assert signed_by(third, received, signed[0])
    assert signed_by(second, received, signed[1])
    assert not any(signed_by(created["secret"], received, s) for s in signed)


async def test_secrets_are_never_shown_again_and_rotation_is_audited(hooks: Hooks) -> None:
    created = await hooks.create(["account.needs_reauth"])
    rotated = await rotate(hooks, created["id"])
    assert set(rotated) == set(created) | {"previous_secret_valid_until"}
    await announce(hooks)
    base = f"/api/v1/workspaces/{hooks.workspace}"
    responses = [
        await hooks.hook(created["id"]),
        await hooks.api.get(f"{base}/webhooks", headers=hooks.headers),
        await hooks.api.get(f"{base}/webhooks/{created['id']}/deliveries", headers=hooks.headers),
        await hooks.api.get(f"{base}/audit", headers=hooks.headers, params={"limit": 100}),
    ]
    for response in responses:
        assert response.status_code == 200, response.text
        assert created["secret"] not in response.text
        assert rotated["secret"] not in response.text
    assert created["secret"] not in json.dumps(rotated)
    events = [e for e in responses[-1].json()["items"] if e["event"] == "webhook.secret_rotated"]
    assert [(e["target_type"], e["target_id"]) for e in events] == [("webhook", created["id"])]
    assert events[0]["details"] == {
        "previous_valid_until": rotated["previous_secret_valid_until"].replace("+00:00", "Z")
    }
    pool = await hooks.container.db()
    async with pool.connection() as conn:  # both stored sealed, never in clear
        cursor = await conn.execute(
            "SELECT secret_ciphertext, previous_secret_ciphertext FROM webhooks WHERE id = %s",
            (created["id"],),
        )
        row = await cursor.fetchone()
    assert row is not None
    for sealed, secret in zip(row, (rotated["secret"], created["secret"]), strict=True):
        assert secret.encode() not in bytes(sealed)
    missing = await hooks.api.post(f"{base}/webhooks/{uuid4()}/rotate-secret", headers=hooks.headers)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "webhook_not_found")


async def test_without_a_window_the_old_secret_stops_at_once(hooks: Hooks) -> None:
    hooks.container.settings = hooks.container.settings.model_copy(
        update={"webhook_secret_rotation_hours": 0}
    )
    created = await hooks.create(["account.needs_reauth"])
    rotated = await rotate(hooks, created["id"])
    assert rotated["previous_secret_valid_until"] is None
    [only] = signatures(await announce(hooks))
    assert signed_by(rotated["secret"], hooks.receiver.requests[-1], only)


def test_the_routes_are_documented_with_their_errors() -> None:
    paths = create_api().openapi()["paths"]
    base = "/api/v1/workspaces/{ws}/webhooks/{webhook_id}"
    test_route = paths[f"{base}/test"]["post"]["responses"]
    rotate_route = paths[f"{base}/rotate-secret"]["post"]["responses"]
    assert {"200", "401", "403", "404", "429"} <= set(test_route)
    assert "rate_limited" in test_route["429"]["description"]
    assert {"200", "401", "403", "404"} <= set(rotate_route)
    assert "webhook_not_found" in rotate_route["404"]["description"]
