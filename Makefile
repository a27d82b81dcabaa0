# Every target sets itself up from a fresh clone: the virtual environment lives in .venv/
# and is rebuilt when pyproject.toml or constraints.txt change.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   := var/demo

.PHONY: demo test test-core lint format bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

demo: $(STAMP)
	mkdir -p $(DEMO)
	$(BIN)/qcounty cohort generate --counties 136 --seed 7 --output $(DEMO)/cohort.json
	$(BIN)/qcounty score $(DEMO)/cohort.json

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

test-core: $(STAMP)
	$(BIN)/python -m pytest -q tests/core

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/scoring.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
