"""What one database's generator tells the next: ids, owners and dates planned before any write.

Generators run in a fixed order (employees, accounts, customers, loans, insurance, compliance),
each reading what earlier ones planned and adding its own, so cross-database references are
chosen from rows that will exist, with the right owner, role and time.
"""

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

import numpy as np

from datahub_seed.distributions import load
from datahub_seed.generate.core import DAY, Run, exact_flags, pick
from datahub_seed.generate.frame import Nullable

ROLES = load("employees_db")["employees"]["role"].values
REFERENCES = load("employees_db")["references"]
# The roles other databases refer to, one per reference (its first choice): all staffed, or no run.
REFERRED_ROLES = tuple(dict.fromkeys(roles[0] for roles in REFERENCES.values()))
MAX_ROUNDS = 64
T = TypeVar("T")


class Planned(Generic[T]):
    """A dataclass field that one generator fills in and later ones read. It is None until then;
    reading it earlier is a mistake in the generation order, and raises naming the field rather
    than handing a None on."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = f"{owner.__name__}.{name}"
        self.slot = f"_{name}"

    @overload
    def __get__(self, instance: None, owner: type) -> None: ...
    @overload
    def __get__(self, instance: object, owner: type) -> T: ...
    def __get__(self, instance: object | None, owner: type) -> T | None:
        if instance is None:  # the dataclass asks for the default: not planned yet
            return None
        value: T | None = getattr(instance, self.slot, None)
        if value is None:
            raise RuntimeError(f"{self.name} is read before the generator that plans it has run")
        return value

    def __set__(self, instance: object, value: T | None) -> None:
        setattr(instance, self.slot, value)


@dataclass
class Staff:
    """Employees as arrays; ``left`` is the termination day, or a day after the reference date."""

    ids: np.ndarray
    role: np.ndarray
    hired: np.ndarray
    left: np.ndarray

    def pick(self, rng: np.random.Generator, days: np.ndarray, reference: str | None = None) -> np.ndarray:
        """For each day, an employee employed that day, of the role ``reference`` requires."""
        days = np.asarray(days, dtype=np.int64)
        roles = REFERENCES.get(reference, ROLES)
        pool = np.flatnonzero(np.isin(self.role, [ROLES.index(r) for r in roles]))
        if not len(pool):  # too few employees to staff every role: any employee will do
            pool = np.arange(len(self.ids))
        chosen = np.full(len(days), -1, dtype=np.int64)
        todo = np.arange(len(days))
        for _ in range(MAX_ROUNDS):
            if not len(todo):
                break
            candidate = pick(rng, pool, len(todo))
            fits = (self.hired[candidate] <= days[todo]) & (days[todo] <= self.left[candidate])
            chosen[todo[fits]] = candidate[fits]
            todo = todo[~fits]
        if len(todo):  # rare: nobody in the pool at that time; the longest-serving member of it
            chosen[todo] = pool[np.argmin(self.hired[pool])]
        return self.ids[chosen]


@dataclass
class Customers:
    ids: np.ndarray
    created: np.ndarray  # seconds
    kyc_status: np.ndarray  # index into compliance_db kyc_status
    risk_rating: np.ndarray  # index into compliance_db risk_rating
    contact: Planned[dict[str, Any]] = Planned()  # the CRM's copy of accounts_db.customers, made with that table


@dataclass
class Accounts:
    ids: np.ndarray
    customer_id: np.ndarray  # ascending: a customer's accounts are adjacent
    opened: np.ndarray  # seconds, a midnight: the opening day
    closed: np.ndarray  # the closing day, or a day after the reference date for open accounts

    def of_customers(
        self, rng: np.random.Generator, customer_ids: np.ndarray, share: float, days: np.ndarray
    ) -> Nullable:
        """For ``share`` of the rows whose customer has an account open on the row's day (opened
        on or before it, not closed before it), one of those accounts."""
        n = len(customer_ids)
        first = np.searchsorted(self.customer_id, customer_ids, side="left")
        count = np.searchsorted(self.customer_id, customer_ids, side="right") - first
        slot = np.arange(int(count.max()) if n else 0)
        index = np.minimum(first[:, None] + slot[None, :], len(self.ids) - 1)
        day = np.asarray(days, dtype=np.int64)[:, None]
        usable = (slot[None, :] < count[:, None]) & (self.opened[index] // DAY <= day) & (day <= self.closed[index])
        preference = np.where(usable, rng.random(usable.shape), -1.0)
        chosen = index[np.arange(n), np.argmax(preference, axis=1)] if len(slot) else np.zeros(n, dtype=np.int64)
        has = np.flatnonzero(usable.any(axis=1))
        linked = np.zeros(n, dtype=bool)
        linked[has] = exact_flags(rng, share, len(has))
        return Nullable(self.ids[chosen] if len(self.ids) else np.zeros(n, dtype=np.int64), ~linked)

    def open_on(self, account_ids: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Whether each account was open on each day (ids of one block are consecutive)."""
        index = np.asarray(account_ids) - self.ids[0]
        return (self.opened[index] // DAY <= days) & (days <= self.closed[index])

    def owner_of(self, account_ids: np.ndarray) -> np.ndarray:
        """The customer of each account (ids of one block are consecutive)."""
        return self.customer_id[np.asarray(account_ids) - self.ids[0]]


@dataclass
class Transactions:
    ids: np.ndarray  # ascending, but with gaps: other blocks' transactions fall between
    account_id: np.ndarray
    time: np.ndarray  # seconds
    amount: np.ndarray  # cents

    def account_of(self, transaction_ids: np.ndarray) -> np.ndarray:
        return self.account_id[np.searchsorted(self.ids, transaction_ids)]


@dataclass
class Loans:
    """Per application (``application_ids`` order), and per granted loan once loans are made."""

    application_ids: np.ndarray
    customer_id: np.ndarray
    loan_type: np.ndarray
    status: np.ndarray  # application status
    applied: np.ndarray  # days
    decided: np.ndarray  # days
    disbursed: np.ndarray  # days
    amount: np.ndarray  # approved cents
    term: np.ndarray  # months
    granted: Planned[np.ndarray] = Planned()  # application index of each loan
    loan_ids: Planned[np.ndarray] = Planned()
    loan_status: Planned[np.ndarray] = Planned()
    loan_term: Planned[np.ndarray] = Planned()
    rate: Planned[np.ndarray] = Planned()  # percent x 10,000
    monthly: Planned[np.ndarray] = Planned()  # cents


@dataclass
class Policies:
    ids: np.ndarray
    customer_id: np.ndarray
    start: np.ndarray  # days


@dataclass
class Plan:
    """Everything generated so far that a later database may refer to: the global parts (staff,
    branches, campaigns, id counters) and those of the current block of customers."""

    run: Run
    branches: list[str] = field(default_factory=list)
    staff: Planned[Staff] = Planned()
    customers: Planned[Customers] = Planned()
    accounts: Planned[Accounts] = Planned()
    transactions: Planned[Transactions] = Planned()
    campaigns: Planned[tuple[np.ndarray, np.ndarray]] = Planned()  # start and end days
    loans: Planned[Loans] = Planned()
    policies: Planned[Policies] = Planned()
    aml: Planned[tuple[np.ndarray, ...]] = Planned()  # checks: id, customer, time, flagged, transaction
    rule_effective: Planned[np.ndarray] = Planned()  # each rule's effective day, by rule_id - 1
    transaction_ids: Planned[np.ndarray] = Planned()  # this block's ids, ranked by time across all blocks
    next_id: dict[str, int] = field(default_factory=dict)

    def ids(self, table: str, n: int) -> np.ndarray:
        """The next ``n`` ids of ``table``: blocks continue where the previous one stopped."""
        start = self.next_id.get(table, 1)
        self.next_id[table] = start + n
        return np.arange(start, start + n)

    def for_block(self, run: Run) -> "Plan":
        """A plan for the next block of customers: global parts and id counters carried over."""
        return Plan(
            run,
            branches=self.branches,
            staff=self.staff,
            campaigns=self.campaigns,
            rule_effective=self.rule_effective,
            next_id=self.next_id,
        )
