"""SPEC.md "loans_db" at scale 1.0: applications, loans, collateral, schedules, guarantors, risk."""

from spec import account_open_on, assert_none, assert_share, assert_shares, assert_spec_shares, rows, scalar
from spec_targets import SPEC

from datahub_seed.distributions import load

TODAY = "DATE '2026-06-30'"


def test_applications(seeded):
    db, customers = seeded["loans_db"], scalar(seeded["accounts_db"], "SELECT count(*) FROM customers")
    applicants = scalar(db, "SELECT count(DISTINCT customer_id) FROM loan_applications")
    assert abs(applicants / customers - SPEC["loans_db:loan_applications.share_of_customers"]) <= 0.03
    fewest, most = SPEC["loans_db:loan_applications.per_customer_range"]
    per_customer = {n for (n,) in rows(db, "SELECT count(*) FROM loan_applications GROUP BY customer_id")}
    assert per_customer == set(range(fewest, most + 1))
    assert_spec_shares(db, "loans_db:loan_applications", "loan_type", "status")
    bounds = SPEC["loans_db:loan_applications.requested_amount_range"]
    for kind, low, high in rows(
        db, "SELECT loan_type, min(requested_amount), max(requested_amount) FROM loan_applications GROUP BY 1"
    ):
        assert bounds[kind][0] <= low and high <= bounds[kind][1], kind
    assert_none(
        db,
        "SELECT application_id FROM loan_applications WHERE (status IN ('approved', 'rejected'))"
        " <> (decision_date IS NOT NULL) OR (status = 'approved') <> (approved_amount IS NOT NULL)"
        " OR (status = 'rejected') <> (rejection_reason IS NOT NULL)",
    )
    low, high = SPEC["loans_db:loan_applications.approved_fraction_range"]
    assert_none(
        db,
        "SELECT application_id FROM loan_applications"
        f" WHERE approved_amount NOT BETWEEN {low} * requested_amount AND {high} * requested_amount",
    )
    assert_none(
        db,
        f"SELECT application_id FROM loan_applications WHERE decision_date < application_date"
        f" OR application_date > {TODAY} OR decision_date > {TODAY}",
    )


def test_applications_follow_the_customer(seeded):
    created = dict(rows(seeded["accounts_db"], "SELECT customer_id, created_at::date FROM customers"))
    for customer, applied in rows(seeded["loans_db"], "SELECT customer_id, application_date FROM loan_applications"):
        assert created[customer] <= applied


def test_one_loan_per_approved_application(seeded):
    db = seeded["loans_db"]
    assert scalar(db, "SELECT count(*) FROM loans") == scalar(
        db, "SELECT count(*) FROM loan_applications WHERE status = 'approved'"
    )
    soonest, latest = SPEC["loans_db:loans.disbursement_days_range"]
    assert_none(
        db,
        "SELECT l.loan_id FROM loans l JOIN loan_applications a USING (application_id)"
        " WHERE a.status <> 'approved' OR a.loan_type <> l.loan_type OR a.customer_id <> l.customer_id"
        " OR l.principal_amount <> a.approved_amount"
        f" OR l.disbursement_date NOT BETWEEN a.decision_date + {soonest} AND a.decision_date + {latest}",
    )
    assert scalar(db, "SELECT count(*) - count(DISTINCT loan_number) FROM loans") == 0


def test_loan_terms(seeded):
    db = seeded["loans_db"]
    assert_spec_shares(db, "loans_db:loans", "loan_status")
    assert_none(db, "SELECT loan_id FROM loans WHERE default_status <> (loan_status = 'defaulted')")
    lowest_rate, highest_rate = SPEC["loans_db:loans.rate_range.mortgage"]
    shortest, longest = SPEC["loans_db:loans.term_months_range.mortgage"]
    assert_none(
        db,
        "SELECT loan_id FROM loans WHERE loan_type = 'mortgage'"
        f" AND (interest_rate NOT BETWEEN {lowest_rate} AND {highest_rate}"
        f" OR term_months NOT BETWEEN {shortest} AND {longest})",
    )
    assert_none(
        db,
        "SELECT loan_id FROM loans WHERE maturity_date <> (disbursement_date"
        " + make_interval(months => term_months))::date",
    )
    assert_none(
        db,
        f"SELECT loan_id FROM loans WHERE loan_status = 'paid_off' AND (maturity_date > {TODAY}"
        " OR outstanding_balance <> 0)",
    )
    assert_none(db, f"SELECT loan_id FROM loans WHERE disbursement_date > {TODAY}")


def test_schedule_follows_the_amortisation_formula(seeded):
    db = seeded["loans_db"]
    assert_none(
        db,
        "SELECT l.loan_id FROM loans l JOIN (SELECT loan_id, count(*) n, min(installment_number) lo,"
        " max(installment_number) hi, sum(principal_amount) principal FROM repayment_schedule GROUP BY 1) s"
        " USING (loan_id) WHERE s.n <> l.term_months OR s.lo <> 1 OR s.hi <> l.term_months"
        " OR s.principal <> l.principal_amount",
    )
    assert scalar(db, "SELECT count(*) FROM loans WHERE loan_id NOT IN (SELECT loan_id FROM repayment_schedule)") == 0
    assert_none(
        db, "SELECT schedule_id FROM repayment_schedule WHERE total_amount <> principal_amount + interest_amount"
    )
    # Interest is one month of the annual rate on the principal still owed, to the cent.
    assert_none(
        db,
        "SELECT s.schedule_id FROM repayment_schedule s JOIN loans l USING (loan_id)"
        " WHERE s.interest_amount <> round((s.remaining_principal + s.principal_amount)"
        " * l.interest_rate / 1200, 2)",
    )
    # Level payments: every installment but the last equals the loan's monthly payment.
    assert_none(
        db,
        "SELECT s.schedule_id FROM repayment_schedule s JOIN loans l USING (loan_id)"
        " WHERE s.installment_number < l.term_months AND s.total_amount <> l.monthly_payment",
    )
    assert_none(
        db,
        "SELECT s.schedule_id FROM repayment_schedule s JOIN loans l USING (loan_id)"
        " WHERE s.due_date <> (l.disbursement_date + make_interval(months => s.installment_number))::date",
    )


def test_installment_status_and_outstanding_balance(seeded):
    db = seeded["loans_db"]
    assert_shares(
        db,
        "repayment_schedule",
        "payment_status",
        SPEC["loans_db:repayment_schedule.past_due_status"],
        where=f"due_date <= {TODAY}",
    )
    assert_none(
        db,
        f"SELECT schedule_id FROM repayment_schedule WHERE due_date > {TODAY}"
        " AND (payment_status <> 'pending' OR payment_date IS NOT NULL)",
    )
    assert_none(
        db, "SELECT schedule_id FROM repayment_schedule WHERE payment_status = 'late' AND payment_date <= due_date"
    )
    assert_none(db, f"SELECT schedule_id FROM repayment_schedule WHERE payment_date > {TODAY}")
    assert_none(
        db,
        "SELECT l.loan_id FROM loans l JOIN (SELECT loan_id, sum(principal_amount) FILTER"
        " (WHERE payment_status NOT IN ('paid', 'late')) AS unpaid FROM repayment_schedule GROUP BY 1) s"
        " USING (loan_id) WHERE l.outstanding_balance <> coalesce(s.unpaid, 0)",
    )
    assert_none(
        db,
        "SELECT loan_id FROM loans l WHERE loan_status = 'defaulted' AND NOT EXISTS"
        " (SELECT 1 FROM repayment_schedule s WHERE s.loan_id = l.loan_id AND s.payment_status = 'missed')",
    )


def test_linked_accounts_belong_to_the_borrower(seeded):
    owner = dict(rows(seeded["accounts_db"], "SELECT account_id, customer_id FROM accounts"))
    linked = rows(seeded["loans_db"], "SELECT customer_id, linked_account_id, disbursement_date FROM loans")
    assert all(owner[account] == customer for customer, account, _ in linked if account is not None)
    open_on = account_open_on(seeded["accounts_db"])
    with_accounts = [account for customer, account, day in linked if open_on(customer, day)]
    linked_share = sum(a is not None for a in with_accounts) / len(with_accounts)
    assert abs(linked_share - SPEC["loans_db:loans.linked_account_share"]) <= 0.05


def test_collateral(seeded):
    db = seeded["loans_db"]
    for kind, target in SPEC["loans_db:collateral.loan_type_share"].items():
        assert_share(
            db,
            f"SELECT count(DISTINCT c.loan_id) FROM collateral c JOIN loans l USING (loan_id)"
            f" WHERE l.loan_type = '{kind}'",
            f"SELECT count(*) FROM loans WHERE loan_type = '{kind}'",
            target,
        )
    assert_none(
        db,
        "SELECT c.loan_id FROM collateral c JOIN loans l USING (loan_id) WHERE l.loan_type NOT IN"
        " ('mortgage', 'auto', 'business') OR (l.loan_type = 'mortgage') <> (c.collateral_type = 'property')"
        " OR (l.loan_type = 'auto') <> (c.collateral_type = 'vehicle')",
    )
    low, high = SPEC["loans_db:collateral.appraised_ratio_range"]
    assert_none(
        db,
        "SELECT c.collateral_id FROM collateral c JOIN loans l USING (loan_id)"
        f" WHERE c.appraised_value NOT BETWEEN {low} * l.principal_amount - 0.01 AND {high} * l.principal_amount + 0.01"
        " OR abs(c.ltv_ratio - l.principal_amount / c.appraised_value) > 0.00005",
    )


def test_guarantors(seeded):
    db = seeded["loans_db"]
    share = scalar(
        db,
        "SELECT count(DISTINCT g.loan_id)::float / (SELECT count(*) FROM loans"
        " WHERE loan_type IN ('personal', 'business')) FROM loan_guarantors g",
    )
    target = SPEC["loans_db:loan_guarantors.share_of_loans"]
    assert target.low - 0.05 <= share <= target.high + 0.05
    fewest, most = SPEC["loans_db:loan_guarantors.per_loan_range"]
    per_loan = {n for (n,) in rows(db, "SELECT count(*) FROM loan_guarantors GROUP BY loan_id")}
    assert per_loan <= set(range(fewest, most + 1))
    low, high = SPEC["loans_db:loan_guarantors.guarantee_fraction_range"]
    assert_none(
        db,
        "SELECT g.loan_id FROM loan_guarantors g JOIN loans l USING (loan_id)"
        " WHERE l.loan_type NOT IN ('personal', 'business')"
        f" OR g.guarantee_amount NOT BETWEEN {low} * l.principal_amount - 0.01 AND {high} * l.principal_amount",
    )
    assert_spec_shares(db, "loans_db:loan_guarantors", "relationship")


def test_risk_assessments(seeded):
    db = seeded["loans_db"]
    assert_none(
        db,
        "SELECT a.application_id FROM loan_applications a LEFT JOIN risk_assessments r ON"
        " r.application_id = a.application_id AND r.assessment_type = 'origination'"
        " GROUP BY 1 HAVING count(r.assessment_id) <> 1",
    )
    assert_none(
        db,
        "SELECT r.assessment_id FROM risk_assessments r JOIN loan_applications a USING (application_id)"
        " WHERE r.assessment_type = 'origination' AND (r.assessment_date < a.application_date"
        " OR r.assessment_date > a.decision_date)",
    )
    assert_share(
        db,
        "SELECT count(DISTINCT loan_id) FROM risk_assessments WHERE assessment_type = 'periodic'",
        "SELECT count(*) FROM loans WHERE loan_status = 'active'",
        SPEC["loans_db:risk_assessments.periodic_share"],
    )
    lowest_score, highest_score = SPEC["loans_db:risk_assessments.score_range"]
    lowest_pd, highest_pd = SPEC["loans_db:risk_assessments.default_probability_range"]
    assert_none(
        db,
        "SELECT assessment_id FROM risk_assessments"
        f" WHERE risk_score NOT BETWEEN {lowest_score} AND {highest_score}"
        f" OR pd_probability NOT BETWEEN {lowest_pd} AND {highest_pd}",
    )
    assert_spec_shares(db, "loans_db:risk_assessments", "credit_grade")
    rejected = scalar(
        db,
        "SELECT avg(r.pd_probability) FROM risk_assessments r JOIN loan_applications a"
        " USING (application_id) WHERE a.status = 'rejected'",
    )
    approved = scalar(
        db,
        "SELECT avg(r.pd_probability) FROM risk_assessments r JOIN loan_applications a"
        " USING (application_id) WHERE a.status = 'approved'",
    )
    assert rejected > approved


def test_loan_officers_were_employed_and_in_role(seeded):
    staff = {
        e: (role, hired, left)
        for e, role, hired, left in rows(
            seeded["employees_db"], "SELECT employee_id, role, hire_date, termination_date FROM employees"
        )
    }
    for officer, day in rows(seeded["loans_db"], "SELECT officer_id, application_date FROM loan_applications"):
        role, hired, left = staff[officer]
        assert role == "loan_officer" and hired <= day and (left is None or day <= left)


def test_no_payment_before_disbursement(seeded):
    assert_none(
        seeded["loans_db"],
        "SELECT s.schedule_id FROM repayment_schedule s JOIN loans l USING (loan_id)"
        " WHERE s.payment_date < l.disbursement_date OR s.due_date <= l.disbursement_date",
    )


def test_rejected_applications_and_defaulted_loans_are_riskier(seeded):
    """SPEC: probability of default higher for rejected applications and defaulted loans."""
    db = seeded["loans_db"]
    mean_pd = dict(
        rows(
            db,
            "SELECT coalesce(l.loan_status, a.status), avg(r.pd_probability) FROM risk_assessments r"
            " JOIN loan_applications a USING (application_id) LEFT JOIN loans l USING (application_id) GROUP BY 1",
        )
    )
    assert mean_pd["rejected"] > mean_pd["active"] and mean_pd["rejected"] > mean_pd["paid_off"], mean_pd
    assert mean_pd["defaulted"] > mean_pd["active"] and mean_pd["defaulted"] > mean_pd["paid_off"], mean_pd


def test_rate_and_term_by_type(seeded):
    """SPEC: rate and term by type; the ranges beyond the mortgage's are ours (distributions)."""
    ours = load("loans_db")["loans"]
    by_type = rows(
        seeded["loans_db"],
        "SELECT loan_type, min(interest_rate), max(interest_rate), min(term_months), max(term_months)"
        " FROM loans GROUP BY 1",
    )
    assert len(by_type) == len(SPEC["loans_db:loan_applications.loan_type"])
    for kind, low_rate, high_rate, short, long in by_type:
        rate, term = ours["rate_range"][kind], ours["term_months_range"][kind]
        assert rate.low <= low_rate <= high_rate <= rate.high, kind
        assert term.low <= short <= long <= term.high, kind
