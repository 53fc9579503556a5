"""Meta's Graph API dialect, shared by Facebook Pages, Instagram (both logins) and Threads.

Every Graph host (graph.facebook.com, graph.instagram.com, graph.threads.net) answers errors in one
envelope, `{"error": {message, type, code, error_subcode, fbtrace_id}}`, and signals rate limits
as error codes (often in a 400 or 403) plus JSON usage headers, not as 429 + Retry-After. Reading
that dialect in one place keeps every Meta connector's classification the same.

Sources:
- errors: https://developers.facebook.com/docs/graph-api/guides/error-handling
- rate limits and usage headers: https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
- Instagram subcodes: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes/
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.platforms.base import (
    AmbiguousError,
    AuthRevokedError,
    DuplicateError,
    PermanentError,
    PlatformError,
    RateLimitedError,
    TokenExpiredError,
    TransientError,
)
from shared.platforms.http import ambiguous_on_create, json_body, send
from shared.platforms.ratelimit import from_retry_after

# The newest Graph API version (v26.0, July 29 2026; available until Meta announces otherwise):
# https://developers.facebook.com/docs/graph-api/changelog
GRAPH_VERSION = "v26.0"
GRAPH_URL = "https://graph.facebook.com"

# Usage headers; Business Use Case and Page usage carry `estimated_time_to_regain_access` in minutes.
# https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
USAGE_HEADERS = ("x-business-use-case-usage", "x-app-usage", "x-page-usage", "x-ad-account-usage")

# Throttling codes: 4 app, 17 user, 32 page, 613 calls per hour, 341 application limit, 80001-80099
# Business Use Case limits (80001 Pages, 80002 Instagram, ...). Same rate-limiting page as above.
RATE_CODES = frozenset({4, 17, 32, 341, 613})
# Platform limits count calls over a rolling hour; when Meta gives no estimate, come back in a
# quarter of an hour rather than hammer (calls made while throttled extend the throttling).
DEFAULT_RATE_WAIT = timedelta(minutes=15)
# Instagram's publish quota is a rolling 24 h window (2207042); the connector reads the exact window
# from content_publishing_limit before publishing, so a later retry learns the real reset.
PUBLISH_LIMIT_WAIT = timedelta(hours=1)

# Access-token subcodes (code 190): 463 expired; 458 app removed, 459 checkpoint, 460 password
# changed, 464 unconfirmed user, 467 invalid token, 492 invalid session: all need a new login.
EXPIRED_SUBCODE = 463

# Instagram container subcodes that are the media's or caption's fault (error-codes page above).
IG_CONTENT_SUBCODES: dict[int, str] = {
    2207004: "ig_image_too_large",
    2207005: "ig_media_format",
    2207006: "ig_media_not_found",
    2207008: "ig_container_not_found",
    2207009: "ig_aspect_ratio",
    2207010: "ig_caption_too_long",
    2207020: "ig_container_expired",
    2207023: "ig_media_type",
    2207026: "ig_video_format",
    2207028: "ig_carousel_invalid",
    2207035: "ig_product_tags",
    2207050: "ig_account_restricted",
    2207052: "ig_media_fetch_failed",
}
# "Try again" subcodes: server error, download timeout, create failed, upload error, not ready yet.
IG_TRANSIENT_SUBCODES = frozenset({2207001, 2207003, 2207027, 2207032, 2207053})
IG_PUBLISH_LIMIT_SUBCODE = 2207042


def error_of(response: httpx.Response) -> dict[str, Any] | None:
    """The Graph error object of a response, or None when it carries none."""
    body = json_body(response)
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error: dict[str, Any] = body["error"]
        return error
    return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _regain_minutes(value: Any) -> list[float]:
    """Every `estimated_time_to_regain_access` inside a usage header (BUC nests them per object)."""
    found: list[float] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "estimated_time_to_regain_access" and isinstance(item, (int, float)):
                found.append(float(item))
            else:
                found.extend(_regain_minutes(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_regain_minutes(item))
    return found


def usage_reset(response: httpx.Response, *, now: datetime | None = None) -> datetime | None:
    """When Meta says access comes back (the longest estimate of any usage header), or None."""
    now = now or datetime.now(UTC)
    minutes: list[float] = []
    for header in USAGE_HEADERS:
        raw = response.headers.get(header)
        if not raw:
            continue
        try:
            minutes.extend(_regain_minutes(json.loads(raw)))
        except ValueError:
            continue
    longest = max(minutes, default=0.0)
    return now + timedelta(minutes=longest) if longest > 0 else None


def rate_reset(response: httpx.Response, *, default: timedelta = DEFAULT_RATE_WAIT) -> datetime:
    """Usage headers first, then a Retry-After if any proxy added one, then `default`."""
    now = datetime.now(UTC)
    found = usage_reset(response, now=now) or from_retry_after(response.headers.get("retry-after"), now=now)
    return max(found or now + default, now)


def _message(error: dict[str, Any], name: str) -> str:
    text = str(error.get("error_user_msg") or error.get("message") or "").strip()
    return f"{name}: {text}" if text else f"{name} refused the request."


def classify(response: httpx.Response, *, name: str = "Meta") -> PlatformError | None:  # noqa: PLR0911, PLR0912 - one branch per documented family
    """Map any Graph host's answer to the error taxonomy; None for a success. Pure: no I/O."""
    error = error_of(response)
    status = response.status_code
    if error is None:
        if status < 400:
            return None
        if status == 429:
            return RateLimitedError(
                f"{name} is limiting requests.", reset_at=rate_reset(response), http_status=status
            )
        if status >= 500:
            return TransientError(f"{name} is unavailable (HTTP {status}).", http_status=status)
        if status == 401:
            return AuthRevokedError(
                f"{name} no longer accepts this account's token; reconnect it.", http_status=status
            )
        return PermanentError(
            f"{name} refused the request (HTTP {status}).", code=f"meta_http_{status}", http_status=status
        )
    code = _int(error.get("code"))
    subcode = _int(error.get("error_subcode"))
    message = _message(error, name)
    if code in (190, 102):
        expired = subcode == EXPIRED_SUBCODE or (subcode is None and "expired" in message.lower())
        if expired:
            return TokenExpiredError(f"The {name} access token expired.", http_status=status)
        return AuthRevokedError(
            f"{name} no longer accepts this account's token (it was revoked, or the password "
            "changed); reconnect the account.",
            http_status=status,
        )
    if subcode == IG_PUBLISH_LIMIT_SUBCODE:
        return RateLimitedError(
            f"{name}: the account reached its publishing limit for the last 24 hours.",
            reset_at=rate_reset(response, default=PUBLISH_LIMIT_WAIT),
            code="publish_limit",
            http_status=status,
        )
    if code in RATE_CODES or (code is not None and 80000 <= code <= 80099):
        return RateLimitedError(
            f"{name} is limiting requests (code {code}).", reset_at=rate_reset(response), http_status=status
        )
    if code == 10 or (code is not None and 200 <= code <= 299):
        return AuthRevokedError(
            f"{name} says the app lacks a permission for this account; reconnect it and grant every "
            "requested permission.",
            code="permission_missing",
            http_status=status,
        )
    if code == 506:
        return DuplicateError(f"{name} refused a duplicate of a recent post.", http_status=status)
    if code == 368:
        return PermanentError(message, code="meta_blocked", http_status=status)
    if subcode in IG_CONTENT_SUBCODES:
        return PermanentError(message, code=IG_CONTENT_SUBCODES[subcode], http_status=status)
    if (
        subcode in IG_TRANSIENT_SUBCODES
        or code in (1, 2, -1, -2)
        or error.get("is_transient") is True
        or status >= 500
    ):
        return TransientError(f"{message} (temporary)", http_status=status)
    return PermanentError(
        message, code=f"meta_{code}" if code is not None else "meta_error", http_status=status
    )


class Graph:
    """One Graph host at one API version, e.g. `https://graph.facebook.com/v26.0`.

    The token travels in an `Authorization: Bearer` header, never in the URL, so it cannot end up in
    a logged URL; Graph hosts accept it as OAuth 2.0 bearer credentials (e.g. the Cloud API examples:
    https://developers.facebook.com/docs/whatsapp/cloud-api/get-started). Every answer goes through
    `classify`; only transport failures are decided by `http.send`.
    """

    def __init__(
        self, client: httpx.AsyncClient, host: str, *, name: str, version: str = GRAPH_VERSION
    ) -> None:
        self.client = client
        self.host = host.rstrip("/")
        self.version = version
        self.name = name

    def url(self, path: str) -> str:
        prefix = f"{self.host}/{self.version}" if self.version else self.host
        return f"{prefix}/{path.lstrip('/')}"

    async def call(
        self,
        method: str,
        path: str,
        token: str | None,
        *,
        creates: bool = False,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """One call; raises the classified error, returns the JSON object on success.

        `creates`: the call may make something public, so a lost answer or a 5xx is ambiguous.
        """
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await send(
            self.client,
            method,
            self.url(path),
            creates=creates,
            name=self.name,
            params=params,
            data=data,
            headers=headers,
        )
        error = ambiguous_on_create(
            response, classify(response, name=self.name), creates=creates, name=self.name
        )
        if error is not None:
            raise error
        body = json_body(response)
        if not isinstance(body, dict):
            if creates:
                raise AmbiguousError(f"{self.name} answered a create with something unreadable.")
            raise TransientError(f"{self.name} answered with something unreadable.")
        return body

    async def get(self, path: str, token: str | None, **params: Any) -> dict[str, Any]:
        return await self.call("GET", path, token, params=params or None)

    async def token(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        """A token endpoint (`oauth/access_token`, `access_token`, `refresh_access_token`): Meta's are
        GETs with the grant in the query. A refused grant means the person must connect again."""
        response = await send(
            self.client, "GET", self.url(path), creates=False, name=self.name, params=params
        )
        error = classify(response, name=self.name)
        # A 4xx "code 1" here is a refused client secret, not an outage: only 5xx are temporary.
        if isinstance(error, RateLimitedError) or (
            isinstance(error, TransientError) and response.status_code >= 500
        ):
            raise error
        body = json_body(response)
        if error is not None or not isinstance(body, dict) or "access_token" not in body:
            if isinstance(error, (TokenExpiredError, AuthRevokedError)):
                raise AuthRevokedError(
                    f"{self.name} refused to renew the token; connect the account again."
                ) from error
            raise PermanentError(
                f"{self.name} refused the token request"
                + (f" ({error.message})" if error is not None else "")
                + ".",
                code="oauth_failed",
            ) from error
        return body


def expires_at(body: dict[str, Any]) -> datetime | None:
    """The expiry of a token answer (`expires_in` seconds); None when Meta gives none (never expires)."""
    seconds = _int(body.get("expires_in"))
    return datetime.now(UTC) + timedelta(seconds=seconds) if seconds else None


def envelope(code: int, message: str, subcode: int | None = None, **more: Any) -> dict[str, Any]:
    """A Graph error body as Meta sends it, for DOCUMENTED_ERRORS tables and fakes."""
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AbCdEf",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": {**error, **more}}


def insight_values(body: dict[str, Any]) -> dict[str, Any]:
    """{metric name: latest value} from an insights answer (`values[-1].value` or `total_value.value`)."""
    values: dict[str, Any] = {}
    for item in body.get("data", []):
        if not isinstance(item, dict) or "name" not in item:
            continue
        if isinstance(item.get("total_value"), dict):
            values[str(item["name"])] = item["total_value"].get("value")
        elif item.get("values"):
            values[str(item["name"])] = item["values"][-1].get("value")
    return values


def as_int(value: Any) -> int:
    """A metric value as a count: numbers as they are, breakdowns (reactions by type) summed."""
    if isinstance(value, dict):
        return sum(as_int(v) for v in value.values())
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
