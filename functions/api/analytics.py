"""/api/v1/workspaces/{ws}/...: the figures the analytics collector stored (not read live from platforms)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import workspace
from shared.domain.permissions import Permission
from shared.services import analytics
from shared.services.principals import WorkspaceAccess

router = APIRouter(prefix="/workspaces/{ws}", tags=["analytics"])

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "workspace_not_found, post_not_found, account_not_found"},
    422: {"model": ErrorResponse, "description": "validation_failed, invalid_range"},
}
DEFAULT_HISTORY = timedelta(days=30)


class TargetMetricsOut(BaseModel):
    target_id: UUID
    account_id: UUID
    platform: str
    handle: str
    external_id: str | None
    metrics: dict[str, int] | None = Field(
        description="The latest snapshot's figures, named as the platform's catalog entry lists them; "
        "null until the first collection after publishing."
    )
    fetched_at: datetime | None


class PostMetricsOut(BaseModel):
    post_id: UUID
    targets: list[TargetMetricsOut]


class SnapshotOut(BaseModel):
    fetched_at: datetime
    followers: int | None
    metrics: dict[str, int]


class AccountHistoryOut(BaseModel):
    account_id: UUID
    platform: str
    items: list[SnapshotOut] = Field(description="Hourly snapshots, oldest first.")
    next_from: datetime | None = Field(
        description="Pass as `from` for the rest of the range when `limit` cut this page short; else null."
    )


@router.get(
    "/posts/{post_id}/metrics",
    response_model=PostMetricsOut,
    responses=ERRORS,
    summary="The latest collected figures of each target of a post",
)
async def post_metrics(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_READ)],
    container: ContainerDep,
) -> PostMetricsOut:
    found = await analytics.post_metrics(container, access, post_id)
    return PostMetricsOut(
        post_id=post_id,
        targets=[
            TargetMetricsOut(
                target_id=t.target_id,
                account_id=t.account_id,
                platform=t.platform,
                handle=t.handle,
                external_id=t.external_id,
                metrics=t.metrics,
                fetched_at=t.fetched_at,
            )
            for t in found
        ],
    )


@router.get(
    "/accounts/{account_id}/metrics/history",
    response_model=AccountHistoryOut,
    responses=ERRORS,
    summary="An account's collected audience figures over time",
)
async def account_metrics_history(  # noqa: PLR0917 - one parameter per documented query filter
    account_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.ANALYTICS_READ)],
    container: ContainerDep,
    start: Annotated[
        datetime | None, Query(alias="from", description="Inclusive; default 30 days before `to`.")
    ] = None,
    end: Annotated[datetime | None, Query(alias="to", description="Exclusive; default now.")] = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 1000,
) -> AccountHistoryOut:
    end = end or datetime.now(UTC)
    history = await analytics.account_history(
        container, access, account_id, start=start or end - DEFAULT_HISTORY, end=end, limit=limit
    )
    return AccountHistoryOut(
        account_id=history.account.id,
        platform=history.account.platform,
        items=[
            SnapshotOut(fetched_at=s.fetched_at, followers=s.followers, metrics=s.metrics)
            for s in history.items
        ],
        next_from=history.next_from,
    )
