"""`dhub seed verify` passes on seeded data and names exactly what was broken on purpose."""

import json

import pytest
from spec_targets import SPEC
from sqlalchemy import text

from conftest import database_set, dhub, engine_set, point_environment
from datahub_seed.config import DATABASES
from datahub_seed.generate.plan import REFERRED_ROLES


@pytest.fixture
def broken(dhub_server, seeded, monkeypatch):
    """A private copy of the seeded databases, named in the environment, to damage."""
    templates = {db: seeded[db].url.database for db in DATABASES}
    with database_set(dhub_server, templates, monkeypatch) as urls, engine_set(urls) as engines:
        yield engines


def run(engines, sql: str, **params):
    database, statement = sql.split(":", 1)
    with engines[database].begin() as connection:
        result = connection.execute(text(statement), params)
        return result.scalar() if result.returns_rows else None


def failures() -> dict[str, dict]:
    result = dhub("seed", "verify", "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == (0 if report["passed"] else 1)
    return {check["name"]: check for check in report["checks"] if not check["passed"]}


def test_fresh_data_passes_every_check(seeded, monkeypatch):
    point_environment(monkeypatch, {db: engine.url for db, engine in seeded.items()})
    result = dhub("seed", "verify")
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    checks = json.loads(dhub("seed", "verify", "--json").stdout)["checks"]
    kinds = {check["kind"] for check in checks}
    assert kinds == {"link", "share", "rule"} and len(checks) > 200


def test_a_deleted_customer_that_loans_refer_to(broken):
    customer = run(broken, "loans_db:SELECT min(customer_id) FROM loans")
    with broken["accounts_db"].begin() as connection:
        connection.execute(text("ALTER TABLE accounts DROP CONSTRAINT fk_accounts_customer_id_customers"))
        connection.execute(text("DELETE FROM customers WHERE customer_id = :c"), {"c": customer})
    failed = failures()
    assert "loans_db.loans.customer_id -> accounts_db.customers" in failed
    links = {name: check for name, check in failed.items() if check["kind"] == "link"}
    assert set(failed) == set(links)
    assert all(name.endswith("-> accounts_db.customers") for name in links)
    assert all(check["examples"] == [customer] and check["failures"] >= 1 for check in links.values())


def test_an_aml_check_pointing_at_a_missing_transaction(broken):
    run(
        broken,
        "compliance_db:UPDATE aml_checks SET transaction_id = 987654321"
        " WHERE check_id = (SELECT min(check_id) FROM aml_checks WHERE transaction_id IS NOT NULL)",
    )
    failed = failures()
    assert set(failed) == {"compliance_db.aml_checks.transaction_id -> accounts_db.transactions"}
    assert failed["compliance_db.aml_checks.transaction_id -> accounts_db.transactions"]["examples"] == [987654321]


def test_a_beneficiary_share_of_90(broken):
    policy = run(
        broken,
        "insurance_db:SELECT min(policy_id) FROM (SELECT policy_id FROM beneficiaries"
        " GROUP BY 1 HAVING count(*) = 1) one",
    )
    run(broken, "insurance_db:UPDATE beneficiaries SET percentage = 90 WHERE policy_id = :p", p=policy)
    failed = failures()
    assert set(failed) == {"insurance_db: beneficiary percentages sum to 100"}
    assert failed["insurance_db: beneficiary percentages sum to 100"]["examples"] == [policy]


def test_a_transaction_moved_into_the_future(broken):
    last = run(broken, "accounts_db:SELECT max(transaction_id) FROM transactions")
    closed = run(
        broken,
        "accounts_db:SELECT a.closed_date IS NOT NULL FROM transactions t JOIN accounts a"
        " USING (account_id) WHERE t.transaction_id = :t",
        t=last,
    )
    run(
        broken,
        "accounts_db:UPDATE transactions SET transaction_date = TIMESTAMP '2026-07-15' WHERE transaction_id = :t",
        t=last,
    )
    expected = {"accounts_db: transactions has no date after as-of"}
    if closed:
        expected.add("accounts_db: transactions inside the account's life")
    assert set(failures()) == expected


def test_a_duplicate_account_number(broken):
    with broken["accounts_db"].begin() as connection:
        connection.execute(text("ALTER TABLE accounts DROP CONSTRAINT uq_accounts_account_number"))
        connection.execute(
            text(
                "UPDATE accounts SET account_number = (SELECT account_number FROM accounts"
                " WHERE account_id = 1) WHERE account_id = 2"
            )
        )
    failed = failures()
    assert set(failed) == {"accounts_db: accounts.account_number is unique"}


def test_the_report_lists_failures_first(broken):
    run(
        broken,
        "insurance_db:UPDATE beneficiaries SET percentage = 90 WHERE beneficiary_id ="
        " (SELECT min(beneficiary_id) FROM beneficiaries)",
    )
    result = dhub("seed", "verify")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "FAIL  rule   insurance_db: beneficiary percentages sum to 100"
    assert lines[1].startswith(" " * 13 + "1 ")
    assert lines[2].split() == ["kind", "checks", "failed"]
    assert lines[-1].endswith("checks passed; 1 failed")
    every = dhub("seed", "verify", "--verbose").stdout.splitlines()
    assert every[:2] == lines[:2]  # failures first
    assert sum(line.startswith(("ok ", "FAIL ")) for line in every) == int(lines[-1].split()[2])
    assert max(len(line) for line in every) <= 100


def test_a_tighter_tolerance_fails_shares(broken):
    failed = json.loads(dhub("seed", "verify", "--json", "--tolerance", "0.01").stdout)["checks"]
    assert any(check["kind"] == "share" and not check["passed"] for check in failed)


def test_verify_cannot_run_without_the_databases(unmigrated):
    result = dhub("seed", "verify")
    assert result.exit_code == 2
    assert len(result.output.splitlines()) == 1
    assert "does not exist" in result.output


def test_a_reference_to_an_employee_without_the_role(broken):
    clerk = run(broken, "employees_db:SELECT min(employee_id) FROM employees WHERE role = 'customer_service'")
    run(broken, "loans_db:UPDATE loan_applications SET officer_id = :e WHERE application_id = 1", e=clerk)
    failed = failures()
    assert set(failed) == {"loans_db.loan_applications.officer_id -> employees_db.employees"}
    assert failed["loans_db.loan_applications.officer_id -> employees_db.employees"]["examples"] == [clerk]


def test_the_smallest_runs_verify_clean(databases):
    result = dhub("seed", "all", "--customers", "1", "--employees", "5")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("verify: all ")
    again = dhub("seed", "verify")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1].endswith(
        " checks passed (shares are judged from 1,200 customers and 150 employees on)"
    )
    with engine_set(databases) as engines, engines["employees_db"].connect() as connection:
        active = set(connection.scalars(text("SELECT role FROM employees WHERE employment_status = 'active'")))
    spec_roles = {roles[0] for key, roles in SPEC.items() if key.startswith("employees_db:references.")}
    assert spec_roles <= set(REFERRED_ROLES) <= active


def test_too_few_employees_to_staff_every_referred_role_is_refused(databases):
    """Verify never lets any employee stand in for a role: a run that could not staff every role
    other databases refer to is refused before it writes anything."""
    result = dhub("seed", "all", "--customers", "1", "--employees", "4")
    assert result.exit_code == 2
    assert result.output == (
        "Error: 4 employees cannot staff the 5 roles other databases refer to (loan_officer, insurance_agent,"
        " compliance_officer, branch_manager, customer_service); ask for 5 employees or more,"
        " or a scale of 0.034 or more\n"
    )


def test_an_employee_named_before_they_were_hired(broken):
    handled = run(
        broken,
        "customer_db:SELECT handled_by || ',' || interaction_date::date FROM interactions"
        " WHERE handled_by IS NOT NULL ORDER BY interaction_id LIMIT 1",
    )
    employee, day = handled.split(",")
    run(
        broken,
        "employees_db:UPDATE employees SET hire_date = CAST(:day AS date) + 1, termination_date = NULL,"
        " employment_status = 'active' WHERE employee_id = :e",
        day=day,
        e=int(employee),
    )
    failed = failures()
    name = "customer_db.interactions.handled_by -> employees_db.employees: employed on interaction_date"
    assert failed[name]["examples"] == [int(employee)]
    assert failed[name]["failing"] == "not employed on interaction_date"
    assert all(name.split(": ")[-1].startswith("employed on") for name in failed), sorted(failed)


def test_an_account_named_after_it_closed(broken):
    linked = run(
        broken,
        "loans_db:SELECT linked_account_id || ',' || disbursement_date FROM loans"
        " WHERE linked_account_id IS NOT NULL ORDER BY loan_id LIMIT 1",
    )
    account, day = linked.split(",")
    run(
        broken,
        "accounts_db:UPDATE accounts SET account_status = 'closed', opened_date = LEAST(opened_date,"
        " CAST(:day AS date) - 2), closed_date = CAST(:day AS date) - 1 WHERE account_id = :a",
        day=day,
        a=int(account),
    )
    failed = failures()
    name = "loans_db.loans.linked_account_id -> accounts_db.accounts: open on disbursement_date"
    assert failed[name]["examples"] == [int(account)]
    others = {"accounts_db: transactions inside the account's life", "accounts_db.accounts.account_status = closed"}
    assert all(": open on " in name or name in others for name in failed), sorted(failed)


def test_a_violation_before_its_rule_took_effect(broken):
    violation = run(broken, "compliance_db:SELECT min(violation_id) FROM rule_violations")
    run(
        broken,
        "compliance_db:UPDATE compliance_rules SET effective_date = (SELECT violation_date::date + 1"
        " FROM rule_violations WHERE violation_id = :v) WHERE rule_id = (SELECT rule_id FROM rule_violations"
        " WHERE violation_id = :v)",
        v=violation,
    )
    failed = failures()
    assert set(failed) == {"compliance_db: violations detected on or after their rule's effective_date"}
    assert violation in failed["compliance_db: violations detected on or after their rule's effective_date"]["examples"]


@pytest.mark.parametrize(
    ("damage", "share"),
    [
        (
            "employees_db:DELETE FROM employee_assignments WHERE assignment_type = 'relationship_manager'"
            " AND assignment_id % 3 = 0",
            "employees_db: customers with a relationship manager",
        ),
        (
            "loans_db:UPDATE loans SET linked_account_id = NULL WHERE loan_id % 3 = 0",
            "loans_db: loans with a linked account, of those whose customer had one open on disbursement_date",
        ),
        (
            "insurance_db:UPDATE policies SET linked_account_id = NULL WHERE policy_id % 3 = 0",
            "insurance_db: policies with a linked account, of those whose customer had one open on start_date",
        ),
    ],
)
def test_a_share_of_references_below_its_target(broken, damage, share):
    run(broken, damage)
    failed = failures()
    assert set(failed) == {share}
    assert failed[share]["measured"] < failed[share]["target"] - failed[share]["tolerance"]


def test_a_crm_copy_that_differs(broken):
    run(broken, "customer_db:UPDATE customer_profiles SET email = 'someone.else@example.com' WHERE customer_id = 1")
    failed = failures()
    assert set(failed) == {"the CRM's name, email and phone equal accounts_db.customers"}
    assert failed["the CRM's name, email and phone equal accounts_db.customers"]["examples"] == [1]
