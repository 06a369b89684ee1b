"""SPEC.md "Scale": scaled counts, overrides, and counts that follow their parents."""

import datetime as dt

import pytest
from spec import scalar
from spec_targets import MEASURED, SPEC

from datahub_seed.estate import frames
from datahub_seed.generate.core import Run
from datahub_seed.models import public_tables

AS_OF = dt.datetime(2026, 1, 1)


@pytest.mark.parametrize(
    ("scale", "customers", "employees"),
    [
        (1.0, SPEC["accounts_db:base_counts.customers"], SPEC["employees_db:base_counts.employees"]),
        (0.05, MEASURED["scale 0.05 customers"], MEASURED["scale 0.05 employees"]),
        (0.1, 120, 15),
        (5.0, 6000, 750),
        (0.0001, 1, 1),
        (100, 120_000, 15_000),
    ],
)
def test_counts_follow_the_scale(scale, customers, employees):
    run = Run.create(1, AS_OF, scale)
    assert (run.customers, run.employees) == (customers, employees)


def test_overrides_replace_one_count_and_keep_the_other_on_scale():
    assert (Run.create(1, AS_OF, 1.0, customers=500).customers, Run.create(1, AS_OF, 1.0, customers=500).employees) == (
        500,
        150,
    )
    assert Run.create(1, AS_OF, 0.5, employees=100).customers == 600
    both = Run.create(1, AS_OF, 3.0, customers=1000, employees=100)
    assert (both.customers, both.employees) == (1000, 100)


def generated(run: Run) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, items in frames(run):
        for item in items:
            if hasattr(item, "chunks"):
                counts[item.table.name] = counts.get(item.table.name, 0) + len(item)
    return counts


def test_fixed_tables_do_not_scale_and_the_rest_follows_customers():
    small, large = generated(Run.create(3, AS_OF, 0.5)), generated(Run.create(3, AS_OF, 2.0))
    assert small["departments"] == large["departments"] == 12
    assert 16 <= small["training_programs"] <= 20
    assert 10 <= large["campaigns"] <= 15
    for table in ("accounts", "transactions", "interactions", "complaints"):
        assert 3.4 <= large[table] / small[table] <= 4.6, table


def test_tiny_scale_still_generates_consistent_rows():
    counts = generated(Run.create(3, AS_OF, 0.0001))
    assert counts["customers"] == 1 and counts["employees"] == 1


def table_rows(run: Run, *tables: str) -> dict[str, list[dict]]:
    """The rows of ``tables`` that ``run`` generates, in memory."""
    found: dict[str, list[dict]] = {table: [] for table in tables}
    for _, items in frames(run):
        for item in items:
            if hasattr(item, "chunks") and item.table.name in found:
                found[item.table.name] += item.python_rows()
    return found


def test_compliance_rules_reports_and_branch_codes_stay_fixed_at_scale_0_1_and_5():
    """SPEC "Scale": compliance_rules (15-20) and branch codes (15-20) are fixed; regulatory reports
    are each type for each quarter of the last 2 years, at any scale."""
    tables = ("compliance_rules", "regulatory_reports", "employees", "employee_assignments", "accounts")
    small, large = table_rows(Run.create(3, AS_OF, 0.1), *tables), table_rows(Run.create(3, AS_OF, 5.0), *tables)
    assert (len(small["employees"]), len(large["employees"])) == (15, 750)  # the runs do differ in size
    low, high = SPEC["compliance_db:compliance_rules.count_range"]
    assert low <= len(small["compliance_rules"]) == len(large["compliance_rules"]) <= high
    reports = SPEC["compliance_db:regulatory_reports.quarters"] * len(
        SPEC["compliance_db:regulatory_reports.report_types"]
    )
    assert len(small["regulatory_reports"]) == len(large["regulatory_reports"]) == reports

    def branch_codes(generated: dict[str, list[dict]]) -> set[str]:
        return {
            row["branch_code"]
            for table in ("employees", "employee_assignments", "accounts")
            for row in generated[table]
            if row["branch_code"] is not None
        }

    low, high = SPEC["employees_db:base_counts.branch_codes_range"]
    # Even scale 0.1's few employees and accounts use the whole list, and scale 5 uses no other code.
    assert low <= len(branch_codes(small)) <= high
    assert branch_codes(large) == branch_codes(small)


def test_scale_one_gives_roughly_85000_rows_most_of_them_installments(seeded):
    """SPEC "Scale": "Scale 1.0 gives roughly 85,000 rows, most of them monthly loan installments"
    (the seeded estate: scale 1.0). Installments are read as the largest part, by far: see docs/data.md."""
    counts = {
        f"{database}.{table.name}": scalar(engine, f"SELECT count(*) FROM {table.name}")
        for database, engine in seeded.items()
        for table in public_tables(database)
    }
    total = sum(counts.values())
    assert MEASURED["rows at scale 1"].low <= total <= MEASURED["rows at scale 1"].high, total
    largest, second = sorted(counts.values(), reverse=True)[:2]
    assert counts["loans_db.repayment_schedule"] == largest >= 2 * second, counts
