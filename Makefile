# motcua: the front door. `make run` and `make test` work on a fresh machine (README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# PostgreSQL for the second test pass (trust authentication); pytest-django creates and drops
# its own test database (test_motcua, test_motcua_gw0, ...) on this server.
PG_URL ?= postgres://postgres@127.0.0.1:5432/motcua
PYTEST_ARGS ?= -n 2

.PHONY: browser help install run migrate demo test test-sqlite test-postgres lint format bench messages openapi clean

help:
	@echo "make run    install, migrate the SQLite database, load demo data, serve at http://$(HOST):$(PORT)"
	@echo "make test   install, lint, run the whole suite on SQLite then on PostgreSQL"
	@echo "make lint   ruff, mypy, import-linter, migrations check"
	@echo "make bench  run the benchmarks in bench/"

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required (Python 3.11+)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "motcua is serving at http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/v1/docs)"
	@echo "(a background worker delivers the notifications: manage.py db_worker)"
	DJANGO_DEBUG=true $(BIN)/python manage.py db_worker --interval 2 & \
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/check_messages.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Headless Chromium for the browser tests (Debian's package; Playwright drives it, no download),
# and poppler-utils, whose pdftotext is the second reader of the PDF forms' text.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's chromium and poppler-utils for the browser and PDF tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core poppler-utils >/dev/null; \
		else \
			echo "!!! chromium or pdftotext is missing and cannot be installed here: browser tests and the poppler check of the PDF forms will be skipped (they fail in CI)"; \
		fi; \
	fi

test-sqlite: install browser
	@echo "=== Test suite on SQLite ==="
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install browser
	@echo "=== Test suite on PostgreSQL ($(PG_URL)) ==="
	@if $(BIN)/python scripts/check_postgres.py "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest $(PYTEST_ARGS); \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_URL): the PostgreSQL pass FAILS in CI."; exit 1; \
	else \
		echo "!!! PostgreSQL is not reachable at $(PG_URL): PostgreSQL pass NOT RUN (it fails in CI)."; \
	fi

test: lint test-sqlite test-postgres

bench: install
	$(BIN)/python bench/deadlines.py
	$(BIN)/python bench/catalog_search.py
	$(BIN)/python bench/catalog_import.py
	$(BIN)/python bench/dossiers.py
	$(BIN)/python bench/reporting.py

messages: install
	cd motcua && ../$(BIN)/django-admin makemessages -l vi --no-obsolete && ../$(BIN)/django-admin compilemessages -l vi

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static

openapi: install
	mkdir -p docs/api
	$(BIN)/python -c "import json, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); from motcua.api.urls import api; print(json.dumps(api.get_openapi_schema(path_prefix='/api/v1/'), indent=2, ensure_ascii=False, sort_keys=True))" > docs/api/openapi.json
