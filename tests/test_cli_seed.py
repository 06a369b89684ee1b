"""`dhub seed all | status | clear` as a user runs them."""

import json

import pytest
from spec import rows, scalar
from sqlalchemy import text

from conftest import dhub
from datahub_seed.config import DATABASES
from datahub_seed.models import public_tables

SMALL = ("--scale", "0.05", "--as-of", "2025-01-31")


def test_seed_all_migrates_then_seeds_and_prints_the_row_table(unmigrated):
    result = dhub("seed", "all", *SMALL)
    assert result.exit_code == 0, result.output
    assert "Seeding 60 customers and 7 employees (seed 42, as of 2025-01-31, scale 0.05)" in result.stderr
    assert "created, migrated to" in result.stderr
    stderr = result.stderr.splitlines()
    announced = stderr.index("Seeding 60 customers and 7 employees (seed 42, as of 2025-01-31, scale 0.05)")
    assert sorted(line.split(":")[0] for line in stderr[announced + 1 :]) == sorted(DATABASES)  # as each starts
    assert all(": loading about " in line and line.endswith(" rows") for line in stderr[announced + 1 :])
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["database", "tables", "rows"]
    assert [line.split()[:2] for line in lines[2:8]] == [
        [database, str(len(public_tables(database)))] for database in DATABASES
    ]
    total = sum(int(line.split()[2].replace(",", "")) for line in lines[2:8])
    assert lines[8].split() == ["total", "34", f"{total:,}"]
    assert lines[9].startswith(f"{total:,} rows in ") and lines[9].endswith(" rows/s)")
    assert len(lines) == 11
    assert lines[-1].startswith("verify: all ") and lines[-1].endswith(
        "(shares are judged from 1,200 customers and 150 employees on)"
    )


def test_verbose_lists_every_table_with_each_databases_subtotal(databases):
    result = dhub("seed", "all", "--verbose", "--no-verify", *SMALL)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["database", "table", "rows"]
    body = [line.split() for line in lines[2:-1]]
    assert body[-1][:3] == ["total", "all", "34"]
    for database in DATABASES:
        own = [row for row in body if row[0] == database]
        assert [row[1] for row in own] == [table.name for table in public_tables(database)] + ["all"]
        assert own[-1][2:] == [
            f"{len(own) - 1}",
            "tables",
            f"{sum(int(row[2].replace(',', '')) for row in own[:-1]):,}",
        ]
    assert len(lines) == 2 + 34 + 6 + 1 + 1


def test_second_run_is_refused_until_replaced_or_cleared(databases, engines):
    assert dhub("seed", "all", *SMALL).exit_code == 0
    before = rows(engines["accounts_db"], "SELECT account_number FROM accounts ORDER BY 1")
    refused = dhub("seed", "all", *SMALL)
    assert refused.exit_code == 1
    assert "Seeding" not in refused.stderr  # the refusal comes before any announcement
    assert refused.output.strip().splitlines()[-1] == (
        "Error: all six databases already hold data; run `dhub seed clear --confirm` first, or pass --replace"
    )
    replaced = dhub("seed", "all", "--replace", "--seed", "8", *SMALL)
    assert replaced.exit_code == 0, replaced.output
    assert rows(engines["accounts_db"], "SELECT account_number FROM accounts ORDER BY 1") != before
    assert rows(engines["accounts_db"], "SELECT seed FROM dhub.seed_runs") == [(8,)]


def test_overrides_change_one_count(databases, engines):
    result = dhub("seed", "all", "--scale", "1", "--customers", "50", "--employees", "7", "--as-of", "2025-01-31")
    assert "Seeding 50 customers and 7 employees" in result.stderr
    verified = result.stdout.splitlines()[-1]  # scale 1 in name only: the counts decide
    assert verified.endswith(" checks passed (shares are judged from 1,200 customers and 150 employees on)")
    assert scalar(engines["accounts_db"], "SELECT count(*) FROM customers") == 50
    assert scalar(engines["employees_db"], "SELECT count(*) FROM employees") == 7


def test_the_largest_seed_is_accepted(databases, engines):
    result = dhub("seed", "all", "--seed", str(2**63 - 1), "--no-verify", *SMALL)
    assert result.exit_code == 0, result.output
    assert rows(engines["accounts_db"], "SELECT seed FROM dhub.seed_runs") == [(2**63 - 1,)]


def test_status_reports_counts_and_the_run(databases):
    empty = dhub("seed", "status")
    assert empty.output.splitlines() == [
        "Every database is empty.",
        "commits: all databases together (two-phase commit); a killed run is finished or undone",
    ]
    dhub("seed", "all", "--seed", "5", "--customers", "70", *SMALL)
    lines = dhub("seed", "status").output.splitlines()
    assert lines[0].startswith("Written ") and lines[0].endswith(" by one run:")
    assert lines[1] == "  seed 5, scale 0.05, 70 customers, 7 employees, as of 2025-01-31"
    assert lines[2].split() == ["database", "table", "rows"]
    assert lines[-2].split()[:4] == ["total", "all", "34", "tables"]
    assert len(lines) == 2 + 2 + 34 + 6 + 1 + 1
    assert max(len(line) for line in lines) <= 100
    states = json.loads(dhub("seed", "status", "--json").output)
    assert [s["database"] for s in states] == list(DATABASES)
    assert all(s["migrated"] and s["last_run"]["seed"] == 5 for s in states)
    assert sum(len(s["counts"]) for s in states) == 34
    assert all(count > 0 for s in states for count in s["counts"].values())


def test_status_of_unmigrated_databases(unmigrated, dhub_server):
    from datahub_seed.schema import create_database

    create_database(unmigrated["loans_db"])
    result = dhub("seed", "status")
    assert result.exit_code == 0, result.output
    assert "loans_db: not migrated (run `dhub db migrate`)" in result.output


def test_clear_needs_confirm_and_keeps_other_tables(databases, engines):
    seeded = dhub("seed", "all", *SMALL).stdout.splitlines()
    written = seeded[8].split()[-1]  # the total line
    with engines["accounts_db"].begin() as connection:
        connection.execute(text("CREATE TABLE my_notes (note text)"))
        connection.execute(text("INSERT INTO my_notes VALUES ('keep me')"))
    refused = dhub("seed", "clear")
    assert refused.exit_code == 2
    assert refused.output == "Error: clear deletes every generated row in all six databases; add --confirm to proceed\n"
    assert scalar(engines["accounts_db"], "SELECT count(*) FROM customers") == 60
    cleared = dhub("seed", "clear", "--confirm")
    assert cleared.exit_code == 0
    assert cleared.output == f"Cleared {written} rows from 6 databases.\n"  # the rows the seed wrote
    assert scalar(engines["accounts_db"], "SELECT count(*) FROM customers") == 0
    assert scalar(engines["accounts_db"], "SELECT count(*) FROM dhub.seed_runs") == 0
    assert rows(engines["accounts_db"], "SELECT note FROM my_notes") == [("keep me",)]
    assert dhub("seed", "all", *SMALL).exit_code == 0


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--scale", "0", "'0' is not allowed; use a finite number > 0"),
        ("--scale", "-1", "'-1' is not allowed; use a finite number > 0"),
        ("--scale", "nan", "'nan' is not allowed; use a finite number > 0"),
        ("--scale", "inf", "'inf' is not allowed; use a finite number > 0"),
        ("--scale", "abc", "'abc' is not a number; use a finite number > 0"),
        ("--scale", "", "'' is not a number; use a finite number > 0"),
        (
            "--scale",
            "1e308",
            "1e308 would give 1.20e+311 customers; at most 10,000,000 are allowed, so use a scale up to 6666.67",
        ),
        (
            "--scale",
            "7000",
            "7000 would give 1,050,000 employees; at most 1,000,000 are allowed, so use a scale up to 6666.67",
        ),
        ("--customers", "0", "0 is not in the range 1<=x<=10000000"),
        ("--customers", "-5", "-5 is not in the range 1<=x<=10000000"),
        ("--customers", "99999999999999", "99999999999999 is not in the range 1<=x<=10000000"),
        ("--customers", "x", "'x' is not a valid integer"),
        ("--employees", "0", "0 is not in the range 1<=x<=1000000"),
        ("--employees", "99999999999999", "99999999999999 is not in the range 1<=x<=1000000"),
        ("--as-of", "2999-01-01", "2999-01-01 is in the future; use today or an earlier date"),
        ("--as-of", "31/01/2025", "'31/01/2025' is not a date; use YYYY-MM-DD"),
        ("--as-of", "1969-12-31", "1969-12-31 is before 1970; use a date from 1970 on"),
        ("--seed", "1.5", "'1.5' is not a valid integer"),
        ("--seed", "-1", "-1 is not in the range 0<=x<=9223372036854775807"),
        ("--seed", "99999999999999999999", "99999999999999999999 is not in the range 0<=x<=9223372036854775807"),
    ],
)
def test_bad_options_are_one_line_usage_errors_and_write_nothing(
    shared_databases, shared_engines, option, value, message
):
    result = dhub("seed", "all", option, value, "--yes")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1 and message in lines[0], result.output
    assert scalar(shared_engines["accounts_db"], "SELECT count(*) FROM customers") == 0


GUIDE_QUERIES = {
    "transactions": ("SELECT transaction_type, COUNT(*) FROM transactions GROUP BY transaction_type", "accounts_db"),
    "channels": ("SELECT channel, COUNT(*) FROM interactions GROUP BY channel", "customer_db"),
    "nps": (
        "SELECT ROUND(AVG(nps_score), 2) as avg_nps, ROUND(AVG(satisfaction_rating), 2) as avg_rating"
        " FROM satisfaction_surveys",
        "customer_db",
    ),
    "campaigns": (
        "SELECT response_type, COUNT(*), SUM(CASE WHEN converted THEN 1 ELSE 0 END) as conversions"
        " FROM campaign_responses GROUP BY response_type",
        "customer_db",
    ),
}


def test_the_guides_verification_queries(databases):
    assert dhub("seed", "all", "--as-of", "2025-01-31").exit_code == 0

    def query(name):
        sql, database = GUIDE_QUERIES[name]
        result = dhub("db", "query", sql, "-d", database, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    kinds = {row["transaction_type"]: row["count"] for row in query("transactions")}
    spending = sum(kinds[k] for k in ("withdrawal", "payment", "fee")) / sum(kinds.values())
    assert abs(spending - 0.70) <= 0.03
    channels = {row["channel"]: row["count"] for row in query("channels")}
    assert abs(channels["phone"] / sum(channels.values()) - 0.30) <= 0.03
    (nps,) = query("nps")
    assert 7 <= float(nps["avg_nps"]) <= 8.5 and 3.5 <= float(nps["avg_rating"]) <= 5
    responses = query("campaigns")
    assert {row["response_type"] for row in responses} <= {"opened", "clicked", "replied", "purchased", "unsubscribed"}
    assert sum(row["conversions"] for row in responses) > 0
    table = dhub("db", "query", GUIDE_QUERIES["channels"][0], "-d", "customer_db")
    assert table.output.splitlines()[0].split() == ["channel", "count"]
