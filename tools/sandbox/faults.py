"""Fault rules for the sandbox platform: what to break, for whom, how often.

The publish pipeline has to survive rate limits, outages, lost responses and revoked tokens, and those
only happen on demand in a fake. A rule names a kind of failure, the account it hits (or ``*``), the
endpoint, and either a count ("the next N requests") or a probability. Probabilities are drawn from a
hash of (seed, handle, position in that handle's request sequence) rather than from a shared random
generator, so a chaos run replays the same failures on the same requests of each account however the
requests of different accounts interleave, and a failing run can be reproduced from its seed.

This module is pure (no aiohttp, no clock) so the selection logic is unit-testable in isolation.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "ANY_HANDLE",
    "FAULT_PATHS",
    "Fault",
    "FaultBook",
    "FaultKind",
    "FaultSpecError",
    "draw",
    "parse_fault",
]

ANY_HANDLE = "*"
# POST /posts, POST /media, POST /oauth/token, and both GET /metrics/... calls.
FAULT_PATHS = ("/posts", "/media", "/oauth/token", "/metrics")
DEFAULT_PATH = "/posts"
DEFAULT_RESET_AFTER_SECONDS = 30
DEFAULT_DELAY_SECONDS = 5.0
_FIELDS = frozenset(
    {"handle", "kind", "count", "probability", "seed", "path", "reset_after_seconds", "delay_seconds"}
)


class FaultKind(StrEnum):
    """The failures a platform inflicts on a publisher, each with a distinct correct reaction."""

    RATE_LIMIT = "rate_limit"
    SERVER_ERROR = "server_error"
    SLOW = "slow"
    TIMEOUT_AFTER_ACCEPT = "timeout_after_accept"
    EXPIRED_TOKEN = "expired_token"
    BAD_REQUEST = "bad_request"


class FaultSpecError(ValueError):
    """A fault request that cannot be honoured; the message says which field and why."""


@dataclass
class Fault:
    """One registered rule. ``remaining`` is None for an unbounded probability rule."""

    id: str
    handle: str
    kind: FaultKind
    path: str
    remaining: int | None
    probability: float | None
    seed: int
    reset_after_seconds: int
    delay_seconds: float
    applied: int = 0
    # Matching requests seen so far, per handle: the position fed to `draw`.
    sequence: dict[str, int] = field(default_factory=dict)

    def matches(self, handle: str, path: str) -> bool:
        return self.path == path and self.handle in (ANY_HANDLE, handle)

    @property
    def exhausted(self) -> bool:
        return self.remaining is not None and self.remaining <= 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "handle": self.handle,
            "kind": self.kind.value,
            "path": self.path,
            "remaining": self.remaining,
            "probability": self.probability,
            "seed": self.seed,
            "reset_after_seconds": self.reset_after_seconds,
            "delay_seconds": self.delay_seconds,
            "applied": self.applied,
        }


def draw(seed: int, handle: str, position: int) -> float:
    """A uniform number in [0, 1) that depends only on its arguments.

    blake2b rather than ``hash()`` (salted per process) or ``random.Random`` (one shared stream):
    the same seed must give the same failures in every process and for every interleaving.
    """
    digest = hashlib.blake2b(f"{seed}:{handle}:{position}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2.0**64


def _int_or_none(payload: Mapping[str, Any], name: str, minimum: int) -> int | None:
    value = payload.get(name)
    if value is None:
        return None
    # bool is an int subclass; `"count": true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise FaultSpecError(f"{name} must be an integer")
    if value < minimum:
        raise FaultSpecError(f"{name} must be at least {minimum}")
    return value


def _float_or_none(payload: Mapping[str, Any], name: str) -> float | None:
    value = payload.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FaultSpecError(f"{name} must be a number")
    return float(value)


def parse_fault(payload: object, fault_id: str) -> Fault:
    """Validate a ``POST /_control/faults`` body into a rule.

    ``count`` and ``probability`` may be combined ("with probability p, at most N times"); with
    neither, the rule fires once, which is what someone poking at the sandbox by hand expects.
    Unknown fields are refused so a misspelt ``probabilty`` cannot silently become "fire once".
    """
    if not isinstance(payload, Mapping):
        raise FaultSpecError("the body must be a JSON object")
    unknown = sorted(set(payload) - _FIELDS)
    if unknown:
        raise FaultSpecError(f"unknown field(s): {', '.join(unknown)}")
    handle = payload.get("handle")
    if not isinstance(handle, str) or not handle:
        raise FaultSpecError('handle must be an account handle or "*"')
    try:
        kind = FaultKind(str(payload.get("kind")))
    except ValueError:
        raise FaultSpecError(f"kind must be one of {', '.join(k.value for k in FaultKind)}") from None
    path = payload.get("path", DEFAULT_PATH)
    if path not in FAULT_PATHS:
        raise FaultSpecError(f"path must be one of {', '.join(FAULT_PATHS)}")
    probability = _float_or_none(payload, "probability")
    if probability is not None and not 0.0 <= probability <= 1.0:
        raise FaultSpecError("probability must be between 0 and 1")
    count = _int_or_none(payload, "count", minimum=1)
    if count is None and probability is None:
        count = 1
    seed = _int_or_none(payload, "seed", minimum=-(2**63))
    reset_after = _int_or_none(payload, "reset_after_seconds", minimum=0)
    delay = _float_or_none(payload, "delay_seconds")
    if delay is not None and delay < 0:
        raise FaultSpecError("delay_seconds must not be negative")
    return Fault(
        id=fault_id,
        handle=handle,
        kind=kind,
        path=str(path),
        remaining=count,
        probability=probability,
        seed=0 if seed is None else seed,
        reset_after_seconds=DEFAULT_RESET_AFTER_SECONDS if reset_after is None else reset_after,
        delay_seconds=DEFAULT_DELAY_SECONDS if delay is None else delay,
    )


class FaultBook:
    """The active rules, in the order they were added; the first rule that fires wins.

    Every matching probability rule advances its per-handle position on every matching request,
    whether or not it (or an earlier rule) fires, so a rule's decisions depend only on its seed and
    the account's request sequence, never on which other rules happen to be registered.
    """

    def __init__(self) -> None:
        self._rules: list[Fault] = []
        self._next_id = 1

    def add(self, payload: object) -> Fault:
        fault = parse_fault(payload, f"f{self._next_id}")
        self._next_id += 1
        self._rules.append(fault)
        return fault

    def rules(self) -> list[Fault]:
        return list(self._rules)

    def clear(self) -> None:
        self._rules.clear()

    def take(self, handle: str, path: str) -> Fault | None:
        """Decide the fault (if any) for one request and consume it."""
        if not self._rules:
            return None
        chosen: Fault | None = None
        for rule in self._rules:
            if not rule.matches(handle, path):
                continue
            fires = True
            if rule.probability is not None:
                position = rule.sequence.get(handle, 0)
                rule.sequence[handle] = position + 1
                fires = draw(rule.seed, handle, position) < rule.probability
            if chosen is None and fires and not rule.exhausted:
                chosen = rule
        if chosen is None:
            return None
        chosen.applied += 1
        if chosen.remaining is not None:
            chosen.remaining -= 1
            if chosen.remaining <= 0:
                self._rules.remove(chosen)
        return chosen
