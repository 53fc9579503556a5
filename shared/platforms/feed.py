"""The clickKloudy feed: the in-app channel every workspace has, published into our own database.

It is a platform like any other to the pipeline (one social account per workspace, targets, queue,
worker), so feed posts get the same scheduling, approval and exactly-once guarantees. The "API" it
calls is PostgreSQL: publishing inserts a `feed_posts` row keyed by the target, which makes a
repeated publish of the same target return the same feed post instead of a second one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from uuid import UUID

import psycopg
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from shared.domain.errors import Conflict
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AmbiguousError,
    Capabilities,
    Credentials,
    NotSupportedError,
    Pending,
    PermanentError,
    PostMetrics,
    Published,
    PublishRequest,
    TransientError,
)

PLATFORM = "feed"
CAPABILITIES = Capabilities(
    max_text_length=5000,
    max_media=10,
    media_kinds=frozenset({"image", "gif", "video"}),
    idempotency_keys=True,  # the target id: a repeat finds the feed post it already made
    reconcile=True,
)

HANDLE_MIN = 3
HANDLE_MAX = 30
HANDLE = re.compile(rf"^[a-z0-9_]{{{HANDLE_MIN},{HANDLE_MAX}}}$")
HANDLE_INDEX = "social_accounts_feed_handle_key"
# Candidates checked per query while looking for a free handle; most names need only the first.
_CANDIDATE_BATCH = 20
# Another workspace may take the chosen handle between the check and the insert; try again then.
_INSERT_ATTEMPTS = 5
_ACCENTS = re.compile("[\u0300-\u036f]")
_OTHER = re.compile("[^a-z0-9]+")

PoolProvider = Callable[[], Awaitable[AsyncConnectionPool]]


def handle_base(name: str) -> str:
    """The handle a workspace name asks for, before de-duplication.

    Must stay identical to the backfill in migration 0009 so handles do not depend on when a
    workspace was created: NFKD and lowercase, accents dropped ("Café" → "cafe"), every run of other
    characters one underscore, cut to 30, and a name too short (or with no Latin letters or digits)
    padded to a readable handle.
    """
    slug = _ACCENTS.sub("", unicodedata.normalize("NFKD", name).lower())
    slug = _OTHER.sub("_", slug).strip("_")
    slug = slug[:HANDLE_MAX].rstrip("_")
    if not slug:
        return "workspace"
    if len(slug) < HANDLE_MIN:
        return f"{slug}_workspace"
    return slug


def handle_candidate(base: str, n: int) -> str:
    """The n-th choice for `base`: itself, then base_2, base_3..., cut so the suffix always fits."""
    if n == 1:
        return base
    suffix = f"_{n}"
    return base[: HANDLE_MAX - len(suffix)].rstrip("_") + suffix


def normalize_handle(handle: str) -> str | None:
    """A handle as people type it ("@Acme") in its stored form, or None when it cannot be one."""
    handle = handle.strip().removeprefix("@").lower()
    return handle if HANDLE.match(handle) else None


def post_url(public_base_url: str, handle: str, post_id: UUID) -> str:
    """Where a feed post lives on the web app; the one place its shape is decided."""
    return f"{public_base_url.rstrip('/')}/@{handle}/posts/{post_id}"


async def _free_handle(conn: AsyncConnection, base: str) -> str:
    start = 1
    while True:
        candidates = [handle_candidate(base, n) for n in range(start, start + _CANDIDATE_BATCH)]
        cursor = await conn.execute(
            "SELECT handle_normalized FROM social_accounts"
            " WHERE platform = 'feed' AND handle_normalized = ANY(%s)",
            (candidates,),
        )
        taken = {row[0] for row in await cursor.fetchall()}
        free = next((c for c in candidates if c not in taken), None)
        if free is not None:
            return free
        start += _CANDIDATE_BATCH


async def create_account(
    conn: AsyncConnection, workspace_id: UUID, name: str, *, created_by: UUID | None
) -> UUID:
    """The workspace's feed account: the feed's counterpart of connecting an account elsewhere.

    Runs inside the caller's transaction (the workspace is created with it, so no workspace ever
    lacks one). Nothing to seal: the feed needs no token. Two workspaces with the same name racing
    for one handle: the loser's insert hits the unique index in a savepoint and it picks the next
    free handle.
    """
    base = handle_base(name)
    for _ in range(_INSERT_ATTEMPTS):
        handle = await _free_handle(conn, base)
        try:
            async with conn.transaction():
                cursor = await conn.execute(
                    """INSERT INTO social_accounts (workspace_id, platform, external_id, handle, display_name,
                                                   status, connected_by)
                       VALUES (%s, 'feed', %s, %s, %s, 'active', %s)
                       RETURNING id""",
                    (workspace_id, str(workspace_id), handle, name, created_by),
                )
                row = await cursor.fetchone()
        except psycopg.errors.UniqueViolation as exc:
            if exc.diag.constraint_name != HANDLE_INDEX:
                raise
            continue
        assert row is not None
        created: UUID = row[0]
        return created
    raise Conflict("Could not choose a feed handle for this workspace; try again.", code="handle_taken")


async def rename_account(conn: AsyncConnection, workspace_id: UUID, name: str) -> None:
    """The feed account shows the workspace's name; its handle stays, so published URLs keep working."""
    await conn.execute(
        "UPDATE social_accounts SET display_name = %s, updated_at = now()"
        " WHERE workspace_id = %s AND platform = 'feed'",
        (name, workspace_id),
    )


def _target_id(request: PublishRequest) -> UUID:
    try:
        return UUID(request.client_reference)
    except ValueError as exc:
        raise PermanentError(
            "A feed post is published for a post target; none was named.", code="feed_no_target"
        ) from exc


class FeedConnector:
    """Publishes into `feed_posts`. Database failures are classified like any platform's.

    Connections are autocommit, so the insert is one statement: a connection lost while it runs may
    or may not have committed it (ambiguous, settled by `find_published`); failing to get a
    connection at all means nothing was written (transient).
    """

    platform = PLATFORM
    capabilities = CAPABILITIES

    def __init__(self, db: PoolProvider, public_base_url: str) -> None:
        self._db = db
        self.public_base_url = public_base_url

    async def publish(self, credentials: Credentials, request: PublishRequest) -> Published:
        target_id = _target_id(request)
        try:
            pool = await self._db()
            async with pool.connection() as conn:
                # Who, where and which media come from the target itself, not from the request:
                # the feed post is attributed exactly as the post in clickKloudy is.
                await conn.execute(
                    """INSERT INTO feed_posts
                              (workspace_id, account_id, target_id, author_id, text, media_ids)
                       SELECT t.workspace_id, t.social_account_id, t.id, p.author_id, %s,
                              coalesce(t.media_ids, p.media_ids, '{}')
                       FROM post_targets t
                       JOIN posts p ON p.id = t.post_id
                       JOIN social_accounts a ON a.id = t.social_account_id AND a.platform = 'feed'
                       WHERE t.id = %s
                       ON CONFLICT (target_id) DO NOTHING""",
                    (request.text, target_id),
                )
                found = await self._find(conn, target_id)
        except PoolTimeout as exc:
            raise TransientError("The feed database is busy; nothing was published.") from exc
        except psycopg.OperationalError as exc:
            raise AmbiguousError("The feed database connection broke; the post may exist.") from exc
        if found is None:
            raise PermanentError(
                "The post target is gone, or is not a feed target; nothing was published.",
                code="feed_target_missing",
            )
        return found

    async def refresh(self, credentials: Credentials) -> Credentials:
        """Feed accounts have no tokens to renew."""
        return credentials

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> Published | Pending:
        raise NotSupportedError("Feed posts are published at once; there is nothing to check.")

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        raise NotSupportedError("The feed does not count engagement yet.")

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        raise NotSupportedError("The feed does not count followers yet.")

    async def revoke(self, credentials: Credentials) -> None:
        """Nothing to revoke: feed accounts hold no token."""

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """By target id, whenever it was made: the id names one feed post for good."""
        target_id = _target_id(request)
        try:
            pool = await self._db()
            async with pool.connection() as conn:
                return await self._find(conn, target_id)
        except (PoolTimeout, psycopg.OperationalError) as exc:
            raise TransientError("The feed database is not reachable.") from exc

    async def _find(self, conn: AsyncConnection, target_id: UUID) -> Published | None:
        cursor = await conn.execute(
            """SELECT f.id, a.handle FROM feed_posts f JOIN social_accounts a ON a.id = f.account_id
               WHERE f.target_id = %s""",
            (target_id,),
        )
        row = await cursor.fetchone()
        if row is None:
            return None
        post_id: UUID = row[0]
        return Published(external_id=str(post_id), url=post_url(self.public_base_url, row[1], post_id))
