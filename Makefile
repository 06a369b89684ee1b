# Everything runs from a project-local virtualenv that these targets create on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# DataHub's own client, in a virtualenv of its own: it pins SQLAlchemy below 2.1.
DATAHUB := .venv-datahub/bin/datahub
# Another project's view: the built wheel, pytest and pytest-xdist, and nothing of the source tree.
CONSUMER := .venv-consumer
CONSUMER_OUT := build/consumer
SCALE ?= 1.0

.PHONY: install seed test consumer lint bench mutate clean

$(BIN)/dhub: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/dhub

## The main job: six databases, migrated and seeded, on the embedded server unless one is configured.
seed: install
	$(BIN)/dhub seed all --replace --scale $(SCALE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

$(DATAHUB):
	$(PYTHON) -m venv .venv-datahub
	.venv-datahub/bin/pip install --quiet 'acryl-datahub[postgres]==1.7.0.17'

## The whole test suite against real PostgreSQL (embedded, or DHUB_TEST_DATABASE_URL), and DataHub's client;
## then the consumer suite.
test: lint $(DATAHUB)
	DHUB_DATAHUB_CLI=$(CURDIR)/$(DATAHUB) $(BIN)/pytest
	$(MAKE) consumer

## tests/consumer on the built wheel in a virtualenv of its own, twice, in two processes each time:
## both runs must pass and make the very same objects.
consumer: install
	rm -rf build/wheel $(CONSUMER_OUT) && mkdir -p build/wheel $(CONSUMER_OUT)/1 $(CONSUMER_OUT)/2
	$(BIN)/pip wheel --verbose --no-deps --wheel-dir build/wheel . > build/wheel.log 2>&1
	! grep -n BuildBackendWarning build/wheel.log  # the install output stays clean
	test -x $(CONSUMER)/bin/pytest || $(PYTHON) -m venv $(CONSUMER)
	$(CONSUMER)/bin/pip install --quiet --upgrade pip
	$(CONSUMER)/bin/pip install --quiet build/wheel/*.whl pytest pytest-xdist
	$(CONSUMER)/bin/pip install --quiet --force-reinstall --no-deps build/wheel/*.whl
	for run in 1 2; do \
		(cd tests/consumer && DHUB_CONSUMER_OUT=$(CURDIR)/$(CONSUMER_OUT)/$$run $(CURDIR)/$(CONSUMER)/bin/pytest -n 2 -q) \
		|| exit 1; done
	diff -r $(CONSUMER_OUT)/1 $(CONSUMER_OUT)/2
	test -n "$$(ls $(CONSUMER_OUT)/1)"

## Speed and memory of `dhub` at BENCH_SCALES (default "1 10 30"), beside pgbench -i and pg_restore on the
## same server, compared with the last run in build/bench.json (not part of `make test`).
bench: install
	$(BIN)/python -m datahub_seed.bench

## Deliberate breaks of the data, one at a time: every one must fail a test (not part of `make test`).
mutate: install
	$(BIN)/python tests/mutate.py

clean:
	rm -rf $(VENV) .venv-datahub $(CONSUMER) build .pytest_cache .ruff_cache *.egg-info
