"""A fake Instagram Graph API (Instagram API with Facebook Login on graph.facebook.com), over real HTTP.

Built on `FakeGraph` (login dialog, tokens, envelope). Paths and shapes follow Meta's docs:
- Pages with their linked account: GET /me/accounts?fields=instagram_business_account{...}
- containers: POST /{ig-user}/media (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media)
- status: GET /{container}?fields=status_code (.../reference/ig-container), IN_PROGRESS → FINISHED
- publish: POST /{ig-user}/media_publish (.../reference/ig-user/media_publish)
- quota: GET /{ig-user}/content_publishing_limit (.../reference/ig-user/content_publishing_limit)
- media list, permalink, insights (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights)
- error subcodes: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes/

Containers advance deterministically: an image container is FINISHED at once; a video container
after `video_reads_needed` status reads (a video that is not an MP4 ends in ERROR with 2207026).
Subclasses for another host (graph.instagram.com) reuse everything below the login.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.platforms.facebook import (
    FakeGraph,
    Route,
    graph_error,
    graph_time,
    image_info,
    is_mp4,
    select,
)

CAPTION_LIMIT, CAROUSEL_MAX = 2200, 10


@dataclass
class Account:
    id: str
    username: str
    page_id: str
    page_name: str
    followers: int = 4321


@dataclass
class Container:
    id: str
    owner: str
    media_type: str  # IMAGE | VIDEO | REELS | STORIES | CAROUSEL
    caption: str = ""
    carousel_item: bool = False
    children: list[str] = field(default_factory=list)
    reads: int = 0
    reads_needed: int = 0
    error: str = ""  # "ERROR: <subcode>" when the media was unusable
    published: str = ""
    created: float = field(default_factory=time.time)

    def status(self) -> str:
        if self.published:
            return "PUBLISHED"
        if time.time() - self.created > 24 * 3600:
            return "EXPIRED"
        if self.reads < self.reads_needed:
            return "IN_PROGRESS"
        return "ERROR" if self.error else "FINISHED"


@dataclass
class Media:
    id: str
    owner: str
    caption: str
    product: str  # FEED | REELS | STORY
    media_type: str
    created: float = field(default_factory=time.time)
    children: list[str] = field(default_factory=list)
    insights: dict[str, int] = field(default_factory=dict)

    def node(self) -> dict[str, Any]:
        path = {"REELS": "reel", "STORY": "stories/cornerbakery"}.get(self.product, "p")
        return {
            "id": self.id,
            "caption": self.caption,
            "media_type": self.media_type,
            "media_product_type": self.product,
            "timestamp": graph_time(self.created),
            "permalink": f"https://www.instagram.com/{path}/C{self.id[-6:]}/",
        }


class FakeInstagram(FakeGraph):
    name = "instagram"

    def __init__(self) -> None:
        super().__init__()
        self.accounts = {
            "17841400000000001": Account("17841400000000001", "cornerbakery", "200001", "Corner Bakery")
        }
        self.containers: dict[str, Container] = {}
        self.media: dict[str, Media] = {}
        self.quota_total = 100
        self.video_reads_needed = 2

    def routes(self) -> list[Route]:
        node, edge = r"([\w.]+)", r"([\w.]+)/"
        return [
            ("GET", re.compile(r"me"), self.get_me),
            ("GET", re.compile(r"me/accounts"), self.get_accounts),
            ("POST", re.compile(edge + "media"), self.post_media),
            ("POST", re.compile(edge + "media_publish"), self.post_publish),
            ("GET", re.compile(edge + "content_publishing_limit"), self.get_limit),
            ("GET", re.compile(edge + "media"), self.get_media),
            ("GET", re.compile(edge + "insights"), self.get_insights),
            ("GET", re.compile(node), self.get_node),
        ]

    def published_since(self, owner: str, since: float) -> list[Media]:
        return [m for m in self.media.values() if m.owner == owner and m.created > since]

    def account_of(self, request: web.Request, ig_id: str) -> tuple[Account | None, web.Response | None]:
        principal, failure = self.caller(request)
        if failure is not None:
            return None, failure
        account = self.accounts.get(ig_id)
        if account is None:
            return None, graph_error(400, f"(#100) Object with ID '{ig_id}' does not exist", 100, 33)
        if principal != self.person.id:
            return None, graph_error(
                403, "(#10) The user is not an Instagram Business user of this account", 10
            )
        return account, None

    # --- the person -------------------------------------------------------------------------------

    async def get_me(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        principal, failure = self.caller(request)
        if failure is not None:
            return failure
        return web.json_response(
            select({"id": principal, "name": self.person.name}, params.get("fields", ""))
        )

    async def get_accounts(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        _principal, failure = self.caller(request)
        if failure is not None:
            return failure
        pages: dict[str, dict[str, Any]] = {"200009": {"id": "200009", "name": "No Instagram Here"}}
        for account in self.accounts.values():
            pages[account.page_id] = {
                "id": account.page_id,
                "name": account.page_name,
                "instagram_business_account": {
                    "id": account.id,
                    "username": account.username,
                    "name": account.page_name,
                    "profile_picture_url": f"https://scontent.example/{account.id}.jpg",
                },
            }
        return web.json_response({"data": [select(p, params.get("fields", "")) for p in pages.values()]})

    # --- containers and publishing ----------------------------------------------------------------

    async def post_media(self, request: web.Request, params: dict[str, Any], ig_id: str) -> web.Response:
        account, failure = self.account_of(request, ig_id)
        if failure is not None or account is None:
            return failure  # type: ignore[return-value]
        caption = str(params.get("caption", ""))
        if len(caption) > CAPTION_LIMIT:
            return graph_error(400, "The caption is too long.", 100, 2207010)
        media_type = str(params.get("media_type", "IMAGE")).upper()
        item = str(params.get("is_carousel_item", "")).lower() == "true"
        container = Container(self.new_id(), account.id, media_type, caption, item)
        if media_type == "CAROUSEL":
            refused = self.check_children(container, params)
        elif "video_url" in params:
            refused = await self.check_video(container, params)
        elif "image_url" in params:
            refused = await self.check_image(container, params)
        else:
            refused = graph_error(400, "(#100) The parameter image_url or video_url is required.", 100)
        if refused is not None:
            return refused
        self.containers[container.id] = container
        return web.json_response({"id": container.id})

    def check_children(self, container: Container, params: dict[str, Any]) -> web.Response | None:
        children = [c for c in str(params.get("children", "")).split(",") if c]
        ready = all(
            c in self.containers
            and self.containers[c].carousel_item
            and self.containers[c].status() == "FINISHED"
            for c in children
        )
        if not 2 <= len(children) <= CAROUSEL_MAX or not ready:
            return graph_error(400, "The carousel children are invalid or not ready.", 100, 2207028)
        container.children = children
        return None

    async def check_video(self, container: Container, params: dict[str, Any]) -> web.Response | None:
        kind = container.media_type
        if kind not in ("REELS", "STORIES") and not (kind == "VIDEO" and container.carousel_item):
            return graph_error(400, "The media type VIDEO is no longer supported; use REELS.", 100, 2207023)
        data = await self.fetch(str(params["video_url"]))
        if data is None:
            return graph_error(400, "Media download has failed.", 9004, 2207052)
        container.reads_needed = self.video_reads_needed
        container.error = "" if is_mp4(data) else "ERROR: the video format is not supported (2207026)"
        return None

    async def check_image(self, container: Container, params: dict[str, Any]) -> web.Response | None:
        if container.media_type not in ("IMAGE", "STORIES"):
            return graph_error(400, "The media type does not match the media.", 100, 2207023)
        data = await self.fetch(str(params["image_url"]))
        if data is None:
            return graph_error(400, "Media download has failed.", 9004, 2207052)
        info = image_info(data)
        if info is None or info[0] != "JPEG":
            return graph_error(400, "The image format is not supported.", 36001, 2207005)
        if len(data) > 8 * 1024 * 1024:
            return graph_error(400, "The image size is too large.", 36000, 2207004)
        if container.media_type != "STORIES" and not 0.8 <= info[1] / info[2] <= 1.91:
            return graph_error(400, "The submitted image with aspect ratio is invalid.", 36003, 2207009)
        return None

    async def post_publish(self, request: web.Request, params: dict[str, Any], ig_id: str) -> web.Response:
        account, failure = self.account_of(request, ig_id)
        if failure is not None or account is None:
            return failure  # type: ignore[return-value]
        container = self.containers.get(str(params.get("creation_id", "")))
        if container is None or container.owner != account.id or container.carousel_item:
            return graph_error(400, "Media ID is not available.", 9007, 2207006)
        if container.status() == "EXPIRED":
            return graph_error(400, "The media you are trying to access has expired.", -2, 2207020)
        if container.status() != "FINISHED":
            return graph_error(
                400, "The media is not ready for publishing, please wait for a moment.", 9007, 2207027
            )
        if len(self.published_since(account.id, time.time() - 86400)) >= self.quota_total:
            return graph_error(
                400, "You reached maximum number of posts that is allowed to be published.", 9, 2207042
            )
        product = {"REELS": "REELS", "STORIES": "STORY"}.get(container.media_type, "FEED")
        kind = "CAROUSEL_ALBUM" if container.media_type == "CAROUSEL" else container.media_type
        media = Media(
            self.new_id(), account.id, container.caption, product, kind, children=container.children
        )
        self.media[media.id] = media
        container.published = media.id
        return web.json_response({"id": media.id})

    async def get_limit(self, request: web.Request, params: dict[str, Any], ig_id: str) -> web.Response:
        account, failure = self.account_of(request, ig_id)
        if failure is not None or account is None:
            return failure  # type: ignore[return-value]
        usage = len(self.published_since(account.id, time.time() - 86400))
        return web.json_response(
            {
                "data": [
                    {
                        "quota_usage": usage,
                        "config": {"quota_total": self.quota_total, "quota_duration": 86400},
                    }
                ]
            }
        )

    # --- reading ----------------------------------------------------------------------------------

    async def get_media(self, request: web.Request, params: dict[str, Any], ig_id: str) -> web.Response:
        account, failure = self.account_of(request, ig_id)
        if failure is not None or account is None:
            return failure  # type: ignore[return-value]
        found = sorted(
            (m for m in self.media.values() if m.owner == account.id and m.product != "STORY"),
            key=lambda m: -m.created,
        )[: int(params.get("limit", 25))]
        return web.json_response({"data": [select(m.node(), str(params.get("fields", ""))) for m in found]})

    async def get_node(self, request: web.Request, params: dict[str, Any], node_id: str) -> web.Response:
        _principal, failure = self.caller(request)
        if failure is not None:
            return failure
        fields = str(params.get("fields", ""))
        if node_id in self.containers:
            container = self.containers[node_id]
            status = container.status()
            container.reads += 1
            return web.json_response(
                select(
                    {
                        "id": node_id,
                        "status_code": status,
                        "status": container.error if status == "ERROR" else status,
                    },
                    fields,
                )
            )
        if node_id in self.media:
            return web.json_response(select(self.media[node_id].node(), fields))
        if node_id in self.accounts:
            account = self.accounts[node_id]
            return web.json_response(
                select(
                    {"id": account.id, "username": account.username, "followers_count": account.followers},
                    fields,
                )
            )
        return graph_error(400, f"(#100) Object with ID '{node_id}' does not exist", 100, 33)

    MEDIA_METRICS = {
        "FEED": {"views", "reach", "likes", "comments", "shares", "saved", "total_interactions"},
        "REELS": {"views", "reach", "likes", "comments", "shares", "saved", "total_interactions"},
        "STORY": {"views", "reach", "shares", "replies", "total_interactions"},
    }
    ACCOUNT_METRICS = {"views": 5400, "reach": 3100, "accounts_engaged": 210, "total_interactions": 480}

    async def get_insights(self, request: web.Request, params: dict[str, Any], node_id: str) -> web.Response:
        _principal, failure = self.caller(request)
        if failure is not None:
            return failure
        names = [m for m in str(params.get("metric", "")).split(",") if m]
        if node_id in self.accounts:
            return self.account_insights(params, names)
        media = self.media.get(node_id)
        if media is None:
            return graph_error(400, f"(#100) Object with ID '{node_id}' does not exist", 100, 33)
        if not names or any(n not in self.MEDIA_METRICS[media.product] for n in names):
            return graph_error(
                400,
                "(#100) The Media Insights API does not support this metric for this media product type.",
                100,
                2108006,
            )
        if not media.insights:
            return graph_error(400, "(#10) Not enough viewers for the media to show insights", 10)
        return web.json_response(
            {
                "data": [
                    {"name": n, "period": "lifetime", "values": [{"value": media.insights.get(n, 0)}]}
                    for n in names
                ]
            }
        )

    def account_insights(self, params: dict[str, Any], names: list[str]) -> web.Response:
        if params.get("metric_type") != "total_value" or any(n not in self.ACCOUNT_METRICS for n in names):
            return graph_error(400, "(#100) metric_type=total_value is required for these metrics", 100)
        data = [
            {
                "name": n,
                "period": params.get("period", "day"),
                "total_value": {"value": self.ACCOUNT_METRICS[n]},
            }
            for n in names
        ]
        return web.json_response({"data": data})
