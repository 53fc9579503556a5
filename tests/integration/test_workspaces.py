"""Workspaces, members, roles, invitations and the workspace audit log, through the real app and database."""

import asyncio
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from shared.bootstrap import Container
from shared.domain.errors import PermissionDenied
from shared.domain.identity import AuthMethod, Principal
from shared.domain.opaque import digest
from shared.domain.permissions import Role
from shared.services import workspaces
from shared.services.principals import WorkspaceAccess
from shared.services.sessions import ClientInfo
from shared.services.tokens import issue_access_token, load_key_ring
from tests.conftest import unique
from tests.integration.test_auth_flow import login, outbox_link, register, verify

V1 = "/api/v1"
ACCEPT_PATH = "/invitations/accept"


@dataclass(frozen=True)
class Actor:
    id: UUID
    email: str
    headers: dict[str, str]


async def bearer(container: Container, user_id: UUID) -> dict[str, str]:
    ring = await load_key_ring(container.secrets)
    return {"Authorization": f"Bearer {issue_access_token(ring, container.settings, user_id).token}"}


async def new_user(
    container: Container,
    email: str | None = None,
    *,
    name: str = "Member",
    timezone: str = "UTC",
    verified: bool = True,
) -> Actor:
    """A user straight in the database with a valid access token: fast, for tests about workspaces.
    Verified unless asked otherwise, as most tests are about people who can do everything."""
    email = (email or f"{unique('m')}@example.com").lower()
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """INSERT INTO users (email, email_normalized, name, timezone, email_verified_at)
               VALUES (%s, %s, %s, %s, CASE WHEN %s THEN now() END)
               RETURNING id""",
            (email, email, name, timezone, verified),
        )
        row = await cursor.fetchone()
    assert row is not None
    return Actor(row[0], email, await bearer(container, row[0]))


async def new_workspace(container: Container, members: dict[UUID, Role], name: str | None = None) -> UUID:
    """A workspace with the given memberships, written directly (exactly one of them must be the owner)."""
    pool = await container.db()
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            "INSERT INTO workspaces (name) VALUES (%s) RETURNING id", (name or unique("ws"),)
        )
        row = await cursor.fetchone()
        assert row is not None
        async with conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO memberships (workspace_id, user_id, role) VALUES (%s, %s, %s)",
                [(row[0], user_id, role.value) for user_id, role in members.items()],
            )
    workspace_id: UUID = row[0]
    return workspace_id


async def roles_in(container: Container, workspace_id: UUID) -> dict[UUID, Role]:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT user_id, role FROM memberships WHERE workspace_id = %s", (workspace_id,)
        )
        return {r[0]: Role(r[1]) for r in await cursor.fetchall()}


async def audit_events(api: httpx.AsyncClient, actor: Actor, workspace_id: UUID) -> list[dict[str, Any]]:
    response = await api.get(
        f"{V1}/workspaces/{workspace_id}/audit", headers=actor.headers, params={"limit": 100}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def error_code(response: httpx.Response) -> str:
    code: str = response.json()["error"]["code"]
    return code


async def invite(
    api: httpx.AsyncClient, actor: Actor, workspace_id: UUID, email: str, role: str = "editor"
) -> httpx.Response:
    return await api.post(
        f"{V1}/workspaces/{workspace_id}/invitations",
        headers=actor.headers,
        json={"email": email, "role": role},
    )


async def read_only_key(container: Container, user_id: UUID) -> dict[str, str]:
    """An API key with only the read scope, written directly like the API keys route would."""
    key = f"ck_{secrets.token_urlsafe(32)}"
    pool = await container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO api_keys (user_id, name, prefix, key_hash, scopes) VALUES (%s, %s, %s, %s, %s)",
            (user_id, "read only", key[:11], digest(key), ["read"]),
        )
    return {"Authorization": f"Bearer {key}"}


# --- workspaces -----------------------------------------------------------------------------------


async def test_creating_a_workspace_makes_the_creator_its_owner(
    api: httpx.AsyncClient, container: Container
) -> None:
    user = await new_user(container, timezone="Asia/Riyadh")
    name = unique("Launch ")
    response = await api.post(f"{V1}/workspaces", headers=user.headers, json={"name": f"  {name} "})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["name"] == name
    assert body["role"] == "owner"
    assert body["default_timezone"] == "Asia/Riyadh"  # the creator's own zone when none is given
    assert body["approval_required"] is True
    assert body["missed_post_policy"] == "publish_late"
    workspace_id = UUID(body["id"])
    assert await roles_in(container, workspace_id) == {user.id: Role.OWNER}

    events = await audit_events(api, user, workspace_id)
    assert [e["event"] for e in events] == ["workspace.created"]
    assert events[0]["actor_user_id"] == str(user.id)
    assert events[0]["actor_email"] == user.email

    explicit = await api.post(
        f"{V1}/workspaces",
        headers=user.headers,
        json={
            "name": "Ops",
            "default_timezone": "America/New_York",
            "approval_required": False,
            "missed_post_policy": "fail",
            "missed_post_grace_seconds": 0,
        },
    )
    assert explicit.status_code == 201, explicit.text
    assert {
        k: explicit.json()[k]
        for k in ("default_timezone", "approval_required", "missed_post_policy", "missed_post_grace_seconds")
    } == {
        "default_timezone": "America/New_York",
        "approval_required": False,
        "missed_post_policy": "fail",
        "missed_post_grace_seconds": 0,
    }


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"name": "X", "default_timezone": "Mars/Olympus_Mons"}, "invalid_timezone"),
        ({"name": "X", "default_timezone": "../../etc/passwd"}, "invalid_timezone"),
        ({"name": "   "}, "invalid_name"),
        ({"name": "X" * 101}, "validation_failed"),
        ({"name": "X", "missed_post_policy": "retry"}, "validation_failed"),
        ({"name": "X", "missed_post_grace_seconds": -1}, "validation_failed"),
        ({}, "validation_failed"),
    ],
)
async def test_creating_a_workspace_validates_its_settings(
    api: httpx.AsyncClient, container: Container, body: dict[str, Any], code: str
) -> None:
    user = await new_user(container)
    response = await api.post(f"{V1}/workspaces", headers=user.headers, json=body)
    assert response.status_code == 422, response.text
    assert error_code(response) == code
    assert await workspaces_of(api, user) == []


async def workspaces_of(api: httpx.AsyncClient, actor: Actor, **params: Any) -> list[dict[str, Any]]:
    response = await api.get(f"{V1}/workspaces", headers=actor.headers, params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_my_workspaces_page_by_cursor_with_my_role(
    api: httpx.AsyncClient, container: Container
) -> None:
    me, other = await new_user(container), await new_user(container)
    owned = [await new_workspace(container, {me.id: Role.OWNER}) for _ in range(3)]
    viewed = await new_workspace(container, {other.id: Role.OWNER, me.id: Role.VIEWER})
    await new_workspace(container, {other.id: Role.OWNER})  # not mine: never listed

    seen: list[dict[str, Any]] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = await api.get(f"{V1}/workspaces", headers=me.headers, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= 2
        seen += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 2
    assert [UUID(w["id"]) for w in seen] == [*owned, viewed]  # join order, no repeats
    assert [w["role"] for w in seen] == ["owner", "owner", "owner", "viewer"]

    bad = await api.get(f"{V1}/workspaces", headers=me.headers, params={"cursor": "not-a-cursor"})
    assert bad.status_code == 422
    assert error_code(bad) == "invalid_cursor"
    too_many = await api.get(f"{V1}/workspaces", headers=me.headers, params={"limit": 1000})
    assert too_many.status_code == 422


async def test_patch_changes_only_what_is_sent_and_audits_it(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner = await new_user(container)
    workspace_id = await new_workspace(container, {owner.id: Role.OWNER}, name="Before")
    url = f"{V1}/workspaces/{workspace_id}"

    response = await api.patch(url, headers=owner.headers, json={"name": "After", "approval_required": True})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "After"
    assert (body["default_timezone"], body["approval_required"], body["missed_post_grace_seconds"]) == (
        "UTC",
        True,
        3600,
    )
    events = await audit_events(api, owner, workspace_id)
    assert [e["event"] for e in events] == ["workspace.updated"]
    # approval_required was already true: only the name changed.
    assert events[0]["details"] == {"changed": {"name": {"from": "Before", "to": "After"}}}

    again = await api.patch(url, headers=owner.headers, json={"name": "After"})
    assert again.status_code == 200
    assert len(await audit_events(api, owner, workspace_id)) == 1  # nothing changed, nothing recorded

    zone = await api.patch(
        url, headers=owner.headers, json={"default_timezone": "Europe/Paris", "missed_post_policy": "fail"}
    )
    assert zone.status_code == 200
    assert (zone.json()["default_timezone"], zone.json()["missed_post_policy"]) == ("Europe/Paris", "fail")

    for bad, code in [
        ({"name": None}, "validation_failed"),
        ({"colour": "red"}, "validation_failed"),
        ({"default_timezone": "Nowhere/City"}, "invalid_timezone"),
    ]:
        refused = await api.patch(url, headers=owner.headers, json=bad)
        assert refused.status_code == 422, bad
        assert error_code(refused) == code
    current = await api.get(url, headers=owner.headers)
    assert current.json()["name"] == "After"
    assert current.json()["default_timezone"] == "Europe/Paris"


async def test_members_list_shows_people_and_roles(api: httpx.AsyncClient, container: Container) -> None:
    owner, editor = await new_user(container, name="Olive"), await new_user(container, name="Ed")
    workspace_id = await new_workspace(container, {owner.id: Role.OWNER, editor.id: Role.EDITOR})
    response = await api.get(f"{V1}/workspaces/{workspace_id}/members", headers=editor.headers)
    assert response.status_code == 200, response.text
    members = {m["user_id"]: m for m in response.json()["items"]}
    assert set(members) == {str(owner.id), str(editor.id)}
    assert members[str(owner.id)]["role"] == "owner"
    assert members[str(owner.id)]["name"] == "Olive"
    assert members[str(editor.id)]["email"] == editor.email
    assert members[str(editor.id)]["role"] == "editor"
    assert datetime.fromisoformat(members[str(editor.id)]["joined_at"]) <= datetime.now(UTC)

    first = await api.get(
        f"{V1}/workspaces/{workspace_id}/members", headers=editor.headers, params={"limit": 1}
    )
    assert len(first.json()["items"]) == 1
    second = await api.get(
        f"{V1}/workspaces/{workspace_id}/members",
        headers=editor.headers,
        params={"limit": 1, "cursor": first.json()["next_cursor"]},
    )
    assert len(second.json()["items"]) == 1
    assert second.json()["next_cursor"] is None
    assert {first.json()["items"][0]["user_id"], second.json()["items"][0]["user_id"]} == set(members)


# --- invitations ----------------------------------------------------------------------------------


async def outbox_message(container: Container, to: str) -> tuple[str, str, str]:
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """SELECT subject, text_body, html_body FROM dev_outbox
               WHERE to_address = %s ORDER BY id DESC LIMIT 1""",
            (to,),
        )
        row = await cursor.fetchone()
    assert row is not None, f"no mail to {to}"
    return row[0], row[1], row[2]


async def test_invitation_email_accept_and_membership(api: httpx.AsyncClient, container: Container) -> None:
    owner = await new_user(container, name="Olive Owner")
    workspace_name = unique("Studio ")
    workspace_id = await new_workspace(container, {owner.id: Role.OWNER}, name=workspace_name)
    email = await register(api)  # a real account, signed in through the real login

    response = await invite(api, owner, workspace_id, f"  {email.upper()} ", "editor")
    assert response.status_code == 201, response.text
    invitation = response.json()
    assert invitation["email"] == email
    assert invitation["role"] == "editor"
    assert invitation["invited_by"] == str(owner.id)
    expires = datetime.fromisoformat(invitation["expires_at"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(UTC) <= timedelta(days=7)

    subject, text, html = await outbox_message(container, email)
    assert subject == f"Olive Owner invited you to {workspace_name} on clickKloudy"
    assert "as editor" in text
    token = await outbox_link(container, email, ACCEPT_PATH)
    assert token.startswith("cki_")
    link = f"{container.settings.public_base_url.rstrip('/')}{ACCEPT_PATH}?token={token}"
    assert link in text
    assert link in html
    pool = await container.db()
    async with pool.connection() as conn:  # stored only as a hash
        cursor = await conn.execute("SELECT token_hash FROM invitations WHERE id = %s", (invitation["id"],))
        row = await cursor.fetchone()
    assert row is not None
    assert bytes(row[0]) == digest(token)

    listed = await api.get(f"{V1}/workspaces/{workspace_id}/invitations", headers=owner.headers)
    assert [i["id"] for i in listed.json()["items"]] == [invitation["id"]]

    session = await login(api, email)
    headers = {"Authorization": f"Bearer {session['access_token']}"}
    # The link alone does not prove the address is theirs: verifying it does.
    unverified = await api.post(f"{V1}/invitations/{token}/accept", headers=headers)
    assert unverified.status_code == 403
    assert error_code(unverified) == "email_not_verified"
    await verify(api, container, email)
    accepted = await api.post(f"{V1}/invitations/{token}/accept", headers=headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["id"] == str(workspace_id)
    assert accepted.json()["role"] == "editor"
    assert accepted.json()["name"] == workspace_name

    members = await api.get(f"{V1}/workspaces/{workspace_id}/members", headers=headers)
    assert {m["email"]: m["role"] for m in members.json()["items"]}[email] == "editor"
    again = await api.post(f"{V1}/invitations/{token}/accept", headers=headers)
    assert again.status_code == 409
    assert error_code(again) == "invitation_already_accepted"
    listed = await api.get(f"{V1}/workspaces/{workspace_id}/invitations", headers=owner.headers)
    assert listed.json()["items"] == []
    events = [e["event"] for e in await audit_events(api, owner, workspace_id)]
    assert events[:2] == ["invitation.accepted", "member.invited"]


async def test_accepting_with_another_account_is_refused(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner = await new_user(container)
    workspace_id = await new_workspace(container, {owner.id: Role.OWNER})
    invited, stranger = await new_user(container), await new_user(container)
    assert (await invite(api, owner, workspace_id, invited.email, "viewer")).status_code == 201
    token = await outbox_link(container, invited.email, ACCEPT_PATH)

    refused = await api.post(f"{V1}/invitations/{token}/accept", headers=stranger.headers)
    assert refused.status_code == 403
    assert error_code(refused) == "invitation_email_mismatch"
    assert invited.email not in refused.text  # the invited address is not disclosed
    assert stranger.id not in await roles_in(container, workspace_id)

    accepted = await api.post(f"{V1}/invitations/{token}/accept", headers=invited.headers)
    assert accepted.status_code == 200  # the refusal did not use the invitation up
    assert (await roles_in(container, workspace_id))[invited.id] is Role.VIEWER


async def test_expired_unknown_and_unauthenticated_accepts(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner, invited = await new_user(container), await new_user(container)
    workspace_id = await new_workspace(container, {owner.id: Role.OWNER})
    response = await invite(api, owner, workspace_id, invited.email)
    token = await outbox_link(container, invited.email, ACCEPT_PATH)
    pool = await container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = %s",
            (response.json()["id"],),
        )

    expired = await api.post(f"{V1}/invitations/{token}/accept", headers=invited.headers)
    assert expired.status_code == 422
    assert error_code(expired) == "invitation_expired"
    assert invited.id not in await roles_in(container, workspace_id)
    listed = await api.get(f"{V1}/workspaces/{workspace_id}/invitations", headers=owner.headers)
    assert listed.json()["items"] == []  # expired ones are not pending

    for bad in ("cki_" + "x" * 43, "not-even-a-token"):
        unknown = await api.post(f"{V1}/invitations/{bad}/accept", headers=invited.headers)
        assert unknown.status_code == 404
        assert error_code(unknown) == "invitation_not_found"
    anonymous = await api.post(f"{V1}/invitations/{token}/accept")
    assert anonymous.status_code == 401


async def test_inviting_again_replaces_the_pending_invitation(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner, invited = await new_user(container), await new_user(container)
    workspace_id = await new_workspace(container, {owner.id: Role.OWNER})
    first = await invite(api, owner, workspace_id, invited.email, "viewer")
    first_token = await outbox_link(container, invited.email, ACCEPT_PATH)
    second = await invite(api, owner, workspace_id, invited.email, "contributor")
    second_token = await outbox_link(container, invited.email, ACCEPT_PATH)
    assert first.status_code == second.status_code == 201
    assert first_token != second_token

    listed = await api.get(f"{V1}/workspaces/{workspace_id}/invitations", headers=owner.headers)
    assert [(i["id"], i["role"]) for i in listed.json()["items"]] == [(second.json()["id"], "contributor")]
    stale = await api.post(f"{V1}/invitations/{first_token}/accept", headers=invited.headers)
    assert stale.status_code == 404
    assert error_code(stale) == "invitation_not_found"
    fresh = await api.post(f"{V1}/invitations/{second_token}/accept", headers=invited.headers)
    assert fresh.status_code == 200
    assert fresh.json()["role"] == "contributor"


async def test_who_may_invite_whom(api: httpx.AsyncClient, container: Container) -> None:
    owner, admin, editor = await new_user(container), await new_user(container), await new_user(container)
    workspace_id = await new_workspace(
        container, {owner.id: Role.OWNER, admin.id: Role.ADMIN, editor.id: Role.EDITOR}
    )
    target = f"{unique('t')}@example.com"

    for actor, role, status, code in [
        (admin, "admin", 403, "cannot_assign_role"),
        (admin, "owner", 403, "cannot_assign_role"),
        (owner, "owner", 403, "cannot_assign_role"),
        (editor, "viewer", 403, "permission_denied"),
        (owner, "superuser", 422, "validation_failed"),
    ]:
        response = await invite(api, actor, workspace_id, target, role)
        assert (response.status_code, error_code(response)) == (status, code), (role, response.text)

    assert (await invite(api, admin, workspace_id, target, "editor")).status_code == 201
    assert (await invite(api, owner, workspace_id, target, "admin")).status_code == 201
    member = await invite(api, owner, workspace_id, editor.email.upper(), "viewer")
    assert member.status_code == 409
    assert error_code(member) == "already_member"
    bad_email = await invite(api, owner, workspace_id, "not-an-email", "viewer")
    assert bad_email.status_code == 422


async def test_revoking_an_invitation(api: httpx.AsyncClient, container: Container) -> None:
    owner, admin, invited = await new_user(container), await new_user(container), await new_user(container)
    workspace_id = await new_workspace(container, {owner.id: Role.OWNER, admin.id: Role.ADMIN})
    as_admin = await invite(api, owner, workspace_id, invited.email, "admin")
    url = f"{V1}/workspaces/{workspace_id}/invitations/{as_admin.json()['id']}"
    beyond = await api.delete(url, headers=admin.headers)
    assert beyond.status_code == 403  # an admin can't withdraw what only the owner could grant
    assert error_code(beyond) == "cannot_assign_role"

    assert (await api.delete(url, headers=owner.headers)).status_code == 204
    token = await outbox_link(container, invited.email, ACCEPT_PATH)
    revoked = await api.post(f"{V1}/invitations/{token}/accept", headers=invited.headers)
    assert revoked.status_code == 404
    twice = await api.delete(url, headers=owner.headers)
    assert twice.status_code == 404
    assert error_code(twice) == "invitation_not_found"
    events = await audit_events(api, owner, workspace_id)
    assert events[0]["event"] == "invitation.revoked"
    assert events[0]["details"] == {"email": invited.email, "role": "admin"}


# --- roles, removal, leaving ----------------------------------------------------------------------


@dataclass(frozen=True)
class Team:
    workspace_id: UUID
    owner: Actor
    admin: Actor
    admin2: Actor
    editor: Actor
    viewer: Actor


async def team(container: Container) -> Team:
    people = [await new_user(container) for _ in range(5)]
    roles = [Role.OWNER, Role.ADMIN, Role.ADMIN, Role.EDITOR, Role.VIEWER]
    workspace_id = await new_workspace(container, {p.id: r for p, r in zip(people, roles, strict=True)})
    return Team(workspace_id, *people)


async def test_role_changes_stay_below_the_actor(api: httpx.AsyncClient, container: Container) -> None:
    t = await team(container)

    def url(member: Actor | UUID) -> str:
        return (
            f"{V1}/workspaces/{t.workspace_id}/members/{member.id if isinstance(member, Actor) else member}"
        )

    cases: list[tuple[Actor, Actor | UUID, str, int, str | None]] = [
        (t.admin, t.viewer, "contributor", 200, None),
        (t.admin, t.viewer, "admin", 403, "cannot_assign_role"),
        (t.admin, t.admin2, "editor", 403, "cannot_manage_member"),
        (t.admin, t.admin, "editor", 403, "cannot_manage_member"),
        (t.admin, t.owner, "admin", 409, "owner_role_fixed"),
        (t.owner, t.owner, "admin", 409, "owner_role_fixed"),
        (t.owner, t.viewer, "owner", 403, "cannot_assign_role"),
        (t.editor, t.viewer, "contributor", 403, "permission_denied"),
        (t.owner, uuid4(), "viewer", 404, "member_not_found"),
        (t.owner, t.admin2, "editor", 200, None),
    ]
    for actor, target, role, status, code in cases:
        response = await api.patch(url(target), headers=actor.headers, json={"role": role})
        assert response.status_code == status, (role, response.text)
        if code:
            assert error_code(response) == code
        else:
            assert response.json()["role"] == role

    assert await roles_in(container, t.workspace_id) == {
        t.owner.id: Role.OWNER,
        t.admin.id: Role.ADMIN,
        t.admin2.id: Role.EDITOR,
        t.editor.id: Role.EDITOR,
        t.viewer.id: Role.CONTRIBUTOR,
    }
    changes = [
        e for e in await audit_events(api, t.owner, t.workspace_id) if e["event"] == "member.role_changed"
    ]
    assert [(e["target_id"], e["details"]) for e in changes] == [
        (str(t.admin2.id), {"from": "admin", "to": "editor"}),
        (str(t.viewer.id), {"from": "viewer", "to": "contributor"}),
    ]


async def test_removing_members(api: httpx.AsyncClient, container: Container) -> None:
    t = await team(container)
    base = f"{V1}/workspaces/{t.workspace_id}/members"
    for actor, target, status, code in [
        (t.admin, t.owner, 409, "owner_cannot_be_removed"),
        (t.admin, t.admin2, 403, "cannot_manage_member"),
        (t.editor, t.viewer, 403, "permission_denied"),
    ]:
        response = await api.delete(f"{base}/{target.id}", headers=actor.headers)
        assert (response.status_code, error_code(response)) == (status, code)

    assert (await api.delete(f"{base}/{t.editor.id}", headers=t.admin.headers)).status_code == 204
    assert t.editor.id not in await roles_in(container, t.workspace_id)
    gone = await api.get(f"{V1}/workspaces/{t.workspace_id}", headers=t.editor.headers)
    assert gone.status_code == 404
    assert error_code(gone) == "workspace_not_found"
    again = await api.delete(f"{base}/{t.editor.id}", headers=t.admin.headers)
    assert (again.status_code, error_code(again)) == (404, "member_not_found")
    event = (await audit_events(api, t.owner, t.workspace_id))[0]
    assert (event["event"], event["target_id"], event["actor_user_id"]) == (
        "member.removed",
        str(t.editor.id),
        str(t.admin.id),
    )


async def test_leaving(api: httpx.AsyncClient, container: Container) -> None:
    t = await team(container)
    url = f"{V1}/workspaces/{t.workspace_id}/leave"
    owner_leaves = await api.post(url, headers=t.owner.headers)
    assert owner_leaves.status_code == 409
    assert error_code(owner_leaves) == "owner_must_transfer"

    assert (await api.post(url, headers=t.viewer.headers)).status_code == 204
    assert (await api.get(f"{V1}/workspaces/{t.workspace_id}", headers=t.viewer.headers)).status_code == 404
    assert (await api.post(url, headers=t.viewer.headers)).status_code == 404
    assert await workspaces_of(api, t.viewer) == []
    event = (await audit_events(api, t.owner, t.workspace_id))[0]
    assert (event["event"], event["actor_user_id"]) == ("member.left", str(t.viewer.id))
    assert (await roles_in(container, t.workspace_id))[t.owner.id] is Role.OWNER


# --- ownership ------------------------------------------------------------------------------------


async def test_transfer_makes_the_old_owner_an_admin(api: httpx.AsyncClient, container: Container) -> None:
    t = await team(container)
    url = f"{V1}/workspaces/{t.workspace_id}/transfer-ownership"
    for actor, target, status, code in [
        (t.owner, t.owner.id, 409, "already_owner"),
        (t.owner, uuid4(), 404, "member_not_found"),
        (t.admin, t.editor.id, 403, "permission_denied"),
    ]:
        response = await api.post(url, headers=actor.headers, json={"user_id": str(target)})
        assert (response.status_code, error_code(response)) == (status, code)

    response = await api.post(url, headers=t.owner.headers, json={"user_id": str(t.editor.id)})
    assert response.status_code == 200, response.text
    assert response.json() == {
        "owner_id": str(t.editor.id),
        "previous_owner_id": str(t.owner.id),
        "previous_owner_role": "admin",
    }
    roles = await roles_in(container, t.workspace_id)
    assert [u for u, r in roles.items() if r is Role.OWNER] == [t.editor.id]
    assert roles[t.owner.id] is Role.ADMIN
    old_owner_again = await api.post(url, headers=t.owner.headers, json={"user_id": str(t.viewer.id)})
    assert old_owner_again.status_code == 403
    event = (await audit_events(api, t.editor, t.workspace_id))[0]
    assert (event["event"], event["target_id"]) == ("ownership.transferred", str(t.editor.id))
    # The new owner may now leave only after handing it on; the old one may leave freely.
    assert (
        await api.post(f"{V1}/workspaces/{t.workspace_id}/leave", headers=t.editor.headers)
    ).status_code == 409
    assert (
        await api.post(f"{V1}/workspaces/{t.workspace_id}/leave", headers=t.owner.headers)
    ).status_code == 204


async def test_concurrent_transfers_through_the_api_leave_one_owner(
    api: httpx.AsyncClient, container: Container
) -> None:
    for _ in range(3):
        t = await team(container)
        url = f"{V1}/workspaces/{t.workspace_id}/transfer-ownership"
        responses = await asyncio.gather(
            api.post(url, headers=t.owner.headers, json={"user_id": str(t.admin.id)}),
            api.post(url, headers=t.owner.headers, json={"user_id": str(t.editor.id)}),
        )
        assert sorted(r.status_code for r in responses) == [200, 403], [r.text for r in responses]
        winner = next(r for r in responses if r.status_code == 200).json()["owner_id"]
        roles = await roles_in(container, t.workspace_id)
        assert [str(u) for u, r in roles.items() if r is Role.OWNER] == [winner]
        assert roles[t.owner.id] is Role.ADMIN


async def test_concurrent_transfers_past_the_guard_leave_one_owner(container: Container) -> None:
    """Both calls already passed the role check: the row locks alone must keep one owner."""
    t = await team(container)
    principal = Principal(user_id=t.owner.id, is_platform_admin=False, method=AuthMethod.BEARER)
    access = WorkspaceAccess(t.workspace_id, Role.OWNER, principal)
    results = await asyncio.gather(
        *(
            workspaces.transfer_ownership(container, access, target.id, ClientInfo())
            for target in (t.admin, t.admin2, t.editor, t.viewer)
        ),
        return_exceptions=True,
    )
    done = [r for r in results if isinstance(r, workspaces.Transfer)]
    refused = [r for r in results if isinstance(r, PermissionDenied)]
    assert len(done) == 1, results
    assert len(refused) == 3, results
    roles = await roles_in(container, t.workspace_id)
    assert [u for u, r in roles.items() if r is Role.OWNER] == [done[0].owner_id]
    assert roles[t.owner.id] is Role.ADMIN


# --- isolation and scopes -------------------------------------------------------------------------


async def test_ids_from_another_workspace_are_not_found(api: httpx.AsyncClient, container: Container) -> None:
    a, b = await team(container), await team(container)
    invitation = await invite(api, b.owner, b.workspace_id, f"{unique('x')}@example.com", "viewer")
    invitation_id = invitation.json()["id"]
    in_a = f"{V1}/workspaces/{a.workspace_id}"
    checks = [
        await api.patch(f"{in_a}/members/{b.viewer.id}", headers=a.owner.headers, json={"role": "editor"}),
        await api.delete(f"{in_a}/members/{b.viewer.id}", headers=a.owner.headers),
        await api.post(
            f"{in_a}/transfer-ownership", headers=a.owner.headers, json={"user_id": str(b.viewer.id)}
        ),
        await api.delete(f"{in_a}/invitations/{invitation_id}", headers=a.owner.headers),
    ]
    assert [(r.status_code, error_code(r)) for r in checks] == [
        (404, "member_not_found"),
        (404, "member_not_found"),
        (404, "member_not_found"),
        (404, "invitation_not_found"),
    ]
    assert (await roles_in(container, b.workspace_id))[b.viewer.id] is Role.VIEWER
    listed = await api.get(f"{V1}/workspaces/{b.workspace_id}/invitations", headers=b.owner.headers)
    assert [i["id"] for i in listed.json()["items"]] == [invitation_id]
    assert all(e["event"] != "member.invited" for e in await audit_events(api, a.owner, a.workspace_id))
    other = await api.get(f"{V1}/workspaces/{b.workspace_id}/audit", headers=a.owner.headers)
    assert (other.status_code, error_code(other)) == (404, "workspace_not_found")


async def test_read_only_api_key_reads_but_does_not_act(api: httpx.AsyncClient, container: Container) -> None:
    t = await team(container)
    owner_key, viewer_key = (
        await read_only_key(container, t.owner.id),
        await read_only_key(container, t.viewer.id),
    )
    assert (await api.get(f"{V1}/workspaces/{t.workspace_id}", headers=owner_key)).status_code == 200
    assert (await api.get(f"{V1}/workspaces", headers=owner_key)).status_code == 200
    for response in [
        await api.post(f"{V1}/workspaces", headers=owner_key, json={"name": "Nope"}),
        await api.patch(f"{V1}/workspaces/{t.workspace_id}", headers=owner_key, json={"name": "Nope"}),
        await api.post(f"{V1}/workspaces/{t.workspace_id}/leave", headers=viewer_key),
    ]:
        assert response.status_code == 403, response.text
        assert error_code(response) == "insufficient_scope"
    assert (await roles_in(container, t.workspace_id))[t.viewer.id] is Role.VIEWER


async def test_audit_log_pages_newest_first(api: httpx.AsyncClient, container: Container) -> None:
    owner = await new_user(container)
    workspace_id = await new_workspace(container, {owner.id: Role.OWNER})
    for name in ("one", "two", "three"):
        assert (
            await api.patch(f"{V1}/workspaces/{workspace_id}", headers=owner.headers, json={"name": name})
        ).status_code == 200
    url = f"{V1}/workspaces/{workspace_id}/audit"
    first = (await api.get(url, headers=owner.headers, params={"limit": 2})).json()
    assert [e["details"]["changed"]["name"]["to"] for e in first["items"]] == ["three", "two"]
    assert first["next_before_id"] == first["items"][-1]["id"]
    assert {(e["workspace_id"], e["actor_email"]) for e in first["items"]} == {
        (str(workspace_id), owner.email)
    }
    second = (
        await api.get(url, headers=owner.headers, params={"limit": 2, "before_id": first["next_before_id"]})
    ).json()
    assert [e["details"]["changed"]["name"]["to"] for e in second["items"]] == ["one"]
    assert second["next_before_id"] is None
    ids = [e["id"] for e in first["items"] + second["items"]]
    assert ids == sorted(ids, reverse=True)


async def test_invitations_are_rate_limited_per_inviter(api: httpx.AsyncClient, container: Container) -> None:
    owner = await new_user(container)
    workspace_id = await new_workspace(container, {owner.id: Role.OWNER})
    statuses = [
        (await invite(api, owner, workspace_id, f"{unique('r')}@example.com", "viewer")).status_code
        for _ in range(51)
    ]
    assert statuses == [201] * 50 + [429]
    other = await new_user(container)  # the budget is the inviter's, not the server's
    other_ws = await new_workspace(container, {other.id: Role.OWNER})
    assert (await invite(api, other, other_ws, f"{unique('r')}@example.com", "viewer")).status_code == 201
