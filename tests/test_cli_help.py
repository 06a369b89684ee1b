"""`dhub` as a newcomer first meets it: help, version, and every command once, with an example."""

import json
import subprocess
import sys

import click
import pytest

from conftest import dhub
from datahub_seed import __version__
from datahub_seed.cli.app import cli


def commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    """Every command under ``group`` with the words that call it."""
    found = []
    for name, command in group.commands.items():
        found.append(((*path, name), command))
        if isinstance(command, click.Group):
            found.extend(commands(command, (*path, name)))
    return found


GROUPS = [words for words, command in commands(cli) if isinstance(command, click.Group)]
LEAVES = [words for words, command in commands(cli) if not isinstance(command, click.Group)]


@pytest.mark.parametrize("words", [(), *GROUPS], ids=lambda words: " ".join(("dhub", *words)))
def test_a_group_alone_prints_its_help(words):
    result = dhub(*words)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: {' '.join(('dhub', *words))} [OPTIONS] COMMAND [ARGS]...\n")
    assert "Commands:" in result.output
    assert "Error" not in result.output


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag):
    result = dhub(flag)
    assert result.exit_code == 0
    assert result.output == f"dhub, version {__version__}\n"


def test_each_command_is_registered_once():
    assert sorted(" ".join(words) for words in LEAVES) == [
        "datahub export",
        "datahub ingest",
        "db describe",
        "db migrate",
        "db query",
        "db tables",
        "seed all",
        "seed clear",
        "seed status",
        "seed verify",
        "server pgpass",
        "server start",
        "server status",
        "server stop",
        "server url",
    ]
    result = dhub("db", "migrate-")
    assert result.exit_code == 2
    assert result.output == "Error: No such command 'migrate-'. Did you mean 'migrate'?\n"


@pytest.mark.parametrize("words", LEAVES, ids=" ".join)
def test_every_commands_help_has_an_example_that_calls_it(words):
    result = dhub(*words, "--help")
    assert result.exit_code == 0
    example = result.output.split("\n  Example", 1)[1].split("\n\n")[0].splitlines()[1:]
    assert example and all(line.startswith("    ") for line in example)
    assert any(f"dhub {' '.join(words)}" in line for line in example)
    written = dict(commands(cli))[words].help or ""
    assert (
        [line.strip() for line in example]
        == [  # each as written, whole on its line, to paste
            line.strip() for line in written.split("Example", 1)[1].splitlines()[1:] if line.strip()
        ]
    )


# What `dhub` loads only to do work, never to print help or refuse a command line.
HEAVY = (
    "numpy",
    "sqlalchemy",
    "alembic",
    "psycopg2",
    "faker",
    "pglast",
    "rich",
    "datahub_seed.models",
    "datahub_seed.generate",
    "datahub_seed.estate",
    "datahub_seed.catalog",
)
USAGE_ERRORS = [
    ["seed", "all", "--scale", "abc"],
    ["seed", "all", "--scale", "1e9"],
    ["seed", "all", "--as-of", "2999-01-01"],
    ["seed", "status", "--only", "nope_db"],
    ["db", "query", "SELECT 1", "-d", "nope_db"],
    ["datahub", "export", "--sink", "rest"],
    ["server", "start", "--listen", "nowhere"],
]
RUN_EACH = """
import contextlib, io, json, sys
from datahub_seed.cli.app import cli
codes = []
for args in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        codes.append(cli.main(args, prog_name="dhub", standalone_mode=False))
print(json.dumps({"codes": codes, "modules": sorted(sys.modules)}))
"""


def test_help_version_and_usage_errors_load_nothing_heavy():
    """What keeps `dhub --help` and a mistyped option quick: the command modules import numpy,
    SQLAlchemy and the rest inside the commands, when they run (no timing here: a fresh process's
    modules say it on any machine)."""
    helps = [["--help"], ["--version"], *[[*words, "--help"] for words in GROUPS + LEAVES]]
    given = [*helps, *USAGE_ERRORS]
    ran = subprocess.run(
        [sys.executable, "-c", RUN_EACH, json.dumps(given)], capture_output=True, text=True, check=True
    )
    found = json.loads(ran.stdout)
    assert found["codes"] == [0] * len(helps) + [2] * len(USAGE_ERRORS)
    assert [name for name in found["modules"] if any(name == h or name.startswith(f"{h}.") for h in HEAVY)] == []
