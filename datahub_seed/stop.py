"""Ctrl-C and SIGTERM as one exception, raised only where the program can stop cleanly.

Python runs signal handlers in the main thread whichever thread the kernel chose (numpy's OpenBLAS
threads receive signals too), so the handler installed here sees every stop. It only records the
signal. The work asks ``checkpoint()`` at safe points (between chunks, tables and databases), so a
stop never lands inside a commit, a COPY callback or a garbage-collector callback, where it could
be swallowed or leave the databases half committed. Where the program waits for a person or a
lock, ``interruptible()`` lets the handler raise at once.

Each layer that knows what a stop leaves behind catches ``Stopped`` and raises it again with a
true ``outcome``; the command line prints ``Interrupted: <outcome>.`` and exits 128 + the signal.
"""

import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import NoReturn

SIGNALS = (signal.SIGINT, signal.SIGTERM)
PAUSE_ENV = "DHUB_TEST_PAUSE_AT"  # for the kill tests only: points at which to wait for a signal


class Stopped(BaseException):
    """A stop by SIGINT or SIGTERM; ``outcome`` says what it left behind."""

    def __init__(self, signal_number: int, outcome: str = "nothing was changed"):
        super().__init__(signal_number, outcome)
        self.signal_number, self.outcome = signal_number, outcome

    @property
    def exit_code(self) -> int:
        return 128 + self.signal_number

    @property
    def message(self) -> str:
        return f"Interrupted: {self.outcome}."

    def told(self, outcome: str) -> "Stopped":
        """The same stop, with what it left behind."""
        return Stopped(self.signal_number, outcome)


_pending: int | None = None
_raise_at_once = False


def install() -> None:
    """Route SIGINT and SIGTERM here for the rest of the process."""
    for number in SIGNALS:
        signal.signal(number, _record)


def _record(number: int, frame: object) -> None:
    global _pending
    if _pending is None:
        _pending = number
    if _raise_at_once:
        raise Stopped(_pending)


def pending() -> int | None:
    """The signal that asked the program to stop, if any has."""
    return _pending


def checkpoint() -> None:
    """Raise ``Stopped`` if a stop was asked for: the caller is at a point where stopping is safe."""
    if _pending is not None:
        raise Stopped(_pending)


@contextmanager
def interruptible() -> Iterator[None]:
    """While waiting for input or a lock, a stop raises at once."""
    global _raise_at_once
    checkpoint()
    previous, _raise_at_once = _raise_at_once, True
    try:
        yield
    finally:
        _raise_at_once = previous


def pause_point(name: str) -> None:
    """For the kill tests: at a point named in DHUB_TEST_PAUSE_AT, say so on stderr and wait for a
    stop, or for SIGUSR1 to go on, so a test acts exactly there without guessing at timing."""
    if name not in os.environ.get(PAUSE_ENV, "").split(","):
        return
    resumed = []
    previous = signal.signal(signal.SIGUSR1, lambda number, frame: resumed.append(number))
    print(f"dhub-test: paused at {name}", file=sys.stderr, flush=True)
    while _pending is None and not resumed:
        time.sleep(0.01)
    signal.signal(signal.SIGUSR1, previous)


def exit_process(code: int) -> NoReturn:
    """End the process now with ``code``. A stop asked for after a command succeeded is told here;
    and the interpreter's shutdown is skipped, since Python puts the default handlers back for it,
    and a signal in that time would end the process without a word."""
    pause_point("exit")
    if code == 0 and _pending is not None:
        stopped = Stopped(_pending, "the command had already done its work")
        print(stopped.message, file=sys.stderr)
        code = stopped.exit_code
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe has nothing left to take
            stream.flush()
    os._exit(code)
