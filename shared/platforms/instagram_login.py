"""Instagram professional accounts through Instagram Login (no Facebook Page needed).

The person signs in on instagram.com; we exchange the code at api.instagram.com for a one-hour
token, then for a long-lived (60-day) one that refreshes itself while still valid
(https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login).
Everything else is the Instagram API on graph.instagram.com, the same container flow as Instagram
through Facebook Login (`instagram.ContainerFlow`, with its limits and options), so the two
connectors publish alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from shared.config import Settings
from shared.platforms import instagram, meta, oauth
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AuthRevokedError,
    AuthSpec,
    ConnectedAccount,
    Credentials,
    DocumentedError,
    NotSupportedError,
    OAuthClient,
    OAuthSpec,
    PermanentError,
    PlatformError,
    PostMetrics,
    Published,
    PublishOutcome,
    PublishRequest,
)
from shared.platforms.http import hosts, json_body, send

PLATFORM = "instagram_login"
NAME = "Instagram"
# The API host; the authorization window (www.instagram.com) and the code exchange
# (api.instagram.com) are in AUTH. PLATFORM_BASE_URLS sends all three to one server.
HOSTS = {"graph": "https://graph.instagram.com"}

AUTH = AuthSpec(
    kind="oauth2",
    oauth=OAuthSpec(
        authorize_url="https://www.instagram.com/oauth/authorize",
        token_url="https://api.instagram.com/oauth/access_token",
        # Publish, and read insights: instagram_business_basic is required for every call.
        scopes=(
            "instagram_business_basic",
            "instagram_business_content_publish",
            "instagram_business_manage_insights",
        ),
        scope_separator=",",
        pkce=False,  # the Instagram authorization window documents no PKCE parameters
    ),
    client_id_setting="instagram_app_id",
    client_secret_setting="instagram_app_secret",
)

# Same API, same limits and metrics (caption 2,200, carousel ≤ 10, media required, quota read from
# content_publishing_limit): https://developers.facebook.com/docs/instagram-platform/content-publishing
CAPABILITIES = instagram.CAPABILITIES

# The Graph errors are Instagram's; the code exchange answers in Instagram's older dialect:
# https://developers.facebook.com/docs/instagram-platform/reference/oauth-access-token
DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    *instagram.DOCUMENTED_ERRORS,
    DocumentedError(
        400,
        {"error_type": "OAuthException", "code": 400, "error_message": "Invalid authorization code"},
        "auth_revoked",
        note="code exchange: spent or foreign code",
    ),
    DocumentedError(
        400,
        {"error_type": "OAuthException", "code": 400, "error_message": "Invalid platform app"},
        "invalid_content",
        note="code exchange: wrong app id or secret",
    ),
    DocumentedError(503, "Service Unavailable", "transient", note="plain 503", on_create="ambiguous"),
)


def classify(response: httpx.Response) -> PlatformError | None:
    """None for a success; the Graph envelope goes through `meta.classify`, the code exchange's
    `{error_type, code, error_message}` is read here."""
    if response.status_code < 400:
        return None
    body = json_body(response)
    if isinstance(body, dict) and "error_type" in body:
        message = str(body.get("error_message") or "the request was refused")
        if "app" in message.lower() or "secret" in message.lower():
            return PermanentError(
                f"Instagram refused our app's credentials ({message}).", code="oauth_failed"
            )
        return AuthRevokedError("Instagram refused the authorization; connect the account again.")
    return meta.classify(response, name=NAME)


def build(settings: Settings, client: httpx.AsyncClient) -> InstagramLoginConnector:
    return InstagramLoginConnector(settings, client)


class InstagramLoginConnector(oauth.StandardOAuthApp):
    """An Instagram business or creator account signed in with Instagram Login.

    Options (`request.options`): see `instagram.plan` (`media_type` REELS or STORIES,
    `share_to_feed`).
    """

    platform = PLATFORM
    name = NAME
    capabilities = CAPABILITIES
    auth = AUTH

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        super().__init__(settings, client)
        host = hosts(settings, PLATFORM, HOSTS)["graph"]
        self._graph = meta.Graph(client, host, name=NAME)
        self._tokens = meta.Graph(client, host, name=NAME, version="")  # token endpoints carry no version
        self._flow = instagram.ContainerFlow(self._graph, CAPABILITIES)

    # --- connecting ------------------------------------------------------------------------------

    async def exchange_code(
        self, client: OAuthClient, code: str, *, redirect_uri: str, code_verifier: str
    ) -> Credentials:
        """Code → short-lived token (a form POST to api.instagram.com) → long-lived token:
        https://developers.facebook.com/docs/instagram-platform/reference/access_token"""
        form = {
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "grant_type": "authorization_code",
            "redirect_uri": redirect_uri,
            "code": code,
        }
        response = await send(self._client, "POST", client.token_url, data=form, creates=False, name=NAME)
        error = classify(response)
        if error is not None:
            raise error
        short = _token_entry(json_body(response))
        params = {
            "grant_type": "ig_exchange_token",
            "client_secret": client.client_secret,
            "access_token": str(short["access_token"]),
        }
        return oauth.credentials_from(await self._tokens.token("access_token", params))

    async def list_accounts(self, credentials: Credentials) -> list[ConnectedAccount]:
        """The one professional account the token is for; `user_id` is the id publishing uses
        (`id` is app-scoped): https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/get-started"""
        me = await self._graph.get(
            "me", credentials.access_token, fields="user_id,username,name,profile_picture_url,account_type"
        )
        ig_user = str(me.get("user_id") or me["id"])
        username = str(me.get("username") or ig_user)
        return [
            ConnectedAccount(
                external_id=ig_user,
                handle=username,
                display_name=str(me.get("name") or username),
                credentials=credentials,
                url=f"https://www.instagram.com/{username}/",
                avatar_url=me.get("profile_picture_url"),
                metadata={"account_type": str(me.get("account_type") or "")},
            )
        ]

    async def refresh(self, credentials: Credentials) -> Credentials:
        """A long-lived token renews itself while valid (and at least a day old); an expired one
        cannot, and `Graph.token` then says to reconnect (AuthRevokedError):
        https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token"""
        params = {"grant_type": "ig_refresh_token", "access_token": credentials.access_token}
        body = await self._tokens.token("refresh_access_token", params)
        return oauth.credentials_from(body, previous=credentials)

    async def revoke(self, credentials: Credentials) -> None:
        raise NotSupportedError(
            "Instagram Login has no API to revoke a token; remove the app in Instagram's settings."
        )

    # --- publishing and reading back: the shared container flow --------------------------------

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        return await self._flow.publish(credentials.access_token, _user(request), request)

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        return await self._flow.check_status(credentials.access_token, _user(request), request, state)

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        return await self._flow.find_published(credentials.access_token, _user(request), request, since)

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        return await self._flow.post_metrics(credentials.access_token, external_ids)

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        return await self._flow.account_metrics(credentials.access_token, account.external_id)


def _user(request: PublishRequest) -> str:
    if not request.account.external_id:
        raise PermanentError("No Instagram account to publish to.", code="account_unknown")
    return request.account.external_id


def _token_entry(body: Any) -> dict[str, Any]:
    """The code exchange answers `{"data": [{access_token, user_id, permissions}]}` in the Business
    Login docs, and a bare `{access_token, user_id}` in older ones: take either."""
    if isinstance(body, dict) and isinstance(body.get("data"), list) and body["data"]:
        body = body["data"][0]
    if not isinstance(body, dict) or "access_token" not in body:
        raise PermanentError("Instagram answered the code exchange without a token.", code="oauth_failed")
    return body
