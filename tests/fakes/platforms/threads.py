"""A fake Threads API (graph.threads.net and the threads.net authorization window), over real HTTP.

Paths and shapes follow Meta's Threads documentation:
- authorization and tokens: https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions
  and https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/
- containers and publishing: https://developers.facebook.com/docs/threads/posts/ and
  https://developers.facebook.com/documentation/threads/reference/publishing
- container status and publishing quota: https://developers.facebook.com/docs/threads/troubleshooting
  and https://developers.facebook.com/docs/threads/overview/
- insights: https://developers.facebook.com/docs/threads/insights/
Errors use the Graph API envelope (https://developers.facebook.com/docs/graph-api/guides/error-handling).

Containers advance deterministically: each status read counts, and a container is FINISHED (or
ERROR, when its media could not be fetched or is not what its type says) after `polls_needed` reads.
Threads fetches media from the URL itself, so the fake downloads every image_url / video_url.
"""

from __future__ import annotations

import itertools
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.platforms.base import FakePlatform

TEXT_LIMIT = 500
CAROUSEL_MIN, CAROUSEL_MAX = 2, 20
SHORT_LIVED, LONG_LIVED = 3600, 60 * 24 * 3600
POLLS_NEEDED = {"TEXT": 0, "IMAGE": 1, "VIDEO": 2, "CAROUSEL": 1}


def threads_length(text: str) -> int:
    """Threads counts characters, but an emoji as its number of UTF-8 bytes (posts doc, Limitations)."""
    return sum(len(ch.encode()) if ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) <= 0x27BF else 1 for ch in text)


def graph_error(
    status: int, message: str, code: int, *, subcode: int | None = None, kind: str = "OAuthException"
) -> web.Response:
    error: dict[str, Any] = {"message": message, "type": kind, "code": code, "fbtrace_id": "AbCdEfFake"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return web.json_response({"error": error}, status=status)


@dataclass
class Container:
    id: str
    user: str
    media_type: str
    text: str
    media_url: str = ""
    alt_text: str = ""
    is_carousel_item: bool = False
    children: list[str] = field(default_factory=list)
    reply_control: str = ""
    polls: int = 0
    polls_needed: int = 0
    error_message: str = ""  # set when the fetched media was unusable: the container ends in ERROR
    published_id: str = ""
    created_at: float = field(default_factory=time.time)

    def status(self) -> str:
        if self.published_id:
            return "PUBLISHED"
        if time.time() - self.created_at > 24 * 3600:
            return "EXPIRED"
        if self.polls <= self.polls_needed:
            return "IN_PROGRESS"
        return "ERROR" if self.error_message else "FINISHED"


@dataclass
class Post:
    id: str
    user: str
    username: str
    media_type: str  # TEXT_POST | IMAGE | VIDEO | CAROUSEL_ALBUM, as the media object reports it
    text: str
    shortcode: str
    container_id: str
    timestamp: datetime
    metrics: dict[str, int] = field(default_factory=dict)

    @property
    def permalink(self) -> str:
        return f"https://www.threads.net/@{self.username}/post/{self.shortcode}"


@dataclass
class User:
    id: str
    username: str
    name: str
    followers: int = 0
    metrics: dict[str, int] = field(default_factory=dict)


class FakeThreads(FakePlatform):
    name = "threads"

    def __init__(self) -> None:
        super().__init__()
        self.users: dict[str, User] = {}
        self.containers: dict[str, Container] = {}
        self.posts: dict[str, Post] = {}
        self.quota_total = 250
        self.long_lived: set[str] = set()
        self.revoked: set[str] = set()
        self._ids = itertools.count(17_900_000_000_000_001)
        self.user = self.add_user("17841400000000001", "fake.threads", "Fake Threads")

    # --- state helpers for tests -----------------------------------------------------------------

    def add_user(self, user_id: str, username: str, name: str) -> User:
        self.users[user_id] = User(user_id, username, name, followers=321)
        return self.users[user_id]

    def token_for(self, user: str | None = None, *, lifetime: int = LONG_LIVED) -> str:
        """A long-lived token issued without the authorization window (tests of publishing)."""
        token = str(self.issue_tokens(user or self.user.id, lifetime=lifetime, refresh=False)["access_token"])
        self.long_lived.add(token)
        return token

    def revoke_all(self) -> None:
        """The person removed the app: every token they had is now refused as unauthorized."""
        self.revoked.update(self.access_tokens)
        super().revoke_all()

    def posts_of(self, user: str | None = None) -> list[Post]:
        return [p for p in self.posts.values() if p.user == (user or self.user.id)]

    def _next_id(self) -> str:
        return str(next(self._ids))

    # --- request helpers -------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, str]:
        """Graph accepts parameters in the query string, a form body or a JSON body alike."""
        params = dict(request.query)
        if request.content_type == "application/x-www-form-urlencoded":
            params.update({k: str(v) for k, v in (await request.post()).items()})
        elif request.content_type == "application/json" and request.can_read_body:
            params.update({k: str(v) for k, v in (await request.json()).items()})
        return params

    def _caller(self, request: web.Request, params: dict[str, str]) -> tuple[str | None, web.Response | None]:
        """The user the access token stands for, or the Graph error a bad token gets."""
        header = request.headers.get("Authorization", "")
        token = params.get("access_token") or (header[7:] if header.lower().startswith("bearer ") else "")
        found = self.access_tokens.get(token)
        if token in self.revoked:
            return None, graph_error(
                400,
                "Error validating access token: The user has not authorized application.",
                190,
                subcode=458,
            )
        if found is None:
            return None, graph_error(400, "Invalid OAuth access token - Cannot parse access token", 190)
        if found["expires_at"] < time.time():
            when = datetime.fromtimestamp(found["expires_at"], UTC).strftime("%A, %d-%b-%y %H:%M:%S UTC")
            return None, graph_error(
                400, f"Error validating access token: Session has expired on {when}.", 190, subcode=463
            )
        return str(found["user"]), None

    def _owner(self, caller: str, path_user: str) -> web.Response | None:
        if path_user not in ("me", caller):
            return graph_error(
                400,
                "Unsupported request - the object does not exist or lacks permission.",
                100,
                subcode=33,
                kind="GraphMethodException",
            )
        return None

    # --- routes ----------------------------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/oauth/authorize", self._authorize)
        app.router.add_post("/oauth/access_token", self._access_token)
        app.router.add_get("/access_token", self._exchange)
        app.router.add_get("/refresh_access_token", self._refresh)
        app.router.add_post("/v1.0/{user}/threads", self._create)
        app.router.add_get("/v1.0/{user}/threads", self._list)
        app.router.add_post("/v1.0/{user}/threads_publish", self._publish)
        app.router.add_get("/v1.0/{user}/threads_publishing_limit", self._limit)
        app.router.add_get("/v1.0/{user}/threads_insights", self._user_insights)
        app.router.add_get("/v1.0/{media}/insights", self._media_insights)
        app.router.add_get("/v1.0/{id}", self._node)

    async def _authorize(self, request: web.Request) -> web.Response:
        scopes = set(request.query.get("scope", "").replace(",", " ").split())
        if "threads_basic" not in scopes:
            return web.json_response(
                {"error": "invalid_scope", "detail": "threads_basic is required"}, status=400
            )
        return self.authorize(request)

    async def _access_token(self, request: web.Request) -> web.Response:
        form = await self._params(request)
        if form.get("grant_type") != "authorization_code":
            return web.json_response(
                {"error_type": "OAuthException", "code": 400, "error_message": "Unsupported grant_type"},
                status=400,
            )
        problem = self.redeem_code(
            form,
            client_id=form.get("client_id", ""),
            client_secret=form.get("client_secret", ""),
            require_pkce=False,
        )
        if problem == "invalid_client":
            return web.json_response(
                {"error_type": "OAuthException", "code": 400, "error_message": "Invalid platform app"},
                status=400,
            )
        if problem:
            return web.json_response(
                {"error_type": "OAuthException", "code": 400, "error_message": "Invalid authorization code"},
                status=400,
            )
        body = self.issue_tokens(self.user.id, lifetime=SHORT_LIVED, refresh=False)
        return web.json_response({"access_token": body["access_token"], "user_id": int(self.user.id)})

    async def _exchange(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        if params.get("grant_type") != "th_exchange_token":
            return graph_error(400, "Unsupported grant_type", 100)
        if params.get("client_secret") not in self.clients.values():
            return graph_error(400, "Error validating client secret.", 1, kind="OAuthException")
        user, problem = self._caller(request, params)
        if problem is not None or user is None:
            return problem or graph_error(400, "Invalid token", 190)
        token = self.token_for(user)
        return web.json_response(
            {"access_token": token, "token_type": "bearer", "expires_in": LONG_LIVED - 56}
        )

    async def _refresh(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        if params.get("grant_type") != "th_refresh_token":
            return graph_error(400, "Unsupported grant_type", 100)
        user, problem = self._caller(request, params)
        if problem is not None or user is None:
            return problem or graph_error(400, "Invalid token", 190)
        if params.get("access_token") not in self.long_lived:
            return graph_error(400, "Only long-lived tokens can be refreshed.", 190)
        token = self.token_for(user)
        return web.json_response(
            {"access_token": token, "token_type": "bearer", "expires_in": LONG_LIVED - 56}
        )

    async def _create(self, request: web.Request) -> web.Response:  # noqa: PLR0911 - one answer per refusal
        params = await self._params(request)
        caller, problem = self._caller(request, params)
        if caller is None:
            assert problem is not None
            return problem
        if (denied := self._owner(caller, request.match_info["user"])) is not None:
            return denied
        media_type = params.get("media_type", "")
        text = params.get("text", "")
        if media_type not in ("TEXT", "IMAGE", "VIDEO", "CAROUSEL"):
            return graph_error(400, "(#100) The parameter media_type is required.", 100)
        if threads_length(text) > TEXT_LIMIT:
            return graph_error(400, f"(#100) Param text must be at most {TEXT_LIMIT} characters long.", 100)
        container = Container(
            self._next_id(),
            caller,
            media_type,
            text,
            alt_text=params.get("alt_text", ""),
            is_carousel_item=params.get("is_carousel_item", "false").lower() == "true",
            reply_control=params.get("reply_control", ""),
            polls_needed=POLLS_NEEDED[media_type],
        )
        if media_type == "TEXT" and not text:
            return graph_error(400, "(#100) The parameter text is required for TEXT posts.", 100)
        if media_type in ("IMAGE", "VIDEO"):
            key = "image_url" if media_type == "IMAGE" else "video_url"
            if not params.get(key):
                return graph_error(400, f"(#100) The parameter {key} is required.", 100)
            container.media_url = params[key]
            container.error_message = await self._fetch_media(params[key], media_type)
        if media_type == "CAROUSEL":
            children = [c for c in params.get("children", "").split(",") if c]
            if not CAROUSEL_MIN <= len(children) <= CAROUSEL_MAX:
                return graph_error(
                    400, f"(#100) A carousel needs {CAROUSEL_MIN} to {CAROUSEL_MAX} children.", 100
                )
            for child in children:
                found = self.containers.get(child)
                if found is None or found.user != caller or not found.is_carousel_item:
                    return graph_error(400, f"(#100) Invalid carousel child {child}.", 100)
                if found.status() != "FINISHED":
                    return graph_error(400, "(#100) The carousel children are not ready.", 100)
            container.children = children
        self.containers[container.id] = container
        return web.json_response({"id": container.id})

    async def _fetch_media(self, url: str, media_type: str) -> str:
        """Fetch the media as Threads does; the error message the container will end with, or ''."""
        try:
            async with aiohttp.ClientSession() as session, session.get(url) as response:
                if response.status != 200:
                    return "FAILED_DOWNLOADING_VIDEO" if media_type == "VIDEO" else "UNKNOWN"
                data = await response.read()
        except aiohttp.ClientError:
            return "FAILED_DOWNLOADING_VIDEO" if media_type == "VIDEO" else "UNKNOWN"
        if media_type == "IMAGE" and not (data.startswith(b"\xff\xd8") or data.startswith(b"\x89PNG")):
            return "UNKNOWN"  # JPEG and PNG only
        if media_type == "VIDEO" and data[4:8] != b"ftyp":
            return "FAILED_PROCESSING_VIDEO"
        return ""

    async def _node(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        caller, problem = self._caller(request, params)
        if caller is None:
            assert problem is not None
            return problem
        node = request.match_info["id"]
        fields = set(params.get("fields", "id").split(","))
        if node == "me" or node in self.users:
            user = self.users[caller if node == "me" else node]
            profile = {
                "id": user.id,
                "username": user.username,
                "name": user.name,
                "threads_profile_picture_url": f"https://scontent.cdninstagram.com/{user.id}.jpg",
                "threads_biography": "",
            }
            return web.json_response({k: v for k, v in profile.items() if k in fields | {"id"}})
        if (container := self.containers.get(node)) is not None:
            if container.user != caller:
                return self._owner(caller, container.user) or graph_error(400, "Unsupported request", 100)
            container.polls += 1
            body: dict[str, Any] = {"id": container.id}
            if "status" in fields:
                body["status"] = container.status()
            if "error_message" in fields and body.get("status") == "ERROR":
                body["error_message"] = container.error_message
            return web.json_response(body)
        if (post := self.posts.get(node)) is not None:
            values = {
                "id": post.id,
                "permalink": post.permalink,
                "text": post.text,
                "media_type": post.media_type,
                "shortcode": post.shortcode,
                "username": post.username,
                "timestamp": post.timestamp.strftime("%Y-%m-%dT%H:%M:%S+0000"),
            }
            return web.json_response({k: v for k, v in values.items() if k in fields | {"id"}})
        return graph_error(
            400,
            f"Unsupported get request. Object with ID '{node}' does not exist.",
            100,
            subcode=33,
            kind="GraphMethodException",
        )

    async def _publish(self, request: web.Request) -> web.Response:  # noqa: PLR0911 - one answer per refusal
        params = await self._params(request)
        caller, problem = self._caller(request, params)
        if caller is None:
            assert problem is not None
            return problem
        if (denied := self._owner(caller, request.match_info["user"])) is not None:
            return denied
        container = self.containers.get(params.get("creation_id", ""))
        if container is None or container.user != caller or container.is_carousel_item:
            return graph_error(400, "(#100) Param creation_id is not a valid media container.", 100)
        status = container.status()
        if status == "PUBLISHED":
            return graph_error(400, "(#100) The media container has already been published.", 100)
        if status != "FINISHED":
            # As Instagram documents it (2207027); Threads documents no code of its own for this.
            return graph_error(
                400, "The media is not ready for publishing, please wait for a moment.", 9007, subcode=2207027
            )
        if self._usage(caller) >= self.quota_total:
            # As Instagram documents its publishing limit (2207042); Threads documents none.
            return graph_error(
                400, "The maximum number of posts allowed in 24 hours has been reached.", 9, subcode=2207042
            )
        user = self.users[caller]
        post_id = self._next_id()
        media_type = {"TEXT": "TEXT_POST", "CAROUSEL": "CAROUSEL_ALBUM"}.get(
            container.media_type, container.media_type
        )
        self.posts[post_id] = Post(
            post_id,
            caller,
            user.username,
            media_type,
            container.text,
            "C" + secrets.token_urlsafe(8).replace("-", "x").replace("_", "y"),
            container.id,
            datetime.now(UTC),
            metrics={"views": 120, "likes": 7, "replies": 2, "reposts": 1, "quotes": 0, "shares": 3},
        )
        container.published_id = post_id
        return web.json_response({"id": post_id})

    def _usage(self, user: str) -> int:
        day_ago = datetime.now(UTC).timestamp() - 86400
        return sum(1 for p in self.posts_of(user) if p.timestamp.timestamp() > day_ago)

    async def _limit(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        caller, problem = self._caller(request, params)
        if caller is None:
            assert problem is not None
            return problem
        if (denied := self._owner(caller, request.match_info["user"])) is not None:
            return denied
        entry = {
            "quota_usage": self._usage(caller),
            "config": {"quota_total": self.quota_total, "quota_duration": 86400},
        }
        return web.json_response({"data": [entry]})

    async def _list(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        caller, problem = self._caller(request, params)
        if caller is None:
            assert problem is not None
            return problem
        if (denied := self._owner(caller, request.match_info["user"])) is not None:
            return denied
        since = float(params.get("since", "0") or 0)
        limit = min(int(params.get("limit", "25")), 100)
        fields = set(params.get("fields", "id").split(",")) | {"id"}
        posts = sorted(self.posts_of(caller), key=lambda p: p.timestamp, reverse=True)
        data = []
        for post in posts:
            if post.timestamp.timestamp() < since:
                continue
            values = {
                "id": post.id,
                "text": post.text,
                "media_type": post.media_type,
                "permalink": post.permalink,
                "timestamp": post.timestamp.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                "shortcode": post.shortcode,
            }
            data.append({k: v for k, v in values.items() if k in fields})
        return web.json_response({"data": data[:limit], "paging": {"cursors": {"before": "b", "after": "a"}}})

    async def _media_insights(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        caller, problem = self._caller(request, params)
        if caller is None:
            assert problem is not None
            return problem
        post = self.posts.get(request.match_info["media"])
        if post is None or post.user != caller:
            return graph_error(400, "Unsupported get request.", 100, subcode=33, kind="GraphMethodException")
        data = []
        for name in params.get("metric", "").split(","):
            if name not in post.metrics:
                return graph_error(
                    400,
                    f"(#100) metric[0] must be one of the following values: {', '.join(post.metrics)}",
                    100,
                )
            data.append(
                {
                    "name": name,
                    "period": "lifetime",
                    "values": [{"value": post.metrics[name]}],
                    "title": name,
                    "description": f"The number of {name} of the post.",
                    "id": f"{post.id}/insights/{name}/lifetime",
                }
            )
        return web.json_response({"data": data})

    async def _user_insights(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        caller, problem = self._caller(request, params)
        if caller is None:
            assert problem is not None
            return problem
        if (denied := self._owner(caller, request.match_info["user"])) is not None:
            return denied
        user = self.users[caller]
        totals = {"likes": 40, "replies": 9, "reposts": 4, "quotes": 2, "clicks": 5, **user.metrics}
        data: list[dict[str, Any]] = []
        for name in params.get("metric", "").split(","):
            entry: dict[str, Any] = {
                "name": name,
                "title": name,
                "description": name,
                "id": f"{user.id}/insights/{name}/day",
            }
            if name == "views":  # a daily time series, unlike the totals
                entry.update(
                    period="day",
                    values=[
                        {"value": 100, "end_time": "2026-01-01T08:00:00+0000"},
                        {"value": 50, "end_time": "2026-01-02T08:00:00+0000"},
                    ],
                )
            elif name == "followers_count":
                entry.update(period="day", total_value={"value": user.followers})
            elif name in totals:
                entry.update(period="day", total_value={"value": totals[name]})
            else:
                return graph_error(
                    400,
                    f"(#100) metric[0] must be one of: views, {', '.join(totals)}, followers_count",
                    100,
                )
            data.append(entry)
        return web.json_response({"data": data, "paging": {}})
