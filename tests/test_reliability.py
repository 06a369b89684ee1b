"""Issue 6: concurrent runs, server faults, existing data, secrets, recorded state (stops and
kills are in test_stops).

The fault tests run `dhub` as a real child process against real PostgreSQL and break its
database or its server once the child says it is loading.
"""

import json
import socket
import subprocess
import sys
import threading

import pytest
from processes import Child, child_env, resume, start_dhub
from spec import rows, scalar
from sqlalchemy import text
from test_determinism import AS_OF, digest

from conftest import dhub
from datahub_seed import estate
from datahub_seed.config import DATABASES, database_env
from datahub_seed.db import engine_for
from datahub_seed.generate.core import Run
from datahub_seed.pytest_plugin import drop_database
from datahub_seed.server import EmbeddedServer, free_port


@pytest.fixture
def before(databases, engines):
    """The databases seeded once (seed 1); their fingerprint is what every failed run must leave."""
    estate.seed(databases, Run.create(1, AS_OF, 0.3))
    return digest(engines)


def start_seeding(urls, pause_at: str) -> Child:
    """A run that waits, holding its databases, as it is about to load ``pause_at``'s first rows."""
    child = start_dhub(
        urls,
        "seed",
        "all",
        "--replace",
        "--seed",
        "2",
        "--scale",
        "2",
        "--as-of",
        "2025-03-15",
        "--no-verify",
        pause_at=f"load:{pause_at}",
    )
    child.wait_for(f"dhub-test: paused at load:{pause_at}")
    return child


NOTICES = ("Seeding ", "Started the embedded PostgreSQL server", "dhub-test: paused at ")


def only_one_error_line(err: str) -> str:
    """The error line, after asserting that everything else on stderr is a notice of ours (no
    traceback, no driver CONTEXT with row data, no logged exception)."""
    *others, last = err.strip().splitlines()
    for line in others:
        assert line.startswith(NOTICES) or (line.endswith(" rows") and ": loading " in line), err
    assert last.startswith("Error: ") and "CONTEXT" not in last, err
    return last


def test_a_second_run_or_clear_is_refused_while_one_runs(databases, engines):
    child = start_seeding(databases, "accounts_db")
    second = dhub("seed", "all", "--replace", "--no-verify", "--scale", "0.05")
    assert second.exit_code == 1
    assert "Seeding" not in second.stderr  # the refusal comes before any announcement
    assert second.stderr.splitlines()[-1].startswith("Error: another dhub command holds the lock since ")
    assert second.stdout == ""
    clear = dhub("seed", "clear", "--confirm")
    assert clear.exit_code == 1 and "another dhub command holds the lock" in clear.output
    resume(child)
    _, err = child.finish()
    assert child.returncode == 0, err
    assert scalar(engines["accounts_db"], "SELECT count(*) FROM customers") == 2400
    assert rows(engines["accounts_db"], "SELECT seed FROM dhub.seed_runs WHERE finished_at IS NOT NULL") == [(2,)]


def test_a_database_dropped_mid_run_fails_cleanly(databases, engines, before, dhub_server):
    child = start_seeding(databases, "loans_db")
    drop_database(dhub_server, databases["insurance_db"].database)
    resume(child)
    _, err = child.finish()
    assert child.returncode == 1
    assert "insurance_db" in only_one_error_line(err)
    survivors = {
        name: value for name, value in digest({db: e for db, e in engines.items() if db != "insurance_db"}).items()
    }
    assert survivors == {name: value for name, value in before.items() if not name.startswith("insurance_db")}


def test_the_server_stopped_mid_run_fails_cleanly(tmp_path):
    server = EmbeddedServer(tmp_path / "home", free_port())
    server.start()
    urls = {db: server.url(db) for db in DATABASES}
    env = child_env(urls)
    subprocess.run([sys.executable, "-m", "datahub_seed", "db", "migrate"], env=env, check=True, capture_output=True)
    try:
        child = start_seeding(urls, "accounts_db")
        server.stop()
        resume(child)
        _, err = child.finish()
        assert child.returncode == 1, err
        message = only_one_error_line(err)
        assert any(db in message for db in DATABASES), message
        server.start()
        status = subprocess.run(
            [sys.executable, "-m", "datahub_seed", "seed", "status", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert all(sum(s["counts"].values()) == 0 for s in json.loads(status.stdout))
    finally:
        server.stop()


def test_refused_connection_is_one_line():
    result = dhub("seed", "all", "--url", "postgresql://u:pw-never-shown@127.0.0.1:1", "--no-verify")
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: cannot connect to employees_db at 127.0.0.1:1: Connection refused")


def test_a_connection_that_times_out_is_one_line(monkeypatch):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    monkeypatch.setenv("DHUB_CONNECT_TIMEOUT", "2")
    port = listener.getsockname()[1]
    result = dhub("db", "tables", "--url", f"postgresql://u:pw-never-shown@127.0.0.1:{port}")
    listener.close()
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot connect to employees_db at 127.0.0.1:{port}: ")
    assert "timeout expired" in result.output and len(result.output.splitlines()) == 1


def test_data_the_tool_did_not_write_is_not_overwritten(databases, engines):
    with engines["loans_db"].begin() as connection:
        connection.execute(
            text(
                "INSERT INTO loan_applications (application_number, customer_id, loan_type, requested_amount,"
                " requested_term_months, application_date, status, officer_id)"
                " VALUES ('MINE-1', 1, 'auto', 10000, 24, '2024-01-01', 'pending', 1)"
            )
        )
    refused = dhub("seed", "all", "--scale", "0.05", "--no-verify")
    assert refused.exit_code == 1
    assert "loans_db already holds data" in refused.output
    assert scalar(engines["accounts_db"], "SELECT count(*) FROM customers") == 0
    assert dhub("seed", "all", "--scale", "0.05", "--no-verify", "--replace").exit_code == 0
    assert (
        scalar(engines["loans_db"], "SELECT count(*) FROM loan_applications WHERE application_number = 'MINE-1'") == 0
    )


def test_a_database_with_tables_dhub_did_not_create_is_refused(unmigrated, dhub_server):
    from datahub_seed.schema import create_database

    create_database(unmigrated["loans_db"])
    engine = engine_for(unmigrated["loans_db"])
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE ledger (entry text)"))
    refused = dhub("seed", "all", "--scale", "0.05", "--no-verify")
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines()[-1] == (
        "Error: loans_db holds tables dhub did not create (ledger); use an empty database, "
        "or pass --replace to add dhub's tables beside them"
    )
    adopted = dhub("seed", "all", "--scale", "0.05", "--no-verify", "--replace")
    assert adopted.exit_code == 0, adopted.output
    assert rows(engine, "SELECT count(*) FROM ledger") == [(0,)]
    engine.dispose()


def test_passwords_never_appear(monkeypatch, password_role_url):
    secret = password_role_url.password
    monkeypatch.setenv("DHUB_DATABASE_URL", password_role_url.set(password="wrong-" + secret).render_as_string(False))
    for args in (
        ["seed", "all", "--no-verify"],
        ["seed", "status"],
        ["seed", "verify"],
        ["db", "tables"],
        ["db", "migrate"],
        ["seed", "clear", "--confirm"],
        ["--help"],
        ["seed", "all", "--help"],
    ):
        result = dhub(*args)
        assert secret not in result.output, args
        assert "wrong-" not in result.output, args


def test_status_warns_when_databases_come_from_different_runs(databases, engines):
    assert dhub("seed", "all", "--scale", "0.05", "--no-verify").exit_code == 0
    with engines["loans_db"].begin() as connection:
        connection.execute(text("UPDATE dhub.seed_runs SET run_token = 'another-run'"))
    assert "the six databases come from different runs" in dhub("seed", "status").output


def test_large_runs_are_announced_and_need_confirmation(databases, engines):
    result = dhub("seed", "all", "--scale", "1000", input="n\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "This run writes about 88,152,000 rows, about 17.9 GB on disk, in about 6 minutes.",
        "Continue? [y/N]: n",
        "Error: not confirmed; nothing was written",
    ]
    assert scalar(engines["accounts_db"], "SELECT count(*) FROM customers") == 0


def test_a_run_into_data_is_refused_before_it_is_announced_or_recorded(databases, engines):
    assert dhub("seed", "all", "--scale", "0.05", "--no-verify").exit_code == 0
    result = dhub("seed", "all", "--scale", "1000", input="y\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: all six databases already hold data; run `dhub seed clear --confirm` first, or pass --replace"
    ]
    assert "did not finish" not in dhub("seed", "status").output


def test_a_run_that_cannot_fit_on_the_disk_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("DHUB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DHUB_PORT", str(free_port()))  # not the default's, which `make seed` may hold
    for name in ["DHUB_DATABASE_URL", *(database_env(db) for db in DATABASES)]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys.modules["datahub_seed.cli.seed"], "free_disk_bytes", lambda directory: 10_000_000)
    result = dhub("seed", "all", "--scale", "1", "--as-of", "2025-01-31")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: not enough disk space in {tmp_path / 'home'}: the run needs about 84 MB "
        "(data and indexes 17 MB, WAL 19 MB, schema 48 MB), 10 MB are free\n"
    )
    assert not (tmp_path / "home").exists()  # refused before the embedded server was even started


def test_the_disk_estimate_counts_only_new_databases_and_caps_wal(tmp_path, monkeypatch):
    monkeypatch.setenv("DHUB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DHUB_PORT", str(free_port()))
    for name in ["DHUB_DATABASE_URL", *(database_env(db) for db in DATABASES)]:
        monkeypatch.delenv(name, raising=False)
    try:
        assert dhub("db", "migrate").exit_code == 0
        monkeypatch.setattr(sys.modules["datahub_seed.cli.seed"], "free_disk_bytes", lambda directory: 10_000_000)
        result = dhub("seed", "all", "--scale", "100", "--as-of", "2025-01-31", "--yes")
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == (
            f"Error: not enough disk space in {tmp_path / 'home'}: the run needs about 2,757 MB "
            "(data and indexes 1,684 MB, WAL 1,074 MB, schema 0 MB), 10 MB are free"
        )
    finally:
        dhub("server", "stop")


def test_a_server_error_in_the_middle_of_a_copy_is_one_line_without_row_data(databases, engines):
    """As a full disk would: the server fails the last database's COPY, with a CONTEXT line that
    quotes the row; the user sees one line, and none of the six databases changes."""
    with engines["compliance_db"].begin() as connection:
        connection.execute(
            text(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                " $$BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END$$;"
                " CREATE TRIGGER refuse BEFORE INSERT ON audit_trails FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        )
    before = digest(engines)
    child = start_dhub(databases, "seed", "all", "--scale", "0.05", "--no-verify")
    _, err = child.finish()
    assert child.returncode == 1
    assert only_one_error_line(err) == (
        "Error: compliance_db: could not extend file: No space left on device; nothing was written"
    )
    assert "COPY audit_trails" not in err
    assert digest(engines) == before
