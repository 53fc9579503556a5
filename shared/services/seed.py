"""Demo data for `make dev`: a platform admin who can sign in at once, and a workspace to try things in.

Idempotent, so every `make dev` can run it. Never in production: a platform admin whose password
is printed in a README would be an open door.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from uuid import UUID

from shared.bootstrap import Container
from shared.config import Settings
from shared.platforms import feed
from shared.services import audit, passwords
from shared.services.audit import AuditEvent

# .example (RFC 2606) is reserved and passes email validation; .local and .test are refused at sign-in.
ADMIN_EMAIL = "admin@clickkloudy.example"
ADMIN_NAME = "Demo admin"
WORKSPACE_NAME = "Demo workspace"


@dataclass(frozen=True)
class SeedResult:
    admin_id: UUID
    admin_email: str
    workspace_id: UUID
    created_admin: bool
    created_workspace: bool


def admin_password(settings: Settings) -> str:
    return settings.seed_admin_password.get_secret_value()


async def seed_demo(container: Container, *, password: str | None = None) -> SeedResult:
    """Create what is missing; an admin that already exists keeps its password (it may have been changed)."""
    if container.settings.environment == "production":
        raise RuntimeError("demo data is for development only")
    password = password or admin_password(container.settings)
    passwords.check_policy(password, context=(ADMIN_EMAIL.split("@", maxsplit=1)[0], ADMIN_NAME))
    pool = await container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT 1 FROM users WHERE email_normalized = %s", (ADMIN_EMAIL,))
        admin_exists = await cursor.fetchone() is not None
    # Hashing costs a tenth of a second; skip it on the usual run, where the admin is already there.
    password_hash = None if admin_exists else await asyncio.to_thread(passwords.hash_password, password)
    async with pool.connection() as conn, conn.transaction():
        created_admin = False
        if password_hash is not None:
            cursor = await conn.execute(
                """INSERT INTO users (email, email_normalized, name, password_hash, password_changed_at,
                                      email_verified_at, is_platform_admin)
                   VALUES (%s, %s, %s, %s, now(), now(), true)
                   ON CONFLICT (email_normalized) DO NOTHING RETURNING id""",
                (ADMIN_EMAIL, ADMIN_EMAIL, ADMIN_NAME, password_hash),
            )
            created_admin = await cursor.fetchone() is not None
        # Locks the admin row too, so two seeds running at once cannot both add the workspace.
        cursor = await conn.execute(
            "SELECT id FROM users WHERE email_normalized = %s FOR UPDATE", (ADMIN_EMAIL,)
        )
        found = await cursor.fetchone()
        assert found is not None
        admin_id: UUID = found[0]
        if created_admin:
            await audit.record(conn, AuditEvent.USER_REGISTERED, actor=admin_id, details={"seed": True})
        cursor = await conn.execute(
            """SELECT w.id FROM workspaces w
               JOIN memberships m ON m.workspace_id = w.id AND m.user_id = %s AND m.role = 'owner'
               WHERE w.name = %s ORDER BY w.created_at LIMIT 1""",
            (admin_id, WORKSPACE_NAME),
        )
        existing = await cursor.fetchone()
        if existing is not None:
            return SeedResult(admin_id, ADMIN_EMAIL, existing[0], created_admin, created_workspace=False)
        cursor = await conn.execute(
            "INSERT INTO workspaces (name) VALUES (%s) RETURNING id", (WORKSPACE_NAME,)
        )
        created = await cursor.fetchone()
        assert created is not None
        workspace_id: UUID = created[0]
        await conn.execute(
            "INSERT INTO memberships (workspace_id, user_id, role) VALUES (%s, %s, 'owner')",
            (workspace_id, admin_id),
        )
        await feed.create_account(conn, workspace_id, WORKSPACE_NAME, created_by=admin_id)
        await audit.record(
            conn, AuditEvent.WORKSPACE_CREATED, actor=admin_id, workspace=workspace_id, details={"seed": True}
        )
    return SeedResult(admin_id, ADMIN_EMAIL, workspace_id, created_admin, created_workspace=True)


SANDBOX_HANDLES = ("demo.brand", "demo.news")


async def connect_demo_accounts(container: Container, result: SeedResult) -> list[str]:
    """Sandbox accounts in the demo workspace, so a newcomer can schedule a post straight away.

    Connecting again is harmless: the same sandbox account is re-connected, not duplicated.
    """
    from shared.domain.identity import AuthMethod, Principal
    from shared.domain.permissions import Role
    from shared.services.accounts import connect_sandbox
    from shared.services.principals import WorkspaceAccess

    owner = WorkspaceAccess(
        result.workspace_id,
        Role.OWNER,
        Principal(result.admin_id, is_platform_admin=True, method=AuthMethod.BEARER, email_verified=True),
    )
    return [(await connect_sandbox(container, owner, handle, ip="")).handle for handle in SANDBOX_HANDLES]


async def run(settings: Settings) -> SeedResult:
    """Seed with a container of its own (the local stack's set-up has none)."""
    container = Container(settings)
    try:
        result = await seed_demo(container)
        if settings.sandbox_mode:
            await connect_demo_accounts(container, result)
        return result
    finally:
        await container.aclose()
