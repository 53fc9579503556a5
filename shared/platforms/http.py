"""One platform HTTP call with its transport failures classified, and the platform's hosts.

Only transport failures are decided here; what an HTTP status or error body means is the
connector's business (platforms disagree: Bluesky answers an expired token with 400, Meta puts rate
limits in 400/403 bodies). Nothing is retried automatically: a create repeated by a library could
post twice.
"""

from __future__ import annotations

from typing import Any

import httpx

from shared.adapters.egress import HostNotAllowed
from shared.config import Settings
from shared.platforms.base import AmbiguousError, PermanentError, TransientError


def hosts(settings: Settings, platform: str, defaults: dict[str, str]) -> dict[str, str]:
    """The base URL of each of the platform's hosts; PLATFORM_BASE_URLS sends them all to one server."""
    override = settings.platform_base_urls.get(platform, "").rstrip("/")
    return {name: override or url.rstrip("/") for name, url in defaults.items()}


async def send(
    client: httpx.AsyncClient, method: str, url: str, *, creates: bool, name: str, **kwargs: Any
) -> httpx.Response:
    """Send one request. `creates`: the request may create something, so a lost answer is ambiguous.

    `name` is the platform's display name for messages. Every status is returned as is.
    """
    try:
        return await client.request(method, url, **kwargs)
    except HostNotAllowed as refused:
        # The egress guard (a host a person named points to a private or reserved address): nothing
        # was sent, and sending again cannot help.
        raise PermanentError(refused.message, code=refused.code) from None
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise TransientError(f"{name} is not reachable.") from exc
    except httpx.TimeoutException as exc:
        if creates:
            raise AmbiguousError(f"{name} did not answer in time; the post may exist.") from exc
        raise TransientError(f"{name} did not answer in time.") from exc
    except httpx.HTTPError as exc:
        if creates:
            raise AmbiguousError(f"The connection to {name} broke after the request was sent.") from exc
        raise TransientError(f"The connection to {name} broke.") from exc


def json_body(response: httpx.Response) -> Any:
    """The parsed body, or None when it is empty or not JSON (error pages, plain-text answers)."""
    try:
        return response.json()
    except ValueError:
        return None


async def download(client: httpx.AsyncClient, url: str) -> bytes:
    """Our own media file (a short-lived read URL), for platforms that want the bytes uploaded."""
    try:
        response = await client.get(url)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise TransientError("Could not read the media file to send it.", code="media_unavailable") from exc
    return response.content
