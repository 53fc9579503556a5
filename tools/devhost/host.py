"""Running the plan: one event loop for HTTP, timers and queues, and an orderly, bounded shutdown."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Collection, Sequence

import uvicorn

from tools.devhost.http import GRACEFUL_SHUTDOWN_SECONDS
from tools.devhost.plan import HostConfig, Plan, prepare, print_banner

log = logging.getLogger("devhost")

# Shutdown budget: listeners get this long to finish a poll, invocations this long to complete.
LISTENER_STOP_SECONDS = 2.0
DRAIN_SECONDS = 5.0


class _Lifecycle:
    """Stop on the first SIGINT/SIGTERM; a second one abandons what is still running."""

    def __init__(self) -> None:
        self.stop = asyncio.Event()
        self.force = asyncio.Event()

    def on_signal(self, name: str) -> None:
        if self.stop.is_set():
            log.warning("Received %s again: not waiting for running invocations", name)
            self.force.set()
            return
        log.info("Received %s: stopping", name)
        self.stop.set()


async def serve(plan: Plan) -> int:
    loop = asyncio.get_running_loop()
    life = _Lifecycle()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, life.on_signal, sig.name)
    server_task = asyncio.create_task(_serve_http(plan.server), name="http") if plan.server else None
    listeners = [
        *(asyncio.create_task(t.run(life.stop), name=f"timer '{t.function.name}'") for t in plan.timers),
        *(
            asyncio.create_task(q.run(life.stop), name=f"queue listener '{q.function.name}'")
            for q in plan.queues
        ),
    ]
    for listener in listeners:
        listener.add_done_callback(_report_crash)
    log.info(
        "Host started: %d timer(s), %d queue listener(s)%s",
        len(plan.timers),
        len(plan.queues),
        f", HTTP on port {plan.port}" if plan.server else "",
    )
    stop_waiter = asyncio.create_task(life.stop.wait())
    await asyncio.wait(
        [stop_waiter, *([server_task] if server_task else [])], return_when=asyncio.FIRST_COMPLETED
    )
    life.stop.set()
    stop_waiter.cancel()
    try:
        clean = await _shutdown(plan, life, server_task, listeners)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    log.info("Host stopped%s", "" if clean else " (not cleanly)")
    return 0 if clean else 1


def _report_crash(task: asyncio.Task[None]) -> None:
    """Say so at once: a listener that died would otherwise go unnoticed until shutdown."""
    if not task.cancelled() and task.exception() is not None:
        log.error("The %s stopped unexpectedly", task.get_name(), exc_info=task.exception())


async def _serve_http(server: uvicorn.Server) -> None:
    """uvicorn exits the process with sys.exit() when it cannot bind; turn that into an ordinary failure."""
    try:
        await server.serve()
    except SystemExit as exit_:
        raise RuntimeError(f"the HTTP server could not start (uvicorn exit code {exit_.code})") from None


async def _shutdown(
    plan: Plan,
    life: _Lifecycle,
    server_task: asyncio.Task[None] | None,
    listeners: Sequence[asyncio.Task[None]],
) -> bool:
    """Stop taking work, let running invocations finish (bounded), then stop HTTP and close clients."""
    clean = True
    if plan.server is not None:
        plan.server.should_exit = True
    if listeners:
        await _cancel(await _drain(listeners, life.force, LISTENER_STOP_SECONDS))
    in_flight = [
        *(task for timer in plan.timers for task in timer.in_flight),
        *(task for queue in plan.queues for task in queue.in_flight),
    ]
    if in_flight:
        log.info("Waiting up to %.0f s for %d running invocation(s)", DRAIN_SECONDS, len(in_flight))
        pending = await _drain(in_flight, life.force, DRAIN_SECONDS)
        if pending:
            log.warning("Abandoning %d invocation(s) still running", len(pending))
            await _cancel(pending)
            clean = False
    if plan.server is not None and server_task is not None:
        clean = await _stop_server(plan.server, server_task, life.force) and clean
    for listener in plan.queues:
        await listener.close()
    return clean


async def _drain(
    tasks: Sequence[asyncio.Task[None]], force: asyncio.Event, seconds: float
) -> set[asyncio.Task[None]]:
    """Wait for the tasks until `seconds` pass or `force` is set; returns those still running."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    force_waiter = asyncio.ensure_future(force.wait())
    pending = set(tasks)
    try:
        while pending and not force.is_set() and (remaining := deadline - loop.time()) > 0:
            await asyncio.wait(
                {*pending, force_waiter}, timeout=remaining, return_when=asyncio.FIRST_COMPLETED
            )
            pending = {task for task in pending if not task.done()}
    finally:
        force_waiter.cancel()
    return pending


async def _stop_server(server: uvicorn.Server, task: asyncio.Task[None], force: asyncio.Event) -> bool:
    """uvicorn finishes open requests within its graceful timeout; a second signal cuts that short."""
    if await _drain([task], force, GRACEFUL_SHUTDOWN_SECONDS + 1):
        server.force_exit = True
        await _cancel([task])
        return False
    error = None if task.cancelled() else task.exception()
    if error is not None:
        log.error("HTTP server failed: %s", error)
    return error is None


async def _cancel(tasks: Collection[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=1)


def run(config: HostConfig, on_ready: Callable[[Plan], None] = print_banner) -> int:
    plan = prepare(config)
    on_ready(plan)
    return asyncio.run(serve(plan))
