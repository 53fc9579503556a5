"""A fake Bluesky: an AT Protocol PDS (XRPC over /xrpc/{nsid}) and video.bsky.app, over real HTTP.

Shapes follow the lexicons in github.com/bluesky-social/atproto (lexicons/com/atproto/server/*,
repo/*, identity/resolveHandle, app/bsky/feed/post, embed/images, embed/video, video/*) and the docs:
- sessions, rate limits: https://docs.bsky.app/docs/advanced-guides/rate-limits (createSession 30 per
  5 minutes per account; writes 5,000 points per hour, a create costs 3)
- posts and facets: https://docs.bsky.app/docs/advanced-guides/posts (UTF-8 byte offsets)
- video: https://docs.bsky.app/docs/tutorials/video (service token, uploadVideo, getJobStatus)

What the real services enforce, the fake enforces: an expired access JWT is HTTP 400 `ExpiredToken`,
refresh JWTs rotate, app passwords vs the account password (scope `com.atproto.appPass` vs
`com.atproto.access`), the login limit with IETF `RateLimit-*` headers (reset in epoch seconds),
record validation (300 graphemes, facets inside the text, ≤ 4 images with alt, image blobs ≤ 1 MB
checked when the post is written), and video jobs that finish after `video_polls` status reads.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import regex
from aiohttp import web

from tests.fakes.platforms.base import FakePlatform

ACCESS_LIFETIME, REFRESH_LIFETIME = 2 * 3600, 90 * 86400
LOGIN_LIMIT, LOGIN_WINDOW = 30, 300
WRITE_POINTS, WRITE_WINDOW, CREATE_COST = 5000, 3600, 3
IMAGE_MAX, VIDEO_MAX = 1_000_000, 100_000_000
_STATUS: dict[int, type[web.HTTPException]] = {
    400: web.HTTPBadRequest,
    401: web.HTTPUnauthorized,
    413: web.HTTPRequestEntityTooLarge,
    429: web.HTTPTooManyRequests,
}


def xrpc_error(
    status: int, name: str, message: str, headers: dict[str, str] | None = None
) -> web.HTTPException:
    body = json.dumps({"error": name, "message": message})
    return _STATUS[status](text=body, content_type="application/json", headers=headers)


def jwt(claims: dict[str, Any]) -> str:
    """JWT-shaped like the PDS's session tokens (the signature is not checked by anyone here)."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(claims)}.{secrets.token_urlsafe(32)}"


def tid(value: int) -> str:
    """A record key in the TID format: 13 characters of base32-sortable, so newer sorts later."""
    alphabet = "234567abcdefghijklmnopqrstuvwxyz"
    return "".join(alphabet[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def cid_of(data: bytes) -> str:
    return "bafkrei" + base64.b32encode(hashlib.sha256(data).digest()).decode().lower().rstrip("=")[:52]


@dataclass
class Account:
    did: str
    handle: str
    email: str
    password: str  # the account's own password
    app_passwords: set[str]
    display_name: str
    followers: int = 0
    follows: int = 0
    takendown: bool = False


@dataclass
class Token:
    did: str
    scope: str
    expires_at: float
    session: str


@dataclass
class Record:
    uri: str
    cid: str
    did: str
    value: dict[str, Any]
    metrics: dict[str, int] = field(default_factory=dict)


@dataclass
class Job:
    id: str
    did: str
    data: bytes
    polls: int = 0


class FakeBluesky(FakePlatform):
    name = "bluesky"

    def __init__(self, *, video_polls: int = 2) -> None:
        super().__init__()
        self.accounts = {
            a.did: a
            for a in (
                Account(
                    "did:plc:alice4xmzpv2ytkbk7qjthyh",
                    "alice.bsky.social",
                    "alice@example.com",
                    "alice-account-password",
                    {"abcd-efgh-ijkl-mnop"},
                    "Alice",
                    followers=321,
                    follows=45,
                ),
                Account(
                    "did:plc:bob7t5jx2kdn4f6ojq3zmw5b",
                    "bob.bsky.social",
                    "bob@example.com",
                    "b",
                    set(),
                    "Bob",
                ),
            )
        }
        self.access: dict[str, Token] = {}
        self.refresh: dict[str, Token] = {}
        self.service_tokens: dict[str, Token] = {}
        self.logins: dict[str, list[float]] = {}
        self.write_spent: dict[str, int] = {}
        self.window_reset = int(time.time()) + WRITE_WINDOW
        self.blobs: dict[str, tuple[str, str, int]] = {}  # cid → (did, mime type, size)
        self.records: dict[str, Record] = {}
        self.jobs: dict[str, Job] = {}
        self.video_polls = video_polls
        self.fail_video = False
        self._rkeys = itertools.count(int(time.time() * 1_000_000))
        self._routes: dict[str, tuple[str, Callable[[web.Request], Awaitable[web.Response]]]] = {
            "com.atproto.server.createSession": ("POST", self._create_session),
            "com.atproto.server.refreshSession": ("POST", self._refresh_session),
            "com.atproto.server.deleteSession": ("POST", self._delete_session),
            "com.atproto.server.getServiceAuth": ("GET", self._service_auth),
            "com.atproto.identity.resolveHandle": ("GET", self._resolve_handle),
            "com.atproto.repo.uploadBlob": ("POST", self._upload_blob),
            "com.atproto.repo.createRecord": ("POST", self._create_record),
            "com.atproto.repo.listRecords": ("GET", self._list_records),
            "app.bsky.feed.getPosts": ("GET", self._get_posts),
            "app.bsky.actor.getProfile": ("GET", self._get_profile),
            "app.bsky.video.uploadVideo": ("POST", self._upload_video),
            "app.bsky.video.getJobStatus": ("GET", self._job_status),
        }

    @property
    def alice(self) -> Account:
        return self.accounts["did:plc:alice4xmzpv2ytkbk7qjthyh"]

    @property
    def posts(self) -> list[Record]:
        return list(self.records.values())

    def expire_access(self) -> None:
        for token in self.access.values():
            token.expires_at = 0

    def expire_refresh(self) -> None:
        for token in self.refresh.values():
            token.expires_at = 0

    def add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/xrpc/{nsid}", self._dispatch)

    async def _dispatch(self, request: web.Request) -> web.Response:
        route = self._routes.get(request.match_info["nsid"])
        if route is None:
            return web.json_response(
                {"error": "MethodNotImplemented", "message": "Method Not Implemented"}, status=501
            )
        if request.method != route[0]:
            return web.json_response(
                {"error": "InvalidRequest", "message": "Incorrect HTTP method"}, status=400
            )
        return await route[1](request)

    # --- sessions --------------------------------------------------------------------------------

    def _bearer(self, request: web.Request, tokens: dict[str, Token]) -> Token:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise xrpc_error(401, "AuthMissing", "Authentication Required")
        found = tokens.get(header[7:])
        if found is None:
            other = header[7:] in self.access or header[7:] in self.refresh
            raise xrpc_error(
                400, "InvalidToken", "Bad token scope" if other else "Token could not be verified"
            )
        if found.expires_at < time.time():
            raise xrpc_error(400, "ExpiredToken", "Token has expired")  # 400, not 401
        return found

    def _session_body(self, account: Account, scope: str, session: str) -> dict[str, Any]:
        now = time.time()
        access = jwt({"scope": scope, "sub": account.did, "iat": int(now), "exp": int(now) + ACCESS_LIFETIME})
        refresh = jwt({"scope": "com.atproto.refresh", "sub": account.did, "jti": secrets.token_hex(8)})
        self.access[access] = Token(account.did, scope, now + ACCESS_LIFETIME, session)
        self.refresh[refresh] = Token(account.did, scope, now + REFRESH_LIFETIME, session)
        return {
            "accessJwt": access,
            "refreshJwt": refresh,
            "handle": account.handle,
            "did": account.did,
            "didDoc": {
                "@context": ["https://www.w3.org/ns/did/v1"],
                "id": account.did,
                "alsoKnownAs": [f"at://{account.handle}"],
                "service": [
                    {
                        "id": "#atproto_pds",
                        "type": "AtprotoPersonalDataServer",
                        "serviceEndpoint": self.base_url,
                    }
                ],
            },
            "email": account.email,
            "emailConfirmed": True,
            "active": True,
        }

    async def _create_session(self, request: web.Request) -> web.Response:
        body = await request.json()
        identifier = str(body.get("identifier", "")).lower()
        now = time.time()
        recent = [t for t in self.logins.get(identifier, []) if t > now - LOGIN_WINDOW]
        reset = int(min(recent, default=now)) + LOGIN_WINDOW
        headers = {
            "RateLimit-Limit": str(LOGIN_LIMIT),
            "RateLimit-Remaining": str(max(0, LOGIN_LIMIT - len(recent) - 1)),
            "RateLimit-Reset": str(reset),
            "RateLimit-Policy": f"{LOGIN_LIMIT};w={LOGIN_WINDOW}",
        }
        if len(recent) >= LOGIN_LIMIT:
            raise xrpc_error(
                429, "RateLimitExceeded", "Rate Limit Exceeded", {**headers, "RateLimit-Remaining": "0"}
            )
        self.logins[identifier] = [*recent, now]
        account = next((a for a in self.accounts.values() if identifier in (a.handle, a.email, a.did)), None)
        password = str(body.get("password", ""))
        if account is None or (password != account.password and password not in account.app_passwords):
            raise xrpc_error(401, "AuthenticationRequired", "Invalid identifier or password")
        if account.takendown:
            raise xrpc_error(401, "AccountTakedown", "Account has been taken down")
        scope = "com.atproto.access" if password == account.password else "com.atproto.appPass"
        return web.json_response(self._session_body(account, scope, secrets.token_hex(8)), headers=headers)

    async def _refresh_session(self, request: web.Request) -> web.Response:
        token = self._bearer(request, self.refresh)
        del self.refresh[request.headers["Authorization"][7:]]  # rotated: the old refresh JWT is spent
        return web.json_response(self._session_body(self.accounts[token.did], token.scope, token.session))

    async def _delete_session(self, request: web.Request) -> web.Response:
        token = self._bearer(request, self.refresh)
        for tokens in (self.access, self.refresh):
            for key in [k for k, t in tokens.items() if t.session == token.session]:
                del tokens[key]
        return web.Response(status=200)

    async def _service_auth(self, request: web.Request) -> web.Response:
        token = self._bearer(request, self.access)
        query = request.query
        exp = int(query.get("exp", "0") or 0)
        if not query.get("aud", "").startswith("did:web:") or not query.get("lxm"):
            raise xrpc_error(400, "InvalidRequest", "aud (a did:web) and lxm are required")
        if not time.time() < exp <= time.time() + 3600:
            raise xrpc_error(400, "BadExpiration", "expiration must be within the next hour")
        service = jwt({"iss": token.did, "aud": query["aud"], "lxm": query["lxm"], "exp": exp})
        self.service_tokens[service] = Token(token.did, query["lxm"], exp, token.session)
        return web.json_response({"token": service})

    # --- identity, blobs, records ----------------------------------------------------------------

    async def _resolve_handle(self, request: web.Request) -> web.Response:
        handle = request.query.get("handle", "").lower()
        account = next((a for a in self.accounts.values() if a.handle == handle), None)
        if account is None:
            raise xrpc_error(400, "InvalidRequest", "Unable to resolve handle")
        return web.json_response({"did": account.did})

    def _store_blob(self, did: str, data: bytes, mime: str) -> dict[str, Any]:
        cid = cid_of(data)
        self.blobs[cid] = (did, mime, len(data))
        return {"$type": "blob", "ref": {"$link": cid}, "mimeType": mime, "size": len(data)}

    async def _upload_blob(self, request: web.Request) -> web.Response:
        token = self._bearer(request, self.access)
        data = await request.read()
        if len(data) > 50_000_000:
            raise xrpc_error(413, "PayloadTooLarge", "request entity too large")
        blob = self._store_blob(
            token.did, data, request.headers.get("Content-Type", "application/octet-stream")
        )
        return web.json_response({"blob": blob})

    def _spend(self, did: str) -> dict[str, str]:
        if time.time() > self.window_reset:
            self.write_spent.clear()
            self.window_reset = int(time.time()) + WRITE_WINDOW
        spent = self.write_spent.get(did, 0)
        headers = {
            "RateLimit-Limit": str(WRITE_POINTS),
            "RateLimit-Remaining": str(max(0, WRITE_POINTS - spent - CREATE_COST)),
            "RateLimit-Reset": str(self.window_reset),
            "RateLimit-Policy": f"{WRITE_POINTS};w={WRITE_WINDOW}",
        }
        if spent + CREATE_COST > WRITE_POINTS:
            raise xrpc_error(
                429, "RateLimitExceeded", "Rate Limit Exceeded", {**headers, "RateLimit-Remaining": "0"}
            )
        self.write_spent[did] = spent + CREATE_COST
        return headers

    def _invalid(self, message: str) -> web.HTTPException:
        return xrpc_error(400, "InvalidRequest", f"Invalid app.bsky.feed.post record: {message}")

    def _check_blob(self, did: str, blob: Any, kind: str, limit: int) -> None:
        link = ((blob or {}).get("ref") or {}).get("$link") if isinstance(blob, dict) else None
        stored = self.blobs.get(str(link))
        if stored is None or stored[0] != did or not stored[1].startswith(kind):
            raise xrpc_error(400, "InvalidRequest", f"Could not find blob: {link}")
        if stored[2] > limit:
            raise xrpc_error(
                400,
                "BlobTooLarge",
                f"This file is too large. It is {stored[2]} bytes but the maximum is {limit}.",
            )

    def _validate(self, did: str, record: dict[str, Any]) -> None:
        text = record.get("text")
        if record.get("$type") != "app.bsky.feed.post" or not isinstance(text, str):
            raise self._invalid("Record/text must be a string")
        if len(regex.findall(r"\X", text)) > 300 or len(text.encode()) > 3000:
            raise self._invalid("Record/text must not be longer than 300 graphemes")
        try:
            created = datetime.fromisoformat(str(record.get("createdAt")).replace("Z", "+00:00"))
        except ValueError:
            created = None
        if created is None or created.tzinfo is None:
            raise self._invalid("Record/createdAt must be an valid atproto datetime")
        size = len(text.encode())
        for facet in record.get("facets", []):
            index, features = facet.get("index", {}), facet.get("features", [])
            if not 0 <= index.get("byteStart", -1) < index.get("byteEnd", -1) <= size or not features:
                raise self._invalid("Record/facets has a byte range outside the text")
            for feature in features:
                if feature.get("$type", "").endswith("#mention") and not str(feature.get("did")).startswith(
                    "did:"
                ):
                    raise self._invalid("Record/facets/features/did must be a valid did")
        if len(record.get("langs", [])) > 3:
            raise self._invalid("Record/langs must not have more than 3 elements")
        self._check_embed(did, record.get("embed") or {})

    def _check_embed(self, did: str, embed: dict[str, Any]) -> None:
        if embed.get("$type") == "app.bsky.embed.images":
            images = embed.get("images") or []
            if not 1 <= len(images) <= 4 or any(not isinstance(image.get("alt"), str) for image in images):
                raise self._invalid("Record/embed/images must have 1 to 4 images, each with alt")
            for image in images:
                self._check_blob(did, image.get("image"), "image/", IMAGE_MAX)
        elif embed.get("$type") == "app.bsky.embed.video":
            self._check_blob(did, embed.get("video"), "video/mp4", VIDEO_MAX)

    async def _create_record(self, request: web.Request) -> web.Response:
        token = self._bearer(request, self.access)
        body = await request.json()
        if body.get("repo") not in (token.did, self.accounts[token.did].handle):
            raise xrpc_error(400, "InvalidRequest", "Could not find repo")
        if body.get("collection") != "app.bsky.feed.post":
            raise xrpc_error(400, "InvalidRequest", "This fake stores posts only")
        record = body.get("record") or {}
        self._validate(token.did, record)
        headers = self._spend(token.did)
        rkey = tid(next(self._rkeys) << 10)
        uri = f"at://{token.did}/app.bsky.feed.post/{rkey}"
        cid = cid_of(json.dumps(record, sort_keys=True).encode())
        self.records[uri] = Record(uri, cid, token.did, record)
        commit = {"cid": cid_of(uri.encode()), "rev": rkey}
        return web.json_response(
            {"uri": uri, "cid": cid, "commit": commit, "validationStatus": "valid"}, headers=headers
        )

    async def _list_records(self, request: web.Request) -> web.Response:
        repo, limit = request.query.get("repo", ""), int(request.query.get("limit", "50"))
        if not 1 <= limit <= 100:
            raise xrpc_error(400, "InvalidRequest", "limit must be 1 to 100")
        mine = [r for r in self.records.values() if repo in (r.did, self.accounts[r.did].handle)]
        newest = sorted(mine, key=lambda r: r.uri.rsplit("/", 1)[-1], reverse=True)[:limit]
        return web.json_response(
            {"records": [{"uri": r.uri, "cid": r.cid, "value": r.value} for r in newest]}
        )

    # --- AppView reads (proxied by the PDS) ------------------------------------------------------

    async def _get_posts(self, request: web.Request) -> web.Response:
        self._bearer(request, self.access)
        uris = request.query.getall("uris", [])
        if not 1 <= len(uris) <= 25:
            raise xrpc_error(400, "InvalidRequest", "uris must have 1 to 25 elements")
        posts = []
        for record in (self.records[uri] for uri in uris if uri in self.records):
            author = self.accounts[record.did]
            counts = {
                name: record.metrics.get(name, 0) for name in ("likeCount", "repostCount", "replyCount")
            }
            posts.append(
                {
                    "uri": record.uri,
                    "cid": record.cid,
                    "author": {
                        "did": author.did,
                        "handle": author.handle,
                        "displayName": author.display_name,
                    },
                    "record": record.value,
                    **counts,
                    "quoteCount": record.metrics.get("quoteCount", 0),
                    "indexedAt": record.value["createdAt"],
                }
            )
        return web.json_response({"posts": posts})

    async def _get_profile(self, request: web.Request) -> web.Response:
        self._bearer(request, self.access)
        actor = request.query.get("actor", "")
        account = next((a for a in self.accounts.values() if actor in (a.did, a.handle)), None)
        if account is None:
            raise xrpc_error(400, "InvalidRequest", "Profile not found")
        return web.json_response(
            {
                "did": account.did,
                "handle": account.handle,
                "displayName": account.display_name,
                "avatar": f"https://cdn.bsky.app/img/avatar/plain/{account.did}/bafkreiavatar@jpeg",
                "followersCount": account.followers,
                "followsCount": account.follows,
                "postsCount": sum(1 for r in self.records.values() if r.did == account.did),
            }
        )

    # --- video.bsky.app --------------------------------------------------------------------------

    async def _upload_video(self, request: web.Request) -> web.Response:
        header = request.headers.get("Authorization", "")
        token = self.service_tokens.get(header.removeprefix("Bearer "))
        did = request.query.get("did", "")
        valid = token is not None and token.did == did and token.expires_at > time.time()
        if not valid or token is None or token.scope != "com.atproto.repo.uploadBlob":
            raise xrpc_error(401, "AuthenticationRequired", "a service token for uploadBlob is required")
        data = await request.read()
        if not request.headers.get("Content-Type", "").startswith("video/") or data[4:8] != b"ftyp":
            raise xrpc_error(400, "InvalidRequest", "the body must be an MP4 video")
        if len(data) > VIDEO_MAX:
            raise xrpc_error(413, "PayloadTooLarge", "request entity too large")
        job = Job(secrets.token_hex(8), did, data)
        self.jobs[job.id] = job
        return web.json_response({"jobId": job.id, "did": did, "state": "JOB_STATE_CREATED", "progress": 0})

    async def _job_status(self, request: web.Request) -> web.Response:
        job = self.jobs.get(request.query.get("jobId", ""))
        if job is None:
            raise xrpc_error(400, "InvalidRequest", "Job not found")
        job.polls += 1
        status: dict[str, Any] = {"jobId": job.id, "did": job.did}
        if job.polls < self.video_polls:
            status.update(state="JOB_STATE_ENCODING", progress=100 * job.polls // self.video_polls)
        elif self.fail_video:
            status.update(
                state="JOB_STATE_FAILED", error="Video is too long", failureCode="validation_failure"
            )
        else:
            status.update(
                state="JOB_STATE_COMPLETED",
                progress=100,
                blob=self._store_blob(job.did, job.data, "video/mp4"),
            )
        return web.json_response({"jobStatus": status})
