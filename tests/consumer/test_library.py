"""The public API on fresh databases from the plugin, as another project would call it."""

import datetime as dt
from importlib import resources

import pytest
from sqlalchemy import create_engine, text

import datahub_seed

AS_OF = dt.date(2025, 12, 31)


def count(url, table: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(text(f"SELECT count(*) FROM {table}"))
    finally:
        engine.dispose()


def test_the_package_comes_from_the_wheel_with_its_types():
    assert "site-packages" in datahub_seed.__file__
    assert resources.files("datahub_seed").joinpath("py.typed").is_file()  # PEP 561: mypy reads its annotations


def test_seed_verify_clear(dhub_databases):
    report = datahub_seed.seed(dhub_databases, scale=0.05, seed=3, as_of=AS_OF)
    assert report.total_rows == sum(sum(tables.values()) for tables in report.rows.values()) > 0
    assert report.rows["accounts_db"]["customers"] == count(dhub_databases["accounts_db"], "customers") == 60
    verified = datahub_seed.verify(dhub_databases)
    assert verified.passed, [check.name for check in verified.failed]
    assert verified.left_out == {"shares": "shares are judged from 1,200 customers and 150 employees on"}
    removed = datahub_seed.clear(dhub_databases)
    assert set(removed) == set(datahub_seed.DATABASES)
    assert sum(removed.values()) == report.total_rows  # the rows it wrote, not its run records
    assert count(dhub_databases["loans_db"], "loans") == 0


def test_some_databases_only(dhub_databases):
    some = {name: dhub_databases[name] for name in ("accounts_db", "loans_db")}
    datahub_seed.seed(some, scale=0.05, seed=3, as_of=AS_OF)
    assert count(dhub_databases["loans_db"], "loans") > 0
    assert count(dhub_databases["employees_db"], "employees") == 0
    verified = datahub_seed.verify(some, checks=("links", "rules"))
    assert verified.passed
    assert verified.left_out["links"].endswith(" links with the other databases not checked")


def test_migrate_creates_what_is_missing(dhub_databases):
    assert datahub_seed.migrate(dhub_databases) == []  # the plugin's databases are migrated already
    new = dhub_databases["accounts_db"].set(database=f"{dhub_databases['accounts_db'].database}_new")
    try:
        assert datahub_seed.migrate({"accounts_db": new}) == ["accounts_db"]
        assert count(new, "customers") == 0
    finally:
        engine = create_engine(new.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{new.database}" WITH (FORCE)'))
        engine.dispose()


def test_errors_are_dhub_errors_without_click(dhub_databases):
    datahub_seed.seed(dhub_databases, scale=0.05, seed=3, as_of=AS_OF)
    with pytest.raises(datahub_seed.AlreadySeeded) as raised:
        datahub_seed.seed(dhub_databases, scale=0.05, seed=3, as_of=AS_OF)
    assert isinstance(raised.value, datahub_seed.DhubError)
    assert not any(cls.__module__.startswith("click") for cls in type(raised.value).__mro__)
    with pytest.raises(datahub_seed.ConfigError, match="unknown database 'bank_db'"):
        datahub_seed.verify({"bank_db": "postgresql://localhost/bank_db"})
    with pytest.raises(datahub_seed.ConfigError, match="is not allowed"):
        datahub_seed.seed(dhub_databases, scale=-1)


def test_the_seeded_databases_are_read_only_shared(dhub_seeded):
    assert count(dhub_seeded["accounts_db"], "customers") == 60  # --dhub-scale 0.05 of 1,200
    assert count(dhub_seeded["compliance_db"], "audit_trails") > 0
