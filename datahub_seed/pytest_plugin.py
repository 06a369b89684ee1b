"""pytest fixtures for suites that test against the six databases: installing the package is enough.

The plugin is registered through the ``pytest11`` entry point. It gives:

- ``dhub_server`` (session): the superuser URL of a PostgreSQL server, from ``--dhub-url`` or
  ``DHUB_TEST_DATABASE_URL``, else an embedded server started in a temporary directory;
- ``dhub_databases`` (function): six fresh, migrated, empty databases, a mapping of name to URL,
  cloned from templates migrated once per session and dropped after the test;
- ``dhub_session`` (function): one SQLAlchemy ``Session`` over those six databases, with every
  factory bound to it for the test alone, rolled back and unbound afterwards;
- ``dhub_factories`` (function): the factories' random seed and reference date pinned for the
  test, from ``--dhub-seed`` and ``--dhub-as-of`` and the test's own id, so that a test makes the
  same objects in any process, in any order, on any day (``dhub_session`` uses it);
- ``dhub_seeded`` (session): six databases seeded once at ``--dhub-scale``, for tests that only read.

Database names carry a random token, so pytest-xdist workers and concurrent runs never meet.
Nothing here is imported before a fixture runs: a suite that does not use them pays nothing.
"""

import datetime as dt
import os
import shutil
import signal
import tempfile
import uuid
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from datahub_seed.parameters import DEFAULT_SEED

if TYPE_CHECKING:
    from sqlalchemy.engine import URL
    from sqlalchemy.orm import Session

SERVER_ENV = "DHUB_TEST_DATABASE_URL"
DEFAULT_SCALE = 0.05
DEFAULT_AS_OF = "2026-06-30"  # fixed, so that tests do not change with the day they run on

DatabaseSet = Mapping[str, "URL"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("datahub-seed", "datahub-seed's test databases and factories")
    group.addoption(
        "--dhub-url",
        metavar="URL",
        help=f"PostgreSQL server (a superuser's URL) for the test databases [default: ${SERVER_ENV}, "
        "else an embedded server in a temporary directory].",
    )
    group.addoption(
        "--dhub-scale",
        type=_positive(float),
        default=DEFAULT_SCALE,
        metavar="FACTOR",
        help=f"Scale of the dhub_seeded databases [default: {DEFAULT_SCALE}].",
    )
    group.addoption(
        "--dhub-seed",
        type=_positive(int),
        default=DEFAULT_SEED,
        metavar="N",
        help=f"Random seed of dhub_seeded and of the factories [default: {DEFAULT_SEED}].",
    )
    group.addoption(
        "--dhub-as-of",
        type=dt.date.fromisoformat,
        default=dt.date.fromisoformat(DEFAULT_AS_OF),
        metavar="YYYY-MM-DD",
        help=f"Reference date of dhub_seeded and of the factories [default: {DEFAULT_AS_OF}].",
    )


def _positive(kind: type) -> Callable[[str], float]:
    """An option's type: a number of ``kind`` that is 0 or more (a seed) or, for a float, more than 0."""

    def convert(text: str) -> float:
        value = kind(text)
        if value < 0 or (kind is float and not 0 < value < float("inf")):
            raise ValueError(text)
        return value

    convert.__name__ = kind.__name__  # what argparse names in "invalid ... value"
    return convert


@pytest.fixture(scope="session")
def dhub_server(request: pytest.FixtureRequest) -> Iterator["URL"]:
    """The superuser URL (database ``postgres``) of the server the test databases are made on."""
    from datahub_seed.config import parse_url
    from datahub_seed.server import EmbeddedServer, free_port

    given = request.config.getoption("--dhub-url") or os.environ.get(SERVER_ENV)
    if given:
        yield parse_url(given, "--dhub-url" if request.config.getoption("--dhub-url") else SERVER_ENV).set(
            database="postgres"
        )
        return
    # Not under pytest's tmp_path root: as root the server runs as a user of its own, and every
    # pytest session that starts makes that root private again, locking a concurrent run's server
    # out of its own directory.
    home = Path(tempfile.mkdtemp(prefix="dhub-test-server-"))
    server = EmbeddedServer(home, free_port())
    # A SIGTERM (a CI job's timeout) would end pytest without its teardown and leave the server
    # running: made an interruption, it runs the teardown below, as Ctrl-C does.
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.start()
        yield server.url()
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(home, ignore_errors=True)
            if signal.getsignal(signal.SIGTERM) is _interrupt:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def create_database(server: "URL", name: str, template: str | None = None) -> None:
    """A new database on ``server``, empty or a copy of ``template`` (whose sessions are ended
    first: PostgreSQL copies no database that someone is connected to)."""
    from datahub_seed.db import connect, engine_for

    engine = engine_for(server, autocommit=True)
    try:
        with connect(engine, name) as connection:
            if template:
                connection.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %(name)s",
                    {"name": template},
                )
            copy = f' TEMPLATE "{template}"' if template else ""
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{copy}')
    finally:
        engine.dispose()


def drop_database(server: "URL", name: str) -> None:
    """Drop a database of ``server`` if it exists, closing whatever a test left connected to it."""
    from datahub_seed.db import connect, engine_for

    engine = engine_for(server, autocommit=True)
    try:
        with connect(engine, name) as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        engine.dispose()


def unique_names(prefix: str) -> dict[str, str]:
    """A name per database, unique to this call: safe under pytest-xdist and concurrent runs."""
    from datahub_seed.config import DATABASES

    token = uuid.uuid4().hex[:10]
    return {database: f"{prefix}_{token}_{database}" for database in DATABASES}


@contextmanager
def migrated_templates(server: "URL") -> Iterator[dict[str, str]]:
    """Six databases on ``server`` migrated to the latest schema, to be cloned; dropped on exit."""
    from datahub_seed.schema import upgrade

    names = unique_names("dhub_tpl")
    try:
        for database, name in names.items():
            create_database(server, name)
            upgrade(database, server.set(database=name))
        yield names
    finally:
        for name in names.values():
            drop_database(server, name)


@contextmanager
def fresh_databases(server: "URL", templates: Mapping[str, str]) -> Iterator[dict[str, "URL"]]:
    """Six new databases cloned from ``templates``: name -> URL; dropped on exit."""
    names = unique_names("dhub_t")
    try:
        for database, name in names.items():
            create_database(server, name, templates[database])
        yield {database: server.set(database=name) for database, name in names.items()}
    finally:
        for name in names.values():
            drop_database(server, name)


@pytest.fixture(scope="session")
def dhub_templates(dhub_server: "URL") -> Iterator[dict[str, str]]:
    """The names of six databases migrated once per session, which ``dhub_databases`` clones."""
    with migrated_templates(dhub_server) as names:
        yield names


@pytest.fixture
def dhub_databases(dhub_server: "URL", dhub_templates: dict[str, str]) -> Iterator[dict[str, "URL"]]:
    """Six fresh, migrated, empty databases for one test: database name -> URL."""
    with fresh_databases(dhub_server, dhub_templates) as urls:
        yield urls


@pytest.fixture
def dhub_factories(request: pytest.FixtureRequest) -> Iterator[None]:
    """The factories' random state, sequences and reference date pinned for this test."""
    from datahub_seed import factories

    seed = request.config.getoption("--dhub-seed")
    as_of = request.config.getoption("--dhub-as-of")
    factories.reseed(zlib.crc32(f"{seed}:{request.node.nodeid}".encode()))
    factories.set_as_of(dt.datetime.combine(as_of, dt.time()))
    yield
    factories.set_as_of(None)


@pytest.fixture
def dhub_session(dhub_databases: dict[str, "URL"], dhub_factories: None) -> Iterator["Session"]:
    """One session over the six fresh databases, every factory bound to it for this test only."""
    from datahub_seed import factories

    session = factories.open_session(dhub_databases)
    try:
        with factories.bound(session):
            yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture(scope="session")
def dhub_seeded(
    request: pytest.FixtureRequest, dhub_server: "URL", dhub_templates: dict[str, str]
) -> Iterator[dict[str, "URL"]]:
    """Six databases seeded once per session (``--dhub-scale``, ``--dhub-seed``, ``--dhub-as-of``),
    for tests that only read: database name -> URL."""
    import datahub_seed

    with fresh_databases(dhub_server, dhub_templates) as urls:
        datahub_seed.seed(
            urls,
            scale=request.config.getoption("--dhub-scale"),
            seed=request.config.getoption("--dhub-seed"),
            as_of=request.config.getoption("--dhub-as-of"),
        )
        yield urls
