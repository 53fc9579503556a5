"""The one Azure credential of a process (managed identity in Azure, developer sign-in elsewhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.config import Settings

if TYPE_CHECKING:
    from azure.identity import DefaultAzureCredential as SyncDefaultAzureCredential
    from azure.identity.aio import DefaultAzureCredential

_credential: DefaultAzureCredential | None = None


def get_credential(settings: Settings) -> DefaultAzureCredential:
    global _credential  # noqa: PLW0603 - one token cache per process
    if _credential is None:
        from azure.identity.aio import DefaultAzureCredential

        _credential = DefaultAzureCredential(managed_identity_client_id=settings.azure_client_id or None)
    return _credential


def sync_credential(settings: Settings) -> SyncDefaultAzureCredential:
    """The same identity for the callers that cannot await: the telemetry exporter and one-shot tools."""
    from azure.identity import DefaultAzureCredential

    return DefaultAzureCredential(managed_identity_client_id=settings.azure_client_id or None)
