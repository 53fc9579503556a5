"""/api/v1/auth/microsoft: Sign in with Microsoft (Entra ID / External ID).

Both routes are browser navigations (a link, then Microsoft's redirect back), so success is a 302.
Failures answer with the API's one JSON error shape and a 4xx (503 when Microsoft is unreachable):
the SPA, or a person reading the page, gets the stable `code`; an error page with a retry link is
the SPA's to render from it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from functions.api.auth import set_session_cookies
from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import ClientDep, PublicCaller
from shared.services import microsoft_sign_in
from shared.services.microsoft_sign_in import SignInProvider

router = APIRouter(prefix="/auth/microsoft", tags=["auth"])

# Binds a pending flow to the browser that started it. Lax: it must ride along on Microsoft's
# top-level GET redirect back to the callback. Scoped to these two routes only.
FLOW_COOKIE = "ck_ms_flow"
FLOW_COOKIE_PATH = "/api/v1/auth/microsoft"

LOGIN_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "microsoft_sign_in_disabled"},
    422: {"model": ErrorResponse, "description": "invalid_next, validation_failed"},
    429: {"model": ErrorResponse, "description": "rate_limited (see Retry-After)"},
    503: {"model": ErrorResponse, "description": "microsoft_unavailable"},
}
CALLBACK_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {
        "model": ErrorResponse,
        "description": "invalid_state, state_expired, provider_error (details.provider_error, e.g. "
        "access_denied), invalid_id_token, nonce_mismatch, missing_claims, email_missing",
    },
    403: {
        "model": ErrorResponse,
        "description": "tenant_not_allowed, account_disabled, microsoft_email_unverified",
    },
    404: {"model": ErrorResponse, "description": "microsoft_sign_in_disabled"},
    409: {
        "model": ErrorResponse,
        "description": "email_not_verified (a local account with this email exists "
        "but never verified it), sign_in_conflict",
    },
    503: {"model": ErrorResponse, "description": "microsoft_unavailable"},
}


async def sign_in_provider(container: ContainerDep) -> SignInProvider:
    """The process's MSAL client; tests override this dependency to point at a fake provider."""
    return microsoft_sign_in.provider_for(container)


ProviderDep = Annotated[SignInProvider, Depends(sign_in_provider)]


def _no_store(response: RedirectResponse) -> RedirectResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


class MicrosoftSignInStatus(BaseModel):
    enabled: bool = Field(description="Whether this deployment offers Sign in with Microsoft.")


@router.get(
    "/status",
    response_model=MicrosoftSignInStatus,
    summary="Whether Sign in with Microsoft is set up here (sign-in pages show its button only then)",
)
async def microsoft_status(container: ContainerDep, _: PublicCaller) -> MicrosoftSignInStatus:
    return MicrosoftSignInStatus(enabled=microsoft_sign_in.is_enabled(container.settings))


@router.get(
    "/login",
    status_code=status.HTTP_302_FOUND,
    response_class=RedirectResponse,
    responses=LOGIN_ERRORS,
    summary="Start Sign in with Microsoft (redirects to Microsoft)",
)
async def microsoft_login(
    *,
    container: ContainerDep,
    provider: ProviderDep,
    client: ClientDep,
    _: PublicCaller,
    next_path: Annotated[
        str | None,
        Query(
            alias="next",
            max_length=microsoft_sign_in.MAX_NEXT_LENGTH,
            description="Path on this site to land on afterwards, e.g. /posts. Defaults to /.",
        ),
    ] = None,
) -> RedirectResponse:
    start = await microsoft_sign_in.begin(container, provider, next_path=next_path, client=client)
    response = RedirectResponse(start.authorize_url, status_code=status.HTTP_302_FOUND)
    response.set_cookie(
        FLOW_COOKIE,
        start.browser_token,
        max_age=start.expires_in,
        httponly=True,
        secure=container.settings.cookies_secure,
        samesite="lax",
        path=FLOW_COOKIE_PATH,
    )
    return _no_store(response)


@router.get(
    "/callback",
    status_code=status.HTTP_302_FOUND,
    response_class=RedirectResponse,
    responses=CALLBACK_ERRORS,
    summary="Where Microsoft sends the browser back; signs in and redirects to the app",
)
async def microsoft_callback(
    request: Request,
    *,
    container: ContainerDep,
    provider: ProviderDep,
    client: ClientDep,
    _: PublicCaller,
    state: Annotated[str | None, Query(max_length=512)] = None,
    code: Annotated[str | None, Query(max_length=8192)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
    error_description: Annotated[str | None, Query(max_length=4000)] = None,
) -> RedirectResponse:
    answer = {
        k: v
        for k, v in (
            ("state", state),
            ("code", code),
            ("error", error),
            ("error_description", error_description),
        )
        if v is not None
    }
    result = await microsoft_sign_in.complete(
        container, provider, response=answer, browser_token=request.cookies.get(FLOW_COOKIE), client=client
    )
    response = RedirectResponse(result.redirect_url, status_code=status.HTTP_302_FOUND)
    set_session_cookies(response, container, result.pair)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_COOKIE_PATH)
    return _no_store(response)
