"""Which connector serves which platform, and the catalog people choose from.

Every platform module exposes `PLATFORM`, `NAME`, `AUTH`, `CAPABILITIES` and
`build(settings, client) -> Connector`; modules are imported on first use so a cold start pays only
for the platforms it publishes to. A module whose hosts people name (self-hosted servers) also sets
`USER_NAMED_HOSTS = True` and is built with `build(settings, client, egress)`: `egress` is the client
whose connections pass the egress guard (shared/adapters/egress.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import httpx

from shared.adapters.egress import EgressClient
from shared.config import Settings
from shared.domain.errors import NotFound
from shared.platforms import feed
from shared.platforms.base import AuthSpec, Capabilities, Connector

# Platforms whose accounts hold no token: publishing to them needs no credentials.
TOKENLESS_PLATFORMS = frozenset({feed.PLATFORM})

# platform id → module. The ids are stored on accounts: never rename one.
MODULES: dict[str, str] = {
    "x": "shared.platforms.x",
    "facebook": "shared.platforms.facebook",
    "instagram": "shared.platforms.instagram",
    "instagram_login": "shared.platforms.instagram_login",
    "threads": "shared.platforms.threads",
    "linkedin": "shared.platforms.linkedin",
    "youtube": "shared.platforms.youtube",
    "tiktok": "shared.platforms.tiktok",
    "pinterest": "shared.platforms.pinterest",
    "telegram": "shared.platforms.telegram",
    "mastodon": "shared.platforms.mastodon",
    "bluesky": "shared.platforms.bluesky",
}


def module(platform: str) -> ModuleType:
    name = MODULES.get(platform)
    if name is None:
        raise NotFound(f"No connector for platform {platform!r}.", code="unknown_platform")
    return importlib.import_module(name)


def build_connector(
    platform: str,
    settings: Settings,
    client: httpx.AsyncClient,
    db: feed.PoolProvider,
    *,
    egress: Callable[[], EgressClient] | None = None,
) -> Connector:
    """`egress` gives the guarded client, for the platforms whose hosts people name."""
    if platform == feed.PLATFORM:
        return feed.FeedConnector(db, settings.public_base_url)
    if platform == "sandbox":
        if not settings.sandbox_mode:
            raise NotFound("The sandbox platform is off here (SANDBOX_MODE).", code="platform_unavailable")
        from shared.platforms.sandbox import SandboxConnector

        return SandboxConnector(settings.sandbox_base_url, client)
    mod = module(platform)
    if getattr(mod, "USER_NAMED_HOSTS", False):
        if egress is None:
            from shared.adapters.egress import EgressGuard

            guarded: EgressClient = EgressGuard.from_settings(settings).client(timeout=client.timeout)
        else:
            guarded = egress()
        named: Connector = mod.build(settings, client, guarded)
        return named
    connector: Connector = mod.build(settings, client)
    return connector


@dataclass(frozen=True)
class PlatformInfo:
    platform: str
    name: str
    auth: AuthSpec
    capabilities: Capabilities
    enabled: bool
    why_disabled: str | None = None


def enabled(settings: Settings, auth: AuthSpec) -> bool:
    """OAuth platforms need our app's client id; credential platforms need nothing of ours."""
    return not auth.client_id_setting or bool(getattr(settings, auth.client_id_setting, ""))


def info(settings: Settings, platform: str) -> PlatformInfo:
    """One platform's catalog entry (imports only that platform's module)."""
    if platform == feed.PLATFORM:
        return PlatformInfo(feed.PLATFORM, "clickKloudy feed", AuthSpec(kind="none"), feed.CAPABILITIES, True)
    if platform == "sandbox":
        from shared.platforms import sandbox

        return PlatformInfo(
            "sandbox",
            sandbox.NAME,
            AuthSpec(kind="none"),
            sandbox.CAPABILITIES,
            settings.sandbox_mode,
            None if settings.sandbox_mode else "SANDBOX_MODE is off",
        )
    mod = module(platform)
    on = enabled(settings, mod.AUTH)
    return PlatformInfo(
        platform,
        mod.NAME,
        mod.AUTH,
        mod.CAPABILITIES,
        on,
        None if on else f"{mod.AUTH.client_id_setting.upper()} is not set",
    )


def catalog(settings: Settings) -> list[PlatformInfo]:
    """Every platform we speak, in a stable order, and whether this deployment can connect it."""
    return [info(settings, platform) for platform in (feed.PLATFORM, "sandbox", *MODULES)]
