"""API keys for HTTP clients: `Authorization: Bearer ck_...`."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field

from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import ClientDep, CurrentUser
from shared.domain.identity import Scope
from shared.services import api_keys
from shared.services.api_keys import ApiKeyInfo

router = APIRouter(prefix="/me/api-keys", tags=["api-keys"])

Responses = dict[int | str, dict[str, Any]]

UNAUTHENTICATED: Responses = {
    401: {"model": ErrorResponse, "description": "unauthenticated, invalid_token, invalid_api_key"}
}
SESSION_REQUIRED: Responses = {
    403: {
        "model": ErrorResponse,
        "description": "session_required (API keys cannot manage keys), csrf_failed",
    }
}


class ApiKey(BaseModel):
    id: UUID
    name: str
    prefix: str = Field(description="The key's first characters, to tell keys apart.")
    scopes: list[Scope]
    created_at: datetime
    last_used_at: datetime | None = Field(description="Updated at most once a minute.")
    expires_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, examples=["CI publisher"])
    scopes: list[Scope] = Field(
        min_length=1, max_length=2, description='["read"] or ["read", "write"].', examples=[["read"]]
    )
    expires_in_days: int | None = Field(
        None, ge=1, le=api_keys.MAX_EXPIRY_DAYS, description="Omit for a key that does not expire."
    )


class CreatedApiKey(ApiKey):
    key: str = Field(description="The whole key. Shown only in this response: store it now.")


def _api_key(info: ApiKeyInfo) -> ApiKey:
    return ApiKey(
        id=info.id,
        name=info.name,
        prefix=info.prefix,
        scopes=[Scope(s) for s in info.scopes],
        created_at=info.created_at,
        last_used_at=info.last_used_at,
        expires_at=info.expires_at,
        revoked_at=info.revoked_at,
    )


@router.get(
    "",
    response_model=list[ApiKey],
    responses=UNAUTHENTICATED,
    summary=f"Your API keys, newest first (the latest {api_keys.MAX_LISTED}, revoked ones included)",
)
async def list_api_keys(user: CurrentUser, container: ContainerDep) -> list[ApiKey]:
    return [_api_key(info) for info in await api_keys.list_keys(container, user)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CreatedApiKey,
    responses={
        **UNAUTHENTICATED,
        **SESSION_REQUIRED,
        409: {
            "model": ErrorResponse,
            "description": f"too_many_api_keys ({api_keys.MAX_ACTIVE_KEYS} active)",
        },
        422: {"model": ErrorResponse, "description": "validation_failed, invalid_scopes"},
    },
    summary="Create an API key (the key is shown once)",
)
async def create_api_key(
    body: ApiKeyCreate, response: Response, user: CurrentUser, container: ContainerDep, client: ClientDep
) -> CreatedApiKey:
    created = await api_keys.create_key(
        container,
        user,
        name=body.name,
        scopes=body.scopes,
        expires_in_days=body.expires_in_days,
        client=client,
    )
    response.headers["Cache-Control"] = "no-store"
    return CreatedApiKey(**_api_key(created.info).model_dump(), key=created.key)


@router.delete(
    "/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        **UNAUTHENTICATED,
        **SESSION_REQUIRED,
        404: {"model": ErrorResponse, "description": "api_key_not_found"},
    },
    summary="Revoke an API key (it stops working at once)",
)
async def revoke_api_key(
    key_id: UUID, user: CurrentUser, container: ContainerDep, client: ClientDep
) -> Response:
    await api_keys.revoke_key(container, user, key_id, client=client)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
