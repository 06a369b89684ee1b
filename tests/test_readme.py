"""The README's examples of the plugin and the factories run as written."""

import re
from pathlib import Path

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


def test_the_factories_example_runs(dhub_databases):
    exec(compile(example("The factories"), "README.md", "exec"), {"my_databases": dhub_databases})
