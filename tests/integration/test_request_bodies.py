"""Request body limits on the real routes, with the real database and storage: JSON operations take
REQUEST_MAX_BODY_BYTES, the upload routes their own larger limits."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta

from PIL import Image

from tests.integration.test_post_csv import csv_bytes, upload
from tests.integration.test_publishing import World, world  # noqa: F401 - the fixture

MIB = 1024 * 1024


def later(days: int = 2) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0).isoformat()


async def test_a_normal_post_is_created_and_an_oversized_one_refused(world: World) -> None:
    account = await world.connect()
    post = await world.post([account["id"]], text="Hello ☕", scheduled_at=later())
    assert post["targets"][0]["status"] == "scheduled"
    url = f"/api/v1/workspaces/{world.workspace}/posts"
    huge = await world.api.post(
        url,
        json={"text": "x" * (MIB + 1), "targets": [{"account_id": account["id"]}], "draft": True},
        headers=world.headers,
    )
    assert huge.status_code == 413, huge.text
    assert huge.json()["error"]["code"] == "payload_too_large"
    latin1 = await world.api.post(
        url,
        content='{"text": "café", "draft": true, "targets": []}'.encode("latin-1"),
        headers={**world.headers, "Content-Type": "application/json"},
    )
    assert latin1.status_code == 422, latin1.text
    assert latin1.json()["error"]["message"] == "The body is not valid UTF-8 JSON."


async def test_a_csv_import_over_the_json_limit_is_taken(world: World) -> None:
    account = await world.connect()
    rows = [[later(), "", f"row {n} " + "y" * 1900, account["id"]] for n in range(800)]
    data = csv_bytes(rows)
    assert MIB < len(data) < 2 * MIB
    response = await upload(world, data, dry_run=True)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["errors"] == 0, report["rows"][:3]
    assert len(report["rows"]) == 800


async def test_a_media_upload_over_the_json_limit_is_taken(world: World) -> None:
    buffer = io.BytesIO()
    Image.frombytes("RGB", (800, 600), os.urandom(800 * 600 * 3)).save(buffer, format="PNG")
    data = buffer.getvalue()
    assert MIB < len(data) < world.container.settings.media_multipart_max_bytes
    response = await world.api.post(
        f"/api/v1/workspaces/{world.workspace}/media",
        headers=world.headers,
        files={"file": ("noise.png", data, "image/png")},
    )
    assert response.status_code == 201, response.text
    assert (response.json()["size"], response.json()["width"]) == (len(data), 800)
