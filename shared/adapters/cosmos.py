"""Cosmos DB (NoSQL): analytics snapshots and rollups.

Queries stay inside what both Azure and the local emulator support: single-partition reads,
parameterised filters, ORDER BY one field, VALUE aggregates. No GROUP BY, DISTINCT or OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shared.adapters.credentials import get_credential
from shared.config import EMULATOR_COSMOS_KEY, Settings

if TYPE_CHECKING:
    from azure.cosmos.aio import ContainerProxy, CosmosClient, DatabaseProxy


@dataclass(frozen=True)
class ContainerSpec:
    name: str
    partition_key: str
    default_ttl_seconds: int | None = None


# Every item the app writes carries its own `ttl` (seconds), from ANALYTICS_SNAPSHOT_TTL_DAYS and
# ANALYTICS_ROLLUP_TTL_DAYS, so how long data is kept is a setting; an item's `ttl` overrides its
# container's default. The defaults (those settings' defaults) cover items written without one.
SNAPSHOT_TTL = 90 * 24 * 3600
ROLLUP_TTL = 731 * 24 * 3600

# The containers the app uses (shared/services/analytics.py says what each holds).
CONTAINERS: tuple[ContainerSpec, ...] = (
    ContainerSpec("post_metrics", "/accountId", default_ttl_seconds=SNAPSHOT_TTL),
    ContainerSpec("account_metrics", "/accountId", default_ttl_seconds=SNAPSHOT_TTL),
    ContainerSpec("daily_rollups", "/workspaceId", default_ttl_seconds=ROLLUP_TTL),
    ContainerSpec("account_rollups", "/workspaceId", default_ttl_seconds=ROLLUP_TTL),
    ContainerSpec("post_rollups", "/workspaceId", default_ttl_seconds=ROLLUP_TTL),
)


class CosmosStore:
    def __init__(self, client: CosmosClient, database: str) -> None:
        self._client = client
        self.database_name = database

    @classmethod
    def from_settings(cls, settings: Settings) -> CosmosStore:
        from azure.cosmos.aio import CosmosClient

        options: dict[str, Any] = {}
        key = settings.cosmos_key.get_secret_value()
        if key == EMULATOR_COSMOS_KEY:
            # The emulator advertises endpoints it cannot serve; talk to the given one only.
            options["enable_endpoint_discovery"] = False
            if settings.cosmos_ca_cert:
                # It serves our self-signed cert. azure-cosmos does not verify TLS for loopback
                # endpoints whatever is passed here; verifying through ssl_config would make the async
                # client open a connection per request (~270 instead of ~870 writes/s), so we keep
                # pooling. The emulator listens on loopback only: there is no one to impersonate it.
                options["connection_verify"] = settings.cosmos_ca_cert
        credential: Any = key if key else get_credential(settings)
        client = CosmosClient(settings.cosmos_endpoint, credential=credential, **options)
        return cls(client, settings.cosmos_database)

    @property
    def database(self) -> DatabaseProxy:
        return self._client.get_database_client(self.database_name)

    def container(self, name: str) -> ContainerProxy:
        return self.database.get_container_client(name)

    async def create_schema(self, specs: tuple[ContainerSpec, ...] = CONTAINERS) -> None:
        """Create the database and containers when missing.

        Development only: in Azure the data-plane role cannot create resources; Bicep does.
        """
        from azure.cosmos import PartitionKey

        database = await self._client.create_database_if_not_exists(self.database_name)
        for spec in specs:
            await database.create_container_if_not_exists(
                id=spec.name,
                partition_key=PartitionKey(path=spec.partition_key),
                default_ttl=spec.default_ttl_seconds,
            )

    async def upsert(self, container: str, document: dict[str, Any]) -> None:
        """Write a document whole; a deterministic id makes a repeated write replace, not duplicate.

        The response body is not asked for: writers never read it back.
        """
        await self.container(container).upsert_item(document, no_response=True)

    async def patch(
        self, container: str, item_id: str, *, partition_key: str, operations: list[dict[str, Any]]
    ) -> bool:
        """Apply patch operations (at most 10) to one item; False when there is no such item.

        Each operation is atomic on the server, so writers touching different paths of one item never
        overwrite each other.
        """
        from azure.cosmos.exceptions import CosmosResourceNotFoundError

        try:
            await self.container(container).patch_item(
                item_id, partition_key, patch_operations=operations, no_response=True
            )
        except CosmosResourceNotFoundError:
            return False
        return True

    async def query(
        self,
        container: str,
        sql: str,
        parameters: dict[str, object],
        *,
        partition_key: str,
    ) -> list[dict[str, Any]]:
        """Every result of a parameterised query inside one partition (the only kind the hot path runs).

        The query must also filter on the partition key's value itself: the local emulator takes the
        partition from the WHERE clause, not from `partition_key` ("missing partition keys").
        """
        items = self.container(container).query_items(
            sql,
            parameters=[{"name": name, "value": value} for name, value in parameters.items()],
            partition_key=partition_key,
        )
        return [item async for item in items]

    async def delete_database(self) -> None:
        await self._client.delete_database(self.database_name)

    async def ping(self) -> None:
        """Read the database's metadata: proves the endpoint, the credential and that the database exists."""
        await self.database.read()

    async def close(self) -> None:
        await self._client.close()
