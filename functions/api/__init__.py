"""The HTTP API: one FastAPI app, one router per resource, one error shape."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline

from functions.api import (
    accounts,
    admin,
    analytics,
    analytics_reports,
    api_keys,
    auth,
    contact,
    dev,
    feed,
    health,
    me,
    media,
    microsoft,
    platforms,
    post_csv,
    posts,
    webhooks,
    workspaces,
)
from functions.api.bodies import RequestBodyMiddleware, document_request_bodies
from functions.api.errors import install_error_handlers
from functions.api.guard_docs import document_guards
from functions.api.middleware import RequestContextMiddleware
from functions.api.text import storable_text

API_DESCRIPTION = """
Publish once to many social accounts, exactly on time, and see how it did.

Every error has the shape `{"error": {"code", "message", "details", "request_id"}}`;
`code` is stable, `message` is for people. Every response carries `X-Request-ID`.
"""


def operation_id(route: APIRoute) -> str:
    """A short, stable id for each operation (`posts-list`, `auth-login`): what generated clients
    name their functions after. The resource is the route's tag; the function name says the verb,
    without repeating the resource (`list_posts` in `posts` is `posts-list`)."""
    tag = route.tags[0] if route.tags else "api"
    resource = {part for word in str(tag).split("-") for part in (word, word.removesuffix("s"))}
    words = route.name.split("_")
    verb = [w for w in words if w not in resource] or words
    return f"{tag}-{'-'.join(verb)}"


def create_api() -> FastAPI:
    # Swagger UI assets come from the installed package, not a CDN: the docs work offline.
    api: FastAPI = FastAPIOffline(
        title="clickKloudy API",
        version="0.1.0",
        description=API_DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        static_url="/api/docs/static",
        swagger_ui_oauth2_redirect_url="/api/docs/oauth2-redirect",
        generate_unique_id_function=operation_id,
        # Before anything else an operation does: text it could not store is a 422 (functions/api/text.py).
        dependencies=[Depends(storable_text)],
    )
    install_error_handlers(api)
    # Added first, so it runs inside the request context (its refusals carry the request id).
    api.add_middleware(RequestBodyMiddleware)
    api.add_middleware(RequestContextMiddleware)
    document_request_bodies(api)
    document_guards(api)
    api.include_router(health.router, prefix="/api")
    for router in (
        auth.router,
        microsoft.router,
        me.router,
        api_keys.router,
        workspaces.router,
        admin.router,
        contact.router,
        accounts.router,
        platforms.router,
        post_csv.router,  # before posts: /posts/export must not match /posts/{post_id}
        posts.router,
        posts.workspace_router,
        media.router,
        feed.router,
        webhooks.router,
        analytics.router,
        analytics_reports.router,
    ):
        api.include_router(router, prefix="/api/v1")
    api.include_router(dev.router, prefix="/api")

    return api
