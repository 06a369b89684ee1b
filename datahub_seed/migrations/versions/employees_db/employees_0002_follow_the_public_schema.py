"""follow the public schema's names

Renames what the public schema calls otherwise, and adds what it has and we lacked: the
department's name and the record's creation on employees, what an assignment is to, and the
goals a review counted. Data moves with the renames; the new columns are filled from what the
database holds (goals met stay empty for reviews written before they were counted).

Revision ID: employees_0002
Revises: employees_0001
Create Date: 2026-11-25 22:32:57.735525
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from datahub_seed.migrations.steps import rename, unrename

revision: str = 'employees_0002'
down_revision: str | None = 'employees_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMES = [
    ('employee_training', 'enrollment_id', 'training_record_id'),
    ('training_programs', 'provides_certification', 'certification'),
]


def upgrade() -> None:
    for table, old, new in RENAMES:
        rename(table, old, new)
    op.add_column('employees', sa.Column('department', sa.String(length=100), nullable=True, comment='Name of the department (department_id), as HR reports show it.'))
    op.add_column('employees', sa.Column('created_at', sa.DateTime(), nullable=True, comment='When the HR record was made: the morning of the hire date.'))
    op.execute(
        "UPDATE employees e SET department = d.department_name, created_at = e.hire_date + time '09:00'"
        " FROM departments d WHERE d.department_id = e.department_id"
    )
    op.alter_column('employees', 'department', nullable=False)
    op.alter_column('employees', 'created_at', nullable=False)
    op.add_column('employee_assignments', sa.Column('related_entity_id', sa.String(length=100), nullable=True, comment='What the employee is assigned to: the customer_id, the branch code or the project name.'))
    op.execute("UPDATE employee_assignments SET related_entity_id = coalesce(customer_id::text, branch_code, project_name)")
    op.add_column('performance_reviews', sa.Column('goals_met', sa.SmallInteger(), nullable=True, comment="How many of the year's five goals were met, in line with the rating."))
    op.create_check_constraint(op.f('ck_performance_reviews_goals_met_range'), 'performance_reviews', 'goals_met IS NULL OR goals_met BETWEEN 0 AND 5')


def downgrade() -> None:
    op.drop_constraint(op.f('ck_performance_reviews_goals_met_range'), 'performance_reviews', type_='check')
    op.drop_column('performance_reviews', 'goals_met')
    op.drop_column('employee_assignments', 'related_entity_id')
    op.drop_column('employees', 'created_at')
    op.drop_column('employees', 'department')
    for table, old, new in RENAMES:
        unrename(table, old, new)
