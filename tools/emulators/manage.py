"""Start, reuse and stop the local Azure Storage (Azurite) and Cosmos DB emulators.

The emulators are Node programs installed from ``tools/emulators/package.json``.
They are started detached (their own session) so that the process which asked for
them -- ``make dev``, a pytest run -- can exit without tearing them down under
another user of the same ports. Their pids and logs live under ``<root>/.local``
so ``stop`` only ever kills what this checkout started.

The ports are machine-wide, so the Cosmos certificate and the start lock are too: they live
in a per-user state directory, and every checkout on the machine (a second clone, a CI run)
trusts the same certificate as the emulator it finds already running.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import http.client
import ipaddress
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import psutil
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

__all__ = [
    "AZURITE_ACCOUNT_KEY",
    "AZURITE_ACCOUNT_NAME",
    "COSMOS_EMULATOR_KEY",
    "EmulatorEndpoints",
    "EmulatorError",
    "EmulatorStatus",
    "cert_needs_renewal",
    "ensure_cert",
    "ensure_running",
    "generate_cert",
    "main",
    "status",
    "stop",
]

HOST = "127.0.0.1"
PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_ROOT = PACKAGE_DIR.parents[1]

AZURITE_ACCOUNT_NAME = "devstoreaccount1"
# Published, well-known development keys: they grant access to nothing but the
# local emulators, which is why they can live in source.
AZURITE_ACCOUNT_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)
COSMOS_EMULATOR_KEY = (
    "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
)

AZURITE = "azurite"
COSMOS = "cosmos"
EMULATORS = (AZURITE, COSMOS)

CERT_VALIDITY = dt.timedelta(days=365)
CERT_RENEW_MARGIN = dt.timedelta(days=7)
STOP_GRACE_SECONDS = 5.0
LOG_TAIL_LINES = 30
_POLL_INTERVAL = 0.2
_PROBE_TIMEOUT = 2.0

# Popen handles of emulators started by this process. Holding them keeps
# CPython from warning that a still-running child was garbage collected, and
# lets stop() reap a child of ours instead of leaving a zombie behind.
_children: dict[int, subprocess.Popen[bytes]] = {}


class EmulatorError(RuntimeError):
    """An emulator could not be installed, started or reached."""


@dataclass(frozen=True)
class EmulatorEndpoints:
    """Where application code and tests should point their Azure clients."""

    blob_url: str
    queue_url: str
    storage_connection_string: str
    cosmos_endpoint: str
    cosmos_key: str
    cosmos_ca_cert: str


class EmulatorStatus(TypedDict):
    """``running`` means the port answers; ``pid`` is set only for processes we started."""

    running: bool
    pid: int | None
    port: int


@dataclass(frozen=True)
class _Ports:
    blob: int
    queue: int
    table: int
    cosmos: int


def _env_port(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        port = int(raw)
    except ValueError:
        raise EmulatorError(f"{name}={raw!r} is not a port number") from None
    if not 0 < port < 65536:
        raise EmulatorError(f"{name}={raw!r} is out of range")
    return port


def _ports() -> _Ports:
    return _Ports(
        blob=_env_port("AZURITE_BLOB_PORT", 10000),
        queue=_env_port("AZURITE_QUEUE_PORT", 10001),
        table=_env_port("AZURITE_TABLE_PORT", 10002),
        cosmos=_env_port("COSMOS_EMULATOR_PORT", 8081),
    )


@dataclass(frozen=True)
class _Paths:
    state: Path
    azurite_data: Path
    cert: Path
    key: Path
    lock: Path

    def pid_file(self, name: str) -> Path:
        return self.state / f"{name}.pid"

    def log_file(self, name: str) -> Path:
        return self.state / f"{name}.log"


def user_state_dir() -> Path:
    """Per-user home of what all checkouts share: ``$CLICKKLOUDY_STATE_DIR``, else XDG state."""
    explicit = os.environ.get("CLICKKLOUDY_STATE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(xdg) / "clickkloudy"


def _paths(root: Path | None) -> _Paths:
    base = (root if root is not None else DEFAULT_ROOT).resolve() / ".local"
    shared = user_state_dir() / "emulators"
    return _Paths(
        state=base / "emulators",
        azurite_data=base / "azurite",
        cert=shared / "cosmos-cert.pem",
        key=shared / "cosmos-key.pem",
        lock=shared / ".lock",
    )


def _endpoints(paths: _Paths, ports: _Ports) -> EmulatorEndpoints:
    blob_url = f"http://{HOST}:{ports.blob}/{AZURITE_ACCOUNT_NAME}"
    queue_url = f"http://{HOST}:{ports.queue}/{AZURITE_ACCOUNT_NAME}"
    if (ports.blob, ports.queue, ports.table) == (10000, 10001, 10002):
        connection_string = "UseDevelopmentStorage=true"
    else:
        # The shorthand hard-codes the default ports, so moved ports need the
        # explicit form or clients would silently talk to the wrong place.
        connection_string = (
            "DefaultEndpointsProtocol=http;"
            f"AccountName={AZURITE_ACCOUNT_NAME};"
            f"AccountKey={AZURITE_ACCOUNT_KEY};"
            f"BlobEndpoint={blob_url};"
            f"QueueEndpoint={queue_url};"
            f"TableEndpoint=http://{HOST}:{ports.table}/{AZURITE_ACCOUNT_NAME};"
        )
    return EmulatorEndpoints(
        blob_url=blob_url,
        queue_url=queue_url,
        storage_connection_string=connection_string,
        cosmos_endpoint=f"https://{HOST}:{ports.cosmos}",
        cosmos_key=COSMOS_EMULATOR_KEY,
        cosmos_ca_cert=str(paths.cert),
    )


# --------------------------------------------------------------------------- certs


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _write_atomically(path: Path, data: bytes, mode: int) -> None:
    # A running client or emulator may read the file at any moment; it must
    # see either the old PEM or the new one, never half of one.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def generate_cert(
    cert_path: Path,
    key_path: Path,
    *,
    now: dt.datetime | None = None,
    valid_for: dt.timedelta = CERT_VALIDITY,
) -> None:
    """Write a self-signed certificate that clients can also use as their CA bundle.

    The package's bundled certificate expired in 2021, and the SDKs verify TLS
    unless told otherwise, so we mint our own. It is marked CA:TRUE so the very
    same PEM can be passed as ``connection_verify`` / ``cafile``; the SANs cover
    both ``localhost`` and ``127.0.0.1`` so either spelling of the endpoint works.
    """
    issued = now if now is not None else _utcnow()
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "localhost"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "clickKloudy local emulators"),
        ]
    )
    public_key = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        # Backdated a little so a clock that lags the generating one still accepts it.
        .not_valid_before(issued - dt.timedelta(minutes=5))
        .not_valid_after(issued + valid_for)
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Key first: a reader that sees the new cert must also find its key.
    _write_atomically(key_path, key_pem, 0o600)
    _write_atomically(cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)


def cert_needs_renewal(
    cert_path: Path,
    key_path: Path,
    *,
    now: dt.datetime | None = None,
    margin: dt.timedelta = CERT_RENEW_MARGIN,
) -> bool:
    """Tell whether the pair is missing, unreadable, mismatched or close to expiry.

    Renewing a week early means a long-lived dev session never meets an
    expired certificate halfway through.
    """
    at = now if now is not None else _utcnow()
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        return True
    if cert.not_valid_before_utc > at or cert.not_valid_after_utc - at < margin:
        return True
    cert_spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    key_spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return cert_spki != key_spki


def ensure_cert(cert_path: Path, key_path: Path, *, now: dt.datetime | None = None) -> bool:
    """Regenerate the pair when needed; return whether it was regenerated.

    The caller uses the answer to restart a Cosmos emulator that still serves
    the previous certificate.
    """
    if not cert_needs_renewal(cert_path, key_path, now=now):
        return False
    generate_cert(cert_path, key_path, now=now)
    return True


# ----------------------------------------------------------------------- processes


@contextlib.contextmanager
def _locked(paths: _Paths) -> Iterator[None]:
    # Parallel test workers or a dev server and a test run calling
    # ensure_running() together would otherwise both launch an emulator and
    # the loser would fail on an occupied port.
    paths.state.mkdir(parents=True, exist_ok=True)
    paths.lock.parent.mkdir(parents=True, exist_ok=True)
    with open(paths.lock, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def _http_answers(port: int, path: str, context: ssl.SSLContext | None = None) -> bool:
    # Any HTTP status counts: an open socket is not proof that the server is
    # done initialising, but a parsed HTTP response is.
    conn: http.client.HTTPConnection
    if context is None:
        conn = http.client.HTTPConnection(HOST, port, timeout=_PROBE_TIMEOUT)
    else:
        conn = http.client.HTTPSConnection(HOST, port, timeout=_PROBE_TIMEOUT, context=context)
    try:
        conn.request("GET", path)
        conn.getresponse().read()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def _cosmos_context(paths: _Paths) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(paths.cert))


def _cosmos_tls_error(paths: _Paths, port: int) -> str | None:
    """Return why TLS to Cosmos fails with our cert, or None when it succeeds."""
    conn = http.client.HTTPSConnection(HOST, port, timeout=_PROBE_TIMEOUT, context=_cosmos_context(paths))
    try:
        conn.request("GET", "/")
        conn.getresponse().read()
        return None
    except ssl.SSLError as exc:
        return str(exc)
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def _ready(name: str, paths: _Paths, ports: _Ports) -> bool:
    if name == AZURITE:
        account = f"/{AZURITE_ACCOUNT_NAME}?comp=list"
        return _http_answers(ports.blob, account) and _http_answers(ports.queue, account)
    return _http_answers(ports.cosmos, "/", _cosmos_context(paths))


def _main_port(name: str, ports: _Ports) -> int:
    return ports.blob if name == AZURITE else ports.cosmos


def _script(name: str) -> Path:
    if name == AZURITE:
        return PACKAGE_DIR / "node_modules" / "azurite" / "dist" / "src" / "azurite.js"
    return PACKAGE_DIR / "cosmos-server.js"


def _command(name: str, paths: _Paths, ports: _Ports, node: str) -> list[str]:
    if name == AZURITE:
        return [
            node,
            str(_script(AZURITE)),
            "--blobHost", HOST, "--blobPort", str(ports.blob),
            "--queueHost", HOST, "--queuePort", str(ports.queue),
            "--tableHost", HOST, "--tablePort", str(ports.table),
            "--location", str(paths.azurite_data),
            "--skipApiVersionCheck",
            "--loose",
            # Azurite otherwise phones home to Application Insights; this
            # machine must only talk to loopback.
            "--disableTelemetry",
        ]  # fmt: skip
    return [
        node,
        str(_script(COSMOS)),
        "--host", HOST,
        "--port", str(ports.cosmos),
        "--cert", str(paths.cert),
        "--key", str(paths.key),
    ]  # fmt: skip


def _read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def _our_process(name: str, paths: _Paths) -> psutil.Process | None:
    """Return the live emulator recorded in the pid file, if it is still ours.

    Pids get recycled; only a node process running our script is trusted, so
    a stale pid file can never make us signal an unrelated process.
    """
    pid = _read_pid(paths.pid_file(name))
    if pid is None:
        return None
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return None
        cmdline = proc.cmdline()
        exe_name = Path(cmdline[0]).name if cmdline else proc.name()
    except (psutil.Error, OSError):
        return None
    if not exe_name.startswith("node") or str(_script(name)) not in cmdline:
        return None
    return proc


def _reap(pid: int) -> None:
    child = _children.pop(pid, None)
    if child is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=1)


def _wait_gone(proc: psutil.Process, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        child = _children.get(proc.pid)
        if child is not None and child.poll() is not None:
            _children.pop(proc.pid, None)
            return True
        try:
            # A zombie has released its ports; its parent, not us, must reap it.
            if proc.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


def _terminate(proc: psutil.Process) -> None:
    with contextlib.suppress(psutil.NoSuchProcess):
        proc.send_signal(signal.SIGTERM)
    if not _wait_gone(proc, STOP_GRACE_SECONDS):
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
        _wait_gone(proc, STOP_GRACE_SECONDS)
    _reap(proc.pid)


def _stop_one(name: str, paths: _Paths) -> bool:
    proc = _our_process(name, paths)
    if proc is not None:
        _terminate(proc)
    paths.pid_file(name).unlink(missing_ok=True)
    return proc is not None


def _log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    tail = text.splitlines()[-lines:]
    return "\n".join(tail) if tail else "(log is empty)"


def _ensure_node_modules() -> str:
    node = shutil.which("node")
    if node is None:
        raise EmulatorError("`node` is not on PATH; Node.js 20+ is needed for the emulators")
    if not (PACKAGE_DIR / "node_modules").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            raise EmulatorError("`npm` is not on PATH; it is needed to install the emulators")
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=PACKAGE_DIR,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            output = "\n".join((result.stdout + result.stderr).splitlines()[-LOG_TAIL_LINES:])
            raise EmulatorError(f"`npm ci` failed in {PACKAGE_DIR}:\n{output}")
    for name in EMULATORS:
        if not _script(name).is_file():
            raise EmulatorError(
                f"{_script(name)} is missing; delete {PACKAGE_DIR / 'node_modules'} and retry"
            )
    return node


def _launch(name: str, paths: _Paths, ports: _Ports, node: str) -> subprocess.Popen[bytes]:
    paths.azurite_data.mkdir(parents=True, exist_ok=True)
    log_path = paths.log_file(name)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            _command(name, paths, ports, node),
            cwd=paths.azurite_data if name == AZURITE else PACKAGE_DIR,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Own session: Ctrl-C in the terminal or pytest exiting must not
            # reach the emulator, which other processes may be using.
            start_new_session=True,
        )
    _children[proc.pid] = proc
    paths.pid_file(name).write_text(f"{proc.pid}\n")
    return proc


def _wait_ready(
    name: str, proc: subprocess.Popen[bytes], paths: _Paths, ports: _Ports, deadline: float
) -> None:
    while True:
        if _ready(name, paths, ports):
            return
        code = proc.poll()
        if code is not None:
            _children.pop(proc.pid, None)
            paths.pid_file(name).unlink(missing_ok=True)
            raise EmulatorError(
                f"{name} exited with status {code} before becoming ready; "
                f"last lines of {paths.log_file(name)}:\n{_log_tail(paths.log_file(name))}"
            )
        if time.monotonic() >= deadline:
            raise EmulatorError(
                f"{name} did not become ready on port {_main_port(name, ports)} in time "
                f"(pid {proc.pid}, still running); "
                f"last lines of {paths.log_file(name)}:\n{_log_tail(paths.log_file(name))}"
            )
        time.sleep(_POLL_INTERVAL)


def _wait_reused_ready(name: str, paths: _Paths, ports: _Ports, deadline: float) -> None:
    # The server may still be initialising: another process may have launched
    # it a moment ago, or died while waiting for it.
    while not _ready(name, paths, ports):
        if time.monotonic() >= deadline:
            port = _main_port(name, ports)
            ours = _our_process(name, paths)
            if ours is None:
                raise EmulatorError(
                    f"port {port} accepts connections but does not answer like {name};"
                    " is another program using it?"
                )
            raise EmulatorError(
                f"{name} (pid {ours.pid}, started earlier by this tool) does not answer on port {port};"
                " run `python -m tools.emulators stop` and retry."
                f" Last lines of {paths.log_file(name)}:\n{_log_tail(paths.log_file(name))}"
            )
        time.sleep(_POLL_INTERVAL)


def _reusable(name: str, paths: _Paths, ports: _Ports, cert_regenerated: bool) -> bool:
    """Decide whether the emulator already running (or starting) can be used as is.

    A Cosmos emulator we started before the certificate changed still serves
    the old one, so clients trusting the new PEM would fail: restart it.
    One we did not start cannot be restarted, so say exactly what is wrong.
    """
    ours = _our_process(name, paths)
    if name == COSMOS and cert_regenerated and ours is not None:
        _stop_one(name, paths)
        ours = None
    if name == AZURITE:
        listening = _port_open(ports.blob) and _port_open(ports.queue)
    else:
        listening = _port_open(ports.cosmos)
    if not listening:
        # One of ours that is not listening yet is still starting: launching a
        # second copy would only lose the race for the port.
        return ours is not None
    if name == AZURITE:
        return True
    tls_error = _cosmos_tls_error(paths, ports.cosmos)
    if tls_error is None:
        return True
    if ours is not None:
        _stop_one(name, paths)
        return False
    raise EmulatorError(
        f"port {ports.cosmos} is held by a server this tool did not start, and it does not present"
        f" {paths.cert} ({tls_error}); stop that server and retry"
    )


def ensure_running(root: Path | None = None, *, timeout: float = 60) -> EmulatorEndpoints:
    """Make sure both emulators answer, starting only the ones that do not.

    Reusing whatever already listens keeps repeated test runs fast and lets
    several processes share one set of emulators. ``timeout`` bounds the wait
    for the emulators to become ready, not a first-time ``npm ci``.
    """
    paths = _paths(root)
    ports = _ports()
    with _locked(paths):
        regenerated = ensure_cert(paths.cert, paths.key)
        to_start = [name for name in EMULATORS if not _reusable(name, paths, ports, regenerated)]
        node = _ensure_node_modules() if to_start else ""
        deadline = time.monotonic() + timeout
        started = {name: _launch(name, paths, ports, node) for name in to_start}
        for name in EMULATORS:
            proc = started.get(name)
            if proc is not None:
                _wait_ready(name, proc, paths, ports, deadline)
            else:
                _wait_reused_ready(name, paths, ports, deadline)
    return _endpoints(paths, ports)


def stop(root: Path | None = None) -> list[str]:
    """Stop the emulators this tool started and return their names.

    Servers we did not start are left alone: they belong to someone else.
    """
    paths = _paths(root)
    with _locked(paths):
        return [name for name in EMULATORS if _stop_one(name, paths)]


def status(root: Path | None = None) -> dict[str, EmulatorStatus]:
    """Report, per emulator, whether its port answers and which pid we hold for it."""
    paths = _paths(root)
    ports = _ports()
    result: dict[str, EmulatorStatus] = {}
    for name in EMULATORS:
        proc = _our_process(name, paths)
        port = _main_port(name, ports)
        result[name] = EmulatorStatus(
            running=_port_open(port), pid=proc.pid if proc is not None else None, port=port
        )
    return result


# ----------------------------------------------------------------------------- CLI


def _describe(name: str, info: EmulatorStatus, ports: _Ports) -> str:
    state = "up" if info["running"] else "down"
    if info["pid"] is not None:
        owner = f"pid {info['pid']}"
    elif info["running"]:
        owner = "pid ? (not started by us)"
    else:
        owner = "-"
    if name == AZURITE:
        where = f"blob :{ports.blob} queue :{ports.queue} table :{ports.table}"
    else:
        where = f"https :{ports.cosmos}"
    return f"{name:<9} {state:<4} {owner:<10} {where}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m tools.emulators``."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.emulators",
        description="Run the local Azurite and Cosmos DB emulators in the background.",
    )
    parser.add_argument("command", choices=("start", "stop", "status"))
    parser.add_argument("--root", type=Path, default=None, help="project root (holds .local/)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait on start")
    args = parser.parse_args(argv)
    try:
        ports = _ports()
        ca_cert: str | None = None
        if args.command == "start":
            ca_cert = ensure_running(args.root, timeout=args.timeout).cosmos_ca_cert
        elif args.command == "stop":
            stopped = stop(args.root)
            print(f"stopped: {', '.join(stopped) if stopped else 'nothing we started was running'}")
        states = status(args.root)
    except EmulatorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for name, info in states.items():
        print(_describe(name, info, ports))
    if ca_cert is not None:
        print(f"cosmos CA cert: {ca_cert}")
    if args.command == "status":
        return 0 if all(info["running"] for info in states.values()) else 3
    return 0
