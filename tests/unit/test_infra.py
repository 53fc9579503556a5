"""The Bicep in infra/ against the code: the settings production needs, every %NAME% and connection a
trigger binding names, the queues and blob containers the code names, and the Cosmos containers it
reads, all read from the code at test time so a new setting, trigger or queue is checked without
editing this file. Then what Azure would refuse or get wrong: concurrent changes to the PostgreSQL
server, site properties Flex Consumption rejects, instance limits, regions, and the web build's API URL.

There is no Bicep compiler here: templates are parsed with pycep-parser and values are worked out only
as far as literals, parameter values, variables and a few operators go. Anything computed at deploy
time (an endpoint, a Key Vault reference) stands in as a non-empty placeholder.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pycep import BicepParser
from pydantic import AliasChoices, ValidationError

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


def resolve(value: Any, bicep: dict[str, Any], given: Mapping[str, Any] | None = None) -> Any:
    """The value of a Bicep expression as far as literals, parameter values (`given`, else defaults),
    variables and a few operators and functions decide it.

    pycep does not apply Bicep's operator precedence (`a == b ? c : d` comes back as `a == (b ? c : d)`),
    so an expression a test evaluates must be parenthesised: what pycep misreads comes out unresolved
    (a condition that is not a boolean), never as a wrong value."""
    given = given or {}
    if isinstance(value, str):
        return _resolve_text(value, bicep, given)
    if isinstance(value, list):
        return [resolve(item, bicep, given) for item in value]
    if isinstance(value, dict):
        return _resolve_node(value, bicep, given)
    return value


def _resolve_text(text: str, bicep: dict[str, Any], given: Mapping[str, Any]) -> Any:
    """pycep renders an identifier and a string literal alike, so a string naming a parameter or a
    variable of the template is taken as a reference to it."""
    if "${" in text:
        return UNRESOLVED
    if text in bicep.get("parameters", {}):
        if text in given:
            return given[text]
        parameter = bicep["parameters"][text]
        return resolve(parameter["default"], bicep, given) if "default" in parameter else UNRESOLVED
    if text in bicep.get("variables", {}):
        return resolve(bicep["variables"][text]["value"], bicep, given)
    return text


COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "equals": operator.eq,
    "not_equals": operator.ne,
    "greater_than": operator.gt,
    "greater_than_or_equals": operator.ge,
    "less_than": operator.lt,
    "less_than_or_equals": operator.le,
}
LOGIC: dict[str, Callable[[list[bool]], bool]] = {
    "and": all,
    "or": any,
    "not": lambda values: not values[0],
}
FUNCTIONS: dict[str, Callable[..., Any]] = {"max": max, "min": min, "empty": lambda item: not item}


def _resolve_node(node: dict[str, Any], bicep: dict[str, Any], given: Mapping[str, Any]) -> Any:
    if "loop_type" in node:
        return UNRESOLVED
    if "operator" in node:
        return _resolve_operator(node["operator"]["type"], node["operator"]["operands"], bicep, given)
    if isinstance(node.get("function"), dict):
        return _resolve_function(node["function"]["type"], node["function"]["parameters"], bicep, given)
    return {key: resolve(item, bicep, given) for key, item in node.items()}


def _resolve_operator(
    kind: str, operands: dict[str, Any], bicep: dict[str, Any], given: Mapping[str, Any]
) -> Any:
    if kind == "conditional":
        condition = resolve(operands["condition"], bicep, given)
        if not isinstance(condition, bool):
            return UNRESOLVED
        return resolve(operands["true_value" if condition else "false_value"], bicep, given)
    values = [resolve(operand, bicep, given) for operand in operands.values()]
    if any(isinstance(item, Unresolved) for item in values):
        return UNRESOLVED
    if kind in COMPARISONS:
        return COMPARISONS[kind](*values)
    if kind in LOGIC and all(isinstance(item, bool) for item in values):
        return LOGIC[kind](values)
    return UNRESOLVED


def _resolve_function(
    kind: str, parameters: dict[str, Any], bicep: dict[str, Any], given: Mapping[str, Any]
) -> Any:
    arguments = [resolve(argument, bicep, given) for argument in parameters.values()]
    if any(isinstance(item, Unresolved) for item in arguments):
        return UNRESOLVED
    if kind == "string":
        (argument,) = arguments
        return str(argument).lower() if isinstance(argument, bool) else str(argument)
    if kind in FUNCTIONS:
        return FUNCTIONS[kind](*arguments)
    return UNRESOLVED


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


def test_parameters_file_matches_main_bicep() -> None:
    given = json.loads((INFRA / "main.parameters.json").read_text(encoding="utf-8"))["parameters"]
    declared = main_bicep()["parameters"]
    assert not set(given) - set(declared), (
        f"not parameters of main.bicep: {sorted(set(given) - set(declared))}"
    )
    without_default = {name for name, parameter in declared.items() if "default" not in parameter}
    assert not without_default - set(given), f"no value for {sorted(without_default - set(given))}"


# Trigger bindings: the Functions host resolves %NAME% from app settings only, when it indexes the
# functions, and disables a function whose binding it cannot resolve. The code's defaults never reach it.


def binding_properties(app_functions: list[Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(function, property, value, binding) for every string property of every binding."""
    found = []
    for function in app_functions:
        for binding in function.get_bindings_dict()["bindings"]:
            for name, value in binding.items():
                if isinstance(value, str):
                    found.append((function.get_function_name(), name, value, binding))
    return found


def test_bicep_defines_every_binding_expression(app_functions: list[Any]) -> None:
    from tools.devhost.ncrontab import parse_schedule
    from tools.devhost.settings import MissingSettingError
    from tools.devhost.settings import resolve as resolve_binding

    settings = deployed_environment()
    timers = 0
    for function, name, value, binding in binding_properties(app_functions):
        try:
            resolved = resolve_binding(value, settings)
        except MissingSettingError as error:
            pytest.fail(f"{function}: {name} {value!r} names %{error.name}%, which main.bicep does not set")
        if binding["type"] == "timerTrigger" and name == "schedule":
            timers += 1
            assert "set at deploy time" not in resolved, (
                f"{function}: {value!r} must be a literal in main.bicep"
            )
            parse_schedule(resolved, settings)  # raises what the host would refuse
    assert timers >= 9, "the timers were not found"


# What a binding's `connection` needs among the app settings, by binding type: the connection string
# itself, or an identity-based connection (service URI, credential, and the user-assigned identity's
# client id: the app has no system-assigned identity).
STORAGE_SERVICE = {"queueTrigger": "queue", "queue": "queue", "blobTrigger": "blob", "blob": "blob"}


def test_bicep_satisfies_every_binding_connection(app_functions: list[Any]) -> None:
    settings = bicep_app_settings()
    connections = [
        (function, value, binding["type"])
        for function, name, value, binding in binding_properties(app_functions)
        if name == "connection"
    ]
    assert connections, "the queue triggers were not found"
    for function, connection, kind in connections:
        if connection in settings:
            continue
        uris = {f"{connection}__serviceUri", f"{connection}__{STORAGE_SERVICE.get(kind, kind)}ServiceUri"}
        assert uris & set(settings), f"{function}: connection {connection!r} needs one of {sorted(uris)}"
        assert settings.get(f"{connection}__credential") == "managedidentity", function
        assert f"{connection}__clientId" in settings, f"{function}: {connection}__clientId (user-assigned)"


# PostgreSQL: the server refuses a change while another is running.


def depends_on(resource: dict[str, Any]) -> set[str]:
    config = resource["config"]
    body = config.get("config", config)  # a loop nests the body one level down
    return set(body.get("dependsOn", []))


def test_postgres_server_changes_run_one_at_a_time() -> None:
    postgres = template("core/database/postgres-flexible.bicep")
    resources = postgres["resources"]
    children = [
        name
        for name, resource in resources.items()
        if resource["type"].startswith("Microsoft.DBforPostgreSQL/flexibleServers/")
    ]
    # Azure Verified Modules' order: databases, firewall rules, configurations, administrators.
    order = ["databases", "firewallRules", "configurations", "administrators"]
    kinds = {name: resources[name]["type"].rsplit("/", 1)[1] for name in children}
    assert set(kinds.values()) <= set(order), f"place {sorted(set(kinds.values()) - set(order))} in the order"
    assert {"databases", "firewallRules", "administrators"} <= set(kinds.values())
    children.sort(key=lambda name: order.index(kinds[name]))
    for before, after in itertools.pairwise(children):
        assert before in depends_on(resources[after]), f"{after} must depend on {before}"
    for name in children:
        if "loop_type" in resources[name]["config"]:
            decorators = {(d["type"], d.get("argument")) for d in resources[name]["decorators"]}
            assert ("batchSize", 1) in decorators, f"{name}: @batchSize(1), one change at a time"


# Flex Consumption.

# Site properties Microsoft lists as Flex Consumption deprecations ("Flex Consumption plan deprecations"
# in the Functions app settings reference); newer regions reject a site that sets one.
FLEX_REJECTED_SITE_PROPERTIES = {
    "ftpsstate",
    "use32bitworkerprocess",
    "isreserved",
    "isxenon",
    "windowsfxversion",
    "alwayson",
    "prewarmedinstancecount",
    "functionappscalelimit",
    "containersize",
    "javaversion",
    "powershellversion",
    "netframeworkversion",
    "linuxfxversion",
}


def keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {key for value in node.values() for key in keys(value)}
    if isinstance(node, list):
        return {key for value in node for key in keys(value)}
    return set()


def test_function_app_sets_no_site_property_flex_rejects() -> None:
    site = template("core/host/functions-flex.bicep")["resources"]["functionApp"]["config"]["properties"]
    found = {key for key in keys(site) if key.lower() in FLEX_REJECTED_SITE_PROPERTIES}
    assert not found, f"Flex Consumption rejects {sorted(found)}"


def decorator(parameter: dict[str, Any], kind: str) -> Any:
    return next((d["argument"] for d in parameter["decorators"] if d["type"] == kind), None)


def test_maximum_instance_count_is_one_flex_accepts() -> None:
    main, flex = main_bicep(), template("core/host/functions-flex.bicep")
    assert (
        main["modules"]["api"]["config"]["params"]["maximumInstanceCount"] == "functionMaximumInstanceCount"
    )
    for parameter in (
        main["parameters"]["functionMaximumInstanceCount"],
        flex["parameters"]["maximumInstanceCount"],
    ):
        assert decorator(parameter, "min_value") >= 40, "Flex Consumption takes 40 to 1000"
        assert decorator(parameter, "max_value") <= 1000
        assert 40 <= parameter["default"] <= 1000


def always_ready(**given: Any) -> Any:
    flex = template("core/host/functions-flex.bicep")
    config = flex["resources"]["functionApp"]["config"]["properties"]["functionAppConfig"]
    return resolve(config["scaleAndConcurrency"]["alwaysReady"], flex, given)


def test_zone_redundancy_keeps_two_always_ready_instances() -> None:
    # Zone redundancy spreads always-ready instances over at least two zones.
    assert always_ready(zoneRedundant=True, alwaysReadyHttpInstances=0) == [
        {"name": "http", "instanceCount": 2}
    ]
    assert always_ready(zoneRedundant=True, alwaysReadyHttpInstances=5) == [
        {"name": "http", "instanceCount": 5}
    ]
    assert always_ready(zoneRedundant=False, alwaysReadyHttpInstances=0) == []
    assert always_ready(zoneRedundant=False, alwaysReadyHttpInstances=3) == [
        {"name": "http", "instanceCount": 3}
    ]


def test_location_is_one_that_offers_flex_consumption() -> None:
    location = main_bicep()["parameters"]["location"]
    regions = decorator(location, "allowed")
    assert regions, "restrict location to the regions that offer Flex Consumption"
    assert all(re.fullmatch(r"[a-z0-9]+", region) for region in regions), "Azure region names"
    assert decorator(location, "metadata") == {"azd": {"type": "location"}}, "azd offers only these"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for example in re.findall(r"azd env set AZURE_LOCATION (\S+)", readme):
        assert example in regions, f"the README deploys to {example}"


# The web app: its build takes the API base URL from the deployment.


def test_web_api_base_url_is_the_linked_backend_on_the_sites_origin() -> None:
    output = main_bicep()["outputs"]["WEB_API_BASE_URL"]["value"]
    main = main_bicep()
    assert resolve(output, main) == "/api", "the default (Standard) plan serves the API on the site's origin"
    assert resolve(output, main, {"staticWebAppSku": "Free"}) is UNRESOLVED, "Free: the function app's URL"


def test_static_web_app_settings_are_not_used_for_the_spa() -> None:
    # A Static Web App's app settings reach its managed functions only, never the files it serves.
    site = template("core/host/static-web-app.bicep")
    configs = [r for r in site["resources"].values() if r["type"] == "Microsoft.Web/staticSites/config"]
    assert not configs, "the SPA cannot read them: build WEB_API_BASE_URL into web/ instead"


# Provisioning and the hooks.


def test_key_vault_carries_the_tag_the_preprovision_hook_finds_it_by() -> None:
    from infra.hooks.azd_hooks import ENVIRONMENT_TAG

    main = main_bicep()
    assert main["modules"]["keyVault"]["config"]["params"]["tags"] == "allTags"
    union = main["variables"]["allTags"]["value"]["function"]
    assert union["type"] == "union"
    assert union["parameters"]["arg_2"] == {f"'{ENVIRONMENT_TAG}'": "environmentName"}
