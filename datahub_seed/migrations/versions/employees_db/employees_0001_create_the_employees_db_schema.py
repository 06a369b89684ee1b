"""create the employees_db schema

Revision ID: employees_0001
Revises: 
Create Date: 2026-11-24 03:26:26.614576
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'employees_0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS dhub")
    op.create_table('departments',
    sa.Column('department_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the department.'),
    sa.Column('department_code', sa.String(length=32), nullable=False, comment='Short unique department code, e.g. LND.'),
    sa.Column('department_name', sa.String(length=100), nullable=False, comment='Department name, e.g. Lending.'),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=False, comment='Annual budget in USD.'),
    sa.Column('department_head_id', sa.Integer(), nullable=True, comment='Employee who heads the department; always a member of it. Empty while it has no staff.'),
    sa.Column('location', sa.String(length=100), nullable=False, comment="City of the department's main office."),
    sa.CheckConstraint('budget >= 0', name=op.f('ck_departments_budget_not_negative')),
    sa.PrimaryKeyConstraint('department_id', name=op.f('pk_departments')),
    sa.UniqueConstraint('department_code', name=op.f('uq_departments_department_code')),
    sa.UniqueConstraint('department_name', name=op.f('uq_departments_department_name')),
    comment="The bank's departments, each with a budget and a head."
    )
    op.create_index(op.f('ix_departments_department_head_id'), 'departments', ['department_head_id'], unique=False)
    op.create_table('seed_runs',
    sa.Column('run_id', sa.Integer(), sa.Identity(always=False), nullable=False, comment='Surrogate key of the run.'),
    sa.Column('run_token', sa.String(length=36), nullable=False, comment='Shared by the six databases a run wrote.'),
    sa.Column('seed', sa.BigInteger(), nullable=False, comment='Random seed of the run.'),
    sa.Column('scale', sa.Float(), nullable=False, comment='Scale factor of the run.'),
    sa.Column('customers', sa.Integer(), nullable=False, comment='Number of customers generated.'),
    sa.Column('employees', sa.Integer(), nullable=False, comment='Number of employees generated.'),
    sa.Column('as_of', sa.DateTime(), nullable=False, comment='Reference moment: no event lies after it.'),
    sa.Column('started_at', sa.DateTime(), nullable=False, comment='Wall-clock start of the run.'),
    sa.Column('finished_at', sa.DateTime(), nullable=True, comment='Wall-clock end of a complete run.'),
    sa.Column('tool_version', sa.String(length=32), nullable=False, comment='datahub-seed version that wrote the data.'),
    sa.PrimaryKeyConstraint('run_id', name=op.f('pk_seed_runs')),
    schema='dhub',
    comment='Runs of datahub-seed that wrote this database.'
    )
    op.create_table('training_programs',
    sa.Column('program_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the program.'),
    sa.Column('program_name', sa.String(length=100), nullable=False, comment='Unique course title.'),
    sa.Column('category', sa.String(length=32), nullable=False, comment='compliance, product, customer_service, technical or leadership.'),
    sa.Column('duration_hours', sa.SmallInteger(), nullable=False, comment='Length of the course in hours.'),
    sa.Column('provides_certification', sa.Boolean(), nullable=False, comment='True when completing the course earns a certificate.'),
    sa.Column('is_mandatory', sa.Boolean(), nullable=False, comment='True when every employee must take it.'),
    sa.Column('description', sa.Text(), nullable=False, comment='What the course teaches.'),
    sa.CheckConstraint("category IN ('compliance', 'product', 'customer_service', 'technical', 'leadership')", name=op.f('ck_training_programs_category_valid')),
    sa.CheckConstraint('duration_hours BETWEEN 1 AND 200', name=op.f('ck_training_programs_duration_hours_range')),
    sa.PrimaryKeyConstraint('program_id', name=op.f('pk_training_programs')),
    sa.UniqueConstraint('program_name', name=op.f('uq_training_programs_program_name')),
    comment='Courses the bank offers its staff.'
    )
    op.create_table('employees',
    sa.Column('employee_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key; other databases refer to employees by it.'),
    sa.Column('employee_number', sa.String(length=32), nullable=False, comment='Unique HR number, e.g. EMP-000042.'),
    sa.Column('first_name', sa.String(length=100), nullable=False, comment='Given name.'),
    sa.Column('last_name', sa.String(length=100), nullable=False, comment='Family name.'),
    sa.Column('email', sa.String(length=200), nullable=False, comment='Unique work email address.'),
    sa.Column('phone', sa.String(length=32), nullable=False, comment='Work phone number.'),
    sa.Column('department_id', sa.Integer(), nullable=False, comment='Department the employee works in.'),
    sa.Column('role', sa.String(length=32), nullable=False, comment='Role: customer_service, loan_officer, insurance_agent, compliance_officer, teller, analyst or branch_manager.'),
    sa.Column('job_title', sa.String(length=100), nullable=False, comment='Job title as printed on the business card.'),
    sa.Column('manager_id', sa.Integer(), nullable=True, comment="The employee's manager, in the same department; empty for those who report to no one."),
    sa.Column('hire_date', sa.Date(), nullable=False, comment='First day of employment.'),
    sa.Column('termination_date', sa.Date(), nullable=True, comment='Last day of employment; empty while employed.'),
    sa.Column('employment_status', sa.String(length=32), nullable=False, comment='active or terminated.'),
    sa.Column('salary', sa.Numeric(precision=14, scale=2), nullable=False, comment='Annual base salary in USD, banded by role.'),
    sa.Column('branch_code', sa.String(length=32), nullable=False, comment='Branch the employee is based at, e.g. BR-NYC-01.'),
    sa.CheckConstraint("(employment_status = 'terminated') = (termination_date IS NOT NULL)", name=op.f('ck_employees_terminated_has_date')),
    sa.CheckConstraint("employment_status IN ('active', 'terminated')", name=op.f('ck_employees_employment_status_valid')),
    sa.CheckConstraint("role IN ('customer_service', 'loan_officer', 'insurance_agent', 'compliance_officer', 'teller', 'analyst', 'branch_manager')", name=op.f('ck_employees_role_valid')),
    sa.CheckConstraint('manager_id IS NULL OR manager_id <> employee_id', name=op.f('ck_employees_not_own_manager')),
    sa.CheckConstraint('salary > 0', name=op.f('ck_employees_salary_positive')),
    sa.CheckConstraint('termination_date IS NULL OR termination_date > hire_date', name=op.f('ck_employees_termination_after_hire')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.department_id'], name=op.f('fk_employees_department_id_departments')),
    sa.ForeignKeyConstraint(['manager_id'], ['employees.employee_id'], name=op.f('fk_employees_manager_id_employees')),
    sa.PrimaryKeyConstraint('employee_id', name=op.f('pk_employees')),
    sa.UniqueConstraint('email', name=op.f('uq_employees_email')),
    sa.UniqueConstraint('employee_number', name=op.f('uq_employees_employee_number')),
    comment='Everyone the bank employs or employed, with role, department, manager and pay.'
    )
    # departments and employees refer to each other: the head's key is added once both exist.
    op.create_foreign_key(op.f('fk_departments_department_head_id_employees'), 'departments', 'employees',
                          ['department_head_id'], ['employee_id'])
    op.create_index(op.f('ix_employees_department_id'), 'employees', ['department_id'], unique=False)
    op.create_index(op.f('ix_employees_manager_id'), 'employees', ['manager_id'], unique=False)
    op.create_table('employee_assignments',
    sa.Column('assignment_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the assignment.'),
    sa.Column('employee_id', sa.Integer(), nullable=False, comment='The employee assigned.'),
    sa.Column('assignment_type', sa.String(length=32), nullable=False, comment='relationship_manager, branch or project.'),
    sa.Column('customer_id', sa.Integer(), nullable=True, comment='For relationship managers: the customer (accounts_db.customers.customer_id).'),
    sa.Column('branch_code', sa.String(length=32), nullable=True, comment='For branch assignments: the branch.'),
    sa.Column('project_name', sa.String(length=100), nullable=True, comment='For project assignments: the project.'),
    sa.Column('start_date', sa.Date(), nullable=False, comment='First day of the assignment.'),
    sa.Column('end_date', sa.Date(), nullable=True, comment='Last day; empty while it continues.'),
    sa.CheckConstraint("(assignment_type = 'relationship_manager') = (customer_id IS NOT NULL) AND (assignment_type = 'branch') = (branch_code IS NOT NULL) AND (assignment_type = 'project') = (project_name IS NOT NULL)", name=op.f('ck_employee_assignments_target_matches_type')),
    sa.CheckConstraint("assignment_type IN ('relationship_manager', 'branch', 'project')", name=op.f('ck_employee_assignments_assignment_type_valid')),
    sa.CheckConstraint('end_date IS NULL OR end_date > start_date', name=op.f('ck_employee_assignments_end_after_start')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.employee_id'], name=op.f('fk_employee_assignments_employee_id_employees')),
    sa.PrimaryKeyConstraint('assignment_id', name=op.f('pk_employee_assignments')),
    comment='Employees assigned to customers (as relationship managers), branches and projects.'
    )
    op.create_index(op.f('ix_employee_assignments_customer_id'), 'employee_assignments', ['customer_id'], unique=False)
    op.create_index(op.f('ix_employee_assignments_employee_id'), 'employee_assignments', ['employee_id'], unique=False)
    op.create_table('employee_training',
    sa.Column('enrollment_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the enrollment.'),
    sa.Column('employee_id', sa.Integer(), nullable=False, comment='The employee enrolled.'),
    sa.Column('program_id', sa.Integer(), nullable=False, comment='The program enrolled in.'),
    sa.Column('enrollment_date', sa.Date(), nullable=False, comment='Day of enrollment, during employment.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='completed, enrolled, in_progress or withdrawn.'),
    sa.Column('completion_date', sa.Date(), nullable=True, comment='Day the program was completed.'),
    sa.Column('score', sa.SmallInteger(), nullable=True, comment='Final assessment score, 0-100.'),
    sa.Column('certified', sa.Boolean(), nullable=False, comment='True when the completed program granted a certificate.'),
    sa.CheckConstraint("(status = 'completed') = (completion_date IS NOT NULL AND score IS NOT NULL)", name=op.f('ck_employee_training_completed_has_result')),
    sa.CheckConstraint("status IN ('completed', 'enrolled', 'in_progress', 'withdrawn')", name=op.f('ck_employee_training_status_valid')),
    sa.CheckConstraint('completion_date IS NULL OR completion_date >= enrollment_date', name=op.f('ck_employee_training_completion_after_enrollment')),
    sa.CheckConstraint('score IS NULL OR score BETWEEN 0 AND 100', name=op.f('ck_employee_training_score_range')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.employee_id'], name=op.f('fk_employee_training_employee_id_employees')),
    sa.ForeignKeyConstraint(['program_id'], ['training_programs.program_id'], name=op.f('fk_employee_training_program_id_training_programs')),
    sa.PrimaryKeyConstraint('enrollment_id', name=op.f('pk_employee_training')),
    sa.UniqueConstraint('employee_id', 'program_id', name=op.f('uq_employee_training_employee_id_program_id')),
    comment='Which employee took which training program, and how it went.'
    )
    op.create_index(op.f('ix_employee_training_employee_id'), 'employee_training', ['employee_id'], unique=False)
    op.create_index(op.f('ix_employee_training_program_id'), 'employee_training', ['program_id'], unique=False)
    op.create_table('performance_reviews',
    sa.Column('review_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the review.'),
    sa.Column('employee_id', sa.Integer(), nullable=False, comment='The employee reviewed.'),
    sa.Column('reviewer_id', sa.Integer(), nullable=True, comment='The reviewing manager; empty for employees without a manager.'),
    sa.Column('period_start', sa.Date(), nullable=False, comment='First day of the year under review.'),
    sa.Column('period_end', sa.Date(), nullable=False, comment='Last day of the year under review.'),
    sa.Column('review_date', sa.Date(), nullable=False, comment='Day the review was held.'),
    sa.Column('rating', sa.SmallInteger(), nullable=False, comment='Overall rating, 1 (poor) to 5 (outstanding).'),
    sa.Column('comments', sa.Text(), nullable=False, comment="Reviewer's summary."),
    sa.CheckConstraint('period_start < period_end AND period_end <= review_date', name=op.f('ck_performance_reviews_period_ordered')),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_performance_reviews_rating_range')),
    sa.CheckConstraint('reviewer_id IS NULL OR reviewer_id <> employee_id', name=op.f('ck_performance_reviews_not_self_review')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.employee_id'], name=op.f('fk_performance_reviews_employee_id_employees')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['employees.employee_id'], name=op.f('fk_performance_reviews_reviewer_id_employees')),
    sa.PrimaryKeyConstraint('review_id', name=op.f('pk_performance_reviews')),
    comment='Yearly performance reviews, from the second year of service.'
    )
    op.create_index(op.f('ix_performance_reviews_employee_id'), 'performance_reviews', ['employee_id'], unique=False)
    op.create_index(op.f('ix_performance_reviews_reviewer_id'), 'performance_reviews', ['reviewer_id'], unique=False)


def downgrade() -> None:
    op.drop_constraint(op.f('fk_departments_department_head_id_employees'), 'departments', type_='foreignkey')
    op.drop_index(op.f('ix_performance_reviews_reviewer_id'), table_name='performance_reviews')
    op.drop_index(op.f('ix_performance_reviews_employee_id'), table_name='performance_reviews')
    op.drop_table('performance_reviews')
    op.drop_index(op.f('ix_employee_training_program_id'), table_name='employee_training')
    op.drop_index(op.f('ix_employee_training_employee_id'), table_name='employee_training')
    op.drop_table('employee_training')
    op.drop_index(op.f('ix_employee_assignments_employee_id'), table_name='employee_assignments')
    op.drop_index(op.f('ix_employee_assignments_customer_id'), table_name='employee_assignments')
    op.drop_table('employee_assignments')
    op.drop_index(op.f('ix_employees_manager_id'), table_name='employees')
    op.drop_index(op.f('ix_employees_department_id'), table_name='employees')
    op.drop_table('employees')
    op.drop_table('training_programs')
    op.drop_table('seed_runs', schema='dhub')
    op.drop_index(op.f('ix_departments_department_head_id'), table_name='departments')
    op.drop_table('departments')
    op.execute("DROP SCHEMA IF EXISTS dhub")
