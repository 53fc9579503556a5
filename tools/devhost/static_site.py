"""The web app beside the API, served the way Azure Static Web Apps serves it.

Static Web Apps hosts `web/dist` by the rules in `web/staticwebapp.config.json` and proxies `/api` to
the Function App. Locally the dev host does the same from the same file, so a route, a header or a
404 behaves alike in both: files first, then the navigation fallback (the SPA's `index.html`, 200)
for paths it does not exclude, else the 404 override page with status 404. Global headers (the
CSP...) go on every response, route headers on the routes they name.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

log = logging.getLogger("devhost.site")

CONFIG_NAME = "staticwebapp.config.json"


def _glob(pattern: str) -> re.Pattern[str]:
    """A Static Web Apps route pattern: `*` matches anything (slashes too); `{a,b}` is a choice."""
    out = ""
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out += ".*"
        elif char == "{":
            end = pattern.index("}", i)
            out += "(?:" + "|".join(re.escape(p) for p in pattern[i + 1 : end].split(",")) + ")"
            i = end
        else:
            out += re.escape(char)
        i += 1
    return re.compile(out + r"\Z", re.IGNORECASE)


@dataclass(frozen=True)
class SiteConfig:
    fallback: str | None = None
    fallback_exclude: tuple[re.Pattern[str], ...] = ()
    not_found: str | None = None
    global_headers: dict[str, str] = field(default_factory=dict)
    route_headers: tuple[tuple[re.Pattern[str], dict[str, str]], ...] = ()
    mime_types: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> SiteConfig:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        fallback = data.get("navigationFallback") or {}
        overrides = data.get("responseOverrides") or {}
        return cls(
            fallback=fallback.get("rewrite"),
            fallback_exclude=tuple(_glob(p) for p in fallback.get("exclude", [])),
            not_found=(overrides.get("404") or {}).get("rewrite"),
            global_headers=dict(data.get("globalHeaders") or {}),
            route_headers=tuple(
                (_glob(r["route"]), dict(r.get("headers") or {}))
                for r in data.get("routes", [])
                if "route" in r
            ),
            mime_types=dict(data.get("mimeTypes") or {}),
        )

    def headers_for(self, path: str) -> dict[str, str]:
        headers = dict(self.global_headers)
        for pattern, extra in self.route_headers:
            if pattern.match(path):
                headers.update(extra)
        return headers


class StaticSite:
    """ASGI app serving a built SPA folder by its `staticwebapp.config.json`."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.config = SiteConfig.load(self.root / CONFIG_NAME)

    @classmethod
    def for_web_folder(cls, web: Path) -> StaticSite | None:
        """The built app of `web/` (its dist/, with the config file from web/), or None if not built."""
        dist = web / "dist"
        if not (dist / "index.html").is_file():
            return None
        site = cls(dist)
        if not (dist / CONFIG_NAME).is_file():
            site.config = SiteConfig.load(web / CONFIG_NAME)
        return site

    def _file(self, path: str) -> Path | None:
        if "\x00" in path:
            return None
        candidate = (self.root / path.lstrip("/")).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            return None  # .. tricks stay inside the site
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def _serve(self, file: Path, status: int, headers: dict[str, str], scope: Scope) -> Response:
        media_type = next((t for ext, t in self.config.mime_types.items() if file.name.endswith(ext)), None)
        response = FileResponse(file, status_code=status, headers=headers, media_type=media_type)
        if scope["method"] == "HEAD":
            response.body = b""
        return response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        headers = self.config.headers_for(path)
        if scope["method"] not in ("GET", "HEAD"):
            await PlainTextResponse("Method Not Allowed", status_code=405, headers=headers)(
                scope, receive, send
            )
            return
        found = self._file(path)
        status = 200
        excluded = any(p.match(path) for p in self.config.fallback_exclude)
        if found is None and self.config.fallback and not excluded and _wants_html(scope):
            found = self._file(self.config.fallback)
            headers = self.config.headers_for(self.config.fallback)
        if found is None:
            status = 404
            found = self._file(self.config.not_found) if self.config.not_found else None
        if found is None:
            await PlainTextResponse("Not Found", status_code=404, headers=headers)(scope, receive, send)
            return
        await self._serve(found, status, headers, scope)(scope, receive, send)


def _wants_html(scope: Scope) -> bool:
    """Static Web Apps falls back for navigations; a request that accepts anything counts as one."""
    accept = Headers(scope=scope).get("accept", "*/*")
    return "text/html" in accept or "*/*" in accept or not accept
