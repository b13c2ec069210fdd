# Parvis: `make demo` serves a demo site, `make test` runs the whole test suite.
# Every install comes from the lock files in requirements/ (exact versions, checked by hash);
# `make lock` brings them up to date after a change of pyproject.toml (see the README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP := $(BIN)/python -m pip install --quiet --require-hashes --no-deps
LOCK := $(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11
export PARVIS_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test lint bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements/build.txt

$(VENV)/.installed: requirements/base.txt requirements/build.txt | $(BIN)/python
	$(PIP) -r requirements/build.txt -r requirements/base.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt requirements/build.txt | $(BIN)/python
	$(PIP) -r requirements/build.txt -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.installed

# The demo's e-mailed links point to where it is served (set SITE_URL to override); its
# e-mails stay in the outbox, shown at /demo/courriels/. One worker runs beside the server.
demo: export SITE_URL ?= http://127.0.0.1:$(PORT)
demo: export PARVIS_DEMO ?= 1
demo: export EMAIL_URL ?= dummy://
demo: $(VENV)/.installed
	$(BIN)/parvis migrate --noinput
	$(BIN)/parvis collectstatic --noinput --verbosity 0
	$(BIN)/parvis load_demo --verbosity 0
	TWO_FACTOR_REQUIRED=$${TWO_FACTOR_REQUIRED:-0} $(BIN)/parvis demo_serve 127.0.0.1:$(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports --no-cache

# The suite in as many processes as the machine has processors (TEST_PROCESSES=0: one).
TEST_PROCESSES ?= auto
test: lint
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist loadfile

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

# Re-resolve every dependency to its newest allowed version (UPGRADE=--upgrade-package NAME
# for one package, UPGRADE= to keep current pins) and write the lock files with their hashes.
UPGRADE ?= --upgrade
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'uv>=0.9'
	$(LOCK) $(UPGRADE) requirements/build.in -o requirements/build.txt
	$(LOCK) $(UPGRADE) pyproject.toml --extra s3 --extra redis -o requirements/base.txt
	$(LOCK) $(UPGRADE) pyproject.toml --extra s3 --extra redis --extra test \
		-c requirements/base.txt -o requirements/test.txt

clean:
	rm -rf $(VENV) var .pytest_cache
