"""Is every outside system the app needs answering, and how fast?"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime

from shared.bootstrap import Container
from shared.domain.health import ComponentHealth, HealthReport, SchedulerHealth

Probe = Callable[[], Awaitable[object]]


async def probe_component(probe: Probe, timeout: float) -> ComponentHealth:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(probe(), timeout)
    except TimeoutError:
        error: str | None = f"no answer within {timeout:g} s"
    except Exception as exc:
        error = describe_failure(exc)
    else:
        error = None
    latency = round((time.perf_counter() - started) * 1000, 1)
    return ComponentHealth(status="down" if error else "up", latency_ms=latency, error=error)


def describe_failure(exc: BaseException) -> str:
    """A short reason safe to show anyone: the exception type and its first line, without URLs' secrets.

    SDK messages can embed request URLs; a SAS token or key in a query string must not leak.
    """
    first_line = (str(exc).strip().splitlines() or [""])[0]
    for marker in ("sig=", "AccountKey=", "password=", "Signature="):
        if marker.lower() in first_line.lower():
            first_line = ""
            break
    text = f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__
    return text[:300]


async def check_components(probes: Mapping[str, Probe], timeout: float) -> dict[str, ComponentHealth]:
    results = await asyncio.gather(*(probe_component(p, timeout) for p in probes.values()))
    return dict(zip(probes, results, strict=True))


def component_probes(container: Container) -> dict[str, Probe]:
    settings = container.settings

    async def postgres() -> None:
        from shared.adapters.postgres.pool import ping

        await ping(await container.db())

    return {
        "postgres": postgres,
        "blob": lambda: container.blob.ping(settings.media_container),
        "queue": lambda: container.queue.ping(settings.publish_queue),
        "cosmos": container.cosmos.ping,
    }


async def last_heartbeat(container: Container) -> SchedulerHealth:
    from shared.services.heartbeat import read_heartbeat

    last = await read_heartbeat(await container.db())
    age = None if last is None else round((datetime.now(UTC) - last).total_seconds(), 1)
    return SchedulerHealth(last_heartbeat_at=last, age_seconds=age)


async def check_health(container: Container) -> HealthReport:
    timeout = container.settings.health_check_timeout_seconds
    components = await check_components(component_probes(container), timeout)
    down = [name for name, result in components.items() if result.status == "down"]
    scheduler = None
    if "postgres" not in down:
        try:
            scheduler = await asyncio.wait_for(last_heartbeat(container), timeout)
        except Exception:
            scheduler = None
    return HealthReport(
        status="down" if down else "up", down=down, components=components, scheduler=scheduler
    )
