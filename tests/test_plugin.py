"""The pytest plugin as another suite meets it: options checked when pytest starts, and a server
it cannot reach told in one line without the password."""

import os
import subprocess
import sys

SUITE = """
def test_databases(dhub_databases):
    assert len(dhub_databases) == 6
"""


def run_pytest(tmp_path, *options: str) -> subprocess.CompletedProcess:
    """pytest in a directory of its own, so only the installed plugin (not this suite) is there."""
    (tmp_path / "test_other.py").write_text(SUITE)
    (tmp_path / "temp").mkdir(exist_ok=True)
    environment = {**os.environ, "PYTEST_DEBUG_TEMPROOT": str(tmp_path / "temp")}
    environment.pop("DHUB_TEST_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


def test_bad_options_stop_pytest_before_any_server_starts(tmp_path):
    for option, value in [("--dhub-seed", "-1"), ("--dhub-scale", "0"), ("--dhub-as-of", "2026-02-30")]:
        result = run_pytest(tmp_path, option, value)
        assert result.returncode == 4, result.stderr  # pytest's usage error
        assert f"argument {option}: invalid" in result.stderr


def test_an_unreachable_server_is_one_line_without_its_password(tmp_path):
    result = run_pytest(tmp_path, "--dhub-url", "postgresql://bob:Sekr1tPw@127.0.0.1:1")
    assert result.returncode == 1
    assert "Sekr1tPw" not in result.stdout + result.stderr
    assert "datahub_seed.errors.ConnectionFailed: cannot connect to" in result.stdout
