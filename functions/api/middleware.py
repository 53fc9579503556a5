"""Request context: an id on every request and response, and the last line of defence for errors."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from functions.api.errors import error_body
from shared.observability import redact_path, request_id_var

log = logging.getLogger("clickkloudy.http")

# A caller-supplied id is kept only if it is short and plain, so it can't forge log lines.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class RequestContextMiddleware:
    """Pure ASGI middleware (so it also wraps streaming responses and sees every exception).

    It sits inside Starlette's ServerErrorMiddleware but outside everything else, and answers an
    unexpected exception itself with the standard 500 body, so the header and shape hold for 500s too.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), redact_path(scope.get("path", "")))
            if response_started:
                raise
            await _send_internal_error(send_with_id, request_id)
        finally:
            log.info(
                "%s %s %s",
                scope.get("method"),
                redact_path(scope.get("path", "")),
                status,
                extra={"status": status, "duration_ms": round((time.perf_counter() - started) * 1000, 1)},
            )
            request_id_var.reset(token)


async def _send_internal_error(send: Send, request_id: str) -> None:
    import json

    body = json.dumps(
        error_body(
            "internal_error",
            "Something went wrong on our side. Quote the request id when reporting it.",
            request_id=request_id,
        )
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
