"""`python -m tools.collect_analytics [--accounts-only | --posts-only] [--workspace ID] [--queue]`

Runs an analytics collection now, through the same code as the hourly timer and its queue worker
(shared/services/analytics.py): the same choice of accounts, the same pull per account, then the same
workspace rollup. By default the pulls run here, a few at a time; `--queue` sends them to the
analytics queue instead, spread over five minutes as the timer does, for the host's workers.

`--accounts-only` reads followers and account figures, `--posts-only` the figures of the posts
published in the last 30 days. In development the local stack's settings are used (as `make dev`
does); set ENVIRONMENT=production to use only the process environment.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections import Counter
from collections.abc import Sequence
from uuid import UUID

from shared.bootstrap import Container
from shared.config import Settings
from shared.services import analytics

# Pulls at once: each account talks to its own platform budget, and the spread protects the rest.
CONCURRENCY = 8


def _settings() -> Settings:
    if os.environ.get("ENVIRONMENT", "development") == "development":
        from tools.localstack import local_settings_values, stack_environment

        os.environ.update({**local_settings_values(), **stack_environment(), **os.environ})
    return Settings()


async def collect(
    container: Container, *, mode: analytics.Mode, workspace_id: UUID | None, queue: bool
) -> dict[str, object]:
    if queue:
        queued = await analytics.enqueue_collection(container, mode=mode, workspace_id=workspace_id)
        return {"queued": queued}
    due = await analytics.collectable_accounts(container, mode=mode, workspace_id=workspace_id)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def pull(account_id: UUID) -> str:
        async with gate:
            result = await analytics.collect_account(container, account_id, mode=mode)
        return str(result["outcome"])

    outcomes = Counter(await asyncio.gather(*(pull(account_id) for account_id, _ in due)))
    rolled = 0
    for ws in sorted({ws for _, ws in due}, key=str):
        await analytics.rollup_workspace(container, ws)
        rolled += 1
    return {"accounts": len(due), **dict(sorted(outcomes.items())), "workspaces_rolled_up": rolled}


def main(argv: Sequence[str] | None = None, *, settings: Settings | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.collect_analytics",
        description="Run an analytics collection now, as the hourly timer does.",
    )
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--accounts-only", action="store_true", help="followers and account figures only")
    only.add_argument("--posts-only", action="store_true", help="post figures only")
    parser.add_argument("--workspace", type=UUID, help="only this workspace's accounts")
    parser.add_argument("--queue", action="store_true", help="queue the pulls for the host's workers")
    args = parser.parse_args(argv)
    mode: analytics.Mode = "accounts" if args.accounts_only else "posts" if args.posts_only else "all"

    async def run() -> dict[str, object]:
        container = Container(settings or _settings())
        try:
            return await collect(container, mode=mode, workspace_id=args.workspace, queue=args.queue)
        finally:
            await container.aclose()

    summary = asyncio.run(run())
    print(f"analytics collection ({mode}): " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
