"""What the databases hold now: tables and row counts."""

from collections.abc import Callable

from sqlalchemy import Connection, text
from sqlalchemy.engine import URL

from datahub_seed import locks
from datahub_seed.db import connect, engine_for

LIST_TABLES = text(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version' ORDER BY tablename"
)


def count_rows(connection: Connection, tables: list[str]) -> dict[str, int]:
    """Exact row counts of ``tables`` in one round trip."""
    if not tables:
        return {}
    union = " UNION ALL ".join(f"SELECT '{name}', count(*) FROM public.\"{name}\"" for name in tables)
    return {name: count for name, count in connection.execute(text(union))}


def table_counts(urls: dict[str, URL], notify: Callable[[str], None] | None = None) -> dict[str, dict[str, int]]:
    """Row count of every table in the public schema of every database, read under the shared run
    lock so that a seed in progress is waited for rather than counted half-way."""
    counts = {}
    for database, url in urls.items():
        engine = engine_for(url)
        with connect(engine, database) as connection:
            locks.take_shared(connection, notify)
            counts[database] = count_rows(connection, list(connection.scalars(LIST_TABLES)))
        engine.dispose()
    return counts
