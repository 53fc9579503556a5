"""Logging and telemetry: structured JSON logs carrying the request id, and Azure Monitor when configured."""

from __future__ import annotations

import contextvars
import logging
import re
import sys

from shared.config import Settings

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Our one-time secrets have recognisable prefixes (invitations, email links, refresh tokens, API keys);
# some travel in URL paths, and paths are logged.
_SECRET_IN_PATH = re.compile(r"\b(ck[eirx]?_)[A-Za-z0-9_-]{8,}")


def redact_path(path: str) -> str:
    """The path with any token we issued replaced by its prefix and an ellipsis."""
    return _SECRET_IN_PATH.sub(r"\1…", path)


_configured = False


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request id, so a log line can be traced to its response."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def configure_telemetry(settings: Settings) -> None:
    """Set up logs once per process.

    Under the Functions host the worker already owns the root handlers (they ship logs to the host),
    so we only add the request-id filter there; elsewhere (dev host, tests, tools) we log JSON to stderr.
    """
    global _configured  # noqa: PLW0603 - process-wide, idempotent setup
    if _configured:
        return
    _configured = True
    root = logging.getLogger()
    root.setLevel(settings.log_level.upper())
    id_filter = RequestIdFilter()
    if not root.handlers:
        from pythonjsonlogger.json import JsonFormatter

        stream_handler = logging.StreamHandler(sys.stderr)
        stream_handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
        root.addHandler(stream_handler)
    for handler in root.handlers:
        handler.addFilter(id_filter)
    # Client libraries log every HTTP request at INFO, with URLs that can carry SAS tokens.
    for noisy in ("azure", "azure.core.pipeline.policies.http_logging_policy", "urllib3", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    connection_string = settings.applicationinsights_connection_string.get_secret_value()
    if connection_string:
        from azure.monitor.opentelemetry import configure_azure_monitor

        kwargs: dict[str, object] = {}
        if settings.azure_client_id:
            # App Insights with Entra auth: the identity that runs the app writes telemetry.
            from azure.identity import ManagedIdentityCredential

            kwargs["credential"] = ManagedIdentityCredential(client_id=settings.azure_client_id)
        configure_azure_monitor(connection_string=connection_string, **kwargs)
