"""Threads (graph.threads.net): a post is a media container, created, processed, then published.

Publishing goes through the container even for text, and the step that creates the post
(`threads_publish`) is always given a container we already hold in `Pending.state`: a retry after
an outage republishes that same container, which Threads publishes at most once, instead of
creating a second post. Errors use the Graph API envelope, so `meta.classify` maps them.

Options read from `request.options`:
- `reply_control`: who may reply (everyone, accounts_you_follow, mentioned_only,
  parent_post_author_only, followers_only).
- `reply_to_id`: the id of a Threads post to publish this one as a reply to.

Docs: https://developers.facebook.com/docs/threads/posts/ (containers, limits, media specs),
https://developers.facebook.com/documentation/threads/reference/publishing (parameters).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.config import Settings
from shared.platforms import meta, oauth
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
    RateLimitedError,
    TransientError,
)
from shared.platforms.http import hosts, json_body, send
from shared.platforms.ratelimit import from_iso
from shared.platforms.text import count

PLATFORM = "threads"
NAME = "Threads"
API_VERSION = "v1.0"
# The API host; the authorization window (AUTH) is on threads.net, now also threads.com.
# https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions
HOSTS = {"graph": "https://graph.threads.net"}

AUTH = AuthSpec(
    kind="oauth2",
    oauth=OAuthSpec(
        authorize_url="https://threads.net/oauth/authorize",
        token_url="https://graph.threads.net/oauth/access_token",
        # threads_basic is required for every call; publish and insights for what we do.
        scopes=("threads_basic", "threads_content_publish", "threads_manage_insights"),
        scope_separator=",",
        pkce=False,  # the Threads authorization window documents no PKCE parameters
    ),
    client_id_setting="threads_app_id",
    client_secret_setting="threads_app_secret",
)

# https://developers.facebook.com/docs/threads/insights/
METRICS = ("views", "likes", "replies", "reposts", "quotes")

CAPABILITIES = Capabilities(
    # 500 characters, an emoji counting as its UTF-8 bytes (posts doc, "Limitations").
    max_text_length=500,
    text_counting="threads",
    # Media specifications and carousels (2 to 20 items): https://developers.facebook.com/docs/threads/posts/
    max_media=20,
    media_kinds=frozenset({"image", "video"}),
    max_image_bytes=8 * 1024 * 1024,
    max_video_bytes=1024 * 1024 * 1024,
    max_video_seconds=300,
    min_aspect_ratio=0.01,
    max_aspect_ratio=10.0,
    post_metrics=METRICS,
    account_metrics=METRICS,
    # Threads' views count every display: impressions in the shared vocabulary.
    post_vocabulary={
        "impressions": ("views",),
        "reactions": ("likes",),
        "comments": ("replies",),
        "shares": ("reposts", "quotes"),
    },
    account_vocabulary={"followers": ("followers",), "impressions": ("views",)},
    reconcile=True,
)

REPLY_CONTROLS = frozenset(
    {"everyone", "accounts_you_follow", "mentioned_only", "parent_post_author_only", "followers_only"}
)
# Container states: https://developers.facebook.com/docs/threads/troubleshooting
CONTAINER_ERRORS = {
    "FAILED_DOWNLOADING_VIDEO": "Threads could not download the video.",
    "FAILED_PROCESSING_AUDIO": "Threads could not process the video's audio.",
    "FAILED_PROCESSING_VIDEO": "Threads could not process the video.",
    "INVALID_ASPEC_RATIO": "The media's aspect ratio is not accepted by Threads.",
    "INVALID_BIT_RATE": "The video's bit rate is not accepted by Threads.",
    "INVALID_DURATION": "The video is too long or too short for Threads.",
    "INVALID_FRAME_RATE": "The video's frame rate is not accepted by Threads (23-60 FPS).",
    "INVALID_AUDIO_CHANNELS": "The video's audio channels are not accepted by Threads.",
    "INVALID_AUDIO_CHANNEL_LAYOUT": "The video's audio channel layout is not accepted by Threads.",
}
# The docs suggest about 30 s before publishing a container, and polling video once a minute.
WAIT = {"image": timedelta(seconds=30), "video": timedelta(seconds=60)}
# How the media object reports the kind of a published post, to match it when reconciling.
LISTED_TYPE = {"TEXT": "TEXT_POST", "IMAGE": "IMAGE", "VIDEO": "VIDEO", "CAROUSEL": "CAROUSEL_ALBUM"}


_USAGE = (("x-app-usage", '{"call_count":100,"total_cputime":12,"total_time":30}'),)
_BUC = (("x-business-use-case-usage", '{"1789":[{"type":"threads","estimated_time_to_regain_access":7}]}'),)
_E = meta.envelope
# Graph API error handling: https://developers.facebook.com/docs/graph-api/guides/error-handling
DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    DocumentedError(400, _E(190, "Invalid OAuth access token"), "auth_revoked", note="190 invalid token"),
    DocumentedError(400, _E(190, "Session has expired", 463), "auth_expired", note="190/463 expired"),
    DocumentedError(400, _E(190, "Password changed", 460), "auth_revoked", note="190/460"),
    DocumentedError(400, _E(190, "App not authorized", 458), "auth_revoked", note="190/458"),
    DocumentedError(403, _E(4, "Application request limit reached"), "rate_limited", _USAGE, "code 4"),
    DocumentedError(403, _E(17, "User request limit reached"), "rate_limited", _USAGE, "code 17"),
    DocumentedError(400, _E(32, "Page request limit reached"), "rate_limited", _BUC, "code 32 + BUC"),
    DocumentedError(400, _E(613, "Calls exceeded the rate"), "rate_limited", note="code 613"),
    # On threads_publish a 5xx may follow the post: the container is kept and its status read on
    # the next check; container creation and reads simply retry.
    DocumentedError(
        500, _E(2, "Service temporarily unavailable"), "transient", note="code 2", on_create="ambiguous"
    ),
    DocumentedError(
        500, _E(1, "An unknown error occurred"), "transient", note="code 1", on_create="ambiguous"
    ),
    DocumentedError(503, "Service Unavailable", "transient", note="plain 503", on_create="ambiguous"),
    DocumentedError(400, _E(506, "Duplicate status message"), "duplicate", note="code 506"),
    DocumentedError(400, _E(100, "Param text must be at most 500 characters long."), "invalid_content"),
    # Token endpoints answer in the Instagram dialect (~ seen in maintained Threads clients).
    DocumentedError(
        400,
        {"error_type": "OAuthException", "code": 400, "error_message": "Invalid authorization code"},
        "auth_revoked",
        note="token endpoint, spent code",
    ),
    DocumentedError(
        400,
        {"error_type": "OAuthException", "code": 400, "error_message": "Invalid platform app"},
        "invalid_content",
        note="token endpoint, wrong app id or secret",
    ),
)


def classify(response: httpx.Response) -> PlatformError | None:
    """None for a success; otherwise the taxonomy error. The API speaks the Graph envelope
    (`meta.classify`); the code exchange answers `{error_type, code, error_message}` instead."""
    if response.status_code < 400:
        return None
    body = json_body(response)
    if isinstance(body, dict) and "error_type" in body:
        message = str(body.get("error_message") or "the request was refused")
        if "app" in message.lower() or "secret" in message.lower():
            return PermanentError(f"Threads refused our app's credentials ({message}).", code="oauth_failed")
        return AuthRevokedError("Threads refused the authorization; connect the account again.")
    return meta.classify(response, name=NAME)


def build(settings: Settings, client: httpx.AsyncClient) -> ThreadsConnector:
    return ThreadsConnector(settings, client)


class ThreadsConnector(oauth.StandardOAuthApp):
    platform = PLATFORM
    name = NAME
    capabilities = CAPABILITIES
    auth = AUTH

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        super().__init__(settings, client)
        host = hosts(settings, PLATFORM, HOSTS)["graph"]
        self._api = meta.Graph(client, host, name=NAME, version=API_VERSION)
        self._tokens = meta.Graph(client, host, name=NAME, version="")  # token endpoints carry no version

    # --- connecting ------------------------------------------------------------------------------

    async def exchange_code(
        self, client: OAuthClient, code: str, *, redirect_uri: str, code_verifier: str
    ) -> Credentials:
        """Code → short-lived token (1 h, a POST) → long-lived token (60 days), which is what we keep.

        https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/
        """
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
        short = json_body(response)
        if not isinstance(short, dict) or "access_token" not in short:
            raise PermanentError("Threads answered the code exchange without a token.", code="oauth_failed")
        params = {
            "grant_type": "th_exchange_token",
            "client_secret": client.client_secret,
            "access_token": str(short["access_token"]),
        }
        return oauth.credentials_from(await self._tokens.token("access_token", params))

    async def list_accounts(self, credentials: Credentials) -> list[ConnectedAccount]:
        me = await self._api.get(
            "me", credentials.access_token, fields="id,username,name,threads_profile_picture_url"
        )
        username = str(me.get("username") or me["id"])
        return [
            ConnectedAccount(
                external_id=str(me["id"]),
                handle=username,
                display_name=str(me.get("name") or username),
                credentials=credentials,
                url=f"https://www.threads.net/@{username}",
                avatar_url=me.get("threads_profile_picture_url"),
            )
        ]

    async def refresh(self, credentials: Credentials) -> Credentials:
        """A long-lived token renews itself while still valid (and a day old); once it has expired,
        only reconnecting helps, which `Graph.token` says with AuthRevokedError."""
        params = {"grant_type": "th_refresh_token", "access_token": credentials.access_token}
        body = await self._tokens.token("refresh_access_token", params)
        return oauth.credentials_from(body, previous=credentials)

    async def revoke(self, credentials: Credentials) -> None:
        raise NotSupportedError("Threads has no API to revoke a token; remove the app in Threads' settings.")

    # --- publishing ------------------------------------------------------------------------------

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        user = request.account.external_id
        options = _validate(request)
        await self._check_quota(credentials, user)
        if len(request.media) > 1:
            children = [
                await self._create(credentials, user, _media_params(item) | {"is_carousel_item": "true"})
                for item in request.media
            ]
            return await self._advance(credentials, request, {"children": children})
        params = _media_params(request.media[0]) if request.media else {"media_type": "TEXT"}
        container = await self._create(credentials, user, params | _text_params(request) | options)
        return await self._advance(credentials, request, {"container": container})

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        return await self._advance(credentials, request, state)

    async def _advance(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        """Carry the containers on as far as they go now; `state` records progress as it is made."""
        user = request.account.external_id
        wait = WAIT["video"] if any(m.kind == "video" for m in request.media) else WAIT["image"]
        if "container" not in state:
            for child in state["children"]:
                if await self._status(credentials, child) != "FINISHED":
                    return Pending(state, check_after=wait, message="Threads is processing the media.")
            params = {"media_type": "CAROUSEL", "children": ",".join(state["children"])}
            options = _validate(request)
            state["container"] = await self._create(
                credentials, user, params | _text_params(request) | options
            )
        status = await self._status(credentials, state["container"])
        if status == "IN_PROGRESS":
            return Pending(state, check_after=wait, message="Threads is processing the post.")
        if status == "PUBLISHED":
            # An earlier publish of this container went through although we never heard back.
            since = datetime.fromtimestamp(float(state.get("publishing_at", 0)), UTC)
            found = await self.find_published(credentials, request, since)
            if found is None:
                raise AmbiguousError("Threads published the post, but it could not be found on the account.")
            return found
        state["publishing_at"] = datetime.now(UTC).timestamp()
        try:
            body = await self._api.call(
                "POST",
                f"{user}/threads_publish",
                credentials.access_token,
                data={"creation_id": state["container"]},
                creates=True,
            )
        except (TransientError, AmbiguousError) as exc:
            if isinstance(exc, AmbiguousError) and exc.http_status is None:
                raise  # no answer at all: the pipeline looks for the post
            # A 5xx may still have published. The next check reads this container first: PUBLISHED
            # is found above, FINISHED is published then. Never a second container, so never a
            # second post (a container is published once; unused ones expire in 24 h).
            return Pending(state, check_after=wait, message="Threads was unavailable; publishing shortly.")
        if "id" not in body:
            raise AmbiguousError("Threads answered without the post's id; the post may exist.")
        return await self._published(credentials, str(body["id"]))

    async def _create(self, credentials: Credentials, user: str, params: dict[str, str]) -> str:
        """A container is not a post (unused ones expire in 24 h), so a lost answer is only transient."""
        body = await self._api.call("POST", f"{user}/threads", credentials.access_token, data=params)
        return str(body["id"])

    async def _status(self, credentials: Credentials, container: str) -> str:
        body = await self._api.get(container, credentials.access_token, fields="status,error_message")
        status = str(body.get("status", ""))
        if status == "ERROR":
            reason = str(body.get("error_message") or "UNKNOWN")
            message = CONTAINER_ERRORS.get(reason, "Threads could not process the media.")
            raise PermanentError(message, code=f"threads_{reason.lower()}")
        if status == "EXPIRED":
            raise PermanentError(
                "The Threads container expired before it was published.", code="threads_expired"
            )
        return status

    async def _published(self, credentials: Credentials, media_id: str) -> Published:
        """The post exists: failing to read its permalink must not turn into a failed publish."""
        try:
            body = await self._api.get(media_id, credentials.access_token, fields="permalink")
        except PlatformError:
            return Published(external_id=media_id)
        return Published(external_id=media_id, url=body.get("permalink"))

    async def _check_quota(self, credentials: Credentials, user: str) -> None:
        """250 posts per rolling 24 h, read rather than assumed: https://developers.facebook.com/docs/threads/overview/"""
        body = await self._api.get(
            f"{user}/threads_publishing_limit", credentials.access_token, fields="quota_usage,config"
        )
        entry = (body.get("data") or [{}])[0]
        config = entry.get("config") or {}
        total, used = config.get("quota_total"), entry.get("quota_usage")
        if total is None or used is None or int(used) < int(total):
            return
        duration = timedelta(seconds=int(config.get("quota_duration") or 86400))
        # The window rolls: a slot frees when the oldest post in it turns `duration` old.
        posts = await self._recent(credentials, user, datetime.now(UTC) - duration, limit=100)
        stamps = [t for t in (from_iso(str(p.get("timestamp", ""))) for p in posts) if t is not None]
        reset_at = min(stamps) + duration if stamps else datetime.now(UTC) + timedelta(hours=1)
        raise RateLimitedError(
            f"The account has used its {total} Threads posts of the last 24 hours.",
            reset_at=max(reset_at, datetime.now(UTC)),
            code="publish_limit",
        )

    # --- reading back ----------------------------------------------------------------------------

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """The newest post since `since` with the request's text and kind; a media-only post (no text
        to compare) counts as found only when exactly one post of its kind appeared."""
        if len(request.media) > 1:
            kind = "CAROUSEL"
        else:
            kind = request.media[0].kind.upper() if request.media else "TEXT"
        earliest = since - timedelta(minutes=1)  # whole-second timestamps, and clocks differ
        candidates = [
            post
            for post in await self._recent(credentials, request.account.external_id, earliest)
            if post.get("media_type") == LISTED_TYPE[kind]
            and str(post.get("text") or "").strip() == request.text.strip()
            and (stamp := from_iso(str(post.get("timestamp", "")))) is not None
            and stamp >= earliest
        ]
        if not candidates or (not request.text.strip() and len(candidates) > 1):
            return None
        return Published(external_id=str(candidates[0]["id"]), url=candidates[0].get("permalink"))

    async def _recent(
        self, credentials: Credentials, user: str, since: datetime, *, limit: int = 25
    ) -> list[dict[str, Any]]:
        """The account's posts since `since`, newest first."""
        body = await self._api.get(
            f"{user}/threads",
            credentials.access_token,
            fields="id,text,media_type,permalink,timestamp",
            since=str(int(since.timestamp())),
            limit=str(limit),
        )
        return [p for p in body.get("data") or [] if isinstance(p, dict)]

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        """Lifetime counts per post; a post deleted on Threads is left out rather than failing the rest."""
        results = []
        for media_id in external_ids:
            try:
                body = await self._api.get(
                    f"{media_id}/insights", credentials.access_token, metric=",".join(METRICS)
                )
            except PermanentError:
                continue
            results.append(PostMetrics(external_id=media_id, metrics=_insights(body)))
        return results

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        body = await self._api.get(
            f"{account.external_id}/threads_insights",
            credentials.access_token,
            metric=",".join((*METRICS, "followers_count")),
        )
        values = _insights(body)
        return AccountMetrics(followers=values.pop("followers_count", None), metrics=values)


def _validate(request: PublishRequest) -> dict[str, str]:
    """Check what Threads would refuse, before any call; returns the options as Threads parameters."""
    if not request.text.strip() and not request.media:
        raise PermanentError("A Threads post needs text or media.", code="empty_post")
    if count(request.text, CAPABILITIES.text_counting) > CAPABILITIES.max_text_length:
        raise PermanentError(
            f"Threads allows {CAPABILITIES.max_text_length} characters (an emoji counts as several).",
            code="text_too_long",
        )
    if len(request.media) > CAPABILITIES.max_media:
        raise PermanentError(
            f"Threads allows at most {CAPABILITIES.max_media} media per post.", code="too_many_media"
        )
    for item in request.media:
        if item.kind not in CAPABILITIES.media_kinds:
            raise PermanentError(f"Threads does not accept {item.kind} media here.", code="unsupported_media")
    params: dict[str, str] = {}
    reply_control = request.options.get("reply_control")
    if reply_control is not None:
        if reply_control not in REPLY_CONTROLS:
            raise PermanentError(
                f"reply_control must be one of {', '.join(sorted(REPLY_CONTROLS))}.", code="invalid_option"
            )
        params["reply_control"] = str(reply_control)
    reply_to = request.options.get("reply_to_id")
    if reply_to is not None:
        if not str(reply_to).isdigit():
            raise PermanentError(
                "reply_to_id must be the numeric id of a Threads post.", code="invalid_option"
            )
        params["reply_to_id"] = str(reply_to)
    return params


def _media_params(item: MediaItem) -> dict[str, str]:
    """One image or video: Threads fetches it from our short-lived public URL itself."""
    kind = "IMAGE" if item.kind == "image" else "VIDEO"
    params = {"media_type": kind, "image_url" if kind == "IMAGE" else "video_url": item.url}
    if item.alt_text:
        params["alt_text"] = item.alt_text
    return params


def _text_params(request: PublishRequest) -> dict[str, str]:
    return {"text": request.text} if request.text else {}


def _insights(body: dict[str, Any]) -> dict[str, int]:
    """Insights entries carry a lifetime `values[0].value`, a `total_value.value`, or a daily series."""
    out: dict[str, int] = {}
    for entry in body.get("data") or []:
        if not isinstance(entry, dict) or "name" not in entry:
            continue
        if isinstance(entry.get("total_value"), dict):
            out[str(entry["name"])] = int(entry["total_value"].get("value") or 0)
        elif isinstance(entry.get("values"), list):
            out[str(entry["name"])] = sum(
                int(v.get("value") or 0) for v in entry["values"] if isinstance(v, dict)
            )
    return out
