"""The newcomer's path, over real HTTP through the dev host: sign up, connect a sandbox account,
schedule a post, and watch it publish at its second — timers and queue triggers included."""

import time
from datetime import UTC, datetime, timedelta

import httpx

from tests.conftest import unique
from tests.e2e.conftest import RunningApp


def test_a_scheduled_post_publishes_on_its_second(running_app: RunningApp) -> None:
    with httpx.Client(base_url=running_app.base_url, timeout=15) as api:
        email = f"{unique('newcomer')}@example.com"
        password = "first-day-at-clickkloudy"
        assert (
            api.post(
                "/api/v1/auth/register", json={"email": email, "password": password, "name": "Nia"}
            ).status_code
            == 201
        )
        token = running_app.verification_token(email)
        assert api.post("/api/v1/auth/verify-email", json={"token": token}).status_code == 200
        tokens = api.post("/api/v1/auth/login", json={"email": email, "password": password}).json()
        api.cookies.clear()
        api.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        ws = api.post("/api/v1/workspaces", json={"name": "Nia's brand"}).json()["id"]
        handle = unique("nia")
        account = api.post(f"/api/v1/workspaces/{ws}/accounts/connect/sandbox", json={"handle": handle})
        assert account.status_code == 201, account.text
        due = (datetime.now(UTC) + timedelta(seconds=4)).replace(microsecond=0)
        created = api.post(
            f"/api/v1/workspaces/{ws}/posts",
            json={
                "text": "Hello from the dev host",
                "targets": [{"account_id": account.json()["id"]}],
                "scheduled_at": due.isoformat(),
            },
        )
        assert created.status_code == 201, created.text
        post_id = created.json()["id"]

        deadline = time.monotonic() + 20
        target = created.json()["targets"][0]
        while target["status"] != "published" and time.monotonic() < deadline:
            time.sleep(0.2)
            target = api.get(f"/api/v1/workspaces/{ws}/posts/{post_id}").json()["targets"][0]
        assert target["status"] == "published", running_app.log
        published_at = datetime.fromisoformat(target["published_at"])
        assert published_at >= due
        # On its second: the queue poller's 2 s ceiling (host.json) plus the platform call.
        assert published_at - due < timedelta(seconds=3.5), (published_at, due)

    received = httpx.get(f"{running_app.sandbox_url}/_control/received").json()
    mine = [p for p in received["posts"] if p["handle"] == handle]
    assert [p["text"] for p in mine] == ["Hello from the dev host"]
    assert target["external_url"].endswith(f"/posts/{mine[0]['id']}")
