"""Share checks: every share of SPEC.md, measured against its target in the distribution files.

A target is never restated here: each check names the entry of distributions/ that holds it.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, text

from datahub_seed import stop
from datahub_seed.checks.check import SPENDING, Check, distribution, each_database_at_once, spec_tolerance
from datahub_seed.checks.links import copy_reference
from datahub_seed.distributions import Weights
from datahub_seed.links import TARGETS

CUSTOMERS = "SELECT count(*) FROM customers"  # counted in accounts_db, where every customer lives


@dataclass(frozen=True)
class Categorical:
    """The shares of a column's values, against a set of weights (by default ``<table>.<column>``)."""

    database: str
    table: str
    column: str
    weights: str = ""  # the path in the database's distribution file when not "<table>.<column>"
    where: str = "TRUE"  # which rows count (":as_of" may be used)

    @property
    def path(self) -> str:
        return self.weights or f"{self.table}.{self.column}"

    @property
    def label(self) -> str:
        return f"{self.table}.{self.column}" if self.table.isidentifier() else self.path


@dataclass(frozen=True)
class Fraction:
    """One share: rows counted by ``part`` out of those counted by ``whole`` (run in ``database``,
    or in accounts_db when ``whole`` is CUSTOMERS), against the number at ``target``."""

    database: str
    name: str
    part: str
    whole: str
    target: str  # path in the database's distribution file
    needs: str = ""  # a table of another database that part or whole reads as ref_<needs> (links.REFERENCE_COPIES)


def linked_accounts(database: str, table: str, day: str) -> Fraction:
    """SPEC: a linked account for 70% of the rows whose customer had an account open on ``day``."""
    return Fraction(
        database,
        f"{table} with a linked account, of those whose customer had one open on {day}",
        f"SELECT count(linked_account_id) FROM {table}",
        f"SELECT count(*) FROM {table} t WHERE EXISTS (SELECT 1 FROM ref_accounts r WHERE r.customer_id = t.customer_id"
        f" AND r.opened <= t.{day} AND (r.closed IS NULL OR t.{day} <= r.closed))",
        f"{table}.linked_account_share",
        needs="accounts",
    )


def columns(database: str, table: str, *names: str) -> list[Categorical]:
    return [Categorical(database, table, name) for name in names]


CATEGORICAL = [
    *columns("employees_db", "employees", "role"),
    *columns("customer_db", "customer_profiles", "customer_segment", "customer_status"),
    *columns("customer_db", "interactions", "channel", "outcome"),
    *columns("customer_db", "complaints", "complaint_type", "status", "priority"),
    *columns("customer_db", "campaigns", "campaign_type"),
    *columns("accounts_db", "accounts", "account_type", "account_status"),
    *columns("loans_db", "loan_applications", "loan_type", "status"),
    *columns("loans_db", "loans", "loan_status"),
    Categorical(
        "loans_db", "repayment_schedule", "payment_status", "repayment_schedule.past_due_status", "due_date <= :as_of"
    ),
    *columns("loans_db", "loan_guarantors", "relationship"),
    *columns("loans_db", "risk_assessments", "credit_grade"),
    *columns("insurance_db", "policies", "policy_type", "premium_frequency", "policy_status"),
    *columns("insurance_db", "beneficiaries", "relationship"),
    *columns("insurance_db", "claims", "status"),
    *columns("insurance_db", "premium_payments", "payment_method", "payment_status"),
    *columns("insurance_db", "policy_events", "event_type"),
    *columns("compliance_db", "kyc_records", "kyc_status", "risk_rating", "document_type"),
    Categorical("compliance_db", "aml_checks", "check_type", where="check_reason <> 'transaction'"),
    *columns("compliance_db", "suspicious_activity_reports", "activity_type", "sar_status", "regulatory_tier"),
    *columns("compliance_db", "regulatory_reports", "status"),
    *columns("compliance_db", "audit_trails", "action"),
    *columns("compliance_db", "rule_violations", "entity_type", "severity", "status"),
    Categorical(
        "customer_db",
        "(SELECT count(i.interaction_id)::text AS n FROM customer_profiles p"
        " LEFT JOIN interactions i USING (customer_id) GROUP BY p.customer_id) AS interactions_per_customer",
        "n",
        "interactions.per_customer",
    ),
]


FRACTIONS = [
    Fraction(
        "employees_db",
        "customers with a relationship manager",
        "SELECT count(DISTINCT customer_id) FROM employee_assignments WHERE assignment_type = 'relationship_manager'",
        CUSTOMERS,
        "employee_assignments.relationship_manager_share",
    ),
    Fraction(
        "employees_db",
        "employees with a manager",
        "SELECT count(manager_id) FROM employees",
        "SELECT count(*) FROM employees",
        "employees.manager_share",
    ),
    Fraction(
        "employees_db",
        "employees terminated",
        "SELECT count(termination_date) FROM employees",
        "SELECT count(*) FROM employees",
        "employees.terminated_share",
    ),
    Fraction(
        "employees_db",
        "enrollments completed",
        "SELECT count(*) FROM employee_training WHERE status = 'completed'",
        "SELECT count(*) FROM employee_training",
        "employee_training.completed_share",
    ),
    Fraction(
        "customer_db",
        "profiles with an agent",
        "SELECT count(assigned_agent_id) FROM customer_profiles",
        "SELECT count(*) FROM customer_profiles",
        "customer_profiles.assigned_agent_share",
    ),
    Fraction(
        "customer_db",
        "interactions handled",
        "SELECT count(handled_by) FROM interactions",
        "SELECT count(*) FROM interactions",
        "interactions.handled_share",
    ),
    Fraction(
        "customer_db",
        "interactions surveyed",
        "SELECT count(*) FROM satisfaction_surveys",
        "SELECT count(*) FROM interactions",
        "satisfaction_surveys.survey_share",
    ),
    Fraction(
        "customer_db",
        "surveys with a comment",
        "SELECT count(comments) FROM satisfaction_surveys",
        "SELECT count(*) FROM satisfaction_surveys",
        "satisfaction_surveys.comment_share",
    ),
    Fraction(
        "customer_db",
        "customers who complained",
        "SELECT count(DISTINCT customer_id) FROM complaints",
        "SELECT count(*) FROM customer_profiles",
        "complaints.share_of_customers",
    ),
    Fraction(
        "customer_db",
        "complaints assigned",
        "SELECT count(assigned_to) FROM complaints",
        "SELECT count(*) FROM complaints",
        "complaints.assigned_share",
    ),
    Fraction(
        "customer_db",
        "customers who responded to campaigns",
        "SELECT count(DISTINCT customer_id) FROM campaign_responses",
        "SELECT count(*) FROM customer_profiles",
        "campaign_responses.share_of_customers",
    ),
    Fraction(
        "accounts_db",
        "customers with an account",
        "SELECT count(DISTINCT customer_id) FROM accounts",
        "SELECT count(*) FROM customers",
        "accounts.share_of_customers",
    ),
    Fraction(
        "accounts_db",
        "account holders with several",
        "SELECT count(*) FROM (SELECT customer_id FROM accounts GROUP BY 1 HAVING count(*) > 1) x",
        "SELECT count(DISTINCT customer_id) FROM accounts",
        "accounts.multiple_share",
    ),
    Fraction(
        "accounts_db",
        "accounts in USD",
        "SELECT count(*) FROM accounts WHERE currency = 'USD'",
        "SELECT count(*) FROM accounts",
        "accounts.usd_share",
    ),
    Fraction(
        "accounts_db",
        "manual transactions",
        "SELECT count(processed_by) FROM transactions",
        "SELECT count(*) FROM transactions",
        "transactions.manual_share",
    ),
    Fraction(
        "loans_db",
        "customers who applied for loans",
        "SELECT count(DISTINCT customer_id) FROM loan_applications",
        CUSTOMERS,
        "loan_applications.share_of_customers",
    ),
    Fraction(
        "loans_db",
        "active loans with periodic reviews",
        "SELECT count(DISTINCT loan_id) FROM risk_assessments WHERE assessment_type = 'periodic'",
        "SELECT count(*) FROM loans WHERE loan_status = 'active'",
        "risk_assessments.periodic_share",
    ),
    Fraction(
        "insurance_db",
        "customers with policies",
        "SELECT count(DISTINCT customer_id) FROM policies",
        CUSTOMERS,
        "policies.share_of_customers",
    ),
    Fraction(
        "insurance_db",
        "policies with claims",
        "SELECT count(DISTINCT policy_id) FROM claims",
        "SELECT count(*) FROM policies",
        "claims.share_of_policies",
    ),
    Fraction(
        "insurance_db",
        "policy events performed by staff",
        "SELECT count(performed_by) FROM policy_events",
        "SELECT count(*) FROM policy_events",
        "policy_events.performed_share",
    ),
    Fraction(
        "compliance_db",
        "customers with periodic AML checks",
        "SELECT count(DISTINCT customer_id) FROM aml_checks WHERE check_reason = 'periodic'",
        CUSTOMERS,
        "aml_checks.periodic_share",
    ),
    Fraction(
        "compliance_db",
        "AML checks flagged",
        "SELECT count(*) FROM aml_checks WHERE aml_flag",
        "SELECT count(*) FROM aml_checks",
        "aml_checks.flagged_share",
    ),
    Fraction(
        "compliance_db",
        "audit entries with values",
        "SELECT count(*) FROM audit_trails WHERE old_value IS NOT NULL OR new_value IS NOT NULL",
        "SELECT count(*) FROM audit_trails",
        "audit_trails.values_share",
    ),
    Fraction(
        "compliance_db",
        "compliance rules active",
        "SELECT count(*) FROM compliance_rules WHERE is_active",
        "SELECT count(*) FROM compliance_rules",
        "compliance_rules.active_share",
    ),
    Fraction(
        "employees_db",
        "training programs that certify",
        "SELECT count(*) FROM training_programs WHERE certification",
        "SELECT count(*) FROM training_programs",
        "training_programs.certification_share",
    ),
    Fraction(
        "accounts_db",
        "accounts with exactly one relationship",
        "SELECT count(*) FROM (SELECT primary_account_id FROM account_relationships GROUP BY 1 HAVING count(*) = 1) x",
        "SELECT count(*) FROM accounts",
        "account_relationships.per_account.1",
    ),
    Fraction(
        "accounts_db",
        "accounts with exactly two relationships",
        "SELECT count(*) FROM (SELECT primary_account_id FROM account_relationships GROUP BY 1 HAVING count(*) = 2) x",
        "SELECT count(*) FROM accounts",
        "account_relationships.per_account.2",
    ),
    *(
        Fraction(
            "loans_db",
            f"{kind} loans with collateral",
            "SELECT count(DISTINCT c.loan_id) FROM collateral c JOIN loans l USING (loan_id)"
            f" WHERE l.loan_type = '{kind}'",
            f"SELECT count(*) FROM loans WHERE loan_type = '{kind}'",
            f"collateral.loan_type_share.{kind}",
        )
        for kind in distribution("loans_db", "collateral.loan_type_share")
    ),
    Fraction(
        "loans_db",
        "personal and business loans with guarantors",
        "SELECT count(DISTINCT loan_id) FROM loan_guarantors",
        "SELECT count(*) FROM loans WHERE loan_type IN ('personal', 'business')",
        "loan_guarantors.share_of_loans",
    ),
    Fraction(
        "insurance_db",
        "policy holders with several policies",
        "SELECT count(*) FROM (SELECT customer_id FROM policies GROUP BY 1 HAVING count(*) > 1) x",
        "SELECT count(DISTINCT customer_id) FROM policies",
        "policies.multiple_share",
    ),
    Fraction(
        "insurance_db",
        "other than life policies with beneficiaries",
        "SELECT count(DISTINCT b.policy_id) FROM beneficiaries b JOIN policies p USING (policy_id)"
        " WHERE p.policy_type <> 'life'",
        "SELECT count(*) FROM policies WHERE policy_type <> 'life'",
        "beneficiaries.other_policy_share",
    ),
    Fraction(
        "accounts_db",
        "transactions spending",
        f"SELECT count(*) FROM transactions WHERE transaction_type IN ({SPENDING})",
        "SELECT count(*) FROM transactions",
        "transactions.spending_share",
    ),
    linked_accounts("loans_db", "loans", "disbursement_date"),
    linked_accounts("insurance_db", "policies", "start_date"),
]


def categorical_checks(
    connection: Connection, share: Categorical, as_of: dt.datetime, tolerance: float | None
) -> list[Check]:
    """One check per value of the weights: its share of the rows within tolerance of its weight."""
    stop.checkpoint()
    counts: dict[str, int] = dict(
        connection.execute(
            text(f"SELECT {share.column}::text, count(*) FROM {share.table} WHERE {share.where} GROUP BY 1"),
            {"as_of": as_of},
        ).all()
    )
    total = sum(counts.values())
    allowed = tolerance if tolerance is not None else spec_tolerance(total)
    weights: Weights = distribution(share.database, share.path)
    checks = []
    for value, target in zip(weights.values, weights.probabilities.tolist(), strict=True):
        measured = counts.get(value, 0) / total if total else 0.0
        failed = int(not total or abs(measured - target) > allowed)
        checks.append(
            Check("share", f"{share.database}.{share.label} = {value}", total, failed, "", target, measured, allowed)
        )
    return checks


def fraction_check(connections: dict[str, Connection], share: Fraction, tolerance: float | None) -> Check:
    if share.needs:
        copy_reference(connections[TARGETS[share.needs][0]], share.needs, connections[share.database])
    stop.checkpoint()
    part = connections[share.database].scalar(text(share.part))
    whole = connections["accounts_db" if share.whole == CUSTOMERS else share.database].scalar(text(share.whole))
    target = distribution(share.database, share.target)
    allowed = tolerance if tolerance is not None else spec_tolerance(whole)
    measured = part / whole if whole else 0.0
    failed = int(not whole or abs(measured - target) > allowed)
    return Check("share", f"{share.database}: {share.name}", whole, failed, "", target, measured, allowed)


def share_checks(connections: dict[str, Connection], as_of: dt.datetime, tolerance: float | None) -> list[Check]:
    """Every share of SPEC.md; ``tolerance`` replaces SPEC's when given."""
    checks = each_database_at_once(
        [share for share in CATEGORICAL if share.database in connections],
        lambda share: share.database,
        lambda share: categorical_checks(connections[share.database], share, as_of, tolerance),
    )
    fractions = [share for share in FRACTIONS if readable(share, connections)]
    return checks + [fraction_check(connections, share, tolerance) for share in fractions]


def readable(share: Fraction, connections: dict[str, Connection]) -> bool:
    """Whether every database the share reads is among ``connections``."""
    others = {TARGETS[share.needs][0]} if share.needs else set()
    if share.whole == CUSTOMERS:
        others.add("accounts_db")
    return {share.database, *others} <= connections.keys()
