"""Reading the audit log: a workspace's log and the platform-wide one share one query and one paging."""

from typing import Any
from uuid import UUID

import httpx

from shared.bootstrap import Container
from shared.domain.permissions import Role
from shared.services import audit
from shared.services.audit import AuditEvent
from shared.services.principals import user_states
from tests.conftest import unique
from tests.integration.test_workspaces import V1, Actor, new_user, new_workspace


async def new_admin(container: Container) -> Actor:
    admin = await new_user(container)
    pool = await container.db()
    async with pool.connection() as conn:
        await conn.execute("UPDATE users SET is_platform_admin = true WHERE id = %s", (admin.id,))
    user_states.forget(admin.id)
    return admin


async def record(
    container: Container,
    event: AuditEvent,
    *,
    tag: str,
    n: int,
    actor: UUID | None = None,
    workspace: UUID | None = None,
    target_user: UUID | None = None,
) -> None:
    """One event, told apart from every other test's by `tag` and from its siblings by `n`."""
    pool = await container.db()
    async with pool.connection() as conn:
        await audit.record(
            conn,
            event,
            actor=actor,
            workspace=workspace,
            target_type=None if target_user is None else "user",
            target_id=target_user,
            ip="203.0.113.7",
            details={"tag": tag, "n": n},
        )


async def pages(
    api: httpx.AsyncClient, url: str, headers: dict[str, str], params: dict[str, Any]
) -> list[list[dict[str, Any]]]:
    """Follow `next_before_id` to the end (at most 50 pages, so a paging bug cannot loop forever)."""
    found: list[list[dict[str, Any]]] = []
    before_id: int | None = None
    for _ in range(50):
        query = dict(params) if before_id is None else {**params, "before_id": before_id}
        response = await api.get(url, headers=headers, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        found.append(body["items"])
        before_id = body["next_before_id"]
        if before_id is None:
            return found
        assert before_id == body["items"][-1]["id"]
    raise AssertionError("the log never reached its last page")


def tagged(items: list[dict[str, Any]], tag: str) -> list[int]:
    """The `n` of this test's events among `items`, in the order listed."""
    return [item["details"]["n"] for item in items if item["details"].get("tag") == tag]


def by_n(items: list[dict[str, Any]], tag: str, n: int) -> dict[str, Any]:
    [item] = [i for i in items if i["details"].get("tag") == tag and i["details"]["n"] == n]
    return item


async def test_a_workspace_log_pages_newest_first_each_event_once(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner, stranger = await new_user(container), await new_user(container)
    workspace_id = await new_workspace(container, {owner.id: Role.OWNER})
    elsewhere = await new_workspace(container, {stranger.id: Role.OWNER})
    tag = unique("paging")
    mine: list[int] = []
    for n in range(8):
        # Events of another workspace and of none interleave with this one's: paging must skip them.
        if n % 3 == 1:
            await record(container, AuditEvent.WORKSPACE_UPDATED, tag=tag, n=100 + n, workspace=elsewhere)
            await record(container, AuditEvent.LOGIN_SUCCEEDED, tag=tag, n=200 + n, actor=owner.id)
        actor = None if n == 0 else owner.id
        await record(
            container, AuditEvent.WORKSPACE_UPDATED, tag=tag, n=n, actor=actor, workspace=workspace_id
        )
        mine.append(n)

    found = await pages(api, f"{V1}/workspaces/{workspace_id}/audit", owner.headers, {"limit": 3})

    assert [len(page) for page in found] == [3, 3, 2]
    items = [item for page in found for item in page]
    assert tagged(items, tag) == sorted(mine, reverse=True)
    ids = [item["id"] for item in items]
    assert ids == sorted(set(ids), reverse=True)  # newest first, no event twice
    assert {item["workspace_id"] for item in items} == {str(workspace_id)}
    anonymous, by_owner = by_n(items, tag, 0), by_n(items, tag, 5)
    assert (anonymous["actor_user_id"], anonymous["actor_email"]) == (None, None)
    assert (by_owner["actor_user_id"], by_owner["actor_email"]) == (str(owner.id), owner.email)
    assert (by_owner["event"], by_owner["ip"]) == ("workspace.updated", "203.0.113.7")


async def test_admin_filters_each_narrow_the_log(api: httpx.AsyncClient, container: Container) -> None:
    admin = await new_admin(container)
    alice, bob = await new_user(container), await new_user(container)
    ws_a = await new_workspace(container, {alice.id: Role.OWNER})
    ws_b = await new_workspace(container, {bob.id: Role.OWNER})
    tag = unique("filters")
    await record(container, AuditEvent.WORKSPACE_UPDATED, tag=tag, n=1, actor=alice.id, workspace=ws_a)
    await record(container, AuditEvent.MEMBER_INVITED, tag=tag, n=2, actor=alice.id, workspace=ws_a)
    await record(container, AuditEvent.WORKSPACE_UPDATED, tag=tag, n=3, actor=bob.id, workspace=ws_b)
    await record(container, AuditEvent.LOGIN_SUCCEEDED, tag=tag, n=4, actor=bob.id)
    await record(
        container, AuditEvent.USER_UPDATED_BY_ADMIN, tag=tag, n=5, actor=admin.id, target_user=bob.id
    )
    await record(container, AuditEvent.MEMBER_INVITED, tag=tag, n=6, actor=bob.id, workspace=ws_b)
    url = f"{V1}/admin/audit"

    async def listed(**params: Any) -> list[dict[str, Any]]:
        found = await pages(api, url, admin.headers, {"limit": 100, **params})
        return [item for page in found for item in page]

    in_a = await listed(workspace_id=str(ws_a))
    assert tagged(in_a, tag) == [2, 1]
    assert {item["workspace_id"] for item in in_a} == {str(ws_a)}

    about_bob = await listed(user_id=str(bob.id))
    assert tagged(about_bob, tag) == [6, 5, 4, 3]  # by bob, and the admin's change to bob
    assert by_n(about_bob, tag, 5)["actor_email"] == admin.email

    invites_in_b = await listed(event="member.invited", workspace_id=str(ws_b))
    assert tagged(invites_in_b, tag) == [6]
    assert {item["event"] for item in invites_in_b} == {"member.invited"}

    # The event filter alone reaches across workspaces; stop at this test's first event.
    newest = max(item["id"] for item in about_bob)
    invites = (
        await api.get(url, headers=admin.headers, params={"event": "member.invited", "before_id": newest + 1})
    ).json()["items"]
    assert {item["event"] for item in invites} == {"member.invited"}
    assert tagged(invites, tag) == [6, 2]

    nothing = await listed(event="member.invited", user_id=str(alice.id), workspace_id=str(ws_b))
    assert nothing == []


async def test_admin_paging_and_limits_are_validated(api: httpx.AsyncClient, container: Container) -> None:
    admin = await new_admin(container)
    for params in ({"before_id": "0"}, {"before_id": "abc"}, {"limit": "0"}, {"user_id": "nope"}):
        response = await api.get(f"{V1}/admin/audit", headers=admin.headers, params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.json()["error"]["code"] == "validation_failed"
