"""What one check found, and the helpers every kind of check shares."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, text

from datahub_seed import stop
from datahub_seed.distributions import load

EXAMPLES = 5  # failing keys a check quotes
T = TypeVar("T")
# The transaction types that spend, as an SQL list: the rest are income.
SPENDING = ", ".join(f"'{kind}'" for kind in load("accounts_db")["transactions"]["spending_type"].values)


@dataclass
class Check:
    """One finding: ``failures`` of ``checked`` rows (``failing`` says what a failure is), or for a
    share, whether ``measured`` lies within ``tolerance`` of ``target``."""

    kind: str  # link, share or rule
    name: str
    checked: int
    failures: int
    failing: str = "violating rows"
    target: float | None = None
    measured: float | None = None
    tolerance: float | None = None
    examples: list = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.failures == 0

    def as_dict(self) -> dict:
        return {**asdict(self), "passed": self.passed}


def each_database_at_once(items: list[T], database: Callable[[T], str], run: Callable[[T], list[Check]]) -> list[Check]:
    """``run`` on every item, the databases at once: a thread per database runs that database's
    items in turn on its connection, which no other thread uses. The checks come in the items' order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(database(item), []).append(item)
    with ThreadPoolExecutor(max(1, len(groups)), thread_name_prefix="dhub-verify") as pool:
        running = {
            name: pool.submit(lambda group: [run(item) for item in group], group) for name, group in groups.items()
        }
    results = {name: iter(future.result()) for name, future in running.items()}
    return [check for item in items for check in next(results[database(item)])]


def found(connection: Connection, sql: str, params: dict | None = None) -> tuple[int, list]:
    """How many rows ``sql`` selects, and the first few distinct keys among them, in order."""
    stop.checkpoint()
    count, examples = connection.execute(
        text(f"SELECT count(*), (array_agg(DISTINCT v.key))[1:{EXAMPLES}] FROM ({sql}) AS v(key)"), params or {}
    ).one()
    return count, list(examples or [])


def spec_tolerance(population: int) -> float:
    """SPEC "Percentages": 3 points, 5 for tables under 500 rows."""
    return 0.05 if population < 500 else 0.03


def distribution(database: str, path: str) -> Any:
    """The entry at a dotted path of a database's distribution file, e.g. "employees.manager_share";
    a last part that names one of a set of weights gives that weight's share."""
    entry: Any = load(database)
    for part in path.split("."):
        entry = entry.share(part) if hasattr(entry, "share") else entry[part]
    return entry
