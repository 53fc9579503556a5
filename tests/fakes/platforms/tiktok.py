"""A fake TikTok (Login Kit v2 and the Content Posting API, Direct Post), over real HTTP.

Paths are those of the real hosts (PLATFORM_BASE_URLS sends them all here):
- www.tiktok.com/v2/auth/authorize/ and open.tiktokapis.com/v2/oauth/token/, /v2/oauth/revoke/
  (https://developers.tiktok.com/doc/oauth-user-access-token-management): `client_key`, comma scopes,
  refresh tokens that rotate.
- /v2/user/info/ (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info)
- /v2/post/publish/creator_info/query/, /v2/post/publish/video/init/ and the upload URL it returns
  (open-upload.tiktokapis.com/video/?upload_id=…), /v2/post/publish/status/fetch/
  (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post,
  https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide)
- /v2/video/list/, /v2/video/query/ (https://developers.tiktok.com/doc/tiktok-api-v2-video-list)
Every answer carries TikTok's `error` object ({"code": "ok"} on success); failures keep the
documented HTTP statuses (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling).

The fake validates like TikTok: the chunk arithmetic (5-64 MB chunks, a whole file under 5 MB,
`total_chunk_count = video_size // chunk_size`, the last chunk carrying the rest), chunks in order,
6 `init` calls a minute per token, privacy among the creator's options, unaudited apps posting only
SELF_ONLY. A publish advances deterministically: PROCESSING_UPLOAD until every byte is in, then
`processing_polls` status reads later PUBLISH_COMPLETE (or FAILED when the bytes are not a video).
Only then does a post exist and get a public id — and only when it is not SELF_ONLY.
"""

from __future__ import annotations

import itertools
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.platforms.base import FakePlatform

MB = 1024 * 1024
SCOPES = {
    "user.info.basic",
    "user.info.profile",
    "user.info.stats",
    "video.publish",
    "video.upload",
    "video.list",
}
PRIVACY_LEVELS = ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"]
USER_FIELDS = {
    "open_id": "user.info.basic",
    "union_id": "user.info.basic",
    "avatar_url": "user.info.basic",
    "display_name": "user.info.basic",
    "follower_count": "user.info.stats",
    "following_count": "user.info.stats",
    "likes_count": "user.info.stats",
    "video_count": "user.info.stats",
}
VIDEO_FIELDS = {
    "id",
    "title",
    "video_description",
    "create_time",
    "share_url",
    "like_count",
    "comment_count",
    "share_count",
    "view_count",
}
_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)$")


def tiktok_body(data: Any = None, code: str = "ok", message: str = "") -> dict[str, Any]:
    return {
        "data": data if data is not None else {},
        "error": {"code": code, "message": message, "log_id": secrets.token_hex(16).upper()},
    }


def tiktok_error(status: int, code: str, message: str) -> web.Response:
    return web.json_response(tiktok_body(None, code, message), status=status)


@dataclass
class Publish:
    id: str
    user: str
    upload_id: str
    upload_token: str
    post_info: dict[str, Any]
    video_size: int
    chunk_size: int
    chunk_count: int
    received: bytearray = field(default_factory=bytearray)
    chunks_in: int = 0
    polls: int = 0
    video_id: int | None = None
    failed: str = ""

    @property
    def uploaded(self) -> bool:
        return len(self.received) == self.video_size


@dataclass
class Video:
    id: int
    user: str
    caption: str
    privacy: str
    create_time: int
    counts: dict[str, int] = field(
        default_factory=lambda: {"like_count": 0, "comment_count": 0, "share_count": 0, "view_count": 0}
    )


@dataclass
class Creator:
    open_id: str
    username: str
    nickname: str
    privacy_options: list[str] = field(default_factory=lambda: list(PRIVACY_LEVELS))
    comment_disabled: bool = False
    max_duration: int = 600
    followers: int = 321


class FakeTikTok(FakePlatform):
    name = "tiktok"

    def __init__(self) -> None:
        super().__init__()
        self.audited = True  # an unaudited client may post SELF_ONLY only
        self.processing_polls = 2
        self.daily_cap = 15
        self.creator = Creator("open-fake-0001", "fake.creator", "Fake Creator")
        self.publishes: dict[str, Publish] = {}
        self.videos: dict[int, Video] = {}
        self.inits: dict[str, list[float]] = {}  # token → init call times (6 a minute)
        self.revoked: list[str] = []
        self._granted: dict[str, str] = {}  # user → the scopes they granted (a refresh keeps them)
        self._ids = itertools.count(7_300_000_000_000_000_001)

    @property
    def completed(self) -> list[Publish]:
        """Publishes whose every byte arrived: each one becomes a post on TikTok."""
        return [p for p in self.publishes.values() if p.uploaded]

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/v2/auth/authorize/", self._authorize)
        app.router.add_post("/v2/oauth/token/", self._token)
        app.router.add_post("/v2/oauth/revoke/", self._revoke)
        app.router.add_get("/v2/user/info/", self._user_info)
        app.router.add_post("/v2/post/publish/creator_info/query/", self._creator_info)
        app.router.add_post("/v2/post/publish/video/init/", self._init)
        app.router.add_put("/video/", self._upload)
        app.router.add_post("/v2/post/publish/status/fetch/", self._status)
        app.router.add_post("/v2/video/list/", self._video_list)
        app.router.add_post("/v2/video/query/", self._video_query)

    # --- Login Kit -------------------------------------------------------------------------------

    async def _authorize(self, request: web.Request) -> web.Response:
        scopes = request.query.get("scope", "").split(",")
        if not set(scopes) <= SCOPES:
            return web.json_response({"error": "invalid_scope"}, status=400)
        return self.authorize(request, client_id_param="client_key")

    async def _token(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        key, secret = form.get("client_key", ""), form.get("client_secret", "")
        if self.clients.get(key) != secret:
            return self._oauth_error("invalid_client", "Client key or secret is invalid.")
        if form.get("grant_type") == "authorization_code":
            issued = self.codes.get(form.get("code", ""))
            error = self.redeem_code(form, client_id=key, client_secret=secret, require_pkce=False)
            if error or issued is None:
                return self._oauth_error(
                    error or "invalid_grant", "Authorization code is expired or invalid."
                )
            return web.json_response(self._tokens(issued.scope))
        if form.get("grant_type") == "refresh_token":
            user = self.refresh_tokens.pop(form.get("refresh_token", ""), None)  # rotated: single use
            if user is None:
                return self._oauth_error("invalid_grant", "Refresh token is invalid or expired.")
            return web.json_response(self._tokens(self._granted.get(user, ",".join(sorted(SCOPES)))))
        return self._oauth_error("unsupported_grant_type", "Grant type is not supported.")

    def _tokens(self, scope: str) -> dict[str, Any]:
        body = self.issue_tokens(self.creator.open_id, lifetime=86400)
        self.access_tokens[body["access_token"]]["scope"] = scope
        self._granted[self.creator.open_id] = scope
        return {
            **body,
            "open_id": self.creator.open_id,
            "refresh_expires_in": 31536000,
            "scope": scope,
            "token_type": "Bearer",
        }

    def _oauth_error(self, error: str, description: str) -> web.Response:
        return web.json_response(
            {"error": error, "error_description": description, "log_id": secrets.token_hex(8)}, status=400
        )

    async def _revoke(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        if self.clients.get(form.get("client_key", "")) != form.get("client_secret"):
            return self._oauth_error("invalid_client", "Client key or secret is invalid.")
        if form.get("token") not in self.access_tokens:
            return self._oauth_error("invalid_request", "Token is invalid.")
        self.revoked.append(form["token"])
        self.revoke_all()
        return web.json_response({})

    def _caller(self, request: web.Request, scope: str) -> tuple[str, str, web.Response | None]:
        state, user = self.token_state(request)
        if state != "ok" or user is None:
            denied = tiktok_error(
                401, "access_token_invalid", "The access token is invalid or not found in the request."
            )
            return "", "", denied
        token = request.headers["Authorization"][7:]
        if scope not in str(self.access_tokens[token].get("scope", "")).split(","):
            return (
                "",
                "",
                tiktok_error(401, "scope_not_authorized", f"The user did not authorize the scope {scope}."),
            )
        return user, token, None

    # --- user and creator ------------------------------------------------------------------------

    async def _user_info(self, request: web.Request) -> web.Response:
        fields = [f for f in request.query.get("fields", "").split(",") if f]
        if not fields or any(f not in USER_FIELDS for f in fields):
            return tiktok_error(400, "invalid_params", "fields is invalid")
        for scope in {USER_FIELDS[f] for f in fields}:
            _, _, denied = self._caller(request, scope)
            if denied:
                return denied
        posted = sum(1 for v in self.videos.values() if v.user == self.creator.open_id)
        values = {
            "open_id": self.creator.open_id,
            "union_id": "union-" + self.creator.open_id,
            "avatar_url": f"https://p16.tiktokcdn.com/{self.creator.open_id}.jpeg",
            "display_name": self.creator.nickname,
            "follower_count": self.creator.followers,
            "following_count": 12,
            "likes_count": 456,
            "video_count": posted,
        }
        return web.json_response(tiktok_body({"user": {f: values[f] for f in fields}}))

    async def _creator_info(self, request: web.Request) -> web.Response:
        _, _, denied = self._caller(request, "video.publish")
        if denied:
            return denied
        creator = self.creator
        return web.json_response(
            tiktok_body(
                {
                    "creator_avatar_url": f"https://p16.tiktokcdn.com/{creator.open_id}.jpeg",
                    "creator_username": creator.username,
                    "creator_nickname": creator.nickname,
                    "privacy_level_options": creator.privacy_options,
                    "comment_disabled": creator.comment_disabled,
                    "duet_disabled": False,
                    "stitch_disabled": False,
                    "max_video_post_duration_sec": creator.max_duration,
                }
            )
        )

    # --- posting ---------------------------------------------------------------------------------

    async def _init(self, request: web.Request) -> web.Response:  # noqa: PLR0911 - one answer per rule
        user, token, denied = self._caller(request, "video.publish")
        if denied:
            return denied
        now = time.time()
        recent = [t for t in self.inits.get(token, []) if now - t < 60]
        if len(recent) >= 6:
            return tiktok_error(
                429, "rate_limit_exceeded", "The API rate limit was exceeded. Please try again later."
            )
        self.inits[token] = [*recent, now]
        body = await request.json()
        info, source = body.get("post_info") or {}, body.get("source_info") or {}
        privacy = info.get("privacy_level")
        if (
            not isinstance(info.get("title", ""), str)
            or len(info.get("title", "").encode("utf-16-le")) // 2 > 2200
        ):
            return tiktok_error(400, "invalid_params", "The title is too long.")
        if privacy not in self.creator.privacy_options:
            return tiktok_error(
                403, "privacy_level_option_mismatch", "privacy_level is not one of the creator's options."
            )
        if not self.audited and privacy != "SELF_ONLY":
            return tiktok_error(
                403,
                "unaudited_client_can_only_post_to_private_accounts",
                "Unaudited clients can only post privately.",
            )
        if sum(1 for p in self.completed if p.user == user) >= self.daily_cap:
            return tiktok_error(
                403,
                "spam_risk_too_many_posts",
                "The daily post cap from the API is reached for the current user.",
            )
        if source.get("source") == "PULL_FROM_URL":
            return tiktok_error(403, "url_ownership_unverified", "The domain of video_url is not verified.")
        invalid = self._invalid_chunking(source)
        if invalid:
            return tiktok_error(400, "invalid_params", invalid)
        number = next(self._ids)
        publish = Publish(
            id=f"v_pub_file~v2-1.{number}",
            user=user,
            upload_id=str(number),
            upload_token=secrets.token_urlsafe(12),
            post_info=info,
            video_size=int(source["video_size"]),
            chunk_size=int(source["chunk_size"]),
            chunk_count=int(source["total_chunk_count"]),
        )
        self.publishes[publish.id] = publish
        upload_url = (
            f"{self.base_url}/video/?upload_id={publish.upload_id}&upload_token={publish.upload_token}"
        )
        return web.json_response(tiktok_body({"publish_id": publish.id, "upload_url": upload_url}))

    def _invalid_chunking(self, source: dict[str, Any]) -> str:
        """The media transfer guide's chunk rules; the first one broken, or ""."""
        if source.get("source") != "FILE_UPLOAD":
            return "source must be FILE_UPLOAD or PULL_FROM_URL"
        values = [source.get(k) for k in ("video_size", "chunk_size", "total_chunk_count")]
        if not all(isinstance(v, int) and v > 0 for v in values):
            return "video_size, chunk_size and total_chunk_count are required"
        size, chunk, count = (int(v or 0) for v in values)
        whole = count == 1 and chunk == size
        rules = [
            (size > 4 * 1024 * MB, "video_size exceeds 4 GB"),
            (size < 5 * MB and not whole, "a video under 5 MB is uploaded whole"),
            (size >= 5 * MB and not whole and not 5 * MB <= chunk <= 64 * MB, "chunks are 5 MB to 64 MB"),
            (size > 64 * MB and count == 1, "a video over 64 MB goes in chunks"),
            (count != size // chunk or count > 1000, "total_chunk_count must be video_size // chunk_size"),
            (size - chunk * (count - 1) > 128 * MB, "the last chunk is over 128 MB"),
        ]
        return next((message for broken, message in rules if broken), "")

    async def _upload(self, request: web.Request) -> web.Response:
        publish = next(
            (p for p in self.publishes.values() if p.upload_id == request.query.get("upload_id")), None
        )
        if publish is None or publish.upload_token != request.query.get("upload_token"):
            return tiktok_error(404, "invalid_params", "The upload URL is invalid or expired.")
        body = await request.read()
        if request.headers.get("Content-Type") not in ("video/mp4", "video/quicktime", "video/webm"):
            return tiktok_error(
                400, "invalid_file_upload", "Content-Type must be video/mp4, video/quicktime or video/webm."
            )
        match = _RANGE.match(request.headers.get("Content-Range", ""))
        start = publish.chunks_in * publish.chunk_size
        last = publish.chunks_in == publish.chunk_count - 1
        end = publish.video_size - 1 if last else start + publish.chunk_size - 1
        expected = (start, end, publish.video_size)
        if (
            publish.uploaded
            or match is None
            or tuple(int(g) for g in match.groups()) != expected
            or len(body) != end - start + 1
        ):
            return tiktok_error(
                400, "invalid_file_upload", "Chunks must be uploaded in order with a matching Content-Range."
            )
        publish.received.extend(body)
        publish.chunks_in += 1
        if not publish.uploaded:
            return web.Response(status=206)
        if body[4:8] != b"ftyp" and publish.received[4:8] != b"ftyp":
            publish.failed = "file_format_check_failed"
        return web.Response(status=201)

    async def _status(self, request: web.Request) -> web.Response:
        user, _, denied = self._caller(request, "video.publish")
        if denied:
            return denied
        publish = self.publishes.get(str((await request.json()).get("publish_id", "")))
        if publish is None or publish.user != user:
            return tiktok_error(400, "invalid_params", "publish_id is invalid.")
        data: dict[str, Any] = {
            "status": "PROCESSING_UPLOAD",
            "uploaded_bytes": len(publish.received),
            "publicaly_available_post_id": [],
        }
        if publish.uploaded:
            publish.polls += 1
            if publish.polls >= self.processing_polls:
                data.update(self._finish(publish))
        return web.json_response(tiktok_body(data))

    def _finish(self, publish: Publish) -> dict[str, Any]:
        if publish.failed:
            return {"status": "FAILED", "fail_reason": publish.failed}
        privacy = str(publish.post_info["privacy_level"])
        if publish.video_id is None:
            video = Video(
                next(self._ids),
                publish.user,
                str(publish.post_info.get("title", "")),
                privacy,
                int(time.time()),
            )
            self.videos[video.id] = video
            publish.video_id = video.id
        public = [publish.video_id] if privacy != "SELF_ONLY" else []  # private posts get no public id
        return {"status": "PUBLISH_COMPLETE", "publicaly_available_post_id": public}

    # --- reading videos --------------------------------------------------------------------------

    def _video_fields(self, request: web.Request) -> list[str] | None:
        fields = [f for f in request.query.get("fields", "").split(",") if f]
        return fields if fields and all(f in VIDEO_FIELDS for f in fields) else None

    def _render(self, video: Video, fields: list[str]) -> dict[str, Any]:
        values: dict[str, Any] = {
            "id": str(video.id),
            "title": video.caption,
            "video_description": video.caption,
            "create_time": video.create_time,
            "share_url": f"https://www.tiktok.com/@{self.creator.username}/video/{video.id}",
            **video.counts,
        }
        return {f: values[f] for f in fields}

    async def _video_list(self, request: web.Request) -> web.Response:
        user, _, denied = self._caller(request, "video.list")
        if denied:
            return denied
        fields = self._video_fields(request)
        count = (await request.json()).get("max_count", 10)
        if fields is None or not isinstance(count, int) or not 1 <= count <= 20:
            return tiktok_error(400, "invalid_params", "fields or max_count is invalid.")
        public = [v for v in self.videos.values() if v.user == user and v.privacy != "SELF_ONLY"]
        newest = sorted(public, key=lambda v: v.id, reverse=True)[:count]
        return web.json_response(
            tiktok_body({"videos": [self._render(v, fields) for v in newest], "cursor": 0, "has_more": False})
        )

    async def _video_query(self, request: web.Request) -> web.Response:
        user, _, denied = self._caller(request, "video.list")
        if denied:
            return denied
        fields = self._video_fields(request)
        ids = ((await request.json()).get("filters") or {}).get("video_ids") or []
        if fields is None or not 1 <= len(ids) <= 20:
            return tiktok_error(400, "invalid_params", "fields or video_ids is invalid.")
        found = [self.videos[int(i)] for i in ids if str(i).isdigit() and int(i) in self.videos]
        return web.json_response(
            tiktok_body({"videos": [self._render(v, fields) for v in found if v.user == user]})
        )
