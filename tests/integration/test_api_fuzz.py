"""The fuzzer: Schemathesis over the whole OpenAPI of the real app, in process, against the real stack.

A verified user signs up through the API and creates a workspace; every generated request carries that
user's bearer token and, wherever the path has `{ws}`, that workspace's id (other ids are drawn at random
and mostly answer 404). For each operation Schemathesis runs its examples, its coverage cases (the edges
of every parameter, valid and not) and then `MAX_EXAMPLES` random cases, valid and not, derandomized, so
a failure reproduces. Each response must pass three checks: no 5xx, the body matches the documented
schema, and the status code is one the operation documents.

The deployment it fuzzes has every platform turned on and reachable (the platform fakes and the sandbox,
on loopback): one that is off or down answers 503 by design, which says nothing about the API.

No operation is left out, and none can end the fuzzer's session or take its workspace away: changing the
password and deleting the account need the current password, which the fuzzer never sees; logging out
ends the session whose refresh token is sent, and it has none; an owner cannot leave, be removed, or hand
the workspace to a non-member (nobody else is a member); no route deletes a workspace. Signing out
everywhere is the exception, by design: it runs as another user (ENDS_OWN_SESSIONS). The fixture checks
the session still works at the end.

Schemathesis' ASGI transport runs the app on an event loop of its own, so the app gets a container of
its own, closed on that loop; set-up and clean-up use another one, on the test's loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from azure.core.exceptions import ResourceNotFoundError
from azure.storage.blob import BlobServiceClient
from fastapi import FastAPI

from functions.api import create_api
from shared.bootstrap import Container, get_container
from tests.conftest import Stack, stack_settings
from tests.fakes.platforms.everywhere import running_fakes
from tests.integration.harness import signed_in_app
from tests.integration.test_workspaces import new_user
from tools.localstack import provision

MAX_EXAMPLES = 25  # random cases per operation, after its examples and coverage cases
SEED = 20261124
MIN_OPERATIONS = 90  # the API has more; an operation missing from the schema fails `test_every_...`
# Signing out everywhere ends every session of its caller, by design: it is fuzzed as a user of its own,
# whose later cases answer the documented 401 token_revoked.
ENDS_OWN_SESSIONS = frozenset({"POST /api/v1/auth/logout-everywhere"})
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.status_code_conformance,
]

# Loaded once, at import (the schema does not depend on the stack). `test_api` puts the fuzzer's own
# credentials and workspace id into every case.
schema = schemathesis.openapi.from_dict(
    create_api().openapi(),
    config=schemathesis.Config.from_dict(
        {
            "seed": SEED,
            # Hypothesis' only timing-based health check: a busy CI machine must not fail the run.
            "suppress-health-check": ["too_slow"],
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        }
    ),
)
OPERATIONS = frozenset(result.ok().label for result in schema.get_all_operations())


@dataclass
class Tally:
    cases: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def summary(self) -> str:
        seconds = time.monotonic() - self.started
        answers = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        return (
            f"fuzzed {len(self.cases)} operations with {sum(self.cases.values())} cases in {seconds:.0f} s"
            f" ({answers})"
        )


@dataclass(frozen=True)
class Target:
    app: FastAPI
    headers: dict[str, str]
    workspace: str
    bystander_headers: dict[str, str]  # the user ENDS_OWN_SESSIONS run as
    tally: Tally


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def platforms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """Settings of a deployment with every platform on and reachable: the fakes, and the sandbox in a
    process of its own (both serve from their own threads, whatever the test's loop is doing)."""
    from tools.sandbox import manage as sandbox

    root = tmp_path_factory.mktemp("sandbox")
    with running_fakes() as fakes:
        url = sandbox.ensure_running(root, port=free_port())
        try:
            yield {**fakes.settings(), "SANDBOX_MODE": True, "SANDBOX_BASE_URL": url}
        finally:
            sandbox.stop(root)


@pytest.fixture(scope="module")
async def fuzz_target(stack: Stack, platforms: dict[str, object]) -> AsyncIterator[Target]:
    settings = stack_settings(stack, **platforms, PUBLIC_BASE_URL="http://testserver")
    await provision(settings)  # the blob container, queues and Cosmos containers the app sends to
    setup = Container(settings)
    served = Container(settings)
    app = create_api()
    app.dependency_overrides[get_container] = lambda: served
    loops: list[asyncio.AbstractEventLoop] = []

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        loops.append(asyncio.get_running_loop())  # where `served` makes its clients, and must close them
        yield

    app.router.lifespan_context = lifespan
    user_id: Any = None
    try:
        async with signed_in_app(setup, workspace_name="Fuzz") as owner:
            user_id = (await owner.api.get("/api/v1/me", headers=owner.headers)).json()["id"]
            bystander = await new_user(setup)
            yield Target(app, owner.headers, owner.workspace, bystander.headers, Tally())
            after = await owner.api.get(f"/api/v1/workspaces/{owner.workspace}", headers=owner.headers)
            assert after.status_code == 200, f"the fuzzer lost its session or workspace: {after.text}"
    finally:
        if loops:
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(served.aclose(), loops[0]))
        if user_id is not None:
            # Nothing the fuzzer made outlives it: a post it scheduled would otherwise be claimed by the
            # dispatcher of a later test sharing this database.
            pool = await setup.db()
            async with pool.connection() as conn:
                await conn.execute(
                    "DELETE FROM workspaces WHERE id IN"
                    " (SELECT workspace_id FROM memberships WHERE user_id = %s)",
                    (user_id,),
                )
        with contextlib.suppress(ResourceNotFoundError):
            await setup.cosmos.delete_database()
        with contextlib.suppress(ResourceNotFoundError):
            BlobServiceClient.from_connection_string(settings.storage_connection_string).delete_container(
                settings.media_container
            )
        await setup.aclose()


@schema.parametrize()
def test_api(case: schemathesis.Case, fuzz_target: Target) -> None:
    if "ws" in (case.path_parameters or {}):
        case.path_parameters["ws"] = fuzz_target.workspace
    label = case.operation.label
    headers = fuzz_target.bystander_headers if label in ENDS_OWN_SESSIONS else fuzz_target.headers
    fuzz_target.tally.cases[label] += 1
    response = case.call_and_validate(app=fuzz_target.app, headers=headers, checks=CHECKS)
    fuzz_target.tally.statuses[f"{response.status_code // 100}xx"] += 1


def test_every_operation_was_fuzzed(fuzz_target: Target, capsys: pytest.CaptureFixture[str]) -> None:
    """Runs after `test_api`: the fuzzer cannot pass by testing nothing, or by losing operations."""
    with capsys.disabled():
        print(f"\n{fuzz_target.tally.summary()}")
    assert len(OPERATIONS) >= MIN_OPERATIONS, sorted(OPERATIONS)
    assert set(fuzz_target.tally.cases) == OPERATIONS, sorted(OPERATIONS - set(fuzz_target.tally.cases))
