"""The connector SDK: what the pipeline needs from any platform, and what every platform must declare.

The pipeline decides retries and states; connectors translate one platform's API and, above all,
classify its failures into the errors below. Getting that classification right is what keeps
publishing exactly-once: `TransientError` promises the platform did nothing, `AmbiguousError`
admits it may have.

A connector module (`shared/platforms/<name>.py`) exposes `PLATFORM` (the id stored on accounts),
`build(settings, client) -> Connector`, and a `CAPABILITIES` and `AUTH` the catalog can show without
building anything. `registry.py` lists the modules.

Self-hosted platforms (the server is whatever a person types: Mastodon instances, Bluesky hosting
providers and the PDS their DID documents name, and any future fediverse or self-hosted network) set
`USER_NAMED_HOSTS = True` and take `build(settings, client, egress)`. Every call to a host that came
from a person or from a server's answer goes through `egress`, the client whose connections pass the
egress guard (`shared/adapters/egress.py`): it resolves the name, refuses private, loopback,
link-local, metadata and other non-public addresses, connects to the address it checked (no DNS
rebinding) and follows no redirects. A refusal reaches the connector as `PermanentError` with code
`host_not_allowed` (from `http.send`). `client` stays for our own media URLs and fixed, operator-set
hosts. Never build another httpx client for a person's host.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

TextCounting = Literal["chars", "x_weighted", "graphemes", "utf16", "bytes", "threads"]


@dataclass(frozen=True)
class Capabilities:
    """Limits checked before a post is accepted; keep every platform limit here, not in code paths.

    Zero means "no limit known" for sizes and durations; `media_kinds` empty means text only.
    """

    max_text_length: int
    text_counting: TextCounting = "chars"
    max_media: int = 0
    media_kinds: frozenset[str] = frozenset()  # "image", "gif", "video"
    max_images: int = 0  # 0: max_media
    max_videos: int = 0  # 0: max_media
    mixed_media: bool = True  # images and videos in one post
    requires_media: bool = False  # e.g. Instagram, Pinterest, TikTok, YouTube
    max_image_bytes: int = 0
    max_video_bytes: int = 0
    min_video_seconds: float = 0
    max_video_seconds: int = 0
    # Width / height bounds, inclusive; None when the platform crops or accepts anything.
    min_aspect_ratio: float | None = None
    max_aspect_ratio: float | None = None
    title_max_length: int = 0  # 0: the platform has no title
    threads: bool = False  # replies to our own post (a thread)
    first_comment: bool = False
    native_scheduling: bool = False
    post_metrics: tuple[str, ...] = ()  # metric names fetch_post_metrics returns
    account_metrics: tuple[str, ...] = ()  # metric names fetch_account_metrics returns
    # How those names make up the shared metrics (shared/domain/metrics.py): shared name → the native
    # names summed into it. A shared metric left out is not available on the platform. "followers" in
    # an account vocabulary is `AccountMetrics.followers`.
    post_vocabulary: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    account_vocabulary: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    idempotency_keys: bool = False  # the platform honours an idempotency key on create
    reconcile: bool = False  # recent posts can be read back to settle an ambiguous outcome
    # Sends per second per account the platform tolerates (0: no documented pace).
    max_posts_per_second: float = 0


AuthKind = Literal["oauth2", "credentials", "none"]


@dataclass(frozen=True)
class CredentialField:
    """One field a person types to connect a credential platform (Bluesky app password, bot token)."""

    name: str
    label: str
    secret: bool = False
    required: bool = True


@dataclass(frozen=True)
class OAuthSpec:
    """Authorization-code flow facts. URLs are paths on the platform's hosts (see `Hosts`)."""

    authorize_url: str
    token_url: str
    scopes: tuple[str, ...]
    scope_separator: str = " "
    pkce: bool = True
    client_auth: Literal["client_secret_post", "client_secret_basic"] = "client_secret_post"
    client_id_param: str = "client_id"  # TikTok calls it client_key
    extra_authorize_params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class AuthSpec:
    kind: AuthKind
    oauth: OAuthSpec | None = None
    fields: tuple[CredentialField, ...] = ()
    # Settings naming the app's client id and secret (e.g. "x_client_id"); the platform is off without them.
    client_id_setting: str = ""
    client_secret_setting: str = ""


@dataclass(frozen=True)
class Credentials:
    """What a connector presents to the platform. Sealed at rest; `extra` holds platform specifics
    that are as secret as the token (an app password to log in again, a per-instance client secret)."""

    access_token: str
    refresh_token: str | None = None
    expires_at: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:  # never print tokens, even in a traceback
        return f"Credentials(expires_at={self.expires_at!r})"


@dataclass(frozen=True)
class ConnectedAccount:
    external_id: str
    handle: str
    display_name: str
    credentials: Credentials
    url: str | None = None
    avatar_url: str | None = None
    # Non-secret facts the connector needs later (page id, author URN, chat id, instance URL).
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountRef:
    """The account a request acts for, as stored when it was connected."""

    external_id: str
    handle: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MediaItem:
    kind: str
    content_type: str
    url: str  # short-lived read URL the platform (or the connector) fetches
    size: int = 0
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    alt_text: str = ""


@dataclass(frozen=True)
class PublishRequest:
    text: str
    media: tuple[MediaItem, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    idempotency_key: str = ""
    client_reference: str = ""  # our target id, for reconciliation and inspection
    account: AccountRef = field(default_factory=lambda: AccountRef(""))


@dataclass(frozen=True)
class RateBudget:
    """What the platform said is left of the account's budget, read from its response headers."""

    remaining: int
    reset_at: datetime


@dataclass(frozen=True)
class Published:
    external_id: str
    url: str | None = None
    rate: RateBudget | None = None


@dataclass(frozen=True)
class Pending:
    """The platform accepted the work and is processing it (a video, a container): ask again later.

    `state` is whatever `check_status` needs to carry on (upload ids, container ids); it is stored
    with the target as JSON, so keep it small and free of secrets.
    """

    state: dict[str, Any]
    check_after: timedelta = timedelta(seconds=10)
    message: str = "The platform is processing the post."


PublishOutcome = Published | Pending


@dataclass(frozen=True)
class PostMetrics:
    external_id: str
    metrics: dict[str, int]


@dataclass(frozen=True)
class AccountMetrics:
    followers: int | None
    metrics: dict[str, int] = field(default_factory=dict)


class PlatformError(Exception):
    """Base: `code` is stable (shown to users with `message`), never containing tokens.

    `kind` is the taxonomy every connector maps into (see PLATFORMS.md): rate_limited, auth_expired,
    auth_revoked, invalid_content, duplicate, transient, ambiguous.
    """

    code = "platform_error"
    kind = "invalid_content"

    def __init__(
        self, message: str, *, code: str | None = None, http_status: int | None = None, detail: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = http_status
        # For operators (logs), never shown to people: e.g. which transport failure, on which host.
        # Never a URL path, query or header: platforms put tokens there.
        self.detail = detail
        if code:
            self.code = code


class RateLimitedError(PlatformError):
    code = "rate_limited"
    kind = "rate_limited"

    def __init__(
        self, message: str, *, reset_at: datetime, code: str | None = None, http_status: int | None = None
    ) -> None:
        super().__init__(message, code=code, http_status=http_status)
        self.reset_at = reset_at


class TransientError(PlatformError):
    """The platform certainly did not act (connection refused, a refusal it says is temporary): safe
    to retry. A 5xx answer to a create is not this: see `http.ambiguous_on_create`."""

    code = "platform_unavailable"
    kind = "transient"


class AmbiguousError(PlatformError):
    """The request may have been acted on (timeout after sending): never blindly retry a create."""

    code = "outcome_unknown"
    kind = "ambiguous"


class TokenExpiredError(PlatformError):
    """Refresh the token and try again."""

    code = "token_expired"
    kind = "auth_expired"


class AuthRevokedError(PlatformError):
    """The user must reconnect the account."""

    code = "needs_reauth"
    kind = "auth_revoked"


class PermanentError(PlatformError):
    """The platform refused this content for good (validation, policy): retrying cannot help."""

    code = "rejected"
    kind = "invalid_content"


InvalidContentError = PermanentError


class DuplicateError(PermanentError):
    """The platform refused the post as a duplicate of one already on the account."""

    code = "duplicate"
    kind = "duplicate"


class NotSupportedError(PlatformError):
    """The platform has no such operation (e.g. revoking a token, metrics): nothing to retry."""

    code = "not_supported"
    kind = "invalid_content"


class Connector(Protocol):
    platform: str
    capabilities: Capabilities

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome: ...

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        """Carry a `Pending` publish on: Published when done, Pending to ask again, or raise."""
        ...

    async def refresh(self, credentials: Credentials) -> Credentials: ...

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """Look for a post this request created (after an ambiguous outcome); None if there is none."""
        ...

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]: ...

    async def fetch_account_metrics(
        self, credentials: Credentials, account: AccountRef
    ) -> AccountMetrics: ...

    async def revoke(self, credentials: Credentials) -> None:
        """Tell the platform to forget the token (NotSupportedError where it has no such call)."""
        ...


@dataclass(frozen=True)
class OAuthClient:
    """The app registration one authorization uses: ours from settings, or (Mastodon) per instance."""

    client_id: str
    client_secret: str = field(repr=False)
    authorize_url: str  # absolute
    token_url: str  # absolute
    # Non-secret facts carried from the start of the flow to the callback (e.g. the instance URL).
    context: dict[str, str] = field(default_factory=dict)


class AppRegistry(Protocol):
    """Where per-instance app registrations are cached (Mastodon registers one app per server)."""

    async def get(self, platform: str, instance: str) -> OAuthClient | None: ...

    async def put(self, platform: str, instance: str, client: OAuthClient) -> None: ...


class OAuthConnector(Connector, Protocol):
    """A platform connected through the OAuth2 authorization-code flow (with PKCE where supported)."""

    auth: AuthSpec

    async def oauth_client(
        self, fields: dict[str, str], *, redirect_uri: str, apps: AppRegistry
    ) -> OAuthClient:
        """The client for this authorization; `fields` are what the person typed (Mastodon: instance)."""
        ...

    async def exchange_code(
        self, client: OAuthClient, code: str, *, redirect_uri: str, code_verifier: str
    ) -> Credentials: ...

    async def list_accounts(self, credentials: Credentials) -> list[ConnectedAccount]:
        """Everything the grant can publish to (the member and their pages, channels...), each with
        the credentials that publish to it (a Facebook page has its own token)."""
        ...


class CredentialConnector(Connector, Protocol):
    """A platform connected by typing credentials (Bluesky app password, Telegram bot token)."""

    auth: AuthSpec

    async def connect_with(self, fields: dict[str, str]) -> list[ConnectedAccount]: ...


@dataclass(frozen=True)
class DocumentedError:
    """One error the platform documents, and the taxonomy kind it must map to.

    Each connector module lists these (`DOCUMENTED_ERRORS`, citing the platform's docs); a unit test
    feeds every one through the module's `classify` and checks the kind.
    """

    status: int
    body: Any
    kind: str
    headers: tuple[tuple[str, str], ...] = ()
    note: str = ""
    # The kind when the call that got this answer was a create (publishing), if it differs: a 5xx
    # may come from a proxy after the platform posted, so it is ambiguous there.
    on_create: str = ""

    @property
    def create_kind(self) -> str:
        return self.on_create or self.kind
