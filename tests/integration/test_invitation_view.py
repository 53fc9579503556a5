"""An invitation link seen before signing up: GET /api/v1/invitations/{token}, public, answered only
while the invitation can still be accepted, and limited per IP against token guessing."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from functions.api import create_api
from shared.bootstrap import Container
from shared.domain.permissions import Role
from shared.services import ratelimit
from shared.services.invitations import ACCEPT_PATH
from tests.conftest import unique
from tests.integration.test_auth_flow import login, outbox_link, register, verify
from tests.integration.test_workspaces import Actor, invite, new_user, new_workspace

V1 = "/api/v1"


async def invited(
    api: httpx.AsyncClient, container: Container, owner: Actor, email: str, role: str = "editor"
) -> tuple[str, str, str]:
    """(workspace id, invitation id, token) for a fresh workspace of `owner` inviting `email`."""
    name = unique("Studio ")
    workspace_id = await new_workspace(container, {owner.id: Role.OWNER}, name=name)
    response = await invite(api, owner, workspace_id, email, role)
    assert response.status_code == 201, response.text
    return str(workspace_id), response.json()["id"], await outbox_link(container, email, ACCEPT_PATH)


def gone(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 404, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == "invitation_not_found"
    error.pop("request_id")
    return error


async def test_the_invitee_sees_what_they_were_invited_to_then_signs_up_and_joins(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner = await new_user(container, name="Olive Owner")
    email = f"{unique('newcomer')}@example.com"
    workspace_id, _, token = await invited(api, container, owner, email, "contributor")

    seen = await api.get(f"{V1}/invitations/{token}")  # no account, no credentials
    assert seen.status_code == 200, seen.text
    assert seen.headers["cache-control"] == "no-store"
    body = seen.json()
    expires = datetime.fromisoformat(body.pop("expires_at"))
    assert timedelta(days=6, hours=23) < expires - datetime.now(UTC) <= timedelta(days=7)
    assert body.pop("workspace_name").startswith("Studio ")
    assert body == {"inviter_name": "Olive Owner", "role": "contributor", "email": email}

    # Signing up with that address; accepting waits for the address to be verified.
    await register(api, email)
    tokens = await login(api, email)
    api.cookies.clear()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    refused = await api.post(f"{V1}/invitations/{token}/accept", headers=headers)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "email_not_verified"
    assert (await api.get(f"{V1}/invitations/{token}")).status_code == 200  # still usable
    await verify(api, container, email)
    accepted = await api.post(f"{V1}/invitations/{token}/accept", headers=headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["id"] == workspace_id

    gone(await api.get(f"{V1}/invitations/{token}"))  # used up: it shows nothing any more
    gone(await api.get(f"{V1}/invitations/{token}", headers=headers))  # not even to the invitee


async def test_expired_withdrawn_and_unknown_links_get_one_answer(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner = await new_user(container)
    _, expired_id, expired = await invited(api, container, owner, f"{unique('e')}@example.com")
    workspace_id, withdrawn_id, withdrawn = await invited(api, container, owner, f"{unique('w')}@example.com")
    pool = await container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = %s", (expired_id,)
        )
    revoked = await api.delete(
        f"{V1}/workspaces/{workspace_id}/invitations/{withdrawn_id}", headers=owner.headers
    )
    assert revoked.status_code == 204
    answers = [
        gone(await api.get(f"{V1}/invitations/{token}"))
        for token in (expired, withdrawn, "cki_" + "x" * 43, "not-even-a-token")
    ]
    assert all(answer == answers[0] for answer in answers)
    assert (await api.get(f"{V1}/invitations/{'x' * 201}")).status_code == 422


async def test_an_inviter_without_a_name_is_shown_by_address(
    api: httpx.AsyncClient, container: Container
) -> None:
    owner = await new_user(container, name="")
    _, _, token = await invited(api, container, owner, f"{unique('n')}@example.com", "viewer")
    assert (await api.get(f"{V1}/invitations/{token}")).json()["inviter_name"] == owner.email


async def test_lookups_are_limited_per_ip(api: httpx.AsyncClient, container: Container) -> None:
    owner = await new_user(container)
    _, _, token = await invited(api, container, owner, f"{unique('g')}@example.com")
    allowed = ratelimit.INVITATION_LOOKUP_PER_IP.count
    for n in range(allowed - 1):  # guesses count too
        assert (await api.get(f"{V1}/invitations/cki_guess{n}")).status_code == 404
    assert (await api.get(f"{V1}/invitations/{token}")).status_code == 200
    limited = await api.get(f"{V1}/invitations/{token}")
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["retry-after"]) <= ratelimit.INVITATION_LOOKUP_PER_IP.window_seconds


def test_the_route_is_public_and_documented() -> None:
    route = create_api().openapi()["paths"][f"{V1}/invitations/{{token}}"]["get"]
    assert {"200", "404", "429"} <= set(route["responses"])
    assert "invitation_not_found" in route["responses"]["404"]["description"]
    assert "rate_limited" in route["responses"]["429"]["description"]
