"""Options shared by command families."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from datahub_seed.cli.output import notify
from datahub_seed.config import DATABASES, check_database_name, database_names, resolve_urls

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


class HelpGroup(click.Group):
    """A command group that, called alone (`dhub`, `dhub seed`), prints its help and exits 0."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args:
            click.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)


Command = TypeVar("Command", bound=Callable[..., Any])
ONLY = "datahub_seed.only"  # where --only leaves its databases, in the command's context


def _remember_only(ctx: click.Context, _param: click.Parameter, text: str | None) -> None:
    ctx.meta[ONLY] = database_names(text) if text else None


server_option = click.option(
    "--url",
    metavar="URL",
    help="Server for all six databases (postgresql://user@host:port); overrides DHUB_DATABASE_URL and "
    "DHUB_<NAME>_URL. A password written here shows in `ps`: give it in PGPASSWORD or a pgpass file.",
)


def url_option(command: Command) -> Command:
    """``--url`` (the command's ``url`` argument) and ``--only`` (read back with ``chosen()``)."""
    command = click.option(
        "--only",
        metavar="NAMES",
        expose_value=False,
        callback=_remember_only,
        help="Comma-separated databases to work on, e.g. accounts_db,loans_db [default: all six].",
    )(command)
    return server_option(command)


def chosen() -> tuple[str, ...] | None:
    """The databases --only named, or None for all six."""
    return click.get_current_context().meta.get(ONLY)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
database_option = click.option(
    "-d",
    "--database",
    required=True,
    metavar="NAME",
    callback=lambda _ctx, _param, name: check_database_name(name),
    help=f"Database to run against: one of {', '.join(DATABASES)}.",
)


def target_urls(url: str | None, first: str | None = None) -> dict[str, URL]:
    """The databases that ``--url`` and the environment name, with whatever a killed run left
    half committed settled first: every command that touches the databases starts here. A command
    about one database names it ``first``, so that is the one a connection failure names."""
    from datahub_seed import atomic  # imported when a command runs: help and usage errors stay fast

    urls = resolve_urls(url, notify, chosen())
    atomic.settle(dict(sorted(urls.items(), key=lambda item: item[0] != first)), notify)
    return urls
