"""How X answers: its problem JSON and token errors mapped to the taxonomy, and its rate windows.

X reports three rate windows in headers (x-rate-limit-* per 15 minutes per endpoint, and the user's
and app's 24-hour posting limits x-user-limit-24hour-*, x-app-limit-24hour-*), all resetting at an
epoch second; a 429 must wait for whichever ran out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.platforms.base import (
    AuthRevokedError,
    DocumentedError,
    DuplicateError,
    PermanentError,
    PlatformError,
    RateBudget,
    RateLimitedError,
    TokenExpiredError,
    TransientError,
)
from shared.platforms.http import json_body
from shared.platforms.ratelimit import budget as window_budget
from shared.platforms.ratelimit import from_epoch, retry_at

DUPLICATE_DETAIL = "You are not allowed to create a Tweet with duplicate content."

_PROBLEM = "https://api.twitter.com/2/problems/"
DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    # https://docs.x.com/x-api/fundamentals/response-codes-and-errors
    DocumentedError(
        401,
        {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"},
        "auth_expired",
        note="expired or invalid access token (X does not say which: the refresh decides)",
    ),
    DocumentedError(
        400,
        {"error": "invalid_request", "error_description": "Value passed for the token was invalid."},
        "auth_revoked",
        note="token endpoint: a revoked or spent refresh token",
    ),
    DocumentedError(
        400,
        {"error": "invalid_grant", "error_description": "Refresh token is invalid."},
        "auth_revoked",
        note="token endpoint: refused grant",
    ),
    DocumentedError(
        429,
        {"title": "Too Many Requests", "type": "about:blank", "status": 429, "detail": "Too Many Requests"},
        "rate_limited",
        headers=(("x-rate-limit-remaining", "0"), ("x-rate-limit-reset", "1893456000")),
        note="15-minute window; x-rate-limit-reset is epoch seconds (docs.x.com/fundamentals/rate-limits)",
    ),
    DocumentedError(
        429,
        {"title": "Too Many Requests", "type": "about:blank", "status": 429, "detail": "Too Many Requests"},
        "rate_limited",
        headers=(
            ("x-rate-limit-remaining", "99"),
            ("x-user-limit-24hour-remaining", "0"),
            ("x-user-limit-24hour-reset", "1893456000"),
        ),
        note="the user's 24-hour posting limit",
    ),
    DocumentedError(
        429,
        {
            "title": "UsageCapExceeded",
            "type": _PROBLEM + "usage-capped",
            "detail": "Usage cap exceeded: Monthly product cap",
        },
        "rate_limited",
        note="the app's monthly cap: wait for the next month, not a minute",
    ),
    DocumentedError(
        403,
        {"title": "Forbidden", "type": "about:blank", "status": 403, "detail": DUPLICATE_DETAIL},
        "duplicate",
    ),
    DocumentedError(
        403,
        {
            "title": "Client Forbidden",
            "type": _PROBLEM + "client-forbidden",
            "reason": "client-not-enrolled",
            "detail": "When authenticating requests to the Twitter API v2 endpoints, you must use keys "
            "and tokens from a Twitter developer App that is attached to a Project.",
        },
        "invalid_content",
    ),
    DocumentedError(
        400,
        {
            "errors": [{"parameters": {"text": ["x" * 300]}, "message": "Tweet text is too long."}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": _PROBLEM + "invalid-request",
        },
        "invalid_content",
    ),
    DocumentedError(
        400,
        {
            "errors": [{"message": "Your media IDs are invalid."}],
            "title": "Invalid Request",
            "type": _PROBLEM + "invalid-request",
        },
        "invalid_content",
    ),
    # A 5xx on POST /2/tweets may come after the post was made: ambiguous there (settled by
    # reading the timeline); elsewhere (reads, media upload) safe to retry.
    DocumentedError(
        503,
        {"title": "Service Unavailable", "detail": "Service Unavailable"},
        "transient",
        on_create="ambiguous",
    ),
    DocumentedError(500, "Internal Server Error", "transient", on_create="ambiguous"),
)


def classify(response: httpx.Response) -> PlatformError | None:  # noqa: PLR0911 - one return per kind
    """X's problem JSON (`title`, `detail`, `type`) and the token endpoints' RFC 6749 errors."""
    status = response.status_code
    if status < 400:
        return None
    body = json_body(response)
    problem: dict[str, Any] = body if isinstance(body, dict) else {}
    detail = _detail(problem) or f"HTTP {status}"
    if status == 429:
        return RateLimitedError(
            f"X's rate limit was reached ({detail}).", reset_at=_reset_at(response, problem)
        )
    oauth_error = problem.get("error")
    if isinstance(oauth_error, str):
        # X answers a revoked or already rotated refresh token with invalid_request, not invalid_grant.
        if oauth_error in ("invalid_request", "invalid_grant"):
            return AuthRevokedError(
                "X refused the authorization; connect the account again.", http_status=status
            )
        return PermanentError(f"X refused the token request ({oauth_error}).", code="oauth_failed")
    if status == 401:
        return TokenExpiredError("X did not accept the access token.", http_status=status)
    if status == 403 and DUPLICATE_DETAIL.lower() in detail.lower():
        return DuplicateError(
            "X refused the post: the account already posted the same text.", http_status=403
        )
    if status == 403 and problem.get("reason") in ("client-not-enrolled", "official-client-forbidden"):
        return PermanentError(
            "The X app may not use this endpoint; check its project and access level in the X console.",
            code="x_app_forbidden",
            http_status=403,
        )
    if status >= 500:
        return TransientError(f"X is unavailable ({detail}).", http_status=status)
    return PermanentError(f"X rejected the request: {detail}", code=f"x_{status}", http_status=status)


def _detail(problem: dict[str, Any]) -> str:
    """The most specific message: the first of `errors` (parameter problems), else `detail`."""
    errors = problem.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict) and errors[0].get("message"):
        return str(errors[0]["message"])
    return str(problem.get("detail") or problem.get("title") or problem.get("error_description") or "")


def _reset_at(response: httpx.Response, problem: dict[str, Any]) -> datetime:
    """The window that ran out: the user's or app's 24-hour limit, else the 15-minute one.

    A monthly usage cap with no reset header lasts until the month turns (UTC).
    """
    now = datetime.now(UTC)
    for window in ("x-user-limit-24hour", "x-app-limit-24hour"):
        if response.headers.get(f"{window}-remaining") == "0":
            found = from_epoch(response.headers.get(f"{window}-reset"))
            if found is not None:
                return max(found, now)
    if "x-rate-limit-reset" not in response.headers and str(problem.get("type", "")).endswith("usage-capped"):
        return (now.replace(day=1, hour=0, minute=0, second=0, microsecond=0) + timedelta(days=32)).replace(
            day=1
        )
    return retry_at(response, reset_header="x-rate-limit-reset", reset_kind="epoch", now=now)


def budget(response: httpx.Response) -> RateBudget | None:
    """The tighter of the 15-minute and the user's 24-hour posting windows, as X last reported them."""
    windows = [
        found
        for window in ("x-rate-limit", "x-user-limit-24hour")
        if (found := window_budget(response, window))
    ]
    return min(windows, key=lambda b: (b.remaining, -b.reset_at.timestamp())) if windows else None
