"""The azd hooks (infra/hooks/azd_hooks.py) against fakes: azd's sign-in (a token with claims), Azure
Resource Manager (an httpx mock transport), Key Vault, `azd env set` and the migration runner."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from azure.core.credentials import AccessToken
from psycopg.conninfo import conninfo_to_dict

from infra.hooks import azd_hooks

ROOT = Path(__file__).resolve().parents[2]
SUBSCRIPTION = "00000000-0000-0000-0000-0000000000aa"
TENANT = "00000000-0000-0000-0000-0000000000bb"
ADA = {
    "upn": "ada@contoso.com",
    "idtyp": "user",
    "oid": "00000000-0000-0000-0000-00000000000a",
    "tid": TENANT,
}
GROUP = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-prod"
SERVER = f"{GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-abc"
VAULT = f"{GROUP}/providers/Microsoft.KeyVault/vaults/kv-abc"
DELETED_VAULTS = f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.KeyVault/deletedVaults"


def fake_token(claims: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256'})}.{part(claims)}.signature"


class FakeCredential:
    def __init__(self, claims: dict[str, Any]) -> None:
        self.token = fake_token(claims)

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self.token, 4_102_444_800)

    def close(self) -> None:
        pass

    def __enter__(self) -> FakeCredential:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


Reply = httpx.Response | Callable[[httpx.Request], httpx.Response]


@dataclass
class Azure:
    """Azure Resource Manager as the hooks see it: replies by (method, path), each request recorded.
    A list of replies is used in turn, its last repeated."""

    replies: dict[tuple[str, str], Reply | list[Reply]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.get((request.method, request.url.path), httpx.Response(404))
        if isinstance(reply, list):
            reply = reply.pop(0) if len(reply) > 1 else reply[0]
        return reply(request) if callable(reply) else reply

    def sent(self, method: str) -> list[tuple[str, Any]]:
        return [
            (request.url.path, json.loads(request.content) if request.content else None)
            for request in self.requests
            if request.method == method
        ]


@dataclass
class Hooks:
    azure: Azure
    claims: dict[str, Any]
    commands: list[tuple[list[str], dict[str, str] | None]] = field(default_factory=list)
    credentials: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)

    def run(self, step: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> int:
        for name in list(os.environ):
            if name.startswith(("AZURE_", "POSTGRES_", "WEB_")):
                monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return azd_hooks.main([step])

    def env_set(self) -> dict[str, str]:
        return {args[3]: args[4] for args, _ in self.commands if args[:3] == ["azd", "env", "set"]}


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Hooks:
    import azure.identity

    harness = Hooks(Azure(), dict(ADA))

    def credential(kind: str) -> Callable[..., FakeCredential]:
        def make(*args: Any, **kwargs: Any) -> FakeCredential:
            harness.credentials.append(kind)
            return FakeCredential(harness.claims)

        return make

    def run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        harness.commands.append((list(args), kwargs.get("env")))
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(azure.identity, "AzureDeveloperCliCredential", credential("azd"))
    monkeypatch.setattr(azure.identity, "DefaultAzureCredential", credential("default"))
    monkeypatch.setattr(azure.identity, "AzureCliCredential", credential("az"))
    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(
        azd_hooks,
        "arm_client",
        lambda cred: azd_hooks.Arm(
            cred, transport=httpx.MockTransport(harness.azure.handle), poll_seconds=0, sleep=lambda _: None
        ),
        raising=False,
    )
    monkeypatch.setattr(
        azd_hooks, "ensure_secrets", lambda cred, url: harness.secrets.append(url), raising=False
    )
    monkeypatch.setattr(azd_hooks, "ROOT", tmp_path, raising=False)
    return harness


def provisioned(**more: str) -> dict[str, str]:
    """The azd environment after a provision: its own values and the Bicep outputs."""
    return {
        "AZURE_ENV_NAME": "prod",
        "AZURE_SUBSCRIPTION_ID": SUBSCRIPTION,
        "AZURE_LOCATION": "westeurope",
        "AZURE_PRINCIPAL_ID": ADA["oid"],
        "AZURE_RESOURCE_GROUP": "rg-prod",
        "AZURE_KEY_VAULT_ENDPOINT": "https://kv-abc.vault.azure.net/",
        "POSTGRES_SERVER_NAME": "psql-abc",
        "POSTGRES_HOST": "psql-abc.postgres.database.azure.com",
        "POSTGRES_DATABASE": "clickkloudy",
        "POSTGRES_APP_ROLE": "id-api-abc",
        "WEB_API_BASE_URL": "/api",
        **more,
    }


def json_reply(status: int, body: object, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


# Who is deploying.


def test_hook_names_a_deploying_user_by_sign_in_name() -> None:
    claims = azd_hooks.token_claims(fake_token(ADA))
    assert azd_hooks.principal_from_claims(claims) == azd_hooks.Principal(
        ADA["oid"], TENANT, "ada@contoso.com", "User"
    )


def test_hook_names_a_deploying_service_principal_by_application_id() -> None:
    claims = azd_hooks.token_claims(fake_token({"idtyp": "app", "appid": "0f1e2d3c", "oid": "2", "tid": "t"}))
    assert azd_hooks.principal_from_claims(claims) == azd_hooks.Principal(
        "2", "t", "0f1e2d3c", "ServicePrincipal"
    )


@pytest.mark.parametrize("step", ["preprovision", "postprovision", "predeploy"])
def test_every_step_signs_in_as_azd_does(hooks: Hooks, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    # DefaultAzureCredential tries the Azure CLI before azd: signed in as someone else, it would name a
    # different PostgreSQL administrator than the object id azd gave Bicep.
    hooks.azure.replies[("GET", DELETED_VAULTS)] = json_reply(200, {"value": []})
    hooks.azure.replies[("PUT", f"{SERVER}/administrators/{ADA['oid']}")] = json_reply(
        200, {"properties": {}}
    )
    assert hooks.run(step, provisioned(), monkeypatch) == 0
    assert hooks.credentials, "the step signed in"
    assert set(hooks.credentials) == {"azd"}


def test_migrations_log_in_as_azds_principal_with_azds_token(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert hooks.run("predeploy", provisioned(), monkeypatch) == 0
    ((args, env),) = hooks.commands
    assert args[1:] == ["-m", "shared.db.migrate"]
    assert env is not None
    assert conninfo_to_dict(env["DATABASE_URL"])["user"] == "ada@contoso.com"
    assert env["AZURE_TOKEN_CREDENTIALS"] == "AzureDeveloperCliCredential"


def test_migration_runner_credential_is_azds(monkeypatch: pytest.MonkeyPatch) -> None:
    from azure.identity import AzureDeveloperCliCredential, DefaultAzureCredential

    env = azd_hooks.migration_environment({}, "postgresql://ada@db/clickkloudy", "id-api-abc")
    monkeypatch.setenv("AZURE_TOKEN_CREDENTIALS", env["AZURE_TOKEN_CREDENTIALS"])
    with DefaultAzureCredential() as credential:  # what shared/adapters/credentials.py builds
        assert [type(c) for c in credential.credentials] == [AzureDeveloperCliCredential]


def test_hook_migration_url_keeps_a_sign_in_name_intact() -> None:
    url = azd_hooks.migration_database_url(
        "psql-x.postgres.database.azure.com", "clickkloudy", "ada@contoso.com"
    )
    parts = conninfo_to_dict(url)
    assert parts["user"] == "ada@contoso.com"
    assert parts["host"] == "psql-x.postgres.database.azure.com"
    assert parts["sslmode"] == "require"
    assert "password" not in parts


def test_hook_migration_environment_drops_app_settings_but_keeps_credentials() -> None:
    env = azd_hooks.migration_environment(
        {"PATH": "/bin", "ENVIRONMENT": "production", "X_CLIENT_ID": "x", "AZURE_CLIENT_ID": "sp"},
        "postgresql://ada@db/clickkloudy",
        "id-api-abc",
    )
    assert env == {
        "PATH": "/bin",
        "AZURE_CLIENT_ID": "sp",
        "DATABASE_URL": "postgresql://ada@db/clickkloudy",
        "DATABASE_ENTRA_AUTH": "true",
        "DATABASE_APP_ROLE": "id-api-abc",
        "AZURE_TOKEN_CREDENTIALS": "AzureDeveloperCliCredential",
    }


# Provisioning takes nothing a hook records: azd may read the parameters before preprovision runs.


def parameter_file_names() -> set[str]:
    text = (ROOT / "infra" / "main.parameters.json").read_text(encoding="utf-8")
    return set(re.findall(r"\$\{(\w+)", text))


def test_provisioning_reads_no_value_the_preprovision_hook_records(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooks.azure.replies[("GET", DELETED_VAULTS)] = json_reply(200, {"value": []})
    env = {
        name: value for name, value in provisioned().items() if name in {"AZURE_ENV_NAME", "AZURE_LOCATION"}
    }
    env["AZURE_SUBSCRIPTION_ID"] = SUBSCRIPTION  # a first `azd up`: nothing provisioned yet
    assert hooks.run("preprovision", env, monkeypatch) == 0
    recorded = set(hooks.env_set())
    assert not recorded & parameter_file_names(), f"main.parameters.json reads {sorted(recorded)}"


# preprovision: a Key Vault that `azd down` left soft-deleted.


def deleted_vault(name: str, env_name: str, location: str) -> dict[str, Any]:
    return {
        "name": name,
        "properties": {
            "vaultId": f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-{env_name}"
            f"/providers/Microsoft.KeyVault/vaults/{name}",
            "location": location,
            "tags": {"azd-env-name": env_name, "team": "ops"},
            "purgeProtectionEnabled": True,
        },
    }


def test_preprovision_recovers_this_environments_deleted_vault(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooks.azure.replies[("GET", DELETED_VAULTS)] = [
        json_reply(
            200,
            {
                "value": [deleted_vault("kv-other", "staging", "westeurope")],
                "nextLink": f"https://management.azure.com{DELETED_VAULTS}?api-version=2023-07-01&page=2",
            },
        ),
        json_reply(
            200,
            {
                "value": [
                    deleted_vault("kv-elsewhere", "prod", "eastus2"),
                    deleted_vault("kv-abc", "prod", "westeurope"),
                ]
            },
        ),
    ]
    hooks.azure.replies[("PUT", GROUP)] = json_reply(201, {"properties": {"provisioningState": "Succeeded"}})
    hooks.azure.replies[("PUT", VAULT)] = json_reply(
        200, {"properties": {"provisioningState": "RegisteringDns"}}
    )
    hooks.azure.replies[("GET", VAULT)] = [
        json_reply(200, {"properties": {"provisioningState": "RegisteringDns"}}),
        json_reply(200, {"properties": {"provisioningState": "Succeeded"}}),
    ]
    assert hooks.run("preprovision", provisioned(), monkeypatch) == 0
    assert hooks.azure.sent("PUT") == [
        (GROUP, {"location": "westeurope", "tags": {"azd-env-name": "prod", "team": "ops"}}),
        (
            VAULT,
            {
                "location": "westeurope",
                "tags": {"azd-env-name": "prod", "team": "ops"},
                "properties": {
                    "tenantId": TENANT,
                    "sku": {"family": "A", "name": "standard"},
                    "createMode": "recover",
                },
            },
        ),
    ]


def test_preprovision_changes_nothing_without_a_deleted_vault(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooks.azure.replies[("GET", DELETED_VAULTS)] = json_reply(
        200, {"value": [deleted_vault("kv-other", "staging", "westeurope")]}
    )
    assert hooks.run("preprovision", provisioned(), monkeypatch) == 0
    assert hooks.azure.sent("PUT") == []


def test_preprovision_goes_on_when_it_may_not_list_deleted_vaults(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooks.azure.replies[("GET", DELETED_VAULTS)] = json_reply(403, {"error": {"code": "AuthorizationFailed"}})
    assert hooks.run("preprovision", provisioned(), monkeypatch) == 0
    assert hooks.azure.sent("PUT") == []


# postprovision: the deploying principal's database access.


def test_postprovision_makes_the_deployer_a_postgres_administrator_named_as_it_signs_in(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    operation = (
        "https://management.azure.com/subscriptions/x/providers/Microsoft.DBforPostgreSQL/operations/1"
    )
    admin = f"{SERVER}/administrators/{ADA['oid']}"
    hooks.azure.replies[("PUT", admin)] = json_reply(202, None, {"Azure-AsyncOperation": operation})
    hooks.azure.replies[("GET", "/subscriptions/x/providers/Microsoft.DBforPostgreSQL/operations/1")] = [
        json_reply(200, {"status": "InProgress"}),
        json_reply(200, {"status": "Succeeded"}),
    ]
    assert hooks.run("postprovision", provisioned(), monkeypatch) == 0
    assert hooks.azure.sent("PUT") == [
        (
            admin,
            {"properties": {"principalName": "ada@contoso.com", "principalType": "User", "tenantId": TENANT}},
        )
    ]
    assert hooks.secrets == ["https://kv-abc.vault.azure.net/"]


def test_postprovision_keeps_an_administrator_that_is_there(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = f"{SERVER}/administrators/{ADA['oid']}"
    hooks.azure.replies[("GET", admin)] = json_reply(
        200, {"properties": {"principalName": "ada@contoso.com"}}
    )
    assert hooks.run("postprovision", provisioned(), monkeypatch) == 0
    assert hooks.azure.sent("PUT") == []


def test_postprovision_stops_when_azd_is_signed_in_as_someone_else(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = provisioned(AZURE_PRINCIPAL_ID="00000000-0000-0000-0000-0000000000ff")
    assert hooks.run("postprovision", env, monkeypatch) == 1
    assert "AZURE_PRINCIPAL_ID" in capsys.readouterr().err
    assert hooks.azure.sent("PUT") == []
    assert hooks.secrets == []


def test_a_failed_azure_operation_fails_the_hook(hooks: Hooks, monkeypatch: pytest.MonkeyPatch) -> None:
    operation = "https://management.azure.com/operations/2"
    hooks.azure.replies[("PUT", f"{SERVER}/administrators/{ADA['oid']}")] = [
        json_reply(409, {"error": {"code": "ServerBusy", "message": "another operation is in progress"}}),
        json_reply(201, None, {"Azure-AsyncOperation": operation}),
    ]
    hooks.azure.replies[("GET", "/operations/2")] = json_reply(
        200, {"status": "Failed", "error": {"message": "principal not found"}}
    )
    assert hooks.run("postprovision", provisioned(), monkeypatch) == 1
    assert len(hooks.azure.sent("PUT")) == 2, "a busy server is asked again"


# The web build's API base URL.


def test_hooks_write_the_web_build_api_url_once_web_exists(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    web = azd_hooks.ROOT / "web"
    assert hooks.run("predeploy", provisioned(), monkeypatch) == 0
    assert not web.exists(), "nothing is written before web/ exists"
    web.mkdir()
    (web / "package.json").write_text("{}", encoding="utf-8")
    assert hooks.run("predeploy", provisioned(WEB_API_BASE_URL="/api"), monkeypatch) == 0
    env_file = web / ".env.production.local"
    values = dict(
        line.split("=", 1)
        for line in env_file.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    )
    assert values == {"VITE_API_BASE_URL": "/api"}
    env_file.unlink()
    hooks.azure.replies[("PUT", f"{SERVER}/administrators/{ADA['oid']}")] = json_reply(
        200, {"properties": {}}
    )
    assert hooks.run("postprovision", provisioned(), monkeypatch) == 0
    assert env_file.is_file(), "provisioning writes it too, so `azd up` builds web/ with it"


def test_the_web_build_needs_the_deployment_output(hooks: Hooks, monkeypatch: pytest.MonkeyPatch) -> None:
    (azd_hooks.ROOT / "web").mkdir()
    (azd_hooks.ROOT / "web" / "package.json").write_text("{}", encoding="utf-8")
    env = provisioned()
    del env["WEB_API_BASE_URL"]
    assert hooks.run("predeploy", env, monkeypatch) == 1


def test_the_web_build_reads_an_output_of_main_bicep() -> None:
    from tests.unit.test_infra import main_bicep

    outputs = main_bicep()["outputs"]
    assert "WEB_API_BASE_URL" in outputs
    for name in ("POSTGRES_SERVER_NAME", "AZURE_RESOURCE_GROUP", "AZURE_KEY_VAULT_ENDPOINT", "POSTGRES_HOST"):
        assert name in outputs, f"the hooks read {name}"
