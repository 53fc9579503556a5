"""What a newcomer sees after `make dev`: the real app, served by the dev host, over real HTTP."""

import time

import httpx

from tests.e2e.conftest import RunningApp


def test_health_reports_every_component_up(running_app: RunningApp) -> None:
    response = httpx.get(f"{running_app.base_url}/api/health", timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "up"
    assert sorted(body["components"]) == ["blob", "cosmos", "postgres", "queue"]
    assert all(c["status"] == "up" for c in body["components"].values())
    assert len(response.headers["x-request-id"]) == 32


def test_the_heartbeat_timer_fires_and_health_shows_it(running_app: RunningApp) -> None:
    # The database may hold an older dev host's last beat until this one's first: wait for two readings
    # in a row, over a second apart, that are both fresh.
    deadline = time.monotonic() + 20
    ages: list[float] = []
    while time.monotonic() < deadline:
        scheduler = httpx.get(f"{running_app.base_url}/api/health", timeout=10).json()["scheduler"]
        if scheduler and scheduler["age_seconds"] is not None:
            ages.append(scheduler["age_seconds"])
            if len(ages) >= 2 and max(ages[-2:]) < 5:
                break
        time.sleep(1.1)
    # Every second on the schedule: once it beats, the last beat is never old.
    assert len(ages) >= 2, running_app.log
    assert max(ages[-2:]) < 5, ages


def test_errors_have_the_standard_shape_over_http(running_app: RunningApp) -> None:
    missing = httpx.get(f"{running_app.base_url}/api/v1/nothing-here", timeout=10)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert missing.json()["error"]["request_id"] == missing.headers["x-request-id"]
    wrong = httpx.put(f"{running_app.base_url}/api/health", timeout=10)
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"


def test_api_docs_work_offline(running_app: RunningApp) -> None:
    page = httpx.get(f"{running_app.base_url}/api/docs", timeout=10)
    assert page.status_code == 200
    assert "https://" not in page.text
    bundle = httpx.get(f"{running_app.base_url}/api/docs/static/swagger-ui-bundle.js", timeout=10)
    assert bundle.status_code == 200
    assert "SwaggerUIBundle" in bundle.text
    schema = httpx.get(f"{running_app.base_url}/api/openapi.json", timeout=10).json()
    assert {"/api/health", "/api/health/live"} <= set(schema["paths"])
