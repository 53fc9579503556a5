"""Indexing the app: what the Python worker reports to the host, read from the same decorator objects."""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import azure.functions as func
from starlette.types import ASGIApp

HTTP_TRIGGER = "httpTrigger"
TIMER_TRIGGER = "timerTrigger"
QUEUE_TRIGGER = "queueTrigger"
SUPPORTED_TRIGGERS = (HTTP_TRIGGER, TIMER_TRIGGER, QUEUE_TRIGGER)


class AppLoadError(Exception):
    """The app reference does not lead to a function app."""


@dataclass(frozen=True)
class FunctionInfo:
    name: str
    trigger_type: str
    trigger: Mapping[str, object]
    user_function: Callable[..., object] = field(repr=False)
    http_type: str = "function"

    @property
    def trigger_arg(self) -> str:
        return str(self.trigger["name"])

    @property
    def wants_context(self) -> bool:
        """The worker passes a Context only to functions that declare a `context` parameter."""
        return "context" in inspect.signature(self.user_function).parameters

    def setting(self, key: str) -> object:
        return self.trigger.get(key)


@dataclass(frozen=True)
class SkippedFunction:
    name: str
    trigger_type: str
    reason: str


@dataclass(frozen=True)
class AppIndex:
    functions: list[FunctionInfo]
    skipped: list[SkippedFunction]
    asgi_app: ASGIApp | None

    def of_type(self, trigger_type: str) -> list[FunctionInfo]:
        return [f for f in self.functions if f.trigger_type == trigger_type]


def load_app(reference: str, root: Path) -> func.FunctionRegister:
    """Import `module:attribute` with the project root importable, as the worker imports function_app.py."""
    module_name, _, attribute = reference.partition(":")
    if not module_name or not attribute:
        raise AppLoadError(f"--app must look like 'module:attribute' (got {reference!r})")
    root_dir = str(root.resolve())
    if root_dir not in sys.path:
        sys.path.insert(0, root_dir)
    module = importlib.import_module(module_name)
    app = getattr(module, attribute, None)
    if not isinstance(app, func.FunctionRegister):
        raise AppLoadError(f"{reference} is {type(app).__name__}, not an azure.functions FunctionApp")
    return app


def index_app(app: func.FunctionRegister) -> AppIndex:
    """Index like the worker does, whether or not something has already called `get_functions()`."""
    functions: list[FunctionInfo] = []
    skipped: list[SkippedFunction] = []
    # get_functions() records every name it returns and rejects them all as duplicates on a second call.
    app.functions_bindings = None
    for function in app.get_functions():
        name = function.get_function_name() or function.get_user_function().__name__
        trigger = function.get_trigger()
        trigger_type = str(trigger.type) if trigger is not None else "none"
        info = FunctionInfo(
            name=name,
            trigger_type=trigger_type,
            trigger=trigger.get_dict_repr() if trigger is not None else {},
            user_function=function.get_user_function(),
            http_type=function.http_type,
        )
        reason = _unsupported_reason(info, function.get_bindings_dict()["bindings"])
        if reason is None:
            functions.append(info)
        else:
            skipped.append(SkippedFunction(name, trigger_type, reason))
    functions.sort(key=lambda f: f.name.casefold())
    return AppIndex(functions=functions, skipped=skipped, asgi_app=_asgi_app(app))


def _asgi_app(app: func.FunctionRegister) -> ASGIApp | None:
    """AsgiFunctionApp keeps the framework app on its AsgiMiddleware, which only the worker normally sees."""
    if isinstance(app, func.AsgiFunctionApp):
        inner: ASGIApp = app.middleware._app
        return inner
    return None


def _unsupported_reason(info: FunctionInfo, bindings: list[dict[str, object]]) -> str | None:
    if info.trigger_type not in SUPPORTED_TRIGGERS:
        return f"{info.trigger_type} triggers are not run by the dev host"
    for binding in bindings:
        name, kind = binding.get("name"), binding.get("type")
        if name == info.trigger_arg or (kind == "http" and info.trigger_type == HTTP_TRIGGER):
            continue
        return f"binding {name!r} ({kind}) is not provided by the dev host"
    parameters = inspect.signature(info.user_function).parameters
    if info.trigger_arg not in parameters:
        return f"the function has no parameter named {info.trigger_arg!r} for its trigger"
    for parameter in parameters.values():
        if (
            parameter.name in (info.trigger_arg, "context")
            or parameter.default is not inspect.Parameter.empty
        ):
            continue
        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        return f"parameter {parameter.name!r} has no binding"
    return None
