"""The pure rules of Sign in with Microsoft: which claims we accept, whose email we trust, where we land."""

from __future__ import annotations

from typing import Any

import pytest

from shared.adapters.msal_client import (
    MsalSignInClient,
    discovery_url,
    expected_issuer,
    is_microsoft_authority,
)
from shared.bootstrap import Container
from shared.config import Settings
from shared.domain.errors import (
    DependencyUnavailable,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from shared.services.microsoft_sign_in import allowed_tenants, provider_for, read_claims, safe_next_path

TENANT = "72F988BF-86F1-41AF-91AB-2D7CD011DB47"
NOBODY: frozenset[str] = frozenset()


def claims(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "tid": TENANT,
        "oid": "00000000-0000-0000-0000-00000000000a",
        "sub": "pairwise-subject",
        "email": "Ada.Lovelace@Contoso.COM",
        "name": "  Ada Lovelace ",
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def test_reads_a_complete_token() -> None:
    identity = read_claims(claims(email_verified=True), allowed=NOBODY)
    assert identity.tenant_id == TENANT.lower()
    assert identity.subject == "00000000-0000-0000-0000-00000000000a"
    assert identity.email == "Ada.Lovelace@contoso.com"
    assert identity.email_trusted is True
    assert identity.name == "Ada Lovelace"


def test_falls_back_to_sub_without_oid() -> None:
    assert read_claims(claims(oid=None), allowed=NOBODY).subject == "pairwise-subject"


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"tid": None}, ["tid"]),
        ({"tid": "  "}, ["tid"]),
        ({"oid": None, "sub": None}, ["oid"]),
        ({"oid": 7, "sub": ""}, ["oid"]),
    ],
)
def test_refuses_tokens_without_tenant_or_subject(overrides: dict[str, Any], missing: list[str]) -> None:
    with pytest.raises(Unauthenticated) as raised:
        read_claims(claims(**overrides), allowed=NOBODY)
    assert raised.value.code == "missing_claims"
    assert raised.value.details == {"missing": missing}


def test_allow_list_refuses_other_tenants_and_accepts_listed_ones_in_any_case() -> None:
    listed = allowed_tenants(f" {TENANT.lower()} ,other-tenant,,")
    assert listed == frozenset({TENANT.lower(), "other-tenant"})
    assert read_claims(claims(), allowed=listed).tenant_id == TENANT.lower()
    with pytest.raises(PermissionDenied) as raised:
        read_claims(claims(tid="11111111-1111-1111-1111-111111111111"), allowed=listed)
    assert raised.value.code == "tenant_not_allowed"


def test_empty_allow_list_admits_any_tenant() -> None:
    assert allowed_tenants("") == NOBODY
    assert allowed_tenants(" , ") == NOBODY
    assert read_claims(claims(tid="any-tenant"), allowed=NOBODY).tenant_id == "any-tenant"


@pytest.mark.parametrize(
    ("overrides", "allowed", "trusted"),
    [
        ({}, NOBODY, False),  # Entra lets any tenant type any address: not evidence on its own
        ({"email_verified": False}, NOBODY, False),
        ({"email_verified": "false"}, NOBODY, False),
        ({"email_verified": True}, NOBODY, True),
        ({"xms_edov": True}, NOBODY, True),
        ({"xms_edov": "1"}, NOBODY, True),
        ({}, frozenset({TENANT.lower()}), True),  # a listed tenant's directory is trusted
    ],
)
def test_email_is_trusted_only_with_evidence(
    overrides: dict[str, Any], allowed: frozenset[str], trusted: bool
) -> None:
    assert read_claims(claims(**overrides), allowed=allowed).email_trusted is trusted


def test_preferred_username_stands_in_for_email_but_only_listed_tenants_vouch_for_it() -> None:
    token = claims(email=None, preferred_username="ada@contoso.com", email_verified=True)
    anywhere = read_claims(token, allowed=NOBODY)
    assert anywhere.email == "ada@contoso.com"
    assert anywhere.email_trusted is False
    assert read_claims(token, allowed=frozenset({TENANT.lower()})).email_trusted is True


@pytest.mark.parametrize("email", [None, "", "not-an-email", 42, "a@b"])
def test_unusable_email_is_no_email(email: Any) -> None:
    identity = read_claims(
        claims(email=email, preferred_username="also not one", email_verified=True), allowed=NOBODY
    )
    assert identity.email is None
    assert identity.email_trusted is False


def test_display_name_falls_back_to_the_email_and_is_bounded() -> None:
    assert read_claims(claims(name=None), allowed=NOBODY).name == "Ada.Lovelace"
    assert read_claims(claims(name="x" * 300), allowed=NOBODY).name == "x" * 100


@pytest.mark.parametrize(
    ("value", "expected"), [(None, "/"), ("", "/"), ("/", "/"), ("/posts?tab=1#top", "/posts?tab=1#top")]
)
def test_next_accepts_paths_on_this_site(value: str | None, expected: str) -> None:
    assert safe_next_path(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "posts",
        "javascript:alert(1)",
        "/a b",
        "/a\tb",
        "/a\nb",
        "/" + "x" * 600,
    ],
)
def test_next_refuses_anything_that_could_leave_the_site(value: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        safe_next_path(value)
    assert raised.value.code == "invalid_next"


@pytest.mark.parametrize(
    ("authority", "microsoft", "discovery"),
    [
        (
            "https://login.microsoftonline.com/organizations",
            True,
            "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
        ),
        (
            "https://contoso.ciamlogin.com/contoso.onmicrosoft.com/",
            True,
            "https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration",
        ),
        (
            "https://127.0.0.1:8443/tenant/v2.0",
            False,
            "https://127.0.0.1:8443/tenant/v2.0/.well-known/openid-configuration",
        ),
        (
            "https://evil-ciamlogin.com/t",
            False,
            "https://evil-ciamlogin.com/t/.well-known/openid-configuration",
        ),
    ],
)
def test_authority_kinds(authority: str, microsoft: bool, discovery: str) -> None:
    assert is_microsoft_authority(authority) is microsoft
    assert discovery_url(authority) == discovery


def test_multi_tenant_issuer_is_filled_from_the_token() -> None:
    template = "https://login.microsoftonline.com/{tenantid}/v2.0"
    assert expected_issuer(template, {"tid": "abc"}) == "https://login.microsoftonline.com/abc/v2.0"
    assert expected_issuer("https://idp.example/t/v2.0", {"tid": "abc"}) == "https://idp.example/t/v2.0"


@pytest.mark.parametrize(
    "authority", ["http://login.microsoftonline.com/common", "https://login.microsoftonline.com", ""]
)
def test_client_refuses_authorities_msal_cannot_use(authority: str) -> None:
    async def secret() -> str:
        return "s"

    with pytest.raises(ValueError, match="authority"):
        MsalSignInClient(client_id="c", authority=authority, client_secret=secret)


def test_one_msal_client_per_container_and_none_when_switched_off() -> None:
    on = Container(Settings(MICROSOFT_CLIENT_ID="client", MICROSOFT_CLIENT_SECRET="s"))
    provider = provider_for(on)
    assert isinstance(provider, MsalSignInClient)
    assert provider_for(on) is provider
    assert provider_for(Container(Settings(MICROSOFT_CLIENT_ID="client"))) is not provider
    with pytest.raises(NotFound) as raised:
        provider_for(Container(Settings(MICROSOFT_CLIENT_ID="")))
    assert raised.value.code == "microsoft_sign_in_disabled"


def test_an_unusable_authority_is_reported_as_an_outage() -> None:
    container = Container(Settings(MICROSOFT_CLIENT_ID="client", MICROSOFT_AUTHORITY="http://idp.example/t"))
    with pytest.raises(DependencyUnavailable) as raised:
        provider_for(container)
    assert raised.value.code == "microsoft_unavailable"
