"""DataHub URNs of what the kit names: the postgres source's datasets and fields, and our own
domains, glossary terms, tags, groups and properties."""

PLATFORM = "postgres"
ENV = "PROD"


def dataset_name(database: str, table: str) -> str:
    """The name the postgres source gives a table: database.schema.table."""
    return f"{database}.public.{table}"


def dataset(database: str, table: str) -> str:
    return f"urn:li:dataset:(urn:li:dataPlatform:{PLATFORM},{dataset_name(database, table)},{ENV})"


def field(database: str, table: str, column: str) -> str:
    return field_of(dataset(database, table), column)


def field_of(dataset_urn: str, column: str) -> str:
    return f"urn:li:schemaField:({dataset_urn},{column})"


def domain(domain_id: str) -> str:
    return f"urn:li:domain:{domain_id}"


def term(term_id: str) -> str:
    return f"urn:li:glossaryTerm:{term_id}"


def group(name: str) -> str:
    return f"urn:li:corpGroup:{name.lower().replace(' ', '-')}"


PII_TAG = "urn:li:tag:PII"
REFERS_TO = "urn:li:structuredProperty:io.datahub_seed.refers_to"
