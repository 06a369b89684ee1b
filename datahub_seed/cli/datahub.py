"""`dhub datahub`: write the DataHub kit (recipes, lineage, glossary, domains and owners), and run it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from datahub_seed import stop
from datahub_seed.cli.options import HelpGroup, target_urls, url_option
from datahub_seed.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

KIT_OPTIONS: list[Callable[[Callable], Callable]] = [
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


@click.group(cls=HelpGroup)
def datahub() -> None:
    """Put the six databases into a DataHub catalog."""


def check_kit_options(out: Path, sink: str, server: str | None, token_env: str | None) -> None:
    """Usage errors before anything is written: a REST sink's settings, and a directory of our own."""
    if sink == "rest" and not server:
        raise ConfigError("--sink rest needs --server URL (DataHub's REST endpoint, e.g. http://localhost:8080)")
    if sink == "file" and (server or token_env):
        raise ConfigError("--server and --token-env are for --sink rest; --sink file writes into OUT/out")
    if server and not re.fullmatch(r"https?://[^\s$]+", server):
        raise ConfigError(f"--server must be an http:// or https:// URL, not {server!r}")
    if token_env and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token_env):
        raise ConfigError(f"--token-env must name an environment variable, not {token_env!r}")
    if "$" in str(out):
        raise ConfigError(f"--out cannot hold a $ (DataHub expands ${{...}} in recipes): {out}")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ConfigError(f"--out {out} is not a directory")
    if out.exists() and (out.stat().st_uid != os.geteuid() or out.stat().st_mode & 0o022):
        raise ConfigError(f"--out {out} belongs to another user or others may write to it; choose one of your own")


def write_kit(out, sink, server, token_env, host, port, profile, url) -> tuple[list[Path], URL]:
    """The kit written for the databases ``url`` and the environment name; and their server's URL."""
    check_kit_options(out, sink, server, token_env)
    # Imported here, not at the top: help and usage errors stay fast without the catalog's models.
    from datahub_seed.catalog import Target, export

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
    """Write the recipes and the files they read into OUT.

    \b
    Example:
      dhub datahub export --out datahub --host host.docker.internal
    """
    recipes, _ = write_kit(**options)
    from datahub_seed.catalog.recipes import PASSWORD_ENV

    for path in recipes:
        click.echo(f"Wrote {path}")
    click.echo(f"Run each with `datahub ingest -c <recipe>`, the database password in ${PASSWORD_ENV}.")


@datahub.command()
@kit_options
def ingest(**options) -> None:
    """Write the kit, then run each recipe with DataHub's `datahub` client (on PATH, or DHUB_DATAHUB_CLI).

    \b
    Example:
      dhub datahub ingest --sink rest --server http://localhost:8080 --token-env DATAHUB_TOKEN
    """
    from datahub_seed.catalog.client import find_client, run_recipe

    client = find_client()
    if options["token_env"] and options["token_env"] not in os.environ:
        raise ConfigError(f"--token-env names {options['token_env']}, which is not set")
    recipes, server = write_kit(**options)
    done: list[str] = []
    for recipe in recipes:
        try:
            said = run_recipe(client, recipe, recipe.parent.parent / "out" / f"{recipe.stem}.log", server.password)
        except stop.Stopped as stopped:
            finished = f"{', '.join(done)} had finished" if done else "none had finished"
            raise stopped.told(f"stopped DataHub's client during the {recipe.stem} recipe; {finished}") from None
        click.echo(f"{recipe.stem}: {said}")
        done.append(recipe.stem)
