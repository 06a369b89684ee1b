"""Factories for insurance_db: policies with their beneficiaries, claims, premium payments and events."""

import datetime as dt
from decimal import ROUND_DOWN, Decimal

import factory
from factory.random import randgen

from datahub_seed.distributions import load
from datahub_seed.errors import ConfigError
from datahub_seed.factories.accounts import CustomerFactory, joined, linked_account, open_on
from datahub_seed.factories.base import (
    CENT,
    DAY,
    TEXTS,
    YEAR,
    BaseFactory,
    SubFactory,
    chance,
    day_between,
    draw,
    find_or_make,
    integer,
    midnight,
    moment_between,
    money,
    months_later,
    part_of,
    phone,
    pick,
    today,
    traits,
    weighted,
    years_ago,
)
from datahub_seed.factories.employees import employed
from datahub_seed.models import accounts
from datahub_seed.models import insurance as model

DIST = load("insurance_db")
POLICY = DIST["policies"]
CLAIM = DIST["claims"]
PERIODS_PER_YEAR = DIST["premium_payments"]["periods_per_year"]
EVENTS = DIST["policy_events"]["event_type"]
SHARE_STEP = 5  # README: beneficiary shares are multiples of 5%, as the generator splits them
MOST_BENEFICIARIES = 100 // SHARE_STEP
OTHER_TYPES = tuple(kind for kind in POLICY["policy_type"].values if kind != "life")


def term(policy) -> dt.timedelta:
    """How long the policy runs before it ends or renews (insurance_db.toml [policies.term_years])."""
    return YEAR * POLICY["term_years"][policy.policy_type]


def covered_until(policy) -> dt.date:
    """The last day of cover that has happened: the end date or as-of, whichever is first."""
    return min(policy.end_date, today())


def ends_on(o) -> dt.date:
    """Active policies run to the end of their current term (renewed as often as needed); lapsed and
    cancelled ones stopped on a day between their start and as-of, as the generator has it."""
    if o.policy_status == "active":
        return o.start_date + term(o) * ((today() - o.start_date) // term(o) + 1)
    return day_between(o.start_date + DAY, today())


def beneficiary_count(policy: model.Policy) -> int:
    """SPEC: 1-3 per life policy, 20% of others."""
    spec = DIST["beneficiaries"]
    named = policy.policy_type == "life" or chance(spec["other_policy_share"])
    return integer(spec["per_life_policy_range"]) if named else 0


class PolicyFactory(BaseFactory[model.Policy]):
    """A policy of a customer found or made, started in the last five years and since the customer
    joined, sold by an insurance agent employed that day; linked (70%) to one of the customer's
    accounts open on its start, when the session holds one. Active policies run to the end of their
    current term (a life policy 20 years, the others a year); ``lapsed=True`` and ``cancelled=True``
    end before as-of. ``beneficiaries=N`` names N (default per SPEC: 1-3 for life policies, for 20%
    of the others; a life policy names at least one, any policy at most 20), whose shares are
    multiples of 5% summing to 100; ``policy.beneficiaries`` lists them."""

    class Meta:
        model = model.Policy

    class Params:
        locals().update(traits("policy_type", POLICY["policy_type"].values))
        locals().update(traits("policy_status", POLICY["policy_status"].values))
        customer = find_or_make(CustomerFactory)
        agent = employed(lambda o: o.start_date, "agent_id")

    policy_number = factory.Sequence(lambda n: f"POL-F{n:07d}")
    customer_id = factory.SelfAttribute("customer.customer_id")
    policy_type = weighted(POLICY["policy_type"])
    coverage_amount = factory.LazyAttribute(lambda o: money(POLICY["coverage_range"][o.policy_type]) // 1000 * 1000)
    annual_premium = factory.LazyAttribute(lambda o: part_of(o.coverage_amount, POLICY["premium_rate_range"]))
    premium_frequency = weighted(POLICY["premium_frequency"])
    premium_amount = factory.LazyAttribute(
        lambda o: (o.annual_premium / PERIODS_PER_YEAR[o.premium_frequency]).quantize(CENT, rounding=ROUND_DOWN)
    )
    start_date = factory.LazyAttribute(
        lambda o: day_between(max(joined(o.customer), years_ago(POLICY["start_years"]).date()), today() - DAY)
    )
    policy_status = weighted(POLICY["policy_status"])
    end_date = factory.LazyAttribute(ends_on)
    agent_id = factory.SelfAttribute("agent.employee_id")
    linked_account_id = factory.LazyAttribute(
        lambda o: linked_account(o.customer_id, o.start_date, POLICY["linked_account_share"])
    )
    created_at = factory.LazyAttribute(
        lambda o: moment_between(
            max(o.customer.created_at, midnight(o.start_date - DAY * POLICY["written_days_before"])),
            midnight(o.start_date),
        )
    )

    @factory.post_generation
    def beneficiaries(obj, create, extracted, **kwargs):
        count = beneficiary_count(obj) if extracted is None else extracted
        least = 1 if obj.policy_type == "life" else 0
        if not least <= count <= MOST_BENEFICIARIES:
            raise ConfigError(
                f"beneficiaries={count}: a {obj.policy_type} policy names {least} to {MOST_BENEFICIARIES}"
                f" (SPEC: a life policy at least one; shares of {SHARE_STEP}% allow {MOST_BENEFICIARIES} at most)"
            )
        make = BeneficiaryFactory.create if create else BeneficiaryFactory.build
        for _ in range(count):
            make(policy=obj, **kwargs)


def split_hundred(parts: int) -> list[int]:
    """``parts`` shares, multiples of 5%, each positive, summing to exactly 100."""
    cuts = sorted(randgen.sample(range(1, MOST_BENEFICIARIES), parts - 1))
    return [SHARE_STEP * (high - low) for low, high in zip([0, *cuts], [*cuts, MOST_BENEFICIARIES], strict=True)]


def share_out(policy: model.Policy) -> int:
    """The percentage of a new beneficiary: the policy's shares are split anew among those it names
    and the new one, so that they still sum to 100 (SPEC)."""
    if len(policy.beneficiaries) >= MOST_BENEFICIARIES:
        raise ConfigError(
            f"BeneficiaryFactory: policy {policy.policy_number} already names {MOST_BENEFICIARIES} beneficiaries,"
            f" the most that shares of {SHARE_STEP}% allow"
        )
    shares = split_hundred(len(policy.beneficiaries) + 1)
    for named, share in zip(policy.beneficiaries, shares, strict=False):
        named.percentage = share
    return shares[-1]


class BeneficiaryFactory(BaseFactory[model.Beneficiary]):
    """A beneficiary of ``policy=``, whose beneficiaries' percentages are split anew so that they
    still sum to 100; by default the only one of a new policy of another type than life (SPEC: 20% of
    those name beneficiaries; a life policy names its own 1-3 as it is made)."""

    class Meta:
        model = model.Beneficiary

    policy = SubFactory(
        PolicyFactory,
        policy_type=factory.LazyFunction(lambda: draw(POLICY["policy_type"], among=OTHER_TYPES)),
        beneficiaries=0,
    )
    beneficiary_name = factory.Faker("name")
    relationship = weighted(DIST["beneficiaries"]["relationship"])
    percentage = factory.LazyAttribute(lambda o: share_out(o.policy))
    contact_info = phone()


def claimed(o) -> Decimal:
    """SPEC: 10-100% of the coverage, skewed low by the generator's beta draw."""
    low, high = CLAIM["claim_fraction_range"]
    fraction = low + (high - low) * randgen.betavariate(*CLAIM["claim_fraction_beta"])
    return max(CENT, (o.policy.coverage_amount * Decimal(str(fraction))).quantize(CENT, ROUND_DOWN))


class ClaimFactory(BaseFactory[model.Claim]):
    """A claim on a new policy, of a type that fits it, for an incident inside its cover, filed within
    a month; 10-100% of the coverage, mostly low; paid ones (``paid=True``) settled, with an approved
    amount at most the claim. Handled by an employee employed on the day it was filed."""

    class Meta:
        model = model.Claim

    class Params:
        locals().update(traits("status", CLAIM["status"].values))
        handler = employed(lambda o: o.claim_date)

    policy = SubFactory(PolicyFactory)
    claim_number = factory.Sequence(lambda n: f"CLM-F{n:07d}")
    claim_type = factory.LazyAttribute(lambda o: randgen.choice(CLAIM["claim_type"][o.policy.policy_type]))
    incident_date = factory.LazyAttribute(lambda o: day_between(o.policy.start_date, covered_until(o.policy)))
    claim_date = factory.LazyAttribute(
        lambda o: day_between(o.incident_date, min(o.incident_date + DAY * CLAIM["filed_within_days"], today()))
    )
    claim_amount = factory.LazyAttribute(claimed)
    status = weighted(CLAIM["status"])
    approved_amount = factory.LazyAttribute(
        lambda o: (
            part_of(o.claim_amount, CLAIM["approved_fraction_range"]) if o.status in ("paid", "approved") else None
        )
    )
    settlement_date = factory.LazyAttribute(
        lambda o: (
            min(o.claim_date + DAY * integer(CLAIM["settlement_days_range"]), today()) if o.status == "paid" else None
        )
    )
    processed_by = factory.SelfAttribute("handler.employee_id")
    description = factory.LazyAttribute(lambda o: f"{o.claim_type.replace('_', ' ').capitalize()} claim.")


def next_premium_day(policy: model.Policy) -> dt.date:
    """The day the policy's next premium falls due: one per period of its frequency from its start."""
    months = 12 // PERIODS_PER_YEAR[policy.premium_frequency]
    return months_later(policy.start_date, months * len(policy.premium_payments))


def debited(account_id: int | None, day: dt.date) -> int | None:
    """SPEC: the policy's account pays the premium on the days it is open (else it is paid another way)."""
    account = pick(accounts.Account, accounts.Account.account_id == account_id, *open_on(day)) if account_id else None
    return account and account.account_id


class PremiumPaymentFactory(BaseFactory[model.PremiumPayment]):
    """The next premium of a policy (new by default): one per period of its frequency from its start
    (``policy.premium_payments`` lists them), for its premium amount, debited from its linked account
    when that is open on the day. Asking for more periods than have fallen due goes past as-of."""

    class Meta:
        model = model.PremiumPayment

    policy = SubFactory(PolicyFactory)
    payment_date = factory.LazyAttribute(lambda o: next_premium_day(o.policy))
    amount = factory.SelfAttribute("policy.premium_amount")
    payment_method = weighted(DIST["premium_payments"]["payment_method"])
    payment_status = weighted(DIST["premium_payments"]["payment_status"])
    from_account_id = factory.LazyAttribute(lambda o: debited(o.policy.linked_account_id, o.payment_date))


def fitting_events(policy: model.Policy) -> tuple[str, ...]:
    """SPEC: events consistent with the policy's status: a cancellation only of a cancelled policy,
    a reinstatement only of an active one, a renewal once a term has passed."""
    fits = {
        "renewal": policy.start_date + term(policy) <= covered_until(policy),
        "modification": True,
        "cancellation": policy.policy_status == "cancelled",
        "reinstatement": policy.policy_status == "active",
    }
    return tuple(event for event in EVENTS.values if fits[event])


def event_day(o) -> dt.date:
    """A cancellation on the day cover stopped, a renewal on a term's anniversary that has passed,
    anything else on a day of cover."""
    policy = o.policy
    if o.event_type == "cancellation":
        return policy.end_date
    if o.event_type == "renewal":
        return policy.start_date + term(policy) * randgen.randint(
            1, (covered_until(policy) - policy.start_date) // term(policy)
        )
    return day_between(policy.start_date + DAY, covered_until(policy))


class PolicyEventFactory(BaseFactory[model.PolicyEvent]):
    """An event of a new policy that fits its status (see ``fitting_events``), on a day of its
    cover; half are performed by an employee employed that day (``performed=False`` for none)."""

    class Meta:
        model = model.PolicyEvent

    class Params:
        performed = factory.LazyFunction(lambda: chance(DIST["policy_events"]["performed_share"]))
        performer = factory.Maybe("performed", employed(lambda o: o.event_date), None)

    policy = SubFactory(PolicyFactory)
    event_type = factory.LazyAttribute(lambda o: draw(EVENTS, among=fitting_events(o.policy)))
    event_date = factory.LazyAttribute(event_day)
    performed_by = factory.SelfAttribute("performer.employee_id", None)
    description = factory.LazyAttribute(lambda o: randgen.choice(TEXTS["policy_events"][o.event_type]))
