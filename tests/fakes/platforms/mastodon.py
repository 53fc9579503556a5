"""A fake Mastodon server: app registration, OAuth, media processing, statuses, with Mastodon's shapes.

What it reproduces (https://docs.joinmastodon.org/methods/): apps registered per server with their
redirect URIs; PKCE when the client sends a challenge (4.3+), plain codes otherwise; tokens with no
expiry and no refresh token; `POST /api/v2/media` answering 200 for images and 202 (url null) for
video and GIFs, which `GET /api/v1/media/:id` reports as 206 for `processing_polls` polls; statuses
validated against the server's limits (graphemes, URLs as 23, one video alone) with 422
`{"error": "..."}`; `Idempotency-Key` dedupe; HTML `content` with Mastodon's link spans; and the
`X-RateLimit-*` headers (reset as ISO 8601) on every API answer.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import regex
from aiohttp import web

from tests.fakes.platforms.base import FakePlatform, read_form

SUPPORTED = (
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "video/mp4",
    "video/webm",
    "video/quicktime",
)
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_TAG = re.compile(r"(?<![\w/])#(\w+)")
_REMOTE_MENTION = re.compile(r"(?<![=/\w])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)@[\w.-]+\w", re.IGNORECASE)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def status_length(text: str, spoiler_text: str, reserved: int) -> int:
    countable = _URL.sub("x" * reserved, text)
    countable = _REMOTE_MENTION.sub(lambda m: "@" + m.group(1), countable)
    return len(regex.findall(r"\X", spoiler_text + countable))


def _link(url: str) -> str:
    """Mastodon's link markup: scheme (and www.) hidden, the first 30 characters shown, the rest hidden."""
    prefix = re.match(r"https?://(www\.)?", url)
    hidden = prefix.group(0) if prefix else ""
    shown, rest = url[len(hidden) : len(hidden) + 30], url[len(hidden) + 30 :]
    return (
        f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener" translate="no">'
        f'<span class="invisible">{html.escape(hidden)}</span>'
        f'<span class="{"ellipsis" if rest else ""}">{html.escape(shown)}</span>'
        f'<span class="invisible">{html.escape(rest)}</span></a>'
    )


def to_html(text: str, base_url: str) -> str:
    """Plain text as Mastodon renders a local status: paragraphs, <br />, linked URLs and hashtags."""

    def inline(line: str) -> str:
        out, last = [], 0
        for match in _URL.finditer(line):
            out += [html.escape(line[last : match.start()]), _link(match.group(0))]
            last = match.end()
        out.append(html.escape(line[last:]))
        return _TAG.sub(
            lambda m: (
                f'<a href="{base_url}/tags/{m.group(1).lower()}" class="mention hashtag" rel="tag">'
                f"#<span>{m.group(1)}</span></a>"
            ),
            "".join(out),
        )

    paragraphs = [p for p in re.split(r"\n{2,}", text.strip()) if p]
    return "".join("<p>" + "<br />".join(inline(line) for line in p.split("\n")) + "</p>" for p in paragraphs)


@dataclass
class Media:
    id: str
    owner: str
    type: str
    description: str | None
    size: int
    polls_left: int
    status_id: str | None = None

    def entity(self, base_url: str) -> dict[str, Any]:
        ready = self.polls_left <= 0
        return {
            "id": self.id,
            "type": self.type,
            "url": f"{base_url}/system/media_attachments/{self.id}/original" if ready else None,
            "preview_url": f"{base_url}/system/media_attachments/{self.id}/small",
            "remote_url": None,
            "meta": {},
            "description": self.description,
            "blurhash": "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}",
        }


@dataclass
class Account:
    id: str
    username: str
    display_name: str
    followers_count: int = 42
    following_count: int = 7
    statuses_count: int = 0
    remaining: int = 300
    extra: dict[str, Any] = field(default_factory=dict)


class FakeMastodon(FakePlatform):
    name = "mastodon"

    def __init__(self) -> None:
        super().__init__()
        self.clients = {}  # only apps registered through POST /api/v1/apps
        self.apps: list[dict[str, Any]] = []
        self.accounts: dict[str, Account] = {"alice": Account("109000000000000001", "alice", "Alice Example")}
        self.approving_user = "alice"  # who consents at /oauth/authorize
        self.limits: dict[str, int] = {
            "max_characters": 500,
            "max_media_attachments": 4,
            "characters_reserved_per_url": 23,
            "image_size_limit": 16_777_216,
            "video_size_limit": 103_809_024,
        }
        self.processing_polls = 2  # GET /api/v1/media/:id answers 206 this many times for video
        self.media: dict[str, Media] = {}
        self.statuses: list[dict[str, Any]] = []
        self.idempotency: dict[tuple[str, str], str] = {}
        self._ids = itertools.count(110_000_000_000_000_001)

    # --- test helpers ------------------------------------------------------------------------------

    def rate_limit(self, method: str, path: str, reset: datetime) -> None:
        self.fail_next(
            method,
            path,
            status=429,
            json_body={"error": "Too many requests"},
            headers={
                "X-RateLimit-Limit": "300",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": iso(reset),
            },
        )

    def status(self, status_id: str) -> dict[str, Any]:
        return next(s for s in self.statuses if s["id"] == status_id)

    # --- routes ------------------------------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        app.router.add_post("/api/v1/apps", self._register_app)
        app.router.add_get("/oauth/authorize", self._authorize)
        app.router.add_post("/oauth/token", self._token)
        app.router.add_post("/oauth/revoke", self._revoke)
        app.router.add_get("/api/v2/instance", self._instance)
        app.router.add_get("/api/v1/accounts/verify_credentials", self._verify_credentials)
        app.router.add_get("/api/v1/accounts/{id}/statuses", self._account_statuses)
        app.router.add_post("/api/v2/media", self._upload)
        app.router.add_get("/api/v1/media/{id}", self._get_media)
        app.router.add_post("/api/v1/statuses", self._create_status)
        app.router.add_get("/api/v1/statuses/{id}", self._get_status)

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            body = json.loads(await request.read() or b"{}")
            return body if isinstance(body, dict) else {}
        fields, _ = await read_form(request)
        return dict(fields)

    async def _register_app(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        if not params.get("client_name"):
            return _error(422, "Validation failed: Application name can't be blank")
        uris = params.get("redirect_uris") or ""
        redirect_uris = uris if isinstance(uris, list) else str(uris).split()
        if not redirect_uris:
            return _error(422, "Validation failed: Redirect URI can't be blank")
        client_id, client_secret = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.clients[client_id] = client_secret
        app = {
            "id": str(len(self.apps) + 1),
            "name": params["client_name"],
            "website": params.get("website"),
            "scopes": str(params.get("scopes") or "read").split(),
            "redirect_uri": "\n".join(redirect_uris),
            "redirect_uris": redirect_uris,
            "client_id": client_id,
            "client_secret": client_secret,
            "client_secret_expires_at": 0,
        }
        self.apps.append(app)
        return web.json_response(app)

    def _app(self, client_id: str) -> dict[str, Any] | None:
        return next((a for a in self.apps if a["client_id"] == client_id), None)

    async def _authorize(self, request: web.Request) -> web.Response:
        app = self._app(request.query.get("client_id", ""))
        if app is None or request.query.get("redirect_uri") not in app["redirect_uris"]:
            return _error(400, "invalid_redirect_uri")  # Doorkeeper shows an error page, no redirect
        if not set(request.query.get("scope", "read").split()) <= set(app["scopes"]):
            return _error(400, "invalid_scope")
        return self.authorize(request)

    async def _token(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await self._params(request)).items()}
        if form.get("grant_type") != "authorization_code":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        problem = self.redeem_code(
            form,
            client_id=form.get("client_id", ""),
            client_secret=form.get("client_secret", ""),
            require_pkce=False,
        )
        if problem == "invalid_client":
            return web.json_response({"error": "invalid_client"}, status=401)
        if problem:
            return web.json_response(
                {"error": problem, "error_description": "The provided grant is invalid."}, status=400
            )
        issued = self.issue_tokens(self.approving_user, lifetime=10 * 365 * 86400, refresh=False)
        return web.json_response(
            {
                "access_token": issued["access_token"],
                "token_type": "Bearer",
                "scope": "read write",
                "created_at": int(time.time()),
            }
        )

    async def _revoke(self, request: web.Request) -> web.Response:
        form = await self._params(request)
        if self.clients.get(str(form.get("client_id"))) != form.get("client_secret"):
            return web.json_response(
                {
                    "error": "unauthorized_client",
                    "error_description": "You are not authorized to revoke this token",
                },
                status=403,
            )
        self.access_tokens.pop(str(form.get("token")), None)
        return web.json_response({})

    async def _instance(self, request: web.Request) -> web.Response:
        limits = self.limits
        return web.json_response(
            {
                "domain": "social.example",
                "title": "Fake Social",
                "version": "4.3.0",
                "configuration": {
                    "statuses": {
                        "max_characters": limits["max_characters"],
                        "max_media_attachments": limits["max_media_attachments"],
                        "characters_reserved_per_url": limits["characters_reserved_per_url"],
                    },
                    "media_attachments": {
                        "supported_mime_types": list(SUPPORTED),
                        "image_size_limit": limits["image_size_limit"],
                        "video_size_limit": limits["video_size_limit"],
                    },
                },
            }
        )

    def _user(self, request: web.Request) -> Account | None:
        state, user = self.token_state(request)
        return self.accounts[user] if state == "ok" and user else None

    def _json(self, account: Account, body: Any, status: int = 200) -> web.Response:
        """An API answer with the rate-limit headers (https://docs.joinmastodon.org/api/rate-limits/)."""
        account.remaining = max(account.remaining - 1, 0)
        reset = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=5)
        headers = {
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": str(account.remaining),
            "X-RateLimit-Reset": iso(reset),
        }
        return web.json_response(body, status=status, headers=headers)

    def _account_entity(self, account: Account) -> dict[str, Any]:
        return {
            "id": account.id,
            "username": account.username,
            "acct": account.username,
            "display_name": account.display_name,
            "url": f"{self.base_url}/@{account.username}",
            "avatar": f"{self.base_url}/avatars/{account.id}.png",
            "followers_count": account.followers_count,
            "following_count": account.following_count,
            "statuses_count": account.statuses_count,
            **account.extra,
        }

    async def _verify_credentials(self, request: web.Request) -> web.Response:
        account = self._user(request)
        if account is None:
            return _error(401, "The access token is invalid")
        return self._json(account, {**self._account_entity(account), "source": {"privacy": "public"}})

    async def _account_statuses(self, request: web.Request) -> web.Response:
        account = self._user(request)
        if account is None:
            return _error(401, "The access token is invalid")
        limit = min(int(request.query.get("limit", "20")), 40)
        own = [s for s in reversed(self.statuses) if s["account"]["id"] == request.match_info["id"]]
        return self._json(account, own[:limit])

    async def _upload(self, request: web.Request) -> web.Response:
        account = self._user(request)
        if account is None:
            return _error(401, "The access token is invalid")
        fields, files = await read_form(request)
        upload = files.get("file")
        if upload is None:
            return _error(422, "Validation failed: File can't be blank")
        if upload.content_type not in SUPPORTED:
            return _error(422, "Validation failed: File content type is invalid, File is invalid")
        video_like = upload.content_type.startswith("video/") or upload.content_type == "image/gif"
        limit = self.limits[
            "video_size_limit" if upload.content_type.startswith("video/") else "image_size_limit"
        ]
        if len(upload.data) > limit:
            return _error(422, f"Validation failed: File file size must be less than {limit // 1048576} MB")
        kind = "gifv" if upload.content_type == "image/gif" else "video" if video_like else "image"
        media = Media(
            str(next(self._ids)),
            account.username,
            kind,
            fields.get("description"),
            len(upload.data),
            self.processing_polls if video_like else 0,
        )
        self.media[media.id] = media
        return self._json(account, media.entity(self.base_url), status=202 if video_like else 200)

    async def _get_media(self, request: web.Request) -> web.Response:
        account = self._user(request)
        if account is None:
            return _error(401, "The access token is invalid")
        media = self.media.get(request.match_info["id"])
        if media is None or media.owner != account.username:
            return _error(404, "Record not found")
        if media.polls_left > 0:
            media.polls_left -= 1
            return web.Response(status=206)
        return self._json(account, media.entity(self.base_url))

    async def _create_status(self, request: web.Request) -> web.Response:
        account = self._user(request)
        if account is None:
            return _error(401, "The access token is invalid")
        key = request.headers.get("Idempotency-Key")
        if key and (account.username, key) in self.idempotency:
            return self._json(account, self.status(self.idempotency[(account.username, key)]))
        params = await self._params(request)
        media_ids = params.get("media_ids") or params.get("media_ids[]") or []
        media_ids = [str(m) for m in (media_ids if isinstance(media_ids, list) else [media_ids])]
        problem, media = self._validate(account, params, media_ids)
        if problem:
            return _error(422, problem)
        status_id = str(next(self._ids))
        text = str(params.get("status") or "")
        for item in media:
            item.status_id = status_id
        status = {
            "id": status_id,
            "created_at": iso(datetime.now(UTC)),
            "sensitive": bool(params.get("sensitive")),
            "spoiler_text": str(params.get("spoiler_text") or ""),
            "visibility": params.get("visibility") or "public",
            "language": params.get("language"),
            "uri": f"{self.base_url}/users/{account.username}/statuses/{status_id}",
            "url": f"{self.base_url}/@{account.username}/{status_id}",
            "replies_count": 0,
            "reblogs_count": 0,
            "favourites_count": 0,
            "content": to_html(text, self.base_url),
            "account": self._account_entity(account),
            "media_attachments": [m.entity(self.base_url) for m in media],
            "application": {"name": "clickKloudy", "website": None},
        }
        self.statuses.append(status)
        account.statuses_count += 1
        if key:
            self.idempotency[(account.username, key)] = status_id
        return self._json(account, status)

    def _validate(
        self, account: Account, params: dict[str, Any], media_ids: list[str]
    ) -> tuple[str, list[Media]]:
        """PostStatusService's checks, with its messages (config/locales/en.yml)."""
        media = [self.media.get(m) for m in media_ids]
        found = [m for m in media if m is not None and m.owner == account.username and m.status_id is None]
        text = str(params.get("status") or "")
        limits = self.limits
        length = status_length(
            text, str(params.get("spoiler_text") or ""), limits["characters_reserved_per_url"]
        )
        checks = [
            (len(found) != len(media_ids), "Validation failed: Media attachments are invalid"),
            (
                len(found) > limits["max_media_attachments"],
                f"Cannot attach more than {limits['max_media_attachments']} files",
            ),
            (
                len(found) > 1 and any(m.type == "video" for m in found),
                "Cannot attach a video to a post that already contains images",
            ),
            (
                any(m.polls_left > 0 for m in found),
                "Cannot attach files that have not finished processing. Try again in a moment!",
            ),
            (not text.strip() and not found, "Validation failed: Text can't be blank"),
            (
                params.get("visibility", "public") not in ("public", "unlisted", "private", "direct"),
                "Validation failed: Visibility is not included in the list",
            ),
            (
                length > limits["max_characters"],
                f"Validation failed: Text character limit of {limits['max_characters']} exceeded",
            ),
        ]
        problem = next((message for failed, message in checks if failed), "")
        return problem, [] if problem else found

    async def _get_status(self, request: web.Request) -> web.Response:
        account = self._user(request)
        if account is None:
            return _error(401, "The access token is invalid")
        found = next((s for s in self.statuses if s["id"] == request.match_info["id"]), None)
        if found is None:
            return _error(404, "Record not found")
        return self._json(account, found)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)
