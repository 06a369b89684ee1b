"""SPEC.md "employees_db" at scale 1.0: departments, employees, training programs."""

import math

from spec import assert_none, assert_share, assert_shares, rows, scalar
from spec_targets import SPEC


def test_twelve_departments_each_headed_by_a_member(seeded):
    db = seeded["employees_db"]
    assert scalar(db, "SELECT count(*) FROM departments") == SPEC["employees_db:base_counts.departments"]
    assert_none(
        db,
        "SELECT d.department_id FROM departments d JOIN employees e ON e.employee_id = d.department_head_id"
        " WHERE e.department_id <> d.department_id OR e.employment_status <> 'active'",
    )
    # Every department with active staff has a head.
    assert_none(
        db,
        "SELECT d.department_id FROM departments d WHERE d.department_head_id IS NULL AND EXISTS"
        " (SELECT 1 FROM employees e WHERE e.department_id = d.department_id AND e.employment_status = 'active')",
    )


def test_employee_count_and_unique_numbers_and_emails(seeded):
    db = seeded["employees_db"]
    employees = SPEC["employees_db:base_counts.employees"]
    assert scalar(db, "SELECT count(*) FROM employees") == employees
    assert scalar(db, "SELECT count(DISTINCT employee_number) FROM employees") == employees
    assert scalar(db, "SELECT count(DISTINCT lower(email)) FROM employees") == employees


def test_role_mix(seeded):
    assert_shares(
        seeded["employees_db"],
        "employees",
        "CASE WHEN role IN ('teller', 'analyst', 'branch_manager') THEN 'teller|analyst|branch_manager' ELSE role END",
        SPEC["employees_db:employees.role"],
    )


def test_seventy_percent_have_a_manager_in_the_same_department_without_cycles(seeded):
    db = seeded["employees_db"]
    assert_share(
        db,
        "SELECT count(*) FROM employees WHERE manager_id IS NOT NULL",
        "SELECT count(*) FROM employees",
        SPEC["employees_db:employees.manager_share"],
    )
    assert_none(
        db,
        "SELECT e.employee_id FROM employees e JOIN employees m ON m.employee_id = e.manager_id"
        " WHERE m.department_id <> e.department_id",
    )
    cycles = (
        "WITH RECURSIVE chain(start, current, depth) AS ("
        " SELECT employee_id, manager_id, 1 FROM employees WHERE manager_id IS NOT NULL"
        " UNION ALL SELECT c.start, e.manager_id, c.depth + 1 FROM chain c JOIN employees e"
        " ON e.employee_id = c.current WHERE e.manager_id IS NOT NULL AND c.depth < 1000)"
        " SELECT start FROM chain WHERE current = start"
    )
    assert_none(db, cycles)


def test_hires_span_ten_years_and_five_percent_left_after_joining(seeded):
    db = seeded["employees_db"]
    years = SPEC["employees_db:employees.history_years"]
    span = scalar(db, "SELECT max(hire_date) - min(hire_date) FROM employees")
    assert 8 * 365 <= span <= years * 366
    earliest = scalar(db, f"SELECT DATE '2026-06-30' - {math.ceil(years * 365.25)}")
    assert scalar(db, "SELECT min(hire_date) FROM employees") >= earliest
    assert_share(
        db,
        "SELECT count(*) FROM employees WHERE employment_status = 'terminated'",
        "SELECT count(*) FROM employees",
        SPEC["employees_db:employees.terminated_share"],
    )
    assert_none(db, "SELECT employee_id FROM employees WHERE termination_date <= hire_date")
    assert_none(db, "SELECT employee_id FROM employees WHERE termination_date > DATE '2026-06-30'")


def test_salary_bands_by_role_and_branch_codes(seeded):
    db = seeded["employees_db"]
    bands = dict(
        (r, (lo, hi)) for r, lo, hi in rows(db, "SELECT role, min(salary), max(salary) FROM employees GROUP BY 1")
    )
    assert bands["teller"][1] < bands["branch_manager"][0]  # bands differ by role
    assert bands["customer_service"][1] < bands["compliance_officer"][1]
    assert all(lo > 0 for lo, _ in bands.values())
    _, most_branches = SPEC["employees_db:base_counts.branch_codes_range"]
    assert 1 <= scalar(db, "SELECT count(DISTINCT branch_code) FROM employees") <= most_branches


def test_referred_roles_have_an_active_employee(seeded):
    active = {
        r
        for (r,) in rows(
            seeded["employees_db"], "SELECT DISTINCT role FROM employees WHERE employment_status = 'active'"
        )
    }
    assert {"customer_service", "loan_officer", "insurance_agent", "compliance_officer"} <= active


def test_training_programs(seeded):
    db = seeded["employees_db"]
    count = scalar(db, "SELECT count(*) FROM training_programs")
    low, high = SPEC["employees_db:base_counts.training_programs_range"]
    assert low <= count <= high
    shortest, longest = SPEC["employees_db:training_programs.duration_hours_range"]
    assert_none(
        db, f"SELECT program_id FROM training_programs WHERE duration_hours NOT BETWEEN {shortest} AND {longest}"
    )
    categories = {c for (c,) in rows(db, "SELECT DISTINCT category FROM training_programs")}
    assert categories == SPEC["employees_db:training_programs.category"]
    certified = scalar(db, "SELECT count(*) FROM training_programs WHERE certification")
    assert abs(certified / count - SPEC["employees_db:training_programs.certification_share"]) <= 0.05


def test_enrollments_completed_with_a_score_after_enrollment(seeded):
    db = seeded["employees_db"]
    assert_share(
        db,
        "SELECT count(*) FROM employee_training WHERE status = 'completed'",
        "SELECT count(*) FROM employee_training",
        SPEC["employees_db:employee_training.completed_share"],
    )
    assert_none(
        db,
        "SELECT training_record_id FROM employee_training WHERE (status = 'completed')"
        " <> (completion_date IS NOT NULL AND score IS NOT NULL) OR completion_date < enrollment_date",
    )


def test_the_reviewer_is_the_employees_manager(seeded):
    """SPEC: the reviewer is the manager where there is one."""
    db = seeded["employees_db"]
    assert (
        scalar(
            db,
            "SELECT count(*) FROM performance_reviews r JOIN employees e USING (employee_id)"
            " WHERE e.manager_id IS NOT NULL",
        )
        > 0
    )
    assert_none(
        db,
        "SELECT r.review_id FROM performance_reviews r JOIN employees e USING (employee_id)"
        " WHERE e.manager_id IS NOT NULL AND r.reviewer_id IS DISTINCT FROM e.manager_id",
    )


def test_relationship_managers_for_their_share_of_customers_from_the_day_they_joined(seeded):
    db = seeded["employees_db"]
    joined = dict(rows(seeded["accounts_db"], "SELECT customer_id, created_at::date FROM customers"))
    managed = rows(
        db,
        "SELECT customer_id, start_date FROM employee_assignments WHERE assignment_type = 'relationship_manager'",
    )
    share = len({customer for customer, _ in managed}) / len(joined)
    assert abs(share - SPEC["employees_db:employee_assignments.relationship_manager_share"]) <= 0.03, share
    assert [(c, day) for c, day in managed if day < joined[c]] == []
