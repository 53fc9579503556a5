"""Telemetry and Entra login against the real local services: trace context through Azurite, queue depths,
and a pool that presents a token as its password."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from azure.storage.queue.aio import QueueClient
from opentelemetry import trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shared import observability
from shared.adapters.postgres.entra import POSTGRES_SCOPE
from shared.bootstrap import Container
from shared.config import Settings
from shared.observability import PipelineMetrics, queue_span
from shared.services.heartbeat import record_queue_depths
from tests.conftest import Stack, stack_settings, unique


async def test_a_message_read_from_the_queue_continues_the_senders_trace(
    container: Container, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(trace, "get_tracer", provider.get_tracer)
    queue = unique("q")
    await container.queue.create_queue(queue)
    with provider.get_tracer("test").start_as_current_span("dispatch") as sender:
        await container.queue.send(queue, {"target_id": "t-1"})
    async with QueueClient.from_connection_string(settings.storage_connection_string, queue) as raw:
        [received] = [m async for m in raw.receive_messages(max_messages=5)]
        await raw.delete_message(received)
    body = base64.b64decode(received.content)
    context = sender.get_span_context()
    assert json.loads(body)["traceparent"].startswith(f"00-{context.trace_id:032x}-{context.span_id:016x}-")
    with queue_span("publish", body, message_id=received.id):
        pass
    handler = exporter.get_finished_spans()[-1]
    assert handler.name == "publish"
    assert handler.context.trace_id == context.trace_id
    assert handler.parent is not None
    assert handler.parent.span_id == context.span_id
    provider.shutdown()


async def test_heartbeat_reports_queue_depths(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = InMemoryMetricReader()
    monkeypatch.setattr(
        observability, "_pipeline_metrics", PipelineMetrics(MeterProvider([reader]).get_meter("test"))
    )
    settings = stack_settings(stack, STATUS_CHECK_QUEUE=unique("status"), WEBHOOKS_QUEUE=unique("hooks"))
    container = Container(settings)
    try:
        await container.queue.create_queue(settings.publish_queue)
        await container.queue.create_queue(settings.webhooks_queue)
        for n in range(3):
            await container.queue.send(settings.publish_queue, {"target_id": f"t-{n}"})
        await container.queue.send(settings.webhooks_queue, {"delivery_id": "d-1"})
        recorded = await record_queue_depths(container)
    finally:
        await container.aclose()
    assert recorded == {
        settings.publish_queue: 3,
        f"{settings.publish_queue}-poison": 0,  # never created: nothing waits there
        settings.status_check_queue: 0,
        settings.webhooks_queue: 1,
        f"{settings.webhooks_queue}-poison": 0,
    }
    data = reader.get_metrics_data()
    assert data is not None
    gauge = {
        point.attributes["queue"]: point.value
        for resource in data.resource_metrics
        for scope in resource.scope_metrics
        for metric in scope.metrics
        if metric.name == "queue_depth"
        for point in metric.data.data_points
    }
    assert gauge[settings.publish_queue] == 3


class CountingCredential:
    def __init__(self) -> None:
        self.scopes: list[tuple[str, ...]] = []

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken(f"entra-token-{len(self.scopes)}", 2_000_000_000)


async def test_pool_in_entra_mode_logs_in_with_the_token(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real pool resolves the token for each new connection (the local server trusts any password,
    so what is checked is that the token is what the connection presented)."""
    credential = CountingCredential()
    monkeypatch.setattr("shared.adapters.credentials.get_credential", lambda settings: credential)
    container = Container(stack_settings(stack, DATABASE_ENTRA_AUTH=True))
    try:
        pool = await container.db()
        async with pool.connection() as first, pool.connection() as second:
            assert await (await first.execute("SELECT 1")).fetchone() == (1,)
            assert first.info.password == "entra-token-1"
            assert second.info.password == "entra-token-1"  # cached: one token serves both logins
    finally:
        await container.aclose()
    assert credential.scopes == [(POSTGRES_SCOPE,)]
