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


def test_every_employee_enrols_in_two_to_four_distinct_programs(seeded):
    """SPEC: "2-4 programs per employee, distinct" (every employee, those who left included)."""
    db = seeded["employees_db"]
    low, high = SPEC["employees_db:employee_training.programs_range"]
    assert_none(
        db,
        "SELECT e.employee_id, count(t.program_id), count(DISTINCT t.program_id) FROM employees e"
        " LEFT JOIN employee_training t USING (employee_id) GROUP BY 1 HAVING"
        f" count(t.program_id) NOT BETWEEN {low} AND {high} OR count(DISTINCT t.program_id) <> count(t.program_id)",
    )
    # Each count of the range occurs: the range is used, not one number in it.
    counts = {n for (n,) in rows(db, "SELECT count(*) FROM employee_training GROUP BY employee_id")}
    assert counts == set(range(low, high + 1)), counts


def test_one_to_three_yearly_reviews_after_a_year_of_service_rated_one_to_five(seeded):
    """SPEC: "1-3 yearly reviews per employee after a year of service; rating 1-5". A year of service
    is 365 days up to the termination or as-of; someone with less has no review yet."""
    db = seeded["employees_db"]
    low, high = SPEC["employees_db:performance_reviews.reviews_range"]
    served = "LEAST(COALESCE(e.termination_date, DATE '2026-06-30'), DATE '2026-06-30') - e.hire_date"
    per_employee = rows(
        db,
        f"SELECT e.employee_id, {served} >= 365, count(r.review_id) FROM employees e"
        " LEFT JOIN performance_reviews r USING (employee_id) GROUP BY e.employee_id, e.hire_date, e.termination_date",
    )
    assert [(e, n) for e, year, n in per_employee if year and not low <= n <= high] == []
    assert [(e, n) for e, year, n in per_employee if not year and n != 0] == []
    assert {n for _, year, n in per_employee if year} == set(range(low, high + 1))
    # After a year of service: the year reviewed starts on or after the hire and has ended by the review.
    assert_none(
        db,
        "SELECT r.review_id FROM performance_reviews r JOIN employees e USING (employee_id)"
        " WHERE r.period_start < e.hire_date OR r.review_date < r.period_end OR r.review_date < e.hire_date + 365",
    )
    # Yearly: each review covers one year, and an employee's reviews cover different years.
    assert_none(db, "SELECT review_id FROM performance_reviews WHERE period_end - period_start NOT BETWEEN 365 AND 366")
    assert_none(
        db,
        "SELECT a.review_id, b.review_id FROM performance_reviews a JOIN performance_reviews b"
        " ON a.employee_id = b.employee_id AND a.review_id < b.review_id"
        " WHERE a.period_start < b.period_end AND b.period_start < a.period_end",
    )
    ratings = {str(r) for (r,) in rows(db, "SELECT DISTINCT rating FROM performance_reviews")}
    assert ratings == SPEC["employees_db:performance_reviews.rating"], ratings


def test_branch_and_project_assignments_have_a_start_and_an_optional_later_end(seeded):
    """SPEC: assignments of employees to customers, branches and projects, "with start and optional
    end dates"; a branch assignment names one of the fixed branch codes."""
    db = seeded["employees_db"]
    kinds = {
        kind: (total, ended)
        for kind, total, ended in rows(
            db, "SELECT assignment_type, count(*), count(end_date) FROM employee_assignments GROUP BY 1"
        )
    }
    assert set(kinds) == SPEC["employees_db:employee_assignments.assignment_type"]
    # Optional: of every kind some have ended and some go on.
    assert all(0 < ended < total for total, ended in kinds.values()), kinds
    assert_none(
        db,
        "SELECT assignment_id FROM employee_assignments WHERE start_date IS NULL OR end_date <= start_date"
        " OR (assignment_type = 'branch') <> (branch_code IS NOT NULL)"
        " OR (assignment_type = 'project') <> (project_name IS NOT NULL)"
        " OR (assignment_type = 'relationship_manager') <> (customer_id IS NOT NULL)",
    )
    branches = {b for (b,) in rows(db, "SELECT DISTINCT branch_code FROM employees")}
    assigned = {
        b for (b,) in rows(db, "SELECT DISTINCT branch_code FROM employee_assignments WHERE branch_code IS NOT NULL")
    }
    assert assigned <= branches, assigned - branches


def test_employee_activity_falls_between_hire_and_termination(seeded):
    """SPEC "Time": no employee activity before `hire_date` or after `termination_date`: enrolments,
    completions, reviews (the year reviewed, the review and its reviewer) and assignments."""
    db = seeded["employees_db"]
    outside = "{day} < e.hire_date OR {day} > COALESCE(e.termination_date, DATE '2026-06-30')"
    for table, person, days in (
        ("employee_training", "employee_id", ("enrollment_date", "completion_date")),
        ("performance_reviews", "employee_id", ("period_start", "period_end", "review_date")),
        ("performance_reviews", "reviewer_id", ("review_date",)),
        ("employee_assignments", "employee_id", ("start_date", "end_date")),
    ):
        assert scalar(db, f"SELECT count({person}) FROM {table}") > 0, (table, person)
        for day in days:
            assert_none(
                db,
                f"SELECT a.{day}, e.employee_id, e.hire_date, e.termination_date FROM {table} a"
                f" JOIN employees e ON e.employee_id = a.{person} WHERE {outside.format(day=f'a.{day}')}",
            )
    # Those who left are part of it: their activity ends by their termination.
    assert (
        scalar(
            db,
            "SELECT count(*) FROM employee_training t JOIN employees e USING (employee_id)"
            " WHERE e.termination_date IS NOT NULL",
        )
        > 0
    )
