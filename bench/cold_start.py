"""Cold start: how long a fresh worker process takes to import the Function app.

Prints the median of 5 fresh processes importing `function_app` against importing `azure.functions`
alone (the floor every Python function app pays), and their ratio. Goal: function_app ≤ 0.8 s.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
PROBE = """
import json, time
started = time.perf_counter()
import {module}
print(json.dumps({{"seconds": time.perf_counter() - started}}))
"""


def import_seconds(module: str) -> float:
    env = {**os.environ, "ENVIRONMENT": "development", "PYTHONDONTWRITEBYTECODE": "0"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1])["seconds"])


def median_of(module: str) -> tuple[float, list[float]]:
    import_seconds(module)  # warm the bytecode cache, as a deployed app has it
    samples = [import_seconds(module) for _ in range(RUNS)]
    return statistics.median(samples), samples


def main() -> None:
    app, app_samples = median_of("function_app")
    sdk, sdk_samples = median_of("azure.functions")
    print(f"cold start, median of {RUNS} fresh processes (import time only):")
    print(f"  import azure.functions : {sdk:.3f} s  {[round(s, 3) for s in sdk_samples]}")
    print(f"  import function_app    : {app:.3f} s  {[round(s, 3) for s in app_samples]}")
    print(f"  ratio function_app / azure.functions: {app / sdk:.1f}x")
    print(f"  goal function_app <= 0.8 s: {'met' if app <= 0.8 else 'NOT met'}")


if __name__ == "__main__":
    main()
