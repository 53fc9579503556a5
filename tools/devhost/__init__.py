"""Development stand-in for the Azure Functions host (`func start`), for machines without Core Tools.

It runs the app's FastAPI (ASGI) app with uvicorn, fires timer triggers on their NCRONTAB schedules
and polls storage queues with the host's retry and poison-queue rules, all in one event loop, so that
`make dev` behaves like the deployed app. Never deployed; see `python -m tools.devhost --help`.
"""
