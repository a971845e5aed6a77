# The README's two commands are `make run` and `make test`; both work on a fresh machine and
# again on the next run.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench install clean docs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: build the sample graph in data/partnergraph.lbdb, then serve the app on $(HOST):$(PORT)
run: $(STAMP)
	$(VENV)/bin/partnergraph load-sample
	$(VENV)/bin/partnergraph serve --host $(HOST) --port $(PORT)

## test: lint, type check, then every test
test: $(STAMP) lint
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

## docs: regenerate docs/schema.md from graph/schema.yaml
docs: $(STAMP)
	$(VENV)/bin/partnergraph schema-docs -o docs/schema.md

bench: $(STAMP)
	$(PY) -m benchmarks
	$(PY) -m benchmarks.web
	$(PY) -m benchmarks.briefs
	$(PY) -m benchmarks.push

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
