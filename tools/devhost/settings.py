"""App settings: local.settings.json like `func start` loads it, and %NAME% binding expressions."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

SETTINGS_FILES = ("local.settings.json", "local.settings.example.json")
_EXPRESSION = re.compile(r"%([^%]+)%")


class SettingsError(Exception):
    """A settings file or a binding expression the real host would refuse too."""


class MissingSettingError(SettingsError):
    def __init__(self, name: str, expression: str) -> None:
        super().__init__(f"app setting {name!r} (referenced by {expression!r}) is not defined")
        self.name = name
        self.expression = expression


@dataclass(frozen=True)
class LocalSettings:
    path: Path | None
    values: dict[str, str] = field(default_factory=dict)
    local_http_port: int | None = None


def find_settings_file(root: Path) -> Path | None:
    """The developer's own file wins; the checked-in example keeps a fresh clone runnable."""
    for name in SETTINGS_FILES:
        path = root / name
        if path.is_file():
            return path
    return None


def load_local_settings(root: Path) -> LocalSettings:
    path = find_settings_file(root)
    if path is None:
        return LocalSettings(path=None)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise SettingsError(f"{path}: cannot read settings: {error}") from error
    if not isinstance(document, dict):
        raise SettingsError(f"{path}: expected a JSON object")
    if document.get("IsEncrypted") is True:
        raise SettingsError(f"{path}: encrypted settings are not supported; decrypt them first")
    raw_values = document.get("Values", {})
    if not isinstance(raw_values, dict):
        raise SettingsError(f"{path}: 'Values' must be an object")
    values: dict[str, str] = {}
    for name, raw in raw_values.items():
        value = _setting_text(path, name, raw)
        if value is not None:
            values[name] = value
    return LocalSettings(path=path, values=values, local_http_port=_local_http_port(path, document))


def _setting_text(path: Path, name: str, raw: object) -> str | None:
    """As Core Tools' JSON reader converts: scalars become text (bools spelt as .NET does), null unsets."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "True" if raw else "False"
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int | float):
        return json.dumps(raw)
    raise SettingsError(f"{path}: Values.{name} must be a string, number or boolean")


def _local_http_port(path: Path, document: Mapping[str, object]) -> int | None:
    host = document.get("Host")
    if not isinstance(host, dict) or "LocalHttpPort" not in host:
        return None
    port = host["LocalHttpPort"]
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise SettingsError(f"{path}: Host.LocalHttpPort must be a TCP port number")
    return port


def apply_settings(values: Mapping[str, str], environ: MutableMapping[str, str]) -> list[str]:
    """Set the values the environment does not already have: as with `func start`, the environment wins."""
    applied = [name for name in values if name not in environ]
    for name in applied:
        environ[name] = values[name]
    return applied


def resolve(expression: str, environ: Mapping[str, str]) -> str:
    """Resolve %NAME% parts of a binding property the way the host does at indexing time."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in environ:
            raise MissingSettingError(name, expression)
        return environ[name]

    return _EXPRESSION.sub(substitute, expression)
