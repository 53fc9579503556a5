"""A data-key rotation completes on its own: the token-refresh pass re-seals every secret at rest."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg.types.json import Jsonb

from shared.bootstrap import Container
from shared.platforms.base import ConnectedAccount, Credentials, OAuthClient
from shared.services import accounts, rekey, token_vault
from shared.services.connections import DatabaseAppRegistry
from tests.conftest import Stack, stack_settings, unique

OLD = "rotation-old-data-key-" + "a" * 32
NEW = "rotation-new-data-key-" + "b" * 32
OLD_ID, NEW_ID = token_vault.derive(OLD).key_id, token_vault.derive(NEW).key_id


@dataclass
class Sealed:
    """What was sealed under the old key, by row identity → plaintext."""

    accounts: dict[UUID, Credentials]
    webhook: tuple[UUID, bytes]
    app: tuple[str, str]
    state: tuple[bytes, bytes]


@pytest.fixture
def database(stack: Stack) -> Iterator[str]:
    """A database of its own: "nothing left to re-seal" must not depend on what other tests stored."""
    from shared.db.migrate import apply_migrations
    from tools.pg import create_database, drop_database

    name = unique("ck_rekey_")
    url = create_database(stack.server_url, name)
    apply_migrations(url)
    yield url
    drop_database(stack.server_url, name)


@pytest.fixture
async def rotated(stack: Stack, database: str) -> AsyncIterator[tuple[Container, Sealed]]:
    """Secrets sealed under OLD as their writers seal them; a container with NEW current, OLD previous."""
    old = Container(stack_settings(stack, DATABASE_URL=database, TOKEN_ENCRYPTION_KEY=OLD))
    new = Container(
        stack_settings(
            stack, DATABASE_URL=database, TOKEN_ENCRYPTION_KEY=NEW, TOKEN_ENCRYPTION_PREVIOUS_KEYS=OLD
        )
    )
    pool = await old.db()
    key = token_vault.derive(OLD)
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "INSERT INTO users (email, email_normalized) VALUES ('r@x.test', 'r@x.test') RETURNING id"
        )
        (user,) = await cursor.fetchone()  # type: ignore[misc]
        cursor = await conn.execute("INSERT INTO workspaces (name) VALUES ('Rekey') RETURNING id")
        (workspace,) = await cursor.fetchone()  # type: ignore[misc]
        sealed_accounts = {}
        for n in range(3):
            credentials = Credentials(
                f"access-{n}",
                refresh_token=f"refresh-{n}",
                expires_at=datetime.now(UTC) + timedelta(days=30),
                extra={"n": str(n)},
            )
            account = await accounts.store(
                conn,
                old,
                workspace,
                "sandbox",
                connected=ConnectedAccount(unique("ext"), f"h{n}", f"H{n}", credentials),
                user_id=user,
            )
            sealed_accounts[account.id] = credentials
        await conn.execute(
            "INSERT INTO social_accounts (workspace_id, platform, external_id) VALUES (%s, 'x', %s)",
            (workspace, unique("x")),  # no token stored: nothing to re-seal
        )
        webhook_id, signing = uuid4(), b"whsec-signing-secret"
        await conn.execute(  # as webhooks.create_webhook seals it
            """INSERT INTO webhooks (id, workspace_id, url, events, secret_ciphertext, secret_key_id)
               VALUES (%s, %s, 'https://hooks.example/in', ARRAY['post.published'], %s, %s)""",
            (
                webhook_id,
                workspace,
                token_vault.seal_bytes(key, signing, bound_to=f"webhook:{webhook_id}"),
                OLD_ID,
            ),
        )
        state_hash, verifier = hashlib.sha256(unique("state").encode()).digest(), b"pkce-verifier"
        await conn.execute(  # as connections.start seals it
            """INSERT INTO oauth_states (state_hash, platform, workspace_id, user_id, verifier_ciphertext,
                                         key_id, redirect_uri, context, expires_at)
               VALUES (%s, 'x', %s, %s, %s, %s, 'https://a.example/cb', %s, now() + interval '9 minutes')""",
            (
                state_hash,
                workspace,
                user,
                token_vault.seal_bytes(key, verifier, bound_to=state_hash.hex()),
                OLD_ID,
                Jsonb({}),
            ),
        )
    instance = f"{unique('m')}.example"
    await DatabaseAppRegistry(old).put(
        "mastodon", instance, OAuthClient("app-id", "app-secret", "https://a/authorize", "https://a/token")
    )
    yield new, Sealed(sealed_accounts, (webhook_id, signing), ("mastodon", instance), (state_hash, verifier))
    await old.aclose()
    await new.aclose()


async def key_ids(container: Container, sealed: Sealed) -> set[str]:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT token_key_id FROM social_accounts WHERE id = ANY(%s)
               UNION ALL SELECT secret_key_id FROM webhooks WHERE id = %s
               UNION ALL SELECT key_id FROM platform_apps WHERE platform = %s AND instance = %s
               UNION ALL SELECT key_id FROM oauth_states WHERE state_hash = %s""",
            (list(sealed.accounts), sealed.webhook[0], *sealed.app, sealed.state[0]),
        )
        return {row[0] for row in await cursor.fetchall()}


async def test_reseal_moves_every_secret_to_the_current_key_once(rotated: tuple[Container, Sealed]) -> None:
    container, sealed = rotated
    assert await key_ids(container, sealed) == {OLD_ID}
    counts = await accounts.refresh_expiring(container)  # the token-refresh timer's pass
    assert counts["resealed"] == 6  # three accounts, a webhook, an app and an authorization in flight
    assert await key_ids(container, sealed) == {NEW_ID}
    # Everything still opens, to the same plaintext, with the new key alone.
    alone = {NEW_ID: token_vault.derive(NEW)}
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT id, token_ciphertext FROM social_accounts WHERE id = ANY(%s)", (list(sealed.accounts),)
        )
        for account_id, ciphertext in await cursor.fetchall():
            opened = token_vault.open_sealed(alone[NEW_ID], bytes(ciphertext), bound_to=str(account_id))
            assert opened == sealed.accounts[account_id]
        cursor = await conn.execute(
            "SELECT secret_ciphertext FROM webhooks WHERE id = %s", (sealed.webhook[0],)
        )
        (webhook,) = await cursor.fetchone()  # type: ignore[misc]
        cursor = await conn.execute(
            "SELECT verifier_ciphertext FROM oauth_states WHERE state_hash = %s", (sealed.state[0],)
        )
        (state,) = await cursor.fetchone()  # type: ignore[misc]
    hook_id, signing = sealed.webhook
    assert token_vault.open_bytes(alone[NEW_ID], bytes(webhook), bound_to=f"webhook:{hook_id}") == signing
    assert (
        token_vault.open_bytes(alone[NEW_ID], bytes(state), bound_to=sealed.state[0].hex()) == sealed.state[1]
    )
    app = await DatabaseAppRegistry(container).get(*sealed.app)
    assert app is not None
    assert app.client_secret == "app-secret"
    for account_id, credentials in sealed.accounts.items():
        assert await accounts.fresh_credentials(container, account_id) == credentials
    # A second run finds nothing left to do.
    assert await rekey.reseal_stale(container) == 0


async def test_reseal_skips_locked_rows_and_stops_at_its_limit(
    database: str, rotated: tuple[Container, Sealed]
) -> None:
    container, sealed = rotated
    busy, *rest = sealed.accounts
    async with await psycopg.AsyncConnection.connect(database) as holder, holder.transaction():
        # A refresh holds this account's row: re-sealing leaves it to that refresh.
        await holder.execute("SELECT 1 FROM social_accounts WHERE id = %s FOR UPDATE", (busy,))
        assert await rekey.reseal_stale(container, limit=1) == 1
        assert await rekey.reseal_stale(container) == 4
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT id, token_key_id FROM social_accounts WHERE id = ANY(%s)", (list(sealed.accounts),)
        )
        assert dict(await cursor.fetchall()) == {busy: OLD_ID, **dict.fromkeys(rest, NEW_ID)}
    assert await rekey.reseal_stale(container) == 1  # once the lock is gone
    assert await key_ids(container, sealed) == {NEW_ID}


async def test_a_rotated_webhook_secret_and_the_one_it_replaced_are_both_resealed(
    rotated: tuple[Container, Sealed],
) -> None:
    container, _ = rotated
    key = token_vault.derive(OLD)
    hook_id, current, previous = uuid4(), b"whsec-current", b"whsec-previous"
    bound_to = f"webhook:{hook_id}"
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT id FROM workspaces WHERE name = 'Rekey'")
        (workspace,) = await cursor.fetchone()  # type: ignore[misc]
        await conn.execute(  # as webhooks.rotate_secret leaves it: the replaced secret keeps its sealing
            """INSERT INTO webhooks (id, workspace_id, url, events, secret_ciphertext, secret_key_id,
                                     previous_secret_ciphertext, previous_secret_key_id, secret_rotated_at)
               VALUES (%s, %s, 'https://hooks.example/r', ARRAY['post.failed'], %s, %s, %s, %s, now())""",
            (
                hook_id,
                workspace,
                token_vault.seal_bytes(key, current, bound_to=bound_to),
                OLD_ID,
                token_vault.seal_bytes(key, previous, bound_to=bound_to),
                OLD_ID,
            ),
        )
    assert await rekey.reseal_stale(container) == 6 + 2  # the fixture's secrets, and these two
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT secret_ciphertext, secret_key_id, previous_secret_ciphertext, previous_secret_key_id
               FROM webhooks WHERE id = %s""",
            (hook_id,),
        )
        row = await cursor.fetchone()
    assert row is not None
    assert (row[1], row[3]) == (NEW_ID, NEW_ID)
    new_key = token_vault.derive(NEW)
    assert token_vault.open_bytes(new_key, bytes(row[0]), bound_to=bound_to) == current
    assert token_vault.open_bytes(new_key, bytes(row[2]), bound_to=bound_to) == previous
    assert await rekey.reseal_stale(container) == 0
