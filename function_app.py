"""Composition root of the Function app: the HTTP API and every trigger blueprint. Nothing else."""

import azure.functions as func

from functions import analytics, dispatch, maintenance, publish, webhooks
from functions.api import create_api
from shared.config import get_settings
from shared.observability import configure_telemetry

configure_telemetry(get_settings())

app = func.AsgiFunctionApp(app=create_api(), http_auth_level=func.AuthLevel.ANONYMOUS)
for blueprint in (maintenance.bp, dispatch.bp, publish.bp, webhooks.bp, analytics.bp):
    app.register_functions(blueprint)
