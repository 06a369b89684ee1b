"""Schema management: create the six databases and bring each to its Alembic head."""

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.engine import URL

from datahub_seed import stop
from datahub_seed.db import connect, engine_for
from datahub_seed.errors import ForeignData
from datahub_seed.models import RUNS_SCHEMA

# The repository's top-level tree in a checkout; the copy a wheel carries inside the package otherwise.
MIGRATIONS = next(
    path
    for path in (Path(__file__).resolve().parent.parent / "migrations", Path(__file__).resolve().parent / "migrations")
    if (path / "env.py").exists()
)


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Compare only our schemas: public and the run-record schema."""
    return name in (None, "public", RUNS_SCHEMA) if type_ == "schema" else True


# How Alembic compares models and database, for migrations and for the drift test alike.
COMPARE_OPTIONS = {"include_schemas": True, "include_name": include_name, "compare_type": True}


def alembic_config(database: str, connection: Connection | None = None) -> Config:
    """An Alembic config for one database's history, bound to ``connection`` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("version_locations", str(MIGRATIONS / "versions" / database))
    config.set_main_option("path_separator", "os")
    config.attributes["database"] = database
    config.attributes["connection"] = connection
    return config


def head_revision(database: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(database)).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def create_database(url: URL) -> bool:
    """Create the database ``url`` names, on its server, unless it exists; True when created."""
    database = url.database
    maintenance = engine_for(url.set(database="postgres"), autocommit=True)
    try:
        with connect(maintenance, database) as connection:
            exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": database})
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{database}"'))
            return not exists
    finally:
        maintenance.dispose()


def upgrade(database: str, url: URL, revision: str = "head") -> bool:
    """Bring one database to ``revision``; True when anything changed."""
    engine = engine_for(url)
    try:
        with connect(engine, database) as connection:
            before = current_revision(connection)
            command.upgrade(alembic_config(database, connection), revision)
            connection.commit()
            return current_revision(connection) != before
    finally:
        engine.dispose()


def downgrade(database: str, url: URL, revision: str = "base") -> None:
    engine = engine_for(url)
    try:
        with connect(engine, database) as connection:
            command.downgrade(alembic_config(database, connection), revision)
            connection.commit()
    finally:
        engine.dispose()


def foreign_tables(url: URL, database: str) -> list[str]:
    """Tables in a database that dhub never migrated (no Alembic version table of its own)."""
    engine = engine_for(url)
    try:
        with connect(engine, database) as connection:
            names = list(connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")))
    finally:
        engine.dispose()
    return [] if "alembic_version" in names else sorted(names)


def migrate_all(urls: dict[str, URL], notify: Callable[[str], None], adopt: bool = False) -> bool:
    """Create and upgrade every database, saying what changed; True when anything did. A database
    that holds tables dhub did not create is refused, unless ``adopt`` lets dhub add its own beside."""
    changed = []
    try:
        for database, url in urls.items():
            stop.pause_point(f"migrate:{database}")
            stop.checkpoint()
            if migrate_one(database, url, notify, adopt):
                changed.append(database)
    except stop.Stopped as stopped:
        if not changed:
            raise
        raise stopped.told(f"migrated {', '.join(changed)} and left the others as they were") from None
    return bool(changed)


def migrate_one(database: str, url: URL, notify: Callable[[str], None], adopt: bool) -> bool:
    """Create and upgrade one database (see ``migrate_all``); True when anything changed."""
    created = create_database(url)
    others = [] if created or adopt else foreign_tables(url, database)
    if others:
        raise ForeignData(
            f"{database} holds tables dhub did not create ({', '.join(others[:3])}); "
            "use an empty database, or pass --replace to add dhub's tables beside them"
        )
    upgraded = upgrade(database, url)
    if created or upgraded:
        notify(f"{database}: {'created, ' if created else ''}migrated to {head_revision(database)}")
    return created or upgraded
