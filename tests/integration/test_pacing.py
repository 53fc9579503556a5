"""Pacing: platforms that ask for a pause between posts to one account (Telegram: about one message a
second per chat) get it from the pipeline, across concurrent workers, without anyone sleeping."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from shared.bootstrap import Container
from shared.domain.posts import TargetStatus
from shared.services import publishing
from tests.conftest import Stack, stack_settings
from tests.fakes.platforms.telegram import FakeTelegram
from tests.integration.harness import SignedIn, receive_publish_messages, signed_in_app

POSTS = 3


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
async def app(stack: Stack, telegram: FakeTelegram) -> AsyncIterator[tuple[Container, SignedIn]]:
    container = Container(stack_settings(stack, PLATFORM_BASE_URLS={"telegram": telegram.base_url}))
    await container.queue.create_queue(container.settings.publish_queue)
    async with signed_in_app(container, workspace_name="Paced") as signed_in:
        yield container, signed_in
    await container.aclose()


async def test_posts_to_one_telegram_chat_go_out_a_second_apart(
    app: tuple[Container, SignedIn], telegram: FakeTelegram
) -> None:
    container, signed_in = app
    token = telegram.add_bot()
    channel = telegram.add_channel("paced", "Paced")
    telegram.make_admin(channel, token)
    base = f"/api/v1/workspaces/{signed_in.workspace}"
    connected = await signed_in.api.post(
        f"{base}/accounts/connect/telegram",
        json={"fields": {"bot_token": token, "channel": "@paced"}},
        headers=signed_in.headers,
    )
    assert connected.status_code == 201, connected.text
    account = connected.json()["accounts"][0]["id"]
    posts = []
    for n in range(POSTS):
        created = await signed_in.api.post(
            f"{base}/posts",
            json={"text": f"update {n}", "targets": [{"account_id": account}], "publish_now": True},
            headers=signed_in.headers,
        )
        assert created.status_code == 201, created.text
        posts.append(created.json())
    # Every message arrives at once, as it would to concurrent workers: one goes, the others wait.
    first = await receive_publish_messages(container)
    outcomes = await asyncio.gather(*(publishing.publish_target(container, t) for t in first))
    assert sorted(outcomes) == sorted([TargetStatus.PUBLISHED] + [TargetStatus.RETRY_WAIT] * (POSTS - 1))
    deadline = datetime.now(UTC) + timedelta(seconds=20)
    while len(telegram.messages) < POSTS and datetime.now(UTC) < deadline:
        await asyncio.sleep(0.2)
        for target in await receive_publish_messages(container):
            await publishing.publish_target(container, target)
    assert len(telegram.messages) == POSTS
    published: list[datetime] = []
    for post in posts:
        view: dict[str, Any] = (
            await signed_in.api.get(f"{base}/posts/{post['id']}", headers=signed_in.headers)
        ).json()
        [target] = view["targets"]
        assert target["status"] == "published", target
        published.append(datetime.fromisoformat(target["published_at"]))
    published.sort()
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(published)]
    assert all(gap >= 0.9 for gap in gaps), gaps
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM publish_attempts pa JOIN post_targets t ON t.id = pa.target_id"
            " WHERE t.social_account_id = %s AND pa.error_code = 'paced'",
            (account,),
        )
        row = await cursor.fetchone()
        cursor = await conn.execute("SELECT rate_remaining FROM social_accounts WHERE id = %s", (account,))
        budget = await cursor.fetchone()
    assert row is not None
    assert row[0] >= POSTS - 1  # the waits are recorded, as rate waits (they use up no attempts)
    assert budget == (None,)  # pacing is ours: it does not pretend the platform's budget is spent
