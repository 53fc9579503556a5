"""Post life cycle around the pipeline: approvals, edits racing publishing, retries, deletion,
the calendar, missed posts after an outage, and media going out with a post."""

import io
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from PIL import Image

from shared.services import publishing
from tests.integration.test_auth_flow import login, register_verified
from tests.integration.test_publishing import World, world  # noqa: F401 - the fixture

ws_path = "/api/v1/workspaces/{}/posts"


async def add_member(world: World, role: str) -> dict[str, str]:
    """A second user holding `role` in the world's workspace; returns their auth headers."""
    email = await register_verified(world.api, world.container)
    tokens = await login(world.api, email)
    world.api.cookies.clear()
    pool = await world.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            """INSERT INTO memberships (workspace_id, user_id, role)
               SELECT %s, id, %s FROM users WHERE email_normalized = %s""",
            (world.workspace, role, email),
        )
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def set_approval(world: World, required: bool) -> None:
    response = await world.api.patch(
        f"/api/v1/workspaces/{world.workspace}", json={"approval_required": required}, headers=world.headers
    )
    assert response.status_code == 200, response.text


async def test_contributor_post_waits_for_approval_then_publishes(world: World) -> None:
    await set_approval(world, True)
    account = await world.connect()
    contributor = await add_member(world, "contributor")
    created = await world.api.post(
        ws_path.format(world.workspace),
        headers=contributor,
        json={"text": "Needs a look", "targets": [{"account_id": account["id"]}], "publish_now": True},
    )
    assert created.status_code == 201, created.text
    post = created.json()
    assert post["status"] == "pending_approval"
    assert await world.messages() == []
    denied = await world.api.post(
        f"{ws_path.format(world.workspace)}/{post['id']}/approve", headers=contributor
    )
    assert denied.status_code == 403
    approved = await world.api.post(
        f"{ws_path.format(world.workspace)}/{post['id']}/approve",
        headers=world.headers,
        json={"comment": "Ship it"},
    )
    assert approved.status_code == 200, approved.text
    [target_id] = await world.messages()
    assert await publishing.publish_target(world.container, target_id) == "published"
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT subject, text_body FROM dev_outbox WHERE template = 'post_reviewed' "
            "ORDER BY id DESC LIMIT 1"
        )
        subject, body = await cursor.fetchone() or ("", "")
    assert "approved your post" in subject
    assert "Ship it" in body


async def test_rejected_post_goes_back_to_draft_with_the_comment(world: World) -> None:
    await set_approval(world, True)
    account = await world.connect()
    contributor = await add_member(world, "contributor")
    post = (
        await world.api.post(
            ws_path.format(world.workspace),
            headers=contributor,
            json={"text": "Draft me", "targets": [{"account_id": account["id"]}], "publish_now": True},
        )
    ).json()
    rejected = await world.api.post(
        f"{ws_path.format(world.workspace)}/{post['id']}/reject",
        headers=world.headers,
        json={"comment": "Wrong date"},
    )
    assert rejected.json()["status"] == "draft"
    again = await world.api.post(
        f"{ws_path.format(world.workspace)}/{post['id']}/reject", headers=world.headers, json={"comment": "x"}
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "not_pending_approval"


async def test_editing_a_queued_post_pulls_it_back_and_publishes_the_new_text(world: World) -> None:
    account = await world.connect()
    post = await world.post([account["id"]], text="Old text")
    [stale] = await world.messages()
    edited = await world.api.patch(
        f"{ws_path.format(world.workspace)}/{post['id']}", headers=world.headers, json={"text": "New text"}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["text"] == "New text"
    # The old message finds the target re-queued by the edit, so whichever message comes first publishes
    # the new text, once.
    fresh = await world.messages()
    outcomes = [await publishing.publish_target(world.container, t) for t in [stale, *fresh]]
    assert sorted(map(str, outcomes)) == ["None", "published"]
    assert [p["text"] for p in (await world.received())["posts"]] == ["New text"]


async def test_a_published_post_cannot_be_edited_or_deleted(world: World) -> None:
    account = await world.connect()
    post = await world.post([account["id"]])
    [target_id] = await world.messages()
    await publishing.publish_target(world.container, target_id)
    path = f"{ws_path.format(world.workspace)}/{post['id']}"
    edit = await world.api.patch(path, headers=world.headers, json={"text": "changed"})
    assert edit.status_code == 409
    assert edit.json()["error"]["code"] == "post_locked"
    assert (await world.api.delete(path, headers=world.headers)).status_code == 409


async def test_draft_can_be_deleted(world: World) -> None:
    account = await world.connect()
    post = await world.post([account["id"]], draft=True)
    assert post["status"] == "draft"
    path = f"{ws_path.format(world.workspace)}/{post['id']}"
    assert (await world.api.delete(path, headers=world.headers)).status_code == 204
    assert (await world.api.get(path, headers=world.headers)).status_code == 404


async def test_retry_sends_a_failed_target_again(world: World) -> None:
    account = await world.connect()
    await world.fault(account["handle"], "bad_request", count=1)
    post = await world.post([account["id"]])
    [target_id] = await world.messages()
    assert await publishing.publish_target(world.container, target_id) == "failed"
    retried = await world.api.post(
        f"{ws_path.format(world.workspace)}/{post['id']}/retry", headers=world.headers
    )
    assert retried.status_code == 200, retried.text
    [again] = await world.messages()
    assert await publishing.publish_target(world.container, again) == "published"
    nothing = await world.api.post(
        f"{ws_path.format(world.workspace)}/{post['id']}/retry", headers=world.headers
    )
    assert nothing.status_code == 409


@pytest.mark.parametrize(
    ("policy", "late", "expected"),
    [
        ("fail", timedelta(minutes=5), "failed"),
        ("publish_late", timedelta(minutes=5), "queued"),
        ("publish_late", timedelta(hours=3), "failed"),
    ],
)
async def test_missed_posts_follow_the_workspace_policy(
    world: World, policy: str, late: timedelta, expected: str
) -> None:
    response = await world.api.patch(
        f"/api/v1/workspaces/{world.workspace}",
        headers=world.headers,
        json={"missed_post_policy": policy, "missed_post_grace_seconds": 3600},
    )
    assert response.status_code == 200, response.text
    account = await world.connect()
    post = await world.post(
        [account["id"]], scheduled_at=(datetime.now(UTC) + timedelta(hours=5)).isoformat()
    )
    pool = await world.container.db()
    async with pool.connection() as conn:  # an outage: the time passed while nothing ran
        await conn.execute(
            "UPDATE post_targets SET scheduled_at = now() - %s WHERE post_id = %s", (late, post["id"])
        )
    await publishing.dispatch_due(world.container)
    target = (await world.get_post(post["id"]))["targets"][0]
    assert target["status"] == expected
    if expected == "failed":
        assert target["error"]["code"] == "missed"


async def test_calendar_groups_by_local_day_across_dst(world: World) -> None:
    account = await world.connect()
    # Europe/Paris leaves summer time on 2027-10-31 at 03:00 local (01:00 UTC).
    for instant in ("2027-10-30T22:30:00+00:00", "2027-10-31T00:30:00+00:00", "2027-10-31T23:30:00+00:00"):
        await world.post([account["id"]], scheduled_at=instant, text=f"at {instant}")
    response = await world.api.get(
        f"/api/v1/workspaces/{world.workspace}/calendar",
        params={
            "from": "2027-10-30T00:00:00+00:00",
            "to": "2027-11-02T00:00:00+00:00",
            "timezone": "Europe/Paris",
        },
        headers=world.headers,
    )
    assert response.status_code == 200, response.text
    days = {d["date"]: [p["text"] for p in d["posts"]] for d in response.json()["days"]}
    # 22:30 UTC on the 30th is 00:30 CEST on the 31st; 23:30 UTC on the 31st is 00:30 CET on 1 Nov.
    assert days == {
        "2027-10-31": ["at 2027-10-30T22:30:00+00:00", "at 2027-10-31T00:30:00+00:00"],
        "2027-11-01": ["at 2027-10-31T23:30:00+00:00"],
    }


async def test_local_time_in_the_spring_gap_is_refused(world: World) -> None:
    account = await world.connect()
    response = await world.api.post(
        ws_path.format(world.workspace),
        headers=world.headers,
        json={
            "text": "gap",
            "targets": [{"account_id": account["id"]}],
            "scheduled_at": "2027-03-28T02:30:00",
            "timezone": "Europe/Paris",
        },
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "nonexistent_local_time"
    ok = await world.api.post(
        ws_path.format(world.workspace),
        headers=world.headers,
        json={
            "text": "after",
            "targets": [{"account_id": account["id"]}],
            "scheduled_at": "2027-03-28T03:30:00",
            "timezone": "Europe/Paris",
        },
    )
    assert ok.json()["scheduled_at"].startswith("2027-03-28T01:30:00")


async def test_media_goes_out_with_the_post(world: World) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (200, 30, 90)).save(buffer, format="PNG")
    uploaded = await world.api.post(
        f"/api/v1/workspaces/{world.workspace}/media",
        headers=world.headers,
        files={"file": ("pic.png", buffer.getvalue(), "image/png")},
    )
    assert uploaded.status_code in (200, 201), uploaded.text
    media_id = uploaded.json()["id"]
    account = await world.connect()
    post = await world.post([account["id"]], media_ids=[media_id], publish_now=True)
    assert post["media"] == [media_id]
    [target_id] = await world.messages()
    assert await publishing.publish_target(world.container, target_id) == "published"
    [sent] = (await world.received())["posts"]
    assert len(sent["media_ids"]) == 1
    in_use = await world.api.delete(
        f"/api/v1/workspaces/{world.workspace}/media/{media_id}", headers=world.headers
    )
    assert in_use.status_code == 204  # published: nothing still needs it


async def test_unknown_media_is_listed_as_a_problem(world: World) -> None:
    account = await world.connect()
    response = await world.api.post(
        ws_path.format(world.workspace),
        headers=world.headers,
        json={
            "text": "x",
            "media_ids": [str(UUID(int=7))],
            "targets": [{"account_id": account["id"]}],
            "publish_now": True,
        },
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "media_not_found"


async def _materialized(world: World, series_id: str, now: datetime) -> int:
    """How many occurrences of this series one run of the timer creates (other tests' series run too)."""
    from shared.services import recurrence

    count = "SELECT count(*) FROM posts WHERE series_id = %s"
    pool = await world.container.db()
    async with pool.connection() as conn:
        before = (await (await conn.execute(count, (series_id,))).fetchone() or (0,))[0]
    await recurrence.materialize(world.container, now=now)
    async with pool.connection() as conn:
        after = (await (await conn.execute(count, (series_id,))).fetchone() or (0,))[0]
    return int(after - before)


async def test_recurring_post_keeps_local_time_across_dst_and_can_be_stopped(world: World) -> None:
    account = await world.connect()
    # Daily at 09:00 Paris time from 2027-03-26; clocks go forward on the 28th.
    created = await world.api.post(
        ws_path.format(world.workspace),
        headers=world.headers,
        json={
            "text": "Good morning",
            "targets": [{"account_id": account["id"]}],
            "scheduled_at": "2027-03-26T09:00:00",
            "timezone": "Europe/Paris",
            "recurrence": "FREQ=DAILY;COUNT=5",
        },
    )
    assert created.status_code == 201, created.text
    first = created.json()

    # Pretend it is the first morning: occurrences are created a horizon ahead, only from now on.
    now = datetime(2027, 3, 26, 8, 30, tzinfo=UTC)
    assert await _materialized(world, first["series_id"], now) == 4
    assert await _materialized(world, first["series_id"], now) == 0  # idempotent
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT scheduled_at FROM posts WHERE series_id = %s ORDER BY scheduled_at",
            (first["series_id"],),
        )
        times = [row[0].astimezone(UTC).strftime("%m-%d %H:%M") for row in await cursor.fetchall()]
    assert times == ["03-26 08:00", "03-27 08:00", "03-28 07:00", "03-29 07:00", "03-30 07:00"]
    stopped = await world.api.post(
        f"{ws_path.format(world.workspace)}/{first['id']}/cancel",
        params={"scope": "all"},
        headers=world.headers,
    )
    assert stopped.status_code == 200
    assert stopped.json()["status"] == "cancelled"  # the first occurrence too
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM posts WHERE series_id = %s AND status = 'cancelled'", (first["series_id"],)
        )
        assert await cursor.fetchone() == (5,)
    assert await _materialized(world, first["series_id"], now + timedelta(days=10)) == 0


async def test_recurrence_after_an_outage_never_bursts(world: World) -> None:
    account = await world.connect()
    start = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)
    created = await world.api.post(
        ws_path.format(world.workspace),
        headers=world.headers,
        json={
            "text": "Hourly",
            "targets": [{"account_id": account["id"]}],
            "scheduled_at": start.isoformat(),
            "recurrence": "FREQ=HOURLY",
        },
    )
    assert created.status_code == 201, created.text

    # As if the timer had been down since the series began: none of its occurrences exist yet.
    pool = await world.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "DELETE FROM posts WHERE series_id = %s AND id <> %s",
            (created.json()["series_id"], created.json()["id"]),
        )
    # Three days later it runs again: only occurrences from "now" on are created, none of the missed ones.
    later = start + timedelta(days=3)
    made = await _materialized(world, created.json()["series_id"], later)
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT min(scheduled_at) FROM posts WHERE series_id = %s AND scheduled_at > %s",
            (created.json()["series_id"], start + timedelta(days=1)),
        )
        earliest_late = (await cursor.fetchone() or (None,))[0]
    assert earliest_late is not None
    assert earliest_late > later
    assert made == 14 * 24  # hourly, one horizon's worth
    # End the series so its hourly occurrences do not linger for other tests' dispatchers.
    ended = await world.api.post(
        f"{ws_path.format(world.workspace)}/{created.json()['id']}/cancel",
        params={"scope": "all"},
        headers=world.headers,
    )
    assert ended.status_code == 200


async def test_invalid_recurrence_is_refused(world: World) -> None:
    account = await world.connect()
    for rule in ("FREQ=MINUTELY", "NOT A RULE", "DTSTART:20270101T000000\nFREQ=DAILY"):
        response = await world.api.post(
            ws_path.format(world.workspace),
            headers=world.headers,
            json={
                "text": "x",
                "targets": [{"account_id": account["id"]}],
                "scheduled_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat(),
                "recurrence": rule,
            },
        )
        assert response.status_code == 422, rule
        assert response.json()["error"]["code"] == "invalid_recurrence"


async def test_preview_renders_each_account_and_saves_nothing(world: World) -> None:
    first = await world.connect()
    second = await world.connect()
    response = await world.api.post(
        f"{ws_path.format(world.workspace)}/preview",
        headers=world.headers,
        json={
            "text": "Shared text",
            "publish_now": True,
            "targets": [{"account_id": first["id"]}, {"account_id": second["id"], "text": "y" * 5001}],
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is False
    by_account = {t["account_id"]: t for t in body["targets"]}
    assert by_account[first["id"]]["text"] == "Shared text"
    assert by_account[first["id"]]["length"] == 11
    assert by_account[first["id"]]["problems"] == []
    assert [p["code"] for p in by_account[second["id"]]["problems"]] == ["text_too_long"]
    listed = await world.api.get(ws_path.format(world.workspace), headers=world.headers)
    assert listed.json()["items"] == []


async def test_duplicate_makes_an_independent_draft(world: World) -> None:
    account = await world.connect()
    original = await world.post([account["id"]], text="Once more")
    copy = await world.api.post(
        f"{ws_path.format(world.workspace)}/{original['id']}/duplicate", headers=world.headers
    )
    assert copy.status_code == 201, copy.text
    assert copy.json()["id"] != original["id"]
    assert copy.json()["status"] == "draft"
    assert copy.json()["text"] == "Once more"
    assert [t["account_id"] for t in copy.json()["targets"]] == [account["id"]]


async def test_list_filters_and_keyset_paging(world: World) -> None:
    sandbox_a = await world.connect()
    sandbox_b = await world.connect()
    base = datetime.now(UTC) + timedelta(days=2)
    for i in range(5):
        await world.post(
            [sandbox_a["id"] if i % 2 == 0 else sandbox_b["id"]],
            text=f"Promo {i} 100%_off",
            scheduled_at=(base + timedelta(hours=i)).isoformat(),
        )
    await world.post([sandbox_a["id"]], text="Unrelated", draft=True)
    path = ws_path.format(world.workspace)

    async def ids(**params: str) -> list[str]:
        found, cursor = [], None
        while True:
            query: dict[str, str | int] = {**params, "limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await world.api.get(path, params=query, headers=world.headers)).json()
            found += [p["text"] for p in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                return found

    assert await ids(q="100%_off", sort="scheduled") == [f"Promo {i} 100%_off" for i in range(5)]
    assert await ids(q="Promo%off") == []  # % is a literal percent sign here, not a wildcard
    assert await ids(account_id=sandbox_b["id"], sort="scheduled") == ["Promo 1 100%_off", "Promo 3 100%_off"]
    assert await ids(status="draft") == ["Unrelated"]
    window = {
        "scheduled_from": (base + timedelta(minutes=30)).isoformat(),
        "scheduled_to": (base + timedelta(hours=2, minutes=30)).isoformat(),
        "sort": "scheduled",
    }
    assert await ids(**window) == ["Promo 1 100%_off", "Promo 2 100%_off"]
    newest_first = await ids(platform="sandbox")
    assert newest_first[0] == "Unrelated"
    assert len(newest_first) == 6


async def test_preview_counts_text_as_each_platform_does(world: World) -> None:
    sandbox = await world.connect()
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """INSERT INTO social_accounts (workspace_id, platform, external_id, handle)
               VALUES (%s, 'x', '1', 'xhandle'), (%s, 'threads', '2', 'thandle')
               RETURNING platform, id::text""",
            (world.workspace, world.workspace),
        )
        ids: dict[str, str] = dict(await cursor.fetchall())
    url = "https://example.com/" + "a" * 300
    text = "\U0001f642" * 120 + f" {url}"  # emoji and a long link: 441 characters
    response = await world.api.post(
        f"{ws_path.format(world.workspace)}/preview",
        headers=world.headers,
        json={
            "text": text,
            "publish_now": True,
            "targets": [{"account_id": a} for a in (sandbox["id"], ids["x"], ids["threads"])],
        },
    )
    assert response.status_code == 200, response.text
    by_account = {t["account_id"]: t for t in response.json()["targets"]}
    assert by_account[sandbox["id"]]["length"] == len(text)  # the sandbox counts characters
    assert by_account[ids["x"]]["length"] == 240 + 1 + 23  # X: an emoji weighs 2, any link 23
    assert by_account[ids["x"]]["problems"] == []  # fits X's 280 although it has 441 characters
    assert by_account[ids["threads"]]["length"] == 480 + 1 + len(url)  # Threads: 4 bytes per emoji
    assert [p["code"] for p in by_account[ids["threads"]]["problems"]] == ["text_too_long"]
