"""azd hooks (azure.yaml): the Key Vault an earlier `azd down` left behind, the deploying principal's
database access, the secrets the app needs, the web build's API URL, and database migrations.

Run as `python -m infra.hooks.azd_hooks <step>` from the repository root (infra/hooks/run.sh does),
with the azd environment's values (Bicep outputs included) in the process environment. Every step
signs in with the Azure Developer CLI's own sign-in (AzureDeveloperCliCredential): the principal that
provisions, whose object id azd hands to Bicep as AZURE_PRINCIPAL_ID. DefaultAzureCredential would try
the Azure CLI first, which may be signed in as someone else. Nothing here holds a key.

Provisioning takes nothing from these steps: some azd versions read the Bicep parameters before the
preprovision hook runs, so a value a hook records with `azd env set` would reach Bicep only on the
next run.

- preprovision: recovers this environment's Key Vault when `azd down` left it soft-deleted (purge
  protection keeps its name taken for 90 days), creating its resource group first. Provisioning then
  updates the recovered vault, whose secrets are kept.
- postprovision: makes the deploying principal a PostgreSQL Entra administrator (named as it signs
  in); creates the JWT signing key and the token data key in Key Vault when they are absent, never
  replacing one (that would sign everyone out and leave stored platform tokens unreadable; rotation
  is a deliberate step, see docs/runbook.md); writes the web build's API URL.
- predeploy: writes the web build's API URL again (for `azd deploy` on its own), then applies the
  migrations with `python -m shared.db.migrate` as the deploying principal with an Entra token; the
  runner then grants the app's managed identity read/write on every table (DATABASE_APP_ROLE).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

if TYPE_CHECKING:
    from azure.core.credentials import TokenCredential
    from azure.identity import AzureDeveloperCliCredential

ROOT = Path(__file__).resolve().parents[2]

# Secrets generated on first provision (names the app's secret provider asks Key Vault for).
GENERATED_SECRETS = ("jwt-signing-key", "token-encryption-key")
ARM = "https://management.azure.com"
ARM_SCOPE = f"{ARM}/.default"
RESOURCE_GROUPS_API = "2024-03-01"
KEY_VAULT_API = "2023-07-01"
POSTGRES_API = "2024-08-01"
# main.bicep tags every resource with the azd environment's name; a deleted vault keeps its tags.
ENVIRONMENT_TAG = "azd-env-name"
# A role assignment made by `azd provision` can take minutes to reach Key Vault.
ROLE_PROPAGATION_SECONDS = 300.0
# The web build reads this file (Vite: production mode, highest-priority file); see main.bicep's
# WEB_API_BASE_URL.
WEB_BUILD_ENV_FILE = Path("web") / ".env.production.local"


class HookError(RuntimeError):
    """A step cannot go on; the message says what to do."""


class ArmError(HookError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise HookError(f"{name} is not set in the azd environment (run `azd provision` first)")
    return value


# --- Who is deploying -------------------------------------------------------------------------------


def deploying_credential(env: Mapping[str, str]) -> AzureDeveloperCliCredential:
    """azd's own sign-in: the principal that provisions, so names and object ids agree with Bicep's."""
    from azure.identity import AzureDeveloperCliCredential

    return AzureDeveloperCliCredential(tenant_id=env.get("AZURE_TENANT_ID", "").strip())


def token_claims(token: str) -> dict[str, Any]:
    """The claims of an access token we were just issued (read, not verified: it names ourselves)."""
    payload = token.split(".")[1]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims


@dataclass(frozen=True)
class Principal:
    object_id: str
    tenant_id: str
    name: str  # its PostgreSQL role name: a user's sign-in name, or an application id
    kind: str  # User or ServicePrincipal, as PostgreSQL's administrators take it


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    """Whoever holds the token: a user by sign-in name, or a service principal by application id."""
    object_id, tenant_id = str(claims.get("oid", "")), str(claims.get("tid", ""))
    if not object_id or not tenant_id:
        raise HookError("the access token names no object id or tenant")
    if claims.get("idtyp") == "app" or ("upn" not in claims and "preferred_username" not in claims):
        app_id = claims.get("appid") or claims.get("azp")
        if not app_id:
            raise HookError("the access token names neither a user nor an application")
        return Principal(object_id, tenant_id, str(app_id), "ServicePrincipal")
    return Principal(object_id, tenant_id, str(claims.get("upn") or claims["preferred_username"]), "User")


def deploying_principal(credential: TokenCredential) -> Principal:
    return principal_from_claims(token_claims(credential.get_token(ARM_SCOPE).token))


def check_principal_id(env: Mapping[str, str], principal: Principal) -> None:
    """Bicep gave roles to AZURE_PRINCIPAL_ID; the hooks act as azd's sign-in. They must be one."""
    given = env.get("AZURE_PRINCIPAL_ID", "").strip()
    if given and given.lower() != principal.object_id.lower():
        raise HookError(
            f"AZURE_PRINCIPAL_ID is {given}, but azd is signed in as {principal.name} "
            f"(object id {principal.object_id}): the templates gave Key Vault and data roles to the "
            "former. Sign azd in as that principal (`azd auth login`), or clear the value "
            "(`azd env set AZURE_PRINCIPAL_ID ''`) so azd fills it in, then run `azd provision` again"
        )


# --- Azure Resource Manager -------------------------------------------------------------------------


class Arm:
    """The few Azure Resource Manager calls the hooks make, as the deploying principal. `put` waits
    until the change is done (long-running operations included)."""

    def __init__(
        self,
        credential: TokenCredential,
        *,
        transport: httpx.BaseTransport | None = None,
        poll_seconds: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._credential = credential
        self._client = httpx.Client(base_url=ARM, transport=transport, timeout=60.0)
        self._token: str | None = None
        self._poll_seconds = poll_seconds
        self._sleep = sleep

    def __enter__(self) -> Arm:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._client.close()

    def _send(
        self, method: str, url: str, api_version: str | None = None, body: object = None
    ) -> httpx.Response:
        if self._token is None:
            self._token = self._credential.get_token(ARM_SCOPE).token
        response = self._client.request(
            method,
            url,
            params={"api-version": api_version} if api_version else None,
            json=body,
            headers={"Authorization": f"Bearer {self._token}"},
        )
        if response.status_code >= 400 and response.status_code != 404:
            try:
                error = response.json().get("error", {})
            except ValueError:
                error = {}
            detail = f"{error.get('code', '')}: {error.get('message', '')}" if error else response.text[:300]
            raise ArmError(response.status_code, f"{method} {url}: HTTP {response.status_code} {detail}")
        return response

    def get(self, path: str, api_version: str) -> dict[str, Any] | None:
        """The resource, or None when it does not exist."""
        response = self._send("GET", path, api_version)
        if response.status_code == 404:
            return None
        resource: dict[str, Any] = response.json()
        return resource

    def list(self, path: str, api_version: str) -> Iterator[dict[str, Any]]:
        response = self._send("GET", path, api_version)
        while response.status_code != 404:
            page = response.json()
            yield from page.get("value", [])
            if not page.get("nextLink"):
                return
            response = self._send("GET", page["nextLink"])

    def put(self, path: str, api_version: str, body: object, *, timeout: float = 900.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                response = self._send("PUT", path, api_version, body)
                break
            except ArmError as exc:  # another change to the same resource is still running
                if exc.status != 409 or time.monotonic() > deadline:
                    raise
                self._sleep(self._poll_seconds)
        operation = response.headers.get("Azure-AsyncOperation")
        if operation:
            while (status := self._send("GET", operation).json())["status"] not in TERMINAL:
                self._wait(deadline, path)
            if status["status"] != "Succeeded":
                error = status.get("error", {})
                raise HookError(f"PUT {path}: {status['status']}: {error.get('message', error)}")
        elif response.status_code == 202 and response.headers.get("Location"):
            while self._send("GET", response.headers["Location"]).status_code == 202:
                self._wait(deadline, path)
        resource = self.get(path, api_version) or {}
        while (state := resource.get("properties", {}).get("provisioningState")) not in {None, *TERMINAL}:
            self._wait(deadline, path)
            resource = self.get(path, api_version) or {}
        if state not in {None, "Succeeded"}:
            raise HookError(f"PUT {path}: provisioning {state}")
        return resource

    def _wait(self, deadline: float, path: str) -> None:
        if time.monotonic() > deadline:
            raise HookError(f"PUT {path}: still running; look at it in the Azure portal")
        self._sleep(self._poll_seconds)


TERMINAL = frozenset({"Succeeded", "Failed", "Canceled"})


def arm_client(credential: TokenCredential) -> Arm:
    return Arm(credential)


# --- preprovision: a Key Vault left soft-deleted by `azd down` ----------------------------------------


def _region(name: str) -> str:
    return name.replace(" ", "").lower()


def vault_to_recover(
    deleted: Iterator[dict[str, Any]], env_name: str, location: str
) -> dict[str, Any] | None:
    """This environment's soft-deleted vault in this region: the name main.bicep would create again
    (it is unique per subscription, environment and region)."""
    for vault in deleted:
        properties = vault.get("properties", {})
        tags = properties.get("tags") or {}
        if tags.get(ENVIRONMENT_TAG) == env_name and _region(properties.get("location", "")) == _region(
            location
        ):
            return vault
    return None


def recover_vault(arm: Arm, vault: Mapping[str, Any], tenant_id: str) -> None:
    """Recover a soft-deleted vault into its resource group (created again when `azd down` removed it),
    as `az keyvault recover` does: a PUT with createMode 'recover'."""
    properties = vault["properties"]
    vault_id: str = properties["vaultId"]
    location: str = properties["location"]
    tags: dict[str, str] = properties.get("tags") or {}
    group = vault_id.split("/providers/", 1)[0]
    if arm.get(group, RESOURCE_GROUPS_API) is None:
        arm.put(group, RESOURCE_GROUPS_API, {"location": location, "tags": tags})
    arm.put(
        vault_id,
        KEY_VAULT_API,
        {
            "location": location,
            "tags": tags,
            "properties": {
                "tenantId": tenant_id,
                "sku": {"family": "A", "name": "standard"},
                "createMode": "recover",
            },
        },
    )


def preprovision(env: Mapping[str, str]) -> None:
    env_name = required(env, "AZURE_ENV_NAME")
    subscription = env.get("AZURE_SUBSCRIPTION_ID", "").strip()
    location = env.get("AZURE_LOCATION", "").strip()
    if not subscription or not location:
        print("no subscription or region chosen yet: no earlier deployment to recover a Key Vault from")
        return
    with deploying_credential(env) as credential, arm_client(credential) as arm:
        principal = deploying_principal(credential)
        print(f"deploying as {principal.kind} {principal.name}")
        deleted = arm.list(
            f"/subscriptions/{subscription}/providers/Microsoft.KeyVault/deletedVaults", KEY_VAULT_API
        )
        try:
            vault = vault_to_recover(deleted, env_name, location)
        except ArmError as exc:
            if exc.status != 403:
                raise
            print(
                "cannot list deleted Key Vaults (that needs a role on the subscription); if provisioning "
                "then fails because the vault's name is taken, see docs/runbook.md, 'Deploying again'"
            )
            return
        if vault is None:
            return
        print(f"Key Vault {vault['name']}: soft-deleted by an earlier `azd down`; recovering it")
        recover_vault(arm, vault, principal.tenant_id)
        print(f"Key Vault {vault['name']}: recovered, secrets kept")


# --- postprovision ----------------------------------------------------------------------------------


def postgres_administrator_path(env: Mapping[str, str], principal: Principal) -> str:
    subscription = required(env, "AZURE_SUBSCRIPTION_ID")
    group = required(env, "AZURE_RESOURCE_GROUP")
    server = required(env, "POSTGRES_SERVER_NAME")
    return (
        f"/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.DBforPostgreSQL"
        f"/flexibleServers/{server}/administrators/{principal.object_id}"
    )


def ensure_postgres_administrator(arm: Arm, env: Mapping[str, str], principal: Principal) -> None:
    """Make the deploying principal an Entra administrator of the server, so it can run migrations.
    Done here rather than in Bicep: here its sign-in name comes from the same sign-in as its object id."""
    path = postgres_administrator_path(env, principal)
    existing = arm.get(path, POSTGRES_API)
    if existing and existing.get("properties", {}).get("principalName") == principal.name:
        print(f"PostgreSQL administrator {principal.name}: present")
        return
    arm.put(
        path,
        POSTGRES_API,
        {
            "properties": {
                "principalName": principal.name,
                "principalType": principal.kind,
                "tenantId": principal.tenant_id,
            }
        },
    )
    print(f"PostgreSQL administrator {principal.name}: added")


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


def ensure_secrets(credential: TokenCredential, vault_url: str) -> None:
    from azure.core.exceptions import ResourceNotFoundError
    from azure.keyvault.secrets import SecretClient

    deadline = time.monotonic() + ROLE_PROPAGATION_SECONDS
    with SecretClient(vault_url, credential) as client:
        for name in GENERATED_SECRETS:

            def ensure(name: str = name) -> None:
                try:
                    client.get_secret(name)
                    print(f"secret {name}: present, kept")
                except ResourceNotFoundError:
                    client.set_secret(name, secrets.token_urlsafe(48), content_type="text/plain")
                    print(f"secret {name}: created")

            retry_while_forbidden(ensure, deadline=deadline)


def web_build_env(env: Mapping[str, str]) -> dict[str, str]:
    """What the web build needs from the deployment: where the SPA calls the API."""
    return {"VITE_API_BASE_URL": required(env, "WEB_API_BASE_URL")}


def write_web_build_env(env: Mapping[str, str], root: Path | None = None) -> Path | None:
    """Write the web build's values where Vite reads them, once web/ exists; None before that."""
    root = root or ROOT
    if not (root / "web" / "package.json").is_file():
        return None
    path = root / WEB_BUILD_ENV_FILE
    lines = [f"{name}={value}" for name, value in web_build_env(env).items()]
    header = "# Written by infra/hooks/azd_hooks.py from the deployment's outputs; not edited by hand."
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    print(f"{WEB_BUILD_ENV_FILE}: {', '.join(lines)}")
    return path


def postprovision(env: Mapping[str, str]) -> None:
    vault_url = required(env, "AZURE_KEY_VAULT_ENDPOINT")
    with deploying_credential(env) as credential:
        principal = deploying_principal(credential)
        check_principal_id(env, principal)
        with arm_client(credential) as arm:
            ensure_postgres_administrator(arm, env, principal)
        ensure_secrets(credential, vault_url)
    write_web_build_env(env)


# --- predeploy --------------------------------------------------------------------------------------


def migration_database_url(host: str, database: str, user: str) -> str:
    """libpq URL logging in as `user`, with no password: the runner supplies an Entra token."""
    return f"postgresql://{quote(user, safe='')}@{host}:5432/{quote(database, safe='')}?sslmode=require"


def migration_environment(base: Mapping[str, str], database_url: str, app_role: str) -> dict[str, str]:
    """The migration runner's environment: ours, less anything that would read as an app setting (an
    azd environment carries deployment parameters such as X_CLIENT_ID), plus the database to migrate,
    the role to grant, and AZURE_TOKEN_CREDENTIALS so that the runner's DefaultAzureCredential asks azd
    for its token: the principal the login name belongs to. AZURE_CLIENT_ID stays: a service principal
    signing in from the environment needs it."""
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
    return env | {
        "DATABASE_URL": database_url,
        "DATABASE_ENTRA_AUTH": "true",
        "DATABASE_APP_ROLE": app_role,
        "AZURE_TOKEN_CREDENTIALS": "AzureDeveloperCliCredential",
    }


def predeploy(env: Mapping[str, str]) -> None:
    write_web_build_env(env)
    host = required(env, "POSTGRES_HOST")
    database = required(env, "POSTGRES_DATABASE")
    app_role = required(env, "POSTGRES_APP_ROLE")
    with deploying_credential(env) as credential:
        user = deploying_principal(credential).name
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
            "the server (the postprovision hook makes it one: azd hooks run postprovision); see "
            "docs/runbook.md"
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
