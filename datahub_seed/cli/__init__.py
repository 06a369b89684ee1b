"""The `dhub` command. This module stays light: SIGINT and SIGTERM are routed to ``stop`` before
anything heavy is imported, so a stop at any moment ends in one line and 130/143."""

import logging

from datahub_seed import stop


def main() -> None:
    stop.install()
    # Libraries that log (SQLAlchemy's pool, on a dropped connection) must not print tracebacks:
    # every failure reaches the user as the one line the command prints.
    logging.getLogger().addHandler(logging.NullHandler())
    try:
        stop.pause_point("start")
        from datahub_seed.cli.app import cli

        stop.checkpoint()
    except stop.Stopped as stopped:
        stopped.exit()
    cli(prog_name="dhub")
