"""What one database's generator tells the next: ids, owners and dates planned before any write.

Generators run in a fixed order (employees, accounts, customers, loans, insurance, compliance),
each reading what earlier ones planned and adding its own, so cross-database references are
chosen from rows that will exist, with the right owner, role and time.
"""

from dataclasses import dataclass, field

import numpy as np

from datahub_seed.distributions import load
from datahub_seed.generate.core import DAY, Run, exact_flags, pick
from datahub_seed.generate.frame import Nullable

ROLES = load("employees_db")["employees"]["role"].values
REFERENCES = load("employees_db")["references"]
# The roles other databases refer to, one per reference (its first choice): all staffed, or no run.
REFERRED_ROLES = tuple(dict.fromkeys(roles[0] for roles in REFERENCES.values()))
MAX_ROUNDS = 64


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
    contact: dict | None = None  # the CRM's copy of accounts_db.customers, made with that table


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
    granted: np.ndarray | None = None  # application index of each loan
    loan_ids: np.ndarray | None = None
    loan_status: np.ndarray | None = None
    loan_term: np.ndarray | None = None
    rate: np.ndarray | None = None  # percent x 10,000
    monthly: np.ndarray | None = None  # cents


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
    staff: Staff | None = None
    customers: Customers | None = None
    accounts: Accounts | None = None
    transactions: Transactions | None = None
    campaigns: tuple[np.ndarray, np.ndarray] | None = None  # start and end days
    loans: Loans | None = None
    policies: Policies | None = None
    aml: tuple[np.ndarray, ...] | None = None  # checks: customer, time, flagged, transaction
    rule_effective: np.ndarray | None = None  # each rule's effective day, by rule_id - 1
    transaction_ids: np.ndarray | None = None  # this block's ids, ranked by time across all blocks
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
