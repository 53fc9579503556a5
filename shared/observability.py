"""Logging and telemetry: structured JSON logs carrying the request id, and Azure Monitor when configured.

Also the pipeline's custom metrics and the trace context that queue messages carry, so one trace in
Application Insights follows a post from the HTTP request through dispatch and publishing to the
platform call. OpenTelemetry is imported on first use: a cold start that records nothing skips it.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
import sys
from collections.abc import Iterator, Mapping, MutableMapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from shared.config import Settings

if TYPE_CHECKING:
    from opentelemetry.metrics import Meter
    from opentelemetry.trace import Span

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
            from shared.adapters.credentials import sync_credential

            kwargs["credential"] = sync_credential(settings)
        configure_azure_monitor(connection_string=connection_string, **kwargs)


# Seconds from a post's scheduled time to the platform accepting it: on time is under a second or two.
LATENESS_BUCKETS = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0)
# The fields a queue message carries its sender's trace context in (W3C Trace Context).
TRACE_FIELDS = ("traceparent", "tracestate")


class PipelineMetrics:
    """The publish pipeline's custom metrics (customMetrics in Application Insights)."""

    def __init__(self, meter: Meter) -> None:
        self._lateness = meter.create_histogram(
            "publish_lateness_seconds",
            unit="s",
            description="Time from a target's scheduled time to its publication.",
            explicit_bucket_boundaries_advisory=LATENESS_BUCKETS,
        )
        self._outcomes = meter.create_counter(
            "publish_outcomes", description="Publish attempts settled, by platform, outcome and error code."
        )
        self._queue_depth = meter.create_gauge(
            "queue_depth", description="Approximate number of messages waiting in a queue."
        )

    def publish_outcome(
        self,
        platform: str,
        outcome: str,
        error_code: str | None,
        *,
        scheduled_at: datetime | None,
        now: datetime | None = None,
    ) -> None:
        self._outcomes.add(1, {"platform": platform, "outcome": outcome, "error_code": error_code or "none"})
        if outcome == "published" and scheduled_at is not None:
            # Never negative: a message may surface a few milliseconds early, and that is on time.
            lateness = ((now or datetime.now(UTC)) - scheduled_at).total_seconds()
            self._lateness.record(max(lateness, 0.0), {"platform": platform})

    def queue_depth(self, queue: str, depth: int) -> None:
        self._queue_depth.set(depth, {"queue": queue})


_pipeline_metrics: PipelineMetrics | None = None


def pipeline_metrics() -> PipelineMetrics:
    """The process's instruments, on the global meter provider (Azure Monitor's once configured)."""
    global _pipeline_metrics  # noqa: PLW0603 - instruments are created once per process
    if _pipeline_metrics is None:
        from opentelemetry import metrics

        _pipeline_metrics = PipelineMetrics(metrics.get_meter("clickkloudy"))
    return _pipeline_metrics


def record_publish_outcome(
    platform: str, outcome: str, error_code: str | None, *, scheduled_at: datetime | None
) -> None:
    """Count a settled publish attempt; a publication also records how late it was."""
    pipeline_metrics().publish_outcome(platform, outcome, error_code, scheduled_at=scheduled_at)


def inject_trace_context(message: MutableMapping[str, object]) -> None:
    """Add the current trace context to an outgoing message; nothing when no span is active."""
    from opentelemetry import propagate

    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    message.update({field: carrier[field] for field in TRACE_FIELDS if field in carrier})


def _trace_carrier(body: bytes | str | Mapping[str, object]) -> dict[str, str]:
    """The trace fields of a message, or none: messages from before tracing, or not JSON, have none."""
    data: object = body
    if isinstance(body, bytes | str):
        try:
            data = json.loads(body)
        except ValueError:
            return {}
    if not isinstance(data, Mapping):
        return {}
    return {field: data[field] for field in TRACE_FIELDS if isinstance(data.get(field), str)}


@contextlib.contextmanager
def queue_span(
    name: str, body: bytes | str | Mapping[str, object], *, message_id: str | None = None
) -> Iterator[Span]:
    """The span of handling one queue message, a child of the span that sent it when the message
    says which; what the handler sends or calls inside it joins the same trace."""
    from opentelemetry import propagate, trace

    parent = propagate.extract(_trace_carrier(body))
    attributes = {"messaging.system": "azure_queue"}
    if message_id:
        attributes["messaging.message.id"] = message_id
    tracer = trace.get_tracer("clickkloudy")
    with tracer.start_as_current_span(
        name, context=parent, kind=trace.SpanKind.CONSUMER, attributes=attributes
    ) as span:
        yield span
