"""Instagram professional accounts through Facebook Login, and the container flow both Instagram
logins share.

Publishing is Meta's container flow (https://developers.facebook.com/docs/instagram-platform/content-publishing):
create a container per media (`POST /{ig-user}/media` with a public `image_url` / `video_url`; our
media URLs are short-lived read URLs, which is what Meta fetches from), wait for its `status_code`
to reach FINISHED (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container),
then `POST /{ig-user}/media_publish`. `ContainerFlow` does all of it against any Graph host, so
Instagram Login (graph.instagram.com) reuses it with its own host and token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.config import Settings
from shared.platforms import facebook, meta, oauth
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    AuthSpec,
    Capabilities,
    ConnectedAccount,
    Credentials,
    DocumentedError,
    MediaItem,
    OAuthClient,
    OAuthSpec,
    Pending,
    PermanentError,
    PlatformError,
    PostMetrics,
    Published,
    PublishOutcome,
    PublishRequest,
    RateLimitedError,
    TransientError,
)
from shared.platforms.http import hosts, json_body, send
from shared.platforms.ratelimit import from_iso
from shared.platforms.text import count

PLATFORM = "instagram"
NAME = "Instagram"
HOSTS = {"graph": meta.GRAPH_URL}

AUTH = AuthSpec(
    kind="oauth2",
    oauth=OAuthSpec(
        authorize_url=f"https://www.facebook.com/{meta.GRAPH_VERSION}/dialog/oauth",
        token_url=f"{meta.GRAPH_URL}/{meta.GRAPH_VERSION}/oauth/access_token",
        # Instagram API with Facebook Login permissions (publish, insights, Page lookup):
        # https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
        scopes=(
            "instagram_basic",
            "instagram_content_publish",
            "instagram_manage_insights",
            "pages_show_list",
            "pages_read_engagement",
        ),
        scope_separator=",",
    ),
    client_id_setting="facebook_app_id",
    client_secret_setting="facebook_app_secret",
)

# Limits: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
# (caption 2,200 characters, 30 hashtags, 20 @-tags; carousels ≤ 10; JPEG ≤ 8 MB, aspect 4:5 to
# 1.91:1; Reels 3 s to 15 min, ≤ 300 MB).
CAPABILITIES = Capabilities(
    max_text_length=2200,
    max_media=10,
    media_kinds=frozenset({"image", "video"}),
    requires_media=True,
    max_image_bytes=8 * 1024 * 1024,
    max_video_bytes=300 * 1024 * 1024,
    min_video_seconds=3,
    max_video_seconds=15 * 60,
    # Media insights: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights
    post_metrics=("views", "reach", "likes", "comments", "shares", "saved"),
    # Account insights: https://developers.facebook.com/docs/instagram-platform/api-reference/instagram-user/insights
    account_metrics=("views", "reach", "accounts_engaged", "total_interactions"),
    # Instagram's views (since 2025) count every display: impressions in the shared vocabulary.
    post_vocabulary={
        "impressions": ("views",),
        "reach": ("reach",),
        "reactions": ("likes",),
        "comments": ("comments",),
        "shares": ("shares",),
        "saves": ("saved",),
    },
    account_vocabulary={"followers": ("followers",), "impressions": ("views",), "reach": ("reach",)},
    reconcile=True,
)
MAX_HASHTAGS, MAX_MENTIONS = 30, 20
MIN_ASPECT, MAX_ASPECT = 4 / 5, 1.91
MEDIA_TYPES = ("REELS", "STORIES")

# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes/
_BUC = '{"17841400000000000":[{"type":"instagram","call_count":100,"estimated_time_to_regain_access":30}]}'
_E = meta.envelope
DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    DocumentedError(400, _E(190, "Error validating access token: Session has expired.", 463), "auth_expired"),
    DocumentedError(400, _E(190, "The user has not authorized application.", 458), "auth_revoked"),
    DocumentedError(400, _E(190, "The user has changed the password.", 460), "auth_revoked"),
    DocumentedError(401, _E(190, "Invalid OAuth 2.0 Access Token", 467), "auth_revoked", note="401 token"),
    DocumentedError(
        403, _E(10, "(#10) Application does not have permission for this action"), "auth_revoked"
    ),
    DocumentedError(
        400,
        _E(4, "Application request limit reached"),
        "rate_limited",
        (("X-Business-Use-Case-Usage", _BUC),),
    ),
    DocumentedError(400, _E(80002, "(#80002) Too many calls to this Instagram account."), "rate_limited"),
    DocumentedError(
        400, _E(9, "You reached maximum number of posts.", 2207042), "rate_limited", note="publish quota"
    ),
    DocumentedError(400, _E(100, "The caption is too long.", 2207010), "invalid_content"),
    DocumentedError(400, _E(36000, "The image size is too large.", 2207004), "invalid_content"),
    DocumentedError(400, _E(36001, "The image format is not supported.", 2207005), "invalid_content"),
    DocumentedError(
        400, _E(36003, "The submitted image with aspect ratio is invalid.", 2207009), "invalid_content"
    ),
    DocumentedError(400, _E(352, "The video format is not supported.", 2207026), "invalid_content"),
    DocumentedError(
        400, _E(-2, "The media you are trying to access has expired.", 2207020), "invalid_content"
    ),
    DocumentedError(400, _E(25, "The Instagram account is restricted.", 2207050), "invalid_content"),
    DocumentedError(400, _E(9007, "The media is not ready for publishing.", 2207027), "transient"),
    DocumentedError(400, _E(-1, "Instagram server error.", 2207001), "transient"),
    DocumentedError(400, _E(-2, "It takes too long to download the media.", 2207003), "transient"),
    DocumentedError(400, _E(368, "The action attempted has been deemed abusive."), "invalid_content"),
    # Container creation and reads retry it; on media_publish the container is kept and its
    # status_code read on the next check (ContainerFlow), so the pipeline sees Pending, not this.
    DocumentedError(500, _E(1, "An unknown error has occurred."), "transient", on_create="ambiguous"),
)


def classify(response: httpx.Response) -> PlatformError | None:
    return meta.classify(response, name=NAME)


# --- the container flow (shared with Instagram Login) --------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What a request becomes: IMAGE (feed photo), REELS, STORIES or CAROUSEL, with its caption."""

    kind: str
    caption: str
    share_to_feed: bool | None = None


def plan_kind(request: PublishRequest) -> str:
    option = request.options.get("media_type")
    return str(option).upper() if option not in (None, "") else ""


def plan(request: PublishRequest, capabilities: Capabilities = CAPABILITIES, *, name: str = NAME) -> Plan:
    """Validate a request against Instagram's rules before anything is created.

    Options: `media_type` "REELS" (one video; the default for a single video) or "STORIES" (one
    image or video; stories show no caption, so the text is not sent); `share_to_feed` (bool,
    Reels only).
    """
    media = request.media
    media_type = plan_kind(request)
    if media_type and media_type not in MEDIA_TYPES:
        raise PermanentError(f"{name} option 'media_type' must be REELS or STORIES.", code="invalid_option")
    share = request.options.get("share_to_feed")
    if share is not None and (not isinstance(share, bool) or media_type == "STORIES"):
        raise PermanentError(
            f"{name} option 'share_to_feed' is true or false, for Reels.", code="invalid_option"
        )
    if not media:
        raise PermanentError(f"{name} posts need a photo or a video.", code="media_required")
    if len(media) > capabilities.max_media:
        raise PermanentError(
            f"{name} carousels take at most {capabilities.max_media} items.", code="too_many_media"
        )
    if any(item.kind not in capabilities.media_kinds for item in media):
        raise PermanentError(f"{name} takes photos and videos only.", code="unsupported_media")
    if media_type and len(media) > 1:
        raise PermanentError(f"{name} {media_type.lower()} take a single media.", code="invalid_option")
    if media_type == "REELS" and media[0].kind != "video":
        raise PermanentError(f"{name} Reels need a video.", code="invalid_option")
    _check_caption(request.text, capabilities, name)
    if media_type != "STORIES":
        for item in media:
            _check_aspect(item, name)
    if len(media) > 1:
        return Plan("CAROUSEL", request.text)
    if media_type == "STORIES":
        return Plan("STORIES", "")
    if media[0].kind == "video":
        return Plan("REELS", request.text, share)
    return Plan("IMAGE", request.text)


def _check_caption(text: str, capabilities: Capabilities, name: str) -> None:
    if count(text, capabilities.text_counting) > capabilities.max_text_length:
        raise PermanentError(
            f"{name} captions are limited to {capabilities.max_text_length} characters.", code="text_too_long"
        )
    if len(re.findall(r"(?<!\w)#\w+", text)) > MAX_HASHTAGS:
        raise PermanentError(
            f"{name} captions take at most {MAX_HASHTAGS} hashtags.", code="too_many_hashtags"
        )
    if len(re.findall(r"(?<![\w@])@[\w.]+", text)) > MAX_MENTIONS:
        raise PermanentError(
            f"{name} captions take at most {MAX_MENTIONS} @-mentions.", code="too_many_mentions"
        )


def _check_aspect(item: MediaItem, name: str) -> None:
    if item.kind != "image" or not item.width or not item.height:
        return
    ratio = item.width / item.height
    if not MIN_ASPECT - 0.005 <= ratio <= MAX_ASPECT + 0.005:
        raise PermanentError(f"{name} photos must be between 4:5 and 1.91:1.", code="ig_aspect_ratio")


class ContainerFlow:
    """The content-publishing flow on one Graph host, for one app user's token.

    `publish` checks the 24 h quota, creates the container(s) and returns `Pending` (or `Published`
    when everything was ready at once); `check_status` carries a `Pending` state on. The state is
    `{"container": id}` or `{"children": [ids], "container": id or ""}` plus `"video": bool`, and
    `"publishing_at"` (epoch seconds) once `media_publish` was tried. Containers are invisible until
    published (and expire in 24 h), so creating one again is harmless; only `media_publish` makes a
    post. A lost answer to it is ambiguous; a 5xx keeps the same container `Pending`, whose status
    (PUBLISHED or FINISHED) decides on the next check whether to look the post up or publish it.
    """

    def __init__(self, graph: meta.Graph, capabilities: Capabilities = CAPABILITIES) -> None:
        self.graph = graph
        self.capabilities = capabilities

    @property
    def name(self) -> str:
        return self.graph.name

    async def publish(self, token: str, ig_user: str, request: PublishRequest) -> PublishOutcome:
        what = plan(request, self.capabilities, name=self.name)
        await self.check_quota(token, ig_user)
        video = any(item.kind == "video" for item in request.media)
        if what.kind == "CAROUSEL":
            children = [
                await self._container(token, ig_user, self._fields(item, carousel=True))
                for item in request.media
            ]
            state: dict[str, Any] = {"children": children, "container": "", "video": video}
        else:
            fields = self._fields(request.media[0], carousel=False)
            if what.kind in ("REELS", "STORIES"):
                fields["media_type"] = what.kind
            if what.caption:
                fields["caption"] = what.caption
            if what.share_to_feed is not None:
                fields["share_to_feed"] = "true" if what.share_to_feed else "false"
            state = {"container": await self._container(token, ig_user, fields), "video": video}
        return await self.check_status(token, ig_user, request, state)

    async def check_status(
        self, token: str, ig_user: str, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        state = dict(state)
        if not state.get("container"):
            for child in state.get("children", []):
                status = await self._status(token, child)
                if status != "FINISHED":
                    return self._pending(state)
            fields = {"media_type": "CAROUSEL", "children": ",".join(state["children"])}
            if request.text:
                fields["caption"] = request.text
            state["container"] = await self._container(token, ig_user, fields)
        status = await self._status(token, state["container"])
        if status == "IN_PROGRESS":
            return self._pending(state)
        if status == "PUBLISHED":
            # An earlier media_publish of this container went through although we never heard back.
            tried = state.get("publishing_at")
            since = (
                datetime.fromtimestamp(float(tried), UTC)
                if tried
                else datetime.now(UTC) - timedelta(hours=24)
            )
            found = await self.find_published(token, ig_user, request, since)
            if found is None:
                raise AmbiguousError(
                    f"{self.name} says the post was published, but it is not on the account."
                )
            return found
        state["publishing_at"] = datetime.now(UTC).timestamp()
        try:
            body = await self.graph.call(
                "POST",
                f"{ig_user}/media_publish",
                token,
                creates=True,
                data={"creation_id": state["container"]},
            )
        except (TransientError, AmbiguousError) as exc:
            if isinstance(exc, AmbiguousError) and exc.http_status is None:
                raise  # no answer at all: the pipeline looks for the post
            # A 5xx may still have posted. Keep this container: the next check reads its status first
            # (PUBLISHED is looked up above, FINISHED is published then), so there is never a second
            # post: a container is published at most once, and expires unused in 24 h (IG Container
            # reference, status_code).
            return self._pending(state, message=f"{self.name} was unavailable; publishing shortly.")
        return await self._published(token, str(body["id"]))

    async def check_quota(self, token: str, ig_user: str) -> None:
        """Refuse before creating anything when the rolling 24 h publishing quota is used up:
        https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit"""
        body = await self.graph.get(f"{ig_user}/content_publishing_limit", token, fields="quota_usage,config")
        data = (body.get("data") or [{}])[0]
        config = data.get("config") or {}
        usage, total = data.get("quota_usage"), config.get("quota_total")
        if not isinstance(usage, int) or not isinstance(total, int) or usage < total:
            return
        window = timedelta(seconds=int(config.get("quota_duration") or 86400))
        hours = window.total_seconds() / 3600
        raise RateLimitedError(
            f"{self.name}: the account used the {total} posts it may publish per {hours:g} h.",
            reset_at=await self._window_end(token, ig_user, window, total),
            code="publish_limit",
        )

    async def find_published(
        self, token: str, ig_user: str, request: PublishRequest, since: datetime
    ) -> Published | None:
        """A post since `since` whose caption is this request's text (stories have none: not found)."""
        text = request.text.strip()
        if not text or plan_kind(request) == "STORIES":
            return None
        body = await self.graph.get(
            f"{ig_user}/media", token, fields="id,caption,timestamp,permalink", limit=25
        )
        for media in body.get("data", []):
            created = from_iso(str(media.get("timestamp", "")))
            if (
                str(media.get("caption", "")).strip() == text
                and created
                and created >= since - timedelta(seconds=5)
            ):
                return Published(external_id=str(media["id"]), url=media.get("permalink"))
        return None

    async def post_metrics(self, token: str, external_ids: list[str]) -> list[PostMetrics]:
        """Lifetime insights per media; a media with no insights (too few viewers, deleted) is skipped."""
        metrics = []
        for media_id in external_ids:
            try:
                kind = (await self.graph.get(media_id, token, fields="media_product_type")).get(
                    "media_product_type"
                )
            except PermanentError:
                continue
            names = "views,reach,shares" if kind == "STORY" else "views,reach,likes,comments,shares,saved"
            response = await send(
                self.graph.client,
                "GET",
                self.graph.url(f"{media_id}/insights"),
                creates=False,
                name=self.name,
                params={"metric": names},
                headers={"Authorization": f"Bearer {token}"},
            )
            error = meta.error_of(response)
            if error is not None and error.get("code") in (10, 100):
                continue  # "(#10) Not enough viewers for the media to show insights", or unsupported
            failure = meta.classify(response, name=self.name)
            if failure is not None:
                raise failure
            values = meta.insight_values(json_body(response) or {})
            metrics.append(
                PostMetrics(media_id, {key: meta.as_int(values.get(key)) for key in names.split(",")})
            )
        return metrics

    async def account_metrics(self, token: str, ig_user: str) -> AccountMetrics:
        user = await self.graph.get(ig_user, token, fields="followers_count")
        names = ("views", "reach", "accounts_engaged", "total_interactions")
        try:
            body = await self.graph.get(
                f"{ig_user}/insights", token, metric=",".join(names), period="day", metric_type="total_value"
            )
        except PermanentError:
            body = {}  # insights need 100 followers; the follower count still stands
        values = meta.insight_values(body)
        return AccountMetrics(
            followers=meta.as_int(user["followers_count"]) if "followers_count" in user else None,
            metrics={key: meta.as_int(values[key]) for key in names if key in values},
        )

    # --- steps ---------------------------------------------------------------------------------------

    def _fields(self, item: MediaItem, *, carousel: bool) -> dict[str, str]:
        if item.kind == "video":
            # Carousel videos are VIDEO items; a lone video is a Reel (VIDEO alone is deprecated).
            fields = {"video_url": item.url, **({"media_type": "VIDEO"} if carousel else {})}
        else:
            fields = {"image_url": item.url}
        if carousel:
            fields["is_carousel_item"] = "true"
        return fields

    async def _container(self, token: str, ig_user: str, fields: dict[str, str]) -> str:
        body = await self.graph.call("POST", f"{ig_user}/media", token, data=fields)
        return str(body["id"])

    async def _status(self, token: str, container: str) -> str:
        body = await self.graph.get(container, token, fields="status_code,status")
        status = str(body.get("status_code", ""))
        if status in ("ERROR", "EXPIRED"):
            detail = str(body.get("status") or "")
            code = next(
                (c for n, c in meta.IG_CONTENT_SUBCODES.items() if str(n) in detail), "ig_container_error"
            )
            if status == "EXPIRED":
                code = "ig_container_expired"
            raise PermanentError(f"{self.name} could not process the media ({detail or status}).", code=code)
        return status

    def _pending(self, state: dict[str, Any], message: str = "") -> Pending:
        # Meta suggests polling about once a minute for up to five minutes; photos finish in seconds.
        wait = timedelta(seconds=30 if state.get("video") else 5)
        return Pending(state, check_after=wait, message=message or f"{self.name} is processing the media.")

    async def _published(self, token: str, media_id: str) -> Published:
        """The post exists: its permalink is a bonus, so a failed lookup must not fail the publish."""
        try:
            body = await self.graph.get(media_id, token, fields="permalink")
        except PlatformError:
            return Published(external_id=media_id)
        return Published(external_id=media_id, url=body.get("permalink"))

    async def _window_end(self, token: str, ig_user: str, window: timedelta, total: int) -> datetime:
        """When the oldest post of the current window leaves it: the best known reset."""
        now = datetime.now(UTC)
        try:
            body = await self.graph.get(f"{ig_user}/media", token, fields="timestamp", limit=min(total, 100))
        except PlatformError:
            return now + meta.PUBLISH_LIMIT_WAIT
        times = [t for t in (from_iso(str(m.get("timestamp", ""))) for m in body.get("data", [])) if t]
        recent = [t for t in times if t > now - window]
        return min(recent) + window if recent else now + meta.PUBLISH_LIMIT_WAIT


# --- the connector --------------------------------------------------------------------------------------


class InstagramConnector(oauth.StandardOAuthApp):
    """Instagram business and creator accounts linked to a Facebook Page, through Facebook Login.

    The token is the person's long-lived user token (about 60 days). Options: see `plan`.
    """

    platform = PLATFORM
    name = NAME
    capabilities = CAPABILITIES
    auth = AUTH

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        super().__init__(settings, client)
        self.graph = meta.Graph(client, hosts(settings, PLATFORM, HOSTS)["graph"], name=NAME)
        self.flow = ContainerFlow(self.graph, CAPABILITIES)

    async def exchange_code(
        self, client: OAuthClient, code: str, *, redirect_uri: str, code_verifier: str
    ) -> Credentials:
        return await facebook.login(
            self.graph, client, code, redirect_uri=redirect_uri, code_verifier=code_verifier
        )

    async def list_accounts(self, credentials: Credentials) -> list[ConnectedAccount]:
        """The Instagram professional account linked to each of the person's Pages:
        https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/get-started"""
        user_id = await facebook.me(self.graph, credentials.access_token)
        found = await facebook.pages(
            self.graph,
            credentials.access_token,
            "id,name,instagram_business_account{id,username,name,profile_picture_url}",
        )
        accounts = []
        for page in found:
            ig = page.get("instagram_business_account")
            if not isinstance(ig, dict) or not ig.get("id"):
                continue
            ig_id, username = str(ig["id"]), str(ig.get("username") or ig["id"])
            extra = {"user_id": user_id, "ig_user_id": ig_id, "page_id": str(page["id"])}
            accounts.append(
                ConnectedAccount(
                    external_id=ig_id,
                    handle=username,
                    display_name=str(ig.get("name") or username),
                    credentials=Credentials(
                        credentials.access_token, expires_at=credentials.expires_at, extra=extra
                    ),
                    url=f"https://www.instagram.com/{username}/",
                    avatar_url=ig.get("profile_picture_url"),
                    metadata={"page_id": str(page["id"]), "user_id": user_id},
                )
            )
        return accounts

    async def refresh(self, credentials: Credentials) -> Credentials:
        """Exchange the still-valid user token for a fresh long-lived one; an expired one cannot be:
        https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived"""
        if credentials.expires_at is not None and credentials.expires_at <= datetime.now(UTC):
            raise AuthRevokedError("The Instagram (Facebook Login) token expired; reconnect the account.")
        secret = self.settings.facebook_app_secret.get_secret_value()
        fresh = await facebook.extend(
            self.graph, self.settings.facebook_app_id, secret, credentials.access_token
        )
        return Credentials(fresh.access_token, expires_at=fresh.expires_at, extra=dict(credentials.extra))

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        return await self.flow.publish(credentials.access_token, self._user(credentials, request), request)

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        return await self.flow.check_status(
            credentials.access_token, self._user(credentials, request), request, state
        )

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        return await self.flow.find_published(
            credentials.access_token, self._user(credentials, request), request, since
        )

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        return await self.flow.post_metrics(credentials.access_token, external_ids)

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        ig_user = account.external_id or credentials.extra.get("ig_user_id", "")
        return await self.flow.account_metrics(credentials.access_token, ig_user)

    async def revoke(self, credentials: Credentials) -> None:
        """Revokes the whole Facebook Login (every Page and Instagram account it connected)."""
        await facebook.revoke_login(
            self.graph, credentials.access_token, credentials.extra.get("user_id", "")
        )

    def _user(self, credentials: Credentials, request: PublishRequest) -> str:
        ig_user = request.account.external_id or credentials.extra.get("ig_user_id", "")
        if not ig_user:
            raise PermanentError("No Instagram account to publish to.", code="account_unknown")
        return ig_user


def build(settings: Settings, client: httpx.AsyncClient) -> InstagramConnector:
    return InstagramConnector(settings, client)
