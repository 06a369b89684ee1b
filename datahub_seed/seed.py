"""Seeding, clearing and describing the six databases as a whole.

Every database is written in its own transaction, all opened before the first row is generated
and committed only after the last database is loaded, so a failure anywhere leaves every
database as it was.
"""

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection, select, text
from sqlalchemy.engine import URL

from datahub_seed import __version__
from datahub_seed.db import connect, engine_for
from datahub_seed.errors import AlreadySeeded, DatabaseMissing
from datahub_seed.generate import accounts, compliance, customers, employees, insurance, loans
from datahub_seed.generate.core import Run
from datahub_seed.generate.plan import Plan
from datahub_seed.inventory import count_rows
from datahub_seed.load import Progress, load
from datahub_seed.migrate import current_revision, head_revision
from datahub_seed.models import RUNS_SCHEMA, SEED_RUNS, public_tables

# Generation order: each generator may refer to what the earlier ones planned.
GENERATORS = (
    ("employees_db", employees.generate),
    ("accounts_db", accounts.generate),
    ("customer_db", customers.generate),
    ("loans_db", loans.generate),
    ("insurance_db", insurance.generate),
    ("compliance_db", compliance.generate),
)
Notice = Callable[[str], None]


@dataclass
class SeedReport:
    run: Run
    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(sum(tables.values()) for tables in self.rows.values())


@contextmanager
def open_databases(urls: dict[str, URL]) -> Iterator[dict[str, Connection]]:
    """One connection per database, each inside a transaction that the caller commits."""
    with ExitStack() as stack:
        connections = {}
        for database, url in urls.items():
            engine = engine_for(url)
            stack.callback(engine.dispose)
            connections[database] = stack.enter_context(connect(engine, database))
            if current_revision(connections[database]) != head_revision(database):
                raise DatabaseMissing(f"{database} is not migrated to the latest schema; run `dhub db migrate`")
        yield connections


def managed_counts(connection: Connection, database: str) -> dict[str, int]:
    """Rows in each table this tool owns in ``database``, its run records included."""
    counts = count_rows(connection, [table.name for table in public_tables(database)])
    counts["dhub.seed_runs"] = connection.scalar(select(text("count(*)")).select_from(SEED_RUNS[database]))
    return counts


def empty_managed_tables(connection: Connection, database: str) -> None:
    names = ", ".join(f'public."{table.name}"' for table in public_tables(database))
    connection.execute(text(f"TRUNCATE {names}, {RUNS_SCHEMA}.seed_runs RESTART IDENTITY"))


def seed(
    urls: dict[str, URL],
    run: Run,
    *,
    replace: bool = False,
    method: str = "copy",
    progress: Callable[[str, int], Progress] | None = None,
) -> SeedReport:
    """Generate and load every database in ``urls``; all of them or none."""
    report = SeedReport(run)
    started = dt.datetime.now().replace(microsecond=0)
    token = str(uuid.uuid4())
    with open_databases(urls) as connections:
        occupied = [db for db, c in connections.items() if any(managed_counts(c, db).values())]
        if occupied and not replace:
            raise AlreadySeeded(
                f"{', '.join(occupied)} already hold data; run `dhub seed clear --confirm` first, or pass --replace"
            )
        for database in occupied:
            empty_managed_tables(connections[database], database)
        plan = Plan(run)
        accounts.plan_customers(plan)  # first: employees_db assigns relationship managers to customers
        for database, generate in GENERATORS:
            began = time.perf_counter()
            items = generate(plan)
            if database in connections:
                total = sum(len(item) for item in items if hasattr(item, "chunks"))
                report.rows[database] = load(
                    connections[database], database, items, method, progress(database, total) if progress else None
                )
                record_run(connections[database], database, run, token, started)
            report.seconds[database] = time.perf_counter() - began
        for connection in connections.values():
            connection.commit()
    return report


def record_run(connection: Connection, database: str, run: Run, token: str, started: dt.datetime) -> None:
    connection.execute(
        SEED_RUNS[database].insert(),
        {
            "run_token": token,
            "seed": run.seed,
            "scale": run.scale,
            "customers": run.customers,
            "employees": run.employees,
            "as_of": run.as_of,
            "started_at": started,
            "finished_at": dt.datetime.now().replace(microsecond=0),
            "tool_version": __version__,
        },
    )


def clear(urls: dict[str, URL]) -> dict[str, int]:
    """Empty every table this tool owns (schemas and other tables stay); rows removed per database."""
    removed = {}
    with open_databases(urls) as connections:
        for database, connection in connections.items():
            removed[database] = sum(managed_counts(connection, database).values())
            empty_managed_tables(connection, database)
        for connection in connections.values():
            connection.commit()
    return removed


@dataclass
class DatabaseStatus:
    database: str
    exists: bool
    migrated: bool
    counts: dict[str, int]
    last_run: dict | None


def status(urls: dict[str, URL]) -> list[DatabaseStatus]:
    result = []
    for database, url in urls.items():
        engine = engine_for(url)
        try:
            with connect(engine, database) as connection:
                result.append(_status_of(connection, database))
        except DatabaseMissing:
            result.append(DatabaseStatus(database, False, False, {}, None))
        finally:
            engine.dispose()
    return result


def _status_of(connection: Connection, database: str) -> DatabaseStatus:
    if current_revision(connection) != head_revision(database):
        return DatabaseStatus(database, True, False, {}, None)
    counts = count_rows(connection, [table.name for table in public_tables(database)])
    runs = SEED_RUNS[database]
    last = connection.execute(select(runs).order_by(runs.c.run_id.desc()).limit(1)).mappings().first()
    return DatabaseStatus(database, True, True, counts, dict(last) if last else None)
