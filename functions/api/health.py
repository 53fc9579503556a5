"""GET /api/health: is every dependency answering?"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from functions.api.deps import ContainerDep
from shared.domain.health import HealthReport, Liveness
from shared.services.health import check_health

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=HealthReport,
    summary="Health of PostgreSQL, Blob, Queue and Cosmos DB",
    responses={
        503: {"model": HealthReport, "description": "At least one component is down (named in `down`)."}
    },
)
async def get_health(container: ContainerDep) -> JSONResponse:
    report = await check_health(container)
    return JSONResponse(report.model_dump(mode="json"), status_code=200 if report.status == "up" else 503)


@router.get(
    "/health/live", response_model=Liveness, summary="Liveness: the app answers (checks nothing else)"
)
async def get_liveness() -> Liveness:
    return Liveness(status="up")
