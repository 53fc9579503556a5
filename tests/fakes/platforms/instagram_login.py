"""A fake Instagram API with Instagram Login: www.instagram.com's authorization window,
api.instagram.com's code exchange and graph.instagram.com, over real HTTP.

The Graph part (containers, publishing, quota, media, insights) is `FakeInstagram`'s: the same
Instagram API on another host. What differs is the login, per Meta's docs:
- authorization window and code exchange (`{"data": [{access_token, user_id, permissions}]}`, errors
  as `{error_type, code, error_message}`):
  https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
- long-lived tokens, `ig_exchange_token`: https://developers.facebook.com/docs/instagram-platform/reference/access_token
- refresh, `ig_refresh_token` (only an unexpired long-lived token):
  https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token
- `/me` with `user_id` (the professional account id publishing uses) beside the app-scoped `id`:
  https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/get-started
"""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from tests.fakes.platforms.facebook import LONG_LIVED, SHORT_LIVED, graph_error, select
from tests.fakes.platforms.instagram import FakeInstagram

APP_SCOPED_ID = "9100000000000001"


def legacy_error(message: str) -> web.Response:
    return web.json_response(
        {"error_type": "OAuthException", "code": 400, "error_message": message}, status=400
    )


class FakeInstagramLogin(FakeInstagram):
    name = "instagram_login"

    def __init__(self) -> None:
        super().__init__()
        self.long_lived: set[str] = set()
        self.flat_code_answer = False  # answer the code exchange without the `data` list (older docs)

    @property
    def account_id(self) -> str:
        return next(iter(self.accounts))

    def token_for(self, *, lifetime: int = LONG_LIVED) -> str:
        """A long-lived token issued without the authorization window (tests of publishing)."""
        token = str(self.issue_tokens(self.person.id, lifetime=lifetime, refresh=False)["access_token"])
        self.long_lived.add(token)
        return token

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/oauth/authorize", self.window)
        app.router.add_post("/oauth/access_token", self.code_exchange)
        app.router.add_get("/access_token", self.exchange)
        app.router.add_get("/refresh_access_token", self.renew)
        super().add_routes(app)  # the versioned Graph paths

    async def window(self, request: web.Request) -> web.Response:
        scopes = set(request.query.get("scope", "").replace(",", " ").split())
        if "instagram_business_basic" not in scopes:
            return legacy_error("instagram_business_basic is required")
        return self.authorize(request)

    async def code_exchange(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        if form.get("grant_type") != "authorization_code":
            return legacy_error("Invalid grant_type")
        client_id = form.get("client_id", "")
        problem = self.redeem_code(
            form, client_id=client_id, client_secret=form.get("client_secret", ""), require_pkce=False
        )
        if problem == "invalid_client":
            return legacy_error("Invalid platform app")
        if problem:
            return legacy_error("Invalid authorization code")
        token = str(self.issue_tokens(self.person.id, lifetime=SHORT_LIVED, refresh=False)["access_token"])
        entry = {
            "access_token": token,
            "user_id": self.account_id,
            "permissions": "instagram_business_basic,instagram_business_content_publish",
        }
        return web.json_response(entry if self.flat_code_answer else {"data": [entry]})

    def _query_token(self, request: web.Request) -> tuple[str, web.Response | None]:
        token = request.query.get("access_token", "")
        found = self.access_tokens.get(token)
        if found is None:
            return token, graph_error(400, "Invalid OAuth access token - Cannot parse access token", 190)
        if found["expires_at"] < time.time():
            return token, graph_error(400, "Error validating access token: Session has expired.", 190, 463)
        return token, None

    async def exchange(self, request: web.Request) -> web.Response:
        if request.query.get("grant_type") != "ig_exchange_token":
            return graph_error(400, "Unsupported grant_type", 100)
        if request.query.get("client_secret") not in self.clients.values():
            return graph_error(400, "Error validating client secret.", 1, 404)
        _token, failure = self._query_token(request)
        if failure is not None:
            return failure
        return web.json_response(
            {"access_token": self.token_for(), "token_type": "bearer", "expires_in": LONG_LIVED}
        )

    async def renew(self, request: web.Request) -> web.Response:
        if request.query.get("grant_type") != "ig_refresh_token":
            return graph_error(400, "Unsupported grant_type", 100)
        token, failure = self._query_token(request)
        if failure is not None:
            return failure
        if token not in self.long_lived:
            return graph_error(400, "Only long-lived tokens can be refreshed.", 190)
        return web.json_response(
            {"access_token": self.token_for(), "token_type": "bearer", "expires_in": LONG_LIVED}
        )

    async def get_me(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        _principal, failure = self.caller(request)
        if failure is not None:
            return failure
        account = self.accounts[self.account_id]
        me = {
            "id": APP_SCOPED_ID,
            "user_id": account.id,
            "username": account.username,
            "name": account.page_name,
            "account_type": "BUSINESS",
            "profile_picture_url": f"https://scontent.cdninstagram.com/{account.id}.jpg",
            "followers_count": account.followers,
        }
        return web.json_response(select(me, str(params.get("fields", ""))))
