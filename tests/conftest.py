"""Fixtures of this suite, on top of the package's own pytest plugin (datahub_seed.pytest_plugin):
its ``dhub_server`` (the server every test uses), ``dhub_templates`` and ``dhub_databases``, with the
environment pointed at the databases so that `dhub` finds them.
"""

import datetime as dt
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from datahub_seed.cli.app import cli
from datahub_seed.config import SERVER_ENV, database_env
from datahub_seed.db import engine_for
from datahub_seed.estate import seed
from datahub_seed.generate.core import Run
from datahub_seed.pytest_plugin import DEFAULT_AS_OF, drop_database, fresh_databases, unique_names

DatabaseSet = dict[str, URL]


def pytest_configure(config: pytest.Config) -> None:
    """tmp_path outside pytest's shared root (/tmp/pytest-of-<user>): every pytest session that starts
    makes that root private again, which locks the servers that tests start there (run as their own
    user when we are root) out of their directories in a run going on beside it."""
    if not config.option.basetemp:
        config.option.basetemp = tempfile.mkdtemp(prefix="dhub-tests-")
        config.add_cleanup(lambda: shutil.rmtree(config.option.basetemp, ignore_errors=True))


def point_environment(monkeypatch: pytest.MonkeyPatch, urls: DatabaseSet) -> None:
    """Make `dhub` and the library use ``urls`` and nothing else."""
    monkeypatch.delenv(SERVER_ENV, raising=False)
    for database, url in urls.items():
        monkeypatch.setenv(database_env(database), url.render_as_string(hide_password=False))


@pytest.fixture
def unmigrated(dhub_server: URL, monkeypatch: pytest.MonkeyPatch) -> Iterator[DatabaseSet]:
    """Names for six databases that do not exist yet; dropped afterwards if a test made them."""
    names = unique_names("dhub_u")
    urls = {database: dhub_server.set(database=name) for database, name in names.items()}
    point_environment(monkeypatch, urls)
    yield urls
    for name in names.values():
        drop_database(dhub_server, name)


@contextmanager
def database_set(
    server: URL, templates: dict[str, str], monkeypatch: pytest.MonkeyPatch | None = None
) -> Iterator[DatabaseSet]:
    """Six fresh databases cloned from the migrated templates; named in the environment if asked."""
    with fresh_databases(server, templates) as urls:
        if monkeypatch:
            point_environment(monkeypatch, urls)
        yield urls


@contextmanager
def engine_set(urls: DatabaseSet) -> Iterator[dict[str, Engine]]:
    made = {database: engine_for(url) for database, url in urls.items()}
    yield made
    for engine in made.values():
        engine.dispose()


@pytest.fixture
def databases(dhub_databases: DatabaseSet, monkeypatch: pytest.MonkeyPatch) -> DatabaseSet:
    """Six fresh, migrated, empty databases for a test that changes them, named in the environment."""
    point_environment(monkeypatch, dhub_databases)
    return dhub_databases


@pytest.fixture
def engines(databases: DatabaseSet) -> Iterator[dict[str, Engine]]:
    with engine_set(databases) as made:
        yield made


@pytest.fixture(scope="module")
def shared_databases(dhub_server, dhub_templates) -> Iterator[DatabaseSet]:
    """Six migrated, empty databases shared by one module's tests, which must only read them."""
    with pytest.MonkeyPatch.context() as monkeypatch, database_set(dhub_server, dhub_templates, monkeypatch) as urls:
        yield urls


@pytest.fixture(scope="module")
def shared_engines(shared_databases: DatabaseSet) -> Iterator[dict[str, Engine]]:
    with engine_set(shared_databases) as made:
        yield made


AS_OF = dt.datetime.fromisoformat(DEFAULT_AS_OF)


@pytest.fixture(scope="session")
def seeded(dhub_server, dhub_templates) -> Iterator[dict[str, Engine]]:
    """Six databases seeded once at scale 1.0 (seed 7, as of the plugin's date), for tests that only read."""
    with database_set(dhub_server, dhub_templates) as urls, engine_set(urls) as engines:
        seed(urls, Run.create(7, AS_OF, 1.0))
        yield engines


def dhub(*args: str, input: str | None = None) -> Result:
    """Run `dhub` in-process as a user would, without letting exceptions escape as test errors."""
    return CliRunner().invoke(cli, list(args), prog_name="dhub", input=input)


@pytest.fixture(scope="session")
def password_role_url(dhub_server) -> Iterator[URL]:
    """A URL for a login role that has a password, so that a wrong one can be refused."""
    role, password = f"pw_{uuid.uuid4().hex[:8]}", "right-horse-battery"
    engine = engine_for(dhub_server, autocommit=True)
    with engine.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    yield dhub_server.set(username=role, password=password)
    with engine.connect() as connection:
        connection.exec_driver_sql(f"DROP ROLE {role}")
    engine.dispose()
