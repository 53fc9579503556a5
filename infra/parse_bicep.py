"""Parse every .bicep file under infra/ with pycep-parser; exit 1 naming each file that does not parse.

There is no Bicep compiler here, and checkov skips a file it cannot parse without failing, so this is
what turns a syntax error into a failed check. `make infra-check` runs it twice: with the project's
pycep-parser and with the older one checkov bundles, so checkov really scans every file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pycep import BicepParser

INFRA = Path(__file__).resolve().parent


def unparsable(root: Path = INFRA) -> dict[Path, str]:
    """Each .bicep file that fails to parse, with the parser's complaint (first line)."""
    parser = BicepParser()
    failures: dict[Path, str] = {}
    for path in sorted(root.rglob("*.bicep")):
        try:
            parser.parse(file_path=path)
        except Exception as exc:  # lark raises several unrelated types; each means "invalid"
            failures[path] = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return failures


def main() -> int:
    files = sorted(INFRA.rglob("*.bicep"))
    if not files:
        print("no .bicep files under infra/", file=sys.stderr)
        return 1
    failures = unparsable()
    for path, reason in failures.items():
        print(f"{path.relative_to(INFRA.parent)}: {reason}", file=sys.stderr)
    print(f"bicep: {len(files) - len(failures)} of {len(files)} files parse")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
