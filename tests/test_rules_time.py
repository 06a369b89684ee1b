"""SPEC.md "Time": history reaches back at most 10 years, and as-of is by default the moment
generation starts (read as today's midnight: `dhub seed all` without `--as-of`)."""

import datetime as dt

from spec import rows, scalar
from spec_targets import MEASURED

from conftest import AS_OF, dhub
from datahub_seed.config import DATABASES
from datahub_seed.models import public_tables

# Not history: a customer's birth (SPEC: 18-85 years old) is not an event the bank recorded.
NOT_HISTORY = {("accounts_db", "customers", "date_of_birth")}


def dated_columns(database: str) -> list[tuple[str, str]]:
    return [
        (table.name, column.name)
        for table in public_tables(database)
        for column in table.columns
        if column.type.python_type in (dt.date, dt.datetime) and (database, table.name, column.name) not in NOT_HISTORY
    ]


def test_history_reaches_back_at_most_ten_years_in_every_dated_column(seeded):
    """SPEC: "History reaches back at most 10 years", for every date and timestamp of all six databases."""
    years = MEASURED["history reaches back at most years"]
    earliest = AS_OF.replace(year=AS_OF.year - years)
    too_old, checked = [], 0
    for database in DATABASES:
        for table, column in dated_columns(database):
            first = scalar(seeded[database], f"SELECT min({column}) FROM {table}")
            assert first is not None, f"{database}.{table}.{column} is never set: nothing checked"
            checked += 1
            if not isinstance(first, dt.datetime):
                first = dt.datetime.combine(first, dt.time())
            if first < earliest:
                too_old.append((f"{database}.{table}.{column}", first))
    assert too_old == [], f"before {earliest:%Y-%m-%d}: {too_old}"
    assert checked >= 50  # every dated column of the 34 tables, not a few of them
    # The ten years are history that is there: the first hires are from the start of them.
    assert (
        scalar(seeded["employees_db"], "SELECT min(hire_date) FROM employees")
        < (earliest + dt.timedelta(days=366)).date()
    )


def test_without_as_of_the_reference_is_todays_midnight(engines):
    """SPEC: as-of is "by default the moment generation starts"; dhub takes that day's midnight."""
    before = dt.date.today()
    result = dhub("seed", "all", "--scale", "0.05", "--no-verify")
    after = dt.date.today()
    assert result.exit_code == 0, result.output
    midnights = {dt.datetime.combine(day, dt.time()) for day in (before, after)}
    for database, engine in engines.items():
        (as_of,) = rows(engine, "SELECT as_of FROM dhub.seed_runs")[0]
        assert as_of in midnights, (database, as_of)
    assert any(f"as of {day:%Y-%m-%d}, scale 0.05)" in result.stderr for day in (before, after)), result.stderr
    # The data is of that day: nothing happens after it.
    last = scalar(engines["accounts_db"], "SELECT max(transaction_date) FROM transactions")
    assert last is not None and last <= max(midnights)
