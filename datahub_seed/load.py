"""Writing generated rows: COPY by default, the ORM's bulk_insert_mappings as the portable path.

The caller owns the transaction, so a database is either loaded completely or not at all.
"""

import contextlib
import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import numpy as np
from sqlalchemy import Connection, Identity, Table, text
from sqlalchemy.orm import Session
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from datahub_seed import stop
from datahub_seed.db import driver_connection
from datahub_seed.generate.frame import Frame, Update
from datahub_seed.models import BASES

CHUNK_ROWS = 20_000
METHODS = ("copy", "orm")
Progress = Callable[[int], None]  # told the rows of each chunk written


def load(
    connection: Connection,
    database: str,
    items: Iterable[Frame | Update],
    method: str = "copy",
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write ``items`` in order (inside ``bulk_load``); returns rows written per table."""
    written: dict[str, int] = {}
    for item in items:
        if isinstance(item, Update):
            _update(connection, item)
            continue
        for chunk in item.chunks(CHUNK_ROWS):
            stop.checkpoint()
            if method == "copy":
                _copy(connection, chunk)
            else:
                _bulk_insert(connection, database, chunk)
            written[item.table.name] = written.get(item.table.name, 0) + len(chunk)
            if progress:
                progress(len(chunk))
    return written


@contextmanager
def bulk_load(connection: Connection, database: str) -> Iterator[None]:
    """Drop foreign keys and plain indexes while loading, then recreate (and so validate) them.

    A foreign key checked row by row costs more than writing the row; validated once after the
    load it is a single join. This is what pg_restore does. It all happens inside the caller's
    transaction, so a failure leaves the schema as it was. Identities continue after the ids written.
    """
    tables = [table for table in BASES[database].metadata.sorted_tables if table.schema is None]
    foreign_keys = [fk for table in tables for fk in table.foreign_key_constraints]
    indexes = [index for table in tables for index in table.indexes if not index.unique]
    for fk in foreign_keys:
        connection.execute(DropConstraint(fk))
    for index in indexes:
        connection.execute(DropIndex(index))
    yield
    for index in indexes:
        connection.execute(CreateIndex(index))
    for fk in foreign_keys:
        connection.execute(AddConstraint(fk))
    for table in tables:
        restart_identity(connection, table)


def _copy(connection: Connection, frame: Frame) -> None:
    columns = ", ".join(f'"{name}"' for name in frame.columns)
    cursor = driver_connection(connection).cursor()
    # When the server ends the session mid-COPY, psycopg2 reports the failure twice and prints the
    # first to sys.stderr (with a CONTEXT line quoting a row); the error it raises is told in one line.
    with contextlib.redirect_stderr(io.StringIO()):
        cursor.copy_expert(f'COPY "{frame.table.name}" ({columns}) FROM STDIN', io.StringIO(frame.copy_text()))
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
