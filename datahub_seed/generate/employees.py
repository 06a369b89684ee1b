"""employees_db: departments, employees (roles, managers, careers) and training programs."""

import numpy as np

from datahub_seed.distributions import load
from datahub_seed.generate.core import between, categorical, exact_flags, integers, quota_counts
from datahub_seed.generate.frame import Frame, Nullable, Pooled, Update
from datahub_seed.generate.plan import REFERENCES, ROLES, Plan, Staff
from datahub_seed.generate.pools import TEXTS, pools
from datahub_seed.models import employees as model

DIST = load("employees_db")
DEPARTMENT_CODES = DIST["departments"]["codes"]
EMAIL_DOMAIN = "bank.example.com"


def role_counts(n: int) -> np.ndarray:
    """Employees per role: exact shares, but every referred-to role staffed when n allows it."""
    counts = quota_counts(DIST["employees"]["role"].probabilities, n)
    for role in dict.fromkeys(r for roles in REFERENCES.values() for r in roles[:1]):
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
        },
    )
    head_update = Update(model.Department.__table__, "department_id", "department_head_id", *heads)
    return [departments, employees, head_update, training_programs(plan)]


def managers(plan: Plan, department: np.ndarray, terminated: np.ndarray):
    """Department heads (earliest-hired active member) and a manager for 70% of employees.

    A manager is always an active member of the same department hired earlier, so the graph is
    acyclic by construction (every edge points to a smaller id).
    """
    staff = plan.staff
    n = len(staff.ids)
    active_members = {d: np.flatnonzero((department == d) & ~terminated) for d in np.unique(department)}
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
    names, seen = [], {}
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
            "provides_certification": exact_flags(rng("training_programs.cert"), spec["certification_share"], count),
            "is_mandatory": category == spec["category"].values.index("compliance"),
            "description": [
                f"{name}: a {spec['category'].values[c]} course." for name, c in zip(names, category, strict=True)
            ],
        },
    )


def phones(rng: np.random.Generator, n: int) -> list[str]:
    """North American numbers in the 555-01xx range reserved for fiction."""
    area = rng.integers(201, 990, n)
    line = rng.integers(100, 200, n)
    return [f"+1-{a}-555-0{b}" for a, b in zip(area.tolist(), line.tolist(), strict=True)]
