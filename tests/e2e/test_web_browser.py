"""The web app in a real browser: Playwright drives Debian's Chromium against a dev host serving the
built app beside the API, on the real local stack, the sandbox platform and one OAuth platform's fake
(X: its consent page approves at once and sends the browser back to the app). The browser specs live
in web/tests/e2e; this test starts what they need and runs them a file at a time (so two workers,
`pytest -n 2`, share them), failing with Playwright's report when one fails."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from shared.services import seed
from tests.conftest import ROOT, Stack, stack_settings
from tests.e2e.conftest import RunningApp, dev_host_env, free_port, start_dev_host, stop_dev_host
from tests.fakes.platforms.everywhere import OAUTH_CLIENT, OAUTH_SETTINGS
from tests.fakes.platforms.x import FakeX
from tools.localstack import provision

WEB = ROOT / "web"
SPECS = sorted(path.name for path in (WEB / "tests" / "e2e").glob("*.spec.ts"))
PLAYWRIGHT_TIMEOUT_SECONDS = 600
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


# The platform whose fake the browser connects through its consent page (accounts.spec.ts).
OAUTH_FAKE = "x"


def oauth_fake_env(fake: FakeX) -> dict[str, str]:
    """The dev host's settings that turn the platform on and send it to its fake; the fake listens on
    loopback, which the egress guard lets through only when named."""
    client_id, secret = OAUTH_SETTINGS[OAUTH_FAKE]
    return {
        "PLATFORM_BASE_URLS": json.dumps({OAUTH_FAKE: fake.base_url}),
        "EGRESS_ALLOW_HOSTS": urlsplit(fake.base_url).netloc,
        client_id: OAUTH_CLIENT[0],
        secret: OAUTH_CLIENT[1],
    }


@pytest.fixture(scope="module")
def web_app(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """A dev host as `make dev` runs it (development mode: the outbox is readable) with web/dist."""
    from tools.sandbox import manage as sandbox

    assert (WEB / "dist" / "index.html").is_file(), "build the web app first: make web"
    settings = stack_settings(stack)
    asyncio.run(provision(settings))
    sandbox_root = tmp_path_factory.mktemp("sandbox-web")
    sandbox_url = sandbox.ensure_running(sandbox_root, port=free_port())
    # What `make dev` opens on: the demo admin, its workspace and a few weeks of the sandbox audience's
    # figures (analytics.spec.ts reads the demo dashboard's charts).
    asyncio.run(seed.run(settings.model_copy(update={"sandbox_mode": True, "sandbox_base_url": sandbox_url})))
    fake = FakeX()
    fake.start()
    port = free_port()
    env = dev_host_env(
        stack,
        settings,
        sandbox_url,
        ENVIRONMENT="development",
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        **oauth_fake_env(fake),
    )
    log_path = tmp_path_factory.mktemp("devhost-web") / "devhost.log"
    try:
        process = start_dev_host(port, env, log_path)
        yield RunningApp(f"http://127.0.0.1:{port}", env, process, log_path, sandbox_url)
        stop_dev_host(process)
    finally:
        fake.stop()
        sandbox.stop(sandbox_root)


# Every page in two languages, two themes and two sizes: a file of specs takes a minute or two.
@pytest.mark.timeout(PLAYWRIGHT_TIMEOUT_SECONDS + 60)
@pytest.mark.parametrize("spec", SPECS, ids=[name.removesuffix(".spec.ts") for name in SPECS])
def test_the_web_app_in_chromium(web_app: RunningApp, spec: str, tmp_path: Path) -> None:
    assert Path(CHROMIUM).is_file(), "Chromium is missing: make chromium installs Debian's package"
    npx = shutil.which("npx")
    assert npx is not None
    result = subprocess.run(
        [npx, "playwright", "test", spec, *os.environ.get("CK_PLAYWRIGHT_ARGS", "").split()],
        cwd=WEB,
        env={
            **os.environ,
            "CK_BASE_URL": web_app.base_url,
            "CK_SANDBOX_URL": web_app.sandbox_url,
            # Specs that set up what the API cannot (an account of a platform not connectable here).
            "CK_DATABASE_URL": web_app.env["DATABASE_URL"],
            "CK_OAUTH_FAKE": OAUTH_FAKE,
            # The specs make test media (a small MP4) with the project's own helpers.
            "CK_PYTHON": sys.executable,
            "CK_SCREENSHOTS": str(ROOT / ".local" / "screenshots"),
            # Playwright empties its output folder when it starts: each run gets its own.
            "CK_PLAYWRIGHT_OUTPUT": str(tmp_path / "playwright"),
            "CHROMIUM": CHROMIUM,
        },
        capture_output=True,
        text=True,
        timeout=PLAYWRIGHT_TIMEOUT_SECONDS,
        check=False,
    )
    report = result.stdout[-20000:] + result.stderr[-5000:]
    assert result.returncode == 0, f"{report}\n--- dev host log (tail) ---\n{web_app.log[-6000:]}"
    assert " passed" in result.stdout, report  # something ran
