"""Properties of the role → permission matrix that the rest of the app relies on."""

import itertools

import pytest

from shared.domain.permissions import ROLE_PERMISSIONS, ROLE_RANK, Permission, Role, allows, can_assign

BY_RANK = sorted(Role, key=lambda r: ROLE_RANK[r], reverse=True)  # owner first


def test_every_role_has_a_rank_and_permissions() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role) == set(ROLE_RANK)
    assert BY_RANK == [Role.OWNER, Role.ADMIN, Role.EDITOR, Role.CONTRIBUTOR, Role.VIEWER]
    assert len(set(ROLE_RANK.values())) == len(Role)


@pytest.mark.parametrize(("higher", "lower"), list(itertools.pairwise(BY_RANK)))
def test_each_role_holds_everything_of_the_role_below_and_more(higher: Role, lower: Role) -> None:
    assert ROLE_PERMISSIONS[lower] < ROLE_PERMISSIONS[higher]


def test_owner_holds_every_permission() -> None:
    assert ROLE_PERMISSIONS[Role.OWNER] == frozenset(Permission)


def test_only_the_owner_transfers_ownership() -> None:
    assert [r for r in Role if allows(r, Permission.OWNERSHIP_TRANSFER)] == [Role.OWNER]


def test_viewer_only_reads() -> None:
    viewer = ROLE_PERMISSIONS[Role.VIEWER]
    assert viewer
    assert all(not p.writes for p in viewer)
    assert Permission.AUDIT_READ not in viewer  # the audit log is for admins
    assert {Permission.WORKSPACE_READ, Permission.POSTS_READ, Permission.ANALYTICS_READ} <= viewer


def test_read_permissions_are_exactly_the_non_writing_ones() -> None:
    reads = {p for p in Permission if not p.writes}
    assert all(p.value.endswith(".read") for p in reads)
    assert all(not p.value.endswith(".read") for p in set(Permission) - reads)


def test_contributor_drafts_but_does_not_publish_or_approve() -> None:
    assert allows(Role.CONTRIBUTOR, Permission.POSTS_DRAFT)
    assert allows(Role.CONTRIBUTOR, Permission.MEDIA_WRITE)
    assert not allows(Role.CONTRIBUTOR, Permission.POSTS_PUBLISH)
    assert not allows(Role.CONTRIBUTOR, Permission.POSTS_APPROVE)
    assert allows(Role.EDITOR, Permission.POSTS_PUBLISH)
    assert allows(Role.EDITOR, Permission.POSTS_APPROVE)


def test_member_management_starts_at_admin() -> None:
    for permission in (
        Permission.MEMBERS_INVITE,
        Permission.MEMBERS_MANAGE,
        Permission.WORKSPACE_UPDATE,
        Permission.AUDIT_READ,
    ):
        assert [r for r in BY_RANK if allows(r, permission)] == [Role.OWNER, Role.ADMIN]


@pytest.mark.parametrize("actor", list(Role))
def test_nobody_assigns_owner(actor: Role) -> None:
    assert not can_assign(actor, Role.OWNER)


def test_owner_assigns_every_other_role_including_admin() -> None:
    assert {r for r in Role if can_assign(Role.OWNER, r)} == set(Role) - {Role.OWNER}


def test_admin_assigns_only_roles_below_admin() -> None:
    assert {r for r in Role if can_assign(Role.ADMIN, r)} == {Role.EDITOR, Role.CONTRIBUTOR, Role.VIEWER}


@pytest.mark.parametrize(("actor", "target"), list(itertools.product(Role, Role)))
def test_assignable_roles_rank_below_the_actor_unless_owner(actor: Role, target: Role) -> None:
    expected = target is not Role.OWNER and (actor is Role.OWNER or ROLE_RANK[target] < ROLE_RANK[actor])
    assert can_assign(actor, target) is expected
    if can_assign(actor, target) and actor is not Role.OWNER:
        # Whatever you grant, you hold at least as much yourself: no one escalates through someone else.
        assert ROLE_PERMISSIONS[target] < ROLE_PERMISSIONS[actor]
