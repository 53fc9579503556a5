"""azure.yaml deploys only what exists: azd stops at a service whose project folder is missing."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _services() -> dict[str, str]:
    """service name → project path, read from the services block (a flat, two-level YAML mapping)."""
    services: dict[str, str] = {}
    current = None
    in_services = False
    for line in (ROOT / "azure.yaml").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            in_services = line.startswith("services:")
            continue
        if in_services and line.startswith("  ") and not line.startswith("    "):
            current = line.strip().rstrip(":")
        elif in_services and current and line.strip().startswith("project:"):
            services[current] = line.split(":", 1)[1].strip()
    return services


def test_every_service_project_exists() -> None:
    services = _services()
    assert "api" in services
    for name, project in services.items():
        assert (ROOT / project).is_dir(), f"azure.yaml service {name!r} points at missing {project}"


def test_the_web_app_is_deployed_once_it_exists() -> None:
    assert ("web" in _services()) == (ROOT / "web" / "package.json").is_file()


def _up_steps() -> list[str]:
    """The `azd up` workflow's steps (`- azd: <command>` under workflows.up), in order."""
    steps: list[str] = []
    in_workflows = False
    for line in (ROOT / "azure.yaml").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            in_workflows = line.startswith("workflows:")
        elif in_workflows and line.strip().startswith("- azd:"):
            steps.append(line.split(":", 1)[1].strip())
    return steps


def test_azd_up_provisions_before_it_builds_anything() -> None:
    # The web build takes the API base URL from the deployment's outputs (the postprovision hook writes
    # it for web/), so packaging must come after provisioning; azd's default order packages first.
    steps = [step.split()[0] for step in _up_steps()]
    assert steps[:1] == ["provision"], "azure.yaml: workflows.up must start with `azd: provision`"
    assert "deploy" in steps


def test_the_hooks_that_write_the_web_build_values_run() -> None:
    text = (ROOT / "azure.yaml").read_text(encoding="utf-8")
    for step in ("postprovision", "predeploy"):
        assert f"run.sh {step}" in text, f"posix {step} hook"
        assert f"azd_hooks {step}" in text, f"windows {step} hook"
