import asyncio
import logging
import threading
from collections.abc import Callable
from datetime import timedelta

import azure.functions as func
import pytest

from tools.devhost.functions import FunctionInfo
from tools.devhost.invocation import FunctionTimeoutError, Invoker


def info(function: Callable[..., object], name: str = "job", trigger: str = "queueTrigger") -> FunctionInfo:
    return FunctionInfo(name=name, trigger_type=trigger, trigger={"name": "msg"}, user_function=function)


async def test_sync_functions_run_off_the_event_loop_and_async_ones_on_it() -> None:
    loop_thread = threading.current_thread()

    def sync_job(msg: str) -> threading.Thread:
        return threading.current_thread()

    async def async_job(msg: str) -> threading.Thread:
        return threading.current_thread()

    invoker = Invoker(function_directory="/app")
    sync_result = await invoker.invoke(info(sync_job), "m", ident="1")
    async_result = await invoker.invoke(info(async_job), "m", ident="2")
    assert sync_result.succeeded
    assert sync_result.value is not loop_thread
    assert async_result.value is loop_thread


async def test_one_line_per_invocation(caplog: pytest.LogCaptureFixture) -> None:
    def job(msg: str) -> None:
        return None

    caplog.set_level(logging.INFO, logger="devhost")
    await Invoker(function_directory="/app").invoke(info(job), "m", ident="abc", dequeue_count=2)
    [record] = [r for r in caplog.records if r.name == "devhost"]
    assert record.levelno == logging.INFO
    assert record.getMessage().startswith(
        "Executed 'Functions.job' (Succeeded, queueTrigger, id=abc, dequeue_count=2, duration="
    )


async def test_failures_are_one_error_line_with_the_traceback_only_at_debug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def job(msg: str) -> None:
        raise ValueError("bad payload")

    caplog.set_level(logging.DEBUG, logger="devhost")
    result = await Invoker(function_directory="/app").invoke(info(job), "m", ident="abc", dequeue_count=1)
    assert not result.succeeded
    assert isinstance(result.error, ValueError)
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.getMessage().endswith("): ValueError: bad payload")
    assert "(Failed, queueTrigger, id=abc, dequeue_count=1, duration=" in error.getMessage()
    assert error.exc_info is None
    assert any(r.levelno == logging.DEBUG and r.exc_info for r in caplog.records)


async def test_function_timeout_fails_the_invocation() -> None:
    async def slow(msg: str) -> None:
        await asyncio.Event().wait()

    invoker = Invoker(function_directory="/app", timeout=timedelta(milliseconds=50))
    result = await invoker.invoke(info(slow, name="slow"), "m", ident="1")
    assert isinstance(result.error, FunctionTimeoutError)
    assert str(result.error) == "Timeout value of 00:00:00 was exceeded by function: Functions.slow"


async def test_context_is_passed_to_functions_that_declare_it() -> None:
    def job(msg: str, context: func.Context) -> tuple[str, str, str]:
        return context.function_name, context.function_directory, context.invocation_id

    result = await Invoker(function_directory="/app").invoke(info(job), "m", ident="1")
    assert isinstance(result.value, tuple)
    name, directory, invocation_id = result.value
    assert (name, directory) == ("job", "/app")
    assert len(invocation_id) == 36


async def test_a_timeout_the_function_raises_itself_is_not_a_function_timeout() -> None:
    async def job(msg: str) -> None:
        raise TimeoutError("upstream took too long")

    result = await Invoker(function_directory="/app", timeout=timedelta(seconds=5)).invoke(
        info(job), "m", ident="1"
    )
    assert type(result.error) is TimeoutError
