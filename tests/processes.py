"""`dhub` as a real child process, stopped at exact moments.

A child started with ``pause_at`` waits at that point of its work (``stop.pause_point``: a
test-only hook that prints a line and waits for a signal), so a test signals it exactly there and
never after a guessed delay.
"""

import ctypes
import os
import platform
import queue
import signal
import subprocess
import sys
import threading
import time

from sqlalchemy import text

from datahub_seed.config import database_env
from datahub_seed.db import engine_for
from datahub_seed.stop import PAUSE_ENV

READ_TIMEOUT_SECONDS = 120  # only a bound on a hung child; no test depends on it


def child_env(urls, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DHUB_")}
    env.update({database_env(db): url.render_as_string(hide_password=False) for db, url in urls.items()})
    env.update(extra)
    return env


class Child:
    """A running `dhub`, its output read line by line as it comes (a pipe read through Python's
    buffer would hide lines from select())."""

    def __init__(self, urls, *args: str, pause_at: str = "", **extra: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "datahub_seed", *args],
            env=child_env(urls, **{PAUSE_ENV: pause_at}, **extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.pid = self.process.pid
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.stdout, False), daemon=True),
            threading.Thread(target=self._read, args=(self.process.stderr, self.stderr, True), daemon=True),
        ]
        for reader in self.readers:
            reader.start()

    def _read(self, stream, into: list[str], announce: bool) -> None:
        for line in stream:
            into.append(line)
            if announce:
                self.lines.put(line)
        if announce:
            self.lines.put(None)

    def wait_for(self, marker: str) -> None:
        """Block until the child writes a line containing ``marker`` to stderr."""
        while True:
            try:
                line = self.lines.get(timeout=READ_TIMEOUT_SECONDS)
            except queue.Empty:
                self.process.kill()  # a child left waiting would hold its databases for the next tests
                raise AssertionError(f"never saw {marker!r}; saw {self.stderr}") from None
            if line is None:
                raise AssertionError(f"the child ended without {marker!r}: {self.stderr}")
            if marker in line:
                return

    def finish(self) -> tuple[str, str]:
        """Wait for the end; everything it wrote to stdout and stderr."""
        self.process.wait(timeout=READ_TIMEOUT_SECONDS)
        for reader in self.readers:
            reader.join()
        return "".join(self.stdout), "".join(self.stderr)

    @property
    def returncode(self) -> int | None:
        return self.process.returncode


def start_dhub(urls, *args: str, pause_at: str = "", **extra: str) -> Child:
    return Child(urls, *args, pause_at=pause_at, **extra)


def stop_at(child: Child, point: str, signal_number: int, thread: bool = False) -> tuple[str, str]:
    """Signal the child once it pauses at ``point``; all it wrote to stdout and stderr."""
    child.wait_for(f"dhub-test: paused at {point}")
    if thread:
        send_to_other_thread(child.pid, signal_number)
    else:
        os.kill(child.pid, signal_number)
    return child.finish()


def resume(child: Child) -> None:
    """Let a child paused at its ``pause_at`` point go on."""
    os.kill(child.pid, signal.SIGUSR1)


def send_to_other_thread(pid: int, signal_number: int) -> None:
    """Deliver a signal to a thread other than the main one (numpy's OpenBLAS starts some), as
    the kernel may do with a signal sent to the process."""
    threads = sorted(int(tid) for tid in os.listdir(f"/proc/{pid}/task") if int(tid) != pid)
    assert threads, "the child runs no thread besides the main one"
    tgkill = {"x86_64": 234, "aarch64": 131}[platform.machine()]  # the system call's number
    assert ctypes.CDLL(None).syscall(tgkill, pid, threads[-1], signal_number) == 0


SIGNAL_EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143}


def wait_until_disconnected(urls) -> None:
    """Wait until no session is connected to these databases: the server processes of a child
    that has exited may take a moment to end, and they hold the run lock until they do."""
    names = [url.database for url in urls.values()]
    engine = engine_for(next(iter(urls.values())).set(database="postgres"), autocommit=True)
    deadline = time.monotonic() + READ_TIMEOUT_SECONDS
    try:
        with engine.connect() as connection:
            while connection.scalar(
                text("SELECT count(*) FROM pg_stat_activity WHERE datname = ANY(:names)"), {"names": names}
            ):
                assert time.monotonic() < deadline, "sessions of an ended child never went away"
                time.sleep(0.02)
    finally:
        engine.dispose()
