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

from datahub_seed.config import CHECK_KINDS, DATABASES, check_database_name, distinct, parse_url
from datahub_seed.errors import ConfigError

if TYPE_CHECKING:
    from datahub_seed.checks import VerifyReport
    from datahub_seed.estate import SeedReport

# The modules below load numpy, Alembic and the generators: they are imported where they are used,
# so that importing the package (as `dhub --help` and the factories do) stays quick.

Target = str | URL | Mapping[str, str | URL]
log = logging.getLogger("datahub_seed")


def _text(url: str | URL) -> str:
    return url if isinstance(url, str) else url.render_as_string(hide_password=False)


def target_urls(target: Target) -> dict[str, URL]:
    """The URL of every database ``target`` names, in dhub's order, with what a killed run left settled."""
    from datahub_seed import atomic

    if isinstance(target, Mapping):
        for name in target:
            check_database_name(name)
        if not target:
            raise ConfigError("the target names no database; give a server URL or a mapping of database name to URL")
        urls = {name: parse_url(_text(target[name]), f"the URL for {name}") for name in DATABASES if name in target}
        for name, url in urls.items():
            if not url.database:
                raise ConfigError(f"the URL for {name} names no database; add one, e.g. .../{name}")
        urls = distinct(urls)
    else:
        server = parse_url(_text(target), "the target URL")
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
    from datahub_seed.generate.core import DEFAULT_SEED, MAX_COUNTS, MAX_SEED, Run, check_as_of, check_scale

    check_scale(scale, str(scale))
    seed = DEFAULT_SEED if seed is None else seed
    if not 0 <= seed <= MAX_SEED:
        raise ConfigError(f"seed {seed} is out of range; use 0 to {MAX_SEED}")
    for kind, count in (("customers", customers), ("employees", employees)):
        if count is not None and not 1 <= count <= MAX_COUNTS[kind]:
            raise ConfigError(f"{kind}={count} is out of range; use 1 to {MAX_COUNTS[kind]:,}")
    day = as_of or dt.date.today()
    check_as_of(day.date() if isinstance(day, dt.datetime) else day, day.isoformat())
    moment = day if isinstance(day, dt.datetime) else dt.datetime.combine(day, dt.time())
    run = Run.create(seed, moment, scale, customers, employees)
    estate.check_staffing(run)
    return estate.seed(target_urls(target), run, replace=replace, notify=log.info)


def verify(target: Target, *, checks: Iterable[str] = CHECK_KINDS, tolerance: float | None = None) -> "VerifyReport":
    """Run the checks of the kinds named on the data as it is now and return a ``VerifyReport``
    (``.passed``, ``.failed``, ``.checks``). Shares are judged from scale 1 on, or at any size
    with a ``tolerance`` (a fraction: 0.03 is 3 points); with some databases only, the checks that
    need another are left out."""
    from datahub_seed import checks as checking

    return checking.verify(target_urls(target), checks, tolerance, log.info)


def clear(target: Target) -> dict[str, int]:
    """Empty every table dhub owns, in every database of ``target`` or none; rows removed per database."""
    from datahub_seed import estate

    return estate.clear(target_urls(target), log.info)
