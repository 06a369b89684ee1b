"""Factories for customer_db: CRM profiles (one per accounts_db customer), interactions, surveys,
complaints, campaigns and responses."""

import datetime as dt

import factory
from factory.random import randgen
from sqlalchemy import select

from datahub_seed.distributions import load
from datahub_seed.factories.accounts import CustomerFactory, joined
from datahub_seed.factories.base import (
    DAY,
    TEXTS,
    YEAR,
    BaseFactory,
    SubFactory,
    as_of,
    chance,
    day_between,
    draw,
    find_or_make,
    integer,
    moment_between,
    money,
    today,
    traits,
    weighted,
)
from datahub_seed.factories.employees import employed
from datahub_seed.links import COUNTRY
from datahub_seed.models import customers as model

DIST = load("customer_db")
KYC = load("compliance_db")["kyc_records"]
SURVEY_DAYS = DIST["satisfaction_surveys"]["delay_days_range"]


class CustomerProfileFactory(BaseFactory[model.CustomerProfile]):
    """The CRM profile of a customer of record (made without one, unless ``customer=`` names it),
    whose name, email, phone and address it copies (SPEC: equal to accounts_db.customers); 80% have
    an agent employed now (``assigned=False`` for none). CustomerFactory makes one per customer."""

    class Meta:
        model = model.CustomerProfile

    class Params:
        locals().update(traits("customer_segment", DIST["customer_profiles"]["customer_segment"].values))
        customer = SubFactory(CustomerFactory, profile=False)
        assigned = factory.LazyFunction(lambda: chance(DIST["customer_profiles"]["assigned_agent_share"]))
        agent = factory.Maybe("assigned", employed(None, "assigned_agent_id"), None)

    customer_id = factory.SelfAttribute("customer.customer_id")
    full_name = factory.LazyAttribute(lambda o: f"{o.customer.first_name} {o.customer.last_name}")
    email = factory.SelfAttribute("customer.email")
    phone = factory.SelfAttribute("customer.phone")
    address = factory.SelfAttribute("customer.address")
    city = factory.SelfAttribute("customer.city")
    country = COUNTRY
    customer_segment = weighted(DIST["customer_profiles"]["customer_segment"])
    customer_status = weighted(DIST["customer_profiles"]["customer_status"])
    kyc_status = weighted(KYC["kyc_status"])
    risk_rating = weighted(KYC["risk_rating"])
    assigned_agent_id = factory.SelfAttribute("agent.employee_id", None)
    preferred_channel = weighted(DIST["customer_profiles"]["preferred_channel"])
    onboarding_date = factory.LazyAttribute(lambda o: joined(o.customer))
    lifetime_value = factory.Faker("pydecimal", left_digits=5, right_digits=2, positive=True)
    created_at = factory.SelfAttribute("customer.created_at")
    updated_at = factory.LazyAttribute(lambda o: moment_between(o.created_at, as_of()))


class InteractionFactory(BaseFactory[model.Interaction]):
    """A contact with a customer whose profile is found or made, since the customer joined and at
    least three days before as-of (room for its survey); type and duration follow the channel; 80%
    handled by an employee employed that day (``handled=False`` for none)."""

    class Meta:
        model = model.Interaction

    class Params:
        locals().update(traits("channel", DIST["interactions"]["channel"].values))
        handled = factory.LazyFunction(lambda: chance(DIST["interactions"]["handled_share"]))
        handler = factory.Maybe("handled", employed(lambda o: o.interaction_date.date()), None)

    customer = find_or_make(CustomerProfileFactory)
    channel = weighted(DIST["interactions"]["channel"])
    interaction_type = factory.LazyAttribute(lambda o: randgen.choice(DIST["interactions"]["channel_types"][o.channel]))
    interaction_date = factory.LazyAttribute(
        lambda o: moment_between(o.customer.created_at, as_of() - dt.timedelta(days=SURVEY_DAYS.high))
    )
    duration_minutes = factory.LazyAttribute(
        lambda o: (
            integer(DIST["interactions"]["duration_minutes_range"][o.channel])
            if o.channel in DIST["interactions"]["duration_minutes_range"]
            else None
        )
    )
    handled_by = factory.SelfAttribute("handler.employee_id", None)
    outcome = weighted(DIST["interactions"]["outcome"])
    notes = factory.LazyAttribute(lambda o: randgen.choice(TEXTS["interactions"][o.outcome]))
    subject = factory.LazyFunction(lambda: randgen.choice(TEXTS["interactions"]["subjects"]))


def tone(nps: int) -> str:
    return "detractor" if nps <= 6 else "passive" if nps <= 8 else "promoter"


class SatisfactionSurveyFactory(BaseFactory[model.SatisfactionSurvey]):
    """The one survey of a new interaction, answered 1-3 days after it; stars follow the NPS answer
    and half have a comment whose tone fits it."""

    class Meta:
        model = model.SatisfactionSurvey

    interaction = SubFactory(InteractionFactory)
    customer = factory.SelfAttribute("interaction.customer")
    survey_date = factory.LazyAttribute(lambda o: o.interaction.interaction_date.date() + DAY * integer(SURVEY_DAYS))
    nps_score = factory.LazyFunction(lambda: int(draw(DIST["satisfaction_surveys"]["nps"])))
    satisfaction_rating = factory.LazyAttribute(
        lambda o: max(
            1, min(5, round(1 + o.nps_score * 0.4 + randgen.gauss(0, DIST["satisfaction_surveys"]["rating_noise"])))
        )
    )
    comments = factory.LazyAttribute(
        lambda o: (
            randgen.choice(TEXTS["satisfaction_surveys"][tone(o.nps_score)])
            if chance(DIST["satisfaction_surveys"]["comment_share"])
            else None
        )
    )


class ComplaintFactory(BaseFactory[model.Complaint]):
    """A complaint of a customer whose profile is found or made, filed since the customer joined;
    resolved and closed ones (``resolved=True`` ...) end before as-of, ``resolution_time_hours``
    after filing. 70% are assigned to an employee employed on the day it was filed."""

    class Meta:
        model = model.Complaint

    class Params:
        locals().update(traits("status", DIST["complaints"]["status"].values))
        assigned = factory.LazyFunction(lambda: chance(DIST["complaints"]["assigned_share"]))
        assignee = factory.Maybe("assigned", employed(lambda o: o.filed_date.date()), None)
        hours = factory.LazyAttribute(
            lambda o: min(
                integer(DIST["complaints"]["resolution_hours_range"]),
                int((as_of() - o.filed_date).total_seconds()) // 3600,
            )
        )

    customer = find_or_make(CustomerProfileFactory)
    complaint_type = weighted(DIST["complaints"]["complaint_type"])
    description = factory.LazyAttribute(lambda o: randgen.choice(TEXTS["complaints"][o.complaint_type]))
    filed_date = factory.LazyAttribute(
        lambda o: moment_between(
            o.customer.created_at, as_of() - dt.timedelta(hours=DIST["complaints"]["resolution_hours_range"].low)
        )
    )
    status = weighted(DIST["complaints"]["status"])
    priority = weighted(DIST["complaints"]["priority"])
    assigned_to = factory.SelfAttribute("assignee.employee_id", None)
    resolved_date = factory.LazyAttribute(
        lambda o: o.filed_date + dt.timedelta(hours=o.hours) if o.status in ("resolved", "closed") else None
    )
    resolution_time_hours = factory.LazyAttribute(lambda o: o.hours if o.resolved_date else None)


class CampaignFactory(BaseFactory[model.Campaign]):
    """A campaign of the last three years, over before as-of (``ends_after=day`` makes it run at
    least until that day)."""

    class Meta:
        model = model.Campaign

    class Params:
        length = factory.LazyFunction(lambda: DAY * integer(DIST["campaigns"]["duration_days_range"]))
        ends_after = None

    campaign_name = factory.Sequence(lambda n: f"Campaign {n}")
    campaign_type = weighted(DIST["campaigns"]["campaign_type"])
    target_segment = weighted(DIST["customer_profiles"]["customer_segment"])
    start_date = factory.LazyAttribute(
        lambda o: day_between(
            max(today() - YEAR * DIST["campaigns"]["history_years"], (o.ends_after or today()) - o.length),
            today() - o.length,
        )
    )
    end_date = factory.LazyAttribute(lambda o: o.start_date + o.length)
    budget = factory.LazyFunction(lambda: money(DIST["campaigns"]["budget_range"]) // 100 * 100)


class CampaignResponseFactory(BaseFactory[model.CampaignResponse]):
    """A response of a customer whose profile is found or made to a campaign (found or made) that
    ran while they were a customer and that they had not answered, on a day of it; every purchase
    converts, no unsubscribe does, the rest rarely."""

    class Meta:
        model = model.CampaignResponse

    customer = find_or_make(CustomerProfileFactory)
    campaign = find_or_make(
        CampaignFactory,
        lambda o: [
            model.Campaign.end_date >= o.customer.onboarding_date,
            model.Campaign.campaign_id.not_in(
                select(model.CampaignResponse.campaign_id).where(
                    model.CampaignResponse.customer_id == o.customer.customer_id
                )
            ),
        ],
        ends_after=factory.SelfAttribute("..customer.onboarding_date"),
    )
    response_date = factory.LazyAttribute(
        lambda o: day_between(max(o.campaign.start_date, o.customer.onboarding_date), min(o.campaign.end_date, today()))
    )
    response_type = weighted(DIST["campaign_responses"]["response_type"])
    converted = factory.LazyAttribute(
        lambda o: (
            o.response_type == "purchased"
            or (o.response_type != "unsubscribed" and chance(DIST["campaign_responses"]["other_converted_share"]))
        )
    )
