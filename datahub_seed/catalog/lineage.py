"""Cross-database references as DataHub lineage, in the datahub-lineage-file source's format.

Read from ``links.LINKS``, the list `verify` proves. Each referring table gets one entry with all
its upstream tables and column edges, since DataHub keeps only the last write of a dataset's
upstream lineage.
"""

from typing import Any

from datahub_seed.catalog import urns
from datahub_seed.links import LINKS, TARGETS


def dataset_entity(name: str, table: str) -> dict[str, str]:
    return {"name": urns.dataset_name(name, table), "type": "dataset", "platform": urns.PLATFORM}


def key_field(names: dict[str, str], target: str) -> str:
    """The field a reference to ``target`` names: its table's key."""
    database, table, key = TARGETS[target]
    return urns.field(names[database], table, key)


def lineage(names: dict[str, str]) -> dict[str, Any]:
    """Upstream lineage from each referenced table and key to each table and column that refers to it;
    ``names`` gives each database's name on the server."""
    referring: dict[tuple[str, str], list] = {}
    for link in LINKS:
        referring.setdefault((link.database, link.table), []).append(link)
    entries = []
    for (database, table), links in referring.items():
        upstreams = sorted({(names[TARGETS[link.target][0]], TARGETS[link.target][1]) for link in links})
        entries.append(
            {
                "entity": dataset_entity(names[database], table),
                "upstream": [{"entity": dataset_entity(*upstream)} for upstream in upstreams],
                "fineGrainedLineages": [
                    {
                        "upstreams": [key_field(names, link.target)],
                        "downstreams": [urns.field(names[database], table, link.column)],
                        "transformOperation": None,
                    }
                    for link in links
                ],
            }
        )
    return {"version": 1, "lineage": entries}
