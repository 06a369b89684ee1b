"""Seeding, clearing and describing the six databases as a whole.

Every database is written in its own transaction, all opened before the first row is generated
and committed together only after the last database is loaded (``atomic``), so a failure, a
stop or a kill anywhere leaves every database as it was, or, once the commit has been decided,
all of them new. A run holds the run lock in every database (``locks``), so two runs never
interleave, and records its start outside the transaction, so an interrupted run is visible.
"""

import dataclasses
import datetime as dt
import math
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import numpy as np
from sqlalchemy import Connection, select, text
from sqlalchemy.engine import URL

from datahub_seed import __version__, atomic, locks, stop
from datahub_seed.ahead import ReadAhead
from datahub_seed.config import named
from datahub_seed.db import connect, connect_all, engine_for, failures_named
from datahub_seed.errors import AlreadySeeded, ConfigError, DatabaseMissing
from datahub_seed.generate import accounts, compliance, customers, employees, insurance, loans
from datahub_seed.generate.core import BASE_COUNTS, Run
from datahub_seed.generate.plan import REFERRED_ROLES, Plan
from datahub_seed.inventory import count_rows
from datahub_seed.load import AHEAD_BYTES, bulk_load, held_bytes, write, writes
from datahub_seed.models import RUNS_SCHEMA, SEED_RUNS, public_tables
from datahub_seed.schema import check_schema, current_revision, head_revision

# Generation order: each generator may refer to what the earlier ones planned. The global ones run
# once; the others once per block of customers, so memory does not grow with scale.
GLOBAL_GENERATORS = (
    ("employees_db", employees.generate),
    ("customer_db", customers.generate),
    ("compliance_db", compliance.generate),
)
BLOCK_GENERATORS = (
    ("employees_db", employees.generate_block),
    ("accounts_db", accounts.generate_block),
    ("customer_db", customers.generate_block),
    ("loans_db", loans.generate_block),
    ("insurance_db", insurance.generate_block),
    ("compliance_db", compliance.generate_block),
)
T = TypeVar("T")
BLOCK_CUSTOMERS = 10_000  # a constant, so the data never depends on a setting


def blocks(run: Run) -> list[Run]:
    """The run cut into blocks of customers; block 0 has the run's own random streams."""
    sizes = [BLOCK_CUSTOMERS] * (run.customers // BLOCK_CUSTOMERS)
    if run.customers % BLOCK_CUSTOMERS or not sizes:
        sizes.append(run.customers % BLOCK_CUSTOMERS)
    return [dataclasses.replace(run, block=index, customers=size) for index, size in enumerate(sizes)]


def transaction_ids(plan: Plan, block_runs: list[Run]) -> list[np.ndarray]:
    """Transaction ids per block, ranked by time across all blocks ("ids increase with time across the
    table"): a first pass that keeps only a key of each transaction's time and account, 8 bytes apiece."""
    counters = dict(plan.next_id)  # the customer and account ids the blocks will get
    keys = []
    for run in block_runs:
        block = Plan(run, branches=plan.branches, staff=plan.staff, next_id=counters)
        accounts.plan_customers(block)
        time, account = accounts.transaction_keys(block, accounts.account_frame(block))
        keys.append(time * 2**32 + account)  # by time, then account (ids are INTEGER, below 2**32)
    sizes = [len(key) for key in keys]
    key = np.concatenate(keys)
    del keys  # what is held at once is what bounds the run's peak memory
    order = np.argsort(key, kind="stable")
    del key
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = plan.ids("transactions", len(order))
    return np.split(rank, np.cumsum(sizes)[:-1])


def frames(run: Run) -> Iterator[tuple[str, list]]:
    """(database, rows to load) in generation order: the global tables, then block after block."""
    plan = Plan(run)
    for database, generate in GLOBAL_GENERATORS:
        yield database, generate(plan)
    block_runs = blocks(run)
    ranked = transaction_ids(plan, block_runs)
    for block_run, ids in zip(block_runs, ranked, strict=True):
        block = plan.for_block(block_run)
        block.transaction_ids = ids
        accounts.plan_customers(block)  # first: employees_db assigns relationship managers to customers
        for database, generate in BLOCK_GENERATORS:
            yield database, generate(block)


@dataclass
class SeedReport:
    run: Run
    rows: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(sum(tables.values()) for tables in self.rows.values())


@contextmanager
def open_databases(
    urls: dict[str, URL],
    lock: Literal["exclusive", "shared"] | None = None,
    notify: Callable[[str], None] | None = None,
) -> Iterator[dict[str, Connection]]:
    """One connection per database, each inside a transaction that the caller commits, holding the
    run lock until they close: ``exclusive`` for a command that writes, ``shared`` for one that reads."""
    with ExitStack() as stack:
        connections = connect_all(stack, urls)
        for database, connection in connections.items():
            if lock == "exclusive":
                locks.take_exclusive(connection, database, notify)
            elif lock == "shared":
                locks.take_shared(connection, notify)
            if current_revision(connection) != head_revision(database):
                raise DatabaseMissing(f"{database} is not migrated to the latest schema; run `dhub db migrate`")
            check_schema(connection, database)
        yield connections


def data_rows(connection: Connection, database: str) -> int:
    """Rows in the tables this tool fills in ``database`` (its run records not counted)."""
    return sum(count_rows(connection, [table.name for table in public_tables(database)]).values())


def holds_data(connection: Connection, database: str) -> bool:
    """Whether ``database`` holds rows of ours, or the record of a run that finished there: one
    query that stops at the first row it finds, however large the tables."""
    tables = [f'SELECT FROM public."{table.name}"' for table in public_tables(database)]
    tables.append(f"SELECT FROM {RUNS_SCHEMA}.seed_runs WHERE finished_at IS NOT NULL")
    return bool(connection.scalar(text("SELECT " + " OR ".join(f"EXISTS ({table})" for table in tables))))


def empty_managed_tables(connection: Connection, database: str) -> None:
    names = ", ".join(f'public."{table.name}"' for table in public_tables(database))
    connection.execute(text(f"TRUNCATE {names}, {RUNS_SCHEMA}.seed_runs RESTART IDENTITY"))


def occupied(urls: dict[str, URL]) -> list[str]:
    """The databases of ``urls`` that hold rows of ours or a finished run's record, as read now,
    all at once, without waiting behind a command that writes (``seed`` checks again under its lock)."""
    held = ask_each(urls, _occupied, lambda database: False)
    return [database for database, holds in zip(urls, held, strict=True) if holds]


def _occupied(connection: Connection, database: str) -> bool:
    if not locks.try_shared(connection) or current_revision(connection) != head_revision(database):
        return False  # busy, or not migrated: `seed` finds out under its lock
    check_schema(connection, database)
    return holds_data(connection, database)


def ask_each(urls: dict[str, URL], ask: Callable[[Connection, str], T], missing: Callable[[str], T]) -> list[T]:
    """``ask`` of every database at once, each on a connection of its own; ``missing(database)``
    for one that does not exist."""

    def one(database: str, url: URL) -> T:
        engine = engine_for(url)
        try:
            with connect(engine, database) as connection:
                return ask(connection, database)
        except DatabaseMissing:
            return missing(database)
        finally:
            engine.dispose()

    with ThreadPoolExecutor(len(urls), thread_name_prefix="dhub-ask") as pool:
        return list(pool.map(one, urls.keys(), urls.values()))


def refuse_occupied(databases: list[str]) -> None:
    if databases:
        verb = "holds" if len(databases) == 1 else "hold"
        raise AlreadySeeded(
            f"{named(databases)} already {verb} data; run `dhub seed clear --confirm` first, or pass --replace"
        )


def check_staffing(run: Run) -> None:
    """Refuse a run with fewer employees than the roles other databases refer to: some references
    could name nobody with the role SPEC requires."""
    needed = len(REFERRED_ROLES)
    if run.employees < needed:
        lowest_scale = math.ceil(needed / BASE_COUNTS["employees"] * 1000) / 1000
        raise ConfigError(
            f"{run.employees} employee{'s' if run.employees != 1 else ''} cannot staff the {needed} roles other"
            f" databases refer to ({', '.join(REFERRED_ROLES)}); ask for {needed} employees or more,"
            f" or a scale of {lowest_scale:g} or more"
        )


def seed(
    urls: dict[str, URL],
    run: Run,
    *,
    replace: bool = False,
    method: str = "copy",
    progress: Callable[[str, int], None] | None = None,
    notify: Callable[[str], None] | None = None,
) -> SeedReport:
    """Generate and load every database in ``urls``: all of them, or none (``stop.Stopped``, ``DhubError``).
    ``notify`` hears the run announced once nothing refuses it; ``progress(database, rows)`` hears of
    every chunk written."""
    check_staffing(run)
    report = SeedReport(run)
    token = str(uuid.uuid4())
    started = dt.datetime.now().replace(microsecond=0)
    with open_databases(urls, lock="exclusive", notify=notify) as connections, ExitStack() as running:
        try:
            occupied = [db for db, c in connections.items() if holds_data(c, db)]
            if not replace:
                refuse_occupied(occupied)
            # Generating from here on, beside the preparation below; not before: a refused run
            # would first wait for the generator's current step, seconds at a large scale.
            generating = running.enter_context(
                ReadAhead(writes(frames(run), urls.keys(), method), AHEAD_BYTES, held_bytes)
            )
            mark_started(urls, run, token, started)  # only a run that goes ahead is recorded
            for database in occupied:
                with failures_named(database):
                    empty_managed_tables(connections[database], database)
            if notify:
                notify(announcement(run))
            with bulk_load(connections):
                for step in generating:
                    if isinstance(step, str):  # a database's group begins
                        stop.pause_point(f"load:{step}")
                        stop.checkpoint()
                        continue
                    stop.checkpoint()
                    with failures_named(step.database):
                        rows = write(connections[step.database], step)
                    if rows:
                        tables = report.rows.setdefault(step.database, {})
                        tables[step.item.table.name] = tables.get(step.item.table.name, 0) + rows
                        if progress:
                            progress(step.database, rows)
            for database, connection in connections.items():
                with failures_named(database):
                    record_run(connection, database, run, token, started)
            atomic.commit_together(connections, "seed", token)
        except stop.Stopped as stopped:
            raise stopped.told(f"rolled back {named(urls)}; every database is as it was before") from None
    return report


def announcement(run: Run) -> str:
    return (
        f"Seeding {run.customers:,} customers and {run.employees:,} employees"
        f" (seed {run.seed}, as of {run.as_of:%Y-%m-%d}, scale {run.scale:g})"
    )


ESTIMATE_SAMPLE_CUSTOMERS = 300
# Disk use, measured on the embedded PostgreSQL 18 with its default settings (2026-11-25):
# - a freshly migrated database takes 8.03 MB (pg_database_size), nearly all of it the catalog
#   copied from template1;
# - tables and indexes take 191 bytes a row at scale 1 (84,072 rows) and 160 at scale 10
#   (857,011 rows): pg_database_size after the seed minus before, the larger figure kept;
# - WAL written (pg_current_wal_lsn() before and after the seed) is 221 bytes a row at scale 1 and
#   201 at scale 10. Checkpoints recycle WAL even inside the run's transactions, so what stays on
#   disk is bounded by max_wal_size: 1 GB, PostgreSQL's default, which the embedded server keeps.
SCHEMA_BYTES = 8_030_000
DATA_BYTES_PER_ROW = 191
WAL_BYTES_PER_ROW = 221
MAX_WAL_BYTES = 2**30
ROWS_PER_SECOND = 250_000  # end to end from scale 10 on: 260,000 to 330,000 in `make bench` (README "Performance")


def estimate(run: Run) -> dict[str, int]:
    """Rows per database that ``run`` will write: a small run generated in memory, scaled up."""
    factor = max(1.0, run.customers / ESTIMATE_SAMPLE_CUSTOMERS)
    sample = dataclasses.replace(
        run, customers=min(run.customers, ESTIMATE_SAMPLE_CUSTOMERS), employees=max(1, round(run.employees / factor))
    )
    rows: dict[str, int] = {}
    for database, items in frames(sample):
        rows[database] = rows.get(database, 0) + sum(len(item) for item in items if hasattr(item, "chunks"))
    return {database: round(count * factor) for database, count in rows.items()}


@dataclass
class DiskNeed:
    """Bytes a run needs on the server's disk, by what takes them."""

    data: int  # tables and indexes
    wal: int
    schema: int  # databases still to be created

    @property
    def total(self) -> int:
        return self.data + self.wal + self.schema


def disk_need(rows: int, new_databases: int) -> DiskNeed:
    """What ``rows`` rows take on disk, with ``new_databases`` databases still to create."""
    return DiskNeed(
        rows * DATA_BYTES_PER_ROW, min(rows * WAL_BYTES_PER_ROW, MAX_WAL_BYTES), new_databases * SCHEMA_BYTES
    )


def mark_started(urls: dict[str, URL], run: Run, token: str, started: dt.datetime) -> None:
    """Record the run's start outside its transaction, so `status` can tell an interrupted run."""
    with ExitStack() as stack:
        for database, connection in connect_all(stack, urls, autocommit=True).items():
            connection.execute(SEED_RUNS[database].insert(), run_row(run, token, started, finished=False))


def record_run(connection: Connection, database: str, run: Run, token: str, started: dt.datetime) -> None:
    """Inside the run's transaction: its start record becomes a complete one."""
    runs = SEED_RUNS[database]
    connection.execute(runs.delete().where(runs.c.run_token == token))
    connection.execute(runs.insert(), run_row(run, token, started, finished=True))


def run_row(run: Run, token: str, started: dt.datetime, finished: bool) -> dict:
    return {
        "run_token": token,
        "seed": run.seed,
        "scale": run.scale,
        "customers": run.customers,
        "employees": run.employees,
        "as_of": run.as_of,
        "started_at": started,
        "finished_at": dt.datetime.now().replace(microsecond=0) if finished else None,
        "tool_version": __version__,
    }


def clear(urls: dict[str, URL], notify: Callable[[str], None] | None = None) -> dict[str, int]:
    """Empty every table this tool owns (schemas and other tables stay), in every database or
    none; rows removed per database."""
    removed = {}
    with open_databases(urls, lock="exclusive", notify=notify) as connections:
        try:
            for database, connection in connections.items():
                stop.checkpoint()
                with failures_named(database, "nothing was cleared"):
                    removed[database] = data_rows(connection, database)
                    empty_managed_tables(connection, database)
            atomic.commit_together(connections, "clear", str(uuid.uuid4()))
        except stop.Stopped as stopped:
            raise stopped.told("nothing was cleared; every database is as it was before") from None
    return removed


@dataclass
class DatabaseStatus:
    database: str
    exists: bool
    migrated: bool
    counts: dict[str, int]
    last_run: dict | None  # the latest run started, complete or not
    last_complete: dict | None  # the latest run that committed
    server: str = ""  # host:port, and that server's max_prepared_transactions: see ``atomic``
    max_prepared_transactions: int = 0
    busy_since: str | None = None  # a dhub command writing it since then, so nothing was read


def status(urls: dict[str, URL]) -> list[DatabaseStatus]:
    """What each database holds and which run wrote it; never waits behind a command that writes.
    The databases are asked at once, each on a connection of its own."""
    return ask_each(urls, _status_of, lambda database: DatabaseStatus(database, False, False, {}, None, None))


def _status_of(connection: Connection, database: str) -> DatabaseStatus:
    server, limit = atomic.server_limit(connection)
    if not locks.try_shared(connection):
        busy = locks.holder_since(connection)
        return DatabaseStatus(database, True, True, {}, None, None, server, limit, busy)
    if current_revision(connection) != head_revision(database):
        return DatabaseStatus(database, True, False, {}, None, None, server, limit)
    check_schema(connection, database)
    counts = count_rows(connection, [table.name for table in public_tables(database)])
    runs = SEED_RUNS[database]
    latest = select(runs).order_by(runs.c.run_id.desc()).limit(1)
    last = connection.execute(latest).mappings().first()
    complete = connection.execute(latest.where(runs.c.finished_at.is_not(None))).mappings().first()
    return DatabaseStatus(
        database,
        True,
        True,
        counts,
        dict(last) if last is not None else None,
        dict(complete) if complete is not None else None,
        server,
        limit,
    )
