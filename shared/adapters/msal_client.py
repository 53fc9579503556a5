"""Sign-in with Microsoft Entra ID / External ID through MSAL (authorization-code flow with PKCE).

MSAL builds the authorize URL (state, nonce, PKCE), redeems the code and checks state and nonce.
Since 1.38 it deliberately does not validate the id token, so this adapter does: RS256 signature
against the provider's published keys, audience, expiry and issuer (Entra's multi-tenant issuer is
a `{tenantid}` template, filled from the token's `tid`).

MSAL is synchronous (it blocks on HTTP), so every call that may reach the network runs in a worker
thread. One instance per process: MSAL caches the provider's discovery document and we cache its
signing keys. All HTTP goes through one `httpx.Client` with an explicit TLS context, because
requests (MSAL's default) lets the REQUESTS_CA_BUNDLE environment variable override `verify=`.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
import warnings
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt
import msal  # type: ignore[import-untyped]
from msal.authority import WELL_KNOWN_AUTHORITY_HOSTS, WELL_KNOWN_B2C_HOSTS  # type: ignore[import-untyped]

from shared.domain.errors import DependencyUnavailable, Unauthenticated

log = logging.getLogger(__name__)

# MSAL always adds the reserved openid and profile (and offline_access, excluded below: we only need
# to know who signed in, never to call Microsoft on the user's behalf later).
SCOPES = ["email"]
ID_TOKEN_ALGORITHMS = ["RS256"]  # what Entra signs with; pinned so a token cannot pick its own algorithm
CLOCK_SKEW_SECONDS = 120  # MSAL's own tolerance
JWKS_REFRESH_COOLDOWN_SECONDS = 60.0  # an unknown kid refetches the keys, at most this often
DEFAULT_TIMEOUT_SECONDS = 10.0

UNAVAILABLE = "Sign-in with Microsoft is not available right now; try again in a few minutes."


class _NoTokenCache(msal.TokenCache):  # type: ignore[misc]
    """Drops every token MSAL would cache: we read the id token once, and a per-process cache of
    every user's Microsoft tokens would only grow and hold secrets we never use."""

    def add(self, event: dict[str, Any], **kwargs: Any) -> None:
        return None


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    jwks_uri: str


def is_microsoft_authority(authority: str) -> bool:
    """Entra ID and External ID hosts go to MSAL as `authority=`; anything else is a generic OpenID
    provider (`oidc_authority=`), which MSAL discovers at <authority>/.well-known/openid-configuration."""
    host = (urlsplit(authority).hostname or "").lower()
    return host in WELL_KNOWN_AUTHORITY_HOSTS or any(host.endswith("." + h) for h in WELL_KNOWN_B2C_HOSTS)


def discovery_url(authority: str) -> str:
    base = authority.rstrip("/")
    return (
        f"{base}/v2.0/.well-known/openid-configuration"
        if is_microsoft_authority(authority)
        else (f"{base}/.well-known/openid-configuration")
    )


def expected_issuer(template: str, claims: Mapping[str, Any]) -> str:
    """The multi-tenant endpoints (organizations, common) publish `.../{tenantid}/v2.0`."""
    return template.replace("{tenantid}", str(claims.get("tid", "")))


class MsalSignInClient:
    def __init__(
        self,
        *,
        client_id: str,
        authority: str,
        client_secret: Callable[[], Awaitable[str]],
        ca_file: str | None = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        parsed = urlsplit(authority)
        if parsed.scheme != "https" or not parsed.hostname or parsed.path.strip("/") == "":
            raise ValueError("the authority must be https://<host>/<tenant>")
        self.client_id = client_id
        self.authority = authority.rstrip("/")
        self._client_secret = client_secret
        # ca_file: an extra trust anchor (a local fake provider); otherwise httpx's default CA bundle.
        verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=ca_file) if ca_file else True
        self._http = httpx.Client(
            transport=httpx.HTTPTransport(verify=verify, retries=1), timeout=timeout, follow_redirects=False
        )
        self._lock = asyncio.Lock()
        self._app: Any = None
        self._secret: str | None = None
        self._metadata: ProviderMetadata | None = None
        self._keys: dict[str, jwt.PyJWK] = {}
        self._keys_fetched_at = 0.0

    # -- set-up --------------------------------------------------------------------------------

    def _build(self, secret: str) -> tuple[Any, ProviderMetadata]:
        response = self._http.get(discovery_url(self.authority))
        response.raise_for_status()
        document = response.json()
        metadata = ProviderMetadata(issuer=str(document["issuer"]), jwks_uri=str(document["jwks_uri"]))
        where = (
            {"authority": self.authority}
            if is_microsoft_authority(self.authority)
            else {"oidc_authority": self.authority}
        )
        app = msal.ConfidentialClientApplication(
            self.client_id,
            client_credential=secret,
            http_client=self._http,
            token_cache=_NoTokenCache(),
            exclude_scopes=["offline_access"],
            **where,
        )
        return app, metadata

    async def _application(self) -> tuple[Any, ProviderMetadata]:
        """The MSAL app, rebuilt when the secret changes (a rotation in Key Vault needs no restart)."""
        try:
            secret = await self._client_secret()
        except KeyError as exc:  # not in Key Vault
            log.error("Microsoft sign-in has a client id but its client secret is missing")
            raise DependencyUnavailable(UNAVAILABLE, code="microsoft_unavailable") from exc
        if not secret:
            log.error("Microsoft sign-in has a client id but no client secret")
            raise DependencyUnavailable(UNAVAILABLE, code="microsoft_unavailable")
        async with self._lock:
            if self._app is None or secret != self._secret:
                try:
                    self._app, self._metadata = await asyncio.to_thread(self._build, secret)
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    log.warning(
                        "Microsoft sign-in discovery failed at %s: %s", self.authority, type(exc).__name__
                    )
                    raise DependencyUnavailable(UNAVAILABLE, code="microsoft_unavailable") from exc
                self._secret = secret
            assert self._metadata is not None
            return self._app, self._metadata

    # -- the flow ------------------------------------------------------------------------------

    async def begin(self, *, redirect_uri: str) -> dict[str, Any]:
        """A new flow: `auth_uri` to send the browser to, plus what `complete` needs (state, nonce,
        PKCE verifier), all of which the caller must keep server-side until the callback."""
        app, _ = await self._application()
        # The code comes back in the query string: a GET, so the SameSite=Lax flow cookie rides along
        # (a cross-site form_post would need SameSite=None). MSAL warns on every such flow; the risk it
        # names (a code leaking through history or logs) is covered by PKCE, the client secret and
        # single-use codes. The call is CPU only, so the warning filter is held for microseconds.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="response_mode='form_post' is recommended")
            flow: dict[str, Any] = app.initiate_auth_code_flow(
                SCOPES, redirect_uri=redirect_uri, response_mode="query"
            )
        return flow

    async def complete(self, flow: dict[str, Any], response: Mapping[str, str]) -> dict[str, Any]:
        """Redeem the code of the provider's redirect; the id token's claims once verified."""
        app, metadata = await self._application()
        try:
            result: dict[str, Any] = await asyncio.to_thread(
                app.acquire_token_by_auth_code_flow, dict(flow), dict(response)
            )
        except httpx.HTTPError as exc:
            log.warning("Microsoft token endpoint unreachable: %s", type(exc).__name__)
            raise DependencyUnavailable(UNAVAILABLE, code="microsoft_unavailable") from exc
        except RuntimeError as exc:  # MSAL's nonce (replay) check; the only RuntimeError of this call
            raise Unauthenticated(
                "The sign-in response was not issued for this sign-in attempt.", code="nonce_mismatch"
            ) from exc
        except ValueError as exc:  # MSAL: state missing or different
            raise Unauthenticated(
                "The sign-in response does not match this sign-in attempt.", code="invalid_state"
            ) from exc
        error = result.get("error")
        if error in ("invalid_client", "unauthorized_client"):
            log.error(
                "Microsoft refused our client credentials (%s); check MICROSOFT_CLIENT_ID and the "
                "microsoft-client-secret",
                error,
            )
            raise DependencyUnavailable(UNAVAILABLE, code="microsoft_unavailable")
        if error:
            raise Unauthenticated(
                "Microsoft did not sign you in.",
                code="provider_error",
                details={"provider_error": str(error)[:100]},
            )
        id_token = result.get("id_token")
        if not isinstance(id_token, str):
            raise Unauthenticated("Microsoft sent no id token.", code="invalid_id_token")
        return await self._verify(id_token, metadata)

    # -- id token ------------------------------------------------------------------------------

    def _fetch_keys(self, jwks_uri: str) -> dict[str, jwt.PyJWK]:
        response = self._http.get(jwks_uri)
        response.raise_for_status()
        keys: dict[str, jwt.PyJWK] = {}
        for data in response.json().get("keys", []):
            if not isinstance(data, dict) or not data.get("kid"):
                continue
            try:
                keys[str(data["kid"])] = jwt.PyJWK(data)
            except jwt.PyJWTError:  # a key type or algorithm PyJWT cannot use; others may still serve
                continue
        return keys

    async def _signing_key(self, kid: str, metadata: ProviderMetadata) -> jwt.PyJWK | None:
        key = self._keys.get(kid)
        if key is None and time.monotonic() - self._keys_fetched_at > JWKS_REFRESH_COOLDOWN_SECONDS:
            try:
                keys = await asyncio.to_thread(self._fetch_keys, metadata.jwks_uri)
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("Microsoft signing keys unavailable: %s", type(exc).__name__)
                raise DependencyUnavailable(UNAVAILABLE, code="microsoft_unavailable") from exc
            self._keys, self._keys_fetched_at = keys, time.monotonic()
            key = keys.get(kid)
        return key

    async def _verify(self, id_token: str, metadata: ProviderMetadata) -> dict[str, Any]:
        invalid = Unauthenticated("Microsoft's id token failed verification.", code="invalid_id_token")
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise invalid from exc
        kid = header.get("kid")
        if not isinstance(kid, str) or header.get("alg") not in ID_TOKEN_ALGORITHMS:
            raise invalid
        key = await self._signing_key(kid, metadata)
        if key is None:
            raise invalid
        try:
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key.key,
                algorithms=ID_TOKEN_ALGORITHMS,
                audience=self.client_id,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat"]},
            )
        except jwt.PyJWTError as exc:
            raise invalid from exc
        if claims.get("iss") != expected_issuer(metadata.issuer, claims):
            raise invalid
        return claims

    async def aclose(self) -> None:
        await asyncio.to_thread(self._http.close)
