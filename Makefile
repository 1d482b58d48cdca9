# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Where the desk's links point (mails, feeds, "Sign in at"): the address `make run` serves.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

.PHONY: run test setup

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev]'
	@# setuptools builds in the source tree: leave no build/ or *.egg-info/ behind.
	rm -rf build *.egg-info
	touch $@

# axe-core for the browser tests' accessibility checks, pinned in tests/axe/package-lock.json;
# skipped without npm (the browser tests then skip too, unless REQUIRE_BROWSER=1).
tests/axe/node_modules/.installed: tests/axe/package.json tests/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/axe --no-audit --no-fund --silent && touch $@ \
			|| echo "npm ci failed: axe-core not installed, the browser tests will be skipped"; \
	else echo "npm not found: axe-core not installed, the browser tests will be skipped"; fi

setup: $(VENV)/.installed tests/axe/node_modules/.installed

## Create the environment, migrate the embedded SQLite database, load the case study and serve.
run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py loaddemo
	@echo
	@echo "The desk:  http://$(HOST):$(PORT)/admin/  (logins above)"
	@echo "The site:  http://$(HOST):$(PORT)/"
	@echo
	@# The background worker beside the server: notification mail (printed on this console),
	@# webhook deliveries and purges are tasks it runs; it stops with the server.
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py db_worker & worker=$$!; \
		$(PY) manage.py runserver $(HOST):$(PORT)

## Lint, check migrations, and run the whole suite on SQLite and on a throwaway PostgreSQL.
test: setup
	PY=$(PY) bash .ci/test
