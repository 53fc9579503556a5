import json
import os
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from tools.devhost.plan import HostConfig, prepare

APP_SOURCE = """
import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)


@app.route(route="hello/{name}", methods=["GET"])
def hello(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse("hi")


@app.timer_trigger(arg_name="timer", schedule="%GOOD_SCHEDULE%", run_on_startup=True)
def good_timer(timer: func.TimerRequest) -> None: ...


@app.timer_trigger(arg_name="timer", schedule="%MISSING_SCHEDULE%")
def broken_timer(timer: func.TimerRequest) -> None: ...


@app.queue_trigger(arg_name="msg", queue_name="%JOBS_QUEUE%", connection="AzureWebJobsStorage")
def jobs(msg: func.QueueMessage) -> None: ...
"""


@pytest.fixture
def app_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if k != "JOBS_QUEUE"})
    monkeypatch.setattr(sys, "path", list(sys.path))
    module = f"devhost_app_{uuid.uuid4().hex}"
    (tmp_path / f"{module}.py").write_text(textwrap.dedent(APP_SOURCE), encoding="utf-8")
    (tmp_path / "host.json").write_text(json.dumps({"version": "2.0"}), encoding="utf-8")
    values = {
        "AzureWebJobsStorage": "UseDevelopmentStorage=true",
        "GOOD_SCHEDULE": "0 */5 * * * *",
        "JOBS_QUEUE": "Jobs",
    }
    settings = {"Values": values, "Host": {"LocalHttpPort": 7099}}
    (tmp_path / "local.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return tmp_path, module


def test_prepare_loads_settings_then_plans_every_trigger(app_root: tuple[Path, str]) -> None:
    root, module = app_root
    os.environ["GOOD_SCHEDULE"] = "*/10 * * * * *"  # the environment wins over local settings
    plan = prepare(HostConfig(app=f"{module}:app", root=root))
    assert os.environ["JOBS_QUEUE"] == "Jobs"
    assert plan.port == 7099
    assert plan.server is not None
    assert [t.function.name for t in plan.timers] == ["good_timer"]
    assert plan.timers[0].run_on_startup
    assert [(q.function.name, q.queue_name, q.poison_name) for q in plan.queues] == [
        ("jobs", "jobs", "jobs-poison")
    ]
    assert plan.banner == [
        "hello: [GET] http://127.0.0.1:7099/api/hello/{name}",
        "broken_timer: timerTrigger (in error: app setting 'MISSING_SCHEDULE' "
        "(referenced by '%MISSING_SCHEDULE%') is not defined)",
        "good_timer: timerTrigger */10 * * * * *",
        "jobs: queueTrigger jobs",
    ]


def test_explicit_port_wins(app_root: tuple[Path, str]) -> None:
    root, module = app_root
    assert prepare(HostConfig(app=f"{module}:app", root=root, port=8123)).port == 8123
