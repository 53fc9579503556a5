"""Text the API takes: every string a request brings must be text PostgreSQL can store.

PostgreSQL text (and jsonb) cannot hold the NUL character (U+0000), and a lone surrogate (U+D800 to
U+DFFF, which JSON's \\u escapes can spell) is not a character at all, so neither can be encoded to UTF-8.
Either would fail deep in a use case, after some of its work was done, as a 500. `storable_text` runs
before every operation and refuses them up front: 422 `validation_failed`, with each field that holds
one in `details` (type `invalid_text`), like any other invalid field.

It reads the path and query parameters the operation declares (others are never used) and the whole of
a JSON or form body (the framework has already parsed it; this reads its cached copy). Uploaded files are
bytes, not text, and are left to the operations that read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.datastructures import UploadFile

from functions.api.bodies import is_json, takes_json

_NOT_STORABLE = re.compile("[\x00\ud800-\udfff]")
ERROR_TYPE = "invalid_text"


def _problem(text: str) -> str | None:
    found = _NOT_STORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "Text cannot contain the NUL character (U+0000)."
    return "Text must be Unicode characters: a lone surrogate (U+D800 to U+DFFF) is not one."


def _walk(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(location, problem) of every string in a parsed JSON value that cannot be stored; keys too."""
    if isinstance(value, str):
        problem = _problem(value)
        if problem:
            yield loc, problem
    elif isinstance(value, dict):
        for key, item in value.items():
            key_problem = _problem(str(key))
            if key_problem:
                yield (*loc, str(key)), key_problem
            yield from _walk(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*loc, index))


def _declared(route: APIRoute) -> tuple[frozenset[str], frozenset[str]]:
    """Names of the path and query parameters the route (and its dependencies) declare."""
    path: set[str] = set()
    query: set[str] = set()
    pending: list[Dependant] = [route.dependant]
    while pending:
        dependant = pending.pop()
        path.update(field.alias for field in dependant.path_params)
        query.update(field.alias for field in dependant.query_params)
        pending.extend(dependant.dependencies)
    return frozenset(path), frozenset(query)


async def _body(request: Request, route: APIRoute) -> Any:
    """The body as the operation will get it (already parsed and cached by the framework), or None."""
    if route.body_field is None:
        return None
    if takes_json(route):
        if not is_json(request.headers.get("content-type")) or not await request.body():
            return None
        return await request.json()
    form = await request.form()
    return {key: value for key, value in form.multi_items() if not isinstance(value, UploadFile)}


async def storable_text(request: Request) -> None:
    """Every operation's first dependency: refuse a request whose text PostgreSQL could not store."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    path_names, query_names = _declared(route)
    found: list[tuple[tuple[str | int, ...], str]] = []
    for name in sorted(path_names):
        found.extend(_walk(request.path_params.get(name), ("path", name)))
    for name in sorted(query_names):
        for value in request.query_params.getlist(name):
            found.extend(_walk(value, ("query", name)))
    found.extend(_walk(await _body(request, route), ("body",)))
    if found:
        raise RequestValidationError(
            [{"loc": loc, "msg": problem, "type": ERROR_TYPE} for loc, problem in found]
        )
