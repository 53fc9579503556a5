"""The contact form: stored, emailed to every operator, and rate limited per IP."""

from typing import Any

import httpx
import pytest

from shared.bootstrap import Container
from shared.config import Settings
from tests.conftest import Stack, stack_settings, unique
from tests.integration.test_me import sign_in

OPERATORS = (f"{unique('ops')}@clickkloudy.test", f"{unique('ops')}@clickkloudy.test")


@pytest.fixture
def settings(stack: Stack) -> Settings:
    return stack_settings(stack, OPERATOR_EMAILS=" , ".join(OPERATORS))


def message(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Grace",
        "email": "grace@example.com",
        "subject": f"Question {unique('s')}",
        "message": "How do I connect a second account?",
        **overrides,
    }


async def test_message_is_stored_and_emailed_to_operators(
    api: httpx.AsyncClient, container: Container
) -> None:
    body = message(subject=f"Billing\r\nBcc: evil@example.com {unique('s')}")
    response = await api.post("/api/v1/contact", json=body)
    assert response.status_code == 202, response.text
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT name, email, subject, message, user_id FROM contact_messages WHERE subject LIKE %s",
            (f"Billing Bcc: evil@example.com {body['subject'].rsplit(' ', 1)[-1]}",),
        )
        stored = await cursor.fetchall()
        assert stored == [
            ("Grace", "grace@example.com", " ".join(body["subject"].split()), body["message"], None)
        ]
        cursor = await conn.execute(
            "SELECT to_address, subject, text_body FROM dev_outbox WHERE to_address = ANY(%s)",
            (list(OPERATORS),),
        )
        mails = await cursor.fetchall()
    assert sorted(m[0] for m in mails) == sorted(OPERATORS)
    for _, subject, text in mails:
        assert "\n" not in subject
        assert subject.startswith("Contact form: Billing")
        assert "grace@example.com" in text
        assert body["message"] in text


async def test_signed_in_sender_is_linked(api: httpx.AsyncClient, container: Container) -> None:
    email, _, auth = await sign_in(api)
    subject = f"From a user {unique('s')}"
    assert (await api.post("/api/v1/contact", json=message(subject=subject), headers=auth)).status_code == 202
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT u.email_normalized FROM contact_messages c JOIN users u ON u.id = c.user_id
               WHERE c.subject = %s""",
            (subject,),
        )
        assert (await cursor.fetchone()) == (email,)


@pytest.mark.parametrize(
    "overrides",
    [
        {"message": "too short"},
        {"message": "x" * 5001},
        {"subject": "s" * 201},
        {"name": ""},
        {"email": "nope"},
    ],
)
async def test_invalid_messages_are_refused(api: httpx.AsyncClient, overrides: dict[str, Any]) -> None:
    response = await api.post("/api/v1/contact", json=message(**overrides))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_failed"


async def test_sixth_message_in_an_hour_is_rate_limited(api: httpx.AsyncClient) -> None:
    for _ in range(5):
        assert (await api.post("/api/v1/contact", json=message())).status_code == 202
    sixth = await api.post("/api/v1/contact", json=message())
    assert sixth.status_code == 429
    assert sixth.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(sixth.headers["retry-after"]) <= 3600
