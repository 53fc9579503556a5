"""`python -m tools.devhost`: run the Function app locally the way `func start` would."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from tools.devhost.functions import AppLoadError
from tools.devhost.host import run
from tools.devhost.hostjson import HostJsonError
from tools.devhost.plan import HostConfig
from tools.devhost.settings import SettingsError

log = logging.getLogger("devhost")


def parse_args(argv: Sequence[str] | None) -> tuple[HostConfig, bool]:
    parser = argparse.ArgumentParser(
        prog="python -m tools.devhost",
        description="Development stand-in for the Azure Functions host: HTTP, timer and queue triggers.",
    )
    parser.add_argument("--app", default="function_app:app", help="module:attribute of the function app")
    parser.add_argument("--host", default="127.0.0.1", help="interface for HTTP (default 127.0.0.1)")
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help="HTTP port (default: Host.LocalHttpPort of local settings, else 7071)",
    )
    parser.add_argument("--root", type=Path, default=Path(), help="app root: host.json, local.settings.json")
    parser.add_argument(
        "--web", type=Path, default=None, help="the web app's folder (default: <root>/web; served once built)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="debug logging, with tracebacks")
    args = parser.parse_args(argv)
    return HostConfig(
        app=args.app, host=args.host, port=args.port, root=args.root, web=args.web
    ), args.verbose


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # One line per storage request drowns the invocation log; the SDK's errors still surface as exceptions.
    logging.getLogger("azure.core.pipeline.policies.http_logging_policy").setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    config, verbose = parse_args(argv)
    configure_logging(verbose)
    try:
        return run(config)
    except (SettingsError, HostJsonError, AppLoadError) as error:
        log.error("%s", error)
    except Exception:
        log.exception("The function app could not be loaded")
    return 1


if __name__ == "__main__":
    sys.exit(main())
