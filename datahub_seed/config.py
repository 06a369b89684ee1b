"""Where each of the six databases lives.

Precedence, most specific first: the ``--url`` option (a server), ``DHUB_<NAME>_URL`` (one
database), ``DHUB_DATABASE_URL`` (a server), and finally the embedded server, started on demand.

SQLAlchemy and psycopg2 load only when a URL is parsed: the names of the databases serve `dhub`'s
help and usage errors, which stay fast without them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from datahub_seed.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DATABASES = ("employees_db", "customer_db", "accounts_db", "loans_db", "insurance_db", "compliance_db")
CHECK_KINDS = ("links", "rules", "shares")  # what `verify` can check (see datahub_seed.checks)
SERVER_ENV = "DHUB_DATABASE_URL"
DRIVER = "postgresql+psycopg2"


def named(databases: Iterable[str]) -> str:
    """The databases as a message names them: "all six databases", or their names."""
    names = list(databases)
    if sorted(names) == sorted(DATABASES):
        return "all six databases"
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def database_env(database: str) -> str:
    """The environment variable that points one database elsewhere, e.g. DHUB_ACCOUNTS_DB_URL."""
    return f"DHUB_{database.upper()}_URL"


def parse_url(text: str, source: str) -> URL:
    """A PostgreSQL URL with the psycopg2 driver; ``source`` names where it came from for errors."""
    import psycopg2
    from psycopg2.extensions import make_dsn
    from sqlalchemy.dialects.postgresql.psycopg2 import PGDialect_psycopg2
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from datahub_seed.db import driver_reason

    try:
        url = make_url(text.strip())
    except ArgumentError:
        # The text itself is not echoed: it may hold a password.
        raise ConfigError(f"{source} is not a valid URL (expected postgresql://user:password@host:port)") from None
    except ValueError:
        raise ConfigError(f"{source} has an invalid port") from None
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise ConfigError(f"{source} must be a postgresql:// URL, not {url.get_backend_name()}://")
    url = url.set(drivername=DRIVER)
    try:  # libpq's own parser, so an unknown ?option is named before anything connects
        make_dsn(**PGDialect_psycopg2().create_connect_args(url)[1])
    except psycopg2.ProgrammingError as error:
        # Only the option's name is echoed; libpq quotes no value in this message.
        raise ConfigError(f"{source} is not usable: {driver_reason(error)}") from None
    return url


def check_database_name(database: str) -> str:
    if database not in DATABASES:
        raise ConfigError(f"unknown database {database!r}; choose one of: {', '.join(DATABASES)}")
    return database


def url_text(url: str | URL) -> str:
    """A URL given as text or as SQLAlchemy's ``URL``, as text with its password."""
    return url if isinstance(url, str) else url.render_as_string(hide_password=False)


def database_urls(urls: Mapping[str, str | URL]) -> dict[str, URL]:
    """A mapping of database name to URL (text or ``URL``) checked and parsed, in dhub's order."""
    for name in urls:
        check_database_name(name)
    if not urls:
        raise ConfigError("the target names no database; give a server URL or a mapping of database name to URL")
    parsed = {name: parse_url(url_text(urls[name]), f"the URL for {name}") for name in DATABASES if name in urls}
    for name, url in parsed.items():
        if not url.database:
            raise ConfigError(f"the URL for {name} names no database; add one, e.g. .../{name}")
    return distinct(parsed)


def database_names(text: str) -> tuple[str, ...]:
    """The databases of a comma-separated list such as ``accounts_db,loans_db``, in dhub's order."""
    named = {check_database_name(name.strip()) for name in text.split(",") if name.strip()}
    if not named:
        raise ConfigError("--only names no database; e.g. --only accounts_db,loans_db")
    return tuple(database for database in DATABASES if database in named)


def configured_urls(server_url: str | None = None, only: tuple[str, ...] | None = None) -> dict[str, URL | None]:
    """Each database's URL from the option and environment; None where nothing names one. With
    ``only``, those databases alone. Without it, DHUB_<NAME>_URL set for some databases but not
    all, and no server for the rest, is refused rather than putting the rest on the embedded server."""
    server, source = None, "--url" if server_url else SERVER_ENV
    if server_url or os.environ.get(SERVER_ENV):
        server = parse_url(server_url or os.environ[SERVER_ENV], source)
        if server.database not in (None, "", "postgres"):  # which one of six would it be?
            raise ConfigError(
                f"{source} names a server for all six databases, so it takes no database name "
                f"({server.database}); use DHUB_<NAME>_URL to place one database"
            )
    chosen = only or DATABASES
    own = {database: os.environ.get(database_env(database)) for database in chosen}
    if not (server or only) and any(own.values()) and not all(own.values()):
        unset = [database_env(database) for database, text in own.items() if not text]
        named = [database for database, text in own.items() if text]
        raise ConfigError(
            f"{', '.join(unset)} {'is' if len(unset) == 1 else 'are'} not set while other DHUB_<NAME>_URL are; "
            f"set {'it' if len(unset) == 1 else 'them'} too, set DHUB_DATABASE_URL for the rest, "
            f"or pass --only {','.join(named)}"
        )
    urls: dict[str, URL | None] = {}
    for database in chosen:
        if server_url or not own[database]:
            urls[database] = server.set(database=database) if server else None
        else:
            url = parse_url(own[database] or "", database_env(database))
            if not url.database:
                raise ConfigError(
                    f"{database_env(database)} names no database; add one, e.g. {safe(url.set(database=database))}"
                )
            urls[database] = url
    return urls


def uses_embedded(server_url: str | None = None, only: tuple[str, ...] | None = None) -> bool:
    """True when some database has no URL configured, so the embedded server holds it."""
    return not all(configured_urls(server_url, only).values())


def resolve_urls(
    server_url: str | None = None, notify: Callable[[str], None] = print, only: tuple[str, ...] | None = None
) -> dict[str, URL]:
    """Every database's URL (of ``only``, when given), starting the embedded server if some
    database has none configured."""
    urls = configured_urls(server_url, only)
    if all(urls.values()):
        return distinct(urls)  # type: ignore[arg-type]
    from datahub_seed.server import EmbeddedServer

    embedded = EmbeddedServer.from_environment()
    if embedded.start():
        notify(f"Started the embedded PostgreSQL server at {safe(embedded.url())}.")  # `dhub server status`: where
    return distinct({name: url or embedded.url(name) for name, url in urls.items()})


def distinct(urls: dict[str, URL]) -> dict[str, URL]:
    """``urls``, unless two of them name the same database on the same server."""
    seen: dict[tuple, str] = {}
    for name, url in urls.items():
        key = (url.host or "localhost", url.port or 5432, url.database)
        if key in seen:
            raise ConfigError(
                f"{seen[key]} and {name} both point at database {url.database} on {key[0]}:{key[1]}; "
                "give each its own database"
            )
        seen[key] = name
    return urls


def safe(url: URL) -> str:
    """The URL as text without its password, for messages and logs: a plain postgresql:// URL that
    psql accepts (with the password from PGPASSWORD or a pgpass file)."""
    return url._replace(drivername="postgresql", password=None).render_as_string(hide_password=False)
