"""Factories for customer_db. Customer and employee ids from other databases are plain integers."""

import datetime as dt

import factory
from factory.random import randgen

from datahub_seed.distributions import load
from datahub_seed.factories.base import BaseFactory, chance, draw, moment_between, traits, weighted, years_ago
from datahub_seed.generate.pools import TEXTS
from datahub_seed.models import customers as model

DIST = load("customer_db")
KYC = load("compliance_db")["kyc_records"]


class CustomerProfileFactory(BaseFactory):
    class Meta:
        model = model.CustomerProfile

    class Params:
        locals().update(traits("customer_segment", DIST["customer_profiles"]["customer_segment"].values))

    customer_id = factory.Sequence(lambda n: n + 1)
    full_name = factory.Faker("name")
    email = factory.LazyAttribute(lambda o: f"{o.full_name.replace(' ', '.')}{o.customer_id}@example.com".lower())
    phone = factory.Faker("numerify", text="+1-###-555-01##")
    city = factory.Faker("city")
    address = factory.LazyAttribute(lambda o: f"{randgen.randint(1, 999)} Main St, {o.city}, NY 10001")
    country = "United States"
    customer_segment = weighted(DIST["customer_profiles"]["customer_segment"])
    customer_status = weighted(DIST["customer_profiles"]["customer_status"])
    kyc_status = weighted(KYC["kyc_status"])
    risk_rating = weighted(KYC["risk_rating"])
    assigned_agent_id = factory.LazyFunction(
        lambda: randgen.randint(1, 150) if chance(DIST["customer_profiles"]["assigned_agent_share"]) else None
    )
    preferred_channel = weighted(DIST["customer_profiles"]["preferred_channel"])
    onboarding_date = factory.LazyFunction(lambda: years_ago(randgen.uniform(0.1, 7)).date())
    lifetime_value = factory.Faker("pydecimal", left_digits=5, right_digits=2, positive=True)
    created_at = factory.LazyAttribute(lambda o: dt.datetime.combine(o.onboarding_date, dt.time(9)))
    updated_at = factory.LazyAttribute(lambda o: moment_between(o.created_at, dt.datetime.now()))


class InteractionFactory(BaseFactory):
    class Meta:
        model = model.Interaction

    class Params:
        locals().update(traits("channel", DIST["interactions"]["channel"].values))

    customer = factory.SubFactory(CustomerProfileFactory)
    channel = weighted(DIST["interactions"]["channel"])
    interaction_type = factory.LazyAttribute(lambda o: randgen.choice(DIST["interactions"]["channel_types"][o.channel]))
    interaction_date = factory.LazyFunction(lambda: moment_between(years_ago(2), years_ago(0.01)))
    duration_minutes = factory.LazyAttribute(
        lambda o: (
            randgen.randint(*map(int, DIST["interactions"]["duration_minutes_range"][o.channel]))
            if o.channel in DIST["interactions"]["duration_minutes_range"]
            else None
        )
    )
    handled_by = factory.LazyFunction(
        lambda: randgen.randint(1, 150) if chance(DIST["interactions"]["handled_share"]) else None
    )
    outcome = weighted(DIST["interactions"]["outcome"])
    notes = factory.LazyAttribute(lambda o: randgen.choice(TEXTS["interactions"][o.outcome]))
    subject = factory.LazyFunction(lambda: randgen.choice(TEXTS["interactions"]["subjects"]))


class SatisfactionSurveyFactory(BaseFactory):
    class Meta:
        model = model.SatisfactionSurvey

    interaction = factory.SubFactory(InteractionFactory)
    customer = factory.SelfAttribute("interaction.customer")
    survey_date = factory.LazyAttribute(
        lambda o: (o.interaction.interaction_date + dt.timedelta(days=randgen.uniform(1, 3))).date()
    )
    nps_score = factory.LazyFunction(lambda: int(draw(DIST["satisfaction_surveys"]["nps"])))
    satisfaction_rating = factory.LazyAttribute(
        lambda o: max(1, min(5, round(1 + o.nps_score * 0.4 + randgen.gauss(0, 0.45))))
    )
    comments = factory.LazyAttribute(
        lambda o: (
            randgen.choice(TEXTS["satisfaction_surveys"][_tone(o.nps_score)])
            if chance(DIST["satisfaction_surveys"]["comment_share"])
            else None
        )
    )


def _tone(nps: int) -> str:
    return "detractor" if nps <= 6 else "passive" if nps <= 8 else "promoter"


class ComplaintFactory(BaseFactory):
    """A complaint; ``ComplaintFactory(resolved=True)`` gives a resolved one with its resolution time."""

    class Meta:
        model = model.Complaint

    class Params:
        locals().update(traits("status", DIST["complaints"]["status"].values))
        hours = factory.LazyFunction(lambda: randgen.randint(*map(int, DIST["complaints"]["resolution_hours_range"])))

    customer = factory.SubFactory(CustomerProfileFactory)
    complaint_type = weighted(DIST["complaints"]["complaint_type"])
    description = factory.LazyAttribute(lambda o: randgen.choice(TEXTS["complaints"][o.complaint_type]))
    filed_date = factory.LazyFunction(lambda: moment_between(years_ago(3), years_ago(0.2)))
    status = weighted(DIST["complaints"]["status"])
    priority = weighted(DIST["complaints"]["priority"])
    assigned_to = factory.LazyFunction(
        lambda: randgen.randint(1, 150) if chance(DIST["complaints"]["assigned_share"]) else None
    )
    resolved_date = factory.LazyAttribute(
        lambda o: o.filed_date + dt.timedelta(hours=o.hours) if o.status in ("resolved", "closed") else None
    )
    resolution_time_hours = factory.LazyAttribute(lambda o: o.hours if o.resolved_date else None)


class CampaignFactory(BaseFactory):
    class Meta:
        model = model.Campaign

    campaign_name = factory.Sequence(lambda n: f"Campaign {n}")
    campaign_type = weighted(DIST["campaigns"]["campaign_type"])
    target_segment = weighted(DIST["customer_profiles"]["customer_segment"])
    start_date = factory.LazyFunction(lambda: years_ago(randgen.uniform(0.5, 3)).date())
    end_date = factory.LazyAttribute(
        lambda o: o.start_date + dt.timedelta(days=randgen.randint(*map(int, DIST["campaigns"]["duration_days_range"])))
    )
    budget = factory.Faker("pydecimal", left_digits=6, right_digits=2, positive=True)


class CampaignResponseFactory(BaseFactory):
    class Meta:
        model = model.CampaignResponse

    campaign = factory.SubFactory(CampaignFactory)
    customer = factory.SubFactory(CustomerProfileFactory)
    response_date = factory.LazyAttribute(
        lambda o: (
            o.campaign.start_date
            + dt.timedelta(days=randgen.randint(0, (o.campaign.end_date - o.campaign.start_date).days))
        )
    )
    response_type = weighted(DIST["campaign_responses"]["response_type"])
    converted = factory.LazyAttribute(
        lambda o: (
            o.response_type == "purchased"
            or (o.response_type != "unsubscribed" and chance(DIST["campaign_responses"]["other_converted_share"]))
        )
    )
