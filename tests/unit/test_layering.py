"""House rules that keep the layers apart."""

import ast
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_CORE = ("azure.functions", "fastapi", "starlette")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_does_not_import_entrypoint_frameworks() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "shared").rglob("*.py")
        for name in imported_modules(path)
        if name.startswith(FORBIDDEN_IN_CORE)
    ]
    assert offenders == []


def test_core_does_not_import_entrypoints_or_tools() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "shared").rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in {"functions", "tools", "function_app"}
    ]
    assert offenders == []


def test_function_app_registers_the_api_and_blueprints(app_functions: list[Any]) -> None:
    import azure.functions as func

    import function_app

    assert isinstance(function_app.app, func.AsgiFunctionApp)
    names = {f.get_function_name() for f in app_functions}
    assert "http_app_func" in names
    assert "scheduler_heartbeat" in names
