"""Where databases live: option over per-database variable over server variable."""

import pytest
from spec import rows

from conftest import dhub
from datahub_seed.config import DATABASES, configured_urls, database_env, parse_url, safe
from datahub_seed.errors import ConfigError
from datahub_seed.schema import head_revision


def test_nothing_configured_means_embedded(monkeypatch):
    for name in ["DHUB_DATABASE_URL", *(f"DHUB_{db.upper()}_URL" for db in DATABASES)]:
        monkeypatch.delenv(name, raising=False)
    assert configured_urls() == dict.fromkeys(DATABASES)


def test_server_variable_names_every_database(monkeypatch):
    monkeypatch.setenv("DHUB_DATABASE_URL", "postgresql://u:p@db.example:6543")
    urls = configured_urls()
    assert {url.database for url in urls.values()} == set(DATABASES)
    assert {(url.host, url.port) for url in urls.values()} == {("db.example", 6543)}


def test_database_variable_overrides_server_and_option_overrides_both(monkeypatch):
    monkeypatch.setenv("DHUB_DATABASE_URL", "postgresql://u@a:1")
    monkeypatch.setenv("DHUB_LOANS_DB_URL", "postgresql://u@b:2/other_loans")
    assert configured_urls()["loans_db"].database == "other_loans"
    assert configured_urls()["accounts_db"].host == "a"
    assert configured_urls("postgresql://u@c:3")["loans_db"].host == "c"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not a url", "is not a valid URL"),
        ("mysql://u:secret@h/db", "must be a postgresql:// URL, not mysql://"),
        ("postgresql://u:secret@h:notaport/db", "has an invalid port"),
    ],
)
def test_bad_urls_are_named_without_their_password(text, message):
    with pytest.raises(ConfigError, match=message) as raised:
        parse_url(text, "--url")
    assert "secret" not in str(raised.value.message)


def test_safe_masks_the_password():
    assert "secret" not in safe(parse_url("postgresql://u:secret@h/db", "x"))


def test_an_option_libpq_does_not_know_is_one_line():
    result = dhub("db", "tables", "--url", "postgresql://u:secret@127.0.0.1:1?foo=bar")
    assert result.exit_code == 2
    assert result.output == 'Error: --url is not usable: invalid connection option "foo"\n'


def test_a_database_url_without_a_database_is_refused(monkeypatch):
    monkeypatch.setenv("DHUB_ACCOUNTS_DB_URL", "postgresql://u:secret@127.0.0.1:5432")
    result = dhub("db", "tables", "--only", "accounts_db")
    assert result.exit_code == 2
    assert result.output == (
        "Error: DHUB_ACCOUNTS_DB_URL names no database; add one, e.g. postgresql://u@127.0.0.1:5432/accounts_db\n"
    )


@pytest.mark.parametrize("command", [("seed", "all"), ("seed", "status"), ("db", "migrate"), ("seed", "verify")])
def test_some_database_urls_without_the_rest_are_refused(databases, monkeypatch, command):
    """Five of six DHUB_<NAME>_URL set must not put the sixth on the embedded server."""
    monkeypatch.delenv("DHUB_COMPLIANCE_DB_URL")
    result = dhub(*command)
    assert result.exit_code == 2
    assert result.output == (
        "Error: DHUB_COMPLIANCE_DB_URL is not set while other DHUB_<NAME>_URL are; set it too, "
        "set DHUB_DATABASE_URL for the rest, or pass --only "
        "employees_db,customer_db,accounts_db,loans_db,insurance_db\n"
    )


def test_only_names_known_databases():
    result = dhub("seed", "status", "--only", "accounts_db,bank_db")
    assert result.exit_code == 2
    assert result.output == (
        "Error: unknown database 'bank_db'; choose one of: employees_db, customer_db, accounts_db, loans_db, "
        "insurance_db, compliance_db\n"
    )


def test_only_seeds_and_verifies_those_databases(databases, engines, monkeypatch):
    monkeypatch.delenv("DHUB_EMPLOYEES_DB_URL")
    monkeypatch.delenv("DHUB_COMPLIANCE_DB_URL")
    result = dhub("seed", "all", "--scale", "0.05", "--only", "accounts_db,loans_db", "--as-of", "2026-01-31")
    assert result.exit_code == 0, result.output
    verified = result.stdout.splitlines()[-1]
    assert verified.startswith("verify: all ") and " links with the other databases not checked" in verified
    counts = {db: rows(engine, "SELECT count(*) FROM dhub.seed_runs")[0][0] for db, engine in engines.items()}
    assert counts == {db: int(db in ("accounts_db", "loans_db")) for db in DATABASES}


def test_two_databases_at_the_same_place_are_refused(databases, monkeypatch):
    monkeypatch.setenv("DHUB_LOANS_DB_URL", databases["accounts_db"].render_as_string(hide_password=False))
    result = dhub("seed", "all", "--scale", "0.05")
    assert result.exit_code == 2
    url = databases["accounts_db"]
    assert result.output == (
        f"Error: accounts_db and loans_db both point at database {url.database} on {url.host}:{url.port}; "
        "give each its own database\n"
    )


def test_a_database_holding_another_databases_history_is_refused(databases, monkeypatch):
    swapped = {"accounts_db": databases["loans_db"], "loans_db": databases["accounts_db"]}
    for database, url in swapped.items():
        monkeypatch.setenv(database_env(database), url.render_as_string(hide_password=False))
    result = dhub("db", "migrate")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: accounts_db: database {databases['loans_db'].database} holds dhub's loans_db schema "
        f"(revision {head_revision('loans_db')}); point accounts_db at a database of its own\n"
    )


def test_a_server_url_naming_a_database_is_a_usage_error():
    result = dhub("db", "tables", "--url", "postgresql://u:secret@127.0.0.1:1/somedb")
    assert result.exit_code == 2
    assert result.output == (
        "Error: --url names a server for all six databases, so it takes no database name (somedb);"
        " use DHUB_<NAME>_URL to place one database\n"
    )
