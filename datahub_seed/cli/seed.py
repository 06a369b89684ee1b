"""`dhub seed`: fill, describe and empty the six databases."""

from __future__ import annotations

import ctypes
import datetime as dt
import shutil
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from datahub_seed import stop
from datahub_seed.cli.options import HelpGroup, chosen, json_option, target_urls, url_option
from datahub_seed.cli.output import count_table, echo_json, notify, render_table
from datahub_seed.config import DATABASES, configured_urls, named, uses_embedded
from datahub_seed.errors import ConfigError, Declined, DhubError, TooLarge
from datahub_seed.parameters import DEFAULT_SEED, MAX_COUNTS, MAX_SEED, METHODS, check_as_of, check_scale

if TYPE_CHECKING:
    from datahub_seed.checks import VerifyReport
    from datahub_seed.checks.check import Check
    from datahub_seed.estate import DatabaseStatus, DiskNeed

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
MMAP_THRESHOLD_BYTES = 1 << 20  # a chunk's arrays stay in the heap for reuse; a block's go back
WIDTH = 100  # columns the reports fit in
INDENT = " " * 13  # where a check's name starts
ANNOUNCE_ROWS = 1_000_000  # issue 6: say what a run this large will cost
CONFIRM_ROWS = 50_000_000  # and ask before one this large


class Scale(click.ParamType):
    name = "FACTOR"

    def convert(self, value, param, ctx):
        try:
            factor = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number; use a finite number > 0, e.g. 0.1 or 5", param, ctx)
        try:
            check_scale(factor, value)
        except ConfigError as error:
            self.fail(error.message, param, ctx)
        return factor


class AsOf(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.datetime):
            return value
        try:
            day = dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a date; use YYYY-MM-DD", param, ctx)
        try:
            check_as_of(day, value)
        except ConfigError as error:
            self.fail(error.message, param, ctx)
        return dt.datetime.combine(day, dt.time())


@click.group(cls=HelpGroup)
def seed() -> None:
    """Generate, inspect and clear the banking data."""


@seed.command(name="all")
@click.option("--scale", type=Scale(), default=1.0, show_default=True, help="Size multiplier (any finite number > 0).")
@click.option(
    "--customers",
    type=click.IntRange(1, MAX_COUNTS["customers"]),
    help="Number of customers (overrides --scale for them).",
)
@click.option(
    "--employees",
    type=click.IntRange(1, MAX_COUNTS["employees"]),
    help="Number of employees (overrides --scale for them).",
)
@click.option(
    "--seed",
    "seed_value",
    type=click.IntRange(0, MAX_SEED),
    default=DEFAULT_SEED,
    show_default=True,
    help="Random seed.",
)
@click.option("--as-of", type=AsOf(), help="Reference date: nothing happens after it. [default: today]")
@click.option("--replace", is_flag=True, help="Empty databases that hold data, then seed them.")
@click.option(
    "--loader", type=click.Choice(METHODS), default="copy", show_default=True, help="copy, or the portable ORM path."
)
@click.option("--no-verify", is_flag=True, help="Skip the integrity and distribution check after seeding.")
@click.option("--yes", is_flag=True, help=f"Do not ask before writing more than {CONFIRM_ROWS:,} rows.")
@click.option("-v", "--verbose", is_flag=True, help="List the rows of every table, not only of every database.")
@url_option
def seed_all(scale, customers, employees, seed_value, as_of, replace, loader, no_verify, yes, verbose, url) -> None:
    """Fill all six databases (migrating them first if needed).

    \b
    Example:
      dhub seed all --scale 0.1 --seed 7 --as-of 2025-12-31 --replace
    """
    # Imported here, not at the top: help and usage errors stay fast without numpy and SQLAlchemy.
    from datahub_seed import estate
    from datahub_seed.cli.progress import LoadProgress
    from datahub_seed.generate.core import Run
    from datahub_seed.schema import migrate_all

    return_freed_memory()
    run = Run.create(seed_value, as_of or dt.datetime.combine(dt.date.today(), dt.time()), scale, customers, employees)
    estate.check_staffing(run)
    rows = estate.estimate(run)
    estimate = {database: rows[database] for database in configured_urls(url, chosen())}
    need = check_disk(estimate, url)  # before the embedded server starts
    urls = target_urls(url)
    if not replace:
        estate.refuse_occupied(estate.occupied(urls))  # before the run is announced or confirmed
    confirm_size(estimate, need, yes)
    migrate_all(urls, notify, adopt=replace)
    started = time.perf_counter()
    with LoadProgress(estimate, tenths=sum(estimate.values()) > ANNOUNCE_ROWS) as progress:
        report = estate.seed(urls, run, replace=replace, method=loader, progress=progress.advance, notify=notify)
    seconds = time.perf_counter() - started
    try:  # the run is committed: a stop from here on skips only the report and the verify
        stop.checkpoint()
        click.echo(count_table(in_table_order(report.rows), tables=verbose))
        click.echo(f"{report.total_rows:,} rows in {seconds:.1f}s ({report.total_rows / seconds:,.0f} rows/s)")
        if not no_verify:
            closing_verify(urls)
    except stop.Stopped as stopped:
        skipped = "" if no_verify else "; the closing verify did not run (`dhub seed verify` runs it)"
        raise stopped.told(f"the run had completed: {named(urls)} hold its data{skipped}") from None


def return_freed_memory() -> None:
    """Have glibc map and unmap large blocks (numpy's arrays) rather than keep them in its heap
    once freed: by default it raises that threshold with each such block freed, and a run's peak
    memory grows by what it keeps (10 to 15 MB from scale 10 on, at no cost in time). Elsewhere,
    nothing."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def in_table_order(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """``counts`` (database -> table -> rows) in the order of DATABASES and of each one's tables."""
    from datahub_seed.models import public_tables

    return {
        database: {table.name: counts[database].get(table.name, 0) for table in public_tables(database)}
        for database in DATABASES
        if database in counts
    }


def closing_verify(urls) -> None:
    """Links and rules always; shares only from scale 1 on, since SPEC states its tolerances there."""
    from datahub_seed.checks import verify

    stop.pause_point("verify")
    report = verify(urls)
    if report.failed:
        click.echo(
            f"verify: {len(report.failed)} of {len(report.checks)} checks failed; run `dhub seed verify` for details"
        )
        raise SystemExit(1)
    click.echo(f"verify: all {len(report.checks)} checks passed{scope(report)}")


def scope(report: VerifyReport) -> str:
    """What the report left out, and why."""
    return "".join(f" ({why})" for why in report.left_out.values())


@seed.command(name="verify")
@click.option(
    "--tolerance",
    type=click.FloatRange(min=0, max=100),
    metavar="PP",
    help="Allowed distance of every share from its target, in percentage points [default: 3, as docs/data.md says, "
    "or 5 for tables under 500 rows].",
)
@click.option("-v", "--verbose", is_flag=True, help="List every check, not only those that failed.")
@json_option
@url_option
def verify_command(tolerance: float | None, verbose: bool, as_json: bool, url: str | None) -> None:
    """Check cross-database references, shares and always-rules on the data as it is now.

    Exit status: 0 when every check passes, 1 when any fails, 2 when the check could not run.

    \b
    Example:
      dhub seed verify --verbose
    """
    from datahub_seed.checks import verify

    try:
        given = None if tolerance is None else tolerance / 100
        report = verify(target_urls(url), tolerance=given, notify=notify)
    except DhubError as error:
        raise CannotVerify(error.message) from None
    if as_json:
        echo_json({"passed": report.passed, "checks": [check.as_dict() for check in report.checks]})
    else:
        click.echo(render_report(report, verbose))
    if report.failed:
        raise SystemExit(1)


class CannotVerify(click.ClickException):
    exit_code = 2


def render_report(report: VerifyReport, every: bool = False) -> str:
    """The failed checks (``every``: all of them, failures first), each as its name and, below it,
    what was found; then the checks and failures of each kind, and a summary line."""
    listed = sorted(report.checks, key=lambda check: check.passed) if every else report.failed
    lines = [line for check in listed for line in described(check)]
    kinds = sorted({check.kind for check in report.checks})
    counts = [
        (kind, len(of_kind := [c for c in report.checks if c.kind == kind]), sum(not c.passed for c in of_kind))
        for kind in kinds
    ]
    failed = len(report.failed)
    summary = f"{len(report.checks) - failed} of {len(report.checks)} checks passed" + (
        f"; {failed} failed" if failed else ""
    )
    return "\n".join([*lines, render_table(["kind", "checks", "failed"], counts), summary + scope(report)])


def described(check: Check) -> list[str]:
    """The check's outcome, kind and name; below, what it found (shares: target, measured value and
    tolerance)."""
    if check.kind == "share":
        points = (check.tolerance or 0) * 100
        detail = f"{check.measured:.1%} (target {check.target:.1%} +-{points:g} pp, n={check.checked:,})"
    elif check.checked:
        detail = f"{check.failures:,} {check.failing} of {check.checked:,}"
    else:
        detail = f"{check.failures:,} {check.failing}"
    if check.examples:
        detail += f", e.g. {', '.join(map(str, check.examples))}"
    head = f"{'ok' if check.passed else 'FAIL':<4}  {check.kind:<5}  {check.name}"
    return [*wrapped(head), *wrapped(INDENT + detail)]


def wrapped(line: str) -> list[str]:
    """``line`` in lines of at most WIDTH columns, continued under the check's name."""
    return textwrap.wrap(line, WIDTH, subsequent_indent=INDENT, break_on_hyphens=False, break_long_words=False)


def check_disk(rows: dict[str, int], url: str | None) -> DiskNeed:
    """What a run of ``rows`` (estimated per database) needs on disk; refused when the embedded
    server's disk cannot hold it."""
    from datahub_seed import estate
    from datahub_seed.server import EmbeddedServer

    embedded = EmbeddedServer.from_environment() if uses_embedded(url, chosen()) else None
    held = [database for database, own in configured_urls(url, chosen()).items() if own is None]
    need = estate.disk_need(sum(rows.values()), len(embedded.missing_databases(held)) if embedded else 0)
    if embedded:
        free = free_disk_bytes(embedded.home)
        if need.total > free:
            raise TooLarge(
                f"not enough disk space in {embedded.home}: the run needs about {need.total / 1e6:,.0f} MB "
                f"(data and indexes {need.data / 1e6:,.0f} MB, WAL {need.wal / 1e6:,.0f} MB, "
                f"schema {need.schema / 1e6:,.0f} MB), {free / 1e6:,.0f} MB are free"
            )
    return need


def confirm_size(rows: dict[str, int], need: DiskNeed, yes: bool) -> None:
    """Say what a large run will cost; above CONFIRM_ROWS, go on only if the person says so."""
    from datahub_seed import estate

    total = sum(rows.values())
    if total > ANNOUNCE_ROWS:
        notify(
            f"This run writes about {total:,} rows, about {need.total / 1e9:.1f} GB on disk,"
            f" in about {duration(total / estate.ROWS_PER_SECOND)}."
        )
    if total > CONFIRM_ROWS and not yes:
        try:
            with stop.interruptible():
                confirmed = click.confirm("Continue?", err=True)
        except stop.Stopped:
            click.echo(err=True)  # the message goes below the question
            raise
        if not confirmed:
            raise Declined("not confirmed; nothing was written")


def duration(seconds: float) -> str:
    """``seconds`` as a person says them: "20 seconds", "3 minutes", "2.5 hours"."""
    if seconds < 90:
        return f"{max(10, round(seconds, -1)):.0f} seconds"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds / 3600:.1f} hours"


def free_disk_bytes(directory: Path) -> int:
    existing = next(p for p in (directory, *directory.parents) if p.exists())
    return shutil.disk_usage(existing).free


@seed.command()
@json_option
@url_option
def status(as_json: bool, url: str | None) -> None:
    """The run that wrote the databases (seed, scale, customers, employees, as-of), the rows of every
    table, and how the databases commit.

    \b
    Example:
      dhub seed status
    """
    from datahub_seed import estate

    states = estate.status(target_urls(url))
    if as_json:
        echo_json([state.__dict__ for state in states])
        return
    for line in describe_runs(states):
        click.echo(line)
    readable = {state.database: state.counts for state in states if state.migrated and not state.busy_since}
    if any(count for counts in readable.values() for count in counts.values()):
        click.echo(count_table(in_table_order(readable), tables=True))
    elif readable:
        click.echo(f"{' and '.join(readable) if len(readable) < len(states) else 'Every database'} is empty.")
    for line in wrapped(describe_commit(states)):
        click.echo(line)


def describe_runs(states: list[DatabaseStatus]) -> list[str]:
    """A line for the run that wrote every database, or one per database when they differ; a line
    for each database that cannot be read, holds data not written by dhub, or had a later run
    rolled back."""
    runs = {state.database: state.last_complete for state in states if state.last_complete}
    lines = []
    if runs and len({run["run_token"] for run in runs.values()}) == 1 and len(runs) == len(states):
        run = next(iter(runs.values()))
        lines += [f"Written {run['finished_at']} by one run:", f"  {run_parameters(run)}"]
    elif runs:
        lines += [f"{database}: {run_parameters(run)}" for database, run in runs.items()]
        if len({run["run_token"] for run in runs.values()}) > 1:
            lines.append("warning: the six databases come from different runs; reseed with `dhub seed all --replace`")
    interrupted = {s.database: s.last_run["started_at"] for s in states if s.last_run and not s.last_run["finished_at"]}
    if len(interrupted) == len(states) and len(set(interrupted.values())) == 1:
        started = next(iter(interrupted.values()))
        lines.append(f"A later run, started {started}, did not finish and was rolled back.")
    else:
        lines += [
            f"{database}: a later run, started {started}, did not finish and was rolled back"
            for database, started in interrupted.items()
        ]
    for state in states:
        if state.busy_since:
            lines.append(f"{state.database}: a dhub command has been writing it since {state.busy_since}")
        elif not state.migrated:
            lines.append(
                f"{state.database}: {'not migrated' if state.exists else 'does not exist'} (run `dhub db migrate`)"
            )
        elif not state.last_complete and any(state.counts.values()):
            lines.append(f"{state.database}: holds data not written by dhub")
    return lines


def run_parameters(run: dict) -> str:
    return (
        f"seed {run['seed']}, scale {run['scale']:g}, {run['customers']:,} customers, {run['employees']:,} employees,"
        f" as of {run['as_of']:%Y-%m-%d}"
    )


def describe_commit(states: list[DatabaseStatus]) -> str:
    """Which all-or-nothing guarantee these servers allow (README "When things go wrong")."""
    from datahub_seed import atomic

    limits = {s.database: (s.server, s.max_prepared_transactions) for s in states if s.exists}
    short = atomic.servers_too_small(limits)
    if not short:
        return "commits: all databases together (two-phase commit); a killed run is finished or undone"
    return (
        f"commits: one database after another, since {', '.join(short)} allows too few prepared transactions"
        " (max_prepared_transactions); a kill -9 while committing can leave databases from two runs"
    )


@seed.command()
@click.option("--confirm", is_flag=True, help="Required: confirms that every generated row is to be deleted.")
@url_option
def clear(confirm: bool, url: str | None) -> None:
    """Empty all six databases (schemas and tables you created yourself stay).

    \b
    Example:
      dhub seed clear --confirm --only loans_db,insurance_db
    """
    if not confirm:
        raise click.UsageError("clear deletes every generated row in all six databases; add --confirm to proceed")
    from datahub_seed import estate

    removed = estate.clear(target_urls(url), notify)
    click.echo(f"Cleared {sum(removed.values()):,} rows from {len(removed)} databases.")
