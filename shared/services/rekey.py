"""Moving every secret at rest onto the current data key after a rotation.

A rotation only changes which key seals new secrets; rows sealed under a previous key stay readable
while that key is listed in `token-encryption-previous-keys`. Re-sealing them is what lets the old
key be retired. The ciphertext is re-sealed as bytes with the same binding, so the plaintext (a
token bundle, a signing secret, a PKCE verifier) is never parsed here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from psycopg import AsyncConnection, sql

from shared.bootstrap import Container
from shared.services import token_vault

BATCH = 100
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sealed:
    """Where one kind of sealed secret lives, and the identity its ciphertext is bound to."""

    table: str
    keys: tuple[str, ...]  # the primary key, also the order rows are visited in
    ciphertext: str
    key_id: str
    bound_to: Callable[[tuple[Any, ...]], str]


# Bindings as the writers seal them: accounts.py, webhooks.py, connections.py.
SEALED = (
    Sealed("social_accounts", ("id",), "token_ciphertext", "token_key_id", lambda k: str(k[0])),
    Sealed("webhooks", ("id",), "secret_ciphertext", "secret_key_id", lambda k: f"webhook:{k[0]}"),
    # The secret a rotation replaced keeps the ciphertext (and binding) it had as the current one.
    Sealed(
        "webhooks",
        ("id",),
        "previous_secret_ciphertext",
        "previous_secret_key_id",
        lambda k: f"webhook:{k[0]}",
    ),
    Sealed(
        "platform_apps", ("platform", "instance"), "secret_ciphertext", "key_id", lambda k: f"{k[0]}:{k[1]}"
    ),
    Sealed("oauth_states", ("state_hash",), "verifier_ciphertext", "key_id", lambda k: bytes(k[0]).hex()),
)


async def reseal_stale(container: Container, limit: int = 500) -> int:
    """Re-seal up to `limit` secrets sealed under a previous key; returns how many were re-sealed.

    Rows are locked in batches with SKIP LOCKED, so a token being refreshed at the same moment is
    left to the refresh (which seals with the current key anyway). A row whose key is no longer
    configured cannot be opened and is left alone; one that does not open is logged and skipped.
    """
    current, keyring = await token_vault.keys(container.secrets)
    previous = [key_id for key_id in keyring if key_id != current.key_id]
    if not previous:
        return 0
    pool = await container.db()
    done = 0
    for kind in SEALED:
        after: tuple[Any, ...] | None = None
        while done < limit:
            async with pool.connection() as conn, conn.transaction():
                rows = await _lock_batch(conn, kind, previous, after, min(BATCH, limit - done))
                if not rows:
                    break
                for row in rows:
                    done += await _reseal(conn, kind, current, keyring, row)
                after = tuple(rows[-1][: len(kind.keys)])
    return done


async def _lock_batch(
    conn: AsyncConnection, kind: Sealed, previous: list[str], after: tuple[Any, ...] | None, size: int
) -> list[tuple[Any, ...]]:
    keys = sql.SQL(", ").join(map(sql.Identifier, kind.keys))
    params: list[Any] = [previous]
    resume: sql.Composable = sql.SQL("")
    if after is not None:
        resume = sql.SQL("AND ({}) > ({})").format(keys, sql.SQL(", ").join(sql.Placeholder() * len(after)))
        params.extend(after)
    query = sql.SQL(
        "SELECT {keys}, {ciphertext}, {key_id} FROM {table}"
        " WHERE {key_id} = ANY(%s) AND {ciphertext} IS NOT NULL {resume}"
        " ORDER BY {keys} LIMIT %s FOR UPDATE SKIP LOCKED"
    ).format(
        keys=keys,
        ciphertext=sql.Identifier(kind.ciphertext),
        key_id=sql.Identifier(kind.key_id),
        table=sql.Identifier(kind.table),
        resume=resume,
    )
    cursor = await conn.execute(query, [*params, size])
    return list(await cursor.fetchall())


async def _reseal(
    conn: AsyncConnection,
    kind: Sealed,
    current: token_vault.DataKey,
    keyring: dict[str, token_vault.DataKey],
    row: tuple[Any, ...],
) -> int:
    identity = tuple(row[: len(kind.keys)])
    ciphertext, key_id = bytes(row[-2]), str(row[-1])
    bound_to = kind.bound_to(identity)
    try:
        plain = token_vault.open_bytes(keyring[key_id], ciphertext, bound_to=bound_to)
    except InvalidTag:
        log.warning("a %s row sealed under key %s does not open; left as it is", kind.table, key_id)
        return 0
    keys = sql.SQL(", ").join(map(sql.Identifier, kind.keys))
    await conn.execute(
        sql.SQL("UPDATE {table} SET {ciphertext} = %s, {key_id} = %s WHERE ({keys}) = ({values})").format(
            table=sql.Identifier(kind.table),
            ciphertext=sql.Identifier(kind.ciphertext),
            key_id=sql.Identifier(kind.key_id),
            keys=keys,
            values=sql.SQL(", ").join(sql.Placeholder() * len(identity)),
        ),
        [token_vault.seal_bytes(current, plain, bound_to=bound_to), current.key_id, *identity],
    )
    return 1
