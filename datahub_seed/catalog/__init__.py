"""`dhub datahub`: the kit that puts the six databases into a DataHub catalog.

- ``recipes``: the postgres source (with glossary terms and PII tags on columns), and recipes for
  the three files below;
- ``lineage``: cross-database references as table and column lineage;
- ``glossary``: the bank's business glossary (glossary.toml);
- ``metadata``: domains, owners and a refers-to property on referring columns.
acryl-datahub is never imported: the kit is plain files, run by the `datahub` executable.
"""

import json
import os
from pathlib import Path

import yaml

from datahub_seed.catalog.glossary import glossary
from datahub_seed.catalog.lineage import lineage
from datahub_seed.catalog.metadata import metadata
from datahub_seed.catalog.recipes import GLOSSARY, LINEAGE, METADATA, Target, recipes
from datahub_seed.errors import DhubError

__all__ = ["Target", "export"]


def export(target: Target) -> list[Path]:
    """Write the kit into ``target.out``; the recipes, in the order to run them. The events and
    logs the recipes write go into ``out/``, for their owner alone (profiles carry sample values)."""
    try:
        for directory, mode in ((target.out, 0o755), (target.out / "recipes", 0o755), (target.out / "out", 0o700)):
            directory.mkdir(mode=mode, parents=True, exist_ok=True)
        (target.out / "out").chmod(0o700)
        write(target.out / LINEAGE, yaml.safe_dump(lineage(target.names), sort_keys=False))
        write(target.out / GLOSSARY, yaml.safe_dump(glossary(), sort_keys=False))
        write(target.out / METADATA, json.dumps(metadata(target.names), indent=2) + "\n")
        written = []
        for name, recipe in recipes(target).items():
            path = target.out / "recipes" / f"{name}.yml"
            write(path, yaml.safe_dump(recipe, sort_keys=False))
            written.append(path)
    except OSError as error:
        raise DhubError(f"cannot write the DataHub kit into {target.out}: {error.strerror}") from None
    return written


def write(path: Path, text: str) -> None:
    """Write a file of the kit, never through a symbolic link someone left in its place."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
