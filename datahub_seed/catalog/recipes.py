"""The four recipes of the kit, each a dict DataHub's `datahub ingest -c` reads once written as YAML.

The password is never written: recipes name the environment variable DataHub expands (PASSWORD_ENV),
and a REST sink's token likewise.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datahub_seed.catalog.glossary import tag_rules, term_rules

PASSWORD_ENV = "DHUB_PG_PASSWORD"
LINEAGE, GLOSSARY, METADATA = "lineage.yml", "glossary.yml", "metadata.json"


@dataclass(frozen=True)
class Target:
    """Where the recipes read from and write to."""

    host: str
    port: int
    username: str
    names: dict[str, str]  # each database's name on that server (DATABASES may be configured otherwise)
    out: Path  # the kit's directory
    sink: str = "file"  # file or rest
    server: str | None = None  # DataHub's REST endpoint, for the rest sink
    token_env: str | None = None  # the environment variable holding its token
    profile: bool = False


def sink(target: Target, name: str) -> dict[str, Any]:
    if target.sink == "file":
        return {"type": "file", "config": {"filename": str(target.out / "out" / f"{name}.json")}}
    config: dict[str, Any] = {"server": target.server}
    if target.token_env:
        config["token"] = f"${{{target.token_env}}}"
    return {"type": "datahub-rest", "config": config}


def postgres(target: Target) -> dict[str, Any]:
    """All six databases' public tables (no alembic_version, no dhub schema), with glossary terms and
    the PII tag on the columns that hold them."""
    return {
        "source": {
            "type": "postgres",
            "config": {
                "host_port": f"{target.host}:{target.port}",
                "username": target.username,
                "password": f"${{{PASSWORD_ENV}}}",
                "database_pattern": {"allow": [f"^{name}$" for name in target.names.values()]},
                "schema_pattern": {"allow": ["^public$"]},
                "table_pattern": {"deny": [r".*\.alembic_version$"]},
                "include_views": False,
                "profiling": {"enabled": target.profile},
            },
        },
        "transformers": [
            {"type": "pattern_add_dataset_schema_terms", "config": {"term_pattern": {"rules": term_rules()}}},
            {"type": "pattern_add_dataset_schema_tags", "config": {"tag_pattern": {"rules": tag_rules()}}},
        ],
        "sink": sink(target, "postgres"),
    }


def recipes(target: Target) -> dict[str, dict[str, Any]]:
    """Each recipe by its name, in the order to run them: tables first, then what refers to them."""
    return {
        "postgres": postgres(target),
        "lineage": {
            "source": {
                "type": "datahub-lineage-file",
                "config": {"file": str(target.out / LINEAGE), "preserve_upstream": False},
            },
            "sink": sink(target, "lineage"),
        },
        "glossary": {
            "source": {"type": "datahub-business-glossary", "config": {"file": str(target.out / GLOSSARY)}},
            "sink": sink(target, "glossary"),
        },
        "metadata": {
            "source": {"type": "file", "config": {"path": str(target.out / METADATA)}},
            "sink": sink(target, "metadata"),
        },
    }
