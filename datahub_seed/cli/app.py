"""The `dhub` command group: a thin Click layer over the library."""

import sys
from collections.abc import Sequence
from typing import Any

import click

from datahub_seed import __version__, stop
from datahub_seed.cli.datahub import datahub
from datahub_seed.cli.db import db
from datahub_seed.cli.options import HelpGroup
from datahub_seed.cli.seed import seed
from datahub_seed.cli.server import server
from datahub_seed.errors import DhubError


class OneLineErrors(HelpGroup):
    """Every error is one line on stderr: 2 for usage errors (Click's convention), 1 otherwise;
    a stop by SIGINT or SIGTERM says what it left behind and exits 128 + the signal."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except stop.Stopped as stopped:
            click.echo(stopped.message, err=True)
            code = stopped.exit_code
        except click.UsageError as error:
            click.echo(f"Error: {error.format_message()}", err=True)
            code = error.exit_code
        except click.ClickException as error:
            error.show()
            code = error.exit_code
        except DhubError as error:
            click.echo(f"Error: {error.message}", err=True)
            code = error.exit_code
        except click.Abort:
            click.echo("Aborted.", err=True)
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="dhub")
def cli() -> None:
    """Fill six PostgreSQL databases with realistic, consistent banking data."""


cli.add_command(datahub)
cli.add_command(db)
cli.add_command(seed)
cli.add_command(server)
