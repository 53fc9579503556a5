"""Blob Storage: media originals, derived images and exports."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from shared.adapters.credentials import get_credential
from shared.config import Settings

if TYPE_CHECKING:
    from azure.storage.blob.aio import BlobServiceClient


class BlobStore:
    """Thin async wrapper that speaks in container/name/bytes and hides the SDK's client tree."""

    def __init__(self, client: BlobServiceClient) -> None:
        self._client = client

    @classmethod
    def from_settings(cls, settings: Settings) -> BlobStore:
        from azure.storage.blob.aio import BlobServiceClient

        if settings.storage_connection_string:
            return cls(BlobServiceClient.from_connection_string(settings.storage_connection_string))
        if not settings.storage_blob_service_uri:
            raise RuntimeError("set AzureWebJobsStorage or AzureWebJobsStorage__blobServiceUri")
        return cls(BlobServiceClient(settings.storage_blob_service_uri, credential=get_credential(settings)))

    @property
    def account_url(self) -> str:
        return str(self._client.url)

    async def create_container(self, container: str) -> None:
        """Create the container if it is missing (idempotent)."""
        from azure.core.exceptions import ResourceExistsError

        with contextlib.suppress(ResourceExistsError):
            await self._client.create_container(container)

    async def upload(
        self, container: str, name: str, data: bytes, *, content_type: str | None = None
    ) -> None:
        from azure.storage.blob import ContentSettings

        blob = self._client.get_blob_client(container, name)
        settings = ContentSettings(content_type=content_type) if content_type else None
        await blob.upload_blob(data, overwrite=True, content_settings=settings)

    async def download(self, container: str, name: str) -> bytes:
        """The blob's bytes; raises azure.core.exceptions.ResourceNotFoundError when absent."""
        stream = await self._client.get_blob_client(container, name).download_blob()
        return bytes(await stream.readall())

    async def exists(self, container: str, name: str) -> bool:
        return bool(await self._client.get_blob_client(container, name).exists())

    async def delete(self, container: str, name: str) -> None:
        """Delete the blob if present (idempotent)."""
        from azure.core.exceptions import ResourceNotFoundError

        with contextlib.suppress(ResourceNotFoundError):
            await self._client.get_blob_client(container, name).delete_blob(delete_snapshots="include")

    async def ping(self, container: str) -> None:
        """A cheap authenticated round trip that needs no more than the app's data role."""
        await self._client.get_container_client(container).exists()

    async def close(self) -> None:
        await self._client.close()
