"""`dhub db migrate | tables | query` as a user runs them, errors included."""

import json

import pytest
from sqlalchemy import text

from conftest import dhub
from datahub_seed.config import DATABASES


def test_migrate_creates_the_six_databases_then_changes_nothing(unmigrated):
    first = dhub("db", "migrate")
    assert first.exit_code == 0, first.output
    assert [line.split(":")[0] for line in first.output.splitlines()] == list(DATABASES)
    assert all("created, migrated to" in line for line in first.output.splitlines())
    second = dhub("db", "migrate")
    assert second.exit_code == 0
    assert second.output == "All six databases are up to date; nothing changed.\n"


def test_tables_lists_34_tables_with_counts(databases, engines):
    with engines["accounts_db"].begin() as connection:
        connection.execute(
            text(
                "INSERT INTO customers (first_name, last_name, date_of_birth, email, phone, address, city, state,"
                " postal_code, created_at) VALUES ('A', 'B', '1980-01-01', 'a@b.c', '1', 'x', 'y', 'NY', '1',"
                " '2020-01-01')"
            )
        )
    result = dhub("db", "tables")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "34 tables, 1 rows"
    assert "alembic_version" not in result.output
    rows = json.loads(dhub("db", "tables", "--json").output)
    assert len(rows) == 34
    assert {"database": "accounts_db", "table": "customers", "rows": 1} in rows
    assert {row["database"] for row in rows} == set(DATABASES)


def test_query_prints_an_aligned_table_and_json(shared_databases):
    result = dhub("db", "query", "SELECT 1 AS one, 'x' AS letter", "-d", "accounts_db")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["one  letter", "---  ------", "  1  x", "(1 row)"]
    as_json = dhub("db", "query", "SELECT 2 AS two", "-d", "loans_db", "--json")
    assert json.loads(as_json.output) == [{"two": 2}]


def test_query_prints_numbers_as_they_can_be_pasted_back(shared_databases):
    statement = "SELECT 18620 AS id, 12.50::numeric(10,2) AS amount, 'x' AS note, '\\x0a1b'::bytea AS raw"
    result = dhub("db", "query", statement, "-d", "loans_db")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "   id  amount  note  raw",
        "-----  ------  ----  ------",
        "18620   12.50  x     \\x0a1b",
        "(1 row)",
    ]
    assert json.loads(dhub("db", "query", statement, "-d", "loans_db", "--json").output)[0]["raw"] == "\\x0a1b"


def test_a_statement_without_rows_says_what_it_did(databases):
    statements = "CREATE TABLE scratch (x int); INSERT INTO scratch VALUES (1), (2); DELETE FROM scratch WHERE x = 1"
    result = dhub("db", "query", statements, "-d", "accounts_db", "--write")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["CREATE TABLE: done", "INSERT: 2 rows", "DELETE: 1 row"]


def test_query_is_read_only_unless_write_is_given(databases, engines):
    statement = "CREATE TABLE scratch (x int)"
    refused = dhub("db", "query", statement, "-d", "accounts_db")
    assert refused.exit_code == 1
    assert refused.output == "Error: refused: CREATE TABLE is not a read; pass --write to allow it\n"
    allowed = dhub("db", "query", statement, "-d", "accounts_db", "--write")
    assert allowed.exit_code == 0, allowed.output
    with engines["accounts_db"].connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM pg_tables WHERE tablename = 'scratch'")) == 1


def one_line_error(result, exit_code: int = 1) -> str:
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_unknown_database_is_named_with_the_choices(shared_databases):
    line = one_line_error(dhub("db", "query", "select 1", "-d", "nosuch_db"), exit_code=2)
    assert line == f"Error: unknown database 'nosuch_db'; choose one of: {', '.join(DATABASES)}"


def test_syntax_error_is_one_line(shared_databases):
    line = one_line_error(dhub("db", "query", "selec 1", "-d", "accounts_db"))
    assert line == 'Error: cannot parse the query: syntax error at or near "selec"'


def test_wrong_password_is_refused_without_showing_it(dhub_server, password_role_url):
    url = password_role_url.set(password="wrong-secret-123")
    line = one_line_error(dhub("db", "query", "select 1", "-d", "accounts_db", "--url", url.render_as_string(False)))
    assert line.startswith(f"Error: cannot connect to accounts_db at {dhub_server.host}:{dhub_server.port}: ")
    assert "password authentication failed" in line
    assert "wrong-secret-123" not in line


def test_missing_database_says_to_migrate(unmigrated):
    line = one_line_error(dhub("db", "query", "select 1", "-d", "accounts_db"))
    url = unmigrated["accounts_db"]
    assert line == (
        f"Error: database {url.database} does not exist on {url.host}:{url.port}; run `dhub db migrate` first"
    )


def test_unreachable_host_is_one_line():
    line = one_line_error(
        dhub("db", "query", "select 1", "-d", "accounts_db", "--url", "postgresql://u:hunter2@127.0.0.1:1")
    )
    assert line.startswith("Error: cannot connect to accounts_db at 127.0.0.1:1: ")
    assert "Connection refused" in line
    assert "hunter2" not in line


def test_unknown_host_is_one_line():
    line = one_line_error(
        dhub("db", "query", "select 1", "-d", "accounts_db", "--url", "postgresql://u:hunter2@no-such-host.invalid")
    )
    assert 'could not translate host name "no-such-host.invalid"' in line
    assert "hunter2" not in line


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://u:hunter2@h/", "Error: --url must be a postgresql:// URL, not http://"),
        ("postgresql://u:hunter2@h:port", "Error: --url has an invalid port"),
        ("::", "Error: --url is not a valid URL (expected postgresql://user:password@host:port)"),
    ],
)
def test_invalid_url_is_one_line(url, message):
    assert one_line_error(dhub("db", "query", "select 1", "-d", "accounts_db", "--url", url), exit_code=2) == message
