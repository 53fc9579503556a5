"""A workspace's media library: direct-to-Blob uploads, inspection, listing, deletion, use by posts.

Why browsers upload straight to Blob Storage: a 1 GB video sent through the Functions host would
hold a worker and its memory for minutes. The API hands out a URL that may create exactly one blob,
once, for a few minutes; the browser PUTs the bytes there; then `complete` inspects what actually
arrived. Create-only matters: after the bytes are inspected, nobody can swap them for others.

Nothing the client declares is trusted. The declared type and size only decide whether an upload
may start; at completion the real size, the magic bytes, the decoders (Pillow, FFmpeg) and the
SHA-256 decide what the media is, and a refusal leaves a 'rejected' row with a stable error code
and no blobs.

Every query names the workspace, so a media id from another workspace is simply not found.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import IO, Any
from uuid import UUID, uuid4

from psycopg import AsyncConnection, sql
from psycopg.errors import UniqueViolation

from shared.bootstrap import Container
from shared.config import Settings
from shared.domain.errors import Conflict, InvalidInput, NotFound
from shared.services.media_inspect import (
    Facts,
    Limits,
    MediaKind,
    Spool,
    check_content,
    check_declared,
    check_received_size,
    clean_filename,
    inspect,
    normalize_type,
    sniff,
    unrecognized,
)
from shared.services.principals import WorkspaceAccess
from shared.services.workspaces import Page, check_limit, decode_cursor, page_of

log = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died (timeout, restart); another may take over.
STALE_CLAIM = timedelta(minutes=15)
# Bytes moved per read from a client's multipart upload into the spool.
COPY_CHUNK = 1024 * 1024
# Post and target states in which a post still needs its media: deleting it would break them.
OPEN_POST_STATUSES = ("draft", "pending_approval", "scheduled", "publishing")
OPEN_TARGET_STATUSES = ("draft", "pending_approval", "scheduled", "queued", "publishing", "retry_wait")
# Part types that say nothing about the content: the sniffed type is the declaration then.
_UNDECLARED_TYPES = frozenset({"", "application/octet-stream"})
THUMBNAIL_CONTENT_TYPE = "image/webp"


class MediaStatus(StrEnum):
    PENDING = "pending"  # upload URL handed out, nothing inspected yet
    PROCESSING = "processing"  # a completion is inspecting the bytes
    READY = "ready"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Media:
    """A media row. Before it is ready, content_type and size are what the client declared."""

    id: UUID
    workspace_id: UUID
    status: MediaStatus
    kind: MediaKind | None
    filename: str
    content_type: str
    size: int
    width: int | None
    height: int | None
    duration_ms: int | None
    codec: str | None
    animated: bool
    sha256: str | None
    blob_name: str
    thumbnail_blob: str | None
    poster_blob: str | None
    uploaded_by: UUID | None
    created_at: datetime
    error_code: str | None
    error_message: str | None

    @property
    def blobs(self) -> list[str]:
        return [n for n in (self.blob_name, self.thumbnail_blob, self.poster_blob) if n is not None]


@dataclass(frozen=True)
class MediaLinks:
    """A ready media with short-lived read URLs for it and its derived images."""

    media: Media
    url: str
    thumbnail_url: str | None
    poster_url: str | None
    expires_at: datetime


@dataclass(frozen=True)
class Completion:
    item: MediaLinks
    deduplicated: bool  # the bytes were already in the library: `item` is that earlier media


@dataclass(frozen=True)
class NewUpload:
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class UploadTicket:
    media_id: UUID
    upload_url: str
    headers: dict[str, str]  # to send with the PUT, exactly
    expires_at: datetime


def limits(settings: Settings) -> Limits:
    return Limits(
        max_image_bytes=settings.media_max_image_bytes, max_video_bytes=settings.media_max_video_bytes
    )


def blob_prefix(workspace_id: UUID, media_id: UUID) -> str:
    return f"{workspace_id}/{media_id}"


def _not_found() -> NotFound:
    return NotFound("No such media in this workspace.", code="media_not_found")


# --- rows ----------------------------------------------------------------------------------------

_COLUMNS = sql.SQL(
    """id, workspace_id, status, kind, filename, COALESCE(content_type, declared_content_type),
       COALESCE(size_bytes, declared_size), width, height, duration_ms, codec, animated, sha256,
       blob_name, thumbnail_blob, poster_blob, uploaded_by, created_at, error_code, error_message"""
)


def _media(row: Sequence[Any]) -> Media:
    return Media(
        id=row[0],
        workspace_id=row[1],
        status=MediaStatus(row[2]),
        kind=None if row[3] is None else MediaKind(row[3]),
        filename=row[4],
        content_type=row[5],
        size=row[6],
        width=row[7],
        height=row[8],
        duration_ms=row[9],
        codec=row[10],
        animated=row[11],
        sha256=row[12],
        blob_name=row[13],
        thumbnail_blob=row[14],
        poster_blob=row[15],
        uploaded_by=row[16],
        created_at=row[17],
        error_code=row[18],
        error_message=row[19],
    )


async def _select(conn: AsyncConnection, workspace_id: UUID, media_id: UUID) -> Media | None:
    cursor = await conn.execute(
        sql.SQL("SELECT {} FROM media WHERE id = %s AND workspace_id = %s").format(_COLUMNS),
        (media_id, workspace_id),
    )
    row = await cursor.fetchone()
    return None if row is None else _media(row)


async def _ready_with_hash(conn: AsyncConnection, workspace_id: UUID, sha256: str) -> Media | None:
    cursor = await conn.execute(
        sql.SQL("SELECT {} FROM media WHERE workspace_id = %s AND sha256 = %s AND status = 'ready'").format(
            _COLUMNS
        ),
        (workspace_id, sha256),
    )
    row = await cursor.fetchone()
    return None if row is None else _media(row)


# --- links ---------------------------------------------------------------------------------------


async def links(container: Container, media: Media) -> MediaLinks:
    """Read URLs minted per response: they expire, so they are never stored."""
    settings = container.settings
    lifetime = timedelta(minutes=settings.media_read_url_minutes)
    expires_at = datetime.now(UTC) + lifetime
    bucket = settings.media_container

    async def url(name: str | None) -> str | None:
        if name is None:
            return None
        return await container.blob.read_sas_url(bucket, name, expires_in=lifetime)

    original = await url(media.blob_name)
    assert original is not None
    return MediaLinks(
        media=media,
        url=original,
        thumbnail_url=await url(media.thumbnail_blob),
        poster_url=await url(media.poster_blob),
        expires_at=expires_at,
    )


# --- uploads -------------------------------------------------------------------------------------


async def request_upload(container: Container, access: WorkspaceAccess, upload: NewUpload) -> UploadTicket:
    """A pending media and the URL the browser PUTs its bytes to."""
    settings = container.settings
    content_type = check_declared(upload.content_type, upload.size, limits(settings))
    media_id = uuid4()
    blob_name = f"{blob_prefix(access.workspace_id, media_id)}/original"
    lifetime = timedelta(minutes=settings.media_upload_url_minutes)
    # Taken before signing: the SAS then lives at least as long as the time we announce.
    expires_at = datetime.now(UTC) + lifetime
    upload_url = await container.blob.upload_sas_url(settings.media_container, blob_name, expires_in=lifetime)
    pool = await container.db()
    async with pool.connection() as conn:
        await conn.execute(
            """INSERT INTO media (id, workspace_id, uploaded_by, filename, declared_content_type,
                                  declared_size, blob_name)
               VALUES (%s, %s, %s, %s, %s, %s, %s)""",
            (
                media_id,
                access.workspace_id,
                access.principal.user_id,
                clean_filename(upload.filename),
                content_type,
                upload.size,
                blob_name,
            ),
        )
    return UploadTicket(
        media_id=media_id,
        upload_url=upload_url,
        headers={"x-ms-blob-type": "BlockBlob", "Content-Type": content_type},
        expires_at=expires_at,
    )


@dataclass(frozen=True)
class _Claim:
    """The right to finish one media's completion.

    The claim is a status, not a row lock held through the inspection: inspecting a large video
    takes a while and must not pin a database connection for it. Its start time is also a fence:
    every later write names it, so a worker whose claim went stale and was taken over changes
    nothing (and deletes no blob) when it finally wakes up.
    """

    media: Media
    at: datetime


_FENCE = "id = %(id)s AND status = 'processing' AND processing_started_at = %(claimed_at)s"


def _fence(claim: _Claim) -> dict[str, object]:
    return {"id": claim.media.id, "claimed_at": claim.at}


async def _claim(conn: AsyncConnection, workspace_id: UUID, media_id: UUID) -> _Claim | None:
    """Move a pending media (or one whose claim went stale) to processing; None if not ours to take."""
    cursor = await conn.execute(
        sql.SQL(
            """UPDATE media SET status = 'processing', processing_started_at = clock_timestamp(),
                                updated_at = now()
               WHERE id = %s AND workspace_id = %s
                 AND (status = 'pending' OR (status = 'processing' AND processing_started_at < now() - %s))
               RETURNING {}, processing_started_at"""
        ).format(_COLUMNS),
        (media_id, workspace_id, STALE_CLAIM),
    )
    row = await cursor.fetchone()
    return None if row is None else _Claim(_media(row[:-1]), row[-1])


async def complete_upload(container: Container, access: WorkspaceAccess, media_id: UUID) -> Completion:
    """Inspect what the browser uploaded; the media becomes ready, a duplicate, or rejected.

    Completing again is harmless: a ready media is returned as it is, a rejected one repeats its
    refusal, and one still being inspected answers 409 media_processing.
    """
    pool = await container.db()
    async with pool.connection() as conn:
        claimed = await _claim(conn, access.workspace_id, media_id)
        if claimed is None:
            current = await _select(conn, access.workspace_id, media_id)
    if claimed is not None:
        return await _complete_claimed(container, claimed)
    if current is None:
        raise _not_found()
    if current.status is MediaStatus.READY:
        return Completion(await links(container, current), deduplicated=False)
    if current.status is MediaStatus.REJECTED:
        raise InvalidInput(current.error_message or "This upload was refused.", code=current.error_code)
    raise Conflict("This upload is being inspected; try again in a moment.", code="media_processing")


async def _complete_claimed(container: Container, claim: _Claim) -> Completion:
    settings = container.settings
    bucket = settings.media_container
    media = claim.media
    try:
        info = await container.blob.properties(bucket, media.blob_name)
        if info is None:
            await _release(container, claim)
            raise Conflict(
                "Nothing was uploaded yet: PUT the file to upload_url first.", code="upload_missing"
            )
        workdir = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="ck-media-"))
        try:
            try:
                # The size check comes before the download: a 50 GB blob is never fetched.
                check_received_size(media.content_type, media.size, info.size, limits(settings))
                spool = await asyncio.to_thread(Spool, workdir / "original")
                try:
                    await container.blob.download_into(bucket, media.blob_name, spool.write)
                finally:
                    await asyncio.to_thread(spool.close)
                content_type = check_content(
                    media.content_type, media.size, spool.size, spool.head, limits(settings)
                )
                facts = await asyncio.to_thread(
                    inspect, spool.path, content_type=content_type, size=spool.size, sha256=spool.sha256
                )
            except InvalidInput as refusal:
                await _reject(container, claim, refusal)
                raise
            return await _store_completed(container, claim, facts)
        finally:
            await asyncio.to_thread(shutil.rmtree, workdir, ignore_errors=True)
    except (InvalidInput, Conflict, NotFound):
        raise
    except BaseException:
        # Storage or the database failed mid-way: give the upload back so the client can retry.
        await _release(container, claim)
        raise


async def _release(container: Container, claim: _Claim) -> None:
    try:
        pool = await container.db()
        async with pool.connection() as conn:
            await conn.execute(
                sql.SQL(
                    """UPDATE media SET status = 'pending', processing_started_at = NULL, updated_at = now()
                       WHERE {}"""
                ).format(sql.SQL(_FENCE)),
                _fence(claim),
            )
    except Exception:
        log.warning("could not release media %s; its claim expires by itself", claim.media.id, exc_info=True)


async def _reject(container: Container, claim: _Claim, refusal: InvalidInput) -> None:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            sql.SQL(
                """UPDATE media SET status = 'rejected', error_code = %(code)s, error_message = %(message)s,
                                    processing_started_at = NULL, updated_at = now()
                   WHERE {}"""
            ).format(sql.SQL(_FENCE)),
            {**_fence(claim), "code": refusal.code, "message": refusal.message},
        )
        still_ours = cursor.rowcount == 1
    if still_ours:
        await _delete_blobs(container, claim.media.blobs)


def _derived(prefix: str, facts: Facts) -> dict[str, bytes]:
    """Blob names and bytes of what inspection produced, next to the original."""
    derived: dict[str, bytes] = {}
    if facts.thumbnail is not None:
        derived[f"{prefix}/thumb.webp"] = facts.thumbnail
    if facts.poster is not None:
        derived[f"{prefix}/poster.webp"] = facts.poster
    return derived


async def _upload_derived(container: Container, derived: dict[str, bytes]) -> None:
    bucket = container.settings.media_container
    await asyncio.gather(
        *(
            container.blob.upload(bucket, name, data, content_type=THUMBNAIL_CONTENT_TYPE)
            for name, data in derived.items()
        )
    )


def _names(prefix: str, derived: dict[str, bytes]) -> tuple[str | None, str | None]:
    thumbnail = f"{prefix}/thumb.webp"
    poster = f"{prefix}/poster.webp"
    return (thumbnail if thumbnail in derived else None, poster if poster in derived else None)


_READY_SET = """status = 'ready', kind = %(kind)s, content_type = %(content_type)s, size_bytes = %(size)s,
                width = %(width)s, height = %(height)s, duration_ms = %(duration_ms)s, codec = %(codec)s,
                animated = %(animated)s, sha256 = %(sha256)s, thumbnail_blob = %(thumbnail)s,
                poster_blob = %(poster)s, error_code = NULL, error_message = NULL,
                processing_started_at = NULL, ready_at = now(), updated_at = now()"""


def _ready_params(facts: Facts, thumbnail: str | None, poster: str | None) -> dict[str, object]:
    return {
        "kind": facts.kind.value,
        "content_type": facts.content_type,
        "size": facts.size,
        "width": facts.width,
        "height": facts.height,
        "duration_ms": facts.duration_ms,
        "codec": facts.codec,
        "animated": facts.animated,
        "sha256": facts.sha256,
        "thumbnail": thumbnail,
        "poster": poster,
    }


async def _duplicate_of(container: Container, workspace_id: UUID, sha256: str) -> Media | None:
    pool = await container.db()
    async with pool.connection() as conn:
        return await _ready_with_hash(conn, workspace_id, sha256)


async def _drop(container: Container, claim: _Claim, extra_blobs: Iterable[str] = ()) -> None:
    """Forget a media that turned out to be a copy: its row, its original and anything derived."""
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            sql.SQL("DELETE FROM media WHERE {}").format(sql.SQL(_FENCE)), _fence(claim)
        )
        still_ours = cursor.rowcount == 1
    if still_ours:
        await _delete_blobs(container, [*claim.media.blobs, *extra_blobs])


async def _still_ours(container: Container, claim: _Claim) -> bool:
    try:
        pool = await container.db()
        async with pool.connection() as conn:
            cursor = await conn.execute(
                sql.SQL("SELECT 1 FROM media WHERE {}").format(sql.SQL(_FENCE)), _fence(claim)
            )
            return await cursor.fetchone() is not None
    except Exception:
        log.warning("could not check the claim on media %s", claim.media.id, exc_info=True)
        return False  # when in doubt, keep the blobs: an orphan costs storage, a loss costs a post


async def _lost_claim(container: Container, claim: _Claim, derived: Iterable[str]) -> Completion:
    """The final write found the claim gone: the media was deleted meanwhile, or another worker
    took over a claim it thought stale. Only in the first case are the blobs ours to remove."""
    pool = await container.db()
    async with pool.connection() as conn:
        current = await _select(conn, claim.media.workspace_id, claim.media.id)
    if current is None:
        await _delete_blobs(container, [claim.media.blob_name, *derived])
        raise _not_found()
    if current.status is MediaStatus.READY:
        return Completion(await links(container, current), deduplicated=False)
    raise Conflict("This upload is being inspected; try again in a moment.", code="media_processing")


async def _store_completed(container: Container, claim: _Claim, facts: Facts) -> Completion:
    media = claim.media
    existing = await _duplicate_of(container, media.workspace_id, facts.sha256)
    if existing is not None and existing.id == media.id:
        return await _lost_claim(container, claim, ())  # another worker finished this very media
    if existing is not None:
        await _drop(container, claim)
        return Completion(await links(container, existing), deduplicated=True)
    prefix = blob_prefix(media.workspace_id, media.id)
    derived = _derived(prefix, facts)
    thumbnail, poster = _names(prefix, derived)
    bucket = container.settings.media_container
    try:
        await _upload_derived(container, derived)
        await container.blob.set_content_type(bucket, media.blob_name, facts.content_type)
        pool = await container.db()
        async with pool.connection() as conn:
            cursor = await conn.execute(
                sql.SQL("UPDATE media SET {} WHERE {} RETURNING {}").format(
                    sql.SQL(_READY_SET), sql.SQL(_FENCE), _COLUMNS
                ),
                {**_fence(claim), **_ready_params(facts, thumbnail, poster)},
            )
            row = await cursor.fetchone()
    except UniqueViolation:
        # The same bytes completed concurrently in another upload, which won the race.
        existing = await _duplicate_of(container, media.workspace_id, facts.sha256)
        await _drop(container, claim, derived)
        if existing is None:
            raise
        return Completion(await links(container, existing), deduplicated=True)
    except BaseException:
        # The derived names are this media's, shared with any worker that took the claim over.
        if await _still_ours(container, claim):
            await _delete_blobs(container, derived)
        raise
    if row is None:
        return await _lost_claim(container, claim, derived)
    return Completion(await links(container, _media(row)), deduplicated=False)


async def upload_direct(
    container: Container,
    access: WorkspaceAccess,
    *,
    filename: str,
    content_type: str | None,
    data: IO[bytes],
) -> Completion:
    """The API-client path: the bytes come through the API (size-capped by the caller), are
    inspected exactly like a browser upload, and only what is accepted is stored. A refusal stores
    nothing, so it leaves no row behind."""
    settings = container.settings
    workdir = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="ck-media-"))
    try:
        spool = await asyncio.to_thread(Spool, workdir / "original")
        try:
            while chunk := await asyncio.to_thread(data.read, COPY_CHUNK):
                await asyncio.to_thread(spool.write, chunk)
        finally:
            await asyncio.to_thread(spool.close)
        declared = normalize_type(content_type or "")
        if declared in _UNDECLARED_TYPES:
            declared = sniff(spool.head) or ""
            if not declared:
                raise unrecognized()
        declared = check_declared(declared, spool.size, limits(settings))
        actual = check_content(declared, spool.size, spool.size, spool.head, limits(settings))
        facts = await asyncio.to_thread(
            inspect, spool.path, content_type=actual, size=spool.size, sha256=spool.sha256
        )
        existing = await _duplicate_of(container, access.workspace_id, facts.sha256)
        if existing is not None:
            return Completion(await links(container, existing), deduplicated=True)
        media_id = uuid4()
        prefix = blob_prefix(access.workspace_id, media_id)
        original = f"{prefix}/original"
        derived = _derived(prefix, facts)
        thumbnail, poster = _names(prefix, derived)
        body = await asyncio.to_thread(spool.path.read_bytes)  # at most MEDIA_MULTIPART_MAX_BYTES
        try:
            await container.blob.upload(settings.media_container, original, body, content_type=actual)
            await _upload_derived(container, derived)
            pool = await container.db()
            async with pool.connection() as conn:
                cursor = await conn.execute(
                    sql.SQL(
                        """INSERT INTO media (id, workspace_id, uploaded_by, filename, declared_content_type,
                                              declared_size, blob_name, status, kind, content_type,
                                              size_bytes, width, height, duration_ms, codec, animated,
                                              sha256, thumbnail_blob, poster_blob, ready_at)
                           VALUES (%(id)s, %(ws)s, %(by)s, %(filename)s, %(declared)s, %(size)s, %(blob)s,
                                   'ready', %(kind)s, %(content_type)s, %(size)s, %(width)s, %(height)s,
                                   %(duration_ms)s, %(codec)s, %(animated)s, %(sha256)s, %(thumbnail)s,
                                   %(poster)s, now())
                           RETURNING {}"""
                    ).format(_COLUMNS),
                    {
                        "id": media_id,
                        "ws": access.workspace_id,
                        "by": access.principal.user_id,
                        "filename": clean_filename(filename),
                        "declared": declared,
                        "blob": original,
                        **_ready_params(facts, thumbnail, poster),
                    },
                )
                row = await cursor.fetchone()
                assert row is not None
        except UniqueViolation:
            await _delete_blobs(container, [original, *derived])
            existing = await _duplicate_of(container, access.workspace_id, facts.sha256)
            if existing is None:
                raise
            return Completion(await links(container, existing), deduplicated=True)
        except BaseException:
            await _delete_blobs(container, [original, *derived])
            raise
        return Completion(await links(container, _media(row)), deduplicated=False)
    finally:
        await asyncio.to_thread(shutil.rmtree, workdir, ignore_errors=True)


# --- the library ---------------------------------------------------------------------------------


async def list_media(
    container: Container,
    access: WorkspaceAccess,
    *,
    limit: int,
    cursor: str | None,
    kind: MediaKind | None = None,
) -> Page[MediaLinks]:
    """Ready media, newest first, by keyset (the index order), optionally of one kind."""
    check_limit(limit)
    after = decode_cursor(cursor) if cursor else None
    conditions = [sql.SQL("workspace_id = %(ws)s"), sql.SQL("status = 'ready'")]
    params: dict[str, object] = {"ws": access.workspace_id, "limit": limit + 1}
    if kind is not None:
        conditions.append(sql.SQL("kind = %(kind)s"))
        params["kind"] = kind.value
    if after is not None:
        conditions.append(sql.SQL("(created_at, id) < (%(after_at)s, %(after_id)s)"))
        params.update(after_at=after[0], after_id=after[1])
    pool = await container.db()
    async with pool.connection() as conn:
        result = await conn.execute(
            sql.SQL("SELECT {} FROM media WHERE {} ORDER BY created_at DESC, id DESC LIMIT %(limit)s").format(
                _COLUMNS, sql.SQL(" AND ").join(conditions)
            ),
            params,
        )
        rows = [_media(row) for row in await result.fetchall()]
    page = page_of(rows, limit, lambda m: (m.created_at, m.id))
    return Page([await links(container, m) for m in page.items], page.next_cursor)


async def get_media(container: Container, access: WorkspaceAccess, media_id: UUID) -> MediaLinks:
    pool = await container.db()
    async with pool.connection() as conn:
        media = await _select(conn, access.workspace_id, media_id)
    if media is None or media.status is not MediaStatus.READY:
        raise _not_found()
    return await links(container, media)


async def _posts_using(conn: AsyncConnection, workspace_id: UUID, media_id: UUID) -> list[UUID]:
    """Unfinished posts that publish this media, through the post or a target's own media."""
    cursor = await conn.execute(
        """SELECT p.id FROM posts p
           WHERE p.workspace_id = %(ws)s AND p.media_ids @> ARRAY[%(id)s]::uuid[]
             AND (p.status = ANY(%(post_open)s)
                  OR EXISTS (SELECT 1 FROM post_targets t
                             WHERE t.post_id = p.id AND t.status = ANY(%(target_open)s)))
           UNION
           SELECT t.post_id FROM post_targets t
           WHERE t.workspace_id = %(ws)s AND t.media_ids @> ARRAY[%(id)s]::uuid[]
             AND t.status = ANY(%(target_open)s)
           LIMIT 20""",
        {
            "ws": workspace_id,
            "id": media_id,
            "post_open": list(OPEN_POST_STATUSES),
            "target_open": list(OPEN_TARGET_STATUSES),
        },
    )
    return [row[0] for row in await cursor.fetchall()]


async def delete_media(container: Container, access: WorkspaceAccess, media_id: UUID) -> None:
    """Delete a media nothing unfinished still needs; published posts keep their platform copies.

    The row is locked first, so a post being scheduled with this media at the same moment (which
    reads it through `get_ready_media`, FOR SHARE) either commits before the check sees it or
    finds the media gone.
    """
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            "SELECT id FROM media WHERE id = %s AND workspace_id = %s FOR UPDATE",
            (media_id, access.workspace_id),
        )
        if await cursor.fetchone() is None:
            raise _not_found()
        in_use = await _posts_using(conn, access.workspace_id, media_id)
        if in_use:
            raise Conflict(
                "Posts that are not finished yet use this media; remove it from them first.",
                code="media_in_use",
                details={"post_ids": [str(p) for p in in_use]},
            )
        cursor = await conn.execute(
            sql.SQL("DELETE FROM media WHERE id = %s RETURNING {}").format(_COLUMNS), (media_id,)
        )
        row = await cursor.fetchone()
        assert row is not None
    await _delete_blobs(container, _media(row).blobs)


async def get_ready_media(conn: AsyncConnection, workspace_id: UUID, ids: Sequence[UUID]) -> list[Media]:
    """The ready media of a workspace with these ids, in the order given, for a post to use.

    Call it inside the transaction that saves the post: the rows are locked FOR SHARE until it
    commits, so a concurrent deletion waits and then sees the post (and refuses), instead of
    deleting media a post was just scheduled with.
    """
    if not ids:
        return []
    cursor = await conn.execute(
        sql.SQL(
            "SELECT {} FROM media WHERE workspace_id = %s AND id = ANY(%s) AND status = 'ready' FOR SHARE"
        ).format(_COLUMNS),
        (workspace_id, list(ids)),
    )
    found = {m.id: m for m in (_media(row) for row in await cursor.fetchall())}
    missing = [str(i) for i in dict.fromkeys(ids) if i not in found]
    if missing:
        raise NotFound(
            f"No ready media with id {', '.join(missing)} in this workspace.",
            code="media_not_found",
            details={"missing": missing},
        )
    return [found[i] for i in ids]


async def _delete_blobs(container: Container, names: Iterable[str]) -> None:
    """Best effort: an orphaned blob only costs storage, while failing a request whose change is
    already committed would tell the caller something untrue."""
    bucket = container.settings.media_container
    for name in names:
        try:
            await container.blob.delete(bucket, name)
        except Exception:
            log.warning("could not delete blob %s; it is orphaned", name, exc_info=True)
