"""Password policy (NIST SP 800-63B) and hashing (argon2id)."""

from __future__ import annotations

import gzip
import unicodedata
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from shared.domain.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 128
_COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt.gz"

# argon2id with the library's RFC 9106 "low memory" profile: 64 MiB, 3 passes, 4 lanes.
# Changing these makes every stored hash "need rehash", and it is upgraded at the next login.
HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4)


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    """What the unknown-email login path verifies against, so it takes as long as a real one
    (no account enumeration by timing). Made on first use, not at import (cold start)."""
    return HASHER.hash("decoy password never used by anyone 7Qm!")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(_COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def normalize(password: str) -> str:
    """NFKC, as 800-63B asks, so the same password typed on different keyboards matches."""
    return unicodedata.normalize("NFKC", password)


def check_policy(password: str, *, context: tuple[str, ...] = ()) -> None:
    """Raise InvalidInput if the password is too short, too long, common, or made of the context words.

    No composition rules (NIST): length and blocklists are what actually help.
    """
    value = normalize(password)
    if len(value) < MIN_LENGTH:
        raise InvalidInput(f"Use at least {MIN_LENGTH} characters.", code="password_too_short")
    if len(value) > MAX_LENGTH:
        raise InvalidInput(f"Use at most {MAX_LENGTH} characters.", code="password_too_long")
    lowered = value.lower()
    # "baseball1234" is "baseball" with the expected suffix: as guessable as the word itself.
    core = lowered.rstrip("0123456789!@#$%^&*.?-_ ")
    if lowered in common_passwords() or (
        len(core) >= 4 and len(lowered) - len(core) <= 6 and core in common_passwords()
    ):
        raise InvalidInput("This password is too common; choose another.", code="password_too_common")
    words = [w.lower() for w in (*context, "clickkloudy") if len(w) >= 4]
    if any(lowered == w or (w in lowered and len(lowered) - len(w) < 4) for w in words):
        raise InvalidInput(
            "The password is too close to your name, email or the site's name.", code="password_too_common"
        )
    if len(set(lowered)) < 4:
        raise InvalidInput("This password repeats too few characters.", code="password_too_common")


def hash_password(password: str) -> str:
    return HASHER.hash(normalize(password))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Constant work whether or not there is a hash to check."""
    try:
        return HASHER.verify(stored_hash or _decoy_hash(), normalize(password)) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return HASHER.check_needs_rehash(stored_hash)
