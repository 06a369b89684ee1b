"""Issue 9: SIGKILL, SIGINT and SIGTERM at every stage of a real run, the commit window above all.

Each test runs `dhub` as a child process paused at a named point (see ``processes``), signals it
there, runs one more `dhub` command, and then finds all six databases holding one run: the one
from before (``before``) or the new one (``new``, the digest of a clean run with the same
parameters). The embedded servers here are the tests' own: one allowing prepared transactions,
as dhub's embedded server does, and one allowing none, like a stock outside server.
"""

import datetime as dt
import json
import signal
from collections.abc import Iterator

import pytest
from processes import SIGNAL_EXIT, resume, start_dhub, stop_at, wait_until_disconnected
from sqlalchemy import text
from sqlalchemy.engine import URL
from test_determinism import digest

from conftest import database_set, dhub, engine_set, point_environment
from datahub_seed.config import DATABASES
from datahub_seed.estate import seed as seed_estate
from datahub_seed.generate.core import Run
from datahub_seed.pytest_plugin import migrated_templates
from datahub_seed.server import EmbeddedServer, free_port

BEFORE = Run.create(1, dt.datetime(2025, 3, 15), 0.05)
NEW_ARGS = ("--seed", "2", "--scale", "0.05", "--as-of", "2025-03-15")
NEW = Run.create(2, dt.datetime(2025, 3, 15), 0.05)
ALL = "all six databases"
ROLLED_BACK = f"Interrupted: rolled back {ALL}; every database is as it was before."


ServerTemplates = tuple[URL, dict[str, str]]  # a server's superuser URL and its migrated templates


def embedded(tmp_path_factory, prepared_transactions: int) -> Iterator[ServerTemplates]:
    server = EmbeddedServer(tmp_path_factory.mktemp("server"), free_port(), prepared_transactions)
    server.start()
    url = server.url()
    with migrated_templates(url) as templates:
        yield url, templates
    server.stop()


@pytest.fixture(scope="module")
def two_phase(tmp_path_factory):
    yield from embedded(tmp_path_factory, prepared_transactions=16)


@pytest.fixture(scope="module")
def one_phase(tmp_path_factory):
    yield from embedded(tmp_path_factory, prepared_transactions=0)


@pytest.fixture(scope="module")
def new(two_phase: ServerTemplates) -> dict[str, str]:
    """What the interrupted runs write when they complete: a clean run's digest."""
    with database_set(*two_phase) as urls, engine_set(urls) as engines:
        seed_estate(urls, NEW)
        return digest(engines)


class Estate:
    """Six databases seeded with ``BEFORE``, named in the environment for in-process `dhub`."""

    def __init__(self, urls, engines):
        self.urls, self.engines = urls, engines
        seed_estate(urls, BEFORE)
        self.before = digest(engines)

    def stop(self, child, point: str, signal_number: int, thread: bool = False) -> tuple[str, str]:
        """Signal ``child`` at ``point``; once it and its sessions are gone, its stdout and stderr."""
        out, err = stop_at(child, point, signal_number, thread)
        wait_until_disconnected(self.urls)
        return out, err

    def digest(self) -> dict[str, str]:
        return digest(self.engines)

    def prepared(self) -> list[str]:
        """Prepared transactions left in these databases (there must never be any after a command)."""
        names = [url.database for url in self.urls.values()]
        with self.engines["accounts_db"].connect() as connection:
            return list(
                connection.scalars(text("SELECT gid FROM pg_prepared_xacts WHERE database = ANY(:n)"), {"n": names})
            )


@pytest.fixture
def estate(two_phase: ServerTemplates, monkeypatch: pytest.MonkeyPatch) -> Iterator[Estate]:
    with database_set(*two_phase, monkeypatch) as urls, engine_set(urls) as engines:
        yield Estate(urls, engines)


@pytest.fixture
def plain_estate(one_phase: ServerTemplates, monkeypatch: pytest.MonkeyPatch) -> Iterator[Estate]:
    with database_set(*one_phase, monkeypatch) as urls, engine_set(urls) as engines:
        yield Estate(urls, engines)


def seed_all(estate: Estate, point: str, *extra: str):
    return start_dhub(estate.urls, "seed", "all", "--replace", "--no-verify", *NEW_ARGS, *extra, pause_at=point)


# --- SIGKILL inside the commit window: the next command finishes or undoes the run -------------


@pytest.mark.parametrize(
    ("point", "outcome", "settled"),
    [
        ("prepare:employees_db", "before", None),  # nothing prepared yet: the kill itself rolled back
        ("prepare:loans_db", "before", "rolled back employees_db, customer_db, accounts_db"),
        ("commit:employees_db", "new", "committed customer_db, accounts_db, loans_db, insurance_db, compliance_db"),
        ("commit:loans_db", "new", "committed insurance_db, compliance_db"),
        ("commit:compliance_db", "new", None),  # all committed before the kill
    ],
)
def test_a_seed_killed_while_committing_is_settled_by_the_next_command(estate, new, point, outcome, settled):
    estate.stop(seed_all(estate, point), point, signal.SIGKILL)
    status = dhub("seed", "status")
    assert status.exit_code == 0, status.output
    settle_lines = [line for line in status.stderr.splitlines() if "while committing" in line]
    if settled:
        verb = "Undid" if outcome == "before" else "Finished"
        assert len(settle_lines) == 1 and settle_lines[0].startswith(f"{verb} the seed interrupted at ")
        assert settle_lines[0].endswith(f" while committing: {settled}."), settle_lines
    else:
        assert settle_lines == []
    assert estate.prepared() == []
    assert estate.digest() == (estate.before if outcome == "before" else new)


@pytest.mark.parametrize(
    ("point", "outcome"),
    [("prepare:insurance_db", "before"), ("commit:employees_db", "empty"), ("commit:customer_db", "empty")],
)
def test_a_clear_killed_while_committing_is_settled_by_the_next_command(estate, point, outcome):
    child = start_dhub(estate.urls, "seed", "clear", "--confirm", pause_at=point)
    estate.stop(child, point, signal.SIGKILL)
    tables = dhub("db", "tables", "--json")
    assert tables.exit_code == 0, tables.output
    assert estate.prepared() == []
    if outcome == "before":
        assert "Undid the clear interrupted at " in tables.stderr
        assert estate.digest() == estate.before
    else:
        assert "Finished the clear interrupted at " in tables.stderr
        assert all(row["rows"] == 0 for row in json.loads(tables.stdout))


# --- SIGINT and SIGTERM: one true line and 130/143, at every stage ------------------------------


@pytest.mark.parametrize(
    ("point", "stop", "outcome", "message"),
    [
        ("start", signal.SIGINT, "before", "Interrupted: nothing was changed."),  # before the imports
        ("migrate", signal.SIGTERM, "before", "Interrupted: nothing was changed."),
        ("load:employees_db", signal.SIGINT, "before", ROLLED_BACK),
        ("load:accounts_db", signal.SIGTERM, "before", ROLLED_BACK),
        ("load:compliance_db", signal.SIGINT, "before", ROLLED_BACK),
        ("prepare:loans_db", signal.SIGTERM, "before", ROLLED_BACK),  # inside the commit window, undecided
        ("commit:employees_db", signal.SIGINT, "new", None),  # decided: the commit completes first
        ("commit:insurance_db", signal.SIGTERM, "new", None),
    ],
)
def test_a_stopped_seed_says_truly_what_it_left(estate, new, point, stop, outcome, message):
    out, err = estate.stop(seed_all(estate, point), point, stop)
    lines = [line for line in err.splitlines() if not line.startswith("dhub-test:")]
    completed = f"Interrupted: the run had completed: {ALL} hold its data."
    assert lines[-1] == (message or completed), err
    assert "Traceback" not in err
    assert estate.prepared() == []
    assert estate.digest() == (estate.before if outcome == "before" else new)
    if outcome == "new":
        assert out == ""  # the report after the commit was skipped, and said so
    status = dhub("seed", "status").output
    if point.startswith(("load:", "prepare:")):  # the run had recorded its start, so status tells of it
        assert "did not finish and was rolled back" in status


@pytest.mark.parametrize("point", ["load:loans_db", "prepare:accounts_db"])
def test_a_signal_taken_by_another_thread_still_stops_the_run_cleanly(estate, point):
    child = seed_all(estate, point)
    _out, err = estate.stop(child, point, signal.SIGTERM, thread=True)
    assert child.returncode == SIGNAL_EXIT[signal.SIGTERM], err
    assert err.splitlines()[-1] == ROLLED_BACK
    assert estate.digest() == estate.before


def test_a_stop_during_the_closing_verify_says_the_run_is_complete(estate, new):
    child = start_dhub(estate.urls, "seed", "all", "--replace", *NEW_ARGS, pause_at="verify")
    _out, err = estate.stop(child, "verify", signal.SIGINT)
    assert child.returncode == 130, err
    assert err.splitlines()[-1] == (
        f"Interrupted: the run had completed: {ALL} hold its data; the closing verify did not run"
        " (`dhub seed verify` runs it)."
    )
    assert estate.digest() == new


def test_a_stop_while_migrating_names_what_was_migrated(unmigrated):
    child = start_dhub(unmigrated, "db", "migrate", pause_at="migrate:accounts_db")
    _out, err = stop_at(child, "migrate:accounts_db", signal.SIGTERM)
    wait_until_disconnected(unmigrated)
    assert child.returncode == 143, err
    assert err.splitlines()[-1] == ("Interrupted: migrated employees_db, customer_db and left the others as they were.")
    finished = dhub("db", "migrate")
    assert finished.exit_code == 0 and "accounts_db: created, migrated to" in finished.output
    assert "employees_db" not in finished.output


def test_a_stopped_clear_leaves_everything_or_clears_everything(estate):
    child = start_dhub(estate.urls, "seed", "clear", "--confirm", pause_at="prepare:accounts_db")
    out, err = estate.stop(child, "prepare:accounts_db", signal.SIGTERM)
    assert child.returncode == 143
    assert err.splitlines()[-1] == "Interrupted: nothing was cleared; every database is as it was before."
    assert estate.digest() == estate.before
    child = start_dhub(estate.urls, "seed", "clear", "--confirm", pause_at="commit:loans_db")
    out, err = estate.stop(child, "commit:loans_db", signal.SIGINT)
    assert child.returncode == 130
    assert out.startswith("Cleared ")
    assert err.splitlines()[-1] == "Interrupted: the command had already done its work."
    assert estate.prepared() == []


@pytest.mark.parametrize(
    ("point", "message", "printed"),
    [
        ("start", "Interrupted: nothing was changed.", False),  # before anything heavy is imported
        ("exit", "Interrupted: the command had already done its work.", True),  # as the process ends
    ],
)
def test_a_read_only_command_stopped_at_either_end_says_so(estate, point, message, printed):
    child = start_dhub(estate.urls, "seed", "status", pause_at=point)
    out, err = estate.stop(child, point, signal.SIGTERM)
    assert child.returncode == 143
    assert err.splitlines()[-1] == message
    assert ("commits: all databases together" in out) is printed


# --- a server without prepared transactions: the weaker guarantee the README states --------------


def test_status_says_which_commit_guarantee_holds(estate, plain_estate, monkeypatch):
    point_environment(monkeypatch, estate.urls)
    assert "commits: all databases together (two-phase commit)" in dhub("seed", "status").output
    point_environment(monkeypatch, plain_estate.urls)
    server = f"{plain_estate.urls['accounts_db'].host}:{plain_estate.urls['accounts_db'].port}"
    assert (
        f"commits: one database after another, since {server} allows too few prepared transactions"
        in dhub("seed", "status").output
    )


def test_without_prepared_transactions_a_stop_in_the_commit_waits_for_it(plain_estate, new):
    _out, err = plain_estate.stop(seed_all(plain_estate, "commit:accounts_db"), "commit:accounts_db", signal.SIGINT)
    assert err.splitlines()[-1] == f"Interrupted: the run had completed: {ALL} hold its data."
    assert plain_estate.digest() == new


def test_without_prepared_transactions_a_kill_in_the_commit_is_reported(plain_estate, new):
    plain_estate.stop(seed_all(plain_estate, "commit:accounts_db"), "commit:accounts_db", signal.SIGKILL)
    assert "warning: the six databases come from different runs" in dhub("seed", "status").output


# --- readers beside writers: they wait for each other in turn, never deadlock, never fail ---------


def test_verify_waits_for_a_seed_then_checks_what_it_wrote(estate):
    writer = seed_all(estate, "load:accounts_db")
    writer.wait_for("dhub-test: paused at load:accounts_db")
    reader = start_dhub(estate.urls, "seed", "verify", "--tolerance", "100")
    reader.wait_for("Waiting for the dhub command running since ")
    resume(writer)
    assert writer.finish()[1].count("Error") == 0 and writer.returncode == 0
    out, err = reader.finish()
    assert reader.returncode == 0, err
    assert out.splitlines()[-1].endswith("checks passed")


def test_a_seed_waits_for_a_verify_then_runs(estate, new):
    reader = start_dhub(estate.urls, "seed", "verify", "--tolerance", "100", pause_at="verify:locked")
    reader.wait_for("dhub-test: paused at verify:locked")
    writer = seed_all(estate, "")
    writer.wait_for("Waiting for the dhub command reading employees_db since ")
    resume(reader)
    assert reader.finish() and reader.returncode == 0
    _, err = writer.finish()
    assert writer.returncode == 0, err
    assert estate.digest() == new


def test_status_answers_at_once_while_a_seed_writes(estate):
    writer = seed_all(estate, "load:loans_db")
    writer.wait_for("dhub-test: paused at load:loans_db")
    status = dhub("seed", "status")
    resume(writer)
    assert status.exit_code == 0, status.output
    for database in DATABASES:
        assert f"{database}: a dhub command has been writing it since " in status.stdout
    writer.finish()
    assert writer.returncode == 0
