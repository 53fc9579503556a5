"""/api/v1/workspaces and /api/v1/invitations: workspaces, members, roles, invitations, audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from functions.api.audit_schemas import AuditPageOut, BeforeId
from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import ClientDep, CurrentUser, PublicCaller, workspace
from shared.domain.permissions import Permission, Role
from shared.services import invitations, ratelimit, workspaces
from shared.services.principals import WorkspaceAccess
from shared.services.workspaces import (
    MAX_GRACE_SECONDS,
    MAX_PAGE_SIZE,
    NAME_MAX_LENGTH,
    Membership,
    MissedPostPolicy,
)

router = APIRouter(prefix="", tags=["workspaces"])

Responses = dict[int | str, dict[str, Any]]

_401: Responses = {
    401: {"model": ErrorResponse, "description": "unauthenticated, invalid_token, token_expired, ..."}
}
_403: Responses = {
    403: {"model": ErrorResponse, "description": "permission_denied (role), insufficient_scope (API key)"}
}
_404: Responses = {
    404: {"model": ErrorResponse, "description": "workspace_not_found (also when you are not a member)"}
}
_422: Responses = {422: {"model": ErrorResponse, "description": "validation_failed"}}
IN_WORKSPACE: Responses = {**_401, **_403, **_404, **_422}


def _errors(base: Responses, codes: dict[int, str]) -> Responses:
    """`base` plus the error codes a route adds, by status."""
    merged: Responses = dict(base)
    merged.update({status_: {"model": ErrorResponse, "description": text} for status_, text in codes.items()})
    return merged


Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page.")]
Cursor = Annotated[
    str | None, Query(max_length=200, description="`next_cursor` of the previous page; omit for the first.")
]


# --- models ---------------------------------------------------------------------------------------


class WorkspaceCreate(BaseModel):
    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH)
    default_timezone: str | None = Field(
        None,
        max_length=64,
        description="IANA time zone name; defaults to yours (or UTC).",
        examples=["Europe/Paris"],
    )
    approval_required: bool = Field(True, description="Contributors' posts need an editor's approval.")
    missed_post_policy: MissedPostPolicy = Field(
        MissedPostPolicy.PUBLISH_LATE,
        description="What happens to a post whose time passed while it could not run.",
    )
    missed_post_grace_seconds: int = Field(
        3600, ge=0, le=MAX_GRACE_SECONDS, description="How late a post may still go out under publish_late."
    )


class WorkspaceUpdate(BaseModel):
    """Send only the settings to change; a setting may be omitted but not set to null."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=NAME_MAX_LENGTH)
    default_timezone: str | None = Field(None, max_length=64, examples=["Asia/Riyadh"])
    approval_required: bool | None = None
    missed_post_policy: MissedPostPolicy | None = None
    missed_post_grace_seconds: int | None = Field(None, ge=0, le=MAX_GRACE_SECONDS)

    @field_validator("*")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may be omitted, but not null")
        return value


class WorkspacePublic(BaseModel):
    id: UUID
    name: str
    default_timezone: str
    approval_required: bool
    missed_post_policy: MissedPostPolicy
    missed_post_grace_seconds: int
    created_at: datetime
    updated_at: datetime
    role: Role = Field(description="Your role in this workspace.")
    joined_at: datetime = Field(description="When you joined it.")

    @classmethod
    def of(cls, membership: Membership) -> WorkspacePublic:
        w = membership.workspace
        return cls(
            id=w.id,
            name=w.name,
            default_timezone=w.default_timezone,
            approval_required=w.approval_required,
            missed_post_policy=w.missed_post_policy,
            missed_post_grace_seconds=w.missed_post_grace_seconds,
            created_at=w.created_at,
            updated_at=w.updated_at,
            role=membership.role,
            joined_at=membership.joined_at,
        )


class WorkspacePage(BaseModel):
    items: list[WorkspacePublic]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class MemberPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    user_id: UUID
    name: str
    email: str
    role: Role
    joined_at: datetime


class MemberPage(BaseModel):
    items: list[MemberPublic]
    next_cursor: str | None


class RoleChange(BaseModel):
    role: Role


class InvitationCreate(BaseModel):
    email: EmailStr
    role: Role = Field(description="Owners grant admin and below; admins grant editor and below.")


class InvitationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    email: str
    role: Role
    invited_by: UUID | None
    created_at: datetime
    expires_at: datetime


class InvitationView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    workspace_name: str
    inviter_name: str | None = Field(description="Who invited you; null if their account is gone.")
    role: Role = Field(description="The role you get by accepting.")
    email: str = Field(description="The invited address: sign up or sign in with this one to accept.")
    expires_at: datetime = Field(description="Accept before this.")


class InvitationPage(BaseModel):
    items: list[InvitationPublic]
    next_cursor: str | None


class TransferRequest(BaseModel):
    user_id: UUID = Field(description="A member of the workspace, who becomes its owner.")


class TransferResult(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    owner_id: UUID
    previous_owner_id: UUID
    previous_owner_role: Role


# --- workspaces -----------------------------------------------------------------------------------


@router.post(
    "/workspaces",
    status_code=status.HTTP_201_CREATED,
    response_model=WorkspacePublic,
    responses=_errors(
        {**_401, **_422},
        {
            403: "insufficient_scope (read-only API key), email_not_verified (verify your email first)",
            422: "validation_failed, invalid_timezone, invalid_name",
        },
    ),
    summary="Create a workspace (you become its owner)",
)
async def create_workspace(
    body: WorkspaceCreate, user: CurrentUser, container: ContainerDep, client: ClientDep
) -> WorkspacePublic:
    new = workspaces.NewWorkspace(
        name=body.name,
        default_timezone=body.default_timezone,
        approval_required=body.approval_required,
        missed_post_policy=body.missed_post_policy,
        missed_post_grace_seconds=body.missed_post_grace_seconds,
    )
    return WorkspacePublic.of(await workspaces.create_workspace(container, user, new, client))


@router.get(
    "/workspaces",
    response_model=WorkspacePage,
    responses=_errors({**_401, **_422}, {422: "validation_failed, invalid_cursor"}),
    summary="List the workspaces you belong to, with your role",
)
async def list_workspaces(
    user: CurrentUser, container: ContainerDep, limit: Limit = 50, cursor: Cursor = None
) -> WorkspacePage:
    page = await workspaces.list_my_workspaces(container, user.user_id, limit=limit, cursor=cursor)
    return WorkspacePage(items=[WorkspacePublic.of(m) for m in page.items], next_cursor=page.next_cursor)


@router.get(
    "/workspaces/{ws}",
    response_model=WorkspacePublic,
    responses=IN_WORKSPACE,
    summary="Get a workspace's settings and your role in it",
)
async def get_workspace(
    access: Annotated[WorkspaceAccess, workspace(Permission.WORKSPACE_READ)], container: ContainerDep
) -> WorkspacePublic:
    return WorkspacePublic.of(await workspaces.get_workspace(container, access))


@router.patch(
    "/workspaces/{ws}",
    response_model=WorkspacePublic,
    responses=_errors(IN_WORKSPACE, {422: "validation_failed, invalid_timezone, invalid_name"}),
    summary="Change some of a workspace's settings",
)
async def update_workspace(
    body: WorkspaceUpdate,
    access: Annotated[WorkspaceAccess, workspace(Permission.WORKSPACE_UPDATE)],
    container: ContainerDep,
    client: ClientDep,
) -> WorkspacePublic:
    changes = workspaces.WorkspaceChanges(**body.model_dump(exclude_unset=True))
    return WorkspacePublic.of(await workspaces.update_workspace(container, access, changes, client))


@router.get(
    "/workspaces/{ws}/audit",
    response_model=AuditPageOut,
    responses=_errors(IN_WORKSPACE, {422: "validation_failed, invalid_limit"}),
    summary="The workspace's audit log, newest first",
)
async def list_audit(
    access: Annotated[WorkspaceAccess, workspace(Permission.AUDIT_READ)],
    container: ContainerDep,
    limit: Limit = 50,
    before_id: BeforeId = None,
) -> AuditPageOut:
    return AuditPageOut.of(await workspaces.list_audit(container, access, limit=limit, before_id=before_id))


# --- members --------------------------------------------------------------------------------------

MemberId = Annotated[UUID, Path(description="The member's user id.")]


@router.get(
    "/workspaces/{ws}/members",
    response_model=MemberPage,
    responses=_errors(IN_WORKSPACE, {422: "validation_failed, invalid_cursor"}),
    summary="List the members and their roles, in join order",
)
async def list_members(
    access: Annotated[WorkspaceAccess, workspace(Permission.MEMBERS_READ)],
    container: ContainerDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> MemberPage:
    page = await workspaces.list_members(container, access, limit=limit, cursor=cursor)
    return MemberPage(
        items=[MemberPublic.model_validate(m) for m in page.items], next_cursor=page.next_cursor
    )


@router.patch(
    "/workspaces/{ws}/members/{user_id}",
    response_model=MemberPublic,
    responses=_errors(
        IN_WORKSPACE,
        {
            403: "permission_denied, insufficient_scope, cannot_manage_member "
            "(not ranked below you), cannot_assign_role",
            404: "workspace_not_found, member_not_found",
            409: "owner_role_fixed (use transfer-ownership)",
        },
    ),
    summary="Change the role of a member ranked below you",
)
async def change_role(
    user_id: MemberId,
    body: RoleChange,
    access: Annotated[WorkspaceAccess, workspace(Permission.MEMBERS_MANAGE)],
    container: ContainerDep,
    client: ClientDep,
) -> MemberPublic:
    member = await workspaces.change_role(container, access, user_id, body.role, client)
    return MemberPublic.model_validate(member)


@router.delete(
    "/workspaces/{ws}/members/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=_errors(
        IN_WORKSPACE,
        {
            403: "permission_denied, insufficient_scope, cannot_manage_member",
            404: "workspace_not_found, member_not_found",
            409: "owner_cannot_be_removed",
        },
    ),
    summary="Remove a member ranked below you",
)
async def remove_member(
    user_id: MemberId,
    access: Annotated[WorkspaceAccess, workspace(Permission.MEMBERS_MANAGE)],
    container: ContainerDep,
    client: ClientDep,
) -> Response:
    await workspaces.remove_member(container, access, user_id, client)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/workspaces/{ws}/leave",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=_errors(IN_WORKSPACE, {409: "owner_must_transfer"}),
    summary="Leave the workspace (the owner transfers ownership first)",
)
async def leave_workspace(
    access: Annotated[WorkspaceAccess, workspace(Permission.WORKSPACE_READ)],
    container: ContainerDep,
    client: ClientDep,
) -> Response:
    await workspaces.leave(container, access, client)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/workspaces/{ws}/transfer-ownership",
    response_model=TransferResult,
    responses=_errors(IN_WORKSPACE, {404: "workspace_not_found, member_not_found", 409: "already_owner"}),
    summary="Make another member the owner (you become an admin)",
)
async def transfer_ownership(
    body: TransferRequest,
    access: Annotated[WorkspaceAccess, workspace(Permission.OWNERSHIP_TRANSFER)],
    container: ContainerDep,
    client: ClientDep,
) -> TransferResult:
    transfer = await workspaces.transfer_ownership(container, access, body.user_id, client)
    return TransferResult.model_validate(transfer)


# --- invitations ----------------------------------------------------------------------------------


@router.post(
    "/workspaces/{ws}/invitations",
    status_code=status.HTTP_201_CREATED,
    response_model=InvitationPublic,
    responses=_errors(
        IN_WORKSPACE,
        {
            403: "permission_denied, insufficient_scope, cannot_assign_role",
            409: "already_member, invitation_conflict",
            429: "rate_limited",
        },
    ),
    summary="Invite someone by email (replaces their pending invitation)",
)
async def create_invitation(
    body: InvitationCreate,
    access: Annotated[WorkspaceAccess, workspace(Permission.MEMBERS_INVITE)],
    container: ContainerDep,
    client: ClientDep,
) -> InvitationPublic:
    invitation = await invitations.invite(container, access, email=body.email, role=body.role, client=client)
    return InvitationPublic.model_validate(invitation)


@router.get(
    "/workspaces/{ws}/invitations",
    response_model=InvitationPage,
    responses=_errors(IN_WORKSPACE, {422: "validation_failed, invalid_cursor"}),
    summary="List pending invitations, newest first",
)
async def list_invitations(
    access: Annotated[WorkspaceAccess, workspace(Permission.MEMBERS_INVITE)],
    container: ContainerDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> InvitationPage:
    page = await invitations.list_pending(container, access, limit=limit, cursor=cursor)
    return InvitationPage(
        items=[InvitationPublic.model_validate(i) for i in page.items], next_cursor=page.next_cursor
    )


@router.delete(
    "/workspaces/{ws}/invitations/{invitation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=_errors(
        IN_WORKSPACE,
        {
            403: "permission_denied, insufficient_scope, cannot_assign_role",
            404: "workspace_not_found, invitation_not_found",
        },
    ),
    summary="Withdraw a pending invitation",
)
async def revoke_invitation(
    invitation_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.MEMBERS_INVITE)],
    container: ContainerDep,
    client: ClientDep,
) -> Response:
    await invitations.revoke(container, access, invitation_id, client)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/invitations/{token}",
    response_model=InvitationView,
    responses={
        404: {
            "model": ErrorResponse,
            "description": "invitation_not_found: unknown, withdrawn, expired or already accepted "
            "(one answer for all)",
        },
        422: {"model": ErrorResponse, "description": "validation_failed"},
        429: {
            "model": ErrorResponse,
            "description": f"rate_limited: {ratelimit.INVITATION_LOOKUP_PER_IP.count} lookups per "
            f"{ratelimit.INVITATION_LOOKUP_PER_IP.window_seconds // 60} minutes per IP (see Retry-After)",
        },
    },
    summary="What an invitation link is for, before signing up (while it can still be accepted)",
)
async def view_invitation(
    token: Annotated[str, Path(max_length=200, description="The token from the email.")],
    response: Response,
    _: PublicCaller,
    container: ContainerDep,
    client: ClientDep,
) -> InvitationView:
    found = await invitations.view(container, token, client)
    response.headers["Cache-Control"] = "no-store"
    return InvitationView.model_validate(found)


@router.post(
    "/invitations/{token}/accept",
    response_model=WorkspacePublic,
    responses=_errors(
        _401,
        {
            403: "invitation_email_mismatch (sign in with the invited address), "
            "email_not_verified (verify that address first), insufficient_scope",
            404: "invitation_not_found",
            409: "invitation_already_accepted, already_member",
            422: "invitation_expired",
        },
    ),
    summary="Accept an invitation (signed in with the invited email address)",
)
async def accept_invitation(
    token: Annotated[str, Path(max_length=200, description="The token from the email.")],
    user: CurrentUser,
    container: ContainerDep,
    client: ClientDep,
) -> WorkspacePublic:
    return WorkspacePublic.of(await invitations.accept(container, user, token, client))
