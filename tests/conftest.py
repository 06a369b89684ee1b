"""A real PostgreSQL for every test, and throwaway sets of the six databases.

The server is the one named by DHUB_TEST_DATABASE_URL, or else an embedded server started in a
temporary directory for this session. Databases are created and dropped by pytest-postgresql's
janitor; migrated sets are cloned from templates migrated once per session.
"""

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from click.testing import CliRunner, Result
from pytest_postgresql.janitor import DatabaseJanitor
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from datahub_seed import estate, schema
from datahub_seed.cli.app import cli
from datahub_seed.config import DATABASES, SERVER_ENV, database_env, parse_url
from datahub_seed.db import engine_for
from datahub_seed.generate.core import Run
from datahub_seed.server import EmbeddedServer, free_port

DatabaseSet = dict[str, URL]


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[URL]:
    """Superuser URL of the test server (database: postgres)."""
    configured = os.environ.get("DHUB_TEST_DATABASE_URL")
    if configured:
        yield parse_url(configured, "DHUB_TEST_DATABASE_URL").set(database="postgres")
        return
    server = EmbeddedServer(tmp_path_factory.mktemp("server"), free_port())
    server.start()
    yield server.url()
    server.stop()


def janitor(server: URL, name: str, template: str | None = None) -> DatabaseJanitor:
    # pytest-postgresql annotates user and host as str, but only hands them to psycopg, which takes
    # None as libpq's default: a DHUB_TEST_DATABASE_URL such as postgresql:///postgres names neither.
    return DatabaseJanitor(
        user=server.username,  # type: ignore[arg-type]
        host=server.host,  # type: ignore[arg-type]
        port=server.port or 5432,
        password=server.password,
        dbname=name,
        template_dbname=template,
    )


def unique_names(prefix: str) -> dict[str, str]:
    token = uuid.uuid4().hex[:8]
    return {database: f"{prefix}{token}_{database}" for database in DATABASES}


def point_environment(monkeypatch: pytest.MonkeyPatch, urls: DatabaseSet) -> None:
    """Make `dhub` and the library use ``urls`` and nothing else."""
    monkeypatch.delenv(SERVER_ENV, raising=False)
    for database, url in urls.items():
        monkeypatch.setenv(database_env(database), url.render_as_string(hide_password=False))


@contextmanager
def templates_on(server: URL) -> Iterator[dict[str, str]]:
    """Six databases migrated to head on ``server``, to be cloned by ``database_set``."""
    names = unique_names("tpl")
    janitors = [janitor(server, name) for name in names.values()]
    for each in janitors:
        each.init()
    for database, name in names.items():
        schema.upgrade(database, server.set(database=name))
    yield names
    for each in janitors:
        each.drop()


@pytest.fixture(scope="session")
def migrated_templates(server_url: URL) -> Iterator[dict[str, str]]:
    """Six databases migrated to head once, cloned by ``databases``."""
    with templates_on(server_url) as names:
        yield names


@pytest.fixture
def unmigrated(server_url: URL, monkeypatch: pytest.MonkeyPatch) -> Iterator[DatabaseSet]:
    """Names for six databases that do not exist yet; dropped afterwards if a test made them."""
    names = unique_names("t")
    urls = {database: server_url.set(database=name) for database, name in names.items()}
    point_environment(monkeypatch, urls)
    yield urls
    for name in names.values():
        janitor(server_url, name).drop()


@contextmanager
def database_set(
    server: URL, templates: dict[str, str], monkeypatch: pytest.MonkeyPatch | None = None
) -> Iterator[DatabaseSet]:
    """Six fresh databases cloned from the migrated templates; named in the environment if asked."""
    names = unique_names("t")
    urls = {database: server.set(database=name) for database, name in names.items()}
    janitors = [janitor(server, names[db], templates[db]) for db in DATABASES]
    for each in janitors:
        each.init()
    if monkeypatch:
        point_environment(monkeypatch, urls)
    yield urls
    for each in janitors:
        each.drop()


@contextmanager
def engine_set(urls: DatabaseSet) -> Iterator[dict[str, Engine]]:
    made = {database: engine_for(url) for database, url in urls.items()}
    yield made
    for engine in made.values():
        engine.dispose()


@pytest.fixture
def databases(server_url, migrated_templates, monkeypatch) -> Iterator[DatabaseSet]:
    """Six fresh, migrated, empty databases for a test that changes them."""
    with database_set(server_url, migrated_templates, monkeypatch) as urls:
        yield urls


@pytest.fixture
def engines(databases: DatabaseSet) -> Iterator[dict[str, Engine]]:
    with engine_set(databases) as made:
        yield made


@pytest.fixture(scope="module")
def shared_databases(server_url, migrated_templates) -> Iterator[DatabaseSet]:
    """Six migrated, empty databases shared by one module's tests, which must only read them."""
    with pytest.MonkeyPatch.context() as monkeypatch, database_set(server_url, migrated_templates, monkeypatch) as urls:
        yield urls


@pytest.fixture(scope="module")
def shared_engines(shared_databases: DatabaseSet) -> Iterator[dict[str, Engine]]:
    with engine_set(shared_databases) as made:
        yield made


AS_OF = dt.datetime(2026, 6, 30)


@pytest.fixture(scope="session")
def seeded(server_url, migrated_templates) -> Iterator[dict[str, Engine]]:
    """Six databases seeded once at scale 1.0 (seed 7, as of 2026-06-30), for tests that only read."""
    with database_set(server_url, migrated_templates) as urls, engine_set(urls) as engines:
        estate.seed(urls, Run.create(7, AS_OF, 1.0))
        yield engines


def dhub(*args: str, input: str | None = None) -> Result:
    """Run `dhub` in-process as a user would, without letting exceptions escape as test errors."""
    return CliRunner().invoke(cli, list(args), prog_name="dhub", input=input)


@pytest.fixture(scope="session")
def password_role_url(server_url) -> Iterator[URL]:
    """A URL for a login role that has a password, so that a wrong one can be refused."""
    role, password = f"pw_{uuid.uuid4().hex[:8]}", "right-horse-battery"
    engine = engine_for(server_url, autocommit=True)
    with engine.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    yield server_url.set(username=role, password=password)
    with engine.connect() as connection:
        connection.exec_driver_sql(f"DROP ROLE {role}")
    engine.dispose()
