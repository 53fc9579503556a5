"""Chaos: no publication lost, none duplicated, under platform faults, worker crashes and a storage restart.

Own database, sandbox, publish queue and Azurite (see below); the dev host is the worker.

- 50 sandbox accounts in one workspace, 40 posts to all of them: 2,000 targets due on one second
  ~15 s ahead.
- The sandbox fails `POST /posts` for every handle with fixed seeds: 20 % server_error (503, nothing
  created), 5 % rate_limit (429, reset after 3 s), 2 % timeout_after_accept (the post is created, the
  answer is held 30 s, longer than PLATFORM_TIMEOUT_SECONDS=2, so the worker sees a timeout). Rules
  apply in that order and the first that fires wins, so the nominal shares are 20 %, 4 % and 1.5 %.
- PUBLISH_MAX_ATTEMPTS=8 (default 5). Every attempt counts, 429s included, and so do the worker's own
  "budget spent" waits (an account's other targets park until a 429's reset without calling the
  platform): with 40 targets per account these outnumber real 429s ~4:1, and the first run needed
  up to 7 attempts for some targets. Eight leaves room for that; beyond it the exponential backoff
  (15 s doubling, so the 7th retry waits 8-16 min) outlasts the deadline, so more could not help.
- SWEEP_SCHEDULE every 10 s. Its thresholds are code constants: queued 2 min, publishing 10 min. A
  target the killed worker held in `publishing` therefore settles only ~10 min after the kill, which
  is why the deadline is 15 min after the due second, not 10.
- While publishing: SIGKILL the dev host at ~30 % and ~60 % of targets published (restarted at once),
  and between the two stop Azurite (SIGTERM) with the dev host running, leave it down 20 s (longer
  than the queue listener's storage retries, so the outage is felt, not retried away), start it
  again. It is a private Azurite on free ports under this run's directory: the shared one on
  10000-10002 serves other people's test runs and is not ours to stop. It runs the same command
  line (`--location` persistence) through tools/emulators/manage.py; a probe queue (one visible,
  one delayed message) checks that queued messages survive the restart.

Then: targets per final state; lost = not final at the deadline + 'published' whose external_id is
not a sandbox post; duplicated = client references with more than one sandbox post (goals 0 and 0);
elapsed time; faults the sandbox applied; warnings and errors in the dev host logs, which are kept in
.local/chaos/<run>/ for reading afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg

from bench._pipeline import (
    Api,
    DevStack,
    handles,
    next_whole_second,
    seconds_between,
    started_api,
    throwaway_database,
    unique,
)
from bench.http import free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[1]

POSTS = 40
ACCOUNTS = 50
LEAD = timedelta(seconds=15)
CREATE_CONCURRENCY = 8
PLATFORM_TIMEOUT_SECONDS = 2
PUBLISH_MAX_ATTEMPTS = 8
SWEEP_SCHEDULE = "*/10 * * * * *"
FAULTS: tuple[dict[str, object], ...] = (
    {"handle": "*", "path": "/posts", "kind": "server_error", "probability": 0.20, "seed": 101},
    {
        "handle": "*",
        "path": "/posts",
        "kind": "rate_limit",
        "probability": 0.05,
        "seed": 202,
        "reset_after_seconds": 3,
    },
    {"handle": "*", "path": "/posts", "kind": "timeout_after_accept", "probability": 0.02, "seed": 303},
)
KILL_AT = (0.30, 0.60)
AZURITE_RESTART_AT = 0.45
AZURITE_DOWN_SECONDS = 20.0
THRESHOLD_TIMEOUT = 300.0
DEFAULT_DEADLINE = timedelta(minutes=15)
PROGRESS_EVERY = 30.0
FINAL = ("published", "failed", "unconfirmed", "cancelled")
AZURITE_PORT_VARIABLES = ("AZURITE_BLOB_PORT", "AZURITE_QUEUE_PORT", "AZURITE_TABLE_PORT")


# ------------------------------------------------------------------------------------- processes


class PrivateAzurite:
    """An Azurite of this run on free ports, started and stopped through tools/emulators/manage.py.

    manage.py takes its ports from the environment, so they are set only around its calls: nothing
    else in this process (the shared database or emulators) must see them.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        ports: set[int] = set()
        while len(ports) < len(AZURITE_PORT_VARIABLES):  # free_port() may hand out the same one twice
            ports.add(free_port())
        self.ports = tuple(sorted(ports))
        self.connection_string = ""

    @contextlib.contextmanager
    def _ports_in_environment(self) -> Iterator[None]:
        saved = {name: os.environ.get(name) for name in AZURITE_PORT_VARIABLES}
        os.environ.update(
            {name: str(port) for name, port in zip(AZURITE_PORT_VARIABLES, self.ports, strict=True)}
        )
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value

    def start(self) -> str:
        from tools.emulators.manage import ensure_running

        with self._ports_in_environment():
            self.connection_string = ensure_running(self.root).storage_connection_string
        return self.connection_string

    def stop(self) -> list[str]:
        from tools.emulators.manage import stop

        with self._ports_in_environment():
            return stop(self.root)


@dataclass
class DevHost:
    """The dev host as a killable child: same port on every start, one log file per incarnation."""

    env: dict[str, str]
    port: int
    log_dir: Path
    process: subprocess.Popen[bytes] | None = None
    logs: list[Path] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> int:
        log_path = self.log_dir / f"devhost-{len(self.logs) + 1}.log"
        self.logs.append(log_path)
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tools.devhost", "--port", str(self.port)],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self.process.pid

    def kill(self) -> int:
        """SIGKILL: no drain, no lease release, no chance to finish a platform call or its UPDATE."""
        assert self.process is not None
        pid = self.process.pid
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process = None
        return pid

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


# ------------------------------------------------------------------------------------- database


async def status_counts(database_url: str) -> Counter[str]:
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cursor = await conn.execute("SELECT status, count(*) FROM post_targets GROUP BY status")
        return Counter({str(row[0]): int(row[1]) for row in await cursor.fetchall()})


@dataclass(frozen=True)
class TargetRow:
    id: str
    status: str
    external_id: str | None
    attempts: int
    error_code: str | None


async def publishing_ids(database_url: str) -> list[str]:
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cursor = await conn.execute("SELECT id FROM post_targets WHERE status = 'publishing'")
        return [str(row[0]) for row in await cursor.fetchall()]


async def settled_at(database_url: str, ids: list[str]) -> dict[str, tuple[str, datetime]]:
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cursor = await conn.execute(
            "SELECT id, status, updated_at FROM post_targets WHERE id = ANY(%s::uuid[])", (ids,)
        )
        return {str(row[0]): (str(row[1]), row[2]) for row in await cursor.fetchall()}


async def attempt_outcomes(database_url: str) -> list[tuple[str, str, int]]:
    """Every attempt by how it ended: tells real 429s from the worker's own 'budget spent' waits."""
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cursor = await conn.execute(
            """SELECT coalesce(outcome, to_status), coalesce(error_message, ''), count(*)
               FROM publish_attempts GROUP BY 1, 2 ORDER BY 3 DESC"""
        )
        return [(str(r[0]), str(r[1]), int(r[2])) for r in await cursor.fetchall()]


async def target_rows(database_url: str) -> list[TargetRow]:
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cursor = await conn.execute(
            "SELECT id, status, external_id, attempt_count, error_code FROM post_targets"
        )
        return [TargetRow(str(r[0]), str(r[1]), r[2], int(r[3]), r[4]) for r in await cursor.fetchall()]


# ------------------------------------------------------------------------------------- the run


@dataclass
class Run:
    database_url: str
    host: DevHost
    azurite: PrivateAzurite
    sandbox_url: str
    publish_queue: str
    total: int = 0
    due: datetime = field(default_factory=lambda: datetime.now(UTC))
    events: list[str] = field(default_factory=list)
    # Targets a SIGKILL left in 'publishing', with the time of that kill: only the sweep frees them.
    stranded: dict[str, datetime] = field(default_factory=dict)

    def at(self) -> str:
        return f"due{seconds_between(datetime.now(UTC), self.due):+7.1f} s"

    def event(self, text: str) -> None:
        line = f"  {self.at()}  {text}"
        self.events.append(line)
        print(line, flush=True)


async def published(run: Run) -> int:
    return (await status_counts(run.database_url))["published"]


async def wait_for_published(run: Run, share: float) -> tuple[int, bool]:
    """Until `share` of the targets are published; gives up after THRESHOLD_TIMEOUT (then acts anyway)."""
    goal = int(run.total * share)
    deadline = time.monotonic() + THRESHOLD_TIMEOUT
    count = await published(run)
    while count < goal and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        count = await published(run)
    return count, count >= goal


async def kill_and_restart(run: Run, share: float) -> None:
    count, reached = await wait_for_published(run, share)
    pid = run.host.kill()
    killed = time.monotonic()
    killed_at = datetime.now(UTC)
    counts = await status_counts(run.database_url)
    for target in await publishing_ids(run.database_url):
        run.stranded.setdefault(target, killed_at)
    run.host.start()
    await wait_until_up(run.host.base_url, time.monotonic() + 60)
    run.event(
        f"published {count}/{run.total}{'' if reached else ' (threshold not reached in time)'}: "
        f"SIGKILL dev host pid {pid} with {counts['publishing']} publishing, {counts['queued']} queued, "
        f"{counts['retry_wait']} retry_wait; answering again after {time.monotonic() - killed:.1f} s"
    )


async def queue_message_count(storage: str, queue: str) -> int:
    from azure.storage.queue.aio import QueueClient

    async with QueueClient.from_connection_string(storage, queue) as client:
        properties = await client.get_queue_properties()
        return int(properties.approximate_message_count or 0)


async def restart_azurite(run: Run) -> None:
    """Stop and start Azurite under the running dev host; check a probe queue's messages survive."""
    from azure.storage.queue.aio import QueueClient

    count, reached = await wait_for_published(run, AZURITE_RESTART_AT)
    storage = run.azurite.connection_string
    probe_name = unique("chaosprobe")
    sentinel = f"probe-{uuid.uuid4().hex}"
    async with QueueClient.from_connection_string(storage, probe_name) as probe:
        await probe.create_queue()
        await probe.send_message(sentinel)
        await probe.send_message("delayed", visibility_timeout=3600)
    before = await queue_message_count(storage, run.publish_queue)
    stopped_at = time.monotonic()
    stopped = await asyncio.to_thread(run.azurite.stop)
    await asyncio.sleep(AZURITE_DOWN_SECONDS)
    await asyncio.to_thread(run.azurite.start)
    down = time.monotonic() - stopped_at
    after = await queue_message_count(storage, run.publish_queue)
    async with QueueClient.from_connection_string(storage, probe_name) as probe:
        probe_count = int((await probe.get_queue_properties()).approximate_message_count or 0)
        visible = [message.content async for message in probe.receive_messages(max_messages=32)]
        await probe.delete_queue()
    survived = probe_count == 2 and visible == [sentinel]
    run.event(
        f"published {count}/{run.total}{'' if reached else ' (threshold not reached in time)'}: "
        f"stopped {'+'.join(stopped) or 'nothing?'}, down {down:.1f} s. Publish queue messages: "
        f"{before} before, {after} after (the worker runs on both sides). Probe queue: "
        f"{probe_count} of 2 messages, visible {len(visible)} of 1 -> "
        f"{'survived' if survived else 'LOST ON RESTART'}"
    )


async def add_faults(sandbox_url: str) -> None:
    async with httpx.AsyncClient(base_url=sandbox_url, timeout=30) as client:
        for rule in FAULTS:
            response = await client.post("/_control/faults", json=rule)
            response.raise_for_status()


async def create_posts(api: Api, accounts: Sequence[str], when: datetime) -> list[dict[str, Any]]:
    semaphore = asyncio.Semaphore(CREATE_CONCURRENCY)

    async def one(i: int) -> dict[str, Any]:
        async with semaphore:
            return await api.post(accounts, f"chaos {i} {unique('')}", when)

    return await asyncio.gather(*(one(i) for i in range(POSTS)))


async def settle(run: Run, deadline: datetime) -> Counter[str]:
    """Until every target is final or the deadline passes, with a progress line now and then."""
    next_progress = time.monotonic() + PROGRESS_EVERY
    while True:
        counts = await status_counts(run.database_url)
        if sum(counts[s] for s in FINAL) >= run.total or datetime.now(UTC) >= deadline:
            return counts
        if time.monotonic() >= next_progress:
            next_progress += PROGRESS_EVERY
            print(f"  {run.at()}  {dict(sorted(counts.items()))}", flush=True)
        await asyncio.sleep(1)


async def sandbox_json(sandbox_url: str, path: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=sandbox_url, timeout=60) as client:
        response = await client.get(path)
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body


async def report(run: Run, counts: Counter[str], started: float, all_final_at: datetime | None) -> None:
    rows = await target_rows(run.database_url)
    received = await sandbox_json(run.sandbox_url, "/_control/received")
    stats = await sandbox_json(run.sandbox_url, "/_control/stats")
    posts: list[dict[str, Any]] = received["posts"]
    sandbox_ids = {str(p["id"]): p for p in posts if not p["deleted"]}
    posted_refs = Counter(str(p["client_reference"]) for p in posts)

    not_final = [r for r in rows if r.status not in FINAL]
    missing = [
        r
        for r in rows
        if r.status == "published"
        and (r.external_id not in sandbox_ids or sandbox_ids[r.external_id]["client_reference"] != r.id)
    ]
    duplicates: list[str] = received["duplicates"]
    posted_not_published = [r for r in rows if r.status != "published" and posted_refs[r.id] > 0]
    attempts = Counter(r.attempts for r in rows)
    errors = Counter(f"{r.status}:{r.error_code}" for r in rows if r.status in ("failed", "unconfirmed"))

    print(
        f"final states: {', '.join(f'{s}={counts[s]}' for s in FINAL)}; not final at the deadline: "
        f"{len(not_final)} {dict(Counter(r.status for r in not_final))}"
    )
    print(
        f"LOST: {len(not_final) + len(missing)} (not final: {len(not_final)}, 'published' but not at "
        f"the sandbox: {len(missing)})  (goal 0)"
    )
    print(f"DUPLICATED: {len(duplicates)} client references with more than one sandbox post  (goal 0)")
    for reference in duplicates[:10]:
        target = next((r for r in rows if r.id == reference), None)
        print(f"    {reference}: {posted_refs[reference]} posts, target {target}")
    for r in (not_final + missing)[:10]:
        print(f"    lost: {r}")
    print(f"posted at the sandbox but the target is not 'published': {len(posted_not_published)}")
    for r in posted_not_published[:10]:
        print(f"    {r}")
    if errors:
        print(f"failed/unconfirmed by error code: {dict(errors)}")
    print(f"attempts per target: {dict(sorted(attempts.items()))}")
    print(f"sandbox: {len(posts)} posts created, {len(sandbox_ids)} not deleted")
    print(
        f"faults applied: {stats['faults_applied']}; POST /posts requests: "
        f"{stats['requests_by_route'].get('POST /posts', 0)}, GET /posts (reconcile): "
        f"{stats['requests_by_route'].get('GET /posts', 0)}"
    )
    if run.stranded:
        settled = await settled_at(run.database_url, list(run.stranded))
        waits = sorted(
            seconds_between(when, run.stranded[t]) for t, (status, when) in settled.items() if status in FINAL
        )
        print(
            f"left in 'publishing' by the kills: {len(run.stranded)}, now "
            f"{dict(Counter(status for status, _ in settled.values()))}; kill -> final "
            + (f"{waits[0]:.0f}..{waits[-1]:.0f} s" if waits else "never")
            + " (the sweep's 10 min publishing threshold)"
        )
    print("attempt outcomes:")
    for outcome, message, count in await attempt_outcomes(run.database_url):
        print(f"  {count:6d}  {outcome}{': ' + message if message else ''}")
    whole = time.perf_counter() - started
    if all_final_at is not None:
        print(
            f"elapsed: due -> every target final {seconds_between(all_final_at, run.due):.1f} s; "
            f"whole run {whole:.1f} s"
        )
    else:
        print(f"elapsed: not every target final by the deadline; whole run {whole:.1f} s")


_VARIABLE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[0-9a-f]{16,}\b|\b\d+(\.\d+)*\b"
)
_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (\w+)\s+(.*)$")


def summarise_logs(paths: Sequence[Path]) -> None:
    """Warnings and errors of every dev host incarnation, grouped with ids and numbers masked."""
    for path in paths:
        text = path.read_text(errors="replace") if path.exists() else ""
        levels: Counter[str] = Counter()
        messages: Counter[tuple[str, str]] = Counter()
        for line in text.splitlines():
            match = _LOG_LINE.match(line)
            if match is None:
                continue
            level, message = match.groups()
            levels[level] += 1
            if level in ("WARNING", "ERROR", "CRITICAL"):
                messages[(level, _VARIABLE.sub("#", message)[:220])] += 1
        tracebacks = text.count("Traceback (most recent call last)")
        print(
            f"  {path.name}: {levels['WARNING']} warnings, {levels['ERROR'] + levels['CRITICAL']} errors, "
            f"{tracebacks} tracebacks"
        )
        for (level, message), count in messages.most_common(12):
            print(f"    {count:5d} x {level}: {message}")


async def chaos(run: Run, api: Api, deadline_after_due: timedelta) -> None:
    started = time.perf_counter()
    accounts = await api.connect(handles(ACCOUNTS))
    await add_faults(run.sandbox_url)
    run.due = next_whole_second(datetime.now(UTC) + LEAD)
    creating = time.perf_counter()
    posts = await create_posts(api, accounts, run.due)
    run.total = sum(len(p["targets"]) for p in posts)
    print(
        f"{POSTS} posts x {ACCOUNTS} accounts = {run.total} targets, due {run.due:%H:%M:%S} UTC; "
        f"created in {time.perf_counter() - creating:.1f} s",
        flush=True,
    )
    print("events:", flush=True)
    await kill_and_restart(run, KILL_AT[0])
    await restart_azurite(run)
    await kill_and_restart(run, KILL_AT[1])
    deadline = run.due + deadline_after_due
    counts = await settle(run, deadline)
    all_final = sum(counts[s] for s in FINAL) >= run.total
    all_final_at = datetime.now(UTC) if all_final else None
    print(f"  {run.at()}  {'every target is final' if all_final else 'DEADLINE reached'}")
    await report(run, counts, started, all_final_at)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.chaos", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--deadline-minutes",
        type=float,
        default=DEFAULT_DEADLINE / timedelta(minutes=1),
        help="how long after the due second targets may take to become final (default 15)",
    )
    args = parser.parse_args(argv)
    from tools.localstack import stack_environment
    from tools.sandbox import manage as sandbox

    stack = stack_environment(ROOT)  # the shared emulators and database server (started if needed)
    run_dir = ROOT / ".local" / "chaos" / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    run_dir.mkdir(parents=True)
    azurite = PrivateAzurite(run_dir / "azurite")
    sandbox_root = run_dir / "sandbox"
    host: DevHost | None = None
    queue = unique("chaospublish")
    print(
        f"settings: PLATFORM_TIMEOUT_SECONDS={PLATFORM_TIMEOUT_SECONDS} "
        f"PUBLISH_MAX_ATTEMPTS={PUBLISH_MAX_ATTEMPTS} SWEEP_SCHEDULE='{SWEEP_SCHEDULE}'; faults on POST "
        f"/posts, first match wins: "
        + ", ".join(f"{f['kind']} p={f['probability']} seed={f['seed']}" for f in FAULTS)
    )
    print(f"logs: {run_dir}", flush=True)
    try:
        with throwaway_database("benchchaos") as database_url:
            try:
                storage = azurite.start()
                sandbox_url = sandbox.ensure_running(sandbox_root, port=free_port())
                env = {
                    **os.environ,
                    **stack,
                    "LOG_LEVEL": "WARNING",
                    "DATABASE_URL": database_url,
                    "AzureWebJobsStorage": storage,
                    "SANDBOX_MODE": "true",
                    "SANDBOX_BASE_URL": sandbox_url,
                    "PUBLISH_QUEUE": queue,
                    "PLATFORM_TIMEOUT_SECONDS": str(PLATFORM_TIMEOUT_SECONDS),
                    "PUBLISH_MAX_ATTEMPTS": str(PUBLISH_MAX_ATTEMPTS),
                    "SWEEP_SCHEDULE": SWEEP_SCHEDULE,
                }
                host = DevHost(env, free_port(), run_dir)
                host.start()
                run = Run(database_url, host, azurite, sandbox_url, queue)
                asyncio.run(run_chaos(run, timedelta(minutes=args.deadline_minutes)))
            finally:
                if host is not None:
                    host.stop()
                    print("dev host logs:")
                    summarise_logs(host.logs)
                sandbox.stop(sandbox_root)
    finally:
        azurite.stop()
        shutil.rmtree(azurite.root, ignore_errors=True)


async def run_chaos(run: Run, deadline_after_due: timedelta) -> None:
    stack = DevStack(
        run.host.base_url,
        run.sandbox_url,
        run.database_url,
        run.publish_queue,
        run.azurite.connection_string,
        0,
    )
    api = await started_api(stack)
    try:
        await chaos(run, api, deadline_after_due)
    finally:
        await api.client.aclose()


if __name__ == "__main__":
    main()
