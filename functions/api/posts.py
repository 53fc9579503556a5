"""/api/v1/workspaces/{ws}/posts: write once, publish to many accounts; review, series, calendar."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated, Any, Literal, get_args
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field, model_validator

from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import ClientDep, workspace
from shared.domain.errors import InvalidInput
from shared.domain.permissions import Permission
from shared.domain.posts import Ambiguity
from shared.services import approvals, post_changes, posts, recurrence
from shared.services.post_changes import Scope
from shared.services.principals import WorkspaceAccess
from shared.services.workspaces import check_timezone

router = APIRouter(prefix="/workspaces/{ws}/posts", tags=["posts"])

PostStatus = Literal[
    "draft",
    "pending_approval",
    "scheduled",
    "publishing",
    "published",
    "partially_published",
    "failed",
    "cancelled",
]
TargetStatusName = Literal[
    "draft",
    "pending_approval",
    "scheduled",
    "queued",
    "publishing",
    "processing",
    "published",
    "retry_wait",
    "failed",
    "unconfirmed",
    "cancelled",
]


def _errors(**by_status: str) -> dict[int | str, dict[str, Any]]:
    """The documented failures of a route: status → the stable codes it can answer with."""
    documented: dict[int | str, dict[str, Any]] = {
        404: {"model": ErrorResponse, "description": "workspace_not_found, post_not_found"},
    }
    for key, codes in by_status.items():
        documented[int(key.removeprefix("s"))] = {"model": ErrorResponse, "description": codes}
    return documented


SCHEDULE_ERRORS = (
    "schedule_required, scheduled_in_past, scheduled_too_far, timezone_required, invalid_timezone, "
    "timezone_mismatch, nonexistent_local_time, ambiguous_local_time (details.earlier and details.later "
    "are the two instants; pick one with `ambiguous`)"
)
TARGET_ERRORS = (
    "invalid_targets (details.targets lists every problem per account id), invalid_target_count, "
    "duplicate_target, media_not_found"
)
RULE_ERRORS = (
    "permission_denied (the role does not allow it), not_post_author (contributors act only on their own "
    "posts), post_approved (an approved post is no longer its contributor's to change), email_not_verified"
)
CREATE_ERRORS = _errors(
    s403="permission_denied, email_not_verified (verify your email before publishing)",
    s422=f"validation_failed; {TARGET_ERRORS}; {SCHEDULE_ERRORS}; invalid_recurrence, recurrence_needs_start",
)
READ_ERRORS = _errors(s422="validation_failed, invalid_cursor")


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
        None,
        description="ISO 8601 with offset, or a local time read in `timezone` (the workspace's zone when "
        "left out). It must be ahead of now; use publish_now to send at once.",
    )
    timezone: str | None = Field(
        None, description="IANA zone of the post; with an offset in scheduled_at, the two must agree."
    )
    ambiguous: Ambiguity | None = Field(
        None, description="For a local time that happens twice (the autumn change): which one is meant."
    )
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


def _targets(items: list[TargetIn]) -> list[posts.TargetInput]:
    return [posts.TargetInput(t.account_id, t.text, t.options, t.media_ids) for t in items]


def _post_input(body: PostIn) -> posts.PostInput:
    return posts.PostInput(
        text=body.text,
        media_ids=body.media_ids,
        targets=_targets(body.targets),
        scheduled_at=body.scheduled_at,
        timezone=body.timezone,
        publish_now=body.publish_now,
        draft=body.draft,
        recurrence=body.recurrence,
        ambiguous=body.ambiguous,
    )


class TargetError(BaseModel):
    code: str
    message: str


class Problem(BaseModel):
    code: str
    message: str
    details: Any = None


class TargetOut(BaseModel):
    id: UUID
    account_id: UUID
    platform: str
    handle: str
    status: TargetStatusName
    scheduled_at: datetime | None
    published_at: datetime | None
    external_id: str | None
    external_url: str | None
    attempts: int
    error: TargetError | None
    next_attempt_at: datetime | None = Field(None, description="When a waiting retry is due (retry_wait).")
    text: str | None = Field(None, description="This account's own text, when it differs from the post's.")
    media_ids: list[UUID] | None = Field(None, description="This account's own media, when they differ.")
    options: dict[str, Any] = Field(default_factory=dict)


class ReviewOut(BaseModel):
    action: Literal["submitted", "approved", "rejected", "reopened"]
    by: UUID | None
    by_name: str | None
    comment: str | None
    at: datetime


class PostOut(BaseModel):
    id: UUID
    status: PostStatus = Field(
        description="Derived from the targets' states; partially_published when some "
        "published and some failed."
    )
    text: str
    media: list[UUID] = Field(default_factory=list)
    scheduled_at: datetime | None
    timezone: str
    created_by: UUID | None
    created_at: datetime
    updated_at: datetime | None = None
    series_id: UUID | None = Field(None, description="The series this occurrence belongs to, if it repeats.")
    recurrence: str | None = Field(None, description="The series' rule.")
    approved_by: UUID | None = Field(None, description="Who released it for publishing, if anyone did.")
    approved_at: datetime | None = None
    review: ReviewOut | None = Field(
        None, description="The latest review step; a rejection keeps the reviewer's comment here."
    )
    targets: list[TargetOut]

    @classmethod
    def of(cls, post: posts.PostView) -> PostOut:
        review = post.last_review
        return cls(
            id=post.id,
            status=post.status,
            text=post.text,
            media=post.media_ids,
            scheduled_at=post.scheduled_at,
            timezone=post.timezone,
            created_by=post.created_by,
            created_at=post.created_at,
            updated_at=post.updated_at,
            series_id=post.series_id,
            recurrence=post.recurrence,
            approved_by=post.approved_by,
            approved_at=post.approved_at,
            review=None
            if review is None
            else ReviewOut(
                action=review.action,
                by=review.actor_id,
                by_name=review.actor_name,
                comment=review.comment,
                at=review.at,
            ),
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
                    text=t.text,
                    media_ids=t.media_ids,
                    options=t.options,
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


def _page(found: list[posts.PostView], limit: int, sort: str) -> PostPage:
    items = found[:limit]
    return PostPage(
        items=[PostOut.of(p) for p in items],
        next_cursor=_cursor(items[-1], sort) if len(found) > limit else None,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=PostOut,
    responses=CREATE_ERRORS,
    summary="Create a post for up to 1,000 accounts: now, scheduled, or as a draft",
)
async def create_post(
    body: PostIn,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
    client: ClientDep,
) -> PostOut:
    return PostOut.of(await posts.create_post(container, access, _post_input(body), ip=client.ip))


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
    ok: bool = Field(description="Whether saving this post would succeed now.")
    scheduled_at: datetime | None = Field(None, description="The instant the time resolves to, when it does.")
    timezone: str
    problems: list[Problem] = Field(
        description="The post's own problems: its time, recurrence, shape, media."
    )
    targets: list[TargetPreviewOut]
    occurrences: list[datetime] = Field(
        default_factory=list,
        description="For a repeating post: its first instants (the first one included), by the saved rule.",
    )


@router.post(
    "/preview",
    response_model=PreviewOut,
    responses=_errors(s403="permission_denied", s422="validation_failed"),
    summary="Per-account rendering and every problem, by the same rules as saving, without saving anything",
)
async def preview_post(
    body: PostIn,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
) -> PreviewOut:
    preview = await posts.preview_post(container, access, _post_input(body))
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
        for p in preview.targets
    ]
    problems = [Problem(**problem) for problem in preview.problems]
    return PreviewOut(
        ok=not problems and not any(t.problems for t in targets),
        scheduled_at=preview.scheduled_at,
        timezone=preview.timezone,
        problems=problems,
        targets=targets,
        occurrences=preview.occurrences,
    )


@router.post(
    "/{post_id}/duplicate",
    status_code=status.HTTP_201_CREATED,
    response_model=PostOut,
    responses=_errors(s403="permission_denied"),
    summary="A new draft with the same content and accounts",
)
async def duplicate_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
    client: ClientDep,
) -> PostOut:
    return PostOut.of(await posts.duplicate_post(container, access, post_id, ip=client.ip))


@router.get(
    "",
    response_model=PostPage,
    responses=READ_ERRORS,
    summary="Posts, filtered and keyset-paged (newest first, or soonest scheduled first)",
)
async def list_posts(  # noqa: PLR0917 - one parameter per documented query filter
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_READ)],
    container: ContainerDep,
    status_filter: Annotated[PostStatus | None, Query(alias="status")] = None,
    account_id: UUID | None = None,
    platform: Annotated[str | None, Query(max_length=40)] = None,
    scheduled_from: datetime | None = None,
    scheduled_to: datetime | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Text the post contains")] = None,
    series_id: Annotated[UUID | None, Query(description="Only the occurrences of this series")] = None,
    author_id: Annotated[UUID | None, Query(description="Only the posts this member wrote")] = None,
    sort: Annotated[Literal["created", "scheduled"], Query()] = "created",
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> PostPage:
    filters = posts.PostFilters(
        status=status_filter,
        account_id=account_id,
        platform=platform,
        scheduled_from=scheduled_from,
        scheduled_to=scheduled_to,
        text=q,
        series_id=series_id,
        author_id=author_id,
        sort=sort,
    )
    found = await posts.list_posts(
        container, access, filters=filters, limit=limit + 1, after=_decode(cursor) if cursor else None
    )
    return _page(found, limit, sort)


class PostSummary(BaseModel):
    """How many posts are in each status (a dashboard's counts, without listing them)."""

    draft: int
    pending_approval: int
    scheduled: int
    publishing: int
    published: int
    partially_published: int
    failed: int
    cancelled: int
    total: int


@router.get(
    "/summary",
    response_model=PostSummary,
    responses={404: {"model": ErrorResponse, "description": "workspace_not_found"}},
    summary="How many of the workspace's posts are in each status",
)
async def post_summary(
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_READ)],
    container: ContainerDep,
) -> PostSummary:
    counts = await posts.count_by_status(container, access)
    every = {status: counts.get(status, 0) for status in get_args(PostStatus)}
    return PostSummary(**every, total=sum(counts.values()))


@router.get(
    "/{post_id}", response_model=PostOut, responses=_errors(), summary="One post with every target's state"
)
async def get_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_READ)],
    container: ContainerDep,
) -> PostOut:
    return PostOut.of(await posts.get_post(container, access, post_id))


ScopeQuery = Annotated[
    Scope,
    Query(
        description="For an occurrence of a recurring post: this one, this and the following ones, or all "
        "of the series (never one already out)."
    ),
]


@router.post(
    "/{post_id}/cancel",
    response_model=PostOut,
    responses=_errors(
        s403=RULE_ERRORS,
        s409="nothing_to_cancel (everything in scope is out or cancelled already)",
        s422="not_in_series (a scope other than `this` for a post that does not repeat)",
    ),
    summary="Cancel every target that has not started publishing (with a scope, of a series too)",
)
async def cancel_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
    client: ClientDep,
    scope: ScopeQuery = Scope.THIS,
) -> PostOut:
    return PostOut.of(await post_changes.cancel_post(container, access, post_id, scope=scope, ip=client.ip))


class ReviewIn(BaseModel):
    comment: str = Field("", max_length=2000, description="Shown to the author with the decision.")


@router.post(
    "/{post_id}/approve",
    response_model=PostOut,
    responses=_errors(s403=RULE_ERRORS, s409="not_pending_approval"),
    summary="Approve a post waiting for approval: it is scheduled (now, if its time has passed)",
)
async def approve_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_APPROVE)],
    container: ContainerDep,
    client: ClientDep,
    body: ReviewIn | None = None,
) -> PostOut:
    comment = body.comment if body else ""
    return PostOut.of(
        await post_changes.review_post(
            container, access, post_id, approve=True, comment=comment, ip=client.ip
        )
    )


@router.post(
    "/{post_id}/reject",
    response_model=PostOut,
    responses=_errors(s403=RULE_ERRORS, s409="not_pending_approval", s422="validation_failed"),
    summary="Send a post back to its author as a draft, with a comment the post keeps",
)
async def reject_post(
    post_id: UUID,
    body: ReviewIn,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_APPROVE)],
    container: ContainerDep,
    client: ClientDep,
) -> PostOut:
    return PostOut.of(
        await post_changes.review_post(
            container, access, post_id, approve=False, comment=body.comment, ip=client.ip
        )
    )


class SubmitIn(BaseModel):
    scheduled_at: datetime | None = Field(None, description="A new time; the draft's own when left out.")
    timezone: str | None = None
    ambiguous: Ambiguity | None = None
    publish_now: bool = False

    @model_validator(mode="after")
    def _one_schedule(self) -> SubmitIn:
        if self.publish_now and self.scheduled_at is not None:
            raise ValueError("publish_now excludes scheduled_at")
        return self


@router.post(
    "/{post_id}/submit",
    response_model=PostOut,
    responses=_errors(
        s403=RULE_ERRORS,
        s409="not_draft",
        s422=f"validation_failed; {TARGET_ERRORS}; {SCHEDULE_ERRORS}",
    ),
    summary="Submit a draft: checked like a new post, then waiting for approval, or scheduled when its "
    "author may approve",
)
async def submit_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
    client: ClientDep,
    body: SubmitIn | None = None,
) -> PostOut:
    body = body or SubmitIn()
    time = post_changes.SubmitTime(body.scheduled_at, body.timezone, body.ambiguous, body.publish_now)
    return PostOut.of(await post_changes.submit_post(container, access, post_id, time, ip=client.ip))


@router.post(
    "/{post_id}/retry",
    response_model=PostOut,
    responses=_errors(s403=RULE_ERRORS, s409="nothing_to_retry"),
    summary="Publish failed and unconfirmed targets again, now",
)
async def retry_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_PUBLISH)],
    container: ContainerDep,
    client: ClientDep,
) -> PostOut:
    return PostOut.of(await post_changes.retry_post(container, access, post_id, ip=client.ip))


class PostPatch(BaseModel):
    text: str | None = Field(None, max_length=100_000)
    scheduled_at: datetime | None = Field(None, description="A local time is read in the post's zone.")
    timezone: str | None = None
    ambiguous: Ambiguity | None = None
    media_ids: list[UUID] | None = Field(None, max_length=20, description="The post's media, replaced.")
    targets: list[TargetIn] | None = Field(
        None,
        min_length=1,
        max_length=posts.MAX_TARGETS,
        description="The post's accounts, replaced (with their own text, media and options).",
    )
    recurrence: str | None = Field(
        None, max_length=500, description="A new rule for the series (scope `following` or `all`)."
    )


@router.patch(
    "/{post_id}",
    response_model=PostOut,
    responses=_errors(
        s403=RULE_ERRORS,
        s409="post_locked (part of it is publishing or out), post_cancelled",
        s422=f"validation_failed; {TARGET_ERRORS}; {SCHEDULE_ERRORS}; account_already_done, not_in_series, "
        "recurrence_needs_scope, invalid_recurrence",
    ),
    summary="Change text, time, accounts or media until it starts publishing (with a scope, of a series)",
)
async def update_post(  # noqa: PLR0917 - FastAPI passes path, body, guard and query as parameters
    post_id: UUID,
    body: PostPatch,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
    client: ClientDep,
    scope: ScopeQuery = Scope.THIS,
) -> PostOut:
    change = post_changes.PostChange(
        text=body.text,
        scheduled_at=body.scheduled_at,
        timezone=body.timezone,
        ambiguous=body.ambiguous,
        media_ids=body.media_ids,
        targets=None if body.targets is None else _targets(body.targets),
        recurrence=body.recurrence,
    )
    return PostOut.of(
        await post_changes.update_post(container, access, post_id, change, scope=scope, ip=client.ip)
    )


@router.delete(
    "/{post_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=_errors(s403=RULE_ERRORS, s409="post_locked (part of it is out, or may be)"),
    summary="Delete a post that has not gone out anywhere",
)
async def delete_post(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
    client: ClientDep,
) -> Response:
    await post_changes.delete_post(container, access, post_id, ip=client.ip)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


class ReviewEntryOut(BaseModel):
    action: Literal["submitted", "approved", "rejected", "reopened"]
    by: UUID | None
    by_name: str | None
    comment: str | None
    at: datetime


@router.get(
    "/{post_id}/reviews",
    response_model=list[ReviewEntryOut],
    responses=_errors(),
    summary="The post's review history, oldest first: submitted, approved, rejected (with the comment)",
)
async def review_history(
    post_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_READ)],
    container: ContainerDep,
) -> list[ReviewEntryOut]:
    entries = await approvals.history(container, access, post_id)
    return [
        ReviewEntryOut(action=e.action, by=e.actor_id, by_name=e.actor_name, comment=e.comment, at=e.at)
        for e in entries
    ]


workspace_router = APIRouter(prefix="/workspaces/{ws}", tags=["posts"])


@workspace_router.get(
    "/approvals",
    response_model=PostPage,
    responses=READ_ERRORS,
    summary="Posts waiting for my approval, oldest first (empty for someone who cannot approve)",
)
async def waiting_for_me(
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_READ)],
    container: ContainerDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> PostPage:
    if not approvals.may_approve(access):
        return PostPage(items=[], next_cursor=None)
    found = await posts.list_posts(
        container,
        access,
        filters=posts.PostFilters(status="pending_approval", sort="waiting"),
        limit=limit + 1,
        after=_decode(cursor) if cursor else None,
    )
    return _page(found, limit, "created")


class SeriesOut(BaseModel):
    id: UUID
    rule: str | None = Field(
        description="RFC 5545 RRULE; null once a series was stopped before rules were kept."
    )
    timezone: str
    starts_at: datetime = Field(description="The first occurrence (the rule's DTSTART).")
    ends_before: datetime | None = Field(
        None, description="Occurrences from here on belong to the series that followed it."
    )
    status: Literal["active", "ended"]
    template_post_id: UUID | None = Field(
        None, description="The occurrence new ones copy their content from."
    )
    previous_series_id: UUID | None = None
    next_occurrences: list[datetime] = Field(
        description="The next instants the rule gives, created yet or not."
    )
    occurrences: int = Field(description="Occurrences created so far (list them with posts?series_id=).")
    published: int


@workspace_router.get(
    "/series/{series_id}",
    response_model=SeriesOut,
    responses={404: {"model": ErrorResponse, "description": "workspace_not_found, series_not_found"}},
    summary="A recurring post's series: its rule, zone, next occurrences and status",
)
async def get_series(
    series_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_READ)],
    container: ContainerDep,
) -> SeriesOut:
    view = await recurrence.get_series(container, access, series_id)
    return SeriesOut(
        id=view.id,
        rule=view.rule,
        timezone=view.timezone,
        starts_at=view.starts_at,
        ends_before=view.ends_before,
        status=view.status,
        template_post_id=view.template_post_id,
        previous_series_id=view.previous_series_id,
        next_occurrences=view.next_occurrences,
        occurrences=view.occurrence_count,
        published=view.published_count,
    )


class CalendarPost(BaseModel):
    post_id: UUID
    status: PostStatus
    text: str
    scheduled_at: datetime
    platforms: list[str]
    series_id: UUID | None = None
    created_by: UUID | None = Field(None, description="The post's author.")


class CalendarDay(BaseModel):
    date: str = Field(description="YYYY-MM-DD in the requested time zone")
    posts: list[CalendarPost]


class Calendar(BaseModel):
    timezone: str
    days: list[CalendarDay]


@workspace_router.get(
    "/calendar",
    response_model=Calendar,
    responses=_errors(s422="validation_failed, timezone_required, invalid_timezone, invalid_range"),
    summary="Scheduled posts between two instants, grouped by day in a time zone (the workspace's by "
    "default)",
)
async def calendar(  # noqa: PLR0917 - one parameter per documented query filter
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_READ)],
    container: ContainerDep,
    start: Annotated[datetime, Query(alias="from")],
    end: Annotated[datetime, Query(alias="to")],
    timezone: Annotated[
        str | None, Query(max_length=64, description="IANA zone; default: the workspace's")
    ] = None,
    account_id: Annotated[UUID | None, Query(description="Only posts to this account")] = None,
    platform: Annotated[str | None, Query(max_length=40, description="Only posts to this platform")] = None,
) -> Calendar:
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput("Give from and to with a UTC offset.", code="timezone_required")
    zone = timezone or await posts.workspace_zone(container, access)
    check_timezone(zone)
    days = await posts.calendar(
        container, access, start=start, end=end, timezone=zone, account_id=account_id, platform=platform
    )
    return Calendar(
        timezone=zone,
        days=[
            CalendarDay(date=day, posts=[CalendarPost(**vars(entry)) for entry in entries])
            for day, entries in sorted(days.items())
        ],
    )
