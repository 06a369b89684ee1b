"""`make bench`: how fast `dhub` seeds, beside PostgreSQL's own tools, in one run on one server.

Machines here are noisy (two cores, often shared with a test run), so an absolute figure says
little from one run to the next. What compares across runs is a ratio measured within one run:

- seeding against `pgbench -i -s 10` (rows/s; the mean of one run before the seeds and one after,
  so a machine that slows down during the bench weighs on both sides);
- seeding at scale 10 against `pg_restore` of the very rows that run wrote (dumped right after it,
  untimed): the floor, COPY and index builds with no data to generate.

Each `dhub` command runs as users run it, the installed `dhub` script in a child process, timed
whole (Python's start included); peak memory is that child's ru_maxrss. Every seed, restore and
verify runs BENCH_TRIES times (3 by default) and the fastest counts: noise only ever adds time. Every seed goes into six
fresh databases migrated beforehand (untimed), with a fixed --as-of and the default seed. Scale
10 always runs, whatever BENCH_SCALES says: pg_restore and `dhub seed verify` need its data.

The server is DHUB_BENCH_URL (a superuser URL) or a throwaway embedded one; pg_dump, pg_restore
and pgbench come from the server's own PostgreSQL. Children get the password in PGPASSWORD alone.
Every database made here is dropped at the end, whatever happens.

The figures go to build/bench.json (under the working directory: the checkout, for `make bench`),
each printed beside the previous file's. Exit status 0 whether targets are met or not (it is a
measurement); 1, with one sentence, when a command fails.
"""

import datetime as dt
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from datahub_seed.config import DATABASES, database_env, parse_url
from datahub_seed.db import connect, engine_for
from datahub_seed.errors import DhubError
from datahub_seed.server import EmbeddedServer, _binaries, free_port

DHUB = Path(sys.executable).parent / "dhub"  # the installed script, what users run
SERVER_ENV = "DHUB_BENCH_URL"
SCALES_ENV = "BENCH_SCALES"
DEFAULT_SCALES = "1 10 30"
TRIES_ENV = "BENCH_TRIES"
DEFAULT_TRIES = 3
AS_OF = "2026-01-31"
RESTORE_SCALE = 10.0  # the data pg_restore and `dhub seed verify` run on
END_TO_END_SCALE = 1.0
PGBENCH_SCALE = 10
PGBENCH_ROWS = PGBENCH_SCALE * 100_000  # pgbench_accounts holds 100,000 rows per scale
STARTUP_TRIES = 5
RESULTS = Path("build") / "bench.json"
ROWS_LINE = re.compile(r"^([\d,]+) rows in ", re.MULTILINE)  # `dhub seed all`'s summary

MAX_SEED_OVER_RESTORE = 1.5
MAX_END_TO_END_SECONDS = 2.0
MAX_STARTUP_SECONDS = 0.3
PEAK_SCALE = 30.0
MAX_PEAK_MB = 200
LARGE_SCALE = 100.0  # its rows/s must not fall below RESTORE_SCALE's


@dataclass(frozen=True)
class Finished:
    """A child process that exited 0: its wall time, peak memory and output."""

    seconds: float
    peak_mb: float
    stdout: str


@dataclass(frozen=True)
class Seed:
    """One `dhub seed all`, timed whole."""

    rows: int
    seconds: float
    peak_mb: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


@dataclass(frozen=True)
class Results:
    """Everything one bench measured, before it is turned into figures and targets."""

    pgbench_before: float  # rows/s
    pgbench_after: float
    seeds: dict[float, Seed]  # by scale, --no-verify
    restore_seconds: float
    end_to_end: Seed  # with its closing verify
    verify_seconds: float
    help_seconds: float
    version_seconds: float

    @property
    def pgbench(self) -> float:
        return (self.pgbench_before + self.pgbench_after) / 2


@dataclass(frozen=True)
class Figure:
    """One number of the results, under a stable key so that the next run can compare with it."""

    key: str
    label: str
    value: float
    decimals: int


@dataclass(frozen=True)
class Target:
    """A goal and whether this run met it; ``met`` is None when its scale was not run."""

    key: str
    label: str
    measured: str
    met: bool | None


def run(command: list[str], env: dict[str, str], what: str) -> Finished:
    """Run ``command`` and time it whole. Output goes to files rather than pipes, so that a
    talkative child never blocks on a full pipe while we wait; os.wait4 gives the child's own
    resource use, whose ru_maxrss (kilobytes on Linux) is its peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            err.seek(0)
            lines = [line for line in err.read().decode(errors="replace").splitlines() if line.strip()]
            said = f": {lines[-1].strip()}" if lines else ""
            raise SystemExit(f"bench: {what} failed with exit status {child.returncode}{said}")
        out.seek(0)
        return Finished(seconds, usage.ru_maxrss / 1024, out.read().decode(errors="replace"))


def child_env(server: URL, prefix: str | None = None) -> dict[str, str]:
    """This environment without any dhub URL that could send a child elsewhere, the password in
    PGPASSWORD (never on a command line, where `ps` shows it) and, with ``prefix``, each of the
    six databases at ``<prefix><name>`` on the server."""
    env = {name: value for name, value in os.environ.items() if not re.fullmatch(r"DHUB_\w+_URL", name)}
    if server.password:
        env["PGPASSWORD"] = server.password
    if prefix is not None:
        for database in DATABASES:
            url = server.set(database=prefix + database, password=None)
            env[database_env(database)] = url.render_as_string(hide_password=False)
    return env


def tool_args(server: URL) -> list[str]:
    """pg_dump's, pg_restore's and pgbench's options for the server; the password stays in PGPASSWORD."""
    options = (("-h", server.host), ("-p", server.port), ("-U", server.username))
    return [part for flag, value in options if value is not None for part in (flag, str(value))]


def server_version(server: URL) -> tuple[int, str]:
    """The server's major version (what its client tools must match) and its full version."""
    engine = engine_for(server)
    try:
        with connect(engine, server.database or "postgres") as connection:
            number = int(connection.exec_driver_sql("SHOW server_version_num").scalar_one())
            return number // 10_000, connection.exec_driver_sql("SHOW server_version").scalar_one()
    finally:
        engine.dispose()


def tools_major(bindir: Path) -> int | None:
    """The major version of the pg_dump, pg_restore and pgbench in ``bindir``; None if one is missing."""
    if not all((bindir / tool).is_file() for tool in ("pg_dump", "pg_restore", "pgbench")):
        return None
    said = subprocess.run([str(bindir / "pg_dump"), "--version"], capture_output=True, text=True).stdout
    found = re.search(r"\(PostgreSQL\) (\d+)", said)
    return int(found.group(1)) if found else None


def client_tools(server: URL, embedded: bool, major: int) -> Path:
    """The directory of the server's own pg_dump, pg_restore and pgbench: another major version
    would measure another program, or refuse the dump. A configured server's comes from
    `pg_config --bindir` on PATH, or from the embedded binaries when their version matches."""
    if embedded:
        return _binaries()
    candidates = [_binaries()]
    pg_config = shutil.which("pg_config")
    if pg_config:
        said = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout
        candidates.insert(0, Path(said.strip()))
    for bindir in candidates:
        if tools_major(bindir) == major:
            return bindir
    tried = ", ".join(str(bindir) for bindir in candidates)
    raise SystemExit(
        f"bench: no pg_dump, pg_restore and pgbench of PostgreSQL {major}, the server's version, "
        f"in {tried}; put that version's pg_config on PATH"
    )


def execute(server: URL, statements: list[str]) -> None:
    """Run statements outside a transaction (CREATE and DROP DATABASE need that)."""
    engine = engine_for(server, autocommit=True)
    try:
        with connect(engine, server.database or "postgres") as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def create_databases(server: URL, names: list[str]) -> None:
    execute(server, [f'CREATE DATABASE "{name}"' for name in names])


def quiet(server: URL) -> None:
    """Write out the pages earlier runs left dirty, before a timed command: else the server's
    checkpointer writes them at a moment of its own, and whichever command runs then pays."""
    execute(server, ["CHECKPOINT"])


def drop_databases(server: URL, prefix: str) -> None:
    """Drop every database whose name starts with ``prefix``: those `dhub db migrate` made as well
    as ours, and also after a run that failed half-way."""
    engine = engine_for(server)
    try:
        with connect(engine, server.database or "postgres") as connection:
            names = list(connection.exec_driver_sql("SELECT datname FROM pg_database").scalars())
    finally:
        engine.dispose()
    execute(server, [f'DROP DATABASE "{name}" WITH (FORCE)' for name in names if name.startswith(prefix)])


def migrated(server: URL, prefix: str) -> dict[str, str]:
    """Six fresh databases, migrated (untimed, so the seed's time is seeding), and the
    environment that points `dhub` at them."""
    env = child_env(server, prefix)
    run([str(DHUB), "db", "migrate"], env, "dhub db migrate")
    quiet(server)
    return env


def seed_all(env: dict[str, str], scale: float, verify: bool) -> Seed:
    """`dhub seed all` at ``scale``, timed whole; its rows as its summary line counts them."""
    command = [str(DHUB), "seed", "all", "--scale", f"{scale:g}", "--as-of", AS_OF]
    command += [] if verify else ["--no-verify"]
    what = " ".join(["dhub", *command[1:]])
    print(f"  {what}", flush=True)
    finished = run(command, env, what)
    counted = ROWS_LINE.search(finished.stdout)
    if counted is None:
        raise SystemExit(f"bench: {what} printed no 'N rows in' line")
    return Seed(int(counted.group(1).replace(",", "")), finished.seconds, finished.peak_mb)


def fastest(seeds: list[Seed]) -> Seed:
    """The fastest of several tries (the rest is noise), with the highest peak memory of any."""
    best = min(seeds, key=lambda seed: seed.seconds)
    return Seed(best.rows, best.seconds, max(seed.peak_mb for seed in seeds))


def seed_once(server: URL, prefix: str, scale: float, verify: bool = False) -> Seed:
    """The fastest of ``tries()`` seeds, each into fresh databases, dropped afterwards so that
    large scales do not pile up on disk."""
    seeds = []
    for _ in range(tries()):
        seeds.append(seed_all(migrated(server, prefix), scale, verify))
        drop_databases(server, prefix)
    return fastest(seeds)


def seed_dump_and_verify(server: URL, tools: Path, prefix: str, dumps: Path) -> tuple[Seed, float]:
    """The scale-10 seed (the fastest of ``tries()``); then, untimed, a dump of each database of
    the last for pg_restore to replay; then `dhub seed verify` on the same data, the fastest of
    ``tries()``."""
    seeds = []
    for _ in range(tries()):
        drop_databases(server, prefix)
        env = migrated(server, prefix)
        seeds.append(seed_all(env, RESTORE_SCALE, verify=False))
    for database in DATABASES:
        dump = [str(tools / "pg_dump"), *tool_args(server), "-Fc", "-f", str(dumps / database), prefix + database]
        run(dump, child_env(server), f"pg_dump of {database}")
    print("  dhub seed verify", flush=True)
    verify_seconds = []
    for _ in range(tries()):
        quiet(server)
        verify_seconds.append(run([str(DHUB), "seed", "verify"], env, "dhub seed verify").seconds)
    drop_databases(server, prefix)
    return fastest(seeds), min(verify_seconds)


def restore_seconds(server: URL, tools: Path, prefix: str, dumps: Path) -> float:
    """pg_restore of the six dumps into empty databases, one after another, one job each: the
    time PostgreSQL itself needs to load and index what `dhub` wrote."""
    print(f"  pg_restore of the scale-{RESTORE_SCALE:g} data", flush=True)
    times = []
    for _ in range(tries()):
        create_databases(server, [prefix + database for database in DATABASES])
        quiet(server)
        seconds = 0.0
        for database in DATABASES:
            restore = [str(tools / "pg_restore"), *tool_args(server), "-d", prefix + database, str(dumps / database)]
            seconds += run(restore, child_env(server), f"pg_restore of {database}").seconds
        drop_databases(server, prefix)
        times.append(seconds)
    return min(times)


def pgbench_rows_per_second(server: URL, tools: Path, name: str) -> float:
    """`pgbench -i`'s load speed: the reference the seeds are compared with, in the same run."""
    print(f"  pgbench -i -s {PGBENCH_SCALE}", flush=True)
    create_databases(server, [name])
    quiet(server)
    command = [str(tools / "pgbench"), "-i", "-q", "-s", str(PGBENCH_SCALE), *tool_args(server), name]
    seconds = run(command, child_env(server), f"pgbench -i -s {PGBENCH_SCALE}").seconds
    drop_databases(server, name)
    return PGBENCH_ROWS / seconds


def startup_seconds(server: URL, option: str) -> float:
    """`dhub <option>`, best of a few: the time before `dhub` does anything, which every command pays."""
    print(f"  dhub {option}", flush=True)
    return min(run([str(DHUB), option], child_env(server), f"dhub {option}").seconds for _ in range(STARTUP_TRIES))


def measure(server: URL, tools: Path, scales: list[float], prefix: str) -> Results:
    """Every measurement, pgbench first and last."""
    pgbench_before = pgbench_rows_per_second(server, tools, f"{prefix}pgbench_before")
    with tempfile.TemporaryDirectory(prefix="dhub-bench-dumps-") as dumps:
        reference, verify_seconds = seed_dump_and_verify(server, tools, f"{prefix}reference_", Path(dumps))
        restore = restore_seconds(server, tools, f"{prefix}restore_", Path(dumps))
    others = [scale for scale in scales if scale != RESTORE_SCALE]
    seeds = {scale: seed_once(server, f"{prefix}{index}_", scale) for index, scale in enumerate(others)}
    seeds[RESTORE_SCALE] = reference
    return Results(
        pgbench_before=pgbench_before,
        seeds=dict(sorted(seeds.items())),
        restore_seconds=restore,
        end_to_end=seed_once(server, f"{prefix}end_to_end_", END_TO_END_SCALE, verify=True),
        verify_seconds=verify_seconds,
        help_seconds=startup_seconds(server, "--help"),
        version_seconds=startup_seconds(server, "--version"),
        pgbench_after=pgbench_rows_per_second(server, tools, f"{prefix}pgbench_after"),
    )


def figures(results: Results) -> list[Figure]:
    """The results as numbers to print, store and compare, each under a key stable across runs."""
    pgbench = f"pgbench -i -s {PGBENCH_SCALE}"
    found = [
        Figure("pgbench_before_rows_per_second", f"{pgbench} before: rows/s", results.pgbench_before, 0),
        Figure("pgbench_after_rows_per_second", f"{pgbench} after: rows/s", results.pgbench_after, 0),
        Figure("pgbench_rows_per_second", f"{pgbench} mean: rows/s", results.pgbench, 0),
    ]
    for scale, seed in results.seeds.items():
        key, label = f"seed_{scale:g}", f"seed {scale:g} --no-verify"
        found += [
            Figure(f"{key}_rows", f"{label}: rows", seed.rows, 0),
            Figure(f"{key}_seconds", f"{label}: seconds", seed.seconds, 2),
            Figure(f"{key}_rows_per_second", f"{label}: rows/s", seed.rows_per_second, 0),
            Figure(f"{key}_vs_pgbench", f"{label}: rows/s / pgbench's", seed.rows_per_second / results.pgbench, 3),
            Figure(f"{key}_peak_mb", f"{label}: peak MB", seed.peak_mb, 0),
        ]
    restore = results.restore_seconds
    ratio = results.seeds[RESTORE_SCALE].seconds / restore
    end_to_end = results.end_to_end
    return [
        *found,
        Figure("restore_seconds", f"pg_restore of scale {RESTORE_SCALE:g}: seconds", restore, 2),
        Figure("seed_over_restore", f"seed {RESTORE_SCALE:g} seconds / pg_restore's", ratio, 2),
        Figure("end_to_end_seconds", f"seed {END_TO_END_SCALE:g} with verify: seconds", end_to_end.seconds, 2),
        Figure(
            "end_to_end_vs_pgbench",
            f"seed {END_TO_END_SCALE:g} with verify: rows/s / pgbench's",
            end_to_end.rows_per_second / results.pgbench,
            3,
        ),
        Figure("verify_seconds", f"seed verify at scale {RESTORE_SCALE:g}: seconds", results.verify_seconds, 2),
        Figure("help_seconds", f"dhub --help, best of {STARTUP_TRIES}: seconds", results.help_seconds, 3),
        Figure("version_seconds", f"dhub --version, best of {STARTUP_TRIES}: seconds", results.version_seconds, 3),
    ]


def targets(results: Results) -> list[Target]:
    """The goals, each with what this run measured and whether it met them."""
    ratio = results.seeds[RESTORE_SCALE].seconds / results.restore_seconds
    peak = results.seeds.get(PEAK_SCALE)
    large = results.seeds.get(LARGE_SCALE)
    reference = results.seeds[RESTORE_SCALE].rows_per_second
    return [
        Target(
            "seed_over_restore",
            f"seed {RESTORE_SCALE:g} --no-verify / pg_restore <= {MAX_SEED_OVER_RESTORE}",
            f"{ratio:.2f}",
            ratio <= MAX_SEED_OVER_RESTORE,
        ),
        Target(
            "end_to_end",
            f"seed {END_TO_END_SCALE:g} with verify < {MAX_END_TO_END_SECONDS:g} s",
            f"{results.end_to_end.seconds:.2f} s",
            results.end_to_end.seconds < MAX_END_TO_END_SECONDS,
        ),
        Target(
            "help",
            f"dhub --help < {MAX_STARTUP_SECONDS} s",
            f"{results.help_seconds:.3f} s",
            results.help_seconds < MAX_STARTUP_SECONDS,
        ),
        Target(
            "version",
            f"dhub --version < {MAX_STARTUP_SECONDS} s",
            f"{results.version_seconds:.3f} s",
            results.version_seconds < MAX_STARTUP_SECONDS,
        ),
        Target(
            "peak_memory",
            f"peak memory at scale {PEAK_SCALE:g} <= {MAX_PEAK_MB} MB",
            f"{peak.peak_mb:.0f} MB" if peak else "",
            peak.peak_mb <= MAX_PEAK_MB if peak else None,
        ),
        Target(
            "large_scale_speed",
            f"rows/s at scale {LARGE_SCALE:g} >= at scale {RESTORE_SCALE:g}",
            f"{large.rows_per_second:,.0f} vs {reference:,.0f}" if large else "",
            large.rows_per_second >= reference if large else None,
        ),
    ]


def print_figures(found: list[Figure], previous: dict[str, float]) -> None:
    """The figures, each beside the previous run's and the change in percent."""
    print(f"\n{'measurement':<42} {'now':>12} {'previous':>12} {'change':>8}")
    for figure in found:
        now = f"{figure.value:,.{figure.decimals}f}"
        before = previous.get(figure.key)
        if before is None:
            print(f"{figure.label:<42} {now:>12} {'-':>12} {'-':>8}")
            continue
        change = f"{(figure.value - before) / before:+.1%}" if before else "-"
        print(f"{figure.label:<42} {now:>12} {before:>12,.{figure.decimals}f} {change:>8}")


def print_targets(found: list[Target]) -> None:
    """Each target with what was measured: met, NOT met, or not run (its scale was not in BENCH_SCALES)."""
    print(f"\n{'target':<52} {'measured':>20}  verdict")
    for target in found:
        verdict = "not run" if target.met is None else "met" if target.met else "NOT met"
        print(f"{target.label:<52} {target.measured:>20}  {verdict}")


def tries() -> int:
    """How often each seed, restore and verify runs (BENCH_TRIES, 3 by default); the fastest counts."""
    text = os.environ.get(TRIES_ENV, str(DEFAULT_TRIES))
    if not text.isdigit() or int(text) < 1:
        raise SystemExit(f"bench: {TRIES_ENV} must be a whole number >= 1, not {text!r}")
    return int(text)


def bench_scales() -> list[float]:
    """The scales of BENCH_SCALES (spaces or commas between them), and always RESTORE_SCALE."""
    text = os.environ.get(SCALES_ENV, DEFAULT_SCALES)
    try:
        scales = {float(word) for word in text.replace(",", " ").split()}
    except ValueError:
        scales = {math.nan}
    if not all(0 < scale < math.inf for scale in scales):
        raise SystemExit(f"bench: {SCALES_ENV} must be positive numbers separated by spaces or commas, not {text!r}")
    return sorted(scales | {RESTORE_SCALE})


def save(found: list[Figure], met: list[Target], scales: list[float], version: str, embedded: bool) -> None:
    """This run's figures, with what is needed to tell runs apart, for the next run to compare with."""
    record = {
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": {"cpus": os.cpu_count()},
        "server": {"version": version, "embedded": embedded},
        "as_of": AS_OF,
        "scales": scales,
        "figures": {figure.key: figure.value for figure in found},
        "targets": {
            target.key: {"label": target.label, "measured": target.measured, "met": target.met} for target in met
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2) + "\n")


def commit() -> str | None:
    """The checkout's commit, or None outside a git checkout."""
    try:
        found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    except OSError:
        return None
    return found.stdout.strip() if found.returncode == 0 else None


def previous_run() -> dict:
    """The last run's results, read before this run overwrites them; empty when there were none."""
    try:
        return json.loads(RESULTS.read_text())
    except FileNotFoundError:
        return {}
    except ValueError:
        print(f"{RESULTS} is not JSON; nothing to compare with")
        return {}


@contextmanager
def bench_server() -> Iterator[tuple[URL, bool]]:
    """DHUB_BENCH_URL's server, or a throwaway embedded one, stopped and removed afterwards;
    with True when embedded."""
    configured = os.environ.get(SERVER_ENV)
    if configured:
        yield parse_url(configured, SERVER_ENV).set(database="postgres"), False
        return
    home = Path(tempfile.mkdtemp(prefix="dhub-bench-"))
    embedded = EmbeddedServer(home, free_port())
    try:
        embedded.start()
        yield embedded.url(), True
    finally:
        embedded.stop()
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    scales = bench_scales()
    previous = previous_run()
    prefix = f"bench{uuid.uuid4().hex[:6]}_"
    try:
        with bench_server() as (server, embedded):
            major, version = server_version(server)
            tools = client_tools(server, embedded, major)
            where = "a throwaway embedded server" if embedded else SERVER_ENV
            print(f"PostgreSQL {version} on {where}")
            print(f"pg_dump, pg_restore and pgbench: {tools}")
            print(f"dhub from {DHUB}; scales {', '.join(f'{scale:g}' for scale in scales)}; --as-of {AS_OF}")
            try:
                results = measure(server, tools, scales, prefix)
            finally:
                drop_databases(server, prefix)
    except DhubError as error:
        raise SystemExit(f"bench: {error.message}") from None
    found = figures(results)
    if previous:
        print(f"\nprevious run: {previous.get('timestamp')}, commit {previous.get('commit')}")
    print_figures(found, previous.get("figures", {}))
    met = targets(results)
    print_targets(met)
    save(found, met, scales, version, embedded)
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
