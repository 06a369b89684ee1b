"""The pytest plugin as another suite meets it: options checked when pytest starts, and a server
it cannot reach told in one line without the password."""

import os
import signal
import subprocess
import sys

from datahub_seed.server import _port_in_use

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


WAITING = """
import sys

def test_waits(dhub_server):
    print("server at port", dhub_server.port, flush=True)
    sys.stdin.readline()  # until the test ends it: it sends SIGTERM instead
"""


def test_a_sigterm_stops_the_embedded_server_too(tmp_path):
    """A CI job's timeout ends pytest with SIGTERM: the plugin's server must not outlive it."""
    (tmp_path / "test_waiting.py").write_text(WAITING)
    environment = {**os.environ, "PYTEST_DEBUG_TEMPROOT": str(tmp_path)}
    environment.pop("DHUB_TEST_DATABASE_URL", None)
    child = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "test_waiting.py"],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
    )
    assert child.stdout is not None
    line = next(line for line in child.stdout if line.startswith("server at port"))
    port = int(line.split()[-1])
    assert _port_in_use(port)
    child.send_signal(signal.SIGTERM)
    child.communicate(timeout=120)
    assert child.returncode != 0
    assert not _port_in_use(port)
