"""Factories for insurance_db: claims, payments, beneficiaries and events make their policy."""

import datetime as dt
from decimal import ROUND_DOWN, Decimal

import factory
from factory.random import randgen

from datahub_seed.distributions import load
from datahub_seed.factories.base import BaseFactory, money, traits, weighted, years_ago
from datahub_seed.generate.pools import TEXTS
from datahub_seed.models import insurance as model

DIST = load("insurance_db")
POLICY = DIST["policies"]


class PolicyFactory(BaseFactory):
    """A policy; ``life=True`` ... fix the type, ``lapsed=True`` or ``cancelled=True`` end it."""

    class Meta:
        model = model.Policy

    class Params:
        locals().update(traits("policy_type", POLICY["policy_type"].values))
        locals().update(traits("policy_status", POLICY["policy_status"].values))

    policy_number = factory.Sequence(lambda n: f"POL-F{n:07d}")
    customer_id = factory.Sequence(lambda n: n + 1)
    policy_type = weighted(POLICY["policy_type"])
    coverage_amount = factory.LazyAttribute(lambda o: money(POLICY["coverage_range"][o.policy_type]) // 1000 * 1000)
    annual_premium = factory.LazyAttribute(
        lambda o: (o.coverage_amount * Decimal(str(randgen.uniform(*POLICY["premium_rate_range"])))).quantize(
            Decimal("0.01")
        )
    )
    premium_frequency = weighted(POLICY["premium_frequency"])
    premium_amount = factory.LazyAttribute(
        lambda o: (o.annual_premium / DIST["premium_payments"]["periods_per_year"][o.premium_frequency]).quantize(
            Decimal("0.01"), rounding=ROUND_DOWN
        )
    )
    start_date = factory.LazyFunction(lambda: years_ago(randgen.uniform(0.2, POLICY["start_years"])).date())
    policy_status = "active"
    end_date = factory.LazyAttribute(
        lambda o: (
            o.start_date + dt.timedelta(days=365 * POLICY["term_years"][o.policy_type] * 6)
            if o.policy_status == "active"
            else o.start_date + dt.timedelta(days=30)
        )
    )
    agent_id = factory.LazyFunction(lambda: randgen.randint(1, 150))
    linked_account_id = None
    created_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.start_date - dt.timedelta(days=POLICY["written_days_before"]), dt.time(9))
    )


class BeneficiaryFactory(BaseFactory):
    class Meta:
        model = model.Beneficiary

    policy = factory.SubFactory(PolicyFactory, policy_type="life")
    beneficiary_name = factory.Faker("name")
    relationship = weighted(DIST["beneficiaries"]["relationship"])
    percentage = 100
    contact_info = factory.Faker("numerify", text="+1-###-555-01##")


class ClaimFactory(BaseFactory):
    """A claim fitting its policy's type; ``paid=True`` settles it."""

    class Meta:
        model = model.Claim

    class Params:
        locals().update(traits("status", DIST["claims"]["status"].values))

    policy = factory.SubFactory(PolicyFactory)
    claim_number = factory.Sequence(lambda n: f"CLM-F{n:07d}")
    claim_type = factory.LazyAttribute(lambda o: randgen.choice(DIST["claims"]["claim_type"][o.policy.policy_type]))
    incident_date = factory.LazyAttribute(lambda o: o.policy.start_date + dt.timedelta(days=10))
    claim_date = factory.LazyAttribute(lambda o: o.incident_date + dt.timedelta(days=randgen.randint(0, 20)))
    claim_amount = factory.LazyAttribute(
        lambda o: (o.policy.coverage_amount * Decimal(str(0.1 + 0.9 * randgen.betavariate(1.2, 5)))).quantize(
            Decimal("0.01")
        )
    )
    status = weighted(DIST["claims"]["status"])
    approved_amount = factory.LazyAttribute(
        lambda o: (
            (o.claim_amount * Decimal("0.8")).quantize(Decimal("0.01")) if o.status in ("paid", "approved") else None
        )
    )
    settlement_date = factory.LazyAttribute(
        lambda o: o.claim_date + dt.timedelta(days=14) if o.status == "paid" else None
    )
    processed_by = factory.LazyFunction(lambda: randgen.randint(1, 150))
    description = factory.LazyAttribute(lambda o: f"{o.claim_type.replace('_', ' ').capitalize()} claim.")


class PremiumPaymentFactory(BaseFactory):
    class Meta:
        model = model.PremiumPayment

    policy = factory.SubFactory(PolicyFactory)
    payment_date = factory.SelfAttribute("policy.start_date")
    amount = factory.SelfAttribute("policy.premium_amount")
    payment_method = weighted(DIST["premium_payments"]["payment_method"])
    payment_status = weighted(DIST["premium_payments"]["payment_status"])
    from_account_id = factory.SelfAttribute("policy.linked_account_id")


class PolicyEventFactory(BaseFactory):
    class Meta:
        model = model.PolicyEvent

    policy = factory.SubFactory(PolicyFactory)
    event_type = "modification"
    event_date = factory.LazyAttribute(lambda o: o.policy.start_date + dt.timedelta(days=1))
    performed_by = None
    description = factory.LazyAttribute(lambda o: randgen.choice(TEXTS["policy_events"][o.event_type]))
