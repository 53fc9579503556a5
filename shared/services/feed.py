"""The clickKloudy feed as people read it: every workspace's published feed posts, and profile pages.

These are the in-app social network's public pages: anyone may read them, signed in or not, so a
feed post shows only what a published post shows on any network (its text, its media, its author's
name, the workspace's handle and name). Posts get here through the publish pipeline and the feed
connector (shared/platforms/feed.py); this module reads them, serves their media (from the feed's
own copies), and lets a workspace take one down.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from shared.bootstrap import Container
from shared.domain.errors import InvalidInput, NotFound
from shared.platforms.feed import normalize_handle, post_url
from shared.services import audit, users
from shared.services.audit import AuditEvent
from shared.services.principals import WorkspaceAccess
from shared.services.sessions import ClientInfo
from shared.services.workspaces import Page, decode_cursor, page_of

MAX_PAGE_SIZE = 50


@dataclass(frozen=True)
class FeedMedia:
    """One file of a feed post, as published (the feed's own copy)."""

    position: int
    kind: str
    content_type: str
    width: int | None
    height: int | None
    duration_ms: int | None
    has_thumbnail: bool
    has_poster: bool


@dataclass(frozen=True)
class FeedPost:
    id: UUID
    text: str
    created_at: datetime
    author_id: UUID | None  # None once the author's account is deleted
    author_name: str | None
    author_avatar_version: str | None  # None: no avatar
    handle: str
    workspace_name: str
    url: str
    media: tuple[FeedMedia, ...] = ()


@dataclass(frozen=True)
class Profile:
    """A workspace's public page."""

    handle: str
    name: str
    posts: Page[FeedPost]


def _profile_not_found() -> NotFound:
    return NotFound("No profile has this handle.", code="profile_not_found")


def _post_not_found() -> NotFound:
    return NotFound("No such feed post.", code="feed_post_not_found")


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE_SIZE}.", code="invalid_limit")


# Every public read goes through this one shape, so what a feed post reveals is decided once.
_SELECT = """SELECT f.id, f.text, f.created_at, u.id, u.name, u.avatar_blob, a.handle, w.name
             FROM feed_posts f
             JOIN social_accounts a ON a.id = f.account_id
             JOIN workspaces w ON w.id = f.workspace_id
             LEFT JOIN users u ON u.id = f.author_id
             WHERE f.deleted_at IS NULL {scope} {before}
             ORDER BY f.created_at DESC, f.id DESC
             LIMIT %(limit)s"""


def _post(container: Container, row: tuple[Any, ...]) -> FeedPost:
    post_id, text, created_at, author_id, author_name, avatar_blob, handle, workspace_name = row
    return FeedPost(
        id=post_id,
        text=text,
        created_at=created_at,
        author_id=author_id,
        author_name=author_name,
        author_avatar_version=None if avatar_blob is None else users.avatar_version(avatar_blob),
        handle=handle,
        workspace_name=workspace_name,
        url=post_url(container.settings.public_base_url, handle, post_id),
    )


async def _page(
    container: Container, scope: sql.Composable, params: dict[str, object], limit: int, cursor: str | None
) -> Page[FeedPost]:
    """Newest first, keyset on (created_at, id): a page never shifts when newer posts arrive."""
    _check_limit(limit)
    before = decode_cursor(cursor) if cursor else None
    query = sql.SQL(_SELECT).format(
        scope=scope,
        before=sql.SQL("AND (f.created_at, f.id) < (%(before_at)s, %(before_id)s)" if before else ""),
    )
    values: dict[str, object] = {**params, "limit": limit + 1}
    if before is not None:
        values["before_at"], values["before_id"] = before
    pool = await container.db()
    async with pool.connection() as conn:
        result = await conn.execute(query, values)
        rows = [_post(container, row) for row in await result.fetchall()]
        media = await _media_of(conn, [post.id for post in rows])
    rows = [replace(post, media=media.get(post.id, ())) for post in rows]
    return page_of(rows, limit, lambda p: (p.created_at, p.id))


async def _media_of(conn: AsyncConnection, post_ids: list[UUID]) -> dict[UUID, tuple[FeedMedia, ...]]:
    """Every listed post's media in order, in one query."""
    if not post_ids:
        return {}
    cursor = await conn.execute(
        """SELECT feed_post_id, position, kind, content_type, width, height, duration_ms,
                  thumbnail_blob IS NOT NULL, poster_blob IS NOT NULL
           FROM feed_post_media WHERE feed_post_id = ANY(%s)
           ORDER BY feed_post_id, position""",
        (post_ids,),
    )
    found: dict[UUID, list[FeedMedia]] = {}
    for post_id, *fields in await cursor.fetchall():
        found.setdefault(post_id, []).append(FeedMedia(*fields))
    return {post_id: tuple(items) for post_id, items in found.items()}


MEDIA_VARIANTS = ("original", "thumbnail", "poster")
# How long a redirect to a feed file stays good: the link is minted per request, never stored.
MEDIA_URL_LIFETIME = timedelta(minutes=15)


async def media_url(container: Container, post_id: UUID, position: int, variant: str) -> str:
    """A short read URL for one file of a visible feed post (its original, thumbnail or poster)."""
    if variant not in MEDIA_VARIANTS:
        raise InvalidInput(f"variant is one of {', '.join(MEDIA_VARIANTS)}.", code="invalid_variant")
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT m.blob_name, m.thumbnail_blob, m.poster_blob
               FROM feed_post_media m JOIN feed_posts f ON f.id = m.feed_post_id
               WHERE m.feed_post_id = %s AND m.position = %s AND f.deleted_at IS NULL""",
            (post_id, position),
        )
        row = await cursor.fetchone()
    blob = None if row is None else dict(zip(MEDIA_VARIANTS, row, strict=True))[variant]
    if blob is None:
        raise NotFound("This feed post has no such file.", code="feed_media_not_found")
    return await container.blob.read_sas_url(
        container.settings.media_container, blob, expires_in=MEDIA_URL_LIFETIME
    )


async def list_feed(container: Container, *, limit: int, cursor: str | None) -> Page[FeedPost]:
    """Every workspace's feed posts, newest first."""
    return await _page(container, sql.SQL(""), {}, limit, cursor)


async def _feed_account(container: Container, handle: str) -> tuple[UUID, str, str]:
    """(account id, handle, workspace name) for a handle as typed, or profile_not_found."""
    normalized = normalize_handle(handle)
    if normalized is None:
        raise _profile_not_found()
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT a.id, a.handle, w.name FROM social_accounts a JOIN workspaces w ON w.id = a.workspace_id
               WHERE a.platform = 'feed' AND a.handle_normalized = %s""",
            (normalized,),
        )
        row = await cursor.fetchone()
    if row is None:
        raise _profile_not_found()
    return row[0], row[1], row[2]


async def get_profile(container: Container, handle: str, *, limit: int, cursor: str | None) -> Profile:
    account_id, stored_handle, name = await _feed_account(container, handle)
    posts = await _page(
        container, sql.SQL("AND f.account_id = %(account)s"), {"account": account_id}, limit, cursor
    )
    return Profile(handle=stored_handle, name=name, posts=posts)


async def get_post(container: Container, handle: str, post_id: UUID) -> FeedPost:
    """The page a published feed post's URL shows; the handle must be the post's own."""
    account_id, _, _ = await _feed_account(container, handle)
    page = await _page(
        container,
        sql.SQL("AND f.account_id = %(account)s AND f.id = %(post)s"),
        {"account": account_id, "post": post_id},
        1,
        None,
    )
    if not page.items:
        raise _post_not_found()
    return page.items[0]


async def author_avatar(container: Container, post_id: UUID, size: int) -> users.Avatar:
    """A feed post's author avatar: public only through a post they published, never by user id."""
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT author_id FROM feed_posts WHERE id = %s AND deleted_at IS NULL", (post_id,)
        )
        row = await cursor.fetchone()
    if row is None or row[0] is None:
        raise NotFound("This post's author has no avatar.", code="avatar_not_found")
    return await users.get_avatar(container, row[0], size)


async def delete_post(
    container: Container, access: WorkspaceAccess, post_id: UUID, client: ClientInfo
) -> None:
    """Take a feed post down. It is hidden, not erased: the target that published it still points
    at it, so a retried publish finds it instead of posting it again. Deleting twice is harmless."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """SELECT deleted_at IS NOT NULL FROM feed_posts WHERE id = %s AND workspace_id = %s
               FOR UPDATE""",
            (post_id, access.workspace_id),
        )
        row = await cursor.fetchone()
        if row is None:
            raise _post_not_found()
        if row[0]:
            return
        await conn.execute("UPDATE feed_posts SET deleted_at = now() WHERE id = %s", (post_id,))
        await audit.record(
            conn,
            AuditEvent.FEED_POST_DELETED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="feed_post",
            target_id=post_id,
            ip=client.ip,
        )
