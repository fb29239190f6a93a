# samen — the targets people and CI run. Needs only Python 3.11+, git and make.
PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.9
TOOLS := .tools
VENV := .venv
UV := $(TOOLS)/bin/uv
BIN := $(VENV)/bin
PO_FILES := $(wildcard src/samen/locale/*/LC_MESSAGES/django.po)
# PostgreSQL for the second test run: DATABASE_URL if set, else a local server if one answers.
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=
# The tests of the PostgreSQL run (pytest -m): all but the browser tests, which drive pages.
PG_MARKERS ?= not browser

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
# samen's own modules and the test modules as pytest rewrites them are compiled once and kept in
# the (ignored) __pycache__ folders, also where the environment asks Python not to write bytecode:
# otherwise each worker of the suite and each process a test starts compiles them anew (collecting
# the suite: 9.5 s instead of 4.8 s, in every worker of both runs).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help install demo test test-sqlite test-postgres test-browser coverage check lint format messages settings-doc clean bench bench-postgres vendor-css

help:
	@echo "make demo    install, create the demo database and serve it on http://127.0.0.1:$(PORT)"
	@echo "make test    install and run the whole suite (SQLite, then PostgreSQL when available)"
	@echo "make check   lint, format check, types, migrations, deploy checks, translations"
	@echo "make coverage  the suite on SQLite with coverage (fails below the floor)"
	@echo "make test COVERAGE=1  both in one: the SQLite run measures coverage (what CI runs)"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# The development environment: samen with the dev group (tests, linters, type checks). Installed
# with its bytecode compiled, as pip would: uv does not by default, and every process (a server
# worker, a command, a worker of the test suite) then compiled Django and the other libraries
# anew where Python may not write bytecode (PYTHONDONTWRITEBYTECODE): `samen check` took 3.1 s
# instead of 1.3 s.
$(VENV)/.installed: $(UV) pyproject.toml uv.lock $(PO_FILES)
	$(UV) sync --locked --compile-bytecode --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	$(BIN)/samen compile-messages
	@touch $@ $(VENV)/.runtime

# What the demo needs: samen without the dev group, installed quietly. --inexact keeps the dev
# tools of a development environment that is already there.
$(VENV)/.runtime: $(UV) pyproject.toml uv.lock $(PO_FILES)
	$(UV) sync --locked --no-dev --inexact --quiet --compile-bytecode --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	$(BIN)/samen compile-messages
	@touch $@

install: $(VENV)/.installed

demo: $(VENV)/.runtime
	SAMEN_MODE=demo PORT=$(PORT) $(BIN)/samen demo

test: install
	@$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then \
		$(MAKE) --no-print-directory test-postgres PG_URL="$$DATABASE_URL"; \
	elif $(BIN)/python -c "import psycopg, sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		$(MAKE) --no-print-directory test-postgres; \
	else \
		echo "== PostgreSQL: SKIPPED (no DATABASE_URL and no server on 127.0.0.1:5432) =="; \
	fi
	@$(BIN)/python -c "import shutil; print('== browser tests: ran (Chromium found) ==' if shutil.which('chromium') else '== browser tests: SKIPPED (install Debian package chromium to run them) ==')"
	@if [ -n "$(COVERAGE)" ]; then echo "== coverage of the SQLite run =="; $(BIN)/coverage report; fi

# The suite runs on every core (pytest-xdist). An idle worker takes tests from a busy one
# (worksteal), so one long browser test does not end the run alone. Coverage is a target of its
# own (CI runs it after the suite): measuring it makes the run a quarter slower, and `make test`
# stays under 8 minutes on a 2-core machine so that running all of it is a habit.
WORKERS ?= auto
XDIST = -n $(WORKERS) --dist worksteal
# COVERAGE=1 (as CI runs it): the SQLite run measures coverage as well, and make test fails at
# the end when it is below the floor; one run instead of running the suite again for it.
COVERAGE ?=
COV_ARGS = $(if $(COVERAGE),--cov --cov-report=,)

test-sqlite: install
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest $(XDIST) $(COV_ARGS) $(PYTEST_ARGS)

# Coverage of the suite on SQLite (the browser tests add little and run in make test); fails
# below the floor in pyproject.toml ([tool.coverage.report] fail_under).
coverage: install
	@echo "== coverage of the suite on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest $(XDIST) -m "not browser" --cov --cov-report= $(PYTEST_ARGS)
	$(BIN)/coverage report

# The browser tests drive the pages, not the database: they run once, in the SQLite run.
test-postgres: install
	@echo "== test suite on PostgreSQL =="
	DATABASE_URL="$(PG_URL)" $(BIN)/pytest $(XDIST) -m "$(PG_MARKERS)" $(PYTEST_ARGS)

test-browser: install
	env -u DATABASE_URL $(BIN)/pytest -m browser $(PYTEST_ARGS)

# Production settings with throwaway secrets, for Django's deployment checks.
CHECK_ENV := SAMEN_MODE=production SAMEN_SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	SAMEN_FIELD_ENCRYPTION_KEYS=$$($(BIN)/samen generate-key) SAMEN_BLIND_INDEX_KEY=$$($(BIN)/samen generate-key) SAMEN_ALLOWED_HOSTS=samen.example.nl \
	SAMEN_DATA_DIR=$(CURDIR)/var/check

check: install
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src
	$(BIN)/mypy
	$(BIN)/lint-imports
	SAMEN_MODE=test SAMEN_DATA_DIR=$(CURDIR)/var/check $(BIN)/samen makemigrations --check --dry-run
	$(CHECK_ENV) $(BIN)/samen check --deploy --fail-level WARNING
	$(BIN)/samen check-messages

lint: install
	$(BIN)/ruff check --fix src
	$(BIN)/ruff format src

# Extract the strings (needs GNU gettext's xgettext) into the nl, en and fr catalogs, also those
# behind an alias of gettext (samen.ui's makemessages; test mode, so that it needs no secrets).
messages: install
	cd src/samen && SAMEN_MODE=test SAMEN_DATA_DIR=$(CURDIR)/var/check ../../$(BIN)/samen makemessages -l nl -l en -l fr --no-obsolete --no-location

# Benchmarks (not tests): scratch databases in var/bench (SQLite) or PostgreSQL databases named
# bench_<size>, never the demo's or a configured one. BENCH_SIZES=city for a quick run; other
# options: python -m samen.operations.bench run --help. Compare runs with
# python -m samen.operations.bench compare var/bench/results-A.json var/bench/results-B.json
BENCH_SIZES ?= city,city10,national
BENCH_ARGS ?=
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/bench_{size}

bench: install
	env -u DATABASE_URL SAMEN_MODE=test SAMEN_DATA_DIR=$(CURDIR)/var/bench $(BIN)/samen bench-hub
	@if [ -n "$(HUB_BENCH_DATABASE_URL)" ]; then DATABASE_URL="$(HUB_BENCH_DATABASE_URL)" SAMEN_MODE=test $(BIN)/samen bench-hub; fi
	$(BIN)/python -m samen.operations.bench run --db sqlite --sizes $(BENCH_SIZES) $(BENCH_ARGS)

bench-postgres: install
	$(BIN)/python -m samen.operations.bench run --db postgres --sizes $(BENCH_SIZES) \
		--postgres-url "$(BENCH_PG_URL)" $(BENCH_ARGS)

settings-doc: install
	$(BIN)/samen settings-doc > docs/settings.md

# Refresh the vendored NL Design System CSS from npm at the versions pinned in the script
# (needs npm; installs in a scratch folder outside the repository, copies CSS, licence, version).
vendor-css: install
	$(BIN)/python scripts/vendor_css.py

clean:
	rm -rf $(VENV) $(TOOLS) var .coverage .pytest_cache .mypy_cache .ruff_cache
