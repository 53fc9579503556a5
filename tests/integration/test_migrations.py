"""The migration runner against a real PostgreSQL, each test on a fresh database."""

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

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


def test_the_app_role_gets_read_write_on_every_table(fresh_db: str) -> None:
    """Migrations run as the deployer in Azure; the app's own role must still use every table."""
    role = unique("app_role_").replace("-", "_")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {}").format(sql.Identifier(role)))
    try:
        apply_migrations(fresh_db, app_role=role)
        with psycopg.connect(fresh_db) as conn:
            rows = conn.execute(
                """SELECT c.relname, has_table_privilege(%s, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
                   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'public' AND c.relkind = 'r'""",
                (role,),
            ).fetchall()
            conn.execute("CREATE TABLE later (id int)")  # a table a future migration adds
            later = conn.execute("SELECT has_table_privilege(%s, 'later', 'INSERT')", (role,)).fetchone()
        assert rows
        assert all(allowed for _, allowed in rows), [name for name, allowed in rows if not allowed]
        assert later == (True,)
    finally:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
