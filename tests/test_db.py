"""`connect`: every database error is one sentence naming the database, on real PostgreSQL."""

import pytest
from sqlalchemy import text

from conftest import dhub
from datahub_seed.config import DATABASES, database_env
from datahub_seed.db import connect, engine_for
from datahub_seed.errors import ConfigError, ConnectionFailed, ServerRefused


def test_an_option_libpq_does_not_know_is_a_config_error(dhub_server):
    engine = engine_for(dhub_server.update_query_dict({"foo": "bar"}))
    with pytest.raises(ConfigError) as raised, connect(engine, "accounts_db"):
        pass
    assert raised.value.message == 'the URL for accounts_db is not usable: invalid connection option "foo"'


def test_a_statement_the_server_refuses_names_the_database(dhub_server):
    engine = engine_for(dhub_server)
    with pytest.raises(ServerRefused) as raised, connect(engine, "accounts_db") as connection:
        connection.execute(text("SELECT * FROM no_such_table"))
    assert raised.value.message == 'accounts_db: relation "no_such_table" does not exist'
    engine.dispose()


def test_a_connection_the_server_ends_is_lost(dhub_server):
    engine, killer = engine_for(dhub_server), engine_for(dhub_server, autocommit=True)
    with pytest.raises(ConnectionFailed) as raised, connect(engine, "accounts_db") as connection:
        pid = connection.scalar(text("SELECT pg_backend_pid()"))
        with killer.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        connection.execute(text("SELECT 1"))
    assert raised.value.message.startswith("lost the connection to accounts_db: ")
    engine.dispose()
    killer.dispose()


def test_a_role_without_privileges_gets_the_servers_reason(databases, unmigrated, password_role_url, monkeypatch):
    role = {"username": password_role_url.username, "password": password_role_url.password}
    for database, url in databases.items():
        monkeypatch.setenv(database_env(database), url.set(**role).render_as_string(hide_password=False))
    status = dhub("seed", "status")
    assert status.exit_code == 1
    assert status.output == "Error: employees_db: permission denied for table alembic_version\n"
    for database, url in unmigrated.items():
        monkeypatch.setenv(database_env(database), url.set(**role).render_as_string(hide_password=False))
    migrate = dhub("db", "migrate")
    assert migrate.exit_code == 1
    assert migrate.output == f"Error: {unmigrated[DATABASES[0]].database}: permission denied to create database\n"
