"""A fake Graph API (graph.facebook.com, graph-video.facebook.com, the www.facebook.com login dialog)
with Facebook Pages on it, over real HTTP.

`FakeGraph` is what every Meta host shares: the Facebook Login dialog and token endpoint
(https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow, PKCE per
https://developers.facebook.com/documentation/facebook-login/guides/advanced/oidc-token, long-lived
tokens per https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived),
Bearer tokens, the error envelope and its 190 subcodes
(https://developers.facebook.com/docs/graph-api/guides/error-handling), permission revocation, and
field selection. `FakeFacebook` adds Pages: /me/accounts with Page tokens, /feed, /photos, /videos
(processed over a few status reads), /posts, and insights
(https://developers.facebook.com/docs/pages-api/posts, .../graph-api/reference/page/photos/,
.../video-api/guides/publishing, .../graph-api/reference/insights).

The fake fetches media from the URLs it is given, as Meta does, and checks what it gets.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
from aiohttp import web
from PIL import Image

from tests.fakes.platforms.base import FakePlatform

SHORT_LIVED, LONG_LIVED = 3600, 5183944
Route = tuple[str, re.Pattern[str], Callable[..., Awaitable[web.Response]]]


def graph_error(
    status: int, message: str, code: int, subcode: int | None = None, headers: dict[str, str] | None = None
) -> web.Response:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AFake",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return web.json_response({"error": error}, status=status, headers=headers)


def graph_time(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def select(node: dict[str, Any], fields: str) -> dict[str, Any]:
    """Graph returns the requested fields (and the id) only."""
    wanted = [f.split("{")[0].strip() for f in fields.split(",") if f.strip()] if fields else list(node)
    return {"id": node["id"], **{name: node[name] for name in wanted if name in node}}


def image_info(data: bytes) -> tuple[str, int, int] | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return str(image.format), image.width, image.height
    except Exception:  # anything unreadable is "not an image"
        return None


def is_mp4(data: bytes) -> bool:
    return data[4:8] == b"ftyp"


@dataclass
class Login:
    """The person who logs in at the dialog, and who owns Pages."""

    id: str = "10001"
    name: str = "Pat Publisher"


class FakeGraph(FakePlatform):
    """Meta's shared machinery. Subclasses list `routes()` as (method, path regex, handler)."""

    name = "graph"

    def __init__(self) -> None:
        super().__init__()
        self.person = Login()
        self.ids = itertools.count(17000000000001)
        self.revoked_users: set[str] = set()

    def new_id(self) -> str:
        return str(next(self.ids))

    def routes(self) -> list[Route]:
        return []

    def add_routes(self, app: web.Application) -> None:
        table = self.routes()

        async def dialog(request: web.Request) -> web.Response:
            return self.authorize(request)

        async def graph(request: web.Request) -> web.Response:
            path = request.match_info["path"].strip("/")
            if request.method == "GET" and path == "oauth/access_token":
                return await self.token(request)
            if request.method == "DELETE" and path.endswith("/permissions"):
                return self.revoke(request, path.split("/")[0])
            for method, pattern, handler in table:
                match = pattern.fullmatch(path)
                if match and method == request.method:
                    form = dict(await request.post()) if request.method == "POST" else {}
                    return await handler(request, {**request.query, **form}, *match.groups())
            return graph_error(400, f"Unsupported {request.method} request to {path}.", 100, 33)

        app.router.add_get(r"/{version:v\d+\.\d+}/dialog/oauth", dialog)
        app.router.add_route("*", r"/{version:v\d+\.\d+}/{path:.*}", graph)

    # --- tokens -------------------------------------------------------------------------------

    async def token(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        client_id = query.get("client_id", "")
        if self.clients.get(client_id) != query.get("client_secret"):
            return graph_error(400, "Error validating client secret.", 1, 404)
        if query.get("grant_type") == "fb_exchange_token":
            found = self.access_tokens.get(query.get("fb_exchange_token", ""))
            if found is None or found["expires_at"] < time.time():
                return graph_error(400, "Error validating access token: Session has expired.", 190, 463)
            return web.json_response(self.issue_tokens(found["user"], lifetime=LONG_LIVED, refresh=False))
        error = self.redeem_code(
            query, client_id=client_id, client_secret=query["client_secret"], require_pkce=False
        )
        if error:
            return graph_error(400, "Error validating verification code.", 100, 36008)
        return web.json_response(self.issue_tokens(self.person.id, lifetime=SHORT_LIVED, refresh=False))

    def bearer(self, request: web.Request) -> str:
        header = request.headers.get("Authorization", "")
        return header[7:] if header.lower().startswith("bearer ") else ""

    def caller(self, request: web.Request) -> tuple[str | None, web.Response | None]:
        """(principal, None) for a valid token, else (None, the 190 error Meta sends)."""
        state, principal = self.token_state(request)
        if state == "expired":
            return None, graph_error(400, "Error validating access token: Session has expired.", 190, 463)
        if state == "invalid" or principal is None:
            return None, graph_error(400, "Invalid OAuth access token - Cannot parse access token", 190)
        return principal, None

    def expire(self, token: str) -> None:
        self.access_tokens[token]["expires_at"] = 0

    def revoke(self, request: web.Request, user: str) -> web.Response:
        principal, failure = self.caller(request)
        if failure is not None or principal is None:
            return failure  # type: ignore[return-value]
        user = principal if user == "me" else user
        if principal != user:
            return graph_error(400, "(#200) Cannot revoke permissions of another user", 200)
        self.revoked_users.add(user)
        for token, found in list(self.access_tokens.items()):
            if found["user"] == user or found.get("via") == user:
                del self.access_tokens[token]
        return web.json_response({"success": True})

    async def fetch(self, url: str) -> bytes | None:
        """Download media the way Meta's servers do: from the public URL, or fail."""
        try:
            async with aiohttp.ClientSession() as session, session.get(url) as response:
                return await response.read() if response.status == 200 else None
        except aiohttp.ClientError:
            return None


@dataclass
class Page:
    id: str
    name: str
    username: str
    tasks: list[str]
    followers: int = 1200
    token: str = ""


@dataclass
class Post:
    id: str
    page: str
    message: str
    created: float = field(default_factory=time.time)
    link: str = ""
    photos: list[str] = field(default_factory=list)
    video: str = ""
    ready: bool = True
    insights: dict[str, Any] = field(default_factory=dict)

    def node(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "message": self.message,
            "created_time": graph_time(self.created),
            "permalink_url": f"https://www.facebook.com/{self.page}/posts/{self.id.split('_')[1]}",
        }


@dataclass
class Video:
    id: str
    page: str
    description: str
    post_id: str
    valid: bool
    reads: int = 0


class FakeFacebook(FakeGraph):
    name = "facebook"

    def __init__(self) -> None:
        super().__init__()
        self.pages = {
            "200001": Page(
                "200001", "Corner Bakery", "cornerbakery", ["ADVERTISE", "ANALYZE", "CREATE_CONTENT"]
            ),
            "200002": Page("200002", "Read Only Fans", "readonly", ["ANALYZE"]),
        }
        self.posts: dict[str, Post] = {}
        self.photos: dict[str, dict[str, Any]] = {}
        self.videos: dict[str, Video] = {}
        self.video_reads_needed = 2  # status reads before a video is ready

    def routes(self) -> list[Route]:
        node, edge = r"([\w.]+)", r"([\w.]+)/"
        return [
            ("GET", re.compile(r"me"), self.get_me),
            ("GET", re.compile(r"me/accounts"), self.get_accounts),
            ("POST", re.compile(edge + "feed"), self.post_feed),
            ("POST", re.compile(edge + "photos"), self.post_photo),
            ("POST", re.compile(edge + "videos"), self.post_video),
            ("GET", re.compile(edge + "posts"), self.get_posts),
            ("GET", re.compile(edge + "insights"), self.get_insights),
            ("GET", re.compile(node), self.get_node),
        ]

    # --- people and pages -----------------------------------------------------------------------

    def page_token(self, page: Page) -> str:
        found = self.access_tokens.get(page.token)
        if found is None or found["expires_at"] < time.time():
            page.token = "EAAPage" + secrets.token_urlsafe(12)
            self.access_tokens[page.token] = {
                "user": f"page:{page.id}",
                "expires_at": time.time() + 10**9,
                "via": self.person.id,
            }
        return page.token

    def page_of(self, request: web.Request, page_id: str) -> tuple[Page | None, web.Response | None]:
        principal, failure = self.caller(request)
        if failure is not None:
            return None, failure
        page = self.pages.get(page_id)
        if page is None:
            return None, graph_error(
                400, f"(#803) Some of the aliases you requested do not exist: {page_id}", 803
            )
        if principal != f"page:{page_id}":
            return None, graph_error(
                403,
                "(#200) Publishing to a Page requires that Page's access token with pages_manage_posts.",
                200,
            )
        return page, None

    async def get_me(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        principal, failure = self.caller(request)
        if failure is not None:
            return failure
        return web.json_response(
            select({"id": principal, "name": self.person.name}, params.get("fields", ""))
        )

    async def get_accounts(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        principal, failure = self.caller(request)
        if failure is not None:
            return failure
        if principal != self.person.id:
            return graph_error(400, "(#100) Tried accessing nonexisting field (accounts)", 100)
        data = [
            select(
                {
                    "id": page.id,
                    "name": page.name,
                    "username": page.username,
                    "link": f"https://www.facebook.com/{page.username}",
                    "tasks": page.tasks,
                    "access_token": self.page_token(page),
                    "picture": {"data": {"url": f"https://scontent.example/{page.id}.jpg"}},
                },
                params.get("fields", ""),
            )
            for page in self.pages.values()
        ]
        return web.json_response({"data": data, "paging": {"cursors": {"before": "MA", "after": "MQ"}}})

    # --- publishing -------------------------------------------------------------------------------

    def add_post(self, page: Page, message: str, **more: Any) -> Post:
        post = Post(f"{page.id}_{self.new_id()}", page.id, message, **more)
        self.posts[post.id] = post
        return post

    def duplicate(self, page: Page, message: str) -> bool:
        mine = [p for p in self.posts.values() if p.page == page.id]
        return bool(message) and bool(mine) and max(mine, key=lambda p: p.created).message == message

    async def post_feed(self, request: web.Request, params: dict[str, Any], page_id: str) -> web.Response:
        page, failure = self.page_of(request, page_id)
        if failure is not None or page is None:
            return failure  # type: ignore[return-value]
        message, link = str(params.get("message", "")), str(params.get("link", ""))
        attached = [
            json.loads(v)["media_fbid"] for k, v in sorted(params.items()) if k.startswith("attached_media[")
        ]
        if not message and not link and not attached:
            return graph_error(400, "(#100) Missing message or attachment", 100)
        for photo_id in attached:
            photo = self.photos.get(photo_id)
            if photo is None or photo["page"] != page.id or photo["published"] or photo["attached"]:
                return graph_error(400, f"(#100) Invalid media_fbid {photo_id}", 100)
        if self.duplicate(page, message):
            return graph_error(400, "(#506) Duplicate status message", 506)
        for photo_id in attached:
            self.photos[photo_id]["attached"] = True
        post = self.add_post(page, message, link=link, photos=attached)
        return web.json_response({"id": post.id})

    async def post_photo(self, request: web.Request, params: dict[str, Any], page_id: str) -> web.Response:
        page, failure = self.page_of(request, page_id)
        if failure is not None or page is None:
            return failure  # type: ignore[return-value]
        data = await self.fetch(str(params.get("url", "")))
        if data is None or image_info(data) is None:
            return graph_error(400, "(#324) Missing or invalid image file", 324)
        if len(data) > 10 * 1024 * 1024:
            return graph_error(400, "(#100) Photo is too large", 100)
        photo_id = self.new_id()
        published = str(params.get("published", "true")).lower() != "false"
        self.photos[photo_id] = {"page": page.id, "published": published, "attached": False}
        if not published:
            return web.json_response({"id": photo_id})
        post = self.add_post(page, str(params.get("message", "")), photos=[photo_id])
        return web.json_response({"id": photo_id, "post_id": post.id})

    async def post_video(self, request: web.Request, params: dict[str, Any], page_id: str) -> web.Response:
        page, failure = self.page_of(request, page_id)
        if failure is not None or page is None:
            return failure  # type: ignore[return-value]
        data = await self.fetch(str(params.get("file_url", "")))
        if data is None:
            return graph_error(400, "(#100) Could not download the video from file_url", 100, 1363030)
        video_id = self.new_id()
        post = self.add_post(page, str(params.get("description", "")), video=video_id, ready=False)
        self.videos[video_id] = Video(video_id, page.id, post.message, post.id, is_mp4(data))
        return web.json_response({"id": video_id})

    # --- reading ----------------------------------------------------------------------------------

    async def get_node(self, request: web.Request, params: dict[str, Any], node_id: str) -> web.Response:
        principal, failure = self.caller(request)
        if failure is not None:
            return failure
        fields = str(params.get("fields", ""))
        if node_id in self.pages:
            page = self.pages[node_id]
            if principal == self.person.id and "access_token" in fields:
                return web.json_response({"id": page.id, "access_token": self.page_token(page)})
            return web.json_response(
                select({"id": page.id, "name": page.name, "followers_count": page.followers}, fields)
            )
        if node_id in self.videos:
            return web.json_response(select(self.video_node(self.videos[node_id]), fields))
        if node_id in self.posts:
            return web.json_response(select(self.posts[node_id].node(), fields))
        return graph_error(400, f"(#100) Object with ID '{node_id}' does not exist", 100, 33)

    def video_node(self, video: Video) -> dict[str, Any]:
        video.reads += 1
        post = self.posts[video.post_id]
        if not video.valid:
            status = {
                "video_status": "error",
                "processing_phase": {
                    "status": "error",
                    "errors": [
                        {"code": 1363023, "message": "The video file you tried to upload is not supported."}
                    ],
                },
            }
        elif video.reads > self.video_reads_needed:
            post.ready = True
            status = {"video_status": "ready", "processing_phase": {"status": "complete"}}
        else:
            status = {"video_status": "processing", "processing_phase": {"status": "in_progress"}}
        return {
            "id": video.id,
            "status": status,
            "permalink_url": f"/{video.page}/videos/{video.id}/",
            "post_id": post.id,
            "description": video.description,
        }

    async def get_posts(self, request: web.Request, params: dict[str, Any], page_id: str) -> web.Response:
        _principal, failure = self.caller(request)
        if failure is not None:
            return failure
        since = float(params.get("since", 0))
        found = sorted(
            (p for p in self.posts.values() if p.page == page_id and p.ready and p.created >= since),
            key=lambda p: -p.created,
        )[: int(params.get("limit", 25))]
        return web.json_response({"data": [select(p.node(), str(params.get("fields", ""))) for p in found]})

    POST_METRICS = {
        "post_media_view",
        "post_total_media_view_unique",
        "post_reactions_by_type_total",
        "post_clicks",
    }
    PAGE_METRICS = {
        "page_media_view",
        "page_total_media_view_unique",
        "page_post_engagements",
        "page_daily_follows",
        "page_follows",
    }

    async def get_insights(self, request: web.Request, params: dict[str, Any], node_id: str) -> web.Response:
        _principal, failure = self.caller(request)
        if failure is not None:
            return failure
        names = [m for m in str(params.get("metric", "")).split(",") if m]
        known = self.PAGE_METRICS if node_id in self.pages else self.POST_METRICS
        if not names or any(name not in known for name in names):
            return graph_error(400, "(#100) The value must be a valid insights metric", 100, 2108006)
        if node_id in self.pages:
            data = [
                {
                    "name": n,
                    "period": "day",
                    "values": [
                        {"value": 5, "end_time": "2026-11-23T08:00:00+0000"},
                        {"value": self.page_metric(n), "end_time": graph_time(time.time())},
                    ],
                }
                for n in names
            ]
            return web.json_response({"data": data})
        post = self.posts.get(node_id)
        if post is None:
            return graph_error(400, f"(#100) Object with ID '{node_id}' does not exist", 100, 33)
        return web.json_response(
            {
                "data": [
                    {"name": n, "period": "lifetime", "values": [{"value": post.insights.get(n, 0)}]}
                    for n in names
                ]
            }
        )

    def page_metric(self, name: str) -> int:
        return {
            "page_media_view": 900,
            "page_total_media_view_unique": 640,
            "page_post_engagements": 77,
            "page_daily_follows": 9,
        }.get(name, 0)
