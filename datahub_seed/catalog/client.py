"""Running the kit's recipes with DataHub's own `datahub` executable, found on PATH or named by
DHUB_DATAHUB_CLI; the database password reaches it in its environment only."""

import os
import shutil
import subprocess
from pathlib import Path

from datahub_seed.catalog.recipes import PASSWORD_ENV
from datahub_seed.errors import DhubError

CLI_ENV = "DHUB_DATAHUB_CLI"
INSTALL = "pipx install 'acryl-datahub[postgres]'"


class ClientMissing(DhubError):
    """DataHub's client is not installed where we look."""


class RecipeFailed(DhubError):
    """A recipe ended with an error."""


def find_client() -> str:
    named = os.environ.get(CLI_ENV)
    found = named if named and Path(named).is_file() else None if named else shutil.which("datahub")
    if not found:
        where = f"{CLI_ENV}={named} names no file" if named else "no `datahub` on PATH"
        raise ClientMissing(f"DataHub's client is not installed ({where}): {INSTALL}, or set {CLI_ENV}")
    return found


def run_recipe(client: str, recipe: Path, password: str | None) -> str:
    """Run one recipe; DataHub's closing line ("Pipeline finished ...: produced N events ...")."""
    environment = {**os.environ, PASSWORD_ENV: password or ""}
    done = subprocess.run(
        [client, "ingest", "run", "-c", str(recipe), "--no-spinner", "--no-default-report"],
        env=environment,
        capture_output=True,
        text=True,
    )
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Pipeline finished")]
    if done.returncode != 0 or not lines:
        last = (lines or [line for line in done.stderr.splitlines() if line.strip()] or ["no output"])[-1]
        raise RecipeFailed(f"{recipe.stem}: DataHub's client exited with status {done.returncode}: {last}")
    return lines[-1]
