"""What a health check reports, component by component."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

ComponentStatus = Literal["up", "down"]


class ComponentHealth(BaseModel):
    status: ComponentStatus
    latency_ms: float = Field(description="Time the probe took, in milliseconds.")
    error: str | None = Field(None, description="Why the component is down; never contains secrets.")


class SchedulerHealth(BaseModel):
    """When timers last fired: a stopped scheduler is invisible otherwise."""

    last_heartbeat_at: datetime | None
    age_seconds: float | None


class HealthReport(BaseModel):
    status: ComponentStatus
    down: list[str] = Field(description="Names of the components that are down.")
    components: dict[str, ComponentHealth]
    scheduler: SchedulerHealth | None = None


class Liveness(BaseModel):
    """For probes that must not fail when a dependency does (restart loops help nobody)."""

    status: Literal["up"]
