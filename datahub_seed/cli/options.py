"""Options shared by command families."""

import click

from datahub_seed.config import DATABASES, check_database_name

url_option = click.option(
    "--url",
    metavar="URL",
    help="Server for all six databases (postgresql://user:password@host:port); "
    "overrides DHUB_DATABASE_URL and DHUB_<NAME>_URL.",
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
