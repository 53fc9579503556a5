"""The sandbox platform (tools/sandbox): a real HTTP server that behaves like a social network.

It is how `make dev` publishes with no cloud account, and how tests inject rate limits, outages and
ambiguous timeouts. The connector is a real one: the same classification rules as any platform.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.platforms import ratelimit
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AuthRevokedError,
    Capabilities,
    ConnectedAccount,
    Credentials,
    NotSupportedError,
    Pending,
    PermanentError,
    PlatformError,
    PostMetrics,
    Published,
    PublishRequest,
    RateLimitedError,
    TokenExpiredError,
    TransientError,
)
from shared.platforms.http import ambiguous_on_create, download, send

POST_METRICS = ("impressions", "reach", "views", "likes", "comments", "shares", "saves", "clicks")
# Ids per metrics request (the server takes up to 100).
METRICS_BATCH = 100

CAPABILITIES = Capabilities(
    max_text_length=5000,
    max_media=4,
    media_kinds=frozenset({"image", "gif", "video"}),
    max_image_bytes=20 * 1024 * 1024,
    max_video_bytes=50 * 1024 * 1024,
    max_video_seconds=600,
    idempotency_keys=True,
    reconcile=True,
    # Its audience model: shared/platforms/sandbox_audience.py (views only for posts with a video).
    post_metrics=POST_METRICS,
    account_metrics=("followers",),
    post_vocabulary={
        "impressions": ("impressions",),
        "reach": ("reach",),
        "views": ("views",),
        "reactions": ("likes",),
        "comments": ("comments",),
        "shares": ("shares",),
        "saves": ("saves",),
        "clicks": ("clicks",),
    },
    account_vocabulary={"followers": ("followers",)},
)
PLATFORM = "sandbox"
NAME = "Sandbox"


def _error_code(response: httpx.Response) -> str:
    try:
        body: Any = response.json()
    except ValueError:
        return ""
    return str(body.get("error", "")) if isinstance(body, dict) else ""


class SandboxConnector:
    platform = "sandbox"
    capabilities = CAPABILITIES

    def __init__(self, base_url: str, client: httpx.AsyncClient) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = client

    async def connect(self, handle: str) -> ConnectedAccount:
        response = await self._send("POST", "/accounts", json={"handle": handle}, creates=False)
        body = response.json()
        return ConnectedAccount(
            external_id=str(body["id"]),
            handle=str(body["handle"]),
            display_name=str(body["handle"]),
            credentials=self._credentials(body),
            url=body.get("url"),
        )

    async def publish(self, credentials: Credentials, request: PublishRequest) -> Published | Pending:
        """Upload the media, then post; videos the platform is still processing make it Pending."""
        uploads = [await self._upload(credentials, item.url, item.content_type) for item in request.media]
        media_ids = [str(u["media_id"]) for u in uploads]
        processing = [u for u in uploads if u.get("status") == "processing"]
        if processing:
            wait = max(int(u.get("check_after_secs") or 1) for u in processing)
            return Pending({"media_ids": media_ids}, check_after=timedelta(seconds=wait))
        return await self._create(credentials, request, media_ids)

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> Published | Pending:
        media_ids = [str(m) for m in state.get("media_ids", [])]
        for media_id in media_ids:
            response = await self._send(
                "GET",
                f"/media/{media_id}",
                headers={"Authorization": f"Bearer {credentials.access_token}"},
                creates=False,
            )
            body = response.json()
            if body.get("status") == "processing":
                wait = int(body.get("check_after_secs") or 1)
                return Pending(state, check_after=timedelta(seconds=wait))
        return await self._create(credentials, request, media_ids)

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        """`GET /metrics/posts?ids=…`: each post's figures now; ids it does not know are left out."""
        found: list[PostMetrics] = []
        for start in range(0, len(external_ids), METRICS_BATCH):
            batch = external_ids[start : start + METRICS_BATCH]
            response = await self._send(
                "GET",
                "/metrics/posts",
                params={"ids": ",".join(batch)},
                headers={"Authorization": f"Bearer {credentials.access_token}"},
                creates=False,
            )
            for post in response.json().get("posts", []):
                metrics = {name: int(post[name]) for name in POST_METRICS if post.get(name) is not None}
                found.append(PostMetrics(str(post["id"]), metrics))
        return found

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        """`GET /metrics/account`: the account's followers today."""
        response = await self._send(
            "GET",
            "/metrics/account",
            headers={"Authorization": f"Bearer {credentials.access_token}"},
            creates=False,
        )
        count = int(response.json()["followers"])
        return AccountMetrics(followers=count, metrics={"followers": count})

    async def revoke(self, credentials: Credentials) -> None:
        raise NotSupportedError("The sandbox platform has no token revocation.")

    async def _create(
        self, credentials: Credentials, request: PublishRequest, media_ids: list[str]
    ) -> Published:
        headers = {"Authorization": f"Bearer {credentials.access_token}"}
        if request.idempotency_key:
            headers["Idempotency-Key"] = request.idempotency_key
        if request.client_reference:
            headers["X-Client-Reference"] = request.client_reference
        response = await self._send(
            "POST",
            "/posts",
            json={"text": request.text, "media_ids": media_ids},
            headers=headers,
            creates=True,
        )
        body = response.json()
        return Published(
            external_id=str(body["id"]), url=body.get("url"), rate=ratelimit.budget(response, "x-ratelimit")
        )

    async def refresh(self, credentials: Credentials) -> Credentials:
        if not credentials.refresh_token:
            raise AuthRevokedError("The sandbox account has no refresh token; reconnect it.")
        try:
            response = await self._send(
                "POST",
                "/oauth/token",
                data={"grant_type": "refresh_token", "refresh_token": credentials.refresh_token},
                creates=False,
            )
        except (PermanentError, TokenExpiredError) as exc:
            # Any refusal of the grant itself means only the person can fix it, by reconnecting.
            raise AuthRevokedError(
                "The sandbox platform refused to refresh the token; reconnect the account."
            ) from exc
        return self._credentials(response.json())

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        response = await self._send(
            "GET",
            "/posts",
            params={"limit": 50},
            headers={"Authorization": f"Bearer {credentials.access_token}"},
            creates=False,
        )
        for post in response.json():
            created = ratelimit.from_iso(str(post["created_at"]))
            if created is None or created < since - timedelta(seconds=5):
                continue
            same_reference = (
                request.client_reference and post.get("client_reference") == request.client_reference
            )
            if same_reference or (not request.client_reference and post.get("text") == request.text):
                return Published(external_id=str(post["id"]), url=post.get("url"))
        return None

    async def _upload(self, credentials: Credentials, url: str, content_type: str) -> dict[str, Any]:
        data = await download(self._client, url)
        response = await self._send(
            "POST",
            "/media",
            content=data,
            headers={"Authorization": f"Bearer {credentials.access_token}", "Content-Type": content_type},
            creates=False,
        )
        body: dict[str, Any] = response.json()
        return body

    def _credentials(self, body: dict[str, Any]) -> Credentials:
        expires_in = int(body.get("expires_in") or 3600)
        return Credentials(
            access_token=str(body["access_token"]),
            refresh_token=body.get("refresh_token"),
            expires_at=datetime.now(UTC) + timedelta(seconds=expires_in),
        )

    async def _send(self, method: str, path: str, *, creates: bool, **kwargs: Any) -> httpx.Response:
        """One request, with every failure classified. `creates`: a timeout may have created something.

        A 5xx to a create is ambiguous unless it carried an Idempotency-Key, which the sandbox replays
        (tools/sandbox/README.md), as Mastodon does.
        """
        url = f"{self.base_url}{path}"
        response = await send(self._client, method, url, creates=creates, name=NAME, **kwargs)
        idempotent = bool((kwargs.get("headers") or {}).get("Idempotency-Key"))
        error = ambiguous_on_create(
            response, self._classify(response), creates=creates, name=NAME, idempotent=idempotent
        )
        if error is not None:
            raise error
        return response

    def _classify(self, response: httpx.Response) -> PlatformError | None:  # noqa: PLR0911 - one per kind
        if response.status_code < 400:
            return None
        code = _error_code(response)
        if response.status_code == 429:
            return RateLimitedError(
                "The sandbox platform's rate limit was reached.",
                reset_at=ratelimit.retry_at(response, reset_header="x-ratelimit-reset"),
            )
        if response.status_code == 401:
            if code == "token_expired":
                return TokenExpiredError("The sandbox access token expired.")
            return AuthRevokedError(
                "The sandbox platform no longer accepts this account's token; reconnect it."
            )
        if response.status_code == 400 and code == "invalid_grant":
            return AuthRevokedError(
                "The sandbox platform refused to refresh the token; reconnect the account."
            )
        if response.status_code >= 500:
            return TransientError(f"The sandbox platform is unavailable (HTTP {response.status_code}).")
        message = "The sandbox platform rejected the post."
        with contextlib.suppress(ValueError):
            message = str(response.json().get("message") or message)
        return PermanentError(message, code=f"sandbox_{code or response.status_code}")
