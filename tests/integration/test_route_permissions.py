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
from tools.localstack import provision

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
    container = Container(stack_settings(stack, SANDBOX_MODE=True))  # posts in section 5 go to the sandbox
    await container.cosmos.create_schema()  # analytics routes read it past their guard
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
    await container.cosmos.delete_database()
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


# --- 5. who may change a post: role x author x post state x action -----------------------------------
#
# The expected answers are written here from the rules as people state them, independently of
# `shared/domain/post_rules.py`: viewers act on no post; contributors act only on their own posts,
# and only while nothing has been approved for publishing; editors and above act on every post;
# then the post's state decides. A change by someone who cannot approve, to a post waiting to go out
# in a workspace that requires approval, sends it back for approval.

POST_STATES: dict[str, tuple[str, bool]] = {
    # name → (target status, carries an approval)
    "draft": ("draft", False),
    "rejected": ("draft", False),
    "pending_approval": ("pending_approval", False),
    "scheduled_approved": ("scheduled", True),
    "scheduled_unapproved": ("scheduled", False),  # scheduled before the workspace required approval
    "publishing": ("publishing", True),
    "published": ("published", True),
    "failed": ("failed", True),
    "cancelled": ("cancelled", False),
}
POST_ACTIONS = ("edit", "submit", "approve", "reject", "cancel", "retry", "delete")
ACTION_NEEDS = {
    "edit": Permission.POSTS_DRAFT,
    "submit": Permission.POSTS_DRAFT,
    "approve": Permission.POSTS_APPROVE,
    "reject": Permission.POSTS_APPROVE,
    "cancel": Permission.POSTS_DRAFT,
    "retry": Permission.POSTS_PUBLISH,
    "delete": Permission.POSTS_DRAFT,
}


def expected_answer(  # noqa: PLR0911, PLR0912 - the rules, one line each
    role: Role, own: bool, state: str, action: str
) -> tuple[str, str | None]:
    """(status code and error code, or the post status after success) the rules give."""
    target, approved = POST_STATES[state]
    if not allows(role, ACTION_NEEDS[action]):
        return "403 permission_denied", None
    if role in (Role.CONTRIBUTOR, Role.VIEWER):
        if not own:
            return "403 not_post_author", None
        if approved:
            return "403 post_approved", None
    out = target in ("publishing", "published")
    if action == "edit":
        if out:
            return "409 post_locked", None
        if target == "cancelled":
            return "409 post_cancelled", None
        sends_back = target == "scheduled" and not allows(role, Permission.POSTS_APPROVE)
        after = {"draft": "draft", "pending_approval": "pending_approval", "failed": "failed"}.get(target)
        return "200 -", "pending_approval" if sends_back else (after or "scheduled")
    if action == "submit":
        if target != "draft":
            return "409 not_draft", None
        return "200 -", "scheduled" if allows(role, Permission.POSTS_APPROVE) else "pending_approval"
    if action in ("approve", "reject"):
        if target != "pending_approval":
            return "409 not_pending_approval", None
        return "200 -", "scheduled" if action == "approve" else "draft"
    if action == "cancel":
        if target not in ("draft", "pending_approval", "scheduled"):
            return "409 nothing_to_cancel", None
        return "200 -", "cancelled"
    if action == "retry":
        if target != "failed":
            return "409 nothing_to_retry", None
        return "200 -", None  # scheduled again, or already queued or publishing
    if out:  # delete
        return "409 post_locked", None
    return "204 -", None


@dataclass(frozen=True)
class PostWorld:
    ws: UUID
    account: UUID
    other_author: Actor  # a contributor who wrote the posts that are not the actor's own


@pytest.fixture(scope="module")
async def post_world(env: Env) -> PostWorld:
    await provision(env.container.settings)  # a retry queues its target
    other = await new_user(env.container, name="other contributor")
    members = {env.members[role].id: role for role in Role} | {other.id: Role.CONTRIBUTOR}
    ws = await new_workspace(env.container, members)
    pool = await env.container.db()
    async with pool.connection() as conn:
        await conn.execute("UPDATE workspaces SET approval_required = true WHERE id = %s", (ws,))
        cursor = await conn.execute(
            """INSERT INTO social_accounts (workspace_id, platform, external_id, handle, display_name, status)
               VALUES (%s, 'sandbox', %s, 'matrix', 'Matrix', 'active') RETURNING id""",
            (ws, uuid.uuid4().hex),
        )
        row = await cursor.fetchone()
    assert row is not None
    return PostWorld(ws, row[0], other)


async def _post_in_state(env: Env, world: PostWorld, author: UUID, state: str) -> UUID:
    target, approved = POST_STATES[state]
    post_id = uuid.uuid4()
    pool = await env.container.db()
    async with pool.connection() as conn, conn.transaction():
        await conn.execute(
            """INSERT INTO posts (id, workspace_id, author_id, body, scheduled_at, timezone, approved_by,
                                  approved_at, review_comment)
               VALUES (%s, %s, %s, 'Matrix text', now() + interval '1 day', 'UTC', %s,
                       CASE WHEN %s THEN now() END, %s)""",
            (
                post_id,
                world.ws,
                author,
                env.members[Role.EDITOR].id if approved else None,
                approved,
                "Needs dates" if state == "rejected" else None,
            ),
        )
        await conn.execute(
            """INSERT INTO post_targets (post_id, workspace_id, social_account_id, status, scheduled_at,
                                         publishing_started_at)
               VALUES (%s, %s, %s, %s, now() + interval '1 day', now())""",
            (post_id, world.ws, world.account, target),
        )
    return post_id


async def _act(env: Env, world: PostWorld, role: Role, post_id: UUID, action: str) -> httpx.Response:
    base = f"/api/v1/workspaces/{world.ws}/posts/{post_id}"
    headers = env.members[role].headers
    if action == "edit":
        return await env.api.patch(base, headers=headers, json={"text": f"Changed by {role.value}"})
    if action == "delete":
        return await env.api.delete(base, headers=headers)
    body = {"comment": "Looked at it"} if action in ("approve", "reject") else None
    return await env.api.post(f"{base}/{action}", headers=headers, json=body)


async def _snapshot(env: Env, post_id: UUID) -> tuple[Any, ...] | None:
    pool = await env.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT p.status, p.body, p.scheduled_at, p.approved_by,
                      array_agg(t.status ORDER BY t.id), array_agg(t.scheduled_at ORDER BY t.id)
               FROM posts p JOIN post_targets t ON t.post_id = p.id WHERE p.id = %s GROUP BY p.id""",
            (post_id,),
        )
        return await cursor.fetchone()


async def _audited(env: Env, post_id: UUID, actor: UUID) -> list[str]:
    pool = await env.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT event FROM audit_log"
            " WHERE target_type = 'post' AND target_id = %s AND actor_user_id = %s",
            (str(post_id), actor),
        )
        return [row[0] for row in await cursor.fetchall()]


AUDIT_EVENT = {
    "edit": "post.updated",
    "submit": "post.submitted",
    "approve": "post.approved",
    "reject": "post.rejected",
    "cancel": "post.cancelled",
    "retry": "post.retried",
    "delete": "post.deleted",
}


async def test_who_may_change_a_post_in_every_state(env: Env, post_world: PostWorld) -> None:
    """Every role x (own post or another's) x post state x action, through the real routes: the
    answer is the rule's; a refusal changes nothing and writes no audit entry; an action that
    succeeds leaves the status the rule gives and is in the audit log with who did it."""
    wrong: list[str] = []
    cases = 0
    for role in Role:
        actor = env.members[role]
        for own in (True, False):
            author = actor.id if own else post_world.other_author.id
            for state in POST_STATES:
                for action in POST_ACTIONS:
                    cases += 1
                    post_id = await _post_in_state(env, post_world, author, state)
                    before = await _snapshot(env, post_id)
                    response = await _act(env, post_world, role, post_id, action)
                    outcome, status_after = expected_answer(role, own, state, action)
                    label = f"{role.value} {'own' if own else 'other'} {state} {action}"
                    got = _outcome(response)
                    if got != outcome:
                        wrong.append(f"{label}: expected {outcome}, got {got}")
                        continue
                    audited = await _audited(env, post_id, actor.id)
                    if response.status_code >= 400:
                        if await _snapshot(env, post_id) != before:
                            wrong.append(f"{label}: refused but the post changed")
                        if audited:
                            wrong.append(f"{label}: refused but audited {audited}")
                        continue
                    if AUDIT_EVENT[action] not in audited:
                        wrong.append(f"{label}: not in the audit log ({audited})")
                    if status_after is not None and response.json()["status"] != status_after:
                        wrong.append(f"{label}: status {response.json()['status']}, expected {status_after}")
    assert cases == len(Role) * 2 * len(POST_STATES) * len(POST_ACTIONS)
    assert wrong == []


async def test_a_contributor_edit_of_an_approved_post_never_goes_live_unapproved(
    env: Env, post_world: PostWorld
) -> None:
    """The reported case: an editor approved a contributor's post; the contributor then tries to
    change its text and time. The change is refused and the approved text is what stays scheduled."""
    contributor = env.members[Role.CONTRIBUTOR]
    post_id = await _post_in_state(env, post_world, contributor.id, "pending_approval")
    base = f"/api/v1/workspaces/{post_world.ws}/posts/{post_id}"
    approved = await env.api.post(f"{base}/approve", headers=env.members[Role.EDITOR].headers, json={})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "scheduled"
    later = (approved.json()["scheduled_at"] or "").replace("Z", "+00:00")
    changed = await env.api.patch(
        base, headers=contributor.headers, json={"text": "Unapproved words", "scheduled_at": later}
    )
    assert _outcome(changed) == "403 post_approved"
    for action in ("cancel", "delete"):
        refused = await _act(env, post_world, Role.CONTRIBUTOR, post_id, action)
        assert _outcome(refused) == "403 post_approved"
    current = await env.api.get(base, headers=contributor.headers)
    assert current.json()["text"] == "Matrix text"
    assert current.json()["status"] == "scheduled"
