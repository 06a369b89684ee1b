"""The load's progress on stderr: Rich's bars on a terminal, a few plain lines anywhere else."""

import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from datahub_seed.cli.output import notify

REFRESH_SECONDS = 0.1  # redraw at most this often: drawn from the loading thread, between chunks
STEPS = 10  # plain output of a large run: a line as it passes each tenth of its rows


class LoadProgress:
    """One bar per database for the whole run: rows written of the estimated total and its rate
    (rows per second of the time spent on it: the time since the previous chunk, which generated
    and wrote this one); below them a bar for the whole run, with its rate since the load began
    and the time left at that rate. Databases take turns, block after block, so only the whole
    run's time left means anything. Where stderr is not a terminal: a line as each database starts
    loading, and, with ``tenths``, one as the whole run passes each tenth of its rows. The bars
    appear with the first rows, after the run's announcement; stopped by an error or a signal,
    they stay as they were and the message goes on a line of its own."""

    def __init__(self, estimate: dict[str, int], tenths: bool = False) -> None:
        self.console = Console(stderr=True)
        self.estimate, self.tenths = estimate, tenths
        self.written = dict.fromkeys(estimate, 0)
        self.busy = dict.fromkeys(estimate, 0.0)  # seconds spent generating and writing each database
        self.began = self.last = time.monotonic()  # when the load began; when the previous chunk was written
        self.drawn = 0.0
        digits = len(f"{sum(estimate.values()):,}")  # so that a bar stays within 100 columns
        self.bars = Progress(
            TextColumn("{task.description:<13}"),
            BarColumn(bar_width=24),
            TextColumn(f"{{task.completed:>{digits},.0f}} of {{task.total:>{digits},.0f}} rows"),
            TextColumn("{task.fields[rate]:>15}"),
            TextColumn("{task.fields[left]:>10}"),
            console=self.console,
            auto_refresh=False,  # no drawing thread: drawn here, between chunks
        )
        self.tasks = {database: self.bars.add_task(database, rate="", left="") for database in [*estimate, "all"]}

    def __enter__(self) -> "LoadProgress":
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self.bars.live.is_started:
            if kind is None:  # done: the estimates give way to the rows written
                self.estimate = dict(self.written)
            self.draw()
            self.bars.stop()

    def advance(self, database: str, rows: int) -> None:
        if not self.bars.live.is_started and self.console.is_terminal:
            self.bars.start()
        now = time.monotonic()
        self.busy[database] += now - self.last
        self.last = now
        before = sum(self.written.values())
        if not self.written[database] and not self.console.is_terminal:
            notify(f"{database}: loading about {self.estimate[database]:,} rows")
        self.written[database] += rows
        if self.console.is_terminal:
            if time.monotonic() - self.drawn >= REFRESH_SECONDS:
                self.draw()
        elif self.tenths:
            total = sum(self.estimate.values())
            passed = min(STEPS, (before + rows) * STEPS // total)
            if passed > before * STEPS // total:
                notify(f"loaded {before + rows:,} of about {total:,} rows ({passed * 100 // STEPS}%)")

    def draw(self) -> None:
        done, expected = sum(self.written.values()), sum(max(self.estimate[db], n) for db, n in self.written.items())
        for database, written in self.written.items():
            rate = written / self.busy[database] if self.busy[database] else 0.0
            total = max(self.estimate[database], written)
            self.bars.update(self.tasks[database], total=total, completed=written, rate=f"{rate:,.0f} rows/s")
        rate = done / (time.monotonic() - self.began)
        left = "done" if done >= expected else f"{clock((expected - done) / rate)} left" if rate else ""
        self.bars.update(self.tasks["all"], total=expected, completed=done, rate=f"{rate:,.0f} rows/s", left=left)
        self.bars.refresh()
        self.drawn = time.monotonic()


def clock(seconds: float) -> str:
    """``seconds`` as m:ss."""
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"
