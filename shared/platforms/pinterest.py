"""Pinterest (API v5): Pins on a board, from images Pinterest fetches itself or from an uploaded video.

Facts this connector leans on (sources next to each use):
- Token requests authenticate the app with HTTP Basic (client_secret_basic). Refresh tokens are
  "continuous": each refresh returns a new one (60 days) and the old one stops working.
- A Pin needs a board. At connect time the account's first board becomes its default
  (`metadata["board_id"]`); option `board_id` overrides it per post.
- Images are pulled by Pinterest from a URL (our short-lived read URL); a carousel is 2 to 5 images.
- Video: register an upload (`POST /v5/media`), send the file to the returned S3-style URL as a
  multipart form, poll `GET /v5/media/{id}` until `succeeded`, then create the Pin (in
  `check_status`).

Options read from `PublishRequest.options`:
- `board_id`: the board to pin to (default: the board chosen when the account was connected).
- `title`: the Pin title, up to 100 characters (the post text is the description, up to 800).
- `link`: the destination URL (http or https, up to 2,048 characters).
- `cover_image_url`: a video Pin's cover image URL; without it Pinterest uses the first frame.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.config import Settings
from shared.platforms import oauth
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AuthRevokedError,
    AuthSpec,
    Capabilities,
    ConnectedAccount,
    Credentials,
    DocumentedError,
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
    TokenExpiredError,
    TransientError,
)
from shared.platforms.http import ambiguous_on_create, download, hosts, json_body, send
from shared.platforms.ratelimit import DEFAULT_WAIT, from_epoch, from_iso, from_retry_after, from_seconds

PLATFORM = "pinterest"
NAME = "Pinterest"
HOSTS = {"www": "https://www.pinterest.com", "api": "https://api.pinterest.com"}

# https://developers.pinterest.com/docs/getting-started/authentication/ — no PKCE: the app secret
# (HTTP Basic) authenticates the exchange.
AUTH = AuthSpec(
    kind="oauth2",
    oauth=OAuthSpec(
        authorize_url="https://www.pinterest.com/oauth/",
        token_url="https://api.pinterest.com/v5/oauth/token",
        scopes=("boards:read", "pins:read", "pins:write", "user_accounts:read"),
        scope_separator=",",
        pkce=False,
        client_auth="client_secret_basic",
    ),
    client_id_setting="pinterest_app_id",
    client_secret_setting="pinterest_app_secret",
)

TITLE_MAX = 100
ALT_TEXT_MAX = 500
LINK_MAX = 2048

CAPABILITIES = Capabilities(
    # POST /v5/pins (https://developers.pinterest.com/docs/api/v5/pins-create): description ≤ 800,
    # title ≤ 100; carousel `multiple_image_urls` 2 to 5 images.
    max_text_length=800,
    text_counting="chars",
    max_media=5,
    media_kinds=frozenset({"image", "video"}),
    max_images=5,
    max_videos=1,
    mixed_media=False,
    requires_media=True,
    # Pin specs (https://help.pinterest.com/en/business/article/pinterest-product-specs): images up
    # to 20 MB; videos up to 2 GB, 4 seconds to 15 minutes.
    max_image_bytes=20 * 1024 * 1024,
    max_video_bytes=2 * 1024 * 1024 * 1024,
    min_video_seconds=4,
    max_video_seconds=15 * 60,
    title_max_length=TITLE_MAX,
    post_metrics=("impressions", "pin_clicks", "outbound_clicks", "saves"),
    account_metrics=("following", "pins", "monthly_views"),
    post_vocabulary={
        "impressions": ("impressions",),
        "saves": ("saves",),
        "clicks": ("pin_clicks", "outbound_clicks"),
    },
    account_vocabulary={"followers": ("followers",)},
    reconcile=True,  # the account's latest Pins are listed and matched by board, text and time
)

# Our metric names for Pinterest's metric_types (GET /v5/pins/{id}/analytics).
PIN_METRICS = {
    "IMPRESSION": "impressions",
    "PIN_CLICK": "pin_clicks",
    "OUTBOUND_CLICK": "outbound_clicks",
    "SAVE": "saves",
}


def _reset_at(response: httpx.Response) -> datetime:
    """Retry-After when given; else `x-ratelimit-reset` (epoch when it looks like one, seconds from
    now otherwise); else a minute — Pinterest's category limits are per minute
    (https://developers.pinterest.com/docs/reference/rate-limits/)."""
    now = datetime.now(UTC)
    reset = response.headers.get("x-ratelimit-reset", "")
    try:
        value = float(reset)
    except ValueError:
        value = -1.0
    parsed = from_epoch(value) if value > 1e9 else from_seconds(value, now=now) if value >= 0 else None
    found = from_retry_after(response.headers.get("retry-after"), now=now) or parsed or now + DEFAULT_WAIT
    return max(found, now)


def classify(response: httpx.Response) -> PlatformError | None:  # noqa: PLR0911 - one answer per error class
    """Pinterest's error body is {code, message} (the `Error` schema of the v5 OpenAPI description,
    https://github.com/pinterest/api-description)."""
    status = response.status_code
    if status < 400:
        return None
    body = json_body(response)
    message = str(body.get("message") or "")[:300] if isinstance(body, dict) else ""
    if status == 429:
        return RateLimitedError(
            f"Pinterest's rate limit was reached ({message or 'HTTP 429'}).", reset_at=_reset_at(response)
        )
    if status == 401:
        if "expired" in message.lower():
            return TokenExpiredError("The Pinterest access token expired.", http_status=status)
        return AuthRevokedError(
            "Pinterest no longer accepts this account's token; connect the account again.", http_status=status
        )
    if status >= 500:
        return TransientError(f"Pinterest is unavailable (HTTP {status}).", http_status=status)
    if status == 404:
        return PermanentError(
            f"Pinterest could not find the board or Pin ({message or 'HTTP 404'}).",
            code="pinterest_not_found",
            http_status=status,
        )
    return PermanentError(
        f"Pinterest rejected the Pin: {message or f'HTTP {status}'}",
        code=f"pinterest_{status}",
        http_status=status,
    )


# Statuses and messages of POST /v5/pins from the v5 description (github.com/pinterest/
# pinterest-python-generated-api-client, docs/PinsApi.md); the 401 and 429 bodies as observed
# (https://www.pinbridge.io/blog/pinterest-api-errors-explained-what-they-mean-and-how-to-handle-each-one).
DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    DocumentedError(
        401, {"code": 2, "message": "Authentication failed."}, "auth_revoked", note="invalid token"
    ),
    DocumentedError(
        429,
        {"code": 29, "message": "You have exceeded your rate limit. Try again later."},
        "rate_limited",
        headers=(("x-ratelimit-reset", "42"),),
        note="org_write per-minute limit",
    ),
    DocumentedError(
        429,
        {"code": 429, "message": "This request exceeded a rate limit."},
        "rate_limited",
        headers=(("retry-after", "30"),),
        note="write operations on one object too close together",
    ),
    DocumentedError(400, {"code": 1, "message": "Invalid Pin parameters response"}, "invalid_content"),
    DocumentedError(
        403,
        {"code": 403, "message": "The Pin's image is too small, too large or is broken"},
        "invalid_content",
    ),
    DocumentedError(404, {"code": 404, "message": "Board or section not found"}, "invalid_content"),
    # On POST /v5/pins a 5xx may follow the Pin: ambiguous there (settled by listing the Pins);
    # registering media and reads retry.
    DocumentedError(
        500, {"code": 500, "message": "Internal server error."}, "transient", on_create="ambiguous"
    ),
    DocumentedError(
        503, "<html>Service Unavailable</html>", "transient", note="outage page", on_create="ambiguous"
    ),
)


def _invalid_option(message: str) -> PermanentError:
    return PermanentError(message, code="invalid_option")


def _http_url(options: dict[str, Any], name: str) -> str | None:
    value = options.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.startswith(("http://", "https://")) or len(value) > LINK_MAX:
        raise _invalid_option(
            f"Pinterest option {name} must be an http(s) URL of at most {LINK_MAX} characters."
        )
    return value


def _board(request: PublishRequest) -> str:
    board = request.options.get("board_id") or request.account.metadata.get("board_id")
    if not board:
        raise _invalid_option(
            "Choose a Pinterest board: set option board_id (this account has no default board)."
        )
    if not isinstance(board, str) or not board.isdigit():
        raise _invalid_option("Pinterest option board_id must be a board id (digits).")
    return board


def _pin_fields(request: PublishRequest) -> dict[str, Any]:
    """Everything but the media, validated before any upload."""
    if not request.media:
        raise PermanentError("A Pin needs an image or a video.", code="media_required")
    fields: dict[str, Any] = {"board_id": _board(request), "description": request.text}
    title = request.options.get("title")
    if title is not None:
        if not isinstance(title, str) or len(title) > TITLE_MAX:
            raise _invalid_option(f"Pinterest option title must be text of at most {TITLE_MAX} characters.")
        fields["title"] = title
    link = _http_url(request.options, "link")
    if link:
        fields["link"] = link
    alt = next((m.alt_text for m in request.media if m.alt_text), "")
    if alt:
        fields["alt_text"] = alt[:ALT_TEXT_MAX]
    return fields


def pin_url(pin_id: str) -> str:
    return f"https://www.pinterest.com/pin/{pin_id}/"


class PinterestConnector(oauth.StandardOAuthApp):
    platform = PLATFORM
    name = NAME
    capabilities = CAPABILITIES
    auth = AUTH

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        super().__init__(settings, client)
        self._api = hosts(settings, PLATFORM, HOSTS)["api"] + "/v5"

    # --- connecting ------------------------------------------------------------------------------

    async def exchange_code(
        self, client: OAuthClient, code: str, *, redirect_uri: str, code_verifier: str
    ) -> Credentials:
        # Opt in to rotating ("continuous") refresh tokens, which Pinterest is making the default
        # (github.com/pinterest/pinterest-python-generated-api-client, docs/OauthApi.md).
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        body = await oauth.token_request(
            self._client, client, self._spec, {**form, "continuous_refresh": "true"}, name=NAME
        )
        return oauth.credentials_from(body)

    async def list_accounts(self, credentials: Credentials) -> list[ConnectedAccount]:
        """The one account of the token, with its first board as the default board."""
        me = (await self._call(credentials, "GET", f"{self._api}/user_account")).json()
        boards = (
            await self._call(credentials, "GET", f"{self._api}/boards", params={"page_size": 25})
        ).json()
        metadata: dict[str, str] = {}
        first = next(iter(boards.get("items") or []), None)
        if first:
            metadata = {"board_id": str(first["id"]), "board_name": str(first.get("name", ""))}
        username = str(me["username"])
        return [
            ConnectedAccount(
                external_id=str(me.get("id") or username),
                handle=username,
                display_name=str(me.get("business_name") or username),
                credentials=credentials,
                url=f"https://www.pinterest.com/{username}/",
                avatar_url=me.get("profile_image"),
                metadata=metadata,
            )
        ]

    async def refresh(self, credentials: Credentials) -> Credentials:
        return await self._refresh_or_reconnect(
            credentials, missing="This Pinterest account has no refresh token; connect it again."
        )

    async def revoke(self, credentials: Credentials) -> None:
        raise NotSupportedError(
            "Pinterest has no API to revoke a token; remove the app under Pinterest settings > Security."
        )

    # --- publishing ------------------------------------------------------------------------------

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        fields = _pin_fields(request)
        videos = [m for m in request.media if m.kind == "video"]
        if videos:
            if len(request.media) > 1:
                raise PermanentError("A video Pin holds one video and nothing else.", code="media_mix")
            _http_url(request.options, "cover_image_url")
            media_id = await self._upload_video(credentials, videos[0].url)
            return Pending({"media_id": media_id}, message="Pinterest is processing the video.")
        if len(request.media) == 1:
            source: dict[str, Any] = {"source_type": "image_url", "url": request.media[0].url}
        else:
            # Pinterest fetches each URL while creating the Pin, so our read URLs need only live that long.
            source = {"source_type": "multiple_image_urls", "items": [{"url": m.url} for m in request.media]}
        return await self._create_pin(credentials, {**fields, "media_source": source})

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        """GET /v5/media/{id}: registered | processing | succeeded | failed; then create the Pin."""
        media_id = str(state["media_id"])
        media = (await self._call(credentials, "GET", f"{self._api}/media/{media_id}")).json()
        status = media.get("status")
        if status == "failed":
            raise PermanentError("Pinterest could not process the video.", code="video_failed")
        if status != "succeeded":
            return Pending(state, message=f"Pinterest is processing the video ({status}).")
        source: dict[str, Any] = {"source_type": "video_id", "media_id": media_id}
        cover = _http_url(request.options, "cover_image_url")
        if cover:
            source["cover_image_url"] = cover
        else:
            source["cover_image_key_frame_time"] = 0
        return await self._create_pin(credentials, {**_pin_fields(request), "media_source": source})

    async def _create_pin(self, credentials: Credentials, body: dict[str, Any]) -> Published:
        pin = (await self._call(credentials, "POST", f"{self._api}/pins", json=body, creates=True)).json()
        return Published(external_id=str(pin["id"]), url=pin_url(str(pin["id"])))

    async def _upload_video(self, credentials: Credentials, url: str) -> str:
        """Register the upload, then send the file as Pinterest's S3-style form: its parameters first,
        the file last, and no bearer token
        (https://developers.pinterest.com/docs/solutions/content-apps/#creatingvideopins)."""
        registered = (
            await self._call(credentials, "POST", f"{self._api}/media", json={"media_type": "video"})
        ).json()
        data = await download(self._client, url)
        response = await send(
            self._client,
            "POST",
            str(registered["upload_url"]),
            data=dict(registered.get("upload_parameters") or {}),
            files={"file": ("video.mp4", data, "video/mp4")},
            timeout=_UPLOAD_TIMEOUT,
            creates=False,
            name=NAME,
        )
        if response.status_code >= 500:
            # Sending the bytes makes no Pin (the Pin is created from the media id once it has
            # succeeded), so this is safe to retry.
            raise TransientError(f"Pinterest's upload store is unavailable (HTTP {response.status_code}).")
        if response.status_code >= 300:
            raise PermanentError(
                f"Pinterest's upload store refused the video (HTTP {response.status_code}).",
                code="upload_refused",
            )
        return str(registered["media_id"])

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """The account's latest Pins (GET /v5/pins): same board and description, created after `since`."""
        board = _board(request)
        pins = (await self._call(credentials, "GET", f"{self._api}/pins", params={"page_size": 25})).json()
        cutoff = since - timedelta(seconds=5)
        for pin in pins.get("items") or []:
            created = from_iso(str(pin.get("created_at", "")))  # an unmarked time is read as UTC
            if (
                str(pin.get("board_id")) == board
                and pin.get("description") == request.text
                and created is not None
                and created >= cutoff
            ):
                return Published(external_id=str(pin["id"]), url=pin_url(str(pin["id"])))
        return None

    # --- metrics ---------------------------------------------------------------------------------

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        """Totals over the last 90 days, the longest window pin analytics accepts."""
        today = datetime.now(UTC).date()
        params = {
            "start_date": (today - timedelta(days=89)).isoformat(),
            "end_date": today.isoformat(),
            "metric_types": ",".join(PIN_METRICS),
        }
        found: list[PostMetrics] = []
        for pin_id in external_ids:
            try:
                response = await self._call(
                    credentials, "GET", f"{self._api}/pins/{pin_id}/analytics", params=params
                )
            except PermanentError as exc:
                if exc.http_status == 404:  # the Pin was deleted: nothing to count
                    continue
                raise
            summary = (response.json().get("all") or {}).get("summary_metrics") or {}
            found.append(
                PostMetrics(
                    pin_id, {ours: int(summary.get(theirs, 0)) for theirs, ours in PIN_METRICS.items()}
                )
            )
        return found

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        me = (await self._call(credentials, "GET", f"{self._api}/user_account")).json()
        counts = {"following": "following_count", "pins": "pin_count", "monthly_views": "monthly_views"}
        return AccountMetrics(
            followers=int(me["follower_count"]) if "follower_count" in me else None,
            metrics={ours: int(me[theirs]) for ours, theirs in counts.items() if theirs in me},
        )

    # --- one call --------------------------------------------------------------------------------

    async def _call(
        self, credentials: Credentials, method: str, url: str, *, creates: bool = False, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {credentials.access_token}"}
        response = await send(
            self._client, method, url, creates=creates, name=NAME, headers=headers, **kwargs
        )
        error = ambiguous_on_create(response, classify(response), creates=creates, name=NAME)
        if error is None:
            return response
        expires_at = credentials.expires_at
        if isinstance(error, AuthRevokedError) and expires_at and expires_at <= datetime.now(UTC) + _SKEW:
            # Pinterest answers an expired token like an invalid one; our clock says which it is.
            raise TokenExpiredError("The Pinterest access token expired.", http_status=error.http_status)
        raise error


_SKEW = timedelta(seconds=60)
# Uploads stream media bytes and may take longer than an API call; never used for creates.
_UPLOAD_TIMEOUT = httpx.Timeout(300.0, connect=10.0)


def build(settings: Settings, client: httpx.AsyncClient) -> PinterestConnector:
    return PinterestConnector(settings, client)
