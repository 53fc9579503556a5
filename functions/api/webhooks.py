"""/api/v1/workspaces/{ws}/webhooks: endpoints that receive the workspace's events, and their delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field

from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import ClientDep, workspace
from shared.domain.permissions import Permission
from shared.services import ratelimit, webhooks
from shared.services.principals import WorkspaceAccess
from shared.services.webhooks import WebhookEvent

router = APIRouter(prefix="/workspaces/{ws}/webhooks", tags=["webhooks"])

Responses = dict[int | str, dict[str, Any]]

ERRORS: Responses = {
    401: {"model": ErrorResponse, "description": "unauthenticated, invalid_token, token_expired, ..."},
    403: {"model": ErrorResponse, "description": "permission_denied (role), insufficient_scope (API key)"},
    404: {"model": ErrorResponse, "description": "workspace_not_found, webhook_not_found"},
    422: {"model": ErrorResponse, "description": "validation_failed, invalid_events, invalid_cursor"},
}
CREATE_ERRORS: Responses = {
    **ERRORS,
    409: {"model": ErrorResponse, "description": f"too_many_webhooks ({webhooks.MAX_PER_WORKSPACE})"},
    422: {
        "model": ErrorResponse,
        "description": "validation_failed, invalid_webhook_url, webhook_url_not_https, invalid_events, "
        "host_not_allowed (the URL points to a private or reserved address)",
    },
}

TEST_ERRORS: Responses = {
    **ERRORS,
    429: {
        "model": ErrorResponse,
        "description": f"rate_limited: {ratelimit.WEBHOOK_TESTS_PER_WEBHOOK.count} tests per "
        f"{ratelimit.WEBHOOK_TESTS_PER_WEBHOOK.window_seconds // 60} minutes per webhook (see Retry-After)",
    },
}

Manage = Annotated[WorkspaceAccess, workspace(Permission.WEBHOOKS_MANAGE)]


class WebhookOut(BaseModel):
    id: UUID
    url: str
    events: list[WebhookEvent]
    active: bool = Field(description="Off: no events are written for it; turned off by us on 410 Gone.")
    disabled_reason: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, webhook: webhooks.Webhook) -> WebhookOut:
        return cls(
            id=webhook.id,
            url=webhook.url,
            events=[WebhookEvent(e) for e in webhook.events],
            active=webhook.active,
            disabled_reason=webhook.disabled_reason,
            created_at=webhook.created_at,
            updated_at=webhook.updated_at,
        )


class CreatedWebhookOut(WebhookOut):
    secret: str = Field(
        description="Signing secret (whsec_...). Shown only in this response: store it now. "
        "Verify clickKloudy-Signature with it (see the README)."
    )


class RotatedSecretOut(WebhookOut):
    secret: str = Field(
        description="The new signing secret (whsec_...). Shown only in this response: store it now."
    )
    previous_secret_valid_until: datetime | None = Field(
        description="Until then deliveries carry a second v1 signature made with the replaced secret "
        "(WEBHOOK_SECRET_ROTATION_HOURS after the rotation); null when the window is 0."
    )


class WebhookCreate(BaseModel):
    url: str = Field(
        min_length=1,
        max_length=webhooks.MAX_URL_LENGTH,
        description="A public https URL (http://127.0.0.1 or localhost only in development, for the "
        "host:port pairs EGRESS_ALLOW_HOSTS lets through). A delivery fails with `host_not_allowed` "
        "when, at sending time, the name points to a private or reserved address.",
        examples=["https://example.com/hooks/clickkloudy"],
    )
    events: list[WebhookEvent] = Field(min_length=1, max_length=len(WebhookEvent))


class WebhookUpdate(BaseModel):
    active: bool | None = Field(None, description="true turns it on again, e.g. after a 410 turned it off.")
    events: list[WebhookEvent] | None = Field(None, min_length=1, max_length=len(WebhookEvent))


class AttemptOut(BaseModel):
    attempt_no: int
    started_at: datetime
    duration_ms: int
    status_code: int | None = Field(description="The receiver's HTTP status, when it answered.")
    error: str | None = Field(description="What went wrong when there was no answer (ReadTimeout, ...).")
    outcome: str = Field(description="delivered, retry, failed or disabled")
    next_retry_at: datetime | None


class DeliveryOut(BaseModel):
    id: UUID = Field(description="Sent as clickKloudy-Delivery.")
    event_id: UUID = Field(description="The body's `id`: the same for every webhook receiving the event.")
    event: WebhookEvent | Literal["ping"] = Field(description="`ping`: a test sent with …/test.")
    payload: dict[str, Any] = Field(description="The body's `data`.")
    status: str = Field(description="pending, delivering, delivered, failed or cancelled")
    attempt_count: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime
    attempts: list[AttemptOut]

    @classmethod
    def of(cls, delivery: webhooks.Delivery) -> DeliveryOut:
        return cls(
            id=delivery.id,
            event_id=delivery.event_id,
            event=delivery.event,  # validated: one of the events, or ping
            payload=delivery.payload,
            status=delivery.status,
            attempt_count=delivery.attempt_count,
            next_attempt_at=delivery.next_attempt_at,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            delivered_at=delivery.delivered_at,
            created_at=delivery.created_at,
            attempts=[AttemptOut(**vars(a)) for a in delivery.attempts],
        )


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    next_cursor: str | None


@router.get("", response_model=list[WebhookOut], responses=ERRORS, summary="The workspace's webhooks")
async def list_webhooks(access: Manage, container: ContainerDep) -> list[WebhookOut]:
    return [WebhookOut.of(w) for w in await webhooks.list_webhooks(container, access)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CreatedWebhookOut,
    responses=CREATE_ERRORS,
    summary="Register a webhook (its signing secret is shown once)",
)
async def create_webhook(
    body: WebhookCreate, response: Response, access: Manage, container: ContainerDep, client: ClientDep
) -> CreatedWebhookOut:
    created = await webhooks.create_webhook(
        container, access, url=body.url, events=[e.value for e in body.events], ip=client.ip
    )
    response.headers["Cache-Control"] = "no-store"
    return CreatedWebhookOut(**WebhookOut.of(created.webhook).model_dump(), secret=created.secret)


@router.get("/{webhook_id}", response_model=WebhookOut, responses=ERRORS, summary="One webhook")
async def get_webhook(webhook_id: UUID, access: Manage, container: ContainerDep) -> WebhookOut:
    return WebhookOut.of(await webhooks.get_webhook(container, access, webhook_id))


@router.patch(
    "/{webhook_id}",
    response_model=WebhookOut,
    responses=ERRORS,
    summary="Turn a webhook on or off, or change its events",
)
async def update_webhook(
    webhook_id: UUID, body: WebhookUpdate, access: Manage, container: ContainerDep, client: ClientDep
) -> WebhookOut:
    updated = await webhooks.update_webhook(
        container,
        access,
        webhook_id,
        active=body.active,
        events=None if body.events is None else [e.value for e in body.events],
        ip=client.ip,
    )
    return WebhookOut.of(updated)


@router.delete(
    "/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=ERRORS,
    summary="Delete a webhook and its delivery log",
)
async def delete_webhook(
    webhook_id: UUID, access: Manage, container: ContainerDep, client: ClientDep
) -> Response:
    await webhooks.delete_webhook(container, access, webhook_id, ip=client.ip)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{webhook_id}/deliveries",
    response_model=DeliveryPage,
    responses=ERRORS,
    summary="Deliveries to a webhook, newest first, with every attempt",
)
async def list_deliveries(
    webhook_id: UUID,
    access: Manage,
    container: ContainerDep,
    limit: Annotated[int, Query(ge=1, le=webhooks.MAX_LISTED)] = 25,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> DeliveryPage:
    found = await webhooks.list_deliveries(
        container,
        access,
        webhook_id,
        limit=limit + 1,
        before=webhooks.decode_cursor(cursor) if cursor else None,
    )
    items = found[:limit]
    return DeliveryPage(
        items=[DeliveryOut.of(d) for d in items],
        next_cursor=webhooks.encode_cursor(items[-1]) if len(found) > limit else None,
    )


@router.post(
    "/{webhook_id}/test",
    response_model=DeliveryOut,
    responses=TEST_ERRORS,
    summary="Send a signed ping event now and see how the receiver answered",
    description="The ping goes through the delivery path of real events (same headers, same signatures, "
    'listed under deliveries) with the body `{"id", "type": "ping", "created_at", "data": '
    '{"webhook_id", "message"}}`. It is sent once, also to a webhook that is off, and never retried; '
    "`status` is delivered or failed, and its attempt has the status code, duration and error.",
)
async def ping_webhook(
    webhook_id: UUID, access: Manage, container: ContainerDep, client: ClientDep
) -> DeliveryOut:
    return DeliveryOut.of(await webhooks.send_ping(container, access, webhook_id, ip=client.ip))


@router.post(
    "/{webhook_id}/rotate-secret",
    response_model=RotatedSecretOut,
    responses=ERRORS,
    summary="Replace the signing secret (the new one is shown once; the old one signs too for a while)",
)
async def rotate_secret(
    webhook_id: UUID, response: Response, access: Manage, container: ContainerDep, client: ClientDep
) -> RotatedSecretOut:
    rotated = await webhooks.rotate_secret(container, access, webhook_id, ip=client.ip)
    response.headers["Cache-Control"] = "no-store"
    return RotatedSecretOut(
        **WebhookOut.of(rotated.webhook).model_dump(),
        secret=rotated.secret,
        previous_secret_valid_until=rotated.previous_valid_until,
    )
