"""Apply the ordered SQL files in `migrations/` exactly once each.

Why a small runner instead of a framework: the schema is plain SQL and we need only three
guarantees, each easy to see here: files apply in order, an applied file is never edited
afterwards (its checksum is recorded and checked), and two processes starting at once cannot
both apply (everything runs in one transaction under a transaction-scoped advisory lock).

Run it with `python -m shared.db.migrate` (uses DATABASE_URL, and an Entra token as the password when
DATABASE_ENTRA_AUTH is true) or `make migrate`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any fixed 64-bit number unique to this purpose; every runner must use the same one.
ADVISORY_LOCK_KEY = 0x636B_6D69_6772  # "ckmigr"
_FILE_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")

log = logging.getLogger(__name__)


class MigrationError(RuntimeError):
    """The database and the migration files disagree; a person has to look."""


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        if match is None:
            raise MigrationError(f"{path.name}: migration files are named NNNN_lower_snake.sql")
        migrations.append(Migration(match["version"], match["name"], path.read_text(encoding="utf-8")))
    versions = [m.version for m in migrations]
    duplicates = sorted({v for v in versions if versions.count(v) > 1})
    if duplicates:
        raise MigrationError(f"more than one migration file has version {', '.join(duplicates)}")
    return migrations


def apply_migrations(
    database_url: str,
    directory: Path = MIGRATIONS_DIR,
    *,
    password: str | None = None,
    app_role: str = "",
) -> list[str]:
    """Apply pending migrations; return the versions applied by this call (empty when up to date).

    `password` overrides the URL's (an Entra token in Azure); None leaves the URL as it is.
    `app_role`: the role the app runs as, when migrations run as someone else (the deploy hook signs
    in as the deployer): it gets read/write on every table and sequence, now and in the future.
    """
    migrations = load_migrations(directory)
    with psycopg.connect(database_url, autocommit=False, password=password) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK_KEY,))
        conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   version    text PRIMARY KEY,
                   name       text NOT NULL,
                   checksum   text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now()
               )"""
        )
        applied: dict[str, str] = dict(conn.execute("SELECT version, checksum FROM schema_migrations"))
        _check_applied_unchanged(applied, migrations)
        done: list[str] = []
        for migration in migrations:
            if migration.version in applied:
                continue
            log.info("applying migration %s_%s", migration.version, migration.name)
            conn.execute(migration.sql.encode())
            conn.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                (migration.version, migration.name, migration.checksum),
            )
            done.append(migration.version)
        if app_role:
            _grant(conn, app_role)
        return done


def _grant(conn: psycopg.Connection[tuple[object, ...]], role: str) -> None:
    who = sql.Identifier(role)
    for statement in (
        "GRANT USAGE ON SCHEMA public TO {}",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}",
    ):
        conn.execute(sql.SQL(statement).format(who))


def _check_applied_unchanged(applied: dict[str, str], migrations: list[Migration]) -> None:
    by_version = {m.version: m for m in migrations}
    for version, checksum in sorted(applied.items()):
        migration = by_version.get(version)
        if migration is None:
            raise MigrationError(
                f"migration {version} is applied to the database but its file is gone; restore it"
            )
        if migration.checksum != checksum:
            raise MigrationError(
                f"migration {version}_{migration.name} was changed after it was applied; "
                "add a new migration instead of editing an applied one"
            )


def main() -> int:
    from shared.adapters.postgres.entra import one_shot_password
    from shared.config import get_settings

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = get_settings()
    if not settings.database_url:
        print("DATABASE_URL is not set", file=sys.stderr)
        return 2
    try:
        done = apply_migrations(
            settings.database_url, password=one_shot_password(settings), app_role=settings.database_app_role
        )
    except MigrationError as exc:
        print(f"migrations refused: {exc}", file=sys.stderr)
        return 1
    print(f"migrations: {len(done)} applied" + (f" ({', '.join(done)})" if done else ", schema up to date"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
