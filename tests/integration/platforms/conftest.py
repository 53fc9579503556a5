"""Shared pieces of the connector contract tests: a file host, media files, a short-timeout client,
a fake served for a fixture's lifetime and connector settings pointing at it."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import TypeVar
from urllib.parse import urlsplit

import httpx
import pytest
from PIL import Image

from shared.adapters.egress import EgressClient, EgressGuard
from shared.config import Settings
from shared.platforms.base import OAuthClient
from tests.fakes.platforms.base import FakePlatform, FileHost
from tests.fakes.platforms.everywhere import OAUTH_CLIENT, OAUTH_SETTINGS
from tests.unit.test_media_inspect import make_mp4

# Short, so "the platform accepted and then went quiet" tests finish quickly.
CLIENT_TIMEOUT = 1.0

Fake = TypeVar("Fake", bound=FakePlatform)


@pytest.fixture(scope="session")
def files() -> Iterator[FileHost]:
    host = FileHost()
    host.start()
    yield host
    host.stop()


def jpeg(size: tuple[int, int] = (640, 480), color: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def png(size: tuple[int, int] = (320, 320)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (200, 10, 10, 255)).save(out, "PNG")
    return out.getvalue()


def mp4(frames: int = 20, fps: int = 10, size: tuple[int, int] = (96, 64)) -> bytes:
    return make_mp4(frames=frames, fps=fps, size=size)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT) as client:
        yield client


def serve(fake: Fake) -> Iterator[Fake]:
    """`fake` serving while the fixture that yields from this lives."""
    fake.start()
    yield fake
    fake.stop()


@asynccontextmanager
async def guarded(settings: Settings, **guard: object) -> AsyncIterator[EgressClient]:
    """The egress client a connector of a self-hosted platform gets, with the tests' short timeout;
    `guard`: EgressGuard's resolver or backend."""
    async with EgressGuard.from_settings(settings, **guard).client(timeout=CLIENT_TIMEOUT) as client:
        yield client


class NoApps:
    """No per-server app cache: a platform with one fixed OAuth client never registers one."""

    async def get(self, platform: str, instance: str) -> OAuthClient | None:
        return None

    async def put(self, platform: str, instance: str, client: OAuthClient) -> None:
        return None


def connector_settings(platform: str, base_url: str, **fields: object) -> Settings:
    """Settings that send every host of `platform` to its fake, with the OAuth client the fakes know
    (where it has one) and the fake's host:port let through the egress guard (it is on loopback);
    `fields` by setting name (field or alias)."""
    values: dict[str, object] = {
        "ENVIRONMENT": "test",
        "PLATFORM_BASE_URLS": {platform: base_url},
        "EGRESS_ALLOW_HOSTS": [urlsplit(base_url).netloc],
    }
    if platform in OAUTH_SETTINGS:
        client_id, secret = OAUTH_SETTINGS[platform]
        values[client_id], values[secret] = OAUTH_CLIENT
    values.update(fields)
    return Settings(**values)  # type: ignore[arg-type]
