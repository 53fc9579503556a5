"""Every platform fake at once, for tests that publish one post everywhere through a running app.

`Everywhere` starts the twelve fakes (threads serving real HTTP on 127.0.0.1), gives the settings
that point the app at them, connects one account on each the way a person does over the app's
HTTP API (OAuth through the consent redirect, or credentials), and counts what each fake received.
The app is reached with any httpx.AsyncClient: the app in process (ASGI) or a dev host over HTTP.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

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

# The app settings holding each OAuth platform's client id and secret (the fakes know "test-client").
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
OAUTH_CLIENT = ("test-client", "test-secret")
VIDEO_ONLY = frozenset({"youtube", "tiktok"})
CREDENTIALS_ONLY = frozenset({"telegram", "bluesky"})  # connected at once, no consent page
TELEGRAM_CHANNEL = "everywhere"

# Which of the accounts one consent connected to use (default: the first).
Chooser = Callable[[list[dict[str, Any]]], dict[str, Any]]


def _first(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0]


@dataclass
class Everywhere:
    """One fake per platform, typed, so tests can reach each fake's own state."""

    x: FakeX = field(default_factory=FakeX)
    facebook: FakeFacebook = field(default_factory=FakeFacebook)
    instagram: FakeInstagram = field(default_factory=FakeInstagram)
    instagram_login: FakeInstagramLogin = field(default_factory=FakeInstagramLogin)
    threads: FakeThreads = field(default_factory=FakeThreads)
    linkedin: FakeLinkedIn = field(default_factory=FakeLinkedIn)
    youtube: FakeYouTube = field(default_factory=FakeYouTube)
    tiktok: FakeTikTok = field(default_factory=FakeTikTok)
    pinterest: FakePinterest = field(default_factory=FakePinterest)
    telegram: FakeTelegram = field(default_factory=FakeTelegram)
    mastodon: FakeMastodon = field(default_factory=FakeMastodon)
    bluesky: FakeBluesky = field(default_factory=FakeBluesky)

    @property
    def by_platform(self) -> dict[str, FakePlatform]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def settings(self) -> dict[str, object]:
        """Settings (by alias) that send every platform to its fake and turn it on; the fakes listen
        on loopback, so the egress guard lets their host:port through (Mastodon, Bluesky)."""
        values: dict[str, object] = {
            "PLATFORM_BASE_URLS": {p: f.base_url for p, f in self.by_platform.items()},
            "EGRESS_ALLOW_HOSTS": ",".join(urlsplit(f.base_url).netloc for f in self.by_platform.values()),
        }
        for client_id, secret in OAUTH_SETTINGS.values():
            values[client_id], values[secret] = OAUTH_CLIENT
        return values

    def env(self) -> dict[str, str]:
        """The same settings in environment spelling, for an app in another process."""
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in self.settings().items()}

    def credentials(self, platform: str) -> dict[str, str]:
        """The connect form's fields: credentials for telegram and bluesky, the instance for mastodon."""
        if platform == "telegram":
            token = self.telegram.add_bot()
            channel = next(
                (c for c in self.telegram.chats.values() if c.username == TELEGRAM_CHANNEL), None
            ) or self.telegram.add_channel(TELEGRAM_CHANNEL, "Everywhere")
            self.telegram.make_admin(channel, token)
            return {"bot_token": token, "channel": f"@{TELEGRAM_CHANNEL}"}
        if platform == "bluesky":
            return {"handle": "alice.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"}
        if platform == "mastodon":
            return {"instance": self.mastodon.base_url}
        return {}

    def received(self) -> dict[str, int]:
        """How many posts each fake holds, read from its own state (what a person would see there)."""
        return {
            "x": len(self.x.posts),
            "facebook": len(self.facebook.posts),
            "instagram": len(self.instagram.media),
            "instagram_login": len(self.instagram_login.media),
            "threads": len(self.threads.posts),
            "linkedin": len(self.linkedin.posts),
            "youtube": len(self.youtube.videos),
            "tiktok": len(self.tiktok.completed),
            "pinterest": len(self.pinterest.pins),
            "telegram": len(self.telegram.messages),
            "mastodon": len(self.mastodon.statuses),
            "bluesky": len(self.bluesky.posts),
        }

    def media_on_latest(self) -> dict[str, int]:
        """How many files each fake's newest post carries, read from its own state: what a person
        would see attached to the post there (an album, a carousel, a multi-image post)."""
        x = self.x.posts[-1]
        facebook = list(self.facebook.posts.values())[-1]
        linkedin = list(self.linkedin.posts.values())[-1].get("content") or {}
        source = list(self.pinterest.pins.values())[-1]["media_source"]
        threads = list(self.threads.posts.values())[-1]
        container = self.threads.containers[threads.container_id]
        embed = self.bluesky.posts[-1].value.get("embed") or {}
        last_group = self.telegram.messages[-1].get("media_group_id")
        telegram = (
            [m for m in self.telegram.messages if m.get("media_group_id") == last_group]
            if last_group
            else self.telegram.messages[-1:]
        )

        def instagram(fake: FakeInstagram) -> int:
            media = list(fake.media.values())[-1]
            return len(media.children) or 1

        return {
            "x": len(x.media_ids),
            "facebook": len(facebook.photos) + (1 if facebook.video else 0),
            "instagram": instagram(self.instagram),
            "instagram_login": instagram(self.instagram_login),
            "threads": len(container.children) or (0 if threads.media_type == "TEXT_POST" else 1),
            "linkedin": len((linkedin.get("multiImage") or {}).get("images", []))
            or (1 if "media" in linkedin else 0),
            "youtube": 1 if self.youtube.videos else 0,
            "tiktok": 1 if self.tiktok.completed else 0,
            "pinterest": len(source.get("items", [])) or 1,
            "telegram": sum(len(m.get("media", [])) for m in telegram),
            "mastodon": len(self.mastodon.statuses[-1]["media_attachments"]),
            "bluesky": len(embed.get("images", [])) or (1 if "video" in embed else 0),
        }


@contextmanager
def running_fakes() -> Iterator[Everywhere]:
    fakes = Everywhere()
    started: list[FakePlatform] = []
    try:
        for fake in fakes.by_platform.values():
            started.append(fake.start())
        yield fakes
    finally:
        for fake in started:
            fake.stop()


async def connect(
    api: httpx.AsyncClient,
    ws: str,
    platform: str,
    fakes: Everywhere,
    headers: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Connect `platform` over the app's API (`headers` sign the person in); the accounts it connected.

    An OAuth platform goes the browser's way: its consent page (approved at once, always over real
    HTTP) redirects to our callback with code and state, which `api` follows without the person's
    headers, as a browser would.
    """
    path = f"/api/v1/workspaces/{ws}/accounts"
    form = {"fields": fakes.credentials(platform)}
    started = await api.post(f"{path}/connect/{platform}", json=form, headers=headers)
    if platform in CREDENTIALS_ONLY:
        assert started.status_code == 201, (platform, started.text)
        connected: list[dict[str, Any]] = started.json()["accounts"]
        return connected
    assert started.status_code == 200, (platform, started.text)
    async with httpx.AsyncClient(timeout=api.timeout) as browser:
        consent = await browser.get(started.json()["authorize_url"], follow_redirects=False)
    assert consent.status_code in (302, 303), (platform, consent.status_code, consent.text)
    callback = consent.headers["location"]
    ours = str(api.base_url).rstrip("/")
    assert callback.startswith(f"{ours}/api/v1/oauth/{platform}/callback"), (platform, callback)
    done = await api.get(callback, follow_redirects=False)
    assert done.status_code == 303, (platform, done.status_code, done.text)
    back = parse_qs(urlsplit(done.headers["location"]).query)
    assert "error" not in back, (platform, back)
    listed = await api.get(path, params={"platform": platform}, headers=headers)
    assert listed.status_code == 200, (platform, listed.text)
    items: list[dict[str, Any]] = listed.json()["items"]
    assert items, platform
    return items  # one consent may connect several (LinkedIn: the member and their pages)


async def connect_all(
    api: httpx.AsyncClient,
    ws: str,
    fakes: Everywhere,
    *,
    sandbox: str,
    headers: Mapping[str, str] | None = None,
    choose: Mapping[str, Chooser] | None = None,
) -> dict[str, dict[str, Any]]:
    """One account on each of the twelve platforms, the sandbox (as handle `sandbox`) and the
    workspace's feed, by platform name."""
    accounts = {
        platform: (choose or {}).get(platform, _first)(await connect(api, ws, platform, fakes, headers))
        for platform in fakes.by_platform
    }
    path = f"/api/v1/workspaces/{ws}/accounts"
    connected = await api.post(f"{path}/connect/sandbox", json={"handle": sandbox}, headers=headers)
    assert connected.status_code == 201, connected.text
    accounts["sandbox"] = connected.json()
    feed = (await api.get(path, params={"platform": "feed"}, headers=headers)).json()["items"]
    assert len(feed) == 1, feed
    accounts["feed"] = feed[0]
    return accounts


async def upload(
    api: httpx.AsyncClient,
    ws: str,
    file: tuple[str, bytes, str],
    headers: Mapping[str, str] | None = None,
) -> str:
    """Upload `file` (name, data, content type) to the workspace's media; its id."""
    response = await api.post(f"/api/v1/workspaces/{ws}/media", files={"file": file}, headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def post_body(
    accounts: Mapping[str, Mapping[str, Any]], image: str, video: str, **when: object
) -> dict[str, Any]:
    """The one post to every account: the image, or where only video goes the video with a title and
    privacy; `when` is `publish_now` or `scheduled_at`."""
    targets = []
    for platform, account in accounts.items():
        target: dict[str, Any] = {"account_id": account["id"]}
        if platform in VIDEO_ONLY:
            target.update(media_ids=[video], options={"title": "Launch day", "privacy": "public"})
        targets.append(target)
    return {"text": "Launch day: one post, every network", "media_ids": [image], "targets": targets, **when}
