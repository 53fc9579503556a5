"""Calling a user function as the Python worker does, and the one log line each invocation leaves."""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import logging
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

import azure.functions as func
from azure.functions import _abc as func_abc

from tools.devhost.functions import FunctionInfo
from tools.devhost.timespan import format_timespan

log = logging.getLogger("devhost")


class FunctionTimeoutError(TimeoutError):
    """functionTimeout from host.json was exceeded, worded like the host's message."""


@dataclass(frozen=True)
class InvocationResult:
    succeeded: bool
    value: object
    error: Exception | None
    duration_ms: float


class _NoRpcException(func_abc.RpcException):
    source = ""
    stack_trace = ""
    message = ""


class _TraceContext(func_abc.TraceContext):
    def __init__(self) -> None:
        self._parent = f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01"

    @property
    def trace_state(self) -> str:
        return ""

    @property
    def trace_parent(self) -> str:
        return self._parent

    @property
    def attributes(self) -> dict[str, str]:
        return {}


class _RetryContext(func_abc.RetryContext):
    """No retry policies here: every invocation is attempt 0 of 0, as without a retry decorator."""

    @property
    def retry_count(self) -> int:
        return 0

    @property
    def max_retry_count(self) -> int:
        return 0

    @property
    def exception(self) -> func_abc.RpcException:
        return _NoRpcException()


class InvocationContext(func.Context):
    def __init__(self, invocation_id: str, function_name: str, function_directory: str) -> None:
        self._invocation_id = invocation_id
        self._function_name = function_name
        self._function_directory = function_directory
        self._local = threading.local()
        self._local.invocation_id = invocation_id
        self._trace = _TraceContext()

    @property
    def invocation_id(self) -> str:
        return self._invocation_id

    @property
    def thread_local_storage(self) -> type[threading.local]:
        # The base class annotates a type, but the worker hands out an instance; so do we.
        return self._local  # type: ignore[return-value]

    @property
    def function_name(self) -> str:
        return self._function_name

    @property
    def function_directory(self) -> str:
        return self._function_directory

    @property
    def trace_context(self) -> func_abc.TraceContext:
        return self._trace

    @property
    def retry_context(self) -> func_abc.RetryContext:
        return _RetryContext()


@dataclass(frozen=True)
class Invoker:
    """What every invocation shares: the app directory (for Context) and host.json's functionTimeout."""

    function_directory: str
    timeout: timedelta | None = None

    async def invoke(
        self,
        function: FunctionInfo,
        trigger_value: object,
        *,
        ident: str,
        dequeue_count: int | None = None,
    ) -> InvocationResult:
        invocation_id = str(uuid.uuid4())
        kwargs: dict[str, object] = {function.trigger_arg: trigger_value}
        if function.wants_context:
            kwargs["context"] = InvocationContext(invocation_id, function.name, self.function_directory)
        log.debug(
            "Executing 'Functions.%s' (%s, id=%s, invocation=%s)",
            function.name,
            function.trigger_type,
            ident,
            invocation_id,
        )
        started = time.perf_counter()
        try:
            value = await self._call(function, kwargs)
        except Exception as error:
            result = InvocationResult(False, None, error, _elapsed_ms(started))
        else:
            result = InvocationResult(True, value, None, _elapsed_ms(started))
        _log_outcome(function, ident, dequeue_count, result)
        return result

    async def _call(self, function: FunctionInfo, kwargs: Mapping[str, object]) -> object:
        target = function.user_function
        if inspect.iscoroutinefunction(target):
            awaitable: Awaitable[object] = cast(Awaitable[object], target(**kwargs))
        else:
            awaitable = _run_in_daemon_thread(target, kwargs, function.name)
        value = await awaitable if self.timeout is None else await _bounded(function, awaitable, self.timeout)
        if inspect.isawaitable(value):
            value = await value
        return value


async def _bounded(function: FunctionInfo, awaitable: Awaitable[object], timeout: timedelta) -> object:
    """asyncio.wait rather than wait_for: a TimeoutError the function raises itself is its own failure."""
    task = asyncio.ensure_future(awaitable)
    try:
        done, _ = await asyncio.wait({task}, timeout=timeout.total_seconds())
    except asyncio.CancelledError:
        task.cancel()
        raise
    if task in done:
        return task.result()
    task.cancel()
    if not inspect.iscoroutinefunction(function.user_function):
        log.warning("'Functions.%s' timed out; its thread cannot be stopped and runs on", function.name)
    raise FunctionTimeoutError(
        f"Timeout value of {format_timespan(timeout)} was exceeded by function: Functions.{function.name}"
    )


def _run_in_daemon_thread(
    target: Callable[..., object], kwargs: Mapping[str, object], name: str
) -> asyncio.Future[object]:
    """Like asyncio.to_thread, but on a daemon thread, so a hung sync function cannot block shutdown.

    asyncio.run() joins the default executor's threads on exit, with no time limit on Python 3.11.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[object] = loop.create_future()
    context = contextvars.copy_context()

    def settle(value: object, error: BaseException | None) -> None:
        if future.done():
            return
        if error is None:
            future.set_result(value)
        else:
            future.set_exception(error)

    def run() -> None:
        try:
            value = context.run(target, **kwargs)
        except BaseException as error:
            outcome: tuple[object, BaseException | None] = (None, error)
        else:
            outcome = (value, None)
        try:
            loop.call_soon_threadsafe(settle, *outcome)
        except RuntimeError:
            log.debug("'Functions.%s' finished after the event loop closed", name)

    threading.Thread(target=run, name=f"devhost-{name}", daemon=True).start()
    return future


def _elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _log_outcome(
    function: FunctionInfo, ident: str, dequeue_count: int | None, result: InvocationResult
) -> None:
    details = [function.trigger_type, f"id={ident}"]
    if dequeue_count is not None:
        details.append(f"dequeue_count={dequeue_count}")
    details.append(f"duration={result.duration_ms:.0f}ms")
    summary = ", ".join(details)
    if result.error is None:
        log.info("Executed 'Functions.%s' (Succeeded, %s)", function.name, summary)
        return
    error = result.error
    log.error(
        "Executed 'Functions.%s' (Failed, %s): %s: %s", function.name, summary, type(error).__name__, error
    )
    log.debug("Traceback of 'Functions.%s'", function.name, exc_info=error)
