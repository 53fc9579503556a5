"""Composition root of the core: builds each outside-system client once, on first use.

Lazy creation keeps cold starts short (no SDK is imported until a request needs it) and
one client per system per process keeps connection pools warm between invocations.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from shared.config import Settings, get_settings

if TYPE_CHECKING:
    from psycopg_pool import AsyncConnectionPool

    from shared.adapters.blob import BlobStore
    from shared.adapters.cosmos import CosmosStore
    from shared.adapters.queue import QueueSender
    from shared.adapters.secrets import SecretProvider
    from shared.services.email import Mailer


class Container:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool: AsyncConnectionPool | None = None
        self._pool_lock = asyncio.Lock()
        self._blob: BlobStore | None = None
        self._queue: QueueSender | None = None
        self._cosmos: CosmosStore | None = None
        self._secrets: SecretProvider | None = None
        self._mailer: Mailer | None = None

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


_container: Container | None = None


def get_container() -> Container:
    """The process-wide container."""
    global _container  # noqa: PLW0603 - one per process by design
    if _container is None:
        _container = Container(get_settings())
    return _container
