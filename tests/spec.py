"""Helpers that state SPEC.md's tolerances once, for the rule tests."""

import datetime as dt
from collections.abc import Callable

from spec_targets import SPEC
from sqlalchemy import Engine, text


def rows(engine: Engine, sql: str, **params) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def scalar(engine: Engine, sql: str, **params):
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def tolerance(population: int) -> float:
    """SPEC "Percentages": +-3 percentage points, +-5 for tables under 500 rows."""
    return 0.05 if population < 500 else 0.03


def assert_shares(engine: Engine, table: str, column: str, targets: dict[str, float], where: str = "TRUE") -> None:
    """Each value's share of ``column`` lies within tolerance of its target (targets in percent)."""
    counts = dict(rows(engine, f"SELECT {column}::text, count(*) FROM {table} WHERE {where} GROUP BY 1"))
    total = sum(counts.values())
    assert total > 0, f"{table} has no rows where {where}"
    assert set(counts) <= {str(value) for value in targets}, f"{table}.{column} has unexpected values {counts}"
    weight = sum(targets.values())
    for value, target in targets.items():
        share = counts.get(str(value), 0) / total
        assert abs(share - target / weight) <= tolerance(total), (
            f"{table}.{column}={value}: {share:.3f} vs target {target / weight:.3f} (n={total})"
        )


def assert_share(engine: Engine, part_sql: str, whole_sql: str, target: float) -> None:
    part, whole = scalar(engine, part_sql), scalar(engine, whole_sql)
    assert whole > 0
    assert abs(part / whole - target) <= tolerance(whole), f"{part}/{whole} = {part / whole:.3f}, target {target}"


def assert_none(engine: Engine, sql: str) -> None:
    """``sql`` selects violating rows; there must be none."""
    found = rows(engine, sql)
    assert found == [], f"{len(found)} violations, e.g. {found[:5]}"


def account_open_on(accounts_db) -> Callable[[int, dt.date], bool]:
    """Whether a customer held an account open on a day: SPEC's "when one exists" for a linked
    account, judged on the referring record's day (an account named must be open then)."""
    spans: dict[int, list] = {}
    for customer, opened, closed in rows(accounts_db, "SELECT customer_id, opened_date, closed_date FROM accounts"):
        spans.setdefault(customer, []).append((opened, closed))
    return lambda customer, day: any(o <= day and (c is None or day <= c) for o, c in spans.get(customer, []))


def assert_spec_shares(engine: Engine, table: str, *columns: str) -> None:
    """``assert_shares`` for each column against SPEC's weights for it; ``table`` is "database:table"."""
    for column in columns:
        assert_shares(engine, table.split(":")[1], column, SPEC[f"{table}.{column}"])


# The first digit of a ZIP code names a region of states (USPS); the 50 states and DC are these.
ZIP_REGIONS = {
    "0": "CT MA ME NH NJ RI VT",
    "1": "DE NY PA",
    "2": "DC MD NC SC VA WV",
    "3": "AL FL GA MS TN",
    "4": "IN KY MI OH",
    "5": "IA MN MT ND SD WI",
    "6": "IL KS MO NE",
    "7": "AR LA OK TX",
    "8": "AZ CO ID NM NV UT WY",
    "9": "AK CA HI OR WA",
}
REGION_OF = {state: digit for digit, states in ZIP_REGIONS.items() for state in states.split()}
