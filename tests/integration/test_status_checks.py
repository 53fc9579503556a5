"""Slow platforms: a publish the platform is still processing goes through the status-check queue.

The sandbox keeps uploaded videos `processing` for a while (as X, Mastodon or LinkedIn do), so the
worker must not sleep: the target becomes `processing`, a delayed status-check message asks again,
and the post is created exactly once when the video is ready.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
import pytest
from aiohttp import web

from shared.bootstrap import Container
from shared.domain.posts import TargetStatus
from shared.services import publishing
from tests.conftest import Stack, stack_settings, unique
from tests.integration.harness import receive_publish_messages, signed_in_app
from tests.unit.test_media_inspect import make_mp4
from tools.sandbox.server import create_app as create_sandbox

PROCESSING_SECONDS = 2.0


@dataclass
class Slow:
    container: Container
    api: httpx.AsyncClient
    sandbox: httpx.AsyncClient
    headers: dict[str, str]
    workspace: str

    async def processing_target(self) -> tuple[str, UUID]:
        """A post with a video to a new sandbox account, published until the platform processes it."""
        handle = unique("vid")
        connected = await self.api.post(
            f"/api/v1/workspaces/{self.workspace}/accounts/connect/sandbox",
            json={"handle": handle},
            headers=self.headers,
        )
        assert connected.status_code == 201, connected.text
        uploaded = await self.api.post(
            f"/api/v1/workspaces/{self.workspace}/media",
            headers=self.headers,
            files={"file": ("clip.mp4", make_mp4(frames=10), "video/mp4")},
        )
        assert uploaded.status_code == 201, uploaded.text
        created = await self.api.post(
            f"/api/v1/workspaces/{self.workspace}/posts",
            json={
                "text": "a video",
                "media_ids": [uploaded.json()["id"]],
                "targets": [{"account_id": connected.json()["id"]}],
                "publish_now": True,
            },
            headers=self.headers,
        )
        assert created.status_code == 201, created.text
        [target_id] = await receive_publish_messages(self.container)
        assert await publishing.publish_target(self.container, target_id) is TargetStatus.PROCESSING
        return handle, target_id

    async def target(self, target_id: UUID) -> dict[str, Any]:
        pool = await self.container.db()
        async with pool.connection() as conn:
            cursor = await conn.execute(
                "SELECT status, external_id, error_code, platform_state FROM post_targets WHERE id = %s",
                (target_id,),
            )
            row = await cursor.fetchone()
        assert row is not None
        return {"status": row[0], "external_id": row[1], "error_code": row[2], "state": row[3]}

    async def posts_received(self, handle: str) -> int:
        received = (await self.sandbox.get("/_control/received")).json()
        return sum(1 for p in received["posts"] if p["handle"] == handle)

    async def checks(self) -> list[UUID]:
        return await receive_publish_messages(self.container, self.container.settings.status_check_queue)


@pytest.fixture
async def slow(stack: Stack) -> AsyncIterator[Slow]:
    runner = web.AppRunner(
        create_sandbox(video_processing_seconds=PROCESSING_SECONDS), access_log=None, shutdown_timeout=0.5
    )
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    sandbox_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    container = Container(stack_settings(stack, SANDBOX_MODE=True, SANDBOX_BASE_URL=sandbox_url))
    for queue in (container.settings.publish_queue, container.settings.status_check_queue):
        await container.queue.create_queue(queue)
    await container.blob.create_container(container.settings.media_container)
    async with (
        signed_in_app(container, workspace_name="Slow platforms") as signed_in,
        httpx.AsyncClient(base_url=sandbox_url, timeout=10) as sandbox,
    ):
        await receive_publish_messages(container, container.settings.status_check_queue)  # earlier runs
        yield Slow(container, signed_in.api, sandbox, signed_in.headers, signed_in.workspace)
    await container.aclose()
    await runner.cleanup()


async def test_a_processing_video_is_checked_later_and_published_once(slow: Slow) -> None:
    handle, target_id = await slow.processing_target()
    target = await slow.target(target_id)
    assert target["status"] == "processing"
    assert target["state"]["media_ids"]
    assert await slow.posts_received(handle) == 0
    # Asking before the platform's hint changes nothing (and does not call the platform).
    assert await publishing.check_processing(slow.container, target_id) is None
    assert target_id not in await slow.checks()  # its status-check message is still invisible
    await asyncio.sleep(PROCESSING_SECONDS + 0.5)
    assert target_id in await slow.checks()
    assert await publishing.check_processing(slow.container, target_id) is TargetStatus.PUBLISHED
    # A duplicate of the message finds nothing to do.
    assert await publishing.check_processing(slow.container, target_id) is None
    target = await slow.target(target_id)
    assert target["status"] == "published"
    assert target["external_id"]
    assert await slow.posts_received(handle) == 1
    pool = await slow.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT from_status, to_status, outcome FROM publish_attempts"
            " WHERE target_id = %s ORDER BY started_at",
            (target_id,),
        )
        attempts = await cursor.fetchall()
    assert attempts == [("queued", "processing", "pending"), ("processing", "published", "success")]


async def test_a_video_still_processing_is_asked_about_again_later(slow: Slow) -> None:
    handle, target_id = await slow.processing_target()
    pool = await slow.container.db()
    async with pool.connection() as conn:  # a check that runs while the platform is still working
        await conn.execute("UPDATE post_targets SET next_check_at = now() WHERE id = %s", (target_id,))
    assert await publishing.check_processing(slow.container, target_id) is TargetStatus.PROCESSING
    assert (await slow.target(target_id))["status"] == "processing"
    assert await slow.posts_received(handle) == 0
    await asyncio.sleep(PROCESSING_SECONDS + 0.5)
    assert target_id in await slow.checks()  # the first message and the one the early check sent
    assert await publishing.check_processing(slow.container, target_id) is TargetStatus.PUBLISHED
    assert await slow.posts_received(handle) == 1


async def test_processing_past_the_limit_fails_with_a_reason(slow: Slow) -> None:
    handle, target_id = await slow.processing_target()
    pool = await slow.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE post_targets SET processing_started_at = now() - interval '3 hours',"
            " next_check_at = now() WHERE id = %s",
            (target_id,),
        )
    assert await publishing.check_processing(slow.container, target_id) is TargetStatus.FAILED
    target = await slow.target(target_id)
    assert target["status"] == "failed"
    assert target["error_code"] == "processing_timeout"
    assert await slow.posts_received(handle) == 0


async def test_the_sweep_asks_again_when_a_check_message_was_lost(slow: Slow) -> None:
    _, target_id = await slow.processing_target()
    await asyncio.sleep(PROCESSING_SECONDS + 0.5)
    assert target_id in await slow.checks()  # received and "lost"
    pool = await slow.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE post_targets SET next_check_at = now() - interval '10 minutes' WHERE id = %s",
            (target_id,),
        )
    swept = await publishing.sweep(slow.container)
    assert swept["rechecked"] >= 1
    assert target_id in await slow.checks()
    assert await publishing.check_processing(slow.container, target_id) is TargetStatus.PUBLISHED


async def test_a_token_revoked_while_processing_fails_the_target_and_flags_the_account(slow: Slow) -> None:
    from shared.platforms.base import Credentials
    from shared.services import token_vault

    _, target_id = await slow.processing_target()
    pool = await slow.container.db()
    key, _ = await token_vault.keys(slow.container.secrets)
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT social_account_id FROM post_targets WHERE id = %s", (target_id,))
        row = await cursor.fetchone()
        assert row is not None
        account_id = row[0]
        revoked = Credentials(access_token="no-longer-valid")  # what the platform now refuses, unrefreshable
        await conn.execute(
            "UPDATE social_accounts SET token_ciphertext = %s, token_key_id = %s WHERE id = %s",
            (token_vault.seal(key, revoked, bound_to=str(account_id)), key.key_id, account_id),
        )
        await conn.execute("UPDATE post_targets SET next_check_at = now() WHERE id = %s", (target_id,))
    assert await publishing.check_processing(slow.container, target_id) is TargetStatus.FAILED
    target = await slow.target(target_id)
    assert target["error_code"] == "needs_reauth"
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT status, last_error FROM social_accounts WHERE id = %s", (account_id,)
        )
        status, last_error = await cursor.fetchone() or (None, None)
    assert status == "needs_reauth"
    assert last_error
