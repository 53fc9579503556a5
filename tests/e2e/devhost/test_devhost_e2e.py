"""The dev host as a developer runs it: a subprocess serving real HTTP, against Azurite.

Every wait polls an observable effect (a file line, a queue's contents, the process exit) against a
deadline; nothing sleeps for a fixed time and hopes.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from azure.core.exceptions import ResourceNotFoundError
from azure.storage.queue import QueueClient, QueueMessage, TextBase64EncodePolicy

from tools.emulators.manage import ensure_running

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[3]
APP = "tests.e2e.devhost.sample_app:app"
STARTUP_SECONDS = 30.0
EFFECT_SECONDS = 20.0
T = TypeVar("T")


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(what: str, probe: Callable[[], T | None], deadline_seconds: float = EFFECT_SECONDS) -> T:
    deadline = time.monotonic() + deadline_seconds
    while True:
        result = probe()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {deadline_seconds:.0f} s waiting for {what}")
        time.sleep(0.1)


def read_lines(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class DevHost:
    process: subprocess.Popen[bytes]
    base_url: str
    root: Path
    settings: dict[str, str]

    @property
    def log(self) -> str:
        return (self.root / "devhost.log").read_text(encoding="utf-8", errors="replace")

    def file(self, setting: str) -> Path:
        return Path(self.settings[setting])

    def queue(self, setting: str, connection_string: str, *, poison: bool = False) -> QueueClient:
        name = self.settings[setting] + ("-poison" if poison else "")
        return QueueClient.from_connection_string(connection_string, name)

    def stop(self, timeout: float = 10.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


def start_devhost(root: Path, storage: str) -> DevHost:
    """A temp app root with its own host.json and local.settings.json, as a developer's checkout has."""
    settings = {
        "AzureWebJobsStorage": storage,
        "SAMPLE_QUEUE": unique("dhrecord"),
        "SAMPLE_FAILING_QUEUE": unique("dhfail"),
        "SAMPLE_TIMER_SCHEDULE": "*/2 * * * * *",
        "SAMPLE_MESSAGES_FILE": str(root / "messages.jsonl"),
        "SAMPLE_FAILURES_FILE": str(root / "failures.jsonl"),
        "SAMPLE_TICKS_FILE": str(root / "ticks.jsonl"),
    }
    host_json = {
        "version": "2.0",
        "extensions": {
            "http": {"routePrefix": "api"},
            "queues": {
                "maxPollingInterval": "00:00:01",
                "maxDequeueCount": 3,
                "visibilityTimeout": "00:00:00",
                "messageEncoding": "base64",
            },
        },
    }
    (root / "host.json").write_text(json.dumps(host_json), encoding="utf-8")
    (root / "local.settings.json").write_text(json.dumps({"IsEncrypted": False, "Values": settings}), "utf-8")
    # Settings come from local.settings.json; the same names in this environment would win over it.
    env = {k: v for k, v in os.environ.items() if k not in settings}
    env["PYTHONUNBUFFERED"] = "1"
    port = free_port()
    command = [sys.executable, "-m", "tools.devhost", "--app", APP, "--root", str(root), "--port", str(port)]
    with (root / "devhost.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    host = DevHost(process, f"http://127.0.0.1:{port}", root, settings)

    def answers() -> bool | None:
        if process.poll() is not None:
            raise AssertionError(f"dev host exited with {process.returncode}:\n{host.log}")
        try:
            return httpx.get(f"{host.base_url}/api/ping", timeout=1).status_code == 200 or None
        except httpx.TransportError:
            return None

    wait_for("the dev host to answer HTTP", answers, STARTUP_SECONDS)
    return host


@pytest.fixture(scope="module")
def storage() -> str:
    return ensure_running(ROOT).storage_connection_string


@pytest.fixture(scope="module")
def devhost(storage: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevHost]:
    host = start_devhost(tmp_path_factory.mktemp("devhost"), storage)
    try:
        yield host
    finally:
        host.stop()
        delete_queues(host, storage)


def delete_queues(host: DevHost, storage: str) -> None:
    for setting in ("SAMPLE_QUEUE", "SAMPLE_FAILING_QUEUE"):
        for poison in (False, True):
            with (
                host.queue(setting, storage, poison=poison) as queue,
                contextlib.suppress(ResourceNotFoundError),
            ):
                queue.delete_queue()


def test_http_is_served_under_the_route_prefix(devhost: DevHost) -> None:
    response = httpx.get(f"{devhost.base_url}/api/ping", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert httpx.get(f"{devhost.base_url}/ping", timeout=5).status_code == 404


def test_base64_message_is_handled_once(devhost: DevHost, storage: str) -> None:
    text = f"hello {uuid.uuid4()}"
    with QueueClient.from_connection_string(
        storage, devhost.settings["SAMPLE_QUEUE"], message_encode_policy=TextBase64EncodePolicy()
    ) as queue:
        queue.send_message(text)
        records = wait_for(
            "the message to be handled",
            lambda: (
                [r for r in read_lines(devhost.file("SAMPLE_MESSAGES_FILE")) if r["body"] == text] or None
            ),
        )
        wait_for("the handled message to be deleted", lambda: not queue.peek_messages() or None)
    assert records == [{"body": text, "dequeue_count": 1}]


def test_failing_message_is_poisoned_after_max_dequeue_count(devhost: DevHost, storage: str) -> None:
    text = f"doomed {uuid.uuid4()}"
    stored = base64.b64encode(text.encode()).decode()
    with (
        devhost.queue("SAMPLE_FAILING_QUEUE", storage) as queue,
        devhost.queue("SAMPLE_FAILING_QUEUE", storage, poison=True) as poison_queue,
    ):
        queue.send_message(stored)
        poisoned = wait_for(
            "the message to reach the poison queue",
            lambda: [m.content for m in _peek_if_exists(poison_queue)] or None,
        )
        wait_for("the message to leave the main queue", lambda: not queue.peek_messages() or None)
    attempts = [
        r["dequeue_count"] for r in read_lines(devhost.file("SAMPLE_FAILURES_FILE")) if r["body"] == text
    ]
    assert attempts == [1, 2, 3]
    assert poisoned == [stored]
    assert "moving it to queue" in devhost.log


def _peek_if_exists(queue: QueueClient) -> list[QueueMessage]:
    try:
        return list(queue.peek_messages(max_messages=32))
    except ResourceNotFoundError:
        return []


def test_timer_fires_on_even_seconds(devhost: DevHost) -> None:
    def last_two_ticks() -> list[dict[str, object]] | None:
        lines = read_lines(devhost.file("SAMPLE_TICKS_FILE"))
        return lines[-2:] if len(lines) >= 2 else None

    ticks = wait_for("two timer invocations", last_two_ticks)
    first, second = (datetime.fromisoformat(str(t["at"])) for t in ticks)
    assert 1.5 <= (second - first).total_seconds() <= 2.5
    for moment in (first, second):
        assert moment.second % 2 == 0
        assert moment.microsecond < 500_000
    assert all(t["past_due"] is False for t in ticks)


def test_sigint_stops_the_host_cleanly(storage: str, tmp_path: Path) -> None:
    host = start_devhost(tmp_path, storage)
    started = time.monotonic()
    try:
        assert host.stop(timeout=10) == 0, host.log
    finally:
        delete_queues(host, storage)
    assert time.monotonic() - started < 10
    assert "Host stopped" in host.log
