"""/api/v1/workspaces/{ws}/accounts: the workspace's connected social accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import ClientDep, workspace
from shared.domain.permissions import Permission
from shared.services import accounts
from shared.services.principals import WorkspaceAccess

router = APIRouter(prefix="/workspaces/{ws}/accounts", tags=["accounts"])

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {
        "model": ErrorResponse,
        "description": "workspace_not_found, account_not_found, platform_unavailable",
    },
    422: {"model": ErrorResponse, "description": "validation_failed, invalid_handle"},
    503: {"model": ErrorResponse, "description": "the platform is unreachable"},
}


class AccountOut(BaseModel):
    id: UUID
    platform: str
    handle: str
    display_name: str
    status: str = Field(description="active, needs_reauth or disconnected")
    token_expires_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, account: accounts.Account) -> AccountOut:
        return cls(
            id=account.id,
            platform=account.platform,
            handle=account.handle,
            display_name=account.display_name,
            status=account.status,
            token_expires_at=account.token_expires_at,
            created_at=account.created_at,
        )


class SandboxConnect(BaseModel):
    handle: str = Field(min_length=1, max_length=31, examples=["demo.brand"])


@router.get("", response_model=list[AccountOut], responses=ERRORS, summary="Connected accounts")
async def list_accounts(
    access: Annotated[WorkspaceAccess, workspace(Permission.ACCOUNTS_READ)], container: ContainerDep
) -> list[AccountOut]:
    return [AccountOut.of(a) for a in await accounts.list_accounts(container, access)]


@router.get("/{account_id}", response_model=AccountOut, responses=ERRORS, summary="One connected account")
async def get_account(
    account_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.ACCOUNTS_READ)],
    container: ContainerDep,
) -> AccountOut:
    return AccountOut.of(await accounts.get_account(container, access, account_id))


@router.post(
    "/connect/sandbox",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountOut,
    responses=ERRORS,
    summary="Connect an account on the sandbox platform (when SANDBOX_MODE is on)",
)
async def connect_sandbox(
    body: SandboxConnect,
    access: Annotated[WorkspaceAccess, workspace(Permission.ACCOUNTS_MANAGE)],
    container: ContainerDep,
    client: ClientDep,
) -> AccountOut:
    return AccountOut.of(await accounts.connect_sandbox(container, access, body.handle, ip=client.ip))
