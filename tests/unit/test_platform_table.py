"""The README's platform table is the capability data, rendered (regenerate with --write)."""

from __future__ import annotations

from tools.platform_table import README, current, render


def test_readme_platform_table_matches_the_capabilities() -> None:
    assert current(README.read_text(encoding="utf-8")) == render(), (
        "README's platform table is stale: run `python -m tools.platform_table --write`"
    )


def test_the_table_has_a_row_per_platform() -> None:
    from shared.config import Settings
    from shared.platforms.registry import catalog

    rows = render().splitlines()[2:]
    assert len(rows) == len(catalog(Settings(ENVIRONMENT="test")))  # type: ignore[call-arg]
    assert any("(`bluesky`)" in row and "graphemes" in row for row in rows)
