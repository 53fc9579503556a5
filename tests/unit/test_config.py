import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from shared.config import EMULATOR_COSMOS_KEY, Settings

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 48

PRODUCTION = {
    "ENVIRONMENT": "production",
    "DATABASE_URL": "postgresql://app@db.example/clickkloudy",
    "AzureWebJobsStorage__blobServiceUri": "https://st.blob.core.windows.net",
    "AzureWebJobsStorage__queueServiceUri": "https://st.queue.core.windows.net",
    "JWT_SIGNING_KEY": GOOD_KEY,
    "TOKEN_ENCRYPTION_KEY": GOOD_KEY,
    "EMAIL_BACKEND": "acs",
    "ACS_ENDPOINT": "https://acs.communication.azure.com",
}


def make(**values: object) -> Settings:
    return Settings(**values)  # type: ignore[arg-type]


def test_development_defaults_are_accepted() -> None:
    settings = make(ENVIRONMENT="development")
    assert settings.is_development
    assert settings.jwt_signing_key.get_secret_value().startswith("dev-only-")


def test_production_with_real_values_is_accepted() -> None:
    settings = make(**PRODUCTION)
    assert not settings.is_development
    assert settings.storage_queue_service_uri == "https://st.queue.core.windows.net"


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"JWT_SIGNING_KEY": "dev-only-jwt-signing-key-change-me-0123456789abcdef"}, "JWT_SIGNING_KEY"),
        ({"TOKEN_ENCRYPTION_KEY": "short"}, "TOKEN_ENCRYPTION_KEY is shorter than 32"),
        ({"COSMOS_KEY": EMULATOR_COSMOS_KEY}, "public emulator key"),
        ({"AzureWebJobsStorage": "UseDevelopmentStorage=true"}, "local storage emulator"),
        ({"DATABASE_URL": ""}, "DATABASE_URL is required"),
        ({"EMAIL_BACKEND": "dev_outbox"}, "EMAIL_BACKEND=dev_outbox"),
    ],
)
def test_production_refuses_placeholders(override: dict[str, str], complaint: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(complaint)):
        make(**{**PRODUCTION, **override})


def test_placeholders_are_allowed_when_secrets_come_from_key_vault() -> None:
    settings = make(
        **{
            **PRODUCTION,
            "JWT_SIGNING_KEY": "dev-only-placeholder-but-long-enough-000000",
            "KEY_VAULT_URL": "https://kv.vault.azure.net",
        }
    )
    assert settings.key_vault_url


def test_unknown_environment_is_rejected() -> None:
    with pytest.raises(ValidationError, match="ENVIRONMENT"):
        make(ENVIRONMENT="staging")


def test_every_setting_is_documented_and_in_the_example_file() -> None:
    example = json.loads((ROOT / "local.settings.example.json").read_text())["Values"]
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name} has no description"
        alias = field.alias or (field.validation_alias.choices[0] if field.validation_alias else name)  # type: ignore[union-attr]
        assert alias in example, f"{alias} is missing from local.settings.example.json"


def test_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISH_QUEUE", "publish-from-env")
    monkeypatch.setenv("AzureWebJobsStorage", "UseDevelopmentStorage=true")
    settings = Settings()  # type: ignore[call-arg]
    assert settings.publish_queue == "publish-from-env"
    assert settings.storage_connection_string == "UseDevelopmentStorage=true"


def test_trigger_binding_expressions_name_real_settings(app_functions: list[Any]) -> None:
    aliases = {f.alias for f in Settings.model_fields.values()}
    for function in app_functions:
        for binding in function.get_bindings_dict()["bindings"]:
            for value in binding.values():
                for name in re.findall(r"%([^%]+)%", str(value)):
                    assert name in aliases, f"{function.get_function_name()} reads %{name}%, not a setting"


def test_every_setting_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [
        field.alias
        for field in Settings.model_fields.values()
        if field.alias and f"`{field.alias}`" not in readme
    ]
    assert missing == []
