"""One post, one action, every platform: the pipeline publishes to all twelve platform fakes, the
sandbox and the feed, connecting each account the way a person would (OAuth through the API, or
credentials), and settles slow platforms through the status-check queue.

Everything is real except the platforms: the API in process, PostgreSQL, Azurite (media served by
short-lived SAS URLs the fakes fetch), and each platform fake over HTTP.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from shared.bootstrap import Container
from shared.domain.posts import TargetStatus
from tests.conftest import Stack, unique
from tests.fakes.platforms.everywhere import Everywhere, connect_all, running_fakes
from tests.integration.harness import SignedIn, everywhere_in_process, publish_everywhere


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
