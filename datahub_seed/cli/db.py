"""`dhub db`: create and migrate the databases, list their tables, run a query."""

import click
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from datahub_seed import migrate
from datahub_seed.cli.options import database_option, json_option, target_urls, url_option
from datahub_seed.cli.output import echo_json, notify, render_table
from datahub_seed.db import connect, driver_reason, engine_for
from datahub_seed.errors import QueryFailed
from datahub_seed.inventory import table_counts


@click.group()
def db() -> None:
    """Create, migrate and inspect the six databases."""


@db.command()
@url_option
def migrate_(url: str | None) -> None:
    """Create missing databases and upgrade each to the latest schema."""
    changed = migrate.migrate_all(target_urls(url), notify)
    if not changed:
        click.echo("All six databases are up to date; nothing changed.")


db.add_command(migrate_, "migrate")


@db.command()
@url_option
@json_option
def tables(url: str | None, as_json: bool) -> None:
    """List every table of every database with its row count."""
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
@click.option("--write", is_flag=True, help="Allow a statement that changes data (read-only otherwise).")
@url_option
@json_option
def query(sql: str, database: str, write: bool, url: str | None, as_json: bool) -> None:
    """Run one SQL statement against one database and print its result."""
    engine = engine_for(target_urls(url, first=database)[database])
    with connect(engine, database) as connection:
        try:
            if not write:
                connection.execute(text("SET TRANSACTION READ ONLY"))
            result = connection.exec_driver_sql(sql)
            headers = list(result.keys()) if result.returns_rows else []
            rows = [tuple(row) for row in result] if result.returns_rows else []
            connection.commit()
        except DBAPIError as error:
            reason = driver_reason(error)
            if "read-only transaction" in reason:
                raise QueryFailed("refused: the statement writes data; pass --write to allow it") from None
            raise QueryFailed(f"query failed on {database}: {reason}") from None
    engine.dispose()
    if as_json:
        echo_json([dict(zip(headers, row, strict=True)) for row in rows])
    elif headers:
        click.echo(render_table(headers, rows))
        click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    else:
        click.echo(f"OK ({result.rowcount} row{'s' if result.rowcount != 1 else ''} affected)")
