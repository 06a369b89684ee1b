"""accounts_db: customers of record, their accounts, links between accounts, and transactions."""

import numpy as np

from datahub_seed.distributions import load
from datahub_seed.generate.core import (
    DAY,
    YEAR_DAYS,
    between,
    categorical,
    cents,
    exact_flags,
    integers,
    owners,
    scrambled,
    uniform,
)
from datahub_seed.generate.frame import Frame, Nullable, Pooled
from datahub_seed.generate.plan import Accounts, Customers, Plan, Transactions
from datahub_seed.generate.pools import TEXTS, phones, phrases, pools
from datahub_seed.links import COUNTRY
from datahub_seed.models import accounts as model

DIST = load("accounts_db")
KYC = load("compliance_db")["kyc_records"]
SPENDING = DIST["transactions"]["spending_type"]
INCOME = DIST["transactions"]["income_type"]
TRANSACTION_TYPES = (*SPENDING.values, *INCOME.values)
FEES = DIST["transactions"]["fee_range"]  # statement text: (low, high) in dollars


def generate_block(plan: Plan) -> list[Frame]:
    customers = customer_frame(plan)
    accounts = account_frame(plan)
    return [customers, accounts, relationship_frame(plan, accounts), transaction_frame(plan, accounts)]


def plan_customers(plan: Plan) -> None:
    """Ids, join dates, KYC status and risk of every customer: planned before any database is
    generated, because employees_db assigns relationship managers to customers."""
    run, rng, n = plan.run, plan.run.rng, plan.run.customers
    spec = DIST["customers"]
    # Created over the last 7 years, at least a week ago so follow-up events fit before as-of.
    created = np.sort(
        between(
            rng("customers.created"),
            np.full(n, run.years_ago(spec["created_years"])),
            np.full(n, run.now - spec["settle_days"] * DAY),
        )
    )
    plan.customers = Customers(
        ids=plan.ids("customers", n),
        created=created,
        kyc_status=kyc_statuses(rng("customers.kyc_status"), created, run.now),
        risk_rating=categorical(rng("customers.risk_rating"), KYC["risk_rating"], n),
    )


def kyc_statuses(rng: np.random.Generator, created: np.ndarray, now: int) -> np.ndarray:
    """Exact KYC shares, with "expired" (a review overdue) only for customers of over a year and a
    month, who have had time to be verified and fall due."""
    status = categorical(rng, KYC["kyc_status"], len(created))
    expired = KYC["kyc_status"].values.index("expired")
    old = created <= now - 400 * DAY
    misplaced = np.flatnonzero((status == expired) & ~old)
    swap = rng.permutation(np.flatnonzero((status != expired) & old))[: len(misplaced)]
    status[misplaced[: len(swap)]], status[swap] = status[swap], expired
    return status


def customer_frame(plan: Plan) -> Frame:
    run, rng, n = plan.run, plan.run.rng, plan.run.customers
    ids, created = plan.customers.ids, plan.customers.created
    spec = DIST["customers"]
    years_since = (run.now - created) / (YEAR_DAYS * DAY)
    low, high = spec["age_range"]
    age = np.clip(rng("customers.age").normal(spec["age_mean"], spec["age_sd"], n), low + years_since, high)
    born = run.today - np.floor(age * YEAR_DAYS).astype(np.int64) - rng("customers.birthday").integers(0, 365, n)
    pool = pools(run.seed)
    name_rng = rng("customers.name")
    first = [pool.first_names[i] for i in name_rng.choice(len(pool.first_names), n, p=pool.first_name_p)]
    last = [pool.last_names[i] for i in name_rng.choice(len(pool.last_names), n, p=pool.last_name_p)]
    domain = rng("customers.domain").integers(0, len(pool.email_domains), n)
    place = rng("customers.place").integers(0, len(pool.places), n)
    email = [
        f"{f.lower()}.{s.lower()}{i}@{pool.email_domains[d]}"
        for f, s, i, d in zip(first, last, ids.tolist(), domain.tolist(), strict=True)
    ]
    phone = phones(rng("customers.phone"), n)
    street = Pooled(pool.streets, rng("customers.street").integers(0, len(pool.streets), n))
    city = Pooled([p[0] for p in pool.places], place)
    plan.customers.contact = {
        "full_name": [f"{f} {s}" for f, s in zip(first, last, strict=True)],
        "email": email,
        "phone": phone,
        "address": street,
        "city": city,
        "country": Pooled([COUNTRY], np.zeros(n, dtype=np.int64)),
    }
    return Frame(
        model.Customer.__table__,
        {
            "customer_id": ids,
            "first_name": first,
            "last_name": last,
            "date_of_birth": born,
            "email": email,
            "phone": phone,
            "address": street,
            "city": city,
            "state": Pooled([p[1] for p in pool.places], place),
            "postal_code": Pooled([p[2] for p in pool.places], place),
            "created_at": created,
        },
    )


def account_frame(plan: Plan) -> Frame:
    run, rng, customers = plan.run, plan.run.rng, plan.customers
    spec = DIST["accounts"]
    n_customers = len(customers.ids)
    owner = owners(run, "accounts", spec, n_customers)
    n = len(owner)
    ids = plan.ids("accounts", n)
    # Opened on a day (the first midnight after the customer joined, so not before), closed on a
    # later day: both are dates, and at least a day apart leaves room for the transactions.
    joined = between(rng("accounts.opened"), customers.created[owner], np.full(n, run.now - 2 * DAY))
    opened = -(-joined // DAY) * DAY
    status = categorical(rng("accounts.status"), spec["account_status"], n)
    closed = status == spec["account_status"].values.index("closed")
    closed_at = between(rng("accounts.closed"), opened + DAY, np.full(n, run.now)) // DAY * DAY
    usd = exact_flags(rng("accounts.usd"), spec["usd_share"], n)
    other = categorical(rng("accounts.currency"), spec["other_currency"], n)
    currencies = ("USD", *spec["other_currency"].values)
    still_open = run.today + 1
    plan.accounts = Accounts(
        ids=ids, customer_id=customers.ids[owner], opened=opened, closed=np.where(closed, closed_at // DAY, still_open)
    )
    return Frame(
        model.Account.__table__,
        {
            "account_id": ids,
            "account_number": scrambled(ids, 10).astype(str).tolist(),
            "customer_id": customers.ids[owner],
            "account_type": Pooled(
                spec["account_type"].values, categorical(rng("accounts.type"), spec["account_type"], n)
            ),
            "account_status": Pooled(spec["account_status"].values, status),
            "currency": Pooled(currencies, np.where(usd, 0, other + 1)),
            "balance": np.zeros(n, dtype=np.int64),  # set from the transactions below
            "branch_code": Pooled(plan.branches, rng("accounts.branch").integers(0, len(plan.branches), n)),
            "opened_date": opened // DAY,
            "closed_date": Nullable(closed_at // DAY, ~closed),
        },
    )


def relationship_frame(plan: Plan, accounts: Frame) -> Frame:
    rng = plan.run.rng
    spec = DIST["account_relationships"]
    n = len(plan.accounts.ids)
    per_account = np.array(spec["per_account"].values, dtype=int)[
        categorical(rng("relationships.count"), spec["per_account"], n)
    ]
    per_account = np.minimum(per_account, n - 1)  # too few accounts to link twice
    source = np.repeat(np.arange(n), per_account)
    second = np.concatenate([[False], source[1:] == source[:-1]])
    # An offset in [1, n-1] never lands on the account itself; a second link takes another offset.
    offset = rng("relationships.offset").integers(1, max(n, 2), len(source))
    first_offset = np.where(second, np.roll(offset, 1), 0)
    clash = second & (offset == first_offset)
    offset[clash] = offset[clash] % max(n - 1, 1) + 1
    target = (source + offset) % n
    opened = plan.accounts.opened
    start = np.maximum(opened[source], opened[target])
    count = len(source)
    return Frame(
        model.AccountRelationship.__table__,
        {
            "relationship_id": plan.ids("account_relationships", count),
            "primary_account_id": plan.accounts.ids[source],
            "related_account_id": plan.accounts.ids[target],
            "relationship_type": Pooled(
                spec["relationship_type"].values,
                categorical(rng("relationships.type"), spec["relationship_type"], count),
            ),
            "created_at": between(rng("relationships.created"), start, np.full(count, plan.run.now)),
        },
    )


def transaction_times(plan: Plan, accounts: Frame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per account: how many transactions, and their times (rows; ``valid`` marks the real ones).
    Times strictly increase per account inside [opened, closed or as-of]. Also used by the first
    pass that ranks transaction ids across all blocks, so it must depend on nothing else."""
    run, rng = plan.run, plan.run.rng
    n_accounts = len(plan.accounts.ids)
    count = integers(rng("transactions.count"), DIST["transactions"]["per_account_range"], n_accounts)
    width = int(count.max()) if n_accounts else 0
    valid = np.arange(width)[None, :] < count[:, None]
    closed_at = accounts.columns["closed_date"]
    end = np.where(closed_at.null, run.now, closed_at.values * DAY - 1)
    start = plan.accounts.opened
    span = np.maximum(end - start - width, 1)
    offsets = np.sort(np.floor(rng("transactions.time").random((n_accounts, width)) * span[:, None]), axis=1)
    times = start[:, None] + offsets.astype(np.int64) + np.arange(width)[None, :]
    return count, times, valid


def transaction_keys(plan: Plan, accounts: Frame) -> tuple[np.ndarray, np.ndarray]:
    """(time, account id) of every transaction of the block, in the order transaction_frame uses."""
    count, times, valid = transaction_times(plan, accounts)
    return times[valid], np.repeat(plan.accounts.ids, count)


def transaction_frame(plan: Plan, accounts: Frame) -> Frame:
    """Running balances, computed column by column over all accounts at once.

    Every account opens with a deposit; a spending is at most 30% of the balance before it, so no
    balance goes negative. Ids were ranked by time across all blocks before any block was made.
    """
    rng = plan.run.rng
    spec = DIST["transactions"]
    n_accounts = len(plan.accounts.ids)
    count, times, valid = transaction_times(plan, accounts)
    width = valid.shape[1]

    total = int(count.sum())
    spending_share = spec["spending_share"] * total / max(total - n_accounts, 1)
    later = valid.copy()
    later[:, 0] = False
    spending = np.zeros_like(valid)
    spending[later] = exact_flags(rng("transactions.direction"), min(spending_share, 1.0), int(later.sum()))
    kind = np.where(
        spending,
        categorical(rng("transactions.spending"), SPENDING, valid.size).reshape(valid.shape),
        len(SPENDING.values) + categorical(rng("transactions.income"), INCOME, valid.size).reshape(valid.shape),
    )
    kind[:, 0] = TRANSACTION_TYPES.index("deposit")

    fee, withdrawal = TRANSACTION_TYPES.index("fee"), TRANSACTION_TYPES.index("withdrawal")
    fee_kind = rng("transactions.fee_kind").integers(0, len(FEES), valid.shape)
    fee_low = np.array([low for low, _ in FEES.values()])[fee_kind]
    fee_high = np.array([high for _, high in FEES.values()])[fee_kind]
    fee_amount = cents(rng("transactions.fee").uniform(fee_low, fee_high))
    amount = np.zeros(valid.shape, dtype=np.int64)
    balance = np.zeros(valid.shape, dtype=np.int64)
    amount_rng = rng("transactions.amount")
    running = np.zeros(n_accounts, dtype=np.int64)
    deposit, salary, interest = (TRANSACTION_TYPES.index(k) for k in ("deposit", "salary", "interest"))
    for j in range(width):
        affordable = np.floor(running * spec["spend_fraction_range"].high).astype(np.int64)
        # A fee the balance cannot bear (30% of it is under the smallest fee) is waived for a withdrawal.
        kind[:, j] = np.where((kind[:, j] == fee) & (affordable < 100), withdrawal, kind[:, j])
        k = kind[:, j]
        fraction = uniform(amount_rng, spec["spend_fraction_range"], n_accounts)
        spend = np.where(
            k == fee, np.minimum(fee_amount[:, j], affordable), np.maximum(1, np.floor(running * fraction))
        ).astype(np.int64)
        opening = cents(uniform(amount_rng, spec["opening_deposit_range"], n_accounts))
        deposit_amount = cents(amount_rng.lognormal(np.log(spec["deposit_median"]), spec["deposit_sigma"], n_accounts))
        salary_amount = cents(uniform(amount_rng, spec["salary_range"], n_accounts))
        interest_amount = np.maximum(
            1, cents(running / 100 * uniform(amount_rng, spec["interest_rate_range"], n_accounts))
        )
        step = np.select(
            [k < len(SPENDING.values), k == deposit, k == salary, k == interest],
            [-spend, opening if j == 0 else deposit_amount, salary_amount, interest_amount],
        )
        step = np.where(valid[:, j], step, 0)
        running = running + step
        amount[:, j] = np.abs(step)
        balance[:, j] = running

    account_index = np.repeat(np.arange(n_accounts), count)
    flat_times = times[valid]
    order = np.argsort(plan.transaction_ids, kind="stable")  # rows in id order, which is time order
    total = len(order)
    ids = plan.transaction_ids[order]
    account_ids = plan.accounts.ids[account_index[order]]
    flat_kind = kind[valid][order]
    manual = exact_flags(rng("transactions.manual"), spec["manual_share"], total)
    times_sorted = flat_times[order]
    processed = np.zeros(total, dtype=np.int64)
    processed[manual] = plan.staff.pick(rng("transactions.processed_by"), times_sorted[manual] // DAY)
    texts = [TEXTS["transactions"].get(kind, list(FEES)) for kind in TRANSACTION_TYPES]
    description = phrases(rng("transactions.description"), texts, flat_kind)
    charged = flat_kind == fee  # a fee's statement text names its kind
    description.index[charged] = sum(len(group) for group in texts[:fee]) + fee_kind[valid][order][charged]
    outside = np.isin(flat_kind, [TRANSACTION_TYPES.index(k) for k in spec["counterparty_types"]])
    counterparty = rng("transactions.counterparty").integers(10**9, 10**10, total).astype(str).tolist()

    accounts.columns["balance"] = balance[np.arange(n_accounts), count - 1]
    plan.transactions = Transactions(ids=ids, account_id=account_ids, time=times_sorted, amount=amount[valid][order])
    return Frame(
        model.Transaction.__table__,
        {
            "transaction_id": ids,
            "account_id": account_ids,
            "transaction_type": Pooled(TRANSACTION_TYPES, flat_kind),
            "transaction_amount": plan.transactions.amount,
            "balance_after": balance[valid][order],
            "transaction_date": times_sorted,
            "description": description,
            "processed_by": Nullable(processed, ~manual),
            "counterparty_account": Nullable(counterparty, ~outside),
        },
    )
