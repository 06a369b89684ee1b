"""`dhub seed verify`: prove, on whatever the six databases hold now, that SPEC.md holds.

Three kinds of check, all computed by PostgreSQL, each declared in its own module:
- ``links``: every reference across databases resolves (with its role, owner and day);
- ``shares``: every share of SPEC.md, against its target in the distribution files;
- ``rules``: every "always" rule SQL can state, with violating rows counted.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.engine import URL

from datahub_seed import stop
from datahub_seed.generate.core import BASE_COUNTS
from datahub_seed.models import SEED_RUNS
from datahub_seed.seed import open_databases
from datahub_seed.verify.check import Check
from datahub_seed.verify.links import link_checks
from datahub_seed.verify.rules import rule_checks
from datahub_seed.verify.shares import share_checks

__all__ = ["Check", "Recorded", "recorded", "verify"]


@dataclass(frozen=True)
class Recorded:
    """What the latest finished run recorded in accounts_db says of the data (an interrupted run
    wrote nothing that stayed); with none, the present and no claim to full size."""

    as_of: dt.datetime
    full_size: bool  # at least scale 1's counts: SPEC states its share tolerances there


def recorded(connections: dict[str, Connection]) -> Recorded:
    runs = SEED_RUNS["accounts_db"]
    last = (
        connections["accounts_db"]
        .execute(
            runs.select()
            .with_only_columns(runs.c.as_of, runs.c.customers, runs.c.employees)
            .where(runs.c.finished_at.is_not(None))
            .order_by(runs.c.run_id.desc())
            .limit(1)
        )
        .first()
    )
    if last is None:
        return Recorded(dt.datetime.now(), False)
    full_size = last.customers >= BASE_COUNTS["customers"] and last.employees >= BASE_COUNTS["employees"]
    return Recorded(last.as_of, full_size)


def verify(
    urls: dict[str, URL],
    tolerance: float | None = None,
    shares: bool | None = None,
    notify: Callable[[str], None] | None = None,
) -> list[Check]:
    """Every check, on the data as it is now, under the shared run lock so a seed or clear in
    progress is waited for; shares when asked, or by default when the data is of full size. Only
    temporary tables are written, and rolled back."""
    with open_databases(urls, lock="shared", notify=notify) as connections:
        stop.pause_point("verify:locked")
        run = recorded(connections)
        checks = link_checks(connections, run.as_of) + rule_checks(connections, run.as_of)
        if shares or (shares is None and run.full_size):
            checks += share_checks(connections, run.as_of, tolerance)
        for connection in connections.values():
            connection.rollback()
    return checks
