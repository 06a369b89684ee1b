"""The references between databases (SPEC.md "Integrity"), read from the models' column tags.

PostgreSQL enforces keys inside a database only; these are the ones across databases, which the
generator guarantees and `dhub seed verify` proves.
"""

from dataclasses import dataclass

from datahub_seed.distributions import load
from datahub_seed.models import public_tables

# What a tag names: (database, table, key column).
TARGETS = {
    "customers": ("accounts_db", "customers", "customer_id"),
    "employees": ("employees_db", "employees", "employee_id"),
    "accounts": ("accounts_db", "accounts", "account_id"),
    "transactions": ("accounts_db", "transactions", "transaction_id"),
}
ROLES = load("employees_db")["references"]
# The CRM's copy of each customer in customer_db (columns, SELECT in accounts_db): what verify
# compares the profiles with, and what `db migrate` fills profiles from after the second revision.
CONTACTS = (
    "id bigint PRIMARY KEY, full_name text, email text, phone text, address text, city text",
    "SELECT customer_id, first_name || ' ' || last_name, email, phone, address, city FROM customers",
)
COUNTRY = "United States"  # where every customer lives: the places of generate.pools are American
# Where a row's customer is not a column of its own table, the SQL that finds it.
OWNER_OF = {
    "premium_payments": "(SELECT p.customer_id FROM policies p WHERE p.policy_id = premium_payments.policy_id)",
}


# The day a dated reference must hold on, as SQL over the referring row ``t`` (SPEC "Integrity": an
# account named was open on it, an employee named was employed on it); ":as_of" for the present.
AS_OF = ":as_of"
DECISION_DAY = "(SELECT a.decision_date FROM loan_applications a WHERE a.application_id = t.application_id)"
DAY_NAMES = {AS_OF: "as-of", DECISION_DAY: "decision_date"}  # the others name a column of t
ON_DATE = {
    ("customer_profiles", "assigned_agent_id"): AS_OF,
    ("interactions", "handled_by"): "t.interaction_date",
    ("complaints", "assigned_to"): "t.filed_date",
    ("transactions", "processed_by"): "t.transaction_date",
    ("loan_applications", "officer_id"): "t.application_date",
    ("risk_assessments", "assessed_by"): "t.assessment_date",
    ("loans", "approved_by"): DECISION_DAY,
    ("loans", "linked_account_id"): "t.disbursement_date",
    ("policies", "agent_id"): "t.start_date",
    ("policies", "linked_account_id"): "t.start_date",
    ("claims", "processed_by"): "t.claim_date",
    ("policy_events", "performed_by"): "t.event_date",
    ("premium_payments", "from_account_id"): "t.payment_date",
    ("kyc_records", "verified_by"): "t.verification_date",
    ("aml_checks", "reviewed_by"): "t.check_date",
    ("suspicious_activity_reports", "filed_by"): "t.report_date",
    ("suspicious_activity_reports", "account_id"): "t.report_date",
    ("regulatory_reports", "prepared_by"): "t.reporting_period_end",
    ("regulatory_reports", "approved_by"): "t.submission_date",
    ("audit_trails", "performed_by"): "t.performed_at",
    ("rule_violations", "resolved_by"): "t.resolved_date",
}


@dataclass(frozen=True)
class Link:
    database: str
    table: str
    column: str
    target: str
    roles: tuple[str, ...] = ()  # an employee reference must have one of these roles
    owner: str | None = None  # SQL for the customer an account reference must belong to
    on: str | None = None  # SQL for the day an employee or account reference must hold on (ON_DATE)

    @property
    def day_name(self) -> str:
        return DAY_NAMES.get(self.on or "", (self.on or "").removeprefix("t."))

    @property
    def name(self) -> str:
        return f"{self.database}.{self.table}.{self.column} -> {'.'.join(TARGETS[self.target][:2])}"


def _links() -> list[Link]:
    found = []
    for database in ("employees_db", "customer_db", "accounts_db", "loans_db", "insurance_db", "compliance_db"):
        for table in public_tables(database):
            for column in table.columns:
                target = column.info.get("refers_to")
                if not target:
                    continue
                owner = None
                if target == "accounts":
                    owner = "customer_id" if "customer_id" in table.columns else OWNER_OF[table.name]
                on = ON_DATE[(table.name, column.name)] if target in ("employees", "accounts") else None
                roles = tuple(ROLES.get(column.name, ()))
                found.append(Link(database, table.name, column.name, target, roles, owner, on))
    return found


LINKS = _links()
