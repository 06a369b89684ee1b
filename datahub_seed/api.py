"""The library's public functions: what `dhub` does, for a program or another test suite.

Each takes a ``target``: a server URL, meaning all six databases under their own names on that
server, or a mapping of database name to URL, meaning those databases only. Like every `dhub`
command, each first finishes or undoes whatever a killed run left half committed there. They
print nothing; what they would say goes to the ``datahub_seed`` logger. Failures raise
``DhubError`` subclasses with a one-line message.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL

from datahub_seed.config import CHECK_KINDS, DATABASES, database_urls, parse_url, url_text
from datahub_seed.errors import ConfigError

if TYPE_CHECKING:
    from datahub_seed.checks import VerifyReport
    from datahub_seed.estate import SeedReport

# The modules below load numpy, Alembic and the generators: they are imported where they are used,
# so that importing the package (as `dhub --help` and the factories do) stays quick.

Target = str | URL | Mapping[str, str | URL]
log = logging.getLogger("datahub_seed")


def target_urls(target: Target) -> dict[str, URL]:
    """The URL of every database ``target`` names, in dhub's order, with what a killed run left settled."""
    from datahub_seed import atomic

    if not isinstance(target, str | URL | Mapping):
        raise ConfigError(
            f"the target must be a server URL or a mapping of database name to URL, not {type(target).__name__}"
        )
    if isinstance(target, Mapping):
        urls = database_urls(target)
    else:
        server = parse_url(url_text(target), "the target URL")
        if server.database not in (None, "", "postgres"):
            raise ConfigError(
                f"the target URL names a server for all six databases, so it takes no database name "
                f"({server.database}); give a mapping of database name to URL to place each one"
            )
        urls = {name: server.set(database=name) for name in DATABASES}
    atomic.settle(urls, log.info)
    return urls


def migrate(target: Target) -> list[str]:
    """Create the databases that do not exist and upgrade each to the latest schema; the names of
    those that changed."""
    from datahub_seed.schema import migrate_all

    return migrate_all(target_urls(target), log.info)


def seed(
    target: Target,
    *,
    scale: float = 1.0,
    seed: int | None = None,
    as_of: dt.date | None = None,
    customers: int | None = None,
    employees: int | None = None,
    replace: bool = False,
) -> "SeedReport":
    """Fill migrated databases with one run's data, all of them or none, and return a
    ``SeedReport`` (rows per table). The same seed, as-of and counts give the same rows. ``as_of``
    defaults to today; ``seed`` to dhub's default, 42. Data already there is refused unless
    ``replace``."""
    from datahub_seed import estate
    from datahub_seed.generate.core import Run
    from datahub_seed.parameters import DEFAULT_SEED, MAX_COUNTS, MAX_SEED, check_as_of, check_scale

    if not _is_number(scale, float):
        raise ConfigError(f"scale must be a number, not {type(scale).__name__}")
    check_scale(scale, str(scale))
    seed = DEFAULT_SEED if seed is None else seed
    if not _is_number(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ConfigError(f"seed must be a whole number from 0 to {MAX_SEED}, not {seed!r}")
    for kind, count in (("customers", customers), ("employees", employees)):
        if count is not None and (not _is_number(count, int) or not 1 <= count <= MAX_COUNTS[kind]):
            raise ConfigError(f"{kind} must be a whole number from 1 to {MAX_COUNTS[kind]:,}, not {count!r}")
    if as_of is not None and not isinstance(as_of, dt.date):
        raise ConfigError(f"as_of must be a datetime.date or datetime.datetime, not {type(as_of).__name__}")
    day = as_of or dt.date.today()
    check_as_of(day.date() if isinstance(day, dt.datetime) else day, day.isoformat())
    moment = day if isinstance(day, dt.datetime) else dt.datetime.combine(day, dt.time())
    run = Run.create(seed, moment, scale, customers, employees)
    estate.check_staffing(run)
    return estate.seed(target_urls(target), run, replace=replace, notify=log.info)


def verify(target: Target, *, checks: Iterable[str] = CHECK_KINDS, tolerance: float | None = None) -> "VerifyReport":
    """Run the checks of the kinds named on the data as it is now and return a ``VerifyReport``
    (``.passed``, ``.failed``, ``.checks``). Shares are judged from scale 1's counts on, or at any size
    with a ``tolerance`` (a fraction: 0.03 is 3 points); with some databases only, the checks that
    need another are left out."""
    from datahub_seed import checks as checking

    if isinstance(checks, str) or not checks:
        raise ConfigError(f"checks must name one kind or more, e.g. {CHECK_KINDS!r}, not {checks!r}")
    if tolerance is not None and not (_is_number(tolerance, float) and 0 <= tolerance <= 1):
        raise ConfigError(f"tolerance must be a fraction from 0 to 1 (0.03 is 3 points), not {tolerance!r}")
    return checking.verify(target_urls(target), checks, tolerance, log.info)


def _is_number(value: object, kind: type) -> bool:
    """An int (for ``int``) or an int or float (for ``float``), never a bool; NaN is not a number."""
    allowed = int if kind is int else int | float
    return isinstance(value, allowed) and not isinstance(value, bool) and value == value


def clear(target: Target) -> dict[str, int]:
    """Empty every table dhub owns, in every database of ``target`` or none; rows removed per database."""
    from datahub_seed import estate

    return estate.clear(target_urls(target), log.info)
