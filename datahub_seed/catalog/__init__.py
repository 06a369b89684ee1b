"""`dhub datahub`: the kit that puts the six databases into a DataHub catalog.

- ``recipes``: the postgres source (with glossary terms and PII tags on columns), and recipes for
  the three files below;
- ``lineage``: cross-database references as table and column lineage;
- ``glossary``: the bank's business glossary (glossary.toml);
- ``metadata``: domains, owners and a refers-to property on referring columns.
acryl-datahub is never imported: the kit is plain files, run by the `datahub` executable.
"""

import json
from pathlib import Path

import yaml

from datahub_seed.catalog.glossary import glossary
from datahub_seed.catalog.lineage import lineage
from datahub_seed.catalog.metadata import metadata
from datahub_seed.catalog.recipes import GLOSSARY, LINEAGE, METADATA, Target, recipes

__all__ = ["Target", "export"]


def export(target: Target) -> list[Path]:
    """Write the kit into ``target.out``; the recipes, in the order to run them."""
    (target.out / "recipes").mkdir(parents=True, exist_ok=True)
    (target.out / LINEAGE).write_text(yaml.safe_dump(lineage(target.names), sort_keys=False))
    (target.out / GLOSSARY).write_text(yaml.safe_dump(glossary(), sort_keys=False))
    (target.out / METADATA).write_text(json.dumps(metadata(target.names), indent=2) + "\n")
    written = []
    for name, recipe in recipes(target).items():
        path = target.out / "recipes" / f"{name}.yml"
        path.write_text(yaml.safe_dump(recipe, sort_keys=False))
        written.append(path)
    return written
