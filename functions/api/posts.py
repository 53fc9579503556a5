"""/api/v1/workspaces/{ws}/posts: write once, publish to many accounts."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field, model_validator

from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import workspace
from shared.bootstrap import Container
from shared.domain.errors import InvalidInput
from shared.domain.permissions import Permission
from shared.services import posts
from shared.services.principals import WorkspaceAccess
from shared.services.workspaces import check_timezone

router = APIRouter(prefix="/workspaces/{ws}/posts", tags=["posts"])

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "workspace_not_found, post_not_found"},
    422: {
        "model": ErrorResponse,
        "description": "validation_failed; invalid_targets (details.targets lists every "
        "problem per account id); schedule_required, scheduled_in_past, timezone_required, invalid_timezone, "
        "nonexistent_local_time",
    },
}


class TargetIn(BaseModel):
    account_id: UUID
    text: str | None = Field(
        None, max_length=100_000, description="Replaces the post's text for this account."
    )
    options: dict[str, Any] = Field(
        default_factory=dict, description="Platform options (title, privacy, ...)."
    )
    media_ids: list[UUID] | None = Field(
        None, max_length=20, description="Replaces the post's media for this account ([] for none)."
    )


class PostIn(BaseModel):
    text: str = Field("", max_length=100_000)
    media_ids: list[UUID] = Field(default_factory=list, max_length=20)
    targets: list[TargetIn] = Field(min_length=1, max_length=posts.MAX_TARGETS)
    scheduled_at: datetime | None = Field(
        None, description="ISO 8601 with offset, or local time with `timezone`."
    )
    timezone: str | None = Field(None, description="IANA zone for a local scheduled_at.")
    publish_now: bool = False
    draft: bool = False
    recurrence: str | None = Field(
        None,
        max_length=500,
        examples=["FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"],
        description="RFC 5545 RRULE repeating from scheduled_at, in `timezone` (DST keeps the local time).",
    )

    @model_validator(mode="after")
    def _one_schedule(self) -> PostIn:
        if self.publish_now and (self.draft or self.scheduled_at is not None):
            raise ValueError("publish_now excludes scheduled_at and draft")
        return self


class TargetError(BaseModel):
    code: str
    message: str


class TargetOut(BaseModel):
    id: UUID
    account_id: UUID
    platform: str
    handle: str
    status: str
    scheduled_at: datetime | None
    published_at: datetime | None
    external_id: str | None
    external_url: str | None
    attempts: int
    error: TargetError | None
    next_attempt_at: datetime | None = Field(None, description="When a waiting retry is due (retry_wait).")


class PostOut(BaseModel):
    id: UUID
    status: str
    text: str
    media: list[UUID] = Field(default_factory=list)
    scheduled_at: datetime | None
    timezone: str
    created_by: UUID | None
    created_at: datetime
    targets: list[TargetOut]

    @classmethod
    def of(cls, post: posts.PostView) -> PostOut:
        return cls(
            id=post.id,
            status=post.status,
            text=post.text,
            media=post.media_ids,
            scheduled_at=post.scheduled_at,
            timezone=post.timezone,
            created_by=post.created_by,
            created_at=post.created_at,
            targets=[
                TargetOut(
                    id=t.id,
                    account_id=t.account_id,
                    platform=t.platform,
                    handle=t.handle,
                    status=t.status,
                    scheduled_at=t.scheduled_at,
                    published_at=t.published_at,
                    external_id=t.external_id,
                    external_url=t.external_url,
                    attempts=t.attempts,
                    error=TargetError(code=t.error_code, message=t.error_message or "")
                    if t.error_code
                    else None,
                    next_attempt_at=t.next_attempt_at,
                )
                for t in post.targets
            ],
        )


class PostPage(BaseModel):
    items: list[PostOut]
    next_cursor: str | None


def _cursor(post: posts.PostView, sort: str) -> str:
    at = post.scheduled_at if sort == "scheduled" and post.scheduled_at else post.created_at
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{post.id}".encode()).decode()


def _decode(cursor: str) -> tuple[datetime, UUID]:
    try:
        at, post_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return datetime.fromisoformat(at), UUID(post_id)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput("The cursor is not one we gave out.", code="invalid_cursor") from exc


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=PostOut,
    responses=ERRORS,
    summary="Create a post for up to 1,000 accounts: now, scheduled, or as a draft",
)
async def create_post(
    body: PostIn,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
) -> PostOut:
    return PostOut.of(await posts.create_post(container, access, _post_input(body)))


def _post_input(body: PostIn) -> posts.PostInput:
    return posts.PostInput(
        text=body.text,
        media_ids=body.media_ids,
        targets=[posts.TargetInput(t.account_id, t.text, t.options, t.media_ids) for t in body.targets],
        scheduled_at=body.scheduled_at,
        timezone=body.timezone,
        publish_now=body.publish_now,
        draft=body.draft,
        recurrence=body.recurrence,
    )


class TargetPreviewOut(BaseModel):
    account_id: UUID
    platform: str
    handle: str
    text: str = Field(description="What this account would receive.")
    length: int = Field(description="Characters, counted as the platform counts them.")
    max_length: int
    media_count: int
    problems: list[TargetError] = Field(description="Empty when this account can take the post.")


class PreviewOut(BaseModel):
    ok: bool
    targets: list[TargetPreviewOut]


@router.post(
    "/preview",
    response_model=PreviewOut,
    responses=ERRORS,
    summary="Per-account rendering and every problem, without saving anything",
)
async def preview_post(
    body: PostIn,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
) -> PreviewOut:
    previews = await posts.preview_post(container, access, _post_input(body))
    targets = [
        TargetPreviewOut(
            account_id=p.account_id,
            platform=p.platform,
            handle=p.handle,
            text=p.text,
            length=p.length,
            max_length=p.max_length,
            media_count=p.media_count,
            problems=[TargetError(**problem) for problem in p.problems],
        )
        for p in previews
    ]
    return PreviewOut(ok=not any(t.problems for t in targets), targets=targets)


@router.post(
    "/{post_id}/duplicate",
    status_code=status.HTTP_201_CREATED,
    response_model=PostOut,
    responses=ERRORS,
    summary="A new draft with the same content and accounts",
)
async def duplicate_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
) -> PostOut:
    return PostOut.of(await posts.duplicate_post(container, access, post_id))


@router.get(
    "",
    response_model=PostPage,
    responses=ERRORS,
    summary="Posts, filtered and keyset-paged (newest first, or soonest scheduled first)",
)
async def list_posts(  # noqa: PLR0917 - one parameter per documented query filter
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_READ)],
    container: ContainerDep,
    status_filter: Annotated[str | None, Query(alias="status")] = None,
    account_id: UUID | None = None,
    platform: str | None = None,
    scheduled_from: datetime | None = None,
    scheduled_to: datetime | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Text the post contains")] = None,
    sort: Annotated[Literal["created", "scheduled"], Query()] = "created",
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: str | None = None,
) -> PostPage:
    filters = posts.PostFilters(
        status=status_filter,
        account_id=account_id,
        platform=platform,
        scheduled_from=scheduled_from,
        scheduled_to=scheduled_to,
        text=q,
        sort=sort,
    )
    found = await posts.list_posts(
        container, access, filters=filters, limit=limit + 1, after=_decode(cursor) if cursor else None
    )
    items = found[:limit]
    return PostPage(
        items=[PostOut.of(p) for p in items],
        next_cursor=_cursor(items[-1], sort) if len(found) > limit else None,
    )


@router.get(
    "/{post_id}", response_model=PostOut, responses=ERRORS, summary="One post with every target's state"
)
async def get_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_READ)],
    container: ContainerDep,
) -> PostOut:
    return PostOut.of(await posts.get_post(container, access, post_id))


@router.post(
    "/{post_id}/cancel",
    response_model=PostOut,
    responses=ERRORS,
    summary="Cancel every target that has not started publishing",
)
async def cancel_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
    series: Annotated[
        bool, Query(description="Also end the recurrence and cancel future occurrences")
    ] = False,
) -> PostOut:
    return PostOut.of(await posts.cancel_post(container, access, post_id, series=series))


class ReviewIn(BaseModel):
    comment: str = Field("", max_length=2000)


class PostPatch(BaseModel):
    text: str | None = Field(None, max_length=100_000)
    scheduled_at: datetime | None = None
    timezone: str | None = None


@router.post(
    "/{post_id}/approve",
    response_model=PostOut,
    responses=ERRORS,
    summary="Approve a contributor's post: it is scheduled (now, if its time has passed)",
)
async def approve_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_APPROVE)],
    container: ContainerDep,
    body: ReviewIn | None = None,
) -> PostOut:
    comment = body.comment if body else ""
    return PostOut.of(await posts.review_post(container, access, post_id, approve=True, comment=comment))


@router.post(
    "/{post_id}/reject",
    response_model=PostOut,
    responses=ERRORS,
    summary="Send a post back to its author as a draft, with a comment",
)
async def reject_post(
    post_id: UUID,
    body: ReviewIn,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_APPROVE)],
    container: ContainerDep,
) -> PostOut:
    return PostOut.of(
        await posts.review_post(container, access, post_id, approve=False, comment=body.comment)
    )


@router.post(
    "/{post_id}/retry",
    response_model=PostOut,
    responses=ERRORS,
    summary="Publish failed and unconfirmed targets again, now",
)
async def retry_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_PUBLISH)],
    container: ContainerDep,
) -> PostOut:
    return PostOut.of(await posts.retry_post(container, access, post_id))


@router.patch(
    "/{post_id}",
    response_model=PostOut,
    responses=ERRORS,
    summary="Change text or time; queued targets are pulled back, published ones cannot change",
)
async def update_post(
    post_id: UUID,
    body: PostPatch,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
) -> PostOut:
    change = posts.PostUpdate(text=body.text, scheduled_at=body.scheduled_at, timezone=body.timezone)
    return PostOut.of(await posts.update_post(container, access, post_id, change))


@router.delete(
    "/{post_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=ERRORS,
    summary="Delete a post that has not gone out anywhere",
)
async def delete_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
) -> Response:
    await posts.delete_post(container, access, post_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


calendar_router = APIRouter(prefix="/workspaces/{ws}", tags=["posts"])


class CalendarPost(BaseModel):
    post_id: UUID
    status: str
    text: str
    scheduled_at: datetime
    platforms: list[str]


class CalendarDay(BaseModel):
    date: str = Field(description="YYYY-MM-DD in the requested time zone")
    posts: list[CalendarPost]


class Calendar(BaseModel):
    timezone: str
    days: list[CalendarDay]


@calendar_router.get(
    "/calendar",
    response_model=Calendar,
    responses=ERRORS,
    summary="Scheduled posts between two instants, grouped by day in a time zone",
)
async def calendar(
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_READ)],
    container: ContainerDep,
    start: Annotated[datetime, Query(alias="from")],
    end: Annotated[datetime, Query(alias="to")],
    timezone: Annotated[str | None, Query(description="IANA zone; default: yours")] = None,
) -> Calendar:
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput("Give from and to with a UTC offset.", code="timezone_required")
    zone = timezone or await _user_timezone(container, access)
    check_timezone(zone)
    days = await posts.calendar(container, access, start=start, end=end, timezone=zone)
    return Calendar(
        timezone=zone,
        days=[
            CalendarDay(date=day, posts=[CalendarPost(**vars(entry)) for entry in entries])
            for day, entries in sorted(days.items())
        ],
    )


async def _user_timezone(container: Container, access: WorkspaceAccess) -> str:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT timezone FROM users WHERE id = %s", (access.principal.user_id,))
        row = await cursor.fetchone()
    return str(row[0]) if row else "UTC"
