"""employees_db: departments, employees (roles, managers, careers) and training programs."""

import numpy as np

from datahub_seed.distributions import load
from datahub_seed.generate.core import DAY, between, categorical, exact_flags, integers, quota_counts
from datahub_seed.generate.frame import Frame, Nullable, Pooled, Update
from datahub_seed.generate.plan import REFERRED_ROLES, ROLES, Plan, Staff
from datahub_seed.generate.pools import TEXTS, phones, pools
from datahub_seed.models import employees as model

DIST = load("employees_db")
DEPARTMENT_CODES = DIST["departments"]["codes"]
EMAIL_DOMAIN = "bank.example.com"


def role_counts(n: int) -> np.ndarray:
    """Employees per role: exact shares, but every referred-to role staffed when n allows it."""
    counts = quota_counts(DIST["employees"]["role"].probabilities, n)
    for role in REFERRED_ROLES:
        index = ROLES.index(role)
        if counts[index] == 0 and counts.max() > 1:
            counts[index] += 1
            counts[np.argmax(counts)] -= 1
    return counts


def branch_codes(plan: Plan) -> list[str]:
    count = integers(plan.run.rng("branches"), DIST["base_counts"]["branch_codes_range"], 1)[0]
    return [f"BR-{city}-01" for city in TEXTS["branch_cities"][:count]]


def generate(plan: Plan) -> list:
    run = plan.run
    rng = run.rng
    n = run.employees
    plan.branches = branch_codes(plan)

    role = rng("employees.role").permutation(np.repeat(np.arange(len(ROLES)), role_counts(n)))
    # The first employee of each role is a veteran hired ten years ago and still employed, so every
    # event in the ten-year history has someone of the right role to refer to.
    veteran = np.zeros(n, dtype=bool)
    veteran[np.unique(role, return_index=True)[1]] = True
    start = run.today - int(DIST["employees"]["history_years"] * 365.25)
    hired = np.where(veteran, start, between(rng("employees.hired"), np.full(n, start), np.full(n, run.today - 30)))
    order = np.argsort(hired, kind="stable")  # ids follow hiring order
    role, hired, veteran = role[order], hired[order], veteran[order]
    ids = np.arange(1, n + 1)

    leaving = exact_flags(rng("employees.terminated"), DIST["employees"]["terminated_share"], n) & ~veteran
    left_on = between(rng("employees.left"), hired + 30, np.full(n, run.today - 1))
    terminated = leaving & (left_on > hired)
    left = np.where(terminated, left_on, run.today + 1)
    plan.staff = Staff(ids=ids, role=role, hired=hired, left=left)

    department_rng = rng("employees.department")
    department = np.array(
        [DEPARTMENT_CODES.index(department_rng.choice(DIST["employees"]["role_department"][ROLES[r]])) for r in role]
    )
    heads, manager = managers(plan, department, terminated)

    pool = pools(run.seed)
    name_rng = rng("employees.name")
    first = name_rng.choice(len(pool.first_names), n, p=pool.first_name_p)
    last = name_rng.choice(len(pool.last_names), n, p=pool.last_name_p)
    titles = [rng("employees.title").choice(TEXTS["job_titles"][ROLES[r]]) for r in role]
    salary_rng = rng("employees.salary")
    salary = [salary_rng.integers(*DIST["employees"]["salary_range"][ROLES[r]]) // 500 * 50_000 for r in role]
    first_names = [pool.first_names[i] for i in first]
    last_names = [pool.last_names[i] for i in last]

    departments = Frame(
        model.Department.__table__,
        {
            "department_id": np.arange(1, len(DEPARTMENT_CODES) + 1),
            "department_code": list(DEPARTMENT_CODES),
            "department_name": list(DIST["departments"]["names"]),
            "budget": integers(rng("departments.budget"), DIST["departments"]["budget_range"], len(DEPARTMENT_CODES))
            // 1000
            * 100_000,
            "location": Pooled(TEXTS["department_cities"], np.arange(len(DEPARTMENT_CODES)) % 6),
        },
    )
    employees = Frame(
        model.Employee.__table__,
        {
            "employee_id": ids,
            "employee_number": [f"EMP-{i:06d}" for i in ids.tolist()],
            "first_name": first_names,
            "last_name": last_names,
            "email": [
                f"{f.lower()}.{s.lower()}{i}@{EMAIL_DOMAIN}"
                for f, s, i in zip(first_names, last_names, ids.tolist(), strict=True)
            ],
            "phone": phones(rng("employees.phone"), n),
            "department_id": department + 1,
            "role": Pooled(ROLES, role),
            "job_title": titles,
            "manager_id": manager,
            "hire_date": hired,
            "termination_date": Nullable(left, ~terminated),
            "employment_status": Pooled(("active", "terminated"), terminated.astype(int)),
            "salary": np.array(salary, dtype=np.int64),
            "branch_code": Pooled(plan.branches, rng("employees.branch").integers(0, len(plan.branches), n)),
            "department": Pooled(list(DIST["departments"]["names"]), department),
            "created_at": np.minimum(hired * DAY + DIST["employees"]["record_hour"] * 3600, run.now),
        },
    )
    head_update = Update(model.Department.__table__, "department_id", "department_head_id", *heads)
    programs = training_programs(plan)
    return [
        departments,
        employees,
        head_update,
        programs,
        enrollment_frame(plan, programs),
        review_frame(plan, manager),
        staff_assignment_frame(plan),
    ]


def managers(plan: Plan, department: np.ndarray, terminated: np.ndarray):
    """Department heads (earliest-hired active member) and a manager for 70% of employees.

    A manager is always an active member of the same department hired earlier, so the graph is
    acyclic by construction (every edge points to a smaller id).
    """
    staff = plan.staff
    n = len(staff.ids)
    staffed = np.flatnonzero(np.bincount(department))  # as np.unique, which loads numpy.ma (65 ms)
    active_members = {d: np.flatnonzero((department == d) & ~terminated) for d in staffed}
    head_of = {d: members[0] for d, members in active_members.items() if len(members)}
    eligible = np.array([i for i in range(n) if department[i] in head_of and head_of[department[i]] < i], dtype=int)
    target = min(len(eligible), round(DIST["employees"]["manager_share"] * n))
    rng = plan.run.rng("employees.manager")
    chosen = np.sort(rng.choice(eligible, target, replace=False))
    manager = np.zeros(n, dtype=np.int64)
    for i in chosen.tolist():
        members = active_members[department[i]]
        manager[i] = staff.ids[members[rng.integers(0, np.searchsorted(members, i))]]
    has_manager = np.zeros(n, dtype=bool)
    has_manager[chosen] = True
    departments = sorted(head_of)
    heads = (np.array(departments) + 1, staff.ids[[head_of[d] for d in departments]])
    return heads, Nullable(manager, ~has_manager)


def training_programs(plan: Plan) -> Frame:
    rng = plan.run.rng
    spec = DIST["training_programs"]
    count = integers(rng("training_programs.count"), DIST["base_counts"]["training_programs_range"], 1)[0]
    category = np.sort(categorical(rng("training_programs.category"), spec["category"], count))
    names: list[str] = []
    seen: dict[int, int] = {}
    for c in category.tolist():
        titles = TEXTS["training_programs"][spec["category"].values[c]]
        k = seen.get(c, 0)
        seen[c] = k + 1
        names.append(titles[k % len(titles)] + (f" {k // len(titles) + 1}" if k >= len(titles) else ""))
    return Frame(
        model.TrainingProgram.__table__,
        {
            "program_id": np.arange(1, count + 1),
            "program_name": names,
            "category": Pooled(spec["category"].values, category),
            "duration_hours": integers(rng("training_programs.hours"), spec["duration_hours_range"], count),
            "certification": exact_flags(rng("training_programs.cert"), spec["certification_share"], count),
            "is_mandatory": category == spec["category"].values.index("compliance"),
            "description": [
                f"{name}: a {spec['category'].values[c]} course." for name, c in zip(names, category, strict=True)
            ],
        },
    )


def enrollment_frame(plan: Plan, programs: Frame) -> Frame:
    """2-4 distinct programs per employee, enrolled during employment; 80% completed with a score."""
    run, rng, staff = plan.run, plan.run.rng, plan.staff
    spec = DIST["employee_training"]
    n_programs = len(programs)
    per_employee = np.minimum(integers(rng("training.count"), spec["programs_range"], len(staff.ids)), n_programs)
    who = np.repeat(np.arange(len(staff.ids)), per_employee)
    # Distinct programs: a random start and consecutive offsets, wrapping around the catalogue.
    first = np.repeat(rng("training.first").integers(0, n_programs, len(staff.ids)), per_employee)
    offset = np.arange(len(who)) - np.repeat(np.cumsum(per_employee) - per_employee, per_employee)
    program = (first + offset) % n_programs
    n = len(who)
    last_day = np.minimum(staff.left[who], run.today)
    enrolled = between(rng("training.enrolled"), staff.hired[who], last_day)
    completed = exact_flags(rng("training.completed"), spec["completed_share"], n)
    finish = np.minimum(enrolled + np.asarray(programs.columns["duration_hours"])[program] // 4 + 1, last_day)
    open_status = categorical(rng("training.open_status"), spec["open_status"], n) + 1
    certifies = np.asarray(programs.columns["certification"])[program]
    return Frame(
        model.EmployeeTraining.__table__,
        {
            "training_record_id": np.arange(1, n + 1),
            "employee_id": staff.ids[who],
            "program_id": np.asarray(programs.columns["program_id"])[program],
            "enrollment_date": enrolled,
            "status": Pooled(("completed", *spec["open_status"].values), np.where(completed, 0, open_status)),
            "completion_date": Nullable(np.maximum(finish, enrolled), ~completed),
            "score": Nullable(integers(rng("training.score"), spec["score_range"], n), ~completed),
            "certified": completed & certifies,
        },
    )


def review_frame(plan: Plan, manager: Nullable) -> Frame:
    """One review per full year of service, 1-3 of them, the latest years first; by the manager."""
    run, rng, staff = plan.run, plan.run.rng, plan.staff
    spec = DIST["performance_reviews"]
    service_end = np.minimum(staff.left, run.today)
    full_years = (service_end - staff.hired) // 365
    wanted = integers(rng("reviews.count"), spec["reviews_range"], len(staff.ids))
    per_employee = np.minimum(full_years, wanted)
    who = np.repeat(np.arange(len(staff.ids)), per_employee)
    year = np.arange(len(who)) - np.repeat(np.cumsum(per_employee) - per_employee, per_employee)
    # Reviews cover the most recent full years of service.
    period_end = staff.hired[who] + (full_years[who] - year) * 365
    n = len(who)
    review_day = np.minimum(period_end + integers(rng("reviews.delay"), spec["delay_days_range"], n), service_end[who])
    period_end = np.minimum(period_end, review_day)
    rating = np.array(spec["rating"].values, dtype=np.int64)[categorical(rng("reviews.rating"), spec["rating"], n)]
    phrases = TEXTS["performance_reviews"]["by_rating"]
    return Frame(
        model.PerformanceReview.__table__,
        {
            "review_id": np.arange(1, n + 1),
            "employee_id": staff.ids[who],
            "reviewer_id": Nullable(manager.values[who], manager.null[who]),
            "period_start": period_end - 365,
            "period_end": period_end,
            "review_date": review_day,
            "rating": rating,
            "goals_met": rating - 1 + rng("reviews.goals").integers(0, 2, n),
            "comments": Pooled(phrases, rating - 1),
        },
    )


def staff_assignment_frame(plan: Plan) -> Frame:
    """A branch for every employee, and a project for some (global: they concern no customer)."""
    run, rng, staff = plan.run, plan.run.rng, plan.staff
    spec = DIST["employee_assignments"]
    n_staff = len(staff.ids)
    projects = np.flatnonzero(exact_flags(rng("assignments.project"), spec["project_share"], n_staff))
    project_names = TEXTS["employee_assignments"]["projects"]
    employee = np.concatenate([np.arange(n_staff), projects])
    kind = np.concatenate([np.full(n_staff, 1), np.full(len(projects), 2)])
    last_day = np.minimum(staff.left[employee], run.today)
    start = np.concatenate(
        [staff.hired, between(rng("assignments.project_start"), staff.hired[projects], last_day[n_staff:])]
    )
    return assignment_frame(
        plan,
        "assignments",
        employee,
        kind,
        start,
        np.zeros(len(employee), dtype=np.int64),
        Pooled(project_names, rng("assignments.project_name").integers(0, len(project_names), len(kind))),
    )


def relationship_manager_frame(plan: Plan) -> Frame:
    """Relationship managers for 60% of the block's customers, employed since the customer joined."""
    run, rng, staff, customers = plan.run, plan.run.rng, plan.staff, plan.customers
    spec = DIST["employee_assignments"]
    managed = np.flatnonzero(
        exact_flags(rng("assignments.managed"), spec["relationship_manager_share"], len(customers.ids))
    )
    manager = staff.pick(rng("assignments.manager"), np.full(len(managed), run.today), "assigned_agent_id")
    employee = np.searchsorted(staff.ids, manager)
    start = np.maximum(customers.created[managed] // DAY, staff.hired[employee])
    return assignment_frame(
        plan, "relationships", employee, np.zeros(len(managed), dtype=np.int64), start, customers.ids[managed], None
    )


def assignment_frame(plan: Plan, stream: str, employee, kind, start, customer_id, project) -> Frame:
    """Rows of employee_assignments; a quarter (and those of people who left) have ended."""
    run, rng, staff = plan.run, plan.run.rng, plan.staff
    spec = DIST["employee_assignments"]
    n = len(kind)
    last_day = np.minimum(staff.left[employee], run.today)
    start = np.minimum(start, last_day)
    ends = exact_flags(rng(f"{stream}.ended"), spec["ended_share"], n) | (staff.left[employee] <= run.today)
    end = np.maximum(between(rng(f"{stream}.end"), start + 1, np.maximum(last_day, start + 1)), start + 1)
    ends &= end <= run.today
    branch = Pooled(plan.branches, rng(f"{stream}.branch").integers(0, len(plan.branches), n))
    named = project.values() if project is not None else [""] * n
    related = [
        (str(customer), branch_code, name)[k]
        for k, customer, branch_code, name in zip(
            kind.tolist(), np.asarray(customer_id).tolist(), branch.values(), named, strict=True
        )
    ]
    return Frame(
        model.EmployeeAssignment.__table__,
        {
            "assignment_id": plan.ids("employee_assignments", n),
            "employee_id": staff.ids[employee],
            "assignment_type": Pooled(spec["assignment_type"].values, kind),
            "customer_id": Nullable(customer_id, kind != 0),
            "branch_code": Nullable(branch, kind != 1),
            "project_name": Nullable(project if project is not None else Pooled([""], np.zeros(n, int)), kind != 2),
            "start_date": start,
            "end_date": Nullable(end, ~ends),
            "related_entity_id": related,
        },
    )


def generate_block(plan: Plan) -> list[Frame]:
    return [relationship_manager_frame(plan)]
