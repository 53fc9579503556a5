"""Development-only endpoints: read what the app would have emailed.

They answer 404 outside ENVIRONMENT=development (the test suite included, so tests prove the
guard) and stay out of the OpenAPI schema: the README documents them instead.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from functions.api.deps import ContainerDep
from shared.adapters.email.dev_outbox import MAX_LIST_LIMIT, list_outbox
from shared.domain.email import OutboxEntry
from shared.domain.errors import NotFound


async def require_development(request: Request, container: ContainerDep) -> None:
    """Runs before query validation, so elsewhere even a malformed request gets the plain 404."""
    if container.settings.environment != "development":
        raise NotFound(f"No resource at {request.url.path}.")


router = APIRouter(tags=["dev"], include_in_schema=False, dependencies=[Depends(require_development)])


@router.get("/dev/outbox", response_model=list[OutboxEntry])
async def get_outbox(
    container: ContainerDep,
    to: Annotated[str | None, Query(max_length=320, description="Only messages to this address.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIST_LIMIT)] = 50,
) -> list[OutboxEntry]:
    """Messages the dev outbox stored, newest first."""
    return await list_outbox(await container.db(), limit=limit, to=to)
