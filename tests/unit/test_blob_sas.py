"""SAS URLs of the blob adapter: permissions, HTTPS, and the user-delegation key cache.

Azurite cannot issue user delegation keys (that needs Entra ID), so the delegation path runs
against a fake service client that records every key request; the account-key path is exercised
against Azurite in tests/integration/test_media.py.
"""

import asyncio
import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from azure.storage.blob import UserDelegationKey

from shared.adapters.blob import DELEGATION_KEY_LIFETIME, BlobStore

ACCOUNT = "stclickkloudy"


@dataclass
class FakeBlobClient:
    url: str


@dataclass
class FakeServiceClient:
    """Stands in for azure.storage.blob.aio.BlobServiceClient, with a managed identity (no key)."""

    credential: Any = None
    account_name: str = ACCOUNT
    key_requests: list[tuple[datetime, datetime]] = field(default_factory=list)

    def get_blob_client(self, container: str, name: str) -> FakeBlobClient:
        return FakeBlobClient(f"https://{ACCOUNT}.blob.core.windows.net/{container}/{name}")

    async def get_user_delegation_key(self, start: datetime, expiry: datetime) -> UserDelegationKey:
        self.key_requests.append((start, expiry))
        await asyncio.sleep(0.01)  # a network round trip: lets concurrent callers pile up
        key = UserDelegationKey()  # type: ignore[no-untyped-call]
        key.signed_oid = "11111111-1111-1111-1111-111111111111"
        key.signed_tid = "22222222-2222-2222-2222-222222222222"
        key.signed_start = start.strftime("%Y-%m-%dT%H:%M:%SZ")
        key.signed_expiry = expiry.strftime("%Y-%m-%dT%H:%M:%SZ")
        key.signed_service = "b"
        key.signed_version = "2025-01-05"
        key.value = base64.b64encode(f"key-{len(self.key_requests)}".encode()).decode()
        return key


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2030, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def store_with(client: FakeServiceClient, clock: Clock | None = None) -> BlobStore:
    return BlobStore(client, clock=clock or Clock())  # type: ignore[arg-type]


async def test_upload_sas_is_create_only_https_and_for_one_blob() -> None:
    client = FakeServiceClient()
    clock = Clock()
    url = await store_with(client, clock).upload_sas_url(
        "media", "ws/m/original", expires_in=timedelta(minutes=15)
    )
    assert url.startswith(f"https://{ACCOUNT}.blob.core.windows.net/media/ws/m/original?")
    params = query(url)
    assert params["sp"] == "c"
    assert params["sr"] == "b"
    assert params["spr"] == "https"
    assert params["skoid"] == "11111111-1111-1111-1111-111111111111"
    assert params["se"] == "2030-01-01T00:15:00Z"
    assert "sig" in params


async def test_read_sas_is_read_only() -> None:
    url = await store_with(FakeServiceClient()).read_sas_url("media", "a/b", expires_in=timedelta(hours=1))
    assert query(url)["sp"] == "r"


async def test_one_delegation_key_serves_many_urls_until_it_nears_its_end() -> None:
    client = FakeServiceClient()
    clock = Clock()
    store = store_with(client, clock)
    for _ in range(5):
        await store.read_sas_url("media", "a", expires_in=timedelta(hours=1))
    assert len(client.key_requests) == 1
    start, expiry = client.key_requests[0]
    assert start < clock.now < expiry  # valid already, despite clock skew
    assert expiry - clock.now == DELEGATION_KEY_LIFETIME

    clock.now += DELEGATION_KEY_LIFETIME - timedelta(hours=2)
    await store.read_sas_url("media", "a", expires_in=timedelta(hours=1))
    assert len(client.key_requests) == 1  # the key still outlives this SAS with margin
    await store.read_sas_url("media", "a", expires_in=timedelta(hours=2))
    assert len(client.key_requests) == 2  # it would not: renewed


async def test_concurrent_requests_on_a_cold_store_fetch_one_key() -> None:
    client = FakeServiceClient()
    store = store_with(client)
    urls = await asyncio.gather(
        *(store.read_sas_url("media", f"n{i}", expires_in=timedelta(minutes=5)) for i in range(10))
    )
    assert len(set(urls)) == 10
    assert len(client.key_requests) == 1


@dataclass
class SharedKey:
    account_key: str = base64.b64encode(b"k" * 64).decode()


async def test_account_key_sas_needs_no_delegation_key() -> None:
    client = FakeServiceClient(credential=SharedKey())
    url = await store_with(client).upload_sas_url("media", "x", expires_in=timedelta(minutes=1))
    params = query(url)
    assert params["sp"] == "c"
    assert "skoid" not in params
    assert client.key_requests == []


@pytest.mark.parametrize("expires_in", [timedelta(0), timedelta(seconds=-1), timedelta(days=2)])
async def test_sas_lifetime_is_bounded(expires_in: timedelta) -> None:
    with pytest.raises(ValueError, match="SAS lives"):
        await store_with(FakeServiceClient()).read_sas_url("media", "x", expires_in=expires_in)
