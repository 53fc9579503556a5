"""Composition root of the core: builds each outside-system client once, on first use.

Lazy creation keeps cold starts short (no SDK is imported until a request needs it) and
one client per system per process keeps connection pools warm between invocations.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from shared.config import Settings, get_settings

if TYPE_CHECKING:
    import httpx
    from psycopg_pool import AsyncConnectionPool

    from shared.adapters.blob import BlobStore
    from shared.adapters.cosmos import CosmosStore
    from shared.adapters.egress import EgressClient, EgressGuard
    from shared.adapters.queue import QueueSender
    from shared.adapters.secrets import SecretProvider
    from shared.platforms.base import Connector
    from shared.services.email import Mailer


class Container:
    def __init__(self, settings: Settings, *, egress: EgressGuard | None = None) -> None:
        """`egress`: the guard for hosts people name; built from the settings unless given (tests give
        one with their own resolver)."""
        self.settings = settings
        self._egress = egress
        self._egress_http: EgressClient | None = None
        self._pool: AsyncConnectionPool | None = None
        self._pool_lock = asyncio.Lock()
        self._blob: BlobStore | None = None
        self._queue: QueueSender | None = None
        self._cosmos: CosmosStore | None = None
        self._secrets: SecretProvider | None = None
        self._mailer: Mailer | None = None
        self._http: httpx.AsyncClient | None = None
        self._connectors: dict[str, Connector] = {}

    @property
    def http(self) -> httpx.AsyncClient:
        """The outbound HTTP client for platform APIs: pooled connections, one timeout policy."""
        if self._http is None:
            import httpx

            timeout = self.settings.platform_timeout_seconds
            self._http = httpx.AsyncClient(
                timeout=httpx.Timeout(timeout, connect=min(5.0, timeout)),
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
                follow_redirects=False,
            )
        return self._http

    @property
    def egress(self) -> EgressGuard:
        """The egress guard (shared/adapters/egress.py): check a URL a person typed before saving it."""
        if self._egress is None:
            from shared.adapters.egress import EgressGuard

            self._egress = EgressGuard.from_settings(self.settings)
        return self._egress

    @property
    def egress_http(self) -> EgressClient:
        """The outbound HTTP client for hosts people name (Mastodon servers, Bluesky hosting providers,
        webhook receivers): every connection goes through the egress guard; redirects are not followed."""
        if self._egress_http is None:
            import httpx

            timeout = self.settings.platform_timeout_seconds
            self._egress_http = self.egress.client(
                timeout=httpx.Timeout(timeout, connect=min(5.0, timeout)),
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
            )
        return self._egress_http

    def connector(self, platform: str) -> Connector:
        if platform not in self._connectors:
            from shared.platforms.registry import build_connector

            self._connectors[platform] = build_connector(
                platform,
                self.settings,
                self.http,
                self.db,
                egress=lambda: self.egress_http,
                blob=lambda: self.blob,
            )
        return self._connectors[platform]

    async def db(self) -> AsyncConnectionPool:
        if self._pool is None:
            async with self._pool_lock:
                if self._pool is None:
                    from shared.adapters.postgres.pool import open_pool

                    self._pool = await open_pool(self.settings)
        return self._pool

    @property
    def blob(self) -> BlobStore:
        if self._blob is None:
            from shared.adapters.blob import BlobStore

            self._blob = BlobStore.from_settings(self.settings)
        return self._blob

    @property
    def queue(self) -> QueueSender:
        if self._queue is None:
            from shared.adapters.queue import QueueSender

            self._queue = QueueSender.from_settings(self.settings)
        return self._queue

    @property
    def cosmos(self) -> CosmosStore:
        if self._cosmos is None:
            from shared.adapters.cosmos import CosmosStore

            self._cosmos = CosmosStore.from_settings(self.settings)
        return self._cosmos

    @property
    def secrets(self) -> SecretProvider:
        if self._secrets is None:
            from shared.adapters.secrets import secrets_from_settings

            self._secrets = secrets_from_settings(self.settings)
        return self._secrets

    @property
    def mailer(self) -> Mailer:
        if self._mailer is None:
            from shared.adapters.email import sender_from_settings
            from shared.services.email import Mailer

            self._mailer = Mailer(sender_from_settings(self.settings, self.db))
        return self._mailer

    async def aclose(self) -> None:
        """Close whatever was opened (tests and the dev host's shutdown)."""
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
        for client in (self._blob, self._queue, self._cosmos, self._secrets, self._mailer):
            if client is not None:
                await client.close()
        self._blob = self._queue = self._cosmos = None
        self._secrets = None
        self._mailer = None
        if self._http is not None:
            await self._http.aclose()
            self._http = None
        if self._egress_http is not None:
            await self._egress_http.aclose()
            self._egress_http = None
        self._connectors.clear()


_container: Container | None = None


def get_container() -> Container:
    """The process-wide container."""
    global _container  # noqa: PLW0603 - one per process by design
    if _container is None:
        _container = Container(get_settings())
    return _container
