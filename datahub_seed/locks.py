"""The run lock: one PostgreSQL advisory lock per database, so dhub commands never interleave.

Commands that write (seed, clear, migrate) take it exclusively and give up at once when it is
held; commands that read everything (verify, tables, status) share it, so they never see half a
run nor deadlock a writer on table locks. Everyone takes it in the same database order, so two
waiting commands cannot wait for each other. It is a session lock: it outlives the transaction,
even a prepared one, and goes when the connection closes, so a killed process never leaves it.
"""

import time
from collections.abc import Callable

from sqlalchemy import Connection, text

from datahub_seed import stop
from datahub_seed.errors import AnotherRun

LOCK = (0x64687562, 1)  # advisory lock key ("dhub", 1)
POLL_SECONDS = 0.2  # how often a reader waiting for a writer looks again
KEY = {"a": LOCK[0], "b": LOCK[1]}


def take_exclusive(connection: Connection, database: str, notify: Callable[[str], None] | None = None) -> None:
    """The lock for a command that writes. Readers are waited for (they end soon, and since
    everyone locks in the same order they cannot be waiting for us); another writer is not:
    ``AnotherRun`` says since when it holds the lock."""
    told = False
    while not connection.scalar(text("SELECT pg_try_advisory_lock(:a, :b)"), KEY):
        if holder_mode(connection) == "ExclusiveLock":
            raise AnotherRun(
                f"another dhub command holds the lock since {holder_since(connection)} (seen in {database}); "
                "try again when it ends"
            )
        if not told and notify:
            notify(f"Waiting for the dhub command reading {database} since {holder_since(connection)} ...")
            told = True
        with stop.interruptible():
            time.sleep(POLL_SECONDS)


def take_shared(connection: Connection, notify: Callable[[str], None] | None = None) -> None:
    """The lock for a command that reads: waits while a writer holds it, saying so once."""
    told = False
    while not connection.scalar(text("SELECT pg_try_advisory_lock_shared(:a, :b)"), KEY):
        if not told and notify:
            notify(f"Waiting for the dhub command running since {holder_since(connection)} to finish ...")
            told = True
        with stop.interruptible():
            time.sleep(POLL_SECONDS)


def try_shared(connection: Connection) -> bool:
    return bool(connection.scalar(text("SELECT pg_try_advisory_lock_shared(:a, :b)"), KEY))


def holder_since(connection: Connection) -> str:
    """When the earliest session holding the lock in this database started."""
    since = connection.scalar(text(f"SELECT min(a.backend_start) {HOLDERS}"), KEY)
    return f"{since:%Y-%m-%d %H:%M:%S}" if since else "a moment ago"


def holder_mode(connection: Connection) -> str | None:
    """ExclusiveLock when a writer holds the lock in this database, ShareLock when only readers do."""
    return connection.scalar(text(f"SELECT max(l.mode) {HOLDERS}"), KEY)


HOLDERS = (
    "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :a AND l.objid = :b"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)
