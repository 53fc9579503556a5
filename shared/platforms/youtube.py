"""YouTube (Data API v3): a video upload per post, through Google's resumable upload protocol.

Resumable because a broken chunk can be resumed from what YouTube says it holds instead of sending
the whole file again; and because the protocol makes the *final* chunk the only request that can
create a video, so only a lost answer to that one is ambiguous (and even then a zero-byte status
probe usually settles it). A new video is processed before it plays: `publish` returns `Pending`
and `check_status` follows `status.uploadStatus` until `processed`.

Options read from `PublishRequest.options`:
- `title`: up to 100 characters, no `<` or `>` (default: the text's first line, shortened).
- `privacy`: `public` (default), `unlisted` or `private`.
- `tags`: a list of strings (500 characters in all). `category_id`: a YouTube category (default 22).
- `made_for_kids`: bool, YouTube's `selfDeclaredMadeForKids` (default false).

Docs: https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol,
https://developers.google.com/youtube/v3/docs/videos/insert, https://developers.google.com/youtube/v3/docs/errors
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.config import Settings
from shared.platforms import oauth
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AuthRevokedError,
    AuthSpec,
    Capabilities,
    ConnectedAccount,
    Credentials,
    DocumentedError,
    DuplicateError,
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
from shared.platforms.google_resumable import CHUNK_QUANTUM, ResumableUpload
from shared.platforms.http import download, hosts, json_body, send
from shared.platforms.ratelimit import from_iso, next_midnight, retry_at

PLATFORM = "youtube"
NAME = "YouTube"

HOSTS = {"api": "https://www.googleapis.com", "oauth2": "https://oauth2.googleapis.com"}
SCOPE_UPLOAD = "https://www.googleapis.com/auth/youtube.upload"
SCOPE_READ = "https://www.googleapis.com/auth/youtube.readonly"

# https://developers.google.com/identity/protocols/oauth2/web-server: access_type=offline for a
# refresh token, prompt=consent so a reconnect gets a new one too (Google sends it only on consent).
OAUTH = OAuthSpec(
    authorize_url="https://accounts.google.com/o/oauth2/v2/auth",
    token_url="https://oauth2.googleapis.com/token",
    scopes=(SCOPE_UPLOAD, SCOPE_READ),
    extra_authorize_params=(("access_type", "offline"), ("prompt", "consent")),
)
AUTH = AuthSpec(
    kind="oauth2",
    oauth=OAUTH,
    client_id_setting="google_client_id",
    client_secret_setting="google_client_secret",
)

CAPABILITIES = Capabilities(
    # videos resource: description ≤ 5000 bytes, title ≤ 100 characters, neither may hold < or >.
    # https://developers.google.com/youtube/v3/docs/videos#snippet.description
    max_text_length=5000,
    text_counting="bytes",
    title_max_length=100,
    max_media=1,
    media_kinds=frozenset({"video"}),
    requires_media=True,
    # https://support.google.com/youtube/answer/71673: 256 GB or 12 hours (verified accounts;
    # unverified ones stop at 15 minutes, which YouTube reports as a failed upload).
    max_video_bytes=256 * 1024**3,
    max_video_seconds=12 * 3600,
    post_metrics=("views", "likes", "comments", "favorites"),
    account_metrics=("subscribers", "views", "videos"),
    # favorites is deprecated by YouTube (always 0): not a shared metric.
    post_vocabulary={"views": ("views",), "reactions": ("likes",), "comments": ("comments",)},
    account_vocabulary={"followers": ("followers",), "views": ("views",)},
    reconcile=True,
)

CHUNK_SIZE = 32 * CHUNK_QUANTUM  # 8 MiB
PRIVACY = ("public", "unlisted", "private")
DEFAULT_CATEGORY = "22"  # People & Blogs

_RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
_REAUTH_REASONS = frozenset(
    {
        "forbidden",
        "insufficientPermissions",
        "accountDelegationForbidden",
        "authenticatedUserAccountClosed",
        "authenticatedUserAccountSuspended",
        "authenticatedUserNotChannel",
        "youtubeSignupRequired",
        "invalid_grant",
    }
)
# Our metric names → videos.list `statistics` fields.
_POST_STATS = {
    "views": "viewCount",
    "likes": "likeCount",
    "comments": "commentCount",
    "favorites": "favoriteCount",
}


def _documented(status: int, reason: str, kind: str, domain: str = "youtube.video") -> DocumentedError:
    body = {"error": {"code": status, "message": reason, "errors": [{"reason": reason, "domain": domain}]}}
    return DocumentedError(status, body, kind, note=reason)


# https://developers.google.com/youtube/v3/docs/errors and videos.insert's own list.
DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    _documented(401, "authError", "auth_expired", "global"),  # expired or invalid: refresh decides
    _documented(403, "quotaExceeded", "rate_limited", "youtube.quota"),
    _documented(400, "uploadLimitExceeded", "rate_limited"),
    _documented(403, "rateLimitExceeded", "rate_limited", "usageLimits"),
    DocumentedError(429, {"error": {"code": 429, "message": "Too many requests"}}, "rate_limited"),
    _documented(403, "forbidden", "auth_revoked", "global"),
    _documented(403, "insufficientPermissions", "auth_revoked", "global"),
    DocumentedError(
        400, {"error": "invalid_grant", "error_description": "Token has been revoked."}, "auth_revoked"
    ),
    _documented(400, "invalidTitle", "invalid_content"),
    _documented(400, "invalidDescription", "invalid_content"),
    _documented(400, "invalidCategoryId", "invalid_content"),
    _documented(403, "forbiddenPrivacySetting", "invalid_content"),
    # Metadata, session start and reads retry a 5xx. Only the final chunk can make the video: a 5xx
    # to it is settled by a status probe ("complete" or "not yet"), and is ambiguous otherwise.
    DocumentedError(
        503,
        {"error": {"code": 503, "message": "backendError", "errors": [{"reason": "backendError"}]}},
        "transient",
        note="backendError",
        on_create="ambiguous",
    ),
    DocumentedError(500, "Internal Server Error", "transient", on_create="ambiguous"),
)


def _reason(body: Any) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, str):
        return error  # the OAuth endpoints' {"error": "invalid_grant"}
    errors = error.get("errors") if isinstance(error, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("reason") or "")
    return ""


def classify(response: httpx.Response) -> PlatformError | None:  # noqa: PLR0911 - one return per family
    """Google's error envelope → our taxonomy; the `reason` decides before the status does."""
    status = response.status_code
    if status < 400:
        return None
    reason = _reason(json_body(response))
    if reason in ("quotaExceeded", "dailyLimitExceeded"):
        # The daily quota resets at midnight Pacific (https://developers.google.com/youtube/v3/getting-started#quota).
        return RateLimitedError(
            "The YouTube API quota for today is used up.", reset_at=next_midnight("America/Los_Angeles")
        )
    if reason == "uploadLimitExceeded":
        # "try again in 24 hours" (YouTube API revision history, per-channel upload cap).
        return RateLimitedError(
            "The channel reached YouTube's daily upload limit.",
            reset_at=datetime.now(UTC) + timedelta(hours=24),
        )
    if reason in _RATE_REASONS or status == 429:
        return RateLimitedError("YouTube is limiting requests.", reset_at=retry_at(response))
    if status == 401:
        return TokenExpiredError("The YouTube access token is no longer valid.")
    if reason in _REAUTH_REASONS:
        return AuthRevokedError("YouTube no longer accepts this channel's authorization; connect it again.")
    if status >= 500 or reason == "backendError":
        return TransientError(f"YouTube is unavailable (HTTP {status}).")
    return PermanentError(
        f"YouTube refused the video ({reason or status}).", code=f"youtube_{reason or status}"
    )


def _raise_for(response: httpx.Response) -> httpx.Response:
    error = classify(response)
    if error is not None:
        raise error
    return response


def _title(request: PublishRequest) -> str:
    title = request.options.get("title")
    if title is None:
        first = next((line.strip() for line in request.text.splitlines() if line.strip()), "")
        title = first if len(first) <= 100 else first[:99].rstrip() + "…"
    if not isinstance(title, str) or not title.strip() or len(title) > 100 or "<" in title or ">" in title:
        raise PermanentError(
            "YouTube needs a title of 1 to 100 characters without < or >: set the title option,"
            " or start the text with one.",
            code="invalid_option",
        )
    return title.strip()


def _metadata(request: PublishRequest) -> dict[str, Any]:
    """The video resource to create, with every option checked before anything is sent."""
    options = request.options
    if "<" in request.text or ">" in request.text:
        raise PermanentError("YouTube descriptions cannot contain < or >.", code="invalid_content")
    if len(request.text.encode()) > CAPABILITIES.max_text_length:
        raise PermanentError("YouTube descriptions are limited to 5000 bytes.", code="text_too_long")
    privacy = options.get("privacy", "public")
    if privacy not in PRIVACY:
        raise PermanentError(f"privacy must be one of {', '.join(PRIVACY)}.", code="invalid_option")
    tags = options.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags) or len(",".join(tags)) > 500:
        raise PermanentError("tags must be a list of texts, 500 characters in all.", code="invalid_option")
    category = str(options.get("category_id", DEFAULT_CATEGORY))
    if not category.isdigit():
        raise PermanentError("category_id must be a YouTube video category id.", code="invalid_option")
    kids = options.get("made_for_kids", False)
    if not isinstance(kids, bool):
        raise PermanentError("made_for_kids must be true or false.", code="invalid_option")
    return {
        "snippet": {
            "title": _title(request),
            "description": request.text,
            "tags": tags,
            "categoryId": category,
        },
        "status": {"privacyStatus": privacy, "selfDeclaredMadeForKids": kids},
    }


def _video_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


def _count(value: Any) -> int:
    """YouTube sends counts as strings (uint64)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class YouTubeConnector(oauth.StandardOAuthApp):
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
        body = await self._token_for_code(
            client, code, redirect_uri=redirect_uri, code_verifier=code_verifier
        )
        # Google's granular consent lets a person untick a scope; without upload we cannot publish.
        granted = str(body.get("scope", SCOPE_UPLOAD)).split()
        if SCOPE_UPLOAD not in granted:
            raise PermanentError(
                "YouTube was connected without permission to upload videos; connect again and allow it.",
                code="missing_scope",
            )
        return oauth.credentials_from(body)

    async def list_accounts(self, credentials: Credentials) -> list[ConnectedAccount]:
        response = await self._get(
            credentials, "/youtube/v3/channels", {"part": "snippet,statistics,contentDetails", "mine": "true"}
        )
        accounts = []
        for channel in response.json().get("items", []):
            snippet = channel.get("snippet", {})
            handle = str(snippet.get("customUrl") or channel["id"])
            uploads = channel.get("contentDetails", {}).get("relatedPlaylists", {}).get("uploads", "")
            accounts.append(
                ConnectedAccount(
                    external_id=str(channel["id"]),
                    handle=handle,
                    display_name=str(snippet.get("title") or handle),
                    credentials=credentials,
                    url=f"https://www.youtube.com/channel/{channel['id']}",
                    avatar_url=snippet.get("thumbnails", {}).get("default", {}).get("url"),
                    metadata={"uploads_playlist": str(uploads)} if uploads else {},
                )
            )
        if not accounts:
            raise PermanentError(
                "This Google account has no YouTube channel to publish to.", code="no_channel"
            )
        return accounts

    async def refresh(self, credentials: Credentials) -> Credentials:
        if not credentials.refresh_token:
            raise AuthRevokedError("YouTube gave no refresh token for this channel; connect it again.")
        body = await self._token_for_refresh(credentials.refresh_token)
        return oauth.credentials_from(body, previous=credentials)

    async def revoke(self, credentials: Credentials) -> None:
        # https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke: revoking the
        # refresh token ends the whole grant; 400 invalid_token means there is nothing left to revoke.
        token = credentials.refresh_token or credentials.access_token
        response = await send(
            self._client,
            "POST",
            f"{self._hosts['oauth2']}/revoke",
            data={"token": token},
            creates=False,
            name=NAME,
        )
        if response.status_code != 400 or _reason(json_body(response)) != "invalid_token":
            _raise_for(response)

    # --- publishing ------------------------------------------------------------------------------

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        if len(request.media) != 1 or request.media[0].kind != "video":
            raise PermanentError("A YouTube post is exactly one video.", code="unsupported_media")
        metadata = _metadata(request)
        item = request.media[0]
        data = await download(self._client, item.url)
        if not data:
            raise PermanentError("The video file is empty.", code="invalid_media")
        for _ in range(2):  # a session lost before the final chunk's answer is safe to restart once
            session = await self._start_session(credentials, metadata, len(data), item.content_type)
            upload = ResumableUpload(
                self._client,
                session,
                self._auth(credentials),
                classify=classify,
                name=NAME,
                chunk_size=self.chunk_size,
            )
            video = await upload.send_all(data, item.content_type)
            if video is not None:
                return Pending({"video_id": str(video["id"])}, check_after=timedelta(seconds=15))
        raise TransientError("YouTube dropped the upload session twice; trying again later.")

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        video_id = str(state["video_id"])
        response = await self._get(
            credentials, "/youtube/v3/videos", {"part": "status,processingDetails", "id": video_id}
        )
        items = response.json().get("items", [])
        if not items:
            raise PermanentError("The uploaded video is gone from YouTube.", code="youtube_video_missing")
        status = items[0].get("status", {})
        upload = status.get("uploadStatus")
        if upload == "processed":
            return Published(video_id, _video_url(video_id))
        if upload == "rejected":
            reason = str(status.get("rejectionReason") or "rejected")
            if reason == "duplicate":
                raise DuplicateError("YouTube rejected the video as a duplicate of one already uploaded.")
            raise PermanentError(f"YouTube rejected the video ({reason}).", code=f"youtube_rejected_{reason}")
        if upload in ("failed", "deleted"):
            reason = str(status.get("failureReason") or upload)
            raise PermanentError(
                f"YouTube could not process the video ({reason}).", code=f"youtube_failed_{reason}"
            )
        left = items[0].get("processingDetails", {}).get("processingProgress", {}).get("timeLeftMs")
        wait = min(max(_count(left) / 1000, 10), 300) if left else 30
        return Pending(state, check_after=timedelta(seconds=wait), message="YouTube is processing the video.")

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """The channel's newest uploads (the uploads playlist) with our title, uploaded since `since`."""
        title = _title(request)
        playlist = request.account.metadata.get("uploads_playlist") or await self._uploads_playlist(
            credentials
        )
        response = await self._get(
            credentials,
            "/youtube/v3/playlistItems",
            {"part": "snippet", "playlistId": playlist, "maxResults": "50"},
        )
        for item in response.json().get("items", []):
            snippet = item.get("snippet", {})
            added = from_iso(str(snippet.get("publishedAt", "")))
            if snippet.get("title") == title and added is not None and added >= since - timedelta(minutes=5):
                video_id = str(snippet.get("resourceId", {}).get("videoId"))
                return Published(video_id, _video_url(video_id))
        return None

    # --- metrics ---------------------------------------------------------------------------------

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        found: list[PostMetrics] = []
        for start in range(0, len(external_ids), 50):  # videos.list takes up to 50 ids
            ids = ",".join(external_ids[start : start + 50])
            response = await self._get(credentials, "/youtube/v3/videos", {"part": "statistics", "id": ids})
            for video in response.json().get("items", []):
                stats = video.get("statistics", {})
                metrics = {ours: _count(stats.get(theirs)) for ours, theirs in _POST_STATS.items()}
                found.append(PostMetrics(str(video["id"]), metrics))
        return found

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        response = await self._get(
            credentials, "/youtube/v3/channels", {"part": "statistics", "mine": "true"}
        )
        channels = response.json().get("items", [])
        channel = next(
            (c for c in channels if c.get("id") == account.external_id), channels[0] if channels else {}
        )
        stats = channel.get("statistics", {})
        hidden = bool(stats.get("hiddenSubscriberCount"))
        return AccountMetrics(
            followers=None if hidden else _count(stats.get("subscriberCount")),
            metrics={
                **({} if hidden else {"subscribers": _count(stats.get("subscriberCount"))}),
                "views": _count(stats.get("viewCount")),
                "videos": _count(stats.get("videoCount")),
            },
        )

    # --- the resumable upload --------------------------------------------------------------------

    async def _start_session(
        self, credentials: Credentials, metadata: dict[str, Any], size: int, content_type: str
    ) -> str:
        """Step 1: POST the metadata; the session URI comes back in `Location`. No video exists yet."""
        response = await send(
            self._client,
            "POST",
            f"{self._hosts['api']}/upload/youtube/v3/videos",
            params={"uploadType": "resumable", "part": "snippet,status"},
            json=metadata,
            headers={
                **self._auth(credentials),
                "X-Upload-Content-Length": str(size),
                "X-Upload-Content-Type": content_type,
            },
            creates=False,
            name=NAME,
        )
        location = str(_raise_for(response).headers.get("location", ""))
        if not location:
            raise TransientError("YouTube started no upload session.")
        return location

    # --- plumbing --------------------------------------------------------------------------------

    def _auth(self, credentials: Credentials) -> dict[str, str]:
        return {"Authorization": f"Bearer {credentials.access_token}"}

    async def _uploads_playlist(self, credentials: Credentials) -> str:
        response = await self._get(
            credentials, "/youtube/v3/channels", {"part": "contentDetails", "mine": "true"}
        )
        items = response.json().get("items", [])
        if not items:
            raise PermanentError("This Google account has no YouTube channel.", code="no_channel")
        return str(items[0]["contentDetails"]["relatedPlaylists"]["uploads"])

    async def _get(self, credentials: Credentials, path: str, params: dict[str, str]) -> httpx.Response:
        response = await send(
            self._client,
            "GET",
            f"{self._hosts['api']}{path}",
            params=params,
            headers=self._auth(credentials),
            creates=False,
            name=NAME,
        )
        return _raise_for(response)


def build(settings: Settings, client: httpx.AsyncClient) -> YouTubeConnector:
    return YouTubeConnector(settings, client)
