"""Blob Storage: media originals, derived images and exports."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from shared.adapters.credentials import get_credential
from shared.config import Settings

if TYPE_CHECKING:
    from azure.storage.blob import BlobSasPermissions, UserDelegationKey
    from azure.storage.blob.aio import BlobServiceClient

# A SAS signed with a user delegation key dies with the key, and Azure issues keys for at most
# 7 days. We ask for two days and hand out SAS of at most one, so a cached key always outlives
# every SAS signed with it by a wide margin.
MAX_SAS_LIFETIME = timedelta(days=1)
DELEGATION_KEY_LIFETIME = timedelta(days=2)
# Renew the cached key this long before a new SAS would outlive it.
DELEGATION_KEY_RENEW_MARGIN = timedelta(minutes=5)
# Tolerated clock difference between us and storage: a key must already be valid when first used.
CLOCK_SKEW = timedelta(minutes=5)


# What a browser may do with the URLs the API hands out: PUT with an upload URL, GET with a read URL.
# The same rule as the storage account's in infra/core/storage/storage-account.bicep.
CORS_METHODS = ["GET", "HEAD", "PUT", "OPTIONS"]
CORS_ALLOWED_HEADERS = [
    "content-type",
    "x-ms-blob-type",
    "x-ms-blob-content-type",
    "x-ms-version",
    "x-ms-client-request-id",
]
CORS_EXPOSED_HEADERS = ["etag", "x-ms-request-id"]
CORS_MAX_AGE_SECONDS = 3600

# A media original of a few hundred MB copies within one account in seconds.
COPY_TIMEOUT = timedelta(minutes=2)
COPY_POLL_SECONDS = 0.5


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class BlobInfo:
    size: int
    content_type: str | None
    etag: str


class BlobStore:
    """Thin async wrapper that speaks in container/name/bytes and hides the SDK's client tree."""

    def __init__(self, client: BlobServiceClient, *, clock: Callable[[], datetime] = _utcnow) -> None:
        self._client = client
        self._clock = clock
        self._delegation_key: UserDelegationKey | None = None
        self._delegation_key_expiry = datetime.min.replace(tzinfo=UTC)
        self._delegation_key_lock = asyncio.Lock()

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

    @property
    def account_name(self) -> str:
        return str(self._client.account_name)

    async def allow_browsers(self, origins: list[str]) -> None:
        """Let pages at `origins` PUT to upload URLs and read with read URLs (the service's CORS rule).

        Without it a browser's preflight is refused and a direct-to-Blob upload never starts.
        Replaces the service's CORS rules; idempotent.
        """
        from azure.storage.blob import CorsRule

        rule = CorsRule(
            origins,
            CORS_METHODS,
            allowed_headers=CORS_ALLOWED_HEADERS,
            exposed_headers=CORS_EXPOSED_HEADERS,
            max_age_in_seconds=CORS_MAX_AGE_SECONDS,
        )
        await self._client.set_service_properties(cors=[rule])

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

    async def download_into(self, container: str, name: str, write: Callable[[bytes], object]) -> int:
        """Stream the blob chunk by chunk into `write`; return the bytes received.

        For blobs too big for memory (a 1 GB video): only one chunk is held at a time, and `write`
        runs in a worker thread so the disk writes and whatever it computes (a hash) never block
        the event loop. Raises azure.core.exceptions.ResourceNotFoundError when absent.
        """
        stream = await self._client.get_blob_client(container, name).download_blob()
        received = 0
        async for chunk in stream.chunks():
            await asyncio.to_thread(write, chunk)
            received += len(chunk)
        return received

    async def properties(self, container: str, name: str) -> BlobInfo | None:
        """Size, type and etag without downloading; None when the blob does not exist."""
        from azure.core.exceptions import ResourceNotFoundError

        try:
            props = await self._client.get_blob_client(container, name).get_blob_properties()
        except ResourceNotFoundError:
            return None
        return BlobInfo(
            size=int(props.size), content_type=props.content_settings.content_type, etag=str(props.etag)
        )

    async def set_content_type(self, container: str, name: str, content_type: str) -> None:
        """Replace the type a client declared with the one we verified, so reads serve the truth."""
        from azure.storage.blob import ContentSettings

        await self._client.get_blob_client(container, name).set_http_headers(
            ContentSettings(content_type=content_type)
        )

    async def copy(
        self, container: str, source: str, target: str, *, timeout: timedelta = COPY_TIMEOUT
    ) -> None:
        """Copy a blob to another name in the same container, replacing it; the bytes stay in storage.

        A server-side Copy Blob from a short read URL of the source, which every authorisation we
        use can sign (account key, or a user delegation key where shared keys are off). Within one
        account Azure usually finishes the copy before answering; otherwise this waits for it.
        Raises azure.core.exceptions.ResourceNotFoundError when the source is gone, TimeoutError when
        the copy outlasts `timeout` (it is aborted then).
        """
        source_url = await self.read_sas_url(container, source, expires_in=timeout + CLOCK_SKEW)
        blob = self._client.get_blob_client(container, target)
        started = await blob.start_copy_from_url(source_url)
        status, copy_id = started.get("copy_status"), str(started.get("copy_id"))
        deadline = self._clock() + timeout
        while status == "pending":
            if self._clock() >= deadline:
                with contextlib.suppress(Exception):
                    await blob.abort_copy(copy_id)
                raise TimeoutError(f"copying {source} took longer than {timeout}")
            await asyncio.sleep(COPY_POLL_SECONDS)
            status = (await blob.get_blob_properties()).copy.status
        if status != "success":
            raise RuntimeError(f"copying {source} ended {status}")

    async def exists(self, container: str, name: str) -> bool:
        return bool(await self._client.get_blob_client(container, name).exists())

    async def delete(self, container: str, name: str) -> None:
        """Delete the blob if present (idempotent)."""
        from azure.core.exceptions import ResourceNotFoundError

        with contextlib.suppress(ResourceNotFoundError):
            await self._client.get_blob_client(container, name).delete_blob(delete_snapshots="include")

    async def upload_sas_url(self, container: str, name: str, *, expires_in: timedelta) -> str:
        """A URL that lets its holder create this one blob, once, and nothing else.

        Create-only ('c'), not write: once the blob exists the same URL can neither replace nor
        append to it, so the bytes the API inspects after the upload are the bytes that stay. It
        cannot read, list, delete or touch any other name. The holder must send
        `x-ms-blob-type: BlockBlob` (a single Put Blob).
        """
        from azure.storage.blob import BlobSasPermissions

        return await self._sas_url(container, name, BlobSasPermissions(create=True), expires_in)

    async def read_sas_url(self, container: str, name: str, *, expires_in: timedelta) -> str:
        """A URL that lets its holder read this one blob until it expires, and do nothing else."""
        from azure.storage.blob import BlobSasPermissions

        return await self._sas_url(container, name, BlobSasPermissions(read=True), expires_in)

    async def _sas_url(
        self, container: str, name: str, permission: BlobSasPermissions, expires_in: timedelta
    ) -> str:
        """Account-key SAS when we hold the key (Azurite, connection strings); user-delegation SAS
        signed with an Entra-issued key otherwise, which needs no account key at all (Azure, where
        shared-key access is disabled) and can be revoked by revoking the delegation keys."""
        from azure.storage.blob import generate_blob_sas

        if not timedelta(0) < expires_in <= MAX_SAS_LIFETIME:
            raise ValueError(f"a SAS lives between 0 and {MAX_SAS_LIFETIME}")
        blob = self._client.get_blob_client(container, name)
        expiry = self._clock() + expires_in
        # HTTPS-only wherever the endpoint speaks it, so the signature never crosses the wire in clear.
        protocol = "https" if blob.url.startswith("https://") else None
        account = str(self._client.account_name)
        account_key: str | None = getattr(self._client.credential, "account_key", None)
        if account_key:
            token = generate_blob_sas(
                account,
                container,
                name,
                account_key=account_key,
                permission=permission,
                expiry=expiry,
                protocol=protocol,
            )
        else:
            token = generate_blob_sas(
                account,
                container,
                name,
                user_delegation_key=await self._user_delegation_key(expiry),
                permission=permission,
                expiry=expiry,
                protocol=protocol,
            )
        return f"{blob.url}?{token}"

    async def _user_delegation_key(self, needed_until: datetime) -> UserDelegationKey:
        """The cached delegation key, renewed shortly before a SAS would outlive it.

        Fetching a key is a network round trip to storage (and Entra); listing a page of media
        signs hundreds of URLs, so one key serves every SAS until it nears its end. The lock keeps
        a burst of requests on a cold instance from fetching a key each.
        """
        async with self._delegation_key_lock:
            if (
                self._delegation_key is None
                or self._delegation_key_expiry < needed_until + DELEGATION_KEY_RENEW_MARGIN
            ):
                now = self._clock()
                expiry = now + DELEGATION_KEY_LIFETIME
                self._delegation_key = await self._client.get_user_delegation_key(now - CLOCK_SKEW, expiry)
                self._delegation_key_expiry = expiry
            return self._delegation_key

    async def ping(self, container: str) -> None:
        """A cheap authenticated round trip that needs no more than the app's data role."""
        await self._client.get_container_client(container).exists()

    async def close(self) -> None:
        await self._client.close()
