"""Authentication and authorization for routes.

Every route under /api/v1 declares exactly one guard: `Guarded(Access.PUBLIC)`,
`Guarded(Access.AUTHENTICATED)`, `Guarded(Access.PLATFORM_ADMIN)`, or `InWorkspace(Permission.X)`
for anything inside a workspace (path parameter `ws`). A test walks the route table to keep it so.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Path, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from functions.api.deps import ContainerDep
from shared.bootstrap import Container
from shared.domain.errors import PermissionDenied, Unauthenticated
from shared.domain.identity import AuthMethod, Principal
from shared.domain.permissions import Access, Permission
from shared.services.principals import (
    API_KEY_PREFIX,
    WorkspaceAccess,
    authorize,
    from_access_token,
    from_api_key,
)
from shared.services.sessions import ClientInfo

ACCESS_COOKIE = "ck_access"
REFRESH_COOKIE = "ck_refresh"
CSRF_COOKIE = "ck_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Declared so the OpenAPI schema (and Swagger's Authorize button) shows both ways in.
bearer_scheme = HTTPBearer(auto_error=False, description="An access token, or an API key (ck_...).")
cookie_scheme = APIKeyCookie(name=ACCESS_COOKIE, auto_error=False, description="The SPA's session cookie.")


def client_info(request: Request, container: Container) -> ClientInfo:
    ip = request.client.host if request.client else ""
    if container.settings.trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded:
            ip = forwarded.split(",")[0].strip()
    # Azure's front ends append the port ("1.2.3.4:5678"); keep the address only.
    if ip.count(":") == 1:
        ip = ip.split(":")[0]
    return ClientInfo(ip=ip[:64], user_agent=request.headers.get("user-agent", ""))


async def _client(request: Request, container: ContainerDep) -> ClientInfo:
    return client_info(request, container)


ClientDep = Annotated[ClientInfo, Depends(_client)]


async def current_principal(
    request: Request,
    container: ContainerDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    cookie: Annotated[str | None, Depends(cookie_scheme)],
) -> Principal | None:
    """The caller, or None when no credential was sent. A credential that is sent must be valid."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    principal: Principal | None = None
    if bearer is not None:
        if bearer.credentials.startswith(API_KEY_PREFIX):
            principal = await from_api_key(container, bearer.credentials)
        else:
            principal = await from_access_token(container, bearer.credentials, AuthMethod.BEARER)
    elif cookie:
        principal = await from_access_token(container, cookie, AuthMethod.COOKIE)
        if request.method not in SAFE_METHODS:
            check_csrf(request)
    request.state.principal = principal
    return principal


def check_csrf(request: Request) -> None:
    """Double submit: a cookie the SPA can read, echoed in a header a cross-site form cannot set."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    header = request.headers.get(CSRF_HEADER, "")
    if not cookie or not hmac.compare_digest(cookie, header):
        raise PermissionDenied(
            f"Send the {CSRF_HEADER} header with the value of the {CSRF_COOKIE} cookie.", code="csrf_failed"
        )


OptionalPrincipal = Annotated[Principal | None, Depends(current_principal)]


class Guard:
    """Base of every route guard; the route-table test looks for exactly one per route."""

    access: Access | Permission


class Guarded(Guard):
    def __init__(self, access: Access) -> None:
        self.access = access

    async def __call__(
        self,
        request: Request,
        container: ContainerDep,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
        cookie: Annotated[str | None, Depends(cookie_scheme)],
    ) -> Principal | None:
        if self.access is Access.PUBLIC:
            # Public routes never fail because of credentials: a stale cookie or a missing CSRF
            # header only means the caller is treated as anonymous.
            try:
                return await current_principal(request, container, bearer, cookie)
            except (Unauthenticated, PermissionDenied):
                return None
        principal = await current_principal(request, container, bearer, cookie)
        if principal is None:
            raise Unauthenticated(
                "Sign in first: send an access token or an API key.", code="unauthenticated"
            )
        if self.access is Access.PLATFORM_ADMIN and not principal.is_platform_admin:
            raise PermissionDenied("Only platform administrators may do this.", code="permission_denied")
        return principal


class InWorkspace(Guard):
    def __init__(self, permission: Permission) -> None:
        self.access = permission

    async def __call__(
        self,
        ws: Annotated[UUID, Path(description="Workspace id.")],
        principal: OptionalPrincipal,
        container: ContainerDep,
    ) -> WorkspaceAccess:
        if principal is None:
            raise Unauthenticated(
                "Sign in first: send an access token or an API key.", code="unauthenticated"
            )
        assert isinstance(self.access, Permission)
        return await authorize(container, principal, ws, self.access)


PUBLIC = Guarded(Access.PUBLIC)
SIGNED_IN = Guarded(Access.AUTHENTICATED)
PLATFORM_ADMIN = Guarded(Access.PLATFORM_ADMIN)

PublicCaller = Annotated[Principal | None, Depends(PUBLIC)]
CurrentUser = Annotated[Principal, Depends(SIGNED_IN)]
PlatformAdmin = Annotated[Principal, Depends(PLATFORM_ADMIN)]


def workspace(permission: Permission) -> object:
    """`access: Annotated[WorkspaceAccess, workspace(Permission.X)]` in a route's signature."""
    return Depends(InWorkspace(permission))
