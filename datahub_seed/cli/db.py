"""`dhub db`: create and migrate the databases, list their tables, run a query, describe them."""

import click

from datahub_seed.cli.options import (
    HelpGroup,
    chosen,
    database_option,
    json_option,
    server_option,
    target_urls,
    url_option,
)
from datahub_seed.cli.output import echo_json, notify, render_table
from datahub_seed.config import DATABASES, check_database_name, configured_urls
from datahub_seed.errors import QueryFailed


@click.group(cls=HelpGroup)
def db() -> None:
    """Create, migrate and inspect the six databases."""


@db.command(name="migrate")
@url_option
def migrate_(url: str | None) -> None:
    """Create missing databases and upgrade each to the latest schema.

    \b
    Examples:
      dhub db migrate
      DHUB_DATABASE_URL=postgresql://me@db.example:5432 dhub db migrate
    """
    # Imported here, not at the top: help and usage errors stay fast without SQLAlchemy and alembic.
    from datahub_seed.schema import migrate_all

    changed = migrate_all(target_urls(url), notify)
    if not changed:
        click.echo("All six databases are up to date; nothing changed.")


@db.command()
@url_option
@json_option
def tables(url: str | None, as_json: bool) -> None:
    """List every table of every database with its row count.

    \b
    Example:
      dhub db tables --json
    """
    from datahub_seed.inventory import table_counts

    rows = [
        (database, table, count)
        for database, counts in table_counts(target_urls(url), notify).items()
        for table, count in counts.items()
    ]
    if as_json:
        echo_json([{"database": d, "table": t, "rows": n} for d, t, n in rows])
    else:
        click.echo(render_table(["database", "table", "rows"], rows))
        click.echo(f"{len(rows)} tables, {sum(n for *_, n in rows):,} rows")


@db.command()
@click.argument("sql")
@database_option
@click.option("--write", is_flag=True, help="Allow statements that change data, all in one transaction.")
@server_option  # -d names the one database: no --only
@json_option
def query(sql: str, database: str, write: bool, url: str | None, as_json: bool) -> None:
    """Run SQL against one database and print each result.

    Without --write: exactly one statement that reads (SELECT, WITH, TABLE, VALUES, SHOW, EXPLAIN),
    in a read-only transaction, as a role that can only read: logged in as it on the embedded
    server, switched to it elsewhere where it exists. With --write: any statements, run in order in
    one transaction that is committed at the end.

    \b
    Example:
      dhub db query "SELECT channel, count(*) FROM interactions GROUP BY 1" -d customer_db
    """
    import psycopg2
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from datahub_seed import readonly
    from datahub_seed.db import connect, driver_connection, driver_reason, engine_for
    from datahub_seed.reader import READER
    from datahub_seed.server import EmbeddedServer

    statements = readonly.check_writable(sql) if write else [readonly.check_read(sql)]
    login = target_urls(url, first=database)[database]
    as_reader = not write and configured_urls(url, chosen())[database] is None  # on the embedded server
    engine = engine_for(EmbeddedServer.from_environment().reader_url(database) if as_reader else login)
    results = []
    with connect(engine, database) as connection:
        try:
            if not write:
                connection.execute(text("SET TRANSACTION READ ONLY"))
            if not write and not as_reader and connection.scalar(text(READER_IS_MINE), {"role": READER}):
                # A superuser's session switched to the reader could switch back (set_config in a
                # function someone made with --write); the README says how to close that door.
                connection.execute(text(f"SET LOCAL ROLE {READER}"))
            driver = driver_connection(connection)
            cursor = driver.cursor()
            for statement in statements:
                cursor.execute(statement.text)  # no parameters: a % in the text reaches PostgreSQL as written
                headers = [column.name for column in cursor.description] if cursor.description else []
                results.append((headers, cursor.fetchall() if headers else [], cursor.statusmessage))
            driver.commit() if write else driver.rollback()  # the statements ran on the driver's cursor
        except (DBAPIError, psycopg2.Error) as error:
            raise QueryFailed(f"query failed on {database}: {driver_reason(error)}") from None
    engine.dispose()
    if as_json:
        shown = [[dict(zip(headers, row, strict=True)) for row in rows] for headers, rows, _ in results]
        echo_json(shown[0] if len(shown) == 1 else shown)
        return
    for headers, rows, status in results:
        if headers:
            click.echo(render_table(headers, rows, grouped=False))  # ids as they can be pasted back
            click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
        else:
            click.echo(done_line(status))


def done_line(status: str | None) -> str:
    """What a statement without rows did, from PostgreSQL's command tag: ``INSERT 0 3`` says
    ``INSERT: 3 rows``, ``CREATE TABLE`` says ``CREATE TABLE: done``."""
    if not status:
        return "done"
    command, _, count = status.rpartition(" ")
    if count.isdigit() and command:
        command = command.removesuffix(" 0")  # INSERT's tag carries an oid, always 0 since PostgreSQL 12
        return f"{command}: {int(count):,} row{'s' if count != '1' else ''}"
    return f"{status}: done"


@db.command()
@click.option(
    "--format",
    "shape",
    type=click.Choice(["markdown", "yaml", "json"]),
    default="markdown",
    show_default=True,
    help="How to write the dictionary.",
)
@click.option(
    "-d",
    "--database",
    "only",
    multiple=True,
    callback=lambda _c, _p, names: [check_database_name(n) for n in names],
    metavar="NAME",
    help="Describe only this database (repeatable) [default: all six].",
)
def describe(shape: str, only: list[str]) -> None:
    """Print the data dictionary: every table and column with its type, nullability, description and
    what it refers to, in its database or another. Reads the models; needs no server.

    \b
    Example:
      dhub db describe -d loans_db --format yaml
    """
    import yaml

    from datahub_seed.catalog.dictionary import dictionary, markdown

    described = dictionary(only or list(DATABASES))
    if shape == "json":
        echo_json(described)
    elif shape == "yaml":
        click.echo(yaml.safe_dump(described, sort_keys=False), nl=False)
    else:
        click.echo(markdown(described), nl=False)


# The reader role exists and this login may take it (a superuser may take any).
READER_IS_MINE = "SELECT pg_has_role(rolname, 'MEMBER') FROM pg_roles WHERE rolname = :role"
