"""Request bodies: how large, how slow and in what form the API takes them, enforced once for every route.

`RequestBodyMiddleware` is pure ASGI and wraps the body as the framework reads it; the operation's limits
are looked up at the first read (the router has matched the route by then, and no byte has been read):

- Size: an operation takes at most the bytes it declares with `body_limit(...)` next to its route
  (file uploads), else `REQUEST_MAX_BODY_BYTES`. A Content-Length over the limit is refused before
  anything is read; a body without one (chunked) is counted as it streams and reading stops at the
  limit. 413 `payload_too_large`.
- Time: the whole body must arrive within `REQUEST_BODY_TIMEOUT_SECONDS` of the first read, so a body
  that trickles, or stops short of its declared length, does not hold a worker. 408 `request_timeout`.
- JSON: an operation that takes a JSON body refuses another Content-Type (415
  `unsupported_media_type`) and bytes that are not UTF-8 (422 `validation_failed`, "The body is not
  valid UTF-8 JSON"; RFC 8259 requires UTF-8 for JSON exchanged between systems).

A refusal has the standard error shape and closes the connection (the rest of the body is never read);
whatever the operation would have answered to a body it could not read, the refusal is the answer.
`document_request_bodies` lists these answers in the OpenAPI of every operation that takes a body.

On Azure Functions the host receives the whole body before the worker sees it: there the Content-Length
check spares the worker the copy, and the time limit never fires.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message as MimeHeader
from typing import Any

import anyio
from fastapi import Depends, FastAPI, params
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from functions.api.errors import ErrorResponse, error_body
from shared.bootstrap import Container, get_container
from shared.config import Settings

NOT_UTF8 = "The body is not valid UTF-8 JSON."


@dataclass(frozen=True)
class BodyLimit:
    """An operation's largest request body, for `RequestBodyMiddleware` to read off the route.

    Declared as a route dependency (`dependencies=[body_limit(...)]`); as a dependency it does nothing.
    `max_bytes` is a number or a function of the settings; `description` says it in the API docs and
    `hint` is added to the refusal's message.
    """

    max_bytes: int | Callable[[Settings], int]
    description: str
    hint: str = ""

    async def __call__(self) -> None:
        return None

    def resolve(self, settings: Settings) -> int:
        return self.max_bytes(settings) if callable(self.max_bytes) else self.max_bytes


def body_limit(
    max_bytes: int | Callable[[Settings], int], description: str, *, hint: str = ""
) -> params.Depends:
    """A route dependency declaring the operation's own body limit (instead of REQUEST_MAX_BODY_BYTES)."""
    marker: params.Depends = Depends(BodyLimit(max_bytes, description, hint))
    return marker


def _route_limit(route: object) -> BodyLimit | None:
    for dependency in getattr(route, "dependencies", None) or ():
        if isinstance(dependency.dependency, BodyLimit):
            return dependency.dependency
    return None


def takes_json(route: object) -> bool:
    field = route.body_field if isinstance(route, APIRoute) else None
    return field is not None and not isinstance(field.field_info, params.Form)


def _settings(scope: Scope) -> Settings:
    """The settings of the container the routes will get (tests override the container)."""
    overrides = getattr(scope.get("app"), "dependency_overrides", {})
    container: Container = overrides.get(get_container, get_container)()
    return container.settings


def is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    header = MimeHeader()
    header["content-type"] = content_type
    subtype = header.get_content_subtype()
    return header.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


def _declared_length(headers: Headers) -> int | None:
    value = headers.get("content-length", "").strip()
    return int(value) if value.isdigit() else None


def _has_body(headers: Headers) -> bool:
    declared = _declared_length(headers)
    return (declared is not None and declared > 0) or "transfer-encoding" in headers


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str
    details: Any = None


class BodyRefused(HTTPException):
    """Raised from `receive` when the body is refused, so the operation stops reading it. An
    HTTPException, so the framework passes it on instead of calling it a parsing error."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.status, refusal.message)
        self.refusal = refusal


def _too_large(limit: int, hint: str) -> Refusal:
    message = f"The request body is over the {limit:,} bytes this operation takes."
    return Refusal(413, "payload_too_large", f"{message} {hint}".strip(), {"max_bytes": limit})


def _too_slow(timeout: float) -> Refusal:
    return Refusal(
        408,
        "request_timeout",
        f"The request body did not arrive within {timeout:g} seconds.",
        {"timeout_seconds": timeout},
    )


def _not_json() -> Refusal:
    return Refusal(
        415, "unsupported_media_type", "Send the body as JSON, with Content-Type: application/json."
    )


def _not_utf8(error: UnicodeDecodeError, offset: int) -> Refusal:
    where = f"{error.reason} at byte {offset + error.start}"
    return Refusal(
        422, "validation_failed", NOT_UTF8, [{"field": "body", "message": where, "type": "utf8_invalid"}]
    )


class _BodyReader:
    """Wraps `receive` while the body is still arriving: counts it, times it and checks its form.

    The operation's limits are looked up at the first read, when the router has already put the
    matched route in the scope and not a byte of the body has been read yet.
    """

    def __init__(self, scope: Scope, receive: Receive) -> None:
        self.scope = scope
        self._receive = receive
        self.started = False
        self.limit = 0
        self.hint = ""
        self.timeout = 0.0
        self.deadline = 0.0
        self.decoder: codecs.IncrementalDecoder | None = None
        self.received = 0
        self.complete = False
        self.refusal: Refusal | None = None

    def refuse(self, refusal: Refusal) -> BodyRefused:
        self.refusal = refusal
        return BodyRefused(refusal)

    def start(self) -> None:
        """Limits of the route being served; refuses before reading what it can tell from the headers."""
        self.started = True
        settings = _settings(self.scope)
        route = self.scope.get("route")
        declared = _route_limit(route)
        self.limit = declared.resolve(settings) if declared else settings.request_max_body_bytes
        self.hint = declared.hint if declared else ""
        self.timeout = settings.request_body_timeout_seconds
        self.deadline = anyio.current_time() + self.timeout
        headers = Headers(scope=self.scope)
        length = _declared_length(headers)
        if length is not None and length > self.limit:
            raise self.refuse(_too_large(self.limit, self.hint))
        if takes_json(route):
            if not is_json(headers.get("content-type")):
                raise self.refuse(_not_json())
            self.decoder = codecs.getincrementaldecoder("utf-8")()

    async def receive(self) -> Message:
        if self.complete:  # the body is in: what follows is a disconnect, which may come whenever
            return await self._receive()
        if self.refusal is not None:
            raise BodyRefused(self.refusal)
        if not self.started:
            self.start()
        remaining = self.deadline - anyio.current_time()
        if remaining <= 0:
            raise self.refuse(_too_slow(self.timeout))
        message: Message | None = None
        with anyio.move_on_after(remaining):
            message = await self._receive()
        if message is None:
            raise self.refuse(_too_slow(self.timeout))
        if message["type"] != "http.request":
            self.complete = True  # http.disconnect: the framework handles it
            return message
        chunk: bytes = message.get("body", b"")
        more = bool(message.get("more_body", False))
        if self.received + len(chunk) > self.limit:
            raise self.refuse(_too_large(self.limit, self.hint))
        if self.decoder is not None:
            try:
                self.decoder.decode(chunk, final=not more)
            except UnicodeDecodeError as error:
                raise self.refuse(_not_utf8(error, self.received)) from None
        self.received += len(chunk)
        self.complete = not more
        return message


async def _send_refusal(scope: Scope, send: Send, refusal: Refusal) -> None:
    request_id = scope.get("state", {}).get("request_id")
    body = json.dumps(
        error_body(refusal.code, refusal.message, details=refusal.details, request_id=request_id)
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": refusal.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                # The rest of the body is never read, so the connection cannot carry another request.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestBodyMiddleware:
    """Size, time and encoding limits on request bodies (see the module's docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(Headers(scope=scope)):
            await self.app(scope, receive, send)
            return
        reader = _BodyReader(scope, receive)
        started = False

        async def send_unless_refused(message: Message) -> None:
            nonlocal started
            if reader.refusal is not None and not started:
                return  # the operation's answer to a body it could not read: the refusal replaces it
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, reader.receive, send_unless_refused)
        except Exception:
            if reader.refusal is None or started:
                raise
        if reader.refusal is not None and not started:
            await _send_refusal(scope, send, reader.refusal)


# --- the API docs --------------------------------------------------------------------------------

_ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": _ERROR_CONTENT}


def _document_operation(operation: dict[str, Any], limit: BodyLimit | None) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    content_types = set(operation["requestBody"].get("content", {}))
    size = limit.description if limit else "REQUEST_MAX_BODY_BYTES (1 MiB by default)"
    responses.setdefault("413", _error(f"payload_too_large (body over {size})"))
    responses.setdefault(
        "408", _error("request_timeout (the body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS)")
    )
    if "application/json" in content_types:
        responses.setdefault("415", _error("unsupported_media_type (send Content-Type: application/json)"))
        invalid = "validation_failed also when the body is not JSON or not valid UTF-8"
        if "422" not in responses:
            responses["422"] = _error(invalid)
        elif "UTF-8" not in responses["422"].get("description", ""):
            responses["422"]["description"] = f"{responses['422'].get('description', '')}; {invalid}".lstrip(
                "; "
            )
    if "multipart/form-data" in content_types:
        responses.setdefault("400", _error("bad_request (a malformed multipart body)"))


def _error_shape_for_validation(operation: dict[str, Any]) -> None:
    """FastAPI documents its own 422 shape where a route lists none; the API answers ErrorResponse."""
    response = operation.get("responses", {}).get("422")
    if response is not None and "HTTPValidationError" in json.dumps(response):
        operation["responses"]["422"] = _error("validation_failed (details lists each invalid field)")


def document_request_bodies(api: FastAPI) -> None:
    """List 413, 408 (and for JSON bodies 415 and 422) on every operation that takes a body, and the
    standard error shape wherever FastAPI would document its own for 422."""
    build = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema:
            return api.openapi_schema
        schema = build()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        if "ErrorResponse" not in schemas:
            generated = ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(generated.pop("$defs", {}))
            schemas["ErrorResponse"] = generated
        limits = {
            (method.lower(), route.path_format): _route_limit(route.original_route)
            for route in iter_route_contexts(api.routes)
            if isinstance(route.original_route, APIRoute)
            for method in route.methods or ()
        }
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                if not isinstance(operation, dict):
                    continue
                _error_shape_for_validation(operation)
                if "requestBody" in operation:
                    _document_operation(operation, limits.get((method, path)))
        for name in ("HTTPValidationError", "ValidationError"):  # FastAPI's own shape, never sent
            if f"#/components/schemas/{name}" not in json.dumps(schema):
                schemas.pop(name, None)
        return schema

    api.openapi = openapi  # type: ignore[method-assign]
