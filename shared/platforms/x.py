"""X (API v2): OAuth 2.0 with PKCE, chunked media upload, posts, a first comment, public metrics.

Options read from `request.options`:
- `first_comment` (text, at most 280 weighted characters): posted as a reply to the new post once it
  exists. If that reply fails it is logged and dropped, never raised: the main post is live, and an
  error would make the pipeline treat it as unpublished and post it a second time.

Videos and animated GIFs are processed by X after FINALIZE: `publish` returns `Pending`, and
`check_status` polls STATUS as often as X's `check_after_secs` asks, creating the post once every
file has succeeded. X has no idempotency key, so an ambiguous create is settled by reading the
account's recent posts (`find_published`).
"""

from __future__ import annotations

import base64
import html
import logging
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.config import Settings
from shared.platforms import oauth
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AmbiguousError,
    AuthSpec,
    Capabilities,
    ConnectedAccount,
    Credentials,
    MediaItem,
    OAuthSpec,
    Pending,
    PermanentError,
    PlatformError,
    PostMetrics,
    Published,
    PublishOutcome,
    PublishRequest,
    TransientError,
)
from shared.platforms.http import ambiguous_on_create, download, hosts, json_body, send
from shared.platforms.text import x_weighted_length
from shared.platforms.x_errors import (
    DOCUMENTED_ERRORS,  # noqa: F401 - part of the module contract
    budget,
    classify,
)

log = logging.getLogger(__name__)

PLATFORM = "x"
NAME = "X"
HOSTS = {"api": "https://api.x.com"}

AUTH = AuthSpec(
    kind="oauth2",
    # https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token: PKCE always;
    # confidential clients authenticate to the token endpoints with HTTP Basic; a refresh token
    # only with offline.access; media.write for the v2 media upload endpoints.
    oauth=OAuthSpec(
        authorize_url="https://x.com/i/oauth2/authorize",
        token_url="https://api.x.com/2/oauth2/token",
        scopes=("tweet.read", "tweet.write", "users.read", "offline.access", "media.write"),
        client_auth="client_secret_basic",
    ),
    client_id_setting="x_client_id",
    client_secret_setting="x_client_secret",
)

# X metric name → ours; https://developer.x.com/en/docs/x-api/metrics (public_metrics).
POST_METRICS = {
    "impressions": "impression_count",
    "likes": "like_count",
    "reposts": "retweet_count",
    "replies": "reply_count",
    "quotes": "quote_count",
    "bookmarks": "bookmark_count",
}
ACCOUNT_METRICS = {"following": "following_count", "posts": "tweet_count", "listed": "listed_count"}

CAPABILITIES = Capabilities(
    # https://developer.x.com/en/docs/counting-characters: 280, weighted (URLs 23, CJK and emoji 2).
    max_text_length=280,
    text_counting="x_weighted",
    # https://docs.x.com/x-api/media/quickstart/best-practices: up to 4 images, or 1 animated GIF,
    # or 1 video; image 5 MB (GIF 15 MB, checked by X at INIT), video 512 MB and 0.5-140 s.
    max_media=4,
    media_kinds=frozenset({"image", "gif", "video"}),
    max_images=4,
    max_videos=1,
    mixed_media=False,
    max_image_bytes=5 * 1024 * 1024,
    max_video_bytes=512 * 1024 * 1024,
    min_video_seconds=0.5,
    max_video_seconds=140,
    first_comment=True,
    post_metrics=tuple(POST_METRICS),
    account_metrics=tuple(ACCOUNT_METRICS),
    post_vocabulary={
        "impressions": ("impressions",),
        "reactions": ("likes",),
        "comments": ("replies",),
        "shares": ("reposts", "quotes"),
        "saves": ("bookmarks",),
    },
    account_vocabulary={"followers": ("followers",)},
    reconcile=True,
)

# APPEND takes chunks of at most 5 MB (media-upload-chunked quickstart); 4 MiB as X's own sample does.
CHUNK_SIZE = 4 * 1024 * 1024
UPLOAD_TIMEOUT = 120.0  # one chunk on a slow link; never used for a create
CATEGORIES = {"image": "tweet_image", "gif": "tweet_gif", "video": "tweet_video"}


def _data(response: httpx.Response) -> dict[str, Any]:
    body = json_body(response)
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise TransientError("X sent an answer without data.", http_status=response.status_code)
    return data


def _processing_wait(info: Any) -> int | None:
    """Seconds until X's processing should be asked about again; None when the file is ready."""
    if not isinstance(info, dict) or info.get("state") in (None, "succeeded"):
        return None
    if info.get("state") == "failed":
        error = info.get("error")
        error = error if isinstance(error, dict) else {}
        message = str(error.get("message") or error.get("name") or "unknown reason")
        raise PermanentError(f"X could not process the media: {message}.", code="media_processing_failed")
    return max(1, int(info.get("check_after_secs") or 5))


def _first_comment(request: PublishRequest) -> str:
    value = request.options.get("first_comment")
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or not value.strip():
        raise PermanentError("The first comment must be text.", code="invalid_option")
    if x_weighted_length(value) > CAPABILITIES.max_text_length:
        raise PermanentError("The first comment is longer than X allows (280).", code="invalid_option")
    return value


def _check_media(media: tuple[MediaItem, ...]) -> None:
    kinds = [item.kind for item in media]
    if any(kind not in CATEGORIES for kind in kinds):
        raise PermanentError("X takes images, animated GIFs and videos only.", code="invalid_media")
    if len(kinds) > CAPABILITIES.max_media or (len(kinds) > 1 and {"gif", "video"} & set(kinds)):
        raise PermanentError("X takes up to 4 images, or one GIF, or one video.", code="invalid_media")


_URL = re.compile(r"https?://\S+")


def _comparable(text: str) -> str:
    """Text as X stores it, made comparable: X escapes &<>, wraps URLs in t.co and appends a media link."""
    return " ".join(_URL.sub(" ", html.unescape(text)).split())


class XConnector(oauth.StandardOAuthApp):
    platform = PLATFORM
    name = NAME
    capabilities = CAPABILITIES
    auth = AUTH

    def __init__(
        self, settings: Settings, client: httpx.AsyncClient, *, chunk_size: int = CHUNK_SIZE
    ) -> None:
        super().__init__(settings, client)
        self._api = hosts(settings, PLATFORM, HOSTS)["api"]
        self._chunk_size = chunk_size

    # --- connecting --------------------------------------------------------------------------

    async def list_accounts(self, credentials: Credentials) -> list[ConnectedAccount]:
        """The one user the grant is for. Its id and username ride with the token, so a publish
        can build the post URL and a reconcile can read the timeline without another lookup."""
        user = await self._me(credentials, "profile_image_url")
        user_id, username = str(user["id"]), str(user["username"])
        return [
            ConnectedAccount(
                external_id=user_id,
                handle=username,
                display_name=str(user.get("name") or username),
                credentials=replace(
                    credentials, extra={**credentials.extra, "user_id": user_id, "username": username}
                ),
                url=f"https://x.com/{username}",
                avatar_url=user.get("profile_image_url"),
                metadata={"username": username},
            )
        ]

    async def refresh(self, credentials: Credentials) -> Credentials:
        """X rotates the refresh token on every use; the new pair replaces the old one."""
        return await self._refresh_or_reconnect(
            credentials, missing="X gave no refresh token for this account; connect it again."
        )

    async def revoke(self, credentials: Credentials) -> None:
        """POST /2/oauth2/revoke for both tokens (user-access-token guide, step 6)."""
        app = self._app()
        basic = base64.b64encode(f"{app.client_id}:{app.client_secret}".encode()).decode("ascii")
        for token, hint in (
            (credentials.refresh_token, "refresh_token"),
            (credentials.access_token, "access_token"),
        ):
            if not token:
                continue
            response = await send(
                self._client,
                "POST",
                f"{self._api}/2/oauth2/revoke",
                data={"token": token, "token_type_hint": hint},
                headers={"Authorization": f"Basic {basic}"},
                creates=False,
                name=NAME,
            )
            error = classify(response)
            if error is not None:
                raise error

    # --- publishing --------------------------------------------------------------------------

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        comment = _first_comment(request)
        _check_media(request.media)
        media_ids: list[str] = []
        waiting: list[str] = []
        wait = 0
        for item in request.media:
            media_id, seconds = await self._upload(credentials, item)
            media_ids.append(media_id)
            if seconds is not None:
                waiting.append(media_id)
                wait = max(wait, seconds)
        if waiting:
            return self._pending(media_ids, waiting, wait)
        return await self._post(credentials, request, media_ids, comment)

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        media_ids = [str(media_id) for media_id in state.get("media_ids", [])]
        waiting: list[str] = []
        wait = 0
        for media_id in state.get("waiting", []):
            response = await self._call(
                credentials, "GET", "/2/media/upload", params={"command": "STATUS", "media_id": str(media_id)}
            )
            seconds = _processing_wait(_data(response).get("processing_info"))
            if seconds is not None:
                waiting.append(str(media_id))
                wait = max(wait, seconds)
        if waiting:
            return self._pending(media_ids, waiting, wait)
        return await self._post(credentials, request, media_ids, _first_comment(request))

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """The account's own posts since the attempt began (a little earlier, for clock skew),
        matched on their text; X refuses the same text twice, so a match is this post."""
        user_id = (
            request.account.external_id
            or credentials.extra.get("user_id")
            or str((await self._me(credentials))["id"])
        )
        start = (since.astimezone(UTC) - timedelta(seconds=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
        response = await self._call(
            credentials,
            "GET",
            f"/2/users/{user_id}/tweets",
            params={
                "start_time": start,
                "max_results": 20,
                "exclude": "replies,retweets",
                "tweet.fields": "created_at",
            },
        )
        body = json_body(response)
        wanted = _comparable(request.text)
        for tweet in (body.get("data") if isinstance(body, dict) else None) or []:
            if _comparable(str(tweet.get("text", ""))) == wanted:
                return Published(str(tweet["id"]), self._url(credentials, request, str(tweet["id"])))
        return None

    def _pending(self, media_ids: list[str], waiting: list[str], wait: int) -> Pending:
        return Pending(
            state={"media_ids": media_ids, "waiting": waiting},
            check_after=timedelta(seconds=wait),
            message="X is processing the media.",
        )

    async def _upload(self, credentials: Credentials, item: MediaItem) -> tuple[str, int | None]:
        """INITIALIZE → APPEND chunks in order → FINALIZE (→ alt text). Returns the media id and,
        while X still processes it, the seconds to wait. Uploads create nothing visible: a lost
        answer is retried, and an orphaned upload simply expires."""
        data = await download(self._client, item.url)
        category = CATEGORIES[item.kind]
        init = await self._call(
            credentials,
            "POST",
            "/2/media/upload/initialize",
            json={"media_type": item.content_type, "total_bytes": len(data), "media_category": category},
        )
        media_id = str(_data(init)["id"])
        for index, start in enumerate(range(0, len(data), self._chunk_size)):
            await self._call(
                credentials,
                "POST",
                f"/2/media/upload/{media_id}/append",
                data={"segment_index": str(index)},
                files={
                    "media": ("chunk", data[start : start + self._chunk_size], "application/octet-stream")
                },
                timeout=UPLOAD_TIMEOUT,
            )
        final = _data(await self._call(credentials, "POST", f"/2/media/upload/{media_id}/finalize"))
        if item.alt_text and category != "tweet_video":  # alt text is for images and GIFs
            await self._call(
                credentials,
                "POST",
                "/2/media/metadata",
                json={"id": media_id, "metadata": {"alt_text": {"text": item.alt_text[:1000]}}},
            )
        return media_id, _processing_wait(final.get("processing_info"))

    async def _post(
        self, credentials: Credentials, request: PublishRequest, media_ids: list[str], comment: str
    ) -> Published:
        body: dict[str, Any] = {"text": request.text}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        response = await self._call(credentials, "POST", "/2/tweets", json=body, creates=True)
        tweet_id = self._created_id(response)
        published = Published(tweet_id, self._url(credentials, request, tweet_id), rate=budget(response))
        if comment:
            await self._reply(credentials, tweet_id, comment)
        return published

    async def _reply(self, credentials: Credentials, tweet_id: str, text: str) -> None:
        try:
            response = await self._call(
                credentials,
                "POST",
                "/2/tweets",
                json={"text": text, "reply": {"in_reply_to_tweet_id": tweet_id}},
                creates=True,
            )
            self._created_id(response)
        except PlatformError as exc:
            log.warning(
                "X post %s is published, but its first comment failed: %s",
                tweet_id,
                exc.message,
                extra={"platform": PLATFORM, "external_id": tweet_id, "error_code": exc.code},
            )

    @staticmethod
    def _created_id(response: httpx.Response) -> str:
        body = json_body(response)
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict) or not data.get("id"):
            raise AmbiguousError("X accepted the post but sent no id.", http_status=response.status_code)
        return str(data["id"])

    def _url(self, credentials: Credentials, request: PublishRequest, tweet_id: str) -> str:
        username = request.account.handle or credentials.extra.get("username")
        return (
            f"https://x.com/{username}/status/{tweet_id}"
            if username
            else f"https://x.com/i/web/status/{tweet_id}"
        )

    # --- metrics -----------------------------------------------------------------------------

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        """GET /2/tweets in batches of 100 (the ids limit); deleted posts are simply absent."""
        results: list[PostMetrics] = []
        for start in range(0, len(external_ids), 100):
            response = await self._call(
                credentials,
                "GET",
                "/2/tweets",
                params={"ids": ",".join(external_ids[start : start + 100]), "tweet.fields": "public_metrics"},
            )
            body = json_body(response)
            for tweet in (body.get("data") if isinstance(body, dict) else None) or []:
                public = tweet.get("public_metrics") or {}
                metrics = {
                    name: int(public[field]) for name, field in POST_METRICS.items() if field in public
                }
                results.append(PostMetrics(str(tweet["id"]), metrics))
        return results

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        public = (await self._me(credentials, "public_metrics")).get("public_metrics") or {}
        metrics = {name: int(public[field]) for name, field in ACCOUNT_METRICS.items() if field in public}
        followers = public.get("followers_count")
        return AccountMetrics(followers=None if followers is None else int(followers), metrics=metrics)

    # --- plumbing ----------------------------------------------------------------------------

    async def _me(self, credentials: Credentials, fields: str = "") -> dict[str, Any]:
        params = {"user.fields": fields} if fields else None
        return _data(await self._call(credentials, "GET", "/2/users/me", params=params))

    async def _call(
        self, credentials: Credentials, method: str, path: str, *, creates: bool = False, **kwargs: Any
    ) -> httpx.Response:
        """One API call, classified. A server error on a create may still have created the post."""
        response = await send(
            self._client,
            method,
            self._api + path,
            creates=creates,
            name=NAME,
            headers={"Authorization": f"Bearer {credentials.access_token}"},
            **kwargs,
        )
        error = ambiguous_on_create(response, classify(response), creates=creates, name=NAME)
        if error is None:
            return response
        raise error


def build(settings: Settings, client: httpx.AsyncClient) -> XConnector:
    return XConnector(settings, client)
