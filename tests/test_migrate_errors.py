"""`dhub db migrate` and the commands after it, when databases are not as dhub left them."""

import threading

from spec import rows, scalar
from sqlalchemy import text

from conftest import dhub
from datahub_seed.db import engine_for
from datahub_seed.locks import LOCK
from datahub_seed.pytest_plugin import drop_database
from datahub_seed.schema import create_database, head_revision


def test_two_creations_of_one_database_at_once_both_succeed(dhub_server):
    url = dhub_server.set(database="t_race_created")
    start, results, errors = threading.Barrier(4), [], []

    def create():
        start.wait()
        try:
            results.append(create_database(url))
        except Exception as error:  # the test reports whatever escaped
            errors.append(error)

    threads = [threading.Thread(target=create) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sorted(results) == [False, False, False, True]
    finally:
        drop_database(dhub_server, url.database)


def migrate_while_accounts_db_is_locked(url):
    """`dhub db migrate` while another command holds the run lock in accounts_db."""
    engine = engine_for(url)
    with engine.connect() as holder:
        holder.execute(text("SELECT pg_advisory_lock(:a, :b)"), {"a": LOCK[0], "b": LOCK[1]})
        result = dhub("db", "migrate")
    engine.dispose()
    return result


def test_a_migration_while_another_command_writes_is_one_line(unmigrated):
    create_database(unmigrated["accounts_db"])
    result = migrate_while_accounts_db_is_locked(unmigrated["accounts_db"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("Error: another dhub command holds the lock since ")
    assert result.stderr.endswith(" (seen in accounts_db); try again when it ends\n")
    assert "customer_db: created, migrated to" in result.stderr  # the databases before it were migrated


def test_a_database_at_head_migrates_while_another_command_writes(databases):
    result = migrate_while_accounts_db_is_locked(databases["accounts_db"])
    assert result.exit_code == 0
    assert result.output == "All six databases are up to date; nothing changed.\n"


def test_a_user_table_with_the_name_of_ours_is_refused(unmigrated):
    create_database(unmigrated["loans_db"])
    engine = engine_for(unmigrated["loans_db"])
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE loans (mine text)"))
    result = dhub("seed", "all", "--replace", "--scale", "0.05", "--no-verify")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Error: loans_db holds a table loans that dhub did not create and needs to; rename or drop it, "
        "or point loans_db at another database; nothing was changed in it"
    )
    assert rows(
        engine, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
    ) == [("loans", "mine")]
    assert rows(engine, "SELECT tablename FROM pg_tables WHERE schemaname IN ('public', 'dhub')") == [("loans",)]
    engine.dispose()


def test_clear_refused_by_a_user_foreign_key_is_one_line(databases, engines):
    assert dhub("seed", "all", "--scale", "0.05", "--no-verify").exit_code == 0
    before = {db: scalar(engine, "SELECT count(*) FROM dhub.seed_runs") for db, engine in engines.items()}
    with engines["accounts_db"].begin() as connection:
        connection.execute(text("CREATE TABLE my_orders (customer_id int REFERENCES customers)"))
        connection.execute(text("INSERT INTO my_orders VALUES (1)"))
    result = dhub("seed", "clear", "--confirm")
    assert result.exit_code == 1
    assert result.output == (
        "Error: accounts_db: cannot truncate a table referenced in a foreign key constraint; nothing was cleared\n"
    )
    assert {db: scalar(engine, "SELECT count(*) FROM dhub.seed_runs") for db, engine in engines.items()} == before
    assert scalar(engines["accounts_db"], "SELECT count(*) FROM customers") == 60


def test_tables_and_columns_dropped_by_hand_are_named(databases, engines, dhub_server):
    with engines["accounts_db"].begin() as connection:
        connection.execute(text("DROP TABLE transactions"))
    with engines["loans_db"].begin() as connection:
        connection.execute(text("ALTER TABLE loans DROP COLUMN interest_rate"))
    accounts, loans = databases["accounts_db"].database, databases["loans_db"].database
    drift = (
        "Error: accounts_db: table transactions is missing although the schema is at revision"
        f" {head_revision('accounts_db')}; "
        f"restore it, or drop database {accounts} and run `dhub db migrate` to recreate it\n"
    )
    for args, status in [
        (("db", "migrate"), 1),
        (("seed", "status"), 1),
        (("seed", "verify"), 2),
        (("seed", "all", "--scale", "0.05", "--no-verify"), 1),
        (("seed", "clear", "--confirm"), 1),
    ]:
        result = dhub(*args)
        assert (result.exit_code, result.output) == (status, drift), args
    drop_database(dhub_server, accounts)  # the advice: drop it and migrate
    result = dhub("db", "migrate")
    assert result.exit_code == 1
    assert result.output == (
        f"accounts_db: created, migrated to {head_revision('accounts_db')}\n"
        "Error: loans_db: column loans.interest_rate is missing although the schema is at revision"
        f" {head_revision('loans_db')}; "
        f"restore it, or drop database {loans} and run `dhub db migrate` to recreate it\n"
    )
