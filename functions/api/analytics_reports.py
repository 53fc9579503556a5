"""/api/v1/workspaces/{ws}/analytics/report.pdf and the report schedules.

The PDF report of a period (shared/services/analytics_report.py) takes the same period and filters as
the other analytics views; scheduled reports (shared/services/report_schedules.py) email it weekly or
monthly to the members an owner or admin picks.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from functions.api.analytics import RANGE_ERRORS, AccountIds, From, Platforms, To, _errors, _filters
from functions.api.deps import ContainerDep
from functions.api.security import workspace
from shared.domain.permissions import Permission
from shared.services import analytics_report
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
