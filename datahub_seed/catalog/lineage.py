"""Cross-database references as DataHub lineage, in the datahub-lineage-file source's format.

Read from ``links.LINKS``, the list `verify` proves. Each referring table gets one entry with all
its upstream tables and column edges, since DataHub keeps only the last write of a dataset's
upstream lineage.
"""

from typing import Any

from datahub_seed.catalog import urns
from datahub_seed.links import LINKS, TARGETS


def dataset_entity(database: str, table: str) -> dict[str, str]:
    return {"name": urns.dataset_name(database, table), "type": "dataset", "platform": urns.PLATFORM}


def lineage() -> dict[str, Any]:
    """Upstream lineage from each referenced table and key to each table and column that refers to it."""
    referring: dict[tuple[str, str], list] = {}
    for link in LINKS:
        referring.setdefault((link.database, link.table), []).append(link)
    entries = []
    for (database, table), links in referring.items():
        upstreams = sorted({TARGETS[link.target][:2] for link in links})
        entries.append(
            {
                "entity": dataset_entity(database, table),
                "upstream": [{"entity": dataset_entity(*upstream)} for upstream in upstreams],
                "fineGrainedLineages": [
                    {
                        "upstreams": [urns.field(*TARGETS[link.target])],
                        "downstreams": [urns.field(database, table, link.column)],
                        "transformOperation": None,
                    }
                    for link in links
                ],
            }
        )
    return {"version": 1, "lineage": entries}
