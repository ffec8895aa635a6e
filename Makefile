# The two commands of README.md: `make demo` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The PostgreSQL leg of the test suite: pytest-django creates and drops test_<name> on this server.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/moked
PYTEST_ARGS ?= -n auto

.PHONY: demo test test-fast screenshots serve lint format bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# --no-compile: modules are compiled when first imported, not all of them at install time.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --no-compile -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	@# static files are collected (they need no database) while the demo data load
	$(BIN)/moked collectstatic --noinput --verbosity 0 & static=$$!; \
		$(BIN)/moked demo --migrate; loaded=$$?; wait $$static && exit $$loaded
	@# the background worker (SLA checks, mail) runs beside the web server and stops with it; it says
	@# one line per message sent (kept whole in var/mail/) and only warnings otherwise
	MOKED_WORKER_LOG_LEVEL=WARNING $(BIN)/moked worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; $(BIN)/moked serve --no-collectstatic

serve: $(VENV)/.installed
	$(BIN)/moked serve

test: $(VENV)/.installed-test
	$(BIN)/ruff check moked tests bench
	$(BIN)/ruff format --check moked tests bench
	@# the layers of docs/development/layout.md and the pure modules (pyproject.toml)
	$(BIN)/lint-imports
	@# strict types on the pure modules, listed in pyproject.toml ([tool.mypy] files)
	$(BIN)/mypy
	@echo "== test suite on SQLite =="
	DATABASE_URL=sqlite:///:memory: $(BIN)/pytest $(PYTEST_ARGS)
	@if $(BIN)/python tests/postgres_available.py "$(TEST_POSTGRES_URL)"; then \
		echo "== test suite on PostgreSQL =="; \
		DATABASE_URL="$(TEST_POSTGRES_URL)" $(BIN)/pytest $(PYTEST_ARGS); \
	else \
		echo "== PostgreSQL is not reachable at $(TEST_POSTGRES_URL): the PostgreSQL leg is skipped =="; \
	fi

# The inner loop while developing: the pure modules' types, then SQLite only, no slow or browser
# tests, a tenth of the property-based examples. `make test` stays the whole suite, and what CI runs.
test-fast: $(VENV)/.installed-test
	$(BIN)/mypy
	DATABASE_URL=sqlite:///:memory: MOKED_FAST_TESTS=1 $(BIN)/pytest $(PYTEST_ARGS) -m "not slow and not browser"

# Refresh docs/screenshots/ (the accessibility tests photograph each page they check).
screenshots: $(VENV)/.installed-test
	DATABASE_URL=sqlite:///:memory: MOKED_SCREENSHOTS=1 $(BIN)/pytest -p no:xdist tests/web/test_accessibility.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check moked tests bench

format: $(VENV)/.installed-test
	$(BIN)/ruff format moked tests bench
	$(BIN)/ruff check --fix moked tests bench
