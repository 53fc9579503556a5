from pathlib import Path

import azure.functions as func
import pytest
from fastapi import FastAPI

from tools.devhost.functions import AppLoadError, index_app, load_app


def build_app() -> tuple[func.AsgiFunctionApp, FastAPI]:
    api = FastAPI()
    app = func.AsgiFunctionApp(app=api, http_auth_level=func.AuthLevel.ANONYMOUS)
    bp = func.Blueprint()  # type: ignore[no-untyped-call]

    @bp.timer_trigger(arg_name="timer", schedule="*/5 * * * * *")
    def zeta(timer: func.TimerRequest) -> None: ...

    @bp.queue_trigger(arg_name="msg", queue_name="jobs", connection="AzureWebJobsStorage")
    async def alpha(msg: func.QueueMessage, context: func.Context) -> None: ...

    @bp.blob_trigger(arg_name="blob", path="media/{name}", connection="AzureWebJobsStorage")
    def on_blob(blob: func.InputStream) -> None: ...

    @bp.queue_trigger(arg_name="msg", queue_name="in", connection="AzureWebJobsStorage")
    @bp.queue_output(arg_name="out", queue_name="out", connection="AzureWebJobsStorage")
    def forward(msg: func.QueueMessage, out: func.Out[str]) -> None: ...

    app.register_functions(bp)
    return app, api


def test_indexes_supported_functions_and_finds_the_asgi_app() -> None:
    app, api = build_app()
    index = index_app(app)
    assert index.asgi_app is api
    assert [(f.name, f.trigger_type) for f in index.functions] == [
        ("alpha", "queueTrigger"),
        ("http_app_func", "httpTrigger"),
        ("zeta", "timerTrigger"),
    ]
    alpha, http_app_func, zeta = index.functions
    assert (alpha.wants_context, alpha.trigger_arg, alpha.setting("queueName")) == (True, "msg", "jobs")
    assert (http_app_func.http_type, http_app_func.setting("route")) == ("asgi", "/{*route}")
    assert (zeta.wants_context, zeta.setting("schedule")) == (False, "*/5 * * * * *")


def test_functions_it_cannot_run_are_skipped_with_a_reason() -> None:
    app, _ = build_app()
    reasons = {s.name: s.reason for s in index_app(app).skipped}
    assert reasons == {
        "on_blob": "blobTrigger triggers are not run by the dev host",
        "forward": "binding 'out' (queue) is not provided by the dev host",
    }


def test_indexing_twice_works_although_get_functions_does_not() -> None:
    app, _ = build_app()
    app.get_functions()
    with pytest.raises(ValueError, match="unique function name"):
        app.get_functions()
    assert len(index_app(app).functions) == 3


def test_app_reference_must_name_a_function_app() -> None:
    with pytest.raises(AppLoadError, match="module:attribute"):
        load_app("function_app", Path())
    with pytest.raises(AppLoadError, match=r"not an azure\.functions FunctionApp"):
        load_app("json:dumps", Path())
