"""Contact form."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, EmailStr, Field

from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import ClientDep, PublicCaller
from shared.services import contact

router = APIRouter(prefix="/contact", tags=["contact"])


class ContactRequest(BaseModel):
    name: str = Field(min_length=1, max_length=contact.MAX_NAME)
    email: EmailStr = Field(description="Where we answer.")
    subject: str = Field(min_length=1, max_length=contact.MAX_SUBJECT)
    message: str = Field(min_length=contact.MIN_MESSAGE, max_length=contact.MAX_MESSAGE)


class ContactAccepted(BaseModel):
    message: str


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ContactAccepted,
    responses={
        422: {"model": ErrorResponse, "description": "validation_failed"},
        429: {"model": ErrorResponse, "description": "rate_limited (see Retry-After)"},
    },
    summary="Send a message to the people who run clickKloudy",
)
async def send_message(
    body: ContactRequest, caller: PublicCaller, container: ContainerDep, client: ClientDep
) -> ContactAccepted:
    await contact.submit(
        container,
        contact.ContactMessage(name=body.name, email=body.email, subject=body.subject, message=body.message),
        client=client,
        user_id=caller.user_id if caller else None,
    )
    return ContactAccepted(message="Thanks, your message is on its way. We answer by email.")
