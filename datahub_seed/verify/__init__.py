"""`dhub seed verify`: prove, on whatever the six databases hold now, that SPEC.md holds.

Three kinds of check, all computed by PostgreSQL, each declared in its own module:
- ``links``: every reference across databases resolves (with its role, owner and day);
- ``shares``: every share of SPEC.md, against its target in the distribution files;
- ``rules``: every "always" rule SQL can state, with violating rows counted.
"""

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection
from sqlalchemy.engine import URL

from datahub_seed import stop
from datahub_seed.models import SEED_RUNS
from datahub_seed.seed import open_databases
from datahub_seed.verify.check import Check
from datahub_seed.verify.links import link_checks
from datahub_seed.verify.rules import rule_checks
from datahub_seed.verify.shares import share_checks

__all__ = ["Check", "recorded_as_of", "verify"]


def recorded_as_of(connections: dict[str, Connection]) -> dt.datetime:
    """The as-of of the latest finished run recorded in accounts_db (an interrupted one wrote
    nothing that stayed), or now when none finished."""
    runs = SEED_RUNS["accounts_db"]
    as_of = connections["accounts_db"].scalar(
        runs.select()
        .with_only_columns(runs.c.as_of)
        .where(runs.c.finished_at.is_not(None))
        .order_by(runs.c.run_id.desc())
        .limit(1)
    )
    return as_of or dt.datetime.now()


def verify(
    urls: dict[str, URL],
    tolerance: float | None = None,
    shares: bool = True,
    notify: Callable[[str], None] | None = None,
) -> list[Check]:
    """Every check (shares only if asked), on the data as it is now, under the shared run lock so a
    seed or clear in progress is waited for. Only temporary tables are written, and rolled back."""
    with open_databases(urls, lock="shared", notify=notify) as connections:
        stop.pause_point("verify:locked")
        as_of = recorded_as_of(connections)
        checks = link_checks(connections, as_of) + rule_checks(connections, as_of)
        if shares:
            checks += share_checks(connections, as_of, tolerance)
        for connection in connections.values():
            connection.rollback()
    return checks
