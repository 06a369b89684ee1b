"""employees_db: the bank's people, their departments, training, reviews and assignments."""

from typing import ClassVar

from sqlalchemy import Boolean, ForeignKey, SmallInteger, String, Table, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from datahub_seed.distributions import load
from datahub_seed.models.base import (
    Code,
    CustomerRef,
    Day,
    IntPK,
    Moment,
    Money,
    Name,
    Prose,
    check,
    new_metadata,
    one_of,
)

DIST = load("employees_db")


class Base(DeclarativeBase):
    metadata = new_metadata()
    __table__: ClassVar[Table]  # every model here maps a Table (DeclarativeBase says any FromClause)


class Department(Base):
    __tablename__ = "departments"
    __table_args__ = (
        check("budget_not_negative", "budget >= 0"),
        {"comment": "The bank's departments, each with a budget and a head."},
    )

    department_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the department.")
    department_code: Mapped[Code] = mapped_column(unique=True, comment="Short unique department code, e.g. LND.")
    department_name: Mapped[Name] = mapped_column(unique=True, comment="Department name, e.g. Lending.")
    budget: Mapped[Money] = mapped_column(comment="Annual budget in USD.")
    department_head_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.employee_id", use_alter=True),
        index=True,
        comment="Employee who heads the department; always a member of it. Empty while it has no staff.",
    )
    location: Mapped[Name] = mapped_column(comment="City of the department's main office.")


class Employee(Base):
    __tablename__ = "employees"
    __table_args__ = (
        one_of("role", DIST["employees"]["role"].values),
        one_of("employment_status", ["active", "terminated"]),
        check("termination_after_hire", "termination_date IS NULL OR termination_date > hire_date"),
        check(
            "terminated_has_date",
            "(employment_status = 'terminated') = (termination_date IS NOT NULL)",
        ),
        check("not_own_manager", "manager_id IS NULL OR manager_id <> employee_id"),
        check("salary_positive", "salary > 0"),
        {"comment": "Everyone the bank employs or employed, with role, department, manager and pay."},
    )

    employee_id: Mapped[IntPK] = mapped_column(comment="Surrogate key; other databases refer to employees by it.")
    employee_number: Mapped[Code] = mapped_column(unique=True, comment="Unique HR number, e.g. EMP-000042.")
    first_name: Mapped[Name] = mapped_column(comment="Given name.")
    last_name: Mapped[Name] = mapped_column(comment="Family name.")
    email: Mapped[str] = mapped_column(String(200), unique=True, comment="Unique work email address.")
    phone: Mapped[Code] = mapped_column(comment="Work phone number.")
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.department_id"), index=True, comment="Department the employee works in."
    )
    role: Mapped[Code] = mapped_column(
        comment="Role: customer_service, loan_officer, insurance_agent, compliance_officer, teller, analyst "
        "or branch_manager."
    )
    job_title: Mapped[Name] = mapped_column(comment="Job title as printed on the business card.")
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.employee_id"),
        index=True,
        comment="The employee's manager, in the same department; empty for those who report to no one.",
    )
    hire_date: Mapped[Day] = mapped_column(comment="First day of employment.")
    termination_date: Mapped[Day | None] = mapped_column(comment="Last day of employment; empty while employed.")
    employment_status: Mapped[Code] = mapped_column(comment="active or terminated.")
    salary: Mapped[Money] = mapped_column(comment="Annual base salary in USD, banded by role.")
    branch_code: Mapped[Code] = mapped_column(comment="Branch the employee is based at, e.g. BR-NYC-01.")
    department: Mapped[Name] = mapped_column(comment="Name of the department (department_id), as HR reports show it.")
    created_at: Mapped[Moment] = mapped_column(comment="When the HR record was made: the morning of the hire date.")

    works_in: Mapped[Department] = relationship(foreign_keys=[department_id])
    manager: Mapped["Employee | None"] = relationship(remote_side=[employee_id], foreign_keys=[manager_id])


class TrainingProgram(Base):
    __tablename__ = "training_programs"
    __table_args__ = (
        one_of("category", DIST["training_programs"]["category"].values),
        check("duration_hours_range", "duration_hours BETWEEN 1 AND 200"),
        {"comment": "Courses the bank offers its staff."},
    )

    program_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the program.")
    program_name: Mapped[Name] = mapped_column(unique=True, comment="Unique course title.")
    category: Mapped[Code] = mapped_column(comment="compliance, product, customer_service, technical or leadership.")
    duration_hours: Mapped[int] = mapped_column(SmallInteger, comment="Length of the course in hours.")
    certification: Mapped[bool] = mapped_column(Boolean, comment="True when completing the course earns a certificate.")
    is_mandatory: Mapped[bool] = mapped_column(Boolean, comment="True when every employee must take it.")
    description: Mapped[Prose] = mapped_column(comment="What the course teaches.")


class EmployeeTraining(Base):
    __tablename__ = "employee_training"
    __table_args__ = (
        UniqueConstraint("employee_id", "program_id"),
        one_of("status", ["completed", *DIST["employee_training"]["open_status"].values]),
        check("score_range", "score IS NULL OR score BETWEEN 0 AND 100"),
        check("completion_after_enrollment", "completion_date IS NULL OR completion_date >= enrollment_date"),
        check(
            "completed_has_result",
            "(status = 'completed') = (completion_date IS NOT NULL AND score IS NOT NULL)",
        ),
        {"comment": "Which employee took which training program, and how it went."},
    )

    training_record_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the enrollment.")
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.employee_id"), index=True, comment="The employee enrolled."
    )
    program_id: Mapped[int] = mapped_column(
        ForeignKey("training_programs.program_id"), index=True, comment="The program enrolled in."
    )
    enrollment_date: Mapped[Day] = mapped_column(comment="Day of enrollment, during employment.")
    status: Mapped[Code] = mapped_column(comment="completed, enrolled, in_progress or withdrawn.")
    completion_date: Mapped[Day | None] = mapped_column(comment="Day the program was completed.")
    score: Mapped[int | None] = mapped_column(SmallInteger, comment="Final assessment score, 0-100.")
    certified: Mapped[bool] = mapped_column(Boolean, comment="True when the completed program granted a certificate.")

    employee: Mapped[Employee] = relationship()
    program: Mapped[TrainingProgram] = relationship()


class PerformanceReview(Base):
    __tablename__ = "performance_reviews"
    __table_args__ = (
        check("rating_range", "rating BETWEEN 1 AND 5"),
        check("goals_met_range", "goals_met IS NULL OR goals_met BETWEEN 0 AND 5"),
        check("period_ordered", "period_start < period_end AND period_end <= review_date"),
        check("not_self_review", "reviewer_id IS NULL OR reviewer_id <> employee_id"),
        {"comment": "Yearly performance reviews, from the second year of service."},
    )

    review_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the review.")
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.employee_id"), index=True, comment="The employee reviewed."
    )
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.employee_id"),
        index=True,
        comment="The reviewing manager; empty for employees without a manager.",
    )
    period_start: Mapped[Day] = mapped_column(comment="First day of the year under review.")
    period_end: Mapped[Day] = mapped_column(comment="Last day of the year under review.")
    review_date: Mapped[Day] = mapped_column(comment="Day the review was held.")
    rating: Mapped[int] = mapped_column(SmallInteger, comment="Overall rating, 1 (poor) to 5 (outstanding).")
    goals_met: Mapped[int | None] = mapped_column(
        SmallInteger, comment="How many of the year's five goals were met, in line with the rating."
    )
    comments: Mapped[Prose] = mapped_column(comment="Reviewer's summary.")

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    reviewer: Mapped[Employee | None] = relationship(foreign_keys=[reviewer_id])


class EmployeeAssignment(Base):
    __tablename__ = "employee_assignments"
    __table_args__ = (
        one_of("assignment_type", DIST["employee_assignments"]["assignment_type"].values),
        check("end_after_start", "end_date IS NULL OR end_date > start_date"),
        check(
            "target_matches_type",
            "(assignment_type = 'relationship_manager') = (customer_id IS NOT NULL)"
            " AND (assignment_type = 'branch') = (branch_code IS NOT NULL)"
            " AND (assignment_type = 'project') = (project_name IS NOT NULL)",
        ),
        {"comment": "Employees assigned to customers (as relationship managers), branches and projects."},
    )

    assignment_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the assignment.")
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.employee_id"), index=True, comment="The employee assigned."
    )
    assignment_type: Mapped[Code] = mapped_column(comment="relationship_manager, branch or project.")
    customer_id: Mapped[CustomerRef | None] = mapped_column(
        comment="For relationship managers: the customer (accounts_db.customers.customer_id)."
    )
    branch_code: Mapped[Code | None] = mapped_column(comment="For branch assignments: the branch.")
    project_name: Mapped[Name | None] = mapped_column(comment="For project assignments: the project.")
    start_date: Mapped[Day] = mapped_column(comment="First day of the assignment.")
    end_date: Mapped[Day | None] = mapped_column(comment="Last day; empty while it continues.")
    related_entity_id: Mapped[str | None] = mapped_column(
        String(100), comment="What the employee is assigned to: the customer_id, the branch code or the project name."
    )

    employee: Mapped[Employee] = relationship()
