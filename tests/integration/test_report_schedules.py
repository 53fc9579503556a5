"""Scheduled analytics reports: the routes, and the sender that emails each period's PDF exactly once.

The mail is read back from the dev outbox (its attachment parsed as a PDF by pypdfium2); the sender is
run with the clock at the schedule's next sending time.
"""

from __future__ import annotations

import asyncio
import base64
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import pypdfium2 as pdfium
import pytest

from shared.adapters.email.dev_outbox import list_outbox
from shared.services import report_schedules
from tests.integration.test_analytics_report import actual_texts
from tests.integration.test_analytics_views import World, fakes, world  # noqa: F401 - fixtures
from tests.integration.test_auth_flow import login, register_verified


async def user_id(world: World, email: str) -> UUID:
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT id FROM users WHERE email = %s", (email,))
        row = await cursor.fetchone()
    assert row is not None
    return UUID(str(row[0]))


async def member(world: World, role: str = "viewer") -> tuple[UUID, str, dict[str, str]]:
    """Another user of the workspace: (id, email, their bearer headers)."""
    api = world.signed_in.api
    email = await register_verified(api, world.container)
    tokens = await login(api, email)
    api.cookies.clear()
    found = await user_id(world, email)
    pool = await world.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO memberships (workspace_id, user_id, role) VALUES (%s, %s, %s)",
            (world.signed_in.workspace, found, role),
        )
    return found, email, {"Authorization": f"Bearer {tokens['access_token']}"}


async def outsider(world: World) -> UUID:
    email = await register_verified(world.signed_in.api, world.container)
    world.signed_in.api.cookies.clear()
    return await user_id(world, email)


async def call(world: World, method: str, path: str = "", **kwargs: Any) -> Any:
    kwargs.setdefault("headers", world.signed_in.headers)
    return await world.signed_in.api.request(
        method, f"{world.url}/analytics/report-schedules{path}", **kwargs
    )


async def reports_to(world: World, email: str) -> list[Any]:
    entries = await list_outbox(await world.container.db(), to=email, limit=200)
    return [e for e in entries if e.template == "analytics_report"]


async def audit_events(world: World, target: str) -> list[tuple[str, dict[str, Any]]]:
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT event, details FROM audit_log WHERE target_id = %s ORDER BY id", (target,)
        )
        return [(r[0], r[1]) for r in await cursor.fetchall()]


async def test_a_schedule_sends_each_period_once_to_its_members(world: World) -> None:
    me = await user_id(world, world.signed_in.email)
    colleague, colleague_email, colleague_headers = await member(world)
    stranger = await outsider(world)

    refused = await call(
        world,
        "POST",
        json={"frequency": "weekly", "weekday": 0, "hour": 9, "recipients": [str(me), str(stranger)]},
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "recipient_not_member"
    assert refused.json()["error"]["details"] == {"user_ids": [str(stranger)]}
    no_day = await call(world, "POST", json={"frequency": "weekly", "hour": 9, "recipients": [str(me)]})
    assert (no_day.status_code, no_day.json()["error"]["code"]) == (422, "invalid_schedule")
    # Viewers neither see nor make schedules.
    viewer = await call(world, "GET", headers=colleague_headers)
    assert viewer.status_code == 403

    created = await call(
        world,
        "POST",
        json={
            "name": "Weekly",
            "frequency": "weekly",
            "weekday": 0,
            "hour": 9,
            "language": "ar",
            "recipients": [str(me), str(colleague)],
        },
    )
    assert created.status_code == 201, created.text
    schedule = created.json()
    assert {r["email"] for r in schedule["recipients"]} == {world.signed_in.email, colleague_email}
    assert all(r["member"] for r in schedule["recipients"])
    send_at = datetime.fromisoformat(schedule["next_send_at"])
    assert send_at.weekday() == 0
    assert (send_at.hour, send_at.minute) == (9, 0)  # the workspace's zone is UTC
    first = send_at.date() - timedelta(days=7)
    assert schedule["next_period"] == {
        "from": first.isoformat(),
        "to": (send_at.date() - timedelta(days=1)).isoformat(),
    }
    assert [e for e, _ in await audit_events(world, schedule["id"])] == ["report_schedule.created"]
    listed = (await call(world, "GET")).json()
    assert [s["id"] for s in listed] == [schedule["id"]]

    # Before its time nothing goes; at its time, one email each, with the PDF; twice at once, or again,
    # nothing more.
    await report_schedules.send_due(world.container, now=send_at - timedelta(minutes=1))
    assert await reports_to(world, colleague_email) == []
    runs = await asyncio.gather(
        report_schedules.send_due(world.container, now=send_at + timedelta(minutes=10)),
        report_schedules.send_due(world.container, now=send_at + timedelta(minutes=10)),
    )
    assert sum(r["emails"] for r in runs) >= 2
    again = await report_schedules.send_due(world.container, now=send_at + timedelta(hours=5))
    assert again["emails"] == 0
    for email in (world.signed_in.email, colleague_email):
        (mail,) = await reports_to(world, email)
        assert first.isoformat() in mail.subject
        assert "تقرير تحليلات" in mail.subject
        (attachment,) = mail.attachments
        assert attachment.content_type == "application/pdf"
        last = send_at.date() - timedelta(days=1)
        assert attachment.filename == f"analytics-report-{first.isoformat()}-to-{last.isoformat()}-ar.pdf"
        pdf = base64.b64decode(attachment.content_base64)
        assert len(pdfium.PdfDocument(pdf)) >= 2
        assert "تقرير التحليلات" in actual_texts(pdf)

    # The colleague leaves: the next week's report skips them.
    pool = await world.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "DELETE FROM memberships WHERE workspace_id = %s AND user_id = %s",
            (world.signed_in.workspace, colleague),
        )
    shown = (await call(world, "GET", f"/{schedule['id']}")).json()
    assert {r["email"]: r["member"] for r in shown["recipients"]} == {
        world.signed_in.email: True,
        colleague_email: False,
    }
    next_week = await report_schedules.send_due(world.container, now=send_at + timedelta(days=7, minutes=3))
    assert next_week["emails"] >= 1
    assert next_week["skipped_recipients"] >= 1
    assert len(await reports_to(world, world.signed_in.email)) == 2
    assert len(await reports_to(world, colleague_email)) == 1


async def test_a_failed_send_is_retried_for_those_who_did_not_get_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    me = await user_id(world, world.signed_in.email)
    colleague, colleague_email, _ = await member(world, "editor")
    created = await call(
        world,
        "POST",
        json={"frequency": "monthly", "day_of_month": 3, "hour": 6, "recipients": [str(me), str(colleague)]},
    )
    assert created.status_code == 201, created.text
    send_at = datetime.fromisoformat(created.json()["next_send_at"])
    assert (send_at.day, send_at.hour) == (3, 6)
    mailer = world.container.mailer
    real = mailer.send_analytics_report

    async def refuse_colleague(to: str, **kwargs: Any) -> None:
        from shared.domain.errors import EmailDeliveryFailed

        if to == colleague_email:
            raise EmailDeliveryFailed("The mail server is down.")
        await real(to, **kwargs)

    monkeypatch.setattr(mailer, "send_analytics_report", refuse_colleague)
    await report_schedules.send_due(world.container, now=send_at + timedelta(minutes=1))
    assert len(await reports_to(world, world.signed_in.email)) == 1
    assert await reports_to(world, colleague_email) == []
    monkeypatch.setattr(mailer, "send_analytics_report", real)
    await report_schedules.send_due(world.container, now=send_at + timedelta(hours=1, minutes=1))
    assert len(await reports_to(world, world.signed_in.email)) == 1  # not twice
    (mail,) = await reports_to(world, colleague_email)
    last_month_end = send_at.date().replace(day=1) - timedelta(days=1)
    assert f"{last_month_end.replace(day=1).isoformat()} to {last_month_end.isoformat()}" in mail.subject
    await report_schedules.send_due(world.container, now=send_at + timedelta(hours=2, minutes=1))
    assert len(await reports_to(world, colleague_email)) == 1


async def test_schedules_change_and_stop_with_an_audit_trail(world: World) -> None:
    me = await user_id(world, world.signed_in.email)
    created = (
        await call(
            world, "POST", json={"frequency": "weekly", "weekday": 4, "hour": 17, "recipients": [str(me)]}
        )
    ).json()
    path = f"/{created['id']}"
    changed = await call(
        world, "PATCH", path, json={"frequency": "monthly", "day_of_month": 1, "language": "ar"}
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["frequency"], body["weekday"], body["day_of_month"], body["language"]) == (
        "monthly",
        None,
        1,
        "ar",
    )
    bad = await call(world, "PATCH", path, json={"weekday": 2})
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "invalid_schedule")
    nulled = await call(world, "PATCH", path, json={"hour": None})
    assert nulled.status_code == 422
    assert (await call(world, "DELETE", path)).status_code == 204
    gone = await call(world, "GET", path)
    assert (gone.status_code, gone.json()["error"]["code"]) == (404, "report_schedule_not_found")
    assert (await call(world, "DELETE", path)).status_code == 404
    events = await audit_events(world, created["id"])
    assert [e for e, _ in events] == [
        "report_schedule.created",
        "report_schedule.updated",
        "report_schedule.deleted",
    ]
    assert events[1][1]["changed"]["frequency"] == {"from": "weekly", "to": "monthly"}
