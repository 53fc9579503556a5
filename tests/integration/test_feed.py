"""The clickKloudy feed end to end: API → dispatcher → queue (Azurite) → worker → feed connector → the
public feed pages, plus the feed accounts every workspace gets (at creation and by the 0009 backfill).

The worker is called as the queue trigger would call it, with messages really received from the
queue (the pattern of test_publishing.py), so duplicate delivery is the real thing.
"""

import asyncio
import io
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import psycopg
import pytest
from PIL import Image

from shared.bootstrap import Container
from shared.db.migrate import MIGRATIONS_DIR, apply_migrations
from shared.domain.errors import NotFound
from shared.platforms.base import PublishRequest
from shared.platforms.feed import handle_base, handle_candidate
from shared.services import accounts, publishing, seed
from tests.conftest import Stack, stack_settings, unique
from tests.fakes.platforms.everywhere import upload
from tests.integration.harness import receive_publish_messages, signed_in_app
from tests.integration.platforms.conftest import jpeg, png
from tools.pg import create_database, drop_database

PUBLIC_BASE_URL = "https://app.clickkloudy.example"


@dataclass
class World:
    container: Container
    api: httpx.AsyncClient
    headers: dict[str, str]
    workspace: str
    name: str

    async def new_workspace(self, name: str | None = None) -> dict[str, Any]:
        response = await self.api.post(
            "/api/v1/workspaces",
            json={"name": name or unique("Feed "), "approval_required": False},
            headers=self.headers,
        )
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    async def accounts(self, workspace: str | None = None) -> list[dict[str, Any]]:
        response = await self.api.get(
            f"/api/v1/workspaces/{workspace or self.workspace}/accounts", headers=self.headers
        )
        assert response.status_code == 200, response.text
        return response.json()["items"]  # type: ignore[no-any-return]

    async def feed_account(self, workspace: str | None = None) -> dict[str, Any]:
        [account] = [a for a in await self.accounts(workspace) if a["platform"] == "feed"]
        return account

    async def post(self, account_id: str, text: str | None = None, **body: Any) -> dict[str, Any]:
        payload = {"text": text or f"hello feed {unique('t')}", "targets": [{"account_id": account_id}]}
        payload.update(body or {"publish_now": True})
        response = await self.api.post(
            f"/api/v1/workspaces/{self.workspace}/posts", json=payload, headers=self.headers
        )
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    async def get_post(self, post_id: str) -> dict[str, Any]:
        response = await self.api.get(
            f"/api/v1/workspaces/{self.workspace}/posts/{post_id}", headers=self.headers
        )
        return response.json()  # type: ignore[no-any-return]

    async def messages(self) -> list[UUID]:
        """Receive (and delete) every visible publish message: what the queue trigger would get."""
        return await receive_publish_messages(self.container)

    async def publish(self, account_id: str, text: str | None = None) -> dict[str, Any]:
        """Post now and run the worker on the message the dispatcher queued; the published target."""
        post = await self.post(account_id, text)
        [target_id] = await self.messages()
        assert await publishing.publish_target(self.container, target_id) == "published"
        target: dict[str, Any] = (await self.get_post(post["id"]))["targets"][0]
        return target

    async def get(self, path: str, **params: Any) -> httpx.Response:
        """A public page, asked for without any credential."""
        return await self.api.get(f"/api/v1{path}", params=params)


@pytest.fixture
async def world(stack: Stack) -> AsyncIterator[World]:
    settings = stack_settings(stack, PUBLIC_BASE_URL=PUBLIC_BASE_URL)
    container = Container(settings)
    await container.queue.create_queue(settings.publish_queue)
    name = unique("Feed World ")
    async with signed_in_app(container, workspace_name=name) as signed_in:
        yield World(container, signed_in.api, signed_in.headers, signed_in.workspace, name)
    await container.aclose()


def error_code(response: httpx.Response) -> str:
    return str(response.json()["error"]["code"])


async def feed_rows(container: Container, target_id: str) -> list[tuple[Any, ...]]:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT id, text FROM feed_posts WHERE target_id = %s", (target_id,))
        return await cursor.fetchall()


# --- feed accounts ---------------------------------------------------------------------------------


async def test_every_new_workspace_has_one_feed_account(world: World) -> None:
    account = await world.feed_account()
    assert account["handle"] == handle_base(world.name)
    assert account["display_name"] == world.name
    assert account["status"] == "active"
    assert account["token_expires_at"] is None
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT count(*), bool_and(token_ciphertext IS NULL) FROM social_accounts"
            " WHERE workspace_id = %s AND platform = 'feed'",
            (world.workspace,),
        )
        assert await cursor.fetchone() == (1, True)


async def test_a_workspaces_feed_account_cannot_be_removed(world: World) -> None:
    account = await world.feed_account()
    removed = await world.api.delete(
        f"/api/v1/workspaces/{world.workspace}/accounts/{account['id']}", headers=world.headers
    )
    assert (removed.status_code, removed.json()["error"]["code"]) == (409, "feed_account_required")
    assert (await world.feed_account())["id"] == account["id"]


async def test_workspaces_named_alike_get_distinct_handles(world: World) -> None:
    name = unique("Same Name ")
    created = await asyncio.gather(*(world.new_workspace(name) for _ in range(3)))
    handles = [(await world.feed_account(ws["id"]))["handle"] for ws in created]
    base = handle_base(name)
    assert sorted(handles) == sorted([base, f"{base}_2", f"{base}_3"])


def test_handles_are_short_lowercase_and_readable() -> None:
    assert handle_base("Café Zürich — Team #1") == "cafe_zurich_team_1"
    assert handle_base("  ACME  ") == "acme"
    assert handle_base("X") == "x_workspace"
    assert handle_base("東京") == "workspace"
    long = handle_base("A very long workspace name that goes on and on")
    assert long == "a_very_long_workspace_name_tha"
    assert handle_candidate(long, 9) == "a_very_long_workspace_name_t_9"
    assert handle_candidate(long, 12) == "a_very_long_workspace_name_12"  # no "__" where it was cut
    assert handle_candidate("a_b", 2) == "a_b_2"


async def test_renaming_a_workspace_keeps_its_handle(world: World) -> None:
    before = await world.feed_account()
    new_name = unique("Renamed ")
    response = await world.api.patch(
        f"/api/v1/workspaces/{world.workspace}", json={"name": new_name}, headers=world.headers
    )
    assert response.status_code == 200, response.text
    after = await world.feed_account()
    assert (after["handle"], after["display_name"]) == (before["handle"], new_name)
    profile = await world.get(f"/profiles/{before['handle']}")
    assert profile.json()["name"] == new_name


async def test_seeded_demo_workspace_has_its_feed_account(world: World) -> None:
    result = await seed.seed_demo(world.container)
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM social_accounts WHERE workspace_id = %s AND platform = 'feed'",
            (result.workspace_id,),
        )
        assert await cursor.fetchone() == (1,)


async def test_only_tokenless_platforms_publish_without_credentials(world: World) -> None:
    feed_account = await world.feed_account()
    credentials = await accounts.fresh_credentials(world.container, UUID(feed_account["id"]))
    assert credentials.access_token == ""
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """INSERT INTO social_accounts (workspace_id, platform, external_id, handle)
               VALUES (%s, 'sandbox', %s, 'no_token') RETURNING id""",
            (world.workspace, unique("ext")),
        )
        row = await cursor.fetchone()
    assert row is not None
    with pytest.raises(NotFound):
        await accounts.fresh_credentials(world.container, row[0])


def test_backfill_gives_existing_workspaces_the_same_handles_as_the_app(stack: Stack, tmp_path: Path) -> None:
    """0009 on a database with workspaces: one feed account each, with the handles Python derives."""
    before_feed = tmp_path / "migrations"
    before_feed.mkdir()
    for path in MIGRATIONS_DIR.glob("*.sql"):
        if path.name < "0009":
            shutil.copy(path, before_feed / path.name)
    database = unique("ck_feed_")
    url = create_database(stack.server_url, database)
    names = ["Acme", "Acme", "acme 2", "Café Zürich", "X", "東京", "東京", "A" * 40, "A" * 40, "Solo"]
    try:
        apply_migrations(url, before_feed)
        start = datetime(2024, 1, 1, tzinfo=UTC)
        with psycopg.connect(url, autocommit=True) as conn:
            ids = [
                conn.execute(
                    "INSERT INTO workspaces (name, created_at) VALUES (%s, %s) RETURNING id",
                    (name, start + timedelta(minutes=i)),
                ).fetchone()[0]  # type: ignore[index]
                for i, name in enumerate(names)
            ]
        assert "0009" in apply_migrations(url)
        with psycopg.connect(url) as conn:
            rows: dict[UUID, str] = dict(
                conn.execute(
                    "SELECT workspace_id, handle FROM social_accounts WHERE platform = 'feed'"
                    " AND external_id = workspace_id::text AND token_ciphertext IS NULL"
                ).fetchall()
            )
    finally:
        drop_database(stack.server_url, database)
    expected: list[str] = []
    for name in names:
        base = handle_base(name)
        n = 1
        while handle_candidate(base, n) in expected:
            n += 1
        expected.append(handle_candidate(base, n))
    assert [rows[i] for i in ids] == expected
    assert expected[:4] == ["acme", "acme_2", "acme_2_2", "cafe_zurich"]


# --- publishing through the pipeline ---------------------------------------------------------------


async def test_a_post_to_the_feed_account_is_published_once(world: World) -> None:
    account = await world.feed_account()
    text = f"Hello, feed {unique('x')}"
    post = await world.post(account["id"], text)
    [target_id] = await world.messages()
    assert str(target_id) == post["targets"][0]["id"]
    # The same message delivered five times at once: one worker publishes, the others drop it.
    outcomes = await asyncio.gather(
        *(publishing.publish_target(world.container, target_id) for _ in range(5))
    )
    assert sorted(map(str, outcomes)) == ["None"] * 4 + ["published"]
    assert await publishing.publish_target(world.container, target_id) is None

    target = (await world.get_post(post["id"]))["targets"][0]
    assert (target["status"], target["attempts"]) == ("published", 1)
    rows = await feed_rows(world.container, target["id"])
    assert rows == [(UUID(target["external_id"]), text)]
    assert target["external_url"] == f"{PUBLIC_BASE_URL}/@{account['handle']}/posts/{target['external_id']}"


async def test_the_connector_returns_the_same_feed_post_for_a_repeated_target(world: World) -> None:
    """A worker that dies after the insert, or an ambiguous outcome, repeats or reconciles safely."""
    account = await world.feed_account()
    target = await world.publish(account["id"])
    connector = world.container.connector("feed")
    request = PublishRequest(text="again", client_reference=target["id"])
    credentials = await accounts.fresh_credentials(world.container, UUID(account["id"]))
    repeated = await connector.publish(credentials, request)
    assert (repeated.external_id, repeated.url) == (target["external_id"], target["external_url"])
    found = await connector.find_published(credentials, request, datetime.now(UTC))
    assert found == repeated
    assert len(await feed_rows(world.container, target["id"])) == 1
    assert (
        await connector.find_published(
            credentials, PublishRequest(text="x", client_reference=str(uuid4())), datetime.now(UTC)
        )
        is None
    )
    assert await connector.refresh(credentials) is credentials


# --- the public pages ------------------------------------------------------------------------------


async def test_published_post_appears_in_the_feed_and_on_the_profile(world: World) -> None:
    account = await world.feed_account()
    text = f"Public hello {unique('x')}"
    target = await world.publish(account["id"], text)
    expected = {
        "id": target["external_id"],
        "text": text,
        "media": [],
        "author": {"name": "Ada", "avatar_url": None},
        "workspace": {"handle": account["handle"], "name": world.name},
        "url": target["external_url"],
    }

    feed = await world.get("/feed", limit=50)
    assert feed.status_code == 200, feed.text
    [item] = [i for i in feed.json()["items"] if i["id"] == target["external_id"]]
    assert {k: v for k, v in item.items() if k != "created_at"} == expected

    profile = await world.get(f"/profiles/{account['handle']}")
    assert profile.status_code == 200, profile.text
    body = profile.json()
    assert (body["handle"], body["name"], body["next_cursor"]) == (account["handle"], world.name, None)
    assert [i["id"] for i in body["items"]] == [target["external_id"]]
    # People type handles with an @ and in any case.
    assert (await world.get(f"/profiles/@{account['handle'].upper()}")).json()["items"] == body["items"]

    single = await world.get(f"/profiles/{account['handle']}/posts/{target['external_id']}")
    assert single.status_code == 200, single.text
    assert single.json() == item


async def test_a_post_with_images_shows_them_in_the_feed_and_keeps_them(world: World) -> None:
    """Everything accepted for the feed is published: the images are on the post, served by the feed
    from its own copies (real Blob Storage), in order, even after the library lets them go."""
    await world.container.blob.create_container(world.container.settings.media_container)
    files = [("first.jpg", jpeg((400, 300)), "image/jpeg"), ("second.png", png((200, 200)), "image/png")]
    media_ids = [await upload(world.api, world.workspace, file, world.headers) for file in files]
    account = await world.feed_account()
    post = await world.post(
        account["id"], f"Two pictures {unique('m')}", media_ids=media_ids, publish_now=True
    )
    [target_id] = await world.messages()
    assert await publishing.publish_target(world.container, target_id) == "published"
    target = (await world.get_post(post["id"]))["targets"][0]

    feed = (await world.get("/feed", limit=50)).json()
    [item] = [i for i in feed["items"] if i["id"] == target["external_id"]]
    assert [(m["kind"], m["content_type"], m["width"], m["height"]) for m in item["media"]] == [
        ("image", "image/jpeg", 400, 300),
        ("image", "image/png", 200, 200),
    ]
    base = f"/api/v1/feed/posts/{target['external_id']}/media"
    assert [m["url"] for m in item["media"]] == [f"{base}/0", f"{base}/1"]
    profile = (await world.get(f"/profiles/{account['handle']}")).json()
    assert profile["items"][0]["media"] == item["media"]

    async def fetch(path: str) -> httpx.Response:
        redirect = await world.api.get(path)
        assert redirect.status_code == 302, redirect.text
        assert "max-age" in redirect.headers["cache-control"]
        async with httpx.AsyncClient() as browser:  # the blob itself, from storage
            return await browser.get(redirect.headers["location"])

    for (_, data, content_type), shown in zip(files, item["media"], strict=True):
        served = await fetch(shown["url"])
        assert (served.status_code, served.content) == (200, data)
        assert served.headers["content-type"] == content_type
        thumbnail = await fetch(shown["thumbnail_url"])
        assert Image.open(io.BytesIO(thumbnail.content)).format == "WEBP"

    # The library may drop the files now the post is out; the feed keeps its own copies.
    for media_id in media_ids:
        deleted = await world.api.delete(
            f"/api/v1/workspaces/{world.workspace}/media/{media_id}", headers=world.headers
        )
        assert deleted.status_code == 204, deleted.text
    assert (await fetch(item["media"][0]["url"])).content == files[0][1]

    missing = await world.api.get(f"{base}/2")
    assert (missing.status_code, error_code(missing)) == (404, "feed_media_not_found")
    wrong = await world.api.get(f"{base}/0", params={"variant": "raw"})
    assert (wrong.status_code, error_code(wrong)) == (422, "invalid_variant")
    taken_down = await world.api.delete(
        f"/api/v1/workspaces/{world.workspace}/feed/posts/{target['external_id']}", headers=world.headers
    )
    assert taken_down.status_code == 204
    gone = await world.api.get(f"{base}/0")
    assert (gone.status_code, error_code(gone)) == (404, "feed_media_not_found")


async def test_unknown_profiles_and_posts_are_not_found(world: World) -> None:
    for handle in ("no_such_handle_" + uuid4().hex[:8], "no", "bad-handle!", "@"):
        response = await world.get(f"/profiles/{handle}")
        assert (response.status_code, error_code(response)) == (404, "profile_not_found"), handle
    account = await world.feed_account()
    other = await world.feed_account((await world.new_workspace())["id"])
    target = await world.publish(account["id"])
    # A post is found only under its own workspace's handle.
    wrong = await world.get(f"/profiles/{other['handle']}/posts/{target['external_id']}")
    assert (wrong.status_code, error_code(wrong)) == (404, "feed_post_not_found")
    missing = await world.get(f"/profiles/{account['handle']}/posts/{uuid4()}")
    assert (missing.status_code, error_code(missing)) == (404, "feed_post_not_found")


async def test_keyset_paging_over_three_pages(world: World) -> None:
    account = await world.feed_account()
    published = [(await world.publish(account["id"], f"post {i}"))["external_id"] for i in range(7)]
    newest_first = list(reversed(published))

    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await world.get(f"/profiles/{account['handle']}", **params)).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == newest_first

    # The whole feed pages the same way; other tests' posts may sit between, never out of order.
    first = (await world.get("/feed", limit=3)).json()
    second = (await world.get("/feed", limit=3, cursor=first["next_cursor"])).json()
    third = (await world.get("/feed", limit=3, cursor=second["next_cursor"])).json()
    items = first["items"] + second["items"] + third["items"]
    keys = [(datetime.fromisoformat(i["created_at"]), UUID(i["id"])) for i in items]
    assert keys == sorted(keys, reverse=True)
    assert len(set(keys)) == 9
    assert [i["id"] for i in items[:7]] == newest_first


async def test_paging_rejects_bad_limits_and_cursors(world: World) -> None:
    for params in ({"limit": 51}, {"limit": 0}):
        response = await world.get("/feed", **params)
        assert (response.status_code, error_code(response)) == (422, "validation_failed")
    response = await world.get("/feed", cursor="not-a-cursor")
    assert (response.status_code, error_code(response)) == (422, "invalid_cursor")


async def test_deleted_feed_posts_are_hidden(world: World) -> None:
    account = await world.feed_account()
    kept = await world.publish(account["id"])
    gone = await world.publish(account["id"])
    path = f"/api/v1/workspaces/{world.workspace}/feed/posts/{gone['external_id']}"

    assert (await world.api.delete(path)).status_code == 401
    assert (await world.api.delete(path, headers=world.headers)).status_code == 204
    assert (await world.api.delete(path, headers=world.headers)).status_code == 204  # already down

    profile = (await world.get(f"/profiles/{account['handle']}")).json()
    assert [i["id"] for i in profile["items"]] == [kept["external_id"]]
    feed_ids = [i["id"] for i in (await world.get("/feed", limit=50)).json()["items"]]
    assert kept["external_id"] in feed_ids
    assert gone["external_id"] not in feed_ids
    single = await world.get(f"/profiles/{account['handle']}/posts/{gone['external_id']}")
    assert (single.status_code, error_code(single)) == (404, "feed_post_not_found")

    # Another workspace's feed post is not ours to take down, and is not revealed to exist.
    other = await world.new_workspace()
    foreign = await world.api.delete(
        f"/api/v1/workspaces/{other['id']}/feed/posts/{kept['external_id']}", headers=world.headers
    )
    assert (foreign.status_code, error_code(foreign)) == (404, "feed_post_not_found")
    audit = await world.api.get(f"/api/v1/workspaces/{world.workspace}/audit", headers=world.headers)
    events = [e for e in audit.json()["items"] if e["event"] == "feed_post.deleted"]
    assert [e["target_id"] for e in events] == [gone["external_id"]]


async def test_author_avatar_is_served_through_the_post(world: World) -> None:
    await world.container.blob.create_container(world.container.settings.media_container)
    image = io.BytesIO()
    Image.new("RGB", (120, 120), (20, 120, 200)).save(image, format="PNG")
    uploaded = await world.api.post(
        "/api/v1/me/avatar", files={"file": ("me.png", image.getvalue(), "image/png")}, headers=world.headers
    )
    assert uploaded.status_code == 200, uploaded.text
    account = await world.feed_account()
    target = await world.publish(account["id"])
    item = (await world.get(f"/profiles/{account['handle']}")).json()["items"][0]
    avatar_url = item["author"]["avatar_url"]
    assert avatar_url.startswith(f"/api/v1/feed/posts/{target['external_id']}/author/avatar?v=")
    served = await world.api.get(avatar_url)
    assert (served.status_code, served.headers["content-type"]) == (200, "image/webp")
    assert Image.open(io.BytesIO(served.content)).size == (64, 64)
    again = await world.api.get(avatar_url, headers={"If-None-Match": served.headers["etag"]})
    assert again.status_code == 304
    missing = await world.api.get(f"/api/v1/feed/posts/{uuid4()}/author/avatar")
    assert (missing.status_code, error_code(missing)) == (404, "avatar_not_found")
