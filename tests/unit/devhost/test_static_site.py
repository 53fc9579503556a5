"""The dev host serves the web app by the same `staticwebapp.config.json` Azure Static Web Apps uses."""

import json
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tools.devhost.static_site import SiteConfig, StaticSite

CONFIG = {
    "navigationFallback": {"rewrite": "/index.html", "exclude": ["/assets/*", "/*.{js,css,png}"]},
    "responseOverrides": {"404": {"rewrite": "/404.html"}},
    "routes": [{"route": "/assets/*", "headers": {"Cache-Control": "public, max-age=31536000, immutable"}}],
    "globalHeaders": {"Content-Security-Policy": "default-src 'self'", "X-Frame-Options": "DENY"},
}


@pytest.fixture
def site(tmp_path: Path) -> StaticSite:
    (tmp_path / "dist" / "assets").mkdir(parents=True)
    (tmp_path / "dist" / "index.html").write_text("<html>spa</html>")
    (tmp_path / "dist" / "404.html").write_text("<html>missing</html>")
    (tmp_path / "dist" / "assets" / "app-1.js").write_text("console.log(1)")
    (tmp_path / "staticwebapp.config.json").write_text(json.dumps(CONFIG))
    (tmp_path / "secret.txt").write_text("outside the site")
    found = StaticSite.for_web_folder(tmp_path)
    assert found is not None
    return found


async def get(site: StaticSite, path: str, method: str = "GET", accept: str = "text/html") -> httpx.Response:
    transport = httpx.ASGITransport(app=site)
    async with httpx.AsyncClient(transport=transport, base_url="http://site") as client:
        return await client.request(method, path, headers={"accept": accept})


async def test_files_are_served_with_the_global_and_route_headers(site: StaticSite) -> None:
    response = await get(site, "/assets/app-1.js", accept="*/*")
    assert response.status_code == 200
    assert response.text == "console.log(1)"
    assert response.headers["content-security-policy"] == "default-src 'self'"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "javascript" in response.headers["content-type"]


async def test_app_routes_fall_back_to_the_spa(site: StaticSite) -> None:
    for path in ("/", "/app/workspaces/1/posts", "/@acme/posts/2", "/signin"):
        response = await get(site, path)
        assert (response.status_code, response.text) == (200, "<html>spa</html>"), path
        assert response.headers["x-frame-options"] == "DENY"


async def test_missing_files_the_fallback_excludes_get_the_404_page(site: StaticSite) -> None:
    for path in ("/assets/gone-2.js", "/logo.png"):
        response = await get(site, path, accept="*/*")
        assert (response.status_code, response.text) == (404, "<html>missing</html>"), path


async def test_nothing_outside_the_site_and_nothing_but_reads(site: StaticSite) -> None:
    assert (await get(site, "/../secret.txt")).text != "outside the site"
    assert (await get(site, "/%2e%2e/secret.txt")).text != "outside the site"
    assert (await get(site, "/", method="POST")).status_code == 405
    head = await get(site, "/", method="HEAD")
    assert (head.status_code, head.text) == (200, "")


def test_an_unbuilt_web_folder_serves_nothing(tmp_path: Path) -> None:
    assert StaticSite.for_web_folder(tmp_path) is None


def test_the_projects_config_keeps_everything_on_our_origin() -> None:
    config = SiteConfig.load(ROOT / "web" / "staticwebapp.config.json")
    csp = config.global_headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp  # no inline script, no eval, no CDN
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert config.fallback == "/index.html"
    assert config.not_found == "/404.html"
    assert any(p.match("/api/v1/posts") for p in config.fallback_exclude)  # the API is never the SPA


async def test_the_host_sends_api_paths_to_the_functions_and_the_rest_to_the_site(site: StaticSite) -> None:
    from starlette.responses import PlainTextResponse

    from tools.devhost.http import HostHttpMiddleware

    async def functions(scope, receive, send):  # type: ignore[no-untyped-def]
        await PlainTextResponse(f"function {scope['path']}")(scope, receive, send)

    host = HostHttpMiddleware(functions, "", site)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=host), base_url="http://h") as client:
        assert (await client.get("/api/v1/posts")).text == "function /api/v1/posts"
        assert (await client.get("/api")).text == "function /api"
        assert (await client.get("/apiary", headers={"accept": "text/html"})).text == "<html>spa</html>"
        assert (await client.get("/app/posts", headers={"accept": "text/html"})).text == "<html>spa</html>"
