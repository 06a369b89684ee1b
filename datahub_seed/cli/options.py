"""Options shared by command families."""

import click
from sqlalchemy.engine import URL

from datahub_seed import atomic
from datahub_seed.cli.output import notify
from datahub_seed.config import DATABASES, check_database_name, resolve_urls

url_option = click.option(
    "--url",
    metavar="URL",
    help="Server for all six databases (postgresql://user@host:port); overrides DHUB_DATABASE_URL and "
    "DHUB_<NAME>_URL. A password written here shows in `ps`: give it in PGPASSWORD or a pgpass file.",
)
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
    urls = resolve_urls(url, notify)
    atomic.settle(dict(sorted(urls.items(), key=lambda item: item[0] != first)), notify)
    return urls
