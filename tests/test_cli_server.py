"""`dhub server`: the embedded PostgreSQL that `dhub` falls back on, as a user drives it."""

import os
import signal
import subprocess
import sys
import time

import psycopg2
import pytest

from conftest import dhub
from datahub_seed.server import PREPARED_TRANSACTIONS, EmbeddedServer, _alive, free_port


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


def plain(url) -> str:
    """A URL with its password, as libpq takes it."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def plain_url(port: int) -> str:
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


def test_server_lifecycle_and_on_demand_start(own_home):
    home, port = own_home
    assert dhub("server", "status").exit_code == 3
    query = dhub("db", "query", "select 41 + 1 AS answer", "-d", "accounts_db")
    # Started on demand (said once, on stderr), then the database is missing until migrated.
    assert query.stderr.splitlines()[0] == f"Started the embedded PostgreSQL server at {plain_url(port)}."
    assert "does not exist" in query.output
    url = dhub("server", "url", "postgres")
    assert url.exit_code == 0
    assert url.stdout.strip() == plain_url(port)  # as psql takes it
    full = dhub("server", "url", "postgres", "--with-password").stdout.strip()
    with psycopg2.connect(full) as connection, connection.cursor() as cursor:
        cursor.execute("select 1")
        assert cursor.fetchone() == (1,)
    status = dhub("server", "status")
    assert status.exit_code == 0
    assert status.output.startswith(f"running at {plain_url(port)}")
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


@pytest.mark.parametrize("below", ["", "sub"])
def test_a_dhub_home_that_is_a_file_is_one_line(tmp_path, monkeypatch, below):
    (tmp_path / "file").touch()
    home = tmp_path / "file" / below if below else tmp_path / "file"
    monkeypatch.setenv("DHUB_HOME", str(home))
    result = dhub("server", "start")
    assert result.exit_code == 1
    blocker = "it" if home == tmp_path / "file" else str(tmp_path / "file")
    assert result.output == f"Error: cannot use DHUB_HOME {home}: {blocker} is a file\n"


def test_a_dhub_home_where_nothing_can_be_written_is_one_line(monkeypatch):
    # /proc takes no directories from anyone, root included (a read-only mount needs privileges
    # a test cannot count on); the reason is the kernel's own.
    monkeypatch.setenv("DHUB_HOME", "/proc/dhub-home")
    result = dhub("db", "tables")
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot use DHUB_HOME /proc/dhub-home: ")
    assert len(result.output.splitlines()) == 1


def test_a_start_that_fails_gives_the_servers_reason(own_home):
    home, _ = own_home
    assert dhub("server", "start").exit_code == 0
    assert dhub("server", "stop").exit_code == 0
    with (home / "pgdata" / "postgresql.conf").open("a") as conf:
        conf.write("shared_buffers = banana\n")
    result = dhub("server", "start")
    assert result.exit_code == 1
    assert result.output == (
        f'Error: cannot start the embedded server: configuration file "{home}/pgdata/postgresql.conf" '
        f"contains errors (log: {home}/postgresql.log)\n"
    )


def test_two_first_commands_at_once_both_succeed(own_home):
    command = [sys.executable, "-m", "datahub_seed", "server", "start"]
    children = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"]
    outputs = sorted(child.communicate(timeout=120) for child in children)
    assert [child.returncode for child in children] == [0, 0], outputs
    assert [out.split()[0] for out, _ in outputs] == ["Already", "Started"]


def test_a_killed_server_is_started_again_by_the_next_command(own_home):
    home, _ = own_home
    assert dhub("server", "start").exit_code == 0
    postmaster = int((home / "pgdata" / "postmaster.pid").read_text().split()[0])
    os.kill(postmaster, signal.SIGKILL)
    while _alive(postmaster):  # the kill takes effect a moment later; wait for it, not for a time
        time.sleep(0.01)
    result = dhub("server", "url", "--with-password")
    assert result.exit_code == 0, result.output
    assert "Started the embedded PostgreSQL server" in result.stderr
    with psycopg2.connect(result.stdout.strip()) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def test_prepared_transactions_are_set_at_every_start(tmp_path):
    port = free_port()
    for allowed in (0, PREPARED_TRANSACTIONS):
        server = EmbeddedServer(tmp_path / "home", port, max_prepared_transactions=allowed)
        server.start()
        try:
            with psycopg2.connect(plain(server.url())) as connection, connection.cursor() as cursor:
                cursor.execute("SHOW max_prepared_transactions")
                assert cursor.fetchone() == (str(allowed),)
        finally:
            server.stop()


def test_listen_on_another_address_with_the_password_alone(own_home):
    home, port = own_home
    assert dhub("server", "start").exit_code == 0
    refused = dhub("server", "start", "--listen", "127.0.0.2")
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: the embedded server already runs without listening on 127.0.0.2; stop it (dhub server stop)"
        " and start it again with --listen 127.0.0.2\n"
    )
    dhub("server", "stop")
    started = dhub("server", "start", "--listen", "127.0.0.2")
    assert started.exit_code == 0, started.output
    assert ", and on 127.0.0.2 " in started.output
    password = EmbeddedServer(home, port).url().password
    with psycopg2.connect(host="127.0.0.2", port=port, user="postgres", password=password, dbname="postgres") as c:
        assert c.server_version > 0
    for user, secret in (("postgres", "wrong"), ("dhub_reader", "")):
        with pytest.raises(psycopg2.OperationalError):
            psycopg2.connect(host="127.0.0.2", port=port, user=user, password=secret, dbname="postgres")


def test_listen_needs_an_ip_address(own_home):
    result = dhub("server", "start", "--listen", "docker-host")
    assert result.exit_code == 2
    assert result.output == "Error: --listen takes an IP address, e.g. 172.17.0.1, not 'docker-host'\n"


def test_listen_on_an_address_this_machine_lacks_is_refused_and_the_server_stopped(own_home):
    result = dhub("server", "start", "--listen", "192.0.2.1")  # TEST-NET-1: never a local address
    assert result.exit_code == 1
    assert result.output == (
        'Error: cannot listen on 192.0.2.1: could not bind IPv4 address "192.0.2.1": Cannot assign requested'
        " address; the embedded server was stopped again\n"
    )
    assert dhub("server", "status").exit_code == 3
