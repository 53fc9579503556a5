"""Analytics through the real pipeline: one post published to every platform fake, the hourly timer's
queueing, the per-account pulls into the Cosmos emulator, and the read API over what they stored.

Also the pulls' failure paths against a real fake: a rate limit re-queues for the platform's reset, an
expired token is refreshed once, a revoked grant marks the account needs_reauth.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from azure.storage.queue.aio import QueueClient

from shared.bootstrap import Container
from shared.domain.metrics import POST_METRICS, to_shared
from shared.platforms.registry import info
from shared.services import analytics
from tests.conftest import Stack, unique
from tests.fakes.platforms.everywhere import Everywhere, connect, connect_all, running_fakes
from tests.integration.harness import SignedIn, everywhere_in_process, publish_everywhere, signed_in_app

LINKEDIN_PAGE = "Devtestco"  # the fake's organization: only pages have LinkedIn post and follower figures


@pytest.fixture(scope="module")
def fakes() -> Iterator[Everywhere]:
    with running_fakes() as found:
        yield found


@pytest.fixture
async def world(stack: Stack, fakes: Everywhere) -> AsyncIterator[tuple[Container, SignedIn]]:
    queue = unique("analytics")
    async with everywhere_in_process(stack, fakes, ANALYTICS_QUEUE=queue) as (container, signed_in):
        await container.queue.create_queue(container.settings.analytics_queue)
        await container.cosmos.create_schema()
        try:
            yield container, signed_in
        finally:
            await container.cosmos.delete_database()


async def _snapshots(container: Container, kind: str, account_id: str) -> list[dict[str, Any]]:
    return await container.cosmos.query(
        kind, "SELECT * FROM c WHERE c.accountId = @a", {"@a": account_id}, partition_key=account_id
    )


async def receive_messages(container: Container) -> list[analytics.CollectRequest | analytics.RollupRequest]:
    """Receive (and delete) every visible analytics message: what the trigger would get."""
    queue = QueueClient.from_connection_string(
        container.settings.storage_connection_string, container.settings.analytics_queue
    )
    found: list[analytics.CollectRequest | analytics.RollupRequest] = []
    async with queue:
        while True:
            batch = [m async for m in queue.receive_messages(messages_per_page=32, max_messages=32)]
            if not batch:
                return found
            for message in batch:
                found.append(analytics.parse_message(base64.b64decode(message.content)))
                await queue.delete_message(message)


async def receive_account_messages(container: Container) -> list[UUID]:
    """The account ids of the visible pull messages (the rollups wait a minute after them)."""
    return [
        m.account_id for m in await receive_messages(container) if isinstance(m, analytics.CollectRequest)
    ]


async def _collect_queued(container: Container, mine: set[str]) -> dict[str, dict[str, Any]]:
    """Run the worker on every queued message for our accounts (the run's database holds others')."""
    results = {}
    for account_id in await receive_account_messages(container):
        if str(account_id) in mine:
            results[str(account_id)] = await analytics.collect_account(container, account_id)
    return results


async def test_every_platform_reports_metrics_through_the_pipeline(
    world: tuple[Container, SignedIn], fakes: Everywhere
) -> None:
    container, signed_in = world
    api, headers, ws = signed_in.api, signed_in.headers, signed_in.workspace
    accounts = await connect_all(
        api,
        ws,
        fakes,
        sandbox=unique("all"),
        headers=headers,
        choose={"linkedin": lambda items: next(i for i in items if i["display_name"] == LINKEDIN_PAGE)},
    )
    post = await publish_everywhere(container, signed_in, accounts)
    assert post["status"] == "published", post
    targets = {t["platform"]: t for t in post["targets"]}
    # Instagram shows insights once a post has viewers.
    for platform, fake in (("instagram", fakes.instagram), ("instagram_login", fakes.instagram_login)):
        fake.media[targets[platform]["external_id"]].insights = {"views": 40, "reach": 30, "likes": 3}
    capabilities = {p: info(container.settings, p).capabilities for p in accounts}
    measurable = {p for p, c in capabilities.items() if c.post_metrics or c.account_metrics}
    assert measurable == set(accounts) - {"feed"}
    mine = {a["id"]: p for p, a in accounts.items()}

    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    queued = await analytics.enqueue_collection(container, spread=timedelta(0))
    results = await _collect_queued(container, set(mine))
    assert queued >= len(measurable)
    assert {mine[a] for a in results} == measurable  # the feed is never queued
    assert {mine[a]: r["outcome"] for a, r in results.items()} == dict.fromkeys(measurable, "collected")

    for platform in measurable:
        account_id, declared, target = accounts[platform]["id"], capabilities[platform], targets[platform]
        posts = await _snapshots(container, analytics.POST_METRICS, account_id)
        snapshots = await _snapshots(container, analytics.ACCOUNT_METRICS, account_id)
        # The sandbox leaves out views for a post without a video (not available, not 0).
        native = set(declared.post_metrics) - ({"views"} if platform == "sandbox" else set())
        expected_post = (target["id"], post["id"], ws, target["external_id"], native)
        assert [
            (p["targetId"], p["postId"], p["workspaceId"], p["externalId"], set(p["metrics"])) for p in posts
        ] == ([expected_post] if declared.post_metrics else []), platform
        assert [set(s["metrics"]) for s in snapshots] == (
            [set(declared.account_metrics)] if declared.account_metrics else []
        ), platform
        # The same figures in the shared vocabulary, as the platform's map says.
        for p in posts:
            assert p["figures"] == to_shared(declared.post_vocabulary, p["metrics"]), platform
        for snapshot in snapshots:
            native_account = {**snapshot["metrics"], "followers": snapshot["followers"]}
            assert snapshot["figures"] == to_shared(declared.account_vocabulary, native_account), platform

    # The same hour again: every document is overwritten, none added.
    await analytics.enqueue_collection(container, spread=timedelta(0))
    await _collect_queued(container, set(mine))
    again = await container.cosmos.query(
        analytics.POST_ROLLUPS,
        "SELECT VALUE COUNT(1) FROM c WHERE c.workspaceId = @w",
        {"@w": ws},
        partition_key=ws,
    )
    assert again == [len([p for p in measurable if capabilities[p].post_metrics])]  # one per target
    same_hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) == hour
    for platform in measurable:
        account_id = accounts[platform]["id"]
        for kind in (analytics.POST_METRICS, analytics.ACCOUNT_METRICS):
            docs = await _snapshots(container, kind, account_id)
            assert len(docs) == len({d["hour"] for d in docs}), (platform, kind)
            if same_hour:
                assert len(docs) <= 1, (platform, kind)

    account_rollups = await container.cosmos.query(
        analytics.ACCOUNT_ROLLUPS, "SELECT * FROM c WHERE c.workspaceId = @w", {"@w": ws}, partition_key=ws
    )
    today = datetime.now(UTC).date().isoformat()
    by_account = {r["accountId"]: r for r in account_rollups if r["day"] == today}
    assert {mine[a] for a in by_account} == {p for p in measurable if capabilities[p].account_metrics}
    post_rollups = await container.cosmos.query(
        analytics.POST_ROLLUPS, "SELECT * FROM c WHERE c.workspaceId = @w", {"@w": ws}, partition_key=ws
    )
    by_target = {r["targetId"]: r for r in post_rollups}
    for platform in measurable:
        if not capabilities[platform].post_metrics:
            assert targets[platform]["id"] not in by_target, platform
            continue
        rollup = by_target[targets[platform]["id"]]
        assert rollup["postId"] == post["id"]
        assert list(rollup["series"]) == [today], platform
        assert rollup["series"][today] == rollup["figures"], platform
        assert set(rollup["figures"]) <= set(capabilities[platform].post_vocabulary), platform
    # Instagram's views are impressions in the shared vocabulary.
    assert by_target[targets["instagram"]["id"]]["figures"]["impressions"] == 40
    assert by_target[targets["instagram"]["id"]]["figures"]["reach"] == 30
    assert "views" not in by_target[targets["instagram"]["id"]]["figures"]
    await analytics.rollup_workspace(container, UUID(ws))
    day = await container.cosmos.query(
        analytics.DAILY_ROLLUPS, "SELECT * FROM c WHERE c.workspaceId = @w", {"@w": ws}, partition_key=ws
    )
    assert [d["day"] for d in day] == [today]
    assert day[0]["platforms"]["instagram"]["n"] == 1
    assert day[0]["platforms"]["instagram"]["m"]["impressions"] == 40
    assert {mine[a] for a in day[0]["followers"]} == {
        p for p in measurable if capabilities[p].account_metrics
    }

    read = await api.get(f"/api/v1/workspaces/{ws}/posts/{post['id']}/metrics", headers=headers)
    assert read.status_code == 200, read.text
    shown = {t["platform"]: t for t in read.json()["targets"]}
    assert set(shown) == set(accounts)
    for platform, target in shown.items():
        if capabilities[platform].post_metrics:
            native = set(capabilities[platform].post_metrics) - (
                {"views"} if platform == "sandbox" else set()
            )
            assert set(target["metrics"]) == native, platform
            assert target["fetched_at"] is not None
            assert target["source"] == "stored"
            # Every shared metric is listed; those the platform does not report are null, never 0.
            assert set(target["figures"]) == set(POST_METRICS), platform
            unreported = set(POST_METRICS) - set(capabilities[platform].post_vocabulary)
            assert {m for m in unreported if target["figures"][m] is not None} == set(), platform
        else:
            assert (target["metrics"], target["fetched_at"], target["source"]) == (None, None, None), platform
    assert shown["instagram"]["metrics"]["reach"] == 30
    assert shown["instagram"]["figures"]["impressions"] == 40
    assert shown["x"]["figures"]["reach"] is None

    mastodon = accounts["mastodon"]["id"]
    history = await api.get(
        f"/api/v1/workspaces/{ws}/accounts/{mastodon}/metrics/history",
        params={
            "from": (hour - timedelta(hours=1)).isoformat(),
            "to": (hour + timedelta(hours=2)).isoformat(),
        },
        headers=headers,
    )
    assert history.status_code == 200, history.text
    items = history.json()["items"]
    assert len(items) in {1, 2}  # two when the runs straddled an hour
    assert items[-1]["followers"] is not None
    assert [i["fetched_at"] for i in items] == sorted(i["fetched_at"] for i in items)
    assert set(items[-1]["metrics"]) == set(capabilities["mastodon"].account_metrics)
    earlier = await api.get(
        f"/api/v1/workspaces/{ws}/accounts/{mastodon}/metrics/history",
        params={"from": (hour - timedelta(days=2)).isoformat(), "to": (hour - timedelta(days=1)).isoformat()},
        headers=headers,
    )
    assert earlier.json()["items"] == []
    backwards = await api.get(
        f"/api/v1/workspaces/{ws}/accounts/{mastodon}/metrics/history",
        params={"from": hour.isoformat(), "to": (hour - timedelta(hours=1)).isoformat()},
        headers=headers,
    )
    assert (backwards.status_code, backwards.json()["error"]["code"]) == (422, "invalid_range")

    # Someone else's workspace: neither the post nor the account exists there.
    async with signed_in_app(container, workspace_name="Elsewhere") as other:
        theirs = f"/api/v1/workspaces/{other.workspace}"
        post_read = await other.api.get(f"{theirs}/posts/{post['id']}/metrics", headers=other.headers)
        account_read = await other.api.get(
            f"{theirs}/accounts/{mastodon}/metrics/history", headers=other.headers
        )
        ours = await other.api.get(
            f"/api/v1/workspaces/{ws}/posts/{post['id']}/metrics", headers=other.headers
        )
    assert (post_read.status_code, post_read.json()["error"]["code"]) == (404, "post_not_found")
    assert (account_read.status_code, account_read.json()["error"]["code"]) == (404, "account_not_found")
    assert ours.status_code == 404


async def test_a_rate_limited_pull_waits_for_the_reset(
    world: tuple[Container, SignedIn], fakes: Everywhere
) -> None:
    container, signed_in = world
    fake = fakes.mastodon
    found = await connect(signed_in.api, signed_in.workspace, "mastodon", fakes, signed_in.headers)
    account_id = UUID(found[0]["id"])
    reset = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=10)
    fake.fail_next(
        "GET",
        "/api/v1/accounts/verify_credentials",
        status=429,
        json_body={"error": "Too many requests"},
        headers={"X-RateLimit-Reset": reset.isoformat().replace("+00:00", "Z")},
    )
    calls = len(fake.calls("GET", "/api/v1/accounts/verify_credentials"))

    result = await analytics.collect_account(container, account_id)

    assert result["outcome"] == "rate_limited"
    assert 595 <= result["retry_in_seconds"] <= 600
    assert len(fake.calls("GET", "/api/v1/accounts/verify_credentials")) == calls + 1  # no second try
    queue = QueueClient.from_connection_string(
        container.settings.storage_connection_string, container.settings.analytics_queue
    )
    async with queue:
        assert await queue.peek_messages(max_messages=5) == []  # invisible until the reset
        assert (await queue.get_queue_properties()).approximate_message_count == 1
    assert await _snapshots(container, analytics.ACCOUNT_METRICS, str(account_id)) == []


async def test_an_expired_token_is_refreshed_once_and_a_revoked_grant_needs_reauth(
    world: tuple[Container, SignedIn], fakes: Everywhere
) -> None:
    container, signed_in = world
    fake = fakes.x
    found = await connect(signed_in.api, signed_in.workspace, "x", fakes, signed_in.headers)
    account_id = UUID(found[0]["id"])
    url = f"/api/v1/workspaces/{signed_in.workspace}/accounts/{account_id}"

    fake.expire_tokens()  # X says so with a 401; our clock still thinks the token is good
    refreshed = await analytics.collect_account(container, account_id)
    assert (refreshed["outcome"], refreshed["account"]) == ("collected", True)
    assert len(fake.calls("POST", "/2/oauth2/token")) >= 2  # the grant, then one refresh

    fake.revoke_all()
    revoked = await analytics.collect_account(container, account_id)
    assert revoked["outcome"] == "needs_reauth"
    shown = (await signed_in.api.get(url, headers=signed_in.headers)).json()
    assert shown["status"] == "needs_reauth"
    assert shown["last_error"]
    # A stale message for an account that needs reconnecting does nothing, and none is queued for it.
    assert (await analytics.collect_account(container, account_id))["outcome"] == "skipped"
    await analytics.enqueue_collection(container, spread=timedelta(0))
    assert account_id not in await receive_account_messages(container)


async def test_the_timer_spreads_the_pulls_over_five_minutes(
    world: tuple[Container, SignedIn], fakes: Everywhere
) -> None:
    container, signed_in = world
    await connect(signed_in.api, signed_in.workspace, "mastodon", fakes, signed_in.headers)

    queued = await analytics.enqueue_collection(container)

    queue = QueueClient.from_connection_string(
        container.settings.storage_connection_string, container.settings.analytics_queue
    )
    workspaces = {ws for _, ws in await analytics.collectable_accounts(container)}
    async with queue:
        visible = await queue.peek_messages(max_messages=32)
        count = (await queue.get_queue_properties()).approximate_message_count
    # One pull per account, then one rollup per workspace a minute after the last pull.
    assert count == queued + len(workspaces)
    # One message per second of the window: only the first of every 300 is visible at once.
    assert len(visible) == -(-queued // 300)
    assert all("account_id" in base64.b64decode(m.content).decode() for m in visible)
