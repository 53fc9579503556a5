"""A workspace connected to every platform fake, the sandbox and the feed, and one post published to all
of them through the real pipeline: what tests of everything-after-publishing start from."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import httpx
from aiohttp import web
from azure.storage.queue.aio import QueueClient

from shared.bootstrap import Container
from shared.platforms.registry import MODULES
from shared.services import publishing
from tests.conftest import Stack, stack_settings, unique
from tests.fakes.platforms.base import FakePlatform
from tests.fakes.platforms.bluesky import FakeBluesky
from tests.fakes.platforms.facebook import FakeFacebook
from tests.fakes.platforms.instagram import FakeInstagram
from tests.fakes.platforms.instagram_login import FakeInstagramLogin
from tests.fakes.platforms.linkedin import FakeLinkedIn
from tests.fakes.platforms.mastodon import FakeMastodon
from tests.fakes.platforms.pinterest import FakePinterest
from tests.fakes.platforms.telegram import FakeTelegram
from tests.fakes.platforms.threads import FakeThreads
from tests.fakes.platforms.tiktok import FakeTikTok
from tests.fakes.platforms.x import FakeX
from tests.fakes.platforms.youtube import FakeYouTube
from tests.integration.harness import SignedIn, receive_publish_messages, signed_in_app
from tests.integration.platforms.conftest import jpeg, mp4
from tools.sandbox.server import create_app as create_sandbox

OAUTH_SETTINGS = {
    "x": ("X_CLIENT_ID", "X_CLIENT_SECRET"),
    "facebook": ("FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET"),
    "instagram": ("FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET"),
    "instagram_login": ("INSTAGRAM_APP_ID", "INSTAGRAM_APP_SECRET"),
    "threads": ("THREADS_APP_ID", "THREADS_APP_SECRET"),
    "linkedin": ("LINKEDIN_CLIENT_ID", "LINKEDIN_CLIENT_SECRET"),
    "youtube": ("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"),
    "tiktok": ("TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"),
    "pinterest": ("PINTEREST_APP_ID", "PINTEREST_APP_SECRET"),
}
VIDEO_ONLY = {"youtube", "tiktok"}

# Which of the accounts a grant lists to use (default: the first).
Chooser = Callable[[list[dict[str, Any]]], dict[str, Any]]


def _first(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0]


def make_fakes() -> dict[str, FakePlatform]:
    return {
        "x": FakeX(),
        "facebook": FakeFacebook(),
        "instagram": FakeInstagram(),
        "instagram_login": FakeInstagramLogin(),
        "threads": FakeThreads(),
        "linkedin": FakeLinkedIn(),
        "youtube": FakeYouTube(),
        "tiktok": FakeTikTok(),
        "pinterest": FakePinterest(),
        "telegram": FakeTelegram(),
        "mastodon": FakeMastodon(),
        "bluesky": FakeBluesky(),
    }


@asynccontextmanager
async def everywhere(
    stack: Stack, fakes: dict[str, FakePlatform], **overrides: object
) -> AsyncIterator[tuple[Container, SignedIn]]:
    """A container whose platforms are the fakes (and a sandbox server), with a signed-in owner."""
    runner = web.AppRunner(create_sandbox(), access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    values: dict[str, object] = {
        "PLATFORM_BASE_URLS": {platform: fake.base_url for platform, fake in fakes.items()},
        "SANDBOX_MODE": True,
        "SANDBOX_BASE_URL": f"http://127.0.0.1:{runner.addresses[0][1]}",
        "PUBLIC_BASE_URL": "http://testserver",
        "PLATFORM_TIMEOUT_SECONDS": 10,
    }
    for client_id, secret in OAUTH_SETTINGS.values():
        values[client_id], values[secret] = "test-client", "test-secret"
    values.update(overrides)
    container = Container(stack_settings(stack, **values))
    try:
        for queue in (container.settings.publish_queue, container.settings.status_check_queue):
            await container.queue.create_queue(queue)
        await container.blob.create_container(container.settings.media_container)
        async with signed_in_app(container, workspace_name="Everywhere") as signed_in:
            yield container, signed_in
    finally:
        await container.aclose()
        await runner.cleanup()


async def connect_oauth(
    api: httpx.AsyncClient, headers: dict[str, str], ws: str, platform: str, fields: dict[str, str]
) -> list[dict[str, Any]]:
    """Through the API as a person would: start, consent at the fake, come back; returns the accounts."""
    started = await api.post(
        f"/api/v1/workspaces/{ws}/accounts/connect/{platform}", json={"fields": fields}, headers=headers
    )
    assert started.status_code == 200, (platform, started.text)
    async with httpx.AsyncClient() as browser:
        consent = await browser.get(started.json()["authorize_url"], follow_redirects=False)
    assert consent.status_code in (302, 303), (platform, consent.status_code, consent.text)
    params = {k: v[0] for k, v in parse_qs(urlsplit(consent.headers["location"]).query).items()}
    done = await api.get(f"/api/v1/oauth/{platform}/callback", params=params)
    back = parse_qs(urlsplit(done.headers["location"]).query)
    assert "error" not in back, (platform, back)
    listed = await api.get(
        f"/api/v1/workspaces/{ws}/accounts", params={"platform": platform}, headers=headers
    )
    items: list[dict[str, Any]] = listed.json()["items"]
    assert items, platform
    return items


async def connect_everywhere(
    signed_in: SignedIn, fakes: dict[str, FakePlatform], choose: dict[str, Chooser] | None = None
) -> dict[str, dict[str, Any]]:
    """One account per platform (the sandbox and the feed included), by platform id."""
    api, headers, ws = signed_in.api, signed_in.headers, signed_in.workspace
    accounts: dict[str, dict[str, Any]] = {}
    for platform in MODULES:
        fake = fakes[platform]
        if platform == "telegram":
            assert isinstance(fake, FakeTelegram)
            token = fake.add_bot()
            channel = fake.add_channel("everywhere", "Everywhere")
            fake.make_admin(channel, token)
            fields = {"bot_token": token, "channel": "@everywhere"}
        elif platform == "bluesky":
            fields = {"handle": "alice.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"}
        else:
            fields = {"instance": fake.base_url} if platform == "mastodon" else {}
            items = await connect_oauth(api, headers, ws, platform, fields)
            accounts[platform] = (choose or {}).get(platform, _first)(items)
            continue
        connected = await api.post(
            f"/api/v1/workspaces/{ws}/accounts/connect/{platform}", json={"fields": fields}, headers=headers
        )
        assert connected.status_code == 201, (platform, connected.text)
        accounts[platform] = connected.json()["accounts"][0]
    sandbox = await api.post(
        f"/api/v1/workspaces/{ws}/accounts/connect/sandbox", json={"handle": unique("all")}, headers=headers
    )
    accounts["sandbox"] = sandbox.json()
    listed = (
        await api.get(f"/api/v1/workspaces/{ws}/accounts", params={"platform": "feed"}, headers=headers)
    ).json()
    accounts["feed"] = listed["items"][0]
    return accounts


async def publish_everywhere(
    container: Container, signed_in: SignedIn, accounts: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """One post (an image; a video where only video goes) to every account, published and settled."""
    api, headers, ws = signed_in.api, signed_in.headers, signed_in.workspace

    async def upload(data: bytes, content_type: str, name: str) -> str:
        response = await api.post(
            f"/api/v1/workspaces/{ws}/media", headers=headers, files={"file": (name, data, content_type)}
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    image = await upload(jpeg((1080, 1080)), "image/jpeg", "square.jpg")
    video = await upload(mp4(frames=30, size=(720, 1280)), "video/mp4", "clip.mp4")
    targets = []
    for platform, account in accounts.items():
        target: dict[str, Any] = {"account_id": account["id"]}
        if platform in VIDEO_ONLY:
            target.update(media_ids=[video], options={"title": "Launch day", "privacy": "public"})
        targets.append(target)
    created = await api.post(
        f"/api/v1/workspaces/{ws}/posts",
        json={
            "text": "Launch day: one post, every network",
            "media_ids": [image],
            "targets": targets,
            "publish_now": True,
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    post = created.json()
    for target_id in await receive_publish_messages(container):
        await publishing.publish_target(container, target_id)
    pool = await container.db()
    for _ in range(30):  # slow platforms: ask again (due now) until every target settles
        async with pool.connection() as conn:
            cursor = await conn.execute(
                "UPDATE post_targets SET next_check_at = now()"
                " WHERE post_id = %s AND status = 'processing' RETURNING id",
                (post["id"],),
            )
            processing = [row[0] for row in await cursor.fetchall()]
        if not processing:
            break
        for target_id in processing:
            await publishing.check_processing(container, target_id)
    await receive_publish_messages(container, container.settings.status_check_queue)
    settled: dict[str, Any] = (
        await api.get(f"/api/v1/workspaces/{ws}/posts/{post['id']}", headers=headers)
    ).json()
    return settled


async def receive_account_messages(container: Container) -> list[UUID]:
    """Receive (and delete) every visible analytics message: the account ids the trigger would get."""
    from shared.services.analytics import parse_message

    queue = QueueClient.from_connection_string(
        container.settings.storage_connection_string, container.settings.analytics_queue
    )
    found: list[UUID] = []
    async with queue:
        while True:
            batch = [m async for m in queue.receive_messages(messages_per_page=32, max_messages=32)]
            if not batch:
                return found
            for message in batch:
                found.append(parse_message(base64.b64decode(message.content)))
                await queue.delete_message(message)
