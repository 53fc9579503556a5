"""Mastodon: any server speaking the Mastodon API, each with its own OAuth app registration.

The server is whatever the person typed, so every call to it goes through the egress guard
(`USER_NAMED_HOSTS`: the `egress` client): a server name that points to a private or reserved
address is refused with `host_not_allowed` before anything is sent.

There is no central app: the first person connecting an account on a server registers clickKloudy
there (`POST /api/v1/apps`), and the registration is cached per server (`AppRegistry`). Tokens do not
expire and there is no refresh token: a token that stops working was revoked, so the answer is to
reconnect. Each server sets its own limits (characters, attachments, file sizes): `CAPABILITIES`
holds Mastodon's defaults for the catalog, the server's real ones are read from `GET /api/v2/instance`
at connect time into the account's metadata, and `publish` enforces those.

Options read from `PublishRequest.options`:
- `visibility`: public (default) | unlisted | private | direct
- `language`: the post's ISO 639 language code, e.g. "en"
- `spoiler_text`: a content warning shown in front of the text (counts toward the character limit)
- `sensitive` (bool): hide the media behind a warning
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx

from shared.adapters.egress import HOST_NOT_ALLOWED, EgressClient, HostNotAllowed
from shared.config import Settings
from shared.platforms import oauth
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AppRegistry,
    AuthRevokedError,
    AuthSpec,
    Capabilities,
    ConnectedAccount,
    CredentialField,
    Credentials,
    DocumentedError,
    MediaItem,
    NotSupportedError,
    OAuthClient,
    OAuthSpec,
    Pending,
    PermanentError,
    PlatformError,
    PostMetrics,
    Published,
    PublishOutcome,
    PublishRequest,
    RateLimitedError,
    TransientError,
)
from shared.platforms.http import ambiguous_on_create, download, hosts, json_body, send
from shared.platforms.mastodon_rules import (
    DEFAULT_LIMITS,
    Options,
    check_limits,
    normalise_instance,
    parse_options,
    plain_text,
    typed_address,
)
from shared.platforms.ratelimit import budget, from_iso, retry_at

PLATFORM = "mastodon"
NAME = "Mastodon"
APP_NAME = "clickKloudy"
USER_NAMED_HOSTS = True  # built with the egress client: every server is one a person named

# https://docs.joinmastodon.org/methods/oauth/ (PKCE S256 since 4.3.0; older servers ignore it) and
# https://docs.joinmastodon.org/api/oauth-scopes/: "read write" covers posting, media and counters.
SCOPES = ("read", "write")
AUTH = AuthSpec(
    kind="oauth2",
    oauth=OAuthSpec(authorize_url="/oauth/authorize", token_url="/oauth/token", scopes=SCOPES),
    fields=(CredentialField("instance", "Your Mastodon server, e.g. mastodon.social"),),
)

CAPABILITIES = Capabilities(
    max_text_length=DEFAULT_LIMITS["max_characters"],
    # StatusLengthValidator counts grapheme clusters, URLs as 23 and remote mentions as their local
    # part (https://github.com/mastodon/mastodon/blob/main/app/validators/status_length_validator.rb).
    text_counting="graphemes",
    max_media=DEFAULT_LIMITS["max_media_attachments"],
    media_kinds=frozenset({"image", "gif", "video"}),
    # PostStatusService: "Cannot attach a video to a post that already contains images".
    max_videos=1,
    mixed_media=False,
    max_image_bytes=DEFAULT_LIMITS["image_size_limit"],
    max_video_bytes=DEFAULT_LIMITS["video_size_limit"],
    post_metrics=("favourites", "reblogs", "replies"),
    account_metrics=("followers", "following", "statuses"),
    post_vocabulary={"reactions": ("favourites",), "comments": ("replies",), "shares": ("reblogs",)},
    account_vocabulary={"followers": ("followers",)},
    # https://docs.joinmastodon.org/methods/statuses/#create: Idempotency-Key, kept for 1 hour.
    idempotency_keys=True,
    reconcile=True,
)

UPLOAD_TIMEOUT = 120.0  # media uploads only; creating the status keeps the client's timeout
PROCESSING_CHECK = timedelta(seconds=5)
# How far a status's created_at may precede our attempt's start (clocks differ) and still be ours.
CLOCK_SKEW = timedelta(minutes=2)
RECENT_STATUSES = 40  # the most GET /api/v1/accounts/:id/statuses returns in one page

# Account states (403/422) that only the person can fix, by fixing the account or reconnecting.
# https://github.com/mastodon/mastodon/blob/main/app/controllers/api/base_controller.rb
_ACCOUNT_STATE = (
    "outside the authorized scopes",
    "login is currently disabled",
    "pending approval",
    "confirmed e-mail address",
    "requires an authenticated user",
)
_NOT_READY = "not finished processing"

_RESET = (
    ("X-RateLimit-Limit", "300"),
    ("X-RateLimit-Remaining", "0"),
    ("X-RateLimit-Reset", "2030-01-01T00:00:00.000Z"),
)

DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    # Errors are {"error": "..."}: https://docs.joinmastodon.org/entities/Error/
    DocumentedError(401, {"error": "The access token is invalid"}, "auth_revoked"),
    DocumentedError(401, {"error": "The access token was revoked"}, "auth_revoked"),
    # Tokens do not expire (no expires_in, no refresh token), so an expired one is revoked for us.
    DocumentedError(401, {"error": "The access token expired"}, "auth_revoked"),
    DocumentedError(403, {"error": "This action is outside the authorized scopes"}, "auth_revoked"),
    DocumentedError(403, {"error": "Your login is currently disabled"}, "auth_revoked"),
    DocumentedError(403, {"error": "Your login is missing a confirmed e-mail address"}, "auth_revoked"),
    DocumentedError(422, {"error": "This method requires an authenticated user"}, "auth_revoked"),
    DocumentedError(
        422, {"error": "Validation failed: Text character limit of 500 exceeded"}, "invalid_content"
    ),
    DocumentedError(422, {"error": "Validation failed: Text can't be blank"}, "invalid_content"),
    DocumentedError(
        422, {"error": "Validation failed: File content type is invalid, File is invalid"}, "invalid_content"
    ),
    DocumentedError(
        422, {"error": "Cannot attach a video to a post that already contains images"}, "invalid_content"
    ),
    DocumentedError(
        422,
        {"error": "Cannot attach files that have not finished processing. Try again in a moment!"},
        "transient",
    ),
    DocumentedError(404, {"error": "Record not found"}, "invalid_content"),
    # https://docs.joinmastodon.org/api/rate-limits/: X-RateLimit-Reset is an ISO 8601 timestamp.
    DocumentedError(429, {"error": "Too many requests"}, "rate_limited", headers=_RESET),
    # Transient on a status create too: it carries an Idempotency-Key (see _call).
    DocumentedError(500, {"error": "Error processing thumbnail for uploaded media"}, "transient"),
    DocumentedError(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "transient"),
    DocumentedError(503, "<html><body><h1>503 Service Unavailable</h1></body></html>", "transient"),
)


def classify(response: httpx.Response) -> PlatformError | None:
    status = response.status_code
    if status < 300:
        return None
    body = json_body(response)
    error = str(body.get("error") or "") if isinstance(body, dict) else ""
    lowered = error.lower()
    if status == 429:
        reset = retry_at(response, reset_header="X-RateLimit-Reset", reset_kind="iso")
        return RateLimitedError(
            "Mastodon is limiting this account's requests.", reset_at=reset, http_status=429
        )
    if status >= 500 or (status == 422 and _NOT_READY in lowered):
        return TransientError(
            f"Mastodon could not do it now ({error or f'HTTP {status}'}).", http_status=status
        )
    if status == 401 or (status in (403, 422) and any(state in lowered for state in _ACCOUNT_STATE)):
        return AuthRevokedError(
            f"Mastodon no longer accepts this account's token ({error or 'unauthorized'}); connect the "
            "account again.",
            http_status=status,
        )
    code = "not_found" if status == 404 else "mastodon_rejected"
    if "character limit" in lowered:
        code = "text_too_long"
    return PermanentError(f"Mastodon refused it: {error or f'HTTP {status}'}.", code=code, http_status=status)


class MastodonConnector:
    platform = PLATFORM
    capabilities = CAPABILITIES
    auth = AUTH

    def __init__(self, settings: Settings, client: httpx.AsyncClient, egress: EgressClient) -> None:
        """`client` reads our own media; `egress` (guarded) is for the Mastodon server."""
        self._settings = settings
        self._client = client
        self._egress = egress

    # --- connecting ----------------------------------------------------------------------------------

    async def oauth_client(
        self, fields: dict[str, str], *, redirect_uri: str, apps: AppRegistry
    ) -> OAuthClient:
        await self._refuse_private(fields.get("instance", ""))
        instance = normalise_instance(fields.get("instance", ""))
        cached = await apps.get(PLATFORM, instance)
        if cached is not None and cached.context.get("redirect_uri") == redirect_uri:
            return cached
        base = self._base(instance)
        try:
            response = await self._call(
                "POST",
                f"{base}/api/v1/apps",
                None,
                creates=False,
                json={
                    "client_name": APP_NAME,
                    "redirect_uris": redirect_uri,
                    "scopes": " ".join(SCOPES),
                    "website": self._settings.public_base_url,
                },
            )
        except PermanentError as exc:
            if exc.code == HOST_NOT_ALLOWED:
                raise
            raise PermanentError(
                f"{instance} does not answer like a Mastodon server ({exc.message})", code="not_mastodon"
            ) from exc
        body = json_body(response)
        if not isinstance(body, dict) or not body.get("client_id") or not body.get("client_secret"):
            raise PermanentError(f"{instance} does not answer like a Mastodon server.", code="not_mastodon")
        client = OAuthClient(
            client_id=str(body["client_id"]),
            client_secret=str(body["client_secret"]),
            authorize_url=f"{base}/oauth/authorize",
            token_url=f"{base}/oauth/token",
            context={"instance": instance, "redirect_uri": redirect_uri},
        )
        await apps.put(PLATFORM, instance, client)
        return client

    async def exchange_code(
        self, client: OAuthClient, code: str, *, redirect_uri: str, code_verifier: str
    ) -> Credentials:
        assert AUTH.oauth is not None
        body = await oauth.exchange_code(
            self._egress,
            client,
            AUTH.oauth,
            code,
            redirect_uri=redirect_uri,
            code_verifier=code_verifier,
            name=NAME,
        )
        # No expires_in and no refresh token: Mastodon tokens live until revoked.
        return Credentials(
            access_token=str(body["access_token"]),
            extra={
                "instance": client.context["instance"],
                "client_id": client.client_id,
                "client_secret": client.client_secret,
            },
        )

    async def list_accounts(self, credentials: Credentials) -> list[ConnectedAccount]:
        instance = credentials.extra["instance"]
        me = await self._me(credentials)
        limits = await self._limits(self._base(instance))
        username = str(me["username"])
        return [
            ConnectedAccount(
                external_id=str(me["id"]),
                handle=f"@{username}@{urlsplit(instance).netloc}",
                display_name=str(me.get("display_name") or username),
                credentials=credentials,
                url=me.get("url"),
                avatar_url=me.get("avatar"),
                metadata={"instance": instance, "username": username, **limits},
            )
        ]

    async def refresh(self, credentials: Credentials) -> Credentials:
        """Tokens do not expire: check this one still works (401 → AuthRevokedError)."""
        await self._me(credentials)
        return credentials

    async def revoke(self, credentials: Credentials) -> None:
        """https://docs.joinmastodon.org/methods/oauth/#revoke, with the server's app registration."""
        if not credentials.extra.get("client_id"):
            raise NotSupportedError("This Mastodon account has no app registration to revoke its token with.")
        await self._call(
            "POST",
            f"{self._instance_base(credentials)}/oauth/revoke",
            None,
            creates=False,
            data={
                "client_id": credentials.extra["client_id"],
                "client_secret": credentials.extra.get("client_secret", ""),
                "token": credentials.access_token,
            },
        )

    # --- publishing ----------------------------------------------------------------------------------

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        options = parse_options(request.options)
        check_limits(request, options)
        media_ids: list[str] = []
        processing: list[str] = []
        for item in request.media:
            media_id, ready = await self._upload(credentials, item)
            media_ids.append(media_id)
            if not ready:
                processing.append(media_id)
        return await self._create_when_ready(credentials, request, options, media_ids, processing)

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        """Poll the media still processing (206 until done); create the status once all are ready."""
        options = parse_options(request.options)
        media_ids = [str(m) for m in state.get("media_ids", [])]
        processing = [
            m for m in map(str, state.get("processing", [])) if not await self._ready(credentials, m)
        ]
        return await self._create_when_ready(credentials, request, options, media_ids, processing)

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """A status of ours created since the attempt began, with the same text, warning and media count."""
        account_id = request.account.external_id or str((await self._me(credentials))["id"])
        options = parse_options(request.options)
        response = await self._call(
            "GET",
            f"{self._instance_base(credentials)}/api/v1/accounts/{account_id}/statuses",
            credentials,
            creates=False,
            params={"limit": RECENT_STATUSES, "exclude_reblogs": "true"},
        )
        wanted = " ".join(request.text.split())
        statuses = json_body(response)
        for status in statuses if isinstance(statuses, list) else []:
            created = from_iso(status.get("created_at"))
            if (
                created is not None
                and created >= since - CLOCK_SKEW
                and plain_text(str(status.get("content") or "")) == wanted
                and (status.get("spoiler_text") or "") == options.spoiler_text
                and len(status.get("media_attachments") or []) == len(request.media)
            ):
                return Published(external_id=str(status["id"]), url=status.get("url") or status.get("uri"))
        return None

    # --- metrics -------------------------------------------------------------------------------------

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        """One status at a time (GET /api/v1/statuses?id[] is 4.3+ only); deleted ones are skipped."""
        found: list[PostMetrics] = []
        for status_id in external_ids:
            try:
                response = await self._call(
                    "GET",
                    f"{self._instance_base(credentials)}/api/v1/statuses/{status_id}",
                    credentials,
                    creates=False,
                )
            except PermanentError as exc:
                if exc.http_status == 404:
                    continue
                raise
            status = response.json()
            found.append(
                PostMetrics(
                    external_id=status_id,
                    metrics={
                        "favourites": int(status.get("favourites_count") or 0),
                        "reblogs": int(status.get("reblogs_count") or 0),
                        "replies": int(status.get("replies_count") or 0),
                    },
                )
            )
        return found

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        me = await self._me(credentials)
        counts = {
            "followers": int(me.get("followers_count") or 0),
            "following": int(me.get("following_count") or 0),
            "statuses": int(me.get("statuses_count") or 0),
        }
        return AccountMetrics(followers=counts["followers"], metrics=counts)

    # --- helpers -------------------------------------------------------------------------------------

    async def _create_when_ready(
        self,
        credentials: Credentials,
        request: PublishRequest,
        options: Options,
        media_ids: list[str],
        processing: list[str],
    ) -> PublishOutcome:
        """The status once no media is processing any more; until then, ask again later."""
        if processing:
            return Pending(
                {"media_ids": media_ids, "processing": processing},
                check_after=PROCESSING_CHECK,
                message="Mastodon is processing the media.",
            )
        return await self._create(credentials, request, options, media_ids)

    async def _create(
        self, credentials: Credentials, request: PublishRequest, options: Options, media_ids: list[str]
    ) -> Published:
        """POST /api/v1/statuses with the Idempotency-Key: a repeat returns the first status."""
        body: dict[str, Any] = {"visibility": options.visibility}
        if request.text:
            body["status"] = request.text
        if media_ids:
            body["media_ids"] = media_ids
        if options.language:
            body["language"] = options.language
        if options.spoiler_text:
            body["spoiler_text"] = options.spoiler_text
        if options.sensitive:
            body["sensitive"] = True
        headers = {"Idempotency-Key": request.idempotency_key} if request.idempotency_key else {}
        response = await self._call(
            "POST",
            f"{self._instance_base(credentials)}/api/v1/statuses",
            credentials,
            creates=True,
            json=body,
            headers=headers,
        )
        status = response.json()
        return Published(
            external_id=str(status["id"]),
            url=status.get("url") or status.get("uri"),
            rate=budget(response, "x-ratelimit", reset_kind="iso"),
        )

    async def _upload(self, credentials: Credentials, item: MediaItem) -> tuple[str, bool]:
        """POST /api/v2/media: 200 when processed, 202 (url null) while processing."""
        data = await download(self._client, item.url)
        extension = item.content_type.rsplit("/", 1)[-1]
        response = await self._call(
            "POST",
            f"{self._instance_base(credentials)}/api/v2/media",
            credentials,
            creates=False,  # an unattached upload is harmless; the server drops it after a day
            data={"description": item.alt_text} if item.alt_text else None,
            files={"file": (f"media.{extension}", data, item.content_type)},
            timeout=UPLOAD_TIMEOUT,
        )
        attachment = response.json()
        return str(attachment["id"]), response.status_code == 200 and bool(attachment.get("url"))

    async def _ready(self, credentials: Credentials, media_id: str) -> bool:
        response = await self._call(
            "GET", f"{self._instance_base(credentials)}/api/v1/media/{media_id}", credentials, creates=False
        )
        body = json_body(response)
        return response.status_code == 200 and isinstance(body, dict) and bool(body.get("url"))

    async def _me(self, credentials: Credentials) -> dict[str, Any]:
        response = await self._call(
            "GET",
            f"{self._instance_base(credentials)}/api/v1/accounts/verify_credentials",
            credentials,
            creates=False,
        )
        me: dict[str, Any] = response.json()
        return me

    async def _limits(self, base: str) -> dict[str, str]:
        """The server's limits from GET /api/v2/instance (4.0+); Mastodon's defaults where it says nothing."""
        try:
            response = await self._call("GET", f"{base}/api/v2/instance", None, creates=False)
        except PermanentError:
            return {name: str(value) for name, value in DEFAULT_LIMITS.items()}
        body = json_body(response)
        configuration = (body.get("configuration") if isinstance(body, dict) else None) or {}
        reported = {**(configuration.get("statuses") or {}), **(configuration.get("media_attachments") or {})}
        return {
            name: str(reported[name]) if isinstance(reported.get(name), int) else str(default)
            for name, default in DEFAULT_LIMITS.items()
        }

    async def _refuse_private(self, typed: str) -> None:
        """The server as typed, judged by the egress guard before anything else: an address in any
        spelling (2130706433, [::ffff:127.0.0.1]:8080) or a name resolving to a private or reserved
        address is refused with `host_not_allowed`. Every call is judged again when it connects."""
        try:
            parts = urlsplit(f"//{typed_address(typed)}")
            host, port = parts.hostname, parts.port or 443
        except ValueError:
            return  # not an address at all: normalise_instance says so
        if not host:
            return
        try:
            await self._egress.guard.check_host(host, port)
        except HostNotAllowed as refused:
            raise PermanentError(refused.message, code=refused.code) from None

    def _base(self, instance: str) -> str:
        """The server's URL, or the one PLATFORM_BASE_URLS sends every Mastodon call to."""
        return hosts(self._settings, PLATFORM, {"instance": instance})["instance"]

    def _instance_base(self, credentials: Credentials) -> str:
        return self._base(credentials.extra.get("instance", ""))

    async def _call(
        self, method: str, url: str, credentials: Credentials | None, *, creates: bool, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if credentials is not None:
            headers["Authorization"] = f"Bearer {credentials.access_token}"
        response = await send(
            self._egress, method, url, creates=creates, name=NAME, headers=headers, **kwargs
        )
        # A status created with an Idempotency-Key may be sent again: the server returns the first
        # one for an hour (https://docs.joinmastodon.org/methods/statuses/#create), so a 5xx to it
        # stays transient; without a key it is ambiguous.
        idempotent = bool(headers.get("Idempotency-Key"))
        error = ambiguous_on_create(
            response, classify(response), creates=creates, name=NAME, idempotent=idempotent
        )
        if error is not None:
            raise error
        return response


def build(settings: Settings, client: httpx.AsyncClient, egress: EgressClient) -> MastodonConnector:
    return MastodonConnector(settings, client, egress)
