"""A fake LinkedIn: OAuth (www.linkedin.com) and the versioned REST API (api.linkedin.com) on one server.

Reproduces what a connector gets wrong most: the post URN only in `x-restli-id` (201, empty
body), the version headers (426 for a retired version), "little" commentary cut at the first
unescaped reserved character, video parts proven by their ETags in order, video processing that
advances with polls, DUPLICATE_POST, and the 401 bodies for invalid, expired and revoked tokens.
"""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any

from aiohttp import web

from tests.fakes.platforms.base import FakePlatform

RESERVED = set("\\|{}@[]()<>#*_~")
HASHTAG = re.compile(r"#[^\W_]")


def render_little(commentary: str) -> str:
    """What LinkedIn shows: escapes resolved, and the text cut at the first unescaped reserved
    character (hashtags excepted) — the silent truncation the connector must prevent."""
    out: list[str] = []
    index = 0
    while index < len(commentary):
        char = commentary[index]
        if char == "\\" and index + 1 < len(commentary) and commentary[index + 1] in RESERVED:
            out.append(commentary[index + 1])
            index += 2
            continue
        at_line_start = index == 0 or commentary[index - 1].isspace()
        if char in RESERVED and not (char == "#" and at_line_start and HASHTAG.match(commentary, index)):
            break
        out.append(char)
        index += 1
    return "".join(out)


def error(status: int, message: str, **extra: Any) -> web.Response:
    return web.json_response({"status": status, "message": message, **extra}, status=status)


class FakeLinkedIn(FakePlatform):
    name = "linkedin"

    def __init__(self) -> None:
        super().__init__()
        self.active_versions = {"202510", "202511", "202601"}
        self.member = {"sub": "abc123", "name": "Ada Lovelace", "picture": "https://media.licdn.com/ada.jpg"}
        self.organizations = {"2414183": {"localizedName": "Devtestco", "vanityName": "devtestco"}}
        self.grants_pages = True  # the app has the Community Management API product
        self.grants_member_social = False  # r_member_social is restricted
        self.issues_refresh_tokens = False  # approved partners only
        self.part_size = 4 * 1024 * 1024
        self.polls_until_available = 2
        self.fail_video_processing = False
        self.follower_count = 4321
        self.revoked: set[str] = set()
        self.images: dict[str, dict[str, Any]] = {}
        self.videos: dict[str, dict[str, Any]] = {}
        self.posts: dict[str, dict[str, Any]] = {}
        self._next = 7100000000000000000

    def _id(self) -> int:
        self._next += 1
        return self._next

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/oauth/v2/authorization", self.authorize_page)
        app.router.add_post("/oauth/v2/accessToken", self.token)
        app.router.add_post("/oauth/v2/revoke", self.revoke)
        app.router.add_get("/v2/userinfo", self.userinfo)
        app.router.add_get("/rest/organizationAcls", self.acls)
        app.router.add_get("/rest/organizations/{id}", self.organization)
        app.router.add_post("/rest/images", self.images_action)
        app.router.add_put("/dms-uploads/image/{id}", self.upload_image)
        app.router.add_post("/rest/videos", self.videos_action)
        app.router.add_put("/dms-uploads/video/{id}/part/{part}", self.upload_part)
        app.router.add_get("/rest/videos/{urn}", self.video)
        app.router.add_post("/rest/posts", self.create_post)
        app.router.add_get("/rest/posts", self.find_posts)
        app.router.add_get("/rest/organizationalEntityShareStatistics", self.share_statistics)
        app.router.add_get("/rest/organizationalEntityFollowerStatistics", self.follower_statistics)
        app.router.add_get("/rest/networkSizes/{urn}", self.network_size)
        app.router.add_get("/rest/socialActions/{urn}", self.social_actions)

    # --- OAuth -----------------------------------------------------------------------------------

    async def authorize_page(self, request: web.Request) -> web.Response:
        if "w_member_social" not in request.query.get("scope", "").split(" "):
            return web.json_response({"error": "invalid_scope"}, status=400)
        return self.authorize(request)

    async def token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        client_id, secret = str(form.get("client_id", "")), str(form.get("client_secret", ""))
        if self.clients.get(client_id) != secret:
            return web.json_response(
                {"error": "invalid_client", "error_description": "Client authentication failed"}, status=401
            )
        if form.get("grant_type") == "authorization_code":
            problem = self.redeem_code(
                {k: str(v) for k, v in form.items()},
                client_id=client_id,
                client_secret=secret,
                require_pkce=False,
            )
            if problem:
                # LinkedIn's answer to a bad, spent or mismatched code.
                return web.json_response(
                    {
                        "error": "invalid_request",
                        "error_description": "Unable to retrieve access token: appid/redirect uri/code "
                        "verifier does not match authorization code. Or authorization code expired.",
                    },
                    status=400,
                )
            return web.json_response(self._tokens())
        if form.get("grant_type") == "refresh_token":
            refresh = str(form.get("refresh_token", ""))
            if refresh not in self.refresh_tokens:
                return web.json_response(
                    {"error": "invalid_grant", "error_description": "The provided refresh token is invalid"},
                    status=400,
                )
            body = self.issue_tokens(self.member["sub"], lifetime=5184000, refresh=False)
            # LinkedIn keeps the refresh token: same value, its 365-day life not extended.
            body.update(refresh_token=refresh, refresh_token_expires_in=31000000)
            return web.json_response(body)
        return web.json_response({"error": "unsupported_grant_type"}, status=400)

    def _tokens(self) -> dict[str, Any]:
        body = self.issue_tokens(self.member["sub"], lifetime=5184000, refresh=self.issues_refresh_tokens)
        body.pop("token_type")
        body["scope"] = "openid,profile,w_member_social,w_organization_social"
        if self.issues_refresh_tokens:
            body["refresh_token_expires_in"] = 31536000
        return body

    async def revoke(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        if self.clients.get(str(form.get("client_id", ""))) != form.get("client_secret"):
            return web.json_response({"error": "invalid_client"}, status=401)
        token = str(form.get("token", ""))
        if self.access_tokens.pop(token, None) is not None:
            self.revoked.add(token)
        return web.Response(status=200)

    def _who(self, request: web.Request) -> tuple[str | None, web.Response | None]:
        """The member a bearer token stands for, or LinkedIn's 401 for it."""
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token in self.revoked:
            return None, error(
                401,
                "The token used in the request has been revoked by the user",
                serviceErrorCode=65601,
                code="REVOKED_ACCESS_TOKEN",
            )
        state, user = self.token_state(request)
        if state == "expired":
            return None, error(
                401,
                "The token used in the request has expired",
                serviceErrorCode=65600,
                code="EXPIRED_ACCESS_TOKEN",
            )
        if state != "ok":
            return None, error(
                401, "Invalid access token", serviceErrorCode=65600, code="INVALID_ACCESS_TOKEN"
            )
        return user, None

    def _rest(self, request: web.Request) -> tuple[str | None, web.Response | None]:
        """Auth plus the versioning headers every /rest call needs."""
        if request.headers.get("X-Restli-Protocol-Version") != "2.0.0":
            return None, error(400, "X-Restli-Protocol-Version must be 2.0.0", code="ILLEGAL_ARGUMENT")
        version = request.headers.get("LinkedIn-Version")
        if not version:
            return None, error(
                400,
                "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
                code="VERSION_MISSING",
            )
        if version not in self.active_versions:
            return None, error(426, f"Requested version {version} is not active", code="NONEXISTENT_VERSION")
        return self._who(request)

    def _may_act_as(self, user: str, author: str) -> bool:
        if author == f"urn:li:person:{user}":
            return True
        org = author.removeprefix("urn:li:organization:")
        return author.startswith("urn:li:organization:") and org in self.organizations and self.grants_pages

    # --- profile and pages -----------------------------------------------------------------------

    async def userinfo(self, request: web.Request) -> web.Response:
        _, failure = self._who(request)
        if failure:
            return failure
        given, family = self.member["name"].split(" ", 1)
        return web.json_response(
            {
                **self.member,
                "given_name": given,
                "family_name": family,
                "locale": {"country": "US", "language": "en"},
            }
        )

    async def acls(self, request: web.Request) -> web.Response:
        user, failure = self._rest(request)
        if failure:
            return failure
        if not self.grants_pages:
            return error(
                403,
                "Not enough permissions to access: organizationAcls.FINDER-roleAssignee",
                code="ACCESS_DENIED",
                serviceErrorCode=100,
            )
        query = request.query
        if (query.get("q"), query.get("role"), query.get("state")) != (
            "roleAssignee",
            "ADMINISTRATOR",
            "APPROVED",
        ):
            return error(400, "Unsupported finder parameters", code="ILLEGAL_ARGUMENT")
        elements = [
            {
                "roleAssignee": f"urn:li:person:{user}",
                "state": "APPROVED",
                "role": "ADMINISTRATOR",
                "organization": f"urn:li:organization:{org}",
            }
            for org in self.organizations
        ]
        return web.json_response({"paging": {"count": 100, "start": 0, "links": []}, "elements": elements})

    async def organization(self, request: web.Request) -> web.Response:
        _, failure = self._rest(request)
        if failure:
            return failure
        org = self.organizations.get(request.match_info["id"])
        if org is None:
            return error(404, "Organization not found", code="NOT_FOUND")
        return web.json_response({"id": int(request.match_info["id"]), **org})

    # --- media -----------------------------------------------------------------------------------

    async def images_action(self, request: web.Request) -> web.Response:
        user, failure = self._rest(request)
        if failure:
            return failure
        if request.query.get("action") != "initializeUpload":
            return error(400, "Unknown action", code="ILLEGAL_ARGUMENT")
        owner = (await request.json()).get("initializeUploadRequest", {}).get("owner", "")
        if not self._may_act_as(str(user), owner):
            return error(403, "Not enough permissions to upload for this owner", code="ACCESS_DENIED")
        number = self._id()
        urn = f"urn:li:image:D4E10AQ{number}"
        self.images[urn] = {"owner": owner, "data": None, "number": str(number)}
        value = {
            "uploadUrlExpiresAt": int(time.time() * 1000) + 3600000,
            "uploadUrl": f"{self.base_url}/dms-uploads/image/{number}",
            "image": urn,
        }
        return web.json_response({"value": value})

    async def upload_image(self, request: web.Request) -> web.Response:
        _, failure = self._who(request)
        if failure:
            return failure
        found = next((i for i in self.images.values() if i["number"] == request.match_info["id"]), None)
        if found is None:
            return web.Response(status=404)
        found["data"] = await request.read()
        return web.Response(status=201)

    async def videos_action(self, request: web.Request) -> web.Response:
        user, failure = self._rest(request)
        if failure:
            return failure
        body = await request.json()
        if request.query.get("action") == "initializeUpload":
            return self._init_video(str(user), body.get("initializeUploadRequest", {}))
        if request.query.get("action") == "finalizeUpload":
            return self._finalize_video(body.get("finalizeUploadRequest", {}))
        return error(400, "Unknown action", code="ILLEGAL_ARGUMENT")

    def _init_video(self, user: str, init: dict[str, Any]) -> web.Response:
        owner, size = init.get("owner", ""), int(init.get("fileSizeBytes", 0))
        if not self._may_act_as(user, owner):
            return error(403, "Accessing this video resource is forbidden.", code="ACCESS_DENIED")
        number = self._id()
        urn = f"urn:li:video:C5F10AQ{number}"
        parts = [
            {
                "uploadUrl": f"{self.base_url}/dms-uploads/video/{number}/part/{index}",
                "firstByte": first,
                "lastByte": min(first + self.part_size, size) - 1,
            }
            for index, first in enumerate(range(0, size, self.part_size))
        ]
        self.videos[urn] = {
            "owner": owner,
            "number": str(number),
            "parts": parts,
            "received": {},
            "etags": {},
            "token": f"upload-token-{number}",
            "status": "WAITING_UPLOAD",
            "polls": 0,
        }
        value = {"video": urn, "uploadInstructions": parts, "uploadToken": f"upload-token-{number}"}
        return web.json_response(
            {"value": {**value, "uploadUrlsExpireAt": int(time.time() * 1000) + 86400000}}
        )

    async def upload_part(self, request: web.Request) -> web.Response:
        video = next((v for v in self.videos.values() if v["number"] == request.match_info["id"]), None)
        index = int(request.match_info["part"])
        if video is None or index >= len(video["parts"]):
            return web.Response(status=404)
        if request.headers.get("Authorization"):  # a pre-signed URL: a second credential is refused
            return web.Response(status=400, text="Only one auth mechanism allowed")
        data = await request.read()
        part = video["parts"][index]
        if len(data) != part["lastByte"] - part["firstByte"] + 1:
            return web.Response(status=400, text="Part size does not match the upload instructions")
        etag = "/ambry-video/" + hashlib.md5(data, usedforsecurity=False).hexdigest()
        video["received"][index] = data
        video["etags"][index] = etag
        return web.Response(status=200, headers={"ETag": etag})

    def _finalize_video(self, finalize: dict[str, Any]) -> web.Response:
        video = self.videos.get(finalize.get("video", ""))
        if video is None:
            return error(404, "Video not found", code="NOT_FOUND")
        expected = [video["etags"].get(i) for i in range(len(video["parts"]))]
        if finalize.get("uploadToken") != video["token"] or finalize.get("uploadedPartIds") != expected:
            return error(
                400, "uploadedPartIds do not match the uploaded parts, in order", code="ILLEGAL_ARGUMENT"
            )
        video["status"] = "PROCESSING"
        return web.Response(status=200)

    async def video(self, request: web.Request) -> web.Response:
        _, failure = self._rest(request)
        if failure:
            return failure
        urn = request.match_info["urn"]
        video = self.videos.get(urn)
        if video is None:
            return error(404, "Video not found", code="NOT_FOUND")
        if video["status"] == "PROCESSING":
            video["polls"] += 1
            if video["polls"] >= self.polls_until_available:
                video["status"] = "PROCESSING_FAILED" if self.fail_video_processing else "AVAILABLE"
        body: dict[str, Any] = {"id": urn, "owner": video["owner"], "status": video["status"]}
        if video["status"] == "PROCESSING_FAILED":
            body["processingFailureReason"] = "Video format not supported"
        return web.json_response(body)

    # --- posts -----------------------------------------------------------------------------------

    async def create_post(self, request: web.Request) -> web.Response:
        user, failure = self._rest(request)
        if failure:
            return failure
        body = await request.json()
        refusal = self._refusal(str(user), body)
        if refusal:
            return refusal
        kind = "ugcPost" if "urn:li:video:" in str(body.get("content")) else "share"
        urn = f"urn:li:{kind}:{self._id()}"
        rendered = render_little(body["commentary"])
        self.posts[urn] = {**body, "id": urn, "rendered": rendered, "createdAt": int(time.time() * 1000)}
        return web.Response(status=201, headers={"x-restli-id": urn})

    def _refusal(self, user: str, body: dict[str, Any]) -> web.Response | None:
        required = ("author", "commentary", "visibility", "distribution", "lifecycleState")
        missing = [f for f in required if f not in body]
        if missing:
            return error(
                422,
                "".join(
                    f"ERROR :: /{f} :: field is required but not found and has no default value\n"
                    for f in missing
                ),
            )
        author = body["author"]
        if not self._may_act_as(user, author):
            return error(
                403, f"Not enough permissions to post as {author}", code="ACCESS_DENIED", serviceErrorCode=100
            )
        if len(render_little(body["commentary"])) > 3000:
            return error(422, "ERROR :: /commentary :: length of commentary exceeds 3000")
        problem = self._content_problem(author, body.get("content"))
        if problem:
            return error(422, problem)
        for urn, post in self.posts.items():
            if post["author"] == author and post["commentary"] == body["commentary"]:
                return web.json_response(
                    {
                        "errorDetailType": "com.linkedin.common.error.BadRequest",
                        "message": "com.linkedin.content.common.exception.BadRequestResponseException: "
                        f"Content is a duplicate of {urn}",
                        "errorDetails": {
                            "inputErrors": [
                                {
                                    "description": "Duplicate post is detected",
                                    "input": {},
                                    "code": "DUPLICATE_POST",
                                }
                            ]
                        },
                        "status": 422,
                    },
                    status=422,
                )
        return None

    def _content_problem(self, author: str, content: dict[str, Any] | None) -> str | None:
        if not content:
            return None
        if "multiImage" in content:
            images = content["multiImage"].get("images", [])
            if not 2 <= len(images) <= 20:
                return "ERROR :: /content/multiImage/images :: a multiImage post holds 2 to 20 images"
            ids = [image.get("id", "") for image in images]
        else:
            ids = [content.get("media", {}).get("id", "")]
        for media in ids:
            image, video = self.images.get(media), self.videos.get(media)
            if image is not None:
                if image["owner"] != author or image["data"] is None:
                    return f"ERROR :: /content :: {media} was not uploaded by {author}"
            elif video is not None:
                if video["owner"] != author or video["status"] != "AVAILABLE":
                    return f"ERROR :: /content :: {media} is not AVAILABLE for {author}"
            else:
                return f"ERROR :: /content :: unknown media {media}"
        return None

    async def find_posts(self, request: web.Request) -> web.Response:
        _, failure = self._rest(request)
        if failure:
            return failure
        if request.query.get("q") != "author":
            return error(400, "Unsupported finder", code="ILLEGAL_ARGUMENT")
        author = request.query.get("author", "")
        posts = sorted(
            (p for p in self.posts.values() if p["author"] == author), key=lambda p: -p["createdAt"]
        )
        count = int(request.query.get("count", 10))
        elements = [{k: v for k, v in p.items() if k != "rendered"} for p in posts[:count]]
        return web.json_response({"paging": {"start": 0, "count": count, "links": []}, "elements": elements})

    # --- statistics ------------------------------------------------------------------------------

    @staticmethod
    def _list(value: str) -> list[str]:
        """Rest.li 2.0 `List(a,b)` (already percent-decoded)."""
        return value[5:-1].split(",") if value.startswith("List(") and value.endswith(")") else []

    async def share_statistics(self, request: web.Request) -> web.Response:
        _, failure = self._rest(request)
        if failure:
            return failure
        org = request.query.get("organizationalEntity", "")
        if request.query.get("q") != "organizationalEntity" or not org.startswith("urn:li:organization:"):
            return error(400, "organizationalEntity is required", code="ILLEGAL_ARGUMENT")
        elements = []
        for key, prefix in (("shares", "share"), ("ugcPosts", "ugcPost")):
            for urn in self._list(request.query.get(key, "")):
                post = self.posts.get(urn)
                if post is None or post["author"] != org or not urn.startswith(f"urn:li:{prefix}:"):
                    return error(400, f"{urn} is not a {prefix} of {org}", code="ILLEGAL_ARGUMENT")
                seed = len(post["rendered"])
                totals = {
                    "impressionCount": seed * 10,
                    "uniqueImpressionsCount": seed * 7,
                    "clickCount": seed,
                    "likeCount": 5,
                    "commentCount": 2,
                    "shareCount": 1,
                    "engagement": 0.042,
                }
                elements.append({prefix: urn, "organizationalEntity": org, "totalShareStatistics": totals})
        return web.json_response({"paging": {"start": 0, "count": 10, "links": []}, "elements": elements})

    async def follower_statistics(self, request: web.Request) -> web.Response:
        _, failure = self._rest(request)
        if failure:
            return failure
        span = re.fullmatch(
            r"\(timeRange:\(start:(\d+),end:(\d+)\),timeGranularityType:DAY\)",
            request.query.get("timeIntervals", ""),
        )
        if span is None:
            return error(
                400,
                "timeIntervals must be (timeRange:(start:..,end:..),timeGranularityType:DAY)",
                code="ILLEGAL_ARGUMENT",
            )
        start, end = int(span.group(1)), int(span.group(2))
        day = 86400000
        elements = [
            {
                "timeRange": {"start": t, "end": t + day},
                "followerGains": {"organicFollowerGain": 3, "paidFollowerGain": 1},
                "organizationalEntity": request.query.get("organizationalEntity"),
            }
            for t in range(start, end, day)
        ]
        return web.json_response({"paging": {"start": 0, "count": 10, "links": []}, "elements": elements})

    async def network_size(self, request: web.Request) -> web.Response:
        _, failure = self._rest(request)
        if failure:
            return failure
        if request.query.get("edgeType") != "COMPANY_FOLLOWED_BY_MEMBER":
            return error(400, "edgeType must be COMPANY_FOLLOWED_BY_MEMBER", code="ILLEGAL_ARGUMENT")
        return web.json_response({"firstDegreeSize": self.follower_count})

    async def social_actions(self, request: web.Request) -> web.Response:
        _, failure = self._rest(request)
        if failure:
            return failure
        if not self.grants_member_social:
            return error(
                403,
                "Not enough permissions to access: socialActions.GET",
                code="ACCESS_DENIED",
                serviceErrorCode=100,
            )
        if request.match_info["urn"] not in self.posts:
            return error(404, "Not found", code="NOT_FOUND")
        return web.json_response(
            {
                "likesSummary": {"totalLikes": 9, "likedByCurrentUser": False},
                "commentsSummary": {"totalFirstLevelComments": 3, "aggregatedTotalComments": 4},
            }
        )
