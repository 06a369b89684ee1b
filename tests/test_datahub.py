"""`dhub datahub export`: the kit's files name only what the postgres source emits, and cover
every cross-database reference, every glossary term and every dataset."""

import json
import re

import yaml

from conftest import dhub
from datahub_seed.catalog import urns
from datahub_seed.config import DATABASES
from datahub_seed.links import LINKS
from datahub_seed.models import public_tables

TABLES = {(database, table.name): table for database in DATABASES for table in public_tables(database)}
FIELDS = {urns.field(d, t, c.name) for (d, t), table in TABLES.items() for c in table.columns}
DATASETS = {urns.dataset(d, t) for d, t in TABLES}


def kit(databases, tmp_path) -> dict:
    result = dhub("datahub", "export", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    recipes = {path.stem: yaml.safe_load(path.read_text()) for path in (tmp_path / "recipes").iterdir()}
    return {
        "recipes": recipes,
        "lineage": yaml.safe_load((tmp_path / "lineage.yml").read_text()),
        "glossary": yaml.safe_load((tmp_path / "glossary.yml").read_text()),
        "metadata": json.loads((tmp_path / "metadata.json").read_text()),
        "text": "".join(path.read_text() for path in tmp_path.rglob("*") if path.is_file()),
    }


def test_lineage_has_one_column_edge_per_reference_and_names_only_real_fields(databases, tmp_path):
    lineage = kit(databases, tmp_path)["lineage"]["lineage"]
    edges = [(e["upstreams"][0], e["downstreams"][0]) for entry in lineage for e in entry["fineGrainedLineages"]]
    assert len(edges) == len(set(edges)) == len(LINKS)
    assert {field for edge in edges for field in edge} <= FIELDS
    assert len(lineage) == len({(link.database, link.table) for link in LINKS})


def test_every_term_is_defined_once_and_attached_to_a_real_column(databases, tmp_path):
    made = kit(databases, tmp_path)
    terms = [term for node in made["glossary"]["nodes"] for term in node["terms"]]
    names = {f"{node['name']}.{term['name']}" for node in made["glossary"]["nodes"] for term in node["terms"]}
    assert len(terms) >= 30 and len({term["id"] for term in terms}) == len(terms)
    assert {related for term in terms for related in term.get("related_terms", [])} <= names
    rules = made["recipes"]["postgres"]["transformers"][0]["config"]["term_pattern"]["rules"]
    columns = {column.name for table in TABLES.values() for column in table.columns}
    attached = {urn for pattern, found in rules.items() for urn in found if any(re.match(pattern, c) for c in columns)}
    assert attached == {urns.term(term["id"]) for term in terms}


def test_every_dataset_has_one_defined_domain_and_an_owner(databases, tmp_path):
    proposals = kit(databases, tmp_path)["metadata"]
    defined = {p["entityUrn"] for p in proposals if p["aspectName"] == "domainProperties"}
    domains = {p["entityUrn"]: p["aspect"]["json"]["domains"] for p in proposals if p["aspectName"] == "domains"}
    owned = {p["entityUrn"] for p in proposals if p["aspectName"] == "ownership"}
    assert set(domains) == owned == DATASETS
    assert all(len(found) == 1 and found[0] in defined for found in domains.values())


def test_no_password_is_written(databases, tmp_path):
    made = kit(databases, tmp_path)
    assert "${DHUB_PG_PASSWORD}" in made["text"]
    password = databases["accounts_db"].password
    assert not password or password not in made["text"]


def test_a_rest_sink_needs_a_server(databases):
    result = dhub("datahub", "export", "--sink", "rest")
    assert result.exit_code == 2
    assert result.output == (
        "Error: --sink rest needs --server URL (DataHub's REST endpoint, e.g. http://localhost:8080)\n"
    )
