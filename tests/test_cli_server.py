"""`dhub server`: the embedded PostgreSQL that `dhub` falls back on, as a user drives it."""

import psycopg2
import pytest

from conftest import dhub
from datahub_seed.server import free_port


@pytest.fixture
def own_home(tmp_path, monkeypatch):
    """A private DHUB_HOME and port, and no configured server: the embedded one is used."""
    port = free_port()
    monkeypatch.setenv("DHUB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DHUB_PORT", str(port))
    for name in ["DHUB_DATABASE_URL", "DHUB_ACCOUNTS_DB_URL"]:
        monkeypatch.delenv(name, raising=False)
    yield tmp_path / "home", port
    dhub("server", "stop")


def test_server_lifecycle_and_on_demand_start(own_home):
    home, port = own_home
    assert dhub("server", "status").exit_code == 3
    query = dhub("db", "query", "select 41 + 1 AS answer", "-d", "accounts_db")
    # Started on demand (said once, on stderr), then the database is missing until migrated.
    assert "Started the embedded PostgreSQL server" in query.stderr
    assert "does not exist" in query.output
    url = dhub("server", "url", "postgres")
    assert url.exit_code == 0
    assert url.stdout.strip() == f"postgresql://postgres@127.0.0.1:{port}/postgres"
    with psycopg2.connect(url.stdout.strip()) as connection, connection.cursor() as cursor:
        cursor.execute("select 1")
        assert cursor.fetchone() == (1,)
    status = dhub("server", "status")
    assert status.exit_code == 0
    assert status.output.startswith(f"running at postgresql://postgres@127.0.0.1:{port}/postgres")
    assert dhub("server", "start").output.startswith("Already running:")
    assert dhub("server", "stop").output == "Stopped the embedded server.\n"
    assert dhub("server", "stop").output == "The embedded server was not running.\n"
    assert (home / "pgdata" / "PG_VERSION").exists()


def test_data_survives_a_restart(own_home):
    assert dhub("db", "migrate").exit_code == 0
    dhub("server", "stop")
    tables = dhub("db", "tables")
    assert tables.exit_code == 0
    assert tables.output.splitlines()[-1] == "34 tables, 0 rows"


def test_bad_port_setting_is_one_line(monkeypatch):
    monkeypatch.setenv("DHUB_PORT", "eighty")
    result = dhub("server", "start")
    assert result.exit_code == 1
    assert result.output == "Error: DHUB_PORT must be a TCP port number, not 'eighty'\n"
