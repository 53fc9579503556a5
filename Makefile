# clickKloudy: `make dev` runs the whole system locally; `make test` runs the whole suite.
# Both set up everything they need (venv, Python and npm packages, emulators, database) and are
# quick the second time.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EMULATORS := tools/emulators
# checkov pins dependencies the app pins differently, so it gets a venv of its own.
CHECKOV_VENV := .local/checkov-venv
DEVHOST_ARGS ?=
PYTEST_ARGS ?=

.PHONY: deps dev test test-unit lint infra-check format migrate bench stop clean help

help:
	@echo "make dev      run API, timers, queue triggers and emulators on http://127.0.0.1:7071"
	@echo "make test     the whole test suite (unit, integration, e2e)"
	@echo "make lint     ruff + mypy + infra-check"
	@echo "make infra-check  every .bicep parses; checkov finds nothing to fix"
	@echo "make migrate  apply database migrations"
	@echo "make bench    run the benchmarks and print their figures"
	@echo "make stop     stop the emulators and embedded PostgreSQL"
	@echo "make clean    stop everything and remove .venv, node_modules and .local"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(EMULATORS)/node_modules/.installed: $(EMULATORS)/package.json $(EMULATORS)/package-lock.json
	cd $(EMULATORS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CHECKOV_VENV)/.installed: infra/requirements-checkov.txt
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r infra/requirements-checkov.txt
	touch $@

deps: $(VENV)/.installed $(EMULATORS)/node_modules/.installed

dev: deps
	$(PY) -m tools.localstack run-devhost $(DEVHOST_ARGS)

test: deps
	$(PY) -m pytest $(PYTEST_ARGS)

test-unit: deps
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

lint: deps infra-check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# No Bicep compiler here: pycep-parser proves the syntax (checkov skips what it cannot parse, silently,
# so both parsers must accept every file), then checkov's Bicep checks must all pass or be skipped
# inline with a reason. BC_SKIP_MAPPING keeps checkov offline.
infra-check: $(VENV)/.installed $(CHECKOV_VENV)/.installed
	$(PY) infra/parse_bicep.py
	$(CHECKOV_VENV)/bin/python infra/parse_bicep.py
	BC_SKIP_MAPPING=TRUE $(CHECKOV_VENV)/bin/checkov --framework bicep -d infra --quiet --compact

format: deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrate: deps
	$(PY) -m tools.localstack migrate

bench: deps
	$(PY) -m tools.localstack up
	$(PY) -m bench.cold_start
	$(PY) -m bench.http
	$(PY) -m bench.auth
	$(PY) -m bench.dispatch
	$(PY) -m bench.batch
	$(PY) -m bench.lateness
	$(PY) -m bench.chaos

stop:
	-test -x $(PY) && $(PY) -m tools.localstack stop

clean: stop
	rm -rf $(VENV) $(EMULATORS)/node_modules .local .mypy_cache .ruff_cache .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
