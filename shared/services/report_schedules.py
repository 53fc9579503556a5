"""Scheduled analytics reports: a weekly or monthly email with the report's PDF attached, to the members
an owner or admin picks.

A schedule is sent at `hour` (the workspace's zone) on a weekday (weekly) or a day of the month
(monthly, 1 to 28). A weekly report covers the 7 days before the day it is sent; a monthly one the
calendar month before.

Sending (`send_due`, from the ANALYTICS_REPORT_SCHEDULE timer) is once per schedule and period: a run
first claims the period with a row in `report_deliveries` (the primary key is the schedule and the
period's first day, so two instances cannot both insert it, and a period marked sent is never claimed
again). Each recipient's copy is recorded as it goes out, so a period retried after a failure (the
claim released) reaches only those who did not get it. A run that died holding a claim leaves it to be
taken over after CLAIM_MINUTES. Only a period's most recent occurrence is sent: a schedule that missed
its hour (an outage) sends when the timer next runs, and never a backlog of old periods. Recipients who
have left the workspace since they were picked are skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from psycopg import AsyncConnection

from shared.bootstrap import Container
from shared.domain.email import Attachment
from shared.domain.errors import EmailDeliveryFailed, InvalidInput, NotFound
from shared.domain.identity import AuthMethod, Principal
from shared.domain.permissions import Role
from shared.services import analytics_report
from shared.services.analytics_views import Filters
from shared.services.audit import AuditEvent, record
from shared.services.principals import WorkspaceAccess

log = logging.getLogger(__name__)

Frequency = Literal["weekly", "monthly"]
MAX_RECIPIENTS = 50
MAX_SCHEDULES = 20
CLAIM_MINUTES = 15
_UNSET: Any = object()


@dataclass(frozen=True)
class Recipient:
    user_id: UUID
    email: str
    name: str
    member: bool  # False: left the workspace since; skipped when the report is sent


@dataclass(frozen=True)
class Schedule:
    id: UUID
    workspace_id: UUID
    name: str
    frequency: Frequency
    weekday: int | None
    day_of_month: int | None
    hour: int
    language: analytics_report.Language
    account_ids: list[UUID]
    platforms: list[str]
    recipients: list[Recipient]
    created_by: UUID | None
    created_at: datetime
    updated_at: datetime

    @property
    def filters(self) -> Filters:
        return Filters(
            accounts=frozenset(str(a) for a in self.account_ids), platforms=frozenset(self.platforms)
        )


@dataclass(frozen=True)
class Occurrence:
    at: datetime  # when it is (was) due, UTC
    first: date  # the period it reports on, both days included
    last: date


def latest_occurrence(schedule: Schedule, zone: str, now: datetime) -> Occurrence:
    """The schedule's most recent sending time at or before `now`, and the period it covers."""
    tz = ZoneInfo(zone)
    local = now.astimezone(tz)

    def at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, schedule.hour, tzinfo=tz).astimezone(UTC)

    if schedule.frequency == "weekly":
        assert schedule.weekday is not None
        day = local.date() - timedelta(days=(local.weekday() - schedule.weekday) % 7)
        if at(day) > now:
            day -= timedelta(days=7)
        return Occurrence(at(day), day - timedelta(days=7), day - timedelta(days=1))
    assert schedule.day_of_month is not None
    day = date(local.year, local.month, schedule.day_of_month)
    if at(day) > now:
        day = (
            date(day.year - 1, 12, schedule.day_of_month)
            if day.month == 1
            else day.replace(month=day.month - 1)
        )
    last = day.replace(day=1) - timedelta(days=1)
    return Occurrence(at(day), last.replace(day=1), last)


def next_occurrence(schedule: Schedule, zone: str, now: datetime) -> Occurrence:
    """The schedule's first sending time after `now`."""
    ahead = timedelta(days=7 if schedule.frequency == "weekly" else 31)
    found = latest_occurrence(schedule, zone, now + ahead)
    while True:  # a month of 28 days after `now` can hold two occurrences of a monthly schedule
        earlier = latest_occurrence(schedule, zone, found.at - timedelta(seconds=1))
        if earlier.at <= now:
            return found
        found = earlier


# --- reading and changing schedules ---------------------------------------------------------------

_COLUMNS = (
    "s.id, s.workspace_id, s.name, s.frequency, s.weekday, s.day_of_month, s.hour, s.language, "
    "s.account_ids, s.platforms, s.created_by, s.created_at, s.updated_at"
)


async def _load(
    conn: AsyncConnection, workspace_id: UUID | None, schedule_id: UUID | None = None
) -> list[Schedule]:
    conditions, params = [], []
    if workspace_id is not None:
        conditions.append("s.workspace_id = %s")
        params.append(workspace_id)
    if schedule_id is not None:
        conditions.append("s.id = %s")
        params.append(schedule_id)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    cursor = await conn.execute(
        f"SELECT {_COLUMNS} FROM report_schedules s {where} ORDER BY s.created_at, s.id",  # noqa: S608 - fixed
        params,
    )
    rows = await cursor.fetchall()
    ids = [r[0] for r in rows]
    recipients: dict[UUID, list[Recipient]] = {i: [] for i in ids}
    if ids:
        cursor = await conn.execute(
            """SELECT r.schedule_id, u.id, u.email, u.name, m.user_id IS NOT NULL
                 FROM report_schedule_recipients r
                 JOIN report_schedules s ON s.id = r.schedule_id
                 JOIN users u ON u.id = r.user_id
                 LEFT JOIN memberships m ON m.workspace_id = s.workspace_id AND m.user_id = r.user_id
                WHERE r.schedule_id = ANY(%s) ORDER BY u.email""",
            (ids,),
        )
        for owner, user_id, email, name, member in await cursor.fetchall():
            recipients[owner].append(Recipient(user_id, email, name or "", bool(member)))
    return [
        Schedule(
            id=r[0],
            workspace_id=r[1],
            name=r[2],
            frequency=r[3],
            weekday=r[4],
            day_of_month=r[5],
            hour=r[6],
            language=r[7],
            account_ids=list(r[8] or []),
            platforms=list(r[9] or []),
            recipients=recipients[r[0]],
            created_by=r[10],
            created_at=r[11],
            updated_at=r[12],
        )
        for r in rows
    ]


async def list_schedules(container: Container, access: WorkspaceAccess) -> list[Schedule]:
    pool = await container.db()
    async with pool.connection() as conn:
        return await _load(conn, access.workspace_id)


async def get_schedule(container: Container, access: WorkspaceAccess, schedule_id: UUID) -> Schedule:
    pool = await container.db()
    async with pool.connection() as conn:
        return await _one(conn, access.workspace_id, schedule_id)


async def _one(conn: AsyncConnection, workspace_id: UUID, schedule_id: UUID) -> Schedule:
    found = await _load(conn, workspace_id, schedule_id)
    if not found:
        raise NotFound("No such report schedule in this workspace.", code="report_schedule_not_found")
    return found[0]


def _check_timing(frequency: str, weekday: int | None, day_of_month: int | None) -> None:
    if frequency == "weekly" and (weekday is None or day_of_month is not None):
        raise InvalidInput(
            "A weekly report is sent on a weekday: give `weekday`, not `day_of_month`.",
            code="invalid_schedule",
        )
    if frequency == "monthly" and (day_of_month is None or weekday is not None):
        raise InvalidInput(
            "A monthly report is sent on a day of the month: give `day_of_month`, not `weekday`.",
            code="invalid_schedule",
        )


async def _check_recipients(conn: AsyncConnection, workspace_id: UUID, user_ids: Sequence[UUID]) -> None:
    if not user_ids:
        raise InvalidInput("Pick at least one member to send the report to.", code="no_recipients")
    if len(set(user_ids)) > MAX_RECIPIENTS:
        raise InvalidInput(f"A report goes to at most {MAX_RECIPIENTS} members.", code="too_many_recipients")
    cursor = await conn.execute(
        "SELECT user_id FROM memberships WHERE workspace_id = %s AND user_id = ANY(%s)",
        (workspace_id, list(set(user_ids))),
    )
    members = {r[0] for r in await cursor.fetchall()}
    outsiders = sorted(str(u) for u in set(user_ids) - members)
    if outsiders:
        raise InvalidInput(
            "Reports go only to members of the workspace.",
            code="recipient_not_member",
            details={"user_ids": outsiders},
        )


async def _check_accounts(conn: AsyncConnection, workspace_id: UUID, account_ids: Sequence[UUID]) -> None:
    if not account_ids:
        return
    cursor = await conn.execute(
        "SELECT id FROM social_accounts WHERE workspace_id = %s AND id = ANY(%s)",
        (workspace_id, list(set(account_ids))),
    )
    known = {r[0] for r in await cursor.fetchall()}
    unknown = sorted(str(a) for a in set(account_ids) - known)
    if unknown:
        raise InvalidInput(
            "Some accounts are not in this workspace.",
            code="account_not_found",
            details={"account_ids": unknown},
        )


async def _set_recipients(conn: AsyncConnection, schedule_id: UUID, user_ids: Sequence[UUID]) -> None:
    await conn.execute("DELETE FROM report_schedule_recipients WHERE schedule_id = %s", (schedule_id,))
    await conn.execute(
        "INSERT INTO report_schedule_recipients (schedule_id, user_id) SELECT %s, unnest(%s::uuid[])",
        (schedule_id, sorted(set(user_ids))),
    )


def _audited(schedule: Schedule) -> dict[str, Any]:
    return {
        "name": schedule.name,
        "frequency": schedule.frequency,
        "weekday": schedule.weekday,
        "day_of_month": schedule.day_of_month,
        "hour": schedule.hour,
        "language": schedule.language,
        "recipients": sorted(str(r.user_id) for r in schedule.recipients),
        "account_ids": sorted(str(a) for a in schedule.account_ids),
        "platforms": sorted(schedule.platforms),
    }


async def create_schedule(
    container: Container,
    access: WorkspaceAccess,
    *,
    name: str,
    frequency: Frequency,
    weekday: int | None,
    day_of_month: int | None,
    hour: int,
    language: analytics_report.Language,
    recipients: Sequence[UUID],
    account_ids: Sequence[UUID] = (),
    platforms: Sequence[str] = (),
    ip: str = "",
) -> Schedule:
    _check_timing(frequency, weekday, day_of_month)
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        # Locks the workspace row: two creations at once cannot both pass the count below.
        await conn.execute("SELECT 1 FROM workspaces WHERE id = %s FOR UPDATE", (access.workspace_id,))
        cursor = await conn.execute(
            "SELECT count(*) FROM report_schedules WHERE workspace_id = %s", (access.workspace_id,)
        )
        row = await cursor.fetchone()
        if row is not None and row[0] >= MAX_SCHEDULES:
            raise InvalidInput(
                f"A workspace has at most {MAX_SCHEDULES} report schedules.", code="too_many_schedules"
            )
        await _check_recipients(conn, access.workspace_id, recipients)
        await _check_accounts(conn, access.workspace_id, account_ids)
        cursor = await conn.execute(
            """INSERT INTO report_schedules (workspace_id, name, frequency, weekday, day_of_month, hour,
                                            language, account_ids, platforms, created_by)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id""",
            (
                access.workspace_id,
                name,
                frequency,
                weekday,
                day_of_month,
                hour,
                language,
                sorted(set(account_ids)),
                sorted(set(platforms)),
                access.principal.user_id,
            ),
        )
        created = await cursor.fetchone()
        assert created is not None
        await _set_recipients(conn, created[0], recipients)
        schedule = await _one(conn, access.workspace_id, created[0])
        await record(
            conn,
            AuditEvent.REPORT_SCHEDULE_CREATED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="report_schedule",
            target_id=schedule.id,
            ip=ip,
            details=_audited(schedule),
        )
    return schedule


async def update_schedule(
    container: Container,
    access: WorkspaceAccess,
    schedule_id: UUID,
    *,
    name: str = _UNSET,
    frequency: Frequency = _UNSET,
    weekday: int | None = _UNSET,
    day_of_month: int | None = _UNSET,
    hour: int = _UNSET,
    language: analytics_report.Language = _UNSET,
    recipients: Sequence[UUID] = _UNSET,
    account_ids: Sequence[UUID] = _UNSET,
    platforms: Sequence[str] = _UNSET,
    ip: str = "",
) -> Schedule:
    """Change what is given (`_UNSET` leaves a field as it is; weekday and day_of_month may be None)."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            "SELECT 1 FROM report_schedules WHERE id = %s AND workspace_id = %s FOR UPDATE",
            (schedule_id, access.workspace_id),
        )
        if await cursor.fetchone() is None:
            raise NotFound("No such report schedule in this workspace.", code="report_schedule_not_found")
        before = await _one(conn, access.workspace_id, schedule_id)
        new_frequency = before.frequency if frequency is _UNSET else frequency
        new_weekday = before.weekday if weekday is _UNSET else weekday
        new_day = before.day_of_month if day_of_month is _UNSET else day_of_month
        # Switching frequency drops the other's day unless it was given.
        if frequency is not _UNSET and frequency != before.frequency:
            if frequency == "weekly" and day_of_month is _UNSET:
                new_day = None
            if frequency == "monthly" and weekday is _UNSET:
                new_weekday = None
        _check_timing(new_frequency, new_weekday, new_day)
        if recipients is not _UNSET:
            await _check_recipients(conn, access.workspace_id, recipients)
            await _set_recipients(conn, schedule_id, recipients)
        if account_ids is not _UNSET:
            await _check_accounts(conn, access.workspace_id, account_ids)
        await conn.execute(
            """UPDATE report_schedules SET name = %s, frequency = %s, weekday = %s, day_of_month = %s,
                      hour = %s, language = %s, account_ids = %s, platforms = %s, updated_at = now()
                WHERE id = %s""",
            (
                before.name if name is _UNSET else name,
                new_frequency,
                new_weekday,
                new_day,
                before.hour if hour is _UNSET else hour,
                before.language if language is _UNSET else language,
                before.account_ids if account_ids is _UNSET else sorted(set(account_ids)),
                before.platforms if platforms is _UNSET else sorted(set(platforms)),
                schedule_id,
            ),
        )
        after = await _one(conn, access.workspace_id, schedule_id)
        old, new = _audited(before), _audited(after)
        await record(
            conn,
            AuditEvent.REPORT_SCHEDULE_UPDATED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="report_schedule",
            target_id=schedule_id,
            ip=ip,
            details={"changed": {k: {"from": old[k], "to": new[k]} for k in new if old[k] != new[k]}},
        )
    return after


async def delete_schedule(
    container: Container, access: WorkspaceAccess, schedule_id: UUID, *, ip: str = ""
) -> None:
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            "DELETE FROM report_schedules WHERE id = %s AND workspace_id = %s RETURNING name",
            (schedule_id, access.workspace_id),
        )
        row = await cursor.fetchone()
        if row is None:
            raise NotFound("No such report schedule in this workspace.", code="report_schedule_not_found")
        await record(
            conn,
            AuditEvent.REPORT_SCHEDULE_DELETED,
            actor=access.principal.user_id,
            workspace=access.workspace_id,
            target_type="report_schedule",
            target_id=schedule_id,
            ip=ip,
            details={"name": row[0]},
        )


# --- sending --------------------------------------------------------------------------------------


async def _claim(conn: AsyncConnection, schedule_id: UUID, due: Occurrence, now: datetime) -> bool:
    """Take the period for this run: a new row, or one whose earlier claim lapsed unsent."""
    cursor = await conn.execute(
        """INSERT INTO report_deliveries (schedule_id, period_start, period_end, claimed_until)
           VALUES (%(s)s, %(first)s, %(last)s, %(until)s)
           ON CONFLICT (schedule_id, period_start) DO UPDATE SET claimed_until = EXCLUDED.claimed_until
           WHERE report_deliveries.sent_at IS NULL AND report_deliveries.claimed_until < %(now)s
           RETURNING 1""",
        {
            "s": schedule_id,
            "first": due.first,
            "last": due.last,
            "until": now + timedelta(minutes=CLAIM_MINUTES),
            "now": now,
        },
    )
    return await cursor.fetchone() is not None


async def send_due(container: Container, *, now: datetime | None = None) -> dict[str, int]:
    """Send every schedule's report whose latest occurrence has come and was not sent yet."""
    now = now or datetime.now(UTC)
    counts = {"reports": 0, "emails": 0, "skipped_recipients": 0, "failed": 0}
    pool = await container.db()
    async with pool.connection() as conn:
        schedules = await _load(conn, None)
        cursor = await conn.execute(
            "SELECT id, default_timezone, name FROM workspaces WHERE id = ANY(%s)",
            (sorted({s.workspace_id for s in schedules}),),
        )
        workspaces = {r[0]: (str(r[1]), str(r[2])) for r in await cursor.fetchall()}
    for schedule in schedules:
        zone, _ = workspaces[schedule.workspace_id]
        due = latest_occurrence(schedule, zone, now)
        if due.at < schedule.created_at:
            continue  # the schedule did not exist yet at that occurrence
        async with pool.connection() as conn:
            if not await _claim(conn, schedule.id, due, now):
                continue
        try:
            sent, skipped, complete = await _send(container, schedule, due)
        except Exception:
            log.exception("a scheduled report failed", extra={"schedule_id": str(schedule.id)})
            complete, sent, skipped = False, 0, 0
        counts["emails"] += sent
        counts["skipped_recipients"] += skipped
        async with pool.connection() as conn:
            if complete:
                await conn.execute(
                    "UPDATE report_deliveries SET sent_at = %s WHERE schedule_id = %s AND period_start = %s",
                    (now, schedule.id, due.first),
                )
                counts["reports"] += 1
            else:  # release it: the next run sends to whoever did not get it
                await conn.execute(
                    "UPDATE report_deliveries SET claimed_until = %s"
                    " WHERE schedule_id = %s AND period_start = %s",
                    (now, schedule.id, due.first),
                )
                counts["failed"] += 1
    return counts


async def _send(container: Container, schedule: Schedule, due: Occurrence) -> tuple[int, int, bool]:
    """(emails sent, recipients skipped, whether every member now has it)."""
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT r.user_id FROM report_schedule_recipients r
                JOIN report_schedules s ON s.id = r.schedule_id
                JOIN memberships m ON m.workspace_id = s.workspace_id AND m.user_id = r.user_id
                WHERE r.schedule_id = %s
                  AND NOT EXISTS (SELECT 1 FROM report_delivery_recipients d
                                   WHERE d.schedule_id = r.schedule_id AND d.period_start = %s
                                     AND d.user_id = r.user_id)""",
            (schedule.id, due.first),
        )
        waiting = {r[0] for r in await cursor.fetchall()}
    skipped = sum(1 for r in schedule.recipients if not r.member)
    to_send = [r for r in schedule.recipients if r.user_id in waiting]
    if not to_send:
        return 0, skipped, True
    access = WorkspaceAccess(
        schedule.workspace_id,
        Role.VIEWER,
        Principal(to_send[0].user_id, is_platform_admin=False, method=AuthMethod.BEARER),
    )
    data, pdf = await analytics_report.build(
        container, access, due.first, due.last, schedule.filters, schedule.language
    )
    report = Attachment(
        filename=analytics_report.filename(data, schedule.language),
        content_type="application/pdf",
        content=pdf,
    )
    link = (
        f"{container.settings.public_base_url.rstrip('/')}/app/workspaces/{schedule.workspace_id}/analytics"
    )
    sent, complete = 0, True
    for recipient in to_send:
        try:
            await container.mailer.send_analytics_report(
                recipient.email,
                name=recipient.name or recipient.email.split("@")[0],
                workspace_name=data.workspace_name,
                frequency=schedule.frequency,
                first=due.first.isoformat(),
                last=due.last.isoformat(),
                language=schedule.language,
                link=link,
                report=report,
            )
        except EmailDeliveryFailed as exc:
            log.warning(
                "a scheduled report was not delivered: %s",
                exc.message,
                extra={"schedule_id": str(schedule.id)},
            )
            complete = False
            continue
        async with pool.connection() as conn:
            await conn.execute(
                "INSERT INTO report_delivery_recipients (schedule_id, period_start, user_id)"
                " VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (schedule.id, due.first, recipient.user_id),
            )
        sent += 1
    log.info(
        "scheduled report sent",
        extra={"schedule_id": str(schedule.id), "period_start": due.first.isoformat(), "emails": sent},
    )
    return sent, skipped, complete
