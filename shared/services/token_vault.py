"""Platform tokens at rest: AES-256-GCM under a data key from Key Vault (an app setting locally).

The key id is stored next to each ciphertext so the key can rotate: new tokens are sealed with the
current key; old ones open with whichever key sealed them. The row's identity is bound in as
associated data, so a ciphertext copied onto another account's row does not open.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.adapters.secrets import SecretProvider
from shared.platforms.base import Credentials

NONCE_BYTES = 12


@dataclass(frozen=True)
class DataKey:
    key_id: str
    key: bytes


def derive(secret: str) -> DataKey:
    """A 256-bit key from the configured secret (any length), and its id."""
    material = hashlib.sha256(secret.encode()).digest()
    return DataKey(key_id=hashlib.sha256(material).hexdigest()[:16], key=material)


async def keys(secrets: SecretProvider) -> tuple[DataKey, dict[str, DataKey]]:
    """The current key, and every key that may open stored tokens, by id."""
    current = derive(await secrets.get("token-encryption-key"))
    try:
        previous = [
            derive(s.strip())
            for s in (await secrets.get("token-encryption-previous-keys")).split(",")
            if s.strip()
        ]
    except KeyError:
        previous = []
    return current, {k.key_id: k for k in (current, *previous)}


def seal(key: DataKey, credentials: Credentials, *, bound_to: str) -> bytes:
    payload = json.dumps(
        {
            "access_token": credentials.access_token,
            "refresh_token": credentials.refresh_token,
            "expires_at": credentials.expires_at.isoformat() if credentials.expires_at else None,
            "extra": credentials.extra,
        }
    ).encode()
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key.key).encrypt(nonce, payload, bound_to.encode())


def open_sealed(key: DataKey, ciphertext: bytes, *, bound_to: str) -> Credentials:
    nonce, body = ciphertext[:NONCE_BYTES], ciphertext[NONCE_BYTES:]
    data = json.loads(AESGCM(key.key).decrypt(nonce, body, bound_to.encode()))
    expires = data.get("expires_at")
    return Credentials(
        access_token=data["access_token"],
        refresh_token=data.get("refresh_token"),
        expires_at=datetime.fromisoformat(expires) if expires else None,
        extra=dict(data.get("extra") or {}),
    )


def seal_bytes(key: DataKey, data: bytes, *, bound_to: str) -> bytes:
    """Any other secret at rest (webhook signing secrets): same cipher, keys and binding as tokens."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key.key).encrypt(nonce, data, bound_to.encode())


def open_bytes(key: DataKey, ciphertext: bytes, *, bound_to: str) -> bytes:
    nonce, body = ciphertext[:NONCE_BYTES], ciphertext[NONCE_BYTES:]
    return AESGCM(key.key).decrypt(nonce, body, bound_to.encode())
