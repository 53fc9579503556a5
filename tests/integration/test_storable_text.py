"""Text PostgreSQL cannot store (NUL, lone surrogates) is a 422 naming the field, wherever it is sent;
found by the fuzzer as 500s."""

from __future__ import annotations

import httpx

from shared.bootstrap import Container
from shared.domain.permissions import Role
from tests.integration.test_workspaces import new_user, new_workspace

V1 = "/api/v1"


def invalid_fields(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    return [d["field"] for d in error["details"] if d["type"] == "invalid_text"]


async def test_a_nul_in_a_json_body_is_refused_before_anything_is_stored(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner = await new_user(container)
    created = await api.post(f"{V1}/workspaces", json={"name": "Tea\u0000room"}, headers=owner.headers)
    assert invalid_fields(created) == ["body.name"]
    assert "U+0000" in created.json()["error"]["details"][0]["message"]
    listed = await api.get(f"{V1}/workspaces", headers=owner.headers)
    assert listed.json()["items"] == []


async def test_a_lone_surrogate_and_a_nul_in_nested_values_and_keys(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner = await new_user(container)
    ws = await new_workspace(container, {owner.id: Role.OWNER})
    body = '{"text": "ok", "draft": true, "targets": [], "tags": ["\\ud800"], "extra": {"k\\u0000": 1}}'
    response = await api.post(
        f"{V1}/workspaces/{ws}/posts",
        content=body.encode(),
        headers={**owner.headers, "Content-Type": "application/json"},
    )
    assert invalid_fields(response) == ["body.tags.0", "body.extra.k\u0000"]


async def test_a_nul_in_a_declared_query_or_path_parameter_is_refused(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner = await new_user(container)
    ws = await new_workspace(container, {owner.id: Role.OWNER})
    posts = await api.get(f"{V1}/workspaces/{ws}/posts?platform=x%00", headers=owner.headers)
    assert invalid_fields(posts) == ["query.platform"]
    profile = await api.get(f"{V1}/profiles/a%00b")
    assert invalid_fields(profile) == ["path.handle"]


async def test_a_nul_in_a_query_parameter_the_operation_does_not_take_is_ignored(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner = await new_user(container)
    response = await api.get(f"{V1}/me?unknown=%00", headers=owner.headers)
    assert response.status_code == 200, response.text
