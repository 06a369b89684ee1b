"""Issue 10: `dhub db query` without --write really only reads, and the embedded server lets no one
else in. Every attack below was run against the first version and changed something; here each is
refused with a line naming why, and afterwards nothing has changed."""

import datetime as dt
import grp
import json
import os
import stat
import uuid
from pathlib import Path

import psycopg2
import pytest
from sqlalchemy import text
from test_determinism import digest

from conftest import dhub
from datahub_seed import reader, schema
from datahub_seed.config import DATABASES, database_env
from datahub_seed.estate import seed as seed_estate
from datahub_seed.generate.core import Run
from datahub_seed.reader import READER
from datahub_seed.server import SYSTEM_USER, EmbeddedServer, free_port

FILE = f"/tmp/dhub-pwned-{uuid.uuid4().hex}"  # where an attack would write, were it let through
ATTACKS = [
    ("commit; drop table account_relationships", "COMMIT is not a read; DROP TABLE is not a read"),
    ("select 1; commit; delete from transactions", "COMMIT is not a read; DELETE is not a read"),
    ("rollback; delete from transactions", "ROLLBACK is not a read; DELETE is not a read"),
    ("end; update customers set first_name = 'PWNED'", "END is not a read; UPDATE is not a read"),
    ("abort; truncate account_relationships cascade", "ABORT is not a read; TRUNCATE is not a read"),
    ("set transaction read write; delete from transactions", "SET is not a read; DELETE is not a read"),
    ("set transaction_read_only = off; delete from transactions", "SET is not a read; DELETE is not a read"),
    ("commit; create role x superuser login password 'y'", "COMMIT is not a read; CREATE ROLE is not a read"),
    (f"copy (select 1) to program 'id > {FILE}'", "COPY is not a read"),
    (f"copy customers to '{FILE}'", "COPY is not a read"),
    (
        f"select lo_export(lo_from_bytea(0, 'x'), '{FILE}')",
        "lo_export() reaches outside the database; lo_from_bytea() reaches outside the database",
    ),
    ("select pg_read_file('/etc/passwd')", "pg_read_file() reaches outside the database"),
    ("select pg_terminate_backend(pid) from pg_stat_activity", "pg_terminate_backend() reaches outside the database"),
    ("lock table customers in access exclusive mode", "LOCK TABLE is not a read"),
    ("select pg_reload_conf()", "pg_reload_conf() reaches outside the database"),
    ("checkpoint", "CHECKPOINT is not a read"),
    ("select pg_switch_wal()", "pg_switch_wal() reaches outside the database"),
    ("select set_config('transaction_read_only', 'off', false)", "set_config() reaches outside the database"),
    ("with gone as (delete from transactions returning 1) select count(*) from gone", "DELETE is not a read"),
    ("select * from customers for update", "SELECT ... FOR UPDATE/SHARE locks rows"),
    ("select * into stolen from customers", "SELECT INTO creates a table"),
    ("explain analyze delete from transactions", "EXPLAIN ANALYZE runs the statement"),
    ("/* a comment */ select 1; -- and\n drop table customers", "DROP TABLE is not a read"),
    (  # SQL inside a function, run as the session's login: it would set the role back to postgres
        "select * from ts_stat('select set_config(''role'', ''none'', true)::tsvector')",
        "ts_stat() runs SQL of its own, which cannot be checked",
    ),
    ("select ts_rewrite('a'::tsquery, 'select 1')", "ts_rewrite() runs SQL of its own, which cannot be checked"),
]


@pytest.fixture
def estate(databases, engines, dhub_server):
    """Seeded databases, the reader role on their server, and a session an attack might end."""
    seed_estate(databases, Run.create(3, dt.datetime(2025, 1, 1), 0.05))
    schema.create_reader(dhub_server)
    for engine in engines.values():  # the templates were migrated before the role existed
        with engine.begin() as connection:
            reader.grant(connection)
    with engines["accounts_db"].connect() as bystander:
        yield engines, digest(engines), bystander


@pytest.mark.parametrize(("sql", "reasons"), ATTACKS)
def test_an_attack_without_write_is_refused_and_changes_nothing(estate, sql, reasons):
    engines, before, bystander = estate
    result = dhub("db", "query", sql, "-d", "accounts_db")
    assert result.exit_code == 1
    assert result.output == f"Error: refused: {reasons}; pass --write to allow it\n"
    assert digest(engines) == before
    assert bystander.scalar(text("SELECT 1")) == 1  # not terminated
    assert bystander.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = 'x'")) == 0
    assert not Path(FILE).exists()


def test_several_reads_are_refused_without_write_and_shown_each_with_it(estate):
    refused = dhub("db", "query", "SELECT 1 AS a; SELECT 2 AS b", "-d", "accounts_db")
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: refused: the query holds 2 statements and without --write dhub runs one;"
        " run them one at a time, or pass --write to run them all in one transaction\n"
    )
    both = dhub("db", "query", "SELECT 1 AS a; SELECT 2 AS b", "-d", "accounts_db", "--write")
    assert both.exit_code == 0, both.output
    assert both.output.splitlines() == ["a", "-", "1", "(1 row)", "b", "-", "2", "(1 row)"]


def test_write_runs_every_statement_in_one_transaction_it_commits(estate):
    engines, _, _ = estate
    failed = dhub("db", "query", "CREATE TABLE scratch (x int); SELECT no_such_column", "-d", "loans_db", "--write")
    assert failed.exit_code == 1
    with engines["loans_db"].connect() as connection:  # the first statement went with the second
        assert connection.scalar(text("SELECT count(*) FROM pg_tables WHERE tablename = 'scratch'")) == 0
    own = dhub("db", "query", "CREATE TABLE scratch (x int); COMMIT", "-d", "loans_db", "--write")
    assert own.output == (
        "Error: refused: COMMIT would end dhub's transaction; --write runs every statement"
        " in one transaction and commits it at the end\n"
    )


def test_reads_run_as_the_reader_role_so_the_server_refuses_the_rest(estate):
    who = dhub(
        "db",
        "query",
        "SELECT current_user AS who, rolsuper FROM pg_roles WHERE rolname = current_user",
        "-d",
        "accounts_db",
        "--json",
    )
    assert who.exit_code == 0, who.output
    assert who.output.split() == ["[", "{", '"who":', f'"{READER}",', '"rolsuper":', "false", "}", "]"]
    # Not on the list of functions refused by name, yet kept from the reader by the server itself.
    denied = dhub("db", "query", "SELECT pg_stat_reset()", "-d", "accounts_db")
    assert denied.output == "Error: query failed on accounts_db: permission denied for function pg_stat_reset\n"


def test_the_reader_cannot_read_password_hashes(estate):
    result = dhub("db", "query", "SELECT rolname, rolpassword FROM pg_authid", "-d", "accounts_db")
    assert result.output == "Error: query failed on accounts_db: permission denied for table pg_authid\n"


def test_a_percent_sign_reaches_postgresql_as_written(estate):
    result = dhub(
        "db",
        "query",
        "SELECT '%(x)s' AS a, '100%%' AS b, count(*) FROM customers WHERE email LIKE '%@%'",
        "-d",
        "accounts_db",
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"a": "%(x)s", "b": "100%%", "count": 60}]


# --- the embedded server ----------------------------------------------------------------------

LEAK = "leak-me-if-you-can"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """A server started by dhub while dhub's environment holds a URL with a password."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv(database_env("accounts_db"), f"postgresql://someone:{LEAK}@db.example/accounts_db")
        server = EmbeddedServer(tmp_path_factory.mktemp("secure") / "home", free_port())
        server.start()
    yield server
    server.stop()


@pytest.fixture
def no_stored_password(tmp_path, monkeypatch):
    """libpq finds no password anywhere but where a test puts it."""
    empty = tmp_path / "pgpass"
    empty.write_text("")
    empty.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(empty))
    monkeypatch.delenv("PGPASSWORD", raising=False)


def connect_tcp(server: EmbeddedServer, password: str | None):
    return psycopg2.connect(host="127.0.0.1", port=server.port, user="postgres", dbname="postgres", password=password)


def test_tcp_needs_the_password_even_for_the_superuser(embedded, no_stored_password):
    with pytest.raises(psycopg2.OperationalError, match="no password supplied"):
        connect_tcp(embedded, None)
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
        connect_tcp(embedded, "guess")


def test_the_url_dhub_prints_on_request_connects(embedded, no_stored_password, monkeypatch):
    monkeypatch.setenv("DHUB_HOME", str(embedded.home))
    monkeypatch.setenv("DHUB_PORT", str(embedded.port))
    plain = dhub("server", "url", "postgres")
    assert plain.stdout == f"postgresql://postgres@127.0.0.1:{embedded.port}/postgres\n"
    full = dhub("server", "url", "postgres", "--with-password").stdout.strip()
    with psycopg2.connect(full) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    monkeypatch.setenv("PGPASSFILE", dhub("server", "pgpass").stdout.strip())
    psycopg2.connect(plain.stdout.strip()).close()  # the pgpass file serves psql and libpq alike
    for args in (["server", "start"], ["server", "status"], ["server", "url"]):
        assert embedded.url().password not in dhub(*args).output


def postmaster(server: EmbeddedServer) -> int:
    return int((server.data_dir / "postmaster.pid").read_text().split()[0])


def test_the_server_inherits_nothing_of_dhubs_environment(embedded):
    environment = Path(f"/proc/{postmaster(embedded)}/environ").read_bytes().decode().split("\0")
    assert not [entry for entry in environment if entry.startswith("DHUB_") or LEAK in entry]


def test_the_server_runs_in_a_group_of_its_own(embedded):
    status = Path(f"/proc/{postmaster(embedded)}/status").read_text().splitlines()
    gids = next(line for line in status if line.startswith("Gid:")).split()[1:]
    groups = next(line for line in status if line.startswith("Groups:")).split()[1:]
    expected = grp.getgrnam(SYSTEM_USER).gr_gid if os.geteuid() == 0 else os.getegid()
    assert gids == [str(expected)] * 4  # real, effective, saved and file-system group
    if os.geteuid() == 0:
        assert "0" not in groups  # never root's group, which the first version ran in


def test_data_logs_and_secrets_are_for_their_owners_alone(embedded):
    assert stat.S_IMODE(embedded.data_dir.stat().st_mode) == 0o700
    for path in (embedded.log_file, embedded.password_file, embedded.pgpass_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert embedded.url().password not in embedded.log_file.read_text()


def test_every_database_of_the_estate_reaches_the_reader(estate):
    for database in DATABASES:
        result = dhub("db", "query", "SELECT current_user", "-d", database)
        assert READER in result.output, (database, result.output)


@pytest.fixture
def on_embedded(embedded, monkeypatch):
    """dhub pointed at the embedded server alone, its databases migrated."""
    monkeypatch.setenv("DHUB_HOME", str(embedded.home))
    monkeypatch.setenv("DHUB_PORT", str(embedded.port))
    for database in DATABASES:
        monkeypatch.delenv(database_env(database), raising=False)
    migrated = dhub("db", "migrate")
    assert migrated.exit_code == 0, migrated.output
    return embedded


def test_migrate_creates_a_reader_that_reads_dhubs_tables_only(on_embedded):
    engine = schema.engine_for(on_embedded.url("accounts_db"))
    with engine.connect() as connection:
        login, superuser, everything = connection.execute(
            text(
                "SELECT rolcanlogin, rolsuper, pg_has_role(rolname, 'pg_read_all_data', 'MEMBER')"
                " FROM pg_roles WHERE rolname = :role"
            ),
            {"role": READER},
        ).one()
        assert (login, superuser, everything) == (True, False, False)  # all data includes password hashes
        for table in ("customers", "dhub.seed_runs"):
            assert connection.scalar(text(f"SELECT has_table_privilege('{READER}', '{table}', 'SELECT')"))
    engine.dispose()


def test_the_reader_logs_in_through_the_private_socket_alone(on_embedded, no_stored_password):
    with pytest.raises(psycopg2.OperationalError, match=f'pg_hba.conf rejects connection .* user "{READER}"'):
        psycopg2.connect(host="127.0.0.1", port=on_embedded.port, user=READER, dbname="accounts_db")
    who = dhub("db", "query", "SELECT session_user AS login, current_user AS role", "-d", "accounts_db", "--json")
    assert json.loads(who.output) == [{"login": READER, "role": READER}]


def test_a_function_that_sets_the_role_back_cannot_on_the_embedded_server(on_embedded):
    """The door SET ROLE leaves open: a session whose login is the superuser may set its role back,
    and a function made earlier with --write, not on any list, does so for the reader's query."""
    made = dhub(
        "db",
        "query",
        "CREATE OR REPLACE FUNCTION escalate() RETURNS text LANGUAGE sql"
        " AS $$ SELECT set_config('role', 'postgres', true) $$",
        "-d",
        "accounts_db",
        "--write",
    )
    assert made.exit_code == 0, made.output
    escalated = dhub("db", "query", "SELECT escalate()", "-d", "accounts_db")
    assert escalated.exit_code == 1
    assert escalated.output == 'Error: query failed on accounts_db: permission denied to set role "postgres"\n'


@pytest.mark.parametrize("made_by", ["another user", "anyone", "a link"])
def test_a_dhub_home_someone_else_could_have_prepared_is_refused(tmp_path, monkeypatch, made_by):
    home = tmp_path / "home"
    home.mkdir()
    if made_by == "another user":
        if os.geteuid() == 0:
            os.chown(home, 65534, -1)  # nobody
        else:
            home = Path("/")  # root's, for anyone else
        reason = "it belongs to another user; choose one of your own"
    elif made_by == "anyone":
        home.chmod(0o777)
        reason = "others may write to it; run chmod go-w on it"
    else:
        secret = tmp_path / "secret"
        secret.write_text("mine")
        (home / "postgresql.log").symlink_to(secret)
        reason = "postgresql.log is a symbolic link; remove it"
    monkeypatch.setenv("DHUB_HOME", str(home))
    monkeypatch.setenv("DHUB_PORT", str(free_port()))
    result = dhub("server", "start")
    assert result.exit_code == 1
    assert result.output == f"Error: cannot use DHUB_HOME {home}: {reason}\n"
    assert not (home / "pgdata").exists()
