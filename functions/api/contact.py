"""Contact form."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/contact", tags=["contact"])
