"""The sandbox platform's HTTP API (aiohttp): a social network small enough to run anywhere.

It stands in for a real platform in `make dev`, integration tests and benchmarks of the publish
pipeline, and reproduces the behaviour a connector gets wrong in production: rotating refresh
tokens, expiring access tokens, fixed-window rate limits with X-RateLimit-* and Retry-After,
Idempotency-Key replay, and on demand (``/_control/faults``) outages, slow answers, content-policy
rejections and the worst case, a post that is created but whose response never arrives.

The contract is in ``tools/sandbox/README.md``; ``shared/platforms/sandbox.py`` is written against it.
Control endpoints have no authentication, which is why they answer loopback clients only.
"""

from __future__ import annotations

import asyncio
import html
import ipaddress
import json
import logging
import math
import time
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from tools.sandbox.faults import FaultKind, FaultSpecError
from tools.sandbox.state import (
    MAX_MEDIA_BYTES,
    Account,
    Clock,
    Media,
    Post,
    Sandbox,
    SandboxError,
    iso,
)

__all__ = ["SANDBOX", "create_app"]

log = logging.getLogger("sandbox")

SANDBOX = web.AppKey("sandbox", Sandbox)
_HOLD_SECONDS = web.AppKey("timeout_after_accept_seconds", float)

# JSON bodies are small (a post is at most 5,000 characters); media is streamed, not buffered.
_CLIENT_MAX_SIZE = 1024 * 1024
_MEDIA_CHUNK = 64 * 1024
_MAX_LIST_LIMIT = 1000
_DISCONNECT_POLL_SECONDS = 0.1
_HTTP_CODES = {
    400: "invalid_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
}


def create_app(
    *,
    token_ttl_seconds: int = 3600,
    timeout_after_accept_seconds: float = 30,
    clock: Clock = time.time,
    video_processing_seconds: float = 0,
) -> web.Application:
    """Build a fresh sandbox with empty state.

    ``clock`` (epoch seconds) drives token expiry, rate windows, idempotency-key age and timestamps;
    tests pass a controllable one so they can cross a window or a token's lifetime without sleeping.
    """
    app = web.Application(middlewares=[_platform_middleware], client_max_size=_CLIENT_MAX_SIZE)
    app[SANDBOX] = Sandbox(
        token_ttl_seconds=token_ttl_seconds, clock=clock, video_processing_seconds=video_processing_seconds
    )
    app[_HOLD_SECONDS] = float(timeout_after_accept_seconds)
    app.router.add_get("/", index_page)
    app.router.add_post("/accounts", connect_account)
    app.router.add_post("/oauth/token", refresh_token)
    app.router.add_post("/media", upload_media)
    app.router.add_get("/media/{id}", get_media)
    app.router.add_post("/posts", create_post)
    app.router.add_get("/posts", list_posts)
    app.router.add_get("/posts/{id}", get_post)
    app.router.add_delete("/posts/{id}", delete_post)
    app.router.add_get("/metrics/posts", post_metrics)
    app.router.add_get("/metrics/account", account_metrics)
    app.router.add_get("/@{handle}", profile_page)
    app.router.add_get("/@{handle}/posts/{id}", post_page)
    app.router.add_post("/_control/faults", add_fault)
    app.router.add_get("/_control/faults", list_faults)
    app.router.add_delete("/_control/faults", clear_faults)
    app.router.add_get("/_control/received", received)
    app.router.add_get("/_control/stats", stats)
    app.router.add_post("/_control/reset", reset)
    app.router.add_post("/_control/accounts/{handle}", update_account)
    app.router.add_get("/_control/health", health)
    return app


# ----------------------------------------------------------------------------- plumbing


def _error_response(exc: SandboxError) -> web.Response:
    return web.json_response(
        {"error": exc.code, "message": exc.message}, status=exc.status, headers=exc.headers
    )


def _loopback(remote: str | None) -> bool:
    try:
        return remote is not None and ipaddress.ip_address(remote).is_loopback
    except ValueError:
        return False


@web.middleware
async def _platform_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count platform requests, guard control routes, and answer every error in the platform's JSON.

    Control routes are not counted: a test polling /_control/received must not change the figures
    it is about to assert on.
    """
    resource = request.match_info.route.resource
    route = resource.canonical if resource is not None else None
    if route is not None and route.startswith("/_control"):
        if not _loopback(request.remote):
            return _error_response(SandboxError(403, "forbidden", "Control endpoints answer loopback only"))
    elif route is not None:
        sandbox = request.app[SANDBOX]
        sandbox.requests[route] += 1
        sandbox.requests_by_route[f"{request.method} {route}"] += 1
    try:
        return await handler(request)
    except SandboxError as exc:
        return _error_response(exc)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = _HTTP_CODES.get(exc.status, "http_error")
        return web.json_response({"error": code, "message": exc.reason}, status=exc.status)


async def _json_object(request: web.Request, *, empty_ok: bool = False) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip() and empty_ok:
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise SandboxError(400, "invalid_request", "The body must be JSON") from None
    if not isinstance(body, dict):
        raise SandboxError(400, "invalid_request", "The body must be a JSON object")
    return body


def _optional_bool(body: dict[str, Any], name: str) -> bool | None:
    value = body.get(name)
    if value is not None and not isinstance(value, bool):
        raise SandboxError(400, "invalid_request", f"{name} must be true or false")
    return value


def _base_url(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def _post_url(request: web.Request, post: Post) -> str:
    return f"{_base_url(request)}/@{post.handle}/posts/{post.id}"


def _post_json(request: web.Request, post: Post) -> dict[str, Any]:
    return {
        "id": post.id,
        "url": _post_url(request, post),
        "text": post.text,
        "media_ids": list(post.media_ids),
        "created_at": iso(post.created_at),
        "client_reference": post.client_reference,
    }


async def _apply_fault(request: web.Request, handle: str, path: str) -> bool:
    """Inflict the fault chosen for this request, if any.

    Returns True when the response must be withheld after normal processing
    (timeout_after_accept); raises the platform error for the faults that answer at once, before
    any side effect; sleeps for ``slow`` and lets the request carry on.
    """
    sandbox = request.app[SANDBOX]
    fault = sandbox.faults.take(handle, path)
    if fault is None:
        return False
    sandbox.faults_applied[fault.kind.value] += 1
    log.info("fault %s (%s) on %s for @%s", fault.kind.value, fault.id, path, handle)
    match fault.kind:
        case FaultKind.RATE_LIMIT:
            reset_at = sandbox.clock() + fault.reset_after_seconds
            raise sandbox.rate_limited_error(sandbox.account(handle), reset_at)
        case FaultKind.SERVER_ERROR:
            raise SandboxError(503, "unavailable", "The platform is temporarily unavailable")
        case FaultKind.EXPIRED_TOKEN:
            raise SandboxError(401, "token_expired", "The access token has expired; refresh it")
        case FaultKind.BAD_REQUEST:
            raise SandboxError(400, "rejected", "The platform rejected this post: policy")
        case FaultKind.SLOW:
            await asyncio.sleep(fault.delay_seconds)
            return False
        case FaultKind.TIMEOUT_AFTER_ACCEPT:
            return True


async def _withhold(request: web.Request) -> web.Response:
    """Hold the connection without answering, then drop it: the client sees a timeout.

    The wait ends early once the client has hung up, so a chaos run with thousands of lost
    responses does not keep thousands of handlers sleeping for the full hold time.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + request.app[_HOLD_SECONDS]
    while (remaining := deadline - loop.time()) > 0:
        transport = request.transport
        if transport is None or transport.is_closing():
            break
        await asyncio.sleep(min(_DISCONNECT_POLL_SECONDS, remaining))
    transport = request.transport
    if transport is not None:
        transport.close()
    # Never delivered: aiohttp finds the transport closed and drops it quietly.
    return web.Response(status=504)


def _authenticate(request: web.Request) -> Account:
    return request.app[SANDBOX].authenticate(request.headers.get("Authorization"))


# ----------------------------------------------------------------------------- accounts and tokens


async def connect_account(request: web.Request) -> web.Response:
    """Stand-in for an OAuth consent: create or re-connect an account and hand out tokens."""
    sandbox = request.app[SANDBOX]
    body = await _json_object(request)
    handle = body.get("handle")
    if not isinstance(handle, str):
        raise SandboxError(422, "invalid_handle", "handle is required")
    account, tokens, created = sandbox.connect(handle, _optional_bool(body, "idempotency"))
    log.info("account @%s %s", handle, "created" if created else "re-connected")
    return web.json_response(
        {
            "id": account.id,
            "handle": account.handle,
            "access_token": tokens.access_token,
            "refresh_token": tokens.refresh_token,
            "expires_in": tokens.expires_in,
            "url": f"{_base_url(request)}/@{account.handle}",
        },
        status=201 if created else 200,
        headers={"Cache-Control": "no-store"},
    )


async def refresh_token(request: web.Request) -> web.StreamResponse:
    """OAuth 2 refresh grant with rotation; every call is counted against the account it names."""
    sandbox = request.app[SANDBOX]
    form = await request.post()
    grant_type = form.get("grant_type")
    token = form.get("refresh_token")
    if grant_type is None:
        raise SandboxError(400, "invalid_request", "grant_type is required (form-encoded body)")
    if grant_type != "refresh_token":
        raise SandboxError(400, "unsupported_grant_type", "Only grant_type=refresh_token is supported")
    if not isinstance(token, str) or not token:
        raise SandboxError(400, "invalid_request", "refresh_token is required")
    owner = sandbox.refresh_token_owner(token)
    withhold = False
    if owner is not None:
        sandbox.note_refresh_call(owner)
        withhold = await _apply_fault(request, owner, "/oauth/token")
    try:
        tokens = sandbox.refresh(token)
        response = web.json_response(
            {
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
                "expires_in": tokens.expires_in,
                "token_type": "Bearer",
            },
            headers={"Cache-Control": "no-store"},
        )
    except SandboxError as exc:
        response = _error_response(exc)
    return await _withhold(request) if withhold else response


# ----------------------------------------------------------------------------- publishing


async def upload_media(request: web.Request) -> web.StreamResponse:
    """Accept raw image/video bytes; only their size and type are kept."""
    sandbox = request.app[SANDBOX]
    account = _authenticate(request)
    withhold = await _apply_fault(request, account.handle, "/media")
    try:
        response = await _store_media(request, sandbox, account)
    except SandboxError as exc:
        response = _error_response(exc)
    return await _withhold(request) if withhold else response


async def _store_media(request: web.Request, sandbox: Sandbox, account: Account) -> web.Response:
    content_type = request.content_type
    if not content_type.startswith(("image/", "video/")):
        raise SandboxError(415, "unsupported_media_type", "Content-Type must be image/* or video/*")
    too_large = SandboxError(413, "media_too_large", f"Media is limited to {MAX_MEDIA_BYTES:,} bytes")
    if request.content_length is not None and request.content_length > MAX_MEDIA_BYTES:
        raise too_large
    size = 0
    async for chunk in request.content.iter_chunked(_MEDIA_CHUNK):
        size += len(chunk)
        if size > MAX_MEDIA_BYTES:
            raise too_large
    if size == 0:
        raise SandboxError(422, "invalid_media", "The upload is empty")
    media = sandbox.add_media(account, content_type, size)
    return web.json_response(_media_json(sandbox, media), status=201)


def _media_json(sandbox: Sandbox, media: Media) -> dict[str, Any]:
    status = media.status(sandbox.clock())
    body: dict[str, Any] = {"media_id": media.id, "status": status}
    if status == "processing":
        body["check_after_secs"] = max(1, math.ceil(media.ready_at - sandbox.clock()))
    return body


async def get_media(request: web.Request) -> web.Response:
    """How an upload is doing: videos report `processing` until the server's processing time passed."""
    sandbox = request.app[SANDBOX]
    account = _authenticate(request)
    return web.json_response(_media_json(sandbox, sandbox.get_media(account, request.match_info["id"])))


async def create_post(request: web.Request) -> web.StreamResponse:
    """Publish; see ``Sandbox.create_post`` for the order of checks."""
    account = _authenticate(request)
    withhold = await _apply_fault(request, account.handle, "/posts")
    try:
        response = await _create_post(request, account)
    except SandboxError as exc:
        response = _error_response(exc)
    return await _withhold(request) if withhold else response


async def _create_post(request: web.Request, account: Account) -> web.Response:
    sandbox = request.app[SANDBOX]
    body = await _json_object(request)
    text = body.get("text", "")
    media_ids = body.get("media_ids", [])
    if not isinstance(text, str):
        raise SandboxError(400, "invalid_request", "text must be a string")
    if not isinstance(media_ids, list) or not all(isinstance(m, str) for m in media_ids):
        raise SandboxError(400, "invalid_request", "media_ids must be a list of strings")
    result = sandbox.create_post(
        account,
        text=text,
        media_ids=media_ids,
        idempotency_key=request.headers.get("Idempotency-Key") or None,
        client_reference=request.headers.get("X-Client-Reference"),
    )
    post = result.post
    if result.replayed:
        log.info("@%s replayed post %s for a repeated Idempotency-Key", account.handle, post.id)
    else:
        log.info("@%s published post %s (%d chars)", account.handle, post.id, len(post.text))
    return web.json_response(
        {"id": post.id, "url": _post_url(request, post), "created_at": iso(post.created_at)},
        status=200 if result.replayed else 201,
        headers=result.rate.headers(),
    )


async def list_posts(request: web.Request) -> web.Response:
    """The account's recent posts, newest first: the connector's way to reconcile a lost response."""
    sandbox = request.app[SANDBOX]
    account = _authenticate(request)
    raw = request.query.get("limit", "50")
    try:
        limit = int(raw)
    except ValueError:
        limit = 0
    if not 1 <= limit <= _MAX_LIST_LIMIT:
        raise SandboxError(400, "invalid_request", f"limit must be an integer from 1 to {_MAX_LIST_LIMIT}")
    return web.json_response([_post_json(request, p) for p in sandbox.recent_posts(account, limit)])


async def get_post(request: web.Request) -> web.Response:
    account = _authenticate(request)
    post = request.app[SANDBOX].get_post(account.handle, request.match_info["id"])
    return web.json_response(_post_json(request, post))


async def delete_post(request: web.Request) -> web.Response:
    account = _authenticate(request)
    request.app[SANDBOX].delete_post(account, request.match_info["id"])
    return web.Response(status=204)


# ----------------------------------------------------------------------------- audience (metrics)

_MAX_METRIC_IDS = 100


async def post_metrics(request: web.Request) -> web.StreamResponse:
    """`GET /metrics/posts?ids=1,2`: figures of the account's posts now (the audience model)."""
    sandbox = request.app[SANDBOX]
    account = _authenticate(request)
    withhold = await _apply_fault(request, account.handle, "/metrics")
    ids = [i for i in request.query.get("ids", "").split(",") if i]
    if not ids or len(ids) > _MAX_METRIC_IDS or not all(i.isdigit() and len(i) <= 20 for i in ids):
        raise SandboxError(
            400, "invalid_request", f"ids must be 1 to {_MAX_METRIC_IDS} comma-separated post ids"
        )
    response = web.json_response({"as_of": iso(sandbox.clock()), "posts": sandbox.post_metrics(account, ids)})
    return await _withhold(request) if withhold else response


async def account_metrics(request: web.Request) -> web.StreamResponse:
    """`GET /metrics/account`: the account's followers today (the audience model)."""
    sandbox = request.app[SANDBOX]
    account = _authenticate(request)
    withhold = await _apply_fault(request, account.handle, "/metrics")
    response = web.json_response({"as_of": iso(sandbox.clock()), **sandbox.account_metrics(account)})
    return await _withhold(request) if withhold else response


# ----------------------------------------------------------------------------- HTML pages

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} · clickKloudy sandbox</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}
article{{border:1px solid #ddd;border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0;white-space:pre-wrap}}
small{{color:#666}}</style></head>
<body><p><small>clickKloudy sandbox platform (development only)</small></p>{body}</body></html>
"""


def _html(title: str, body: str, status: int = 200) -> web.Response:
    return web.Response(
        text=_PAGE.format(title=html.escape(title), body=body), status=status, content_type="text/html"
    )


def _article(request: web.Request, post: Post) -> str:
    media = f"<br><small>{len(post.media_ids)} media attached</small>" if post.media_ids else ""
    return (
        f"<article>{html.escape(post.text)}{media}<br>"
        f'<small><a href="{html.escape(_post_url(request, post))}">{iso(post.created_at)}</a></small>'
        "</article>"
    )


async def index_page(request: web.Request) -> web.Response:
    """A landing page so the sandbox's base URL opened in a browser shows who has posted."""
    accounts = request.app[SANDBOX].accounts()
    items = "".join(
        f'<li><a href="/@{html.escape(a.handle)}">@{html.escape(a.handle)}</a></li>' for a in accounts
    )
    return _html("Accounts", f"<h1>Accounts</h1><ul>{items}</ul>" if items else "<h1>No accounts yet</h1>")


async def profile_page(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    handle = request.match_info["handle"]
    account = sandbox.account(handle)
    if account is None:
        return _html("Not found", f"<h1>No account @{html.escape(handle)}</h1>", status=404)
    posts = "".join(_article(request, p) for p in sandbox.recent_posts(account, 50))
    return _html(f"@{handle}", f"<h1>@{html.escape(handle)}</h1>{posts or '<p>No posts yet.</p>'}")


async def post_page(request: web.Request) -> web.Response:
    handle = request.match_info["handle"]
    try:
        post = request.app[SANDBOX].get_post(handle, request.match_info["id"])
    except SandboxError:
        return _html("Not found", "<h1>This post does not exist or was deleted</h1>", status=404)
    back = f'<p><a href="/@{html.escape(handle)}">@{html.escape(handle)}</a></p>'
    return _html(f"@{handle}: post {post.id}", back + _article(request, post))


# ----------------------------------------------------------------------------- control


async def add_fault(request: web.Request) -> web.Response:
    body = await _json_object(request)
    try:
        fault = request.app[SANDBOX].faults.add(body)
    except FaultSpecError as exc:
        raise SandboxError(400, "invalid_request", str(exc)) from None
    log.info("fault registered: %s", fault.to_json())
    return web.json_response(fault.to_json(), status=201)


async def list_faults(request: web.Request) -> web.Response:
    return web.json_response({"faults": [f.to_json() for f in request.app[SANDBOX].faults.rules()]})


async def clear_faults(request: web.Request) -> web.Response:
    request.app[SANDBOX].faults.clear()
    return web.Response(status=204)


async def received(request: web.Request) -> web.Response:
    return web.json_response(request.app[SANDBOX].received())


async def stats(request: web.Request) -> web.Response:
    return web.json_response(request.app[SANDBOX].stats())


async def reset(request: web.Request) -> web.Response:
    body = await _json_object(request, empty_ok=True)
    accounts = _optional_bool(body, "accounts") or False
    request.app[SANDBOX].reset(accounts=accounts)
    return web.json_response({"status": "reset", "accounts_cleared": accounts})


async def update_account(request: web.Request) -> web.Response:
    body = await _json_object(request, empty_ok=True)
    unknown = sorted(set(body) - {"rate_limit_per_minute", "idempotency", "expire_tokens_now"})
    if unknown:
        raise SandboxError(400, "invalid_request", f"unknown field(s): {', '.join(unknown)}")
    limit = body.get("rate_limit_per_minute")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise SandboxError(400, "invalid_request", "rate_limit_per_minute must be a non-negative integer")
    account = request.app[SANDBOX].update_account(
        request.match_info["handle"],
        rate_limit_per_minute=limit,
        idempotency=_optional_bool(body, "idempotency"),
        expire_tokens_now=_optional_bool(body, "expire_tokens_now") or False,
    )
    return web.json_response(account.summary())


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "up"})
