# clickKloudy: `make dev` runs the whole system locally; `make test` runs the whole suite.
# Both set up everything they need (venv, Python and npm packages, emulators, database) and are
# quick the second time.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EMULATORS := tools/emulators
DEVHOST_ARGS ?=
PYTEST_ARGS ?=

.PHONY: deps dev test test-unit lint format migrate bench stop clean help

help:
	@echo "make dev      run API, timers, queue triggers and emulators on http://127.0.0.1:7071"
	@echo "make test     the whole test suite (unit, integration, e2e)"
	@echo "make lint     ruff + mypy"
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

deps: $(VENV)/.installed $(EMULATORS)/node_modules/.installed

dev: deps
	$(PY) -m tools.localstack run-devhost $(DEVHOST_ARGS)

test: deps
	$(PY) -m pytest $(PYTEST_ARGS)

test-unit: deps
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

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
