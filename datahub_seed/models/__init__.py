"""Declarative models of the six databases; ``METADATA[name]`` is one database's schema.

Besides the catalogued tables in ``public``, every database holds ``dhub.seed_runs``: a record of
the runs that wrote it, kept in its own schema so catalogs and ``dhub db tables`` leave it out.
"""

from sqlalchemy import BigInteger, Column, DateTime, Float, Identity, Integer, MetaData, String, Table

from datahub_seed.models import accounts, compliance, customers, employees, insurance, loans

BASES = {
    "employees_db": employees.Base,
    "customer_db": customers.Base,
    "accounts_db": accounts.Base,
    "loans_db": loans.Base,
    "insurance_db": insurance.Base,
    "compliance_db": compliance.Base,
}
RUNS_SCHEMA = "dhub"


def _runs_table(metadata: MetaData) -> Table:
    return Table(
        "seed_runs",
        metadata,
        Column("run_id", Integer, Identity(), primary_key=True, comment="Surrogate key of the run."),
        Column("run_token", String(36), nullable=False, comment="Shared by the six databases a run wrote."),
        Column("seed", BigInteger, nullable=False, comment="Random seed of the run."),
        Column("scale", Float, nullable=False, comment="Scale factor of the run."),
        Column("customers", Integer, nullable=False, comment="Number of customers generated."),
        Column("employees", Integer, nullable=False, comment="Number of employees generated."),
        Column("as_of", DateTime, nullable=False, comment="Reference moment: no event lies after it."),
        Column("started_at", DateTime, nullable=False, comment="Wall-clock start of the run."),
        Column("finished_at", DateTime, comment="Wall-clock end of a complete run."),
        Column("tool_version", String(32), nullable=False, comment="datahub-seed version that wrote the data."),
        schema=RUNS_SCHEMA,
        comment="Runs of datahub-seed that wrote this database.",
    )


METADATA: dict[str, MetaData] = {name: base.metadata for name, base in BASES.items()}
SEED_RUNS: dict[str, Table] = {name: _runs_table(metadata) for name, metadata in METADATA.items()}


def public_tables(database: str) -> list[Table]:
    """The catalogued tables of one database in dependency order (parents first)."""
    return [table for table in METADATA[database].sorted_tables if table.schema is None]
