"""Azure Communication Services Email: the production backend (managed identity in Azure)."""

from __future__ import annotations

import base64
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from shared.adapters.credentials import get_credential
from shared.config import Settings
from shared.domain.email import EmailMessage
from shared.domain.errors import EmailDeliveryFailed

if TYPE_CHECKING:
    from azure.communication.email.aio import EmailClient

# Used when ACS sends no Retry-After; the SDK's own default (30 s) would hold a request that long.
POLLING_INTERVAL_SECONDS = 1.0


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:200]


class AcsEmailSender:
    def __init__(self, client: EmailClient, sender_address: str) -> None:
        self._client = client
        self.sender_address = sender_address

    @classmethod
    def from_settings(cls, settings: Settings, *, connection_verify: bool | str = True) -> AcsEmailSender:
        """`connection_verify` (a CA bundle path) is for endpoints with a private certificate (tests)."""
        from azure.communication.email.aio import EmailClient

        # ACS wants the bare address of a verified sender; "Name <address>" is refused.
        sender_address = parseaddr(settings.email_from)[1]
        if "@" not in sender_address:
            raise RuntimeError(f"EMAIL_FROM has no email address: {settings.email_from!r}")
        connection_string = settings.acs_connection_string.get_secret_value()
        if connection_string:
            client = EmailClient.from_connection_string(
                connection_string, connection_verify=connection_verify
            )
        elif settings.acs_endpoint:
            client = EmailClient(
                settings.acs_endpoint,
                credential=get_credential(settings),
                connection_verify=connection_verify,
            )
        else:
            raise RuntimeError("EMAIL_BACKEND=acs needs ACS_ENDPOINT or ACS_CONNECTION_STRING")
        return cls(client, sender_address)

    def payload(self, message: EmailMessage) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "senderAddress": self.sender_address,
            "recipients": {"to": [{"address": message.to}]},
            "content": {
                "subject": message.subject,
                "plainText": message.text_body,
                "html": message.html_body,
            },
            # Click tracking rewrites links; ours carry one-time tokens that must reach us untouched.
            "userEngagementTrackingDisabled": True,
        }
        if message.attachments:
            payload["attachments"] = [
                {
                    "name": attachment.filename,
                    "contentType": attachment.content_type,
                    "contentInBase64": base64.b64encode(attachment.content).decode("ascii"),
                }
                for attachment in message.attachments
            ]
        return payload

    async def send(self, message: EmailMessage) -> None:
        from azure.core.exceptions import AzureError

        try:
            poller = await self._client.begin_send(
                self.payload(message), polling_interval=POLLING_INTERVAL_SECONDS
            )
            result = await poller.result()
        except AzureError as exc:
            raise EmailDeliveryFailed(
                "Azure Communication Services did not send the email "
                f"({type(exc).__name__}: {_first_line(str(exc.message or exc))})."
            ) from exc
        status = (result or {}).get("status")
        if status != "Succeeded":
            error = (result or {}).get("error") or {}
            detail = error.get("message") if isinstance(error, dict) else None
            raise EmailDeliveryFailed(
                f"Azure Communication Services did not send the email (status {status!r}"
                + (f": {_first_line(str(detail))}" if detail else "")
                + ")."
            )

    async def close(self) -> None:
        await self._client.close()
