"""The web app's typed API client is generated from the API's schema; a stale client fails here."""

import json
import shutil
import subprocess
from pathlib import Path

from functions.api import create_api
from tests.conftest import ROOT


def test_the_generated_client_matches_the_api(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node is not None, "Node.js is needed to check the web client"
    assert (ROOT / "web" / "node_modules" / "openapi-typescript").is_dir(), "run make deps (npm ci in web/)"
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(create_api().openapi()))
    result = subprocess.run(
        [node, "scripts/generate-client.mjs", "--check", "--spec", str(spec)],
        cwd=ROOT / "web",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
