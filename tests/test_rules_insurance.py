"""SPEC.md "insurance_db" at scale 1.0."""

import math

from spec import account_open_on, assert_none, assert_share, assert_spec_shares, rows, scalar
from spec_targets import SPEC

from datahub_seed.distributions import load

TODAY = "DATE '2026-06-30'"


def test_policies(seeded):
    db = seeded["insurance_db"]
    customers = scalar(seeded["accounts_db"], "SELECT count(*) FROM customers")
    holders = scalar(db, "SELECT count(DISTINCT customer_id) FROM policies")
    target = SPEC["insurance_db:policies.share_of_customers"]
    assert target.low - 0.03 <= holders / customers <= target.high + 0.03
    several = scalar(db, "SELECT count(*) FROM (SELECT customer_id FROM policies GROUP BY 1 HAVING count(*) > 1) x")
    assert abs(several / holders - SPEC["insurance_db:policies.multiple_share"]) <= 0.05
    assert_spec_shares(db, "insurance_db:policies", "policy_type", "premium_frequency", "policy_status")
    low, high = SPEC["insurance_db:policies.premium_rate_range"]
    assert_none(
        db,
        f"SELECT policy_id FROM policies WHERE annual_premium NOT BETWEEN {low} * coverage_amount - 0.01"
        f" AND {high} * coverage_amount + 0.01",
    )
    assert scalar(db, "SELECT count(*) - count(DISTINCT policy_number) FROM policies") == 0
    history_days = math.ceil(SPEC["insurance_db:policies.start_years"] * 365.25)
    assert_none(
        db, f"SELECT policy_id FROM policies WHERE start_date > {TODAY} OR start_date < {TODAY} - {history_days}"
    )
    assert_none(db, f"SELECT policy_id FROM policies WHERE policy_status <> 'active' AND end_date > {TODAY}")
    assert_none(db, f"SELECT policy_id FROM policies WHERE policy_status = 'active' AND end_date <= {TODAY}")
    coverage = dict(
        (k, (lo, hi))
        for k, lo, hi in rows(
            db, "SELECT policy_type, min(coverage_amount), max(coverage_amount) FROM policies GROUP BY 1"
        )
    )
    assert coverage["life"][1] > coverage["travel"][1]  # coverage by type


def test_agents_and_linked_accounts(seeded):
    staff = {
        e: (role, hired, left)
        for e, role, hired, left in rows(
            seeded["employees_db"], "SELECT employee_id, role, hire_date, termination_date FROM employees"
        )
    }
    policies = rows(seeded["insurance_db"], "SELECT agent_id, start_date, customer_id, linked_account_id FROM policies")
    for agent, start, _, _ in policies:
        role, hired, left = staff[agent]
        assert role == "insurance_agent" and hired <= start and (left is None or start <= left)
    owner = dict(rows(seeded["accounts_db"], "SELECT account_id, customer_id FROM accounts"))
    assert all(owner[a] == c for _, _, c, a in policies if a is not None)
    open_on = account_open_on(seeded["accounts_db"])
    eligible = [a for _, start, c, a in policies if open_on(c, start)]
    linked_share = sum(a is not None for a in eligible) / len(eligible)
    assert abs(linked_share - SPEC["insurance_db:policies.linked_account_share"]) <= 0.05


def test_beneficiaries(seeded):
    db = seeded["insurance_db"]
    assert_none(db, "SELECT policy_id FROM beneficiaries GROUP BY 1 HAVING sum(percentage) <> 100")
    fewest, most = SPEC["insurance_db:beneficiaries.per_life_policy_range"]
    assert_none(
        db,
        "SELECT p.policy_id FROM policies p LEFT JOIN beneficiaries b USING (policy_id)"
        f" WHERE p.policy_type = 'life' GROUP BY 1 HAVING count(b.beneficiary_id) NOT BETWEEN {fewest} AND {most}",
    )
    assert_share(
        db,
        "SELECT count(DISTINCT b.policy_id) FROM beneficiaries b JOIN policies p USING (policy_id)"
        " WHERE p.policy_type <> 'life'",
        "SELECT count(*) FROM policies WHERE policy_type <> 'life'",
        SPEC["insurance_db:beneficiaries.other_policy_share"],
    )
    assert_spec_shares(db, "insurance_db:beneficiaries", "relationship")


def test_claims(seeded):
    db = seeded["insurance_db"]
    share = scalar(db, "SELECT count(DISTINCT policy_id)::float / (SELECT count(*) FROM policies) FROM claims")
    target = SPEC["insurance_db:claims.share_of_policies"]
    assert target.low - 0.03 <= share <= target.high + 0.03
    fits = {
        "life": {"death_benefit", "terminal_illness"},
        "property": {"fire", "water_damage", "theft", "storm"},
        "vehicle": {"collision", "theft", "vandalism", "glass"},
        "health": {"hospitalization", "outpatient", "prescription"},
        "travel": {"trip_cancellation", "medical_abroad", "lost_baggage"},
    }
    for policy_type, claim_type in rows(
        db, "SELECT DISTINCT p.policy_type, c.claim_type FROM claims c JOIN policies p USING (policy_id)"
    ):
        assert claim_type in fits[policy_type]
    low, high = SPEC["insurance_db:claims.claim_fraction_range"]
    assert_none(
        db,
        "SELECT c.claim_id FROM claims c JOIN policies p USING (policy_id) WHERE c.claim_amount"
        f" NOT BETWEEN {low} * p.coverage_amount - 0.01 AND {high} * p.coverage_amount",
    )
    median = scalar(
        db,
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY c.claim_amount / p.coverage_amount)"
        " FROM claims c JOIN policies p USING (policy_id)",
    )
    assert median < 0.4  # skewed low
    assert_spec_shares(db, "insurance_db:claims", "status")
    assert_none(
        db,
        "SELECT claim_id FROM claims WHERE (status = 'paid') <> (settlement_date IS NOT NULL)"
        " OR approved_amount > claim_amount OR (status IN ('paid', 'approved')) <> (approved_amount IS NOT NULL)",
    )
    assert_none(
        db,
        f"SELECT c.claim_id FROM claims c JOIN policies p USING (policy_id) WHERE c.incident_date"
        f" < p.start_date OR c.incident_date > least(p.end_date, {TODAY}) OR c.claim_date > {TODAY}"
        f" OR c.settlement_date > {TODAY}",
    )
    assert scalar(db, "SELECT count(*) - count(DISTINCT claim_number) FROM claims") == 0


def test_premium_payments_follow_the_frequency(seeded):
    db = seeded["insurance_db"]
    # Payments a year per frequency, as a CASE on p.premium_frequency whose last frequency is the ELSE.
    *named, (_, otherwise) = SPEC["insurance_db:premium_payments.periods_per_year"].items()
    whens = " ".join(f"WHEN '{frequency}' THEN {n}" for frequency, n in named)
    per_year = f"CASE p.premium_frequency {whens} ELSE {otherwise} END"
    expected = (
        "SELECT p.policy_id, count(*) FROM policies p, generate_series(0, 600) k"
        f" WHERE (p.start_date + make_interval(months => k * (12 / {per_year})))::date"
        f" <= greatest(least(p.end_date - 1, {TODAY}), p.start_date)"
        " GROUP BY 1"
    )
    actual = "SELECT policy_id, count(*) FROM premium_payments GROUP BY 1"
    assert dict(rows(db, expected)) == dict(rows(db, actual))
    assert_none(
        db,
        "SELECT y.payment_id FROM premium_payments y JOIN policies p USING (policy_id)"
        f" WHERE y.amount <> trunc(p.annual_premium / {per_year}, 2)"
        " OR y.amount <> p.premium_amount OR y.payment_date < p.start_date"
        f" OR y.payment_date > {TODAY} OR y.from_account_id <> p.linked_account_id"
        " OR (p.linked_account_id IS NULL AND y.from_account_id IS NOT NULL)",
    )
    assert_spec_shares(db, "insurance_db:premium_payments", "payment_method", "payment_status")


def test_policy_events(seeded):
    db = seeded["insurance_db"]
    assert_spec_shares(db, "insurance_db:policy_events", "event_type")
    assert_none(
        db,
        "SELECT e.event_id FROM policy_events e JOIN policies p USING (policy_id)"
        " WHERE (e.event_type = 'cancellation' AND (p.policy_status <> 'cancelled' OR e.event_date <> p.end_date))"
        " OR (e.event_type = 'reinstatement' AND p.policy_status <> 'active')",
    )
    assert_none(
        db,
        "SELECT p.policy_id FROM policies p WHERE p.policy_status = 'cancelled' AND NOT EXISTS"
        " (SELECT 1 FROM policy_events e WHERE e.policy_id = p.policy_id AND e.event_type = 'cancellation')",
    )
    assert_none(
        db,
        f"SELECT e.event_id FROM policy_events e JOIN policies p USING (policy_id)"
        f" WHERE e.event_date < p.start_date OR e.event_date > least(p.end_date, {TODAY})",
    )
    assert_share(
        db,
        "SELECT count(performed_by) FROM policy_events",
        "SELECT count(*) FROM policy_events",
        SPEC["insurance_db:policy_events.performed_share"],
    )


def test_coverage_by_type(seeded):
    """SPEC: coverage by type; the amounts are ours (distributions)."""
    ours = load("insurance_db")["policies"]["coverage_range"]
    by_type = rows(
        seeded["insurance_db"],
        "SELECT policy_type, min(coverage_amount), max(coverage_amount) FROM policies GROUP BY 1",
    )
    assert len(by_type) == len(SPEC["insurance_db:policies.policy_type"])
    for kind, low, high in by_type:
        assert ours[kind].low <= low <= high <= ours[kind].high, kind
