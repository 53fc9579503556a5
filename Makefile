# clickKloudy: `make dev` runs the whole system locally; `make test` runs the whole suite.
# Both set up everything they need (venv, Python and npm packages, emulators, database) and are
# quick the second time.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EMULATORS := tools/emulators
WEB := web
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/public -type f 2>/dev/null) $(WEB)/index.html \
	$(WEB)/vite.config.ts $(WEB)/tsconfig.json $(WEB)/staticwebapp.config.json
CHROMIUM ?= /usr/bin/chromium
# checkov pins dependencies the app pins differently, so it gets a venv of its own.
CHECKOV_VENV := .local/checkov-venv
DEVHOST_ARGS ?=
PYTEST_ARGS ?=
# Two pytest workers: the browser specs run on one while the rest of the suite runs on the other.
PYTEST_WORKERS ?= 2

.PHONY: deps dev web web-dev chromium test test-unit lint infra-check format migrate bench stop clean help

help:
	@echo "make dev      run the web app, API, timers, queue triggers and emulators on http://127.0.0.1:7071"
	@echo "make web-dev  the web app with hot reload on http://127.0.0.1:5173 (API from a running make dev)"
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

$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Built again only when a source changed; the dev host serves web/dist beside /api.
$(WEB)/dist/index.html: $(WEB)/node_modules/.installed $(WEB_SOURCES)
	cd $(WEB) && npm run build --silent
	touch $@

web: $(WEB)/dist/index.html

web-dev: $(WEB)/node_modules/.installed
	@echo "Vite with hot reload; /api goes to the dev host (run make dev beside it)."
	cd $(WEB) && npx vite --host 127.0.0.1

# The browser tests drive Debian's Chromium (no browser download); install it when it is missing.
chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || \
	     (apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null)); \
	  else echo "Chromium is missing: install Debian's chromium package (apt-get install chromium)"; exit 1; fi; }

deps: $(VENV)/.installed $(EMULATORS)/node_modules/.installed $(WEB)/node_modules/.installed

dev: deps web
	$(PY) -m tools.localstack run-devhost $(DEVHOST_ARGS)

test: deps web chromium
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	cd $(WEB) && npm test --silent

test-unit: deps
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

lint: deps infra-check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	cd $(WEB) && npm run lint --silent && npm run typecheck --silent

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
	$(PY) -m bench.analytics
	$(PY) -m bench.web_composer

stop:
	-test -x $(PY) && $(PY) -m tools.localstack stop

clean: stop
	rm -rf $(VENV) $(EMULATORS)/node_modules $(WEB)/node_modules $(WEB)/dist .local .mypy_cache .ruff_cache .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
