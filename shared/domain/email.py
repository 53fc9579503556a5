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


class EmailMessage(BaseModel):
    """One rendered email to one recipient; built by `shared.services.email.render`, never by hand."""

    model_config = ConfigDict(frozen=True)

    to: str = Field(description="The one recipient address.")
    subject: str
    text_body: str
    html_body: str
    template: str = Field(description="Template it was rendered from, kept with the message for the record.")

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


class OutboxEntry(BaseModel):
    """A message the dev outbox stored instead of sending (development only)."""

    id: int
    created_at: datetime
    to: str
    subject: str
    template: str
    text_body: str
    html_body: str
