"""azd hooks (azure.yaml): who is deploying, the secrets the app needs, and database migrations.

Run as `python -m infra.hooks.azd_hooks <step>` from the repository root (infra/hooks/run.sh does),
with the azd environment's values (Bicep outputs included) in the process environment. Everything
authenticates as the signed-in azd/az user or service principal; nothing here holds a key.

- preprovision: records the deploying principal's name and kind (AZURE_PRINCIPAL_NAME/_TYPE) so Bicep
  can make it a PostgreSQL administrator.
- postprovision: creates the JWT signing key and the token data key in Key Vault when they are absent.
  An existing one is never replaced: that would sign everyone out and leave stored platform tokens
  unreadable (rotation is a deliberate step, see docs/runbook.md).
- predeploy: applies migrations with `python -m shared.db.migrate` as the deploying principal (a
  PostgreSQL Entra administrator), logging in with an Entra token; the runner then grants the app's
  managed identity read/write on every table (DATABASE_APP_ROLE).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

# Secrets generated on first provision (names the app's secret provider asks Key Vault for).
GENERATED_SECRETS = ("jwt-signing-key", "token-encryption-key")
ARM_SCOPE = "https://management.azure.com/.default"
# A role assignment made by `azd provision` can take minutes to reach Key Vault.
ROLE_PROPAGATION_SECONDS = 300.0


class HookError(RuntimeError):
    """A step cannot go on; the message says what to do."""


def required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise HookError(f"{name} is not set in the azd environment (run `azd provision` first)")
    return value


def token_claims(token: str) -> dict[str, Any]:
    """The claims of an access token we were just issued (read, not verified: it names ourselves)."""
    payload = token.split(".")[1]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims


def principal_from_claims(claims: Mapping[str, Any]) -> tuple[str, str]:
    """(PostgreSQL role name, principal type) of whoever holds the token: a user's sign-in name, or a
    service principal's application id."""
    if claims.get("idtyp") == "app" or ("upn" not in claims and "preferred_username" not in claims):
        app_id = claims.get("appid") or claims.get("azp")
        if not app_id:
            raise HookError("the access token names neither a user nor an application")
        return str(app_id), "ServicePrincipal"
    return str(claims.get("upn") or claims["preferred_username"]), "User"


def migration_database_url(host: str, database: str, user: str) -> str:
    """libpq URL logging in as `user`, with no password: the runner supplies an Entra token."""
    return f"postgresql://{quote(user, safe='')}@{host}:5432/{quote(database, safe='')}?sslmode=require"


def migration_environment(base: Mapping[str, str], database_url: str, app_role: str) -> dict[str, str]:
    """The migration runner's environment: ours, less anything that would read as an app setting (an
    azd environment carries deployment parameters such as X_CLIENT_ID), plus the database to migrate
    and the role to grant. AZURE_CLIENT_ID stays: a service principal signing in from the environment
    needs it."""
    from pydantic import AliasChoices

    from shared.config import Settings

    settings_names = set()
    for field in Settings.model_fields.values():
        if field.alias:
            settings_names.add(field.alias)
        if isinstance(field.validation_alias, AliasChoices):
            settings_names.update(str(choice) for choice in field.validation_alias.choices)
    settings_names.discard("AZURE_CLIENT_ID")
    env = {key: value for key, value in base.items() if key not in settings_names}
    return env | {"DATABASE_URL": database_url, "DATABASE_ENTRA_AUTH": "true", "DATABASE_APP_ROLE": app_role}


def preprovision(env: Mapping[str, str]) -> None:
    if env.get("AZURE_PRINCIPAL_NAME", "").strip():
        return
    from azure.identity import DefaultAzureCredential

    with DefaultAzureCredential(exclude_managed_identity_credential=True) as credential:
        claims = token_claims(credential.get_token(ARM_SCOPE).token)
    name, kind = principal_from_claims(claims)
    for key, value in (("AZURE_PRINCIPAL_NAME", name), ("AZURE_PRINCIPAL_TYPE", kind)):
        subprocess.run(["azd", "env", "set", key, value], check=True)  # noqa: S603, S607 - azd runs this hook
    print(f"deploying as {kind} {name}")


def retry_while_forbidden(action: Callable[[], None], *, deadline: float) -> None:
    """Run `action`, retrying while Key Vault still refuses a role assignment that is propagating."""
    from azure.core.exceptions import HttpResponseError

    while True:
        try:
            action()
        except HttpResponseError as exc:
            if exc.status_code != 403 or time.monotonic() > deadline:
                raise
            print("Key Vault refuses access for now (role assignment propagating); retrying in 15 s")
            time.sleep(15)
        else:
            return


def postprovision(env: Mapping[str, str]) -> None:
    from azure.core.exceptions import ResourceNotFoundError
    from azure.identity import DefaultAzureCredential
    from azure.keyvault.secrets import SecretClient

    vault_url = required(env, "AZURE_KEY_VAULT_ENDPOINT")
    deadline = time.monotonic() + ROLE_PROPAGATION_SECONDS
    with (
        DefaultAzureCredential(exclude_managed_identity_credential=True) as credential,
        SecretClient(vault_url, credential) as client,
    ):
        for name in GENERATED_SECRETS:

            def ensure(name: str = name) -> None:
                try:
                    client.get_secret(name)
                    print(f"secret {name}: present, kept")
                except ResourceNotFoundError:
                    client.set_secret(name, secrets.token_urlsafe(48), content_type="text/plain")
                    print(f"secret {name}: created")

            retry_while_forbidden(ensure, deadline=deadline)


def predeploy(env: Mapping[str, str]) -> None:
    host = required(env, "POSTGRES_HOST")
    database = required(env, "POSTGRES_DATABASE")
    app_role = required(env, "POSTGRES_APP_ROLE")
    user = env.get("AZURE_PRINCIPAL_NAME", "").strip()
    if not user:
        raise HookError(
            "AZURE_PRINCIPAL_NAME is not set: run `azd provision` (its preprovision hook records it), "
            "or `azd env set AZURE_PRINCIPAL_NAME <your sign-in name>` and provision again"
        )
    url = migration_database_url(host, database, user)
    done = subprocess.run(
        [sys.executable, "-m", "shared.db.migrate"],
        check=False,
        env=migration_environment(os.environ, url, app_role),
    )
    if done.returncode != 0:
        raise HookError(
            f"migrations failed as {user}. The deploying machine must be admitted (azd env set "
            "POSTGRES_CLIENT_IP <its public IP>, then azd provision) and be an Entra administrator of "
            "the server (AZURE_PRINCIPAL_NAME); see docs/runbook.md"
        )


STEPS: dict[str, Callable[[Mapping[str, str]], None]] = {
    "preprovision": preprovision,
    "postprovision": postprovision,
    "predeploy": predeploy,
}


def main(argv: list[str]) -> int:
    step = STEPS.get(argv[0]) if argv else None
    if step is None:
        print(f"usage: python -m infra.hooks.azd_hooks {{{' | '.join(STEPS)}}}", file=sys.stderr)
        return 2
    try:
        step(os.environ)
    except HookError as exc:
        print(f"{argv[0]}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
