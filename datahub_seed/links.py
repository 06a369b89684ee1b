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


@dataclass(frozen=True)
class Link:
    database: str
    table: str
    column: str
    target: str
    roles: tuple[str, ...] = ()  # an employee reference must have one of these roles
    owner: str | None = None  # SQL for the customer an account reference must belong to

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
                found.append(Link(database, table.name, column.name, target, tuple(ROLES.get(column.name, ())), owner))
    return found


LINKS = _links()
