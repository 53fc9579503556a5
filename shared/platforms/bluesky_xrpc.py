"""The AT Protocol as Bluesky speaks it: errors mapped to the taxonomy, session tokens, record
fields (langs, datetimes), hosting-provider URLs, video job status.

Errors are `{"error": name, "message": text}`. The trap: an expired access token is HTTP **400**
`ExpiredToken` (not 401), from the PDS's auth verifier (github.com/bluesky-social/atproto,
packages/pds/src/auth-verifier.ts), and so is a token it cannot verify (`InvalidToken`); both are
refreshable. Rate limits answer 429 with the IETF draft headers, `RateLimit-Reset` being epoch
seconds (packages/xrpc-server/src/rate-limiter.ts).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from shared.platforms.base import (
    AuthRevokedError,
    DocumentedError,
    PermanentError,
    PlatformError,
    RateLimitedError,
    TokenExpiredError,
    TransientError,
)
from shared.platforms.http import json_body
from shared.platforms.ratelimit import retry_at

DEFAULT_SERVICE = "https://bsky.social"
_LANG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*")

REFRESHABLE = frozenset({"ExpiredToken", "InvalidToken"})
# The person must act: wrong or revoked app password, account taken down, suspended or deactivated.
REVOKED = frozenset(
    {
        "AuthenticationRequired",
        "AccountTakedown",
        "AccountSuspended",
        "AccountDeactivated",
        "AuthFactorTokenRequired",
    }
)
_LIMIT_HEADERS = (("ratelimit-limit", "30"), ("ratelimit-remaining", "0"), ("ratelimit-reset", "1893456000"))

DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    DocumentedError(400, {"error": "ExpiredToken", "message": "Token has expired"}, "auth_expired"),
    DocumentedError(400, {"error": "InvalidToken", "message": "Token could not be verified"}, "auth_expired"),
    DocumentedError(
        401,
        {"error": "AuthenticationRequired", "message": "Invalid identifier or password"},
        "auth_revoked",
        note="createSession with a wrong or revoked app password",
    ),
    DocumentedError(
        401, {"error": "AccountTakedown", "message": "Account has been taken down"}, "auth_revoked"
    ),
    DocumentedError(
        429,
        {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        "rate_limited",
        headers=(*_LIMIT_HEADERS, ("ratelimit-policy", "30;w=300")),
        note="createSession: 30 per 5 minutes per account; reset in epoch seconds",
    ),
    DocumentedError(
        400,
        {
            "error": "InvalidRequest",
            "message": "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes",
        },
        "invalid_content",
    ),
    DocumentedError(
        400,
        {
            "error": "BlobTooLarge",
            "message": "This file is too large. It is 1.5MB but the maximum size is 976.56KB.",
        },
        "invalid_content",
    ),
    DocumentedError(
        413, {"error": "PayloadTooLarge", "message": "request entity too large"}, "invalid_content"
    ),
    # On createRecord a 5xx may follow the write: ambiguous there (settled by listRecords).
    DocumentedError(
        502, {"error": "UpstreamFailure", "message": "Upstream Failure"}, "transient", on_create="ambiguous"
    ),
    DocumentedError(
        500,
        {"error": "InternalServerError", "message": "Internal Server Error"},
        "transient",
        on_create="ambiguous",
    ),
)


def classify(response: httpx.Response) -> PlatformError | None:  # noqa: PLR0911 - one return per kind
    status = response.status_code
    if status < 400:
        return None
    body = json_body(response)
    problem: dict[str, Any] = body if isinstance(body, dict) else {}
    name = str(problem.get("error") or "")
    message = str(problem.get("message") or name or f"HTTP {status}")
    if status == 429 or name == "RateLimitExceeded":
        reset_at = retry_at(response, reset_header="ratelimit-reset", reset_kind="epoch")
        return RateLimitedError(f"Bluesky's rate limit was reached ({message}).", reset_at=reset_at)
    if name in REFRESHABLE:
        return TokenExpiredError("Bluesky did not accept the session token.", http_status=status)
    if name in REVOKED:
        return AuthRevokedError(
            f"Bluesky refused the account ({message}); connect it again.", http_status=status
        )
    if status == 401:
        return TokenExpiredError("Bluesky asked for a new session.", http_status=status)
    if status >= 500:
        return TransientError(f"Bluesky is unavailable ({message}).", http_status=status)
    if status == 413 or name == "BlobTooLarge":
        return PermanentError(f"Bluesky refused the file as too large ({message}).", code="media_too_large")
    return PermanentError(f"Bluesky rejected the request: {message}", code=f"bluesky_{name or status}")


def claims(token: str) -> dict[str, Any]:
    """A session JWT's claims (exp, scope), read without verifying: only to plan, never to trust."""
    try:
        payload = token.split(".")[1]
        decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}
    return decoded if isinstance(decoded, dict) else {}


def pds_endpoint(did_doc: Any) -> str | None:
    """The account's own PDS from its DID document; calls go there, not to the entryway."""
    services = did_doc.get("service") if isinstance(did_doc, dict) else None
    for service in services if isinstance(services, list) else []:
        if isinstance(service, dict) and str(service.get("id", "")).endswith("#atproto_pds"):
            return str(service.get("serviceEndpoint") or "").rstrip("/") or None
    return None


def job_status(body: Any) -> dict[str, Any]:
    """A video job status; uploadVideo answers it bare, getJobStatus wraps it in `jobStatus`."""
    if not isinstance(body, dict):
        return {}
    status = body.get("jobStatus", body)
    return status if isinstance(status, dict) else {}


def service_url(value: str | None) -> str:
    """The hosting provider the person named: https only, a real host name, nothing else in the URL."""
    if not value or not value.strip():
        return DEFAULT_SERVICE
    parts = urlsplit(value.strip())
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
        literal = True
    except ValueError:
        literal = False
    if parts.scheme != "https" or "." not in host or literal or parts.username or parts.password:
        raise PermanentError(
            "The hosting provider must be an https:// address such as https://bsky.social.",
            code="invalid_option",
        )
    return f"https://{parts.netloc}"


def record_langs(options: dict[str, Any]) -> list[str]:
    value = options.get("langs")
    if value in (None, "", []):
        return []
    tags = [value] if isinstance(value, str) else value
    if (
        not isinstance(tags, list)
        or len(tags) > 3
        or not all(isinstance(t, str) and _LANG.fullmatch(t) for t in tags)
    ):
        raise PermanentError(
            '"langs" takes up to 3 language tags such as "en" or "pt-BR".', code="invalid_option"
        )
    return list(tags)


def atproto_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
