"""Fault rules of the sandbox platform: validation, consumption, matching and deterministic chance."""

from __future__ import annotations

from typing import Any

import pytest

from tools.sandbox.faults import (
    DEFAULT_DELAY_SECONDS,
    DEFAULT_RESET_AFTER_SECONDS,
    FaultBook,
    FaultKind,
    FaultSpecError,
    draw,
    parse_fault,
)


def _decisions(book: FaultBook, handle: str, n: int, path: str = "/posts") -> list[bool]:
    return [book.take(handle, path) is not None for _ in range(n)]


def test_parse_applies_documented_defaults() -> None:
    fault = parse_fault({"handle": "alice", "kind": "rate_limit"}, "f1")
    assert fault.kind is FaultKind.RATE_LIMIT
    assert fault.path == "/posts"
    assert fault.remaining == 1  # neither count nor probability: fire once
    assert fault.probability is None
    assert fault.seed == 0
    assert fault.reset_after_seconds == DEFAULT_RESET_AFTER_SECONDS == 30
    assert fault.delay_seconds == DEFAULT_DELAY_SECONDS == 5.0


def test_parse_keeps_explicit_values() -> None:
    fault = parse_fault(
        {
            "handle": "*",
            "kind": "slow",
            "probability": 0.25,
            "seed": 7,
            "path": "/media",
            "delay_seconds": 0.5,
            "reset_after_seconds": 3,
        },
        "f9",
    )
    assert (fault.id, fault.handle, fault.kind, fault.path) == ("f9", "*", FaultKind.SLOW, "/media")
    assert fault.remaining is None  # a probability rule without count never runs out
    assert (fault.probability, fault.seed, fault.delay_seconds, fault.reset_after_seconds) == (
        0.25,
        7,
        0.5,
        3,
    )
    assert fault.to_json()["kind"] == "slow"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([], "JSON object"),
        ({"kind": "slow"}, "handle"),
        ({"handle": "", "kind": "slow"}, "handle"),
        ({"handle": "a", "kind": "explode"}, "kind must be one of"),
        ({"handle": "a", "kind": "slow", "path": "/accounts"}, "path must be one of"),
        ({"handle": "a", "kind": "slow", "count": 0}, "count must be at least 1"),
        ({"handle": "a", "kind": "slow", "count": True}, "count must be an integer"),
        ({"handle": "a", "kind": "slow", "count": 1.5}, "count must be an integer"),
        ({"handle": "a", "kind": "slow", "probability": 1.5}, "between 0 and 1"),
        ({"handle": "a", "kind": "slow", "probability": "half"}, "probability must be a number"),
        ({"handle": "a", "kind": "slow", "delay_seconds": -1}, "must not be negative"),
        ({"handle": "a", "kind": "rate_limit", "reset_after_seconds": -1}, "at least 0"),
        ({"handle": "a", "kind": "slow", "probabilty": 0.5}, "unknown field(s): probabilty"),
    ],
)
def test_parse_refuses_bad_specs(payload: Any, message: str) -> None:
    with pytest.raises(FaultSpecError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_fault(payload, "f1")


def test_count_rule_fires_exactly_n_times_then_disappears() -> None:
    book = FaultBook()
    fault = book.add({"handle": "alice", "kind": "server_error", "count": 3})
    assert _decisions(book, "alice", 5) == [True, True, True, False, False]
    assert fault.applied == 3
    assert book.rules() == []


def test_rule_matches_only_its_handle_and_path() -> None:
    book = FaultBook()
    book.add({"handle": "alice", "kind": "server_error", "count": 1, "path": "/media"})
    assert book.take("bob", "/media") is None
    assert book.take("alice", "/posts") is None
    taken = book.take("alice", "/media")
    assert taken is not None
    assert taken.kind is FaultKind.SERVER_ERROR


def test_wildcard_rule_hits_every_handle_and_shares_its_count() -> None:
    book = FaultBook()
    book.add({"handle": "*", "kind": "bad_request", "count": 2})
    assert book.take("alice", "/posts") is not None
    assert book.take("bob", "/posts") is not None
    assert book.take("carol", "/posts") is None


def test_first_registered_rule_wins_and_only_it_is_consumed() -> None:
    book = FaultBook()
    book.add({"handle": "alice", "kind": "rate_limit", "count": 1})
    book.add({"handle": "*", "kind": "server_error", "count": 1})
    first = book.take("alice", "/posts")
    second = book.take("alice", "/posts")
    assert first is not None
    assert second is not None
    assert (first.kind, second.kind) == (FaultKind.RATE_LIMIT, FaultKind.SERVER_ERROR)
    assert book.take("alice", "/posts") is None


def test_draw_is_a_pure_uniform_function_of_its_inputs() -> None:
    values = [draw(42, "alice", i) for i in range(2000)]
    assert values == [draw(42, "alice", i) for i in range(2000)]
    assert all(0.0 <= v < 1.0 for v in values)
    assert 0.45 < sum(values) / len(values) < 0.55
    assert draw(42, "alice", 0) != draw(43, "alice", 0)
    assert draw(42, "alice", 0) != draw(42, "bob", 0)


def test_probability_rule_replays_the_same_decisions_for_the_same_seed() -> None:
    spec = {"handle": "alice", "kind": "server_error", "probability": 0.3, "seed": 11}
    first, second, other_seed = FaultBook(), FaultBook(), FaultBook()
    first.add(spec)
    second.add(spec)
    other_seed.add({**spec, "seed": 12})
    run = _decisions(first, "alice", 200)
    assert run == _decisions(second, "alice", 200)
    assert run != _decisions(other_seed, "alice", 200)
    assert 30 < sum(run) < 90  # about 60 of 200
    assert run == [draw(11, "alice", i) < 0.3 for i in range(200)]


def test_probability_decisions_per_handle_ignore_interleaving() -> None:
    spec = {"handle": "*", "kind": "slow", "probability": 0.5, "seed": 3}
    alone, interleaved = FaultBook(), FaultBook()
    alone.add(spec)
    interleaved.add(spec)
    alice_alone = _decisions(alone, "alice", 50)
    alice_mixed = []
    for _ in range(50):
        interleaved.take("bob", "/posts")
        interleaved.take("bob", "/posts")
        alice_mixed.append(interleaved.take("alice", "/posts") is not None)
    assert alice_alone == alice_mixed


def test_probability_rule_sequence_advances_even_when_an_earlier_rule_fires() -> None:
    # The chance rule's decisions must not depend on whether a count rule was registered before it.
    chance = {"handle": "alice", "kind": "server_error", "probability": 0.5, "seed": 5}
    plain, with_count = FaultBook(), FaultBook()
    plain.add(chance)
    with_count.add({"handle": "alice", "kind": "rate_limit", "count": 3})
    with_count.add(chance)
    expected = _decisions(plain, "alice", 30)
    kinds = [with_count.take("alice", "/posts") for _ in range(30)]
    assert [k is not None and k.kind is FaultKind.RATE_LIMIT for k in kinds[:3]] == [True] * 3
    assert [k is not None for k in kinds[3:]] == expected[3:]


def test_probability_extremes() -> None:
    never, always = FaultBook(), FaultBook()
    never.add({"handle": "a", "kind": "slow", "probability": 0.0, "seed": 1})
    always.add({"handle": "a", "kind": "slow", "probability": 1.0, "seed": 1})
    assert not any(_decisions(never, "a", 100))
    assert all(_decisions(always, "a", 100))


def test_count_caps_a_probability_rule() -> None:
    book = FaultBook()
    fault = book.add({"handle": "a", "kind": "slow", "probability": 0.5, "seed": 9, "count": 4})
    fired = _decisions(book, "a", 200)
    assert sum(fired) == 4
    assert fault.remaining == 0
    assert book.rules() == []


def test_clear_and_ids() -> None:
    book = FaultBook()
    assert [book.add({"handle": "a", "kind": "slow"}).id for _ in range(3)] == ["f1", "f2", "f3"]
    book.clear()
    assert book.take("a", "/posts") is None
    assert book.add({"handle": "a", "kind": "slow"}).id == "f4"  # ids never repeat within a server


def test_an_account_keeps_its_id_on_every_sandbox() -> None:
    import time

    from tools.sandbox.state import Sandbox

    def sandbox() -> Sandbox:
        return Sandbox(token_ttl_seconds=3600, clock=time.time)

    first, _, _ = sandbox().connect("demo.brand", None)
    again, _, _ = sandbox().connect("demo.brand", None)  # a restarted sandbox, or another test's
    other, _, _ = sandbox().connect("demo.news", None)
    assert first.id == again.id
    assert first.id != other.id
    assert first.id.isdigit()
