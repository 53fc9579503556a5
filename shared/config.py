"""Every setting the application reads, in one typed object.

Names are the environment variable names the Functions host exposes (the same names
`%NAME%` binding expressions in triggers use), so one `local.settings.json` drives the
app, the dev host and `func start` alike.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Environment = Literal["development", "test", "production"]

# Values shipped in local.settings.example.json. They are fine on a laptop and refused anywhere else.
PLACEHOLDER_PREFIX = "dev-only-"
# The well-known key of the local Cosmos DB emulators; never valid against a real account.
EMULATOR_COSMOS_KEY = (
    "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
)


class Settings(BaseSettings):
    """Application settings, read from the environment (Function app settings in Azure)."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    environment: Environment = Field(
        "development",
        alias="ENVIRONMENT",
        description="development (local stack), test (the test suite) or production (Azure).",
    )
    log_level: str = Field("INFO", alias="LOG_LEVEL", description="Root log level: DEBUG, INFO, WARNING...")
    public_base_url: str = Field(
        "http://127.0.0.1:7071",
        alias="PUBLIC_BASE_URL",
        description="Where users reach the app; used to build links in emails and OAuth redirects.",
    )

    database_url: str = Field(
        "",
        alias="DATABASE_URL",
        description="PostgreSQL URL (libpq form). Empty in development: the local stack starts an "
        "embedded server under .local/pg and sets it.",
    )
    database_pool_min_size: int = Field(1, alias="DATABASE_POOL_MIN_SIZE", ge=0, description="Pool floor.")
    database_pool_max_size: int = Field(10, alias="DATABASE_POOL_MAX_SIZE", ge=1, description="Pool ceiling.")
    database_app_role: str = Field(
        "",
        alias="DATABASE_APP_ROLE",
        description="PostgreSQL role the app logs in as, granted read/write on every table after "
        "migrations when they run as another principal (the deploy hook); empty: no grants.",
    )
    database_entra_auth: bool = Field(
        False,
        alias="DATABASE_ENTRA_AUTH",
        description="Log in to PostgreSQL with a Microsoft Entra token of the Azure identity (managed "
        "identity in Azure) as the password, fetched again before it expires; DATABASE_URL then holds "
        "no password. Off locally, where the URL's own password (or none) is used.",
    )

    storage_connection_string: str = Field(
        "",
        alias="AzureWebJobsStorage",
        description="Storage connection string (UseDevelopmentStorage=true for Azurite). Empty in Azure, "
        "where the service URIs below and the managed identity are used instead.",
    )
    storage_blob_service_uri: str = Field(
        "",
        alias="AzureWebJobsStorage__blobServiceUri",
        description="Blob endpoint for identity-based connections (Azure).",
    )
    storage_queue_service_uri: str = Field(
        "",
        alias="AzureWebJobsStorage__queueServiceUri",
        description="Queue endpoint for identity-based connections (Azure).",
    )
    azure_client_id: str = Field(
        "",
        validation_alias=AliasChoices("AZURE_CLIENT_ID", "AzureWebJobsStorage__clientId"),
        description="Client id of the user-assigned managed identity used for every Azure service.",
    )
    media_container: str = Field("media", alias="MEDIA_CONTAINER", description="Blob container for media.")
    media_max_image_bytes: int = Field(
        20 * 1024 * 1024,
        alias="MEDIA_MAX_IMAGE_BYTES",
        ge=1,
        description="Largest image (GIF included) accepted, in bytes.",
    )
    media_max_video_bytes: int = Field(
        1024 * 1024 * 1024,
        alias="MEDIA_MAX_VIDEO_BYTES",
        ge=1,
        description="Largest video accepted, in bytes.",
    )
    media_upload_url_minutes: int = Field(
        15,
        alias="MEDIA_UPLOAD_URL_MINUTES",
        ge=1,
        le=24 * 60,
        description="How long a browser upload URL (create-only SAS for one blob) stays valid.",
    )
    media_read_url_minutes: int = Field(
        60,
        alias="MEDIA_READ_URL_MINUTES",
        ge=1,
        le=24 * 60,
        description="How long the read URLs (read-only SAS) in media responses stay valid.",
    )
    media_multipart_max_bytes: int = Field(
        10 * 1024 * 1024,
        alias="MEDIA_MULTIPART_MAX_BYTES",
        ge=1,
        description="Largest file the API accepts through its own multipart upload; bigger ones go "
        "straight to Blob Storage with an upload URL.",
    )

    publish_queue: str = Field("publish", alias="PUBLISH_QUEUE", description="Queue of due post targets.")
    status_check_queue: str = Field(
        "status-check", alias="STATUS_CHECK_QUEUE", description="Queue of slow-platform status polls."
    )
    analytics_queue: str = Field(
        "analytics", alias="ANALYTICS_QUEUE", description="Per-account metric pulls."
    )
    webhooks_queue: str = Field(
        "webhooks", alias="WEBHOOKS_QUEUE", description="Outbound webhook deliveries."
    )
    webhook_secret_rotation_hours: int = Field(
        24,
        alias="WEBHOOK_SECRET_ROTATION_HOURS",
        ge=0,
        le=168,
        description="After a webhook's secret is rotated, hours during which deliveries carry a signature "
        "with the previous secret too (0: none).",
    )
    heartbeat_schedule: str = Field(
        "*/30 * * * * *",
        alias="HEARTBEAT_SCHEDULE",
        description="NCRONTAB (seconds first) of the scheduler heartbeat that health reports on.",
    )

    purge_schedule: str = Field(
        "0 17 * * * *",
        alias="PURGE_SCHEDULE",
        description="NCRONTAB of the hourly purge of expired tokens, rate-limit windows and lockouts.",
    )

    cosmos_endpoint: str = Field(
        "https://127.0.0.1:8081", alias="COSMOS_ENDPOINT", description="Cosmos DB account endpoint."
    )
    cosmos_key: SecretStr = Field(
        SecretStr(""),
        alias="COSMOS_KEY",
        description="Cosmos DB key. Empty in Azure: the managed identity with a data-plane role is used.",
    )
    cosmos_database: str = Field("clickkloudy", alias="COSMOS_DATABASE", description="Cosmos DB database.")
    cosmos_ca_cert: str = Field(
        "",
        alias="COSMOS_CA_CERT",
        description="PEM file to trust for the Cosmos endpoint (the local emulator's self-signed cert).",
    )

    key_vault_url: str = Field(
        "",
        alias="KEY_VAULT_URL",
        description="Key Vault URI. When set, secrets are read from it; otherwise from these settings.",
    )
    jwt_signing_key: SecretStr = Field(
        SecretStr("dev-only-jwt-signing-key-change-me-0123456789abcdef"),
        alias="JWT_SIGNING_KEY",
        description="HMAC key for access tokens (Key Vault secret in Azure). At least 32 characters.",
    )
    token_encryption_key: SecretStr = Field(
        SecretStr("dev-only-token-encryption-key-change-me-0123456789"),
        alias="TOKEN_ENCRYPTION_KEY",
        description="Data key for platform-token encryption (Key Vault secret in Azure).",
    )

    jwt_previous_signing_keys: SecretStr = Field(
        SecretStr(""),
        alias="JWT_PREVIOUS_SIGNING_KEYS",
        description="Comma-separated keys still accepted for verification after a rotation (by kid).",
    )
    jwt_issuer: str = Field("clickkloudy", alias="JWT_ISSUER", description="`iss` of access tokens.")
    jwt_audience: str = Field("clickkloudy-api", alias="JWT_AUDIENCE", description="`aud` of access tokens.")
    access_token_ttl_seconds: int = Field(
        900, alias="ACCESS_TOKEN_TTL_SECONDS", ge=60, le=3600, description="Access token lifetime."
    )
    refresh_token_ttl_days: int = Field(
        30, alias="REFRESH_TOKEN_TTL_DAYS", ge=1, le=365, description="Refresh token (session) lifetime."
    )
    trust_forwarded_for: bool = Field(
        False,
        alias="TRUST_FORWARDED_FOR",
        description="Take the client IP from X-Forwarded-For (true behind Azure's front ends).",
    )
    register_per_ip_per_hour: int = Field(
        10,
        alias="REGISTER_PER_IP_PER_HOUR",
        ge=1,
        description="New accounts one client address may create in an hour (more answer 429).",
    )
    login_account_max_failures: int = Field(
        100,
        alias="LOGIN_ACCOUNT_MAX_FAILURES",
        ge=5,
        description="Failed sign-ins to one account, from all clients together, after which it is locked "
        "for everyone (30 s, doubling to 15 minutes). Each client is locked out of an account after 5 of "
        "its own, so someone guessing elsewhere does not lock the owner out; this ceiling stops a guess "
        "spread over many addresses. Failures are forgotten after an hour without one.",
    )
    request_max_body_bytes: int = Field(
        1024 * 1024,
        alias="REQUEST_MAX_BODY_BYTES",
        ge=1024,
        description="Largest request body, in bytes, of an operation that declares no limit of its own "
        "(file uploads declare theirs); larger ones get 413 before they are read.",
    )
    request_body_timeout_seconds: float = Field(
        60.0,
        alias="REQUEST_BODY_TIMEOUT_SECONDS",
        gt=0,
        description="How long a request body may take to arrive, from the first byte read; a body that "
        "trickles or stops short of its Content-Length gets 408.",
    )

    microsoft_client_id: str = Field(
        "", alias="MICROSOFT_CLIENT_ID", description="App registration id for Sign in with Microsoft."
    )
    microsoft_client_secret: SecretStr = Field(
        SecretStr(""), alias="MICROSOFT_CLIENT_SECRET", description="Its client secret (Key Vault reference)."
    )
    microsoft_authority: str = Field(
        "https://login.microsoftonline.com/organizations",
        alias="MICROSOFT_AUTHORITY",
        description="Entra ID (login.microsoftonline.com/<tenant>) or External ID (<t>.ciamlogin.com/<t>).",
    )
    microsoft_allowed_tenants: str = Field(
        "",
        alias="MICROSOFT_ALLOWED_TENANTS",
        description="Comma-separated tenant ids allowed to sign in; empty allows any tenant.",
    )

    email_backend: Literal["dev_outbox", "smtp", "acs"] = Field(
        "dev_outbox",
        alias="EMAIL_BACKEND",
        description="dev_outbox (stored in PostgreSQL, development only), smtp, or acs "
        "(Azure Communication Services).",
    )
    email_from: str = Field(
        "clickKloudy <no-reply@clickkloudy.local>", alias="EMAIL_FROM", description="Sender of every email."
    )
    operator_emails: str = Field(
        "", alias="OPERATOR_EMAILS", description="Comma-separated addresses that receive contact messages."
    )
    smtp_host: str = Field("", alias="SMTP_HOST", description="SMTP server host (EMAIL_BACKEND=smtp).")
    smtp_port: int = Field(587, alias="SMTP_PORT", description="SMTP server port.")
    smtp_username: str = Field("", alias="SMTP_USERNAME", description="SMTP user; empty for no auth.")
    smtp_password: SecretStr = Field(SecretStr(""), alias="SMTP_PASSWORD", description="SMTP password.")
    smtp_starttls: bool = Field(
        True, alias="SMTP_STARTTLS", description="Upgrade the SMTP connection with STARTTLS."
    )
    acs_endpoint: str = Field(
        "",
        alias="ACS_ENDPOINT",
        description="Azure Communication Services endpoint (managed identity) for EMAIL_BACKEND=acs.",
    )
    acs_connection_string: SecretStr = Field(
        SecretStr(""),
        alias="ACS_CONNECTION_STRING",
        description="ACS connection string, when not using the managed identity.",
    )

    seed_admin_password: SecretStr = Field(
        SecretStr("clickkloudy-admin-dev"),
        alias="SEED_ADMIN_PASSWORD",
        description="Password of the demo platform admin `make dev` creates (development only).",
    )

    token_encryption_previous_keys: SecretStr = Field(
        SecretStr(""),
        alias="TOKEN_ENCRYPTION_PREVIOUS_KEYS",
        description="Comma-separated old token-encryption keys that still open stored tokens (rotation).",
    )
    sandbox_mode: bool = Field(
        False,
        alias="SANDBOX_MODE",
        description="Offer the sandbox platform (tools/sandbox) for connecting accounts; on in `make dev`.",
    )
    sandbox_base_url: str = Field(
        "http://127.0.0.1:7081", alias="SANDBOX_BASE_URL", description="Where the sandbox platform listens."
    )
    platform_base_urls: dict[str, str] = Field(
        default_factory=dict,
        alias="PLATFORM_BASE_URLS",
        description=(
            'JSON object {"platform": "base URL"} sending every host of a platform to one server (its '
            "test fake); empty: the platforms' real hosts."
        ),
    )
    egress_allow_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        alias="EGRESS_ALLOW_HOSTS",
        description="Comma-separated host:port pairs (IPv6 as [::1]:8080) that calls to hosts people name "
        "(Mastodon servers, Bluesky hosting providers, webhook receivers) may reach although they are "
        "local or private: the development fakes and receivers. Only this exact spelling is let "
        "through. Development and test only; refused in production (see shared/adapters/egress.py).",
    )
    x_client_id: str = Field("", alias="X_CLIENT_ID", description="X OAuth 2.0 client id; empty turns X off.")
    x_client_secret: SecretStr = Field(SecretStr(""), alias="X_CLIENT_SECRET", description="X client secret.")
    facebook_app_id: str = Field(
        "",
        alias="FACEBOOK_APP_ID",
        description="Meta app id for Facebook Pages and Instagram via Facebook Login; empty turns both off.",
    )
    facebook_app_secret: SecretStr = Field(
        SecretStr(""), alias="FACEBOOK_APP_SECRET", description="Meta app secret (Facebook Login)."
    )
    instagram_app_id: str = Field(
        "", alias="INSTAGRAM_APP_ID", description="Instagram app id for Instagram Login; empty turns it off."
    )
    instagram_app_secret: SecretStr = Field(
        SecretStr(""), alias="INSTAGRAM_APP_SECRET", description="Instagram app secret (Instagram Login)."
    )
    threads_app_id: str = Field("", alias="THREADS_APP_ID", description="Threads app id; empty turns it off.")
    threads_app_secret: SecretStr = Field(
        SecretStr(""), alias="THREADS_APP_SECRET", description="Threads app secret."
    )
    linkedin_client_id: str = Field(
        "", alias="LINKEDIN_CLIENT_ID", description="LinkedIn client id; empty turns LinkedIn off."
    )
    linkedin_client_secret: SecretStr = Field(
        SecretStr(""), alias="LINKEDIN_CLIENT_SECRET", description="LinkedIn client secret."
    )
    linkedin_api_version: str = Field(
        "202510",
        alias="LINKEDIN_API_VERSION",
        description="`LinkedIn-Version` header (YYYYMM) sent on REST calls.",
    )
    google_client_id: str = Field(
        "", alias="GOOGLE_CLIENT_ID", description="Google OAuth client id for YouTube; empty turns it off."
    )
    google_client_secret: SecretStr = Field(
        SecretStr(""), alias="GOOGLE_CLIENT_SECRET", description="Google OAuth client secret."
    )
    tiktok_client_key: str = Field(
        "", alias="TIKTOK_CLIENT_KEY", description="TikTok client key; empty turns TikTok off."
    )
    tiktok_client_secret: SecretStr = Field(
        SecretStr(""), alias="TIKTOK_CLIENT_SECRET", description="TikTok client secret."
    )
    pinterest_app_id: str = Field(
        "", alias="PINTEREST_APP_ID", description="Pinterest app id; empty turns Pinterest off."
    )
    pinterest_app_secret: SecretStr = Field(
        SecretStr(""), alias="PINTEREST_APP_SECRET", description="Pinterest app secret."
    )
    oauth_state_minutes: int = Field(
        15,
        alias="OAUTH_STATE_MINUTES",
        ge=1,
        le=60,
        description="How long a started account connection may wait for the platform's callback.",
    )
    status_check_max_minutes: int = Field(
        120,
        alias="STATUS_CHECK_MAX_MINUTES",
        ge=1,
        description="How long a platform may process an upload (video, container) before the target fails.",
    )
    platform_timeout_seconds: float = Field(
        15.0,
        alias="PLATFORM_TIMEOUT_SECONDS",
        gt=0,
        description="How long a platform call may take before its outcome counts as unknown.",
    )
    dispatch_schedule: str = Field(
        "*/10 * * * * *",
        alias="DISPATCH_SCHEDULE",
        description="NCRONTAB of the dispatcher that queues targets due within DISPATCH_LOOKAHEAD_SECONDS.",
    )
    dispatch_lookahead_seconds: int = Field(
        120,
        alias="DISPATCH_LOOKAHEAD_SECONDS",
        ge=0,
        le=3600,
        description="How far ahead the dispatcher queues targets (their messages stay invisible until due).",
    )
    sweep_schedule: str = Field(
        "15 * * * * *",
        alias="SWEEP_SCHEDULE",
        description="NCRONTAB of the sweep that re-drives targets stuck in queued or publishing.",
    )
    analytics_schedule: str = Field(
        "0 5 * * * *",
        alias="ANALYTICS_SCHEDULE",
        description="NCRONTAB of the timer that queues one metrics pull per active account.",
    )
    analytics_snapshot_ttl_days: int = Field(
        90,
        alias="ANALYTICS_SNAPSHOT_TTL_DAYS",
        ge=1,
        le=3650,
        description="Days the hourly metric snapshots of accounts and posts (Cosmos DB account_metrics, "
        "post_metrics) are kept; their daily rollups outlive them.",
    )
    analytics_rollup_ttl_days: int = Field(
        731,
        alias="ANALYTICS_ROLLUP_TTL_DAYS",
        ge=1,
        le=3650,
        description="Days the daily rollups (daily_rollups, account_rollups, post_rollups) are kept after "
        "they were last written: how far back the analytics pages reach.",
    )
    analytics_live_cache_seconds: int = Field(
        300,
        alias="ANALYTICS_LIVE_CACHE_SECONDS",
        ge=0,
        le=3600,
        description="Live figures asked of a platform are reused for this long per account, by every "
        "instance, so repeated views never spend the platform's rate limit; after a failure the platform is "
        "not asked again for as long (or until its rate limit resets).",
    )
    analytics_collect_now_minutes: int = Field(
        5,
        alias="ANALYTICS_COLLECT_NOW_MINUTES",
        ge=1,
        le=1440,
        description="How often a workspace may ask for a collection now (429 with Retry-After sooner).",
    )
    analytics_report_schedule: str = Field(
        "0 10 * * * *",
        alias="ANALYTICS_REPORT_SCHEDULE",
        description="NCRONTAB of the timer that emails the scheduled analytics reports that are due (each "
        "schedule's period once).",
    )
    analytics_best_times_min_posts: int = Field(
        3,
        alias="ANALYTICS_BEST_TIMES_MIN_POSTS",
        ge=1,
        le=1000,
        description="Posts a weekday-and-hour cell of the best-times grid needs before it shows a finding; "
        "below it the cell says not enough data yet.",
    )
    token_refresh_schedule: str = Field(
        "0 */10 * * * *",
        alias="TOKEN_REFRESH_SCHEDULE",
        description="NCRONTAB of the timer that refreshes platform tokens expiring within 30 minutes.",
    )
    recurrence_horizon_days: int = Field(
        14,
        alias="RECURRENCE_HORIZON_DAYS",
        ge=1,
        le=90,
        description="How far ahead occurrences of recurring posts exist as ordinary posts.",
    )
    publish_max_attempts: int = Field(
        5,
        alias="PUBLISH_MAX_ATTEMPTS",
        ge=1,
        le=20,
        description="Attempts per target before a transient failure becomes final.",
    )

    applicationinsights_connection_string: SecretStr = Field(
        SecretStr(""),
        alias="APPLICATIONINSIGHTS_CONNECTION_STRING",
        description="Application Insights connection string; telemetry is off when empty.",
    )
    health_check_timeout_seconds: float = Field(
        3.0, alias="HEALTH_CHECK_TIMEOUT_SECONDS", gt=0, description="Per-component health check timeout."
    )

    @field_validator("egress_allow_hosts", mode="before")
    @classmethod
    def _host_port_pairs(cls, value: object) -> object:
        """A comma-separated string (or a JSON list) of host:port, each normalised: lower case, no
        trailing dot, IPv6 in brackets."""
        if isinstance(value, str):
            text = value
            try:  # a JSON list, as `json.dumps` of the setting gives
                value = json.loads(text)
            except ValueError:
                value = text.split(",")
        if not isinstance(value, list | tuple | set | frozenset):
            return value
        pairs: list[str] = []
        for entry in value:
            if not str(entry).strip():
                continue
            parts = urlsplit(f"//{str(entry).strip()}")
            try:
                port = parts.port
            except ValueError:
                port = None
            if not parts.hostname or port is None or parts.username or parts.path or parts.query:
                raise ValueError(f"EGRESS_ALLOW_HOSTS: {entry!r} is not host:port")
            name = parts.hostname.lower().removesuffix(".")
            pairs.append(f"[{name}]:{port}" if ":" in name else f"{name}:{port}")
        return pairs

    @property
    def is_development(self) -> bool:
        return self.environment in ("development", "test")

    @property
    def cookies_secure(self) -> bool:
        """Secure cookies whenever users reach us over HTTPS (always in Azure)."""
        return self.public_base_url.startswith("https://")

    @model_validator(mode="after")
    def _refuse_placeholders_outside_development(self) -> Settings:
        if self.is_development:
            return self
        problems: list[str] = []
        for alias, secret in (
            ("JWT_SIGNING_KEY", self.jwt_signing_key),
            ("TOKEN_ENCRYPTION_KEY", self.token_encryption_key),
        ):
            value = secret.get_secret_value()
            if value.startswith(PLACEHOLDER_PREFIX) and not self.key_vault_url:
                problems.append(f"{alias} still has its development placeholder value")
            if value and len(value) < 32:
                problems.append(f"{alias} is shorter than 32 characters")
        if self.cosmos_key.get_secret_value() == EMULATOR_COSMOS_KEY:
            problems.append("COSMOS_KEY is the public emulator key")
        if self.storage_connection_string.strip().lower() == "usedevelopmentstorage=true":
            problems.append("AzureWebJobsStorage points at the local storage emulator")
        if not self.database_url:
            problems.append("DATABASE_URL is required outside development")
        if self.email_backend == "dev_outbox":
            problems.append("EMAIL_BACKEND=dev_outbox only stores mail; choose smtp or acs")
        if self.egress_allow_hosts:
            problems.append(
                "EGRESS_ALLOW_HOSTS lets calls reach private addresses; it is for development only"
            )
        if not (self.storage_connection_string or self.storage_blob_service_uri):
            problems.append("AzureWebJobsStorage or AzureWebJobsStorage__blobServiceUri is required")
        if problems:
            raise ValueError(f"unsafe settings for environment {self.environment!r}: " + "; ".join(problems))
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once (Functions restarts the worker when settings change)."""
    return Settings()
