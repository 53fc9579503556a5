"""/api/v1/platforms (the catalog) and /api/v1/oauth/{platform}/callback (people coming back)."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from functions.api.deps import ContainerDep
from functions.api.security import ClientDep, PublicCaller
from shared.domain.errors import DomainError
from shared.domain.metrics import ACCOUNT_METRICS, ENGAGEMENT_RATE_DEFINITION, POST_METRICS, audience_metric
from shared.platforms.base import Capabilities
from shared.platforms.options import options_of
from shared.platforms.registry import catalog, public_capabilities
from shared.services import connections

router = APIRouter(tags=["platforms"])


class FieldOut(BaseModel):
    name: str
    label: str
    secret: bool
    required: bool


class CapabilitiesOut(BaseModel):
    """Limits checked before a post is accepted. Null means the platform sets no such limit."""

    max_text_length: int
    text_counting: str = Field(description="chars, x_weighted, graphemes, utf16, bytes or threads")
    max_media: int = Field(description="Media per post; 0: text only.")
    media_kinds: list[str] = Field(description="image, gif, video; empty: text only.")
    max_images: int
    max_videos: int
    mixed_media: bool = Field(description="Images and videos in one post.")
    requires_media: bool
    max_image_bytes: int | None = Field(description="Null: no limit.")
    max_video_bytes: int | None = Field(description="Null: no limit.")
    min_video_seconds: float | None = Field(description="Null: no minimum.")
    max_video_seconds: int | None = Field(description="Null: no limit.")
    min_aspect_ratio: float | None = Field(description="Width / height; null: any.")
    max_aspect_ratio: float | None = Field(description="Width / height; null: any.")
    title_max_length: int = Field(description="0: the platform takes no title.")
    threads: bool
    first_comment: bool
    native_scheduling: bool
    idempotency_keys: bool
    reconcile: bool
    max_posts_per_second: float | None = Field(description="Null: no documented pace.")


class OptionOut(BaseModel):
    """One per-account post option (the target's `options[name]`), for a form."""

    name: str
    kind: Literal["text", "url", "choice", "boolean", "tags"]
    label: str
    choices: list[str] = Field(description="For kind choice: the values the platform accepts.")
    default: str | bool | None = Field(description="What the platform uses when the option is left out.")
    max_length: int | None = Field(description="For text, url and tags; null: no limit of ours.")
    required: bool
    help: str


class VocabularyOut(BaseModel):
    """How the platform's own metric names make up the shared metrics."""

    post: dict[str, list[str]] = Field(
        description="Shared post metric (impressions, reach, views, reactions, comments, shares, saves, "
        "clicks) → the platform's metric names summed into it. A shared metric missing here is not "
        "available on this platform: analytics show it as null, never 0."
    )
    account: dict[str, list[str]] = Field(
        description="Shared account metric (followers, impressions, reach, views) → the platform's names."
    )
    not_available: list[str] = Field(description="Shared post metrics this platform does not report.")
    engagement_audience: str | None = Field(
        description="What engagement is divided by here: impressions, else reach, else views; null: no "
        f"engagement rate on this platform. {ENGAGEMENT_RATE_DEFINITION}"
    )


def _vocabulary(caps: Capabilities) -> VocabularyOut:
    return VocabularyOut(
        post={
            name: list(caps.post_vocabulary[name]) for name in POST_METRICS if name in caps.post_vocabulary
        },
        account={
            name: list(caps.account_vocabulary[name])
            for name in ACCOUNT_METRICS
            if name in caps.account_vocabulary
        },
        not_available=[name for name in POST_METRICS if name not in caps.post_vocabulary],
        engagement_audience=audience_metric(caps.post_vocabulary),
    )


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
    why_disabled: str | None = Field(
        description="For the operator: what this deployment lacks (e.g. the setting to set)."
    )
    capabilities: CapabilitiesOut
    analytics: dict[str, list[str]] = Field(description="Metric names read for posts and for accounts.")
    metrics: VocabularyOut = Field(description="The platform's metrics in the shared vocabulary.")
    options: list[OptionOut] = Field(
        default_factory=list, description="What a post may set per account here (title, privacy...)."
    )


@router.get(
    "/platforms", response_model=list[PlatformOut], summary="Every platform, its limits and analytics"
)
async def list_platforms(caller: PublicCaller, container: ContainerDep) -> list[PlatformOut]:
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
            capabilities=CapabilitiesOut(**public_capabilities(p.capabilities)),
            analytics={
                "post": list(p.capabilities.post_metrics),
                "account": list(p.capabilities.account_metrics),
            },
            metrics=_vocabulary(p.capabilities),
            options=[
                OptionOut(
                    name=o.name,
                    kind=o.kind,
                    label=o.label,
                    choices=list(o.choices),
                    default=o.default,
                    max_length=o.max_length or None,
                    required=o.required,
                    help=o.help,
                )
                for o in options_of(p.platform)
            ],
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
