"""In-memory model of the sandbox platform: accounts, tokens, media, posts, rate windows, counters.

Everything lives in dicts because the sandbox serves benchmarks (a 1,000-post burst, chaos runs): no
request may touch the disk. The server runs on one event loop, so each method here is atomic as long as
the handler does not await in the middle of it; that is what keeps idempotency keys and rate budgets
exact under a burst of concurrent requests without locks.

Time comes from an injectable clock (epoch seconds) so tests can expire tokens, roll rate windows and
age idempotency keys without sleeping.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from shared.platforms import sandbox_audience as audience
from tools.sandbox.faults import FaultBook

__all__ = [
    "DEFAULT_RATE_LIMIT_PER_MINUTE",
    "HANDLE_PATTERN",
    "IDEMPOTENCY_TTL_SECONDS",
    "MAX_MEDIA_BYTES",
    "MAX_TEXT_CHARS",
    "RATE_WINDOW_SECONDS",
    "Account",
    "Clock",
    "CreateResult",
    "Media",
    "Post",
    "RateStatus",
    "Sandbox",
    "SandboxError",
    "TokenPair",
    "iso",
]

Clock = Callable[[], float]

HANDLE_PATTERN = re.compile(r"[a-z0-9_.]{1,30}")
MAX_TEXT_CHARS = 5000
MAX_MEDIA_BYTES = 50 * 1024 * 1024
IDEMPOTENCY_TTL_SECONDS = 24 * 3600
RATE_WINDOW_SECONDS = 60
DEFAULT_RATE_LIMIT_PER_MINUTE = 600


def iso(timestamp: float) -> str:
    """ISO 8601 UTC with microseconds and a ``Z``: precise enough to order a burst of posts."""
    moment = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


class SandboxError(Exception):
    """A platform error response: HTTP status, stable ``error`` code, human message, extra headers."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True)
class RateStatus:
    """The account's create budget as the X-RateLimit-* headers report it."""

    limit: int
    remaining: int
    reset_epoch: int

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_epoch),
        }


@dataclass
class Post:
    id: str
    handle: str
    text: str
    media_ids: tuple[str, ...]
    created_at: float
    client_reference: str | None
    idempotency_key: str | None
    deleted: bool = False


@dataclass(frozen=True)
class Media:
    id: str
    handle: str
    content_type: str
    size: int
    ready_at: float = 0.0  # videos are processed for a while, as on real platforms

    def status(self, now: float) -> str:
        return "ready" if now >= self.ready_at else "processing"


@dataclass
class _AccessGrant:
    handle: str
    expires_at: float


def account_id(handle: str) -> str:
    """An account's id, the same for its handle on every sandbox (a restart, another test's server),
    as a real platform's account keeps its id: connecting it again finds the same account, not a twin."""
    return str(int(hashlib.sha256(handle.encode()).hexdigest()[:15], 16))


@dataclass
class Account:
    id: str
    handle: str
    idempotency: bool
    rate_limit_per_minute: int = DEFAULT_RATE_LIMIT_PER_MINUTE
    window_start: float = 0.0
    window_used: int = 0
    access_tokens: list[str] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    # key -> (post, stored at): a replay within IDEMPOTENCY_TTL_SECONDS returns that post.
    idempotency_keys: dict[str, tuple[Post, float]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "handle": self.handle,
            "idempotency": self.idempotency,
            "rate_limit_per_minute": self.rate_limit_per_minute,
        }


@dataclass(frozen=True)
class CreateResult:
    post: Post
    replayed: bool
    rate: RateStatus


class Sandbox:
    """The whole platform's state; one instance per server."""

    def __init__(self, *, token_ttl_seconds: int, clock: Clock, video_processing_seconds: float = 0) -> None:
        self.token_ttl_seconds = token_ttl_seconds
        self.video_processing_seconds = video_processing_seconds
        self.clock = clock
        self.faults = FaultBook()
        self._accounts: dict[str, Account] = {}
        self._access: dict[str, _AccessGrant] = {}
        self._refresh: dict[str, str] = {}
        # Refresh tokens already exchanged, kept so a reuse is still attributed to its account.
        self._retired_refresh: dict[str, str] = {}
        self._media: dict[str, Media] = {}
        self._posts: dict[str, Post] = {}
        self._received: list[Post] = []
        self._last_id = 0
        self.requests: Counter[str] = Counter()
        self.requests_by_route: Counter[str] = Counter()
        self.token_refreshes: Counter[str] = Counter()
        self.token_refreshes_rejected: Counter[str] = Counter()
        self.faults_applied: Counter[str] = Counter()

    # ------------------------------------------------------------------ ids and accounts

    def _new_id(self) -> str:
        """Numeric, increasing and unique across restarts (millisecond time based), like X's ids.

        Unique across restarts matters: the app keeps external ids in its database, and a restarted
        sandbox handing out "1" again would make reconciliation match the wrong post.
        """
        self._last_id = max(self._last_id + 1, int(self.clock() * 1000) * 1000)
        return str(self._last_id)

    def _issue_tokens(self, account: Account) -> TokenPair:
        access = f"sbx_at_{secrets.token_urlsafe(24)}"
        refresh = f"sbx_rt_{secrets.token_urlsafe(24)}"
        self._access[access] = _AccessGrant(account.handle, self.clock() + self.token_ttl_seconds)
        account.access_tokens.append(access)
        self._refresh[refresh] = account.handle
        return TokenPair(access, refresh, self.token_ttl_seconds)

    def connect(self, handle: str, idempotency: bool | None) -> tuple[Account, TokenPair, bool]:
        """Create the account or re-connect it; returns (account, fresh tokens, created).

        Re-connecting keeps earlier tokens valid, as a second OAuth grant does on real platforms, so
        two test runs sharing a handle do not log each other out.
        """
        if not HANDLE_PATTERN.fullmatch(handle):
            raise SandboxError(422, "invalid_handle", "A handle is 1-30 characters of a-z, 0-9, _ and .")
        account = self._accounts.get(handle)
        created = account is None
        if account is None:
            account = Account(id=account_id(handle), handle=handle, idempotency=True)
            self._accounts[handle] = account
        if idempotency is not None:
            account.idempotency = idempotency
        return account, self._issue_tokens(account), created

    def account(self, handle: str) -> Account | None:
        return self._accounts.get(handle)

    def accounts(self) -> list[Account]:
        return list(self._accounts.values())

    def update_account(
        self,
        handle: str,
        *,
        rate_limit_per_minute: int | None,
        idempotency: bool | None,
        expire_tokens_now: bool,
    ) -> Account:
        account = self._accounts.get(handle)
        if account is None:
            raise SandboxError(404, "not_found", f"No account @{handle}")
        if rate_limit_per_minute is not None:
            account.rate_limit_per_minute = rate_limit_per_minute
        if idempotency is not None:
            account.idempotency = idempotency
        if expire_tokens_now:
            now = self.clock()
            for token in account.access_tokens:
                grant = self._access[token]
                grant.expires_at = min(grant.expires_at, now)
        return account

    # ------------------------------------------------------------------ tokens

    def authenticate(self, authorization: str | None) -> Account:
        scheme, _, token = (authorization or "").partition(" ")
        grant = self._access.get(token.strip()) if scheme.lower() == "bearer" else None
        if grant is None:
            raise SandboxError(
                401,
                "invalid_token",
                "Missing or unknown access token",
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if self.clock() >= grant.expires_at:
            raise SandboxError(
                401,
                "token_expired",
                "The access token has expired; refresh it",
                {"WWW-Authenticate": 'Bearer error="invalid_token", error_description="expired"'},
            )
        return self._accounts[grant.handle]

    def refresh_token_owner(self, refresh_token: str) -> str | None:
        """The handle a live or already-used refresh token belongs to, for counting and faults."""
        return self._refresh.get(refresh_token) or self._retired_refresh.get(refresh_token)

    def note_refresh_call(self, handle: str) -> None:
        self.token_refreshes[handle] += 1

    def refresh(self, refresh_token: str) -> TokenPair:
        """Exchange a refresh token for a new pair; the old refresh token dies (rotation).

        A second exchange of the same token fails with invalid_grant, which is exactly what two
        workers refreshing one account at once would meet on real platforms.
        """
        handle = self._refresh.pop(refresh_token, None)
        if handle is None:
            owner = self._retired_refresh.get(refresh_token)
            if owner is not None:
                self.token_refreshes_rejected[owner] += 1
            raise SandboxError(400, "invalid_grant", "The refresh token is unknown or was already used")
        self._retired_refresh[refresh_token] = handle
        return self._issue_tokens(self._accounts[handle])

    # ------------------------------------------------------------------ rate budget

    def _rate_window(self, account: Account) -> float:
        """Roll the account into the current fixed window (aligned to the epoch minute)."""
        start = math.floor(self.clock() / RATE_WINDOW_SECONDS) * RATE_WINDOW_SECONDS
        if start != account.window_start:
            account.window_start = start
            account.window_used = 0
        return start

    def rate_status(self, account: Account) -> RateStatus:
        start = self._rate_window(account)
        return RateStatus(
            limit=account.rate_limit_per_minute,
            remaining=max(0, account.rate_limit_per_minute - account.window_used),
            reset_epoch=int(start + RATE_WINDOW_SECONDS),
        )

    def rate_limited_error(self, account: Account | None, reset_at: float) -> SandboxError:
        """The 429 a platform sends when the budget is gone, until epoch second ``reset_at``.

        Retry-After is rounded up (less a microsecond of float noise) so a client that waits
        exactly that long never arrives early.
        """
        limit = account.rate_limit_per_minute if account else DEFAULT_RATE_LIMIT_PER_MINUTE
        retry_after = max(0, math.ceil(reset_at - self.clock() - 1e-6))
        return SandboxError(
            429,
            "rate_limited",
            f"Rate limit exceeded; retry in {retry_after} s",
            {
                "Retry-After": str(retry_after),
                "X-RateLimit-Limit": str(limit),
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": str(math.ceil(reset_at - 1e-6)),
            },
        )

    # ------------------------------------------------------------------ media and posts

    def add_media(self, account: Account, content_type: str, size: int) -> Media:
        """Record an upload; the bytes themselves are not kept (a burst of videos must not eat RAM)."""
        processing = self.video_processing_seconds if content_type.startswith("video/") else 0
        media = Media(self._new_id(), account.handle, content_type, size, self.clock() + processing)
        self._media[media.id] = media
        return media

    def get_media(self, account: Account, media_id: str) -> Media:
        media = self._media.get(media_id)
        if media is None or media.handle != account.handle:
            raise SandboxError(404, "not_found", f"Unknown media id {media_id!r}")
        return media

    def create_post(
        self,
        account: Account,
        *,
        text: str,
        media_ids: Iterable[str],
        idempotency_key: str | None,
        client_reference: str | None,
    ) -> CreateResult:
        """Validate, replay an idempotent duplicate, enforce the budget, then create.

        A replay is checked before the budget so a client reconciling after a lost response gets
        its post back even when the window is spent.
        """
        media = tuple(media_ids)
        if len(text) > MAX_TEXT_CHARS:
            raise SandboxError(
                422,
                "text_too_long",
                f"Text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}",
            )
        for media_id in media:
            known = self._media.get(media_id)
            if known is None or known.handle != account.handle:
                raise SandboxError(422, "invalid_media", f"Unknown media id {media_id!r}")
            if known.status(self.clock()) != "ready":
                raise SandboxError(409, "media_not_ready", f"Media {media_id} is still processing")
        if not text and not media:
            raise SandboxError(422, "empty_post", "A post needs text or media")
        now = self.clock()
        if idempotency_key is not None and account.idempotency:
            stored = account.idempotency_keys.get(idempotency_key)
            if stored is not None and now - stored[1] < IDEMPOTENCY_TTL_SECONDS:
                return CreateResult(stored[0], True, self.rate_status(account))
        window_start = self._rate_window(account)
        if account.window_used >= account.rate_limit_per_minute:
            raise self.rate_limited_error(account, window_start + RATE_WINDOW_SECONDS)
        account.window_used += 1
        post = Post(
            id=self._new_id(),
            handle=account.handle,
            text=text,
            media_ids=media,
            created_at=now,
            client_reference=client_reference,
            idempotency_key=idempotency_key,
        )
        if idempotency_key is not None and account.idempotency:
            account.idempotency_keys[idempotency_key] = (post, now)
        account.posts.append(post)
        self._posts[post.id] = post
        self._received.append(post)
        return CreateResult(post, False, self.rate_status(account))

    def recent_posts(self, account: Account, limit: int) -> list[Post]:
        """Newest first, deleted ones left out: what a connector reconciles against."""
        result: list[Post] = []
        for post in reversed(account.posts):
            if not post.deleted:
                result.append(post)
                if len(result) >= limit:
                    break
        return result

    def get_post(self, handle: str, post_id: str) -> Post:
        """The post when it exists, is not deleted and belongs to ``handle``; others' posts are 404."""
        post = self._posts.get(post_id)
        if post is None or post.deleted or post.handle != handle:
            raise SandboxError(404, "not_found", "No such post")
        return post

    def delete_post(self, account: Account, post_id: str) -> None:
        self.get_post(account.handle, post_id).deleted = True

    # ------------------------------------------------------------------ audience (metrics)

    def post_metrics(self, account: Account, post_ids: Iterable[str]) -> list[dict[str, Any]]:
        """Each post's figures now, by the audience model (shared/platforms/sandbox_audience.py).

        Another account's posts, deleted posts and ids from the future are left out. A well-formed id the
        server does not hold (a post made before a restart, or by the demo seed) is measured from the
        creation time its id encodes, as a post without video.
        """
        now = dt.datetime.fromtimestamp(self.clock(), dt.UTC)
        found = []
        for post_id in post_ids:
            post = self._posts.get(post_id)
            if post is not None and (post.deleted or post.handle != account.handle):
                continue
            if audience.published_at(post_id) > now:
                continue
            video = post is not None and any(
                (media := self._media.get(m)) is not None and media.content_type.startswith("video/")
                for m in post.media_ids
            )
            figures = audience.post_figures(account.id, post_id, now, video=video)
            found.append(
                {"id": post_id, "published_at": iso(audience.published_at(post_id).timestamp()), **figures}
            )
        return found

    def account_metrics(self, account: Account) -> dict[str, Any]:
        now = dt.datetime.fromtimestamp(self.clock(), dt.UTC)
        return {"followers": audience.followers(account.id, now.date())}

    # ------------------------------------------------------------------ inspection

    def received(self) -> dict[str, Any]:
        """Every post created since the last reset, deleted ones included: what the platform got."""
        by_handle: Counter[str] = Counter()
        references: Counter[str] = Counter()
        posts = []
        for post in self._received:
            by_handle[post.handle] += 1
            if post.client_reference is not None:
                references[post.client_reference] += 1
            posts.append(
                {
                    "id": post.id,
                    "handle": post.handle,
                    "text": post.text,
                    "media_ids": list(post.media_ids),
                    "created_at": iso(post.created_at),
                    "client_reference": post.client_reference,
                    "idempotency_key": post.idempotency_key,
                    "deleted": post.deleted,
                }
            )
        return {
            "posts": posts,
            "by_handle": dict(by_handle),
            "duplicates": sorted(ref for ref, n in references.items() if n > 1),
        }

    def stats(self) -> dict[str, Any]:
        return {
            "requests": dict(self.requests),
            "requests_by_route": dict(self.requests_by_route),
            "token_refreshes": dict(self.token_refreshes),
            "token_refreshes_rejected": dict(self.token_refreshes_rejected),
            "faults_applied": dict(self.faults_applied),
        }

    def reset(self, *, accounts: bool) -> None:
        """Forget posts, media, faults, counters, idempotency keys and rate windows.

        Accounts and their tokens survive unless asked, so a dev host holding sandbox tokens keeps
        working across test resets.
        """
        self.faults.clear()
        self._media.clear()
        self._posts.clear()
        self._received.clear()
        for counter in (
            self.requests,
            self.requests_by_route,
            self.token_refreshes,
            self.token_refreshes_rejected,
            self.faults_applied,
        ):
            counter.clear()
        for account in self._accounts.values():
            account.posts.clear()
            account.idempotency_keys.clear()
            account.window_start = 0.0
            account.window_used = 0
        if accounts:
            self._accounts.clear()
            self._access.clear()
            self._refresh.clear()
            self._retired_refresh.clear()
