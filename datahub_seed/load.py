"""Writing generated rows: COPY by default, the ORM's bulk_insert_mappings as the portable path.

The caller owns the transaction, so a database is either loaded completely or not at all.
"""

import contextlib
import io
from collections.abc import Callable, Container, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, Constraint, Identity, Index, Table, UniqueConstraint, text
from sqlalchemy.orm import Session
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex, ExecutableDDLElement

from datahub_seed.db import driver_connection, failures_named
from datahub_seed.generate.copy_text import render
from datahub_seed.generate.frame import Frame, Update
from datahub_seed.models import BASES

CHUNK_ROWS = 20_000
AHEAD_BYTES = 4 << 20  # rendered ahead of COPY at most: a small run's whole data, a large run's few chunks
ROW_BYTES = 80  # about what a row takes as COPY text (67 MB for scale 10's 856,000 rows)


@dataclass
class Write:
    """One thing to write into ``database``: a chunk of rows (with its COPY data when loading by
    COPY), or an update of rows already written."""

    database: str
    item: Frame | Update
    copy_data: bytes | None = None


def writes(
    groups: Iterable[tuple[str, list[Frame | Update]]], databases: Container[str], method: str
) -> Iterator[Write | str]:
    """What to write, in order: a database's name where each of its groups begins, then the group's
    chunks and updates. Groups of other databases are generated, since later ones refer to them,
    but not rendered."""
    for database, items in groups:
        yield database
        if database not in databases:
            continue
        for item in items:
            if isinstance(item, Update):
                yield Write(database, item)
                continue
            for chunk in item.chunks(CHUNK_ROWS):
                yield Write(database, chunk, render(chunk) if method == "copy" else None)


def held_bytes(step: Write | str) -> int:
    """About what ``step`` keeps in memory while it waits to be written."""
    if isinstance(step, str):
        return 0
    if step.copy_data is not None:
        return len(step.copy_data)
    return ROW_BYTES * len(step.item.keys if isinstance(step.item, Update) else step.item)


def write(connection: Connection, step: Write) -> int:
    """Carry out ``step`` (inside ``bulk_load``); returns the rows it added."""
    if isinstance(step.item, Update):
        _update(connection, step.item)
        return 0
    if step.copy_data is not None:
        _copy(connection, step.item, step.copy_data)
    else:
        _bulk_insert(connection, step.database, step.item)
    return len(step.item)


@contextmanager
def bulk_load(connections: dict[str, Connection]) -> Iterator[None]:
    """Load with no keys or indexes, then build them (and so validate the data against them), the
    six databases at once.

    A key or index kept up row by row costs more than writing the row; built once after the load it
    is a sort, and a foreign key is validated by a single join. This is what pg_restore does. It all
    happens inside the caller's transactions, so a failure leaves the schemas as they were.
    Identities continue after the ids written.
    """
    held_back = {database: _keys_and_indexes(database) for database in connections}
    _each_database(connections, lambda connection, database: _drop(connection, held_back[database]))
    yield
    _each_database(connections, lambda connection, database: _build(connection, database, held_back[database]))


def _each_database(connections: dict[str, Connection], work: Callable[[Connection, str], None]) -> None:
    """``work`` on every database at once, each on its own connection; of several failures, the first
    database's is raised."""
    with ThreadPoolExecutor(len(connections), thread_name_prefix="dhub-ddl") as pool:
        running = {
            database: pool.submit(_named, database, work, connection) for database, connection in connections.items()
        }
    for future in running.values():
        future.result()


def _named(database: str, work: Callable[[Connection, str], None], connection: Connection) -> None:
    with failures_named(database):
        work(connection, database)


def _drop(connection: Connection, elements: list[Constraint | Index]) -> None:
    for element in reversed(elements):  # foreign keys first: they need the keys they refer to
        connection.execute(_dropping(element))


def _keys_and_indexes(database: str) -> list[Constraint | Index]:
    """What to build after the load, in order: primary keys, unique constraints, indexes, and last
    the foreign keys, which need the keys they refer to."""
    tables = [table for table in BASES[database].metadata.sorted_tables if table.schema is None]
    built: list[Constraint | Index] = [table.primary_key for table in tables]
    built += [c for table in tables for c in table.constraints if isinstance(c, UniqueConstraint)]
    built += [index for table in tables for index in table.indexes]
    return built + [fk for table in tables for fk in table.foreign_key_constraints]


def _building(element: Constraint | Index) -> ExecutableDDLElement:
    return CreateIndex(element) if isinstance(element, Index) else AddConstraint(element)


def _dropping(element: Constraint | Index) -> ExecutableDDLElement:
    return DropIndex(element) if isinstance(element, Index) else DropConstraint(element)


def _build(connection: Connection, database: str, elements: list[Constraint | Index]) -> None:
    for element in elements:
        connection.execute(_building(element))
    for table in BASES[database].metadata.sorted_tables:
        if table.schema is None:
            restart_identity(connection, table)


def _copy(connection: Connection, frame: Frame, data: bytes) -> None:
    columns = ", ".join(f'"{name}"' for name in frame.columns)
    cursor = driver_connection(connection).cursor()
    # When the server ends the session mid-COPY, psycopg2 reports the failure twice and prints the
    # first to sys.stderr (with a CONTEXT line quoting a row); the error it raises is told in one line.
    with contextlib.redirect_stderr(io.StringIO()):
        cursor.copy_expert(f'COPY "{frame.table.name}" ({columns}) FROM STDIN', io.BytesIO(data), max(len(data), 1))
    cursor.close()


def _bulk_insert(connection: Connection, database: str, frame: Frame) -> None:
    mapper = next(m for m in BASES[database].registry.mappers if m.local_table is frame.table)
    with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
        session.bulk_insert_mappings(mapper, frame.python_rows())
        session.commit()  # releases the savepoint; the caller still owns the transaction


def _update(connection: Connection, update: Update) -> None:
    connection.execute(
        text(
            f'UPDATE "{update.table.name}" AS t SET "{update.column}" = v.value'
            " FROM unnest(CAST(:keys AS bigint[]), CAST(:values AS bigint[])) AS v(key, value)"
            f' WHERE t."{update.key}" = v.key'
        ),
        {"keys": np.asarray(update.keys).tolist(), "values": np.asarray(update.values).tolist()},
    )


def restart_identity(connection: Connection, table: Table) -> None:
    """After explicit ids were written, make the identity continue after the largest one."""
    for column in table.primary_key.columns:
        if isinstance(column.identity, Identity):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column.name}'),"
                    f' coalesce(max("{column.name}"), 1), max("{column.name}") IS NOT NULL) FROM "{table.name}"'
                )
            )
