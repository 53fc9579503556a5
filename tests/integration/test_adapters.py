"""Each adapter round-trips against the real local service."""

import asyncio
import base64
import json
from datetime import timedelta

import pytest
from azure.core.exceptions import ResourceNotFoundError
from azure.storage.queue.aio import QueueClient

from shared.adapters.secrets import KeyVaultSecrets, SettingsSecrets
from shared.bootstrap import Container
from shared.config import Settings
from shared.services.heartbeat import read_heartbeat, record_heartbeat
from tests.conftest import unique


async def test_postgres_pool_and_heartbeat(container: Container) -> None:
    pool = await container.db()
    assert await container.db() is pool  # one pool per process
    name = unique("hb")
    assert await read_heartbeat(pool, name) is None
    first = await record_heartbeat(pool, name)
    second = await record_heartbeat(pool, name)
    assert second >= first
    assert await read_heartbeat(pool, name) == second
    async with pool.connection() as conn:
        runs = await (
            await conn.execute("SELECT runs FROM host_heartbeats WHERE name = %s", (name,))
        ).fetchone()
    assert runs == (2,)


async def test_blob_round_trip(container: Container, settings: Settings) -> None:
    blob = container.blob
    assert container.blob is blob
    await blob.create_container(settings.media_container)
    await blob.create_container(settings.media_container)  # idempotent
    data = bytes(range(256)) * 100
    await blob.upload(settings.media_container, "ws/1/original", data, content_type="image/png")
    assert await blob.exists(settings.media_container, "ws/1/original")
    assert await blob.download(settings.media_container, "ws/1/original") == data
    await blob.delete(settings.media_container, "ws/1/original")
    await blob.delete(settings.media_container, "ws/1/original")  # idempotent
    assert not await blob.exists(settings.media_container, "ws/1/original")
    with pytest.raises(ResourceNotFoundError):
        await blob.download(settings.media_container, "ws/1/original")


async def test_queue_messages_are_encoded_as_the_host_reads_them(
    container: Container, settings: Settings
) -> None:
    queue = unique("q")
    await container.queue.create_queue(queue)
    message_id = await container.queue.send(queue, {"target_id": "t-1", "attempt": 1})
    assert message_id
    async with QueueClient.from_connection_string(settings.storage_connection_string, queue) as raw:
        received = [m async for m in raw.receive_messages(max_messages=5)]
        assert len(received) == 1
        # base64 per host.json: exactly what the Functions host decodes before calling the trigger.
        assert json.loads(base64.b64decode(received[0].content)) == {"target_id": "t-1", "attempt": 1}
        await raw.delete_message(received[0])


async def test_delayed_message_appears_only_after_its_delay(container: Container, settings: Settings) -> None:
    queue = unique("q")
    await container.queue.create_queue(queue)
    await container.queue.send(queue, "later", delay=timedelta(seconds=2))
    async with QueueClient.from_connection_string(settings.storage_connection_string, queue) as raw:
        assert await raw.peek_messages(max_messages=5) == []
        await asyncio.sleep(2.5)
        visible = await raw.peek_messages(max_messages=5)
    assert [base64.b64decode(m.content) for m in visible] == [b"later"]


async def test_cosmos_schema_and_round_trip(container: Container) -> None:
    cosmos = container.cosmos
    await cosmos.create_schema()
    await cosmos.create_schema()  # idempotent
    try:
        metrics = cosmos.container("account_metrics")
        item = {
            "id": "acc-1:2026-11-24T00",
            "accountId": "acc-1",
            "followers": 120,
            "at": "2026-11-24T00:00:00Z",
        }
        await metrics.upsert_item(item)
        read = await metrics.read_item("acc-1:2026-11-24T00", partition_key="acc-1")
        assert read["followers"] == 120
        rows = [
            r
            async for r in metrics.query_items(
                "SELECT VALUE c.followers FROM c WHERE c.accountId = @a",
                parameters=[{"name": "@a", "value": "acc-1"}],
                partition_key="acc-1",
            )
        ]
        assert rows == [120]
        await cosmos.ping()
    finally:
        await cosmos.delete_database()


async def test_settings_secrets_map_names_to_settings(settings: Settings) -> None:
    secrets = SettingsSecrets(settings)
    assert await secrets.get("jwt-signing-key") == settings.jwt_signing_key.get_secret_value()
    with pytest.raises(KeyError):
        await secrets.get("no-such-secret")


class RecordingSecretClient:
    """Fake of the Key Vault client port: records calls, returns versioned values."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def get_secret(self, name: str) -> object:
        self.calls.append(name)
        return type("Secret", (), {"value": f"{name}-v{len(self.calls)}"})()

    async def close(self) -> None:
        return None


async def test_key_vault_secrets_are_cached_for_their_ttl() -> None:
    client = RecordingSecretClient()
    cached = KeyVaultSecrets(client, ttl_seconds=60)  # type: ignore[arg-type]
    assert await cached.get("jwt-signing-key") == "jwt-signing-key-v1"
    assert await cached.get("jwt-signing-key") == "jwt-signing-key-v1"
    assert client.calls == ["jwt-signing-key"]
    expiring = KeyVaultSecrets(client, ttl_seconds=0)  # type: ignore[arg-type]
    assert await expiring.get("jwt-signing-key") == "jwt-signing-key-v2"
