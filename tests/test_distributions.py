"""The numbers of SPEC.md are data, checked when loaded."""

import pytest

from datahub_seed.config import DATABASES
from datahub_seed.distributions import DistributionError, Range, Weights, _convert, load


@pytest.mark.parametrize("database", DATABASES)
def test_every_file_loads_and_its_weights_are_probabilities(database):
    def walk(value):
        if isinstance(value, Weights):
            assert abs(value.probabilities.sum() - 1) < 1e-9 and (value.probabilities > 0).all()
        elif isinstance(value, Range):
            assert value.low <= value.high
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(load(database))


def test_spec_numbers_are_the_files_numbers():
    accounts = load("accounts_db")["accounts"]
    assert accounts["account_type"].share("checking") == 0.50
    assert accounts["share_of_customers"] == 0.75
    assert load("customer_db")["interactions"]["per_customer"].share("0") == 0.20
    assert load("loans_db")["loans"]["term_months_range"]["mortgage"] == Range(180, 360)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("status", {"active": 90, "closed": 0}, "every weight must be positive"),
        ("status", {"active": 90, "closed": -3}, "every weight must be positive"),
        ("amount_range", [10, 5], "must be \\[low, high\\] with low <= high"),
        ("amount_range", [1, 2, 3], "must be \\[low, high\\]"),
        ("flagged_share", 1.5, "must lie in \\[0, 1\\]"),
    ],
)
def test_broken_numbers_are_refused(key, value, message):
    with pytest.raises(DistributionError, match=message):
        _convert(key, value, "test_db")
