"""The numbers of SPEC.md as data: one TOML file per database, read and checked once.

Conventions that the loader turns into types (and checks):
- a table whose values are all numbers is a set of weights -> ``Weights`` (every weight > 0);
- a key ending in ``_range`` is an inclusive ``Range`` (low <= high), or a table of them;
- a key ending in ``_share`` is a fraction in [0, 1], or a table of them;
- tables named ``*_counts``, ``*_per_year`` or ``*_years`` are plain numbers, not weights.
"""

import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Weights:
    """Categories and their weights as written, in the file's order; their probabilities are
    computed by numpy on first use (the factories' import does not load numpy)."""

    values: tuple[str, ...]
    weights: tuple[float, ...]

    @cached_property
    def probabilities(self) -> "np.ndarray":
        import numpy as np

        weights = np.array(self.weights, dtype=float)
        return weights / weights.sum()

    def __len__(self) -> int:
        return len(self.values)

    def share(self, value: str) -> float:
        return float(self.probabilities[self.values.index(value)])


class Range(NamedTuple):
    low: float
    high: float


class DistributionError(ValueError):
    """A distributions file breaks its own conventions (a packaging bug, not a user error)."""


PLAIN_SUFFIXES = ("_share", "_range", "_counts", "_per_year", "_years")


def _convert(key: str, value: Any, where: str) -> Any:
    path = f"{where}.{key}"
    if key.endswith("_range"):
        if isinstance(value, dict):
            return {name: _convert(key, bounds, path) for name, bounds in value.items()}
        if len(value) != 2 or value[0] > value[1]:
            raise DistributionError(f"{path} must be [low, high] with low <= high")
        return Range(*value)
    if key.endswith("_share"):
        shares = value.values() if isinstance(value, dict) else [value]
        if not all(0 <= share <= 1 for share in shares):
            raise DistributionError(f"{path} must lie in [0, 1]")
        return value
    if isinstance(value, dict):
        numeric = value and all(isinstance(v, int | float) for v in value.values())
        if numeric and not key.endswith(PLAIN_SUFFIXES):
            if any(weight <= 0 for weight in value.values()):
                raise DistributionError(f"{path}: every weight must be positive")
            return Weights(tuple(value), tuple(float(weight) for weight in value.values()))
        return {name: _convert(name, item, path) for name, item in value.items()}
    return value


@cache
def load(database: str) -> dict[str, Any]:
    """The checked distributions of one database, e.g. ``load("accounts_db")["accounts"]["account_status"]``."""
    text = resources.files(__package__).joinpath(f"{database}.toml").read_text()
    return {key: _convert(key, value, database) for key, value in tomllib.loads(text).items()}
