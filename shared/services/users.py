"""A user's own account (profile, avatar, deletion) and what a platform admin may do to accounts."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from PIL import Image, ImageOps, UnidentifiedImageError
from psycopg import AsyncConnection
from psycopg import sql as pgsql
from psycopg.errors import UniqueViolation
from psycopg.rows import class_row

from shared.bootstrap import Container
from shared.domain.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from shared.domain.identity import AuthMethod, Principal
from shared.services import audit, passwords
from shared.services.audit import AuditEvent
from shared.services.auth import VERIFY_TTL, create_email_token, link, normalize_email
from shared.services.principals import user_states
from shared.services.sessions import ClientInfo, revoke_all_for_user
from shared.services.workspaces import (
    check_limit,
    check_timezone,
    decode_cursor,
    encode_cursor,
    require_write,
)

log = logging.getLogger(__name__)

MAX_NAME_LENGTH = 100
MAX_BIO_LENGTH = 500
LOCALES = ("en", "ar")
DELETE_CONFIRMATION = "DELETE"


# --- who may do what ---------------------------------------------------------------------------


def require_session(principal: Principal) -> None:
    """Keys, passwords and the account itself are managed only by someone who signed in.

    An API key is a long-lived secret that ends up in scripts and CI logs; if one leaks, it must not
    be able to mint more keys, lock the owner out or erase the account.
    """
    if principal.method is AuthMethod.API_KEY:
        raise PermissionDenied("Sign in to do this; API keys cannot.", code="session_required")


# --- profile -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    id: UUID
    email: str
    name: str
    bio: str
    timezone: str
    locale: str
    avatar_blob: str | None
    email_verified_at: datetime | None
    is_platform_admin: bool
    has_password: bool
    created_at: datetime

    @property
    def avatar_version(self) -> str | None:
        return None if self.avatar_blob is None else avatar_version(self.avatar_blob)


PROFILE_COLUMNS = pgsql.SQL(
    """id, email, name, bio, timezone, locale, avatar_blob, email_verified_at, is_platform_admin,
       password_hash IS NOT NULL AS has_password, created_at"""
)


async def _profile(conn: AsyncConnection, user_id: UUID) -> Profile:
    async with conn.cursor(row_factory=class_row(Profile)) as cursor:
        await cursor.execute(
            pgsql.SQL("SELECT {} FROM users WHERE id = %s").format(PROFILE_COLUMNS), (user_id,)
        )
        profile = await cursor.fetchone()
    if profile is None:
        raise NotFound("No such user.", code="user_not_found")
    return profile


async def get_profile(container: Container, user_id: UUID) -> Profile:
    pool = await container.db()
    async with pool.connection() as conn:
        return await _profile(conn, user_id)


@dataclass(frozen=True)
class ProfileChanges:
    """Fields left None stay as they are."""

    name: str | None = None
    bio: str | None = None
    timezone: str | None = None
    locale: str | None = None


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidInput(f"A name has 1 to {MAX_NAME_LENGTH} characters.", code="invalid_name")
    return cleaned


async def update_profile(container: Container, principal: Principal, changes: ProfileChanges) -> Profile:
    require_write(principal)
    values: dict[str, str] = {}
    if changes.name is not None:
        values["name"] = _clean_name(changes.name)
    if changes.bio is not None:
        bio = changes.bio.strip()
        if len(bio) > MAX_BIO_LENGTH:
            raise InvalidInput(f"A bio has at most {MAX_BIO_LENGTH} characters.", code="invalid_bio")
        values["bio"] = bio
    if changes.timezone is not None:
        values["timezone"] = check_timezone(changes.timezone)
    if changes.locale is not None:
        if changes.locale not in LOCALES:
            raise InvalidInput(f"The locale is one of {', '.join(LOCALES)}.", code="invalid_locale")
        values["locale"] = changes.locale
    pool = await container.db()
    async with pool.connection() as conn:
        if values:
            assignments = pgsql.SQL(", ").join(
                pgsql.SQL("{} = {}").format(pgsql.Identifier(column), pgsql.Placeholder(column))
                for column in values
            )
            await conn.execute(
                pgsql.SQL("UPDATE users SET {}, updated_at = now() WHERE id = {}").format(
                    assignments, pgsql.Placeholder("user_id")
                ),
                {**values, "user_id": principal.user_id},
            )
        return await _profile(conn, principal.user_id)


# --- avatar ------------------------------------------------------------------------------------

MAX_AVATAR_BYTES = 5 * 1024 * 1024
# The largest source we decode: a 50-megapixel photo. Pillow's own bomb guard (MAX_IMAGE_PIXELS,
# ~89M, DecompressionBombError past twice that) stays on as the backstop.
MAX_AVATAR_PIXELS = 50_000_000
AVATAR_SIZES = (256, 64)
ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
AVATAR_CONTENT_TYPE = "image/webp"


class UnsupportedImage(InvalidInput):
    """The bytes are not one of the accepted image formats, whatever the upload claimed."""

    code = "unsupported_media_type"


class ImageTooLarge(InvalidInput):
    code = "payload_too_large"


def avatar_blob_name(user_id: UUID, version: str, size: int) -> str:
    return f"avatars/{user_id}/{version}-{size}.webp"


def avatar_version(blob_name: str) -> str:
    return blob_name.rsplit("/", 1)[-1].split("-", 1)[0]


def _avatar_blobs(stored: str) -> list[str]:
    """Every size stored with `stored` (the 256 px name kept on the user row)."""
    folder, _ = stored.rsplit("/", 1)
    version = avatar_version(stored)
    return [f"{folder}/{version}-{size}.webp" for size in AVATAR_SIZES]


def _encode_webp(image: Image.Image) -> bytes:
    # A fresh image from raw pixels carries no EXIF, XMP, ICC or comments: nothing from the upload
    # (camera serial, GPS position) survives.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, format="WEBP", quality=85, method=4)
    return out.getvalue()


def render_avatar(data: bytes) -> dict[int, bytes]:
    """Square WebP renditions of an uploaded image, keyed by size.

    The bytes are untrusted: the format is sniffed (the declared content type and file name mean
    nothing), the dimensions are checked before any pixel is decoded, and every decoder failure
    becomes a 4xx. CPU-bound: callers run it in a worker thread.
    """
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
            width, height = probe.size
            if width * height > MAX_AVATAR_PIXELS:
                raise InvalidInput(
                    f"The image is {width}x{height} pixels; use one under {MAX_AVATAR_PIXELS // 1_000_000} "
                    "megapixels.",
                    code="image_dimensions_too_large",
                )
            probe.verify()
        # verify() leaves the image unusable, so decode from a fresh parser.
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as source:
            # JPEG only: decode at the smallest scale still bigger than what we keep.
            source.draft(None, (AVATAR_SIZES[0] * 2, AVATAR_SIZES[0] * 2))
            upright = ImageOps.exif_transpose(source)
            pixels = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
            largest = ImageOps.fit(pixels, (AVATAR_SIZES[0], AVATAR_SIZES[0]), Image.Resampling.LANCZOS)
            return {
                size: _encode_webp(
                    largest
                    if size == AVATAR_SIZES[0]
                    else largest.resize((size, size), Image.Resampling.LANCZOS)
                )
                for size in AVATAR_SIZES
            }
    except DomainError:
        raise
    except Image.DecompressionBombError as exc:
        raise InvalidInput(
            "The image's dimensions are too large.", code="image_dimensions_too_large"
        ) from exc
    except UnidentifiedImageError as exc:
        raise UnsupportedImage("Upload a PNG, JPEG, WebP or GIF image.") from exc
    except Exception as exc:
        # Malformed input makes Pillow raise almost anything (OSError, SyntaxError, struct.error...).
        raise InvalidInput("The image could not be read; it may be damaged.", code="invalid_image") from exc


async def _delete_blobs(container: Container, names: Iterable[str]) -> None:
    """Best effort: an orphaned blob only costs storage, while failing a request whose change is
    already committed would tell the caller something untrue."""
    media = container.settings.media_container
    for name in names:
        try:
            await container.blob.delete(media, name)
        except Exception:
            log.warning("could not delete blob %s; it is orphaned", name, exc_info=True)


async def set_avatar(container: Container, principal: Principal, data: bytes) -> Profile:
    require_write(principal)
    if len(data) > MAX_AVATAR_BYTES:
        raise ImageTooLarge(f"An avatar image is at most {MAX_AVATAR_BYTES // (1024 * 1024)} MiB.")
    renditions = await asyncio.to_thread(render_avatar, data)
    version = uuid4().hex[:16]
    names = {size: avatar_blob_name(principal.user_id, version, size) for size in AVATAR_SIZES}
    media = container.settings.media_container
    try:
        await asyncio.gather(
            *(
                container.blob.upload(media, names[size], body, content_type=AVATAR_CONTENT_TYPE)
                for size, body in renditions.items()
            )
        )
        pool = await container.db()
        async with pool.connection() as conn, conn.transaction():
            cursor = await conn.execute(
                "SELECT avatar_blob FROM users WHERE id = %s FOR UPDATE", (principal.user_id,)
            )
            row = await cursor.fetchone()
            if row is None:
                raise NotFound("No such user.", code="user_not_found")
            previous: str | None = row[0]
            await conn.execute(
                "UPDATE users SET avatar_blob = %s, updated_at = now() WHERE id = %s",
                (names[AVATAR_SIZES[0]], principal.user_id),
            )
    except BaseException:
        await _delete_blobs(container, names.values())
        raise
    if previous is not None:
        await _delete_blobs(container, _avatar_blobs(previous))
    return await get_profile(container, principal.user_id)


@dataclass(frozen=True)
class Avatar:
    data: bytes
    version: str
    content_type: str = AVATAR_CONTENT_TYPE


async def get_avatar(container: Container, user_id: UUID, size: int) -> Avatar:
    if size not in AVATAR_SIZES:
        raise InvalidInput(f"The size is one of {', '.join(map(str, AVATAR_SIZES))}.", code="invalid_size")
    profile = await get_profile(container, user_id)
    if profile.avatar_blob is None:
        raise NotFound("This account has no avatar.", code="avatar_not_found")
    version = avatar_version(profile.avatar_blob)
    name = avatar_blob_name(user_id, version, size)
    from azure.core.exceptions import ResourceNotFoundError

    try:
        data = await container.blob.download(container.settings.media_container, name)
    except ResourceNotFoundError as exc:
        raise NotFound("This account has no avatar.", code="avatar_not_found") from exc
    return Avatar(data=data, version=version)


async def delete_avatar(container: Container, principal: Principal) -> None:
    require_write(principal)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """UPDATE users u SET avatar_blob = NULL, updated_at = now()
               FROM (SELECT id, avatar_blob FROM users WHERE id = %s FOR UPDATE) old
               WHERE u.id = old.id RETURNING old.avatar_blob""",
            (principal.user_id,),
        )
        row = await cursor.fetchone()
    if row is not None and row[0] is not None:
        await _delete_blobs(container, _avatar_blobs(row[0]))


# --- deleting an account -----------------------------------------------------------------------


def _like_pattern(text: str) -> str:
    """`%text%` for ILIKE with the wildcards in `text` taken literally (emails often contain `_`)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def _erase_email_from_audit_log(conn: AsyncConnection, user_id: UUID, email: str) -> None:
    """Drop every detail and target that mentions the address; ids, events and times stay.

    Events name an address under the "email" key when there is no user id to record (failed
    sign-ins); anything else mentioning it was recorded with this user as the actor.
    """
    await conn.execute(
        r"""UPDATE audit_log SET
              details = (SELECT coalesce(jsonb_object_agg(d.key, d.value), '{}'::jsonb)
                         FROM jsonb_each(audit_log.details) AS d
                         WHERE coalesce(d.value #>> '{}', '') NOT ILIKE %(like)s ESCAPE '\'),
              target_id = CASE WHEN target_id ILIKE %(like)s ESCAPE '\' THEN NULL ELSE target_id END
            WHERE (details ? 'email' AND details ->> 'email' = %(email)s)
               OR (actor_user_id = %(user_id)s
                   AND (details::text ILIKE %(like)s ESCAPE '\' OR target_id ILIKE %(like)s ESCAPE '\'))""",
        {"email": email, "like": _like_pattern(email), "user_id": user_id},
    )


async def delete_account(
    container: Container,
    principal: Principal,
    *,
    password: str | None,
    confirm: str | None,
    client: ClientInfo,
) -> None:
    """Erase the account and its personal data, and the workspaces nobody else would be left in.

    Refused while the user owns a workspace others still use: deleting it would take their work
    with it, and leaving it ownerless would lock everyone out of its settings.
    """
    require_session(principal)
    user_id = principal.user_id
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            "SELECT email_normalized, password_hash, avatar_blob FROM users WHERE id = %s FOR UPDATE",
            (user_id,),
        )
        row = await cursor.fetchone()
        if row is None:
            raise NotFound("No such user.", code="user_not_found")
        email, password_hash, avatar_blob = row
        if password_hash is not None:
            valid = password is not None and await asyncio.to_thread(
                passwords.verify_password, password_hash, password
            )
            if not valid:
                raise InvalidInput("The password is not right.", code="invalid_password")
        elif confirm != DELETE_CONFIRMATION:
            raise InvalidInput(
                f'This account has no password: send {{"confirm": "{DELETE_CONFIRMATION}"}} to delete it.',
                code="confirmation_required",
            )
        # Locking the workspaces blocks anyone joining them while we decide.
        cursor = await conn.execute(
            """SELECT w.id FROM workspaces w
               JOIN memberships m ON m.workspace_id = w.id AND m.user_id = %s AND m.role = 'owner'
               FOR UPDATE OF w""",
            (user_id,),
        )
        owned = [r[0] for r in await cursor.fetchall()]
        cursor = await conn.execute(
            "SELECT DISTINCT workspace_id FROM memberships WHERE workspace_id = ANY(%s) AND user_id <> %s",
            (owned, user_id),
        )
        shared = [r[0] for r in await cursor.fetchall()]
        if shared:
            raise Conflict(
                "You own workspaces other people use: transfer their ownership or remove the members first.",
                code="owner_must_transfer",
                details={"workspace_ids": sorted(str(w) for w in shared)},
            )
        await conn.execute("DELETE FROM workspaces WHERE id = ANY(%s)", (owned,))
        await conn.execute(
            "DELETE FROM contact_messages WHERE user_id = %s OR lower(email) = %s", (user_id, email)
        )
        # Accepted invitations would keep the address once accepted_by is nulled; pending ones belong
        # to the inviting workspace and stay.
        await conn.execute("DELETE FROM invitations WHERE accepted_by = %s", (user_id,))
        await conn.execute("DELETE FROM login_failures WHERE key = %s", (f"account:{email}",))
        await conn.execute("DELETE FROM rate_limit_counters WHERE key = %s", (f"forgot:email:{email}",))
        await _erase_email_from_audit_log(conn, user_id, email)
        # Cascades to sessions, email tokens, identities, API keys and memberships.
        await conn.execute("DELETE FROM users WHERE id = %s", (user_id,))
        await audit.record(
            conn,
            AuditEvent.USER_DELETED,
            actor=user_id,
            target_type="user",
            target_id=user_id,
            ip=client.ip,
            details={"workspaces_deleted": sorted(str(w) for w in owned)},
        )
    user_states.forget(user_id)
    if avatar_blob is not None:
        await _delete_blobs(container, _avatar_blobs(avatar_blob))


# --- platform administration -------------------------------------------------------------------


@dataclass(frozen=True)
class AdminUser:
    id: UUID
    email: str
    name: str
    email_verified_at: datetime | None
    is_platform_admin: bool
    disabled_at: datetime | None
    has_password: bool
    created_at: datetime


ADMIN_USER_COLUMNS = pgsql.SQL(
    """id, email, name, email_verified_at, is_platform_admin, disabled_at,
       password_hash IS NOT NULL AS has_password, created_at"""
)


@dataclass(frozen=True)
class UserPage:
    items: list[AdminUser]
    next_cursor: str | None


async def _require_platform_admin(conn: AsyncConnection, user_id: UUID) -> None:
    """The guard used a cached flag; a demotion or disabling must hold from the next request."""
    cursor = await conn.execute(
        "SELECT is_platform_admin AND disabled_at IS NULL FROM users WHERE id = %s", (user_id,)
    )
    row = await cursor.fetchone()
    if row is None or not row[0]:
        raise PermissionDenied("Only platform administrators may do this.", code="permission_denied")


async def list_users(
    container: Container, principal: Principal, *, query: str | None, limit: int, cursor: str | None
) -> UserPage:
    """Newest accounts first, keyset-paged on (created_at, id) so deep pages cost as little as the first."""
    check_limit(limit)
    size = limit
    conditions: list[pgsql.Composable] = []
    params: dict[str, Any] = {"limit": size + 1}
    if query and query.strip():
        conditions.append(
            pgsql.SQL(r"(email_normalized ILIKE %(pattern)s ESCAPE '\' OR name ILIKE %(pattern)s ESCAPE '\')")
        )
        params["pattern"] = _like_pattern(query.strip())
    if cursor:
        params["after_created"], params["after_id"] = decode_cursor(cursor)
        conditions.append(pgsql.SQL("(created_at, id) < (%(after_created)s, %(after_id)s)"))
    where = pgsql.SQL("WHERE ") + pgsql.SQL(" AND ").join(conditions) if conditions else pgsql.SQL("")
    statement = pgsql.SQL(
        "SELECT {columns} FROM users {where} ORDER BY created_at DESC, id DESC LIMIT %(limit)s"
    ).format(columns=ADMIN_USER_COLUMNS, where=where)
    pool = await container.db()
    async with pool.connection() as conn:
        await _require_platform_admin(conn, principal.user_id)
        async with conn.cursor(row_factory=class_row(AdminUser)) as cur:
            await cur.execute(statement, params)
            rows = await cur.fetchall()
    items = rows[:size]
    next_cursor = encode_cursor(items[-1].created_at, items[-1].id) if len(rows) > size else None
    return UserPage(items=items, next_cursor=next_cursor)


async def _admin_user(conn: AsyncConnection, user_id: UUID) -> AdminUser:
    async with conn.cursor(row_factory=class_row(AdminUser)) as cur:
        await cur.execute(
            pgsql.SQL("SELECT {} FROM users WHERE id = %s").format(ADMIN_USER_COLUMNS), (user_id,)
        )
        user = await cur.fetchone()
    if user is None:
        raise NotFound("No such user.", code="user_not_found")
    return user


async def get_user(container: Container, principal: Principal, user_id: UUID) -> AdminUser:
    pool = await container.db()
    async with pool.connection() as conn:
        await _require_platform_admin(conn, principal.user_id)
        return await _admin_user(conn, user_id)


@dataclass(frozen=True)
class AdminChanges:
    """Fields left None stay as they are."""

    name: str | None = None
    email: str | None = None
    disabled: bool | None = None
    is_platform_admin: bool | None = None


async def update_user(
    container: Container, principal: Principal, user_id: UUID, changes: AdminChanges, *, client: ClientInfo
) -> AdminUser:
    """Disabling ends every session at once: refresh tokens are revoked and, through
    tokens_valid_after and the state cache, access tokens stop within the cache's few seconds."""
    require_write(principal)
    if user_id == principal.user_id and (changes.disabled is True or changes.is_platform_admin is False):
        raise Conflict(
            "You cannot disable or demote yourself; ask another platform admin.", code="cannot_change_self"
        )
    values: dict[str, Any] = {}
    changed: list[str] = []
    verification_token: str | None = None
    pool = await container.db()
    try:
        async with pool.connection() as conn, conn.transaction():
            await _require_platform_admin(conn, principal.user_id)
            cursor = await conn.execute(
                """SELECT name, email_normalized, disabled_at, is_platform_admin FROM users
                   WHERE id = %s FOR UPDATE""",
                (user_id,),
            )
            row = await cursor.fetchone()
            if row is None:
                raise NotFound("No such user.", code="user_not_found")
            name, email, disabled_at, is_admin = row
            if changes.name is not None and _clean_name(changes.name) != name:
                values["name"] = _clean_name(changes.name)
                changed.append("name")
            if changes.email is not None and normalize_email(changes.email) != email:
                values.update(
                    email=changes.email.strip(),
                    email_normalized=normalize_email(changes.email),
                    email_verified_at=None,
                )
                changed.append("email")
            if changes.disabled is True and disabled_at is None:
                await revoke_all_for_user(conn, user_id)
                values.update(disabled_at=pgsql.SQL("now()"), tokens_valid_after=pgsql.SQL("now()"))
                changed.append("disabled")
            elif changes.disabled is False and disabled_at is not None:
                values["disabled_at"] = None
                changed.append("disabled")
            if changes.is_platform_admin is not None and changes.is_platform_admin != is_admin:
                values["is_platform_admin"] = changes.is_platform_admin
                changed.append("is_platform_admin")
            if values:
                assignments = pgsql.SQL(", ").join(
                    pgsql.SQL("{} = {}").format(
                        pgsql.Identifier(column),
                        value if isinstance(value, pgsql.Composable) else pgsql.Placeholder(column),
                    )
                    for column, value in values.items()
                )
                await conn.execute(
                    pgsql.SQL("UPDATE users SET {}, updated_at = now() WHERE id = {}").format(
                        assignments, pgsql.Placeholder("user_id")
                    ),
                    {
                        **{k: v for k, v in values.items() if not isinstance(v, pgsql.Composable)},
                        "user_id": user_id,
                    },
                )
                if "email" in changed:
                    # Links mailed to the old address must not verify the new one (nor reset the password).
                    await conn.execute(
                        "UPDATE email_tokens SET used_at = now() WHERE user_id = %s AND used_at IS NULL",
                        (user_id,),
                    )
                    verification_token = await create_email_token(conn, user_id, "verify_email", VERIFY_TTL)
                await audit.record(
                    conn,
                    AuditEvent.USER_UPDATED_BY_ADMIN,
                    actor=principal.user_id,
                    target_type="user",
                    target_id=user_id,
                    ip=client.ip,
                    details={"changed": changed},
                )
            user = await _admin_user(conn, user_id)
    except UniqueViolation as exc:
        raise Conflict("Another account already uses this email address.", code="email_taken") from exc
    user_states.forget(user_id)
    if verification_token is not None:
        await container.mailer.send_verification(
            normalize_email(user.email), user.name, link(container, "/verify-email", verification_token)
        )
    return user


async def list_audit(
    container: Container,
    principal: Principal,
    *,
    event: str | None,
    user_id: UUID | None,
    workspace_id: UUID | None,
    limit: int,
    before_id: int | None,
) -> audit.AuditPage:
    """Every workspace's events and those of none (sign-ins, account changes)."""
    check_limit(limit)
    pool = await container.db()
    async with pool.connection() as conn:
        await _require_platform_admin(conn, principal.user_id)
        return await audit.list_events(
            conn,
            workspace_id=workspace_id,
            event=event or None,
            user_id=user_id,
            before_id=before_id,
            limit=limit,
        )
