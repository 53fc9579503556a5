"""The real Function app under the dev host, over real HTTP, against the real local stack."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest

from shared.config import Settings
from tests.conftest import ROOT, Stack, stack_settings
from tools.localstack import provision


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningApp:
    base_url: str
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log_path: Path
    sandbox_url: str

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def verification_token(self, email: str) -> str:
        """The token of the newest verification link the dev host mailed `email` (its dev outbox)."""
        with psycopg.connect(self.env["DATABASE_URL"]) as conn:
            row = conn.execute(
                """SELECT text_body FROM dev_outbox WHERE to_address = %s
                     AND strpos(text_body, '/verify-email?token=') > 0
                   ORDER BY id DESC LIMIT 1""",
                (email,),
            ).fetchone()
        assert row is not None, f"no verification mail to {email}"
        match = re.search(r"/verify-email\?token=(\S+)", row[0])
        assert match, row[0]
        return match.group(1)


def dev_host_env(stack: Stack, settings: Settings, sandbox_url: str, **extra: str) -> dict[str, str]:
    """The dev host's environment: this process's, the local stack's, `settings`' database, Cosmos
    database, media container and queues, the sandbox on, a heartbeat a second; then `extra`."""
    return {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": settings.database_url,
        "AzureWebJobsStorage": stack.storage_connection_string,
        "COSMOS_ENDPOINT": stack.cosmos_endpoint,
        "COSMOS_KEY": stack.cosmos_key,
        "COSMOS_CA_CERT": stack.cosmos_ca_cert,
        "COSMOS_DATABASE": settings.cosmos_database,
        "MEDIA_CONTAINER": settings.media_container,
        "PUBLISH_QUEUE": settings.publish_queue,
        "STATUS_CHECK_QUEUE": settings.status_check_queue,
        "ANALYTICS_QUEUE": settings.analytics_queue,
        "HEARTBEAT_SCHEDULE": "*/1 * * * * *",
        "SANDBOX_MODE": "true",
        "SANDBOX_BASE_URL": sandbox_url,
        # Every test signs people up from 127.0.0.1: a whole suite's worth, not a person's hour.
        "REGISTER_PER_IP_PER_HOUR": "1000",
        **extra,
    }


def start_dev_host(port: int, env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """`tools.devhost` on `port` (output to `log_path`), once it answers live; stopped again and
    failed with its log when it exits or is not live within a minute."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tools.devhost", "--root", str(ROOT), "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health/live", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_dev_host(process)
            log_text = log_path.read_text(encoding="utf-8", errors="replace")
            raise AssertionError(f"dev host did not start:\n{log_text}")
        time.sleep(0.1)


def stop_dev_host(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as a developer stops it; killed if it has not exited within 15 s."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def running_app(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    from tools.sandbox import manage as sandbox

    settings = stack_settings(stack)
    asyncio.run(provision(settings))
    sandbox_root = tmp_path_factory.mktemp("sandbox")
    sandbox_url = sandbox.ensure_running(sandbox_root, port=free_port())
    env = dev_host_env(stack, settings, sandbox_url)
    port = free_port()
    log_path = tmp_path_factory.mktemp("devhost") / "devhost.log"
    process = start_dev_host(port, env, log_path)
    app = RunningApp(f"http://127.0.0.1:{port}", env, process, log_path, sandbox_url)
    yield app
    stop_dev_host(process)
    asyncio.run(_drop_cosmos(settings))
    sandbox.stop(sandbox_root)


async def _drop_cosmos(settings: object) -> None:
    from shared.bootstrap import Container

    container = Container(settings)  # type: ignore[arg-type]
    try:
        await container.cosmos.delete_database()
    finally:
        await container.aclose()
