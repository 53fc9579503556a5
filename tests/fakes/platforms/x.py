"""A fake X API v2 (api.x.com and the x.com authorization page), over real HTTP.

Paths and shapes follow X's documentation:
- OAuth 2.0 with PKCE, Basic client auth, rotating refresh tokens, revoke:
  https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token
- posts: https://docs.x.com/x-api/posts/create-post; lookups with public_metrics:
  https://developer.x.com/en/docs/x-api/metrics
- chunked media upload (initialize / append / finalize / STATUS) and alt text:
  https://docs.x.com/x-api/media/quickstart/media-upload-chunked
- errors (problem JSON) and rate-limit headers: https://docs.x.com/x-api/fundamentals/response-codes-and-errors,
  https://docs.x.com/fundamentals/rate-limits

The fake enforces what X enforces: PKCE, Basic auth on the token endpoints, one-time refresh tokens,
scopes, chunk order and sizes, processing before a video can be posted, duplicate text, the
15-minute and 24-hour posting windows (429 with their epoch resets). Videos and GIFs finish
processing after `processing_polls` STATUS reads, or fail when `fail_processing` is set.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from twitter_text import parse_tweet

from tests.fakes.platforms.base import FakePlatform, read_multipart

PROBLEM = "https://api.twitter.com/2/problems/"
DUPLICATE = "You are not allowed to create a Tweet with duplicate content."
LIMITS = {"tweet_image": 5 * 1024 * 1024, "tweet_gif": 15 * 1024 * 1024, "tweet_video": 512 * 1024 * 1024}
KEY_PREFIX = {"tweet_image": "3", "tweet_gif": "16", "tweet_video": "7"}
MAGIC = {"tweet_image": (b"\xff\xd8", b"\x89PNG", b"RIFF", b"GIF8"), "tweet_gif": (b"GIF8",)}
MAX_CHUNK = 5 * 1024 * 1024
_URL = re.compile(r"https?://\S+")


_ERRORS: dict[int, type[web.HTTPException]] = {
    400: web.HTTPBadRequest,
    401: web.HTTPUnauthorized,
    403: web.HTTPForbidden,
    429: web.HTTPTooManyRequests,
}


def problem(
    status: int,
    title: str,
    detail: str,
    kind: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> web.HTTPException:
    body = {"title": title, "detail": detail, "type": kind, "status": status, **extra}
    return _ERRORS[status](text=json.dumps(body), content_type="application/json", headers=headers)


def invalid(message: str) -> web.HTTPException:
    return problem(
        400,
        "Invalid Request",
        "One or more parameters to your request was invalid.",
        PROBLEM + "invalid-request",
        errors=[{"message": message}],
    )


def iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass
class Upload:
    id: str
    owner: str
    media_type: str
    category: str
    total_bytes: int
    data: bytearray = field(default_factory=bytearray)
    next_segment: int = 0
    finalized: bool = False
    polls: int = 0
    alt_text: str = ""

    @property
    def key(self) -> str:
        return f"{KEY_PREFIX[self.category]}_{self.id}"


@dataclass
class Tweet:
    id: str
    author: str
    text: str
    created_at: float
    media_ids: list[str] = field(default_factory=list)
    reply_to: str | None = None
    metrics: dict[str, int] = field(default_factory=dict)


class FakeX(FakePlatform):
    name = "x"

    def __init__(self, *, processing_polls: int = 2) -> None:
        super().__init__()
        self.users: dict[str, dict[str, Any]] = {
            "1500000000000000001": {
                "id": "1500000000000000001",
                "username": "clickkloudy",
                "name": "clickKloudy",
                "profile_image_url": "https://pbs.twimg.com/profile_images/1/avatar_normal.jpg",
                "public_metrics": {
                    "followers_count": 1234,
                    "following_count": 56,
                    "tweet_count": 789,
                    "listed_count": 10,
                    "like_count": 4321,
                },
            }
        }
        self.user_id = "1500000000000000001"
        self.scopes: dict[str, set[str]] = {}  # access or refresh token → granted scopes
        self.uploads: dict[str, Upload] = {}
        self.tweets: dict[str, Tweet] = {}
        self.processing_polls = processing_polls
        self.fail_processing = False
        self.window_remaining = 100  # posts per 15 minutes per user
        self.daily_remaining = 2400  # the user's 24-hour posting limit
        self.window_reset = int(time.time()) + 900
        self.daily_reset = int(time.time()) + 86400
        self._ids = itertools.count(1800000000000000000)

    @property
    def posts(self) -> list[Tweet]:
        return sorted(self.tweets.values(), key=lambda t: int(t.id))

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/i/oauth2/authorize", self._authorize)
        app.router.add_post("/2/oauth2/token", self._token)
        app.router.add_post("/2/oauth2/revoke", self._revoke)
        app.router.add_get("/2/users/me", self._me)
        app.router.add_get("/2/users/{id}/tweets", self._timeline)
        app.router.add_post("/2/tweets", self._create_tweet)
        app.router.add_get("/2/tweets", self._lookup)
        app.router.add_post("/2/media/upload/initialize", self._initialize)
        app.router.add_post("/2/media/upload/{id}/append", self._append)
        app.router.add_post("/2/media/upload/{id}/finalize", self._finalize)
        app.router.add_get("/2/media/upload", self._status)
        app.router.add_post("/2/media/metadata", self._metadata)

    # --- OAuth 2.0 -------------------------------------------------------------------------------

    async def _authorize(self, request: web.Request) -> web.Response:
        if not request.query.get("code_challenge"):  # X requires PKCE
            return web.json_response(
                {"error": "invalid_request", "error_description": "PKCE required"}, status=400
            )
        return self.authorize(request)

    def _client(self, request: web.Request) -> str:
        """Confidential clients authenticate with HTTP Basic on the token endpoints."""
        header = request.headers.get("Authorization", "")
        try:
            client_id, secret = base64.b64decode(header.removeprefix("Basic ")).decode().split(":", 1)
        except ValueError:
            client_id, secret = "", ""
        if not header.startswith("Basic ") or self.clients.get(client_id) != secret:
            raise web.HTTPUnauthorized(
                text=json.dumps(
                    {
                        "error": "unauthorized_client",
                        "error_description": "Missing valid authorization header",
                    }
                ),
                content_type="application/json",
            )
        return client_id

    def grant(self, user: str, scopes: set[str]) -> dict[str, Any]:
        body = self.issue_tokens(user, refresh="offline.access" in scopes)
        body["scope"] = " ".join(sorted(scopes))
        for key in ("access_token", "refresh_token"):
            if key in body:
                self.scopes[body[key]] = scopes
        return body

    async def _token(self, request: web.Request) -> web.Response:
        client_id = self._client(request)
        form = dict(await request.post())
        if form.get("grant_type") == "authorization_code":
            issued = self.codes.get(str(form.get("code", "")))
            scopes = set(issued.scope.split()) if issued else set()
            form_str = {k: str(v) for k, v in form.items()}
            if (
                self.redeem_code(form_str, client_id=client_id, client_secret=self.clients[client_id])
                is not None
            ):
                return web.json_response(
                    {
                        "error": "invalid_request",
                        "error_description": "Value passed for the authorization code was invalid.",
                    },
                    status=400,
                )
            return web.json_response(self.grant(self.user_id, scopes))
        if form.get("grant_type") == "refresh_token":
            token = str(form.get("refresh_token", ""))
            user = self.refresh_tokens.pop(token, None)  # one use only: X rotates refresh tokens
            if user is None:
                return web.json_response(
                    {
                        "error": "invalid_request",
                        "error_description": "Value passed for the token was invalid.",
                    },
                    status=400,
                )
            return web.json_response(self.grant(user, self.scopes.pop(token, set())))
        return web.json_response({"error": "unsupported_grant_type"}, status=400)

    async def _revoke(self, request: web.Request) -> web.Response:
        self._client(request)
        token = str((await request.post()).get("token", ""))
        self.access_tokens.pop(token, None)
        self.refresh_tokens.pop(token, None)
        self.scopes.pop(token, None)
        return web.json_response({"revoked": True})

    def _user(self, request: web.Request, *scopes: str) -> str:
        state, user = self.token_state(request)
        if state != "ok" or user is None:
            raise problem(401, "Unauthorized", "Unauthorized")
        token = request.headers["Authorization"][7:]
        if not set(scopes) <= self.scopes.get(token, set()):
            raise problem(403, "Forbidden", "You are not permitted to perform this action.")
        return user

    # --- users and posts -------------------------------------------------------------------------

    def _fields(self, user: dict[str, Any], wanted: str) -> dict[str, Any]:
        data = {key: user[key] for key in ("id", "name", "username")}
        for name in filter(None, wanted.split(",")):
            if name in user:
                data[name] = user[name]
        return data

    async def _me(self, request: web.Request) -> web.Response:
        user = self._user(request, "users.read")
        return web.json_response(
            {"data": self._fields(self.users[user], request.query.get("user.fields", ""))}
        )

    def _rate_headers(self) -> dict[str, str]:
        return {
            "x-rate-limit-limit": "100",
            "x-rate-limit-remaining": str(self.window_remaining),
            "x-rate-limit-reset": str(self.window_reset),
            "x-user-limit-24hour-limit": "2400",
            "x-user-limit-24hour-remaining": str(self.daily_remaining),
            "x-user-limit-24hour-reset": str(self.daily_reset),
        }

    def _shown(self, tweet: Tweet) -> str:
        """Text as X returns it: &<> escaped, links wrapped in t.co, a link to the media appended."""
        text = _URL.sub(
            lambda m: "https://t.co/" + hashlib.sha1(m.group().encode()).hexdigest()[:10], tweet.text
        )
        text = html.escape(text, quote=False)
        if tweet.media_ids:
            text = f"{text} https://t.co/{tweet.id[-10:]}".strip()
        return text

    def _view(self, tweet: Tweet, fields: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": tweet.id,
            "text": self._shown(tweet),
            "edit_history_tweet_ids": [tweet.id],
        }
        if "created_at" in fields:
            data["created_at"] = iso(tweet.created_at)
        if "public_metrics" in fields:
            data["public_metrics"] = {
                name: tweet.metrics.get(name, 0)
                for name in (
                    "retweet_count",
                    "reply_count",
                    "like_count",
                    "quote_count",
                    "bookmark_count",
                    "impression_count",
                )
            }
        return data

    async def _create_tweet(self, request: web.Request) -> web.Response:
        user = self._user(request, "tweet.write")
        if self.window_remaining <= 0 or self.daily_remaining <= 0:
            raise problem(429, "Too Many Requests", "Too Many Requests", headers=self._rate_headers())
        body = await request.json()
        text = body.get("text", "")
        media_ids = [str(m) for m in (body.get("media") or {}).get("media_ids", [])]
        if not isinstance(text, str) or (not text and not media_ids):
            raise invalid("Tweet text or media is required.")
        if parse_tweet(text).weightedLength > 280:
            raise invalid("Tweet text is too long.")
        self._check_media(user, media_ids)
        reply_to = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        if reply_to is not None and str(reply_to) not in self.tweets:
            raise invalid("The Tweet you are replying to does not exist.")
        if any(t.author == user and t.text == text and text for t in self.tweets.values()):
            raise problem(403, "Forbidden", DUPLICATE)
        tweet = Tweet(
            str(next(self._ids)), user, text, time.time(), media_ids, str(reply_to) if reply_to else None
        )
        self.tweets[tweet.id] = tweet
        self.window_remaining -= 1
        self.daily_remaining -= 1
        return web.json_response(
            {"data": {"id": tweet.id, "text": self._shown(tweet), "edit_history_tweet_ids": [tweet.id]}},
            status=201,
            headers=self._rate_headers(),
        )

    def _check_media(self, user: str, media_ids: list[str]) -> None:
        uploads = [self.uploads.get(media_id) for media_id in media_ids]
        for upload in uploads:
            if (
                upload is None
                or upload.owner != user
                or not upload.finalized
                or self._state(upload) != "succeeded"
            ):
                raise invalid("Your media IDs are invalid.")
        categories = [u.category for u in uploads if u is not None]
        if len(categories) > 4 or (len(categories) > 1 and {"tweet_gif", "tweet_video"} & set(categories)):
            raise invalid("Your media IDs are invalid.")

    async def _lookup(self, request: web.Request) -> web.Response:
        self._user(request, "tweet.read")
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 100:
            raise invalid("The `ids` query parameter value must be between 1 and 100 ids.")
        fields = request.query.get("tweet.fields", "")
        found = [self._view(self.tweets[i], fields) for i in ids if i in self.tweets]
        missing = [
            {
                "value": i,
                "detail": f"Could not find tweet with ids: [{i}].",
                "title": "Not Found Error",
                "resource_type": "tweet",
                "parameter": "ids",
                "resource_id": i,
                "type": PROBLEM + "resource-not-found",
            }
            for i in ids
            if i not in self.tweets
        ]
        body: dict[str, Any] = {"data": found} if found else {}
        if missing:
            body["errors"] = missing
        return web.json_response(body)

    async def _timeline(self, request: web.Request) -> web.Response:
        self._user(request, "tweet.read", "users.read")
        query = request.query
        max_results = int(query.get("max_results", "10"))
        if not 5 <= max_results <= 100:
            raise invalid("The `max_results` query parameter value must be between 5 and 100.")
        start = query.get("start_time")
        since = datetime.fromisoformat(start.replace("Z", "+00:00")).timestamp() if start else 0.0
        exclude = set(query.get("exclude", "").split(","))
        found = [
            t
            for t in sorted(self.tweets.values(), key=lambda t: int(t.id), reverse=True)
            if t.author == request.match_info["id"]
            and t.created_at >= since
            and not ("replies" in exclude and t.reply_to)
        ][:max_results]
        fields = query.get("tweet.fields", "")
        meta: dict[str, Any] = {"result_count": len(found)}
        if not found:
            return web.json_response({"meta": meta})
        meta.update(newest_id=found[0].id, oldest_id=found[-1].id)
        return web.json_response({"data": [self._view(t, fields) for t in found], "meta": meta})

    # --- media -----------------------------------------------------------------------------------

    def _upload(self, request: web.Request, user: str) -> Upload:
        upload = self.uploads.get(request.match_info.get("id") or request.query.get("media_id", ""))
        if upload is None or upload.owner != user:
            raise invalid("The media_id was not found.")
        return upload

    def _state(self, upload: Upload) -> str:
        if upload.category == "tweet_image":
            return "succeeded"
        if upload.polls < self.processing_polls:
            return "pending" if upload.polls == 0 else "in_progress"
        return "failed" if self.fail_processing else "succeeded"

    def _info(self, upload: Upload) -> dict[str, Any]:
        state = self._state(upload)
        info: dict[str, Any] = {"state": state}
        if state in ("pending", "in_progress"):
            info.update(
                check_after_secs=1, progress_percent=100 * upload.polls // max(1, self.processing_polls)
            )
        if state == "failed":
            info["error"] = {"code": 1, "name": "InvalidMedia", "message": "Unsupported video format"}
        return info

    async def _initialize(self, request: web.Request) -> web.Response:
        user = self._user(request, "media.write")
        body = await request.json()
        category, media_type, total = (
            body.get("media_category"),
            body.get("media_type", ""),
            body.get("total_bytes"),
        )
        if category not in LIMITS or not isinstance(total, int) or total <= 0:
            raise invalid("media_category, media_type and total_bytes are required.")
        expected = (
            "video/" if category == "tweet_video" else ("image/gif" if category == "tweet_gif" else "image/")
        )
        if not str(media_type).startswith(expected):
            raise invalid(f"media_type {media_type} does not match media_category {category}.")
        if total > LIMITS[category]:
            raise invalid(f"File size exceeds {LIMITS[category]} bytes.")
        upload = Upload(str(next(self._ids)), user, str(media_type), str(category), total)
        self.uploads[upload.id] = upload
        return web.json_response(
            {"data": {"id": upload.id, "media_key": upload.key, "expires_after_secs": 86400}}
        )

    async def _append(self, request: web.Request) -> web.Response:
        upload = self._upload(request, self._user(request, "media.write"))
        form = {part.name: part.data for part in await read_multipart(request)}
        chunk = form.get("media")
        segment = form.get("segment_index", b"").decode()
        if upload.finalized or not segment.isdigit() or chunk is None:
            raise invalid("segment_index and media are required before FINALIZE.")
        if int(segment) != upload.next_segment:
            raise invalid(f"Segment {segment} is out of order; expected {upload.next_segment}.")
        if len(chunk) > MAX_CHUNK or len(upload.data) + len(chunk) > upload.total_bytes:
            raise invalid("Segment too large.")
        upload.data.extend(chunk)
        upload.next_segment += 1
        return web.json_response({"data": {"expires_at": int(time.time()) + 86400}})

    async def _finalize(self, request: web.Request) -> web.Response:
        upload = self._upload(request, self._user(request, "media.write"))
        if len(upload.data) != upload.total_bytes:
            raise invalid("Segments do not add up to provided total file size.")
        magic = MAGIC.get(upload.category)
        looks_right = (
            bytes(upload.data[4:8]) == b"ftyp" if magic is None else bytes(upload.data).startswith(magic)
        )
        if not looks_right:
            raise invalid("Invalid or unsupported media.")
        upload.finalized = True
        data: dict[str, Any] = {
            "id": upload.id,
            "media_key": upload.key,
            "size": upload.total_bytes,
            "expires_after_secs": 86400,
        }
        if upload.category != "tweet_image":
            data["processing_info"] = self._info(upload)
        return web.json_response({"data": data})

    async def _status(self, request: web.Request) -> web.Response:
        upload = self._upload(request, self._user(request, "media.write"))
        if request.query.get("command") != "STATUS" or not upload.finalized:
            raise invalid("command=STATUS is only valid for a finalized upload.")
        upload.polls += 1
        info = self._info(upload)
        return web.json_response(
            {"data": {"id": upload.id, "media_key": upload.key, "processing_info": info}}
        )

    async def _metadata(self, request: web.Request) -> web.Response:
        user = self._user(request, "media.write")
        body = await request.json()
        upload = self.uploads.get(str(body.get("id", "")))
        text = ((body.get("metadata") or {}).get("alt_text") or {}).get("text", "")
        if upload is None or upload.owner != user:
            raise invalid("The media id was not found.")
        if not text or len(text) > 1000:
            raise invalid("alt_text.text must be 1 to 1000 characters.")
        upload.alt_text = text
        return web.json_response(
            {"data": {"id": upload.id, "associated_metadata": {"alt_text": {"text": text}}}}
        )
