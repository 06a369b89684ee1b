# Everything runs from a project-local virtualenv that these targets create on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCALE ?= 1.0

.PHONY: install seed test lint bench clean

$(BIN)/dhub: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/dhub

## The main job: six databases, migrated and seeded, on the embedded server unless one is configured.
seed: install
	$(BIN)/dhub db migrate
	$(BIN)/dhub db tables

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## The whole test suite against real PostgreSQL (embedded, or DHUB_TEST_DATABASE_URL).
test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
