"""Secrets: from Key Vault in Azure, from settings locally. Callers never know which."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol

from shared.adapters.credentials import get_credential
from shared.config import Settings

if TYPE_CHECKING:
    from azure.keyvault.secrets.aio import SecretClient

# Secret name (Key Vault naming: letters, digits, dashes) → the setting that stands in for it locally.
SETTING_FOR_SECRET = {
    "jwt-signing-key": "jwt_signing_key",
    "jwt-previous-signing-keys": "jwt_previous_signing_keys",
    "token-encryption-key": "token_encryption_key",
    "token-encryption-previous-keys": "token_encryption_previous_keys",
    "microsoft-client-secret": "microsoft_client_secret",
    "smtp-password": "smtp_password",
}


class SecretProvider(Protocol):
    async def get(self, name: str) -> str: ...

    async def close(self) -> None: ...


class SettingsSecrets:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def get(self, name: str) -> str:
        field = SETTING_FOR_SECRET.get(name)
        if field is None:
            raise KeyError(f"unknown secret {name!r}")
        value = getattr(self._settings, field)
        return str(value.get_secret_value())

    async def close(self) -> None:
        return None


class KeyVaultSecrets:
    """Reads secrets with the app's managed identity, caching each for a few minutes.

    The cache bounds Key Vault calls (it throttles) while letting a rotated secret reach every
    instance within the TTL without a restart.
    """

    def __init__(self, client: SecretClient, *, ttl_seconds: float = 300.0) -> None:
        self._client = client
        self._ttl = ttl_seconds
        self._cache: dict[str, tuple[float, str]] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyVaultSecrets:
        from azure.keyvault.secrets.aio import SecretClient

        return cls(SecretClient(settings.key_vault_url, credential=get_credential(settings)))

    async def get(self, name: str) -> str:
        now = time.monotonic()
        cached = self._cache.get(name)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        from azure.core.exceptions import ResourceNotFoundError

        try:
            secret = await self._client.get_secret(name)
        except ResourceNotFoundError as exc:
            raise KeyError(f"secret {name!r} is not in the vault") from exc
        if secret.value is None:
            raise KeyError(f"secret {name!r} has no value")
        self._cache[name] = (now, secret.value)
        return secret.value

    async def close(self) -> None:
        await self._client.close()


def secrets_from_settings(settings: Settings) -> SecretProvider:
    if settings.key_vault_url:
        return KeyVaultSecrets.from_settings(settings)
    return SettingsSecrets(settings)
