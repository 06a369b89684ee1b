"""`dhub datahub export`: the kit's files name only what the postgres source emits, and cover
every cross-database reference, every glossary term and every dataset."""

import json
import os
import re
import signal
from pathlib import Path

import pytest
import yaml
from processes import start_dhub, stop_at

from conftest import dhub
from datahub_seed.catalog import urns
from datahub_seed.catalog.client import CLI_ENV
from datahub_seed.config import DATABASES
from datahub_seed.links import LINKS, TARGETS
from datahub_seed.models import public_tables

TABLES = {(database, table.name): table for database in DATABASES for table in public_tables(database)}


def named(databases) -> dict[str, str]:
    """Each database's name on the test server (test databases carry a prefix)."""
    return {database: url.database for database, url in databases.items()}


def datasets(names: dict[str, str]) -> set[str]:
    return {urns.dataset(names[d], t) for d, t in TABLES}


def fields(names: dict[str, str]) -> set[str]:
    return {urns.field(names[d], t, c.name) for (d, t), table in TABLES.items() for c in table.columns}


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
    assert {field for edge in edges for field in edge} <= fields(named(databases))
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
    assert set(domains) == owned == datasets(named(databases))
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


def snapshots(events: list) -> dict[str, dict]:
    """The aspects of the MetadataChangeEvents in a file sink's output: {urn: {aspect class: value}}."""
    found: dict[str, dict] = {}
    for event in events:
        for snapshot in event.get("proposedSnapshot", {}).values():
            for aspect in snapshot["aspects"]:
                found.setdefault(snapshot["urn"], {}).update(
                    {name.rsplit(".", 1)[1]: value for name, value in aspect.items()}
                )
    return found


def proposals(events: list, aspect: str) -> dict[str, dict]:
    return {e["entityUrn"]: e["aspect"]["json"] for e in events if e.get("aspectName") == aspect}


def test_datahubs_own_client_ingests_the_whole_kit(databases, tmp_path, monkeypatch):
    """Runs acryl-datahub's `datahub` (installed by `make test` into .venv-datahub) on every recipe
    with the file sink, and judges what it wrote."""
    client = os.environ.get(CLI_ENV)
    assert client and Path(client).is_file(), f"{CLI_ENV} must name DataHub's client: run `make test`"
    seeded = dhub("seed", "all", "--scale", "0.05")
    assert seeded.exit_code == 0, seeded.output
    result = dhub("datahub", "ingest", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["postgres", "lineage", "glossary", "metadata"]
    assert all(": Pipeline finished successfully; produced " in line for line in lines), lines
    out = {
        name: json.loads((tmp_path / "out" / f"{name}.json").read_text())
        for name in ("postgres", "lineage", "glossary", "metadata")
    }

    names = named(databases)
    tables = {urn: aspects for urn, aspects in snapshots(out["postgres"]).items() if "SchemaMetadata" in aspects}
    assert set(tables) == datasets(names)
    emitted = {
        urns.field_of(urn, f["fieldPath"]): f for urn, a in tables.items() for f in a["SchemaMetadata"]["fields"]
    }
    assert set(emitted) == fields(names)
    assert all(f.get("description") for f in emitted.values())
    assert sum(len(a["SchemaMetadata"].get("foreignKeys") or []) for a in tables.values()) == 30

    lineage = proposals(out["lineage"], "upstreamLineage")
    edges = {
        (u, d)
        for found in lineage.values()
        for e in found["fineGrainedLineages"]
        for u in e["upstreams"]
        for d in e["downstreams"]
    }
    key = {target: urns.field(names[database], table, column) for target, (database, table, column) in TARGETS.items()}
    assert edges == {(key[link.target], urns.field(names[link.database], link.table, link.column)) for link in LINKS}
    assert {u["dataset"] for found in lineage.values() for u in found["upstreams"]} | set(lineage) <= datasets(names)

    terms = {urn for urn, aspects in snapshots(out["glossary"]).items() if "GlossaryTermInfo" in aspects}
    attached = {t["urn"] for f in emitted.values() for t in (f.get("glossaryTerms") or {}).get("terms", [])}
    assert len(terms) >= 30 and attached == terms

    defined = set(proposals(out["metadata"], "domainProperties"))
    domains = proposals(out["metadata"], "domains")
    assert set(domains) == datasets(names) and all(
        len(d["domains"]) == 1 and d["domains"][0] in defined for d in domains.values()
    )
    assert set(proposals(out["metadata"], "ownership")) == datasets(names)


def test_the_data_dictionary_describes_every_column_and_reference():
    result = dhub("db", "describe", "--format", "json")
    assert result.exit_code == 0, result.output
    described = json.loads(result.stdout)
    columns = {(d, t, c["name"]): c for d, tables in described.items() for t, x in tables.items() for c in x["columns"]}
    assert set(columns) == {(d, t, c.name) for (d, t), table in TABLES.items() for c in table.columns}
    assert all(c["description"] and c["type"] for c in columns.values())
    across = {(link.database, link.table, link.column): ".".join(TARGETS[link.target]) for link in LINKS}
    assert {key: columns[key]["references"] for key in across} == across
    inside = [c for key, c in columns.items() if key not in across and c["references"]]
    assert len(inside) == 30 and all(c["references"].split(".")[0] in DATABASES for c in inside)


def test_the_data_dictionary_in_yaml_says_what_json_says():
    as_yaml, as_json = dhub("db", "describe", "--format", "yaml"), dhub("db", "describe", "--format", "json")
    assert as_yaml.exit_code == as_json.exit_code == 0, as_yaml.output
    assert yaml.safe_load(as_yaml.stdout) == json.loads(as_json.stdout)


def test_the_data_dictionary_of_one_database_in_markdown():
    result = dhub("db", "describe", "-d", "loans_db")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# loans_db\n\n## loans_db.loan_applications\n")
    assert "| officer_id | INTEGER | no |" in result.stdout and "# accounts_db" not in result.stdout


def fake_client(tmp_path: Path, script: str) -> str:
    path = tmp_path / "datahub"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)
    return str(path)


def test_a_stop_while_the_client_runs_ends_it_and_says_so(databases, tmp_path):
    client = fake_client(tmp_path, f"echo $$ > {tmp_path}/pid\nexec sleep 600\n")
    child = start_dhub(
        databases,
        "datahub",
        "ingest",
        "--out",
        str(tmp_path / "kit"),
        pause_at="datahub:running",
        DHUB_DATAHUB_CLI=client,
    )
    _, err = stop_at(child, "datahub:running", signal.SIGTERM)
    assert child.returncode == 143
    assert err.endswith("Interrupted: stopped DataHub's client during the postgres recipe; none had finished.\n")
    pid = int((tmp_path / "pid").read_text())
    assert not os.path.exists(f"/proc/{pid}")  # ended and reaped


def test_a_failing_client_is_one_line_naming_its_output(databases, tmp_path, monkeypatch):
    monkeypatch.setenv(CLI_ENV, fake_client(tmp_path, "printf 'boom \\033[31mred\\n'\nexit 3\n"))
    result = dhub("datahub", "ingest", "--out", str(tmp_path / "kit"))
    assert result.exit_code == 1
    log = tmp_path / "kit" / "out" / "postgres.log"
    assert result.output == (
        f"Error: postgres: DataHub's client exited with status 3: boom ?[31mred (its output: {log})\n"
    )
    assert log.stat().st_mode & 0o077 == 0


def test_without_the_client_one_line_says_how_to_install_it(databases, tmp_path, monkeypatch):
    monkeypatch.setenv(CLI_ENV, str(tmp_path / "nowhere"))
    result = dhub("datahub", "ingest", "--out", str(tmp_path / "kit"))
    assert result.exit_code == 2
    assert result.output == (
        f"Error: DataHub's client is not installed ({CLI_ENV}={tmp_path / 'nowhere'} names no program that can be"
        " run): pipx install 'acryl-datahub[postgres]', or set DHUB_DATAHUB_CLI\n"
    )
    assert not (tmp_path / "kit").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--server", "http://h:8080"],
            "--server and --token-env are for --sink rest; --sink file writes into OUT/out",
        ),
        (["--sink", "rest", "--server", "not a url"], "--server must be an http:// or https:// URL, not 'not a url'"),
        (
            ["--sink", "rest", "--server", "http://h:8080", "--token-env", "BAD NAME"],
            "--token-env must name an environment variable, not 'BAD NAME'",
        ),
        (["--out", "/tmp/a$HOME"], "--out cannot hold a $ (DataHub expands ${...} in recipes): /tmp/a$HOME"),
    ],
)
def test_bad_kit_options_are_usage_errors(databases, arguments, message):
    result = dhub("datahub", "export", *arguments)
    assert result.exit_code == 2
    assert result.output == f"Error: {message}\n"


def test_the_kit_is_never_written_through_a_link(databases, tmp_path):
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "lineage.yml").symlink_to(tmp_path / "victim")
    result = dhub("datahub", "export", "--out", str(tmp_path / "kit"))
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: cannot write the DataHub kit into {tmp_path / 'kit'}: Too many levels of symbolic links\n"
    )
    assert not (tmp_path / "victim").exists()
