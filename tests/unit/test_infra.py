"""The Bicep in infra/ against the code: the settings production needs, the queues and blob containers
the code names, and the Cosmos containers it reads, all read from the code at test time so a new
setting or queue is checked without editing this file.

There is no Bicep compiler here: templates are parsed with pycep-parser and values are worked out only
as far as literals, parameter defaults and variables go. Anything computed at deploy time (an endpoint,
a Key Vault reference) stands in as a non-empty placeholder.
"""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from psycopg.conninfo import conninfo_to_dict
from pycep import BicepParser
from pydantic import AliasChoices, ValidationError

from infra.hooks import azd_hooks
from shared.adapters.cosmos import CONTAINERS
from shared.config import Settings

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"

# Read by the Functions host, not by shared/config.py.
HOST_SETTINGS = {"AzureWebJobsStorage__credential", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"}
# Settings Flex Consumption rejects or ignores (functionAppConfig replaces them), and the shared-key
# connection string (keys are off).
FORBIDDEN_SETTINGS = {
    "FUNCTIONS_WORKER_RUNTIME",
    "FUNCTIONS_EXTENSION_VERSION",
    "WEBSITE_RUN_FROM_PACKAGE",
    "WEBSITE_CONTENTSHARE",
    "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
    "WEBSITE_NODE_DEFAULT_VERSION",
    "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
    "SCM_DO_BUILD_DURING_DEPLOYMENT",
    "ENABLE_ORYX_BUILD",
    "AzureWebJobsStorage",
}
POISON_SUFFIX = "-poison"


class Unresolved:
    """A value known only at deploy time."""


UNRESOLVED = Unresolved()


@cache
def template(relative: str) -> dict[str, Any]:
    return dict(BicepParser().parse(file_path=INFRA / relative))


def resolve(value: Any, bicep: dict[str, Any]) -> Any:
    """The value of a Bicep expression as far as literals, parameter defaults and variables decide it."""
    if isinstance(value, str):
        return _resolve_text(value, bicep)
    if isinstance(value, list):
        return [resolve(item, bicep) for item in value]
    if isinstance(value, dict):
        return _resolve_node(value, bicep)
    return value


def _resolve_text(text: str, bicep: dict[str, Any]) -> Any:
    """pycep renders an identifier and a string literal alike, so a string naming a parameter or a
    variable of the template is taken as a reference to it."""
    if "${" in text:
        return UNRESOLVED
    if text in bicep.get("parameters", {}):
        parameter = bicep["parameters"][text]
        return resolve(parameter["default"], bicep) if "default" in parameter else UNRESOLVED
    if text in bicep.get("variables", {}):
        return resolve(bicep["variables"][text]["value"], bicep)
    return text


def _resolve_node(node: dict[str, Any], bicep: dict[str, Any]) -> Any:
    function = node.get("function")
    if isinstance(function, dict) and function.get("type") == "string":
        (argument,) = function["parameters"].values()
        resolved = resolve(argument, bicep)
        if isinstance(resolved, Unresolved):
            return resolved
        return str(resolved).lower() if isinstance(resolved, bool) else str(resolved)
    if "function" in node or "operator" in node:
        return UNRESOLVED
    return {key: resolve(item, bicep) for key, item in node.items()}


def main_bicep() -> dict[str, Any]:
    return template("main.bicep")


def module_param(module: str, name: str) -> Any:
    main = main_bicep()
    return resolve(main["modules"][module]["config"]["params"][name], main)


def bicep_app_settings() -> dict[str, Any]:
    main = main_bicep()
    settings: dict[str, Any] = main["variables"]["appSettings"]["value"]
    return {name: resolve(value, main) for name, value in settings.items()}


def aliases() -> dict[str, str]:
    """Every name a setting can be given in the environment, with its field."""
    names: dict[str, str] = {}
    for field_name, field in Settings.model_fields.items():
        if field.alias:
            names[field.alias] = field_name
        if isinstance(field.validation_alias, AliasChoices):
            names.update({str(choice): field_name for choice in field.validation_alias.choices})
    return names


def deployed_environment() -> dict[str, str]:
    """The app settings as the app will see them, deploy-time values replaced by placeholders."""
    return {
        name: f"<{name} set at deploy time>" if isinstance(value, Unresolved) else str(value)
        for name, value in bicep_app_settings().items()
    }


def setting_value(name: str) -> str:
    """What the deployed app reads for a setting: Bicep's value, else the code's default."""
    deployed = bicep_app_settings()
    if name in deployed:
        value = deployed[name]
        assert isinstance(value, str), f"{name} must be a literal in main.bicep for this test to read it"
        return value
    field = Settings.model_fields[aliases()[name]]
    return str(field.default)


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings also read the process environment; the machine's own values must not fill gaps."""
    for name in aliases():
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("clean_environment")
def test_production_validation_demands_settings() -> None:
    # Guards the next test: with nothing set, production must refuse to start.
    with pytest.raises(ValidationError, match="unsafe settings"):
        Settings(ENVIRONMENT="production")


@pytest.mark.usefixtures("clean_environment")
def test_bicep_sets_every_setting_production_requires() -> None:
    settings = Settings(**deployed_environment())  # type: ignore[arg-type]
    assert settings.environment == "production"
    assert settings.key_vault_url, "secrets are read from Key Vault in Azure"
    assert settings.database_entra_auth, "the app logs in to PostgreSQL with its managed identity"
    assert not settings.cosmos_key.get_secret_value(), "Cosmos DB keys are disabled"


def test_bicep_app_settings_are_real_settings() -> None:
    known = set(aliases()) | HOST_SETTINGS
    names = set(bicep_app_settings())
    assert not names - known, f"main.bicep sets settings nothing reads: {sorted(names - known)}"
    assert not names & FORBIDDEN_SETTINGS, f"not for Flex Consumption: {sorted(names & FORBIDDEN_SETTINGS)}"


def primary_name(field_name: str) -> str:
    field = Settings.model_fields[field_name]
    if isinstance(field.validation_alias, AliasChoices):
        return str(field.validation_alias.choices[0])
    return field.alias or field_name


def test_local_settings_example_lists_every_deployed_setting() -> None:
    example = json.loads((ROOT / "local.settings.example.json").read_text(encoding="utf-8"))["Values"]
    names = aliases()
    deployed = {primary_name(names[name]) for name in bicep_app_settings() if name in names}
    missing = sorted(deployed - set(example))
    assert not missing, f"missing from local.settings.example.json: {missing}"


def code_queue_names() -> set[str]:
    """Queues the code names: every *_QUEUE setting with its poison queue, and every trigger's queue."""
    queues: set[str] = set()
    for name in aliases():
        if name.endswith("_QUEUE"):
            queue = setting_value(name)
            queues |= {queue, queue + POISON_SUFFIX}
    for path in (ROOT / "functions").rglob("*.py"):
        for pattern in re.findall(r'queue_name="([^"]+)"', path.read_text(encoding="utf-8")):
            queues.add(re.sub(r"%(\w+)%", lambda match: setting_value(match[1]), pattern))
    return queues


def test_bicep_creates_every_queue_the_code_names() -> None:
    expected = code_queue_names()
    assert {"publish", "publish-poison"} <= expected, "the code's queues were not found"
    created = set(module_param("storage", "queues"))
    assert not expected - created, f"queues missing from main.bicep: {sorted(expected - created)}"


def test_bicep_creates_every_blob_container() -> None:
    expected = {setting_value(name) for name in aliases() if name.endswith("_CONTAINER")}
    expected.add(module_param("api", "deploymentContainerName"))
    created = set(module_param("storage", "containers"))
    assert not expected - created, f"blob containers missing from main.bicep: {sorted(expected - created)}"


def test_cosmos_containers_match_the_code() -> None:
    deployed = {
        container["name"]: (container["partitionKey"], container.get("defaultTtl"))
        for container in module_param("cosmos", "containers")
    }
    expected = {spec.name: (spec.partition_key, spec.default_ttl_seconds) for spec in CONTAINERS}
    assert deployed == expected
    assert module_param("cosmos", "databaseName") == setting_value("COSMOS_DATABASE")


def test_function_app_runs_python_on_flex_consumption() -> None:
    flex = template("core/host/functions-flex.bicep")
    plan = flex["resources"]["plan"]["config"]
    assert plan["sku"] == {"name": "FC1", "tier": "FlexConsumption"}
    config = flex["resources"]["functionApp"]["config"]["properties"]["functionAppConfig"]
    assert config["runtime"]["name"] == "python"
    assert resolve(config["runtime"]["version"], flex) == "3.11"
    assert config["deployment"]["storage"]["authentication"]["type"] == "UserAssignedIdentity"


def role_assignment_names() -> list[tuple[str, Any]]:
    found = []
    for path in sorted(INFRA.rglob("*.bicep")):
        for name, resource in template(str(path.relative_to(INFRA))).get("resources", {}).items():
            if resource["type"] == "Microsoft.Authorization/roleAssignments":
                config = resource["config"]
                body = config.get("config", config)  # a loop nests the body one level down
                found.append((f"{path.name}:{name}", body["name"]))
    return found


def test_role_assignments_are_named_by_scope_principal_and_role() -> None:
    assignments = role_assignment_names()
    assert assignments
    for where, name in assignments:
        function = name.get("function", {}) if isinstance(name, dict) else {}
        assert function.get("type") == "guid", f"{where}: name it guid(scope, principal, role)"
        assert len(function["parameters"]) == 3, f"{where}: name it guid(scope, principal, role)"


# The azd hooks (infra/hooks/azd_hooks.py): the parts that need no Azure.


def fake_token(claims: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256'})}.{part(claims)}.signature"


def test_hook_names_a_deploying_user_by_sign_in_name() -> None:
    claims = azd_hooks.token_claims(fake_token({"upn": "ada@contoso.com", "idtyp": "user", "oid": "1"}))
    assert azd_hooks.principal_from_claims(claims) == ("ada@contoso.com", "User")


def test_hook_names_a_deploying_service_principal_by_application_id() -> None:
    claims = azd_hooks.token_claims(fake_token({"idtyp": "app", "appid": "0f1e2d3c", "oid": "2"}))
    assert azd_hooks.principal_from_claims(claims) == ("0f1e2d3c", "ServicePrincipal")


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
    }


def test_parameters_file_matches_main_bicep() -> None:
    given = json.loads((INFRA / "main.parameters.json").read_text(encoding="utf-8"))["parameters"]
    declared = main_bicep()["parameters"]
    assert not set(given) - set(declared), (
        f"not parameters of main.bicep: {sorted(set(given) - set(declared))}"
    )
    without_default = {name for name, parameter in declared.items() if "default" not in parameter}
    assert not without_default - set(given), f"no value for {sorted(without_default - set(given))}"
