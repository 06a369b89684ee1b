"""The migrated schema is exactly the models: tables, comments, constraints, and no drift."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect, text

from datahub_seed import schema
from datahub_seed.config import DATABASES
from datahub_seed.models import METADATA, public_tables

EXPECTED_TABLES = {
    "employees_db": 6,
    "customer_db": 6,
    "accounts_db": 4,
    "loans_db": 6,
    "insurance_db": 5,
    "compliance_db": 7,
}


def test_thirty_four_tables_in_six_databases():
    assert {db: len(public_tables(db)) for db in DATABASES} == EXPECTED_TABLES


@pytest.mark.parametrize("database", DATABASES)
def test_every_model_table_exists_with_its_comments(shared_engines, database):
    inspector = inspect(shared_engines[database])
    assert set(inspector.get_table_names()) - {"alembic_version"} == {t.name for t in public_tables(database)}
    for table in public_tables(database):
        assert inspector.get_table_comment(table.name)["text"] == table.comment
        comments = {column["name"]: column["comment"] for column in inspector.get_columns(table.name)}
        assert comments == {column.name: column.comment for column in table.columns}
        assert all(comments.values()), f"{table.name} has a column without a comment"


@pytest.mark.parametrize("database", DATABASES)
def test_constraints_are_named_and_present(shared_engines, database):
    inspector = inspect(shared_engines[database])
    for table in public_tables(database):
        checks = {c["name"] for c in inspector.get_check_constraints(table.name)}
        declared = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        assert checks == declared
        foreign = {fk["name"] for fk in inspector.get_foreign_keys(table.name)}
        assert foreign == {
            f"fk_{table.name}_{fk.column_keys[0]}_{fk.referred_table.name}" for fk in table.foreign_key_constraints
        }
        assert all(name.startswith(("ck_", "fk_")) for name in checks | foreign)
        indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes(table.name)}
        uniques = {tuple(uq["column_names"]) for uq in inspector.get_unique_constraints(table.name)}
        for fk in table.foreign_key_constraints:
            columns = tuple(fk.column_keys)
            assert columns in indexed | uniques or columns == tuple(table.primary_key.columns.keys()), (
                f"{table.name}.{columns} has no index"
            )


def test_check_constraints_refuse_bad_rows(shared_engines):
    with shared_engines["customer_db"].connect() as connection, pytest.raises(Exception, match="ck_campaigns"):
        connection.execute(
            text(
                "INSERT INTO campaigns (campaign_name, campaign_type, target_segment, start_date, end_date, budget)"
                " VALUES ('x', 'carrier_pigeon', 'retail', '2024-01-01', '2024-02-01', 1)"
            )
        )


@pytest.mark.parametrize("database", DATABASES)
def test_autogenerate_finds_no_difference(shared_engines, database):
    with shared_engines[database].connect() as connection:
        context = MigrationContext.configure(connection, opts=schema.COMPARE_OPTIONS)
        assert compare_metadata(context, METADATA[database]) == []


def test_downgrade_to_base_and_upgrade_again(databases, engines):
    for database, url in databases.items():
        schema.downgrade(database, url)
        assert set(inspect(engines[database]).get_table_names()) <= {"alembic_version"}
        assert schema.upgrade(database, url) is True
        assert len(inspect(engines[database]).get_table_names()) == EXPECTED_TABLES[database] + 1
