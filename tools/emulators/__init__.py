"""Local stand-ins for Azure Storage (Azurite) and Cosmos DB; see ``manage``."""

from tools.emulators.manage import (
    COSMOS_EMULATOR_KEY,
    EmulatorEndpoints,
    EmulatorError,
    EmulatorStatus,
    ensure_running,
    status,
    stop,
)

__all__ = [
    "COSMOS_EMULATOR_KEY",
    "EmulatorEndpoints",
    "EmulatorError",
    "EmulatorStatus",
    "ensure_running",
    "status",
    "stop",
]
