"""Custom metrics of the pipeline and the trace context that queue messages carry."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from opentelemetry import trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from shared import observability
from shared.adapters.queue import QueueSender
from shared.config import Settings
from shared.observability import PipelineMetrics, queue_span, record_publish_outcome
from shared.services import heartbeat

# --- metrics ---------------------------------------------------------------------------------------


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch) -> InMemoryMetricReader:
    """The process's pipeline metrics, recorded into memory for this test."""
    reader = InMemoryMetricReader()
    metrics = PipelineMetrics(MeterProvider(metric_readers=[reader]).get_meter("test"))
    monkeypatch.setattr(observability, "_pipeline_metrics", metrics)
    return reader


def points(reader: InMemoryMetricReader, name: str) -> list[Any]:
    data = reader.get_metrics_data()
    assert data is not None
    return [
        point
        for resource in data.resource_metrics
        for scope in resource.scope_metrics
        for metric in scope.metrics
        if metric.name == name
        for point in metric.data.data_points
    ]


def test_outcomes_are_counted_by_platform_outcome_and_error_code(reader: InMemoryMetricReader) -> None:
    scheduled = datetime.now(UTC) - timedelta(seconds=3)
    record_publish_outcome("x", "published", None, scheduled_at=scheduled)
    record_publish_outcome("x", "published", None, scheduled_at=scheduled)
    record_publish_outcome("linkedin", "retry_wait", "rate_limited", scheduled_at=scheduled)
    counts = {
        (p.attributes["platform"], p.attributes["outcome"], p.attributes["error_code"]): p.value
        for p in points(reader, "publish_outcomes")
    }
    assert counts == {("x", "published", "none"): 2, ("linkedin", "retry_wait", "rate_limited"): 1}


def test_lateness_is_recorded_for_publications_only(reader: InMemoryMetricReader) -> None:
    scheduled = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    metrics = observability.pipeline_metrics()
    metrics.publish_outcome(
        "x", "published", None, scheduled_at=scheduled, now=scheduled + timedelta(seconds=2)
    )
    metrics.publish_outcome(
        "x", "published", None, scheduled_at=scheduled, now=scheduled + timedelta(seconds=4)
    )
    metrics.publish_outcome(
        "x", "failed", "invalid_media", scheduled_at=scheduled, now=scheduled + timedelta(seconds=9)
    )
    # A few milliseconds early is on time, not negative lateness.
    metrics.publish_outcome(
        "bluesky", "published", None, scheduled_at=scheduled, now=scheduled - timedelta(milliseconds=20)
    )
    by_platform = {p.attributes["platform"]: p for p in points(reader, "publish_lateness_seconds")}
    assert by_platform["x"].count == 2
    assert by_platform["x"].sum == pytest.approx(6.0)
    assert by_platform["x"].max == pytest.approx(4.0)
    assert by_platform["bluesky"].min == 0.0


def test_queue_depth_is_a_gauge_per_queue(reader: InMemoryMetricReader) -> None:
    metrics = observability.pipeline_metrics()
    metrics.queue_depth("publish", 7)
    metrics.queue_depth("publish", 3)
    metrics.queue_depth("publish-poison", 1)
    depths = {p.attributes["queue"]: p.value for p in points(reader, "queue_depth")}
    assert depths == {"publish": 3, "publish-poison": 1}


class FakeDepths:
    def __init__(self, depths: dict[str, int | Exception]) -> None:
        self.depths = depths

    async def peek_count(self, queue: str) -> int:
        found = self.depths[queue]
        if isinstance(found, Exception):
            raise found
        return found


async def test_heartbeat_records_every_pipeline_queue(reader: InMemoryMetricReader) -> None:
    queue = FakeDepths(
        {
            "publish": 12,
            "publish-poison": ResourceNotFoundError("not created yet"),
            "status-check": 2,
            "webhooks": HttpResponseError("throttled"),
            "webhooks-poison": 0,
        }
    )
    container = SimpleNamespace(settings=Settings(), queue=queue)
    recorded = await heartbeat.record_queue_depths(container)  # type: ignore[arg-type]
    # A missing queue holds nothing; one that cannot be read is left out instead of failing the timer.
    expected = {"publish": 12, "publish-poison": 0, "status-check": 2, "webhooks-poison": 0}
    assert recorded == expected
    assert {p.attributes["queue"]: p.value for p in points(reader, "queue_depth")} == expected


# --- trace context ---------------------------------------------------------------------------------


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TracerProvider, InMemorySpanExporter]]:
    """A tracer provider recording into memory, used by queue_span for this test."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(trace, "get_tracer", provider.get_tracer)
    yield provider, exporter
    provider.shutdown()


class FakeQueueClient:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send_message(self, content: str, **kwargs: Any) -> Any:
        self.sent.append(content)
        return SimpleNamespace(id=f"m{len(self.sent)}")


class FakeServiceClient:
    def __init__(self) -> None:
        self.queue = FakeQueueClient()

    def get_queue_client(self, name: str) -> FakeQueueClient:
        return self.queue


def sender() -> tuple[QueueSender, FakeQueueClient]:
    service = FakeServiceClient()
    return QueueSender(service, "base64"), service.queue  # type: ignore[arg-type]


async def test_trace_context_round_trips_from_sender_to_handler(
    spans: tuple[TracerProvider, InMemorySpanExporter],
) -> None:
    provider, exporter = spans
    queue, raw = sender()
    payload: dict[str, object] = {"target_id": "t-1"}
    with provider.get_tracer("test").start_as_current_span("POST /api/v1/posts") as request_span:
        await queue.send("publish", payload)
    assert payload == {"target_id": "t-1"}  # the caller's dict is left alone
    body = base64.b64decode(raw.sent[0])
    message = json.loads(body)
    context = request_span.get_span_context()
    assert message["target_id"] == "t-1"
    assert message["traceparent"].startswith(f"00-{context.trace_id:032x}-{context.span_id:016x}-")

    with queue_span("publish", body, message_id="m1") as handling:
        handling.set_attribute("checked", True)
    [_, consumer] = exporter.get_finished_spans()
    assert consumer.name == "publish"
    assert consumer.kind is SpanKind.CONSUMER
    assert consumer.context.trace_id == context.trace_id
    assert consumer.parent is not None
    assert consumer.parent.span_id == context.span_id
    assert consumer.attributes["messaging.message.id"] == "m1"


async def test_what_a_handler_sends_stays_in_the_same_trace(
    spans: tuple[TracerProvider, InMemorySpanExporter],
) -> None:
    queue, raw = sender()
    trace_id = 0x0AF7651916CD43DD8448EB211C80319C
    incoming = {"target_id": "t-1", "traceparent": f"00-{trace_id:032x}-b7ad6b7169203331-01"}
    with queue_span("publish", json.dumps(incoming).encode()):
        await queue.send("publish", {"target_id": "t-1"})  # a retry, re-queued by the handler
    retry = json.loads(base64.b64decode(raw.sent[0]))
    assert retry["traceparent"].split("-")[1] == f"{trace_id:032x}"
    assert retry["traceparent"].split("-")[2] != "b7ad6b7169203331"  # the handler's span is the parent


async def test_without_a_span_messages_are_sent_as_given() -> None:
    queue, raw = sender()
    await queue.send("publish", {"target_id": "t-1"})
    await queue.send("publish", "plain text")
    assert json.loads(base64.b64decode(raw.sent[0])) == {"target_id": "t-1"}
    assert base64.b64decode(raw.sent[1]) == b"plain text"


@pytest.mark.parametrize("body", [b'{"target_id": "t-1"}', b"not json", b"[1, 2]", b'{"traceparent": 7}'])
def test_messages_without_usable_trace_context_start_a_new_trace(
    spans: tuple[TracerProvider, InMemorySpanExporter], body: bytes
) -> None:
    _, exporter = spans
    with queue_span("publish", body):
        pass
    [span] = exporter.get_finished_spans()
    assert span.parent is None


def test_a_failing_handler_marks_its_span(spans: tuple[TracerProvider, InMemorySpanExporter]) -> None:
    _, exporter = spans
    with pytest.raises(RuntimeError), queue_span("publish", b"{}"):
        raise RuntimeError("database down")
    [span] = exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
