"""Every documented error of every connector maps to the taxonomy kind PLATFORMS.md gives it."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from shared.platforms.base import DocumentedError, PlatformError, RateLimitedError
from shared.platforms.http import ambiguous_on_create
from shared.platforms.registry import MODULES, module


def _cases() -> list[Any]:
    cases = []
    for platform in MODULES:
        try:
            mod = module(platform)
        except ModuleNotFoundError:
            continue  # a connector not written yet; the catalog test below catches absence
        for index, documented in enumerate(mod.DOCUMENTED_ERRORS):
            cases.append(pytest.param(platform, documented, id=f"{platform}-{index}-{documented.kind}"))
    return cases


def _response(documented: DocumentedError) -> httpx.Response:
    body = documented.body
    content = (
        body
        if isinstance(body, bytes)
        else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
    )
    headers = dict(documented.headers)
    if not isinstance(body, (bytes, str)):
        headers.setdefault("content-type", "application/json")
    return httpx.Response(
        documented.status,
        content=content,
        headers=headers,
        request=httpx.Request("POST", "https://platform.example/x"),
    )


@pytest.mark.parametrize(("platform", "documented"), _cases())
def test_documented_error_maps_to_its_kind(platform: str, documented: DocumentedError) -> None:
    error = module(platform).classify(_response(documented))
    assert isinstance(error, PlatformError), (
        f"{platform}: {documented.note or documented.body} was not an error"
    )
    assert error.kind == documented.kind, f"{platform}: {documented.note}: {error.kind} != {documented.kind}"
    assert error.message
    assert "Bearer" not in error.message
    if isinstance(error, RateLimitedError):
        assert error.reset_at.tzinfo is not None


@pytest.mark.parametrize(("platform", "documented"), _cases())
def test_documented_error_on_a_create_maps_to_its_create_kind(
    platform: str, documented: DocumentedError
) -> None:
    """What the pipeline sees when the call that got this answer was a create (publishing)."""
    mod = module(platform)
    response = _response(documented)
    error = ambiguous_on_create(
        response,
        mod.classify(response),
        creates=True,
        name=mod.NAME,
        idempotent=mod.CAPABILITIES.idempotency_keys,
    )
    assert isinstance(error, PlatformError)
    assert error.kind == documented.create_kind, f"{platform}: {documented.note}: {error.kind}"


def test_a_server_error_on_a_create_is_ambiguous_unless_the_create_is_idempotent() -> None:
    """A proxy's 5xx can come after the platform posted: only an idempotency key makes a repeat safe."""
    for platform in MODULES:
        mod = module(platform)
        on_create = {d.create_kind for d in mod.DOCUMENTED_ERRORS if d.status >= 500}
        assert on_create, f"{platform} documents no server error"
        expected = {"transient"} if mod.CAPABILITIES.idempotency_keys else {"ambiguous"}
        assert on_create == expected, f"{platform}: a 5xx on a create is {on_create}"


def test_every_platform_documents_its_errors() -> None:
    kinds = {"rate_limited", "auth_revoked", "transient"}
    for platform in MODULES:
        try:
            mod = module(platform)
        except ModuleNotFoundError:
            pytest.fail(f"no connector module for {platform}")
        documented = {d.kind for d in mod.DOCUMENTED_ERRORS}
        assert kinds <= documented, f"{platform} documents no {kinds - documented} error"
