"""SPEC.md "Integrity": every reference across databases resolves, with the right role and owner."""

import pytest
from spec import rows

from datahub_seed.links import LINKS, TARGETS
from datahub_seed.models import public_tables


def test_every_cross_database_column_is_a_link():
    """Any column whose comment names another database's table must be tagged as a link."""
    linked = {(link.database, link.table, link.column) for link in LINKS}
    for link_database in {link.database for link in LINKS}:
        for table in public_tables(link_database):
            for column in table.columns:
                names_other = any(
                    f"({home}.{target_table}" in (column.comment or "")
                    for home, target_table, _ in TARGETS.values()
                    if home != link_database
                )
                if names_other:
                    assert (link_database, table.name, column.name) in linked, f"{table.name}.{column.name}"
    assert len(LINKS) >= 30


@pytest.mark.parametrize("link", LINKS, ids=lambda link: link.name)
def test_link_resolves(seeded, link):
    home, table, key = TARGETS[link.target]
    existing = {value for (value,) in rows(seeded[home], f"SELECT {key} FROM {table}")}
    values = [value for (value,) in rows(seeded[link.database], f"SELECT {link.column} FROM {link.table}")]
    present = [value for value in values if value is not None]
    assert present, f"{link.name}: no references at all"
    orphans = sorted(set(present) - existing)
    assert orphans == [], f"{link.name}: {len(orphans)} orphans, e.g. {orphans[:5]}"
    if link.roles:
        roles = dict(rows(seeded["employees_db"], "SELECT employee_id, role FROM employees"))
        wrong = sorted({value for value in present if roles[value] not in link.roles})
        assert wrong == [], f"{link.name}: employees without role {link.roles}: {wrong[:5]}"
    if link.owner:
        owners = dict(rows(seeded["accounts_db"], "SELECT account_id, customer_id FROM accounts"))
        pairs = rows(
            seeded[link.database],
            f"SELECT {link.column}, {link.owner} FROM {link.table} WHERE {link.column} IS NOT NULL",
        )
        wrong = [account for account, customer in pairs if owners[account] != customer]
        assert wrong == [], f"{link.name}: accounts of other customers: {wrong[:5]}"


def test_no_future_events(seeded):
    """Every date naming an event is at or before as-of; planned dates may lie after it."""
    planned = {"due_date", "maturity_date", "end_date", "expiry_date", "next_review_date"}
    for database, engine in seeded.items():
        for table in public_tables(database):
            for column in table.columns:
                if column.type.python_type.__name__ in ("date", "datetime") and column.name not in planned:
                    late = rows(engine, f"SELECT count(*) FROM {table.name} WHERE {column.name} > '2026-06-30'")
                    assert late == [(0,)], f"{database}.{table.name}.{column.name}"
