import azure.functions as func
import httpx
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from tools.devhost.functions import index_app
from tools.devhost.http import HostHttpMiddleware, function_routes
from tools.devhost.invocation import Invoker


def plain_app() -> func.FunctionApp:
    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    @app.route(route="items/{id:int}", methods=["GET"])
    def get_item(req: func.HttpRequest) -> func.HttpResponse:
        return func.HttpResponse(
            f"item {req.route_params['id']} q={req.params.get('q')}",
            status_code=201,
            headers={"X-Item": "yes"},
        )

    @app.route(route="echo", methods=["POST"])
    async def echo(req: func.HttpRequest) -> func.HttpResponse:
        response = func.HttpResponse(req.get_body(), mimetype="application/octet-stream")
        response.headers.add("Set-Cookie", "a=1")
        response.headers.add("Set-Cookie", "b=2")
        return response

    @app.route(route="boom")
    def boom(req: func.HttpRequest) -> func.HttpResponse:
        raise RuntimeError("broken")

    return app


def client_for(app: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://devhost")  # type: ignore[arg-type]


async def test_plain_http_functions_are_adapted() -> None:
    index = index_app(plain_app())
    routes = function_routes(index.functions, "api", Invoker(function_directory="."))
    async with client_for(HostHttpMiddleware(routes, "api")) as client:
        response = await client.get("/api/items/7", params={"q": "x"})
        assert (response.status_code, response.text) == (201, "item 7 q=x")
        assert response.headers["x-item"] == "yes"
        assert response.headers["content-type"].startswith("text/plain")
        posted = await client.post("/api/echo", content=b"\x00\x01")
        assert (posted.status_code, posted.content) == (200, b"\x00\x01")
        assert posted.headers["content-type"] == "application/octet-stream"
        assert posted.headers.get_list("set-cookie") == ["a=1", "b=2"]
        assert (await client.get("/api/items/seven")).status_code == 404
        assert (await client.post("/api/items/7")).status_code == 404  # method not allowed for the route
        assert (await client.get("/api/boom")).status_code == 500


async def test_requests_outside_the_route_prefix_are_not_found() -> None:
    inner = Starlette(routes=[Route("/{path:path}", lambda request: PlainTextResponse(request.url.path))])
    async with client_for(HostHttpMiddleware(inner, "api")) as client:
        assert (await client.get("/api/x")).text == "/api/x"
        assert (await client.get("/API")).status_code == 200
        assert (await client.get("/apix")).status_code == 404
        assert (await client.get("/docs")).status_code == 404
    async with client_for(HostHttpMiddleware(inner, "")) as client:
        assert (await client.get("/docs")).text == "/docs"
