"""The post rules without I/O: who may act, what a change does to approval, what a post shows, and
how a requested time becomes an instant."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from shared.domain.errors import InvalidInput
from shared.domain.permissions import Role
from shared.domain.post_rules import PostAction, PostFacts, after_change, may, needs_approval
from shared.domain.posts import Ambiguity, TargetStatus, check_not_past, post_status, resolve_schedule

ME, SOMEONE = uuid4(), uuid4()
S = TargetStatus


def facts(*states: TargetStatus, author=ME, approved: bool = False) -> PostFacts:  # type: ignore[no-untyped-def]
    return PostFacts(author_id=author, states=frozenset(states), approved=approved)


def code(role: Role, post: PostFacts, action: PostAction) -> str | None:
    refusal = may(role, ME, post, action)
    return None if refusal is None else refusal.code


def test_viewers_act_on_no_post_not_even_their_own() -> None:
    for action in PostAction:
        assert code(Role.VIEWER, facts(S.DRAFT), action) == "permission_denied"


def test_contributors_act_only_on_their_own_posts_until_approved() -> None:
    assert code(Role.CONTRIBUTOR, facts(S.DRAFT), PostAction.EDIT) is None
    assert code(Role.CONTRIBUTOR, facts(S.DRAFT, author=SOMEONE), PostAction.EDIT) == "not_post_author"
    assert code(Role.CONTRIBUTOR, facts(S.PENDING_APPROVAL), PostAction.CANCEL) is None
    approved = facts(S.SCHEDULED, approved=True)
    for action in (PostAction.EDIT, PostAction.CANCEL, PostAction.DELETE):
        assert code(Role.CONTRIBUTOR, approved, action) == "post_approved"
    # Released without an approval (a workspace that did not require one): still theirs.
    assert code(Role.CONTRIBUTOR, facts(S.SCHEDULED), PostAction.EDIT) is None
    # Approving, rejecting and retrying are not theirs at all.
    for action in (PostAction.APPROVE, PostAction.REJECT, PostAction.RETRY):
        assert code(Role.CONTRIBUTOR, facts(S.PENDING_APPROVAL), action) == "permission_denied"


def test_editors_act_on_every_post_within_what_its_state_allows() -> None:
    other = facts(S.SCHEDULED, author=SOMEONE, approved=True)
    assert code(Role.EDITOR, other, PostAction.EDIT) is None
    assert code(Role.EDITOR, facts(S.PUBLISHED, author=SOMEONE), PostAction.EDIT) == "post_locked"
    assert code(Role.EDITOR, facts(S.PROCESSING, author=SOMEONE), PostAction.DELETE) == "post_locked"
    assert code(Role.EDITOR, facts(S.UNCONFIRMED, author=SOMEONE), PostAction.DELETE) == "post_locked"
    assert code(Role.EDITOR, facts(S.SCHEDULED), PostAction.APPROVE) == "not_pending_approval"
    assert code(Role.EDITOR, facts(S.PUBLISHED), PostAction.RETRY) == "nothing_to_retry"
    assert code(Role.EDITOR, facts(S.FAILED, S.PUBLISHED), PostAction.RETRY) is None
    assert code(Role.EDITOR, facts(S.PUBLISHED, S.CANCELLED), PostAction.CANCEL) == "nothing_to_cancel"
    assert code(Role.EDITOR, facts(S.CANCELLED), PostAction.EDIT) == "post_cancelled"
    assert code(Role.OWNER, facts(S.SCHEDULED), PostAction.SUBMIT) == "not_draft"


def test_a_change_by_someone_who_cannot_approve_sends_a_waiting_post_back() -> None:
    waiting = facts(S.SCHEDULED, S.QUEUED)
    assert after_change(Role.CONTRIBUTOR, waiting, approval_required=True) is S.PENDING_APPROVAL
    assert after_change(Role.CONTRIBUTOR, waiting, approval_required=False) is None
    assert after_change(Role.EDITOR, waiting, approval_required=True) is None
    assert after_change(Role.CONTRIBUTOR, facts(S.DRAFT), approval_required=True) is None
    assert needs_approval(Role.CONTRIBUTOR, approval_required=True)
    assert not needs_approval(Role.ADMIN, approval_required=True)


@pytest.mark.parametrize(
    ("states", "shown"),
    [
        ([], "draft"),
        ([S.CANCELLED], "cancelled"),
        ([S.PUBLISHED, S.CANCELLED], "published"),
        ([S.PUBLISHED, S.FAILED], "partially_published"),
        ([S.PUBLISHED, S.UNCONFIRMED], "partially_published"),
        ([S.FAILED, S.UNCONFIRMED], "failed"),
        ([S.PUBLISHED, S.PUBLISHING], "publishing"),
        ([S.QUEUED], "scheduled"),  # waiting for its second like a scheduled one
        ([S.QUEUED, S.PUBLISHED], "publishing"),
        ([S.PENDING_APPROVAL, S.CANCELLED], "pending_approval"),
        ([S.DRAFT], "draft"),
    ],
)
def test_what_a_post_shows(states: list[TargetStatus], shown: str) -> None:
    assert post_status(states) == shown


def test_a_local_time_without_a_zone_is_read_in_the_default_zone() -> None:
    when = resolve_schedule(datetime(2027, 1, 10, 9, 0), None, default_zone="Asia/Riyadh")
    assert when == datetime(2027, 1, 10, 6, 0, tzinfo=UTC)
    explicit = resolve_schedule(datetime(2027, 1, 10, 9, 0), "Europe/Paris", default_zone="Asia/Riyadh")
    assert explicit == datetime(2027, 1, 10, 8, 0, tzinfo=UTC)


def test_an_offset_must_agree_with_the_zone() -> None:
    with pytest.raises(InvalidInput) as refused:
        resolve_schedule(
            datetime.fromisoformat("2027-07-01T09:00:00+01:00"), "Europe/Paris", default_zone="UTC"
        )
    assert refused.value.code == "timezone_mismatch"
    assert refused.value.details == {"offset": "+01:00", "zone_offset": "+02:00"}
    agreed = resolve_schedule(
        datetime.fromisoformat("2027-07-01T09:00:00+02:00"), "Europe/Paris", default_zone="UTC"
    )
    assert agreed == datetime(2027, 7, 1, 7, 0, tzinfo=UTC)


def test_skipped_and_repeated_local_times_are_never_chosen_silently() -> None:
    with pytest.raises(InvalidInput) as gap:
        resolve_schedule(datetime(2027, 3, 28, 2, 30), "Europe/Paris", default_zone="UTC")
    assert gap.value.code == "nonexistent_local_time"
    with pytest.raises(InvalidInput) as twice:
        resolve_schedule(datetime(2027, 10, 31, 2, 30), "Europe/Paris", default_zone="UTC")
    assert twice.value.code == "ambiguous_local_time"
    assert twice.value.details == {
        "earlier": "2027-10-31T00:30:00+00:00",
        "later": "2027-10-31T01:30:00+00:00",
    }
    later = resolve_schedule(
        datetime(2027, 10, 31, 2, 30), "Europe/Paris", default_zone="UTC", ambiguous=Ambiguity.LATER
    )
    assert later == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


def test_a_time_in_the_past_is_refused_however_close() -> None:
    now = datetime(2027, 1, 1, tzinfo=UTC)
    for gone in (timedelta(0), timedelta(milliseconds=1), timedelta(days=1)):
        with pytest.raises(InvalidInput) as refused:
            check_not_past(now - gone, now)
        assert refused.value.code == "scheduled_in_past"
    check_not_past(now + timedelta(milliseconds=1), now)
    with pytest.raises(InvalidInput):
        check_not_past(now + timedelta(days=731), now)
