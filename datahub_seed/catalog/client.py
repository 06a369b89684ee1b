"""Running the kit's recipes with DataHub's own `datahub` executable, found on PATH or named by
DHUB_DATAHUB_CLI; the database password reaches it in its environment only.

The client runs in a session of its own, so a Ctrl-C reaches dhub alone: dhub then ends the client
and says which recipes had finished. Its whole output is kept, for its owner alone, beside the
recipe's events (OUT/out/<recipe>.log)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from datahub_seed import stop
from datahub_seed.catalog.recipes import PASSWORD_ENV
from datahub_seed.errors import ConfigError, DhubError

CLI_ENV = "DHUB_DATAHUB_CLI"
INSTALL = "pipx install 'acryl-datahub[postgres]'"
FINISHED = "Pipeline finished"
UNPRINTABLE = re.compile(r"[^\x20-\x7e]")  # escape sequences and the like, from a client's output


class ClientMissing(ConfigError):
    """DataHub's client is not installed where we look: a setting to fix, exit 2."""


class RecipeFailed(DhubError):
    """A recipe ended with an error."""


def find_client() -> str:
    """The client's path: DHUB_DATAHUB_CLI (a path, or a name looked up on PATH), else `datahub` on PATH."""
    named = os.environ.get(CLI_ENV)
    found = shutil.which(named or "datahub")
    if not found:
        where = f"{CLI_ENV}={named} names no program that can be run" if named else "no `datahub` on PATH"
        raise ClientMissing(f"DataHub's client is not installed ({where}): {INSTALL}, or set {CLI_ENV}")
    return found


def run_recipe(client: str, recipe: Path, log: Path, password: str | None) -> str:
    """Run one recipe, its output into ``log``; DataHub's closing line ("Pipeline finished ...")."""
    environment = {**os.environ, PASSWORD_ENV: password or ""}
    command = [client, "ingest", "run", "-c", str(recipe), "--no-spinner", "--no-default-report"]
    descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "w") as output:
        try:
            child = subprocess.Popen(
                command, env=environment, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        except OSError as error:
            raise RecipeFailed(f"{recipe.stem}: cannot run DataHub's client {client}: {error.strerror}") from None
        stop.pause_point("datahub:running")
        try:
            while True:
                try:
                    child.wait(timeout=0.2)
                    break
                except subprocess.TimeoutExpired:
                    stop.checkpoint()
        except stop.Stopped:
            child.terminate()
            child.wait()
            raise
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    closing = [line for line in lines if line.startswith(FINISHED)]
    said = UNPRINTABLE.sub("?", (closing or lines or ["no output"])[-1]).replace(password or "\0", "***")
    if child.returncode != 0 or not closing:
        raise RecipeFailed(
            f"{recipe.stem}: DataHub's client exited with status {child.returncode}: {said} (its output: {log})"
        )
    return said
