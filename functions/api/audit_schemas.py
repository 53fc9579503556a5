"""The audit log as clients see it: one shape for a workspace's log and for the platform-wide one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from shared.services.audit import AuditPage

BeforeId = Annotated[
    int | None,
    Query(ge=1, description="`next_before_id` of the previous page; omit for the newest events."),
]


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    event: str = Field(examples=["member.role_changed"])
    workspace_id: UUID | None
    actor_user_id: UUID | None
    actor_email: str | None = Field(description="Null for events without an actor or a deleted one.")
    target_type: str | None
    target_id: str | None
    ip: str
    details: dict[str, Any]


class AuditPageOut(BaseModel):
    items: list[AuditEventOut]
    next_before_id: int | None = Field(description="Pass as `before_id` for older events; null on the last.")

    @classmethod
    def of(cls, page: AuditPage) -> AuditPageOut:
        return cls(
            items=[AuditEventOut.model_validate(e) for e in page.items], next_before_id=page.next_before_id
        )
