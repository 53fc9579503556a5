"""What the pipeline does when a platform may or may not have published (ARCHITECTURE §3)."""

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import pytest

from shared.domain.posts import TargetStatus
from shared.platforms.base import AmbiguousError, Capabilities, PublishRequest
from shared.services import publishing


class NoLookupConnector:
    """A platform whose posts cannot be read back (no reconcile)."""

    platform = "fake"

    def __init__(self, *, idempotency_keys: bool) -> None:
        self.capabilities = Capabilities(
            max_text_length=100, idempotency_keys=idempotency_keys, reconcile=False
        )


def work(attempt_count: int = 0) -> publishing.Work:
    return publishing.Work(
        uuid4(),
        uuid4(),
        uuid4(),
        uuid4(),
        "fake",
        TargetStatus.PUBLISHING,
        "hi",
        {},
        uuid4(),
        attempt_count,
        None,
        "active",
        [],
    )


async def settle(connector: Any, attempts_left: int) -> tuple[Any, ...]:
    container: Any = SimpleNamespace(connector=lambda platform: connector)
    # A private helper on purpose: the rule itself is what is under test.
    return await publishing._settle_ambiguous(
        container,
        work(),
        PublishRequest(text="hi"),
        datetime.now(UTC),
        error=AmbiguousError("timeout"),
        attempts_left=attempts_left,
    )


async def test_idempotent_platform_is_retried_with_the_same_key() -> None:
    outcome, published, _error, retry_at = await settle(
        NoLookupConnector(idempotency_keys=True), attempts_left=3
    )
    assert outcome is TargetStatus.RETRY_WAIT
    assert published is None
    assert retry_at is not None
    assert retry_at > datetime.now(UTC)


@pytest.mark.parametrize(("keys", "left"), [(False, 3), (True, 0)])
async def test_otherwise_the_target_is_unconfirmed_never_blindly_retried(keys: bool, left: int) -> None:
    outcome, _published, error, retry_at = await settle(
        NoLookupConnector(idempotency_keys=keys), attempts_left=left
    )
    assert outcome is TargetStatus.UNCONFIRMED
    assert retry_at is None
    assert error.code == "unconfirmed"
    assert "posted twice" in error.message


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    first = [publishing.backoff(1).total_seconds() for _ in range(50)]
    fifth = [publishing.backoff(5).total_seconds() for _ in range(50)]
    assert all(7.5 <= s <= 15 for s in first)
    assert all(120 <= s <= 240 for s in fifth)
    assert len(set(first)) > 1
    assert max(publishing.backoff(30).total_seconds() for _ in range(20)) <= 1800
