"""Access control of every route, read from the route table so routes added later are covered too.

1. Every route under /api/v1 declares exactly one guard, and workspace routes are exactly the ones
   with a `{ws}` path parameter guarded by `InWorkspace`.
2. For each workspace route and each role: roles without the route's permission get 403
   permission_denied, roles with it get past the guard; a read-only API key can't use write
   permissions.
3. A member of one workspace gets the same 404 for every route of another, existing or not.
4. Without credentials, every non-public route answers 401.

Nothing here names a route: a new route is checked the moment it is registered. Each call is made
against a fresh workspace, so a route that changes or deletes things can't disturb another case.
"""

import secrets
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from functions.api import create_api
from functions.api.security import Guard, Guarded, InWorkspace
from shared.bootstrap import Container, get_container
from shared.domain.permissions import Access, Permission, Role, allows
from tests.conftest import Stack, stack_settings
from tests.integration.test_workspaces import Actor, new_user, new_workspace, read_only_key

V1 = "/api/v1/"
# Outside the versioned API on purpose; anything else under /api must live in /api/v1.
EXCLUDED = ("/api/health", "/api/docs", "/api/openapi.json", "/api/dev/")
IGNORED_METHODS = frozenset({"HEAD", "OPTIONS"})


def _walk(dependant: Dependant) -> list[Dependant]:
    found = []
    for sub in dependant.dependencies:
        found += [sub, *_walk(sub)]
    return found


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    guards: tuple[Guard, ...]
    path_params: dict[str, Any]  # name → annotation, the guard's `ws` included
    has_body: bool

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def guard(self) -> Guard:
        assert len(self.guards) == 1, f"{self}: {len(self.guards)} guards"
        return self.guards[0]

    @property
    def permission(self) -> Permission:
        assert isinstance(self.guard, InWorkspace)
        assert isinstance(self.guard.access, Permission)
        return self.guard.access

    def url(self, ws: UUID) -> str:
        """The path with `ws` filled in and every other parameter given a value that exists nowhere."""
        values: dict[str, str] = {}
        for name, annotation in self.path_params.items():
            if name == "ws":
                values[name] = str(ws)
            elif annotation is int:
                values[name] = str(secrets.randbelow(10**9) + 10**9)
            elif annotation is str:
                values[name] = secrets.token_urlsafe(24)
            else:
                values[name] = str(uuid.uuid4())
        return self.path.format(**values)


def endpoints() -> list[Endpoint]:
    """Every (method, path) under /api/v1, with the guards found anywhere in its dependency tree."""
    found: list[Endpoint] = []
    for context in iter_route_contexts(create_api().routes):
        if not isinstance(context.original_route, APIRoute) or not str(context.path).startswith(V1):
            continue
        dependant: Dependant = context.dependant
        tree = [dependant, *_walk(dependant)]
        # The same guard object reached twice (e.g. CurrentUser in a helper dependency too) is one guard.
        guards: dict[int, Guard] = {}
        for sub in tree:
            if isinstance(sub.call, Guard):
                guards[id(sub.call)] = sub.call
        params = {p.name: p.field_info.annotation for d in tree for p in d.path_params}
        for method in sorted(set(context.methods or ()) - IGNORED_METHODS):
            found.append(
                Endpoint(
                    method, str(context.path), tuple(guards.values()), params, context.body_field is not None
                )
            )
    return found


ENDPOINTS = endpoints()
GUARDED = [e for e in ENDPOINTS if len(e.guards) == 1]
WORKSPACE = [e for e in GUARDED if isinstance(e.guard, InWorkspace)]
WORKSPACE_WRITES = [e for e in WORKSPACE if e.permission.writes]
NOT_PUBLIC = [e for e in GUARDED if not (isinstance(e.guard, Guarded) and e.guard.access is Access.PUBLIC)]
ADMIN_ONLY = [e for e in GUARDED if isinstance(e.guard, Guarded) and e.guard.access is Access.PLATFORM_ADMIN]


# --- 1. the route table ---------------------------------------------------------------------------


def test_the_route_table_is_read() -> None:
    """Guards against the checks below passing vacuously because discovery broke."""
    names = {str(e) for e in ENDPOINTS}
    assert {
        "POST /api/v1/auth/login",
        "GET /api/v1/workspaces",
        "GET /api/v1/workspaces/{ws}",
        "POST /api/v1/workspaces/{ws}/transfer-ownership",
    } <= names
    assert len(WORKSPACE) >= 10
    assert WORKSPACE_WRITES
    assert len(NOT_PUBLIC) > len(WORKSPACE)


def test_every_api_route_is_versioned_or_explicitly_excluded() -> None:
    outside = [
        str(context.path)
        for context in iter_route_contexts(create_api().routes)
        if str(context.path).startswith("/api") and not str(context.path).startswith(V1)
    ]
    assert outside  # health and docs exist
    assert [p for p in outside if not p.startswith(EXCLUDED)] == []


def test_every_v1_route_declares_exactly_one_guard() -> None:
    offenders = [
        f"{e}: {[type(g).__name__ + '(' + str(g.access) + ')' for g in e.guards]}"
        for e in ENDPOINTS
        if len(e.guards) != 1
    ]
    assert offenders == [], (
        "each route needs exactly one of PublicCaller, CurrentUser, PlatformAdmin, workspace(...)"
    )


def test_workspace_routes_are_exactly_the_ws_routes() -> None:
    offenders = [str(e) for e in GUARDED if isinstance(e.guard, InWorkspace) != ("{ws}" in e.path)]
    assert offenders == [], "a {ws} path needs workspace(Permission.X), and workspace(...) needs {ws}"


# --- shared setup ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Env:
    container: Container
    api: httpx.AsyncClient
    members: dict[Role, Actor]  # one user per role, each given that role in fresh workspaces
    other_owner: Actor  # owns the workspaces in which the role user is not the owner
    foreign_workspace: UUID  # exists; members[OWNER] is not in it
    read_key: dict[str, str]  # members[OWNER]'s API key with only the read scope

    async def workspace_where(self, role: Role) -> UUID:
        actor = self.members[role]
        members: dict[UUID, Role] = (
            {actor.id: role} if role is Role.OWNER else {self.other_owner.id: Role.OWNER, actor.id: role}
        )
        return await new_workspace(self.container, members)

    async def call(self, endpoint: Endpoint, ws: UUID, headers: dict[str, str] | None) -> httpx.Response:
        body: dict[str, Any] = {"json": {}} if endpoint.has_body else {}
        return await self.api.request(endpoint.method, endpoint.url(ws), headers=headers, **body)


@pytest.fixture(scope="module")
async def env(stack: Stack) -> AsyncIterator[Env]:
    """Users, tokens and one app for the whole module: the matrix then costs a few inserts per case."""
    container = Container(stack_settings(stack))
    app = create_api()
    app.dependency_overrides[get_container] = lambda: container
    transport = httpx.ASGITransport(app=app, client=("10.254.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        members = {role: await new_user(container, name=role.value) for role in Role}
        other_owner = await new_user(container, name="other owner")
        yield Env(
            container=container,
            api=client,
            members=members,
            other_owner=other_owner,
            foreign_workspace=await new_workspace(container, {other_owner.id: Role.OWNER}),
            read_key=await read_only_key(container, members[Role.OWNER].id),
        )
    await container.aclose()


def _outcome(response: httpx.Response) -> str:
    try:
        code = response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = "-"
    return f"{response.status_code} {code}"


# --- 2. role x route ------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", WORKSPACE, ids=str)
async def test_each_role_gets_exactly_its_permissions(env: Env, endpoint: Endpoint) -> None:
    permission = endpoint.permission
    wrong: list[str] = []
    for role in Role:
        ws = await env.workspace_where(role)
        response = await env.call(endpoint, ws, env.members[role].headers)
        if allows(role, permission):
            # Past the guard: a 404 for a made-up id or a 422 for the empty body is fine, a crash is not.
            if response.status_code in (401, 403) or response.status_code >= 500:
                wrong.append(f"{role.value} holds {permission.value} but got {_outcome(response)}")
        elif _outcome(response) != "403 permission_denied":
            wrong.append(f"{role.value} lacks {permission.value} but got {_outcome(response)}")
    assert wrong == []


@pytest.mark.parametrize("endpoint", WORKSPACE_WRITES, ids=str)
async def test_read_only_api_key_is_refused_write_permissions(env: Env, endpoint: Endpoint) -> None:
    ws = await env.workspace_where(Role.OWNER)  # the key's user owns it: only the scope is missing
    response = await env.call(endpoint, ws, env.read_key)
    assert _outcome(response) == "403 insufficient_scope"


# --- 3. isolation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", WORKSPACE, ids=str)
async def test_another_workspace_is_not_found_whether_it_exists_or_not(env: Env, endpoint: Endpoint) -> None:
    headers = env.members[Role.OWNER].headers
    responses = [await env.call(endpoint, ws, headers) for ws in (env.foreign_workspace, uuid.uuid4())]
    assert [_outcome(r) for r in responses] == ["404 workspace_not_found"] * 2
    bodies = [r.json() for r in responses]
    for body in bodies:
        body["error"].pop("request_id")
    assert bodies[0] == bodies[1]
    mine = await env.call(endpoint, await env.workspace_where(Role.OWNER), headers)
    assert _outcome(mine) != "404 workspace_not_found"  # the 404 above is about membership, not the path


# --- 4. credentials -------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", NOT_PUBLIC, ids=str)
async def test_no_credentials_means_401(env: Env, endpoint: Endpoint) -> None:
    response = await env.call(endpoint, uuid.uuid4(), None)
    assert _outcome(response) == "401 unauthenticated"


@pytest.mark.parametrize("endpoint", ADMIN_ONLY, ids=str)
async def test_platform_admin_routes_refuse_other_users(env: Env, endpoint: Endpoint) -> None:
    response = await env.call(endpoint, uuid.uuid4(), env.members[Role.OWNER].headers)
    assert _outcome(response) == "403 permission_denied"
