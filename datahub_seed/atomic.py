"""Committing several databases as one, and settling a commit that a kill interrupted.

Where every server allows prepared transactions (the embedded one does), each database's
transaction is first PREPAREd, which makes it survive the process, then COMMITted PREPARED. The
first database's commit is the decision: until it has happened the run is undone (the first
database's prepared transaction is rolled back last), and once it has, every other one is
committed. A kill anywhere in between leaves prepared transactions named
``dhub:<kind>:<token>:<database>:<first database>``; the next dhub command settles them by that
rule before it does anything else (``settle``), under the run lock, so never behind a live run.

A server with ``max_prepared_transactions = 0`` allows none of this: there the databases are
committed one after another with SIGINT and SIGTERM held back, and only a SIGKILL or a crash
inside those milliseconds can leave databases from two runs (``dhub seed status`` says so).
"""

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import ExitStack, suppress
from dataclasses import dataclass

from sqlalchemy import Connection, Row, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from datahub_seed import locks, stop
from datahub_seed.config import DATABASES
from datahub_seed.db import connect, engine_for, failures_named, where
from datahub_seed.errors import AnotherRun, ConnectionFailed, DatabaseMissing

PREFIX = "dhub"
SETTLE_WAIT_SECONDS = 30  # a live owner of prepared transactions finishes within milliseconds


@dataclass(frozen=True)
class Prepared:
    """One prepared transaction of ours, as its name and pg_prepared_xacts describe it."""

    gid: str
    kind: str
    token: str
    database: str
    decider: str
    prepared_at: dt.datetime

    @classmethod
    def parse(cls, gid: str, prepared_at: dt.datetime) -> "Prepared | None":
        parts = gid.split(":")
        if len(parts) != 5 or parts[0] != PREFIX:
            return None
        return cls(gid, parts[1], parts[2], parts[3], parts[4], prepared_at)


def gid_of(kind: str, token: str, database: str, decider: str) -> str:
    return f"{PREFIX}:{kind}:{token}:{database}:{decider}"


def server_limit(connection: Connection) -> tuple[str, int]:
    """The server a connection reaches (``host:port``) and how many prepared transactions it allows."""
    return where(connection.engine.url), int(connection.scalar(text("SHOW max_prepared_transactions")))


def servers_too_small(limits: dict[str, tuple[str, int]]) -> list[str]:
    """``limits``: database -> ``server_limit``. The servers that cannot hold a prepared transaction
    for each of their databases here; none means the databases can be committed as one."""
    needed = Counter(server for server, _ in limits.values())
    return sorted({server for server, limit in limits.values() if limit < needed[server]})


def commit_together(connections: dict[str, Connection], kind: str, token: str) -> None:
    """Commit every connection's transaction, all or none, whatever happens to this process.

    A stop asked for before the decision undoes everything (``Stopped``); one asked for after it
    waits until every database is committed and is left for the caller to find.
    """
    if servers_too_small({database: server_limit(c) for database, c in connections.items()}):
        for database, connection in connections.items():
            with failures_named(database, "the databases before it were committed; see `dhub seed status`"):
                connection.commit()
            stop.pause_point(f"commit:{database}")
        return
    decider = next(iter(connections))
    gids = {database: gid_of(kind, token, database, decider) for database in connections}
    prepared: list[str] = []
    try:
        for database, connection in connections.items():
            stop.pause_point(f"prepare:{database}")
            with failures_named(database):
                connection.exec_driver_sql(f"PREPARE TRANSACTION '{gids[database]}'")
                connection.rollback()  # the session is outside any transaction now; tell the driver
                connection.execution_options(isolation_level="AUTOCOMMIT")
            prepared.append(database)
        stop.checkpoint()  # the last moment at which a stop undoes the run
    except BaseException:
        for database in reversed(prepared):  # the decider last: while it stands, nothing is decided
            with suppress(DBAPIError):  # what cannot be rolled back now, the next command settles
                finish(connections[database], gids[database], commit=False)
        raise
    for database, connection in connections.items():
        after = (
            "the commit was interrupted; the next dhub command finishes or undoes it"
            if database == decider
            else f"committed {decider}; the next dhub command commits the rest"
        )
        with failures_named(database, after):
            finish(connection, gids[database], commit=True)
        stop.pause_point(f"commit:{database}")


def finish(connection: Connection, gid: str, commit: bool) -> None:
    """COMMIT or ROLLBACK one prepared transaction, on a connection outside any transaction."""
    connection.exec_driver_sql(f"{'COMMIT' if commit else 'ROLLBACK'} PREPARED '{gid}'")


def settle(urls: dict[str, URL], notify: Callable[[str], None]) -> None:
    """Finish or undo what a killed run left prepared in these databases, saying which in one line."""
    found = find_prepared(urls)
    for token in sorted({p.token for p in found}):
        _settle_run(urls, [p for p in found if p.token == token], notify)


def find_prepared(urls: dict[str, URL]) -> list[Prepared]:
    """Our prepared transactions in exactly these databases: one query per server."""
    ours = {(where(url), url.database): name for name, url in urls.items()}
    by_server: dict[str, list[URL]] = {}
    for url in urls.values():
        by_server.setdefault(where(url), []).append(url)
    found = []
    for server, server_urls in by_server.items():
        for gid, database, prepared_at in _prepared_on(server_urls):
            parsed = Prepared.parse(gid, prepared_at)
            if parsed and ours.get((server, database)) == parsed.database:
                found.append(parsed)
    return found


def _prepared_on(server_urls: list[URL]) -> Sequence[Row]:
    """pg_prepared_xacts of one server, read through the first of its databases that exists
    (prepared transactions live in databases, so a server holding none of ours holds none of them)."""
    for url in server_urls:
        assert url.database is not None  # every URL dhub resolves names its database
        engine = engine_for(url, autocommit=True)
        try:
            with connect(engine, url.database) as connection:
                return connection.execute(
                    text("SELECT gid, database, prepared FROM pg_prepared_xacts WHERE gid LIKE :prefix"),
                    {"prefix": f"{PREFIX}:%"},
                ).all()
        except DatabaseMissing:
            continue
        finally:
            engine.dispose()
    return []


def _settle_run(urls: dict[str, URL], leftovers: list[Prepared], notify: Callable[[str], None]) -> None:
    """Under the run lock of every database concerned, apply the rule: the decider's prepared
    transaction still there means nothing was decided (roll back, it last); gone means commit."""
    first = leftovers[0]
    if first.decider not in urls:
        raise ConnectionFailed(
            f"an interrupted {first.kind} left prepared transactions that only {first.decider} can settle, "
            "which is not configured here; run dhub with the databases of that run"
        )
    order = [database for database in DATABASES if database in urls]  # the run lock's order
    holding = {p.database for p in leftovers}
    with ExitStack() as stack:
        connections = {}
        for database in (name for name in order if name in holding):
            engine = engine_for(urls[database], autocommit=True)
            stack.callback(engine.dispose)
            connections[database] = stack.enter_context(connect(engine, database))
            _wait_for_owner(connections[database], database)
        remaining = [p for p in find_prepared(urls) if p.token == first.token]
        decided = all(p.database != first.decider for p in remaining)
        remaining.sort(key=lambda p: (p.database == first.decider, order.index(p.database)))
        for p in remaining:
            with failures_named(p.database, "the next dhub command tries again"):
                finish(connections[p.database], p.gid, commit=decided)
    if not remaining:
        return  # its owner was alive after all, and finished it
    done = ", ".join(sorted((p.database for p in remaining), key=order.index))
    when = f"{first.prepared_at.astimezone():%Y-%m-%d %H:%M:%S}"
    if decided:
        notify(f"Finished the {first.kind} interrupted at {when} while committing: committed {done}.")
    else:
        notify(f"Undid the {first.kind} interrupted at {when} while committing: rolled back {done}.")


def _wait_for_owner(connection: Connection, database: str) -> None:
    """Take the run lock; a live owner of prepared transactions is in the milliseconds of its commit."""
    deadline = time.monotonic() + SETTLE_WAIT_SECONDS
    while True:
        try:
            locks.take_exclusive(connection, database)
            return
        except AnotherRun:
            if time.monotonic() > deadline:
                raise
        with stop.interruptible():
            time.sleep(locks.POLL_SECONDS)
