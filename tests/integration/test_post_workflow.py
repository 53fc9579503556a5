"""The publishing workflow a team relies on: statuses that stay right under concurrency, approvals
that work both ways, changing accounts and media, series with scopes, and times with no silent
choices. Real PostgreSQL, Azurite and the sandbox platform throughout."""

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import psycopg

from shared.domain.posts import TargetStatus, post_status
from shared.services import publishing, recurrence
from shared.services.principals import user_states
from tests.conftest import unique
from tests.integration.test_posts import add_member, set_approval, ws_path
from tests.integration.test_publishing import World, world  # noqa: F401 - the fixture
from tests.integration.test_workspaces import new_user

TOMORROW = datetime.now(UTC) + timedelta(days=1)


def posts_url(world: World) -> str:
    return ws_path.format(world.workspace)


async def sql(world: World, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(query, params)  # type: ignore[arg-type]
        return await cursor.fetchall() if cursor.description else []


# --- statuses ---------------------------------------------------------------------------------------


async def test_the_database_rule_is_the_domain_rule_for_every_combination(world: World) -> None:
    states = list(TargetStatus)
    combinations = [list(c) for r in range(len(states) + 1) for c in itertools.combinations(states, r)]
    pool = await world.container.db()
    async with pool.connection() as conn:
        disagreements = []
        for combination in combinations:
            cursor = await conn.execute(
                "SELECT post_status_of(%s::text[])", ([s.value for s in combination],)
            )
            row = await cursor.fetchone()
            assert row is not None
            if row[0] != post_status(combination):
                disagreements.append((combination, row[0], post_status(combination)))
    assert len(combinations) == 2**11
    assert disagreements == []


async def _post_with_accounts(world: World, count: int, status: str) -> tuple[UUID, list[UUID]]:
    """A post to `count` fresh accounts, every target in `status`, written directly."""
    post_id = uuid4()
    pool = await world.container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            """INSERT INTO social_accounts (workspace_id, platform, external_id, handle)
               SELECT %s, 'sandbox', gen_random_uuid()::text, 'load' || g FROM generate_series(1, %s) g
               RETURNING id""",
            (world.workspace, count),
        )
        accounts = [row[0] for row in await cursor.fetchall()]
        await conn.execute(
            """INSERT INTO posts (id, workspace_id, body, scheduled_at) VALUES (%s, %s, 'load', now())""",
            (post_id, world.workspace),
        )
        cursor = await conn.execute(
            """INSERT INTO post_targets (post_id, workspace_id, social_account_id, status, scheduled_at)
               SELECT %s, %s, a, %s, now() FROM unnest(%s::uuid[]) a RETURNING id""",
            (post_id, world.workspace, status, accounts),
        )
        targets = [row[0] for row in await cursor.fetchall()]
    return post_id, targets


async def _settle_concurrently(world: World, outcomes: dict[UUID, str], connections: int = 40) -> None:
    """Each target settled in its own transaction, spread over `connections` separate connections
    that all start each round together, as workers finishing at the same moment would."""
    database_url = world.container.settings.database_url
    targets = list(outcomes)
    rounds = [targets[i : i + connections] for i in range(0, len(targets), connections)]
    gates = [asyncio.Barrier(len(batch)) for batch in rounds]

    async def worker(index: int) -> None:
        async with await psycopg.AsyncConnection.connect(database_url) as conn:
            for batch, gate in zip(rounds, gates, strict=True):
                if index >= len(batch):
                    continue
                await gate.wait()
                async with conn.transaction():
                    await conn.execute(
                        "UPDATE post_targets SET status = %s, updated_at = now() WHERE id = %s",
                        (outcomes[batch[index]], batch[index]),
                    )

    await asyncio.gather(*(worker(i) for i in range(connections)))


async def _stored_and_derived(world: World, post_id: UUID) -> tuple[str, str]:
    [(stored, statuses)] = await sql(
        world,
        "SELECT p.status, array_agg(DISTINCT t.status) FROM posts p JOIN post_targets t ON t.post_id = p.id"
        " WHERE p.id = %s GROUP BY p.id",
        (post_id,),
    )
    return stored, post_status([TargetStatus(s) for s in statuses])


async def test_200_targets_settling_at_once_leave_the_right_status(world: World) -> None:
    """The reported race: two targets settling at the same moment left posts `publishing` for ever."""
    post_id, targets = await _post_with_accounts(world, 200, "publishing")
    assert await _stored_and_derived(world, post_id) == ("publishing", "publishing")
    # Half published, half failed, all at once: partially published.
    await _settle_concurrently(world, {t: "published" if i % 2 else "failed" for i, t in enumerate(targets)})
    assert await _stored_and_derived(world, post_id) == ("partially_published", "partially_published")

    post_id, targets = await _post_with_accounts(world, 200, "publishing")
    await _settle_concurrently(world, dict.fromkeys(targets[:-1], "published"))
    assert await _stored_and_derived(world, post_id) == ("publishing", "publishing")
    await _settle_concurrently(world, {targets[-1]: "published"})
    assert await _stored_and_derived(world, post_id) == ("published", "published")

    post_id, targets = await _post_with_accounts(world, 200, "publishing")
    await _settle_concurrently(world, dict.fromkeys(targets, "failed"))
    assert await _stored_and_derived(world, post_id) == ("failed", "failed")


async def test_the_sweep_heals_a_status_written_wrongly_before(world: World) -> None:
    post_id, _ = await _post_with_accounts(world, 2, "published")
    # What the old code could leave behind: every target finished, the post still "publishing".
    await sql(
        world,
        "UPDATE posts SET status = 'publishing', scheduled_at = now() - interval '1 hour' WHERE id = %s",
        (post_id,),
    )
    assert (await _stored_and_derived(world, post_id))[0] == "publishing"
    result = await publishing.sweep(world.container)
    assert result["repaired"] >= 1
    assert await _stored_and_derived(world, post_id) == ("published", "published")
    assert (await publishing.sweep(world.container))["repaired"] == 0


# --- approvals ----------------------------------------------------------------------------------------


async def _outbox(world: World, template: str) -> list[tuple[str, str, str]]:
    rows = await sql(
        world,
        "SELECT to_address, subject, text_body FROM dev_outbox WHERE template = %s ORDER BY id",
        (template,),
    )
    return [(r[0], r[1], r[2]) for r in rows]


async def test_approvals_work_both_ways(world: World) -> None:
    await set_approval(world, True)
    account = await world.connect()
    contributor = await add_member(world, "contributor")
    editor = await add_member(world, "editor")
    [(owner_email,)] = await sql(
        world,
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = %s"
        " AND m.role = 'owner'",
        (world.workspace,),
    )
    # A webhook subscribed to post.pending_approval, written directly: only its delivery rows matter here.
    await sql(
        world,
        """INSERT INTO webhooks (workspace_id, url, events, secret_ciphertext, secret_key_id)
           VALUES (%s, 'https://hooks.example.com/in', ARRAY['post.pending_approval'], '\\x00', 'k')""",
        (world.workspace,),
    )
    before = len(await _outbox(world, "approval_requested"))
    draft = await world.api.post(
        posts_url(world),
        headers=contributor,
        json={
            "text": "Draft one",
            "targets": [{"account_id": account["id"]}],
            "draft": True,
            "scheduled_at": TOMORROW.isoformat(),
        },
    )
    assert draft.status_code == 201, draft.text
    post_id = draft.json()["id"]
    assert draft.json()["status"] == "draft"

    submitted = await world.api.post(f"{posts_url(world)}/{post_id}/submit", headers=contributor)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "pending_approval"
    assert submitted.json()["review"]["action"] == "submitted"
    # Approvers are told: an email each (the owner and the editor, not the author) and a webhook.
    emails = (await _outbox(world, "approval_requested"))[before:]
    assert owner_email in {e[0] for e in emails}
    assert len(emails) == 2
    assert all("Draft one" in e[2] for e in emails)
    deliveries = await sql(
        world,
        "SELECT d.payload FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
        " WHERE w.workspace_id = %s AND d.event = 'post.pending_approval'",
        (world.workspace,),
    )
    assert [d[0]["post_id"] for d in deliveries] == [post_id]

    # The approvals list: waiting for the editor, empty for the contributor.
    waiting = await world.api.get(f"/api/v1/workspaces/{world.workspace}/approvals", headers=editor)
    assert waiting.status_code == 200, waiting.text
    assert [p["id"] for p in waiting.json()["items"]] == [post_id]
    mine = await world.api.get(f"/api/v1/workspaces/{world.workspace}/approvals", headers=contributor)
    assert mine.json()["items"] == []

    rejected = await world.api.post(
        f"{posts_url(world)}/{post_id}/reject", headers=editor, json={"comment": "Add the dates, please."}
    )
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "draft"
    assert rejected.json()["review"]["action"] == "rejected"
    assert rejected.json()["review"]["comment"] == "Add the dates, please."
    # The author edits and submits again; the editor approves.
    edited = await world.api.patch(
        f"{posts_url(world)}/{post_id}", headers=contributor, json={"text": "Draft one, 12-14 May"}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["review"]["comment"] == "Add the dates, please."  # kept until the next step
    again = await world.api.post(f"{posts_url(world)}/{post_id}/submit", headers=contributor)
    assert again.json()["status"] == "pending_approval"
    approved = await world.api.post(f"{posts_url(world)}/{post_id}/approve", headers=editor, json={})
    assert approved.json()["status"] == "scheduled"
    assert approved.json()["approved_by"] is not None
    history = await world.api.get(f"{posts_url(world)}/{post_id}/reviews", headers=contributor)
    assert [(h["action"], h["comment"]) for h in history.json()] == [
        ("submitted", None),
        ("rejected", "Add the dates, please."),
        ("submitted", None),
        ("approved", None),
    ]
    assert (await world.api.get(f"/api/v1/workspaces/{world.workspace}/approvals", headers=editor)).json()[
        "items"
    ] == []


async def test_an_author_who_may_approve_submits_straight_to_scheduled(world: World) -> None:
    await set_approval(world, True)
    account = await world.connect()
    draft = await world.post([account["id"]], draft=True, scheduled_at=TOMORROW.isoformat())
    submitted = await world.api.post(f"{posts_url(world)}/{draft['id']}/submit", headers=world.headers)
    assert submitted.json()["status"] == "scheduled"
    assert submitted.json()["approved_by"] == submitted.json()["created_by"]
    # Submitting is for drafts only; and a submit checks the time like a create does.
    again = await world.api.post(f"{posts_url(world)}/{draft['id']}/submit", headers=world.headers)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "not_draft")
    past = await world.post(
        [account["id"]], draft=True, scheduled_at=(datetime.now(UTC) - timedelta(hours=1)).isoformat()
    )
    refused = await world.api.post(f"{posts_url(world)}/{past['id']}/submit", headers=world.headers)
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "scheduled_in_past")


async def test_a_contributor_change_to_a_released_post_goes_back_for_approval(world: World) -> None:
    """Scheduled while the workspace needed no approval; approval is then switched on: the
    contributor's next change makes the post wait for an approver instead of going out."""
    account = await world.connect()
    contributor = await add_member(world, "contributor")
    created = await world.api.post(
        posts_url(world),
        headers=contributor,
        json={
            "text": "Before",
            "targets": [{"account_id": account["id"]}],
            "scheduled_at": TOMORROW.isoformat(),
        },
    )
    assert created.json()["status"] == "scheduled"
    assert created.json()["approved_by"] is None
    await set_approval(world, True)
    changed = await world.api.patch(
        f"{posts_url(world)}/{created.json()['id']}", headers=contributor, json={"text": "After"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["status"] == "pending_approval"
    assert changed.json()["review"]["action"] == "reopened"


# --- accounts and media change until publishing starts -----------------------------------------------


async def test_accounts_and_per_account_text_change_with_create_validation(world: World) -> None:
    first = await world.connect()
    second = await world.connect()
    post = await world.post([first["id"]], text="One account", scheduled_at=TOMORROW.isoformat())
    url = f"{posts_url(world)}/{post['id']}"
    widened = await world.api.patch(
        url,
        headers=world.headers,
        json={"targets": [{"account_id": first["id"]}, {"account_id": second["id"], "text": "Second's own"}]},
    )
    assert widened.status_code == 200, widened.text
    targets = {t["account_id"]: t for t in widened.json()["targets"]}
    assert set(targets) == {first["id"], second["id"]}
    assert targets[second["id"]]["text"] == "Second's own"
    assert {t["status"] for t in targets.values()} == {"scheduled"}
    # Same validation as a create: every problem at once, nothing changed.
    [(x_account,)] = await sql(
        world,
        "INSERT INTO social_accounts (workspace_id, platform, external_id, handle) VALUES (%s, 'x', %s, 'xx')"
        " RETURNING id",
        (world.workspace, unique("x")),
    )
    refused = await world.api.patch(
        url,
        headers=world.headers,
        json={"targets": [{"account_id": first["id"]}, {"account_id": str(x_account), "text": "y" * 400}]},
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid_targets"
    problems = refused.json()["error"]["details"]["targets"][str(x_account)]
    assert "text_too_long" in {p["code"] for p in problems}
    unknown_media = await world.api.patch(url, headers=world.headers, json={"media_ids": [str(uuid4())]})
    assert (unknown_media.status_code, unknown_media.json()["error"]["code"]) == (404, "media_not_found")
    narrowed = await world.api.patch(
        url, headers=world.headers, json={"targets": [{"account_id": second["id"]}]}
    )
    assert [t["account_id"] for t in narrowed.json()["targets"]] == [second["id"]]
    audit = await sql(
        world,
        "SELECT details FROM audit_log WHERE target_id = %s AND event = 'post.updated' ORDER BY id",
        (post["id"],),
    )
    assert audit[0][0]["accounts"]["added"] == [second["id"]]
    assert audit[-1][0]["accounts"]["removed"] == [first["id"]]
    # Once publishing has started, nothing changes.
    await sql(world, "UPDATE post_targets SET status = 'publishing' WHERE post_id = %s", (post["id"],))
    locked = await world.api.patch(
        url, headers=world.headers, json={"targets": [{"account_id": first["id"]}]}
    )
    assert (locked.status_code, locked.json()["error"]["code"]) == (409, "post_locked")


# --- series -----------------------------------------------------------------------------------------


async def _series(world: World, start: datetime, rule: str = "FREQ=DAILY;COUNT=5") -> dict[str, Any]:
    account = await world.connect()
    created = await world.api.post(
        posts_url(world),
        headers=world.headers,
        json={
            "text": "Daily tip",
            "targets": [{"account_id": account["id"]}],
            "scheduled_at": start.replace(tzinfo=None).isoformat(),
            "timezone": "Europe/Paris",
            "recurrence": rule,
        },
    )
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


async def _occurrences(world: World, series_id: str) -> list[dict[str, Any]]:
    response = await world.api.get(
        posts_url(world), headers=world.headers, params={"series_id": series_id, "sort": "scheduled"}
    )
    return response.json()["items"]  # type: ignore[no-any-return]


async def test_a_series_can_be_read_and_each_occurrence_carries_it(world: World) -> None:
    start = (datetime.now(UTC) + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    first = await _series(world, start)
    assert first["series_id"] is not None
    assert first["recurrence"] == "FREQ=DAILY;COUNT=5"
    await recurrence.materialize(world.container)
    occurrences = await _occurrences(world, first["series_id"])
    assert len(occurrences) == 5
    assert {o["series_id"] for o in occurrences} == {first["series_id"]}
    series = await world.api.get(
        f"/api/v1/workspaces/{world.workspace}/series/{first['series_id']}", headers=world.headers
    )
    assert series.status_code == 200, series.text
    body = series.json()
    assert (body["rule"], body["timezone"], body["status"]) == (
        "FREQ=DAILY;COUNT=5",
        "Europe/Paris",
        "active",
    )
    assert len(body["next_occurrences"]) == 5
    assert body["occurrences"] == 5
    missing = await world.api.get(
        f"/api/v1/workspaces/{world.workspace}/series/{uuid4()}", headers=world.headers
    )
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "series_not_found")


async def test_series_edits_and_cancellations_take_a_scope(world: World) -> None:
    start = (datetime.now(UTC) + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    first = await _series(world, start)
    await recurrence.materialize(world.container)
    occurrences = await _occurrences(world, first["series_id"])
    third = occurrences[2]["id"]
    following = await world.api.patch(
        f"{posts_url(world)}/{third}",
        headers=world.headers,
        params={"scope": "following"},
        json={"text": "New tip"},
    )
    assert following.status_code == 200, following.text
    texts = [o["text"] for o in await _occurrences(world, first["series_id"])]
    assert texts == ["Daily tip", "Daily tip", "New tip", "New tip", "New tip"]
    # This one only: the others keep theirs.
    second = occurrences[1]["id"]
    alone = await world.api.patch(
        f"{posts_url(world)}/{second}", headers=world.headers, json={"text": "Just this"}
    )
    assert alone.status_code == 200
    texts = [o["text"] for o in await _occurrences(world, first["series_id"])]
    assert texts == ["Daily tip", "Just this", "New tip", "New tip", "New tip"]
    # The first one went out; cancelling "all" from the fourth cancels every other one, never the first.
    await sql(world, "UPDATE post_targets SET status = 'published' WHERE post_id = %s", (first["id"],))
    cancelled = await world.api.post(
        f"{posts_url(world)}/{occurrences[3]['id']}/cancel", headers=world.headers, params={"scope": "all"}
    )
    assert cancelled.status_code == 200, cancelled.text
    statuses = [o["status"] for o in await _occurrences(world, first["series_id"])]
    assert statuses == ["published", "cancelled", "cancelled", "cancelled", "cancelled"]
    series = await world.api.get(
        f"/api/v1/workspaces/{world.workspace}/series/{first['series_id']}", headers=world.headers
    )
    assert series.json()["status"] == "ended"
    in_series = "SELECT count(*) FROM posts WHERE series_id = %s"
    before = await sql(world, in_series, (first["series_id"],))
    await recurrence.materialize(world.container)
    assert await sql(world, in_series, (first["series_id"],)) == before  # nothing new for an ended series
    audit = await sql(
        world,
        "SELECT count(*) FROM audit_log WHERE event = 'post.cancelled' AND details->>'series_id' = %s",
        (first["series_id"],),
    )
    assert audit == [(4,)]


async def test_cancelling_all_from_the_first_occurrence_includes_it(world: World) -> None:
    start = (datetime.now(UTC) + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    first = await _series(world, start, "FREQ=WEEKLY;COUNT=3")
    await recurrence.materialize(world.container)
    cancelled = await world.api.post(
        f"{posts_url(world)}/{first['id']}/cancel", headers=world.headers, params={"scope": "following"}
    )
    assert cancelled.json()["status"] == "cancelled"
    assert {o["status"] for o in await _occurrences(world, first["series_id"])} == {"cancelled"}
    not_recurring = await world.post([(await world.connect())["id"]], scheduled_at=TOMORROW.isoformat())
    refused = await world.api.post(
        f"{posts_url(world)}/{not_recurring['id']}/cancel", headers=world.headers, params={"scope": "all"}
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "not_in_series")


async def test_moving_a_series_time_keeps_the_wall_clock_and_remakes_later_occurrences(world: World) -> None:
    start = (datetime.now(UTC) + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    first = await _series(world, start, "FREQ=DAILY;COUNT=4")
    await recurrence.materialize(world.container)
    occurrences = await _occurrences(world, first["series_id"])
    second = occurrences[1]
    local = datetime.fromisoformat(second["scheduled_at"]).astimezone(ZoneInfo("Europe/Paris"))
    moved = await world.api.patch(
        f"{posts_url(world)}/{second['id']}",
        headers=world.headers,
        params={"scope": "following"},
        json={"scheduled_at": (local + timedelta(hours=2)).replace(tzinfo=None).isoformat()},
    )
    assert moved.status_code == 200, moved.text
    new_series = moved.json()["series_id"]
    assert new_series != first["series_id"]  # "this and following" starts a series of its own
    await recurrence.materialize(world.container)
    old = await _occurrences(world, first["series_id"])
    new = await _occurrences(world, new_series)
    assert [o["id"] for o in old] == [first["id"]]
    assert len(new) == 3
    zone = ZoneInfo("Europe/Paris")
    hours = {datetime.fromisoformat(o["scheduled_at"]).astimezone(zone).hour for o in new}
    first_hour = datetime.fromisoformat(first["scheduled_at"]).astimezone(zone).hour
    assert hours == {first_hour + 2}
    previous = await world.api.get(
        f"/api/v1/workspaces/{world.workspace}/series/{new_series}", headers=world.headers
    )
    assert previous.json()["previous_series_id"] == first["series_id"]


# --- time, with no silent surprises ------------------------------------------------------------------


async def test_local_times_use_the_workspace_zone_and_never_choose_silently(world: World) -> None:
    account = await world.connect()
    zone = await world.api.patch(
        f"/api/v1/workspaces/{world.workspace}",
        headers=world.headers,
        json={"default_timezone": "America/New_York"},
    )
    assert zone.status_code == 200, zone.text
    year = datetime.now(UTC).year + 1

    async def create(**body: Any) -> Any:
        return await world.api.post(
            posts_url(world),
            headers=world.headers,
            json={"text": "t", "targets": [{"account_id": account["id"]}], **body},
        )

    local = await create(scheduled_at=f"{year}-01-10T09:00:00")
    assert local.status_code == 201, local.text
    assert local.json()["timezone"] == "America/New_York"
    assert local.json()["scheduled_at"].startswith(f"{year}-01-10T14:00:00")
    mismatch = await create(scheduled_at=f"{year}-01-10T09:00:00+01:00", timezone="America/New_York")
    assert (mismatch.status_code, mismatch.json()["error"]["code"]) == (422, "timezone_mismatch")
    agrees = await create(scheduled_at=f"{year}-01-10T09:00:00-05:00", timezone="America/New_York")
    assert agrees.status_code == 201
    # The first Sunday of November repeats 01:00-02:00 in New York.
    november = datetime(year, 11, 1)
    sunday = november + timedelta(days=(6 - november.weekday()) % 7)
    repeated = f"{sunday.date().isoformat()}T01:30:00"
    ambiguous = await create(scheduled_at=repeated)
    assert (ambiguous.status_code, ambiguous.json()["error"]["code"]) == (422, "ambiguous_local_time")
    details = ambiguous.json()["error"]["details"]
    assert details["earlier"].endswith("05:30:00+00:00")
    assert details["later"].endswith("06:30:00+00:00")
    later = await create(scheduled_at=repeated, ambiguous="later")
    assert later.json()["scheduled_at"].startswith(f"{sunday.date().isoformat()}T06:30:00")
    # A time in the past is refused however close; publish_now is the way to send at once.
    just_gone = await create(scheduled_at=(datetime.now(UTC) - timedelta(seconds=1)).isoformat())
    assert (just_gone.status_code, just_gone.json()["error"]["code"]) == (422, "scheduled_in_past")
    # The calendar defaults to the workspace's zone too.
    calendar = await world.api.get(
        f"/api/v1/workspaces/{world.workspace}/calendar",
        headers=world.headers,
        params={"from": f"{year}-01-01T00:00:00Z", "to": f"{year}-02-01T00:00:00Z"},
    )
    assert calendar.json()["timezone"] == "America/New_York"


async def test_preview_reports_scheduling_problems_like_any_other(world: World) -> None:
    account = await world.connect()
    year = datetime.now(UTC).year + 1
    march = datetime(year, 3, 8)
    second_sunday = march + timedelta(days=(6 - march.weekday()) % 7)

    async def preview(**body: Any) -> dict[str, Any]:
        response = await world.api.post(
            f"{posts_url(world)}/preview",
            headers=world.headers,
            json={"text": "t", "targets": [{"account_id": account["id"]}], **body},
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    past = await preview(scheduled_at=(datetime.now(UTC) - timedelta(minutes=5)).isoformat())
    assert past["ok"] is False
    assert [p["code"] for p in past["problems"]] == ["scheduled_in_past"]
    gap = await preview(
        scheduled_at=f"{second_sunday.date().isoformat()}T02:30:00", timezone="America/New_York"
    )
    assert [p["code"] for p in gap["problems"]] == ["nonexistent_local_time"]
    fine = await preview(scheduled_at=TOMORROW.isoformat())
    assert fine["ok"] is True
    assert fine["problems"] == []
    assert fine["scheduled_at"] is not None


# --- an unverified address publishes nothing ----------------------------------------------------------


async def test_an_unverified_member_drafts_but_publishes_nothing_until_verified(world: World) -> None:
    account = await world.connect()
    member = await new_user(world.container, name="Unverified editor", verified=False)
    await sql(
        world,
        "INSERT INTO memberships (workspace_id, user_id, role) VALUES (%s, %s, 'editor')",
        (world.workspace, member.id),
    )
    body = {"text": "Hello", "targets": [{"account_id": account["id"]}]}
    when = TOMORROW.isoformat()
    scheduled = await world.api.post(
        posts_url(world), headers=member.headers, json={**body, "scheduled_at": when}
    )
    assert (scheduled.status_code, scheduled.json()["error"]["code"]) == (403, "email_not_verified")
    now = await world.api.post(posts_url(world), headers=member.headers, json={**body, "publish_now": True})
    assert now.json()["error"]["code"] == "email_not_verified"
    draft = await world.api.post(
        posts_url(world), headers=member.headers, json={**body, "draft": True, "scheduled_at": when}
    )
    assert draft.status_code == 201, draft.text
    submit = await world.api.post(f"{posts_url(world)}/{draft.json()['id']}/submit", headers=member.headers)
    assert submit.json()["error"]["code"] == "email_not_verified"
    # Someone else's post waiting for approval: approving is publishing too.
    await set_approval(world, True)
    contributor = await add_member(world, "contributor")
    waiting = await world.api.post(posts_url(world), headers=contributor, json={**body, "scheduled_at": when})
    assert waiting.json()["status"] == "pending_approval"
    approve = await world.api.post(
        f"{posts_url(world)}/{waiting.json()['id']}/approve", headers=member.headers
    )
    assert approve.json()["error"]["code"] == "email_not_verified"
    await sql(world, "UPDATE users SET email_verified_at = now() WHERE id = %s", (member.id,))
    user_states.forget(member.id)  # as verifying through the link does
    approved = await world.api.post(
        f"{posts_url(world)}/{waiting.json()['id']}/approve", headers=member.headers
    )
    assert approved.status_code == 200, approved.text
