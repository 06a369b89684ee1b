"""The numbers of SPEC.md are data, checked when loaded."""

import pytest
from spec_targets import SPEC, Between, Values

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


def at(key: str):
    """The entry of distributions/ that a SPEC table key names ("database:section.key.subkey")."""
    database, path = key.split(":")
    found = load(database)
    for part in path.split("."):
        found = found[part]
    return found


def agrees(found, spec) -> bool:
    """Whether a file's entry says what SPEC says (see spec_targets for the table's forms)."""
    if isinstance(spec, Values):
        return set(found.values) == spec
    if isinstance(spec, Between):
        low, high = found if isinstance(found, Range) else (found, found)
        return spec.low <= low <= high <= spec.high
    if isinstance(found, Weights):
        weights = {value: weight for values, weight in spec.items() for value in values.split("|")}
        if set(found.values) != set(weights):
            return False
        shares = {values: sum(found.share(value) for value in values.split("|")) for values in spec}
        return all(abs(shares[values] - weight / sum(spec.values())) < 1e-9 for values, weight in spec.items())
    if isinstance(spec, dict):
        return set(found) == set(spec) and all(agrees(found[key], spec[key]) for key in spec)
    return found == spec


@pytest.mark.parametrize("key", SPEC)
def test_the_files_carry_specs_numbers(key):
    assert agrees(at(key), SPEC[key]), f"{key} is {at(key)}; SPEC.md says {SPEC[key]}"


@pytest.mark.parametrize(
    ("found", "spec"),
    [
        (Weights(("a", "b"), (0.6, 0.4)), {"a": 60, "b": 30}),
        (Weights(("a", "b"), (0.6, 0.4)), {"a": 60, "c": 40}),
        (Weights(("a", "b", "c"), (0.5, 0.3, 0.2)), {"a": 40, "b|c": 60}),
        (Weights(("a", "b"), (0.6, 0.4)), Values({"a"})),
        (Range(0, 60), Between(1, 50)),
        (0.2, Between(0.25, 0.30)),
        (Range(180, 300), (180, 360)),
        ({"x": 0.6}, {"x": 0.5}),
    ],
)
def test_a_file_that_differs_from_spec_is_caught(found, spec):
    assert not agrees(found, spec)
