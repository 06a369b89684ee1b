"""Factories for employees_db, and ``employed()``: the employee another row refers to."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import factory
from factory.random import randgen
from sqlalchemy import or_, select

from datahub_seed.distributions import load
from datahub_seed.factories.base import (
    DAY,
    TEXTS,
    YEAR,
    BaseFactory,
    FindOrMake,
    SubFactory,
    as_of,
    branch_code,
    chance,
    day_between,
    draw,
    find_or_make,
    integer,
    money,
    phone,
    today,
    traits,
    weighted,
    years_ago,
)
from datahub_seed.models import employees as model

DIST = load("employees_db")
ROLES = DIST["employees"]["role"]
REFERENCES = DIST["references"]


def history_start() -> dt.date:
    """SPEC "Time": history reaches back at most 10 years."""
    return years_ago(DIST["employees"]["history_years"]).date()


def last_day(employee: model.Employee) -> dt.date:
    """The last day the employee worked, or as-of for one still employed."""
    return min(employee.termination_date or today(), today())


class DepartmentFactory(BaseFactory[model.Department]):
    """A department of the bank, with a budget (SPEC employees_db: and a head, once it has staff);
    a new employee joins one found in the session, or makes one."""

    class Meta:
        model = model.Department

    department_code = factory.Sequence(lambda n: f"D{n:03d}")
    department_name = factory.Sequence(lambda n: f"Department {n}")
    budget = factory.LazyFunction(lambda: money(DIST["departments"]["budget_range"]))
    location = factory.LazyFunction(lambda: randgen.choice(TEXTS["department_cities"]))


class EmployeeFactory(BaseFactory[model.Employee]):
    """An employee hired in the last ten years, still employed (``terminated=True`` ends the job),
    in a department found or made. Rows of other databases that name an employee find one of the
    right role employed on their day, or make one hired by then (``employed()``)."""

    class Meta:
        model = model.Employee

    class Params:
        locals().update(traits("role", ROLES.values))
        terminated = factory.Trait(
            employment_status="terminated",
            termination_date=factory.LazyAttribute(lambda o: day_between(o.hire_date + DAY, today())),
        )

    works_in = find_or_make(DepartmentFactory)
    department = factory.SelfAttribute("works_in.department_name")
    employee_number = factory.Sequence(lambda n: f"EMP-F{n:06d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(
        lambda o: f"{o.first_name}.{o.last_name}.{o.employee_number}@bank.example.com".lower()
    )
    phone = phone()
    role = weighted(ROLES)
    job_title = factory.LazyAttribute(lambda o: randgen.choice(TEXTS["job_titles"][o.role]))
    hire_date = factory.LazyFunction(lambda: day_between(history_start(), today() - DAY))
    termination_date = None
    employment_status = "active"
    salary = factory.LazyAttribute(lambda o: money(DIST["employees"]["salary_range"][o.role]))
    branch_code = factory.LazyFunction(branch_code)
    created_at = factory.LazyAttribute(
        lambda o: min(dt.datetime.combine(o.hire_date, dt.time(DIST["employees"]["record_hour"])), as_of())
    )


def employed(day: Callable[[Any], dt.date] | None, reference: str | None = None) -> FindOrMake:
    """The employee a row names in its column ``reference`` (whose role employees_db.toml
    [references] may fix), employed on the row's day ``day(o)`` (SPEC "Integrity"); ``day=None``:
    employed now. Found in the session, else made, hired on or before that day; one given must be
    employed that day, in that role."""
    roles = REFERENCES.get(reference, ())

    def on(o) -> dt.date:
        return today() if day is None else day(o)

    def where(o) -> list:
        stays = model.Employee.termination_date.is_(None)
        fits = [
            model.Employee.hire_date <= on(o),
            stays if day is None else or_(stays, model.Employee.termination_date >= on(o)),
        ]
        return [*fits, model.Employee.role.in_(roles)] if roles else fits

    def unfit(o) -> str:
        return f"was not employed on {on(o)}" + (f" as {' or '.join(roles)}" if roles else "")

    hired = factory.LazyAttribute(
        lambda o: day_between(min(history_start(), on(o.factory_parent)), on(o.factory_parent))
    )
    return find_or_make(EmployeeFactory, where, unfit, hire_date=hired, **({"role": roles[0]} if roles else {}))


class TrainingProgramFactory(BaseFactory[model.TrainingProgram]):
    """A training program (SPEC: 2-40 hours, 30% certify; compliance courses are mandatory); an
    enrollment takes one found in the session that the employee has not taken, or makes one."""

    class Meta:
        model = model.TrainingProgram

    category = weighted(DIST["training_programs"]["category"])
    program_name = factory.Sequence(lambda n: f"Training Program {n}")
    duration_hours = factory.LazyFunction(lambda: integer(DIST["training_programs"]["duration_hours_range"]))
    certification = factory.LazyFunction(lambda: chance(DIST["training_programs"]["certification_share"]))
    is_mandatory = factory.LazyAttribute(lambda o: o.category == "compliance")
    description = factory.LazyAttribute(lambda o: f"{o.program_name}: a {o.category} course.")


class EmployeeTrainingFactory(BaseFactory[model.EmployeeTraining]):
    """An enrollment of a new employee in a program found (one the employee has not taken) or made,
    during employment; 80% completed, with a score (``completed=True`` forces it)."""

    class Meta:
        model = model.EmployeeTraining

    class Params:
        completed = factory.Trait(status="completed")

    employee = SubFactory(EmployeeFactory)
    program = find_or_make(
        TrainingProgramFactory,
        lambda o: [
            model.TrainingProgram.program_id.not_in(
                select(model.EmployeeTraining.program_id).where(
                    model.EmployeeTraining.employee_id == o.employee.employee_id
                )
            )
        ],
    )
    enrollment_date = factory.LazyAttribute(lambda o: day_between(o.employee.hire_date, last_day(o.employee)))
    status = factory.LazyFunction(
        lambda: (
            "completed"
            if chance(DIST["employee_training"]["completed_share"])
            else draw(DIST["employee_training"]["open_status"])
        )
    )
    completion_date = factory.LazyAttribute(
        lambda o: day_between(o.enrollment_date, last_day(o.employee)) if o.status == "completed" else None
    )
    score = factory.LazyAttribute(
        lambda o: integer(DIST["employee_training"]["score_range"]) if o.status == "completed" else None
    )
    certified = factory.LazyAttribute(lambda o: o.status == "completed" and o.program.certification)


class PerformanceReviewFactory(BaseFactory[model.PerformanceReview]):
    """A yearly review of an employee with over a year of service, covering one full year of it and
    held within a month after (SPEC: after a year of service); the reviewer is the employee's
    manager, when there is one."""

    class Meta:
        model = model.PerformanceReview

    class Params:
        years_served = factory.LazyAttribute(
            lambda o: max(1, (last_day(o.employee) - o.employee.hire_date).days // 365)
        )

    employee = SubFactory(
        EmployeeFactory, hire_date=factory.LazyFunction(lambda: day_between(history_start(), today() - YEAR - DAY))
    )
    reviewer = factory.SelfAttribute("employee.manager")
    period_end = factory.LazyAttribute(lambda o: o.employee.hire_date + YEAR * randgen.randint(1, o.years_served))
    period_start = factory.LazyAttribute(lambda o: o.period_end - YEAR)
    review_date = factory.LazyAttribute(
        lambda o: min(
            o.period_end + DAY * integer(DIST["performance_reviews"]["delay_days_range"]),
            last_day(o.employee),
        )
    )
    rating = factory.LazyFunction(lambda: int(draw(DIST["performance_reviews"]["rating"])))
    goals_met = factory.LazyAttribute(lambda o: o.rating - 1 + randgen.randint(0, 1))
    comments = factory.LazyAttribute(lambda o: TEXTS["performance_reviews"]["by_rating"][o.rating - 1])


class EmployeeAssignmentFactory(BaseFactory[model.EmployeeAssignment]):
    """An assignment: by default a relationship manager (SPEC: a customer_service or branch manager
    employed now) to a customer found or made in accounts_db, from the day both were there;
    ``branch=True`` or ``project=True`` for the other kinds. A quarter have ended."""

    class Meta:
        model = model.EmployeeAssignment

    class Params:
        locals().update(traits("assignment_type", DIST["employee_assignments"]["assignment_type"].values))
        customer = factory.Maybe(
            factory.LazyAttribute(lambda o: o.assignment_type == "relationship_manager"),
            find_or_make("datahub_seed.factories.accounts.CustomerFactory"),
            None,
        )
        ended = factory.LazyFunction(lambda: chance(DIST["employee_assignments"]["ended_share"]))

    assignment_type = "relationship_manager"
    employee = factory.Maybe(
        factory.SelfAttribute("customer"),
        employed(None, "assigned_agent_id"),
        employed(lambda o: today()),
    )
    customer_id = factory.SelfAttribute("customer.customer_id", None)
    branch_code = factory.LazyAttribute(lambda o: branch_code() if o.assignment_type == "branch" else None)
    project_name = factory.LazyAttribute(
        lambda o: randgen.choice(TEXTS["employee_assignments"]["projects"]) if o.assignment_type == "project" else None
    )
    start_date = factory.LazyAttribute(
        lambda o: (
            max(o.employee.hire_date, o.customer.created_at.date())
            if o.customer
            else day_between(o.employee.hire_date, last_day(o.employee))
        )
    )
    end_date = factory.LazyAttribute(
        lambda o: day_between(o.start_date + DAY, max(today(), o.start_date + DAY)) if o.ended else None
    )
    related_entity_id = factory.LazyAttribute(
        lambda o: str(o.customer_id) if o.customer_id is not None else o.branch_code or o.project_name
    )
