"""SPEC.md "Scale": scaled counts, overrides, and counts that follow their parents."""

import datetime as dt

import pytest

from datahub_seed.estate import frames
from datahub_seed.generate.core import Run

AS_OF = dt.datetime(2026, 1, 1)


@pytest.mark.parametrize(
    ("scale", "customers", "employees"),
    [(1.0, 1200, 150), (0.05, 60, 7), (0.1, 120, 15), (5.0, 6000, 750), (0.0001, 1, 1), (100, 120_000, 15_000)],
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
