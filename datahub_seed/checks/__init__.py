"""`dhub seed verify`: prove, on whatever the six databases hold now, that SPEC.md holds.

Three kinds of check, all computed by PostgreSQL, each declared in its own module:
- ``links``: every reference across databases resolves (with its role, owner and day);
- ``shares``: every share of SPEC.md, against its target in the distribution files;
- ``rules``: every "always" rule SQL can state, with violating rows counted.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection
from sqlalchemy.engine import URL

from datahub_seed import stop
from datahub_seed.checks.check import Check
from datahub_seed.checks.links import link_checks, links_outside
from datahub_seed.checks.rules import rule_checks
from datahub_seed.checks.shares import share_checks
from datahub_seed.config import CHECK_KINDS
from datahub_seed.errors import ConfigError
from datahub_seed.estate import open_databases
from datahub_seed.generate.core import BASE_COUNTS
from datahub_seed.models import SEED_RUNS

__all__ = ["Check", "Recorded", "VerifyReport", "recorded", "verify"]


# Why a smaller run's shares are left out: SPEC states their tolerances for scale 1's counts.
SMALL_RUN = (
    f"shares are judged from {BASE_COUNTS['customers']:,} customers and {BASE_COUNTS['employees']:,} employees on"
)


@dataclass(frozen=True)
class Recorded:
    """What the latest finished run recorded (in accounts_db, or else the first database given)
    says of the data (an interrupted run wrote nothing that stayed); with none, the present and no
    claim to full size."""

    as_of: dt.datetime
    full_size: bool  # at least scale 1's counts: SPEC states its share tolerances there


def recorded(connections: dict[str, Connection]) -> Recorded:
    database = "accounts_db" if "accounts_db" in connections else next(iter(connections))
    runs = SEED_RUNS[database]
    last = (
        connections[database]
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


@dataclass
class VerifyReport:
    """Every check that ran, and the kinds asked for but left out, each with the reason."""

    checks: list[Check]
    left_out: dict[str, str] = field(default_factory=dict)

    @property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]

    @property
    def passed(self) -> bool:
        return not self.failed


def verify(
    urls: dict[str, URL],
    kinds: Iterable[str] = CHECK_KINDS,
    tolerance: float | None = None,
    notify: Callable[[str], None] | None = None,
) -> VerifyReport:
    """The checks of ``kinds`` on the data as it is now, under the shared run lock so a seed or
    clear in progress is waited for. Shares are judged from scale 1's counts on, where SPEC states their
    tolerances, or at any size when a ``tolerance`` is given. With some databases only, the checks
    that need another one are left out. Only temporary tables are written, and rolled back."""
    kinds = set(kinds)
    unknown = kinds - set(CHECK_KINDS)
    if unknown:
        raise ConfigError(f"unknown check kind {sorted(unknown)[0]!r}; choose from: {', '.join(CHECK_KINDS)}")
    with open_databases(urls, lock="shared", notify=notify) as connections:
        stop.pause_point("verify:locked")
        run = recorded(connections)
        report = VerifyReport([])
        if "links" in kinds:
            report.checks += link_checks(connections, run.as_of)
            if outside := links_outside(connections):
                report.left_out["links"] = f"{len(outside)} links with the other databases not checked"
        if "rules" in kinds:
            report.checks += rule_checks(connections, run.as_of)
        if "shares" in kinds and (tolerance is not None or run.full_size):
            report.checks += share_checks(connections, run.as_of, tolerance)
        elif "shares" in kinds:
            report.left_out["shares"] = SMALL_RUN
        for connection in connections.values():
            connection.rollback()
    return report
