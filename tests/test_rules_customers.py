"""SPEC.md "customer_db" at scale 1.0, and its references to the other databases."""

from spec import REGION_OF, assert_none, assert_share, assert_shares, assert_spec_shares, rows, scalar
from spec_targets import MEASURED, SPEC

AS_OF = "TIMESTAMP '2026-06-30 00:00:00'"


def ids(engine, sql) -> set:
    return {value for (value,) in rows(engine, sql)}


def test_one_profile_per_customer_with_the_same_ids(seeded):
    customers = ids(seeded["accounts_db"], "SELECT customer_id FROM customers")
    assert ids(seeded["customer_db"], "SELECT customer_id FROM customer_profiles") == customers
    onboarding = dict(rows(seeded["customer_db"], "SELECT customer_id, onboarding_date FROM customer_profiles"))
    created = dict(rows(seeded["accounts_db"], "SELECT customer_id, created_at::date FROM customers"))
    assert onboarding == created


def test_the_crm_copy_of_each_customer_equals_accounts_db(seeded):
    """SPEC: the CRM's full name, email and phone equal accounts_db.customers; address, city and
    country are realistic and consistent with each other."""
    crm = rows(
        seeded["customer_db"],
        "SELECT customer_id, full_name, email, phone, address, city, country FROM customer_profiles",
    )
    records = rows(
        seeded["accounts_db"],
        "SELECT customer_id, first_name || ' ' || last_name, email, phone, address, city, 'United States'"
        " FROM customers",
    )
    assert sorted(crm) == sorted(records)
    assert_none(seeded["customer_db"], "SELECT customer_id FROM customer_profiles WHERE updated_at < created_at")


def test_customers_live_at_real_places(seeded):
    """SPEC: address, city and country realistic and consistent: a street address, a state of the
    United States (the country the CRM names), a ZIP code of that state, real city names."""
    homes = rows(seeded["accounts_db"], "SELECT state, postal_code, address, city FROM customers")
    assert {state for state, *_ in homes} <= set(REGION_OF)
    assert [(state, code) for state, code, *_ in homes if code[:1] != REGION_OF.get(state)] == []
    assert all(len(code) == 5 and code.isdigit() for _, code, *_ in homes)
    assert all(address.split(" ", 1)[0].isdigit() for _, _, address, _ in homes)
    assert len({state for state, *_ in homes}) > 40  # spread over the country
    cities = rows(seeded["accounts_db"], "SELECT city, count(DISTINCT state) FROM customers GROUP BY 1")
    assert max(states for _, states in cities) <= 3  # real names in few states each: Springfield is in IL, MA, MO


def test_profile_shares(seeded):
    db = seeded["customer_db"]
    assert_spec_shares(db, "customer_db:customer_profiles", "customer_segment", "customer_status")
    # SPEC: a profile's KYC status and risk rating equal those in compliance_db.
    assert_shares(db, "customer_profiles", "kyc_status", SPEC["compliance_db:kyc_records.kyc_status"])
    assert_shares(db, "customer_profiles", "risk_rating", SPEC["compliance_db:kyc_records.risk_rating"])
    assert_share(
        db,
        "SELECT count(assigned_agent_id) FROM customer_profiles",
        "SELECT count(*) FROM customer_profiles",
        SPEC["customer_db:customer_profiles.assigned_agent_share"],
    )


def test_employee_references_resolve_to_employees_employed_at_the_time(seeded):
    employees = {
        e: (hired, left)
        for e, hired, left in rows(
            seeded["employees_db"], "SELECT employee_id, hire_date, termination_date FROM employees"
        )
    }
    db = seeded["customer_db"]
    for sql in (
        "SELECT handled_by, interaction_date::date FROM interactions WHERE handled_by IS NOT NULL",
        "SELECT assigned_to, filed_date::date FROM complaints WHERE assigned_to IS NOT NULL",
        "SELECT assigned_agent_id, DATE '2026-06-30' FROM customer_profiles WHERE assigned_agent_id IS NOT NULL",
    ):
        for employee, day in rows(db, sql):
            hired, left = employees[employee]
            assert hired <= day and (left is None or day <= left), (sql, employee, day)


def test_interactions_per_customer(seeded):
    db = seeded["customer_db"]
    assert_shares(
        db,
        "(SELECT p.customer_id, count(i.interaction_id) n FROM customer_profiles p"
        " LEFT JOIN interactions i USING (customer_id) GROUP BY 1) per_customer",
        "n",
        SPEC["customer_db:interactions.per_customer"],
    )


def test_interaction_channels_types_durations_outcomes(seeded):
    db = seeded["customer_db"]
    assert_spec_shares(db, "customer_db:interactions", "channel", "outcome")
    assert_share(
        db,
        "SELECT count(handled_by) FROM interactions",
        "SELECT count(*) FROM interactions",
        SPEC["customer_db:interactions.handled_share"],
    )
    pairs = set(rows(db, "SELECT DISTINCT channel, interaction_type FROM interactions"))
    fits = {
        "phone": {"call", "callback"},
        "email": {"email", "secure_message"},
        "web": {"chat", "online_form"},
        "mobile_app": {"chat", "in_app_message"},
        "branch": {"branch_visit", "appointment"},
    }
    assert all(kind in fits[channel] for channel, kind in pairs)
    assert_none(db, "SELECT interaction_id FROM interactions WHERE channel = 'email' AND duration_minutes IS NOT NULL")
    assert_none(db, "SELECT interaction_id FROM interactions WHERE channel <> 'email' AND duration_minutes IS NULL")
    means = dict(
        rows(db, "SELECT channel, avg(duration_minutes) FROM interactions WHERE channel <> 'email' GROUP BY 1")
    )
    assert min(means["branch"], means["phone"]) > max(means["web"], means["mobile_app"])


def test_interactions_after_the_customer_joined(seeded):
    created = dict(rows(seeded["accounts_db"], "SELECT customer_id, created_at FROM customers"))
    for customer, when in rows(seeded["customer_db"], "SELECT customer_id, interaction_date FROM interactions"):
        assert created[customer] <= when
    assert_none(seeded["customer_db"], f"SELECT interaction_id FROM interactions WHERE interaction_date > {AS_OF}")


def test_surveys(seeded):
    db = seeded["customer_db"]
    assert_share(
        db,
        "SELECT count(*) FROM satisfaction_surveys",
        "SELECT count(*) FROM interactions",
        SPEC["customer_db:satisfaction_surveys.survey_share"],
    )
    assert_none(db, "SELECT interaction_id FROM satisfaction_surveys GROUP BY 1 HAVING count(*) > 1")
    soonest, latest = SPEC["customer_db:satisfaction_surveys.delay_days_range"]
    assert_none(
        db,
        "SELECT s.survey_id FROM satisfaction_surveys s JOIN interactions i USING (interaction_id)"
        f" WHERE s.survey_date < i.interaction_date::date + {soonest}"
        f" OR s.survey_date > i.interaction_date::date + {latest} OR s.customer_id <> i.customer_id",
    )
    assert_none(db, f"SELECT survey_id FROM satisfaction_surveys WHERE survey_date > {AS_OF}")
    mean_nps = scalar(db, "SELECT avg(nps_score) FROM satisfaction_surveys")
    assert MEASURED["nps mean"].low <= mean_nps <= MEASURED["nps mean"].high
    r = scalar(db, "SELECT corr(nps_score, satisfaction_rating) FROM satisfaction_surveys")
    assert r >= MEASURED["satisfaction-nps pearson r at least"]
    assert_share(
        db,
        "SELECT count(comments) FROM satisfaction_surveys",
        "SELECT count(*) FROM satisfaction_surveys",
        SPEC["customer_db:satisfaction_surveys.comment_share"],
    )


# Words that carry a comment's tone, whatever the phrase lists of texts.toml say.
PRAISE = ("thank", "great", "helpful", "friendly", "recommend", "solved", "knew", "quick")
GRIEF = ("too long", "not ", "nobody", "transferred", "never", "rude")


def test_comment_tone_fits_the_score(seeded):
    """SPEC: a comment's tone fits the score: promoters (9-10) praise, detractors (0-6) complain."""
    comments = rows(
        seeded["customer_db"], "SELECT nps_score, lower(comments) FROM satisfaction_surveys WHERE comments IS NOT NULL"
    )

    def says(words, comment):
        return any(word in comment for word in words)

    promoters = [comment for score, comment in comments if score >= 9]
    detractors = [comment for score, comment in comments if score <= 6]
    assert promoters and detractors
    assert [c for c in promoters if not says(PRAISE, c) or says(GRIEF, c)] == []
    assert [c for c in detractors if not says(GRIEF, c) or says(PRAISE, c)] == []


def test_complaints(seeded):
    db = seeded["customer_db"]
    assert_share(
        db,
        "SELECT count(DISTINCT customer_id) FROM complaints",
        "SELECT count(*) FROM customer_profiles",
        SPEC["customer_db:complaints.share_of_customers"],
    )
    assert_spec_shares(db, "customer_db:complaints", "complaint_type", "status", "priority")
    assert_share(
        db,
        "SELECT count(assigned_to) FROM complaints",
        "SELECT count(*) FROM complaints",
        SPEC["customer_db:complaints.assigned_share"],
    )
    assert_none(
        db,
        "SELECT complaint_id FROM complaints WHERE (status IN ('resolved', 'closed'))"
        " <> (resolved_date IS NOT NULL AND resolution_time_hours IS NOT NULL)",
    )
    assert_none(
        db,
        "SELECT complaint_id FROM complaints WHERE resolved_date <= filed_date"
        " OR resolution_time_hours <> floor(extract(epoch FROM resolved_date - filed_date) / 3600)",
    )
    assert_none(db, f"SELECT complaint_id FROM complaints WHERE resolved_date > {AS_OF}")


def test_campaigns_and_responses(seeded):
    db = seeded["customer_db"]
    count = scalar(db, "SELECT count(*) FROM campaigns")
    low, high = SPEC["customer_db:campaigns.count_range"]
    assert low <= count <= high
    assert_spec_shares(db, "customer_db:campaigns", "campaign_type")
    assert_none(db, "SELECT campaign_id FROM campaigns WHERE end_date <= start_date OR end_date > DATE '2026-06-30'")
    assert_share(
        db,
        "SELECT count(DISTINCT customer_id) FROM campaign_responses",
        "SELECT count(*) FROM customer_profiles",
        SPEC["customer_db:campaign_responses.share_of_customers"],
    )
    per_customer = {n for (n,) in rows(db, "SELECT count(*) FROM campaign_responses GROUP BY customer_id")}
    fewest, most = SPEC["customer_db:campaign_responses.campaigns_range"]
    assert per_customer <= set(range(fewest, most + 1))
    assert_none(db, "SELECT customer_id FROM campaign_responses GROUP BY customer_id, campaign_id HAVING count(*) > 1")
    assert_none(
        db,
        "SELECT r.response_id FROM campaign_responses r JOIN campaigns c USING (campaign_id)"
        " WHERE r.response_date NOT BETWEEN c.start_date AND c.end_date",
    )
    kinds = {k for (k,) in rows(db, "SELECT DISTINCT response_type FROM campaign_responses")}
    assert kinds <= SPEC["customer_db:campaign_responses.response_type"] and len(kinds) >= 4


def test_every_campaign_targets_a_customer_segment(seeded):
    segments = SPEC["customer_db:customer_profiles.customer_segment"]
    targets = rows(seeded["customer_db"], "SELECT campaign_id, target_segment FROM campaigns")
    assert [(campaign, segment) for campaign, segment in targets if segment not in segments] == []
