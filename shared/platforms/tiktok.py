"""TikTok (Content Posting API, Direct Post): one video per post, uploaded in chunks, then polled.

The flow: ask `creator_info/query` what this creator may do (privacy levels, interaction settings,
longest video), `video/init/` a FILE_UPLOAD (PULL_FROM_URL needs a verified domain), PUT the chunks
in order, then poll `status/fetch/`. TikTok gives no public post id until `PUBLISH_COMPLETE`.

What can create a post is the last chunk: without every byte TikTok publishes nothing, so a lost
answer to `init` or to an earlier chunk is harmless (the upload URL simply expires). A lost answer
to the last chunk is settled by asking the status of the publish id, when TikTok says it got every
byte; otherwise it is ambiguous.

Options read from `PublishRequest.options`:
- `privacy` (required: TikTok's UX rules forbid a default): one of the creator's
  `privacy_level_options` — PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR,
  SELF_ONLY — or `public`, `friends`, `followers`, `private`.
- `disable_comment`, `disable_duet`, `disable_stitch`, `brand_content_toggle`,
  `brand_organic_toggle`, `is_aigc`: booleans (default false); `video_cover_timestamp_ms`: int.

Docs: https://developers.tiktok.com/doc/content-posting-api-reference-direct-post,
https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide,
https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status,
https://developers.tiktok.com/doc/tiktok-api-v2-error-handling
"""

from __future__ import annotations

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
    AuthRevokedError,
    AuthSpec,
    Capabilities,
    ConnectedAccount,
    Credentials,
    DocumentedError,
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
    TokenExpiredError,
    TransientError,
)
from shared.platforms.http import ambiguous_on_create, download, hosts, json_body, send
from shared.platforms.ratelimit import retry_at
from shared.platforms.text import utf16_length

PLATFORM = "tiktok"
NAME = "TikTok"

HOSTS = {"open": "https://open.tiktokapis.com"}

# https://developers.tiktok.com/doc/login-kit-web: `client_key`, comma-separated scopes.
# PKCE: the web guide's token call needs no verifier ("code_verifier: Required for mobile and desktop
# app only", https://developers.tiktok.com/doc/oauth-user-access-token-management), but TikTok's
# authorization page now refuses a request without `code_challenge` (better-auth/better-auth#3114),
# so we send the RFC 7636 S256 pair as maintained clients do (pilcrowonpaper/arctic providers/tiktok.ts).
OAUTH = OAuthSpec(
    authorize_url="https://www.tiktok.com/v2/auth/authorize/",
    token_url="https://open.tiktokapis.com/v2/oauth/token/",
    scopes=("user.info.basic", "user.info.stats", "video.publish", "video.list"),
    scope_separator=",",
    client_id_param="client_key",
)
AUTH = AuthSpec(
    kind="oauth2",
    oauth=OAUTH,
    client_id_setting="tiktok_client_key",
    client_secret_setting="tiktok_client_secret",
)

CAPABILITIES = Capabilities(
    # post_info.title: "The video caption ... max length 2200 in UTF-16 runes" (Direct Post reference).
    max_text_length=2200,
    text_counting="utf16",
    max_media=1,
    media_kinds=frozenset({"video"}),
    requires_media=True,
    # Media transfer guide: at most 4 GB; the creator's own cap is `max_video_post_duration_sec`
    # (checked at publish time), 10 minutes being the longest TikTok lets API posts be.
    max_video_bytes=4 * 1024**3,
    max_video_seconds=600,
    post_metrics=("views", "likes", "comments", "shares"),
    account_metrics=("followers", "following", "likes", "videos"),
    post_vocabulary={
        "views": ("views",),
        "reactions": ("likes",),
        "comments": ("comments",),
        "shares": ("shares",),
    },
    account_vocabulary={"followers": ("followers",)},
    reconcile=True,
)

MB = 1024 * 1024
# Media transfer guide: chunks of 5-64 MB, the last may carry the remainder (up to 128 MB); a video
# under 5 MB goes whole; total_chunk_count = video_size // chunk_size; at most 1000 chunks.
MIN_CHUNK, CHUNK_SIZE = 5 * MB, 10 * MB
CHUNK_TIMEOUT_SECONDS = 300.0
PRIVACY_ALIASES = {
    "public": "PUBLIC_TO_EVERYONE",
    "friends": "MUTUAL_FOLLOW_FRIENDS",
    "followers": "FOLLOWER_OF_CREATOR",
    "private": "SELF_ONLY",
}
_BOOL_OPTIONS = (
    "disable_comment",
    "disable_duet",
    "disable_stitch",
    "brand_content_toggle",
    "brand_organic_toggle",
    "is_aigc",
)
_DAILY_CAPS = {"spam_risk_too_many_posts", "spam_risk_too_many_pending_share", "reached_active_user_cap"}
_REAUTH = {"scope_not_authorized", "scope_permission_missed", "invalid_grant", "auth_removed"}
_POST_FIELDS = {
    "views": "view_count",
    "likes": "like_count",
    "comments": "comment_count",
    "shares": "share_count",
}


def _documented(status: int, code: str, kind: str) -> DocumentedError:
    body = {"data": {}, "error": {"code": code, "message": code, "log_id": "202401010000000000000000FAKE"}}
    return DocumentedError(status, body, kind, note=code)


# https://developers.tiktok.com/doc/tiktok-api-v2-error-handling and the Direct Post reference.
DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    _documented(401, "access_token_invalid", "auth_expired"),
    _documented(401, "scope_not_authorized", "auth_revoked"),
    _documented(401, "scope_permission_missed", "auth_revoked"),
    _documented(429, "rate_limit_exceeded", "rate_limited"),
    _documented(403, "spam_risk_too_many_posts", "rate_limited"),
    _documented(403, "spam_risk_too_many_pending_share", "rate_limited"),
    _documented(403, "reached_active_user_cap", "rate_limited"),
    _documented(200, "spam_risk_too_many_posts", "rate_limited"),  # an error inside a 200
    _documented(403, "unaudited_client_can_only_post_to_private_accounts", "invalid_content"),
    _documented(403, "privacy_level_option_mismatch", "invalid_content"),
    _documented(403, "spam_risk_user_banned_from_posting", "invalid_content"),
    _documented(403, "url_ownership_unverified", "invalid_content"),
    _documented(400, "invalid_params", "invalid_content"),
    _documented(400, "invalid_file_upload", "invalid_content"),
    # A 5xx to the last upload chunk may follow the post: ambiguous there (settled by status/fetch).
    DocumentedError(
        500,
        {"data": {}, "error": {"code": "internal_error", "message": "internal_error", "log_id": "FAKE"}},
        "transient",
        note="internal_error",
        on_create="ambiguous",
    ),
    DocumentedError(400, {"error": "invalid_grant", "error_description": "expired"}, "auth_revoked"),
)


def _error_code(body: Any) -> tuple[str, str]:
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return str(error.get("code") or ""), str(error.get("message") or "")
    if isinstance(error, str):  # the OAuth endpoints: {"error": "invalid_grant", "error_description": ...}
        return error, str(body.get("error_description") or "")
    return "", ""


def classify(response: httpx.Response) -> PlatformError | None:
    """TikTok's `error.code` decides, in 200s too; the HTTP status only when there is none."""
    code, detail = _error_code(json_body(response))
    if response.status_code < 400 and code in ("", "ok"):
        return None
    return _from_code(code, detail, response.status_code, reset_at=retry_at(response))


def _from_code(code: str, detail: str, status: int, *, reset_at: datetime) -> PlatformError:  # noqa: PLR0911
    """An error code (or a FAILED publish's `fail_reason`, which shares the names) → our taxonomy."""
    if code == "access_token_invalid" or (status == 401 and code not in _REAUTH):
        return TokenExpiredError("The TikTok access token is no longer valid.")
    if code in _REAUTH:
        return AuthRevokedError("TikTok no longer grants what publishing needs; connect the account again.")
    if code == "rate_limit_exceeded" or status == 429:
        # Per-token limits are per minute (6 inits, 30 status reads); TikTok sends no reset header.
        return RateLimitedError("TikTok is limiting requests for this account.", reset_at=reset_at)
    if code in _DAILY_CAPS:
        return RateLimitedError(
            "TikTok's daily posting cap for this account or app is reached.",
            reset_at=datetime.now(UTC) + timedelta(hours=24),
            code=f"tiktok_{code}",
        )
    if code == "unaudited_client_can_only_post_to_private_accounts":
        return PermanentError(
            "TikTok has not audited this app yet, so it may only post to private accounts with privacy"
            " SELF_ONLY: make the TikTok account private, or post with privacy SELF_ONLY.",
            code="tiktok_unaudited_client",
        )
    if code in ("internal_error", "internal") or status >= 500:
        return TransientError(f"TikTok failed on its side ({code or status}); nothing was posted.")
    return PermanentError(
        f"TikTok refused the post ({code or status}). {detail}"[:300], code=f"tiktok_{code or status}"
    )


def _raise_for(response: httpx.Response) -> dict[str, Any]:
    error = classify(response)
    if error is not None:
        raise error
    body = json_body(response)
    return body if isinstance(body, dict) else {}


def chunking(size: int, chunk_size: int = CHUNK_SIZE) -> tuple[int, int]:
    """(chunk_size, total_chunk_count) as the media transfer guide wants them."""
    chunk_size = max(chunk_size, MIN_CHUNK)
    if size <= chunk_size:
        return size, 1
    return chunk_size, size // chunk_size


def _post_info(request: PublishRequest, creator: dict[str, Any]) -> dict[str, Any]:
    """post_info from the options, checked against what the creator may do right now."""
    options = request.options
    if utf16_length(request.text) > CAPABILITIES.max_text_length:
        raise PermanentError("TikTok captions are limited to 2200 characters.", code="text_too_long")
    allowed = [str(p) for p in creator.get("privacy_level_options", [])]
    raw = options.get("privacy")
    privacy = PRIVACY_ALIASES.get(str(raw), str(raw)) if raw is not None else ""
    if privacy not in allowed:
        raise PermanentError(
            f"TikTok needs the privacy option, one of this creator's: {', '.join(allowed)}.",
            code="invalid_option",
        )
    info: dict[str, Any] = {"title": request.text, "privacy_level": privacy}
    for name in _BOOL_OPTIONS:
        value = options.get(name, False)
        if not isinstance(value, bool):
            raise PermanentError(f"{name} must be true or false.", code="invalid_option")
        info[name] = value
    # A creator who turned comments, duets or stitches off in the app keeps them off here too.
    for name, setting in (
        ("disable_comment", "comment_disabled"),
        ("disable_duet", "duet_disabled"),
        ("disable_stitch", "stitch_disabled"),
    ):
        info[name] = info[name] or bool(creator.get(setting))
    if info["brand_content_toggle"] and privacy == "SELF_ONLY":
        raise PermanentError("TikTok does not allow branded content to be private.", code="invalid_option")
    cover = options.get("video_cover_timestamp_ms")
    if cover is not None:
        if not isinstance(cover, int) or isinstance(cover, bool) or cover < 0:
            raise PermanentError(
                "video_cover_timestamp_ms must be a whole number of milliseconds.", code="invalid_option"
            )
        info["video_cover_timestamp_ms"] = cover
    return info


def _video_url(username: str, video_id: str) -> str:
    return f"https://www.tiktok.com/@{username}/video/{video_id}"


class TikTokConnector(oauth.StandardOAuthApp):
    platform = PLATFORM
    name = NAME
    capabilities = CAPABILITIES
    auth = AUTH
    chunk_size = CHUNK_SIZE

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        super().__init__(settings, client)
        self._hosts = hosts(settings, PLATFORM, HOSTS)

    # --- connecting ------------------------------------------------------------------------------

    async def exchange_code(
        self, client: OAuthClient, code: str, *, redirect_uri: str, code_verifier: str
    ) -> Credentials:
        # The token call sends `client_key` too: OAUTH.client_id_param carries it into the form.
        body = await self._token_for_code(
            client, code, redirect_uri=redirect_uri, code_verifier=code_verifier
        )
        granted = str(body.get("scope", "")).split(",")
        if "video.publish" not in granted or "user.info.basic" not in granted:
            raise PermanentError(
                "TikTok was connected without permission to post videos; connect again and allow them all.",
                code="missing_scope",
            )
        return self._credentials(body)

    async def list_accounts(self, credentials: Credentials) -> list[ConnectedAccount]:
        user = await self._user(credentials, "open_id,avatar_url,display_name")
        creator = await self._creator(credentials)
        username = str(creator.get("creator_username") or "")
        return [
            ConnectedAccount(
                external_id=str(user["open_id"]),
                handle=username,
                display_name=str(user.get("display_name") or creator.get("creator_nickname") or username),
                credentials=credentials,
                url=f"https://www.tiktok.com/@{username}" if username else None,
                avatar_url=user.get("avatar_url") or creator.get("creator_avatar_url"),
                metadata={"username": username},
            )
        ]

    async def refresh(self, credentials: Credentials) -> Credentials:
        expires = credentials.extra.get("refresh_expires_at")
        if not credentials.refresh_token or (
            expires and datetime.fromisoformat(expires) <= datetime.now(UTC)
        ):
            raise AuthRevokedError(
                "The TikTok authorization ended (a year at most); connect the account again."
            )
        body = await self._token_for_refresh(credentials.refresh_token)
        return self._credentials(body, previous=credentials)

    async def revoke(self, credentials: Credentials) -> None:
        # https://developers.tiktok.com/doc/oauth-user-access-token-management ("Revoke access").
        app = self._app()
        response = await send(
            self._client,
            "POST",
            f"{self._hosts['open']}/v2/oauth/revoke/",
            data={
                "client_key": app.client_id,
                "client_secret": app.client_secret,
                "token": credentials.access_token,
            },
            creates=False,
            name=NAME,
        )
        _raise_for(response)

    # --- publishing ------------------------------------------------------------------------------

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        if len(request.media) != 1 or request.media[0].kind != "video":
            raise PermanentError("A TikTok post is exactly one video.", code="unsupported_media")
        item = request.media[0]
        creator = await self._creator(credentials)
        info = _post_info(request, creator)
        longest = int(creator.get("max_video_post_duration_sec") or 0)
        if longest and item.duration_ms and item.duration_ms > longest * 1000:
            raise PermanentError(
                f"This creator may post videos up to {longest} seconds long.", code="video_too_long"
            )
        data = await download(self._client, item.url)
        chunk, count = chunking(len(data), self.chunk_size)
        source = {
            "source": "FILE_UPLOAD",
            "video_size": len(data),
            "chunk_size": chunk,
            "total_chunk_count": count,
        }
        # Not a create: nothing is posted until every byte arrives, so a lost answer here is harmless.
        init = await self._call(
            credentials,
            "POST",
            "/v2/post/publish/video/init/",
            json={"post_info": info, "source_info": source},
        )
        state = {
            "publish_id": str(init["data"]["publish_id"]),
            "username": str(creator.get("creator_username") or request.account.handle),
        }
        try:
            await self._upload(str(init["data"]["upload_url"]), data, chunk, count, item.content_type)
        except AmbiguousError:
            return await self._settle_lost_upload(credentials, state, len(data))
        return Pending(state, check_after=timedelta(seconds=10), message="TikTok is processing the video.")

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        return self._outcome(await self._status(credentials, state), state)

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """The creator's newest videos with our caption, posted since `since`. TikTok lists public
        videos only, so a private post cannot be found this way."""
        body = await self._call(
            credentials,
            "POST",
            "/v2/video/list/",
            params={"fields": "id,title,video_description,create_time,share_url"},
            json={"max_count": 20},
        )
        caption = request.text.strip()
        username = request.account.metadata.get("username") or request.account.handle
        for video in body.get("data", {}).get("videos", []):
            created = datetime.fromtimestamp(int(video.get("create_time", 0)), UTC)
            texts = {str(video.get("video_description", "")).strip(), str(video.get("title", "")).strip()}
            if caption in texts and created >= since - timedelta(minutes=5):
                video_id = str(video["id"])
                return Published(video_id, video.get("share_url") or _video_url(username, video_id))
        return None

    # --- metrics ---------------------------------------------------------------------------------

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        ids = [i for i in external_ids if i.isdigit()]  # private posts keep only their publish id
        found: list[PostMetrics] = []
        for start in range(0, len(ids), 20):  # video/query takes up to 20 ids
            body = await self._call(
                credentials,
                "POST",
                "/v2/video/query/",
                params={"fields": "id," + ",".join(_POST_FIELDS.values())},
                json={"filters": {"video_ids": ids[start : start + 20]}},
            )
            for video in body.get("data", {}).get("videos", []):
                metrics = {ours: int(video.get(theirs) or 0) for ours, theirs in _POST_FIELDS.items()}
                found.append(PostMetrics(str(video["id"]), metrics))
        return found

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        user = await self._user(credentials, "follower_count,following_count,likes_count,video_count")
        return AccountMetrics(
            followers=int(user.get("follower_count") or 0),
            metrics={
                "followers": int(user.get("follower_count") or 0),
                "following": int(user.get("following_count") or 0),
                "likes": int(user.get("likes_count") or 0),
                "videos": int(user.get("video_count") or 0),
            },
        )

    # --- the upload and its status ---------------------------------------------------------------

    async def _upload(self, upload_url: str, data: bytes, chunk: int, count: int, content_type: str) -> None:
        """PUT the chunks in order; the last one carries the remainder and is the one that creates."""
        total = len(data)
        for index in range(count):
            start = index * chunk
            end = total if index == count - 1 else start + chunk
            final = end == total
            extra: dict[str, Any] = (
                {}
                if final
                else {"timeout": httpx.Timeout(CHUNK_TIMEOUT_SECONDS, connect=self._client.timeout.connect)}
            )
            response = await send(
                self._client,
                "PUT",
                upload_url,
                content=data[start:end],
                headers={"Content-Type": content_type, "Content-Range": f"bytes {start}-{end - 1}/{total}"},
                creates=final,
                name=NAME,
                **extra,
            )
            if response.status_code not in (201, 206):
                # The last chunk completes the upload, and TikTok then posts: a 5xx to it may come
                # after that, so it is ambiguous (publish settles it from the publish status). An
                # earlier chunk creates nothing and may be sent again.
                error = ambiguous_on_create(response, classify(response), creates=final, name=NAME)
                raise error or TransientError(f"TikTok refused a video chunk (HTTP {response.status_code}).")

    async def _settle_lost_upload(
        self, credentials: Credentials, state: dict[str, Any], total: int
    ) -> PublishOutcome:
        """The last chunk's answer was lost: TikTok's status says whether every byte arrived."""
        try:
            data = await self._status(credentials, state)
        except PlatformError as exc:
            raise AmbiguousError("TikTok did not confirm the upload; the post may exist.") from exc
        if data.get("status") == "PROCESSING_UPLOAD" and int(data.get("uploaded_bytes") or 0) < total:
            raise AmbiguousError("TikTok did not confirm the upload; the post may exist.")
        return self._outcome(data, state)

    async def _status(self, credentials: Credentials, state: dict[str, Any]) -> dict[str, Any]:
        body = await self._call(
            credentials, "POST", "/v2/post/publish/status/fetch/", json={"publish_id": state["publish_id"]}
        )
        return dict(body.get("data") or {})

    def _outcome(self, data: dict[str, Any], state: dict[str, Any]) -> PublishOutcome:
        status = data.get("status")
        if status == "PUBLISH_COMPLETE":
            ids = data.get("publicaly_available_post_id") or []  # sic: TikTok's spelling
            if ids:
                video_id = str(ids[0])
                return Published(video_id, _video_url(str(state["username"]), video_id))
            # A private (SELF_ONLY) post never gets a public id: the publish id is all there is.
            return Published(str(state["publish_id"]))
        if status == "FAILED":
            reason = str(data.get("fail_reason") or "unknown")
            raise _from_code(reason, "", 200, reset_at=datetime.now(UTC) + timedelta(minutes=1))
        if status == "SEND_TO_USER_INBOX":
            raise PermanentError(
                "TikTok sent the video to the creator's inbox to finish in the app.",
                code="tiktok_sent_to_inbox",
            )
        return Pending(state, check_after=timedelta(seconds=10), message="TikTok is processing the video.")

    # --- plumbing --------------------------------------------------------------------------------

    async def _user(self, credentials: Credentials, fields: str) -> dict[str, Any]:
        body = await self._call(credentials, "GET", "/v2/user/info/", params={"fields": fields})
        return dict(body.get("data", {}).get("user") or {})

    async def _creator(self, credentials: Credentials) -> dict[str, Any]:
        body = await self._call(credentials, "POST", "/v2/post/publish/creator_info/query/", json={})
        return dict(body.get("data") or {})

    async def _call(self, credentials: Credentials, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {credentials.access_token}"}
        if "json" in kwargs:
            headers["Content-Type"] = "application/json; charset=UTF-8"
        response = await send(
            self._client,
            method,
            f"{self._hosts['open']}{path}",
            headers=headers,
            creates=False,
            name=NAME,
            **kwargs,
        )
        return _raise_for(response)

    def _credentials(self, body: dict[str, Any], previous: Credentials | None = None) -> Credentials:
        """TikTok rotates the refresh token and says how long it lives (`refresh_expires_in`, a year)."""
        credentials = oauth.credentials_from(body, previous=previous)
        lifetime = body.get("refresh_expires_in")
        if lifetime:
            expires = (datetime.now(UTC) + timedelta(seconds=int(lifetime))).isoformat()
            credentials = replace(credentials, extra={**credentials.extra, "refresh_expires_at": expires})
        return credentials


def build(settings: Settings, client: httpx.AsyncClient) -> TikTokConnector:
    return TikTokConnector(settings, client)
