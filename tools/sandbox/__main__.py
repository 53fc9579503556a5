"""``python -m tools.sandbox [--host 127.0.0.1] [--port 7081]``: run the sandbox platform in the foreground.

``tools.sandbox.manage`` starts this detached for ``make dev``; run it by hand to watch its log.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
from collections.abc import Sequence

from aiohttp import web

from tools.sandbox.server import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7081


def _loopback_host(value: str) -> str:
    """Refuse anything but loopback: the control endpoints have no authentication."""
    if value == "localhost":
        return value
    try:
        if ipaddress.ip_address(value).is_loopback:
            return value
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{value!r} is not a loopback address (control endpoints are open)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.sandbox", description="Run the clickKloudy sandbox social platform."
    )
    parser.add_argument("--host", type=_loopback_host, default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--token-ttl-seconds", type=int, default=3600, help="access token lifetime")
    parser.add_argument(
        "--timeout-after-accept-seconds",
        type=float,
        default=30.0,
        help="how long a timeout_after_accept fault holds the response",
    )
    parser.add_argument(
        "--video-processing-seconds",
        type=float,
        default=3.0,
        help="how long an uploaded video stays `processing` (0: ready at once)",
    )
    parser.add_argument("--log-level", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(name)s: %(message)s", stream=sys.stdout)
    app = create_app(
        token_ttl_seconds=args.token_ttl_seconds,
        timeout_after_accept_seconds=args.timeout_after_accept_seconds,
        video_processing_seconds=args.video_processing_seconds,
    )
    # No access log: a 1,000-post burst would spend more time logging than serving, and the app
    # already logs one line per post. A short shutdown grace: held (timeout_after_accept) requests
    # must not keep `make stop` waiting.
    web.run_app(
        app,
        host=args.host,
        port=args.port,
        access_log=None,
        shutdown_timeout=1.0,
        print=lambda message: print(message, flush=True),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
