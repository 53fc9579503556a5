"""Media through the real app, PostgreSQL and Azurite: uploads PUT to Blob Storage like a browser
would, inspection, rejection, dedupe, the API-client multipart path, the library and deletion."""

import asyncio
import hashlib
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from PIL import Image

from shared.bootstrap import Container
from shared.config import Settings
from shared.domain.errors import NotFound
from shared.domain.permissions import Role
from shared.services.media import get_ready_media
from tests.conftest import Stack, stack_settings
from tests.integration.test_workspaces import Actor, error_code, new_user, new_workspace
from tests.unit.test_media_inspect import animated_gif, make_mp4
from tools.localstack import provision

V1 = "/api/v1"
MULTIPART_MAX = 200_000


@pytest.fixture
def settings(stack: Stack) -> Settings:
    """A small multipart cap, so the over-the-cap case costs little to send."""
    return stack_settings(stack, MEDIA_MULTIPART_MAX_BYTES=MULTIPART_MAX)


@dataclass(frozen=True)
class Env:
    api: httpx.AsyncClient
    container: Container
    owner: Actor
    ws: UUID
    storage: httpx.AsyncClient  # a plain HTTP client, as a browser talks to Blob Storage

    @property
    def bucket(self) -> str:
        return self.container.settings.media_container

    def path(self, suffix: str = "", ws: UUID | None = None) -> str:
        return f"{V1}/workspaces/{ws or self.ws}/media{suffix}"

    async def request_upload(
        self, data: bytes, content_type: str, *, size: int | None = None, filename: str = "file.bin"
    ) -> httpx.Response:
        return await self.api.post(
            self.path("/uploads"),
            headers=self.owner.headers,
            json={
                "filename": filename,
                "content_type": content_type,
                "size": len(data) if size is None else size,
            },
        )

    async def put(self, ticket: dict[str, Any], data: bytes) -> httpx.Response:
        return await self.storage.put(ticket["upload_url"], content=data, headers=ticket["headers"])

    async def complete(self, media_id: str) -> httpx.Response:
        return await self.api.post(self.path(f"/{media_id}/complete"), headers=self.owner.headers)

    async def upload(self, data: bytes, content_type: str, **kwargs: Any) -> httpx.Response:
        """The whole browser flow: ask, PUT, complete."""
        ticket = await self.request_upload(data, content_type, **kwargs)
        assert ticket.status_code == 201, ticket.text
        put = await self.put(ticket.json(), data)
        assert put.status_code == 201, put.text
        return await self.complete(ticket.json()["media_id"])

    async def multipart(self, data: bytes, content_type: str, filename: str = "f.png") -> httpx.Response:
        return await self.api.post(
            self.path(), headers=self.owner.headers, files={"file": (filename, data, content_type)}
        )

    async def row(self, media_id: str | UUID) -> dict[str, Any] | None:
        pool = await self.container.db()
        async with pool.connection() as conn:
            cursor = await conn.execute(
                "SELECT status, error_code, uploaded_by, blob_name FROM media WHERE id = %s", (media_id,)
            )
            row = await cursor.fetchone()
        return (
            None
            if row is None
            else dict(zip(("status", "error_code", "uploaded_by", "blob_name"), row, strict=True))
        )

    async def blob_exists(self, media_id: str | UUID, leaf: str) -> bool:
        return await self.container.blob.exists(self.bucket, f"{self.ws}/{media_id}/{leaf}")


@pytest.fixture
async def env(api: httpx.AsyncClient, container: Container) -> AsyncIterator[Env]:
    await container.blob.create_container(container.settings.media_container)
    owner = await new_user(container)
    ws = await new_workspace(container, {owner.id: Role.OWNER})
    async with httpx.AsyncClient(timeout=30) as storage:
        yield Env(api, container, owner, ws, storage)


def png(size: tuple[int, int] = (800, 600), color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def distinct_png(seed: int) -> bytes:
    return png((40 + seed % 50, 30 + seed // 50), (seed * 37 % 256, seed * 91 % 256, 77))


# --- the browser flow ----------------------------------------------------------------------------


async def test_browser_upload_goes_straight_to_blob_and_completes(env: Env) -> None:
    data = png((800, 600))
    ticket = await env.request_upload(data, "image/png", filename="C:\\photos\\launch.png")
    assert ticket.status_code == 201, ticket.text
    body = ticket.json()
    assert body["headers"] == {"x-ms-blob-type": "BlockBlob", "Content-Type": "image/png"}
    assert body["method"] == "PUT"
    media_id = body["media_id"]
    assert (await env.row(media_id)) == {
        "status": "pending",
        "error_code": None,
        "uploaded_by": env.owner.id,
        "blob_name": f"{env.ws}/{media_id}/original",
    }

    put = await env.put(body, data)
    assert put.status_code == 201, put.text
    done = await env.complete(media_id)
    assert done.status_code == 200, done.text
    item = done.json()
    assert item["id"] == media_id
    assert item["deduplicated"] is False
    assert (item["kind"], item["content_type"], item["width"], item["height"]) == (
        "image",
        "image/png",
        800,
        600,
    )
    assert item["size"] == len(data)
    assert item["sha256"] == hashlib.sha256(data).hexdigest()
    assert item["filename"] == "launch.png"
    assert item["duration_ms"] is None
    assert item["poster_url"] is None

    assert await env.blob_exists(media_id, "thumb.webp")
    thumb = await env.container.blob.download(env.bucket, f"{env.ws}/{media_id}/thumb.webp")
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.format == "WEBP"
        assert image.size == (480, 360)

    original = await env.storage.get(item["url"])
    assert original.status_code == 200
    assert original.content == data
    assert original.headers["content-type"] == "image/png"
    thumbnail = await env.storage.get(item["thumbnail_url"])
    assert thumbnail.content == thumb

    again = await env.complete(media_id)
    assert again.status_code == 200
    assert (again.json()["id"], again.json()["deduplicated"]) == (media_id, False)
    assert (await env.row(media_id) or {})["status"] == "ready"


async def test_a_browser_page_may_put_to_an_upload_url_once_storage_is_provisioned(env: Env) -> None:
    """The page's origin is not storage's: the browser asks first (a CORS preflight) and sends the
    PUT only when storage allows it. Provisioning the local stack allows it."""
    try:
        await provision(env.container.settings)
    finally:
        await env.container.cosmos.delete_database()
    data = png((64, 48))
    ticket = (await env.request_upload(data, "image/png")).json()
    origin = "http://127.0.0.1:5175"
    preflight = await env.storage.options(
        ticket["upload_url"],
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type,x-ms-blob-type",
        },
    )
    assert preflight.status_code == 200, preflight.text
    assert preflight.headers["access-control-allow-origin"] in ("*", origin)
    assert "PUT" in preflight.headers["access-control-allow-methods"]
    put = await env.storage.put(
        ticket["upload_url"], content=data, headers={**ticket["headers"], "Origin": origin}
    )
    assert put.status_code == 201, put.text
    assert put.headers["access-control-allow-origin"] in ("*", origin)
    assert (await env.complete(ticket["media_id"])).status_code == 200


async def test_upload_url_only_creates_that_one_blob_once(env: Env) -> None:
    data = distinct_png(1)
    ticket = (await env.request_upload(data, "image/png")).json()
    url: str = ticket["upload_url"]
    assert (await env.put(ticket, data)).status_code == 201

    assert (await env.storage.get(url)).status_code == 403  # cannot read
    assert (await env.put(ticket, png((10, 10)))).status_code == 403  # cannot replace what was inspected
    other = url.replace(f"/{ticket['media_id']}/original?", f"/{ticket['media_id']}/other?")
    assert other != url
    assert (await env.storage.put(other, content=b"x", headers=ticket["headers"])).status_code == 403
    assert not await env.blob_exists(ticket["media_id"], "other")

    done = (await env.complete(ticket["media_id"])).json()
    read_url: str = done["url"]
    assert (await env.storage.put(read_url, content=b"x", headers=ticket["headers"])).status_code == 403
    assert (await env.storage.delete(read_url)).status_code == 403


async def test_an_expired_upload_url_is_refused(env: Env) -> None:
    name = f"{env.ws}/{uuid4()}/original"
    url = await env.container.blob.upload_sas_url(env.bucket, name, expires_in=timedelta(seconds=1))
    await asyncio.sleep(2.2)
    response = await env.storage.put(url, content=b"late", headers={"x-ms-blob-type": "BlockBlob"})
    assert response.status_code == 403
    assert not await env.container.blob.exists(env.bucket, name)


async def test_uploads_that_cannot_succeed_are_refused_up_front(env: Env) -> None:
    cases = [
        ({"content_type": "image/svg+xml", "size": 10}, "unsupported_type"),
        ({"content_type": "application/pdf", "size": 10}, "unsupported_type"),
        ({"content_type": "image/png", "size": 20 * 1024 * 1024 + 1}, "file_too_large"),
        ({"content_type": "video/mp4", "size": 1024**3 + 1}, "file_too_large"),
        ({"content_type": "image/png", "size": 0}, "validation_failed"),
    ]
    for fields, code in cases:
        response = await env.api.post(
            env.path("/uploads"), headers=env.owner.headers, json={"filename": "x", **fields}
        )
        assert (response.status_code, error_code(response)) == (422, code), fields
    big_video = await env.api.post(
        env.path("/uploads"),
        headers=env.owner.headers,
        json={"filename": "x.mov", "content_type": "video/quicktime", "size": 900 * 1024 * 1024},
    )
    assert big_video.status_code == 201


async def test_completing_before_the_put_keeps_the_upload_open(env: Env) -> None:
    data = distinct_png(2)
    ticket = (await env.request_upload(data, "image/png")).json()
    early = await env.complete(ticket["media_id"])
    assert (early.status_code, error_code(early)) == (409, "upload_missing")
    assert (await env.row(ticket["media_id"]) or {})["status"] == "pending"
    assert (await env.put(ticket, data)).status_code == 201
    assert (await env.complete(ticket["media_id"])).status_code == 200


# --- rejections ----------------------------------------------------------------------------------


async def rejected(env: Env, data: bytes, content_type: str, code: str, **kwargs: Any) -> None:
    ticket = (await env.request_upload(data, content_type, **kwargs)).json()
    assert (await env.put(ticket, data)).status_code == 201
    response = await env.complete(ticket["media_id"])
    assert (response.status_code, error_code(response)) == (422, code), response.text
    row = await env.row(ticket["media_id"])
    assert row is not None
    assert (row["status"], row["error_code"]) == ("rejected", code)
    assert not await env.blob_exists(ticket["media_id"], "original")
    assert not await env.blob_exists(ticket["media_id"], "thumb.webp")
    again = await env.complete(ticket["media_id"])  # the refusal is stable
    assert (again.status_code, error_code(again)) == (422, code)


async def test_text_declared_as_png_is_rejected_and_removed(env: Env) -> None:
    await rejected(env, b"definitely not a picture\n" * 10, "image/png", "unrecognized_content")


async def test_a_size_lie_is_rejected(env: Env) -> None:
    data = distinct_png(3)
    await rejected(env, data, "image/png", "size_mismatch", size=len(data) + 10)


async def test_png_declared_as_jpeg_is_a_type_mismatch(env: Env) -> None:
    await rejected(env, distinct_png(4), "image/jpeg", "type_mismatch")


async def test_decompression_bomb_is_rejected(env: Env) -> None:
    out = io.BytesIO()
    Image.new("1", (8000, 8000), 0).save(out, "PNG")  # 64 megapixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    await rejected(env, out.getvalue(), "image/png", "image_dimensions_too_large")


async def test_a_video_that_is_no_video_is_rejected(env: Env) -> None:
    data = make_mp4(frames=5)
    await rejected(env, data[:300], "video/mp4", "invalid_video")


# --- videos and GIFs -----------------------------------------------------------------------------


async def test_mp4_upload_reports_duration_size_codec_and_poster(env: Env) -> None:
    data = make_mp4(frames=30, fps=10, size=(96, 64))
    response = await env.upload(data, "video/mp4", filename="clip.mp4")
    assert response.status_code == 200, response.text
    item = response.json()
    assert (item["kind"], item["content_type"], item["width"], item["height"]) == (
        "video",
        "video/mp4",
        96,
        64,
    )
    assert 2900 <= item["duration_ms"] <= 3100
    assert item["codec"] in {"h264", "mpeg4"}
    assert await env.blob_exists(item["id"], "poster.webp")
    poster = await env.storage.get(item["poster_url"])
    with Image.open(io.BytesIO(poster.content)) as image:
        assert image.format == "WEBP"
        assert image.size == (96, 64)
    assert item["thumbnail_url"] is not None


async def test_mp4_declared_as_quicktime_is_stored_as_what_it_is(env: Env) -> None:
    response = await env.upload(make_mp4(frames=4, size=(32, 32)), "video/quicktime")
    assert response.status_code == 200, response.text
    assert response.json()["content_type"] == "video/mp4"


async def test_animated_gif_is_its_own_kind(env: Env) -> None:
    response = await env.upload(animated_gif(), "image/gif")
    assert response.status_code == 200, response.text
    assert (response.json()["kind"], response.json()["animated"]) == ("gif", True)


# --- dedupe --------------------------------------------------------------------------------------


async def test_the_same_bytes_twice_complete_as_the_first_media(env: Env) -> None:
    data = distinct_png(5)
    first = (await env.upload(data, "image/png")).json()
    ticket = (await env.request_upload(data, "image/png", filename="again.png")).json()
    assert (await env.put(ticket, data)).status_code == 201
    second = await env.complete(ticket["media_id"])
    assert second.status_code == 200
    assert second.json()["deduplicated"] is True
    assert second.json()["id"] == first["id"]
    assert await env.row(ticket["media_id"]) is None
    assert not await env.blob_exists(ticket["media_id"], "original")
    assert await env.blob_exists(first["id"], "original")

    # Dedupe is per workspace: another workspace keeps its own copy.
    other_ws = await new_workspace(env.container, {env.owner.id: Role.OWNER})
    elsewhere = await env.api.post(
        env.path(ws=other_ws), headers=env.owner.headers, files={"file": ("a.png", data, "image/png")}
    )
    assert elsewhere.status_code == 201
    assert elsewhere.json()["id"] != first["id"]


# --- the API-client multipart path ---------------------------------------------------------------


async def test_multipart_upload_is_inspected_and_stored(env: Env) -> None:
    data = distinct_png(6)
    response = await env.multipart(data, "image/png", "direct.png")
    assert response.status_code == 201, response.text
    item = response.json()
    assert (item["kind"], item["filename"], item["deduplicated"]) == ("image", "direct.png", False)
    assert await env.blob_exists(item["id"], "original")
    assert await env.blob_exists(item["id"], "thumb.webp")
    assert (await env.row(item["id"]) or {})["uploaded_by"] == env.owner.id
    assert (await env.storage.get(item["url"])).content == data

    again = await env.multipart(data, "image/png", "copy.png")
    assert (again.status_code, again.json()["id"], again.json()["deduplicated"]) == (200, item["id"], True)

    untyped = await env.multipart(distinct_png(7), "application/octet-stream", "untyped")
    assert (untyped.status_code, untyped.json()["content_type"]) == (201, "image/png")


async def test_multipart_refusals_store_nothing(env: Env) -> None:
    text = await env.multipart(b"hello", "image/png", "fake.png")
    assert (text.status_code, error_code(text)) == (422, "unrecognized_content")
    mismatch = await env.multipart(distinct_png(8), "image/gif", "fake.gif")
    assert (mismatch.status_code, error_code(mismatch)) == (422, "type_mismatch")
    pool = await env.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT count(*) FROM media WHERE workspace_id = %s", (env.ws,))
        assert await cursor.fetchone() == (0,)

    not_multipart = await env.api.post(env.path(), headers=env.owner.headers, json={"file": "x"})
    assert (not_multipart.status_code, error_code(not_multipart)) == (415, "unsupported_media_type")
    no_file = await env.api.post(
        env.path(), headers=env.owner.headers, files={"other": ("a", b"x", "image/png")}
    )
    assert (no_file.status_code, error_code(no_file)) == (422, "file_missing")


async def test_multipart_over_the_cap_is_cut_off_while_streaming(env: Env) -> None:
    sent = 0
    chunk = b"\0" * 16_384

    async def endless_body() -> AsyncIterator[bytes]:
        nonlocal sent
        boundary_start = b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\n\r\n'
        yield boundary_start
        for _ in range(1000):  # 16 MB if anyone read it all
            sent += len(chunk)
            yield chunk

    headers = {**env.owner.headers, "Content-Type": "multipart/form-data; boundary=b"}
    response = await env.api.post(env.path(), headers=headers, content=endless_body())
    assert (response.status_code, error_code(response)) == (413, "payload_too_large")
    assert sent < MULTIPART_MAX * 2  # stopped soon after the cap, not at the end of the body

    declared = await env.api.post(
        env.path(), headers=env.owner.headers, files={"file": ("big.png", b"\0" * (MULTIPART_MAX + 70_000))}
    )
    assert (declared.status_code, error_code(declared)) == (413, "payload_too_large")


# --- the library ---------------------------------------------------------------------------------


async def test_library_pages_newest_first_and_filters_by_kind(env: Env) -> None:
    ids = []
    for seed in range(100, 106):
        response = await env.multipart(distinct_png(seed), "image/png")
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    video = (await env.upload(make_mp4(frames=3, size=(32, 32)), "video/mp4")).json()["id"]
    pending = (await env.request_upload(distinct_png(200), "image/png")).json()["media_id"]

    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        response = await env.api.get(env.path(), headers=env.owner.headers, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == [video, *reversed(ids)]
    assert pending not in seen

    item = (await env.api.get(env.path(), headers=env.owner.headers, params={"limit": 1})).json()["items"][0]
    assert set(item) >= {"id", "kind", "filename", "content_type", "size", "width", "height"}
    assert set(item) >= {"duration_ms", "sha256", "created_at", "url", "thumbnail_url"}
    assert (await env.storage.get(item["thumbnail_url"])).status_code == 200

    videos = (await env.api.get(env.path(), headers=env.owner.headers, params={"kind": "video"})).json()
    assert [i["id"] for i in videos["items"]] == [video]
    gifs = (await env.api.get(env.path(), headers=env.owner.headers, params={"kind": "gif"})).json()
    assert gifs["items"] == []

    one = await env.api.get(env.path(f"/{ids[0]}"), headers=env.owner.headers)
    assert (one.status_code, one.json()["id"]) == (200, ids[0])
    not_ready = await env.api.get(env.path(f"/{pending}"), headers=env.owner.headers)
    assert (not_ready.status_code, error_code(not_ready)) == (404, "media_not_found")

    bad_cursor = await env.api.get(env.path(), headers=env.owner.headers, params={"cursor": "nonsense"})
    assert (bad_cursor.status_code, error_code(bad_cursor)) == (422, "invalid_cursor")


async def test_media_of_another_workspace_is_not_found(env: Env) -> None:
    mine = (await env.multipart(distinct_png(9), "image/png")).json()["id"]
    intruder = await new_user(env.container)
    their_ws = await new_workspace(env.container, {intruder.id: Role.OWNER})
    for method, suffix in (("GET", ""), ("DELETE", ""), ("POST", "/complete")):
        response = await env.api.request(
            method, env.path(f"/{mine}{suffix}", ws=their_ws), headers=intruder.headers
        )
        assert (response.status_code, error_code(response)) == (404, "media_not_found"), method
    listing = await env.api.get(env.path(ws=their_ws), headers=intruder.headers)
    assert listing.json()["items"] == []
    assert await env.blob_exists(mine, "original")


# --- deletion and use by posts -------------------------------------------------------------------


async def post_using(
    env: Env, media_id: str, *, post_status: str, target_status: str, on_target: bool = False
) -> tuple[UUID, UUID]:
    """A post (and one target on a fresh social account) that uses the media, inserted directly."""
    pool = await env.container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """INSERT INTO social_accounts (workspace_id, platform, external_id, display_name)
               VALUES (%s, 'x', %s, 'Acme') RETURNING id""",
            (env.ws, str(uuid4())),
        )
        account = (await cursor.fetchone() or [None])[0]
        cursor = await conn.execute(
            """INSERT INTO posts (workspace_id, author_id, body, media_ids, status, scheduled_at)
               VALUES (%s, %s, 'hello', %s, %s, now() + interval '1 day') RETURNING id""",
            (env.ws, env.owner.id, [] if on_target else [UUID(media_id)], post_status),
        )
        post = (await cursor.fetchone() or [None])[0]
        cursor = await conn.execute(
            """INSERT INTO post_targets (post_id, workspace_id, social_account_id, status, scheduled_at,
                                         media_ids)
               VALUES (%s, %s, %s, %s, now() + interval '1 day', %s) RETURNING id""",
            (post, env.ws, account, target_status, [UUID(media_id)] if on_target else None),
        )
        target = (await cursor.fetchone() or [None])[0]
    assert post is not None
    assert target is not None
    return post, target


async def test_media_used_by_an_unfinished_post_cannot_be_deleted(env: Env) -> None:
    media_id = (await env.multipart(distinct_png(10), "image/png")).json()["id"]
    post, target = await post_using(env, media_id, post_status="scheduled", target_status="scheduled")
    refused = await env.api.delete(env.path(f"/{media_id}"), headers=env.owner.headers)
    assert (refused.status_code, error_code(refused)) == (409, "media_in_use")
    assert refused.json()["error"]["details"] == {"post_ids": [str(post)]}
    assert await env.blob_exists(media_id, "original")

    pool = await env.container.db()
    async with pool.connection() as conn:
        await conn.execute("UPDATE post_targets SET status = 'published' WHERE id = %s", (target,))
        await conn.execute("UPDATE posts SET status = 'published' WHERE id = %s", (post,))
    deleted = await env.api.delete(env.path(f"/{media_id}"), headers=env.owner.headers)
    assert deleted.status_code == 204
    assert await env.row(media_id) is None
    assert not await env.blob_exists(media_id, "original")
    assert not await env.blob_exists(media_id, "thumb.webp")
    gone = await env.api.get(env.path(f"/{media_id}"), headers=env.owner.headers)
    assert (gone.status_code, error_code(gone)) == (404, "media_not_found")


async def test_a_target_waiting_to_retry_with_its_own_media_keeps_it(env: Env) -> None:
    media_id = (await env.multipart(distinct_png(11), "image/png")).json()["id"]
    await post_using(env, media_id, post_status="failed", target_status="retry_wait", on_target=True)
    refused = await env.api.delete(env.path(f"/{media_id}"), headers=env.owner.headers)
    assert (refused.status_code, error_code(refused)) == (409, "media_in_use")


async def test_unused_and_unfinished_uploads_can_be_deleted(env: Env) -> None:
    pending = (await env.request_upload(distinct_png(12), "image/png")).json()["media_id"]
    assert (await env.api.delete(env.path(f"/{pending}"), headers=env.owner.headers)).status_code == 204
    assert await env.row(pending) is None
    missing = await env.api.delete(env.path(f"/{uuid4()}"), headers=env.owner.headers)
    assert (missing.status_code, error_code(missing)) == (404, "media_not_found")


async def test_get_ready_media_for_the_posts_service(env: Env) -> None:
    a = UUID((await env.multipart(distinct_png(13), "image/png")).json()["id"])
    b = UUID((await env.multipart(distinct_png(14), "image/png")).json()["id"])
    pending = UUID((await env.request_upload(distinct_png(15), "image/png")).json()["media_id"])
    unknown = uuid4()
    pool = await env.container.db()
    async with pool.connection() as conn:
        found = await get_ready_media(conn, env.ws, [b, a])
        assert [m.id for m in found] == [b, a]
        assert found[0].blob_name == f"{env.ws}/{b}/original"
        assert await get_ready_media(conn, env.ws, []) == []
        with pytest.raises(NotFound) as exc:
            await get_ready_media(conn, env.ws, [a, pending, unknown])
        assert exc.value.code == "media_not_found"
        assert exc.value.details == {"missing": [str(pending), str(unknown)]}
        other_ws = await new_workspace(env.container, {env.owner.id: Role.OWNER})
        with pytest.raises(NotFound):
            await get_ready_media(conn, other_ws, [a])


# --- concurrency ---------------------------------------------------------------------------------


async def test_the_same_bytes_completed_at_once_end_as_one_media(env: Env) -> None:
    data = distinct_png(16)
    tickets = [(await env.request_upload(data, "image/png")).json() for _ in range(2)]
    for ticket in tickets:
        assert (await env.put(ticket, data)).status_code == 201
    results = await asyncio.gather(*(env.complete(t["media_id"]) for t in tickets))
    assert [r.status_code for r in results] == [200, 200]
    assert results[0].json()["id"] == results[1].json()["id"]
    assert sorted(r.json()["deduplicated"] for r in results) == [False, True]
    pool = await env.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM media WHERE workspace_id = %s AND sha256 = %s",
            (env.ws, hashlib.sha256(data).hexdigest()),
        )
        assert await cursor.fetchone() == (1,)


async def test_a_running_completion_blocks_another_until_its_claim_goes_stale(env: Env) -> None:
    data = distinct_png(17)
    ticket = (await env.request_upload(data, "image/png")).json()
    assert (await env.put(ticket, data)).status_code == 201
    pool = await env.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE media SET status = 'processing', processing_started_at = now() WHERE id = %s",
            (ticket["media_id"],),
        )
    busy = await env.complete(ticket["media_id"])
    assert (busy.status_code, error_code(busy)) == (409, "media_processing")
    async with pool.connection() as conn:  # the worker that claimed it died an hour ago
        await conn.execute(
            "UPDATE media SET processing_started_at = now() - interval '1 hour' WHERE id = %s",
            (ticket["media_id"],),
        )
    taken_over = await env.complete(ticket["media_id"])
    assert (taken_over.status_code, taken_over.json()["id"]) == (200, ticket["media_id"])


async def test_a_worker_that_lost_its_claim_changes_nothing(env: Env) -> None:
    """A completion that stalled past STALE_CLAIM wakes up after another one finished the media:
    its writes are fenced off, and above all it deletes none of the now-ready media's blobs."""
    from shared.services import media as media_service

    data = distinct_png(18)
    ticket = (await env.request_upload(data, "image/png")).json()
    assert (await env.put(ticket, data)).status_code == 201
    pool = await env.container.db()
    async with pool.connection() as conn:
        stalled = await media_service._claim(conn, env.ws, UUID(ticket["media_id"]))
        assert stalled is not None
        await conn.execute(  # time passes: the claim is now stale
            "UPDATE media SET processing_started_at = now() - interval '1 hour' WHERE id = %s",
            (ticket["media_id"],),
        )
    finished = await env.complete(ticket["media_id"])
    assert finished.status_code == 200

    late = await media_service._complete_claimed(env.container, stalled)
    assert (late.item.media.id, late.deduplicated) == (UUID(ticket["media_id"]), False)
    assert (await env.row(ticket["media_id"]) or {})["status"] == "ready"
    assert await env.blob_exists(ticket["media_id"], "original")
    assert await env.blob_exists(ticket["media_id"], "thumb.webp")
