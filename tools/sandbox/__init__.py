"""A fake social platform over real HTTP for development, tests and benchmarks; see README.md.

Dev/test only: ``tools/`` is excluded from deployment (.funcignore).
"""

from tools.sandbox.server import create_app

__all__ = ["create_app"]
