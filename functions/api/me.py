"""The signed-in user: profile, avatar, password."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/me", tags=["me"])
