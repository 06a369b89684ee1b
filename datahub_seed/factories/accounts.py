"""Factories for accounts_db: customers of record (with their CRM profiles), accounts with their
history of transactions, and links between accounts."""

import datetime as dt
import math
from decimal import ROUND_DOWN, Decimal

import factory
from factory.random import randgen
from sqlalchemy import func, or_, select

from datahub_seed.clock import YEAR_DAYS
from datahub_seed.distributions import load
from datahub_seed.errors import ConfigError, FactoryFull
from datahub_seed.factories.base import (
    CENT,
    DAY,
    SECOND,
    TEXTS,
    BaseFactory,
    as_of,
    branch_code,
    chance,
    day_between,
    draw,
    find_or_make,
    midnight,
    moment_between,
    money,
    part_of,
    phone,
    pick,
    scalar,
    today,
    traits,
    weighted,
    years_ago,
)
from datahub_seed.factories.employees import employed
from datahub_seed.models import accounts as model
from datahub_seed.places import place

DIST = load("accounts_db")
CUSTOMER = DIST["customers"]
ACCOUNT = DIST["accounts"]
TRANSACTION = DIST["transactions"]
SPENDING = TRANSACTION["spending_type"]
INCOME = TRANSACTION["income_type"]
FEES = TRANSACTION["fee_range"]  # statement text: (low, high) in dollars
SMALLEST_FEE = Decimal(min(low for low, _ in FEES.values()))
# Transactions follow one another in time across the table (SPEC: ids increase with time), each a
# step into the time left: after several hundred in one session, the time left is used up.
LATER = "a session's transactions follow one another in time: make fewer, or set_as_of() a later moment"


def joined(customer: model.Customer) -> dt.date:
    return customer.created_at.date()


def open_on(day: dt.date) -> list:
    """SQL for an account open on ``day``: opened on or before it, not closed before it."""
    return [
        model.Account.opened_date <= day,
        or_(model.Account.closed_date.is_(None), model.Account.closed_date >= day),
    ]


def linked_account(customer_id: int | None, day: dt.date, share: float) -> int | None:
    """SPEC: for ``share`` of the rows, one of the customer's accounts open on ``day``, when the
    session holds one."""
    account = pick(model.Account, model.Account.customer_id == customer_id, *open_on(day)) if chance(share) else None
    return account and account.account_id


def latest_transaction() -> dt.datetime | None:
    return scalar(select(func.max(model.Transaction.transaction_date)))


def born(o) -> dt.date:
    """SPEC: 18-85, bell-shaped around 35-50, as the generator draws ages; of age when joining."""
    low, high = CUSTOMER["age_range"]
    since_joining = (as_of() - o.created_at).days / YEAR_DAYS
    age = min(max(randgen.gauss(CUSTOMER["age_mean"], CUSTOMER["age_sd"]), low + since_joining), high)
    return today() - dt.timedelta(days=age * YEAR_DAYS)


class CustomerFactory(BaseFactory[model.Customer]):
    """A customer of record, who joined in the last seven years and at least a week before as-of
    (and by ``joined_by``, a day, when given), living in a real city with a ZIP code of its state,
    with the CRM profile customer_db holds for every customer (its contacts equal these;
    ``profile=False`` for none, ``profile__customer_segment=...`` to shape it). Rows of the other
    databases that name a customer find one in the session, or make one."""

    class Meta:
        model = model.Customer

    class Params:
        joined_by = None  # a day by which the customer had joined, for what must follow (a loan paid off)
        home = factory.LazyFunction(lambda: place(randgen))  # city, state and ZIP code that fit together

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    created_at = factory.LazyAttribute(
        lambda o: moment_between(
            years_ago(CUSTOMER["created_years"]),
            min(as_of() - dt.timedelta(days=CUSTOMER["settle_days"]), midnight(o.joined_by or today())),
        )
    )
    date_of_birth = factory.LazyAttribute(born)
    email = factory.Sequence(lambda n: f"customer.factory{n}@example.com")
    phone = phone()
    address = factory.Faker("street_address")
    city = factory.LazyAttribute(lambda o: o.home[0])
    state = factory.LazyAttribute(lambda o: o.home[1])
    postal_code = factory.LazyAttribute(lambda o: o.home[2])

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from datahub_seed.factories.customers import CustomerProfileFactory  # customers imports this module

            CustomerProfileFactory(customer=obj, **kwargs)


def closed_on(o) -> dt.date | None:
    """A closed account's closing day: after it opened, after ``open_on``, and after every
    transaction the session holds, so that its own history fits before it."""
    if o.account_status != "closed":
        return None
    latest = latest_transaction()
    after = max(o.opened_date, o.open_on or o.opened_date, latest.date() if latest else o.opened_date)
    if after + DAY > today():
        raise FactoryFull(f"no day is left before as-of ({as_of()}) to close an account after {after}; {LATER}")
    return day_between(after + DAY, today())


class AccountFactory(BaseFactory[model.Account]):
    """An account of a customer found or made, opened since the customer joined (and by
    ``open_on``, a day it must be open on), with its history: ``transactions=N`` postings (default
    1, the opening deposit; see TransactionFactory), ``balance`` the last one's ``balance_after``.
    ``closed=True`` closes it after them. ``account.transactions`` lists them."""

    class Meta:
        model = model.Account

    class Params:
        locals().update(traits("account_type", ACCOUNT["account_type"].values))
        closed = factory.Trait(account_status="closed")
        open_on = None

    customer = find_or_make(CustomerFactory)
    account_number = factory.Sequence(lambda n: f"9{n:09d}")
    account_type = weighted(ACCOUNT["account_type"])
    account_status = weighted(ACCOUNT["account_status"])
    currency = factory.LazyFunction(lambda: "USD" if chance(ACCOUNT["usd_share"]) else draw(ACCOUNT["other_currency"]))
    balance = Decimal("0.00")  # until the transactions below
    branch_code = factory.LazyFunction(branch_code)
    opened_date = factory.LazyAttribute(
        lambda o: day_between(joined(o.customer), min(o.open_on or today(), today() - DAY))
    )
    closed_date = factory.LazyAttribute(closed_on)

    @factory.post_generation
    def transactions(obj, create, extracted, **kwargs):
        if extracted is not None and extracted < 1:
            raise ConfigError(f"transactions={extracted}: an account opens with its deposit, so it has 1 or more")
        make = TransactionFactory.create if create else TransactionFactory.build
        for _ in range(1 if extracted is None else extracted):
            make(account=obj, **kwargs)


class AccountRelationshipFactory(BaseFactory[model.AccountRelationship]):
    """A link between two accounts found or made (never an account to itself, never twice), made
    after both opened."""

    class Meta:
        model = model.AccountRelationship

    primary_account = find_or_make(AccountFactory)
    related_account = find_or_make(
        AccountFactory,
        lambda o: [
            model.Account.account_id != o.primary_account.account_id,
            model.Account.account_id.not_in(
                select(model.AccountRelationship.related_account_id).where(
                    model.AccountRelationship.primary_account_id == o.primary_account.account_id
                )
            ),
        ],
    )
    relationship_type = weighted(DIST["account_relationships"]["relationship_type"])
    created_at = factory.LazyAttribute(
        lambda o: moment_between(midnight(max(o.primary_account.opened_date, o.related_account.opened_date)), as_of())
    )


def affordable(balance: Decimal) -> Decimal:
    """SPEC: a spending is at most 30% of the balance before it."""
    return (balance * Decimal(str(TRANSACTION["spend_fraction_range"].high))).quantize(CENT, ROUND_DOWN)


def kind_of(o) -> str:
    """The opening deposit first; then spending or income in SPEC's shares, spending only what the
    balance can bear (a fee it cannot bear is waived for a withdrawal, as the generator does)."""
    if not o.account.transactions:
        return "deposit"
    room = affordable(o.account.balance)
    if room >= CENT and chance(TRANSACTION["spending_share"]):
        kind = draw(SPENDING)
        return "withdrawal" if kind == "fee" and room < SMALLEST_FEE else kind
    return draw(INCOME)


def amount_of(o) -> Decimal:
    balance, kind = o.account.balance, o.transaction_type
    if kind == "fee":
        return max(CENT, min(money(FEES[o.description]), affordable(balance)))
    if kind in SPENDING.values:
        return max(CENT, part_of(balance, TRANSACTION["spend_fraction_range"]))
    if kind == "salary":
        return money(TRANSACTION["salary_range"])
    if kind == "interest":
        return max(CENT, part_of(balance, TRANSACTION["interest_rate_range"]))
    if not o.account.transactions:
        return money(TRANSACTION["opening_deposit_range"])
    deposit = randgen.lognormvariate(math.log(TRANSACTION["deposit_median"]), TRANSACTION["deposit_sigma"])
    return max(CENT, Decimal(str(deposit)).quantize(CENT))


def moment_of(o) -> dt.datetime:
    """After every transaction of the session and of the account (SPEC: per account strictly later,
    and ids increase with time across the table), inside the account's life; a step into the time
    left as if it were to hold the most transactions SPEC gives an account, so that later ones find
    room."""
    account = o.account
    end = midnight(account.closed_date) - SECOND if account.closed_date else as_of()
    before = [midnight(account.opened_date) - SECOND, *(t.transaction_date for t in account.transactions)]
    start = max([*before, latest_transaction() or before[0]]) + SECOND
    if start > end:
        raise FactoryFull(
            f"no time is left for a transaction of account {account.account_number} before {end}; {LATER}"
        )
    return moment_between(start, start + (end - start) / TRANSACTION["per_account_range"].high)


class TransactionFactory(BaseFactory[model.Transaction]):
    """The next posting on an account (found open, or made): the opening deposit on an account
    without any, then spending (at most 30% of the balance) or income in SPEC's shares. Later than
    every transaction the session holds; ``balance_after`` is the running balance and becomes the
    account's ``balance``. ``manual=True`` gives it an employee employed that day (SPEC: 30%).
    Several hundred fit in one session before as-of; then FactoryFull says so."""

    class Meta:
        model = model.Transaction

    class Params:
        spending = factory.Trait(transaction_type=weighted(SPENDING))
        income = factory.Trait(transaction_type=weighted(INCOME))
        manual = factory.LazyFunction(lambda: chance(TRANSACTION["manual_share"]))
        processor = factory.Maybe("manual", employed(lambda o: o.transaction_date.date()), None)

    account = find_or_make(AccountFactory, lambda o: [model.Account.closed_date.is_(None)])
    transaction_type = factory.LazyAttribute(kind_of)
    description = factory.LazyAttribute(
        lambda o: randgen.choice(
            list(FEES) if o.transaction_type == "fee" else TEXTS["transactions"][o.transaction_type]
        )
    )
    transaction_amount = factory.LazyAttribute(amount_of)
    balance_after = factory.LazyAttribute(
        lambda o: (
            o.account.balance
            + (-o.transaction_amount if o.transaction_type in SPENDING.values else o.transaction_amount)
        )
    )
    transaction_date = factory.LazyAttribute(moment_of)
    processed_by = factory.SelfAttribute("processor.employee_id", None)
    counterparty_account = factory.LazyAttribute(
        lambda o: (
            str(randgen.randrange(10**9, 10**10)) if o.transaction_type in TRANSACTION["counterparty_types"] else None
        )
    )

    @factory.post_generation
    def update_balance(obj, create, extracted, **kwargs):
        obj.account.balance = obj.balance_after
