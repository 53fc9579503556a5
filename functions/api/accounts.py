"""/api/v1/workspaces/{ws}/accounts: the workspace's connected social accounts, and connecting more."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field

from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import ClientDep, workspace
from shared.domain.permissions import Permission
from shared.services import accounts, connections
from shared.services.principals import WorkspaceAccess

router = APIRouter(prefix="/workspaces/{ws}/accounts", tags=["accounts"])

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {
        "model": ErrorResponse,
        "description": "workspace_not_found, account_not_found, unknown_platform",
    },
    409: {
        "model": ErrorResponse,
        "description": "too_many_accounts, account_busy, feed_account_required (the workspace's own feed "
        "stays; pause it instead)",
    },
    422: {
        "model": ErrorResponse,
        "description": "validation_failed, invalid_handle, missing_fields, wrong_auth_kind, invalid_cursor, "
        "needs_reauth, host_not_allowed (a server address you gave, such as a Mastodon server or Bluesky "
        "hosting provider, points to a private or reserved address), or the platform's refusal "
        "(e.g. invalid_credentials)",
    },
    429: {"model": ErrorResponse, "description": "platform_rate_limited"},
    503: {
        "model": ErrorResponse,
        "description": "platform_unavailable: the platform is unreachable; platform_not_configured: "
        "this deployment has not turned the platform on (the catalog's why_disabled says why)",
    },
}
CONNECT_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    403: {
        "model": ErrorResponse,
        "description": "permission_denied, insufficient_scope, email_not_verified (verify your email first)",
    },
}


class AccountOut(BaseModel):
    id: UUID
    platform: str
    handle: str
    display_name: str
    status: str = Field(description="active, needs_reauth or disconnected")
    health: str = Field(
        description="connected (publishing works), needs_reauth (the platform refused its token: reconnect) "
        "or disconnected (paused here)"
    )
    token_expires_at: datetime | None
    created_at: datetime
    avatar_url: str | None = None
    profile_url: str | None = None
    last_error: str | None = Field(None, description="Why the account needs reconnecting, when it does.")

    @classmethod
    def of(cls, account: accounts.Account) -> AccountOut:
        return cls(
            id=account.id,
            platform=account.platform,
            handle=account.handle,
            display_name=account.display_name,
            status=account.status,
            health="connected" if account.status == "active" else account.status,
            token_expires_at=account.token_expires_at,
            created_at=account.created_at,
            avatar_url=account.avatar_url,
            profile_url=account.profile_url,
            last_error=account.last_error,
        )


class SandboxConnect(BaseModel):
    handle: str = Field(min_length=1, max_length=31, examples=["demo.brand"])


class AccountPage(BaseModel):
    items: list[AccountOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last one.")


class ConnectIn(BaseModel):
    fields: dict[str, str] = Field(
        default_factory=dict,
        description="What the platform's catalog entry asks for: e.g. Bluesky {identifier, app_password}, "
        "Telegram {bot_token, channel}, Mastodon {instance}. Empty for most OAuth platforms.",
        examples=[{"instance": "mastodon.social"}],
    )


class ConnectOut(BaseModel):
    authorize_url: str | None = Field(
        None, description="OAuth platforms: send the person here; the platform returns them to the web app."
    )
    expires_at: datetime | None = Field(None, description="The authorization must finish before this.")
    accounts: list[AccountOut] = Field(
        default_factory=list, description="Credential platforms: the accounts connected at once."
    )


class AccountPatch(BaseModel):
    display_name: str | None = Field(None, min_length=1, max_length=200)
    status: str | None = Field(
        None, pattern="^(active|disconnected)$", description="`disconnected` pauses publishing to it."
    )


class MetricsOut(BaseModel):
    followers: int | None
    metrics: dict[str, int]


@router.get(
    "", response_model=AccountPage, responses=ERRORS, summary="Connected accounts (paged, searchable)"
)
async def list_accounts(
    *,
    access: Annotated[WorkspaceAccess, workspace(Permission.ACCOUNTS_READ)],
    container: ContainerDep,
    platform: Annotated[str | None, Query(max_length=40)] = None,
    status_: Annotated[
        str | None, Query(alias="status", pattern="^(active|needs_reauth|disconnected)$")
    ] = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of a handle or name.")] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AccountPage:
    page = await accounts.list_accounts(
        container, access, platform=platform, status=status_, search=q, cursor=cursor, limit=limit
    )
    return AccountPage(items=[AccountOut.of(a) for a in page.items], next_cursor=page.next_cursor)


@router.get("/{account_id}", response_model=AccountOut, responses=ERRORS, summary="One connected account")
async def get_account(
    account_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.ACCOUNTS_READ)],
    container: ContainerDep,
) -> AccountOut:
    return AccountOut.of(await accounts.get_account(container, access, account_id))


@router.patch("/{account_id}", response_model=AccountOut, responses=ERRORS, summary="Rename, pause or resume")
async def update_account(
    account_id: UUID,
    body: AccountPatch,
    access: Annotated[WorkspaceAccess, workspace(Permission.ACCOUNTS_MANAGE)],
    container: ContainerDep,
) -> AccountOut:
    account = await accounts.update_account(
        container, access, account_id, display_name=body.display_name, status=body.status
    )
    return AccountOut.of(account)


@router.delete(
    "/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=ERRORS,
    summary="Remove an account (and revoke its token where the platform allows)",
)
async def delete_account(
    account_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.ACCOUNTS_MANAGE)],
    container: ContainerDep,
    client: ClientDep,
) -> Response:
    await accounts.delete_account(container, access, account_id, ip=client.ip)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{account_id}/metrics",
    response_model=MetricsOut,
    responses=ERRORS,
    summary="The account's audience figures, read from the platform now",
)
async def account_metrics(
    account_id: UUID,
    access: Annotated[WorkspaceAccess, workspace(Permission.ACCOUNTS_READ)],
    container: ContainerDep,
) -> MetricsOut:
    found = await connections.account_metrics(container, access, account_id)
    return MetricsOut(followers=found.followers, metrics=found.metrics)


@router.post(
    "/connect/sandbox",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountOut,
    responses=CONNECT_ERRORS,
    summary="Connect an account on the sandbox platform (when SANDBOX_MODE is on)",
)
async def connect_sandbox(
    body: SandboxConnect,
    access: Annotated[WorkspaceAccess, workspace(Permission.ACCOUNTS_MANAGE)],
    container: ContainerDep,
    client: ClientDep,
) -> AccountOut:
    return AccountOut.of(await accounts.connect_sandbox(container, access, body.handle, ip=client.ip))


@router.post(
    "/connect/{platform}",
    response_model=ConnectOut,
    responses={
        **CONNECT_ERRORS,
        201: {"model": ConnectOut, "description": "Credential platforms: connected."},
    },
    summary="Connect accounts: an authorize_url for OAuth platforms, or accounts at once for credential ones",
)
async def connect(
    *,
    platform: str,
    body: ConnectIn,
    response: Response,
    access: Annotated[WorkspaceAccess, workspace(Permission.ACCOUNTS_MANAGE)],
    container: ContainerDep,
    client: ClientDep,
) -> ConnectOut:
    if connections.auth_kind(container, platform) == "credentials":
        found = await connections.connect_with_credentials(
            container, access, platform, body.fields, ip=client.ip
        )
        response.status_code = status.HTTP_201_CREATED
        return ConnectOut(accounts=[AccountOut.of(a) for a in found])
    started = await connections.start(container, access, platform, body.fields)
    return ConnectOut(authorize_url=started.authorize_url, expires_at=started.expires_at)


@router.post(
    "/{account_id}/reconnect",
    response_model=ConnectOut,
    responses=CONNECT_ERRORS,
    summary="Reconnect an account whose token stopped working",
)
async def reconnect(
    account_id: UUID,
    body: ConnectIn,
    access: Annotated[WorkspaceAccess, workspace(Permission.ACCOUNTS_MANAGE)],
    container: ContainerDep,
    client: ClientDep,
) -> ConnectOut:
    account = await accounts.get_account(container, access, account_id)
    if connections.auth_kind(container, account.platform) == "credentials":
        found = await connections.connect_with_credentials(
            container, access, account.platform, body.fields, ip=client.ip, reconnect=account_id
        )
        return ConnectOut(accounts=[AccountOut.of(a) for a in found])
    started = await connections.start(container, access, account.platform, body.fields, reconnect=account_id)
    return ConnectOut(authorize_url=started.authorize_url, expires_at=started.expires_at)
