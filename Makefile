# parley: `make build` sets up .venv and runs the whole pipeline on raw/; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: build test convert validate render deposit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

build: $(STAMP)
	$(BIN)/parley build

test: $(TSTAMP)
	$(BIN)/python -m pytest

convert: $(STAMP)
	$(BIN)/parley convert

validate: $(STAMP)
	$(BIN)/parley validate

render: $(STAMP)
	$(BIN)/parley render

deposit: $(STAMP)
	$(BIN)/parley deposit

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build
