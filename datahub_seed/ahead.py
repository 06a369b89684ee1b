"""Making the next items while the caller works on this one: generation beside loading.

Generating and rendering rows is Python's work; taking them in is the server's. Done in turn, one
of two cores idles. ``ReadAhead`` runs an iterator in a thread of its own from the moment it is
made (so it gets going while the caller still prepares the databases), at most ``limit`` ahead of
its caller, counted by each item's ``weight`` (bytes, so memory stays flat, however the items are
cut), while the caller waits on the server with Python's lock released. Items arrive in the
iterator's order, so the data cannot depend on timing.

When the server answers, the caller needs Python's lock back; by default the producer keeps it
for up to 5 ms first, and a small run spends a quarter of its load waiting so. While reading
ahead, the lock changes hands within ``SWITCH_SECONDS``.
"""

import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")
SWITCH_SECONDS = 0.001


class ReadAhead(Generic[T]):
    """``items`` in order, made by a thread of their own up to ``limit`` (by ``weight``) ahead; one
    item is always let through, however heavy. An error the iterator raises is raised to the
    caller. Used as a context manager: on leaving, the thread stops after its current item and
    is waited for, so nothing runs on after the caller has finished."""

    def __init__(self, items: Iterator[T], limit: int, weight: Callable[[T], int] = lambda item: 1) -> None:
        self.items, self.limit, self.weight = items, limit, weight
        self.waiting: deque[tuple[T, int]] = deque()
        self.held = 0  # the weight waiting
        self.finished = False
        self.error: BaseException | None = None
        self.cancelled = False
        self.changed = threading.Condition()
        self.switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self.switch, SWITCH_SECONDS))
        self.thread = threading.Thread(target=self._produce, name="dhub-read-ahead", daemon=True)
        self.thread.start()

    def _produce(self) -> None:
        try:
            for item in self.items:
                weight = self.weight(item)
                with self.changed:
                    while self.held and self.held + weight > self.limit and not self.cancelled:
                        self.changed.wait()
                    if self.cancelled:
                        return
                    self.waiting.append((item, weight))
                    self.held += weight
                    self.changed.notify_all()
        except BaseException as error:  # handed to the caller, which raises it
            self.error = error
        finally:
            with self.changed:
                self.finished = True
                self.changed.notify_all()

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        with self.changed:
            while not self.waiting and not self.finished:
                self.changed.wait()
            if not self.waiting:
                if self.error:
                    raise self.error
                raise StopIteration
            item, weight = self.waiting.popleft()
            self.held -= weight
            self.changed.notify_all()
            return item

    def __enter__(self) -> "ReadAhead[T]":
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        with self.changed:
            self.cancelled = True
            self.changed.notify_all()
        self.thread.join()
        sys.setswitchinterval(self.switch)
