"""PostgreSQL for the local stack: DATABASE_URL when set, else an embedded server under .local/pg.

The embedded server (pgserver ships PostgreSQL binaries in its wheel) means a fresh machine needs
no database install. It is left running between commands, like the emulators, and shared by every
process that asks for it.
"""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
from psycopg import sql

DEV_DATABASE = "clickkloudy"


def embedded_server_url(root: Path) -> str:
    """Start (or reuse) the embedded server and return a URL for its maintenance database."""
    import warnings

    data_dir = root / ".local" / "pg"
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); pgserver copes.
        warnings.simplefilter("ignore")
        from pgserver.postgres_server import get_server

        server = get_server(data_dir, cleanup_mode=None)
    return str(server.get_uri())


def server_url(root: Path) -> str:
    """The server to use: DATABASE_URL when set, else the embedded one."""
    return os.environ.get("DATABASE_URL") or embedded_server_url(root)


def with_database(url: str, database: str) -> str:
    """The same server and credentials, another database."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["dbname"] = database
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})


def create_database(server: str, database: str) -> str:
    """Create `database` on the server if missing; return its URL."""
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    return with_database(server, database)


def drop_database(server: str, database: str) -> None:
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))


def dev_database_url(root: Path) -> str:
    """DATABASE_URL as given, or the `clickkloudy` database on the embedded server."""
    given = os.environ.get("DATABASE_URL")
    if given:
        return given
    return create_database(embedded_server_url(root), DEV_DATABASE)


def stop_embedded_server(root: Path) -> bool:
    """Stop the embedded server if it runs (fast shutdown); True when one was stopped."""
    import signal

    import psutil

    pid_file = root / ".local" / "pg" / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().splitlines()[0])
    try:
        process = psutil.Process(pid)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)
    except psutil.NoSuchProcess:
        return False
    return True
