"""`make bench`: end-to-end speed and peak memory of `dhub seed all`, beside pgbench on the same server.

Machines here are noisy, so the figure to compare is the ratio to `pgbench -i` measured in the
same run. Uses DHUB_BENCH_URL (a superuser server URL) or a throwaway embedded server.
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy.engine import URL

from datahub_seed.config import DATABASES, database_env, parse_url
from datahub_seed.db import engine_for
from datahub_seed.server import EmbeddedServer, _binaries, free_port

SCALES = (1.0, 10.0)
PGBENCH_SCALE = 10  # 1,000,000 rows in pgbench_accounts
BAR_ROWS_PER_SECOND = 50_000  # issues 3 and 4, at scale 10
BAR_PEAK_MB = 300


def seed_once(server: URL, scale: float) -> tuple[int, float, float]:
    token = uuid.uuid4().hex[:6]
    env = dict(os.environ)
    env.pop("DHUB_DATABASE_URL", None)
    for database in DATABASES:
        env[database_env(database)] = server.set(database=f"bench{token}_{database}").render_as_string(False)
    migrate = [sys.executable, "-m", "datahub_seed", "db", "migrate"]
    subprocess.run(migrate, env=env, check=True, capture_output=True)
    seed = [
        sys.executable,
        "-m",
        "datahub_seed",
        "seed",
        "all",
        "--scale",
        str(scale),
        "--as-of",
        "2026-01-31",
        "--no-verify",
    ]
    started = time.perf_counter()
    child = subprocess.Popen(seed, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    assert child.stdout is not None  # stdout=PIPE
    output = child.stdout.read()
    if status:
        raise SystemExit(f"dhub seed all --scale {scale} failed")
    summary = next(line for line in output.splitlines() if " rows in " in line)
    rows = int(summary.split()[0].replace(",", ""))
    drop_databases(server, [f"bench{token}_{database}" for database in DATABASES])
    return rows, seconds, usage.ru_maxrss / 1024


def pgbench_rows_per_second(server: URL) -> float:
    name = f"bench{uuid.uuid4().hex[:6]}_pgbench"
    with engine_for(server, autocommit=True).connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    env = dict(os.environ, PGPASSWORD=server.password or "")
    assert server.host is not None and server.username is not None, "pgbench is given the server's host and user"
    command = [
        str(_binaries() / "pgbench"),
        "-i",
        "-q",
        "-s",
        str(PGBENCH_SCALE),
        "-h",
        server.host,
        "-p",
        str(server.port),
        "-U",
        server.username,
        name,
    ]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    drop_databases(server, [name])
    return PGBENCH_SCALE * 100_000 / seconds


def drop_databases(server: URL, names: list[str]) -> None:
    engine = engine_for(server, autocommit=True)
    with engine.connect() as connection:
        for name in names:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


def main() -> None:
    configured = os.environ.get("DHUB_BENCH_URL")
    embedded = None
    if configured:
        server = parse_url(configured, "DHUB_BENCH_URL").set(database="postgres")
    else:
        embedded = EmbeddedServer(Path(tempfile.mkdtemp(prefix="dhub-bench-")), free_port())
        embedded.start()
        server = embedded.url()
    try:
        pgbench = pgbench_rows_per_second(server)
        results = [(scale, *seed_once(server, scale)) for scale in SCALES]
        pgbench_after = pgbench_rows_per_second(server)
    finally:
        if embedded:
            embedded.stop()
    reference = (pgbench + pgbench_after) / 2
    print(f"pgbench -i -s {PGBENCH_SCALE} on the same server: {reference:,.0f} rows/s (mean of before and after)")
    print(f"{'scale':>6} {'rows':>10} {'seconds':>8} {'rows/s':>9} {'vs pgbench':>10} {'peak MB':>8}")
    for scale, rows, seconds, peak in results:
        speed = rows / seconds
        print(f"{scale:>6g} {rows:>10,} {seconds:>8.1f} {speed:>9,.0f} {speed / reference:>10.3f} {peak:>8.0f}")
    scale, rows, seconds, peak = results[-1]
    verdict = rows / seconds >= BAR_ROWS_PER_SECOND and peak < BAR_PEAK_MB
    print(
        f"bar at scale {scale:g}: >= {BAR_ROWS_PER_SECOND:,} rows/s and < {BAR_PEAK_MB} MB peak: "
        f"{'met' if verdict else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
