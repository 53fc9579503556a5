"""A fake YouTube Data API v3 and Google OAuth server, over real HTTP.

Paths are those of the real hosts (PLATFORM_BASE_URLS sends them all here):
- accounts.google.com/o/oauth2/v2/auth, oauth2.googleapis.com/token and /revoke
  (https://developers.google.com/identity/protocols/oauth2/web-server)
- www.googleapis.com/upload/youtube/v3/videos: the resumable upload protocol
  (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol): the POST
  answers 200 with the session URI in `Location`; PUT chunks answer 308 + `Range` until the last
  byte, then 201 with the video; `Content-Range: bytes */total` probes; a lost session answers 404.
- www.googleapis.com/youtube/v3/channels, videos, playlistItems (https://developers.google.com/youtube/v3/docs)
Errors use Google's envelope {"error": {code, message, errors: [{reason, domain}]}}
(https://developers.google.com/youtube/v3/docs/errors).

Processing advances deterministically: a video is `uploaded` until `processing_polls` status reads,
then `processed` — or `rejected` with `duplicate` when the same bytes were uploaded before on the
channel, as YouTube does.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from tests.fakes.platforms.base import FakePlatform

QUANTUM = 256 * 1024
SCOPE_UPLOAD = "https://www.googleapis.com/auth/youtube.upload"
SCOPE_READ = "https://www.googleapis.com/auth/youtube.readonly"
CATEGORIES = {"1", "2", "10", "15", "17", "19", "20", "22", "23", "24", "25", "26", "27", "28"}
_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)$")


def google_error(status: int, reason: str, message: str, *, domain: str = "youtube.video") -> web.Response:
    body = {
        "error": {
            "code": status,
            "message": message,
            "errors": [{"reason": reason, "domain": domain, "message": message}],
        }
    }
    return web.json_response(body, status=status)


@dataclass
class Channel:
    id: str
    title: str
    custom_url: str
    subscribers: int = 0
    views: int = 0

    @property
    def uploads(self) -> str:
        return "UU" + self.id[2:]


@dataclass
class Session:
    id: str
    channel: str
    total: int
    content_type: str
    metadata: dict[str, Any]
    received: bytearray = field(default_factory=bytearray)
    video_id: str = ""


@dataclass
class Video:
    id: str
    channel: str
    title: str
    description: str
    privacy: str
    tags: list[str]
    category: str
    digest: str
    published_at: datetime
    polls: int = 0
    duplicate: bool = False
    statistics: dict[str, int] = field(default_factory=dict)

    def upload_status(self, polls_needed: int) -> str:
        if self.polls < polls_needed:
            return "uploaded"
        return "rejected" if self.duplicate else "processed"


class FakeYouTube(FakePlatform):
    name = "youtube"

    def __init__(self) -> None:
        super().__init__()
        self.channels: dict[str, Channel] = {}
        self.sessions: dict[str, Session] = {}
        self.videos: dict[str, Video] = {}
        self.processing_polls = 2
        self.revoked_tokens: list[str] = []
        self._ids = itertools.count(1)
        self.channel = self.add_channel("UCfake0000000000000000001", "Fake Channel", "@fakechannel")

    def add_channel(self, channel_id: str, title: str, custom_url: str) -> Channel:
        channel = Channel(channel_id, title, custom_url, subscribers=1234, views=98765)
        self.channels[channel_id] = channel
        return channel

    def lose_sessions(self) -> None:
        """Every open upload session expires (YouTube answers 404 to it from now on)."""
        self.sessions.clear()

    # --- routes ----------------------------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/o/oauth2/v2/auth", self._authorize)
        app.router.add_post("/token", self._token)
        app.router.add_post("/revoke", self._revoke)
        app.router.add_get("/youtube/v3/channels", self._channels)
        app.router.add_get("/youtube/v3/videos", self._videos)
        app.router.add_get("/youtube/v3/playlistItems", self._playlist_items)
        app.router.add_post("/upload/youtube/v3/videos", self._start_upload)
        app.router.add_put("/upload/youtube/v3/videos", self._put_chunk)

    async def _authorize(self, request: web.Request) -> web.Response:
        scopes = request.query.get("scope", "").split()
        if not scopes or any(not s.startswith("https://www.googleapis.com/auth/") for s in scopes):
            return web.json_response({"error": "invalid_scope"}, status=400)
        return self.authorize(request)

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        client_id, secret = str(form.get("client_id", "")), str(form.get("client_secret", ""))
        if self.clients.get(client_id) != secret:
            return web.json_response(
                {"error": "invalid_client", "error_description": "Unauthorized"}, status=401
            )
        grant = form.get("grant_type")
        if grant == "authorization_code":
            scope = next((c.scope for k, c in self.codes.items() if k == form.get("code")), "")
            error = self.redeem_code(
                {k: str(v) for k, v in form.items()}, client_id=client_id, client_secret=secret
            )
            if error:
                return web.json_response({"error": error, "error_description": "Bad Request"}, status=400)
            body = self.issue_tokens(self.channel.id, lifetime=3599)
            self.access_tokens[body["access_token"]]["scope"] = scope
            return web.json_response({**body, "scope": scope, "token_type": "Bearer"})
        if grant == "refresh_token":
            user = self.refresh_tokens.get(str(form.get("refresh_token", "")))
            if user is None:
                body = {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
                return web.json_response(body, status=400)
            # Google keeps the refresh token: the answer carries only a new access token.
            body = self.issue_tokens(user, lifetime=3599, refresh=False)
            self.access_tokens[body["access_token"]]["scope"] = f"{SCOPE_UPLOAD} {SCOPE_READ}"
            return web.json_response(
                {**body, "scope": f"{SCOPE_UPLOAD} {SCOPE_READ}", "token_type": "Bearer"}
            )
        return web.json_response({"error": "unsupported_grant_type"}, status=400)

    async def _revoke(self, request: web.Request) -> web.Response:
        form = await request.post()
        token = str(form.get("token") or request.query.get("token", ""))
        if token in self.refresh_tokens:
            self.revoked_tokens.append(token)
            self.revoke_all()
            return web.Response(status=200)
        if token in self.access_tokens:
            self.revoked_tokens.append(token)
            self.access_tokens.pop(token)
            return web.Response(status=200)
        return web.json_response(
            {"error": "invalid_token", "error_description": "Token expired or revoked"}, status=400
        )

    def _caller(self, request: web.Request, scope: str) -> tuple[str | None, web.Response | None]:
        state, user = self.token_state(request)
        if state != "ok" or user is None:
            return None, google_error(401, "authError", "Invalid Credentials", domain="global")
        token = request.headers["Authorization"][7:]
        granted = str(self.access_tokens[token].get("scope", "")).split()
        if scope not in granted:
            return None, google_error(
                403, "insufficientPermissions", "Insufficient Permission", domain="global"
            )
        return user, None

    async def _channels(self, request: web.Request) -> web.Response:
        user, denied = self._caller(request, SCOPE_READ)
        if denied:
            return denied
        if request.query.get("mine") != "true" or not request.query.get("part"):
            return google_error(
                400, "missingRequiredParameter", "No filter selected.", domain="youtube.parameter"
            )
        channel = self.channels[str(user)]
        parts = set(request.query["part"].split(","))
        item: dict[str, Any] = {"kind": "youtube#channel", "id": channel.id}
        if "snippet" in parts:
            item["snippet"] = {
                "title": channel.title,
                "customUrl": channel.custom_url,
                "thumbnails": {"default": {"url": f"https://yt3.ggpht.com/{channel.id}=s88"}},
            }
        if "statistics" in parts:
            mine = [v for v in self.videos.values() if v.channel == channel.id]
            item["statistics"] = {
                "viewCount": str(channel.views),
                "subscriberCount": str(channel.subscribers),
                "hiddenSubscriberCount": False,
                "videoCount": str(len(mine)),
            }
        if "contentDetails" in parts:
            item["contentDetails"] = {"relatedPlaylists": {"likes": "", "uploads": channel.uploads}}
        return web.json_response({"kind": "youtube#channelListResponse", "items": [item]})

    async def _videos(self, request: web.Request) -> web.Response:
        _, denied = self._caller(request, SCOPE_READ)
        if denied:
            return denied
        parts = set(request.query.get("part", "").split(","))
        ids = [i for i in request.query.get("id", "").split(",") if i]
        if len(ids) > 50:
            return google_error(400, "invalidParameter", "Too many ids.", domain="youtube.parameter")
        items = []
        for video in (self.videos[i] for i in ids if i in self.videos):
            item: dict[str, Any] = {"kind": "youtube#video", "id": video.id}
            if "status" in parts:
                video.polls += 1
                status: dict[str, Any] = {
                    "uploadStatus": video.upload_status(self.processing_polls),
                    "privacyStatus": video.privacy,
                }
                if status["uploadStatus"] == "rejected":
                    status["rejectionReason"] = "duplicate"
                item["status"] = status
            if "processingDetails" in parts:
                done = video.polls >= self.processing_polls
                item["processingDetails"] = {"processingStatus": "succeeded" if done else "processing"}
                if not done:
                    item["processingDetails"]["processingProgress"] = {
                        "partsTotal": "10",
                        "partsProcessed": "3",
                        "timeLeftMs": "1000",
                    }
            if "statistics" in parts:
                item["statistics"] = {k: str(v) for k, v in video.statistics.items()}
            items.append(item)
        return web.json_response({"kind": "youtube#videoListResponse", "items": items})

    async def _playlist_items(self, request: web.Request) -> web.Response:
        user, denied = self._caller(request, SCOPE_READ)
        if denied:
            return denied
        channel = self.channels[str(user)]
        if request.query.get("playlistId") != channel.uploads:
            return google_error(
                404, "playlistNotFound", "The playlist cannot be found.", domain="youtube.playlistItem"
            )
        limit = min(int(request.query.get("maxResults", "5")), 50)
        mine = sorted(
            (v for v in self.videos.values() if v.channel == channel.id),
            key=lambda v: v.published_at,
            reverse=True,
        )
        items = [
            {
                "kind": "youtube#playlistItem",
                "id": f"item-{video.id}",
                "snippet": {
                    "publishedAt": video.published_at.isoformat().replace("+00:00", "Z"),
                    "channelId": channel.id,
                    "title": video.title,
                    "description": video.description,
                    "playlistId": channel.uploads,
                    "resourceId": {"kind": "youtube#video", "videoId": video.id},
                },
            }
            for video in mine[:limit]
        ]
        return web.json_response({"kind": "youtube#playlistItemListResponse", "items": items})

    # --- the resumable upload --------------------------------------------------------------------

    async def _start_upload(self, request: web.Request) -> web.Response:
        user, denied = self._caller(request, SCOPE_UPLOAD)
        if denied:
            return denied
        if request.query.get("uploadType") != "resumable" or not request.query.get("part"):
            return google_error(
                400, "invalidParameter", "uploadType=resumable and part are required.", domain="global"
            )
        size = request.headers.get("X-Upload-Content-Length", "")
        kind = request.headers.get("X-Upload-Content-Type", "")
        if not size.isdigit() or not (kind.startswith("video/") or kind == "application/octet-stream"):
            return google_error(400, "badContent", "Unsupported content with type: " + kind, domain="global")
        metadata = await request.json()
        invalid = self._invalid_metadata(metadata)
        if invalid:
            return invalid
        session = Session(secrets.token_urlsafe(12), str(user), int(size), kind, metadata)
        self.sessions[session.id] = session
        location = f"{self.base_url}/upload/youtube/v3/videos?uploadType=resumable&upload_id={session.id}"
        return web.Response(status=200, headers={"Location": location, "X-GUploader-UploadID": session.id})

    def _invalid_metadata(self, metadata: Any) -> web.Response | None:
        snippet = metadata.get("snippet", {}) if isinstance(metadata, dict) else {}
        status = metadata.get("status", {}) if isinstance(metadata, dict) else {}
        title = str(snippet.get("title", ""))
        description = str(snippet.get("description", ""))
        if not title or len(title) > 100 or re.search("[<>]", title):
            return google_error(400, "invalidTitle", "The request metadata specifies an invalid video title.")
        if len(description.encode()) > 5000 or re.search("[<>]", description):
            return google_error(
                400, "invalidDescription", "The request metadata specifies an invalid video description."
            )
        if len(",".join(snippet.get("tags") or [])) > 500:
            return google_error(400, "invalidTags", "The request metadata specifies invalid video keywords.")
        if str(snippet.get("categoryId", "22")) not in CATEGORIES:
            return google_error(
                400, "invalidCategoryId", "The snippet.categoryId property specifies an invalid category ID."
            )
        if status.get("privacyStatus", "public") not in ("public", "unlisted", "private"):
            return google_error(400, "invalidVideoMetadata", "The request metadata is invalid.")
        return None

    async def _put_chunk(self, request: web.Request) -> web.Response:
        session = self.sessions.get(request.query.get("upload_id", ""))
        if session is None:
            return web.Response(status=404, text="Not Found")
        body = await request.read()
        content_range = request.headers.get("Content-Range", "")
        if content_range == f"bytes */{session.total}":
            return self._session_state(session)
        match = _RANGE.match(content_range)
        if match is None or int(match[3]) != session.total:
            return google_error(400, "badRequest", "Invalid Content-Range.", domain="global")
        start, end = int(match[1]), int(match[2])
        if start != len(session.received) or end - start + 1 != len(body):
            return google_error(400, "badRequest", "Chunk does not continue the upload.", domain="global")
        if end + 1 < session.total and len(body) % QUANTUM:
            return google_error(
                400, "badRequest", "Chunk size must be a multiple of 256 KiB.", domain="global"
            )
        session.received.extend(body)
        if len(session.received) == session.total:
            self._create_video(session)
        return self._session_state(session)

    def _session_state(self, session: Session) -> web.Response:
        if session.video_id:
            return web.json_response(self._resource(self.videos[session.video_id]), status=201)
        headers = {"Range": f"bytes=0-{len(session.received) - 1}"} if session.received else {}
        return web.Response(status=308, headers=headers)

    def _create_video(self, session: Session) -> None:
        snippet, status = session.metadata.get("snippet", {}), session.metadata.get("status", {})
        digest = hashlib.sha256(session.received).hexdigest()
        duplicate = any(v.digest == digest and v.channel == session.channel for v in self.videos.values())
        video = Video(
            id=f"vid{next(self._ids):08d}",
            channel=session.channel,
            title=str(snippet["title"]),
            description=str(snippet.get("description", "")),
            privacy=str(status.get("privacyStatus", "public")),
            tags=list(snippet.get("tags") or []),
            category=str(snippet.get("categoryId", "22")),
            digest=digest,
            published_at=datetime.now(UTC),
            duplicate=duplicate,
            statistics={"viewCount": 0, "likeCount": 0, "favoriteCount": 0, "commentCount": 0},
        )
        self.videos[video.id] = video
        session.video_id = video.id

    def _resource(self, video: Video) -> dict[str, Any]:
        return {
            "kind": "youtube#video",
            "id": video.id,
            "snippet": {
                "publishedAt": video.published_at.isoformat().replace("+00:00", "Z"),
                "channelId": video.channel,
                "title": video.title,
                "description": video.description,
                "tags": video.tags,
                "categoryId": video.category,
            },
            "status": {"uploadStatus": "uploaded", "privacyStatus": video.privacy},
        }
