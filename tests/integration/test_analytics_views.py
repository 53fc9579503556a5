"""Analytics people read, against the Cosmos emulator and a sandbox whose clock the tests hold.

- The sandbox's audience is predicted exactly by its model (shared/platforms/sandbox_audience.py).
- Sums across platforms add like with like; a metric a platform lacks is null, never 0.
- The summary compares with the previous period; followers grow by day and by week.
- Best times show a rate only from the stated minimum of posts per cell.
- Live figures are cached per account across requests; when the platform fails, is rate limited or the
  token is expired, the stored figures are shown with their age, and the platform rests.
- The CLI runs its two modes through the collector; "collect now" is limited; every view is a CSV.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import io
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from aiohttp import web
from azure.storage.queue.aio import QueueClient

from shared.bootstrap import Container
from shared.domain.rollups import day_start, stamp
from shared.platforms import sandbox_audience as audience
from shared.services import analytics, analytics_views, seed
from shared.services.analytics_views import Filters
from tests.conftest import Stack, stack_settings, unique
from tests.fakes.platforms.everywhere import Everywhere, connect, running_fakes
from tests.integration.harness import SignedIn, settle_post, signed_in_app
from tools import collect_analytics
from tools.sandbox.server import SANDBOX
from tools.sandbox.server import create_app as create_sandbox


class Clock:
    """The sandbox's clock: still (from when the test began), unless the test moves it."""

    def __init__(self) -> None:
        self.now = float(int(datetime.now(UTC).timestamp()))

    def __call__(self) -> float:
        return self.now

    def advance(self, hours: float) -> datetime:
        self.now += hours * 3600
        return self.at

    @property
    def at(self) -> datetime:
        return datetime.fromtimestamp(self.now, UTC)


@dataclass
class World:
    container: Container
    signed_in: SignedIn
    clock: Clock
    sandbox: web.Application
    control: httpx.AsyncClient  # the sandbox's own HTTP API (control routes)

    @property
    def url(self) -> str:
        return f"/api/v1/workspaces/{self.signed_in.workspace}"

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.signed_in.api.get(
            f"{self.url}/{path}", params=params, headers=self.signed_in.headers
        )

    async def ok(self, path: str, **params: Any) -> dict[str, Any]:
        response = await self.get(path, **params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def calls(self, route: str) -> int:
        return int(self.sandbox[SANDBOX].requests_by_route.get(route, 0))


@pytest.fixture(scope="module")
def fakes() -> Iterator[Everywhere]:
    with running_fakes() as found:
        yield found


@pytest.fixture
async def world(stack: Stack, fakes: Everywhere) -> AsyncIterator[World]:
    clock = Clock()
    app = create_sandbox(clock=clock, token_ttl_seconds=10**8)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    settings = stack_settings(
        stack,
        **fakes.settings(),
        SANDBOX_MODE=True,
        SANDBOX_BASE_URL=url,
        PUBLIC_BASE_URL="http://testserver",
        ANALYTICS_QUEUE=unique("analytics"),
        ANALYTICS_BEST_TIMES_MIN_POSTS=3,
    )
    container = Container(settings)
    try:
        for queue in (settings.publish_queue, settings.status_check_queue, settings.analytics_queue):
            await container.queue.create_queue(queue)
        await container.blob.create_container(settings.media_container)
        await container.cosmos.create_schema()
        async with (
            signed_in_app(container, workspace_name="Analytics") as signed_in,
            httpx.AsyncClient(base_url=url) as control,
        ):
            yield World(container, signed_in, clock, app, control)
    finally:
        await container.cosmos.delete_database()
        await container.aclose()
        await runner.cleanup()


async def sandbox_account(world: World, handle: str) -> tuple[str, str]:
    """Connect a sandbox account: (our account id, the sandbox's id for it)."""
    response = await world.signed_in.api.post(
        f"{world.url}/accounts/connect/sandbox", json={"handle": handle}, headers=world.signed_in.headers
    )
    assert response.status_code == 201, response.text
    account_id = response.json()["id"]
    return account_id, await external_id(world, account_id)


async def external_id(world: World, account_id: str) -> str:
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT external_id FROM social_accounts WHERE id = %s", (account_id,))
        row = await cursor.fetchone()
    assert row is not None
    return str(row[0])


async def publish(world: World, account_ids: list[str], text: str) -> dict[str, Any]:
    created = await world.signed_in.api.post(
        f"{world.url}/posts",
        json={"text": text, "targets": [{"account_id": a} for a in account_ids], "publish_now": True},
        headers=world.signed_in.headers,
    )
    assert created.status_code == 201, created.text
    post = await settle_post(world.container, world.signed_in, created.json()["id"])
    assert post["status"] == "published", post
    return post


async def snapshots(world: World, kind: str, account_id: str) -> list[dict[str, Any]]:
    return await world.container.cosmos.query(
        kind, "SELECT * FROM c WHERE c.accountId = @a", {"@a": account_id}, partition_key=account_id
    )


# --- the sandbox's audience -----------------------------------------------------------------------


async def test_the_sandbox_audience_is_what_its_model_predicts(world: World) -> None:
    account_id, sandbox_id = await sandbox_account(world, unique("pred"))
    post = await publish(world, [account_id], "Predictable")
    target = post["targets"][0]
    at = world.clock.advance(5)

    result = await analytics.collect_account(world.container, UUID(account_id))

    assert (result["outcome"], result["account"], result["posts"]) == ("collected", True, 1)
    expected = audience.post_figures(sandbox_id, target["external_id"], at)
    assert expected["impressions"] > 0
    assert "views" not in expected  # no video
    (snapshot,) = await snapshots(world, analytics.POST_METRICS, account_id)
    assert snapshot["metrics"] == expected
    assert snapshot["figures"] == {
        **{k: v for k, v in expected.items() if k != "likes"},
        "reactions": expected["likes"],
    }
    (account,) = await snapshots(world, analytics.ACCOUNT_METRICS, account_id)
    assert account["followers"] == audience.followers(sandbox_id, at.date())
    assert account["figures"] == {"followers": account["followers"]}

    # Later the figures have grown, as the model says.
    later = world.clock.advance(20)
    await analytics.collect_account(world.container, UUID(account_id), mode="posts")
    shown = await world.ok(f"posts/{post['id']}/metrics")
    assert shown["targets"][0]["metrics"] == audience.post_figures(sandbox_id, target["external_id"], later)
    assert shown["targets"][0]["metrics"]["impressions"] > expected["impressions"]


# --- like with like -------------------------------------------------------------------------------


async def test_sums_add_like_with_like_and_a_missing_metric_is_null(world: World, fakes: Everywhere) -> None:
    sandbox_id, sandbox_external = await sandbox_account(world, unique("like"))
    (mastodon,) = await connect(
        world.signed_in.api, world.signed_in.workspace, "mastodon", fakes, world.signed_in.headers
    )
    post = await publish(world, [sandbox_id, mastodon["id"]], "Everywhere at once")
    targets = {t["platform"]: t for t in post["targets"]}
    status = fakes.mastodon.status(targets["mastodon"]["external_id"])
    status.update(favourites_count=7, reblogs_count=3, replies_count=2)
    at = world.clock.advance(6)
    for account_id in (sandbox_id, mastodon["id"]):
        assert (await analytics.collect_account(world.container, UUID(account_id)))["outcome"] == "collected"
    await analytics.rollup_workspace(world.container, UUID(world.signed_in.workspace))
    native = audience.post_figures(sandbox_external, targets["sandbox"]["external_id"], at)

    found = await world.ok("analytics/summary")
    metrics = {m["metric"]: m for m in found["metrics"]}
    assert (metrics["impressions"]["value"], metrics["impressions"]["platforms"]) == (
        native["impressions"],
        ["sandbox"],
    )
    assert metrics["reactions"]["value"] == native["likes"] + 7
    assert metrics["reactions"]["platforms"] == ["mastodon", "sandbox"]
    assert metrics["shares"]["value"] == native["shares"] + 3
    assert metrics["comments"]["value"] == native["comments"] + 2
    # The sandbox reports views of videos; this post had none: not available, never 0.
    assert metrics["views"]["value"] is None
    assert found["posts"]["value"] == 2
    # Mastodon reports no audience figure: it has no engagement rate and adds nothing to the rate.
    engaged = native["likes"] + native["comments"] + native["shares"] + native["saves"]
    assert found["engagements"]["value"] == engaged
    assert found["engagement_rate"]["value"] == pytest.approx(engaged / native["impressions"])
    by = {p["platform"]: p for p in found["platforms"]}
    assert by["mastodon"]["figures"]["impressions"] is None
    assert by["mastodon"]["figures"]["reactions"] == 7
    assert by["mastodon"]["engagement_rate"] is None
    assert by["sandbox"]["figures"]["reach"] == native["reach"]
    assert found["followers"]["value"] == audience.followers(sandbox_external, at.date()) + 42
    assert (found["source"], found["as_of"] is not None) == ("stored", True)
    assert "impressions" in found["engagement_rate_definition"]

    only_mastodon = await world.ok("analytics/summary", platform="mastodon")
    metrics = {m["metric"]: m["value"] for m in only_mastodon["metrics"]}
    assert (metrics["impressions"], metrics["reach"], metrics["reactions"]) == (None, None, 7)
    assert only_mastodon["engagement_rate"]["value"] is None
    only_sandbox = await world.ok("analytics/summary", account_id=sandbox_id)
    assert {m["metric"]: m["value"] for m in only_sandbox["metrics"]}["reactions"] == native["likes"]

    ranked = await world.ok("analytics/posts", metric="impressions")
    assert [i["platform"] for i in ranked["items"]] == ["sandbox"]
    assert ranked["not_reported_by"] == ["mastodon"]
    assert ranked["items"][0]["text"] == "Everywhere at once"
    assert ranked["items"][0]["figures"]["impressions"] == native["impressions"]
    by_reactions = await world.ok("analytics/posts", metric="reactions", order="bottom")
    assert [i["figures"]["reactions"] for i in by_reactions["items"]] == sorted([7, native["likes"]])
    by_rate = await world.ok("analytics/posts", metric="engagement_rate")
    assert [i["platform"] for i in by_rate["items"]] == ["sandbox"]

    history = await world.ok(f"posts/{post['id']}/metrics/history")
    points = {t["platform"]: t["points"] for t in history["targets"]}
    assert [p["figures"]["reactions"] for p in points["mastodon"]] == [7]
    assert points["mastodon"][0]["figures"]["impressions"] is None


# --- periods, followers, best times (rollups written as collections would) ------------------------


async def write_post(world: World, account_id: str, published: datetime, figures: dict[str, int]) -> None:
    """A post rollup as the collector writes it, for a post of the sandbox account."""
    from shared.domain.metrics import engagement
    from shared.platforms.sandbox import CAPABILITIES

    engaged = engagement(figures, CAPABILITIES.post_vocabulary)
    target = str(UUID(int=int(published.timestamp() * 1000) + len(figures)))
    await world.container.cosmos.upsert(
        analytics.POST_ROLLUPS,
        {
            "id": target,
            "workspaceId": world.signed_in.workspace,
            "accountId": account_id,
            "targetId": target,
            "postId": target,
            "platform": "sandbox",
            "publishedAt": stamp(published),
            "figures": figures,
            "metrics": figures,
            "engagements": engaged.engagements,
            "audience": engaged.audience,
            "rate": engaged.rate,
            "series": {},
            "fetchedAt": stamp(published),
            "via": "collection",
        },
    )


async def write_followers(world: World, account_id: str, day: date, count: int) -> None:
    await world.container.cosmos.upsert(
        analytics.ACCOUNT_ROLLUPS,
        {
            "id": f"{account_id}:{day.isoformat()}",
            "workspaceId": world.signed_in.workspace,
            "accountId": account_id,
            "platform": "sandbox",
            "day": day.isoformat(),
            "followers": count,
            "figures": {"followers": count},
        },
    )


async def test_the_summary_compares_with_the_previous_period_and_followers_grow(world: World) -> None:
    account_id, _ = await sandbox_account(world, unique("period"))
    ws = UUID(world.signed_in.workspace)
    today = datetime.now(UTC).date()  # the workspace's zone is UTC
    noon = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
    for back, figures in (
        (2, {"impressions": 300, "reach": 200, "reactions": 30}),
        (4, {"impressions": 100, "reach": 80, "reactions": 5}),
        (9, {"impressions": 200, "reach": 150, "reactions": 10}),
    ):
        await write_post(world, account_id, noon - timedelta(days=back), figures)
    # Followers collected on each of the last 14 days, except one day when nothing ran.
    for back in range(14, -1, -1):
        if back == 5:
            continue
        day = today - timedelta(days=back)
        await write_followers(world, account_id, day, 1000 + (14 - back) ** 2)
        await analytics.rollup_workspace(world.container, ws, now=day_start(day, "UTC") + timedelta(hours=23))

    found = await world.ok("analytics/summary", **{"from": (today - timedelta(days=6)).isoformat()})
    assert found["period"] == {
        "from": (today - timedelta(days=6)).isoformat(),
        "to": today.isoformat(),
        "days": 7,
    }
    assert found["previous_period"]["to"] == (today - timedelta(days=7)).isoformat()
    metrics = {m["metric"]: m for m in found["metrics"]}
    impressions = metrics["impressions"]
    assert (impressions["value"], impressions["previous"], impressions["change"]) == (400, 200, 200)
    assert impressions["change_percent"] == pytest.approx(100.0)
    assert (found["posts"]["value"], found["posts"]["previous"]) == (2, 1)
    assert found["engagement_rate"]["value"] == pytest.approx(35 / 400)
    assert found["engagement_rate"]["previous"] == pytest.approx(10 / 200)
    # Followers: 1196 today, 1049 at the end of the day before the period, 1000 a week before that.
    assert (found["followers"]["value"], found["followers"]["previous"]) == (1196, 1049)
    assert (found["followers_gained"]["value"], found["followers_gained"]["previous"]) == (147, 49)

    daily = await world.ok("analytics/followers", **{"from": (today - timedelta(days=6)).isoformat()})
    assert (daily["start"], daily["end"], daily["change"]) == (1049, 1196, 147)
    values = [p["followers"] for p in daily["total"]]
    # The day without a collection keeps the day before's count.
    assert values == [1064, 1064, 1100, 1121, 1144, 1169, 1196]
    assert [p["change"] for p in daily["total"]] == [15, 0, 36, 21, 23, 25, 27]
    (account,) = daily["accounts"]
    assert (account["account_id"], account["platform"], account["change"]) == (account_id, "sandbox", 147)
    assert account["points"] is None  # each account's points only when asked: they read every count
    since = {"from": (today - timedelta(days=6)).isoformat()}
    for asked in ({"account_points": "true"}, {"account_id": account_id}):
        detailed = await world.ok("analytics/followers", **since, **asked)
        assert [p["followers"] for p in detailed["total"]] == values, asked
        (account,) = detailed["accounts"]
        assert [p["followers"] for p in account["points"]] == values, asked
        assert (account["start"], account["end"]) == (1049, 1196)
    elsewhere = await world.ok("analytics/followers", platform="x", **since)
    assert (elsewhere["total"][-1]["followers"], elsewhere["accounts"]) == (None, [])
    weekly = await world.ok(
        "analytics/followers", by="week", **{"from": (today - timedelta(days=13)).isoformat()}
    )
    assert weekly["total"][0]["day"] == (today - timedelta(days=13)).isoformat()
    assert all(date.fromisoformat(p["day"]).weekday() == 0 for p in weekly["total"][1:])
    assert weekly["total"][-1]["followers"] == 1196
    assert sum(p["change"] for p in weekly["total"] if p["change"] is not None) == 1196 - 1000

    # An account connected during the period brings its audience to the total, not to the gain.
    newcomer, _ = await sandbox_account(world, unique("newcomer"))
    for back in range(2, -1, -1):
        day = today - timedelta(days=back)
        await write_followers(world, account_id, day, 1000 + (14 - back) ** 2)
        await write_followers(world, newcomer, day, 5000 + back)
        await analytics.rollup_workspace(world.container, ws, now=day_start(day, "UTC") + timedelta(hours=23))
    joined = await world.ok("analytics/summary", **since)
    assert joined["followers"]["value"] == 1196 + 5000
    assert joined["followers_gained"]["value"] == 147
    joined_growth = await world.ok("analytics/followers", **since)
    assert (joined_growth["end"], joined_growth["change"]) == (1196 + 5000, 147)

    # Periods are checked.
    backwards = await world.get("analytics/summary", **{"from": today.isoformat(), "to": "2020-01-01"})
    assert (backwards.status_code, backwards.json()["error"]["code"]) == (422, "invalid_range")
    too_long = await world.get("analytics/followers", **{"from": "2020-01-01", "to": "2022-01-01"})
    assert (too_long.status_code, too_long.json()["error"]["code"]) == (422, "range_too_long")
    ancient = await world.get("analytics/best-times", **{"from": "0001-01-01", "to": "0001-02-01"})
    assert (ancient.status_code, ancient.json()["error"]["code"]) == (422, "invalid_range")


async def test_the_summary_says_each_days_posts_and_engagement(world: World) -> None:
    account_id, _ = await sandbox_account(world, unique("days"))
    ws = UUID(world.signed_in.workspace)
    today = datetime.now(UTC).date()  # the workspace's zone is UTC
    noon = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
    await write_post(world, account_id, noon - timedelta(days=1), {"impressions": 300, "reactions": 30})
    await write_post(
        world, account_id, noon - timedelta(days=1, hours=2), {"impressions": 100, "reactions": 6}
    )
    await write_post(world, account_id, noon - timedelta(days=3), {"impressions": 200, "reactions": 10})
    await write_post(world, account_id, noon - timedelta(days=9), {"impressions": 500, "reactions": 50})
    await analytics.rollup_workspace(world.container, ws)

    found = await world.ok("analytics/summary", **{"from": (today - timedelta(days=6)).isoformat()})
    days = found["days"]
    assert [d["day"] for d in days] == [
        (today - timedelta(days=back)).isoformat() for back in range(6, -1, -1)
    ]
    by_day = {d["day"]: d for d in days}
    yesterday = by_day[(today - timedelta(days=1)).isoformat()]
    assert (yesterday["posts"], yesterday["posts_by_platform"], yesterday["engagements"]) == (
        2,
        {"sandbox": 2},
        36,
    )
    assert yesterday["engagement_rate"] == pytest.approx(36 / 400)
    assert by_day[(today - timedelta(days=3)).isoformat()]["engagement_rate"] == pytest.approx(10 / 200)
    # A day without posts has no engagement to show: null (a gap), not 0.
    quiet = by_day[(today - timedelta(days=2)).isoformat()]
    assert (quiet["posts"], quiet["posts_by_platform"], quiet["engagements"], quiet["engagement_rate"]) == (
        0,
        {},
        None,
        None,
    )
    # The days add up to the period's totals; the post before the period is not among them.
    assert sum(d["posts"] for d in days) == found["posts"]["value"] == 3
    assert sum(d["engagements"] or 0 for d in days) == found["engagements"]["value"]
    elsewhere = await world.ok("analytics/summary", platform="x")
    assert all(d["posts"] == 0 and d["engagements"] is None for d in elsewhere["days"])


async def test_best_times_need_the_minimum_of_posts_per_cell(world: World) -> None:
    account_id, _ = await sandbox_account(world, unique("best"))
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday() + 7)
    tuesday = monday + timedelta(days=1)
    at_two = [datetime(d.year, d.month, d.day, 14, 10, tzinfo=UTC) for d in (monday,)]
    rates = []
    for week in range(3):  # three Mondays at 14:00: enough
        when = at_two[0] - timedelta(days=7 * week)
        figures = {"impressions": 1000, "reach": 500, "reactions": 40 + week * 10}
        rates.append(figures["reactions"])
        await write_post(world, account_id, when, figures)
    for week in range(2):  # two Tuesdays at 09:00: not enough
        when = datetime(tuesday.year, tuesday.month, tuesday.day, 9, tzinfo=UTC) - timedelta(days=7 * week)
        await write_post(world, account_id, when, {"impressions": 1000, "reach": 500, "reactions": 200})
    await analytics.rollup_workspace(world.container, UUID(world.signed_in.workspace))

    found = await world.ok("analytics/best-times")
    assert found["min_posts"] == 3
    (grid,) = found["platforms"]
    cells = {(c["weekday"], c["hour"]): c for c in grid["cells"]}
    assert len(cells) == 168
    monday_cell = cells[(0, 14)]
    assert (monday_cell["posts"], monday_cell["rated_posts"], monday_cell["finding"]) == (3, 3, True)
    assert monday_cell["engagement_rate"] == pytest.approx(sum(rates) / 3000)
    tuesday_cell = cells[(1, 9)]
    # Its rate would be higher, but two posts are not a finding: no rate is shown.
    assert (tuesday_cell["posts"], tuesday_cell["engagement_rate"], tuesday_cell["finding"]) == (
        2,
        None,
        False,
    )
    assert [(c["weekday"], c["hour"]) for c in grid["best"]] == [(0, 14)]
    assert grid["enough_data"] is True
    assert grid["posts"] == 5
    # One post fewer on Monday, and there is no finding at all.
    narrow = await world.ok("analytics/best-times", **{"from": (monday - timedelta(days=7)).isoformat()})
    assert narrow["platforms"][0]["enough_data"] is False
    assert narrow["platforms"][0]["best"] == []

    exported = await world.get("analytics/best-times", format="csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 168
    assert next(r for r in rows if r["weekday"] == "Tuesday" and r["hour"] == "9")["finding"] == (
        "not enough data yet"
    )


# --- live, with a fallback ------------------------------------------------------------------------


async def fault(world: World, **rule: Any) -> None:
    response = await world.control.post("/_control/faults", json={"path": "/metrics", **rule})
    assert response.status_code == 201, response.text


async def test_live_figures_are_cached_per_account_and_stored(world: World) -> None:
    account_id, sandbox_id = await sandbox_account(world, unique("live"))
    post = await publish(world, [account_id], "Live")
    world.clock.advance(2)
    before = world.calls("GET /metrics/account")

    first = await world.ok(f"analytics/accounts/{account_id}", live="true")
    second = await world.ok(f"analytics/accounts/{account_id}", live="true")

    assert first["source"] == second["source"] == "live"
    assert first["live_error"] is None
    assert first["followers"] == audience.followers(sandbox_id, world.clock.at.date())
    assert first["figures"] == {
        "followers": first["followers"],
        "impressions": None,
        "reach": None,
        "views": None,
    }
    assert second["as_of"] == first["as_of"]
    assert world.calls("GET /metrics/account") == before + 1  # the second view spent nothing
    # What was fetched live is stored: history grows from what people looked at.
    (stored,) = await snapshots(world, analytics.ACCOUNT_METRICS, account_id)
    assert stored["via"] == "live"
    posted = await snapshots(world, analytics.POST_METRICS, account_id)
    assert [p["via"] for p in posted] == ["live"]
    # The post page uses the same cache entry.
    shown = await world.ok(f"posts/{post['id']}/metrics", live="true")
    assert shown["targets"][0]["source"] == "live"
    assert world.calls("GET /metrics/posts") == 1
    # Without live, the same figures are what is stored.
    assert (await world.ok(f"analytics/accounts/{account_id}"))["source"] == "stored"

    # Viewers at the same moment share one question to the platform.
    other, _ = await sandbox_account(world, unique("crowd"))
    await fault(world, handle="*", kind="slow", delay_seconds=0.5, count=1)
    calls = world.calls("GET /metrics/account")
    crowd = await asyncio.gather(*(world.ok(f"analytics/accounts/{other}", live="true") for _ in range(4)))
    assert {c["source"] for c in crowd} == {"live"}
    assert world.calls("GET /metrics/account") == calls + 1

    # Once the cache has passed, the platform is asked again.
    pool = await world.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE analytics_live_fetches SET fetched_at = fetched_at - interval '1 hour'"
            " WHERE social_account_id = %s",
            (account_id,),
        )
    calls = world.calls("GET /metrics/account")
    again = await world.ok(f"analytics/accounts/{account_id}", live="true")
    assert again["source"] == "live"
    assert world.calls("GET /metrics/account") == calls + 1


async def test_when_the_platform_fails_the_stored_figures_are_shown_with_their_age(world: World) -> None:
    account_id, _ = await sandbox_account(world, unique("down"))
    await publish(world, [account_id], "Down")
    await analytics.collect_account(world.container, UUID(account_id))
    stored = await world.ok(f"analytics/accounts/{account_id}")
    await fault(world, handle="*", kind="server_error", count=5)
    calls = world.calls("GET /metrics/account")

    down = await world.ok(f"analytics/accounts/{account_id}", live="true")

    assert down["source"] == "stored"
    assert down["as_of"] == stored["as_of"]
    assert down["age_seconds"] >= 0
    assert down["followers"] == stored["followers"]
    assert down["live_error"]["code"] == "platform_unavailable"
    assert down["live_error"]["retry_at"] is not None
    # The platform rests: the next views do not ask it again.
    again = await world.ok(f"analytics/accounts/{account_id}", live="true")
    assert again["live_error"]["code"] == "platform_unavailable"
    assert world.calls("GET /metrics/account") == calls + 1

    # Rate limited: shown stored, and not asked again before the platform's reset.
    limited, _ = await sandbox_account(world, unique("limited"))
    await world.control.delete("/_control/faults")
    await analytics.collect_account(world.container, UUID(limited))
    await fault(world, handle="*", kind="rate_limit", reset_after_seconds=600, count=1)
    shown = await world.ok(f"analytics/accounts/{limited}", live="true")
    assert (shown["source"], shown["live_error"]["code"]) == ("stored", "rate_limited")
    # The platform's reset (by the sandbox's clock, which stands still here).
    assert datetime.fromisoformat(shown["live_error"]["retry_at"]) == world.clock.at + timedelta(seconds=600)

    # An expired token the refresh cannot mend: stored, token_expired.
    expired, _ = await sandbox_account(world, unique("expired"))
    await analytics.collect_account(world.container, UUID(expired))
    await fault(world, handle="*", kind="expired_token", count=2)
    shown = await world.ok(f"analytics/accounts/{expired}", live="true")
    assert (shown["source"], shown["live_error"]["code"]) == ("stored", "token_expired")
    assert shown["followers"] is not None

    # Nothing stored yet and the platform down: nothing to show, and it says why.
    fresh, _ = await sandbox_account(world, unique("fresh"))
    await fault(world, handle="*", kind="server_error", count=1)
    empty = await world.ok(f"analytics/accounts/{fresh}", live="true")
    assert (empty["source"], empty["as_of"], empty["live_error"]["code"]) == (
        None,
        None,
        "platform_unavailable",
    )


async def test_a_token_both_halves_of_a_pull_find_expired_is_refreshed_once(world: World) -> None:
    handle = unique("stale")
    account_id, _ = await sandbox_account(world, handle)
    await publish(world, [account_id], "Stale token")
    expired = await world.control.post(f"/_control/accounts/{handle}", json={"expire_tokens_now": True})
    assert expired.status_code == 200, expired.text

    result = await analytics.collect_account(world.container, UUID(account_id))

    # The account's figures and its posts' are asked at once; both are told the token expired.
    assert (result["outcome"], result["account"], result["posts"]) == ("collected", True, 1)
    assert world.sandbox[SANDBOX].token_refreshes[handle] == 1


# --- collection you can drive ---------------------------------------------------------------------


async def test_the_cli_collects_accounts_only_or_posts_only(world: World) -> None:
    account_id, _ = await sandbox_account(world, unique("cli"))
    await publish(world, [account_id], "From the command line")
    ws = UUID(world.signed_in.workspace)

    accounts_only = await collect_analytics.collect(
        world.container, mode="accounts", workspace_id=ws, queue=False
    )

    assert accounts_only == {"accounts": 1, "collected": 1, "workspaces_rolled_up": 1}
    assert len(await snapshots(world, analytics.ACCOUNT_METRICS, account_id)) == 1
    assert await snapshots(world, analytics.POST_METRICS, account_id) == []
    assert world.calls("GET /metrics/posts") == 0

    world.clock.advance(1)
    # The command itself (it runs its own event loop, so off this one).
    argv = ["--posts-only", "--workspace", str(ws)]
    assert await asyncio.to_thread(collect_analytics.main, argv, settings=world.container.settings) == 0
    assert len(await snapshots(world, analytics.POST_METRICS, account_id)) == 1
    assert world.calls("GET /metrics/account") == 1  # posts only: the account was not asked again
    day = await world.container.cosmos.query(
        analytics.DAILY_ROLLUPS,
        "SELECT * FROM c WHERE c.workspaceId = @w",
        {"@w": str(ws)},
        partition_key=str(ws),
    )
    assert day[-1]["platforms"]["sandbox"]["n"] == 1
    assert account_id in day[-1]["followers"]

    # --queue hands the same pulls to the host's workers, in the chosen mode.
    assert await collect_analytics.collect(world.container, mode="posts", workspace_id=ws, queue=True) == {
        "queued": 1
    }
    queue = QueueClient.from_connection_string(
        world.container.settings.storage_connection_string, world.container.settings.analytics_queue
    )
    async with queue:
        (message,) = [m async for m in queue.receive_messages(max_messages=32)]
    assert analytics.parse_message(base64.b64decode(message.content)) == analytics.CollectRequest(
        UUID(account_id), "posts"
    )


async def test_collect_now_is_for_owners_and_admins_once_every_few_minutes(world: World) -> None:
    account_id, _ = await sandbox_account(world, unique("now"))
    api, headers = world.signed_in.api, world.signed_in.headers

    first = await api.post(f"{world.url}/analytics/collect", params={"mode": "accounts"}, headers=headers)
    again = await api.post(f"{world.url}/analytics/collect", headers=headers)

    assert first.status_code == 202, first.text
    assert (first.json()["mode"], first.json()["accounts_queued"]) == ("accounts", 1)
    assert (again.status_code, again.json()["error"]["code"]) == (429, "collect_too_soon")
    assert 0 < int(again.headers["Retry-After"]) <= 300
    queue = QueueClient.from_connection_string(
        world.container.settings.storage_connection_string, world.container.settings.analytics_queue
    )
    async with queue:
        (message,) = [m async for m in queue.receive_messages(max_messages=32)]
        assert (await queue.get_queue_properties()).approximate_message_count == 2  # and the rollup, later
    request = analytics.parse_message(base64.b64decode(message.content))
    assert request == analytics.CollectRequest(UUID(account_id), "accounts")
    assert isinstance(
        await analytics.handle_message(world.container, base64.b64decode(message.content)), dict
    )


# --- exports --------------------------------------------------------------------------------------


async def test_every_view_exports_as_csv(world: World) -> None:
    account_id, _ = await sandbox_account(world, unique("csv"))
    post = await publish(world, [account_id], "=SUM(1) is not a formula here")
    world.clock.advance(3)
    await analytics.collect_account(world.container, UUID(account_id))
    await analytics.rollup_workspace(world.container, UUID(world.signed_in.workspace))

    summary = await world.get("analytics/summary", format="csv", bom="true")
    assert summary.status_code == 200
    assert summary.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in summary.headers["content-disposition"]
    assert summary.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(summary.content.decode("utf-8-sig"))))
    assert {"platform", "metric", "value", "previous", "change"} <= set(rows[0])
    totals = {r["metric"]: r for r in rows if r["platform"] == ""}
    assert int(totals["impressions"]["value"]) > 0
    assert next(r for r in rows if r["platform"] == "sandbox" and r["metric"] == "views")["value"] == "0"

    ranked = await world.get("analytics/posts", format="csv")
    assert not ranked.content.startswith(b"\xef\xbb\xbf")
    (row,) = list(csv.DictReader(io.StringIO(ranked.text)))
    assert row["text"] == "'=SUM(1) is not a formula here"
    assert row["post_id"] == post["id"]

    followers = list(csv.DictReader(io.StringIO((await world.get("analytics/followers", format="csv")).text)))
    assert any(r["account_id"] == account_id for r in followers)
    history = list(
        csv.DictReader(
            io.StringIO((await world.get(f"posts/{post['id']}/metrics/history", format="csv")).text)
        )
    )
    assert [r["platform"] for r in history] == ["sandbox"]


# --- the demo seed --------------------------------------------------------------------------------


async def test_the_demo_seed_opens_on_a_dashboard_with_history(world: World) -> None:
    result = await seed.seed_demo(world.container)
    await seed.connect_demo_accounts(world.container, result)

    written = await seed.seed_history(world.container, result)

    assert written > 100
    assert await seed.seed_history(world.container, result) == 0  # once
    owner = seed._owner(result)
    found = await analytics_views.summary(world.container, owner, None, None, Filters())
    assert found.posts.value is not None
    assert found.posts.value >= 40
    assert (found.metrics["impressions"].value or 0) > 0
    assert found.followers.value is not None
    assert found.followers.value > 0
    growth = await analytics_views.followers(world.container, owner, None, None, Filters(), by="day")
    assert all(p.followers is not None for p in growth.total[-20:])
    best = await analytics_views.best_times(world.container, owner, None, None, Filters())
    (sandbox,) = [g for g in best.platforms if g.platform == "sandbox"]
    assert sandbox.enough_data
    ranked = await analytics_views.ranked_posts(
        world.container, owner, None, None, Filters(), metric="engagement_rate", order="top", limit=5
    )
    assert len(ranked.items) == 5
    # The seeded posts are the sandbox's: a collection now reads the same figures the seed wrote.
    (first,) = ranked.items[:1]
    pool = await world.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT external_id FROM post_targets WHERE id = %s", (first.target_id,))
        row = await cursor.fetchone()
    assert row is not None
    assert audience.published_at(row[0]) == first.published_at
