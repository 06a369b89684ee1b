"""`dhub server`: the embedded PostgreSQL server that `dhub` uses when no server is configured."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

import click

from datahub_seed.cli.options import HelpGroup
from datahub_seed.config import safe
from datahub_seed.errors import ConfigError

if TYPE_CHECKING:
    from datahub_seed.server import EmbeddedServer


@click.group(cls=HelpGroup)
def server() -> None:
    """Start, stop and locate the embedded PostgreSQL server."""


def embedded_server() -> EmbeddedServer:
    """The server DHUB_HOME and DHUB_PORT name; imported here, when a command runs, so that help and
    usage errors stay fast without SQLAlchemy."""
    from datahub_seed.server import EmbeddedServer

    return EmbeddedServer.from_environment()


@server.command()
@click.option(
    "--listen",
    metavar="ADDRESS",
    callback=lambda _context, _parameter, address: address and check_address(address),
    help="Also accept connections on this address (e.g. the Docker bridge's, for DataHub in a container);"
    " the password is required there, as on 127.0.0.1.",
)
def start(listen: str | None) -> None:
    """Start the embedded server (its data persists under DHUB_HOME).

    \b
    Example:
      dhub server start --listen 172.17.0.1
    """
    embedded = embedded_server()
    started = embedded.start(listen)
    state = "Started" if started else "Already running:"
    also = f", and on {listen}" if listen else ""
    click.echo(f"{state} embedded PostgreSQL at {safe(embedded.url())}{also} (data in {embedded.data_dir}).")


def check_address(address: str) -> str:
    """An IP address to listen on, as PostgreSQL's listen_addresses takes it."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        raise ConfigError(f"--listen takes an IP address, e.g. 172.17.0.1, not {address!r}") from None
    if str(parsed) == "127.0.0.1":
        raise ConfigError("the embedded server always listens on 127.0.0.1; --listen adds another address")
    return str(parsed)


@server.command()
def stop() -> None:
    """Stop the embedded server; its data stays.

    \b
    Example:
      dhub server stop
    """
    embedded = embedded_server()
    click.echo("Stopped the embedded server." if embedded.stop() else "The embedded server was not running.")


@server.command()
def status() -> None:
    """Say whether the embedded server runs, where, and where its data lives.

    \b
    Example:
      dhub server status
    """
    embedded = embedded_server()
    port = embedded.running_port()
    if port is None:
        click.echo(f"not running (data in {embedded.data_dir})")
        raise SystemExit(3)
    embedded.port = port
    click.echo(f"running at {safe(embedded.url())} (data in {embedded.data_dir})")


@server.command()
@click.argument("database", required=False, default="postgres")
@click.option("--with-password", is_flag=True, help="Put the password in the URL (it shows wherever the URL does).")
def url(database: str, with_password: bool) -> None:
    """Print a URL for psql or DataHub, starting the server if needed.

    The password stays out of the URL unless asked for: psql and libpq read it from the pgpass file
    in DHUB_HOME (PGPASSFILE) or from PGPASSWORD, so it never shows in `ps`.

    \b
    Example:
      PGPASSFILE=$(dhub server pgpass) psql "$(dhub server url accounts_db)"
    """
    embedded = embedded_server()
    if embedded.start():
        click.echo(f"Started the embedded PostgreSQL server (data in {embedded.data_dir}).", err=True)
    address = embedded.url(database)
    click.echo(address.set(drivername="postgresql").render_as_string(False) if with_password else safe(address))


@server.command()
def pgpass() -> None:
    """Print the path of the pgpass file that holds the server's password (for PGPASSFILE).

    \b
    Example:
      PGPASSFILE=$(dhub server pgpass) psql "$(dhub server url accounts_db)"
    """
    embedded = embedded_server()
    embedded.start()
    click.echo(embedded.pgpass_file)
