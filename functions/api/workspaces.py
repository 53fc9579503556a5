"""Workspaces, members, roles and invitations."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="", tags=["workspaces"])
