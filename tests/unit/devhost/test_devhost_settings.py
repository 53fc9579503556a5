import json
from pathlib import Path

import pytest

from tools.devhost.settings import (
    MissingSettingError,
    SettingsError,
    apply_settings,
    load_local_settings,
    resolve,
)


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_local_settings_win_over_the_example(tmp_path: Path) -> None:
    write(tmp_path / "local.settings.example.json", {"Values": {"SOURCE": "example"}})
    own = write(tmp_path / "local.settings.json", {"Values": {"SOURCE": "own"}})
    settings = load_local_settings(tmp_path)
    assert settings.path == own
    assert settings.values == {"SOURCE": "own"}


def test_example_is_used_without_local_settings(tmp_path: Path) -> None:
    example = write(tmp_path / "local.settings.example.json", {"Values": {"SOURCE": "example"}})
    settings = load_local_settings(tmp_path)
    assert settings.path == example
    assert settings.values == {"SOURCE": "example"}


def test_no_settings_file_is_fine(tmp_path: Path) -> None:
    settings = load_local_settings(tmp_path)
    assert settings.path is None
    assert settings.values == {}


def test_environment_wins_over_settings() -> None:
    environ = {"KEEP": "from-environment"}
    applied = apply_settings({"KEEP": "from-file", "NEW": "from-file"}, environ)
    assert applied == ["NEW"]
    assert environ == {"KEEP": "from-environment", "NEW": "from-file"}


def test_scalars_become_text_as_core_tools_reads_them(tmp_path: Path) -> None:
    write(
        tmp_path / "local.settings.json", {"Values": {"FLAG": True, "COUNT": 5, "RATIO": 0.5, "UNSET": None}}
    )
    assert load_local_settings(tmp_path).values == {"FLAG": "True", "COUNT": "5", "RATIO": "0.5"}


def test_local_http_port(tmp_path: Path) -> None:
    write(tmp_path / "local.settings.json", {"Values": {}, "Host": {"LocalHttpPort": 7072}})
    assert load_local_settings(tmp_path).local_http_port == 7072


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"Values": {"NESTED": {"a": 1}}}, "Values.NESTED must be a string, number or boolean"),
        ({"Values": []}, "'Values' must be an object"),
        ({"IsEncrypted": True, "Values": {}}, "encrypted settings are not supported"),
        ({"Values": {}, "Host": {"LocalHttpPort": "7071"}}, "LocalHttpPort must be a TCP port number"),
        ([], "expected a JSON object"),
    ],
)
def test_rejects_malformed_settings(tmp_path: Path, document: object, message: str) -> None:
    write(tmp_path / "local.settings.json", document)
    with pytest.raises(SettingsError, match=message):
        load_local_settings(tmp_path)


def test_unreadable_json_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "local.settings.json").write_text("{", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"local\.settings\.json: cannot read settings"):
        load_local_settings(tmp_path)


def test_resolves_setting_references() -> None:
    environ = {"QUEUE": "publish", "ENV": "dev"}
    assert resolve("%QUEUE%", environ) == "publish"
    assert resolve("%QUEUE%-%ENV%", environ) == "publish-dev"
    assert resolve("literal", environ) == "literal"


def test_missing_reference_names_the_setting() -> None:
    with pytest.raises(MissingSettingError, match="'PUBLISH_QUEUE'") as raised:
        resolve("%PUBLISH_QUEUE%", {})
    assert raised.value.name == "PUBLISH_QUEUE"
    assert raised.value.expression == "%PUBLISH_QUEUE%"
