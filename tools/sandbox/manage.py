"""Start, reuse and stop the sandbox platform server for `make dev` and local runs.

Like the emulators, it runs detached (its own session) so `make dev` can restart without losing the
sandbox's accounts and posts, and so Ctrl-C in the dev host's terminal does not take it down under a
test run that shares it. Its pid and log live under ``<root>/.local/sandbox/``, and ``stop`` only
signals a process whose command line is ours, so a recycled pid can never hit someone else.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psutil

__all__ = ["DEFAULT_PORT", "HOST", "SandboxStartError", "ensure_running", "stop"]

HOST = "127.0.0.1"
DEFAULT_PORT = 7081
PORT_ENV = "SANDBOX_PORT"
BASE_URL_ENV = "SANDBOX_BASE_URL"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
_MODULE = "tools.sandbox"
_PROBE_TIMEOUT = 1.0
_POLL_INTERVAL = 0.1
_STOP_GRACE_SECONDS = 5.0
_LOG_TAIL_LINES = 20

# Popen handles of servers this process started, so stop() can reap them instead of leaving zombies.
_children: dict[int, subprocess.Popen[bytes]] = {}


class SandboxStartError(RuntimeError):
    """The sandbox could not be started or reached; the message includes its log tail."""


def _state_dir(root: Path | None) -> Path:
    return (root if root is not None else PROJECT_ROOT).resolve() / ".local" / "sandbox"


def _port(port: int | None) -> int:
    """The explicit port, else $SANDBOX_PORT, else the port of a loopback $SANDBOX_BASE_URL, else 7081.

    Reading SANDBOX_BASE_URL (the app's setting for where the connector calls) keeps one source of
    truth: moving the sandbox in local.settings.json moves both the server and the connector.
    """
    if port is not None:
        return port
    raw = os.environ.get(PORT_ENV, "").strip()
    if not raw:
        configured = urlsplit(os.environ.get(BASE_URL_ENV, ""))
        try:
            configured_port = configured.port
        except ValueError:
            configured_port = None
        if configured.hostname in ("127.0.0.1", "localhost") and configured_port is not None:
            return configured_port
        return DEFAULT_PORT
    try:
        value = int(raw)
    except ValueError:
        raise SandboxStartError(f"{PORT_ENV}={raw!r} is not a port number") from None
    if not 0 < value < 65536:
        raise SandboxStartError(f"{PORT_ENV}={raw!r} is out of range")
    return value


def _healthy(port: int) -> bool:
    """True only for a sandbox: an answer from some other server on the port does not count."""
    conn = http.client.HTTPConnection(HOST, port, timeout=_PROBE_TIMEOUT)
    try:
        conn.request("GET", "/_control/health")
        response = conn.getresponse()
        body = response.read()
        return response.status == 200 and json.loads(body) == {"status": "up"}
    except (OSError, http.client.HTTPException, ValueError):
        return False
    finally:
        conn.close()


def _port_taken(port: int) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=_PROBE_TIMEOUT)
    try:
        conn.connect()
        return True
    except OSError:
        return False
    finally:
        conn.close()


@contextlib.contextmanager
def _locked(state: Path) -> Iterator[None]:
    # `make dev` and a test run calling ensure_running() together must not both launch a server.
    state.mkdir(parents=True, exist_ok=True)
    with open(state / ".lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _log_tail(path: Path) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()[-_LOG_TAIL_LINES:]
    except OSError:
        return "(no log)"
    return "\n".join(lines) if lines else "(log is empty)"


def _our_process(state: Path) -> psutil.Process | None:
    try:
        pid = int((state / "sandbox.pid").read_text().strip())
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return None
        cmdline = proc.cmdline()
    except (OSError, ValueError, psutil.Error):
        return None
    return proc if _MODULE in cmdline else None


def ensure_running(root: Path | None = None, *, port: int | None = None, timeout: float = 15.0) -> str:
    """Return the sandbox's base URL, starting it unless a sandbox already answers on the port.

    ``port`` defaults as ``_port`` explains (7081 normally). A port held by something that is not a sandbox
    is an error rather than a silent fallback, since the app would then publish to the wrong place.
    """
    state = _state_dir(root)
    port = _port(port)
    base_url = f"http://{HOST}:{port}"
    with _locked(state):
        if _healthy(port):
            return base_url
        ours = _our_process(state)
        if ours is not None:
            # Started by us earlier but not answering: a second copy would only fail on the port.
            raise SandboxStartError(
                f"the sandbox (pid {ours.pid}) does not answer on port {port}; run "
                f"`python -m tools.localstack stop` and retry. Last lines of {state / 'sandbox.log'}:\n"
                f"{_log_tail(state / 'sandbox.log')}"
            )
        if _port_taken(port):
            raise SandboxStartError(
                f"port {port} is in use by something that is not the sandbox; "
                f"free it or set {PORT_ENV} to another port"
            )
        log_path = state / "sandbox.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", _MODULE, "--host", HOST, "--port", str(port)],
                cwd=PROJECT_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _children[proc.pid] = proc
        (state / "sandbox.pid").write_text(f"{proc.pid}\n")
        deadline = time.monotonic() + timeout
        while not _healthy(port):
            code = proc.poll()
            if code is not None:
                _children.pop(proc.pid, None)
                (state / "sandbox.pid").unlink(missing_ok=True)
                raise SandboxStartError(
                    f"the sandbox exited with status {code}; last lines of {log_path}:\n{_log_tail(log_path)}"
                )
            if time.monotonic() >= deadline:
                raise SandboxStartError(
                    f"the sandbox (pid {proc.pid}) did not answer on port {port} within {timeout:g} s; "
                    f"last lines of {log_path}:\n{_log_tail(log_path)}"
                )
            time.sleep(_POLL_INTERVAL)
    return base_url


def _gone(proc: psutil.Process, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        child = _children.get(proc.pid)
        if child is not None and child.poll() is not None:
            return True
        try:
            if proc.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


def stop(root: Path | None = None) -> bool:
    """Stop the sandbox this checkout started; return whether there was one.

    A sandbox started by someone else (another checkout, a developer's terminal) is left alone.
    """
    state = _state_dir(root)
    with _locked(state):
        proc = _our_process(state)
        if proc is not None:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.send_signal(signal.SIGTERM)
            if not _gone(proc, _STOP_GRACE_SECONDS):
                with contextlib.suppress(psutil.NoSuchProcess):
                    proc.kill()
                _gone(proc, _STOP_GRACE_SECONDS)
            child = _children.pop(proc.pid, None)
            if child is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.wait(timeout=1)
        (state / "sandbox.pid").unlink(missing_ok=True)
    return proc is not None
