"""SPEC.md "compliance_db" at scale 1.0."""

import datetime as dt
import math

from spec import assert_none, assert_share, assert_shares, assert_spec_shares, rows, scalar
from spec_targets import SPEC

TODAY = "DATE '2026-06-30'"
AS_OF = "TIMESTAMP '2026-06-30 00:00:00'"


def days_between(years: tuple[int, int]) -> str:
    """A SPEC range in years as SQL bounds in days, "low AND high", leap days allowed for."""
    low, high = years
    return f"{math.floor(low * 365.25)} AND {math.ceil(high * 365.25)}"


def test_kyc_matches_the_profile(seeded):
    db = seeded["compliance_db"]
    kyc = {c: (s, r) for c, s, r in rows(db, "SELECT customer_id, kyc_status, risk_rating FROM kyc_records")}
    profiles = {
        c: (s, r)
        for c, s, r in rows(seeded["customer_db"], "SELECT customer_id, kyc_status, risk_rating FROM customer_profiles")
    }
    assert kyc == profiles
    assert_spec_shares(db, "compliance_db:kyc_records", "kyc_status", "risk_rating", "document_type")
    assert scalar(db, "SELECT count(*) - count(DISTINCT document_number) FROM kyc_records") == 0


def test_kyc_dates(seeded):
    db = seeded["compliance_db"]
    expiry = days_between(SPEC["compliance_db:kyc_records.expiry_years_range"])
    review = days_between(SPEC["compliance_db:kyc_records.review_years_range"])
    assert_none(
        db,
        f"SELECT kyc_id FROM kyc_records WHERE expiry_date - verification_date NOT BETWEEN {expiry}"
        f" OR next_review_date - verification_date NOT BETWEEN {review}",
    )
    assert_none(db, f"SELECT kyc_id FROM kyc_records WHERE verification_date > {TODAY} OR submitted_date > {TODAY}")
    assert_none(
        db,
        f"SELECT kyc_id FROM kyc_records WHERE (kyc_status = 'expired') <> (next_review_date <= {TODAY})"
        " AND kyc_status <> 'pending'",
    )
    staff = dict(rows(seeded["employees_db"], "SELECT employee_id, role FROM employees"))
    assert {staff[e] for (e,) in rows(db, "SELECT verified_by FROM kyc_records WHERE verified_by IS NOT NULL")} == {
        "compliance_officer"
    }


def test_aml_checks(seeded):
    db = seeded["compliance_db"]
    customers = scalar(seeded["accounts_db"], "SELECT count(*) FROM customers")
    assert scalar(db, "SELECT count(DISTINCT customer_id) FROM aml_checks WHERE check_reason = 'initial'") == customers
    assert scalar(db, "SELECT count(*) FROM aml_checks WHERE check_reason = 'initial'") == customers
    periodic = scalar(db, "SELECT count(DISTINCT customer_id) FROM aml_checks WHERE check_reason = 'periodic'")
    assert abs(periodic / customers - SPEC["compliance_db:aml_checks.periodic_share"]) <= 0.03
    threshold = SPEC["compliance_db:aml_checks.monitoring_threshold"]
    large = {
        t
        for (t,) in rows(
            seeded["accounts_db"], f"SELECT transaction_id FROM transactions WHERE transaction_amount > {threshold}"
        )
    }
    monitored = {t for (t,) in rows(db, "SELECT transaction_id FROM aml_checks WHERE check_reason = 'transaction'")}
    assert large == monitored and large
    assert_shares(
        db,
        "aml_checks",
        "check_type",
        SPEC["compliance_db:aml_checks.check_type"],
        where="check_reason <> 'transaction'",
    )
    assert_share(
        db,
        "SELECT count(*) FROM aml_checks WHERE aml_flag",
        "SELECT count(*) FROM aml_checks",
        SPEC["compliance_db:aml_checks.flagged_share"],
    )
    assert_none(
        db,
        "SELECT check_id FROM aml_checks WHERE aml_flag <> (risk_level IS NOT NULL)"
        " OR aml_flag <> (reviewed_by IS NOT NULL)",
    )
    assert_none(db, f"SELECT check_id FROM aml_checks WHERE check_date > {AS_OF}")


def test_checks_follow_their_cause(seeded):
    created = dict(rows(seeded["accounts_db"], "SELECT customer_id, created_at FROM customers"))
    for customer, when in rows(seeded["compliance_db"], "SELECT customer_id, check_date FROM aml_checks"):
        assert created[customer] <= when
    threshold = SPEC["compliance_db:aml_checks.monitoring_threshold"]
    happened = dict(
        rows(
            seeded["accounts_db"],
            f"SELECT transaction_id, transaction_date FROM transactions WHERE transaction_amount > {threshold}",
        )
    )
    for transaction, when in rows(
        seeded["compliance_db"], "SELECT transaction_id, check_date FROM aml_checks WHERE transaction_id IS NOT NULL"
    ):
        assert happened[transaction] <= when


def test_suspicious_activity_reports(seeded):
    db = seeded["compliance_db"]
    assert scalar(db, "SELECT count(*) FROM suspicious_activity_reports") > 0
    assert_none(
        db,
        "SELECT s.sar_id FROM suspicious_activity_reports s JOIN aml_checks c ON c.check_id = s.aml_check_id"
        " WHERE NOT c.aml_flag OR c.customer_id <> s.customer_id",
    )
    owner = dict(rows(seeded["accounts_db"], "SELECT account_id, customer_id FROM accounts"))
    for customer, account in rows(db, "SELECT customer_id, account_id FROM suspicious_activity_reports"):
        assert owner[account] == customer
    assert_spec_shares(db, "compliance_db:suspicious_activity_reports", "activity_type")
    assert_shares(
        db, "suspicious_activity_reports", "sar_status", SPEC["compliance_db:suspicious_activity_reports.sar_status"]
    )
    assert_spec_shares(db, "compliance_db:suspicious_activity_reports", "regulatory_tier")
    low, high = SPEC["compliance_db:suspicious_activity_reports.amount_range"]
    assert_none(
        db, f"SELECT sar_id FROM suspicious_activity_reports WHERE amount_involved NOT BETWEEN {low} AND {high}"
    )


def test_regulatory_reports(seeded):
    db = seeded["compliance_db"]
    report_types = SPEC["compliance_db:regulatory_reports.report_types"]
    reports = SPEC["compliance_db:regulatory_reports.quarters"] * len(report_types)
    assert scalar(db, "SELECT count(*) FROM regulatory_reports") == reports
    quarters = [q for (q,) in rows(db, "SELECT DISTINCT reporting_period FROM regulatory_reports ORDER BY 1")]
    assert quarters == ["2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    kinds = {k for (k,) in rows(db, "SELECT DISTINCT report_type FROM regulatory_reports")}
    assert kinds == set(report_types)
    assert_spec_shares(db, "compliance_db:regulatory_reports", "status")
    assert_none(
        db,
        f"SELECT report_id FROM regulatory_reports WHERE submission_date > {TODAY}"
        " OR submission_date < reporting_period_end",
    )


def test_each_regulatory_report_is_prepared_by_someone_employed_when_its_period_ended(seeded):
    """SPEC "Integrity": every employee reference on a dated record names someone employed on that
    date; a report is prepared for its period, so its preparer was employed on the period's last day."""
    staff = {
        e: (hired, left)
        for e, hired, left in rows(
            seeded["employees_db"], "SELECT employee_id, hire_date, termination_date FROM employees"
        )
    }
    reports = rows(
        seeded["compliance_db"], "SELECT report_id, prepared_by, reporting_period_end FROM regulatory_reports"
    )
    assert len(reports) == SPEC["compliance_db:regulatory_reports.quarters"] * len(
        SPEC["compliance_db:regulatory_reports.report_types"]
    )
    absent = [
        (report, preparer, end)
        for report, preparer, end in reports
        if preparer not in staff
        or not (staff[preparer][0] <= end and (staff[preparer][1] is None or end <= staff[preparer][1]))
    ]
    assert absent == [], absent[:5]


def test_audit_trails(seeded):
    db = seeded["compliance_db"]
    customers = scalar(seeded["accounts_db"], "SELECT count(*) FROM customers")
    per_customer = SPEC["compliance_db:audit_trails.per_customer"]
    assert scalar(db, "SELECT count(*) FROM audit_trails") == per_customer * customers
    assert_spec_shares(db, "compliance_db:audit_trails", "action")
    assert_share(
        db,
        "SELECT count(*) FROM audit_trails WHERE old_value IS NOT NULL OR new_value IS NOT NULL",
        "SELECT count(*) FROM audit_trails",
        SPEC["compliance_db:audit_trails.values_share"],
    )
    assert scalar(db, "SELECT count(*) FROM audit_trails WHERE ip_address IS NULL") == 0
    homes = {
        "accounts": (seeded["accounts_db"], "SELECT account_id, customer_id, opened_date FROM accounts"),
        "customers": (seeded["accounts_db"], "SELECT customer_id, customer_id, created_at FROM customers"),
        "transactions": (
            seeded["accounts_db"],
            "SELECT t.transaction_id, a.customer_id, t.transaction_date"
            " FROM transactions t JOIN accounts a USING (account_id)",
        ),
        "loans": (seeded["loans_db"], "SELECT loan_id, customer_id, disbursement_date FROM loans"),
        "policies": (seeded["insurance_db"], "SELECT policy_id, customer_id, start_date FROM policies"),
    }
    entities = {kind: {i: (c, t) for i, c, t in rows(engine, sql)} for kind, (engine, sql) in homes.items()}
    staff = {
        e: (h, t)
        for e, h, t in rows(seeded["employees_db"], "SELECT employee_id, hire_date, termination_date FROM employees")
    }
    for kind, entity, customer, actor, when in rows(
        db, "SELECT entity_type, entity_id, customer_id, performed_by, performed_at FROM audit_trails"
    ):
        owner, born = entities[kind][entity]
        assert owner == customer, (kind, entity)
        if not isinstance(born, dt.datetime):
            born = dt.datetime.combine(born, dt.time())
        assert born <= when, (kind, entity, born, when)
        hired, left = staff[actor]
        assert hired <= when.date() and (left is None or when.date() <= left), (actor, when)


def test_rules_and_violations(seeded):
    db = seeded["compliance_db"]
    count = scalar(db, "SELECT count(*) FROM compliance_rules")
    low, high = SPEC["compliance_db:compliance_rules.count_range"]
    assert low <= count <= high
    kinds = {k for (k,) in rows(db, "SELECT DISTINCT rule_type FROM compliance_rules")}
    assert kinds == SPEC["compliance_db:compliance_rules.rule_type"]
    currency_report_threshold, _ = SPEC["compliance_db:compliance_rules.amount_threshold_range.transaction_limit"]
    assert scalar(db, f"SELECT count(*) FROM compliance_rules WHERE threshold_value = {currency_report_threshold}") >= 1
    active = scalar(db, "SELECT avg(is_active::int)::float FROM compliance_rules")
    assert abs(active - SPEC["compliance_db:compliance_rules.active_share"]) <= 0.05
    customers = scalar(seeded["accounts_db"], "SELECT count(*) FROM customers")
    violations = scalar(db, "SELECT count(*) FROM rule_violations")
    assert abs(violations / customers - SPEC["compliance_db:rule_violations.per_customer"]) <= 0.01
    assert_spec_shares(db, "compliance_db:rule_violations", "entity_type", "severity", "status")
    assert_none(
        db,
        "SELECT violation_id FROM rule_violations WHERE (status = 'resolved')"
        " <> (resolved_by IS NOT NULL AND resolved_date IS NOT NULL)",
    )
    for kind, sql in (
        ("transaction", "SELECT transaction_id FROM transactions"),
        ("account", "SELECT account_id FROM accounts"),
        ("customer", "SELECT customer_id FROM customers"),
    ):
        existing = {i for (i,) in rows(seeded["accounts_db"], sql)}
        named = {i for (i,) in rows(db, f"SELECT entity_id FROM rule_violations WHERE entity_type = '{kind}'")}
        assert named <= existing


def test_flagged_checks_are_reviewed_by_compliance_officers(seeded):
    role = dict(rows(seeded["employees_db"], "SELECT employee_id, role FROM employees"))
    flagged = rows(seeded["compliance_db"], "SELECT reviewed_by FROM aml_checks WHERE aml_flag")
    assert flagged
    assert {role.get(reviewer) for (reviewer,) in flagged} == set(SPEC["employees_db:references.reviewed_by"])
