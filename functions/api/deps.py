"""FastAPI dependency aliases shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.bootstrap import Container, get_container
from shared.config import Settings, get_settings

ContainerDep = Annotated[Container, Depends(get_container)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
