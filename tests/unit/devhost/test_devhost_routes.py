import pytest

from tools.devhost.routes import RouteError, compile_route, full_template


def test_catch_all_takes_the_rest_of_the_path() -> None:
    route = compile_route(full_template("api", "/{*route}"))
    assert route.match("/api/posts/42") == {"route": "posts/42"}
    assert route.match("/api") == {}
    assert route.match("/apix") is None
    assert route.match("/other") is None


def test_constraints_and_optional_parameters() -> None:
    route = compile_route(full_template("api", "items/{id:int}/{view?}"))
    assert route.match("/api/items/5") == {"id": "5"}
    assert route.match("/api/items/5/full") == {"id": "5", "view": "full"}
    assert route.match("/api/items/five") is None


def test_literals_are_case_insensitive_and_values_unquoted() -> None:
    route = compile_route(full_template("", "Files/{name}.txt"))
    assert route.match("/files/my%20notes.txt") == {"name": "my notes"}
    assert route.match("/files/notes.txt/") == {"name": "notes"}


def test_empty_prefix_and_route() -> None:
    assert full_template("", "/") == ""
    assert compile_route("").match("/") == {}


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{*rest}/tail", "must be the last segment"),
        ("files/x{*rest}", "must be a whole segment"),
        ("items/{id:minlength(3)}", "not supported"),
        ("items/{1id}", "not a parameter name"),
    ],
)
def test_rejects_templates_it_cannot_serve(template: str, message: str) -> None:
    with pytest.raises(RouteError, match=message):
        compile_route(template)
