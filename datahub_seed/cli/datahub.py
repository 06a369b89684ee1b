"""`dhub datahub`: write the DataHub kit (recipes, lineage, glossary, domains and owners), and run it."""

from collections.abc import Callable
from pathlib import Path

import click
from sqlalchemy.engine import URL

from datahub_seed.catalog import Target, export
from datahub_seed.catalog.client import find_client, run_recipe
from datahub_seed.catalog.recipes import PASSWORD_ENV
from datahub_seed.cli.options import target_urls, url_option
from datahub_seed.errors import ConfigError

KIT_OPTIONS = [
    click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("datahub"),
        show_default=True,
        help="Directory to write the kit into.",
    ),
    click.option(
        "--sink",
        type=click.Choice(["file", "rest"]),
        default="file",
        show_default=True,
        help="file: each recipe writes its events to OUT/out/<recipe>.json; rest: to a DataHub server.",
    ),
    click.option("--server", metavar="URL", help="DataHub's REST endpoint (GMS), for --sink rest."),
    click.option("--token-env", metavar="VAR", help="Environment variable holding DataHub's access token."),
    click.option("--host", help="Host DataHub reaches PostgreSQL at [default: the databases' own]."),
    click.option("--port", type=click.IntRange(1, 65535), help="Port DataHub reaches PostgreSQL at."),
    click.option("--profile", is_flag=True, help="Profile every table (row counts, value distributions)."),
    url_option,
]


def kit_options(command: Callable) -> Callable:
    for option in reversed(KIT_OPTIONS):
        command = option(command)
    return command


@click.group()
def datahub() -> None:
    """Put the six databases into a DataHub catalog."""


def write_kit(out, sink, server, token_env, host, port, profile, url) -> tuple[list[Path], URL]:
    """The kit written for the databases ``url`` and the environment name; and their server's URL."""
    if sink == "rest" and not server:
        raise ConfigError("--sink rest needs --server URL (DataHub's REST endpoint, e.g. http://localhost:8080)")
    urls = target_urls(url)
    places = {(each.host, each.port, each.username) for each in urls.values()}
    if len(places) > 1:
        raise ConfigError("the postgres recipe reads all six databases from one server; these are on several")
    first = next(iter(urls.values()))
    target = Target(
        host or first.host or "localhost",
        port or first.port or 5432,
        first.username or "postgres",
        {name: each.database or name for name, each in urls.items()},
        out.resolve(),
        sink,
        server,
        token_env,
        profile,
    )
    return export(target), first


@datahub.command(name="export")
@kit_options
def export_command(**options) -> None:
    """Write the recipes and the files they read into OUT."""
    recipes, _ = write_kit(**options)
    for path in recipes:
        click.echo(f"Wrote {path}")
    click.echo(f"Run each with `datahub ingest -c <recipe>`, the database password in ${PASSWORD_ENV}.")


@datahub.command()
@kit_options
def ingest(**options) -> None:
    """Write the kit, then run each recipe with DataHub's `datahub` client (on PATH, or DHUB_DATAHUB_CLI)."""
    client = find_client()
    recipes, server = write_kit(**options)
    for recipe in recipes:
        click.echo(f"{recipe.stem}: {run_recipe(client, recipe, server.password)}")
