"""Every operation has a short, unique, stable id: generated clients are named after them."""

import re

from functions.api import create_api


def test_operation_ids_are_unique_kebab_case_and_start_with_the_resource() -> None:
    spec = create_api().openapi()
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    ]
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) >= 80
    assert len(set(ids)) == len(ids), sorted(i for i in ids if ids.count(i) > 1)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)+", i) for i in ids), [i for i in ids if "_" in i]
    for _, _, op in operations:
        assert op["operationId"].startswith(op["tags"][0] + "-")
    assert {"posts-list", "posts-create", "auth-login", "auth-microsoft-login", "platforms-list"} <= set(ids)


def test_every_guarded_operation_documents_its_guards_answers() -> None:
    spec = create_api().openapi()
    missing = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or not path.startswith("/api/v1/"):
                continue
            responses = op["responses"]
            if "{ws}" in path:
                missing += [f"{method} {path} {s}" for s in ("401", "403", "404") if s not in responses]
    assert missing == []
    assert (
        "workspace_not_found"
        in spec["paths"]["/api/v1/workspaces/{ws}/posts"]["get"]["responses"]["404"]["description"]
    )
