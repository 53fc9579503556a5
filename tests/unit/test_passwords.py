import pytest

from shared.domain.errors import InvalidInput
from shared.services import passwords


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("eleven-char", "password_too_short"),
        ("x" * 129, "password_too_long"),
        ("iloveyou1234", "password_too_common"),
        ("Password1234!", "password_too_common"),
        ("aaaabbbbaaaabbbb", "password_too_common"),
        ("ada.lovelace99", "password_too_common"),
    ],
)
def test_policy_refuses(password: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        passwords.check_policy(password, context=("ada.lovelace", "Ada Lovelace"))
    assert caught.value.code == code


@pytest.mark.parametrize(
    "password", ["plum-orbit-canvas-42", "correct horse battery staple", "ÄÖÜ-lang-passphrase"]
)
def test_policy_accepts_long_uncommon_passwords_without_composition_rules(password: str) -> None:
    passwords.check_policy(password, context=("ada", "Ada"))


def test_length_counts_characters_after_normalisation() -> None:
    # "ﬁ" (one ligature character) normalises to "fi": NFKC before counting and hashing.
    assert passwords.normalize("ﬁ") == "fi"
    hashed = passwords.hash_password("ﬁne-long-passphrase")
    assert passwords.verify_password(hashed, "fine-long-passphrase")


def test_hash_is_argon2id_and_verifies() -> None:
    hashed = passwords.hash_password("plum-orbit-canvas-42")
    assert hashed.startswith("$argon2id$")
    assert passwords.verify_password(hashed, "plum-orbit-canvas-42")
    assert not passwords.verify_password(hashed, "plum-orbit-canvas-43")
    assert not passwords.verify_password(None, "anything-at-all-123")
    assert not passwords.verify_password("not-a-hash", "anything-at-all-123")


def test_weaker_parameters_need_rehash() -> None:
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("plum-orbit-canvas-42")
    assert passwords.needs_rehash(old)
    assert not passwords.needs_rehash(passwords.hash_password("plum-orbit-canvas-42"))
