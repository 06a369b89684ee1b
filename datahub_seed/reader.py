"""The role `dhub db query` reads as: its name, how it is made, and what it may read.

It may read the tables of dhub's schemas and nothing else; not ``pg_read_all_data``, which reads
the catalogs' password hashes too. On an outside server it has no login and reads switch to it
with SET ROLE; the embedded server lets it log in through its private socket alone (``server``).
"""

from sqlalchemy import Connection, text

from datahub_seed.models import RUNS_SCHEMA

READER = "dhub_reader"
SUPERUSER = text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
ROLE_EXISTS = text("SELECT 1 FROM pg_roles WHERE rolname = :role")
# Whether ``grant`` has anything to do: in dhub's schemas, the reader lacks USAGE, the default
# privilege on tables made later, or SELECT on a table.
MISSING_GRANTS = text(
    "SELECT EXISTS (SELECT FROM pg_namespace n WHERE n.nspname IN ('public', :runs) AND ("
    " NOT has_schema_privilege(:role, n.oid, 'USAGE')"
    " OR NOT EXISTS (SELECT FROM pg_default_acl d, aclexplode(d.defaclacl) a"
    "  WHERE d.defaclnamespace = n.oid AND d.defaclobjtype = 'r' AND d.defaclrole = current_user::regrole"
    "  AND a.grantee = CAST(:role AS regrole) AND a.privilege_type = 'SELECT')"
    " OR EXISTS (SELECT FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'v', 'm')"
    "  AND NOT has_table_privilege(:role, c.oid, 'SELECT'))))"
)


def create(connection: Connection, login: bool = False) -> None:
    """Make the role unless it exists (another command may be making it at the same moment)."""
    connection.execute(
        text(
            f"DO $$ BEGIN CREATE ROLE {READER} NOLOGIN;"
            " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    )
    if login:
        connection.execute(text(f"ALTER ROLE {READER} LOGIN PASSWORD NULL"))
    # An older dhub gave it pg_read_all_data.
    if connection.scalar(text(f"SELECT pg_has_role('{READER}', 'pg_read_all_data', 'MEMBER')")):
        connection.execute(text(f"REVOKE pg_read_all_data FROM {READER}"))


def settled(connection: Connection) -> bool:
    """Whether the reader is as dhub leaves it in this database: made, and granted all it may read;
    or the login may not make it, so nothing is to be done."""
    if not connection.scalar(SUPERUSER):
        return True
    return bool(connection.scalar(ROLE_EXISTS, {"role": READER})) and not _missing_grants(connection)


def _missing_grants(connection: Connection) -> bool:
    return bool(connection.scalar(MISSING_GRANTS, {"role": READER, "runs": RUNS_SCHEMA}))


def grant(connection: Connection) -> None:
    """Let the reader read this database's tables in dhub's schemas (those migrations add later
    too), and nothing else; where the login may grant it."""
    if not connection.scalar(SUPERUSER) or not connection.scalar(ROLE_EXISTS, {"role": READER}):
        return
    if not _missing_grants(connection):
        return  # granting again would rewrite the catalog, and cost a commit's flush to disk
    schemas = text("SELECT nspname FROM pg_namespace WHERE nspname IN ('public', :runs)")
    for schema in connection.scalars(schemas, {"runs": RUNS_SCHEMA}):  # the second comes with the first upgrade
        connection.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {READER}"))
        connection.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {READER}"))
        connection.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {READER}"))
