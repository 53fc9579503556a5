"""What the web composer reads besides posts: the platforms' per-account options in the catalog, and a
repeating post's first occurrences in the preview, computed by the rule the series will run."""

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.integration.test_posts import ws_path
from tests.integration.test_publishing import World, world  # noqa: F401 - the fixture


async def test_the_catalog_describes_each_platforms_options(world: World) -> None:
    response = await world.api.get("/api/v1/platforms")
    assert response.status_code == 200
    by_id = {p["platform"]: p for p in response.json()}
    youtube = {o["name"]: o for o in by_id["youtube"]["options"]}
    assert youtube["title"]["kind"] == "text"
    assert youtube["title"]["max_length"] == 100
    assert youtube["privacy"]["choices"] == ["public", "unlisted", "private"]
    assert youtube["privacy"]["default"] == "public"
    tiktok = {o["name"]: o for o in by_id["tiktok"]["options"]}
    assert tiktok["privacy"]["required"] is True
    assert tiktok["privacy"]["default"] is None
    assert by_id["sandbox"]["options"] == []
    assert by_id["feed"]["options"] == []
    for platform in by_id.values():
        for option in platform["options"]:
            assert (option["kind"] == "choice") == bool(option["choices"]), (platform["platform"], option)


async def test_preview_lists_a_series_first_occurrences_in_local_time(world: World) -> None:
    account = await world.connect()
    zone = ZoneInfo("Europe/Paris")
    year = datetime.now(UTC).year + 1
    # Mondays at 09:00 around the autumn change: the local time stays 09:00, the offset changes.
    october = datetime(year, 10, 18, 9, 0)
    first_monday = october + timedelta(days=(7 - october.weekday()) % 7)

    async def preview(**body: Any) -> dict[str, Any]:
        response = await world.api.post(
            f"{ws_path.format(world.workspace)}/preview",
            headers=world.headers,
            json={"text": "t", "targets": [{"account_id": account["id"]}], **body},
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    weekly = await preview(
        scheduled_at=first_monday.isoformat(), timezone="Europe/Paris", recurrence="FREQ=WEEKLY;COUNT=3"
    )
    assert weekly["ok"] is True, weekly
    instants = [datetime.fromisoformat(v) for v in weekly["occurrences"]]
    assert len(instants) == 3  # COUNT=3 ends the series
    assert [i.astimezone(zone).replace(tzinfo=None) for i in instants] == [
        first_monday + timedelta(weeks=n) for n in range(3)
    ]
    assert {i.astimezone(zone).utcoffset() for i in instants} == {timedelta(hours=2), timedelta(hours=1)}
    endless = await preview(scheduled_at=first_monday.isoformat(), recurrence="FREQ=DAILY")
    assert len(endless["occurrences"]) == 5
    once = await preview(scheduled_at=first_monday.isoformat())
    assert once["occurrences"] == []
    wrong = await preview(scheduled_at=first_monday.isoformat(), recurrence="FREQ=SECONDLY")
    assert [p["code"] for p in wrong["problems"]] == ["invalid_recurrence"]
    assert wrong["occurrences"] == []
