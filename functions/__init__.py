"""Entrypoints: HTTP routers and trigger blueprints. Thin: parse, call a service, map errors."""
