"""Sign in with Microsoft (Entra ID / External ID)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/auth/microsoft", tags=["auth"])
