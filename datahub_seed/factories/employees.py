"""Factories for employees_db."""

import datetime as dt

import factory
from factory.random import randgen

from datahub_seed.distributions import load
from datahub_seed.factories.base import BaseFactory, chance, draw, money, traits, weighted, years_ago
from datahub_seed.generate.pools import TEXTS
from datahub_seed.models import employees as model

DIST = load("employees_db")
ROLES = DIST["employees"]["role"]


class DepartmentFactory(BaseFactory):
    class Meta:
        model = model.Department

    department_code = factory.Sequence(lambda n: f"D{n:03d}")
    department_name = factory.Sequence(lambda n: f"Department {n}")
    budget = factory.LazyFunction(lambda: money(DIST["departments"]["budget_range"]))
    location = factory.Faker("city")


class EmployeeFactory(BaseFactory):
    """An employee; ``EmployeeFactory(loan_officer=True)`` fixes the role, ``terminated=True`` ends the job."""

    class Meta:
        model = model.Employee

    class Params:
        locals().update(traits("role", ROLES.values))
        terminated = factory.Trait(
            employment_status="terminated",
            termination_date=factory.LazyAttribute(lambda o: o.hire_date + dt.timedelta(days=randgen.randint(30, 900))),
        )

    works_in = factory.SubFactory(DepartmentFactory)
    department = factory.SelfAttribute("works_in.department_name")
    employee_number = factory.Sequence(lambda n: f"EMP-F{n:06d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(
        lambda o: f"{o.first_name}.{o.last_name}.{o.employee_number}@bank.example.com".lower()
    )
    phone = factory.Faker("numerify", text="+1-###-555-01##")
    role = weighted(ROLES)
    job_title = factory.LazyAttribute(lambda o: randgen.choice(TEXTS["job_titles"][o.role]))
    hire_date = factory.LazyFunction(
        lambda: (years_ago(randgen.uniform(0.1, DIST["employees"]["history_years"]))).date()
    )
    termination_date = None
    employment_status = "active"
    salary = factory.LazyAttribute(lambda o: money(DIST["employees"]["salary_range"][o.role]))
    branch_code = factory.LazyFunction(lambda: f"BR-{randgen.choice(TEXTS['branch_cities'])}-01")
    created_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.hire_date, dt.time(DIST["employees"]["record_hour"]))
    )


class TrainingProgramFactory(BaseFactory):
    class Meta:
        model = model.TrainingProgram

    category = weighted(DIST["training_programs"]["category"])
    program_name = factory.Sequence(lambda n: f"Training Program {n}")
    duration_hours = factory.LazyFunction(
        lambda: randgen.randint(*map(int, DIST["training_programs"]["duration_hours_range"]))
    )
    certification = factory.LazyFunction(lambda: chance(DIST["training_programs"]["certification_share"]))
    is_mandatory = factory.LazyAttribute(lambda o: o.category == "compliance")
    description = factory.LazyAttribute(lambda o: f"{o.program_name}: a {o.category} course.")


class EmployeeTrainingFactory(BaseFactory):
    """An enrollment; ``completed=True`` gives a completion date and score."""

    class Meta:
        model = model.EmployeeTraining

    class Params:
        completed = factory.Trait(status="completed")

    employee = factory.SubFactory(EmployeeFactory)
    program = factory.SubFactory(TrainingProgramFactory)
    enrollment_date = factory.LazyAttribute(lambda o: o.employee.hire_date + dt.timedelta(days=randgen.randint(0, 30)))
    status = factory.LazyFunction(
        lambda: (
            "completed"
            if chance(DIST["employee_training"]["completed_share"])
            else draw(DIST["employee_training"]["open_status"])
        )
    )
    completion_date = factory.LazyAttribute(
        lambda o: o.enrollment_date + dt.timedelta(days=randgen.randint(1, 20)) if o.status == "completed" else None
    )
    score = factory.LazyAttribute(
        lambda o: (
            randgen.randint(*map(int, DIST["employee_training"]["score_range"])) if o.status == "completed" else None
        )
    )
    certified = factory.LazyAttribute(lambda o: o.status == "completed" and o.program.certification)


class PerformanceReviewFactory(BaseFactory):
    class Meta:
        model = model.PerformanceReview

    employee = factory.SubFactory(EmployeeFactory, hire_date=factory.LazyFunction(lambda: years_ago(3).date()))
    reviewer = factory.SubFactory(EmployeeFactory)
    period_start = factory.LazyAttribute(lambda o: o.employee.hire_date)
    period_end = factory.LazyAttribute(lambda o: o.period_start + dt.timedelta(days=365))
    review_date = factory.LazyAttribute(lambda o: o.period_end + dt.timedelta(days=randgen.randint(1, 30)))
    rating = factory.LazyFunction(lambda: int(draw(DIST["performance_reviews"]["rating"])))
    goals_met = factory.LazyAttribute(lambda o: o.rating - 1 + randgen.randint(0, 1))
    comments = factory.LazyAttribute(lambda o: TEXTS["performance_reviews"]["by_rating"][o.rating - 1])


class EmployeeAssignmentFactory(BaseFactory):
    """An assignment; ``project=True`` or ``branch=True`` for the other kinds (default: a customer)."""

    class Meta:
        model = model.EmployeeAssignment

    class Params:
        locals().update(traits("assignment_type", DIST["employee_assignments"]["assignment_type"].values))

    employee = factory.SubFactory(EmployeeFactory)
    assignment_type = "relationship_manager"
    customer_id = factory.LazyAttribute(
        lambda o: randgen.randint(1, 1200) if o.assignment_type == "relationship_manager" else None
    )
    branch_code = factory.LazyAttribute(
        lambda o: f"BR-{randgen.choice(TEXTS['branch_cities'])}-01" if o.assignment_type == "branch" else None
    )
    project_name = factory.LazyAttribute(
        lambda o: randgen.choice(TEXTS["employee_assignments"]["projects"]) if o.assignment_type == "project" else None
    )
    start_date = factory.LazyAttribute(lambda o: o.employee.hire_date)
    end_date = None
    related_entity_id = factory.LazyAttribute(
        lambda o: str(o.customer_id) if o.customer_id is not None else o.branch_code or o.project_name
    )
