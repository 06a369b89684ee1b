"""The `dhub` command. This module imports nothing but ``stop`` before SIGINT and SIGTERM are
routed there, so a stop from the first line of dhub's own code on ends in one line and 130/143
(Python's own start-up, some tens of milliseconds, comes before any of it)."""

import sys

from datahub_seed import stop


def main() -> None:
    stop.install()
    try:
        stop.pause_point("start")
        import logging

        # Libraries that log (SQLAlchemy's pool, on a dropped connection) must not print tracebacks:
        # every failure reaches the user as the one line the command prints.
        logging.getLogger().addHandler(logging.NullHandler())
        from datahub_seed.cli.app import cli

        stop.checkpoint()
        code = cli.main(prog_name="dhub", standalone_mode=False)
    except stop.Stopped as stopped:
        print(stopped.message, file=sys.stderr)
        code = stopped.exit_code
    except SystemExit as exit:
        code = exit.code
    stop.exit_process(code if isinstance(code, int) else 0)
