"""The OAuth2 authorization-code flow with PKCE (RFC 6749, RFC 7636), shared by every OAuth platform.

Built from authlib's parameter and PKCE functions; the HTTP goes through our own client so every
call has the project's timeouts and error classification. `StandardOAuthApp` holds the connector
methods that are the same on every platform with one registered app. Platforms with quirks
(Facebook's GET token endpoint, TikTok's `client_key`, Pinterest's Basic auth) are described by
`OAuthSpec` or override the connector method that calls these.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from shared.config import Settings
from shared.platforms.base import (
    AppRegistry,
    AuthRevokedError,
    AuthSpec,
    Credentials,
    OAuthClient,
    OAuthSpec,
    PermanentError,
    RateLimitedError,
    TransientError,
)
from shared.platforms.http import json_body, send
from shared.platforms.ratelimit import retry_at


def new_code_verifier() -> str:
    """64 random URL-safe characters (RFC 7636 asks for 43 to 128)."""
    return str(generate_token(64))


def authorization_url(
    client: OAuthClient, spec: OAuthSpec, *, redirect_uri: str, state: str, code_verifier: str
) -> str:
    params: dict[str, str] = dict(spec.extra_authorize_params)
    if spec.pkce:
        params.update(code_challenge=create_s256_code_challenge(code_verifier), code_challenge_method="S256")
    url: str = prepare_grant_uri(
        client.authorize_url,
        client.client_id,
        "code",
        redirect_uri=redirect_uri,
        scope=spec.scope_separator.join(spec.scopes),
        state=state,
        **params,
    )
    if spec.client_id_param != "client_id":
        url = url.replace("client_id=", f"{spec.client_id_param}=", 1)
    return url


def client_from_settings(settings: Settings, auth: AuthSpec, base: str) -> OAuthClient:
    """Our registered app for a platform: ids from settings, endpoint paths on the platform's hosts.

    `base` maps a spec URL that is a path ("/oauth/token") onto the host; absolute URLs are kept
    unless PLATFORM_BASE_URLS overrides the platform (then every URL is re-rooted on `base`).
    """
    assert auth.oauth is not None
    secret = getattr(settings, auth.client_secret_setting)
    return OAuthClient(
        client_id=str(getattr(settings, auth.client_id_setting)),
        client_secret=secret.get_secret_value() if hasattr(secret, "get_secret_value") else str(secret),
        authorize_url=rebase(auth.oauth.authorize_url, base),
        token_url=rebase(auth.oauth.token_url, base),
    )


def rebase(url: str, base: str) -> str:
    """`https://x.com/i/oauth2/authorize` on base `http://127.0.0.1:9000` → `http://127.0.0.1:9000/i/oauth2/authorize`."""
    if url.startswith("/"):
        return base.rstrip("/") + url
    if not base:
        return url
    path = url.split("://", 1)[-1]
    path = path[path.find("/") :] if "/" in path else "/"
    return base.rstrip("/") + path


def is_overridden(settings: Settings, platform: str) -> bool:
    return bool(settings.platform_base_urls.get(platform))


async def token_request(
    http: httpx.AsyncClient, client: OAuthClient, spec: OAuthSpec, data: dict[str, str], *, name: str
) -> dict[str, Any]:
    """POST to the token endpoint; a refused grant means the person must connect again."""
    headers = {"Accept": "application/json"}
    form = dict(data)
    if spec.client_auth == "client_secret_basic":
        raw = f"{client.client_id}:{client.client_secret}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(raw).decode("ascii")
    else:
        form[spec.client_id_param] = client.client_id
        form["client_secret"] = client.client_secret
    response = await send(
        http, "POST", client.token_url, data=form, headers=headers, creates=False, name=name
    )
    body = json_body(response)
    if response.status_code == 429:
        raise RateLimitedError(f"{name} is limiting token requests.", reset_at=retry_at(response))
    if response.status_code >= 500:
        raise TransientError(f"{name} could not issue a token (HTTP {response.status_code}).")
    if response.status_code >= 400 or not isinstance(body, dict) or "access_token" not in body:
        error = body.get("error") if isinstance(body, dict) else None
        if error in ("invalid_grant", "invalid_token", "unauthorized_client", "access_denied"):
            raise AuthRevokedError(f"{name} refused the authorization; connect the account again.")
        raise PermanentError(
            f"{name} refused the token request ({error or response.status_code}).", code="oauth_failed"
        )
    return body


async def exchange_code(
    http: httpx.AsyncClient,
    client: OAuthClient,
    spec: OAuthSpec,
    code: str,
    *,
    redirect_uri: str,
    code_verifier: str,
    name: str,
) -> dict[str, Any]:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if spec.pkce:
        data["code_verifier"] = code_verifier
    return await token_request(http, client, spec, data, name=name)


async def refresh(
    http: httpx.AsyncClient, client: OAuthClient, spec: OAuthSpec, refresh_token: str, *, name: str
) -> dict[str, Any]:
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return await token_request(http, client, spec, data, name=name)


def credentials_from(body: dict[str, Any], *, previous: Credentials | None = None) -> Credentials:
    """Credentials from a token response. A platform that does not rotate refresh tokens omits it:
    keep the one we had."""
    expires_in = body.get("expires_in")
    expires_at = (
        datetime.now(UTC) + timedelta(seconds=int(expires_in)) if expires_in not in (None, "", 0) else None
    )
    return Credentials(
        access_token=str(body["access_token"]),
        refresh_token=body.get("refresh_token") or (previous.refresh_token if previous else None),
        expires_at=expires_at,
        extra=dict(previous.extra) if previous else {},
    )


class StandardOAuthApp:
    """The connecting half every connector with one registered app (ids in settings) shares.

    Subclasses set `platform`, `name` (the display name for messages) and `auth` as class
    attributes, and override only what their platform does differently (Meta's long-lived token
    exchange, a check of the scopes granted). All HTTP goes through `_client`, the shared client.
    """

    platform: str
    name: str
    auth: AuthSpec

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        self.settings = settings
        self._client = client

    @property
    def _spec(self) -> OAuthSpec:
        assert self.auth.oauth is not None
        return self.auth.oauth

    def _app(self) -> OAuthClient:
        return client_from_settings(
            self.settings, self.auth, self.settings.platform_base_urls.get(self.platform, "")
        )

    async def oauth_client(
        self, fields: dict[str, str], *, redirect_uri: str, apps: AppRegistry
    ) -> OAuthClient:
        return self._app()

    async def exchange_code(
        self, client: OAuthClient, code: str, *, redirect_uri: str, code_verifier: str
    ) -> Credentials:
        body = await self._token_for_code(
            client, code, redirect_uri=redirect_uri, code_verifier=code_verifier
        )
        return credentials_from(body)

    async def _token_for_code(
        self, client: OAuthClient, code: str, *, redirect_uri: str, code_verifier: str
    ) -> dict[str, Any]:
        """The token endpoint's answer to the code, for connectors that read more of it (scopes granted)."""
        return await exchange_code(
            self._client,
            client,
            self._spec,
            code,
            redirect_uri=redirect_uri,
            code_verifier=code_verifier,
            name=self.name,
        )

    async def _token_for_refresh(self, refresh_token: str) -> dict[str, Any]:
        return await refresh(self._client, self._app(), self._spec, refresh_token, name=self.name)

    async def _refresh_or_reconnect(self, credentials: Credentials, *, missing: str) -> Credentials:
        """Spend the refresh token; without one (`missing` says why), or when the platform refuses
        it, only connecting the account again helps."""
        if not credentials.refresh_token:
            raise AuthRevokedError(missing)
        try:
            body = await self._token_for_refresh(credentials.refresh_token)
        except PermanentError as exc:
            raise AuthRevokedError(
                f"{self.name} refused to refresh the token; connect the account again."
            ) from exc
        return credentials_from(body, previous=credentials)
