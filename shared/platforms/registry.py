"""Which connector serves which platform."""

from __future__ import annotations

import httpx

from shared.config import Settings
from shared.domain.errors import NotFound
from shared.platforms import feed
from shared.platforms.base import Connector
from shared.platforms.sandbox import SandboxConnector

# Platforms whose accounts hold no token: publishing to them needs no credentials.
TOKENLESS_PLATFORMS = frozenset({feed.PLATFORM})


def build_connector(
    platform: str, settings: Settings, client: httpx.AsyncClient, db: feed.PoolProvider
) -> Connector:
    if platform == feed.PLATFORM:
        return feed.FeedConnector(db, settings.public_base_url)
    if platform == "sandbox":
        if not settings.sandbox_mode:
            raise NotFound("The sandbox platform is off here (SANDBOX_MODE).", code="platform_unavailable")
        return SandboxConnector(settings.sandbox_base_url, client)
    raise NotFound(f"No connector for platform {platform!r}.", code="unknown_platform")
