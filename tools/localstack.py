"""Bring up everything the app needs locally: emulators, database, schema, containers and queues.

`make dev` and `make test` call this; it is idempotent and quick when everything is already up.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from pathlib import Path

from shared.config import Settings
from shared.db.migrate import apply_migrations
from tools.emulators.manage import ensure_running
from tools.pg import dev_database_url, stop_embedded_server

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("localstack")


def local_settings_values(root: Path = ROOT) -> dict[str, str]:
    """Values of local.settings.json when present (a developer's own), else of the checked-in example."""
    for name in ("local.settings.json", "local.settings.example.json"):
        path = root / name
        if path.exists():
            values = json.loads(path.read_text(encoding="utf-8")).get("Values", {})
            return {str(k): str(v) for k, v in values.items()}
    return {}


def stack_environment(root: Path = ROOT) -> dict[str, str]:
    """Start what is missing and return the settings that point the app at it.

    Returned values override local settings only where the stack decides them: the database URL
    (embedded server unless DATABASE_URL is set) and the emulator endpoints and certificate.
    """
    endpoints = ensure_running(root)
    return {
        "DATABASE_URL": dev_database_url(root),
        "AzureWebJobsStorage": os.environ.get("AzureWebJobsStorage", endpoints.storage_connection_string),  # noqa: SIM112 - the host's own name,
        "COSMOS_ENDPOINT": endpoints.cosmos_endpoint,
        "COSMOS_KEY": endpoints.cosmos_key,
        "COSMOS_CA_CERT": str(endpoints.cosmos_ca_cert),
    }


# The storage emulator's account (Azure's is never named so).
EMULATOR_ACCOUNT = "devstoreaccount1"
# Browsers upload media straight to storage. The emulator holds only local data and every upload
# still needs its signed URL, while dev hosts and Vite servers run on any port: any origin may.
# In Azure the storage account allows the web app's origins only (infra/main.bicep).
EMULATOR_BROWSER_ORIGINS = ["*"]


async def provision(settings: Settings) -> None:
    """Create the storage containers, queues and Cosmos containers the app expects."""
    from shared.bootstrap import Container

    container = Container(settings)
    try:
        await container.blob.create_container(settings.media_container)
        if container.blob.account_name == EMULATOR_ACCOUNT:
            await container.blob.allow_browsers(EMULATOR_BROWSER_ORIGINS)
        for queue in (
            settings.publish_queue,
            settings.status_check_queue,
            settings.analytics_queue,
            settings.webhooks_queue,
        ):
            await container.queue.create_queue(queue)
            await container.queue.create_queue(f"{queue}-poison")
        await container.cosmos.create_schema()
    finally:
        await container.aclose()


def up(root: Path = ROOT) -> dict[str, str]:
    """Everything `make dev` needs before the host starts; returns the environment to run it with."""
    env = {**local_settings_values(root), **stack_environment(root)}
    os.environ.update(env)
    applied = apply_migrations(env["DATABASE_URL"])
    log.info("migrations: %s", f"applied {', '.join(applied)}" if applied else "up to date")
    settings = Settings()
    asyncio.run(provision(settings))
    if settings.environment == "development":
        from shared.services import seed
        from tools.sandbox.manage import ensure_running as ensure_sandbox

        # Started before the seed so demo data can connect sandbox accounts (ARCHITECTURE §6).
        print(f"sandbox platform: {ensure_sandbox(root)}")
        demo = asyncio.run(seed.run(settings))
        if demo.created_admin:
            print(f"demo platform admin: {demo.admin_email} / {seed.admin_password(settings)}")
        else:
            print(f"demo platform admin: {demo.admin_email} (password unchanged since it was created)")
    return env


def write_local_settings(root: Path) -> int:
    """Write local.settings.json for `func start`: the example's values pointed at the running stack."""
    target = root / "local.settings.json"
    if target.exists():
        print(f"{target.name} exists; not overwriting it", file=sys.stderr)
        return 1
    example = json.loads((root / "local.settings.example.json").read_text(encoding="utf-8"))
    example["Values"].update(stack_environment(root))
    target.write_text(json.dumps(example, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target.name}")
    return 0


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    # SDKs and the embedded server narrate every request and initdb step at INFO.
    for chatty in ("azure", "pgserver"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    command = argv[0] if argv else "up"
    if command == "up":
        up()
        return 0
    if command == "run-devhost":
        env = up()
        args = [sys.executable, "-m", "tools.devhost", *argv[1:]]
        os.execve(sys.executable, args, {**os.environ, **env})  # noqa: S606 - replaces this process
    if command == "stop":
        from tools.emulators.manage import stop
        from tools.sandbox.manage import stop as stop_sandbox

        stop(ROOT)
        if stop_sandbox(ROOT):
            print("sandbox platform stopped")
        if stop_embedded_server(ROOT):
            print("embedded PostgreSQL stopped")
        return 0
    if command == "write-settings":
        return write_local_settings(ROOT)
    if command == "migrate":
        from shared.adapters.postgres.entra import one_shot_password

        # DATABASE_URL and DATABASE_ENTRA_AUTH from the environment: this also migrates an Azure database.
        applied = apply_migrations(dev_database_url(ROOT), password=one_shot_password(Settings()))
        print(f"migrations: {len(applied)} applied" if applied else "migrations: schema up to date")
        return 0
    commands = "up | migrate | stop | write-settings | run-devhost [devhost args]"
    print(f"usage: python -m tools.localstack [{commands}]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
