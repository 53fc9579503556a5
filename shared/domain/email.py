"""An email as the core hands it to whichever delivery backend is configured."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _single_header_line(value: str) -> str:
    # A line break in a header value would let input smuggle extra headers (Bcc:...) into SMTP.
    if "\r" in value or "\n" in value:
        raise ValueError("must be a single line")
    return value


class Attachment(BaseModel):
    """A file sent with an email (an analytics report's PDF)."""

    model_config = ConfigDict(frozen=True)

    filename: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
    content_type: str = Field(pattern=r"^[a-z]+/[a-z0-9.+-]+$", examples=["application/pdf"])
    content: bytes


class EmailMessage(BaseModel):
    """One rendered email to one recipient; built by `shared.services.email.render`, never by hand."""

    model_config = ConfigDict(frozen=True)

    to: str = Field(description="The one recipient address.")
    subject: str
    text_body: str
    html_body: str
    template: str = Field(description="Template it was rendered from, kept with the message for the record.")
    attachments: tuple[Attachment, ...] = ()

    @field_validator("to")
    @classmethod
    def _one_address(cls, value: str) -> str:
        _single_header_line(value)
        _, address = parseaddr(value)
        if "@" not in address or "," in value:
            raise ValueError("must be exactly one email address")
        return value

    @field_validator("subject")
    @classmethod
    def _one_line_subject(cls, value: str) -> str:
        return _single_header_line(value)


class OutboxAttachment(BaseModel):
    filename: str
    content_type: str
    size: int
    content_base64: str


class OutboxEntry(BaseModel):
    """A message the dev outbox stored instead of sending (development only)."""

    id: int
    created_at: datetime
    to: str
    subject: str
    template: str
    text_body: str
    html_body: str
    attachments: list[OutboxAttachment] = Field(default_factory=list)
