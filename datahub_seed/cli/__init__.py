"""The `dhub` command: a thin Click layer over the library."""

import click

from datahub_seed import __version__
from datahub_seed.cli.db import db
from datahub_seed.cli.seed import seed
from datahub_seed.cli.server import server


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dhub")
def cli() -> None:
    """Fill six PostgreSQL databases with realistic, consistent banking data."""


cli.add_command(db)
cli.add_command(seed)
cli.add_command(server)


def main() -> None:
    cli(prog_name="dhub")
