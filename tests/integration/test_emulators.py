"""The emulators answer the real Azure SDKs the way the app will use them.

The Cosmos client settings here are the ones that make the SDK verify TLS against our generated
certificate. Note that ``connection_verify=<path>`` on its own is accepted but ignored for
``127.0.0.1``/``localhost`` endpoints: azure-cosmos switches verification off for those unless an
``ssl_config`` is given (see ``test_cosmos_verifies_tls_against_the_generated_ca``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from azure.core.exceptions import ServiceRequestError
from azure.cosmos import CosmosClient, PartitionKey
from azure.cosmos.aio import CosmosClient as AsyncCosmosClient
from azure.cosmos.documents import SSLConfiguration
from azure.storage.blob import BlobServiceClient
from azure.storage.queue import QueueClient

from tools.emulators.manage import EmulatorEndpoints, ensure_running, generate_cert, status

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="module")
def endpoints() -> EmulatorEndpoints:
    return ensure_running(ROOT)


def verified_ssl(ca_file: str) -> SSLConfiguration:
    config = SSLConfiguration()
    config.SSLCaCerts = ca_file
    return config


@pytest.fixture
def cosmos(endpoints: EmulatorEndpoints) -> Iterator[CosmosClient]:
    client = CosmosClient(
        endpoints.cosmos_endpoint,
        credential=endpoints.cosmos_key,
        ssl_config=verified_ssl(endpoints.cosmos_ca_cert),
        enable_endpoint_discovery=False,
    )
    with client:
        yield client


def test_endpoints_point_at_loopback(endpoints: EmulatorEndpoints) -> None:
    assert endpoints.blob_url == "http://127.0.0.1:10000/devstoreaccount1"
    assert endpoints.queue_url == "http://127.0.0.1:10001/devstoreaccount1"
    assert endpoints.storage_connection_string == "UseDevelopmentStorage=true"
    assert endpoints.cosmos_endpoint == "https://127.0.0.1:8081"
    assert Path(endpoints.cosmos_ca_cert).is_absolute()
    assert Path(endpoints.cosmos_ca_cert).is_file()


def test_second_call_reuses_running_emulators(endpoints: EmulatorEndpoints) -> None:
    before = status(ROOT)
    assert all(info["running"] for info in before.values())

    assert ensure_running(ROOT) == endpoints

    after = status(ROOT)
    assert {name: info["pid"] for name, info in after.items()} == {
        name: info["pid"] for name, info in before.items()
    }


def test_blob_round_trip(endpoints: EmulatorEndpoints) -> None:
    service = BlobServiceClient.from_connection_string(endpoints.storage_connection_string)
    container = service.create_container(unique("test"))
    try:
        payload = uuid.uuid4().bytes * 100
        container.upload_blob("dir/data.bin", payload)
        assert container.download_blob("dir/data.bin").readall() == payload
        assert service.url.rstrip("/") == endpoints.blob_url
    finally:
        container.delete_container()


def test_queue_round_trip(endpoints: EmulatorEndpoints) -> None:
    queue = QueueClient.from_connection_string(endpoints.storage_connection_string, unique("test"))
    queue.create_queue()
    try:
        queue.send_message("hello")
        messages = list(queue.receive_messages())
        assert [message.content for message in messages] == ["hello"]
    finally:
        queue.delete_queue()


def test_cosmos_round_trip(cosmos: CosmosClient) -> None:
    database = cosmos.create_database(unique("test"))
    try:
        container = database.create_container(unique("items"), partition_key=PartitionKey("/tenant"))
        container.upsert_item({"id": "a", "tenant": "t1", "n": 1})
        container.upsert_item({"id": "b", "tenant": "t1", "n": 2})
        container.upsert_item({"id": "a", "tenant": "t1", "n": 3})

        assert container.read_item("a", partition_key="t1")["n"] == 3
        found = list(
            container.query_items(
                "SELECT * FROM c WHERE c.n >= @min",
                parameters=[{"name": "@min", "value": 2}],
                partition_key="t1",
            )
        )
        assert sorted(item["id"] for item in found) == ["a", "b"]
    finally:
        cosmos.delete_database(database.id)


def test_cosmos_verifies_tls_against_the_generated_ca(endpoints: EmulatorEndpoints, tmp_path: Path) -> None:
    other_ca = tmp_path / "other-ca.pem"
    generate_cert(other_ca, tmp_path / "other-key.pem")
    # The constructor already reads the account over TLS, so that is where a bad CA shows.
    with pytest.raises(ServiceRequestError, match="CERTIFICATE_VERIFY_FAILED"):
        CosmosClient(
            endpoints.cosmos_endpoint,
            credential=endpoints.cosmos_key,
            ssl_config=verified_ssl(str(other_ca)),
            enable_endpoint_discovery=False,
            retry_total=0,
        )


async def test_async_cosmos_round_trip(endpoints: EmulatorEndpoints) -> None:
    # The async transport calls load_cert_chain(SSLCertFile, SSLKeyFile) whenever ssl_config is
    # set, and fails on (None, None); handing it the emulator's own pair satisfies that call. The
    # server never asks for a client certificate, so the pair is loaded but never sent.
    config = verified_ssl(endpoints.cosmos_ca_cert)
    config.SSLCertFile = endpoints.cosmos_ca_cert
    config.SSLKeyFile = str(Path(endpoints.cosmos_ca_cert).with_name("cosmos-key.pem"))
    async with AsyncCosmosClient(
        endpoints.cosmos_endpoint,
        credential=endpoints.cosmos_key,
        ssl_config=config,
        enable_endpoint_discovery=False,
    ) as client:
        database = await client.create_database(unique("test"))
        try:
            container = await database.create_container(unique("items"), partition_key=PartitionKey("/pk"))
            await container.upsert_item({"id": "x", "pk": "p", "v": "async"})
            item = await container.read_item("x", partition_key="p")
            assert item["v"] == "async"
        finally:
            await client.delete_database(database.id)
