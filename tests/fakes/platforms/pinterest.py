"""A fake Pinterest (API v5): OAuth with HTTP Basic and rotating refresh tokens, boards, Pins whose
images it really fetches from the given URLs, the S3-style video upload form, media processing that
advances with polls, Pin analytics and the `{code, message}` error bodies."""

from __future__ import annotations

import base64
import time
from datetime import UTC, date, datetime, timedelta
from email.parser import BytesParser
from email.policy import default
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.platforms.base import FakePlatform

UNAUTHORIZED = {"code": 2, "message": "Authentication failed."}
UPLOAD_PATH = "/pinterest-media-upload/"


def parse_form(content_type: str, body: bytes) -> tuple[dict[str, str], bytes | None]:
    """The fields before `file`, in order, and the file: S3 ignores anything after the file."""
    message = BytesParser(policy=default).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if name == "file":
            return fields, payload if isinstance(payload, bytes) else None
        fields[str(name)] = payload.decode() if isinstance(payload, bytes) else ""
    return fields, None


def refused(status: int, message: str, code: int | None = None) -> web.Response:
    return web.json_response({"code": status if code is None else code, "message": message}, status=status)


class FakePinterest(FakePlatform):
    name = "pinterest"

    def __init__(self) -> None:
        super().__init__()
        self.user: dict[str, Any] = {
            "account_type": "BUSINESS",
            "id": "549755885175",
            "username": "kloudyco",
            "business_name": "Kloudy Co",
            "profile_image": "https://i.pinimg.com/kloudy.jpg",
            "website_url": "https://kloudy.example",
            "follower_count": 321,
            "following_count": 12,
            "monthly_views": 4567,
            "board_count": 2,
        }
        self.boards = [
            {"id": "1111222233334444", "name": "Launches", "privacy": "PUBLIC"},
            {"id": "5555666677778888", "name": "Behind the scenes", "privacy": "PUBLIC"},
        ]
        self.pins: dict[str, dict[str, Any]] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.fetched: list[str] = []  # every URL Pinterest pulled an image from
        self.polls_until_succeeded = 2
        self.continuous_refresh_requested = False
        self._next = 1000

    def _id(self) -> str:
        self._next += 1
        return str(self._next)

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/oauth/", self.authorize_page)
        app.router.add_post("/v5/oauth/token", self.token)
        app.router.add_get("/v5/user_account", self.user_account)
        app.router.add_get("/v5/boards", self.list_boards)
        app.router.add_post("/v5/pins", self.create_pin)
        app.router.add_get("/v5/pins", self.list_pins)
        app.router.add_get("/v5/pins/{id}/analytics", self.analytics)
        app.router.add_post("/v5/media", self.register_media)
        app.router.add_get("/v5/media/{id}", self.media_status)
        app.router.add_post(UPLOAD_PATH, self.s3_upload)

    # --- OAuth -----------------------------------------------------------------------------------

    async def authorize_page(self, request: web.Request) -> web.Response:
        scopes = request.query.get("scope", "").split(",")
        if "pins:write" not in scopes or "boards:read" not in scopes:
            return web.json_response({"error": "invalid_scope"}, status=400)
        return self.authorize(request)

    def _basic(self, request: web.Request) -> tuple[str, str]:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return "", ""
        client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        return client_id, secret

    async def token(self, request: web.Request) -> web.Response:
        client_id, secret = self._basic(request)
        if not client_id or self.clients.get(client_id) != secret:
            return web.json_response(UNAUTHORIZED, status=401)
        form = {k: str(v) for k, v in (await request.post()).items()}
        if form.get("grant_type") == "authorization_code":
            if self.redeem_code(form, client_id=client_id, client_secret=secret, require_pkce=False):
                return refused(400, "Invalid authorization code", code=1)
            self.continuous_refresh_requested = form.get("continuous_refresh") == "true"
            return web.json_response(self._tokens("authorization_code"))
        if form.get("grant_type") == "refresh_token":
            # Continuous refresh: the old refresh token dies, a new one (60 days) comes back.
            if self.refresh_tokens.pop(form.get("refresh_token", ""), None) is None:
                return refused(400, "Invalid refresh token", code=1)
            return web.json_response(self._tokens("refresh_token"))
        return refused(400, "Unsupported grant_type", code=1)

    def _tokens(self, response_type: str) -> dict[str, Any]:
        body = self.issue_tokens(self.user["username"], lifetime=2592000)
        body.update(
            response_type=response_type,
            scope="boards:read,pins:read,pins:write,user_accounts:read",
            refresh_token_expires_in=5184000,
            refresh_token_expires_at=int(time.time()) + 5184000,
        )
        return body

    def _auth(self, request: web.Request) -> web.Response | None:
        state, _ = self.token_state(request)
        # Pinterest answers an expired token like any other bad one.
        return None if state == "ok" else web.json_response(UNAUTHORIZED, status=401)

    # --- account and boards ----------------------------------------------------------------------

    async def user_account(self, request: web.Request) -> web.Response:
        return self._auth(request) or web.json_response({**self.user, "pin_count": len(self.pins)})

    async def list_boards(self, request: web.Request) -> web.Response:
        return self._auth(request) or web.json_response({"items": self.boards, "bookmark": None})

    # --- pins ------------------------------------------------------------------------------------

    async def _fetch(self, url: str) -> bool:
        """Pinterest pulls images itself: the URL must answer with an image."""
        self.fetched.append(url)
        try:
            async with aiohttp.ClientSession() as session, session.get(url) as answer:
                await answer.read()
                return answer.status == 200 and answer.content_type.startswith("image/")
        except aiohttp.ClientError:
            return False

    async def create_pin(self, request: web.Request) -> web.Response:
        failure = self._auth(request)
        if failure:
            return failure
        body = await request.json()
        if body.get("board_id") not in {b["id"] for b in self.boards}:
            return refused(404, "Board or section not found")
        limits = {"title": 100, "description": 800, "alt_text": 500, "link": 2048}
        for field, limit in limits.items():
            if len(str(body.get(field) or "")) > limit:
                return refused(
                    400, f"Invalid Pin parameters response: {field} is longer than {limit}", code=1
                )
        media_type, problem = await self._media_problem(body.get("media_source") or {})
        if problem:
            return refused(400, problem, code=1)
        pin_id = self._id()
        pin = {
            "id": pin_id,
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "board_owner": {"username": self.user["username"]},
            "media": {"media_type": media_type},
            **{k: body.get(k) for k in ("board_id", "title", "description", "link", "alt_text")},
            "media_source": body["media_source"],
        }
        self.pins[pin_id] = pin
        return web.json_response({k: v for k, v in pin.items() if k != "media_source"}, status=201)

    async def _media_problem(self, source: dict[str, Any]) -> tuple[str, str | None]:
        kind = source.get("source_type")
        if kind == "image_url":
            ok = await self._fetch(str(source.get("url")))
            return "image", None if ok else "Sorry, we could not fetch the image."
        if kind == "multiple_image_urls":
            items = source.get("items") or []
            if not 2 <= len(items) <= 5:
                return "multiple_images", "A carousel Pin needs 2 to 5 images."
            fetched = [await self._fetch(str(item.get("url"))) for item in items]
            return "multiple_images", None if all(fetched) else "Sorry, we could not fetch an image."
        if kind == "video_id":
            return "video", await self._video_problem(source)
        return "unknown", "Unsupported media_source.source_type"

    async def _video_problem(self, source: dict[str, Any]) -> str | None:
        media = self.media.get(str(source.get("media_id")))
        if media is None or media["status"] != "succeeded":
            return "The video is not ready: wait for media status succeeded."
        if "cover_image_url" in source:
            ok = await self._fetch(str(source["cover_image_url"]))
            return None if ok else "Sorry, we could not fetch the cover image."
        return None if "cover_image_key_frame_time" in source else "A video Pin needs a cover image."

    async def list_pins(self, request: web.Request) -> web.Response:
        failure = self._auth(request)
        if failure:
            return failure
        size = int(request.query.get("page_size", 25))
        newest = list(reversed(self.pins.values()))[:size]
        return web.json_response(
            {"items": [{k: v for k, v in p.items() if k != "media_source"} for p in newest], "bookmark": None}
        )

    async def analytics(self, request: web.Request) -> web.Response:
        failure = self._auth(request)
        if failure:
            return failure
        pin = self.pins.get(request.match_info["id"])
        if pin is None:
            return refused(404, "Pin not found.")
        query = request.query
        start, end = date.fromisoformat(query["start_date"]), date.fromisoformat(query["end_date"])
        today = datetime.now(UTC).date()
        if end < start or start < today - timedelta(days=90) or end > today:
            return refused(400, "Invalid pins analytics parameters.")
        wanted = query.get("metric_types", "").split(",")
        seed = len(pin.get("description") or "")
        values = {
            "IMPRESSION": seed * 10,
            "PIN_CLICK": seed,
            "OUTBOUND_CLICK": 3,
            "SAVE": 2,
            "VIDEO_START": 7,
        }
        summary = {m: values[m] for m in wanted if m in values}
        daily = [{"date": today.isoformat(), "data_status": "READY", "metrics": summary}]
        return web.json_response(
            {"all": {"daily_metrics": daily, "summary_metrics": summary, "lifetime_metrics": summary}}
        )

    # --- video -----------------------------------------------------------------------------------

    async def register_media(self, request: web.Request) -> web.Response:
        failure = self._auth(request)
        if failure:
            return failure
        if (await request.json()).get("media_type") != "video":
            return refused(400, "media_type must be video", code=1)
        media_id = self._id()
        parameters = {
            "x-amz-date": "20260101T000000Z",
            "x-amz-signature": f"sig-{media_id}",
            "x-amz-security-token": f"sts-{media_id}",
            "x-amz-algorithm": "AWS4-HMAC-SHA256",
            "key": f"uploads/{media_id}/video.mp4",
            "policy": "eyJleHBpcmF0aW9uIjoi",
            "x-amz-credential": "AKIA/20260101/us-east-1/s3/aws4_request",
            "Content-Type": "multipart/form-data",
        }
        self.media[media_id] = {"parameters": parameters, "data": None, "status": "registered", "polls": 0}
        body = {
            "media_id": media_id,
            "media_type": "video",
            "upload_url": f"{self.base_url}{UPLOAD_PATH}",
            "upload_parameters": parameters,
        }
        return web.json_response(body, status=201)

    async def s3_upload(self, request: web.Request) -> web.Response:
        """S3 POST policy upload: the signed fields first, `file` last, no other credential."""
        if request.headers.get("Authorization"):
            return web.Response(status=400, text="<Error><Code>InvalidArgument</Code></Error>")
        fields, data = parse_form(request.headers.get("Content-Type", ""), await request.read())
        media = next((m for m in self.media.values() if m["parameters"]["key"] == fields.get("key")), None)
        if media is None or data is None or fields != media["parameters"]:
            return web.Response(status=403, text="<Error><Code>AccessDenied</Code></Error>")
        media["data"], media["status"] = data, "processing"
        return web.Response(status=204)

    async def media_status(self, request: web.Request) -> web.Response:
        failure = self._auth(request)
        if failure:
            return failure
        media_id = request.match_info["id"]
        media = self.media.get(media_id)
        if media is None:
            return refused(404, "Media not found.")
        if media["status"] == "processing":
            media["polls"] += 1
            if media["polls"] >= self.polls_until_succeeded:
                media["status"] = "succeeded"
        return web.json_response({"media_id": media_id, "media_type": "video", "status": media["status"]})
