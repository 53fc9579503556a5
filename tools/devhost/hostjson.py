"""The parts of host.json the dev host honours, with the real host's defaults and validation."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Literal

from tools.devhost.timespan import parse_timespan

MessageEncoding = Literal["base64", "none"]

MIN_POLLING_INTERVAL = timedelta(milliseconds=100)
MAX_BATCH_SIZE = 32


class HostJsonError(ValueError):
    """host.json holds a value the Functions host would reject at startup."""


@dataclass(frozen=True)
class QueueOptions:
    max_polling_interval: timedelta = timedelta(minutes=1)
    visibility_timeout: timedelta = timedelta(0)
    batch_size: int = 16
    new_batch_threshold: int = 8
    max_dequeue_count: int = 5
    message_encoding: MessageEncoding = "base64"


@dataclass(frozen=True)
class HostOptions:
    queues: QueueOptions = field(default_factory=QueueOptions)
    route_prefix: str = "api"
    function_timeout: timedelta | None = None


def load_host_json(path: Path) -> HostOptions:
    """Defaults when the file is absent, so a bare checkout still starts."""
    if not path.is_file():
        return HostOptions()
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, json.JSONDecodeError) as error:
        raise HostJsonError(f"{path}: cannot read host.json: {error}") from error
    try:
        return parse_host_json(document)
    except HostJsonError as error:
        raise HostJsonError(f"{path}: {error}") from error


def parse_host_json(document: object) -> HostOptions:
    root = _section(document, "host.json")
    version = _get(root, "version")
    if version != "2.0":
        raise HostJsonError(f"'version' must be \"2.0\" (got {version!r})")
    extensions = _subsection(root, "extensions", "extensions")
    http = _subsection(extensions, "http", "extensions.http")
    return HostOptions(
        queues=_queue_options(_subsection(extensions, "queues", "extensions.queues")),
        route_prefix=_route_prefix(_get(http, "routePrefix")),
        function_timeout=_function_timeout(_get(root, "functionTimeout")),
    )


def _queue_options(section: Mapping[str, object]) -> QueueOptions:
    defaults = QueueOptions()
    where = "extensions.queues"
    batch_size = _int(section, "batchSize", where, defaults.batch_size, minimum=1, maximum=MAX_BATCH_SIZE)
    max_polling = _get(section, "maxPollingInterval")
    polling = defaults.max_polling_interval if max_polling is None else _interval(max_polling)
    if polling < MIN_POLLING_INTERVAL:
        raise HostJsonError(f"{where}.maxPollingInterval must be at least 100 ms")
    visibility_raw = _get(section, "visibilityTimeout")
    visibility = defaults.visibility_timeout
    if visibility_raw is not None:
        visibility = _timespan(visibility_raw, f"{where}.visibilityTimeout")
        if visibility < timedelta(0):
            raise HostJsonError(f"{where}.visibilityTimeout must not be negative")
    return QueueOptions(
        max_polling_interval=polling,
        visibility_timeout=visibility,
        batch_size=batch_size,
        new_batch_threshold=_int(section, "newBatchThreshold", where, batch_size // 2, minimum=0),
        max_dequeue_count=_int(section, "maxDequeueCount", where, defaults.max_dequeue_count, minimum=1),
        message_encoding=_encoding(_get(section, "messageEncoding"), defaults.message_encoding),
    )


def _get(section: Mapping[str, object], key: str) -> object:
    """Case-insensitive, because the host binds host.json through .NET configuration."""
    folded = key.casefold()
    for name, value in section.items():
        if name.casefold() == folded:
            return value
    return None


def _section(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise HostJsonError(f"{where} must be a JSON object")
    return value


def _subsection(section: Mapping[str, object], key: str, where: str) -> Mapping[str, object]:
    value = _get(section, key)
    return {} if value is None else _section(value, where)


def _int(
    section: Mapping[str, object],
    key: str,
    where: str,
    default: int,
    *,
    minimum: int,
    maximum: int | None = None,
) -> int:
    value = _get(section, key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise HostJsonError(f"{where}.{key} must be an integer (got {value!r})")
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise HostJsonError(f"{where}.{key} must be {bounds} (got {value})")
    return value


def _timespan(value: object, where: str) -> timedelta:
    if not isinstance(value, str):
        raise HostJsonError(f'{where} must be a TimeSpan string such as "00:00:30" (got {value!r})')
    try:
        return parse_timespan(value)
    except ValueError as error:
        raise HostJsonError(f"{where}: {error}") from error


def _interval(value: object) -> timedelta:
    """maxPollingInterval also takes milliseconds as a number, as Functions 1.x wrote it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(milliseconds=value)
    return _timespan(value, "extensions.queues.maxPollingInterval")


def _encoding(value: object, default: MessageEncoding) -> MessageEncoding:
    if value is None:
        return default
    folded = value.casefold() if isinstance(value, str) else value
    if folded == "base64":
        return "base64"
    if folded == "none":
        return "none"
    raise HostJsonError(f'extensions.queues.messageEncoding must be "base64" or "none" (got {value!r})')


def _route_prefix(value: object) -> str:
    if value is None:
        return "api"
    if not isinstance(value, str):
        raise HostJsonError(f"extensions.http.routePrefix must be a string (got {value!r})")
    return value.strip("/")


def _function_timeout(value: object) -> timedelta | None:
    """None means unbounded: null and "-1" are how host.json says so."""
    if value is None or value == "-1":
        return None
    timeout = _timespan(value, "functionTimeout")
    if timeout <= timedelta(0):
        raise HostJsonError(f"functionTimeout must be positive, or -1 for no limit (got {value!r})")
    return timeout
