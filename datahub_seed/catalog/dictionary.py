"""The data dictionary: every table and column of the six databases, read from the models, with
what each column refers to inside its database (a foreign key) or across databases (links.TARGETS).
The offline counterpart of the catalog, e.g. as context for text-to-SQL."""

from typing import Any

from datahub_seed.links import TARGETS
from datahub_seed.models import public_tables


def reference(column: Any, database: str) -> str | None:
    """``database.table.column`` that a column's values name, or None."""
    key = next(iter(column.foreign_keys), None)
    if key is not None:
        return f"{database}.{key.target_fullname}"
    target = column.info.get("refers_to")
    return ".".join(TARGETS[target]) if target else None


def dictionary(databases: list[str]) -> dict[str, Any]:
    """{database: {table: {description, columns: [{name, type, nullable, description, references}]}}},
    in plain types (SQLAlchemy's quoted names are str subclasses a YAML emitter refuses)."""
    return {
        database: {
            str(table.name): {
                "description": table.comment,
                "columns": [
                    {
                        "name": str(column.name),
                        "type": str(column.type),
                        "nullable": column.nullable,
                        "description": column.comment,
                        "references": reference(column, database),
                    }
                    for column in table.columns
                ],
            }
            for table in public_tables(database)
        }
        for database in databases
    }


def markdown(described: dict[str, Any]) -> str:
    """One section per table: its description, then a table of its columns."""
    lines = []
    for database, tables in described.items():
        lines.append(f"# {database}\n")
        for name, table in tables.items():
            lines += [
                f"## {database}.{name}\n",
                f"{table['description']}\n",
                "| column | type | null | description | references |",
                "|---|---|---|---|---|",
            ]
            for c in table["columns"]:
                null = "yes" if c["nullable"] else "no"
                lines.append(f"| {c['name']} | {c['type']} | {null} | {c['description']} | {c['references'] or ''} |")
            lines.append("")
    return "\n".join(lines)
