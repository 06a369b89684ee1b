"""Link checks: every reference across databases resolves, with its role, its owner, and on its day.

The target table's keys (and what the checks need of them) are streamed with COPY into a temporary
``ref_<target>`` table of the referring database, through a spooled file so memory stays flat,
and anti-joined there.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from datahub_seed import stop
from datahub_seed.checks.check import Check, found
from datahub_seed.config import DATABASES
from datahub_seed.db import stream
from datahub_seed.links import CONTACTS, LINKS, TARGETS, Link

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


@dataclass(frozen=True)
class Held:
    """What holding on a day means for one kind of dated reference (SPEC "Integrity")."""

    failing: str  # what a reference that does not hold is called
    condition: str  # SQL over the copied target ``r`` and ``{day}``


HELD_ON = {
    "employees": Held("not employed on", "r.hired <= {day} AND (r.left_on IS NULL OR {day} <= r.left_on)"),
    "accounts": Held("not open on", "r.opened <= {day} AND (r.closed IS NULL OR {day} <= r.closed)"),
}


def copy_reference(source: Connection, target: str, destination: Connection) -> None:
    """Stream one home table's ids into ``ref_<target>`` of another database."""
    stop.checkpoint()
    stream(source, *REFERENCE_COPIES[target], destination, f"ref_{target}")


def resolves(connection: Connection, link: Link) -> Check:
    """The references of ``link`` that name nothing, someone in another role, or another customer's account."""
    column = f't."{link.column}"'
    problems = [f"NOT EXISTS (SELECT 1 FROM ref_{link.target} r WHERE r.id = {column})"]
    failing = "orphans"
    if link.roles:
        roles = ", ".join(f"'{role}'" for role in link.roles)
        problems.append(f"EXISTS (SELECT 1 FROM ref_employees r WHERE r.id = {column} AND r.role NOT IN ({roles}))")
        failing = "orphans or in another role"
    if link.owner:
        owner = link.owner.replace(f"{link.table}.", "t.") if "SELECT" in link.owner else f"t.{link.owner}"
        problems.append(f"EXISTS (SELECT 1 FROM ref_accounts r WHERE r.id = {column} AND r.customer_id <> {owner})")
        failing = "orphans or another customer's"
    failures, examples = found(
        connection,
        f'SELECT {column} FROM "{link.table}" t WHERE {column} IS NOT NULL AND ({" OR ".join(problems)})',
    )
    checked = connection.scalar(text(f'SELECT count({column}) FROM "{link.table}" t'))
    return Check("link", link.name, checked, failures, failing, examples=examples)


def held(connection: Connection, link: Link, as_of: dt.datetime) -> Check:
    """The references of ``link`` whose employee was not employed, or account not open, on the
    referring record's day."""
    column, day, rule = f't."{link.column}"', f"CAST({link.on} AS DATE)", HELD_ON[link.target]
    failures, examples = found(
        connection,
        f'SELECT {column} FROM "{link.table}" t JOIN ref_{link.target} r ON r.id = {column}'
        f" WHERE NOT ({rule.condition.format(day=day)})",
        {"as_of": as_of},
    )
    checked = connection.scalar(text(f'SELECT count({column}) FROM "{link.table}" t'))
    name = f"{link.name}: {rule.failing.removeprefix('not ')} {link.day_name}"
    return Check("link", name, checked, failures, f"{rule.failing} {link.day_name}", examples=examples)


def crm_checks(accounts: Connection, profiles: Connection) -> list[Check]:
    """customer_db holds one profile for every customer, and its copy of each one's contacts is equal."""
    copy_reference(accounts, "customers", profiles)
    copy_reference(accounts, "contacts", profiles)
    total = profiles.scalar(text("SELECT count(*) FROM ref_customers"))
    missing, missing_examples = found(
        profiles,
        "SELECT r.id FROM ref_customers r"
        " WHERE NOT EXISTS (SELECT 1 FROM customer_profiles p WHERE p.customer_id = r.id)",
    )
    differing, differing_examples = found(
        profiles,
        "SELECT p.customer_id FROM customer_profiles p JOIN ref_contacts r ON r.id = p.customer_id"
        " WHERE (p.full_name, p.email, p.phone) IS DISTINCT FROM (r.full_name, r.email, r.phone)",
    )
    return [
        Check(
            "link",
            "every accounts_db customer has a customer_db profile",
            total,
            missing,
            "without a profile",
            examples=missing_examples,
        ),
        Check(
            "link",
            "the CRM's name, email and phone equal accounts_db.customers",
            total,
            differing,
            "differing",
            examples=differing_examples,
        ),
    ]


def links_outside(databases: Iterable[str]) -> list[Link]:
    """The links between one of ``databases`` and a database not among them: no check sees them."""
    inside = set(databases)
    return [link for link in LINKS if (link.database in inside) != (TARGETS[link.target][0] in inside)]


def link_checks(connections: dict[str, Connection], as_of: dt.datetime) -> list[Check]:
    """Every link of SPEC "Integrity" between databases in ``connections``, database by database
    in a fixed order."""
    checks = []
    present = [link for link in LINKS if link.database in connections and TARGETS[link.target][0] in connections]
    for database in sorted({link.database for link in present}, key=DATABASES.index):
        destination = connections[database]
        for target in sorted({link.target for link in present if link.database == database}):
            copy_reference(connections[TARGETS[target][0]], target, destination)
        for link in (link for link in present if link.database == database):
            checks.append(resolves(destination, link))
            if link.on:
                checks.append(held(destination, link, as_of))
    if "accounts_db" in connections and "customer_db" in connections:
        checks += crm_checks(connections["accounts_db"], connections["customer_db"])
    return checks
