"""Opaque secrets we hand out (refresh tokens, email links, invitations, API keys) and store hashed.

SHA-256 is enough here (unlike passwords): the values are 256 random bits, so there is nothing
to brute-force, and a fast hash keeps lookups by hash cheap.
"""

from __future__ import annotations

import hashlib
import secrets


def new_token(prefix: str) -> str:
    return f"{prefix}{secrets.token_urlsafe(32)}"


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()
