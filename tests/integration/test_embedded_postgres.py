"""Without DATABASE_URL the local stack runs its own PostgreSQL: a fresh machine needs no install."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from pathlib import Path
from shared.db.migrate import apply_migrations
from tools.pg import dev_database_url
url = dev_database_url(Path(sys.argv[1]))
print(url)
print(",".join(apply_migrations(url)))
"""


def test_embedded_server_is_used_without_database_url(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    url, applied = run.stdout.strip().splitlines()[-2:]
    assert str(tmp_path / ".local" / "pg") in url
    assert applied.startswith("0001")
    try:
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("clickkloudy",)
            assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone() == (
                len(applied.split(",")),
            )
            version = conn.execute("SHOW server_version_num").fetchone()
        assert version is not None
        assert int(version[0]) >= 160000
    finally:
        from tools.pg import stop_embedded_server

        assert stop_embedded_server(tmp_path)
