"""The migration runner against a real PostgreSQL, each test on a fresh database."""

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from shared.db.migrate import MIGRATIONS_DIR, MigrationError, apply_migrations, load_migrations
from tests.conftest import Stack, unique
from tools.pg import create_database, drop_database


@pytest.fixture
def fresh_db(stack: Stack) -> Iterator[str]:
    name = unique("ck_mig_")
    url = create_database(stack.server_url, name)
    yield url
    drop_database(stack.server_url, name)


def applied_versions(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]


def test_applies_everything_once_then_nothing(fresh_db: str) -> None:
    expected = [m.version for m in load_migrations()]
    assert apply_migrations(fresh_db) == expected
    assert apply_migrations(fresh_db) == []
    assert applied_versions(fresh_db) == expected
    with psycopg.connect(fresh_db) as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert {
        "users",
        "workspaces",
        "memberships",
        "social_accounts",
        "posts",
        "post_targets",
        "publish_attempts",
    } <= tables


def test_concurrent_runners_apply_each_file_exactly_once(fresh_db: str) -> None:
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: apply_migrations(fresh_db), range(6)))
    expected = [m.version for m in load_migrations()]
    assert sorted(results, key=len) == [[]] * 5 + [expected]
    assert applied_versions(fresh_db) == expected


def test_refuses_an_applied_file_that_changed(fresh_db: str, tmp_path: Path) -> None:
    directory = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, directory)
    apply_migrations(fresh_db, directory)
    first = sorted(directory.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")
    with pytest.raises(MigrationError, match="changed after it was applied"):
        apply_migrations(fresh_db, directory)


def test_refuses_when_an_applied_file_is_gone(fresh_db: str, tmp_path: Path) -> None:
    directory = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, directory)
    (directory / "9999_extra.sql").write_text("CREATE TABLE extra_probe (id int);")
    apply_migrations(fresh_db, directory)
    (directory / "9999_extra.sql").unlink()
    with pytest.raises(MigrationError, match="9999 is applied"):
        apply_migrations(fresh_db, directory)


def test_a_failing_migration_leaves_nothing_behind(fresh_db: str, tmp_path: Path) -> None:
    directory = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, directory)
    (directory / "9998_good.sql").write_text("CREATE TABLE good_probe (id int);")
    (directory / "9999_bad.sql").write_text("CREATE TABLE bad_probe (id int); SELECT no_such_function();")
    with pytest.raises(psycopg.errors.UndefinedFunction):
        apply_migrations(fresh_db, directory)
    with psycopg.connect(fresh_db) as conn:
        leftovers = conn.execute("SELECT to_regclass('good_probe'), to_regclass('users')").fetchone()
    assert leftovers == (None, None)
