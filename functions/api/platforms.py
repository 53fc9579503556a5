"""/api/v1/platforms (the catalog) and /api/v1/oauth/{platform}/callback (people coming back)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from functions.api.deps import ContainerDep
from functions.api.security import ClientDep, PublicCaller
from shared.domain.errors import DomainError
from shared.platforms.registry import catalog
from shared.services import connections

router = APIRouter(tags=["platforms"])


class FieldOut(BaseModel):
    name: str
    label: str
    secret: bool
    required: bool


class PlatformOut(BaseModel):
    platform: str
    name: str
    auth: str = Field(description="oauth2, credentials or none")
    fields: list[FieldOut] = Field(
        description="What a person types to connect (credential platforms, Mastodon)."
    )
    enabled: bool = Field(
        description="Whether this deployment can connect it (OAuth apps need their settings)."
    )
    why_disabled: str | None
    capabilities: dict[str, Any] = Field(description="Limits checked before a post is accepted.")
    analytics: dict[str, list[str]] = Field(description="Metric names read for posts and for accounts.")


def _capabilities(caps: Any) -> dict[str, Any]:
    out = {k: v for k, v in vars(caps).items() if k not in ("post_metrics", "account_metrics")}
    out["media_kinds"] = sorted(caps.media_kinds)
    return out


@router.get(
    "/platforms", response_model=list[PlatformOut], summary="Every platform, its limits and analytics"
)
async def platforms(caller: PublicCaller, container: ContainerDep) -> list[PlatformOut]:
    del caller
    return [
        PlatformOut(
            platform=p.platform,
            name=p.name,
            auth=p.auth.kind,
            fields=[
                FieldOut(name=f.name, label=f.label, secret=f.secret, required=f.required)
                for f in p.auth.fields
            ],
            enabled=p.enabled,
            why_disabled=p.why_disabled,
            capabilities=_capabilities(p.capabilities),
            analytics={
                "post": list(p.capabilities.post_metrics),
                "account": list(p.capabilities.account_metrics),
            },
        )
        for p in catalog(container.settings)
    ]


@router.get(
    "/oauth/{platform}/callback",
    response_class=RedirectResponse,
    status_code=303,
    summary="Where the platform returns the person after they allow access; redirects to the web app",
)
async def oauth_callback(
    *,
    platform: str,
    caller: PublicCaller,
    container: ContainerDep,
    client: ClientDep,
    code: Annotated[str | None, Query(max_length=2048)] = None,
    state: Annotated[str, Query(max_length=200)] = "",
    error: Annotated[str | None, Query(max_length=200)] = None,
    error_description: Annotated[str | None, Query(max_length=1000)] = None,
) -> RedirectResponse:
    """The state is the proof: it is single-use, expires, and names the person and workspace that began."""
    del caller
    base = container.settings.public_base_url.rstrip("/") + connections.DONE_PATH
    if error or not code:
        reason = error_description or error or "The platform sent no authorization code."
        query = urlencode({"platform": platform, "error": error or "no_code", "message": reason})
        return RedirectResponse(f"{base}?{query}", status_code=303)
    try:
        done = await connections.complete(container, platform, code=code, state=state, ip=client.ip)
    except DomainError as exc:
        query = urlencode({"platform": platform, "error": exc.code, "message": exc.message})
        return RedirectResponse(f"{base}?{query}", status_code=303)
    return RedirectResponse(done.redirect_to(container.settings.public_base_url), status_code=303)
