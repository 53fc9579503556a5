"""Microsoft Entra access tokens as PostgreSQL passwords (Azure Database for PostgreSQL).

In Azure the app holds no database password: it logs in as its managed identity, presenting an
access token as the password. A token is checked only when a connection logs in, so connections
already open outlive it; what must be fresh is the token handed to each new connection.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from shared.config import Settings

if TYPE_CHECKING:
    from azure.core.credentials import AccessToken
    from azure.core.credentials_async import AsyncTokenCredential

POSTGRES_SCOPE = "https://ossrdbms-aad.database.windows.net/.default"
# Tokens live about an hour; a new one is fetched this long before the cached one expires, so a
# login never presents a token that dies on the way (clock skew, a slow handshake).
REFRESH_MARGIN_SECONDS = 300.0


class EntraPassword:
    """The current token for new connections: cached, and fetched again shortly before it expires.

    The lock keeps a burst of connections opening at once (a cold pool) from fetching a token each.
    """

    def __init__(
        self,
        credential: AsyncTokenCredential,
        *,
        refresh_margin_seconds: float = REFRESH_MARGIN_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._credential = credential
        self._margin = refresh_margin_seconds
        self._clock = clock
        self._token: AccessToken | None = None
        self._lock = asyncio.Lock()

    async def __call__(self) -> str:
        async with self._lock:
            if self._token is None or self._token.expires_on - self._clock() <= self._margin:
                self._token = await self._credential.get_token(POSTGRES_SCOPE)
            return self._token.token

    def __repr__(self) -> str:
        return "EntraPassword(<token hidden>)"


def one_shot_password(settings: Settings) -> str | None:
    """The password for a short-lived tool (migrations): a fresh token in Entra mode, else None (the
    URL's own password, or none, applies). One token suffices: the tool logs in once."""
    if not settings.database_entra_auth:
        return None
    from shared.adapters.credentials import sync_credential

    credential = sync_credential(settings)
    try:
        return credential.get_token(POSTGRES_SCOPE).token
    finally:
        credential.close()
