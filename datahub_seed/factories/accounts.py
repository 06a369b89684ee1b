"""Factories for accounts_db: a TransactionFactory makes its account, which makes its customer."""

import datetime as dt
from decimal import Decimal

import factory
from factory.random import randgen

from datahub_seed.distributions import load
from datahub_seed.factories.base import BaseFactory, chance, draw, moment_between, money, traits, weighted, years_ago
from datahub_seed.generate.pools import TEXTS
from datahub_seed.models import accounts as model

DIST = load("accounts_db")
ACCOUNT = DIST["accounts"]
TRANSACTION = DIST["transactions"]


class CustomerFactory(BaseFactory):
    class Meta:
        model = model.Customer

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    created_at = factory.LazyFunction(
        lambda: moment_between(years_ago(DIST["customers"]["created_years"]), years_ago(0.02))
    )
    date_of_birth = factory.LazyAttribute(
        lambda o: (o.created_at - dt.timedelta(days=int(365.25 * randgen.uniform(18, 70)))).date()
    )
    email = factory.Sequence(lambda n: f"customer.factory{n}@example.com")
    phone = factory.Faker("numerify", text="+1-###-555-01##")
    address = factory.Faker("street_address")
    city = factory.Faker("city")
    state = factory.Faker("state_abbr")
    postal_code = factory.Faker("zipcode")


class AccountFactory(BaseFactory):
    """An account; ``AccountFactory(savings=True)`` fixes the type, ``closed=True`` closes it."""

    class Meta:
        model = model.Account

    class Params:
        locals().update(traits("account_type", ACCOUNT["account_type"].values))
        closed = factory.Trait(account_status="closed")

    customer = factory.SubFactory(CustomerFactory)
    account_number = factory.Sequence(lambda n: f"9{n:09d}")
    account_type = weighted(ACCOUNT["account_type"])
    account_status = weighted(ACCOUNT["account_status"])
    currency = factory.LazyFunction(lambda: "USD" if chance(ACCOUNT["usd_share"]) else draw(ACCOUNT["other_currency"]))
    balance = factory.LazyFunction(lambda: money(TRANSACTION["opening_deposit_range"]))
    branch_code = factory.LazyFunction(lambda: f"BR-{randgen.choice(TEXTS['branch_cities'])}-01")
    opened_date = factory.LazyAttribute(lambda o: moment_between(o.customer.created_at, dt.datetime.now()).date())
    closed_date = factory.LazyAttribute(
        lambda o: moment_between(o.opened_date, dt.datetime.now()).date() if o.account_status == "closed" else None
    )


class AccountRelationshipFactory(BaseFactory):
    class Meta:
        model = model.AccountRelationship

    primary_account = factory.SubFactory(AccountFactory)
    related_account = factory.SubFactory(AccountFactory)
    relationship_type = weighted(DIST["account_relationships"]["relationship_type"])
    created_at = factory.LazyAttribute(
        lambda o: moment_between(max(o.primary_account.opened_date, o.related_account.opened_date), dt.datetime.now())
    )


SPENDING_SHARE = TRANSACTION["spending_share"]


def _amount(o) -> Decimal:
    if o.transaction_type == "fee":
        return min(
            money(TRANSACTION["fee_range"][o.description]),
            (o.account.balance * Decimal("0.3")).quantize(Decimal("0.01")),
        )
    if o.transaction_type in TRANSACTION["spending_type"].values:
        low, high = TRANSACTION["spend_fraction_range"]
        return max(
            Decimal("0.01"), (o.account.balance * Decimal(str(randgen.uniform(low, high)))).quantize(Decimal("0.01"))
        )
    if o.transaction_type == "salary":
        return money(TRANSACTION["salary_range"])
    if o.transaction_type == "interest":
        rate = Decimal(str(randgen.uniform(*TRANSACTION["interest_rate_range"])))
        return max(Decimal("0.01"), (o.account.balance * rate).quantize(Decimal("0.01")))
    return money(TRANSACTION["opening_deposit_range"])


def _transaction_type() -> str:
    return draw(TRANSACTION["spending_type"] if chance(SPENDING_SHARE) else TRANSACTION["income_type"])


class TransactionFactory(BaseFactory):
    """A posting on an account: ``balance_after`` follows the account's balance, which it updates."""

    class Meta:
        model = model.Transaction

    class Params:
        spending = factory.Trait(transaction_type=weighted(TRANSACTION["spending_type"]))
        income = factory.Trait(transaction_type=weighted(TRANSACTION["income_type"]))
        manual = factory.Trait(processed_by=factory.LazyFunction(lambda: randgen.randint(1, 150)))

    account = factory.SubFactory(AccountFactory)
    transaction_type = factory.LazyFunction(_transaction_type)
    transaction_amount = factory.LazyAttribute(_amount)
    balance_after = factory.LazyAttribute(
        lambda o: (
            o.account.balance
            + (
                -o.transaction_amount
                if o.transaction_type in TRANSACTION["spending_type"].values
                else o.transaction_amount
            )
        )
    )
    transaction_date = factory.LazyAttribute(lambda o: moment_between(o.account.opened_date, dt.datetime.now()))
    description = factory.LazyAttribute(
        lambda o: randgen.choice(
            list(TRANSACTION["fee_range"]) if o.transaction_type == "fee" else TEXTS["transactions"][o.transaction_type]
        )
    )
    processed_by = None

    @factory.post_generation
    def update_balance(obj, create, extracted, **kwargs):
        obj.account.balance = obj.balance_after
