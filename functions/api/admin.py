"""Platform administration: find and edit accounts, read the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, EmailStr, Field

from functions.api.audit_schemas import AuditPageOut, BeforeId
from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import ClientDep, PlatformAdmin
from shared.services import users
from shared.services.users import AdminUser
from shared.services.workspaces import MAX_PAGE_SIZE

router = APIRouter(prefix="/admin", tags=["admin"])

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "unauthenticated"},
    403: {
        "model": ErrorResponse,
        "description": "permission_denied (not a platform admin), insufficient_scope",
    },
    422: {"model": ErrorResponse, "description": "validation_failed, invalid_cursor"},
}
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size.")]
Cursor = Annotated[str | None, Query(max_length=200, description="`next_cursor` of the previous page.")]


class User(BaseModel):
    id: UUID
    email: str
    name: str
    email_verified: bool
    is_platform_admin: bool
    disabled: bool
    disabled_at: datetime | None
    has_password: bool
    created_at: datetime


def _user(user: AdminUser) -> User:
    return User(
        id=user.id,
        email=user.email,
        name=user.name,
        email_verified=user.email_verified_at is not None,
        is_platform_admin=user.is_platform_admin,
        disabled=user.disabled_at is not None,
        disabled_at=user.disabled_at,
        has_password=user.has_password,
        created_at=user.created_at,
    )


class UserPage(BaseModel):
    items: list[User]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last one.")


class UserUpdate(BaseModel):
    """Only the fields sent change; null means unchanged."""

    name: str | None = Field(None, min_length=1, max_length=users.MAX_NAME_LENGTH)
    email: EmailStr | None = Field(
        None, description="A new address is unverified and gets a verification email."
    )
    disabled: bool | None = Field(None, description="true ends every session and refuses sign-in.")
    is_platform_admin: bool | None = None


@router.get("/users", response_model=UserPage, responses=ERRORS, summary="Find accounts, newest first")
async def list_users(
    admin: PlatformAdmin,
    container: ContainerDep,
    q: Annotated[
        str | None, Query(max_length=200, description="Part of the email or name (any case).")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> UserPage:
    page = await users.list_users(container, admin, query=q, limit=limit, cursor=cursor)
    return UserPage(items=[_user(u) for u in page.items], next_cursor=page.next_cursor)


@router.get(
    "/users/{user_id}",
    response_model=User,
    responses={**ERRORS, 404: {"model": ErrorResponse, "description": "user_not_found"}},
    summary="One account",
)
async def get_user(user_id: UUID, admin: PlatformAdmin, container: ContainerDep) -> User:
    return _user(await users.get_user(container, admin, user_id))


@router.patch(
    "/users/{user_id}",
    response_model=User,
    responses={
        **ERRORS,
        404: {"model": ErrorResponse, "description": "user_not_found"},
        409: {"model": ErrorResponse, "description": "email_taken, cannot_change_self"},
    },
    summary="Rename, change the email, disable or enable, grant or remove platform admin",
)
async def update_user(
    user_id: UUID, body: UserUpdate, admin: PlatformAdmin, container: ContainerDep, client: ClientDep
) -> User:
    changes = users.AdminChanges(
        name=body.name, email=body.email, disabled=body.disabled, is_platform_admin=body.is_platform_admin
    )
    return _user(await users.update_user(container, admin, user_id, changes, client=client))


@router.get(
    "/audit",
    response_model=AuditPageOut,
    responses={**ERRORS, 422: {"model": ErrorResponse, "description": "validation_failed"}},
    summary="The audit log of the whole platform, newest first",
)
async def list_audit(
    *,
    admin: PlatformAdmin,
    container: ContainerDep,
    event: Annotated[str | None, Query(max_length=100, examples=["login.failed"])] = None,
    user_id: Annotated[UUID | None, Query(description="Events by or about this user.")] = None,
    workspace_id: Annotated[UUID | None, Query(description="Events in this workspace.")] = None,
    before_id: BeforeId = None,
    limit: Limit = 50,
) -> AuditPageOut:
    page = await users.list_audit(
        container,
        admin,
        event=event,
        user_id=user_id,
        workspace_id=workspace_id,
        limit=limit,
        before_id=before_id,
    )
    return AuditPageOut.of(page)
