"""What the host will run: settings loaded before the app import, then every trigger resolved and planned."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

from tools.devhost.functions import (
    HTTP_TRIGGER,
    QUEUE_TRIGGER,
    TIMER_TRIGGER,
    AppIndex,
    FunctionInfo,
    index_app,
    load_app,
)
from tools.devhost.hostjson import HostOptions, load_host_json
from tools.devhost.http import ALL_METHODS, build_server, function_routes
from tools.devhost.invocation import Invoker
from tools.devhost.ncrontab import ScheduleError, parse_schedule
from tools.devhost.queues import QueueBindingError, QueueListener, resolve_connection, resolve_queue_name
from tools.devhost.routes import full_template
from tools.devhost.settings import SettingsError, apply_settings, load_local_settings
from tools.devhost.static_site import StaticSite
from tools.devhost.timers import TimerRunner

log = logging.getLogger("devhost")

DEFAULT_PORT = 7071


@dataclass(frozen=True)
class HostConfig:
    app: str = "function_app:app"
    host: str = "127.0.0.1"
    port: int | None = None
    root: Path = Path()
    # The built web app (its dist/ and staticwebapp.config.json), served beside /api; None: <root>/web.
    web: Path | None = None


@dataclass
class Plan:
    """Everything decided before the event loop starts; `banner` mirrors what `func start` lists."""

    options: HostOptions
    invoker: Invoker
    port: int
    server: uvicorn.Server | None = None
    timers: list[TimerRunner] = field(default_factory=list)
    queues: list[QueueListener] = field(default_factory=list)
    banner: list[str] = field(default_factory=list)


def prepare(config: HostConfig) -> Plan:
    root = config.root.resolve()
    local = load_local_settings(root)
    applied = apply_settings(local.values, os.environ)
    if local.path is not None:
        log.info(
            "Loaded %d of %d settings from %s (the environment wins)",
            len(applied),
            len(local.values),
            local.path.name,
        )
    options = load_host_json(root / "host.json")
    index = index_app(load_app(config.app, root))
    plan = Plan(
        options,
        Invoker(str(root), options.function_timeout),
        config.port or local.local_http_port or DEFAULT_PORT,
    )
    site = StaticSite.for_web_folder(config.web or root / "web")
    if site is not None:
        plan.banner.append(f"web app: http://{config.host}:{plan.port}/ (from {site.root})")
    _plan_http(plan, index, config.host, site)
    for function in index.of_type(TIMER_TRIGGER):
        _plan_timer(plan, function)
    for function in index.of_type(QUEUE_TRIGGER):
        _plan_queue(plan, function)
    for skipped in index.skipped:
        plan.banner.append(f"{skipped.name}: {skipped.trigger_type} (not run: {skipped.reason})")
        log.warning("Function '%s' is not run by the dev host: %s", skipped.name, skipped.reason)
    return plan


def _plan_http(plan: Plan, index: AppIndex, host: str, site: StaticSite | None) -> None:
    functions = index.of_type(HTTP_TRIGGER)
    prefix = plan.options.route_prefix
    base = f"http://{host}:{plan.port}"
    if index.asgi_app is not None:
        asgi = [f for f in functions if f.http_type == "asgi"]
        for shadowed in (f for f in functions if f.http_type != "asgi"):
            log.warning("HTTP function '%s' is shadowed by the ASGI app's catch-all route", shadowed.name)
        for function in asgi:
            plan.banner.append(
                f"{function.name}: [{','.join(ALL_METHODS)}] {base}/{_route_url(prefix, function)}"
            )
        plan.server = build_server(index.asgi_app, prefix, host, plan.port, site)
    elif functions:
        for function in functions:
            methods = function.setting("methods")
            shown = ",".join(str(m) for m in methods) if isinstance(methods, list) else ",".join(ALL_METHODS)
            plan.banner.append(f"{function.name}: [{shown}] {base}/{_route_url(prefix, function)}")
        plan.server = build_server(
            function_routes(functions, prefix, plan.invoker), prefix, host, plan.port, site
        )


def _route_url(prefix: str, function: FunctionInfo) -> str:
    return full_template(prefix, str(function.setting("route") or function.name))


def _plan_timer(plan: Plan, function: FunctionInfo) -> None:
    schedule_text = str(function.setting("schedule"))
    try:
        schedule = parse_schedule(schedule_text, os.environ)
    except (ScheduleError, SettingsError) as error:
        _in_error(plan, function, error)
        return
    plan.timers.append(
        TimerRunner(function, schedule, plan.invoker, run_on_startup=bool(function.setting("runOnStartup")))
    )
    plan.banner.append(f"{function.name}: {TIMER_TRIGGER} {schedule.description}")


def _plan_queue(plan: Plan, function: FunctionInfo) -> None:
    try:
        queue_name = resolve_queue_name(str(function.setting("queueName")), os.environ)
        connection = resolve_connection(function.setting("connection"), os.environ)
        listener = QueueListener(function, queue_name, connection, plan.options.queues, plan.invoker)
    except (QueueBindingError, SettingsError, ValueError) as error:
        _in_error(plan, function, error)
        return
    plan.queues.append(listener)
    plan.banner.append(f"{function.name}: {QUEUE_TRIGGER} {queue_name}")


def _in_error(plan: Plan, function: FunctionInfo, error: Exception) -> None:
    """Like the host: the function is reported in error and left out; the others still run."""
    log.error("The '%s' function is in error: %s", function.name, error)
    plan.banner.append(f"{function.name}: {function.trigger_type} (in error: {error})")


def print_banner(plan: Plan) -> None:
    lines = ["", "Functions:", ""]
    for line in plan.banner or ["(none)"]:
        lines += [f"        {line}", ""]
    print("\n".join(lines), flush=True)
