"""Which connector serves which platform, and the catalog people choose from.

Every platform module exposes `PLATFORM`, `NAME`, `AUTH`, `CAPABILITIES` and
`build(settings, client) -> Connector`; modules are imported on first use so a cold start pays only
for the platforms it publishes to. A module whose hosts people name (self-hosted servers) also sets
`USER_NAMED_HOSTS = True` and is built with `build(settings, client, egress)`: `egress` is the client
whose connections pass the egress guard (shared/adapters/egress.py).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpx

from shared.adapters.egress import EgressClient
from shared.config import Settings
from shared.domain.errors import DependencyUnavailable, NotFound
from shared.platforms import feed
from shared.platforms.base import AuthSpec, Capabilities, Connector

log = logging.getLogger(__name__)

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
    blob: feed.BlobProvider | None = None,
) -> Connector:
    """`egress` gives the guarded client, for the platforms whose hosts people name; `blob` the
    media store, for the feed (it keeps copies of the files it publishes)."""
    if platform == feed.PLATFORM:
        if blob is None:
            raise ValueError("the feed connector needs the media blob store")
        return feed.FeedConnector(
            db, settings.public_base_url, blob=blob, media_container=settings.media_container
        )
    if platform == "sandbox":
        if not settings.sandbox_mode:
            raise not_configured(info(settings, platform))
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


def not_configured(platform: PlatformInfo) -> DependencyUnavailable:
    """What a person hears when they ask for a platform this deployment has not turned on.

    The reason (a setting name) is for the operator: it goes to the log and to the catalog's
    `why_disabled`, never into the message.
    """
    log.warning("%s was asked for but is off: %s", platform.platform, platform.why_disabled)
    return DependencyUnavailable(
        f"{platform.name} isn't available on this clickKloudy yet. Ask your administrator to turn it on.",
        code="platform_not_configured",
    )


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


# Capability fields about analytics: the catalog lists them apart from the limits.
METRIC_FIELDS = ("post_metrics", "account_metrics", "post_vocabulary", "account_vocabulary")

# Capability numbers where 0 means "no limit" (Capabilities says so): the catalog shows null.
NO_LIMIT_WHEN_ZERO = (
    "max_image_bytes",
    "max_video_bytes",
    "min_video_seconds",
    "max_video_seconds",
    "max_posts_per_second",
)


def public_capabilities(caps: Capabilities) -> dict[str, Any]:
    """The capabilities as the catalog (and the README table) shows them, with no zero in two senses.

    A limit that is 0 for "no limit" is None (JSON null); `max_images` and `max_videos`, 0 for "as
    many as `max_media`", are that number. `max_media` 0 stays 0: no media at all (text only), as
    `title_max_length` 0 means the platform takes no title. Metrics are listed apart.
    """
    out: dict[str, Any] = {name: value for name, value in vars(caps).items() if name not in METRIC_FIELDS}
    out["media_kinds"] = sorted(caps.media_kinds)
    out["max_images"] = caps.max_images or caps.max_media
    out["max_videos"] = caps.max_videos or caps.max_media
    for name in NO_LIMIT_WHEN_ZERO:
        if not out[name]:
            out[name] = None
    return out


def catalog(settings: Settings) -> list[PlatformInfo]:
    """Every platform we speak, in a stable order, and whether this deployment can connect it."""
    return [info(settings, platform) for platform in (feed.PLATFORM, "sandbox", *MODULES)]
