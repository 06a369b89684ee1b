"""The README's factories example runs as written."""

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_factories_example_runs(databases, monkeypatch, capsys):
    example = re.search(r"## Factories for your own tests.*?```python\n(.*?)```", README.read_text(), re.S).group(1)
    monkeypatch.setenv("ACCOUNTS_DB_URL", databases["accounts_db"].render_as_string(hide_password=False))
    exec(compile(example, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip().isdigit()
