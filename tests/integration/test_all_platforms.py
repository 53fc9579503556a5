"""One post, one action, every platform: the pipeline publishes to all twelve platform fakes, the
sandbox and the feed, connecting each account the way a person would (OAuth through the API, or
credentials), and settles slow platforms through the status-check queue.

Everything is real except the platforms: the API in process, PostgreSQL, Azurite (media served by
short-lived SAS URLs the fakes fetch), and each platform fake over HTTP.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from shared.bootstrap import Container
from shared.domain.posts import MediaFacts, TargetStatus, check_target
from tests.conftest import Stack, unique
from tests.fakes.platforms.everywhere import Everywhere, connect_all, running_fakes, upload
from tests.integration.harness import SignedIn, everywhere_in_process, publish_everywhere, settle_post
from tests.integration.platforms.conftest import jpeg, mp4


@pytest.fixture(scope="module")
def fakes() -> Iterator[Everywhere]:
    with running_fakes() as found:
        yield found


@pytest.fixture
async def world(stack: Stack, fakes: Everywhere) -> AsyncIterator[tuple[Container, SignedIn]]:
    async with everywhere_in_process(stack, fakes) as (container, signed_in):
        yield container, signed_in


async def test_one_post_goes_to_every_platform_exactly_once(
    world: tuple[Container, SignedIn], fakes: Everywhere
) -> None:
    container, signed_in = world
    accounts = await connect_all(
        signed_in.api, signed_in.workspace, fakes, sandbox=unique("all"), headers=signed_in.headers
    )

    after = await publish_everywhere(container, signed_in, accounts)

    by_platform = {t["platform"]: t for t in after["targets"]}
    failures = {
        p: (t["status"], t["error"]) for p, t in by_platform.items() if t["status"] != TargetStatus.PUBLISHED
    }
    assert failures == {}
    assert set(by_platform) == set(accounts)
    assert after["status"] == "published"
    for platform, target in by_platform.items():
        assert target["external_id"], platform
        assert target["external_url"], platform
        assert target["attempts"] >= 1


async def test_every_platform_publishes_every_file_it_accepted(
    world: tuple[Container, SignedIn], fakes: Everywhere
) -> None:
    """Nothing accepted at preview is dropped at publish: each platform gets as many images as its
    capabilities accept (up to three here), or its one video, and its post carries every one."""
    container, signed_in = world
    api, headers, ws = signed_in.api, signed_in.headers, signed_in.workspace
    accounts = await connect_all(api, ws, fakes, sandbox=unique("media"), headers=headers)
    images = [
        await upload(api, ws, (f"{unique('i')}.jpg", jpeg((1080, 1080), color), "image/jpeg"), headers)
        for color in ("teal", "orange", "navy")
    ]
    # Not the other test's video: YouTube refuses the same file twice on a channel.
    video = await upload(api, ws, ("other.mp4", mp4(frames=25, size=(720, 1280)), "video/mp4"), headers)
    targets, attached = [], {}
    for platform, account in accounts.items():
        caps = container.connector(platform).capabilities
        if "image" in caps.media_kinds:
            media = images[: min(caps.max_images or caps.max_media, len(images))]
            target = {"account_id": account["id"], "media_ids": media}
        else:
            media = [video]
            target = {
                "account_id": account["id"],
                "media_ids": media,
                "options": {"title": "Every file", "privacy": "public"},
            }
        kind = "video" if media == [video] else "image"
        # Preview accepts it (so publishing must send all of it).
        assert not check_target(caps, platform, "Every file", [MediaFacts(kind, 1000)] * len(media))
        targets.append(target)
        attached[platform] = len(media)

    created = await api.post(
        f"/api/v1/workspaces/{ws}/posts",
        json={"text": f"Every file {unique('f')}", "targets": targets, "publish_now": True},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    after = await settle_post(container, signed_in, created.json()["id"])

    failures = {t["platform"]: t["error"] for t in after["targets"] if t["status"] != "published"}
    assert failures == {}
    received = fakes.media_on_latest()
    received["feed"] = await feed_media_count(container, after)
    assert {p: received[p] for p in attached if p != "sandbox"} == {
        p: n for p, n in attached.items() if p != "sandbox"
    }


async def feed_media_count(container: Container, post: dict[str, Any]) -> int:
    """Files on the feed post the feed target published."""
    [target] = [t for t in post["targets"] if t["platform"] == "feed"]
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM feed_post_media WHERE feed_post_id = %s", (target["external_id"],)
        )
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])
