"""One platform HTTP call with its transport failures classified, and the platform's hosts.

Only transport failures are decided here; what an HTTP status or error body means is the
connector's business (platforms disagree: Bluesky answers an expired token with 400, Meta puts rate
limits in 400/403 bodies). Nothing is retried automatically: a create repeated by a library could
post twice. The one rule every connector shares about answers is here too: a server error on a
create is ambiguous (`ambiguous_on_create`).

No error raised here carries the httpx exception: it holds the request, with its Authorization
header and its URL (Telegram puts the bot token in the path, Meta token endpoints and our media SAS
URLs put secrets in the query). Errors keep a safe description instead: the exception's class name
and the host.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from shared.adapters.egress import HostNotAllowed
from shared.config import Settings
from shared.platforms.base import AmbiguousError, PermanentError, PlatformError, TransientError

log = logging.getLogger(__name__)


def hosts(settings: Settings, platform: str, defaults: dict[str, str]) -> dict[str, str]:
    """The base URL of each of the platform's hosts; PLATFORM_BASE_URLS sends them all to one server."""
    override = settings.platform_base_urls.get(platform, "").rstrip("/")
    return {name: override or url.rstrip("/") for name, url in defaults.items()}


def where(url: httpx.URL | str) -> str:
    """Scheme, host and port of a URL, never its path or query: safe to log and to keep."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "an unreadable URL"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}"


def _transport_failure(
    exc: httpx.HTTPError, url: httpx.URL | str, *, creates: bool, name: str
) -> PlatformError:
    detail = f"{type(exc).__name__} from {where(url)}"
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return TransientError(f"{name} is not reachable.", detail=detail)
    if isinstance(exc, httpx.TimeoutException):
        if creates:
            return AmbiguousError(f"{name} did not answer in time; the post may exist.", detail=detail)
        return TransientError(f"{name} did not answer in time.", detail=detail)
    if creates:
        return AmbiguousError(f"The connection to {name} broke after the request was sent.", detail=detail)
    return TransientError(f"The connection to {name} broke.", detail=detail)


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
    except httpx.HTTPError as exc:
        failure = _transport_failure(exc, url, creates=creates, name=name)
    # Raised after the except block, so the error has neither __cause__ nor __context__.
    log.warning("%s %s failed: %s", name, method, failure.detail)
    raise failure


def ambiguous_on_create(
    response: httpx.Response,
    error: PlatformError | None,
    *,
    creates: bool,
    name: str,
    idempotent: bool = False,
) -> PlatformError | None:
    """`error` (the connector's reading of `response`) as the pipeline must see it.

    A server error (5xx) on a create is ambiguous, not transient: a proxy or gateway in front of the
    platform answers 5xx after the platform itself may have posted, so repeating it could post
    twice. The pipeline then looks for the post (reconcile) or marks it unconfirmed. A create that
    carried an idempotency key the platform honours (`idempotent`) may be repeated, so it stays
    transient. Refusals below 500 that the platform calls temporary stay transient: the platform
    answered and did not act. Calls that cannot create anything (`creates=False`) are unchanged.
    """
    status = response.status_code
    if creates and not idempotent and isinstance(error, TransientError) and status >= 500:
        return AmbiguousError(
            f"{name} failed while creating the post (HTTP {status}); it may exist.",
            http_status=status,
            detail=error.message,
        )
    return error


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
        # The URL's query is a read SAS: keep the host only, and nothing of the httpx exception.
        detail = f"{type(exc).__name__} from {where(url)}"
    else:
        return response.content
    log.warning("media download failed: %s", detail)
    raise TransientError("Could not read the media file to send it.", code="media_unavailable", detail=detail)
