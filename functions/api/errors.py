"""One error shape for every failure, and the mapping from core errors to HTTP statuses."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.domain import errors

STATUS_FOR_ERROR: dict[type[errors.DomainError], int] = {
    errors.InvalidInput: 422,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Unauthenticated: 401,
    errors.PermissionDenied: 403,
    errors.RateLimited: 429,
    errors.DependencyUnavailable: 503,
    errors.EmailDeliveryFailed: 502,
}

# Stable codes for statuses raised by the framework itself (routing, method, body parsing).
CODE_FOR_STATUS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    503: "unavailable",
}


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable, machine-readable error code.", examples=["not_found"])
    message: str = Field(description="What went wrong, for people.")
    details: Any = Field(None, description="Structured extra information, e.g. invalid fields.")
    request_id: str | None = Field(None, description="Quote it when reporting a problem.")


class ErrorResponse(BaseModel):
    error: ErrorDetail


def error_body(
    code: str, message: str, *, details: Any = None, request_id: str | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details, "request_id": request_id}}


def _request_id(request: Request) -> str | None:
    request_id = request.scope.get("state", {}).get("request_id")
    return str(request_id) if request_id else None


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    *,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        error_body(code, message, details=details, request_id=_request_id(request)),
        status_code=status,
        headers=headers,
    )


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    malformed = [e for e in exc.errors() if e.get("type") == "json_invalid"]
    if malformed:  # loc is ("body", character offset): say where, not "check body.12"
        position = malformed[0].get("loc", ("body", 0))[-1]
        reason = (malformed[0].get("ctx") or {}).get("error", "JSON decode error")
        details = [{"field": "body", "message": f"{reason} at character {position}", "type": "json_invalid"}]
        return error_response(
            request, 422, "validation_failed", "The body is not valid JSON.", details=details
        )
    fields = [
        {"field": _field_path(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    names = ", ".join(f["field"] for f in fields[:5])
    return error_response(
        request, 422, "validation_failed", f"The request is not valid: check {names}.", details=fields
    )


async def _on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    code = CODE_FOR_STATUS.get(status, f"http_{status}")
    if status == 404:
        message = f"No resource at {request.url.path}."
    elif status == 405:
        message = f"{request.method} is not allowed on {request.url.path}."
    elif isinstance(exc.detail, str) and exc.detail != HTTPStatus(status).phrase:
        message = exc.detail
    else:
        message = HTTPStatus(status).phrase + "."
    return error_response(request, status, code, message, headers=dict(exc.headers or {}) or None)


async def _on_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.DomainError)
    status = next((s for t, s in STATUS_FOR_ERROR.items() if isinstance(exc, t)), 400)
    headers = None
    if isinstance(exc, errors.RateLimited):
        headers = {"Retry-After": str(exc.retry_after_seconds)}
    return error_response(request, status, exc.code, exc.message, details=exc.details, headers=headers)


def install_error_handlers(api: FastAPI) -> None:
    api.add_exception_handler(RequestValidationError, _on_validation_error)
    api.add_exception_handler(StarletteHTTPException, _on_http_exception)
    api.add_exception_handler(errors.DomainError, _on_domain_error)
