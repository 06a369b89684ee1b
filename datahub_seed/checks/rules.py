"""Rule checks: every "always" rule of SPEC.md that SQL can state, with the violating rows counted."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Date, DateTime

from datahub_seed.checks.check import SPENDING, Check, distribution, each_database_at_once, found
from datahub_seed.models import public_tables

# Dates that name a plan rather than an event may lie after as-of (README: "Dates").
PLANNED_DATES = {"due_date", "maturity_date", "end_date", "expiry_date", "next_review_date"}


@dataclass(frozen=True)
class Rule:
    """A rule of one database, and the SQL that selects the key of every row that breaks it."""

    database: str
    name: str
    violations: str


@dataclass(frozen=True)
class Unique:
    """A column whose every value names one row."""

    database: str
    table: str
    column: str

    def rule(self) -> Rule:
        return Rule(
            self.database,
            f"{self.table}.{self.column} is unique",
            f"SELECT {self.column} FROM {self.table} GROUP BY 1 HAVING count(*) > 1",
        )


SPEND_AT_MOST = distribution("accounts_db", "transactions.spend_fraction_range").high
SURVEY_DAYS = distribution("customer_db", "satisfaction_surveys.delay_days_range")
DISBURSEMENT_DAYS = distribution("loans_db", "loans.disbursement_days_range")

RULES = [
    Rule(
        "compliance_db",
        "violations detected on or after their rule's effective_date",
        "SELECT v.violation_id FROM rule_violations v JOIN compliance_rules r USING (rule_id)"
        " WHERE v.violation_date < r.effective_date",
    ),
    Rule(
        "employees_db",
        "managers form no cycle",
        "WITH RECURSIVE chain(start, current, depth) AS (SELECT employee_id, manager_id, 1 FROM employees"
        " WHERE manager_id IS NOT NULL UNION ALL SELECT c.start, e.manager_id, c.depth + 1 FROM chain c"
        " JOIN employees e ON e.employee_id = c.current WHERE e.manager_id IS NOT NULL AND c.depth <= (SELECT count(*)"
        " FROM employees)) SELECT DISTINCT start FROM chain WHERE current = start",
    ),
    Rule(
        "employees_db",
        "managers work in the same department",
        "SELECT e.employee_id FROM employees e JOIN employees m ON m.employee_id = e.manager_id"
        " WHERE m.department_id <> e.department_id",
    ),
    Rule(
        "employees_db",
        "department heads belong to their department",
        "SELECT d.department_id FROM departments d JOIN employees e ON e.employee_id = d.department_head_id"
        " WHERE e.department_id <> d.department_id",
    ),
    Rule(
        "accounts_db",
        "transactions strictly later per account",
        "SELECT transaction_id FROM (SELECT transaction_id, transaction_date, lag(transaction_date) OVER"
        " (PARTITION BY account_id ORDER BY transaction_id) AS previous FROM transactions) t"
        " WHERE transaction_date <= previous",
    ),
    Rule(
        "accounts_db",
        "transaction ids increase with time",
        "SELECT transaction_id FROM (SELECT transaction_id, transaction_date, lag(transaction_date) OVER"
        " (ORDER BY transaction_id) AS previous FROM transactions) t WHERE transaction_date < previous",
    ),
    Rule(
        "accounts_db",
        "running balances add up",
        "SELECT transaction_id FROM (SELECT transaction_id, transaction_type, transaction_amount, balance_after,"
        " lag(balance_after, 1, 0::numeric) OVER (PARTITION BY account_id ORDER BY transaction_date) AS before"
        " FROM transactions) t WHERE balance_after <> before + CASE WHEN transaction_type IN"
        f" ({SPENDING}) THEN -transaction_amount ELSE transaction_amount END"
        " OR balance_after < 0"
        f" OR (transaction_type IN ({SPENDING}) AND transaction_amount > {SPEND_AT_MOST} * before)",
    ),
    Rule(
        "accounts_db",
        "account balance is the last balance_after",
        "SELECT a.account_id FROM accounts a JOIN LATERAL (SELECT balance_after FROM transactions t WHERE"
        " t.account_id = a.account_id ORDER BY transaction_date DESC LIMIT 1) last ON TRUE"
        " WHERE a.balance <> last.balance_after",
    ),
    Rule(
        "accounts_db",
        "transactions inside the account's life",
        "SELECT t.transaction_id FROM transactions t JOIN accounts a USING (account_id) WHERE t.transaction_date"
        " < a.opened_date OR t.transaction_date > coalesce(a.closed_date, t.transaction_date)",
    ),
    Rule(
        "accounts_db",
        "accounts opened after the customer joined",
        "SELECT a.account_id FROM accounts a JOIN customers c USING (customer_id)"
        " WHERE a.opened_date < c.created_at::date",
    ),
    Rule(
        "customer_db",
        "surveys 1-3 days after their interaction",
        "SELECT s.survey_id FROM satisfaction_surveys s JOIN interactions i USING (interaction_id) WHERE"
        f" s.survey_date < i.interaction_date::date + {SURVEY_DAYS.low}"
        f" OR s.survey_date > i.interaction_date::date + {SURVEY_DAYS.high}",
    ),
    Rule(
        "customer_db",
        "complaints resolved after filing, with matching hours",
        "SELECT complaint_id FROM complaints WHERE resolved_date <= filed_date OR resolution_time_hours"
        " <> floor(extract(epoch FROM resolved_date - filed_date) / 3600)",
    ),
    Rule(
        "loans_db",
        "installment principals sum to the loan",
        "SELECT l.loan_id FROM loans l LEFT JOIN (SELECT loan_id, count(*) n, sum(principal_amount) principal"
        " FROM repayment_schedule GROUP BY 1) s USING (loan_id) WHERE s.principal IS DISTINCT FROM"
        " l.principal_amount OR s.n IS DISTINCT FROM l.term_months",
    ),
    Rule(
        "loans_db",
        "installment total = principal + interest",
        "SELECT schedule_id FROM repayment_schedule WHERE total_amount <> principal_amount + interest_amount",
    ),
    Rule(
        "loans_db",
        "outstanding balance = unpaid principal",
        "SELECT l.loan_id FROM loans l JOIN (SELECT loan_id, coalesce(sum(principal_amount)"
        " FILTER (WHERE payment_status NOT IN ('paid', 'late')), 0) unpaid FROM repayment_schedule GROUP BY 1) s"
        " USING (loan_id) WHERE l.outstanding_balance <> s.unpaid",
    ),
    Rule(
        "loans_db",
        "decision after application, disbursement 5-30 days after decision",
        "SELECT l.loan_id FROM loans l JOIN loan_applications a USING (application_id) WHERE a.decision_date"
        f" < a.application_date OR l.disbursement_date NOT BETWEEN a.decision_date + {DISBURSEMENT_DAYS.low}"
        f" AND a.decision_date + {DISBURSEMENT_DAYS.high}",
    ),
    Rule(
        "loans_db",
        "LTV = principal / appraised value",
        "SELECT c.collateral_id FROM collateral c JOIN loans l USING (loan_id)"
        " WHERE abs(c.ltv_ratio - l.principal_amount / c.appraised_value) > 0.00005",
    ),
    Rule(
        "insurance_db",
        "beneficiary percentages sum to 100",
        "SELECT policy_id FROM beneficiaries GROUP BY 1 HAVING sum(percentage) <> 100",
    ),
    Rule(
        "insurance_db",
        "claims inside the policy's cover",
        "SELECT c.claim_id FROM claims c JOIN policies p USING (policy_id) WHERE c.incident_date < p.start_date"
        " OR c.incident_date > p.end_date OR c.approved_amount > c.claim_amount",
    ),
    Rule(
        "insurance_db",
        "premium payments inside the policy's cover",
        "SELECT y.payment_id FROM premium_payments y JOIN policies p USING (policy_id)"
        " WHERE y.payment_date < p.start_date OR y.payment_date >= p.end_date",
    ),
]
UNIQUE = [
    Unique("employees_db", "employees", "employee_number"),
    Unique("employees_db", "employees", "email"),
    Unique("accounts_db", "customers", "email"),
    Unique("accounts_db", "accounts", "account_number"),
    Unique("loans_db", "loan_applications", "application_number"),
    Unique("loans_db", "loans", "loan_number"),
    Unique("insurance_db", "policies", "policy_number"),
    Unique("insurance_db", "claims", "claim_number"),
    Unique("compliance_db", "kyc_records", "document_number"),
]


def no_future_dates(database: str) -> list[Rule]:
    """SPEC "Time": every date and timestamp of an event is at or before as-of."""
    rules = []
    for table in public_tables(database):
        dated = [c.name for c in table.columns if isinstance(c.type, Date | DateTime) and c.name not in PLANNED_DATES]
        if dated:
            key = table.primary_key.columns.keys()[0]
            late = " OR ".join(f'"{name}" > :as_of' for name in dated)
            rules.append(
                Rule(
                    database,
                    f"{table.name} has no date after as-of",
                    f'SELECT "{key}" FROM "{table.name}" WHERE {late}',
                )
            )
    return rules


def rule_checks(connections: dict[str, Connection], as_of: dt.datetime) -> list[Check]:
    rules = RULES + [unique.rule() for unique in UNIQUE]
    rules = [rule for rule in rules if rule.database in connections]
    rules += [rule for database in connections for rule in no_future_dates(database)]

    def check(rule: Rule) -> list[Check]:
        failures, examples = found(connections[rule.database], rule.violations, {"as_of": as_of})
        return [Check("rule", f"{rule.database}: {rule.name}", 0, failures, examples=examples)]

    return each_database_at_once(rules, lambda rule: rule.database, check)
