"""The webhook contract that receivers code against: signature, body, retry schedule, URL rules.

The verifier here is written from the README, not from our signing code, so a change to either side
that breaks receivers fails here.
"""

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from shared.adapters.egress import EgressGuard
from shared.domain.errors import InvalidInput
from shared.services import webhooks
from shared.services.notifications import failure_text

SECRET = "whsec_" + "k" * 43
BODY = b'{"id":"e","type":"post.published","created_at":"2026-01-01T00:00:00Z","data":{}}'


def readme_verify(secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """README, "Verifying a delivery": split on commas, HMAC-SHA256 of f"{t}.{body}" keyed with the
    whole secret, constant-time compare with any v1, refuse timestamps more than 5 minutes away."""
    fields = [item.split("=", 1) for item in header.split(",")]
    timestamps = [int(value) for key, value in fields if key == "t"]
    candidates = [value for key, value in fields if key == "v1"]
    if len(timestamps) != 1 or abs(now - timestamps[0]) > tolerance:
        return False
    expected = hmac.new(
        secret.encode(), str(timestamps[0]).encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)


def test_signature_header_has_the_documented_shape() -> None:
    header = webhooks.signature_header(SECRET, 1_767_225_600, BODY)
    t, v1 = header.split(",")
    assert t == "t=1767225600"
    assert v1.startswith("v1=")
    assert len(v1) == len("v1=") + 64
    assert int(v1[3:], 16) >= 0  # hex


def test_a_receiver_following_the_readme_accepts_it() -> None:
    header = webhooks.signature_header(SECRET, 1_767_225_600, BODY)
    assert readme_verify(SECRET, header, BODY, now=1_767_225_600 + 10)


@pytest.mark.parametrize(
    ("secret", "body", "now"),
    [
        ("whsec_" + "x" * 43, BODY, 1_767_225_600),  # another webhook's secret
        (SECRET, BODY.replace(b"post.published", b"post.failed"), 1_767_225_600),  # body changed
        (SECRET, BODY + b"\n", 1_767_225_600),  # even one byte
        (SECRET, BODY, 1_767_225_600 + 301),  # replayed later
        (SECRET[len("whsec_") :], BODY, 1_767_225_600),  # the prefix is part of the key
    ],
)
def test_a_receiver_refuses_anything_else(secret: str, body: bytes, now: int) -> None:
    header = webhooks.signature_header(SECRET, 1_767_225_600, BODY)
    assert not readme_verify(secret, header, body, now=now)


def test_the_timestamp_is_signed_too() -> None:
    header = webhooks.signature_header(SECRET, 1_767_225_600, BODY)
    forged = header.replace("t=1767225600", "t=1767229200")
    assert not readme_verify(SECRET, forged, BODY, now=1_767_229_200)


OLD_SECRET = "whsec_" + "o" * 43


def test_during_a_rotation_both_secrets_sign() -> None:
    header = webhooks.signature_header(SECRET, 1_767_225_600, BODY, previous=OLD_SECRET)
    t, new, old = header.split(",")
    assert t == "t=1767225600"
    assert new == webhooks.signature_header(SECRET, 1_767_225_600, BODY).split(",")[1]  # the new one first
    assert old == webhooks.signature_header(OLD_SECRET, 1_767_225_600, BODY).split(",")[1]
    # A receiver following the README accepts it whichever of the two secrets it holds...
    assert readme_verify(SECRET, header, BODY, now=1_767_225_600)
    assert readme_verify(OLD_SECRET, header, BODY, now=1_767_225_600)
    # ...and no other.
    assert not readme_verify("whsec_" + "x" * 43, header, BODY, now=1_767_225_600)


def test_without_a_previous_secret_there_is_one_signature() -> None:
    assert webhooks.signature_header(SECRET, 1, BODY, previous=None) == webhooks.signature_header(
        SECRET, 1, BODY
    )


def test_secrets_are_prefixed_random_and_long() -> None:
    first, second = webhooks.new_secret(), webhooks.new_secret()
    assert first != second
    assert first.startswith("whsec_")
    assert len(first) == len("whsec_") + 43  # token_urlsafe(32): 256 bits


def test_the_body_is_the_documented_envelope() -> None:
    event_id = UUID("00000000-0000-4000-8000-000000000001")
    created = datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=UTC)
    body = webhooks.envelope(event_id, "post.failed", created, {"post_id": "p", "error": {"code": "x"}})
    assert b" " not in body  # compact: what is signed is exactly what is sent
    assert json.loads(body) == {
        "id": str(event_id),
        "type": "post.failed",
        "created_at": "2026-01-02T03:04:05.600000Z",
        "data": {"post_id": "p", "error": {"code": "x"}},
    }


def test_retries_follow_the_schedule_with_bounded_jitter() -> None:
    assert webhooks.MAX_ATTEMPTS == 6
    expected = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
    expected.append(timedelta(hours=6))
    for attempts_made, base in enumerate(expected, start=1):
        waits = {webhooks.retry_delay(attempts_made) for _ in range(50)}
        assert all(w is not None and base * 0.9 <= w <= base * 1.1 for w in waits)
        assert len(waits) > 1  # jittered, so a burst that failed together does not retry together
    assert webhooks.retry_delay(6) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com/clickkloudy",
        "https://example.com:8443/a?b=c",
        "http://127.0.0.1:9000/hook",
        "http://localhost/hook",
    ],
)
def test_development_accepts_https_and_local_http(url: str) -> None:
    assert webhooks.check_url(f"  {url} ", development=True) == url


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://example.com/hook", "webhook_url_not_https"),
        ("http://10.0.0.1/hook", "webhook_url_not_https"),
        ("ftp://example.com/hook", "invalid_webhook_url"),
        ("example.com/hook", "invalid_webhook_url"),
        ("https://user:secret@example.com/hook", "invalid_webhook_url"),
        ("https://example.com/hook#x", "invalid_webhook_url"),
        ("https://example.com:99999/hook", "invalid_webhook_url"),
        ("https://example.com/" + "a" * 2048, "invalid_webhook_url"),
    ],
)
def test_development_refuses(url: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        webhooks.check_url(url, development=True)
    assert refused.value.code == code


def test_production_refuses_http_even_to_loopback() -> None:
    with pytest.raises(InvalidInput) as refused:
        webhooks.check_url("http://127.0.0.1:9000/hook", development=False)
    assert refused.value.code == "webhook_url_not_https"


async def _no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host} should be judged without resolving it")


@pytest.mark.parametrize(
    "url",
    [
        "https://localhost/hook",
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/metadata",
        "https://[::1]/hook",
        "https://printer.local/hook",
        "https://2130706433/hook",
    ],
)
async def test_where_a_url_points_is_the_egress_guards_call(url: str) -> None:
    """The URL rules pass these (https, well formed); the egress guard that create_webhook asks next
    refuses them, in every environment (development lets through only EGRESS_ALLOW_HOSTS)."""
    assert webhooks.check_url(url, development=False) == url
    with pytest.raises(InvalidInput) as refused:
        await EgressGuard(resolver=_no_dns).check_url(url)
    assert refused.value.code == "host_not_allowed"


def test_production_accepts_public_https() -> None:
    assert (
        webhooks.check_url("https://hooks.example.com/x", development=False) == "https://hooks.example.com/x"
    )
    assert webhooks.check_url("https://8.8.8.8/x", development=False) == "https://8.8.8.8/x"


def test_events_are_deduplicated_and_checked() -> None:
    assert webhooks.check_events(["post.failed", "post.published", "post.failed"]) == [
        "post.failed",
        "post.published",
    ]
    for events in ([], ["post.deleted"], ["post.failed", "nope"]):
        with pytest.raises(InvalidInput) as refused:
            webhooks.check_events(events)
        assert refused.value.code == "invalid_events"


def test_the_failure_email_counts_the_other_accounts() -> None:
    assert failure_text("Rejected: policy", 0) == "Rejected: policy"
    assert failure_text("Rejected: policy", 1) == "Rejected: policy (and 1 more account)"
    assert failure_text("Rejected: policy", 4) == "Rejected: policy (and 4 more accounts)"
    assert failure_text("", 0) == "The platform did not accept the post."
