"""/api/v1/auth: sign-up, sign-in, sessions, email verification and password reset."""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Body, Request, Response, status
from pydantic import BaseModel, EmailStr, Field

from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import (
    ACCESS_COOKIE,
    CSRF_COOKIE,
    REFRESH_COOKIE,
    ClientDep,
    CurrentUser,
    PublicCaller,
    check_csrf,
)
from shared.bootstrap import Container
from shared.domain.errors import Unauthenticated
from shared.services import auth, ratelimit, sessions
from shared.services.sessions import TokenPair

router = APIRouter(prefix="/auth", tags=["auth"])

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {
        "model": ErrorResponse,
        "description": "invalid_credentials, invalid_refresh_token, refresh_token_reused",
    },
    409: {"model": ErrorResponse, "description": "email_taken"},
    422: {
        "model": ErrorResponse,
        "description": "validation_failed, password_too_short/_long/_common, invalid_token",
    },
    429: {"model": ErrorResponse, "description": "rate_limited, login_locked (see Retry-After)"},
}


class RegisterRequest(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)
    name: str = Field(min_length=1, max_length=100)


class RegisteredUser(BaseModel):
    id: UUID
    email: str
    message: str


class LoginRequest(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)


class RefreshRequest(BaseModel):
    refresh_token: str | None = Field(None, description="Omit to use the refresh cookie (SPA).")


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")


class TokenRequest(BaseModel):
    token: str = Field(min_length=10, max_length=200)


class ForgotRequest(BaseModel):
    email: EmailStr


class ResetRequest(BaseModel):
    token: str = Field(min_length=10, max_length=200)
    password: str = Field(min_length=1, max_length=1024)


class Message(BaseModel):
    message: str


def set_session_cookies(response: Response, container: Container, pair: TokenPair) -> None:
    """HttpOnly cookies for the SPA, and a readable CSRF cookie it echoes in a header."""
    secure = container.settings.cookies_secure
    response.set_cookie(
        ACCESS_COOKIE,
        pair.access_token,
        max_age=pair.expires_in,
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/api",
    )
    response.set_cookie(
        REFRESH_COOKIE,
        pair.refresh_token,
        expires=pair.refresh_expires_at,
        httponly=True,
        secure=secure,
        samesite="strict",
        path="/api/v1/auth",
    )
    response.set_cookie(
        CSRF_COOKIE,
        secrets.token_urlsafe(24),
        expires=pair.refresh_expires_at,
        httponly=False,
        secure=secure,
        samesite="strict",
        path="/",
    )


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(ACCESS_COOKIE, path="/api")
    response.delete_cookie(REFRESH_COOKIE, path="/api/v1/auth")
    response.delete_cookie(CSRF_COOKIE, path="/")


def token_response(response: Response, container: Container, pair: TokenPair) -> TokenResponse:
    set_session_cookies(response, container, pair)
    response.headers["Cache-Control"] = "no-store"
    return TokenResponse(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=RegisteredUser,
    responses=ERRORS,
    summary="Create an account (sends a verification email)",
)
async def register(
    body: RegisterRequest, container: ContainerDep, client: ClientDep, _: PublicCaller
) -> RegisteredUser:
    user_id = await auth.register(
        container, email=body.email, password=body.password, name=body.name, client=client
    )
    return RegisteredUser(
        id=user_id,
        email=auth.normalize_email(body.email),
        message="Account created. Check your email to verify the address.",
    )


@router.post(
    "/login", response_model=TokenResponse, responses=ERRORS, summary="Sign in with email and password"
)
async def login(
    body: LoginRequest, response: Response, container: ContainerDep, client: ClientDep, _: PublicCaller
) -> TokenResponse:
    pair = await auth.login(container, email=body.email, password=body.password, client=client)
    return token_response(response, container, pair)


def _refresh_token(request: Request, body: RefreshRequest | None) -> str:
    """The token from the body (API clients) or the cookie (SPA, which must then pass the CSRF check)."""
    token = body.refresh_token if body else None
    if not token:
        token = request.cookies.get(REFRESH_COOKIE)
        if token:
            check_csrf(request)
    if not token:
        raise Unauthenticated("Send a refresh_token or the refresh cookie.", code="invalid_refresh_token")
    return token


@router.post(
    "/refresh",
    response_model=TokenResponse,
    responses=ERRORS,
    summary="Exchange a refresh token for a new pair (the old one stops working)",
)
async def refresh(
    request: Request,
    response: Response,
    container: ContainerDep,
    client: ClientDep,
    _: PublicCaller,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> TokenResponse:
    pair = await sessions.rotate(container, _refresh_token(request, body), client)
    return token_response(response, container, pair)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=ERRORS,
    summary="End this session (every token of its family)",
)
async def logout(
    request: Request,
    container: ContainerDep,
    _: PublicCaller,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> Response:
    try:
        token: str | None = _refresh_token(request, body)
    except Unauthenticated:
        token = None  # nothing to end: signing out is always allowed to succeed
    if token:
        await sessions.revoke_family_of(container, token)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_session_cookies(response)
    return response


@router.post(
    "/logout-everywhere",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={401: {"model": ErrorResponse, "description": "unauthenticated, invalid_token, token_revoked"}},
    summary="End every session of this account, on every device (this one included)",
)
async def logout_everywhere(user: CurrentUser, container: ContainerDep, client: ClientDep) -> Response:
    await sessions.end_every_session(container, user.user_id, ip=client.ip)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_session_cookies(response)
    return response


@router.post("/verify-email", response_model=Message, responses=ERRORS, summary="Confirm an email address")
async def verify_email(body: TokenRequest, container: ContainerDep, _: PublicCaller) -> Message:
    await auth.verify_email(container, body.token)
    return Message(message="Email address verified.")


@router.post(
    "/verify-email/resend",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Message,
    responses={
        401: {"model": ErrorResponse, "description": "unauthenticated, invalid_token, token_revoked, ..."},
        409: {"model": ErrorResponse, "description": "email_already_verified"},
        429: {
            "model": ErrorResponse,
            "description": f"rate_limited: {ratelimit.VERIFY_RESEND_PER_USER.count} an hour per account, "
            f"{ratelimit.VERIFY_RESEND_PER_IP.count} per IP (see Retry-After)",
        },
    },
    summary="Email a new verification link to your address (earlier links stop working)",
)
async def resend_verification(user: CurrentUser, container: ContainerDep, client: ClientDep) -> Message:
    await auth.resend_verification(container, user.user_id, client=client)
    return Message(message="We have sent a new verification link to your email address.")


FORGOT_ANSWER = "If an account uses that address, we have sent it a link to choose a new password."


@router.post(
    "/password/forgot",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Message,
    responses=ERRORS,
    summary="Email a password reset link (same answer whether or not the account exists)",
)
async def forgot_password(
    body: ForgotRequest, container: ContainerDep, client: ClientDep, _: PublicCaller
) -> Message:
    await auth.forgot_password(container, email=body.email, client=client)
    return Message(message=FORGOT_ANSWER)


@router.post(
    "/password/reset",
    response_model=Message,
    responses=ERRORS,
    summary="Choose a new password with a reset link's token (ends every session)",
)
async def reset_password(
    body: ResetRequest, container: ContainerDep, client: ClientDep, _: PublicCaller
) -> Message:
    await auth.reset_password(container, token=body.token, password=body.password, client=client)
    return Message(message="Password changed. Sign in with the new password.")


class SessionInfo(BaseModel):
    authenticated: bool
    user_id: UUID | None = None
    method: str | None = Field(None, description="bearer, cookie or api_key")
    is_platform_admin: bool = False


@router.get(
    "/session",
    response_model=SessionInfo,
    summary="Who is calling (never fails: anonymous callers get authenticated=false)",
)
async def session(caller: PublicCaller) -> SessionInfo:
    if caller is None:
        return SessionInfo(authenticated=False)
    return SessionInfo(
        authenticated=True,
        user_id=caller.user_id,
        method=caller.method.value,
        is_platform_admin=caller.is_platform_admin,
    )
