"""Facebook Pages through the Graph API, and the Facebook Login steps Instagram (Facebook Login) shares.

A person logs in once; every Page they may create content on becomes an account with its own Page
token. Page tokens obtained with a long-lived user token do not expire
(https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived), so there
is no refresh token: `refresh` asks for the Page token again with the user token while that one
lives (about 60 days), and otherwise says honestly that the account must be reconnected.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import httpx

from shared.config import Settings
from shared.platforms import meta, oauth
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AuthRevokedError,
    AuthSpec,
    Capabilities,
    ConnectedAccount,
    Credentials,
    DocumentedError,
    NotSupportedError,
    OAuthClient,
    OAuthSpec,
    Pending,
    PermanentError,
    PlatformError,
    PostMetrics,
    Published,
    PublishOutcome,
    PublishRequest,
    TokenExpiredError,
)
from shared.platforms.http import hosts
from shared.platforms.ratelimit import from_iso
from shared.platforms.text import count

PLATFORM = "facebook"
NAME = "Facebook"
VERSION = meta.GRAPH_VERSION

# Videos are uploaded on graph-video.facebook.com (https://developers.facebook.com/docs/video-api/guides/publishing).
HOSTS = {"graph": meta.GRAPH_URL, "video": "https://graph-video.facebook.com"}

AUTH = AuthSpec(
    kind="oauth2",
    oauth=OAuthSpec(
        # Login dialog and code exchange: https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow
        # PKCE (code_challenge / code_verifier): https://developers.facebook.com/documentation/facebook-login/guides/advanced/oidc-token
        authorize_url=f"https://www.facebook.com/{VERSION}/dialog/oauth",
        token_url=f"{meta.GRAPH_URL}/{VERSION}/oauth/access_token",
        # Pages API permissions: https://developers.facebook.com/docs/pages-api/overview
        scopes=("pages_show_list", "pages_read_engagement", "pages_manage_posts", "read_insights"),
        scope_separator=",",
    ),
    client_id_setting="facebook_app_id",
    client_secret_setting="facebook_app_secret",
)

CAPABILITIES = Capabilities(
    max_text_length=63206,  # ? the limit Facebook's composer enforces; the Graph docs give none
    max_media=10,  # ? attached_media takes a list; 10 is what the composer allows per post
    media_kinds=frozenset({"image", "video"}),
    max_videos=1,
    mixed_media=False,  # a video is its own post (/videos), photos attach to a feed post
    # Photos ≤ 10 MB: https://developers.facebook.com/docs/page-stories-api (photo specifications)
    max_image_bytes=10 * 1024 * 1024,
    # ? file_url is a non-resumable upload: up to 1 GB and 20 minutes (Video API publishing guide)
    max_video_bytes=1024 * 1024 * 1024,
    max_video_seconds=20 * 60,
    native_scheduling=True,
    # Page post insights (page_impressions* and post_impressions* were retired in 2025-2026):
    # https://developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics
    post_metrics=("views", "reach", "reactions", "clicks"),
    account_metrics=("views", "reach", "engagements", "new_follows"),
    # Meta's media views count every display: impressions in the shared vocabulary.
    post_vocabulary={
        "impressions": ("views",),
        "reach": ("reach",),
        "reactions": ("reactions",),
        "clicks": ("clicks",),
    },
    account_vocabulary={"followers": ("followers",), "impressions": ("views",), "reach": ("reach",)},
    reconcile=True,
)

# Graph API errors (https://developers.facebook.com/docs/graph-api/guides/error-handling) and rate
# limits (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/).
_BUC = json.dumps({"1234": [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 12}]})
_APP = json.dumps({"call_count": 100, "total_time": 40, "total_cputime": 30})
_E = meta.envelope
DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    DocumentedError(400, _E(190, "Error validating access token: Session has expired.", 463), "auth_expired"),
    DocumentedError(
        400, _E(190, "Error validating access token: the password changed.", 460), "auth_revoked"
    ),
    DocumentedError(400, _E(190, "Invalid OAuth access token."), "auth_revoked", note="invalid token"),
    DocumentedError(401, _E(190, "Invalid OAuth 2.0 Access Token", 467), "auth_revoked", note="401 token"),
    DocumentedError(403, _E(200, "(#200) The user hasn't authorized the application"), "auth_revoked"),
    DocumentedError(
        403,
        _E(32, "(#32) Page request limit reached"),
        "rate_limited",
        (("X-Business-Use-Case-Usage", _BUC),),
    ),
    DocumentedError(
        400, _E(4, "(#4) Application request limit reached"), "rate_limited", (("X-App-Usage", _APP),)
    ),
    DocumentedError(400, _E(17, "(#17) User request limit reached"), "rate_limited"),
    DocumentedError(400, _E(613, "(#613) Calls to this api have exceeded the rate limit."), "rate_limited"),
    DocumentedError(400, _E(80001, "(#80001) Too many calls to this Page account."), "rate_limited"),
    DocumentedError(400, _E(506, "(#506) Duplicate status message"), "duplicate"),
    DocumentedError(400, _E(368, "(#368) The action attempted has been deemed abusive"), "invalid_content"),
    DocumentedError(400, _E(100, "(#100) Invalid parameter"), "invalid_content"),
    # Temporary, so reads and unpublished photos are retried; on /feed, /photos (published) and
    # /videos a 5xx may come after the post was made: ambiguous (settled by reading /{page}/posts).
    DocumentedError(500, _E(1, "An unknown error has occurred."), "transient", on_create="ambiguous"),
    DocumentedError(
        503,
        _E(2, "Service temporarily unavailable", is_transient=True),
        "transient",
        on_create="ambiguous",
    ),
    DocumentedError(
        502,
        "<html>Bad Gateway</html>",
        "transient",
        note="proxy error without envelope",
        on_create="ambiguous",
    ),
)


def classify(response: httpx.Response) -> PlatformError | None:
    return meta.classify(response, name=NAME)


# --- Facebook Login (shared with Instagram via Facebook Login) ---------------------------------------


async def login(
    graph: meta.Graph, client: OAuthClient, code: str, *, redirect_uri: str, code_verifier: str
) -> Credentials:
    """Code → short-lived user token → long-lived user token (about 60 days), as the docs describe:
    https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived"""
    short = await graph.token(
        "oauth/access_token",
        {
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "redirect_uri": redirect_uri,
            "code": code,
            "code_verifier": code_verifier,
        },
    )
    return await extend(graph, client.client_id, client.client_secret, str(short["access_token"]))


async def extend(graph: meta.Graph, app_id: str, app_secret: str, token: str) -> Credentials:
    """A long-lived user token from a valid one (`fb_exchange_token`); an expired token cannot be."""
    body = await graph.token(
        "oauth/access_token",
        {
            "grant_type": "fb_exchange_token",
            "client_id": app_id,
            "client_secret": app_secret,
            "fb_exchange_token": token,
        },
    )
    return Credentials(access_token=str(body["access_token"]), expires_at=meta.expires_at(body))


async def me(graph: meta.Graph, token: str) -> str:
    return str((await graph.get("me", token, fields="id"))["id"])


async def pages(graph: meta.Graph, token: str, fields: str) -> list[dict[str, Any]]:
    """Every Page of the user (GET /me/accounts, cursor paging):
    https://developers.facebook.com/docs/graph-api/reference/user/accounts/"""
    found: list[dict[str, Any]] = []
    params: dict[str, Any] = {"fields": fields, "limit": 100}
    for _ in range(20):
        body = await graph.get("me/accounts", token, **params)
        found.extend(item for item in body.get("data", []) if isinstance(item, dict))
        after = (body.get("paging") or {}).get("cursors", {}).get("after")
        if not after or not (body.get("paging") or {}).get("next"):
            break
        params["after"] = after
    return found


async def revoke_login(graph: meta.Graph, user_token: str, user_id: str) -> None:
    """DELETE /{user-id}/permissions: the app forgets the whole login (every Page and Instagram
    account it gave): https://developers.facebook.com/docs/facebook-login/guides/permissions/request-revoke"""
    await graph.call("DELETE", f"{user_id or 'me'}/permissions", user_token)


# --- the connector ------------------------------------------------------------------------------------


class FacebookConnector(oauth.StandardOAuthApp):
    """Publishes to a Facebook Page with the Page's token.

    Options read from `request.options`:
    - `link` (http/https URL): a link post (`POST /{page}/feed` with `link`); text-only posts.
    Posts: text → /feed; one photo → /photos (published); several → unpublished /photos then /feed
    with `attached_media`; one video → /videos with `file_url` (processed asynchronously: Pending).
    Docs: https://developers.facebook.com/docs/pages-api/posts and
    https://developers.facebook.com/docs/graph-api/reference/page/photos/
    """

    platform = PLATFORM
    name = NAME
    capabilities = CAPABILITIES
    auth = AUTH

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        super().__init__(settings, client)
        urls = hosts(settings, PLATFORM, HOSTS)
        self.graph = meta.Graph(client, urls["graph"], name=NAME)
        self.video = meta.Graph(client, urls["video"], name=NAME)

    async def exchange_code(
        self, client: OAuthClient, code: str, *, redirect_uri: str, code_verifier: str
    ) -> Credentials:
        return await login(self.graph, client, code, redirect_uri=redirect_uri, code_verifier=code_verifier)

    async def list_accounts(self, credentials: Credentials) -> list[ConnectedAccount]:
        """Pages the person may publish on (task CREATE_CONTENT), each with its own Page token."""
        user_id = await me(self.graph, credentials.access_token)
        found = await pages(
            self.graph, credentials.access_token, "id,name,username,link,access_token,tasks,picture{url}"
        )
        accounts = []
        for page in found:
            tasks = page.get("tasks")
            if not page.get("access_token") or (isinstance(tasks, list) and "CREATE_CONTENT" not in tasks):
                continue
            page_id = str(page["id"])
            picture = (page.get("picture") or {}).get("data") or {}
            extra = {"page_id": page_id, "user_id": user_id, "user_token": credentials.access_token}
            if credentials.expires_at is not None:
                extra["user_expires_at"] = credentials.expires_at.isoformat()
            accounts.append(
                ConnectedAccount(
                    external_id=page_id,
                    handle=str(page.get("username") or page_id),
                    display_name=str(page.get("name") or page_id),
                    credentials=Credentials(access_token=str(page["access_token"]), extra=extra),
                    url=str(page.get("link") or f"https://www.facebook.com/{page_id}"),
                    avatar_url=picture.get("url"),
                    metadata={"page_id": page_id, "user_id": user_id},
                )
            )
        return accounts

    async def refresh(self, credentials: Credentials) -> Credentials:
        """Ask for the Page token again with the stored user token, while that one is valid."""
        user_token = credentials.extra.get("user_token", "")
        page_id = credentials.extra.get("page_id", "")
        user_expiry = credentials.extra.get("user_expires_at")
        lapsed = user_expiry is not None and datetime.fromisoformat(user_expiry) <= datetime.now(UTC)
        if not user_token or not page_id or lapsed:
            raise AuthRevokedError(
                "Facebook Page tokens cannot be refreshed after the login lapses; reconnect the account."
            )
        try:
            body = await self.graph.get(page_id, user_token, fields="access_token")
        except (TokenExpiredError, AuthRevokedError) as exc:
            raise AuthRevokedError("Facebook no longer accepts this login; reconnect the account.") from exc
        if not body.get("access_token"):
            raise AuthRevokedError("Facebook gave no Page token for this login; reconnect the account.")
        return Credentials(access_token=str(body["access_token"]), extra=dict(credentials.extra))

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        page_id = self._page(credentials, request)
        token = credentials.access_token
        link = self._link(request)
        self._check(request, link)
        images = [item for item in request.media if item.kind == "image"]
        if any(item.kind == "video" for item in request.media):
            # Creates the video post (shown once processed): a 5xx here is ambiguous (meta.Graph.call).
            body = await self.video.call(
                "POST",
                f"{page_id}/videos",
                token,
                creates=True,
                data={"file_url": request.media[0].url, "description": request.text},
            )
            return Pending(
                {"video_id": str(body["id"]), "page_id": page_id},
                check_after=timedelta(seconds=30),
                message="Facebook is processing the video.",
            )
        if len(images) == 1:
            data = {"url": images[0].url, **({"message": request.text} if request.text else {})}
            body = await self.graph.call("POST", f"{page_id}/photos", token, creates=True, data=data)
            return await self._published(token, str(body.get("post_id") or body["id"]))
        data = {"message": request.text} if request.text else {}
        if link:
            data["link"] = link
        for index, item in enumerate(images):
            # Unpublished photos are invisible until attached, so creating one again cannot post twice.
            photo = await self.graph.call(
                "POST", f"{page_id}/photos", token, data={"url": item.url, "published": "false"}
            )
            data[f"attached_media[{index}]"] = json.dumps({"media_fbid": str(photo["id"])})
        body = await self.graph.call("POST", f"{page_id}/feed", token, creates=True, data=data)
        return await self._published(token, str(body["id"]))

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        """A video's processing: GET /{video}?fields=status (https://developers.facebook.com/docs/graph-api/reference/video/)."""
        video_id = str(state["video_id"])
        body = await self.graph.get(video_id, credentials.access_token, fields="status,permalink_url,post_id")
        status = body.get("status") or {}
        phase = str(status.get("video_status", ""))
        if phase == "ready":
            return Published(
                external_id=str(body.get("post_id") or video_id), url=_absolute(body.get("permalink_url"))
            )
        if phase in ("error", "expired"):
            errors = (status.get("processing_phase") or {}).get("errors") or [{}]
            reason = str(errors[0].get("message") or "Facebook could not process the video.")
            raise PermanentError(f"Facebook: {reason}", code="video_processing_failed")
        return Pending(state, check_after=timedelta(seconds=30), message="Facebook is processing the video.")

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """A Page post since `since` whose message is exactly this request's text (none without text)."""
        text = request.text.strip()
        if not text:
            return None
        page_id = self._page(credentials, request)
        body = await self.graph.get(
            f"{page_id}/posts",
            credentials.access_token,
            fields="id,message,created_time,permalink_url",
            since=int((since - timedelta(seconds=5)).timestamp()),
            limit=25,
        )
        for post in body.get("data", []):
            created = from_iso(str(post.get("created_time", "")))
            if (
                str(post.get("message", "")).strip() == text
                and created
                and created >= since - timedelta(seconds=5)
            ):
                return Published(
                    external_id=str(post["id"]),
                    url=_absolute(post.get("permalink_url")) or _post_url(str(post["id"])),
                )
        return None

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        metrics = []
        for post_id in external_ids:
            try:
                body = await self.graph.get(
                    f"{post_id}/insights",
                    credentials.access_token,
                    metric="post_media_view,post_total_media_view_unique,post_reactions_by_type_total,post_clicks",
                )
            except PermanentError:
                continue  # the post is gone or has no insights (yet): nothing to report for it
            values = meta.insight_values(body)
            metrics.append(
                PostMetrics(
                    post_id,
                    {
                        "views": meta.as_int(values.get("post_media_view")),
                        "reach": meta.as_int(values.get("post_total_media_view_unique")),
                        "reactions": meta.as_int(values.get("post_reactions_by_type_total")),
                        "clicks": meta.as_int(values.get("post_clicks")),
                    },
                )
            )
        return metrics

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        page_id = account.external_id or credentials.extra.get("page_id", "")
        page = await self.graph.get(page_id, credentials.access_token, fields="followers_count")
        body = await self.graph.get(
            f"{page_id}/insights",
            credentials.access_token,
            metric="page_media_view,page_total_media_view_unique,page_post_engagements,page_daily_follows",
            period="day",
        )
        values = meta.insight_values(body)
        return AccountMetrics(
            followers=meta.as_int(page["followers_count"]) if "followers_count" in page else None,
            metrics={
                "views": meta.as_int(values.get("page_media_view")),
                "reach": meta.as_int(values.get("page_total_media_view_unique")),
                "engagements": meta.as_int(values.get("page_post_engagements")),
                "new_follows": meta.as_int(values.get("page_daily_follows")),
            },
        )

    async def revoke(self, credentials: Credentials) -> None:
        """Revokes the whole Facebook Login, so every Page (and Instagram account) it connected."""
        user_token = credentials.extra.get("user_token")
        if not user_token:
            raise NotSupportedError("This Facebook account holds no login to revoke.")
        await revoke_login(self.graph, user_token, credentials.extra.get("user_id", ""))

    # --- helpers ------------------------------------------------------------------------------------

    def _page(self, credentials: Credentials, request: PublishRequest) -> str:
        page_id = request.account.external_id or credentials.extra.get("page_id", "")
        if not page_id:
            raise PermanentError("No Facebook Page to publish to.", code="account_unknown")
        return page_id

    def _link(self, request: PublishRequest) -> str:
        link = request.options.get("link")
        if link in (None, ""):
            return ""
        parsed = urlparse(str(link))
        if not isinstance(link, str) or parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise PermanentError("The Facebook option 'link' must be an http(s) URL.", code="invalid_option")
        return link

    def _check(self, request: PublishRequest, link: str) -> None:
        caps = self.capabilities
        if count(request.text, caps.text_counting) > caps.max_text_length:
            raise PermanentError(
                f"Facebook posts are limited to {caps.max_text_length} characters.", code="text_too_long"
            )
        kinds = [item.kind for item in request.media]
        if any(kind not in caps.media_kinds for kind in kinds):
            raise PermanentError("Facebook Pages take photos and videos only.", code="unsupported_media")
        if "video" in kinds and len(kinds) > 1:
            raise PermanentError(
                "A Facebook video is posted on its own, without other media.", code="too_many_media"
            )
        if len(kinds) > caps.max_media:
            raise PermanentError(
                f"A Facebook post takes at most {caps.max_media} photos.", code="too_many_media"
            )
        if link and kinds:
            raise PermanentError(
                "The Facebook option 'link' is for posts without media.", code="invalid_option"
            )
        if not request.text.strip() and not kinds and not link:
            raise PermanentError("A Facebook post needs text, a link or media.", code="empty_post")

    async def _published(self, token: str, post_id: str) -> Published:
        """The post exists: its URL is a bonus, so a failed lookup must not fail the publish."""
        try:
            body = await self.graph.get(post_id, token, fields="permalink_url")
        except PlatformError:
            return Published(external_id=post_id, url=_post_url(post_id))
        return Published(external_id=post_id, url=_absolute(body.get("permalink_url")) or _post_url(post_id))


def _post_url(post_id: str) -> str:
    return f"https://www.facebook.com/{post_id}"


def _absolute(permalink: Any) -> str | None:
    """Video permalinks come as paths (/page/videos/123/); posts as full URLs."""
    if not permalink:
        return None
    value = str(permalink)
    return (
        value
        if value.startswith("http")
        else f"https://www.facebook.com{value if value.startswith('/') else '/' + value}"
    )


def build(settings: Settings, client: httpx.AsyncClient) -> FacebookConnector:
    return FacebookConnector(settings, client)
