"""Access tokens: what we issue verifies; every forgery and mistake is refused."""

import base64
import json
import time
import uuid

import jwt
import pytest

from shared.config import Settings
from shared.domain.errors import Unauthenticated
from shared.services.tokens import KeyRing, issue_access_token, key_id, verify_access_token

SETTINGS = Settings(ENVIRONMENT="test")  # type: ignore[call-arg]
RING = KeyRing("k" * 48)
USER = uuid.uuid4()


def b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def claims(**overrides: object) -> dict[str, object]:
    now = int(time.time())
    base: dict[str, object] = {
        "iss": SETTINGS.jwt_issuer,
        "aud": SETTINGS.jwt_audience,
        "sub": str(USER),
        "iat": now,
        "exp": now + 900,
        "jti": "j1",
    }
    return {**base, **overrides}


def refused(token: str, code: str = "invalid_token") -> None:
    with pytest.raises(Unauthenticated) as caught:
        verify_access_token(RING, SETTINGS, token)
    assert caught.value.code == code


def test_round_trip_with_required_claims() -> None:
    issued = issue_access_token(RING, SETTINGS, USER)
    header = jwt.get_unverified_header(issued.token)
    assert header == {"alg": "HS256", "kid": key_id(RING.current), "typ": "JWT"}
    verified = verify_access_token(RING, SETTINGS, issued.token)
    assert verified.user_id == USER
    assert verified.expires_at - verified.issued_at == SETTINGS.access_token_ttl_seconds == 900
    assert verified.jti == issued.jti


def test_alg_none_is_refused() -> None:
    token = f"{b64({'alg': 'none', 'kid': key_id(RING.current)})}.{b64(claims())}."
    refused(token)


def test_wrong_key_is_refused() -> None:
    forged = jwt.encode(
        claims(),
        "another-key-of-sufficient-length-000000",
        algorithm="HS256",
        headers={"kid": key_id(RING.current)},
    )
    refused(forged)


def test_unknown_kid_is_refused() -> None:
    refused(jwt.encode(claims(), RING.current, algorithm="HS256", headers={"kid": "nope"}))


def test_other_algorithm_with_our_key_is_refused() -> None:
    ring = KeyRing("k" * 64)  # long enough for HS512, so only the algorithm is wrong
    token = jwt.encode(claims(), ring.current, algorithm="HS512", headers={"kid": key_id(ring.current)})
    with pytest.raises(Unauthenticated, match="not issued by us"):
        verify_access_token(ring, SETTINGS, token)


def test_expired_is_refused_with_its_own_code() -> None:
    old = int(time.time()) - 3600
    token = jwt.encode(
        claims(iat=old, exp=old + 900), RING.current, algorithm="HS256", headers={"kid": key_id(RING.current)}
    )
    refused(token, "token_expired")


def test_wrong_audience_and_issuer_are_refused() -> None:
    for bad in (claims(aud="someone-else"), claims(iss="https://evil.example")):
        refused(jwt.encode(bad, RING.current, algorithm="HS256", headers={"kid": key_id(RING.current)}))


def test_missing_claim_is_refused() -> None:
    without_jti = {k: v for k, v in claims().items() if k != "jti"}
    refused(jwt.encode(without_jti, RING.current, algorithm="HS256", headers={"kid": key_id(RING.current)}))


def test_tampered_payload_is_refused() -> None:
    header, _, signature = issue_access_token(RING, SETTINGS, USER).token.split(".")
    other = b64(claims(sub=str(uuid.uuid4())))
    refused(f"{header}.{other}.{signature}")


def test_garbage_is_refused() -> None:
    refused("not-a-jwt")


def test_rotation_keeps_old_tokens_valid_until_the_old_key_is_dropped() -> None:
    old_ring = KeyRing("o" * 48)
    token = issue_access_token(old_ring, SETTINGS, USER).token
    rotated = KeyRing("n" * 48, previous=("o" * 48,))
    assert verify_access_token(rotated, SETTINGS, token).user_id == USER
    assert jwt.get_unverified_header(issue_access_token(rotated, SETTINGS, USER).token)["kid"] == key_id(
        "n" * 48
    )
    with pytest.raises(Unauthenticated):
        verify_access_token(KeyRing("n" * 48), SETTINGS, token)
