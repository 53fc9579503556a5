"""The answers every route's guard can give, listed in the API docs on the route itself.

A guard's refusals are the same everywhere (`security.py`): signed out is 401, a role or scope short
of the route's permission is 403, a workspace that is not yours is 404. They are documented here once
for every operation, from the guard each route declares, so a generated client (and the fuzzer's
"status code is documented" check) knows them without each route repeating them.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from functions.api.security import Guard, Guarded, InWorkspace
from shared.domain.permissions import Access

_ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
UNAUTHENTICATED = "unauthenticated (no credentials), invalid_token, token_expired, token_revoked"
FORBIDDEN = "permission_denied (your role does not allow it), insufficient_scope (a read-only API key)"
NOT_A_MEMBER = "workspace_not_found (it does not exist, or you are not a member)"


def _guards(dependant: Dependant) -> list[Guard]:
    found = [dependant.call] if isinstance(dependant.call, Guard) else []
    for sub in dependant.dependencies:
        found += _guards(sub)
    return found


def _add(responses: dict[str, Any], status: str, codes: str) -> None:
    entry = responses.setdefault(status, {"description": codes, "content": _ERROR_CONTENT})
    if codes not in entry.get("description", ""):
        entry["description"] = f"{entry.get('description', '')}; {codes}".lstrip("; ")
    entry.setdefault("content", _ERROR_CONTENT)


def document_guards(api: FastAPI) -> None:
    build = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema:
            return api.openapi_schema
        schema = build()
        for context in iter_route_contexts(api.routes):
            if not isinstance(context.original_route, APIRoute):
                continue
            guards = _guards(context.dependant)
            if not guards:
                continue
            guard = guards[0]
            for method in context.methods or ():
                operation = schema.get("paths", {}).get(str(context.path), {}).get(method.lower())
                if not isinstance(operation, dict):
                    continue
                responses: dict[str, Any] = operation.setdefault("responses", {})
                if isinstance(guard, Guarded) and guard.access is Access.PUBLIC:
                    continue
                _add(responses, "401", UNAUTHENTICATED)
                if isinstance(guard, InWorkspace):
                    _add(responses, "403", FORBIDDEN)
                    _add(responses, "404", NOT_A_MEMBER)
                elif isinstance(guard, Guarded) and guard.access is Access.PLATFORM_ADMIN:
                    _add(responses, "403", "permission_denied (platform administrators only)")
        api.openapi_schema = schema
        return schema

    api.openapi = openapi  # type: ignore[method-assign]
