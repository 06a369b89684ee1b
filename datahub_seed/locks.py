"""The run lock: a PostgreSQL advisory lock that seed, clear and migrate take in every database,
so that two of them never work on the same database at once."""

from sqlalchemy import Connection, text

from datahub_seed.errors import AnotherRun

LOCK = (0x64687562, 1)  # advisory lock key ("dhub", 1)


def take_lock(connection: Connection, database: str) -> None:
    """Hold the run lock in ``database`` until ``connection`` closes, or raise ``AnotherRun``."""
    if connection.scalar(text("SELECT pg_try_advisory_lock(:a, :b)"), {"a": LOCK[0], "b": LOCK[1]}):
        return
    since = connection.scalar(
        text(
            "SELECT min(a.backend_start) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :a AND l.objid = :b"
            " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ),
        {"a": LOCK[0], "b": LOCK[1]},
    )
    when = f"{since:%Y-%m-%d %H:%M:%S}" if since else "a moment ago"
    raise AnotherRun(f"another seed run holds the lock since {when} (seen in {database}); try again when it ends")
