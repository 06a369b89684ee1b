"""Engines and connections that fail with one readable sentence instead of a driver traceback."""

import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, suppress

import psycopg2
import psycopg2.extensions
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.pool import NullPool

from datahub_seed.errors import ConfigError, ConnectionFailed, DatabaseMissing, ServerRefused

CONNECT_TIMEOUT_SECONDS = 10  # default; DHUB_CONNECT_TIMEOUT overrides it


def engine_for(url: URL, autocommit: bool = False) -> Engine:
    """An engine for short-lived CLI use: no pool kept, a connect timeout, our application name."""
    options = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
    return create_engine(
        url,
        poolclass=NullPool,
        connect_args={"connect_timeout": connect_timeout(), "application_name": "datahub-seed"},
        **options,
    )


def connect_timeout() -> int:
    text = os.environ.get("DHUB_CONNECT_TIMEOUT", str(CONNECT_TIMEOUT_SECONDS))
    if not text.isdigit() or int(text) < 1:
        raise ConfigError(f"DHUB_CONNECT_TIMEOUT must be a whole number of seconds >= 1, not {text!r}")
    return int(text)


def driver_reason(error: Exception) -> str:
    """The server's or driver's own first line, without the URL (which may hold a password).
    Takes SQLAlchemy's wrapper or a raw psycopg2 error (COPY goes to the driver directly)."""
    original = getattr(error, "orig", error)
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    reason = lines[0] if lines else type(original).__name__
    for marker in ("FATAL:", "ERROR:"):
        if marker in reason:
            reason = reason.split(marker, 1)[1]
    if reason.startswith("connection to server at ") and " failed: " in reason:
        reason = reason.split(" failed: ", 1)[1]  # the host and port: every message names them itself
    return reason.removeprefix("invalid dsn: ").strip()


def where(url: URL) -> str:
    return f"{url.host or 'localhost'}:{url.port or 5432}"


@contextmanager
def connect(engine: Engine, database: str) -> Iterator[Connection]:
    """A connection to ``database``; every database error, at connect time or inside the block,
    becomes one sentence naming the database (a ``DhubError``)."""
    try:
        connection = engine.connect()
    except ProgrammingError as error:  # libpq refused the URL itself, e.g. an unknown ?option
        raise ConfigError(f"the URL for {database} is not usable: {driver_reason(error)}") from None
    except OperationalError as error:
        reason = driver_reason(error)
        if "does not exist" in reason and "database" in reason:
            raise DatabaseMissing(
                f"database {engine.url.database} does not exist on {where(engine.url)}; run `dhub db migrate` first"
            ) from None
        raise ConnectionFailed(f"cannot connect to {database} at {where(engine.url)}: {reason}") from None
    try:
        yield connection
    except (DBAPIError, psycopg2.Error) as error:  # COPY talks to the driver directly
        if getattr(error, "connection_invalidated", False) or connection.invalidated or connection.closed:
            raise ConnectionFailed(f"lost the connection to {database}: {driver_reason(error)}") from None
        raise ServerRefused(f"{database}: {driver_reason(error)}") from None
    finally:
        with suppress(DBAPIError):  # a connection the server dropped has nothing left to roll back
            connection.close()


def connect_all(stack: ExitStack, urls: dict[str, URL], autocommit: bool = False) -> dict[str, Connection]:
    """A connection to each database of ``urls`` (as ``connect`` makes them), closed by ``stack``.
    They are opened at once: each costs the server a new process and a password exchange. Of
    several failures, the first database's in ``urls``' order is raised."""
    managers = {}
    for database, url in urls.items():
        engine = engine_for(url, autocommit)
        stack.callback(engine.dispose)
        managers[database] = connect(engine, database)
    with ThreadPoolExecutor(len(managers), thread_name_prefix="dhub-connect") as pool:
        opening = {database: pool.submit(manager.__enter__) for database, manager in managers.items()}
    connections = {}
    for database, future in opening.items():
        if future.exception() is None:
            connections[database] = future.result()
            stack.push(managers[database].__exit__)
    for future in opening.values():
        future.result()
    return connections


def driver_connection(connection: Connection) -> psycopg2.extensions.connection:
    """The psycopg2 connection under ``connection``, for what goes to the driver directly (COPY)."""
    driver = connection.connection.driver_connection
    # SQLAlchemy types it optional: a pooled connection that was invalidated has none, and a
    # Connection hands out a live one (reconnecting if it must) or raises.
    assert driver is not None
    return driver


@contextmanager
def failures_named(database: str, after: str = "nothing was written") -> Iterator[None]:
    """A database error becomes one sentence naming the database and what it left behind."""
    try:
        yield
    except (DBAPIError, psycopg2.Error) as error:
        raise ConnectionFailed(f"{database}: {driver_reason(error)}; {after}") from None


def stream(source: Connection, columns: str, select: str, destination: Connection, table: str) -> None:
    """Copy what ``select`` reads on ``source`` into a temporary ``table`` (``columns``) on
    ``destination``, dropped at commit: COPY out and in, through a file past 32 MB, so work across
    two databases needs neither a link between them nor memory in proportion to the rows."""
    destination.execute(text(f"CREATE TEMPORARY TABLE IF NOT EXISTS {table} ({columns}) ON COMMIT DROP"))
    destination.execute(text(f"TRUNCATE {table}"))
    with tempfile.SpooledTemporaryFile(max_size=32 << 20, mode="w+b") as spool:
        driver_connection(source).cursor().copy_expert(f"COPY ({select}) TO STDOUT", spool)
        spool.seek(0)
        driver_connection(destination).cursor().copy_expert(f"COPY {table} FROM STDIN", spool)
    destination.execute(text(f"ANALYZE {table}"))
