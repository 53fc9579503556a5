"""What the web app's pages read: a dashboard's counts by status, the posts one member wrote, and
the calendar narrowed to one account or one platform, with each post's author."""

from datetime import UTC, datetime, timedelta

from tests.integration.test_posts import add_member, ws_path
from tests.integration.test_publishing import World, world  # noqa: F401 - the fixture

LATER = datetime.now(UTC) + timedelta(days=3)


async def test_summary_counts_posts_by_status(world: World) -> None:
    path = f"{ws_path.format(world.workspace)}/summary"
    empty = await world.api.get(path, headers=world.headers)
    assert empty.status_code == 200, empty.text
    assert empty.json() == {
        "draft": 0,
        "pending_approval": 0,
        "scheduled": 0,
        "publishing": 0,
        "published": 0,
        "partially_published": 0,
        "failed": 0,
        "cancelled": 0,
        "total": 0,
    }
    account = await world.connect()
    for hours in (1, 2):
        await world.post([account["id"]], scheduled_at=(LATER + timedelta(hours=hours)).isoformat())
    await world.post([account["id"]], draft=True)
    cancelled = await world.post([account["id"]], scheduled_at=LATER.isoformat())
    response = await world.api.post(
        f"{ws_path.format(world.workspace)}/{cancelled['id']}/cancel", headers=world.headers
    )
    assert response.status_code == 200, response.text
    counts = (await world.api.get(path, headers=world.headers)).json()
    assert (counts["scheduled"], counts["draft"], counts["cancelled"], counts["total"]) == (2, 1, 1, 4)
    assert counts["failed"] == counts["published"] == counts["pending_approval"] == 0


async def test_summary_is_not_mistaken_for_a_post_id(world: World) -> None:
    # /posts/summary is its own route; an id that is not a UUID is still a validation failure.
    response = await world.api.get(f"{ws_path.format(world.workspace)}/summaries", headers=world.headers)
    assert response.status_code == 422


async def test_list_filters_by_author(world: World) -> None:
    account = await world.connect()
    contributor = await add_member(world, "contributor")
    path = ws_path.format(world.workspace)
    mine = await world.post([account["id"]], text="Owner's", draft=True)
    theirs = await world.api.post(
        path,
        headers=contributor,
        json={"text": "Contributor's", "targets": [{"account_id": account["id"]}], "draft": True},
    )
    assert theirs.status_code == 201, theirs.text
    author = theirs.json()["created_by"]
    found = (await world.api.get(path, params={"author_id": author}, headers=world.headers)).json()
    assert [p["text"] for p in found["items"]] == ["Contributor's"]
    owner = mine["created_by"]
    found = (await world.api.get(path, params={"author_id": owner}, headers=world.headers)).json()
    assert [p["text"] for p in found["items"]] == ["Owner's"]
    refused = await world.api.get(path, params={"author_id": "nobody"}, headers=world.headers)
    assert refused.status_code == 422


async def test_calendar_filters_by_account_and_platform_and_names_the_author(world: World) -> None:
    first = await world.connect()
    second = await world.connect()
    await world.post([first["id"]], text="To the first", scheduled_at=LATER.isoformat())
    await world.post(
        [first["id"], second["id"]], text="To both", scheduled_at=(LATER + timedelta(hours=1)).isoformat()
    )
    await world.post(
        [second["id"]], text="To the second", scheduled_at=(LATER + timedelta(hours=2)).isoformat()
    )
    window = {
        "from": (LATER - timedelta(days=1)).isoformat(),
        "to": (LATER + timedelta(days=1)).isoformat(),
        "timezone": "UTC",
    }

    async def texts(**params: str) -> list[str]:
        response = await world.api.get(
            f"/api/v1/workspaces/{world.workspace}/calendar",
            params={**window, **params},
            headers=world.headers,
        )
        assert response.status_code == 200, response.text
        return [p["text"] for day in response.json()["days"] for p in day["posts"]]

    assert await texts() == ["To the first", "To both", "To the second"]
    assert await texts(account_id=second["id"]) == ["To both", "To the second"]
    assert await texts(platform="sandbox") == ["To the first", "To both", "To the second"]
    assert await texts(platform="mastodon") == []
    response = await world.api.get(
        f"/api/v1/workspaces/{world.workspace}/calendar", params=window, headers=world.headers
    )
    posts = [p for day in response.json()["days"] for p in day["posts"]]
    me = (await world.api.get("/api/v1/me", headers=world.headers)).json()
    assert {p["created_by"] for p in posts} == {me["id"]}
    both = next(p for p in posts if p["text"] == "To both")
    assert both["platforms"] == ["sandbox"]
