#!/bin/sh
# azd hook entry (azure.yaml): runs one step of infra/hooks/azd_hooks.py with the project's Python
# packages, creating .venv with the runtime requirements when it is missing.
set -eu
cd "$(dirname "$0")/../.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
fi
exec .venv/bin/python -m infra.hooks.azd_hooks "$@"
