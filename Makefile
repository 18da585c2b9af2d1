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

# The Nu HTML Checker (the W3C's HTML validator, https://validator.github.io/validator/), for
# the test that every page is valid HTML5: the jar its authors publish on the npm registry,
# checked against this SHA-256 before use (tests/fetch_vnu.py). It needs Java 11 or later. Without it (offline, no
# Java), that test says why it is skipped; .ci/run installs Java and makes skips fail.
VNU_VERSION := 26.9.27
VNU_SHA256  := 5970d3ffca91a627cf0965e5d91bb2e4242307c29292998de0b419d6a901b2b7
VNU_JAR     := build/tools/vnu-$(VNU_VERSION).jar
export PARLEY_VNU_JAR := $(VNU_JAR)

$(VNU_JAR): | $(BIN)/python
	$(BIN)/python tests/fetch_vnu.py $(VNU_VERSION) $(VNU_SHA256) $@

test: $(TSTAMP)
	@$(MAKE) --no-print-directory $(VNU_JAR) || echo "make: without the Nu HTML Checker, the HTML validity test will be skipped"
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
