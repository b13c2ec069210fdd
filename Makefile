# Parvis: `make demo` serves a demo site, `make test` runs the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PARVIS_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/parvis migrate --noinput
	$(BIN)/parvis collectstatic --noinput --verbosity 0
	$(BIN)/parvis load_demo
	@echo "Parvis is served on http://127.0.0.1:$(PORT) (back office: /gestion/). Ctrl-C stops it."
	$(BIN)/parvis runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench

test: lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache
