"""Issue 11: our schema follows the public schema the original guide was written for, and an estate
at the first revision moves to it with its data (`dhub db migrate`), and back.

``data/original-columns.tsv`` is a copy of that schema's column list (database, table, column,
type, nullable), kept in the project so the tests need nothing outside it."""

import csv
import datetime as dt
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from conftest import dhub
from datahub_seed import estate, schema
from datahub_seed.generate.core import Run

ORIGINAL = Path(__file__).parent / "data" / "original-columns.tsv"
# The kind of each type, as PostgreSQL's information_schema names it (and the TSV writes it).
KINDS = {
    "date": "date",
    "timestamp": "timestamp",
    "numeric": "numeric",
    "text": "text",
    "character varying": "text",
    "varchar": "text",
    "boolean": "boolean",
    "integer": "integer",
    "bigint": "integer",
    "smallint": "integer",
}


def kind(type_name: str) -> str:
    return next(k for prefix, k in KINDS.items() if type_name.lower().startswith(prefix))


def an_id(column: str) -> bool:
    """A reference or key, where our integer may stand for their VARCHAR id."""
    return column.endswith(("_id", "_by")) or column == "assigned_to"


def original_columns() -> list[dict[str, str]]:
    with ORIGINAL.open(newline="") as file:
        return list(csv.DictReader(file, delimiter="\t"))


def test_every_column_of_the_public_schema_exists_with_its_kind_after_db_migrate(unmigrated):
    migrated = dhub("db", "migrate")
    assert migrated.exit_code == 0, migrated.output
    listed = original_columns()
    assert len(listed) == 290
    wrong = []
    for database, url in unmigrated.items():
        engine = schema.engine_for(url)
        with engine.connect() as connection:
            ours = {
                (table, column): data_type
                for table, column, data_type in connection.execute(
                    text(
                        "SELECT table_name, column_name, data_type FROM information_schema.columns"
                        " WHERE table_schema = 'public'"
                    )
                )
            }
        engine.dispose()
        for row in (row for row in listed if row["database"] == database):
            found = ours.get((row["table"], row["column"]))
            if found is None:
                wrong.append(f"{database}.{row['table']}.{row['column']} is missing")
            elif kind(found) != kind(row["type"]) and not (
                kind(found) == "integer" and kind(row["type"]) == "text" and an_id(row["column"])
            ):
                wrong.append(f"{database}.{row['table']}.{row['column']} is {found}, theirs {row['type']}")
    assert wrong == []


def first_revision(database: str) -> str:
    base = ScriptDirectory.from_config(schema.alembic_config(database)).get_base()
    assert base is not None, f"{database} has no revisions"
    return base


def table_rows(engines) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's column names in order and its rows, ordered by key."""
    result = {}
    for database, engine in engines.items():
        inspector = inspect(engine)
        with engine.connect() as connection:
            for table in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
                columns = [column["name"] for column in inspector.get_columns(table)]
                result[f"{database}.{table}"] = (
                    columns,
                    list(connection.execute(text(f"SELECT * FROM {table} ORDER BY 1"))),
                )
    return result


def test_a_seeded_estate_moves_to_head_with_every_row_and_back(databases, engines):
    """Seeded at head, taken back to the first revision, moved forward again by `dhub db migrate`:
    the columns the first revision has (which come first in every table, renamed or not) hold the
    same rows, what the second revision renamed is back under the first revision's names on the
    way, and verify passes on the result (the CRM's copy is filled again from accounts_db)."""
    estate.seed(databases, Run.create(3, dt.datetime(2025, 6, 30), 0.05))
    head = table_rows(engines)
    for database, url in databases.items():
        schema.downgrade(database, url, first_revision(database))
    first = table_rows(engines)
    assert "status" in first["accounts_db.accounts"][0] and "account_status" not in first["accounts_db.accounts"][0]
    assert "amount" in first["accounts_db.transactions"][0]
    moved = dhub("db", "migrate")
    assert moved.exit_code == 0, moved.output
    assert "customer_db: copied 60 customers' name, email, phone and address from accounts_db" in moved.output
    again = table_rows(engines)
    assert again.keys() == head.keys() == first.keys()
    for table, (columns, rows) in first.items():
        kept = len(columns)
        assert [row[:kept] for row in again[table][1]] == [row[:kept] for row in head[table][1]], table
        assert len(again[table][1]) == len(rows) == len(head[table][1]), table
    verified = dhub("seed", "verify", "--tolerance", "100")  # shares wander at scale 0.05
    assert verified.exit_code == 0, verified.output


# The original guide's "Quick Verification Queries", exactly as it prints them.
GUIDE_QUERIES = [
    ("SELECT transaction_type, COUNT(*) FROM transactions GROUP BY transaction_type", "accounts_db", 6),
    ("SELECT channel, COUNT(*) FROM interactions GROUP BY channel", "customer_db", 5),
    (
        "SELECT ROUND(AVG(nps_score), 2) as avg_nps, ROUND(AVG(satisfaction_rating), 2) as avg_rating"
        " FROM satisfaction_surveys",
        "customer_db",
        1,
    ),
    (
        "SELECT response_type, COUNT(*), SUM(CASE WHEN converted THEN 1 ELSE 0 END) as conversions"
        " FROM campaign_responses GROUP BY response_type",
        "customer_db",
        5,
    ),
]


def test_the_guides_verification_queries_run_as_written(databases):
    estate.seed(databases, Run.create(3, dt.datetime(2025, 6, 30), 0.5))
    for sql, database, expected_rows in GUIDE_QUERIES:
        result = dhub("db", "query", sql, "-d", database)
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[-1] == f"({expected_rows} row{'s' if expected_rows > 1 else ''})", sql
