"""The clickKloudy feed: the in-app channel every workspace has, published into our own database.

It is a platform like any other to the pipeline (one social account per workspace, targets, queue,
worker), so feed posts get the same scheduling, approval and exactly-once guarantees. The "API" it
calls is PostgreSQL: publishing inserts a `feed_posts` row keyed by the target, which makes a
repeated publish of the same target return the same feed post instead of a second one.

Media are published like text: every file the target has is copied (in Blob Storage, server side)
to blobs of the feed post's own, named after the target so a repeated publish writes the same names,
and recorded in `feed_post_media` in the insert's transaction. The feed serves those blobs itself
(`/api/v1/feed/posts/{id}/media/{position}`); deleting the file from the library later leaves the
post whole, as any platform keeps its copy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
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
    PlatformError,
    PostMetrics,
    Published,
    PublishRequest,
    TransientError,
)

if TYPE_CHECKING:
    from shared.adapters.blob import BlobStore

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
BlobProvider = Callable[[], "BlobStore"]


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


def media_blob(workspace_id: UUID, target_id: UUID, position: int, variant: str) -> str:
    """Where a feed post keeps one of its files: named after the target, so publishing it again
    writes the same names (never a second set)."""
    return f"{workspace_id}/feed/{target_id}/{position}/{variant}"


@dataclass(frozen=True)
class _Copied:
    """One file of a feed post: the library media it came from and the feed's own blobs of it."""

    media_id: UUID
    kind: str
    content_type: str
    size: int | None
    width: int | None
    height: int | None
    duration_ms: int | None
    blob_name: str
    thumbnail_blob: str | None
    poster_blob: str | None


def _target_id(request: PublishRequest) -> UUID:
    try:
        return UUID(request.client_reference)
    except ValueError as exc:
        raise PermanentError(
            "A feed post is published for a post target; none was named.", code="feed_no_target"
        ) from exc


class FeedConnector:
    """Publishes into `feed_posts`. Database failures are classified like any platform's.

    The feed post and its media rows are written in one transaction: a connection lost while it
    commits may or may not have committed it (ambiguous, settled by `find_published`); failing to get
    a connection at all means nothing was written (transient). Files are copied before that, under
    names of the target's, so a failed or repeated attempt only writes the same blobs again.
    """

    platform = PLATFORM
    capabilities = CAPABILITIES

    def __init__(
        self, db: PoolProvider, public_base_url: str, *, blob: BlobProvider, media_container: str
    ) -> None:
        self._db = db
        self._blob = blob
        self._bucket = media_container
        self.public_base_url = public_base_url

    async def publish(self, credentials: Credentials, request: PublishRequest) -> Published:
        target_id = _target_id(request)
        try:
            pool = await self._db()
            async with pool.connection() as conn:
                found = await self._find(conn, target_id)
                if found is not None:
                    return found  # published by an earlier attempt whose answer was lost
                workspace_id, files = await self._target_media(conn, target_id)
            if len(files) != len(request.media):
                raise PermanentError(
                    "An attached file was deleted before the post went out.", code="media_missing"
                )
            copies = [await self._copy(workspace_id, target_id, n, row) for n, row in enumerate(files)]
            async with pool.connection() as conn:
                await self._insert(conn, request.text, target_id, copies)
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

    async def _target_media(self, conn: AsyncConnection, target_id: UUID) -> tuple[UUID | None, list[Any]]:
        """The target's workspace and the library rows of its files, in the post's order."""
        cursor = await conn.execute(
            """SELECT t.workspace_id, m.id, m.kind, m.content_type, m.size_bytes, m.width, m.height,
                      m.duration_ms, m.blob_name, m.thumbnail_blob, m.poster_blob
               FROM post_targets t
               JOIN posts p ON p.id = t.post_id
               CROSS JOIN LATERAL unnest(coalesce(t.media_ids, p.media_ids, '{}'))
                    WITH ORDINALITY AS item (media_id, ordinality)
               JOIN media m ON m.id = item.media_id AND m.workspace_id = t.workspace_id
                           AND m.status = 'ready'
               WHERE t.id = %s
               ORDER BY item.ordinality""",
            (target_id,),
        )
        rows = await cursor.fetchall()
        return (rows[0][0] if rows else None), [row[1:] for row in rows]

    async def _copy(self, workspace_id: UUID | None, target_id: UUID, position: int, row: Any) -> _Copied:
        """The file and its derived images, copied to the feed post's own blobs."""
        from azure.core.exceptions import ResourceNotFoundError

        media_id, kind, content_type, size, width, height, duration_ms, original, thumbnail, poster = row
        assert workspace_id is not None
        store = self._blob()
        names: dict[str, str | None] = {}
        failure: PlatformError | None = None
        for variant, source in (("original", original), ("thumbnail", thumbnail), ("poster", poster)):
            if source is None:
                names[variant] = None
                continue
            target = media_blob(workspace_id, target_id, position, variant)
            try:
                await store.copy(self._bucket, source, target)
            except Exception as exc:  # any storage failure: nothing is published yet
                failure = (
                    PermanentError("An attached file is gone from storage.", code="media_missing")
                    if isinstance(exc, ResourceNotFoundError)
                    else TransientError(
                        "Could not copy an attached file for the feed; nothing was published.",
                        code="media_unavailable",
                        detail=type(exc).__name__,
                    )
                )
                break
            names[variant] = target
        if failure is not None:
            raise failure  # outside the except: nothing of the storage error (a read URL) rides along
        return _Copied(
            media_id,
            str(kind),
            str(content_type),
            size,
            width,
            height,
            duration_ms,
            str(names["original"]),
            names["thumbnail"],
            names["poster"],
        )

    async def _insert(self, conn: AsyncConnection, text: str, target_id: UUID, copies: list[_Copied]) -> None:
        """The feed post and its media, together or not at all."""
        async with conn.transaction():
            # Who and where come from the target itself, not from the request: the feed post is
            # attributed exactly as the post in clickKloudy is.
            cursor = await conn.execute(
                """INSERT INTO feed_posts
                          (workspace_id, account_id, target_id, author_id, text, media_ids)
                   SELECT t.workspace_id, t.social_account_id, t.id, p.author_id, %s, %s
                   FROM post_targets t
                   JOIN posts p ON p.id = t.post_id
                   JOIN social_accounts a ON a.id = t.social_account_id AND a.platform = 'feed'
                   WHERE t.id = %s
                   ON CONFLICT (target_id) DO NOTHING
                   RETURNING id""",
                (text, [c.media_id for c in copies], target_id),
            )
            row = await cursor.fetchone()
            if row is None or not copies:
                return  # not a feed target, or another attempt got there first (with the same files)
            async with conn.cursor() as cur:
                await cur.executemany(
                    """INSERT INTO feed_post_media
                              (feed_post_id, position, media_id, kind, content_type, size_bytes, width,
                               height, duration_ms, blob_name, thumbnail_blob, poster_blob)
                       VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
                    [
                        (
                            row[0],
                            position,
                            c.media_id,
                            c.kind,
                            c.content_type,
                            c.size,
                            c.width,
                            c.height,
                            c.duration_ms,
                            c.blob_name,
                            c.thumbnail_blob,
                            c.poster_blob,
                        )
                        for position, c in enumerate(copies)
                    ],
                )

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
