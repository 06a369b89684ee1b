"""The run's parameters and the sampling primitives every generator uses.

All randomness comes from named streams derived from the run's seed, so a table's values depend on
the seed and its own stream names only, never on the order of work. Shares are drawn as exact
quotas (largest remainder) and then shuffled, so a 60% rule gives 60% at any size, not 60% on
average. Times are integers: seconds since the Unix epoch for timestamps, days for dates.
"""

import datetime as dt
import math
import zlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from datahub_seed.clock import DAY, EPOCH, YEAR_DAYS
from datahub_seed.distributions import Range, Weights
from datahub_seed.parameters import BASE_COUNTS


@dataclass(frozen=True)
class Run:
    """What determines the data: the same Run always gives the same rows."""

    seed: int
    as_of: dt.datetime
    customers: int
    employees: int
    scale: float = 1.0
    block: int = 0  # which block of customers this Run generates (see seed.BLOCK_CUSTOMERS)

    @classmethod
    def create(
        cls,
        seed: int,
        as_of: dt.datetime,
        scale: float = 1.0,
        customers: int | None = None,
        employees: int | None = None,
    ) -> "Run":
        """Counts follow ``scale`` (floor, at least 1) unless given explicitly."""
        return cls(
            seed=seed,
            as_of=as_of.replace(microsecond=0),
            customers=customers or scaled(BASE_COUNTS["customers"], scale),
            employees=employees or scaled(BASE_COUNTS["employees"], scale),
            scale=scale,
        )

    def rng(self, name: str) -> np.random.Generator:
        """The random stream called ``name`` (of this block): independent of every other stream."""
        return stream(self.seed, name, self.block)

    @cached_property
    def now(self) -> int:
        """The reference moment in seconds."""
        return int((self.as_of - EPOCH).total_seconds())

    @cached_property
    def today(self) -> int:
        """The reference date in days."""
        return self.now // DAY

    def years_ago(self, years: float) -> int:
        """A moment ``years`` before the reference, in seconds."""
        return self.now - int(years * YEAR_DAYS * DAY)


def stream(seed: int, name: str, block: int = 0) -> np.random.Generator:
    """The random stream called ``name`` of ``seed`` (and of a block of customers other than the first)."""
    return np.random.default_rng([seed, zlib.crc32(name.encode()), *([block] if block else [])])


def scaled(base: int, scale: float) -> int:
    return max(1, math.floor(base * scale))


def quota_counts(probabilities: np.ndarray, n: int) -> np.ndarray:
    """Split ``n`` by ``probabilities`` with the largest-remainder method (sums to n exactly)."""
    exact = probabilities * n
    counts = np.floor(exact).astype(np.int64)
    remainder = n - counts.sum()
    if remainder:
        counts[np.argsort(-(exact - counts), kind="stable")[:remainder]] += 1
    return counts


def fitting_count(rng: np.random.Generator, bounds: Range, weights: Weights, tolerance: float = 0.05) -> int:
    """A count in ``bounds`` whose exact quotas keep every share within ``tolerance`` (SPEC: +-5 points
    for small tables); e.g. 11 campaigns cannot split 40/30/20/10 that closely, 10 can."""
    counts = range(int(bounds.low), int(bounds.high) + 1)
    fitting = [
        n
        for n in counts
        if np.abs(quota_counts(weights.probabilities, n) / n - weights.probabilities).max() <= tolerance
    ]
    return int(rng.choice(fitting or list(counts)))


def categorical(rng: np.random.Generator, weights: Weights, n: int) -> np.ndarray:
    """Indices into ``weights.values``, in exact proportion, shuffled."""
    return rng.permutation(np.repeat(np.arange(len(weights.values)), quota_counts(weights.probabilities, n)))


def exact_flags(rng: np.random.Generator, share: float, n: int) -> np.ndarray:
    """``n`` booleans of which round(share * n) are True, shuffled."""
    flags = np.zeros(n, dtype=bool)
    flags[: round(share * n)] = True
    return rng.permutation(flags)


def integers(rng: np.random.Generator, bounds: Range, n: int) -> np.ndarray:
    """Uniform integers in [low, high], inclusive."""
    return rng.integers(int(bounds.low), int(bounds.high), n, endpoint=True)


def uniform(rng: np.random.Generator, bounds: Range, n: int) -> np.ndarray:
    """Uniform floats in [low, high)."""
    return rng.uniform(bounds.low, bounds.high, n)


def between(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Uniform integers in [low, high] elementwise; ``low`` wherever high < low."""
    low = np.asarray(low, dtype=np.int64)
    span = np.maximum(np.asarray(high, dtype=np.int64) - low, 0)
    return low + np.floor(rng.random(np.shape(low)) * (span + 1)).astype(np.int64)


def cents(dollars: np.ndarray) -> np.ndarray:
    """Dollar amounts rounded half-up to whole cents, as integers."""
    return np.floor(np.asarray(dollars, dtype=float) * 100 + 0.5).astype(np.int64)


def pick(rng: np.random.Generator, options: np.ndarray, n: int) -> np.ndarray:
    """``n`` uniform draws from ``options``."""
    return options[rng.integers(0, len(options), n)]


def scrambled(ids: np.ndarray, digits: int) -> np.ndarray:
    """Distinct ``digits``-digit numbers from distinct ids: a bijection, so unique without retries."""
    space = 9 * 10 ** (digits - 1)
    return 10 ** (digits - 1) + (np.asarray(ids, dtype=np.int64) * 2_654_435_761) % space


def business_numbers(prefix: str, ids: np.ndarray) -> list[str]:
    """Unique, non-sequential business numbers such as LN-48213077, one per id."""
    return [f"{prefix}-{number}" for number in scrambled(ids, 8).tolist()]


def day_to_date(day: int) -> dt.date:
    """The calendar date of a day number (days since the epoch)."""
    return EPOCH.date() + dt.timedelta(days=int(day))


def add_months(days: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The same day of the month ``months`` later (the month's last day when it is shorter)."""
    date = np.asarray(days, dtype="datetime64[D]")
    month = date.astype("datetime64[M]")
    day_of_month = (date - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(months, dtype=np.int64)
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    return (target.astype("datetime64[D]") + np.minimum(day_of_month, length - 1)).astype(np.int64)


def months_between(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whole months from ``start`` to ``end`` (days), counting a month only once its day is reached."""
    s, e = np.asarray(start, dtype="datetime64[D]"), np.asarray(end, dtype="datetime64[D]")
    s_month, e_month = s.astype("datetime64[M]"), e.astype("datetime64[M]")
    months = (e_month - s_month).astype(np.int64)
    s_day = (s - s_month.astype("datetime64[D]")).astype(np.int64)
    e_day = (e - e_month.astype("datetime64[D]")).astype(np.int64)
    return months - (e_day < s_day)


def owners(run: Run, name: str, spec: dict, customers: int) -> np.ndarray:
    """Customer indices owning ``name`` rows: a share of customers hold one, some of them several
    (spec keys share_of_customers, multiple_share, multiple_range)."""
    holders = np.flatnonzero(exact_flags(run.rng(f"{name}.holders"), spec["share_of_customers"], customers))
    several = exact_flags(run.rng(f"{name}.several"), spec["multiple_share"], len(holders))
    counts = np.where(several, integers(run.rng(f"{name}.count"), spec["multiple_range"], len(holders)), 1)
    return np.repeat(holders, counts)
