"""`dhub datahub`: write the DataHub kit (recipes, lineage, glossary, domains and owners)."""

from pathlib import Path

import click

from datahub_seed.catalog import Target, export
from datahub_seed.catalog.recipes import PASSWORD_ENV
from datahub_seed.cli.options import target_urls, url_option
from datahub_seed.errors import ConfigError


@click.group()
def datahub() -> None:
    """Put the six databases into a DataHub catalog."""


@datahub.command(name="export")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("datahub"),
    show_default=True,
    help="Directory to write the kit into.",
)
@click.option(
    "--sink",
    type=click.Choice(["file", "rest"]),
    default="file",
    show_default=True,
    help="file: each recipe writes its events to OUT/out/<recipe>.json; rest: to a DataHub server.",
)
@click.option("--server", metavar="URL", help="DataHub's REST endpoint (GMS), for --sink rest.")
@click.option("--token-env", metavar="VAR", help="Environment variable holding DataHub's access token.")
@click.option("--host", help="Host DataHub reaches PostgreSQL at [default: the databases' own].")
@click.option("--port", type=click.IntRange(1, 65535), help="Port DataHub reaches PostgreSQL at.")
@click.option("--profile", is_flag=True, help="Profile every table (row counts, value distributions).")
@url_option
def export_command(out, sink, server, token_env, host, port, profile, url) -> None:
    """Write the recipes and the files they read into OUT."""
    if sink == "rest" and not server:
        raise ConfigError("--sink rest needs --server URL (DataHub's REST endpoint, e.g. http://localhost:8080)")
    urls = target_urls(url)
    places = {(each.host, each.port, each.username) for each in urls.values()}
    if len(places) > 1:
        raise ConfigError("the postgres recipe reads all six databases from one server; these are on several")
    ((found_host, found_port, username),) = places
    target = Target(
        host or found_host or "localhost",
        port or found_port or 5432,
        username or "postgres",
        tuple(each.database or name for name, each in urls.items()),
        out.resolve(),
        sink,
        server,
        token_env,
        profile,
    )
    for path in export(target):
        click.echo(f"Wrote {path}")
    click.echo(f"Run each with `datahub ingest -c <recipe>`, the database password in ${PASSWORD_ENV}.")
