"""One root error for everything the user can cause or fix.

Library callers catch ``DhubError`` alone; the CLI prints its message as one line and exits with
its ``exit_code`` (1, or 2 for a usage error). Nothing here depends on Click.
"""


class DhubError(Exception):
    """Something the user can fix; the message says what and how."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(DhubError):
    """A URL, option or environment variable is not usable: a usage error, exit status 2."""

    exit_code = 2


class ConnectionFailed(DhubError):
    """A database server could not be reached or refused the login."""


class DatabaseMissing(DhubError):
    """A database does not exist or was never migrated."""


class ServerRefused(DhubError):
    """The server refused a statement: a missing privilege, or objects of someone else in the way."""


class SchemaDrift(DhubError):
    """A database is at dhub's latest revision but lacks tables or columns that revision made."""


class QueryFailed(DhubError):
    """A statement given to ``dhub db query`` failed."""


class QueryRefused(DhubError):
    """A statement given to ``dhub db query`` is not allowed without --write, or at all."""


class ServerError(DhubError):
    """The embedded PostgreSQL server could not be started or stopped."""


class AlreadySeeded(DhubError):
    """The target databases hold data and the user did not ask to replace it."""


class Declined(DhubError):
    """The person asked to confirm a large run said no."""


class AnotherRun(DhubError):
    """Another seed or clear holds the run lock on the same databases."""


class TooLarge(DhubError):
    """A run would not fit on the disk that holds the data."""


class ForeignData(DhubError):
    """A database holds tables or rows that dhub did not write."""


class FactoryUnbound(DhubError):
    """A factory was asked to create rows with no session bound to the factories."""


class FactoryFull(DhubError):
    """A factory has no time left before as-of for what it was asked to make."""
