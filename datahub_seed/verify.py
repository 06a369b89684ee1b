"""`dhub seed verify`: prove, on whatever the six databases hold now, that SPEC.md holds.

Three kinds of check, all computed by PostgreSQL:
- link: every reference across databases resolves (with its role and owner), with orphans counted;
- share: every categorical share of SPEC.md, measured against its target and tolerance;
- rule: every "always" rule SQL can state, with violating rows counted.
Cross-database links are checked by streaming the target ids with COPY into temporary tables in
the referring database (through a spooled file, so memory stays flat), then anti-joining there.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from sqlalchemy import Connection, Date, DateTime, text
from sqlalchemy.engine import URL

from datahub_seed import stop
from datahub_seed.config import DATABASES
from datahub_seed.db import stream
from datahub_seed.distributions import load
from datahub_seed.links import CONTACTS, LINKS, TARGETS, Link
from datahub_seed.models import SEED_RUNS, public_tables
from datahub_seed.seed import open_databases

# Dates that name a plan rather than an event may lie after as-of (README: "Dates").
PLANNED_DATES = {"due_date", "maturity_date", "end_date", "expiry_date", "next_review_date"}
EXAMPLES = 5


@dataclass
class Check:
    kind: str  # link, share or rule
    name: str
    checked: int
    failures: int
    target: float | None = None
    measured: float | None = None
    tolerance: float | None = None
    examples: list = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.failures == 0

    def as_dict(self) -> dict:
        return {**asdict(self), "passed": self.passed}


# Target tables copied into each referring database: (columns, SELECT in the home database).
REFERENCE_COPIES = {
    "customers": ("id bigint PRIMARY KEY", "SELECT customer_id FROM customers"),
    "employees": (
        "id bigint PRIMARY KEY, role text, hired date, left_on date",
        "SELECT employee_id, role, hire_date, termination_date FROM employees",
    ),
    "accounts": (
        "id bigint PRIMARY KEY, customer_id bigint, opened date, closed date",
        "SELECT account_id, customer_id, opened_date, closed_date FROM accounts",
    ),
    "transactions": ("id bigint PRIMARY KEY", "SELECT transaction_id FROM transactions"),
    "contacts": CONTACTS,
}


def copy_reference(source: Connection, target: str, destination: Connection) -> None:
    """Stream one home table's ids into ``ref_<target>`` of another database."""
    stop.checkpoint()
    stream(source, *REFERENCE_COPIES[target], destination, f"ref_{target}")


# What holding on a day means for each kind of dated reference (SPEC "Integrity").
HELD_ON = {
    "employees": ("employed on", "r.hired <= {day} AND (r.left_on IS NULL OR {day} <= r.left_on)"),
    "accounts": ("open on", "r.opened <= {day} AND (r.closed IS NULL OR {day} <= r.closed)"),
}


def dated_check(connection: Connection, link: Link, as_of: dt.datetime) -> Check:
    """The references of ``link`` whose employee was not employed, or account not open, on the
    referring record's day."""
    column, day = f't."{link.column}"', f"CAST({link.on} AS DATE)"
    what, holds = HELD_ON[link.target]
    count, examples = connection.execute(
        text(
            f'SELECT count(*), (array_agg(DISTINCT {column}))[1:{EXAMPLES}] FROM "{link.table}" t'
            f" JOIN ref_{link.target} r ON r.id = {column} WHERE NOT ({holds.format(day=day)})"
        ),
        {"as_of": as_of},
    ).one()
    checked = connection.scalar(text(f'SELECT count({column}) FROM "{link.table}" t'))
    return Check("link", f"{link.name}: {what} {link.day_name}", checked, count, examples=examples or [])


def link_checks(connections: dict[str, Connection], as_of: dt.datetime) -> list[Check]:
    checks = []
    for database in sorted({link.database for link in LINKS}, key=DATABASES.index):  # a fixed report order
        destination = connections[database]
        for target in sorted({link.target for link in LINKS if link.database == database}):
            copy_reference(connections[TARGETS[target][0]], target, destination)
        for link in (link for link in LINKS if link.database == database):
            column, table = f't."{link.column}"', f'"{link.table}" t'
            checked = destination.scalar(text(f"SELECT count({column}) FROM {table}"))
            problems = [f"NOT EXISTS (SELECT 1 FROM ref_{link.target} r WHERE r.id = {column})"]
            if link.roles:
                roles = ", ".join(f"'{role}'" for role in link.roles)
                problems.append(
                    f"EXISTS (SELECT 1 FROM ref_employees r WHERE r.id = {column} AND r.role NOT IN ({roles}))"
                )
            if link.owner:
                owner = link.owner.replace(f"{link.table}.", "t.") if "SELECT" in link.owner else f"t.{link.owner}"
                problems.append(
                    f"EXISTS (SELECT 1 FROM ref_accounts r WHERE r.id = {column} AND r.customer_id <> {owner})"
                )
            where = f"{column} IS NOT NULL AND ({' OR '.join(problems)})"
            count, examples = destination.execute(
                text(f"SELECT count(*), (array_agg(DISTINCT {column}))[1:{EXAMPLES}] FROM {table} WHERE {where}")
            ).one()
            checks.append(Check("link", link.name, checked, count, examples=examples or []))
            if link.on:
                checks.append(dated_check(destination, link, as_of))
    profiles = connections["customer_db"]
    copy_reference(connections["accounts_db"], "customers", profiles)
    missing, examples = profiles.execute(
        text(
            "SELECT count(*), (array_agg(r.id))[1:5] FROM ref_customers r"
            " WHERE NOT EXISTS (SELECT 1 FROM customer_profiles p WHERE p.customer_id = r.id)"
        )
    ).one()
    total = profiles.scalar(text("SELECT count(*) FROM ref_customers"))
    checks.append(
        Check("link", "every accounts_db customer has a customer_db profile", total, missing, examples=examples or [])
    )
    copy_reference(connections["accounts_db"], "contacts", profiles)
    differing, examples = profiles.execute(
        text(
            "SELECT count(*), (array_agg(p.customer_id))[1:5] FROM customer_profiles p JOIN ref_contacts r"
            " ON r.id = p.customer_id WHERE (p.full_name, p.email, p.phone) IS DISTINCT FROM"
            " (r.full_name, r.email, r.phone)"
        )
    ).one()
    checks.append(
        Check(
            "link",
            "the CRM's name, email and phone equal accounts_db.customers",
            total,
            differing,
            examples=examples or [],
        )
    )
    return checks


def column_share(database: str, table: str, column: str, key: str | None = None, where: str = "TRUE") -> tuple:
    """A categorical share: (database, label, FROM clause, column, distributions path, filter)."""
    return database, f"{table}.{column}", table, column, (database, table, key or column), where


# Categorical shares of SPEC.md, measured against the weights in distributions/.
CATEGORICAL = [
    column_share("employees_db", "employees", "role"),
    *(column_share("customer_db", "customer_profiles", c) for c in ("customer_segment", "customer_status")),
    *(column_share("customer_db", "interactions", c) for c in ("channel", "outcome")),
    *(column_share("customer_db", "complaints", c) for c in ("complaint_type", "status", "priority")),
    column_share("customer_db", "campaigns", "campaign_type"),
    *(column_share("accounts_db", "accounts", c) for c in ("account_type", "account_status")),
    *(column_share("loans_db", "loan_applications", c) for c in ("loan_type", "status")),
    column_share("loans_db", "loans", "loan_status"),
    column_share("loans_db", "repayment_schedule", "payment_status", "past_due_status", "due_date <= :as_of"),
    column_share("loans_db", "loan_guarantors", "relationship"),
    column_share("loans_db", "risk_assessments", "credit_grade"),
    *(column_share("insurance_db", "policies", c) for c in ("policy_type", "premium_frequency", "policy_status")),
    column_share("insurance_db", "beneficiaries", "relationship"),
    column_share("insurance_db", "claims", "status"),
    *(column_share("insurance_db", "premium_payments", c) for c in ("payment_method", "payment_status")),
    column_share("insurance_db", "policy_events", "event_type"),
    *(column_share("compliance_db", "kyc_records", c) for c in ("kyc_status", "risk_rating", "document_type")),
    column_share("compliance_db", "aml_checks", "check_type", where="check_reason <> 'transaction'"),
    *(
        column_share("compliance_db", "suspicious_activity_reports", c)
        for c in ("activity_type", "sar_status", "regulatory_tier")
    ),
    column_share("compliance_db", "regulatory_reports", "status"),
    column_share("compliance_db", "audit_trails", "action"),
    *(column_share("compliance_db", "rule_violations", c) for c in ("entity_type", "severity", "status")),
    (
        "customer_db",
        "interactions per customer",
        "(SELECT count(i.interaction_id)::text AS n FROM customer_profiles p"
        " LEFT JOIN interactions i USING (customer_id) GROUP BY p.customer_id) per_customer",
        "n",
        ("customer_db", "interactions", "per_customer"),
        "TRUE",
    ),
    (
        "accounts_db",
        "transactions spending or income",
        "(SELECT CASE WHEN transaction_type IN ('withdrawal', 'payment', 'fee') THEN 'spending'"
        " ELSE 'income' END AS direction FROM transactions) t",
        "direction",
        None,
        "TRUE",
    ),
]

# Fractions of SPEC.md: (database, name, numerator SQL, denominator SQL, target).
FRACTIONS = [
    (
        "employees_db",
        "customers with a relationship manager",
        "SELECT count(DISTINCT customer_id) FROM employee_assignments WHERE assignment_type = 'relationship_manager'",
        ":customers",
        ("employees_db", "employee_assignments", "relationship_manager_share"),
    ),
    (
        "employees_db",
        "employees with a manager",
        "SELECT count(manager_id) FROM employees",
        "SELECT count(*) FROM employees",
        ("employees_db", "employees", "manager_share"),
    ),
    (
        "employees_db",
        "employees terminated",
        "SELECT count(termination_date) FROM employees",
        "SELECT count(*) FROM employees",
        ("employees_db", "employees", "terminated_share"),
    ),
    (
        "employees_db",
        "enrollments completed",
        "SELECT count(*) FROM employee_training WHERE status = 'completed'",
        "SELECT count(*) FROM employee_training",
        ("employees_db", "employee_training", "completed_share"),
    ),
    (
        "customer_db",
        "profiles with an agent",
        "SELECT count(assigned_agent_id) FROM customer_profiles",
        "SELECT count(*) FROM customer_profiles",
        ("customer_db", "customer_profiles", "assigned_agent_share"),
    ),
    (
        "customer_db",
        "interactions handled",
        "SELECT count(handled_by) FROM interactions",
        "SELECT count(*) FROM interactions",
        ("customer_db", "interactions", "handled_share"),
    ),
    (
        "customer_db",
        "interactions surveyed",
        "SELECT count(*) FROM satisfaction_surveys",
        "SELECT count(*) FROM interactions",
        ("customer_db", "satisfaction_surveys", "survey_share"),
    ),
    (
        "customer_db",
        "surveys with a comment",
        "SELECT count(comments) FROM satisfaction_surveys",
        "SELECT count(*) FROM satisfaction_surveys",
        ("customer_db", "satisfaction_surveys", "comment_share"),
    ),
    (
        "customer_db",
        "customers who complained",
        "SELECT count(DISTINCT customer_id) FROM complaints",
        "SELECT count(*) FROM customer_profiles",
        ("customer_db", "complaints", "share_of_customers"),
    ),
    (
        "customer_db",
        "complaints assigned",
        "SELECT count(assigned_to) FROM complaints",
        "SELECT count(*) FROM complaints",
        ("customer_db", "complaints", "assigned_share"),
    ),
    (
        "customer_db",
        "customers who responded to campaigns",
        "SELECT count(DISTINCT customer_id) FROM campaign_responses",
        "SELECT count(*) FROM customer_profiles",
        ("customer_db", "campaign_responses", "share_of_customers"),
    ),
    (
        "accounts_db",
        "customers with an account",
        "SELECT count(DISTINCT customer_id) FROM accounts",
        "SELECT count(*) FROM customers",
        ("accounts_db", "accounts", "share_of_customers"),
    ),
    (
        "accounts_db",
        "account holders with several",
        "SELECT count(*) FROM (SELECT customer_id FROM accounts GROUP BY 1 HAVING count(*) > 1) x",
        "SELECT count(DISTINCT customer_id) FROM accounts",
        ("accounts_db", "accounts", "multiple_share"),
    ),
    (
        "accounts_db",
        "accounts in USD",
        "SELECT count(*) FROM accounts WHERE currency = 'USD'",
        "SELECT count(*) FROM accounts",
        ("accounts_db", "accounts", "usd_share"),
    ),
    (
        "accounts_db",
        "manual transactions",
        "SELECT count(processed_by) FROM transactions",
        "SELECT count(*) FROM transactions",
        ("accounts_db", "transactions", "manual_share"),
    ),
    (
        "loans_db",
        "customers who applied for loans",
        "SELECT count(DISTINCT customer_id) FROM loan_applications",
        ":customers",
        ("loans_db", "loan_applications", "share_of_customers"),
    ),
    (
        "loans_db",
        "active loans with periodic reviews",
        "SELECT count(DISTINCT loan_id) FROM risk_assessments WHERE assessment_type = 'periodic'",
        "SELECT count(*) FROM loans WHERE loan_status = 'active'",
        ("loans_db", "risk_assessments", "periodic_share"),
    ),
    (
        "insurance_db",
        "customers with policies",
        "SELECT count(DISTINCT customer_id) FROM policies",
        ":customers",
        ("insurance_db", "policies", "share_of_customers"),
    ),
    (
        "insurance_db",
        "policies with claims",
        "SELECT count(DISTINCT policy_id) FROM claims",
        "SELECT count(*) FROM policies",
        ("insurance_db", "claims", "share_of_policies"),
    ),
    (
        "insurance_db",
        "policy events performed by staff",
        "SELECT count(performed_by) FROM policy_events",
        "SELECT count(*) FROM policy_events",
        ("insurance_db", "policy_events", "performed_share"),
    ),
    (
        "compliance_db",
        "customers with periodic AML checks",
        "SELECT count(DISTINCT customer_id) FROM aml_checks WHERE check_reason = 'periodic'",
        ":customers",
        ("compliance_db", "aml_checks", "periodic_share"),
    ),
    (
        "compliance_db",
        "AML checks flagged",
        "SELECT count(*) FROM aml_checks WHERE aml_flag",
        "SELECT count(*) FROM aml_checks",
        ("compliance_db", "aml_checks", "flagged_share"),
    ),
    (
        "compliance_db",
        "audit entries with values",
        "SELECT count(*) FROM audit_trails WHERE old_value IS NOT NULL OR new_value IS NOT NULL",
        "SELECT count(*) FROM audit_trails",
        ("compliance_db", "audit_trails", "values_share"),
    ),
    (
        "compliance_db",
        "compliance rules active",
        "SELECT count(*) FROM compliance_rules WHERE is_active",
        "SELECT count(*) FROM compliance_rules",
        ("compliance_db", "compliance_rules", "active_share"),
    ),
    (
        "employees_db",
        "training programs that certify",
        "SELECT count(*) FROM training_programs WHERE certification",
        "SELECT count(*) FROM training_programs",
        ("employees_db", "training_programs", "certification_share"),
    ),
    (
        "accounts_db",
        "accounts with exactly one relationship",
        "SELECT count(*) FROM (SELECT primary_account_id FROM account_relationships GROUP BY 1 HAVING count(*) = 1) x",
        "SELECT count(*) FROM accounts",
        ("accounts_db", "account_relationships", "per_account", "1"),
    ),
    (
        "accounts_db",
        "accounts with exactly two relationships",
        "SELECT count(*) FROM (SELECT primary_account_id FROM account_relationships GROUP BY 1 HAVING count(*) = 2) x",
        "SELECT count(*) FROM accounts",
        ("accounts_db", "account_relationships", "per_account", "2"),
    ),
    *(
        (
            "loans_db",
            f"{kind} loans with collateral",
            "SELECT count(DISTINCT c.loan_id) FROM collateral c JOIN loans l USING (loan_id)"
            f" WHERE l.loan_type = '{kind}'",
            f"SELECT count(*) FROM loans WHERE loan_type = '{kind}'",
            ("loans_db", "collateral", "loan_type_share", kind),
        )
        for kind in ("mortgage", "auto", "business")
    ),
    (
        "loans_db",
        "personal and business loans with guarantors",
        "SELECT count(DISTINCT loan_id) FROM loan_guarantors",
        "SELECT count(*) FROM loans WHERE loan_type IN ('personal', 'business')",
        ("loans_db", "loan_guarantors", "share_of_loans"),
    ),
    (
        "insurance_db",
        "policy holders with several policies",
        "SELECT count(*) FROM (SELECT customer_id FROM policies GROUP BY 1 HAVING count(*) > 1) x",
        "SELECT count(DISTINCT customer_id) FROM policies",
        ("insurance_db", "policies", "multiple_share"),
    ),
    (
        "insurance_db",
        "other than life policies with beneficiaries",
        "SELECT count(DISTINCT b.policy_id) FROM"
        " beneficiaries b JOIN policies p USING (policy_id) WHERE p.policy_type <> 'life'",
        "SELECT count(*) FROM policies WHERE policy_type <> 'life'",
        ("insurance_db", "beneficiaries", "other_policy_share"),
    ),
]

# "Always" rules: (database, name, SQL selecting the key of every violating row).
RULES = [
    (
        "compliance_db",
        "violations detected on or after their rule's effective_date",
        "SELECT v.violation_id FROM rule_violations v JOIN compliance_rules r USING (rule_id)"
        " WHERE v.violation_date < r.effective_date",
    ),
    (
        "employees_db",
        "managers form no cycle",
        "WITH RECURSIVE chain(start, current, depth) AS (SELECT employee_id, manager_id, 1 FROM employees"
        " WHERE manager_id IS NOT NULL UNION ALL SELECT c.start, e.manager_id, c.depth + 1 FROM chain c"
        " JOIN employees e ON e.employee_id = c.current WHERE e.manager_id IS NOT NULL AND c.depth <= (SELECT count(*)"
        " FROM employees)) SELECT DISTINCT start FROM chain WHERE current = start",
    ),
    (
        "employees_db",
        "managers work in the same department",
        "SELECT e.employee_id FROM employees e JOIN employees m ON m.employee_id = e.manager_id"
        " WHERE m.department_id <> e.department_id",
    ),
    (
        "employees_db",
        "department heads belong to their department",
        "SELECT d.department_id FROM departments d JOIN employees e ON e.employee_id = d.department_head_id"
        " WHERE e.department_id <> d.department_id",
    ),
    (
        "accounts_db",
        "transactions strictly later per account",
        "SELECT transaction_id FROM (SELECT transaction_id, transaction_date, lag(transaction_date) OVER"
        " (PARTITION BY account_id ORDER BY transaction_id) AS previous FROM transactions) t"
        " WHERE transaction_date <= previous",
    ),
    (
        "accounts_db",
        "transaction ids increase with time",
        "SELECT transaction_id FROM (SELECT transaction_id, transaction_date, lag(transaction_date) OVER"
        " (ORDER BY transaction_id) AS previous FROM transactions) t WHERE transaction_date < previous",
    ),
    (
        "accounts_db",
        "running balances add up",
        "SELECT transaction_id FROM (SELECT transaction_id, transaction_type, transaction_amount, balance_after,"
        " lag(balance_after, 1, 0::numeric) OVER (PARTITION BY account_id ORDER BY transaction_date) AS before"
        " FROM transactions) t WHERE balance_after <> before + CASE WHEN transaction_type IN"
        " ('withdrawal', 'payment', 'fee') THEN -transaction_amount ELSE transaction_amount END"
        " OR balance_after < 0"
        " OR (transaction_type IN ('withdrawal', 'payment', 'fee') AND transaction_amount > 0.30 * before)",
    ),
    (
        "accounts_db",
        "account balance is the last balance_after",
        "SELECT a.account_id FROM accounts a JOIN LATERAL (SELECT balance_after FROM transactions t WHERE"
        " t.account_id = a.account_id ORDER BY transaction_date DESC LIMIT 1) last ON TRUE"
        " WHERE a.balance <> last.balance_after",
    ),
    (
        "accounts_db",
        "transactions inside the account's life",
        "SELECT t.transaction_id FROM transactions t JOIN accounts a USING (account_id) WHERE t.transaction_date"
        " < a.opened_date OR t.transaction_date > coalesce(a.closed_date, t.transaction_date)",
    ),
    (
        "accounts_db",
        "accounts opened after the customer joined",
        "SELECT a.account_id FROM accounts a JOIN customers c USING (customer_id)"
        " WHERE a.opened_date < c.created_at::date",
    ),
    (
        "customer_db",
        "surveys 1-3 days after their interaction",
        "SELECT s.survey_id FROM satisfaction_surveys s JOIN interactions i USING (interaction_id) WHERE"
        " s.survey_date < i.interaction_date::date + 1 OR s.survey_date > i.interaction_date::date + 3",
    ),
    (
        "customer_db",
        "complaints resolved after filing, with matching hours",
        "SELECT complaint_id FROM complaints WHERE resolved_date <= filed_date OR resolution_time_hours"
        " <> floor(extract(epoch FROM resolved_date - filed_date) / 3600)",
    ),
    (
        "loans_db",
        "installment principals sum to the loan",
        "SELECT l.loan_id FROM loans l LEFT JOIN (SELECT loan_id, count(*) n, sum(principal_amount) principal"
        " FROM repayment_schedule GROUP BY 1) s USING (loan_id) WHERE s.principal IS DISTINCT FROM"
        " l.principal_amount OR s.n IS DISTINCT FROM l.term_months",
    ),
    (
        "loans_db",
        "installment total = principal + interest",
        "SELECT schedule_id FROM repayment_schedule WHERE total_amount <> principal_amount + interest_amount",
    ),
    (
        "loans_db",
        "outstanding balance = unpaid principal",
        "SELECT l.loan_id FROM loans l JOIN (SELECT loan_id, coalesce(sum(principal_amount)"
        " FILTER (WHERE payment_status NOT IN ('paid', 'late')), 0) unpaid FROM repayment_schedule GROUP BY 1) s"
        " USING (loan_id) WHERE l.outstanding_balance <> s.unpaid",
    ),
    (
        "loans_db",
        "decision after application, disbursement 5-30 days after decision",
        "SELECT l.loan_id FROM loans l JOIN loan_applications a USING (application_id) WHERE a.decision_date"
        " < a.application_date OR l.disbursement_date NOT BETWEEN a.decision_date + 5 AND a.decision_date + 30",
    ),
    (
        "loans_db",
        "LTV = principal / appraised value",
        "SELECT c.collateral_id FROM collateral c JOIN loans l USING (loan_id)"
        " WHERE abs(c.ltv_ratio - l.principal_amount / c.appraised_value) > 0.00005",
    ),
    (
        "insurance_db",
        "beneficiary percentages sum to 100",
        "SELECT policy_id FROM beneficiaries GROUP BY 1 HAVING sum(percentage) <> 100",
    ),
    (
        "insurance_db",
        "claims inside the policy's cover",
        "SELECT c.claim_id FROM claims c JOIN policies p USING (policy_id) WHERE c.incident_date < p.start_date"
        " OR c.incident_date > p.end_date OR c.approved_amount > c.claim_amount",
    ),
    (
        "insurance_db",
        "premium payments inside the policy's cover",
        "SELECT y.payment_id FROM premium_payments y JOIN policies p USING (policy_id)"
        " WHERE y.payment_date < p.start_date OR y.payment_date >= p.end_date",
    ),
]
UNIQUE_NUMBERS = [
    ("employees_db", "employees", "employee_number"),
    ("employees_db", "employees", "email"),
    ("accounts_db", "customers", "email"),
    ("accounts_db", "accounts", "account_number"),
    ("loans_db", "loan_applications", "application_number"),
    ("loans_db", "loans", "loan_number"),
    ("insurance_db", "policies", "policy_number"),
    ("insurance_db", "claims", "claim_number"),
    ("compliance_db", "kyc_records", "document_number"),
]


def spec_tolerance(population: int) -> float:
    """SPEC "Percentages": 3 points, 5 for tables under 500 rows."""
    return 0.05 if population < 500 else 0.03


def _distribution(path):
    """The number or weights at a path in distributions/; a fourth element picks one weight's share."""
    database, section, key, *value = path
    found = load(database)[section][key]
    return found.share(value[0]) if value and hasattr(found, "share") else found[value[0]] if value else found


def share_checks(connections: dict[str, Connection], as_of: dt.datetime, tolerance: float | None) -> list[Check]:
    checks = []
    spending = load("accounts_db")["transactions"]["spending_share"]
    for database, label, source, column, path, where in CATEGORICAL:
        counts = dict(
            connections[database]
            .execute(text(f"SELECT {column}::text, count(*) FROM {source} WHERE {where} GROUP BY 1"), {"as_of": as_of})
            .all()
        )
        total = sum(counts.values())
        targets = (
            dict(zip(_distribution(path).values, _distribution(path).probabilities.tolist(), strict=True))
            if path
            else {"spending": spending, "income": 1 - spending}
        )
        allowed = tolerance if tolerance is not None else spec_tolerance(total)
        for value, target in targets.items():
            measured = counts.get(str(value), 0) / total if total else 0.0
            failed = int(not total or abs(measured - target) > allowed)
            checks.append(Check("share", f"{database}.{label} = {value}", total, failed, target, measured, allowed))
    customers = connections["accounts_db"].scalar(text("SELECT count(*) FROM customers"))
    for database, name, numerator, denominator, path in FRACTIONS:
        part = connections[database].scalar(text(numerator))
        whole = customers if denominator == ":customers" else connections[database].scalar(text(denominator))
        target = _distribution(path)
        allowed = tolerance if tolerance is not None else spec_tolerance(whole)
        measured = part / whole if whole else 0.0
        checks.append(
            Check(
                "share",
                f"{database}: {name}",
                whole,
                int(not whole or abs(measured - target) > allowed),
                target,
                measured,
                allowed,
            )
        )
    return checks


def rule_checks(connections: dict[str, Connection], as_of: dt.datetime) -> list[Check]:
    checks = []
    for database, name, sql in RULES:
        checks.append(_violations(connections[database], "rule", f"{database}: {name}", sql))
    for database, table, column in UNIQUE_NUMBERS:
        sql = f"SELECT {column} FROM {table} GROUP BY 1 HAVING count(*) > 1"
        checks.append(_violations(connections[database], "rule", f"{database}.{table}.{column} is unique", sql))
    for database, connection in connections.items():
        for table in public_tables(database):
            dated = [
                c.name for c in table.columns if isinstance(c.type, Date | DateTime) and c.name not in PLANNED_DATES
            ]
            if dated:
                late = " OR ".join(f'"{name}" > :as_of' for name in dated)
                key = table.primary_key.columns.keys()[0]
                sql = f'SELECT "{key}" FROM "{table.name}" WHERE {late}'
                checks.append(
                    _violations(
                        connection, "rule", f"{database}.{table.name}: no date after as-of", sql, {"as_of": as_of}
                    )
                )
    return checks


def _violations(connection: Connection, kind: str, name: str, sql: str, params: dict | None = None) -> Check:
    stop.checkpoint()
    count, examples = connection.execute(
        text(f"SELECT count(*), (array_agg(v.key))[1:{EXAMPLES}] FROM ({sql}) AS v(key)"), params or {}
    ).one()
    return Check(kind, name, 0, count, examples=[str(e) for e in examples or []])


def recorded_as_of(connections: dict[str, Connection]) -> dt.datetime:
    """The as-of of the latest finished run recorded in accounts_db (an interrupted one wrote
    nothing that stayed), or now when none finished."""
    runs = SEED_RUNS["accounts_db"]
    as_of = connections["accounts_db"].scalar(
        runs.select()
        .with_only_columns(runs.c.as_of)
        .where(runs.c.finished_at.is_not(None))
        .order_by(runs.c.run_id.desc())
        .limit(1)
    )
    return as_of or dt.datetime.now()


def verify(
    urls: dict[str, URL],
    tolerance: float | None = None,
    shares: bool = True,
    notify: Callable[[str], None] | None = None,
) -> list[Check]:
    """Every check (shares only if asked), on the data as it is now, under the shared run lock so a
    seed or clear in progress is waited for. Only temporary tables are written, and rolled back."""
    with open_databases(urls, lock="shared", notify=notify) as connections:
        stop.pause_point("verify:locked")
        as_of = recorded_as_of(connections)
        checks = link_checks(connections, as_of) + rule_checks(connections, as_of)
        if shares:
            checks += share_checks(connections, as_of, tolerance)
        for connection in connections.values():
            connection.rollback()
    return checks
