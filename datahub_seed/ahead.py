"""Making the next items while the caller works on this one: generation beside loading.

Generating and rendering rows is Python's work; taking them in is the server's. Done in turn, one
of two cores idles. ``read_ahead`` runs an iterator in a thread of its own, at most ``depth``
items ahead of its caller (so memory stays flat), while the caller waits on the server with
Python's lock released. Items arrive in the iterator's order, so the data cannot depend on timing.

When the server answers, the caller needs Python's lock back; by default the producer keeps it
for up to 5 ms first, and a small run spends a quarter of its load waiting so. While reading
ahead, the lock changes hands within ``SWITCH_SECONDS``.
"""

import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from queue import Queue
from typing import TypeVar

T = TypeVar("T")
SWITCH_SECONDS = 0.001


@dataclass
class _Ended:
    """The producer's last message: None when its iterator was exhausted, else what it raised."""

    error: BaseException | None = None


def read_ahead(items: Iterator[T], depth: int) -> Iterator[T]:
    """``items`` in order, made by a thread of their own up to ``depth`` ahead. An error the
    iterator raises is raised here; when the caller stops early, the thread stops after its
    current item, and is waited for, so nothing runs on after the caller has finished."""
    queue: Queue[T | _Ended] = Queue(depth)
    cancelled = threading.Event()

    def produce() -> None:
        ended = _Ended()
        try:
            for item in items:
                queue.put(item)
                if cancelled.is_set():
                    break
        except BaseException as error:  # handed to the caller, which raises it
            ended = _Ended(error)
        queue.put(ended)

    thread = threading.Thread(target=produce, name="dhub-read-ahead", daemon=True)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(min(switch, SWITCH_SECONDS))
    thread.start()
    message: T | _Ended | None = None
    try:
        while not isinstance(message := queue.get(), _Ended):
            yield message
        if message.error:
            raise message.error
    finally:
        cancelled.set()
        while not isinstance(message, _Ended):  # the caller stopped early: let the producer finish
            message = queue.get()
        thread.join()
        sys.setswitchinterval(switch)
