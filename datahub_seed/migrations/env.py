"""Alembic environment shared by the six databases' histories.

Which database: ``config.attributes["database"]`` when ``dhub db migrate`` drives Alembic, or
the ini section given to plain ``alembic --name <database>``. Each database keeps its own
``alembic_version`` table, and its history lives in ``versions/<database>/``.
"""

from alembic import context
from sqlalchemy import create_engine

from datahub_seed.config import check_database_name, resolve_urls
from datahub_seed.models import METADATA
from datahub_seed.schema import COMPARE_OPTIONS

config = context.config
database = check_database_name(config.attributes.get("database") or config.config_ini_section)


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=METADATA[database],
        **COMPARE_OPTIONS,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = create_engine(resolve_urls()[database])
    with engine.connect() as connection:
        run_migrations(connection)
    engine.dispose()
