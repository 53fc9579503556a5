"""Queue triggers with the host's polling, batching, retry and poison-queue rules.

Messages are read and written as raw text (the SDK's default no-op encode/decode policies) and the
base64 step is done here, because that is the layer at which the host applies `messageEncoding`: a
message the host could not decode must be one this listener cannot decode either.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from azure.core.exceptions import AzureError, ResourceExistsError, ResourceNotFoundError
from azure.functions.queue import QueueMessage as FunctionQueueMessage
from azure.storage.queue import QueueMessage
from azure.storage.queue.aio import QueueClient

from tools.devhost.functions import FunctionInfo
from tools.devhost.hostjson import MessageEncoding, QueueOptions
from tools.devhost.invocation import Invoker
from tools.devhost.settings import resolve
from tools.devhost.waits import wait_for_either, wait_or_stop

log = logging.getLogger("devhost.queues")

MIN_POLL_DELAY = 0.1
# How long a received message stays invisible while its invocation runs; renewed at half-time.
LEASE = timedelta(minutes=10)
DEFAULT_CONNECTION = "AzureWebJobsStorage"
_QUEUE_NAME = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}")
_BASE64_WHITESPACE = re.compile(r"[ \t\r\n]")


class QueueBindingError(ValueError):
    """The trigger's queue name or connection cannot be resolved; the host reports the function in error."""


def next_poll_delay(
    previous: float | None, *, found: bool, maximum: float, minimum: float = MIN_POLL_DELAY
) -> float:
    """The wait before the next poll: back to the minimum after finding messages, else doubling to the cap.

    The host randomises each step by +-20 %; the midpoint is used so runs are reproducible.
    """
    if found or previous is None:
        return min(minimum, maximum)
    return min(max(previous * 2, minimum), maximum)


def resolve_queue_name(expression: str, environ: Mapping[str, str]) -> str:
    """Lower-cased, then checked, as the host normalises queue names before validating them."""
    name = resolve(expression, environ).lower()
    if not _QUEUE_NAME.fullmatch(name):
        raise QueueBindingError(
            f"queue name {name!r} is invalid: 3-63 lowercase letters, digits and single dashes, "
            "starting and ending with a letter or digit"
        )
    return name


def resolve_connection(setting: object, environ: Mapping[str, str]) -> str:
    """The connection names a setting, tried as given and with the AzureWebJobs prefix, as the host does."""
    name = str(setting) if setting else DEFAULT_CONNECTION
    for candidate in (name, f"AzureWebJobs{name}"):
        value = environ.get(candidate, "")
        if value:
            return value
    if environ.get(f"{name}__queueServiceUri"):
        raise QueueBindingError(
            f"connection {name!r}: identity-based connections are not supported; set {name}"
        )
    raise QueueBindingError(f"storage connection string {name!r} does not exist; define it as an app setting")


def decode_body(text: str, encoding: MessageEncoding) -> bytes:
    """Strict like .NET's Convert.FromBase64String: whitespace ignored, anything else invalid raises."""
    if encoding == "none":
        return text.encode("utf-8")
    try:
        return base64.b64decode(_BASE64_WHITESPACE.sub("", text), validate=True)
    except binascii.Error as error:
        raise ValueError(f"not valid base64: {error}") from None


def encode_body(body: bytes, encoding: MessageEncoding) -> str:
    return body.decode("utf-8") if encoding == "none" else base64.b64encode(body).decode("ascii")


def _queue_client(connection_string: str, queue_name: str) -> QueueClient:
    """No encode/decode policy: raw text both ways (see the module docstring).

    Storage's default retries wait 15, 18 and 24 s; a dev host should say sooner that Azurite is down.
    """
    return QueueClient.from_connection_string(
        connection_string,
        queue_name,
        retry_total=2,
        initial_backoff=1,
        increment_base=2,
        random_jitter_range=1,
    )


@dataclass
class _Lease:
    message_id: str
    pop_receipt: str


class QueueListener:
    def __init__(
        self,
        function: FunctionInfo,
        queue_name: str,
        connection_string: str,
        options: QueueOptions,
        invoker: Invoker,
    ) -> None:
        self.function = function
        self.queue_name = queue_name
        self.poison_name = f"{queue_name}-poison"
        self.options = options
        self.invoker = invoker
        self._client = _queue_client(connection_string, queue_name)
        self._poison = _queue_client(connection_string, self.poison_name)
        self._tasks: set[asyncio.Task[None]] = set()
        self._slot_freed = asyncio.Event()
        self._healthy = True

    @property
    def in_flight(self) -> list[asyncio.Task[None]]:
        return list(self._tasks)

    async def run(self, stop: asyncio.Event) -> None:
        maximum = self.options.max_polling_interval.total_seconds()
        delay: float | None = None
        if not await self._ensure_queue(stop, retry_after=maximum):
            return
        while not stop.is_set():
            if await self._wait_for_capacity(stop):
                break
            batch = await self._receive()
            if stop.is_set():
                await self._release(batch)
                break
            for message in batch:
                self._start(message)
            delay = next_poll_delay(delay, found=bool(batch), maximum=maximum)
            if await wait_or_stop(stop, delay):
                break

    async def close(self) -> None:
        await self._client.close()
        await self._poison.close()

    async def _ensure_queue(self, stop: asyncio.Event, *, retry_after: float) -> bool:
        """Create the queue when missing; while storage is unreachable, retry and keep the host up.

        Returns False only when asked to stop before the queue could be reached.
        """
        while not stop.is_set():
            try:
                await self._client.create_queue()
            except ResourceExistsError:
                pass
            except AzureError as error:
                self._report(error)
                await wait_or_stop(stop, retry_after)
                continue
            self._report(None)
            return True
        return False

    async def _wait_for_capacity(self, stop: asyncio.Event) -> bool:
        """Fetch again only once in-flight messages drop to newBatchThreshold; True when stopping."""
        while len(self._tasks) > self.options.new_batch_threshold:
            self._slot_freed.clear()
            if await wait_for_either(self._slot_freed, stop):
                return True
        return stop.is_set()

    async def _receive(self) -> list[QueueMessage]:
        """One Get Messages call: iterating the SDK's pager would keep calling until max_messages arrive."""
        size = self.options.batch_size
        try:
            pages = self._client.receive_messages(
                messages_per_page=size, max_messages=size, visibility_timeout=int(LEASE.total_seconds())
            ).by_page()
            try:
                page = await anext(pages)
            except StopAsyncIteration:
                batch: list[QueueMessage] = []
            else:
                batch = [message async for message in page]
        except AzureError as error:
            self._report(error)
            return []
        self._report(None)
        return batch

    def _report(self, error: AzureError | None) -> None:
        """One line when storage becomes unreachable and one when it is back, not one per poll."""
        if error is not None and self._healthy:
            log.error(
                "Queue listener for '%s' cannot reach queue '%s': %s",
                self.function.name,
                self.queue_name,
                str(error).splitlines()[0],
            )
        elif error is None and not self._healthy:
            log.info("Queue listener for '%s' reached queue '%s' again", self.function.name, self.queue_name)
        self._healthy = error is None

    def _start(self, message: QueueMessage) -> None:
        task = asyncio.create_task(self._process(message), name=f"queue:{self.function.name}:{message.id}")
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._slot_freed.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("Processing a message for '%s' failed", self.function.name, exc_info=task.exception())

    async def _process(self, message: QueueMessage) -> None:
        text: str = message.content or ""
        dequeue_count = message.dequeue_count or 1
        lease = _Lease(message.id, message.pop_receipt or "")
        if dequeue_count > self.options.max_dequeue_count:
            await self._to_poison(lease, text, dequeue_count)
            return
        try:
            body = decode_body(text, self.options.message_encoding)
        except ValueError as error:
            log.error(
                "Message '%s' in queue '%s' cannot be decoded (messageEncoding=%s, %s); moving it to '%s'",
                message.id,
                self.queue_name,
                self.options.message_encoding,
                error,
                self.poison_name,
            )
            await self._move_to_poison(lease, text)
            return
        trigger_value = FunctionQueueMessage(  # type: ignore[no-untyped-call]
            id=message.id,
            body=body,
            dequeue_count=dequeue_count,
            expiration_time=message.expires_on,
            insertion_time=message.inserted_on,
            time_next_visible=message.next_visible_on,
            pop_receipt=message.pop_receipt,
        )
        done = asyncio.Event()
        keeper = asyncio.create_task(self._keep_lease(lease, done))
        try:
            result = await self.invoker.invoke(
                self.function, trigger_value, ident=message.id, dequeue_count=dequeue_count
            )
        finally:
            done.set()
            await keeper
        if result.succeeded:
            await self._delete(lease)
        elif dequeue_count >= self.options.max_dequeue_count:
            await self._to_poison(lease, text, dequeue_count)
        else:
            await self._make_visible(lease, self.options.visibility_timeout)

    async def _keep_lease(self, lease: _Lease, done: asyncio.Event) -> None:
        """Renew the invisibility at half-time, so a long invocation (or a breakpoint) is not run twice."""
        while not await wait_or_stop(done, LEASE.total_seconds() / 2):
            try:
                renewed = await self._client.update_message(
                    lease.message_id,
                    pop_receipt=lease.pop_receipt,
                    visibility_timeout=int(LEASE.total_seconds()),
                )
            except AzureError as error:
                log.warning("Could not renew the lease on message '%s': %s", lease.message_id, error)
                continue
            lease.pop_receipt = renewed.pop_receipt or lease.pop_receipt

    async def _to_poison(self, lease: _Lease, text: str, dequeue_count: int) -> None:
        log.warning(
            "Message '%s' has reached MaxDequeueCount of %d (dequeue count %d); moving it to queue '%s'",
            lease.message_id,
            self.options.max_dequeue_count,
            dequeue_count,
            self.poison_name,
        )
        await self._move_to_poison(lease, text)

    async def _move_to_poison(self, lease: _Lease, text: str) -> None:
        """Copy the stored text unchanged (so it stays in the same encoding), then delete the original."""
        try:
            try:
                await self._poison.send_message(text)
            except ResourceNotFoundError:
                await self._poison.create_queue()
                await self._poison.send_message(text)
        except AzureError as error:
            log.error("Could not move message '%s' to '%s': %s", lease.message_id, self.poison_name, error)
            return
        await self._delete(lease)

    async def _delete(self, lease: _Lease) -> None:
        try:
            await self._client.delete_message(lease.message_id, pop_receipt=lease.pop_receipt)
        except AzureError as error:
            log.warning(
                "Could not delete message '%s' from '%s': %s", lease.message_id, self.queue_name, error
            )

    async def _make_visible(self, lease: _Lease, after: timedelta) -> None:
        """Storage counts visibility in whole seconds, so a fractional visibilityTimeout rounds up."""
        try:
            await self._client.update_message(
                lease.message_id,
                pop_receipt=lease.pop_receipt,
                visibility_timeout=math.ceil(after.total_seconds()),
            )
        except AzureError as error:
            log.warning(
                "Could not release message '%s' in '%s': %s", lease.message_id, self.queue_name, error
            )

    async def _release(self, batch: list[QueueMessage]) -> None:
        """Messages received just as the host stops go straight back, not after the ten-minute lease."""
        for message in batch:
            await self._make_visible(_Lease(message.id, message.pop_receipt or ""), timedelta(0))
