"""customer_db: CRM profiles, interactions, surveys, complaints, campaigns and responses."""

import numpy as np

from datahub_seed.distributions import load
from datahub_seed.generate.core import DAY, between, categorical, day_to_date, exact_flags, fitting_count, integers
from datahub_seed.generate.frame import Frame, Nullable, Pooled
from datahub_seed.generate.plan import Plan
from datahub_seed.generate.pools import TEXTS, phrases
from datahub_seed.models import customers as model

DIST = load("customer_db")
KYC = load("compliance_db")["kyc_records"]
CHANNELS = DIST["interactions"]["channel"].values
INTERACTION_TYPES = model.INTERACTION_TYPES
SURVEY_TONES = ("detractor", "passive", "promoter")
SURVEY_DAYS = DIST["satisfaction_surveys"]["delay_days_range"]


def generate(plan: Plan) -> list[Frame]:
    return [campaign_frame(plan)]


def generate_block(plan: Plan) -> list[Frame]:
    interactions = interaction_frame(plan)
    return [
        profile_frame(plan),
        response_frame(plan),
        complaint_frame(plan),
        interactions,
        survey_frame(plan, interactions),
    ]


def weighted(rng: np.random.Generator, name: str, n: int) -> np.ndarray:
    """Exact-share draws for the weights at ``name`` ("table.column")."""
    table, column = name.split(".")
    return categorical(rng, DIST[table][column], n)


def profile_frame(plan: Plan) -> Frame:
    run, rng, customers = plan.run, plan.run.rng, plan.customers
    n = len(customers.ids)
    spec = DIST["customer_profiles"]
    assigned = exact_flags(rng("profiles.assigned"), spec["assigned_agent_share"], n)
    agents = plan.staff.pick(rng("profiles.agent"), np.full(n, run.today), "assigned_agent_id")
    segment = weighted(rng("profiles.segment"), "customer_profiles.customer_segment", n)
    value_scale = np.array([1, 4, 10, 25])[segment]  # our choice: richer segments are worth more
    lifetime = np.floor(rng("profiles.value").lognormal(np.log(2_500), 0.8, n) * value_scale * 100).astype(np.int64)
    return Frame(
        model.CustomerProfile.__table__,
        {
            "customer_id": customers.ids,
            **customers.contact,
            "customer_segment": Pooled(spec["customer_segment"].values, segment),
            "customer_status": Pooled(
                spec["customer_status"].values, weighted(rng("profiles.status"), "customer_profiles.customer_status", n)
            ),
            "kyc_status": Pooled(KYC["kyc_status"].values, customers.kyc_status),
            "risk_rating": Pooled(KYC["risk_rating"].values, customers.risk_rating),
            "assigned_agent_id": Nullable(agents, ~assigned),
            "preferred_channel": Pooled(
                spec["preferred_channel"].values,
                weighted(rng("profiles.channel"), "customer_profiles.preferred_channel", n),
            ),
            "onboarding_date": customers.created // DAY,
            "lifetime_value": lifetime,
            "created_at": customers.created,
            "updated_at": between(rng("profiles.updated"), customers.created, np.full(n, run.now)),
        },
    )


def interaction_frame(plan: Plan) -> Frame:
    run, rng, customers = plan.run, plan.run.rng, plan.customers
    spec = DIST["interactions"]
    counts = np.array(spec["per_customer"].values, dtype=int)[
        weighted(rng("interactions.count"), "interactions.per_customer", len(customers.ids))
    ]
    owner = np.repeat(np.arange(len(customers.ids)), counts)
    n = len(owner)
    # Before as-of by at least three days, so a survey 1-3 days later is still in the past.
    when = between(rng("interactions.time"), customers.created[owner], np.full(n, run.now - SURVEY_DAYS.high * DAY))
    by_time = np.argsort(when, kind="stable")  # ids follow time
    owner, when = owner[by_time], when[by_time]
    channel = weighted(rng("interactions.channel"), "interactions.channel", n)
    kinds = np.zeros(n, dtype=np.int64)
    draw = rng("interactions.type").integers(0, 1 << 30, n)  # a uniform choice among the channel's types
    for index, name in enumerate(CHANNELS):
        rows = channel == index
        types = np.array([INTERACTION_TYPES.index(kind) for kind in spec["channel_types"][name]])
        kinds[rows] = types[draw[rows] % len(types)]
    duration = np.zeros(n, dtype=np.int64)
    duration_rng = rng("interactions.duration")
    for index, name in enumerate(CHANNELS):
        rows = channel == index
        if name in spec["duration_minutes_range"]:
            duration[rows] = integers(duration_rng, spec["duration_minutes_range"][name], int(rows.sum()))
    handled = exact_flags(rng("interactions.handled"), spec["handled_share"], n)
    outcome = weighted(rng("interactions.outcome"), "interactions.outcome", n)
    return Frame(
        model.Interaction.__table__,
        {
            "interaction_id": plan.ids("interactions", n),
            "customer_id": customers.ids[owner],
            "channel": Pooled(CHANNELS, channel),
            "interaction_type": Pooled(INTERACTION_TYPES, kinds),
            "interaction_date": when,
            "duration_minutes": Nullable(duration, channel == CHANNELS.index("email")),
            "handled_by": Nullable(plan.staff.pick(rng("interactions.handled_by"), when // DAY), ~handled),
            "outcome": Pooled(spec["outcome"].values, outcome),
            "subject": Pooled(TEXTS["interactions"]["subjects"], rng("interactions.subject").integers(0, 15, n)),
            "notes": phrases(
                rng("interactions.notes"), [TEXTS["interactions"][o] for o in spec["outcome"].values], outcome
            ),
        },
    )


def survey_frame(plan: Plan, interactions: Frame) -> Frame:
    rng = plan.run.rng
    spec = DIST["satisfaction_surveys"]
    surveyed = np.flatnonzero(exact_flags(rng("surveys.which"), spec["survey_share"], len(interactions)))
    n = len(surveyed)
    nps = np.array(spec["nps"].values, dtype=np.int64)[weighted(rng("surveys.nps"), "satisfaction_surveys.nps", n)]
    # Stars follow NPS with some noise: 0-10 maps onto 1-5 (Pearson r ~ 0.8 on the default weights).
    noise = rng("surveys.rating").normal(0, spec["rating_noise"], n)
    rating = np.clip(np.rint(1 + nps * 0.4 + noise), 1, 5).astype(np.int64)
    tone = np.select([nps <= 6, nps <= 8], [0, 1], 2)
    comment = phrases(rng("surveys.comment"), [TEXTS["satisfaction_surveys"][t] for t in SURVEY_TONES], tone)
    delay = between(rng("surveys.delay"), np.full(n, SURVEY_DAYS.low * DAY), np.full(n, SURVEY_DAYS.high * DAY))
    return Frame(
        model.SatisfactionSurvey.__table__,
        {
            "survey_id": plan.ids("satisfaction_surveys", n),
            "interaction_id": np.asarray(interactions.columns["interaction_id"])[surveyed],
            "customer_id": np.asarray(interactions.columns["customer_id"])[surveyed],
            "survey_date": (np.asarray(interactions.columns["interaction_date"])[surveyed] + delay) // DAY,
            "nps_score": nps,
            "satisfaction_rating": rating,
            "comments": Nullable(comment, ~exact_flags(rng("surveys.commented"), spec["comment_share"], n)),
        },
    )


def complaint_frame(plan: Plan) -> Frame:
    run, rng, customers = plan.run, plan.run.rng, plan.customers
    spec = DIST["complaints"]
    who = np.flatnonzero(exact_flags(rng("complaints.who"), spec["share_of_customers"], len(customers.ids)))
    n = len(who)
    filed = between(rng("complaints.filed"), customers.created[who], np.full(n, run.now - DAY))
    status = weighted(rng("complaints.status"), "complaints.status", n)
    ended = np.isin(status, [spec["status"].values.index(s) for s in ("resolved", "closed")])
    hours = integers(rng("complaints.hours"), spec["resolution_hours_range"], n)
    hours = np.maximum(1, np.minimum(hours, (run.now - filed) // 3600))
    kind = weighted(rng("complaints.type"), "complaints.complaint_type", n)
    text = phrases(rng("complaints.text"), [TEXTS["complaints"][k] for k in spec["complaint_type"].values], kind)
    assigned = exact_flags(rng("complaints.assigned"), spec["assigned_share"], n)
    return Frame(
        model.Complaint.__table__,
        {
            "complaint_id": plan.ids("complaints", n),
            "customer_id": customers.ids[who],
            "complaint_type": Pooled(spec["complaint_type"].values, kind),
            "description": text,
            "filed_date": filed,
            "status": Pooled(spec["status"].values, status),
            "priority": Pooled(spec["priority"].values, weighted(rng("complaints.priority"), "complaints.priority", n)),
            "assigned_to": Nullable(plan.staff.pick(rng("complaints.assigned_to"), filed // DAY), ~assigned),
            "resolved_date": Nullable(filed + hours * 3600, ~ended),
            "resolution_time_hours": Nullable(hours, ~ended),
        },
    )


def campaign_frame(plan: Plan) -> Frame:
    run, rng = plan.run, plan.run.rng
    spec = DIST["campaigns"]
    n = fitting_count(rng("campaigns.count"), spec["count_range"], spec["campaign_type"])
    length = integers(rng("campaigns.length"), spec["duration_days_range"], n)
    start = between(rng("campaigns.start"), np.full(n, run.today - spec["history_years"] * 365), run.today - length)
    themes = TEXTS["campaigns"]["themes"]
    segments = DIST["customer_profiles"]["customer_segment"].values
    plan.campaigns = (start, start + length)
    return Frame(
        model.Campaign.__table__,
        {
            "campaign_id": np.arange(1, n + 1),
            "campaign_name": [f"{themes[i % len(themes)]} {day_to_date(s).year}" for i, s in enumerate(start)],
            "campaign_type": Pooled(
                spec["campaign_type"].values, weighted(rng("campaigns.type"), "campaigns.campaign_type", n)
            ),
            "target_segment": Pooled(segments, rng("campaigns.segment").integers(0, len(segments), n)),
            "start_date": start,
            "end_date": start + length,
            "budget": integers(rng("campaigns.budget"), spec["budget_range"], n) // 100 * 10_000,
        },
    )


def response_frame(plan: Plan) -> Frame:
    """Responders answer 1-2 distinct campaigns that ran while they were customers."""
    rng, customers = plan.run.rng, plan.customers
    spec = DIST["campaign_responses"]
    start, end = plan.campaigns
    joined = customers.created // DAY
    eligible = np.flatnonzero(joined <= end.max())
    share = min(1.0, spec["share_of_customers"] * len(joined) / max(len(eligible), 1))
    responders = eligible[exact_flags(rng("responses.who"), share, len(eligible))]
    how_many = integers(rng("responses.count"), spec["campaigns_range"], len(responders))
    choose = rng("responses.campaign")
    pairs = []
    for customer, wanted in zip(responders.tolist(), how_many.tolist(), strict=True):
        open_campaigns = np.flatnonzero(end >= joined[customer])
        for campaign in choose.permutation(open_campaigns)[:wanted].tolist():
            pairs.append((customer, campaign))
    who = np.array([p[0] for p in pairs], dtype=np.int64)
    campaign = np.array([p[1] for p in pairs], dtype=np.int64)
    n = len(pairs)
    day = between(rng("responses.day"), np.maximum(start[campaign], joined[who]), end[campaign])
    types = spec["response_type"].values
    kind = weighted(rng("responses.type"), "campaign_responses.response_type", n)
    # SPEC: every purchase converts, no unsubscribe does, and the other responses rarely do.
    converted = kind == types.index("purchased")
    others = np.flatnonzero(~np.isin(kind, [types.index("purchased"), types.index("unsubscribed")]))
    converted[others] = exact_flags(rng("responses.converted"), spec["other_converted_share"], len(others))
    return Frame(
        model.CampaignResponse.__table__,
        {
            "response_id": plan.ids("campaign_responses", n),
            "campaign_id": campaign + 1,
            "customer_id": customers.ids[who],
            "response_date": day,
            "response_type": Pooled(types, kind),
            "converted": converted,
        },
    )
