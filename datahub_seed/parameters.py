"""What a seed run can be asked for: its counts at scale 1, its limits, its default seed and its
load methods, and the checks of a scale and an as-of date. Free of numpy and SQLAlchemy, so that
`dhub seed all --help` shows them and its usage errors are found without loading the generators."""

import datetime as dt
import math
from decimal import Decimal

from datahub_seed.distributions import load
from datahub_seed.errors import ConfigError

BASE_COUNTS = {**load("employees_db")["base_counts"], **load("accounts_db")["base_counts"]}
# The largest runs we allow, so that every id fits its column. Most ids are INTEGER (< 2**31): at
# these maxima the largest such tables have at most 5 interactions and 3 accounts per customer (50
# and 30 million rows); transactions (at most 3 accounts x 21, so 630 million) would fit even there.
MAX_COUNTS = {"customers": 10_000_000, "employees": 1_000_000}
DEFAULT_SEED = 42
MAX_SEED = 2**63 - 1  # dhub.seed_runs.seed is BIGINT, and numpy's seeds are >= 0
METHODS = ("copy", "orm")  # how datahub_seed.load writes: COPY, or the ORM's portable bulk insert


def check_scale(factor: float, shown: str) -> None:
    """Refuse a scale that is not a finite number > 0 or would exceed ``MAX_COUNTS``; ``shown`` is
    the scale as the user wrote it."""
    if not math.isfinite(factor) or factor <= 0:
        raise ConfigError(f"{shown!r} is not allowed; use a finite number > 0, e.g. 0.1 or 5")
    for kind, most in MAX_COUNTS.items():
        count = math.floor(Decimal(factor) * BASE_COUNTS[kind])  # exact, even for 1e308
        if count > most:
            gives = f"{count:,}" if count < 10**15 else f"{Decimal(count):.2e}"
            largest = min(limit / BASE_COUNTS[name] for name, limit in MAX_COUNTS.items())
            raise ConfigError(
                f"{shown} would give {gives} {kind}; at most {most:,} are allowed, so use a scale up to {largest:g}"
            )


def check_as_of(day: dt.date, shown: str) -> None:
    """Refuse a reference date in the future (nothing could have happened yet) or before 1970."""
    if day > dt.date.today():
        raise ConfigError(f"{shown} is in the future; use today or an earlier date")
    if day.year < 1970:
        raise ConfigError(f"{shown} is before 1970; use a date from 1970 on")
