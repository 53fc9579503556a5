import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import logging
from shared.config import Settings
from shared.observability import configure_telemetry, request_id_var
configure_telemetry(Settings(ENVIRONMENT="development", LOG_LEVEL="INFO"))
configure_telemetry(Settings(ENVIRONMENT="development"))  # idempotent: still one handler
token = request_id_var.set("req-123")
logging.getLogger("clickkloudy.test").info("published %s", "post-1", extra={"target": "t-9"})
request_id_var.reset(token)
logging.getLogger("azure.core").info("request URL with ?sig=secret")
logging.getLogger("clickkloudy.test").debug("not shown at INFO")
"""


def test_logs_are_json_lines_with_the_request_id() -> None:
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    lines = [json.loads(line) for line in run.stderr.strip().splitlines()]
    assert len(lines) == 1, run.stderr
    record = lines[0]
    assert record["message"] == "published post-1"
    assert record["level"] == "INFO"
    assert record["logger"] == "clickkloudy.test"
    assert record["request_id"] == "req-123"
    assert record["target"] == "t-9"
    assert "sig=secret" not in run.stderr


def test_paths_are_logged_without_our_tokens() -> None:
    from shared.observability import redact_path

    path = "/api/v1/invitations/cki_Zx9-abcdEFGH1234_xyz/accept"
    assert redact_path(path) == "/api/v1/invitations/cki_…/accept"
    assert redact_path("/api/v1/workspaces/6f1c/members") == "/api/v1/workspaces/6f1c/members"
    assert "secretpart" not in redact_path("/x/ck_secretpartsecretpart")
