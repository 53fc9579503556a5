"""A server error after the platform already posted: the pipeline settles it with exactly one post.

Each platform fake is told to act on the create (post the message, pin, video...) and then answer
500, as a proxy in front of a platform does. The post then goes through the real pipeline (queue
worker, status checks, retries made due at once) until it settles. Whatever it settles as
(published, when the connector could find the post; unconfirmed, when it could not), the platform
holds exactly one post: never two.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest

from shared.bootstrap import Container
from shared.domain.posts import TargetStatus
from shared.services import publishing
from tests.conftest import Stack, unique
from tests.fakes.platforms.everywhere import Everywhere, connect, running_fakes, upload
from tests.integration.harness import SignedIn, everywhere_in_process, receive_publish_messages
from tests.integration.platforms.conftest import jpeg, mp4

SERVER_ERROR = {"error": {"message": "An unknown error has occurred.", "code": 1, "is_transient": True}}


@dataclass(frozen=True)
class Case:
    platform: str
    method: str
    path: str  # regex of the create call, from the start of the path
    media: str = ""  # "image" or "video"
    options: tuple[tuple[str, Any], ...] = ()
    # What the pipeline can find out: "published" (read back) or "unconfirmed" (no way to look).
    settles_as: frozenset[str] = frozenset({"published", "unconfirmed"})


CASES = [
    Case("facebook", "POST", r"/v[\d.]+/\d+/feed$", settles_as=frozenset({"published"})),
    Case("facebook", "POST", r"/v[\d.]+/\d+/photos$", media="image", settles_as=frozenset({"published"})),
    Case("telegram", "POST", r"/bot[^/]+/sendMessage$", settles_as=frozenset({"unconfirmed"})),
    Case("telegram", "POST", r"/bot[^/]+/sendPhoto$", media="image", settles_as=frozenset({"unconfirmed"})),
    Case("x", "POST", r"/2/tweets$", settles_as=frozenset({"published"})),
    Case("bluesky", "POST", r"/xrpc/com\.atproto\.repo\.createRecord$", settles_as=frozenset({"published"})),
    # A page's posts are read back; a member's cannot be (r_member_social is restricted), so that
    # one is unconfirmed. Connecting gives both; either may be the one chosen.
    Case("linkedin", "POST", r"/rest/posts$"),
    Case("pinterest", "POST", r"/v5/pins$", media="image", settles_as=frozenset({"published"})),
    # Containers: the kept container's status says it was published, then the post is looked up.
    Case("instagram", "POST", r"/v[\d.]+/\d+/media_publish$", media="image"),
    Case("instagram_login", "POST", r"/v[\d.]+/\d+/media_publish$", media="image"),
    Case("threads", "POST", r"/v1\.0/[^/]+/threads_publish$"),
    # The last (here the only) chunk is what makes the video: a status read settles it.
    Case(
        "tiktok",
        "PUT",
        r"/video/$",
        media="video",
        options=(("title", "Once"), ("privacy", "public")),
        settles_as=frozenset({"published"}),
    ),
    Case(
        "youtube",
        "PUT",
        r"/upload/youtube/v3/videos$",
        media="video",
        options=(("title", "Once"), ("privacy", "public")),
        settles_as=frozenset({"published"}),
    ),
    # A status carries an Idempotency-Key: sent again, the server returns the first one.
    Case("mastodon", "POST", r"/api/v1/statuses$", settles_as=frozenset({"published"})),
]


@pytest.fixture
def fakes() -> Iterator[Everywhere]:
    """Fresh fakes per case: each connects its account as a person would, once."""
    with running_fakes() as found:
        yield found


@pytest.fixture
async def world(stack: Stack, fakes: Everywhere) -> AsyncIterator[tuple[Container, SignedIn]]:
    async with everywhere_in_process(stack, fakes) as (container, signed_in):
        yield container, signed_in


async def _settle(container: Container, target_id: UUID) -> str:
    """Run the worker, status checks and retries (made due at once) until the target settles."""
    for target in await receive_publish_messages(container):
        await publishing.publish_target(container, target)
    pool = await container.db()
    status = ""
    for _ in range(40):
        async with pool.connection() as conn:
            cursor = await conn.execute(
                """UPDATE post_targets SET next_check_at = now(), next_attempt_at = now()
                   WHERE id = %s RETURNING status""",
                (target_id,),
            )
            row = await cursor.fetchone()
        assert row is not None
        status = str(row[0])
        if status == TargetStatus.PROCESSING:
            await publishing.check_processing(container, target_id)
        elif status == TargetStatus.RETRY_WAIT:
            await publishing.publish_target(container, target_id)
        else:
            break
    await receive_publish_messages(container)
    await receive_publish_messages(container, container.settings.status_check_queue)
    return status


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.platform}-{c.media or 'text'}")
async def test_a_server_error_after_the_post_was_made_leaves_exactly_one_post(
    world: tuple[Container, SignedIn], fakes: Everywhere, case: Case
) -> None:
    container, signed_in = world
    api, headers, ws = signed_in.api, signed_in.headers, signed_in.workspace
    account = (await connect(api, ws, case.platform, fakes, headers))[0]
    media_ids = []
    if case.media == "image":
        media_ids = [await upload(api, ws, (f"{unique('p')}.jpg", jpeg((1080, 1080)), "image/jpeg"), headers)]
    elif case.media == "video":
        media_ids = [
            await upload(api, ws, (f"{unique('v')}.mp4", mp4(30, 10, (720, 1280)), "video/mp4"), headers)
        ]
    fake = fakes.by_platform[case.platform]
    before = fakes.received()[case.platform]
    created = await api.post(
        f"/api/v1/workspaces/{ws}/posts",
        json={
            "text": f"Exactly once on {case.platform} {unique('run')}",
            "media_ids": media_ids,
            "targets": [{"account_id": account["id"], "options": dict(case.options)}],
            "publish_now": True,
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    target_id = UUID(created.json()["targets"][0]["id"])
    fake.fail_next(case.method, case.path, status=500, json_body=SERVER_ERROR, acted=True)

    status = await _settle(container, target_id)

    assert fake.calls(case.method, case.path), f"{case.platform}: the create was never sent"
    assert fakes.received()[case.platform] == before + 1, f"{case.platform}: {status}"
    assert status in case.settles_as, f"{case.platform} settled as {status}"
