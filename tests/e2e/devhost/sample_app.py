"""The app the dev host's end-to-end test runs: one route, a recording and a failing queue function, a timer.

Each function appends one JSON line to a file named by an app setting, so the test (another process)
can see what ran, with what, and when. Sync and async functions are mixed on purpose: the host runs
them differently.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import azure.functions as func
from fastapi import FastAPI

api = FastAPI()


@api.get("/api/ping")
async def ping() -> dict[str, str]:
    return {"status": "ok"}


bp = func.Blueprint()  # type: ignore[no-untyped-call]


def _record(setting: str, **fields: object) -> None:
    with open(os.environ[setting], "a", encoding="utf-8") as out:
        out.write(json.dumps(fields) + "\n")


@bp.queue_trigger(arg_name="msg", queue_name="%SAMPLE_QUEUE%", connection="AzureWebJobsStorage")
def record_message(msg: func.QueueMessage) -> None:
    _record("SAMPLE_MESSAGES_FILE", body=msg.get_body().decode("utf-8"), dequeue_count=msg.dequeue_count)


@bp.queue_trigger(arg_name="msg", queue_name="%SAMPLE_FAILING_QUEUE%", connection="AzureWebJobsStorage")
async def always_fail(msg: func.QueueMessage) -> None:
    _record("SAMPLE_FAILURES_FILE", body=msg.get_body().decode("utf-8"), dequeue_count=msg.dequeue_count)
    raise RuntimeError("this function always fails")


@bp.timer_trigger(
    arg_name="timer", schedule="%SAMPLE_TIMER_SCHEDULE%", run_on_startup=False, use_monitor=False
)
def tick(timer: func.TimerRequest) -> None:
    _record("SAMPLE_TICKS_FILE", at=datetime.now(UTC).isoformat(), past_due=timer.past_due)


app = func.AsgiFunctionApp(app=api, http_auth_level=func.AuthLevel.ANONYMOUS)
app.register_functions(bp)
