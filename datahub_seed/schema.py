"""Schema management: create the six databases and bring each to its Alembic head."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from psycopg2 import errorcodes
from sqlalchemy import Connection, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from datahub_seed import reader, stop
from datahub_seed.config import DATABASES
from datahub_seed.db import connect, connect_all, engine_for, stream, where
from datahub_seed.errors import DatabaseMissing, ForeignData, SchemaDrift
from datahub_seed.links import CONTACTS, COUNTRY
from datahub_seed.locks import take_exclusive
from datahub_seed.models import RUNS_SCHEMA, public_tables

MIGRATIONS = Path(__file__).resolve().parent / "migrations"  # one Alembic tree, a history per database


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Compare only our schemas: public and the run-record schema."""
    return name in (None, "public", RUNS_SCHEMA) if type_ == "schema" else True


# The columns of the public schema's tables, from the catalog itself: information_schema's view of
# it takes milliseconds on a new connection, and every command asks.
PUBLIC_COLUMNS = text(
    "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0"
    " AND NOT a.attisdropped"
)

# What CREATE DATABASE fails with when another process created the same database a moment before.
CREATED_MEANWHILE = (errorcodes.DUPLICATE_DATABASE, errorcodes.UNIQUE_VIOLATION)

# How Alembic compares models and database, for migrations and for the drift test alike.
COMPARE_OPTIONS: dict[str, Any] = {"include_schemas": True, "include_name": include_name, "compare_type": True}


def alembic_config(database: str, connection: Connection | None = None) -> Config:
    """An Alembic config for one database's history, bound to ``connection`` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("version_locations", str(MIGRATIONS / "versions" / database))
    config.set_main_option("path_separator", "os")
    config.attributes["database"] = database
    config.attributes["connection"] = connection
    return config


@cache
def scripts(database: str) -> ScriptDirectory:
    """``database``'s migration history, read once per process: it is part of the installed package."""
    return ScriptDirectory.from_config(alembic_config(database))


def head_revision(database: str) -> str | None:
    return scripts(database).get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The revision Alembic stamped in the database, None before its first upgrade. Read directly:
    Alembic's MigrationContext costs milliseconds a connection, and every command asks."""
    if connection.scalar(text("SELECT to_regclass('public.alembic_version')")) is None:
        return None
    return connection.scalar(text("SELECT version_num FROM public.alembic_version"))


def check_history(connection: Connection, database: str) -> None:
    """Refuse a database whose Alembic revision is not of ``database``'s own history, e.g. a URL for
    accounts_db that names a migrated loans_db: Alembic alone would fail with a traceback."""
    revision = current_revision(connection)
    if revision is None or revision in _revisions(database):
        return
    owner = next((other for other in DATABASES if revision in _revisions(other)), None)
    holds = f"holds dhub's {owner} schema" if owner else "holds a schema no dhub history knows"
    raise ForeignData(
        f"{database}: database {connection.engine.url.database} {holds} (revision {revision}); "
        f"point {database} at a database of its own"
    )


def _revisions(database: str) -> set[str]:
    return {script.revision for script in scripts(database).walk_revisions()}


def create_database(url: URL) -> bool:
    """Create the database ``url`` names, on its server, unless it exists; True when created."""
    database = url.database
    assert database is not None  # every URL dhub resolves names its database
    maintenance = engine_for(url.set(database="postgres"), autocommit=True)
    try:
        with connect(maintenance, database) as connection:
            if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": database}):
                return False
            try:
                connection.execute(text(f'CREATE DATABASE "{database}"'))
            except DBAPIError as error:
                if getattr(error.orig, "pgcode", None) in CREATED_MEANWHILE:
                    return False  # another dhub created it since we looked: it exists, as wanted
                raise
            return True
    finally:
        maintenance.dispose()


def upgrade(database: str, url: URL, revision: str = "head", notify: Callable[[str], None] | None = None) -> bool:
    """Bring one database to ``revision``; True when anything changed. A change holds the run lock,
    so two migrations (or a migration and a seed run) never create the same tables at once."""
    engine = engine_for(url)
    try:
        with connect(engine, database) as connection:
            return upgrade_on(connection, database, revision, notify)
    finally:
        engine.dispose()


def upgrade_on(
    connection: Connection, database: str, revision: str = "head", notify: Callable[[str], None] | None = None
) -> bool:
    """``upgrade`` on a connection already open."""
    check_history(connection, database)
    reader.grant(connection)
    connection.commit()
    if current_revision(connection) == scripts(database).as_revision_number(revision):
        check_schema(connection, database)
        return False
    take_exclusive(connection, database, notify)
    before = current_revision(connection)
    command.upgrade(alembic_config(database, connection), revision)
    reader.grant(connection)  # the tables this upgrade made
    connection.commit()
    check_schema(connection, database)
    return current_revision(connection) != before


def check_schema(connection: Connection, database: str) -> None:
    """Raise ``SchemaDrift`` when tables or columns of the models are missing from the database,
    e.g. dropped by hand: Alembic's revision alone would call the database up to date."""
    present: dict[str, set[str]] = {}
    for table, column in connection.execute(PUBLIC_COLUMNS):
        present.setdefault(table, set()).add(column)
    missing = []
    for table in public_tables(database):
        if table.name not in present:
            missing.append(f"table {table.name}")
        else:
            missing += [f"column {table.name}.{c.name}" for c in table.columns if c.name not in present[table.name]]
    if missing:
        named = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise SchemaDrift(
            f"{database}: {named} {'is' if len(missing) == 1 else 'are'} missing although the schema is at "
            f"revision {current_revision(connection)}; restore {'it' if len(missing) == 1 else 'them'}, or drop "
            f"database {connection.engine.url.database} and run `dhub db migrate` to recreate it"
        )


def downgrade(database: str, url: URL, revision: str = "base") -> None:
    engine = engine_for(url)
    try:
        with connect(engine, database) as connection:
            command.downgrade(alembic_config(database, connection), revision)
            connection.commit()
    finally:
        engine.dispose()


def foreign_tables(connection: Connection) -> list[str]:
    """Tables in a database that dhub never migrated (no Alembic version table of its own)."""
    names = list(connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")))
    connection.commit()
    return [] if "alembic_version" in names else sorted(names)


def existing_databases(url: URL) -> set[str]:
    """The databases on the server of ``url``: one look for all six, instead of one each."""
    engine = engine_for(url.set(database="postgres"), autocommit=True)
    try:
        with connect(engine, "postgres") as connection:
            return set(connection.scalars(text("SELECT datname FROM pg_database")))
    finally:
        engine.dispose()


def migrate_all(urls: dict[str, URL], notify: Callable[[str], None], adopt: bool = False) -> list[str]:
    """Create and upgrade every database, saying what changed; the databases that did. A database
    that holds tables dhub did not create is refused, unless ``adopt`` lets dhub add its own beside."""
    stop.pause_point("migrate")
    stop.checkpoint()
    if all_current(urls):
        return []
    changed = []
    existing: dict[str, set[str]] = {}  # per server
    try:
        for database, url in urls.items():
            stop.pause_point(f"migrate:{database}")
            stop.checkpoint()
            if where(url) not in existing:
                create_reader(url)
                existing[where(url)] = existing_databases(url)
            if migrate_one(database, url, notify, adopt, url.database in existing[where(url)]):
                changed.append(database)
    except stop.Stopped as stopped:
        if not changed:
            raise
        raise stopped.told(f"migrated {', '.join(changed)} and left the others as they were") from None
    if "customer_db" in changed and "accounts_db" in urls:
        copy_contacts(urls, notify)
    return changed


def all_current(urls: dict[str, URL]) -> bool:
    """Whether every database exists with nothing for ``upgrade_on`` to do: the usual case, asked
    of the six at once (errors such as a schema drift are raised as ``upgrade_on`` raises them)."""
    with ExitStack() as stack:
        try:
            connections = connect_all(stack, urls)
        except DatabaseMissing:
            return False
        with ThreadPoolExecutor(len(connections), thread_name_prefix="dhub-migrate") as pool:
            current = list(pool.map(is_current, connections.values(), connections.keys()))
        return all(current)


def is_current(connection: Connection, database: str) -> bool:
    """At the head revision, whole, with the reader made and granted: what ``migrate_one`` leaves as it is."""
    check_history(connection, database)
    if current_revision(connection) != head_revision(database) or not reader.settled(connection):
        return False
    check_schema(connection, database)
    return True


def copy_contacts(urls: dict[str, URL], notify: Callable[[str], None]) -> None:
    """Fill the CRM's copy of each customer where customer_db's second revision left it empty (a
    revision of one database cannot read another), from accounts_db, as seeding would have."""
    source, target = engine_for(urls["accounts_db"]), engine_for(urls["customer_db"])
    try:
        with connect(source, "accounts_db") as accounts, connect(target, "customer_db") as profiles:
            take_exclusive(profiles, "customer_db", notify)
            stream(accounts, *CONTACTS, profiles, "contacts")
            filled = profiles.execute(
                text(
                    "UPDATE customer_profiles p SET full_name = c.full_name, email = c.email, phone = c.phone,"
                    " address = c.address, city = c.city, country = :country FROM contacts c"
                    " WHERE c.id = p.customer_id AND p.full_name IS NULL"
                ),
                {"country": COUNTRY},
            ).rowcount
            profiles.commit()
    finally:
        source.dispose()
        target.dispose()
    if filled:
        notify(f"customer_db: copied {filled:,} customers' name, email, phone and address from accounts_db")


def migrate_one(database: str, url: URL, notify: Callable[[str], None], adopt: bool, exists: bool) -> bool:
    """Create (unless it ``exists``) and upgrade one database (see ``migrate_all``); True when anything changed."""
    created = not exists and create_database(url)
    engine = engine_for(url)
    try:
        with connect(engine, database) as connection:
            refuse_foreign([] if created else foreign_tables(connection), database, adopt)
            upgraded = upgrade_on(connection, database, notify=notify)
    finally:
        engine.dispose()
    if created or upgraded:
        notify(f"{database}: {'created, ' if created else ''}migrated to {head_revision(database)}")
    return created or upgraded


def refuse_foreign(others: list[str], database: str, adopt: bool) -> None:
    """Refuse a database holding tables dhub did not create, unless ``adopt``; and always one holding
    a table of the name dhub needs."""
    if others and not adopt:
        raise ForeignData(
            f"{database} holds tables dhub did not create ({', '.join(others[:3])}); "
            "use an empty database, or pass --replace to add dhub's tables beside them"
        )
    clashes = [table.name for table in public_tables(database) if table.name in others]
    if clashes:
        which = f"a table {clashes[0]}" if len(clashes) == 1 else f"tables {', '.join(clashes)}"
        raise ForeignData(
            f"{database} holds {which} that dhub did not create and needs to; rename or drop "
            f"{'it' if len(clashes) == 1 else 'them'}, or point {database} at another database; "
            "nothing was changed in it"
        )


def create_reader(url: URL) -> None:
    """Make the reader role (``reader``) where the login is a superuser, once per server."""
    engine = engine_for(url.set(database="postgres"), autocommit=True)
    try:
        with connect(engine, "postgres") as connection:
            if connection.scalar(reader.SUPERUSER):
                reader.create(connection)
    finally:
        engine.dispose()
