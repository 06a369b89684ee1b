"""insurance_db: policies, beneficiaries, claims, premium payments and policy events."""

import numpy as np

from datahub_seed.distributions import load
from datahub_seed.generate.core import (
    DAY,
    add_months,
    between,
    business_numbers,
    categorical,
    cents,
    exact_flags,
    integers,
    months_between,
    owners,
    quota_counts,
    uniform,
)
from datahub_seed.generate.frame import Frame, Nullable, Pooled
from datahub_seed.generate.plan import Plan, Policies
from datahub_seed.generate.pools import TEXTS, phones, phrases, pools
from datahub_seed.models import insurance as model

DIST = load("insurance_db")
TYPES = DIST["policies"]["policy_type"].values
STATUS = DIST["policies"]["policy_status"].values
FREQUENCIES = DIST["policies"]["premium_frequency"].values
PERIODS_PER_YEAR = np.array([DIST["premium_payments"]["periods_per_year"][f] for f in FREQUENCIES])
EVENTS = DIST["policy_events"]["event_type"].values
CLAIM_TYPES = sorted({kind for kinds in DIST["claims"]["claim_type"].values() for kind in kinds})


def generate_block(plan: Plan) -> list[Frame]:
    policies = policy_frame(plan)
    return [
        policies,
        beneficiary_frame(plan, policies),
        claim_frame(plan, policies),
        event_frame(plan, policies),
        payment_frame(plan, policies),
    ]


def policy_frame(plan: Plan) -> Frame:
    run, rng, customers = plan.run, plan.run.rng, plan.customers
    spec = DIST["policies"]
    owner = owners(run, "policies", spec, len(customers.ids))
    n = len(owner)
    kind = categorical(rng("policies.type"), spec["policy_type"], n)
    low = np.array([spec["coverage_range"][t][0] for t in TYPES])[kind]
    high = np.array([spec["coverage_range"][t][1] for t in TYPES])[kind]
    coverage = cents(rng("policies.coverage").uniform(low, high) // 1000 * 1000)
    premium = cents(coverage / 100 * uniform(rng("policies.premium"), spec["premium_rate_range"], n))
    status = categorical(rng("policies.status"), spec["policy_status"], n)
    joined = customers.created[owner] // DAY
    start = between(
        rng("policies.start"),
        np.maximum(joined, run.today - int(spec["start_years"] * 365.25)),
        np.full(n, run.today - 1),
    )
    # Active policies run to the end of their current term (renewed as often as needed);
    # lapsed and cancelled ones ended on a day between their start and as-of.
    term_days = np.array([spec["term_years"][t] for t in TYPES])[kind] * 365
    terms_run = (run.today - start) // term_days + 1
    active = status == STATUS.index("active")
    stopped = between(rng("policies.stopped"), start + 1, np.full(n, run.today))
    end = np.where(active, start + terms_run * term_days, stopped)
    frequency = categorical(rng("policies.frequency"), spec["premium_frequency"], n)
    # Written up to two weeks before cover starts, never before the customer joined.
    earliest = np.maximum(customers.created[owner], (start - spec["written_days_before"]) * DAY)
    written = between(rng("policies.written"), earliest, np.maximum(earliest, start * DAY))
    ids = plan.ids("policies", n)
    plan.policies = Policies(ids=ids, customer_id=customers.ids[owner], start=start)
    return Frame(
        model.Policy.__table__,
        {
            "policy_id": ids,
            "policy_number": business_numbers("POL", ids),
            "customer_id": customers.ids[owner],
            "policy_type": Pooled(TYPES, kind),
            "coverage_amount": coverage,
            "annual_premium": premium,
            "premium_frequency": Pooled(FREQUENCIES, frequency),
            "premium_amount": premium // PERIODS_PER_YEAR[frequency],
            "start_date": start,
            "end_date": end,
            "policy_status": Pooled(STATUS, status),
            "agent_id": plan.staff.pick(rng("policies.agent"), start, "agent_id"),
            "linked_account_id": plan.accounts.of_customers(
                rng("policies.linked"), customers.ids[owner], spec["linked_account_share"], start
            ),
            "created_at": written,
        },
    )


def covered_until(plan: Plan, policies: Frame) -> np.ndarray:
    """Last day of cover that has happened: the end date or as-of, whichever is first."""
    return np.minimum(np.asarray(policies.columns["end_date"]), plan.run.today)


def split_hundred(rng: np.random.Generator, parts: int) -> list[int]:
    """``parts`` whole-percent shares, multiples of 5, each positive, summing to exactly 100."""
    units = 1 + quota_counts(rng.dirichlet(np.ones(parts)), 20 - parts)
    return (units * 5).tolist()


def beneficiary_frame(plan: Plan, policies: Frame) -> Frame:
    rng = plan.run.rng
    spec = DIST["beneficiaries"]
    kind = policies.columns["policy_type"].index
    life = kind == TYPES.index("life")
    others = np.flatnonzero(~life)
    named = life.copy()
    named[others] = exact_flags(rng("beneficiaries.others"), spec["other_policy_share"], len(others))
    which = np.flatnonzero(named)
    count = integers(rng("beneficiaries.count"), spec["per_life_policy_range"], len(which))
    policy = np.repeat(which, count)
    share_rng = rng("beneficiaries.share")
    percentage = np.array([p for parts in count.tolist() for p in split_hundred(share_rng, parts)], dtype=np.int64)
    n = len(policy)
    return Frame(
        model.Beneficiary.__table__,
        {
            "beneficiary_id": plan.ids("beneficiaries", n),
            "policy_id": plan.policies.ids[policy],
            "beneficiary_name": pools(plan.run.seed).full_names(rng("beneficiaries.name"), n),
            "relationship": Pooled(
                spec["relationship"].values, categorical(rng("beneficiaries.relationship"), spec["relationship"], n)
            ),
            "percentage": percentage,
            "contact_info": phones(rng("beneficiaries.phone"), n),
        },
    )


def claim_frame(plan: Plan, policies: Frame) -> Frame:
    run, rng = plan.run, plan.run.rng
    spec = DIST["claims"]
    which = np.flatnonzero(exact_flags(rng("claims.which"), spec["share_of_policies"], len(policies)))
    n = len(which)
    kind = policies.columns["policy_type"].index[which]
    type_rng = rng("claims.type")
    claim_type = np.array(
        [CLAIM_TYPES.index(type_rng.choice(spec["claim_type"][TYPES[k]])) for k in kind.tolist()], dtype=np.int64
    )
    start = plan.policies.start[which]
    incident = between(rng("claims.incident"), start, covered_until(plan, policies)[which])
    filed = between(rng("claims.filed"), incident, np.minimum(incident + spec["filed_within_days"], run.today))
    coverage = np.asarray(policies.columns["coverage_amount"])[which]
    low, high = spec["claim_fraction_range"]
    a, b = spec["claim_fraction_beta"]
    fraction = low + (high - low) * rng("claims.fraction").beta(a, b, n)  # skewed low
    amount = np.maximum(cents(coverage / 100 * fraction), 1)
    status = categorical(rng("claims.status"), spec["status"], n)
    statuses = spec["status"].values
    approved = np.isin(status, [statuses.index("paid"), statuses.index("approved")])
    paid = status == statuses.index("paid")
    approved_amount = np.minimum(
        amount, cents(amount / 100 * uniform(rng("claims.approved"), spec["approved_fraction_range"], n))
    )
    settled = np.minimum(filed + integers(rng("claims.settled"), spec["settlement_days_range"], n), run.today)
    ids = plan.ids("claims", n)
    return Frame(
        model.Claim.__table__,
        {
            "claim_id": ids,
            "claim_number": business_numbers("CLM", ids),
            "policy_id": plan.policies.ids[which],
            "claim_type": Pooled(CLAIM_TYPES, claim_type),
            "incident_date": incident,
            "claim_date": filed,
            "claim_amount": amount,
            "approved_amount": Nullable(approved_amount, ~approved),
            "status": Pooled(statuses, status),
            "settlement_date": Nullable(settled, ~paid),
            "processed_by": plan.staff.pick(rng("claims.processed_by"), filed),
            "description": Pooled(
                [f"{name.replace('_', ' ').capitalize()} claim." for name in CLAIM_TYPES], claim_type
            ),
        },
    )


def payment_frame(plan: Plan, policies: Frame) -> Frame:
    """One premium per period of the policy's frequency, from its start while cover lasts."""
    run, rng = plan.run, plan.run.rng
    spec = DIST["premium_payments"]
    frequency = policies.columns["premium_frequency"].index
    step = 12 // PERIODS_PER_YEAR[frequency]
    start = plan.policies.start
    last = np.minimum(np.asarray(policies.columns["end_date"]) - 1, run.today)
    # One more candidate than whole months allow (month-end days), then keep those due in time.
    count = np.maximum(months_between(start, last) // step + 2, 1)
    policy = np.repeat(np.arange(len(start)), count)
    k = np.arange(len(policy)) - np.repeat(np.cumsum(count) - count, count)
    due = add_months(start[policy], k * step[policy])
    keep = due <= np.maximum(last[policy], start[policy])
    policy, due = policy[keep], due[keep]
    n = len(policy)
    # Debited from the policy's linked account on the days that account is open (SPEC: an account
    # named by a payment was open on its date); paid some other way on the others.
    linked = policies.columns["linked_account_id"]
    account = np.asarray(linked.values)[policy]
    debited = ~np.asarray(linked.null)[policy]
    debited[debited] = plan.accounts.open_on(account[debited], due[debited])
    return Frame(
        model.PremiumPayment.__table__,
        {
            "payment_id": plan.ids("premium_payments", n),
            "policy_id": plan.policies.ids[policy],
            "payment_date": due,
            "amount": np.asarray(policies.columns["premium_amount"])[policy],
            "payment_method": Pooled(
                spec["payment_method"].values, categorical(rng("payments.method"), spec["payment_method"], n)
            ),
            "payment_status": Pooled(
                spec["payment_status"].values, categorical(rng("payments.status"), spec["payment_status"], n)
            ),
            "from_account_id": Nullable(account, ~debited),
        },
    )


def event_frame(plan: Plan, policies: Frame) -> Frame:
    """Events in the spec's proportions, each consistent with its policy: every cancelled policy
    has its cancellation on its end date, reinstatements belong to active policies, renewals fall on
    term anniversaries that have passed."""
    rng = plan.run.rng
    spec = DIST["policy_events"]
    status = policies.columns["policy_status"].index
    cancelled = np.flatnonzero(status == STATUS.index("cancelled"))
    weights = spec["event_type"]
    total = round(len(cancelled) / weights.share("cancellation")) if len(cancelled) else round(0.25 * len(policies))
    counts: dict[str, int] = dict(zip(EVENTS, quota_counts(weights.probabilities, total), strict=True))
    counts["cancellation"] = len(cancelled)
    start = plan.policies.start
    until = covered_until(plan, policies)
    kind = policies.columns["policy_type"].index
    term_days = np.array([DIST["policies"]["term_years"][t] for t in TYPES])[kind] * 365
    renewable = np.flatnonzero(start + term_days <= until)
    active = np.flatnonzero(status == STATUS.index("active"))
    pick = rng("events.policy")
    chosen = {
        "renewal": pick.choice(renewable, counts["renewal"]) if len(renewable) else np.zeros(0, int),
        "modification": pick.choice(len(policies), counts["modification"]),
        "cancellation": cancelled,
        "reinstatement": pick.choice(active, counts["reinstatement"]) if len(active) else np.zeros(0, int),
    }
    policy = np.concatenate([chosen[e] for e in EVENTS]).astype(np.int64)
    event = np.repeat(np.arange(len(EVENTS)), [len(chosen[e]) for e in EVENTS])
    n = len(policy)
    anniversaries = np.maximum((until[policy] - start[policy]) // term_days[policy], 1)
    renewal_day = (
        start[policy]
        + rng("events.anniversary").integers(1, 1 << 30, n) % anniversaries * term_days[policy]
        + term_days[policy]
    )
    any_day = between(rng("events.day"), start[policy] + 1, np.maximum(until[policy], start[policy] + 1))
    day = np.select(
        [event == EVENTS.index("renewal"), event == EVENTS.index("cancellation")],
        [np.minimum(renewal_day, until[policy]), np.asarray(policies.columns["end_date"])[policy]],
        any_day,
    )
    note = phrases(rng("events.note"), [TEXTS["policy_events"][e] for e in EVENTS], event)
    performed = exact_flags(rng("events.performed"), spec["performed_share"], n)
    return Frame(
        model.PolicyEvent.__table__,
        {
            "event_id": plan.ids("policy_events", n),
            "policy_id": plan.policies.ids[policy],
            "event_type": Pooled(EVENTS, event),
            "event_date": day,
            "performed_by": Nullable(plan.staff.pick(rng("events.by"), day), ~performed),
            "description": note,
        },
    )
