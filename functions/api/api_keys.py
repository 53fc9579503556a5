"""API keys for HTTP clients."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/me/api-keys", tags=["api-keys"])
