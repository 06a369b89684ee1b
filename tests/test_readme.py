"""The README's examples of the plugin and the factories run as written."""

import re
from pathlib import Path

from datahub_seed.config import database_env

README = Path(__file__).resolve().parent.parent / "README.md"


def example(section: str, number: int = 0) -> str:
    """The ``number``-th python block of a README section."""
    found = re.search(rf"\n#+ {section}\n(.*?)\n#+ ", README.read_text(), re.S)
    assert found, f"README has no section {section!r}"
    text = found.group(1)
    return re.findall(r"```python\n(.*?)```", text, re.S)[number]


def test_the_plugin_example_passes(dhub_session, dhub_databases):
    names: dict = {}
    exec(compile(example("The fixtures"), "README.md", "exec"), names)
    names["test_a_loan_and_its_schedule"](dhub_session, dhub_databases)


def test_the_factories_example_runs(dhub_databases, monkeypatch):
    monkeypatch.delenv("DHUB_DATABASE_URL", raising=False)
    for database, url in dhub_databases.items():  # as `dhub` would be told where its databases are
        monkeypatch.setenv(database_env(database), url.render_as_string(hide_password=False))
    exec(compile(example("The factories"), "README.md", "exec"), {})
