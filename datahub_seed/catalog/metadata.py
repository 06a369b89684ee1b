"""Metadata change proposals for the file source: the domain hierarchy, each dataset's domain and
owner (the department that owns its database, as a group), and on each column that refers to
another database a structured property naming the table and column it refers to."""

from typing import Any

from datahub_seed.catalog import urns
from datahub_seed.catalog.glossary import catalog
from datahub_seed.config import DATABASES
from datahub_seed.links import LINKS, TARGETS
from datahub_seed.models import public_tables


def proposal(entity_type: str, urn: str, aspect_name: str, aspect: dict[str, Any]) -> dict[str, Any]:
    return {
        "entityType": entity_type,
        "entityUrn": urn,
        "changeType": "UPSERT",
        "aspectName": aspect_name,
        "aspect": {"json": aspect},
    }


def domains() -> list[dict[str, Any]]:
    proposals = []
    for domain_id, (name, parent, description) in catalog()["domains"].items():
        properties = {"name": name, "description": description}
        if parent:
            properties["parentDomain"] = urns.domain(parent)
        proposals.append(proposal("domain", urns.domain(domain_id), "domainProperties", properties))
    return proposals


def owners() -> list[dict[str, Any]]:
    """One group per department that owns a database."""
    return [
        proposal(
            "corpGroup",
            urns.group(department),
            "corpGroupInfo",
            {"displayName": department, "admins": [], "members": [], "groups": []},
        )
        for _, department in catalog()["database_domains"].values()
    ]


def datasets(names: dict[str, str]) -> list[dict[str, Any]]:
    """Every dataset's domain (its database's, or its own where glossary.toml says so) and owner."""
    proposals = []
    for database in DATABASES:
        domain_id, department = catalog()["database_domains"][database]
        for table in public_tables(database):
            urn = urns.dataset(names[database], table.name)
            own = catalog()["table_domains"].get(f"{database}.{table.name}", domain_id)
            proposals.append(proposal("dataset", urn, "domains", {"domains": [urns.domain(own)]}))
            owner = {"owner": urns.group(department), "type": "DATAOWNER"}
            proposals.append(proposal("dataset", urn, "ownership", {"owners": [owner]}))
    return proposals


def references(names: dict[str, str]) -> list[dict[str, Any]]:
    """The refers-to property, defined once, and set on every column that names another database's row."""
    definition = {
        "qualifiedName": urns.REFERS_TO.removeprefix("urn:li:structuredProperty:"),
        "displayName": "Refers to",
        "description": "The table and column, in another database, that this column's values name. PostgreSQL "
        "cannot enforce it; `dhub seed verify` proves it.",
        "valueType": "urn:li:dataType:datahub.string",
        "cardinality": "SINGLE",
        "entityTypes": ["urn:li:entityType:datahub.schemaField"],
    }
    proposals = [proposal("structuredProperty", urns.REFERS_TO, "propertyDefinition", definition)]
    for link in LINKS:
        database, table, key = TARGETS[link.target]
        value = {"propertyUrn": urns.REFERS_TO, "values": [{"string": f"{names[database]}.public.{table}.{key}"}]}
        urn = urns.field(names[link.database], link.table, link.column)
        proposals.append(proposal("schemaField", urn, "structuredProperties", {"properties": [value]}))
    return proposals


def metadata(names: dict[str, str]) -> list[dict[str, Any]]:
    """Every proposal; ``names`` gives each database's name on the server."""
    return domains() + owners() + datasets(names) + references(names)
