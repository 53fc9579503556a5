"""The contact form: messages stored for the record and emailed to the operators."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

from shared.bootstrap import Container
from shared.domain.errors import EmailDeliveryFailed, InvalidInput
from shared.services import ratelimit
from shared.services.sessions import ClientInfo

log = logging.getLogger(__name__)

MAX_NAME = 100
MAX_EMAIL = 320
MAX_SUBJECT = 200
MIN_MESSAGE = 10
MAX_MESSAGE = 5000


@dataclass(frozen=True)
class ContactMessage:
    name: str
    email: str
    subject: str
    message: str


def _checked(message: ContactMessage) -> ContactMessage:
    name = " ".join(message.name.split())
    email = message.email.strip()
    subject = " ".join(message.subject.split())
    body = message.message.strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise InvalidInput(f"The name has 1 to {MAX_NAME} characters.", code="invalid_name")
    if not 3 <= len(email) <= MAX_EMAIL or "@" not in email:
        raise InvalidInput("The email address is not valid.", code="invalid_email")
    if not 1 <= len(subject) <= MAX_SUBJECT:
        raise InvalidInput(f"The subject has 1 to {MAX_SUBJECT} characters.", code="invalid_subject")
    if not MIN_MESSAGE <= len(body) <= MAX_MESSAGE:
        raise InvalidInput(
            f"The message has {MIN_MESSAGE} to {MAX_MESSAGE} characters.", code="invalid_message"
        )
    return ContactMessage(name=name, email=email, subject=subject, message=body)


async def submit(
    container: Container, message: ContactMessage, *, client: ClientInfo, user_id: UUID | None = None
) -> UUID:
    """Store first, then email: the stored copy is the record even when mail is down."""
    checked = _checked(message)
    pool = await container.db()
    await ratelimit.hit(pool, ratelimit.CONTACT_PER_IP, client.ip or "unknown")
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """INSERT INTO contact_messages (name, email, subject, message, ip, user_id)
               VALUES (%s, %s, %s, %s, %s, %s) RETURNING id""",
            (checked.name, checked.email, checked.subject, checked.message, client.ip, user_id),
        )
        row = await cursor.fetchone()
    assert row is not None
    message_id: UUID = row[0]
    try:
        await container.mailer.send_contact_message(
            container.settings.operator_emails,
            name=checked.name,
            email=checked.email,
            subject=checked.subject,
            message=checked.message,
        )
    except EmailDeliveryFailed:
        log.warning("contact message %s was stored but not emailed", message_id, exc_info=True)
    return message_id
