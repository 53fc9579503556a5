"""HTTP trigger route templates (ASP.NET syntax) turned into matchers for the plain-function router."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

_PARAMETER = re.compile(r"\{([^{}]+)\}")
_CONSTRAINTS = {
    "int": r"-?\d+",
    "long": r"-?\d+",
    "alpha": r"[A-Za-z]+",
    "bool": r"(?:true|false)",
    "guid": r"\{?[0-9A-Fa-f]{8}-?(?:[0-9A-Fa-f]{4}-?){3}[0-9A-Fa-f]{12}\}?",
    "float": r"-?\d+(?:\.\d+)?",
    "double": r"-?\d+(?:\.\d+)?",
    "decimal": r"-?\d+(?:\.\d+)?",
}


class RouteError(ValueError):
    """A route template the dev host cannot serve; the function is left out rather than misrouted."""


@dataclass(frozen=True)
class RouteTemplate:
    template: str
    pattern: re.Pattern[str]
    names: tuple[str, ...]

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.fullmatch(path)
        if found is None:
            return None
        values = {}
        for index, name in enumerate(self.names):
            value = found.group(f"p{index}")
            if value is not None:
                values[name] = unquote(value)
        return values


def full_template(route_prefix: str, route: str) -> str:
    parts = [part for part in (route_prefix.strip("/"), route.strip("/")) if part]
    return "/".join(parts)


def compile_route(template: str) -> RouteTemplate:
    """Literal segments match case-insensitively and a trailing slash is tolerated, as in the host."""
    names: list[str] = []
    regex = ""
    segments = (
        [segment for segment in template.strip("/").split("/") if segment] if template.strip("/") else []
    )
    for position, segment in enumerate(segments):
        whole = _PARAMETER.fullmatch(segment)
        if whole and whole.group(1).startswith("*"):
            if position != len(segments) - 1:
                raise RouteError(f"{template!r}: a catch-all parameter must be the last segment")
            names.append(whole.group(1).lstrip("*"))
            regex += f"(?:/(?P<p{len(names) - 1}>.*))?"
            continue
        if whole and _is_optional(whole.group(1)):
            name, body = _parameter(whole.group(1).rstrip("?"), template)
            names.append(name)
            regex += f"(?:/(?P<p{len(names) - 1}>{body}))?"
            continue
        regex += "/" + _segment_regex(segment, names, template)
    return RouteTemplate(template, re.compile(regex + "/?", re.IGNORECASE), tuple(names))


def _is_optional(parameter: str) -> bool:
    return parameter.endswith("?") or "=" in parameter


def _segment_regex(segment: str, names: list[str], template: str) -> str:
    regex, last = "", 0
    for found in _PARAMETER.finditer(segment):
        regex += re.escape(segment[last : found.start()])
        if found.group(1).startswith("*"):
            raise RouteError(f"{template!r}: a catch-all parameter must be a whole segment")
        name, body = _parameter(found.group(1), template)
        names.append(name)
        regex += f"(?P<p{len(names) - 1}>{body})"
        last = found.end()
    return regex + re.escape(segment[last:])


def _parameter(text: str, template: str) -> tuple[str, str]:
    name, *constraints = text.split("=", 1)[0].split(":")
    if not name.isidentifier():
        raise RouteError(f"{template!r}: {name!r} is not a parameter name")
    body = "[^/]+?"
    for constraint in constraints:
        if constraint.startswith("regex(") and constraint.endswith(")"):
            body = f"(?:{constraint[6:-1]})"
        elif constraint in _CONSTRAINTS:
            body = _CONSTRAINTS[constraint]
        else:
            raise RouteError(
                f"{template!r}: route constraint {constraint!r} is not supported by the dev host"
            )
    return name, body
