"""LinkedIn's wire dialect, kept apart from the connector's flow: "little" text escaping, the error
body and how it maps to our taxonomy, and the statistics shapes. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.platforms.base import (
    AuthRevokedError,
    Credentials,
    DocumentedError,
    DuplicateError,
    PermanentError,
    PlatformError,
    PostMetrics,
    RateLimitedError,
    TokenExpiredError,
    TransientError,
)
from shared.platforms.http import json_body
from shared.platforms.ratelimit import from_retry_after, next_midnight

# "little" reserved characters: https://learn.microsoft.com/en-us/linkedin/marketing/community-
# management/shares/little-text-format ("All reserved characters need to be escaped with a
# backslash"). Unescaped, LinkedIn truncates the post at the first one
# (https://github.com/apoorvdarshan/crossposter/releases/tag/v1.1.5).
LITTLE_RESERVED = frozenset("\\|{}@[]()<>#*_~")
# `#word` is little's HashtagElement: left unescaped so hashtags stay hashtags.
_HASHTAG = re.compile(r"(?:^|(?<=\s))#(?=[^\W_])")


def escape_commentary(text: str) -> str:
    """Plain text as LinkedIn's little format: every reserved character escaped, except the `#`
    that starts a hashtag."""
    hashtags = {match.start() for match in _HASHTAG.finditer(text)}
    return "".join(
        "\\" + char if char in LITTLE_RESERVED and index not in hashtags else char
        for index, char in enumerate(text)
    )


def _message(body: Any, fallback: str) -> str:
    message = body.get("message") if isinstance(body, dict) else None
    return str(message)[:300] if message else fallback


def classify(response: httpx.Response) -> PlatformError | None:  # noqa: PLR0911 - one answer per error class
    """LinkedIn's error body: {status, serviceErrorCode, code, message} (+ errorDetails on 422).

    https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling
    """
    status = response.status_code
    if status < 400:
        return None
    body = json_body(response)
    body = body if isinstance(body, dict) else {}
    code = str(body.get("code") or "")
    message = _message(body, f"HTTP {status}")
    details = body.get("errorDetails")
    inputs = details.get("inputErrors", []) if isinstance(details, dict) else []
    input_codes = {str(e.get("code")) for e in inputs if isinstance(e, dict)}
    if status == 429:
        # Daily member and application limits reset at midnight UTC
        # (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits).
        reset = from_retry_after(response.headers.get("retry-after")) or next_midnight("UTC")
        return RateLimitedError(f"LinkedIn's daily limit was reached ({message}).", reset_at=reset)
    if status == 401:
        if code == "EXPIRED_ACCESS_TOKEN" or "expired" in message.lower():
            return TokenExpiredError("The LinkedIn access token expired.", http_status=status)
        return AuthRevokedError(
            "LinkedIn no longer accepts this account's token; connect the account again.",
            http_status=status,
        )
    if status == 426:
        # The fix is the operator's (a newer LinkedIn-Version setting); the connector logs that.
        return PermanentError(
            "LinkedIn no longer accepts the version of its API this clickKloudy uses. Ask your "
            "administrator to update it, then publish again.",
            code="api_version_retired",
            http_status=status,
        )
    if status == 422 and ("DUPLICATE_POST" in input_codes or "duplicate" in message.lower()):
        return DuplicateError("LinkedIn refused the post as a duplicate of a recent one.", http_status=status)
    if status >= 500:
        return TransientError(f"LinkedIn is unavailable (HTTP {status}).", http_status=status)
    if status == 403:
        return PermanentError(
            f"LinkedIn refused: the account lacks the permission for this ({message}).",
            code="linkedin_forbidden",
            http_status=status,
        )
    return PermanentError(
        f"LinkedIn rejected the request: {message}", code=f"linkedin_{status}", http_status=status
    )


DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    DocumentedError(
        401,
        {
            "status": 401,
            "serviceErrorCode": 65600,
            "code": "INVALID_ACCESS_TOKEN",
            "message": "Invalid access token",
        },
        "auth_revoked",
        note="invalid token (error-handling guide)",
    ),
    DocumentedError(
        401,
        {
            "status": 401,
            "serviceErrorCode": 65601,
            "code": "REVOKED_ACCESS_TOKEN",
            "message": "The token used in the request has been revoked by the user",
        },
        "auth_revoked",
        note="member revoked the app",
    ),
    DocumentedError(
        401,
        {
            "status": 401,
            "serviceErrorCode": 65600,
            "code": "EXPIRED_ACCESS_TOKEN",
            "message": "The token used in the request has expired",
        },
        "auth_expired",
        note="expired token (60-day lifetime)",
    ),
    DocumentedError(
        422,
        {
            # https://github.com/Arisamiga/Linkedin-RSS/issues/5 (a real answer)
            "errorDetailType": "com.linkedin.common.error.BadRequest",
            "message": "com.linkedin.content.common.exception.BadRequestResponseException: "
            "Content is a duplicate of urn:li:share:7141138937766391808",
            "errorDetails": {
                "inputErrors": [
                    {"description": "Duplicate post is detected", "input": {}, "code": "DUPLICATE_POST"}
                ]
            },
            "status": 422,
        },
        "duplicate",
        note="DUPLICATE_POST",
    ),
    DocumentedError(
        422,
        {"status": 422, "message": "ERROR :: /commentary :: length exceeds the maximum allowed"},
        "invalid_content",
        note="validation error",
    ),
    DocumentedError(
        429,
        {
            "status": 429,
            "serviceErrorCode": 101,
            "code": "TOO_MANY_REQUESTS",
            "message": "Resource level throttle MEMBER DAY limit for calls to this resource is reached.",
        },
        "rate_limited",
        note="daily limit, reset at midnight UTC",
    ),
    DocumentedError(
        426,
        {"status": 426, "code": "NONEXISTENT_VERSION", "message": "Requested version 202301 is not active"},
        "invalid_content",
        note="LinkedIn-Version retired",
    ),
    DocumentedError(
        403,
        {
            "status": 403,
            "serviceErrorCode": 100,
            "code": "ACCESS_DENIED",
            "message": "Not enough permissions to access: partnerApiPostsExternal.CREATE.20251001",
        },
        "invalid_content",
        note="missing permission or page role",
    ),
    # On POST /rest/posts a 5xx may come after the post was made: ambiguous there (organization
    # posts are read back; a member's cannot be, so it is unconfirmed). Uploads retry.
    DocumentedError(
        500,
        {"status": 500, "message": "Internal Server Error"},
        "transient",
        note="server error",
        on_create="ambiguous",
    ),
    DocumentedError(503, "Service Unavailable", "transient", note="outage page", on_create="ambiguous"),
    DocumentedError(
        504, "<html>Gateway Time-out</html>", "transient", note="gateway timeout", on_create="ambiguous"
    ),
)


def settle(error: PlatformError, credentials: Credentials) -> PlatformError:
    """Context a response alone lacks: a 401 on a token past its known expiry is an expiry (refresh
    may help). (A 5xx on a create is ambiguous: `http.ambiguous_on_create`, applied by the caller.)"""
    expires_at = credentials.expires_at
    if isinstance(error, AuthRevokedError) and expires_at and expires_at <= datetime.now(UTC) + _SKEW:
        return TokenExpiredError("The LinkedIn access token expired.", http_status=error.http_status)
    return error


_SKEW = timedelta(seconds=60)


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}"


def share_statistics(body: dict[str, Any]) -> list[PostMetrics]:
    """organizationalEntityShareStatistics elements → our metric names (lifetime totals).

    https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics
    """
    names = {
        "impressions": "impressionCount",
        "unique_impressions": "uniqueImpressionsCount",
        "clicks": "clickCount",
        "likes": "likeCount",
        "comments": "commentCount",
        "shares": "shareCount",
    }
    found = []
    for element in body.get("elements", []):
        totals = element.get("totalShareStatistics") or {}
        urn = element.get("share") or element.get("ugcPost")
        found.append(
            PostMetrics(str(urn), {ours: int(totals.get(theirs, 0)) for ours, theirs in names.items()})
        )
    return found


def follower_gains(body: dict[str, Any]) -> dict[str, int]:
    """Time-bound organizationalEntityFollowerStatistics: the sum of the days' gains."""
    gains = [element.get("followerGains") or {} for element in body.get("elements", [])]
    return {
        "organic_followers_gained_30d": sum(int(g.get("organicFollowerGain", 0)) for g in gains),
        "paid_followers_gained_30d": sum(int(g.get("paidFollowerGain", 0)) for g in gains),
    }
