"""A small OpenID Connect provider for tests: real HTTPS on 127.0.0.1, in a background thread.

It plays Microsoft's part in the authorization-code flow so MSAL and our callback run unchanged:
discovery, `/authorize` (which "signs in" whoever the test chose and redirects straight back with a
code), `/token` (checks the client secret, the redirect URI and the PKCE verifier, and issues an RS256
id token), and `/jwks`.

Why HTTPS with a self-signed certificate: MSAL 1.39 refuses any authority that is not `https://`
(`msal.authority.canonicalize`), so a plain-HTTP fake could not be used at all. Each provider mints
its own certificate with the emulators' `generate_cert`: it covers 127.0.0.1 and is its own CA (so
the same PEM works as a CA bundle), and the client under test is told to trust it through
`ca_file`; nothing is disabled.

Tests steer the next sign-in through attributes: `claims` (overrides; None removes a claim),
`authorize_error`, `sign_with_foreign_key`, `nonce_override`. Every request is recorded.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import ssl
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from tools.emulators.manage import generate_cert

CODE_TTL_SECONDS = 120
ID_TOKEN_TTL_SECONDS = 3600


@dataclass(frozen=True)
class IssuedCode:
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str
    scope: str
    claims: dict[str, Any]
    expires_at: float


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


class FakeOidcProvider:
    """One provider (one tenant, one registered confidential client) listening until `stop()`."""

    def __init__(
        self, directory: Path, *, client_id: str = "", client_secret: str = "", tenant_id: str = ""
    ) -> None:
        self.client_id = client_id or str(uuid.uuid4())
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.tenant_id = tenant_id or str(uuid.uuid4())
        self.kid = "fake-key-1"
        self._signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._foreign_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ca_file, key_file = directory / "fake-oidc.crt", directory / "fake-oidc.key"
        generate_cert(self.ca_file, key_file)
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(self.ca_file, key_file)
        self._lock = threading.Lock()
        self._codes: dict[str, IssuedCode] = {}
        self.authorize_requests: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.claims: dict[str, Any] = {}
        self.authorize_error: str | None = None
        self.sign_with_foreign_key = False
        self.nonce_override: str | None = None
        self.reset()

    # -- test controls -------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget per-test behaviour; the next sign-in is a brand-new person of this tenant."""
        with self._lock:
            self.claims = self.new_person()
            self.authorize_error = None
            self.sign_with_foreign_key = False
            self.nonce_override = None
            self.authorize_requests.clear()
            self.token_requests.clear()

    def new_person(self, **overrides: Any) -> dict[str, Any]:
        oid = str(uuid.uuid4())
        email = f"ms-{oid[:12]}@contoso.example"
        person: dict[str, Any] = {
            "oid": oid,
            "sub": f"pairwise-{oid}",
            "tid": self.tenant_id,
            "email": email,
            "email_verified": True,
            "preferred_username": email,
            "name": "Grace Hopper",
        }
        person.update(overrides)
        return person

    # -- life cycle ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the provider first"
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    @property
    def issuer(self) -> str:
        """Shaped like Entra's (`/<tenant>/v2.0`); also the authority MSAL is given."""
        return f"{self.base_url}/{self.tenant_id}/v2.0"

    def start(self) -> FakeOidcProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_GET(self) -> None:
                provider._dispatch(self, "GET")

            def do_POST(self) -> None:
                provider._dispatch(self, "POST")

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.socket = self._tls.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="fake-oidc", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    # -- protocol ------------------------------------------------------------------------------

    def _dispatch(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(handler.path)
        prefix = f"/{self.tenant_id}/v2.0"
        route = url.path[len(prefix) :] if url.path.startswith(prefix) else None
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        if method == "GET" and route == "/.well-known/openid-configuration":
            self._json(handler, 200, self.configuration())
        elif method == "GET" and route == "/discovery/v2.0/keys":
            self._json(handler, 200, self.jwks())
        elif method == "GET" and route == "/oauth2/v2.0/authorize":
            self._authorize(handler, query)
        elif method == "POST" and route == "/oauth2/v2.0/token":
            length = int(handler.headers.get("Content-Length") or 0)
            form = dict(parse_qsl(handler.rfile.read(length).decode(), keep_blank_values=True))
            self._token(handler, form)
        else:
            self._json(handler, 404, {"error": "not_found"})

    def configuration(self) -> dict[str, Any]:
        base = self.issuer
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._signing_key.public_key()))
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [jwk]}

    def _authorize(self, handler: BaseHTTPRequestHandler, query: dict[str, str]) -> None:
        with self._lock:
            self.authorize_requests.append(query)
            error = self.authorize_error
            claims = dict(self.claims)
        problems = [
            name
            for name, ok in (
                ("client_id", query.get("client_id") == self.client_id),
                ("response_type", query.get("response_type") == "code"),
                ("redirect_uri", bool(query.get("redirect_uri"))),
                ("scope", "openid" in query.get("scope", "").split()),
                ("state", bool(query.get("state"))),
                ("nonce", bool(query.get("nonce"))),
                ("code_challenge", bool(query.get("code_challenge"))),
                ("code_challenge_method", query.get("code_challenge_method") == "S256"),
            )
            if not ok
        ]
        if problems:
            self._json(handler, 400, {"error": "invalid_request", "error_description": f"bad {problems}"})
            return
        answer: dict[str, str] = {"state": query["state"]}
        if error is not None:
            answer.update(error=error, error_description=f"The user or provider said {error}.")
        else:
            code = secrets.token_urlsafe(24)
            with self._lock:
                self._codes[code] = IssuedCode(
                    client_id=query["client_id"],
                    redirect_uri=query["redirect_uri"],
                    code_challenge=query["code_challenge"],
                    nonce=query["nonce"],
                    scope=query["scope"],
                    claims=claims,
                    expires_at=time.time() + CODE_TTL_SECONDS,
                )
            answer["code"] = code
        handler.send_response(302)
        handler.send_header("Location", f"{query['redirect_uri']}?{urlencode(answer)}")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def _client_credentials(self, handler: BaseHTTPRequestHandler, form: dict[str, str]) -> tuple[str, str]:
        header = handler.headers.get("Authorization", "")
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            return unquote_plus(user), unquote_plus(password)
        return form.get("client_id", ""), form.get("client_secret", "")

    def _token(self, handler: BaseHTTPRequestHandler, form: dict[str, str]) -> None:
        client_id, client_secret = self._client_credentials(handler, form)
        with self._lock:
            self.token_requests.append({k: v for k, v in form.items() if k != "client_secret"})
            issued = self._codes.pop(form.get("code", ""), None)
            foreign = self.sign_with_foreign_key
            nonce_override = self.nonce_override
        if client_id != self.client_id or not secrets.compare_digest(client_secret, self.client_secret):
            self._json(
                handler, 401, {"error": "invalid_client", "error_description": "Bad client credentials."}
            )
            return
        if form.get("grant_type") != "authorization_code":
            self._json(handler, 400, {"error": "unsupported_grant_type"})
            return
        if issued is None or issued.expires_at < time.time() or issued.client_id != client_id:
            self._json(handler, 400, {"error": "invalid_grant", "error_description": "Unknown or used code."})
            return
        if form.get("redirect_uri") != issued.redirect_uri:
            self._json(handler, 400, {"error": "invalid_grant", "error_description": "redirect_uri differs."})
            return
        if _s256(form.get("code_verifier", "")) != issued.code_challenge:
            self._json(handler, 400, {"error": "invalid_grant", "error_description": "PKCE check failed."})
            return
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": client_id,
            "iat": now,
            "nbf": now,
            "exp": now + ID_TOKEN_TTL_SECONDS,
            "nonce": nonce_override if nonce_override is not None else issued.nonce,
            "ver": "2.0",
        }
        for name, value in issued.claims.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        key = self._foreign_key if foreign else self._signing_key
        id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})
        self._json(
            handler,
            200,
            {
                "token_type": "Bearer",
                "scope": issued.scope,
                "expires_in": 3600,
                "access_token": secrets.token_urlsafe(32),
                "id_token": id_token,
            },
        )

    @staticmethod
    def _json(handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Cache-Control", "no-store")
        handler.end_headers()
        handler.wfile.write(data)
