"""The fake-platform harness itself: forms after the recording middleware, and scripted answers."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from aiohttp import web

from tests.fakes.platforms.base import FakePlatform, read_form, read_multipart


class Echo(FakePlatform):
    name = "echo"

    def __init__(self) -> None:
        super().__init__()
        self.created = 0

    def add_routes(self, app: web.Application) -> None:
        async def form(request: web.Request) -> web.Response:
            fields, files = await read_form(request)
            return web.json_response(
                {
                    "fields": fields,
                    "files": {n: [p.filename, p.content_type, p.data.hex()] for n, p in files.items()},
                }
            )

        async def parts(request: web.Request) -> web.Response:
            return web.json_response(
                [[p.name, p.filename, len(p.data)] for p in await read_multipart(request)]
            )

        async def create(request: web.Request) -> web.Response:
            self.created += 1
            return web.json_response({"id": str(self.created)})

        app.router.add_post("/form", form)
        app.router.add_post("/parts", parts)
        app.router.add_post("/create", create)


@pytest.fixture
def echo() -> Iterator[Echo]:
    server = Echo().start()
    assert isinstance(server, Echo)
    yield server
    server.stop()


async def test_multipart_fields_and_files_survive_the_recording_middleware(
    echo: Echo, http: httpx.AsyncClient
) -> None:
    chunk = bytes(range(256))
    response = await http.post(
        f"{echo.base_url}/form?chat_id=7",
        data={"caption": "héllo", "segment_index": "0"},
        files={"media": ("chunk.bin", chunk, "application/octet-stream")},
    )
    assert response.json() == {
        "fields": {"chat_id": "7", "caption": "héllo", "segment_index": "0"},
        "files": {"media": ["chunk.bin", "application/octet-stream", chunk.hex()]},
    }
    assert echo.calls("POST", "/form")[0].body.endswith(b"--\r\n")  # still recorded whole


async def test_urlencoded_forms_and_parts_in_order(echo: Echo, http: httpx.AsyncClient) -> None:
    form = await http.post(f"{echo.base_url}/form", data={"a": "1", "b": ""})
    assert form.json() == {"fields": {"a": "1", "b": ""}, "files": {}}
    parts = await http.post(
        f"{echo.base_url}/parts", data={"key": "k"}, files={"file": ("v.mp4", b"abc", "video/mp4")}
    )
    assert parts.json() == [["key", None, 1], ["file", "v.mp4", 3]]


async def test_an_acted_failure_runs_the_handler_then_answers_the_script(
    echo: Echo, http: httpx.AsyncClient
) -> None:
    echo.fail_next("POST", "/create", status=500, text="oops", acted=True)
    failed = await http.post(f"{echo.base_url}/create")
    assert (failed.status_code, failed.text) == (500, "oops")
    assert echo.created == 1  # the platform did the work
    echo.fail_next("POST", "/create", status=503)
    assert (await http.post(f"{echo.base_url}/create")).status_code == 503
    assert echo.created == 1  # a plain scripted failure does not
