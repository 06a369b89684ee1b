"""SPEC.md's numbers, written down once from SPEC.md itself and never read from distributions/.

The rule tests measure the data against this table, and test_distributions checks that every
distribution file carries the same numbers, so a number changed in a TOML alone fails a test.

``SPEC`` maps "database:section.key[.subkey]" to what SPEC says of that entry of the file:
- a dict of numbers: percent weights as SPEC writes them ("a|b" is one SPEC share split over
  several values);
- ``Values``: the values SPEC names where it leaves their weights to us;
- ``Between``: a SPEC range the file may pick a number, or a narrower range, inside;
- anything else: equal.
``MEASURED`` holds SPEC's numbers that only the data can show.
"""

from typing import Any, NamedTuple


class Between(NamedTuple):
    low: float
    high: float


class Values(frozenset):
    """The values SPEC names for a set of weights whose numbers are our choice."""


SPEC: dict[str, Any] = {
    # employees_db
    "employees_db:base_counts.employees": 150,
    "employees_db:base_counts.departments": 12,
    "employees_db:base_counts.training_programs_range": (16, 20),
    "employees_db:base_counts.branch_codes_range": (15, 20),
    "employees_db:employees.history_years": 10,
    "employees_db:employees.manager_share": 0.70,
    "employees_db:employees.terminated_share": 0.05,
    "employees_db:employees.role": {
        "customer_service": 40,
        "loan_officer": 20,
        "insurance_agent": 15,
        "compliance_officer": 10,
        "teller|analyst|branch_manager": 15,
    },
    "employees_db:training_programs.duration_hours_range": (2, 40),
    "employees_db:training_programs.certification_share": 0.30,
    "employees_db:training_programs.category": Values(
        {"compliance", "product", "customer_service", "technical", "leadership"}
    ),
    "employees_db:employee_training.programs_range": (2, 4),
    "employees_db:employee_training.completed_share": 0.80,
    "employees_db:performance_reviews.reviews_range": (1, 3),
    "employees_db:performance_reviews.rating": Values({"1", "2", "3", "4", "5"}),
    "employees_db:employee_assignments.relationship_manager_share": 0.60,
    "employees_db:employee_assignments.assignment_type": Values({"relationship_manager", "branch", "project"}),
    "employees_db:references.officer_id": ["loan_officer"],
    "employees_db:references.agent_id": ["insurance_agent"],
    "employees_db:references.verified_by": ["compliance_officer"],
    "employees_db:references.reviewed_by": ["compliance_officer"],
    # customer_db
    "customer_db:customer_profiles.assigned_agent_share": 0.80,
    "customer_db:customer_profiles.customer_segment": {
        "retail": 60,
        "premium": 25,
        "corporate": 10,
        "private_banking": 5,
    },
    "customer_db:customer_profiles.customer_status": {"active": 90, "dormant": 7, "closed": 3},
    "customer_db:interactions.handled_share": 0.80,
    "customer_db:interactions.per_customer": {"0": 20, "1": 25, "2": 20, "3": 15, "4": 12, "5": 8},
    "customer_db:interactions.channel": {"phone": 30, "email": 25, "web": 20, "mobile_app": 15, "branch": 10},
    "customer_db:interactions.outcome": {"resolved": 70, "escalated": 20, "follow_up": 10},
    "customer_db:satisfaction_surveys.survey_share": 0.30,
    "customer_db:satisfaction_surveys.delay_days_range": (1, 3),
    "customer_db:satisfaction_surveys.comment_share": 0.50,
    "customer_db:satisfaction_surveys.nps": Values({str(score) for score in range(11)}),
    "customer_db:complaints.share_of_customers": 0.08,
    "customer_db:complaints.assigned_share": 0.70,
    "customer_db:complaints.complaint_type": {"service": 35, "fee": 25, "product": 20, "fraud": 10, "other": 10},
    "customer_db:complaints.status": {"resolved": 60, "investigating": 20, "closed": 15, "open": 5},
    "customer_db:complaints.priority": {"critical": 10, "high": 20, "medium": 50, "low": 20},
    "customer_db:campaigns.count_range": (10, 15),
    "customer_db:campaigns.campaign_type": {"email": 40, "digital": 30, "cross_sell": 20, "direct_mail": 10},
    "customer_db:campaign_responses.share_of_customers": 0.05,
    "customer_db:campaign_responses.campaigns_range": (1, 2),
    "customer_db:campaign_responses.other_converted_share": Between(0, 0.10),
    "customer_db:campaign_responses.response_type": Values(
        {"opened", "clicked", "replied", "purchased", "unsubscribed"}
    ),
    # accounts_db
    "accounts_db:base_counts.customers": 1200,
    "accounts_db:customers.created_years": 7,
    "accounts_db:customers.age_range": (18, 85),
    "accounts_db:customers.age_mean": Between(35, 50),
    "accounts_db:accounts.share_of_customers": 0.75,
    "accounts_db:accounts.multiple_share": 0.25,
    "accounts_db:accounts.multiple_range": (2, 3),
    "accounts_db:accounts.usd_share": 0.95,
    "accounts_db:accounts.account_type": {
        "checking": 50,
        "savings": 30,
        "money_market": 15,
        "certificate_of_deposit": 5,
    },
    "accounts_db:accounts.account_status": {"active": 92, "frozen": 5, "closed": 3},
    "accounts_db:account_relationships.per_account": {"0": 75, "1": 20, "2": 5},
    "accounts_db:account_relationships.relationship_type": Values(
        {"joint_owner", "beneficiary", "authorized_user", "linked_savings"}
    ),
    "accounts_db:transactions.per_account_range": (10, 20),
    "accounts_db:transactions.spending_share": 0.70,
    "accounts_db:transactions.spend_fraction_range": Between(0, 0.30),
    "accounts_db:transactions.salary_range": (1000, 8000),
    "accounts_db:transactions.manual_share": 0.30,
    "accounts_db:transactions.fee_range": {
        fee: Between(1, 50)
        for fee in ("ATM FEE", "MONTHLY SERVICE FEE", "OVERDRAFT PROTECTION FEE", "WIRE TRANSFER FEE")
    },
    "accounts_db:transactions.spending_type": Values({"withdrawal", "payment", "fee"}),
    "accounts_db:transactions.income_type": Values({"deposit", "salary", "interest"}),
    # loans_db
    "loans_db:loan_applications.share_of_customers": 0.35,
    "loans_db:loan_applications.per_customer_range": (1, 2),
    "loans_db:loan_applications.approved_fraction_range": (0.80, 1.00),
    "loans_db:loan_applications.loan_type": {
        "mortgage": 30,
        "personal": 25,
        "auto": 20,
        "business": 15,
        "education": 10,
    },
    "loans_db:loan_applications.status": {"approved": 65, "rejected": 25, "pending": 7, "withdrawn": 3},
    "loans_db:loan_applications.requested_amount_range": {
        "mortgage": (100_000, 800_000),
        "personal": (5_000, 50_000),
        "auto": (10_000, 80_000),
        "business": (20_000, 500_000),
        "education": (5_000, 100_000),
    },
    "loans_db:loans.disbursement_days_range": (5, 30),
    "loans_db:loans.linked_account_share": 0.70,
    "loans_db:loans.loan_status": {"active": 85, "paid_off": 10, "defaulted": 5},
    "loans_db:loans.rate_range.mortgage": (3.5, 7.5),
    "loans_db:loans.term_months_range.mortgage": (180, 360),
    "loans_db:collateral.appraised_ratio_range": (1.10, 1.50),
    "loans_db:collateral.loan_type_share": {"mortgage": 0.60, "auto": 0.80, "business": 0.40},
    "loans_db:collateral.collateral_type.mortgage": "property",
    "loans_db:collateral.collateral_type.auto": "vehicle",
    "loans_db:repayment_schedule.past_due_status": {"paid": 90, "late": 5, "pending": 3, "missed": 2},
    "loans_db:loan_guarantors.share_of_loans": Between(0.25, 0.30),
    "loans_db:loan_guarantors.loan_types": ["personal", "business"],
    "loans_db:loan_guarantors.per_loan_range": (1, 2),
    "loans_db:loan_guarantors.guarantee_fraction_range": (0.50, 1.00),
    "loans_db:loan_guarantors.relationship": {"family": 60, "business_partner": 30, "friend": 10},
    "loans_db:risk_assessments.periodic_share": 0.30,
    "loans_db:risk_assessments.score_range": (300, 850),
    "loans_db:risk_assessments.default_probability_range": (0.01, 0.25),
    "loans_db:risk_assessments.credit_grade": {"AAA": 5, "AA": 10, "A": 25, "BBB": 30, "BB": 20, "B": 8, "CCC": 2},
    # insurance_db
    "insurance_db:policies.share_of_customers": Between(0.25, 0.30),
    "insurance_db:policies.multiple_share": 0.15,
    "insurance_db:policies.start_years": 5,
    "insurance_db:policies.premium_rate_range": (0.005, 0.03),
    "insurance_db:policies.linked_account_share": 0.70,
    "insurance_db:policies.policy_type": {"life": 35, "property": 25, "vehicle": 20, "health": 15, "travel": 5},
    "insurance_db:policies.premium_frequency": {"annual": 50, "quarterly": 30, "monthly": 20},
    "insurance_db:policies.policy_status": {"active": 88, "lapsed": 7, "cancelled": 5},
    "insurance_db:beneficiaries.per_life_policy_range": (1, 3),
    "insurance_db:beneficiaries.other_policy_share": 0.20,
    "insurance_db:beneficiaries.relationship": {"spouse": 50, "child": 30, "parent": 10, "other": 10},
    "insurance_db:claims.share_of_policies": Between(0.40, 0.50),
    "insurance_db:claims.claim_fraction_range": (0.10, 1.00),
    "insurance_db:claims.status": {"paid": 50, "approved": 25, "under_review": 15, "rejected": 10},
    "insurance_db:premium_payments.payment_method": {"auto_debit": 60, "online": 20, "check": 15, "wire": 5},
    "insurance_db:premium_payments.payment_status": {"completed": 95, "pending": 3, "failed": 2},
    "insurance_db:premium_payments.periods_per_year": {"annual": 1, "quarterly": 4, "monthly": 12},
    "insurance_db:policy_events.performed_share": 0.50,
    "insurance_db:policy_events.event_type": {
        "renewal": 40,
        "modification": 30,
        "cancellation": 20,
        "reinstatement": 10,
    },
    # compliance_db
    "compliance_db:kyc_records.expiry_years_range": (1, 10),
    "compliance_db:kyc_records.review_years_range": (1, 3),
    "compliance_db:kyc_records.kyc_status": {"verified": 85, "pending": 10, "expired": 5},
    "compliance_db:kyc_records.risk_rating": {"low": 70, "medium": 25, "high": 5},
    "compliance_db:kyc_records.document_type": {"passport": 50, "drivers_license": 35, "national_id": 15},
    "compliance_db:aml_checks.periodic_share": 0.50,
    "compliance_db:aml_checks.monitoring_threshold": 10_000,
    "compliance_db:aml_checks.flagged_share": 0.05,
    "compliance_db:aml_checks.check_type": {
        "watchlist": 40,
        "sanctions": 30,
        "pep_screening": 20,
        "transaction_monitoring": 10,
    },
    "compliance_db:suspicious_activity_reports.amount_range": (5_000, 500_000),
    "compliance_db:suspicious_activity_reports.activity_type": {
        "structuring": 40,
        "unusual_pattern": 35,
        "high_risk_country": 25,
    },
    "compliance_db:suspicious_activity_reports.sar_status": {
        "filed": 40,
        "under_review": 30,
        "closed": 20,
        "draft": 10,
    },
    "compliance_db:suspicious_activity_reports.regulatory_tier": {"tier1": 60, "tier2": 30, "tier3": 10},
    "compliance_db:regulatory_reports.quarters": 8,
    "compliance_db:regulatory_reports.report_types": [
        "capital_adequacy",
        "liquidity",
        "stress_test",
        "quarterly_filing",
    ],
    "compliance_db:regulatory_reports.status": {"submitted": 80, "accepted": 15, "pending": 5},
    "compliance_db:audit_trails.per_customer": 5,
    "compliance_db:audit_trails.values_share": 0.30,
    "compliance_db:audit_trails.action": {"update": 50, "create": 30, "view": 15, "delete": 5},
    "compliance_db:audit_trails.entity_type": Values({"accounts", "customers", "loans", "transactions", "policies"}),
    "compliance_db:compliance_rules.count_range": (15, 20),
    "compliance_db:compliance_rules.active_share": 0.90,
    "compliance_db:compliance_rules.rule_type": Values(
        {"transaction_limit", "velocity_check", "geographic_restriction", "amount_threshold"}
    ),
    "compliance_db:compliance_rules.amount_threshold_range.transaction_limit": (10_000, 10_000),
    "compliance_db:rule_violations.per_customer": 0.20,
    "compliance_db:rule_violations.entity_type": {"transaction": 60, "account": 25, "customer": 15},
    "compliance_db:rule_violations.severity": {"critical": 10, "high": 25, "medium": 45, "low": 20},
    "compliance_db:rule_violations.status": {"resolved": 60, "investigating": 20, "false_positive": 15, "open": 5},
}

MEASURED: dict[str, Any] = {
    "scale 0.05 employees": 7,
    "scale 0.05 customers": 60,
    "rows at scale 1": Between(75_000, 95_000),  # SPEC "Scale": "roughly 85,000 rows"
    "nps mean": Between(7, 8.5),
    "satisfaction-nps pearson r at least": 0.6,
    "audit value shared by at most": 0.05,
    "history reaches back at most years": 10,  # SPEC "Time"
}
