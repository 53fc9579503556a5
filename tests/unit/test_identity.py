"""The verified-address rule every service applies the same way."""

from uuid import uuid4

import pytest

from shared.domain.errors import PermissionDenied
from shared.domain.identity import EMAIL_NOT_VERIFIED, AuthMethod, Principal, ensure_verified


def test_a_principal_is_unverified_unless_built_as_verified() -> None:
    principal = Principal(uuid4(), is_platform_admin=False, method=AuthMethod.BEARER)
    with pytest.raises(PermissionDenied) as refused:
        ensure_verified(principal)
    assert refused.value.code == "email_not_verified"
    assert refused.value.message == EMAIL_NOT_VERIFIED


@pytest.mark.parametrize("method", list(AuthMethod))
def test_a_verified_principal_passes_whatever_the_way_in(method: AuthMethod) -> None:
    ensure_verified(Principal(uuid4(), is_platform_admin=False, method=method, email_verified=True))


def test_being_a_platform_admin_does_not_stand_in_for_verification() -> None:
    with pytest.raises(PermissionDenied):
        ensure_verified(Principal(uuid4(), is_platform_admin=True, method=AuthMethod.API_KEY))
