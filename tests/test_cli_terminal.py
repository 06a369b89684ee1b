"""`dhub seed all` on a real terminal (a pseudo-terminal, 120x40): Rich's bars, and a stop's message on
a line of its own."""

import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios

from processes import READ_TIMEOUT_SECONDS, child_env

from datahub_seed.config import DATABASES
from datahub_seed.stop import PAUSE_ENV

SMALL = ("--scale", "0.05", "--as-of", "2025-01-31", "--no-verify")
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # colours and cursor moves


def on_terminal(urls, *args: str, pause_at: str = "") -> tuple[int, list[str]]:
    """Run `dhub` with a 120x40 terminal as stdout and stderr; its exit status and the lines it
    drew, escapes removed. Paused at ``pause_at``, it is sent SIGINT there."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "datahub_seed", *args],
        env=child_env(urls, **{PAUSE_ENV: pause_at, "TERM": "xterm-256color"}),
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the child and its output are done
            break
        if not chunk:
            break
        drawn += chunk
        if pause_at and f"paused at {pause_at}".encode() in drawn and child.poll() is None:
            child.send_signal(signal.SIGINT)
            pause_at = ""
    os.close(leader)
    status = child.wait(timeout=READ_TIMEOUT_SECONDS)
    text = ESCAPE.sub("", drawn.decode()).replace("\r\n", "\n")
    return status, [line.rsplit("\r", 1)[-1] for line in text.split("\n")]


def test_one_bar_per_database_ends_full(databases):
    status, lines = on_terminal(databases, "seed", "all", *SMALL)
    assert status == 0, lines
    for name in [*DATABASES, "all"]:
        drawn = [line for line in lines if line.startswith(f"{name} ") and "rows/s" in line]
        assert drawn, (name, lines)
        done, total = re.search(r"([\d,]+) of +([\d,]+) rows", drawn[-1]).groups()  # type: ignore[union-attr]
        assert done == total, drawn[-1]
    assert drawn[-1].endswith(" rows/s       done")  # the whole run's bar says when it is done
    assert not any(": loading about " in line for line in lines)  # plain lines are for logs only
    assert max(len(line) for line in lines) <= 100


def test_a_stop_is_told_on_a_line_of_its_own(databases):
    status, lines = on_terminal(databases, "seed", "all", *SMALL, pause_at="load:loans_db")
    assert status == 130, lines
    told = [line for line in lines if "Interrupted: " in line]
    assert told == ["Interrupted: rolled back all six databases; every database is as it was before."], lines
