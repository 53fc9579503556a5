"""Queue Storage: sending messages the Functions host's queue triggers will read.

The host decodes message bodies per host.json `extensions.queues.messageEncoding`, so we read
that same file and encode to match: a mismatch would send every message to the poison queue.
"""

from __future__ import annotations

import base64
import contextlib
import json
import math
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from shared.adapters.credentials import get_credential
from shared.config import Settings
from shared.observability import inject_trace_context

if TYPE_CHECKING:
    from azure.storage.queue.aio import QueueServiceClient

HOST_JSON = Path(__file__).resolve().parents[2] / "host.json"
# Azure refuses a visibility timeout beyond 7 days; Azurite enforces the same.
MAX_VISIBILITY = timedelta(days=7)
# 64 KiB per message, counted after encoding.
MAX_MESSAGE_BYTES = 64 * 1024

MessageEncoding = Literal["base64", "none"]


@lru_cache(maxsize=4)
def message_encoding(host_json: Path = HOST_JSON) -> MessageEncoding:
    """The encoding the host expects (the host's default is base64)."""
    config = json.loads(host_json.read_text(encoding="utf-8"))
    value = config.get("extensions", {}).get("queues", {}).get("messageEncoding", "base64")
    if value not in ("base64", "none"):
        raise ValueError(f"host.json messageEncoding must be 'base64' or 'none', not {value!r}")
    return value  # type: ignore[no-any-return]


def encode_message(payload: bytes | str, encoding: MessageEncoding) -> str:
    raw = payload.encode() if isinstance(payload, str) else payload
    text = base64.b64encode(raw).decode("ascii") if encoding == "base64" else raw.decode("utf-8")
    if len(text.encode()) > MAX_MESSAGE_BYTES:
        raise ValueError(f"queue message is {len(text.encode())} bytes encoded; the limit is 64 KiB")
    return text


class QueueSender:
    """Sends messages, optionally invisible until a delay has passed (how posts appear on their second)."""

    def __init__(self, client: QueueServiceClient, encoding: MessageEncoding) -> None:
        self._client = client
        self.encoding = encoding

    @classmethod
    def from_settings(cls, settings: Settings) -> QueueSender:
        from azure.storage.queue.aio import QueueServiceClient

        if settings.storage_connection_string:
            client = QueueServiceClient.from_connection_string(settings.storage_connection_string)
        elif settings.storage_queue_service_uri:
            client = QueueServiceClient(
                settings.storage_queue_service_uri, credential=get_credential(settings)
            )
        else:
            raise RuntimeError("set AzureWebJobsStorage or AzureWebJobsStorage__queueServiceUri")
        return cls(client, message_encoding())

    async def create_queue(self, queue: str) -> None:
        """Create the queue if it is missing (idempotent)."""
        from azure.core.exceptions import ResourceExistsError

        with contextlib.suppress(ResourceExistsError):
            await self._client.create_queue(queue)

    async def send(
        self,
        queue: str,
        payload: bytes | str | dict[str, object],
        *,
        delay: timedelta = timedelta(0),
        time_to_live: timedelta | None = None,
    ) -> str:
        """Send one message; returns its id. `delay` is clamped to 0…7 days.

        A dict goes as JSON carrying the current trace context (`traceparent`, `tracestate`), so the
        handler's work joins the sender's trace.
        """
        if isinstance(payload, dict):
            fields = dict(payload)
            inject_trace_context(fields)
            body: bytes | str = json.dumps(fields, separators=(",", ":"))
        else:
            body = payload
        # Rounded up: storage counts whole seconds, and a message must never appear before its time.
        seconds = math.ceil(min(max(delay, timedelta(0)), MAX_VISIBILITY).total_seconds())
        ttl = None if time_to_live is None else int(time_to_live.total_seconds())
        message = await self._client.get_queue_client(queue).send_message(
            encode_message(body, self.encoding), visibility_timeout=seconds, time_to_live=ttl
        )
        return str(message.id)

    async def peek_count(self, queue: str) -> int:
        """Approximate number of messages in the queue (for operators and tests)."""
        properties = await self._client.get_queue_client(queue).get_queue_properties()
        return int(properties.approximate_message_count or 0)

    async def ping(self, queue: str) -> None:
        """Round trip on a queue the app owns; 'missing' still proves the service answers."""
        from azure.core.exceptions import ResourceNotFoundError

        with contextlib.suppress(ResourceNotFoundError):
            await self._client.get_queue_client(queue).get_queue_properties()

    async def close(self) -> None:
        await self._client.close()
