"""What a consumer test made, written down so that two runs of the suite can be compared.

With DHUB_CONSUMER_OUT set, ``record`` writes one file per test (named by its node id) holding
each object's columns; `make test` runs the suite twice, in two processes per run, and compares.
"""

import os
import re
from pathlib import Path

from sqlalchemy import inspect


def columns(obj: object) -> dict:
    """An ORM object's column values by name."""
    return {attribute.key: attribute.value for attribute in inspect(obj).attrs if attribute.key in _columns(obj)}


def _columns(obj: object) -> set[str]:
    return {column.key for column in inspect(type(obj)).column_attrs}


def record(nodeid: str, objects: list) -> None:
    out = os.environ.get("DHUB_CONSUMER_OUT")
    if not out:
        return
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)
    lines = [f"{type(obj).__name__} {sorted(columns(obj).items())}" for obj in objects]
    Path(out, f"{name}.txt").write_text("\n".join(lines) + "\n")
