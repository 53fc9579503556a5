"""The signed-in user's own account, through the real app, database and Blob Storage."""

import io
import struct
import zlib
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from PIL import Image

from shared.bootstrap import Container
from shared.services.sessions import ClientInfo, start_session
from shared.services.users import MAX_AVATAR_BYTES
from tests.conftest import unique
from tests.integration.test_auth_flow import PASSWORD, login, register


async def sign_in(
    api: httpx.AsyncClient, email: str | None = None
) -> tuple[str, dict[str, Any], dict[str, str]]:
    """A fresh account's email, tokens and Authorization header. Cookies are dropped so that a
    request without the header is really anonymous."""
    email = await register(api, email)
    tokens = await login(api, email)
    api.cookies.clear()
    return email, tokens, {"Authorization": f"Bearer {tokens['access_token']}"}


@pytest.fixture
async def media(container: Container) -> str:
    await container.blob.create_container(container.settings.media_container)
    return container.settings.media_container


def image_bytes(fmt: str, size: tuple[int, int] = (300, 200), **save: Any) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    # A blue right half: a centre crop of a wide image keeps both colours.
    image.paste((30, 30, 200), (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny but well-formed PNG whose header claims `width` by `height` pixels: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


async def user_row(container: Container, email: str) -> tuple[Any, ...] | None:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT id, avatar_blob FROM users WHERE email_normalized = %s", (email,))
        return await cursor.fetchone()


async def test_profile_read_and_partial_update(api: httpx.AsyncClient) -> None:
    email, _, auth = await sign_in(api)
    me = (await api.get("/api/v1/me", headers=auth)).json()
    assert me["email"] == email
    assert me["avatar_url"] is None
    assert me["email_verified"] is False
    assert me["is_platform_admin"] is False
    assert me["timezone"] == "UTC"
    assert me["locale"] == "en"
    assert me["has_password"] is True

    patched = await api.patch(
        "/api/v1/me",
        json={"bio": "  Writes the posts.  ", "timezone": "Asia/Riyadh", "locale": "ar"},
        headers=auth,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["bio"] == "Writes the posts."
    assert patched.json()["timezone"] == "Asia/Riyadh"
    assert patched.json()["locale"] == "ar"
    assert patched.json()["name"] == "Ada"  # not sent, not changed
    renamed = await api.patch("/api/v1/me", json={"name": "Ada  Lovelace"}, headers=auth)
    assert renamed.json()["name"] == "Ada Lovelace"
    assert renamed.json()["timezone"] == "Asia/Riyadh"
    assert (await api.get("/api/v1/me")).status_code == 401


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "../../etc/passwd", "utc+3"])
async def test_invalid_timezone_is_refused(api: httpx.AsyncClient, zone: str) -> None:
    _, _, auth = await sign_in(api)
    response = await api.patch("/api/v1/me", json={"timezone": zone}, headers=auth)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_timezone"
    assert (await api.get("/api/v1/me", headers=auth)).json()["timezone"] == "UTC"


async def test_bio_and_locale_limits(api: httpx.AsyncClient) -> None:
    _, _, auth = await sign_in(api)
    too_long = await api.patch("/api/v1/me", json={"bio": "x" * 501}, headers=auth)
    assert too_long.status_code == 422
    assert too_long.json()["error"]["code"] == "validation_failed"
    bad_locale = await api.patch("/api/v1/me", json={"locale": "fr"}, headers=auth)
    assert bad_locale.status_code == 422


async def test_avatar_is_square_webp_without_metadata(
    api: httpx.AsyncClient, container: Container, media: str
) -> None:
    email, _, auth = await sign_in(api)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    jpeg = image_bytes("JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(jpeg)).getexif()[0x010F] == "SecretCam"

    response = await api.post(
        "/api/v1/me/avatar", files={"file": ("me.jpg", jpeg, "image/jpeg")}, headers=auth
    )
    assert response.status_code == 200, response.text
    avatar_url = response.json()["avatar_url"]
    assert avatar_url.startswith("/api/v1/me/avatar?v=")
    row = await user_row(container, email)
    assert row is not None
    user_id, blob_name = row
    assert blob_name.startswith(f"avatars/{user_id}/")
    assert blob_name.endswith("-256.webp")

    stored = Image.open(io.BytesIO(await container.blob.download(media, blob_name)))
    assert stored.format == "WEBP"
    assert stored.size == (256, 256)
    assert "exif" not in stored.info
    assert "SecretCam" not in (await container.blob.download(media, blob_name)).decode("latin-1")
    # Centre crop of a red|blue image: red on the left edge, blue on the right.
    rgb = stored.convert("RGB")
    assert rgb.getpixel((5, 128))[0] > 150  # type: ignore[index]
    assert rgb.getpixel((250, 128))[2] > 150  # type: ignore[index]

    served = await api.get("/api/v1/me/avatar", headers=auth)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/webp"
    assert Image.open(io.BytesIO(served.content)).size == (256, 256)
    small = await api.get("/api/v1/me/avatar", params={"size": 64}, headers=auth)
    assert Image.open(io.BytesIO(small.content)).size == (64, 64)
    not_modified = await api.get(
        "/api/v1/me/avatar", headers={**auth, "If-None-Match": served.headers["etag"]}
    )
    assert not_modified.status_code == 304
    assert (await api.get("/api/v1/me/avatar", params={"size": 100}, headers=auth)).status_code == 422


async def test_new_avatar_replaces_the_old_blobs(
    api: httpx.AsyncClient, container: Container, media: str
) -> None:
    email, _, auth = await sign_in(api)
    first = await api.post(
        "/api/v1/me/avatar", files={"file": ("a.png", image_bytes("PNG"), "image/png")}, headers=auth
    )
    assert first.status_code == 200, first.text
    row = await user_row(container, email)
    assert row is not None
    old_blob = row[1]
    old_small = old_blob.replace("-256.webp", "-64.webp")
    assert await container.blob.exists(media, old_small)

    gif = image_bytes("GIF", (64, 640))
    second = await api.post("/api/v1/me/avatar", files={"file": ("b.gif", gif, "image/gif")}, headers=auth)
    assert second.status_code == 200, second.text
    assert second.json()["avatar_url"] != first.json()["avatar_url"]
    row = await user_row(container, email)
    assert row is not None
    assert row[1] != old_blob
    assert await container.blob.exists(media, row[1])
    assert not await container.blob.exists(media, old_blob)
    assert not await container.blob.exists(media, old_small)

    assert (await api.delete("/api/v1/me/avatar", headers=auth)).status_code == 204
    assert not await container.blob.exists(media, row[1])
    assert (await api.get("/api/v1/me", headers=auth)).json()["avatar_url"] is None
    missing = await api.get("/api/v1/me/avatar", headers=auth)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "avatar_not_found"


async def test_avatar_sniffs_the_real_type(api: httpx.AsyncClient, media: str) -> None:
    _, _, auth = await sign_in(api)
    text = await api.post(
        "/api/v1/me/avatar",
        files={"file": ("photo.png", b"just some text, not a PNG", "image/png")},
        headers=auth,
    )
    assert text.status_code == 415
    assert text.json()["error"]["code"] == "unsupported_media_type"
    bmp = await api.post(
        "/api/v1/me/avatar", files={"file": ("x.png", image_bytes("BMP"), "image/png")}, headers=auth
    )
    assert bmp.status_code == 415
    # A real WebP declared as something else is accepted: the bytes decide.
    webp = await api.post(
        "/api/v1/me/avatar", files={"file": ("x.txt", image_bytes("WEBP"), "text/plain")}, headers=auth
    )
    assert webp.status_code == 200, webp.text
    truncated = await api.post(
        "/api/v1/me/avatar", files={"file": ("t.png", image_bytes("PNG")[:80], "image/png")}, headers=auth
    )
    assert truncated.status_code == 422
    assert truncated.json()["error"]["code"] == "invalid_image"


async def test_avatar_over_5_mib_is_refused(api: httpx.AsyncClient, media: str) -> None:
    _, _, auth = await sign_in(api)
    big = b"\0" * (MAX_AVATAR_BYTES + 1)
    response = await api.post(
        "/api/v1/me/avatar", files={"file": ("big.png", big, "image/png")}, headers=auth
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"

    async def chunked() -> AsyncIterator[bytes]:
        # No Content-Length: the limit is enforced while the body streams in.
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\n'
        yield b"Content-Type: image/png\r\n\r\n"
        for _ in range(6):
            yield b"\0" * (1024 * 1024)
        yield b"\r\n--b--\r\n"

    streamed = await api.post(
        "/api/v1/me/avatar",
        content=chunked(),
        headers={**auth, "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert "content-length" not in streamed.request.headers
    assert streamed.status_code == 413
    assert streamed.json()["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize("side", [60_000, 8_000])
async def test_decompression_bomb_is_refused(api: httpx.AsyncClient, media: str, side: int) -> None:
    _, _, auth = await sign_in(api)
    bomb = png_declaring(side, side)
    assert len(bomb) < 200
    response = await api.post(
        "/api/v1/me/avatar", files={"file": ("bomb.png", bomb, "image/png")}, headers=auth
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "image_dimensions_too_large"


async def test_change_password_keeps_this_device_and_ends_the_others(api: httpx.AsyncClient) -> None:
    email, other_device, _ = await sign_in(api)
    this_device = await login(api, email)
    api.cookies.clear()
    auth = {"Authorization": f"Bearer {this_device['access_token']}"}
    new_password = "harbor-violet-engine-31"
    wrong = await api.post(
        "/api/v1/me/password",
        json={"current_password": "nope-nope-nope", "new_password": new_password},
        headers=auth,
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "invalid_current_password"
    changed = await api.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": new_password}, headers=auth
    )
    assert changed.status_code == 200, changed.text
    assert any(c.startswith("ck_access=") for c in changed.headers.get_list("set-cookie"))
    api.cookies.clear()
    fresh = changed.json()
    assert (
        await api.get("/api/v1/me", headers={"Authorization": f"Bearer {fresh['access_token']}"})
    ).status_code == 200
    for ended in (other_device, this_device):
        old = await api.post("/api/v1/auth/refresh", json={"refresh_token": ended["refresh_token"]})
        assert old.status_code == 401
    assert (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": fresh["refresh_token"]})
    ).status_code == 200
    await login(api, email, new_password)


async def test_delete_account_erases_personal_data(
    api: httpx.AsyncClient, container: Container, media: str
) -> None:
    email, tokens, auth = await sign_in(api)
    # A failed sign-in records the address in the audit log; deletion must erase it.
    failed = await api.post("/api/v1/auth/login", json={"email": email, "password": "wrong-password-xx"})
    assert failed.status_code == 401
    upload = await api.post(
        "/api/v1/me/avatar", files={"file": ("a.png", image_bytes("PNG"), "image/png")}, headers=auth
    )
    assert upload.status_code == 200
    row = await user_row(container, email)
    assert row is not None
    user_id, blob_name = row
    pool = await container.db()
    async with pool.connection() as conn:
        solo = await conn.execute("INSERT INTO workspaces (name) VALUES ('Solo') RETURNING id")
        solo_row = await solo.fetchone()
        assert solo_row is not None
        await conn.execute(
            "INSERT INTO memberships (workspace_id, user_id, role) VALUES (%s, %s, 'owner')",
            (solo_row[0], user_id),
        )
        cursor = await conn.execute(
            "SELECT count(*) FROM audit_log WHERE details::text ILIKE %s", (f"%{email}%",)
        )
        assert (await cursor.fetchone()) == (1,)

    wrong = await api.request("DELETE", "/api/v1/me", json={"password": "not-my-password"}, headers=auth)
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "invalid_password"
    deleted = await api.request("DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=auth)
    assert deleted.status_code == 204, deleted.text
    assert any(
        c.startswith('ck_access=""') or "Max-Age=0" in c for c in deleted.headers.get_list("set-cookie")
    )

    async with pool.connection() as conn:
        for query, params in [
            ("SELECT count(*) FROM users WHERE id = %s OR email_normalized = %s", (user_id, email)),
            ("SELECT count(*) FROM refresh_tokens WHERE user_id = %s", (user_id,)),
            ("SELECT count(*) FROM email_tokens WHERE user_id = %s", (user_id,)),
            ("SELECT count(*) FROM workspaces WHERE id = %s", (solo_row[0],)),
            (
                "SELECT count(*) FROM audit_log WHERE details::text ILIKE %s OR target_id ILIKE %s",
                (f"%{email}%",) * 2,
            ),
        ]:
            cursor = await conn.execute(query, params)
            assert (await cursor.fetchone()) == (0,), query
        cursor = await conn.execute(
            "SELECT actor_user_id, details FROM audit_log WHERE event = 'user.deleted' AND target_id = %s",
            (str(user_id),),
        )
        event = await cursor.fetchone()
    assert event is not None
    assert event[0] == user_id
    assert event[1] == {"workspaces_deleted": [str(solo_row[0])]}
    assert not await container.blob.exists(media, blob_name)
    assert not await container.blob.exists(media, blob_name.replace("-256", "-64"))
    assert (await api.get("/api/v1/me", headers=auth)).status_code == 401
    refresh = await api.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refresh.status_code == 401


async def test_owner_of_a_shared_workspace_must_transfer_first(
    api: httpx.AsyncClient, container: Container
) -> None:
    email, _, auth = await sign_in(api)
    other = await register(api)
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """WITH w AS (INSERT INTO workspaces (name) VALUES ('Shared') RETURNING id)
               INSERT INTO memberships (workspace_id, user_id, role)
               SELECT w.id, u.id, CASE WHEN u.email_normalized = %s THEN 'owner' ELSE 'editor' END
               FROM w, users u WHERE u.email_normalized IN (%s, %s) RETURNING workspace_id""",
            (email, email, other),
        )
        workspace_id = (await cursor.fetchone() or [None])[0]
    response = await api.request("DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=auth)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "owner_must_transfer"
    assert response.json()["error"]["details"]["workspace_ids"] == [str(workspace_id)]
    assert (await api.get("/api/v1/me", headers=auth)).status_code == 200


async def test_account_without_password_confirms_deletion(
    api: httpx.AsyncClient, container: Container
) -> None:
    email = f"{unique('ms')}@example.com"
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            "INSERT INTO users (email, email_normalized, name) VALUES (%s, %s, 'Entra user') RETURNING id",
            (email, email),
        )
        row = await cursor.fetchone()
        assert row is not None
        user_id: UUID = row[0]
        pair = await start_session(conn, container, user_id, ClientInfo())
    auth = {"Authorization": f"Bearer {pair.access_token}"}
    assert (await api.get("/api/v1/me", headers=auth)).json()["has_password"] is False
    unconfirmed = await api.request("DELETE", "/api/v1/me", json={}, headers=auth)
    assert unconfirmed.status_code == 422
    assert unconfirmed.json()["error"]["code"] == "confirmation_required"
    confirmed = await api.request("DELETE", "/api/v1/me", json={"confirm": "DELETE"}, headers=auth)
    assert confirmed.status_code == 204
    assert await user_row(container, email) is None
