"""Serving HTTP triggers: the app's ASGI app directly, or plain @app.route functions through an adapter."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

import azure.functions as func
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.observability import redact_path
from tools.devhost.functions import FunctionInfo
from tools.devhost.invocation import Invoker
from tools.devhost.routes import RouteError, RouteTemplate, compile_route, full_template

log = logging.getLogger("devhost.http")

ALL_METHODS = ("GET", "POST", "DELETE", "HEAD", "PATCH", "PUT", "OPTIONS")
GRACEFUL_SHUTDOWN_SECONDS = 5


class HostHttpMiddleware:
    """Request log and routePrefix: the host answers 404 outside /<routePrefix> before any function runs.

    With `site`, only `/api` reaches the functions and every other path goes to the web app, as Static
    Web Apps in front of the Function App does in Azure (its linked backend receives `/api/*`).
    """

    def __init__(self, app: ASGIApp, route_prefix: str, site: ASGIApp | None = None) -> None:
        self.app = app
        self.prefix = f"/{route_prefix}" if route_prefix else ""
        self.site = site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        path: str = scope["path"]

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            if self.site is not None and not _is_api(path):
                await self.site(scope, receive, send_and_record)
            elif self._outside_prefix(path):
                await PlainTextResponse("Not Found", status_code=404)(scope, receive, send_and_record)
            else:
                await self.app(scope, receive, send_and_record)
        finally:
            log.info(
                "HTTP %s %s %d %.0fms",
                scope["method"],
                redact_path(path),
                status,
                (time.perf_counter() - started) * 1000,
            )

    def _outside_prefix(self, path: str) -> bool:
        return (
            bool(self.prefix)
            and path.casefold() != self.prefix
            and not path.casefold().startswith(self.prefix.casefold() + "/")
        )


def _is_api(path: str) -> bool:
    return path.casefold() == "/api" or path.casefold().startswith("/api/")


@dataclass(frozen=True)
class _Endpoint:
    function: FunctionInfo
    route: RouteTemplate
    methods: frozenset[str]


def function_routes(functions: list[FunctionInfo], route_prefix: str, invoker: Invoker) -> Starlette:
    """An ASGI app for plain HTTP functions, tried in function-name order as the host orders routes."""
    endpoints: list[_Endpoint] = []
    for function in functions:
        route = str(function.setting("route") or function.name)
        try:
            template = compile_route(full_template(route_prefix, route))
        except RouteError as error:
            log.error("The '%s' function is in error: %s", function.name, error)
            continue
        methods = function.setting("methods")
        allowed = (
            frozenset(str(m).upper() for m in methods)
            if isinstance(methods, list)
            else frozenset(ALL_METHODS)
        )
        endpoints.append(_Endpoint(function, template, allowed))

    async def dispatch(request: Request) -> Response:
        for endpoint in endpoints:
            route_params = endpoint.route.match(request.url.path)
            if route_params is not None and request.method in endpoint.methods:
                return await _invoke(endpoint.function, request, route_params, invoker)
        return PlainTextResponse("Not Found", status_code=404)

    return Starlette(routes=[Route("/{path:path}", dispatch, methods=list(ALL_METHODS))])


async def _invoke(
    function: FunctionInfo, request: Request, route_params: dict[str, str], invoker: Invoker
) -> Response:
    http_request = func.HttpRequest(
        method=request.method,
        url=str(request.url),
        headers={name: ", ".join(request.headers.getlist(name)) for name in request.headers},
        params=dict(request.query_params),
        route_params=route_params,
        body=await request.body(),
    )
    result = await invoker.invoke(function, http_request, ident=request.method + " " + request.url.path)
    if not result.succeeded:
        return Response(status_code=500)
    return _to_response(function, result.value)


def _to_response(function: FunctionInfo, value: object) -> Response:
    if isinstance(value, func.HttpResponse):
        return _from_http_response(value)
    if isinstance(value, str | bytes):
        return PlainTextResponse(value)
    if value is None:
        return Response(status_code=204)
    log.error(
        "'Functions.%s' returned %s; an HTTP function must return func.HttpResponse, str or bytes",
        function.name,
        type(value).__name__,
    )
    return Response(status_code=500)


def _from_http_response(value: func.HttpResponse) -> Response:
    """Keep repeated headers (Set-Cookie) apart; the mimetype only applies when no Content-Type was set."""
    headers = [(str(name), str(text)) for name, text in value.headers.items()]
    content_type = next((text for name, text in headers if name.lower() == "content-type"), None)
    if content_type is None:
        mimetype = str(value.mimetype)
        content_type = f"{mimetype}; charset={value.charset}" if mimetype.startswith("text/") else mimetype
    response = Response(content=value.get_body(), status_code=int(value.status_code), media_type=content_type)
    response.raw_headers.extend(
        (name.lower().encode("latin-1"), text.encode("latin-1"))
        for name, text in headers
        if name.lower() not in ("content-type", "content-length")
    )
    return response


class _Server(uvicorn.Server):
    """The host owns SIGINT/SIGTERM: uvicorn's own handlers re-raise the signal after serving, which would
    kill the process before timers and queue listeners have drained."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def build_server(
    app: ASGIApp, route_prefix: str, host: str, port: int, site: ASGIApp | None = None
) -> uvicorn.Server:
    config = uvicorn.Config(
        HostHttpMiddleware(app, route_prefix, site),
        host=host,
        port=port,
        lifespan="auto",
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    return _Server(config)
