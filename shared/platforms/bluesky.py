"""Bluesky (AT Protocol): app-password sessions, posts with facets, images, video, metrics.

Connecting takes a handle (or email), an app password and, optionally, the hosting provider's URL
(default https://bsky.social). A session is precious: createSession allows 30 logins per 5 minutes
and 300 a day per account (https://docs.bsky.app/docs/advanced-guides/rate-limits), so `refresh`
uses refreshSession and logs in again with the app password (sealed in `Credentials.extra`) only
when the refresh JWT itself is dead. Account passwords are refused: only an app password is stored.

Options read from `request.options`:
- `langs`: a language tag or a list of up to 3 (BCP 47, e.g. "en", "pt-BR"), stored on the post.

Video goes to Bluesky's video service first (https://docs.bsky.app/docs/tutorials/video): `publish`
returns `Pending` while the job runs, and `check_status` creates the post with the processed blob.
Bluesky has no idempotency key; an ambiguous create is settled by reading the repo's latest posts.

The hosting provider is whatever the person typed, and the PDS is whatever its DID document says:
every XRPC call goes through the egress guard (`USER_NAMED_HOSTS`: the `egress` client), so neither
can point our calls (with the account's tokens) at a private or reserved address.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx

from shared.adapters.egress import EgressClient
from shared.config import Settings
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    AuthSpec,
    Capabilities,
    ConnectedAccount,
    CredentialField,
    Credentials,
    MediaItem,
    Pending,
    PermanentError,
    PostMetrics,
    Published,
    PublishOutcome,
    PublishRequest,
    TokenExpiredError,
    TransientError,
)
from shared.platforms.bluesky_xrpc import (
    DEFAULT_SERVICE,
    DOCUMENTED_ERRORS,  # noqa: F401 - part of the module contract
    atproto_now,
    claims,
    classify,
    job_status,
    pds_endpoint,
    record_langs,
    service_url,
)
from shared.platforms.http import ambiguous_on_create, download, hosts, json_body, send
from shared.platforms.oauth import is_overridden
from shared.platforms.ratelimit import budget, from_iso
from shared.platforms.text import bluesky_facets

PLATFORM = "bluesky"
NAME = "Bluesky"
HOSTS = {"service": DEFAULT_SERVICE, "video": "https://video.bsky.app"}
USER_NAMED_HOSTS = True  # built with the egress client: the service and PDS are named by people

AUTH = AuthSpec(
    kind="credentials",
    fields=(
        CredentialField("handle", "Handle or email (e.g. you.bsky.social)"),
        CredentialField(
            "app_password", "App password (Settings → Privacy and security → App passwords)", secret=True
        ),
        CredentialField("service", "Hosting provider URL (empty for bsky.social)", required=False),
    ),
)

POST_METRICS = {
    "likes": "likeCount",
    "reposts": "repostCount",
    "replies": "replyCount",
    "quotes": "quoteCount",
}
ACCOUNT_METRICS = {"following": "followsCount", "posts": "postsCount"}

CAPABILITIES = Capabilities(
    # Lexicons in github.com/bluesky-social/atproto: app/bsky/feed/post.json (text 300 graphemes,
    # langs ≤ 3), app/bsky/embed/images.json (≤ 4 images, blob maxSize 1,000,000 bytes, alt required).
    max_text_length=300,
    text_counting="graphemes",
    max_media=4,
    media_kinds=frozenset({"image", "video"}),
    max_images=4,
    max_videos=1,
    mixed_media=False,
    max_image_bytes=1_000_000,
    # One video per post, up to 3 minutes and 100 MB (https://bsky.app/profile/bsky.app/post/3lk26lxn6sk2u).
    max_video_bytes=100_000_000,
    max_video_seconds=180,
    post_metrics=tuple(POST_METRICS),
    account_metrics=tuple(ACCOUNT_METRICS),
    post_vocabulary={
        "reactions": ("likes",),
        "comments": ("replies",),
        "shares": ("reposts", "quotes"),
    },
    account_vocabulary={"followers": ("followers",)},
    reconcile=True,
)

UPLOAD_TIMEOUT = 300.0  # a 100 MB video on a slow link; never used for a create
VIDEO_CHECK = timedelta(seconds=3)
POST = "app.bsky.feed.post"
ACCOUNT_PASSWORD_SCOPE = "com.atproto.access"  # app passwords give com.atproto.appPass(Privileged)
_MENTION = re.compile(r"@([a-zA-Z0-9.-]+\.[a-zA-Z]{2,})")


def _check_media(media: tuple[MediaItem, ...]) -> None:
    kinds = [item.kind for item in media]
    if any(kind not in CAPABILITIES.media_kinds for kind in kinds):
        raise PermanentError("Bluesky takes images and videos only.", code="invalid_media")
    if len(kinds) > CAPABILITIES.max_media or ("video" in kinds and len(kinds) > 1):
        raise PermanentError("Bluesky takes up to 4 images, or one video.", code="invalid_media")


class BlueskyConnector:
    platform = PLATFORM
    capabilities = CAPABILITIES
    auth = AUTH

    def __init__(self, settings: Settings, client: httpx.AsyncClient, egress: EgressClient) -> None:
        """`client` reads our own media; `egress` (guarded) makes every XRPC call."""
        self._client = client
        self._egress = egress
        self._hosts = hosts(settings, PLATFORM, HOSTS)
        self._fixed = is_overridden(settings, PLATFORM)  # every host is one server (tests, sandbox)

    # --- sessions ----------------------------------------------------------------------------

    async def connect_with(self, fields: dict[str, str]) -> list[ConnectedAccount]:
        identifier = (fields.get("handle") or fields.get("identifier") or "").strip().removeprefix("@")
        password = (fields.get("app_password") or "").strip()
        service = service_url(fields.get("service"))
        if not identifier or not password:
            raise PermanentError(
                "Enter the account's handle and an app password.", code="invalid_credentials"
            )
        try:
            credentials = await self._login(identifier, password, service)
        except AuthRevokedError as exc:
            raise PermanentError(
                "Bluesky did not accept this handle and app password.", code="invalid_credentials"
            ) from exc
        if claims(credentials.access_token).get("scope") == ACCOUNT_PASSWORD_SCOPE:
            await self.revoke(credentials)
            raise PermanentError(
                "That is the account's own password. Create an app password in Bluesky "
                "(Settings → Privacy and security → App passwords) and use it instead.",
                code="app_password_required",
            )
        did, handle = credentials.extra["did"], credentials.extra["handle"]
        profile = json_body(
            await self._call(credentials, "GET", "app.bsky.actor.getProfile", params={"actor": did})
        )
        return [
            ConnectedAccount(
                external_id=did,
                handle=handle,
                display_name=str(profile.get("displayName") or handle),
                credentials=credentials,
                url=f"https://bsky.app/profile/{handle}",
                avatar_url=profile.get("avatar"),
                metadata={"did": did, "service": service},
            )
        ]

    async def refresh(self, credentials: Credentials) -> Credentials:
        """refreshSession first; a new login (rate limited) only when the refresh JWT is dead."""
        if credentials.refresh_token:
            try:
                response = await self._call(
                    credentials, "POST", "com.atproto.server.refreshSession", token=credentials.refresh_token
                )
                return self._session(json_body(response), credentials.extra)
            except (TokenExpiredError, AuthRevokedError):
                pass
        identifier, password = credentials.extra.get("identifier"), credentials.extra.get("app_password")
        if not identifier or not password:
            raise AuthRevokedError("The Bluesky session ended; connect the account again.")
        return await self._login(identifier, password, credentials.extra.get("service") or DEFAULT_SERVICE)

    async def revoke(self, credentials: Credentials) -> None:
        """deleteSession ends our session; the app password itself stays valid until the person
        revokes it in Bluesky's settings."""
        if not credentials.refresh_token:
            return
        try:
            await self._call(
                credentials, "POST", "com.atproto.server.deleteSession", token=credentials.refresh_token
            )
        except TokenExpiredError:
            return  # the session had already ended

    async def _login(self, identifier: str, password: str, service: str) -> Credentials:
        response = await self._call(
            None,
            "POST",
            "com.atproto.server.createSession",
            host=self._hosts["service"] if self._fixed else service,
            json={"identifier": identifier, "password": password},
        )
        extra = {"identifier": identifier, "app_password": password, "service": service}
        return self._session(json_body(response), extra)

    def _session(self, body: Any, extra: dict[str, str]) -> Credentials:
        if not isinstance(body, dict) or not body.get("accessJwt") or not body.get("did"):
            raise TransientError("Bluesky answered the login without a session.")
        if body.get("active") is False:
            status = body.get("status") or "inactive"
            raise AuthRevokedError(f"The Bluesky account is {status}; it cannot publish.")
        exp = claims(str(body["accessJwt"])).get("exp")
        pds = pds_endpoint(body.get("didDoc")) or extra.get("pds") or extra.get("service") or DEFAULT_SERVICE
        return Credentials(
            access_token=str(body["accessJwt"]),
            refresh_token=str(body.get("refreshJwt") or "") or None,
            expires_at=datetime.fromtimestamp(exp, UTC) if isinstance(exp, int | float) else None,
            extra={
                **extra,
                "did": str(body["did"]),
                "handle": str(body.get("handle") or body["did"]),
                "pds": pds,
            },
        )

    # --- publishing --------------------------------------------------------------------------

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        langs = record_langs(request.options)
        _check_media(request.media)
        video = next((item for item in request.media if item.kind == "video"), None)
        if video is not None:
            state = await self._upload_video(credentials, video)
            return (
                await self.check_status(credentials, request, state)
                if "blob" in state
                else self._pending(state)
            )
        images = [await self._upload_image(credentials, item) for item in request.media]
        embed = {"$type": "app.bsky.embed.images", "images": images} if images else None
        return await self._create(credentials, request, await self._record(request.text, langs, embed))

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        """Ask the video service about the job; once it holds the blob, create the post."""
        blob = state.get("blob")
        if blob is None:
            response = await self._call(
                None,
                "GET",
                "app.bsky.video.getJobStatus",
                host=self._hosts["video"],
                params={"jobId": state["job_id"]},
            )
            job = job_status(json_body(response))
            blob = job.get("blob")  # present even for a failed job when the video was processed before
            if blob is None and job.get("state") == "JOB_STATE_FAILED":
                reason = job.get("error") or job.get("message") or job.get("failureCode") or "unknown reason"
                raise PermanentError(
                    f"Bluesky could not process the video: {reason}.", code="media_processing_failed"
                )
            if blob is None:
                return self._pending(state)
        embed: dict[str, Any] = {"$type": "app.bsky.embed.video", "video": blob}
        if state.get("alt"):
            embed["alt"] = state["alt"]
        if state.get("aspect"):
            embed["aspectRatio"] = {"width": state["aspect"][0], "height": state["aspect"][1]}
        record = await self._record(request.text, record_langs(request.options), embed)
        return await self._create(credentials, request, record)

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """The repo's newest posts (listRecords reads the PDS itself, with no AppView delay), matched
        on exact text and a creation time after the attempt began."""
        response = await self._call(
            credentials,
            "GET",
            "com.atproto.repo.listRecords",
            params={"repo": credentials.extra["did"], "collection": POST, "limit": 25},
        )
        earliest = since - timedelta(seconds=30)  # clock skew between us and the record's createdAt
        for record in json_body(response).get("records") or []:
            value = record.get("value") or {}
            created = from_iso(value.get("createdAt"))
            if value.get("text") == request.text and created is not None and created >= earliest:
                return Published(str(record["uri"]), self._url(credentials, request, str(record["uri"])))
        return None

    def _pending(self, state: dict[str, Any]) -> Pending:
        return Pending(state=state, check_after=VIDEO_CHECK, message="Bluesky is processing the video.")

    async def _record(self, text: str, langs: list[str], embed: dict[str, Any] | None) -> dict[str, Any]:
        """An app.bsky.feed.post record; createdAt is now, the moment it is written."""
        record: dict[str, Any] = {"$type": POST, "text": text, "createdAt": atproto_now()}
        facets = bluesky_facets(text, await self._resolve_mentions(text))
        if facets:
            record["facets"] = facets
        if langs:
            record["langs"] = langs
        if embed:
            record["embed"] = embed
        return record

    async def _resolve_mentions(self, text: str) -> dict[str, str]:
        """handle → DID for each @mention; a handle that does not resolve stays plain text."""
        found: dict[str, str] = {}
        for handle in sorted({m.group(1).lower() for m in _MENTION.finditer(text)})[:20]:
            try:
                response = await self._call(
                    None, "GET", "com.atproto.identity.resolveHandle", params={"handle": handle}
                )
            except PermanentError:
                continue
            found[handle] = str(json_body(response)["did"])
        return found

    async def _upload_image(self, credentials: Credentials, item: MediaItem) -> dict[str, Any]:
        data = await download(self._client, item.url)
        if len(data) > CAPABILITIES.max_image_bytes:
            raise PermanentError("An image is larger than Bluesky allows (1 MB).", code="media_too_large")
        response = await self._call(
            credentials,
            "POST",
            "com.atproto.repo.uploadBlob",
            content=data,
            headers={"Content-Type": item.content_type},
            timeout=UPLOAD_TIMEOUT,
        )
        image: dict[str, Any] = {"alt": item.alt_text, "image": json_body(response)["blob"]}
        if item.width and item.height:
            image["aspectRatio"] = {"width": item.width, "height": item.height}
        return image

    async def _upload_video(self, credentials: Credentials, item: MediaItem) -> dict[str, Any]:
        """A service token for our PDS (aud did:web:<pds host>, lxm uploadBlob), then the bytes to
        the video service, which stores the processed blob on the PDS for us."""
        data = await download(self._client, item.url)
        pds_host = urlsplit(self._pds(credentials)).hostname
        auth = await self._call(
            credentials,
            "GET",
            "com.atproto.server.getServiceAuth",
            params={
                "aud": f"did:web:{pds_host}",
                "lxm": "com.atproto.repo.uploadBlob",
                "exp": int(time.time()) + 1800,
            },
        )
        response = await send(
            self._egress,
            "POST",
            f"{self._hosts['video']}/xrpc/app.bsky.video.uploadVideo",
            params={"did": credentials.extra["did"], "name": "video.mp4"},
            content=data,
            headers={
                "Authorization": f"Bearer {json_body(auth)['token']}",
                "Content-Type": item.content_type,
            },
            timeout=UPLOAD_TIMEOUT,
            creates=False,
            name=NAME,
        )
        job = job_status(json_body(response))
        if not job.get("blob") and not job.get("jobId"):
            raise classify(response) or TransientError("Bluesky's video service sent no job.")
        state: dict[str, Any] = {"alt": item.alt_text}
        if item.width and item.height:
            state["aspect"] = [item.width, item.height]
        state.update({"blob": job["blob"]} if job.get("blob") else {"job_id": str(job["jobId"])})
        return state

    async def _create(
        self, credentials: Credentials, request: PublishRequest, record: dict[str, Any]
    ) -> Published:
        response = await self._call(
            credentials,
            "POST",
            "com.atproto.repo.createRecord",
            json={"repo": credentials.extra["did"], "collection": POST, "record": record},
            creates=True,
        )
        body = json_body(response)
        uri = body.get("uri") if isinstance(body, dict) else None
        if not uri:
            raise AmbiguousError(
                "Bluesky accepted the post but sent no URI.", http_status=response.status_code
            )
        return Published(
            str(uri), self._url(credentials, request, str(uri)), rate=budget(response, "ratelimit")
        )

    def _url(self, credentials: Credentials, request: PublishRequest, uri: str) -> str:
        """at://did/app.bsky.feed.post/rkey → https://bsky.app/profile/{handle}/post/{rkey}."""
        handle = request.account.handle or credentials.extra.get("handle") or credentials.extra["did"]
        return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}"

    # --- metrics -----------------------------------------------------------------------------

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        """app.bsky.feed.getPosts takes 25 AT URIs a call; deleted posts are simply absent."""
        results: list[PostMetrics] = []
        for start in range(0, len(external_ids), 25):
            params = [("uris", uri) for uri in external_ids[start : start + 25]]
            response = await self._call(credentials, "GET", "app.bsky.feed.getPosts", params=params)
            for post in json_body(response).get("posts") or []:
                counts = {name: int(post[field]) for name, field in POST_METRICS.items() if field in post}
                results.append(PostMetrics(str(post["uri"]), counts))
        return results

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        actor = account.external_id or credentials.extra["did"]
        profile = json_body(
            await self._call(credentials, "GET", "app.bsky.actor.getProfile", params={"actor": actor})
        )
        metrics = {name: int(profile[field]) for name, field in ACCOUNT_METRICS.items() if field in profile}
        followers = profile.get("followersCount")
        return AccountMetrics(followers=None if followers is None else int(followers), metrics=metrics)

    # --- plumbing ----------------------------------------------------------------------------

    def _pds(self, credentials: Credentials) -> str:
        return self._hosts["service"] if self._fixed else credentials.extra.get("pds") or DEFAULT_SERVICE

    async def _call(
        self,
        credentials: Credentials | None,
        method: str,
        nsid: str,
        *,
        token: str | None = None,
        host: str | None = None,
        creates: bool = False,
        **kwargs: Any,
    ) -> httpx.Response:
        """One XRPC call on the account's PDS (or `host`), classified. `token` replaces the access
        JWT (refresh and delete take the refresh JWT). A server error on a create may have created."""
        headers = dict(kwargs.pop("headers", {}))
        bearer = token or (credentials.access_token if credentials else None)
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        base = host or (self._pds(credentials) if credentials else self._hosts["service"])
        response = await send(
            self._egress, method, f"{base}/xrpc/{nsid}", creates=creates, name=NAME, headers=headers, **kwargs
        )
        error = ambiguous_on_create(response, classify(response), creates=creates, name=NAME)
        if error is None:
            return response
        raise error


def build(settings: Settings, client: httpx.AsyncClient, egress: EgressClient) -> BlueskyConnector:
    return BlueskyConnector(settings, client, egress)
