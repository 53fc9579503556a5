"""/api/v1/workspaces/{ws}/analytics/report.pdf and the report schedules.

The PDF report of a period (shared/services/analytics_report.py) takes the same period and filters as
the other analytics views; scheduled reports (shared/services/report_schedules.py) email it weekly or
monthly to the members an owner or admin picks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from functions.api.analytics import RANGE_ERRORS, AccountIds, From, Platforms, To, _errors, _filters
from functions.api.deps import ContainerDep
from functions.api.security import ClientDep, workspace
from shared.domain.errors import InvalidInput
from shared.domain.permissions import Permission
from shared.services import analytics_report, analytics_views, report_schedules
from shared.services.principals import WorkspaceAccess

router = APIRouter(prefix="/workspaces/{ws}", tags=["analytics"])

Lang = Annotated[
    Literal["en", "ar"],
    Query(description="The report's language: en, or ar (Arabic, laid out right to left)."),
]


@router.get(
    "/analytics/report.pdf",
    response_class=Response,
    responses={
        200: {
            "description": "The report as a PDF file (Content-Disposition: attachment).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
        **_errors({422: RANGE_ERRORS}),
    },
    summary="The analytics report of a period as a PDF, in English or Arabic",
    description=(
        "Totals with their change against the previous period of the same length, charts (followers "
        "over time, engagement by platform, posts per day), the top posts by engagements and the best "
        "times to post (from the 90 days up to `to`), with the engagement rate's definition. The "
        "figures are those of analytics/summary, analytics/followers, analytics/posts and "
        "analytics/best-times for the same period and filters."
    ),
)
async def report_pdf(  # noqa: PLR0917 - one parameter per documented filter
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_READ)],
    container: ContainerDep,
    start: From = None,
    end: To = None,
    account_ids: AccountIds = None,
    platforms: Platforms = None,
    lang: Lang = "en",
) -> Response:
    data, pdf = await analytics_report.build(
        container, access, start, end, _filters(account_ids, platforms), lang
    )
    return Response(
        content=pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{analytics_report.filename(data, lang)}"',
            "Cache-Control": "no-store",
        },
    )


# --- report schedules -----------------------------------------------------------------------------

Manage = Annotated[WorkspaceAccess, workspace(Permission.WORKSPACE_UPDATE)]
PlatformName = Annotated[str, Field(min_length=1, max_length=40)]
SCHEDULE_ERRORS = (
    "validation_failed; invalid_schedule (weekly needs `weekday`, monthly `day_of_month`, not both); "
    "no_recipients; too_many_recipients (over 50); recipient_not_member (details.user_ids); "
    "account_not_found (details.account_ids); too_many_schedules (over 20 in a workspace)"
)
NOT_FOUND = "report_schedule_not_found"


class ScheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field("Analytics report", min_length=1, max_length=100)
    frequency: Literal["weekly", "monthly"] = Field(
        description="weekly: the 7 days before the day it is sent; monthly: the calendar month before."
    )
    weekday: int | None = Field(None, ge=0, le=6, description="Weekly: 0 Monday … 6 Sunday.")
    day_of_month: int | None = Field(None, ge=1, le=28, description="Monthly: 1 to 28.")
    hour: int = Field(ge=0, le=23, description="The hour it is sent at, in the workspace's zone.")
    language: Literal["en", "ar"] = Field("en", description="Of the PDF and the email.")
    recipients: list[UUID] = Field(
        min_length=1, max_length=50, description="User ids of members of the workspace."
    )
    account_ids: list[UUID] = Field(
        default_factory=list, max_length=1000, description="Only these accounts; empty: all."
    )
    platforms: list[PlatformName] = Field(
        default_factory=list, max_length=50, description="Only these platforms; empty: all."
    )


class ScheduleUpdate(BaseModel):
    """Only the fields given change. Switching `frequency` drops the other frequency's day."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=100)
    frequency: Literal["weekly", "monthly"] | None = None
    weekday: int | None = Field(None, ge=0, le=6)
    day_of_month: int | None = Field(None, ge=1, le=28)
    hour: int | None = Field(None, ge=0, le=23)
    language: Literal["en", "ar"] | None = None
    recipients: list[UUID] | None = Field(None, min_length=1, max_length=50)
    account_ids: list[UUID] | None = Field(None, max_length=1000)
    platforms: list[PlatformName] | None = Field(None, max_length=50)


class RecipientOut(BaseModel):
    user_id: UUID
    email: str
    name: str
    member: bool = Field(description="False: has left the workspace since; not sent the report.")


class PeriodOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    start: date = Field(alias="from")
    end: date = Field(alias="to")


class ScheduleOut(BaseModel):
    id: UUID
    name: str
    frequency: Literal["weekly", "monthly"]
    weekday: int | None
    day_of_month: int | None
    hour: int
    zone: str = Field(description="The workspace's zone, which `hour` is in.")
    language: Literal["en", "ar"]
    recipients: list[RecipientOut]
    account_ids: list[UUID]
    platforms: list[str]
    created_by: UUID | None
    created_at: datetime
    updated_at: datetime
    next_send_at: datetime = Field(description="When the next report goes out.")
    next_period: PeriodOut = Field(description="The days it will cover.")

    @classmethod
    def of(cls, schedule: report_schedules.Schedule, zone: str) -> ScheduleOut:
        upcoming = report_schedules.next_occurrence(schedule, zone, datetime.now(UTC))
        return cls(
            id=schedule.id,
            name=schedule.name,
            frequency=schedule.frequency,
            weekday=schedule.weekday,
            day_of_month=schedule.day_of_month,
            hour=schedule.hour,
            zone=zone,
            language=schedule.language,
            recipients=[
                RecipientOut(user_id=r.user_id, email=r.email, name=r.name, member=r.member)
                for r in schedule.recipients
            ],
            account_ids=schedule.account_ids,
            platforms=schedule.platforms,
            created_by=schedule.created_by,
            created_at=schedule.created_at,
            updated_at=schedule.updated_at,
            next_send_at=upcoming.at,
            next_period=PeriodOut(start=upcoming.first, end=upcoming.last),
        )


async def _zone(container: ContainerDep, access: WorkspaceAccess) -> str:
    return (await analytics_views.workspace(container, access)).zone


@router.get(
    "/analytics/report-schedules",
    response_model=list[ScheduleOut],
    summary="The workspace's scheduled reports (owners and admins)",
)
async def list_report_schedules(access: Manage, container: ContainerDep) -> list[ScheduleOut]:
    zone = await _zone(container, access)
    return [ScheduleOut.of(s, zone) for s in await report_schedules.list_schedules(container, access)]


@router.post(
    "/analytics/report-schedules",
    status_code=status.HTTP_201_CREATED,
    response_model=ScheduleOut,
    responses=_errors({422: SCHEDULE_ERRORS}),
    summary="Email the analytics report weekly or monthly to members (owners and admins)",
    description=(
        "The report's PDF (as analytics/report.pdf gives it, in the schedule's language, with its "
        "accounts and platforms) is emailed to each recipient at `hour` in the workspace's zone: weekly "
        "on `weekday`, for the 7 days before, or monthly on `day_of_month`, for the calendar month before. "
        "Each period is sent once; recipients who left the workspace are skipped. Audited."
    ),
)
async def create_report_schedule(
    body: ScheduleIn, access: Manage, container: ContainerDep, client: ClientDep
) -> ScheduleOut:
    created = await report_schedules.create_schedule(
        container,
        access,
        name=body.name,
        frequency=body.frequency,
        weekday=body.weekday,
        day_of_month=body.day_of_month,
        hour=body.hour,
        language=body.language,
        recipients=body.recipients,
        account_ids=body.account_ids,
        platforms=body.platforms,
        ip=client.ip,
    )
    return ScheduleOut.of(created, await _zone(container, access))


@router.get(
    "/analytics/report-schedules/{schedule_id}",
    response_model=ScheduleOut,
    responses=_errors({404: NOT_FOUND}),
    summary="One scheduled report (owners and admins)",
)
async def get_report_schedule(schedule_id: UUID, access: Manage, container: ContainerDep) -> ScheduleOut:
    found = await report_schedules.get_schedule(container, access, schedule_id)
    return ScheduleOut.of(found, await _zone(container, access))


@router.patch(
    "/analytics/report-schedules/{schedule_id}",
    response_model=ScheduleOut,
    responses=_errors({404: NOT_FOUND, 422: SCHEDULE_ERRORS}),
    summary="Change a scheduled report (owners and admins)",
    description="Only the fields given change. Audited with what changed.",
)
async def update_report_schedule(
    schedule_id: UUID, body: ScheduleUpdate, access: Manage, container: ContainerDep, client: ClientDep
) -> ScheduleOut:
    given = body.model_dump(exclude_unset=True)
    for field in ("name", "frequency", "hour", "language", "recipients", "account_ids", "platforms"):
        if field in given and given[field] is None:
            raise InvalidInput(f"`{field}` cannot be null.", code="validation_failed")
    updated = await report_schedules.update_schedule(container, access, schedule_id, ip=client.ip, **given)
    return ScheduleOut.of(updated, await _zone(container, access))


@router.delete(
    "/analytics/report-schedules/{schedule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=_errors({404: NOT_FOUND}),
    summary="Stop a scheduled report (owners and admins)",
)
async def delete_report_schedule(
    schedule_id: UUID, access: Manage, container: ContainerDep, client: ClientDep
) -> Response:
    await report_schedules.delete_schedule(container, access, schedule_id, ip=client.ip)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
