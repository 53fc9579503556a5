"""The harness every fake platform server is built on: real HTTP on 127.0.0.1, in its own thread.

A fake answers like the platform documents (shapes, status codes, headers) and validates requests
the way the platform does (auth header, required fields, PKCE verifier, chunk order). Tests script
failures per call with `fail_next`, and read `requests` to see what the connector sent.

Running in a thread with its own event loop lets sync tests, async tests and a dev host in another
process all talk to it, the same way they talk to a real platform.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import email.parser
import email.policy
import hashlib
import json
import re
import secrets
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import web

Handler = Any


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Scripted:
    """One scripted answer. `hang_after_seconds`: run the real handler (the platform acts), then
    hold the answer that long — the client's timeout makes the outcome ambiguous. `acted`: run the
    real handler, then answer with this anyway (a 5xx from a platform that did the work)."""

    method: str
    path: re.Pattern[str]
    status: int = 500
    json_body: Any = None
    text: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1
    hang_after_seconds: float = 0.0
    hang_before_seconds: float = 0.0
    acted: bool = False


@dataclass
class IssuedCode:
    client_id: str
    redirect_uri: str
    code_challenge: str | None
    scope: str
    expires_at: float


@dataclass
class Part:
    """One part of a multipart body: a file when it has a filename, otherwise a plain field."""

    name: str
    data: bytes
    filename: str | None = None
    content_type: str = "text/plain"


async def read_multipart(request: web.Request) -> list[Part]:
    """The parts of a multipart/form-data body, in order.

    The harness reads every body before the handler runs (to record it), which leaves aiohttp's own
    stream-based `request.post()` / `request.multipart()` nothing to read for multipart; the body
    bytes are cached, so parse those with the standard library's MIME parser instead.
    """
    head = f"Content-Type: {request.headers.get('Content-Type', '')}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + await request.read())
    parts = []
    for part in message.iter_parts() if message.is_multipart() else []:
        payload = part.get_payload(decode=True)
        parts.append(
            Part(
                str(part.get_param("name", header="content-disposition") or ""),
                payload if isinstance(payload, bytes) else b"",
                part.get_filename(),
                part.get_content_type(),
            )
        )
    return parts


async def read_form(request: web.Request) -> tuple[dict[str, str], dict[str, Part]]:
    """Query string plus the fields of a urlencoded or multipart body, and the multipart files by name."""
    fields: dict[str, str] = dict(request.query)
    files: dict[str, Part] = {}
    if request.content_type == "application/x-www-form-urlencoded":
        fields.update(parse_qsl((await request.read()).decode(), keep_blank_values=True))
    elif request.content_type == "multipart/form-data":
        for part in await read_multipart(request):
            if part.filename is not None:
                files[part.name] = part
            else:
                fields[part.name] = part.data.decode()
    return fields, files


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


class FakePlatform(ABC):
    """Subclass: set `name`, implement `add_routes(app)`. Start with `start()`, stop with `stop()`."""

    name = "fake"

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._script: list[Scripted] = []
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        # OAuth: registered clients and what the authorization server issued.
        self.clients: dict[str, str] = {"test-client": "test-secret"}
        self.codes: dict[str, IssuedCode] = {}
        self.access_tokens: dict[str, dict[str, Any]] = {}  # token → {"user": ..., "expires_at": ...}
        self.refresh_tokens: dict[str, str] = {}  # refresh token → user

    # --- lifecycle -------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @abstractmethod
    def add_routes(self, app: web.Application) -> None:
        """Serve the platform's endpoints, at the same paths as its real hosts."""

    def start(self) -> FakePlatform:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            app = web.Application(middlewares=[self._middleware], client_max_size=1024**3)
            self.add_routes(app)
            self._runner = web.AppRunner(app, access_log=None)
            loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            loop.run_until_complete(site.start())
            self.port = site.port  # the port bound for port 0
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=run, name=f"fake-{self.name}", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError(f"fake {self.name} did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    # --- scripting and inspection ----------------------------------------------------------------

    def fail_next(self, method: str, path: str, **kwargs: Any) -> None:
        """Answer the next matching call(s) with this instead (path is a regex matched from the start)."""
        with self._lock:
            self._script.append(Scripted(method.upper(), re.compile(path), **kwargs))

    def calls(self, method: str, path: str) -> list[Recorded]:
        pattern = re.compile(path)
        return [r for r in self.requests if r.method == method.upper() and pattern.match(r.path)]

    def reset(self) -> None:
        with self._lock:
            self._script.clear()
            self.requests.clear()

    def _take(self, method: str, path: str) -> Scripted | None:
        with self._lock:
            for item in self._script:
                if item.method == method and item.path.match(path):
                    item.times -= 1
                    if item.times <= 0:
                        self._script.remove(item)
                    return item
        return None

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        body = await request.read()
        self.requests.append(
            Recorded(request.method, request.path, dict(request.query), dict(request.headers), body)
        )
        scripted = self._take(request.method, request.path)
        if scripted is None:
            response: web.StreamResponse = await handler(request)
            return response
        if scripted.hang_before_seconds:
            await asyncio.sleep(scripted.hang_before_seconds)
        if scripted.hang_after_seconds:
            response = await handler(request)
            await asyncio.sleep(scripted.hang_after_seconds)
            return response
        if scripted.acted:
            with contextlib.suppress(web.HTTPException):  # a refusal means it did not act after all
                await handler(request)
        if scripted.json_body is not None:
            return web.json_response(scripted.json_body, status=scripted.status, headers=scripted.headers)
        return web.Response(status=scripted.status, text=scripted.text or "", headers=scripted.headers)

    # --- a generic OAuth2 authorization server (platforms adapt names and shapes) ---------------

    def authorize(self, request: web.Request, *, client_id_param: str = "client_id") -> web.Response:
        """The consent page, approved at once: redirect back with a code bound to the PKCE challenge."""
        query = request.query
        client_id = query.get(client_id_param, "")
        if client_id not in self.clients:
            return web.json_response({"error": "invalid_client"}, status=400)
        if query.get("response_type") != "code" or not query.get("redirect_uri"):
            return web.json_response({"error": "invalid_request"}, status=400)
        challenge = query.get("code_challenge")
        if challenge is not None and query.get("code_challenge_method") != "S256":
            return web.json_response({"error": "invalid_request", "detail": "S256 only"}, status=400)
        code = secrets.token_urlsafe(24)
        self.codes[code] = IssuedCode(
            client_id, query["redirect_uri"], challenge, query.get("scope", ""), time.time() + 600
        )
        location = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
        raise web.HTTPFound(location)

    def redeem_code(
        self, form: dict[str, str], *, client_id: str, client_secret: str, require_pkce: bool = True
    ) -> str | None:
        """Check a code exchange; returns an error string, or None when valid (the code is spent)."""
        if self.clients.get(client_id) != client_secret:
            return "invalid_client"
        issued = self.codes.pop(form.get("code", ""), None)
        if issued is None or issued.expires_at < time.time() or issued.client_id != client_id:
            return "invalid_grant"
        if form.get("redirect_uri") != issued.redirect_uri:
            return "invalid_grant"
        if require_pkce or issued.code_challenge:
            verifier = form.get("code_verifier", "")
            if not verifier or issued.code_challenge is None or s256(verifier) != issued.code_challenge:
                return "invalid_grant"
        return None

    def issue_tokens(self, user: str, *, lifetime: int = 7200, refresh: bool = True) -> dict[str, Any]:
        access = "at-" + secrets.token_urlsafe(16)
        self.access_tokens[access] = {"user": user, "expires_at": time.time() + lifetime}
        body: dict[str, Any] = {"access_token": access, "token_type": "bearer", "expires_in": lifetime}
        if refresh:
            token = "rt-" + secrets.token_urlsafe(16)
            self.refresh_tokens[token] = user
            body["refresh_token"] = token
        return body

    def user_for(self, request: web.Request) -> str | None:
        """The user a bearer token stands for, or None when missing, unknown or expired."""
        header = request.headers.get("Authorization", "")
        token = header[7:] if header.lower().startswith("bearer ") else ""
        found = self.access_tokens.get(token)
        if found is None or found["expires_at"] < time.time():
            return None
        return str(found["user"])

    def token_state(self, request: web.Request) -> tuple[str, str | None]:
        """("ok", user), ("expired", user) or ("invalid", None): fakes answer each as the platform does."""
        header = request.headers.get("Authorization", "")
        token = header[7:] if header.lower().startswith("bearer ") else ""
        found = self.access_tokens.get(token)
        if found is None:
            return "invalid", None
        if found["expires_at"] < time.time():
            return "expired", str(found["user"])
        return "ok", str(found["user"])

    def expire_tokens(self) -> None:
        """Every issued access token is now expired (refresh tokens still work)."""
        for found in self.access_tokens.values():
            found["expires_at"] = 0

    def revoke_all(self) -> None:
        """The person revoked the app: no token works, and no refresh either."""
        self.access_tokens.clear()
        self.refresh_tokens.clear()


class FileHost(FakePlatform):
    """Serves test media at plain URLs, as our blob store's short-lived read URLs do for connectors."""

    name = "files"

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, tuple[bytes, str]] = {}

    def put(self, name: str, data: bytes, content_type: str) -> str:
        self.files[name] = (data, content_type)
        return f"{self.base_url}/files/{name}"

    def add_routes(self, app: web.Application) -> None:
        async def get(request: web.Request) -> web.Response:
            found = self.files.get(request.match_info["name"])
            if found is None:
                return web.Response(status=404)
            return web.Response(body=found[0], content_type=found[1])

        app.router.add_get("/files/{name}", get)
