"""datahub-seed: realistic, internally consistent banking data in six PostgreSQL databases.

The public API, all importable from here::

    import datahub_seed
    datahub_seed.migrate("postgresql://me@localhost")  # the six databases, created and migrated
    report = datahub_seed.seed("postgresql://me@localhost", scale=0.1, seed=7)
    assert datahub_seed.verify("postgresql://me@localhost").passed

``migrate``, ``seed``, ``verify`` and ``clear`` (see ``datahub_seed.api``), their reports, the
names in ``DATABASES``, and ``DhubError`` with its subclasses. They load on first use, so that
`dhub --help` and the factories start without what they do not need.
"""

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_HOMES = {
    "datahub_seed.api": ("Target", "clear", "migrate", "seed", "verify"),
    "datahub_seed.checks": ("Check", "VerifyReport"),
    "datahub_seed.config": ("DATABASES",),
    "datahub_seed.errors": (
        "AlreadySeeded",
        "AnotherRun",
        "ConfigError",
        "ConnectionFailed",
        "DatabaseMissing",
        "DhubError",
        "FactoryFull",
        "FactoryUnbound",
        "ForeignData",
        "SchemaDrift",
        "ServerError",
        "ServerRefused",
        "TooLarge",
    ),
    "datahub_seed.estate": ("SeedReport",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = sorted(_HOME_OF)

if TYPE_CHECKING:  # the same names, for type checkers: ``as`` marks each as re-exported
    from datahub_seed.api import Target as Target
    from datahub_seed.api import clear as clear
    from datahub_seed.api import migrate as migrate
    from datahub_seed.api import seed as seed
    from datahub_seed.api import verify as verify
    from datahub_seed.checks import Check as Check
    from datahub_seed.checks import VerifyReport as VerifyReport
    from datahub_seed.config import DATABASES as DATABASES
    from datahub_seed.errors import AlreadySeeded as AlreadySeeded
    from datahub_seed.errors import AnotherRun as AnotherRun
    from datahub_seed.errors import ConfigError as ConfigError
    from datahub_seed.errors import ConnectionFailed as ConnectionFailed
    from datahub_seed.errors import DatabaseMissing as DatabaseMissing
    from datahub_seed.errors import DhubError as DhubError
    from datahub_seed.errors import FactoryFull as FactoryFull
    from datahub_seed.errors import FactoryUnbound as FactoryUnbound
    from datahub_seed.errors import ForeignData as ForeignData
    from datahub_seed.errors import SchemaDrift as SchemaDrift
    from datahub_seed.errors import ServerError as ServerError
    from datahub_seed.errors import ServerRefused as ServerRefused
    from datahub_seed.errors import TooLarge as TooLarge
    from datahub_seed.estate import SeedReport as SeedReport


if not TYPE_CHECKING:  # type checkers see the imports above, and so refuse a name that is not one

    def __getattr__(name: str) -> Any:
        if name not in _HOME_OF:
            raise AttributeError(f"module 'datahub_seed' has no attribute {name!r}")
        value = getattr(importlib.import_module(_HOME_OF[name]), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *_HOME_OF})
