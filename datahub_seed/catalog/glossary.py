"""The bank's business glossary (glossary.toml): the datahub-business-glossary source's file, and
the rules that attach each term, and the PII tag, to the columns that hold them."""

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from datahub_seed.catalog import urns


@cache
def catalog() -> dict[str, Any]:
    """glossary.toml as read: domains, database domains and owners, PII columns, term groups."""
    return tomllib.loads(resources.files(__package__).joinpath("glossary.toml").read_text())


def glossary() -> dict[str, Any]:
    """The glossary in the business-glossary source's format; related terms by "Group.Term" name."""
    return {
        "version": "1",
        "source": "datahub-seed",
        "owners": {"users": ["datahub"]},
        "nodes": [
            {
                "name": group["name"],
                "id": group["id"],
                "description": group["description"],
                "terms": [
                    {
                        "name": term["name"],
                        "id": term["id"],
                        "description": term["description"],
                        "domain": urns.domain(term["domain"]),
                        **({"related_terms": term["related"]} if "related" in term else {}),
                    }
                    for term in group["terms"]
                ],
            }
            for group in catalog()["groups"]
        ],
    }


def term_rules() -> dict[str, list[str]]:
    """For pattern_add_dataset_schema_terms: each column name, as a whole-name pattern, and its terms."""
    rules: dict[str, list[str]] = {}
    for group in catalog()["groups"]:
        for term in group["terms"]:
            for column in term["columns"]:
                rules.setdefault(f"^{column}$", []).append(urns.term(term["id"]))
    return rules


def tag_rules() -> dict[str, list[str]]:
    """For pattern_add_dataset_schema_tags: the PII tag on every column that identifies a person."""
    return {f"^{column}$": [urns.PII_TAG] for column in catalog()["pii"]["columns"]}
