"""follow the public schema's names

Renames loan and installment status, the installment's key and payment day, the risk figures and
the guarantor's name and contact as the public schema calls them, and adds whether a loan is in
default (from its status) and who approved it (empty for loans written before it was kept: the
approver lives in employees_db, which a migration of this database cannot read).

Revision ID: loans_0002
Revises: loans_0001
Create Date: 2026-11-25 22:33:17.140735
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from datahub_seed.migrations.steps import rename, unrename

revision: str = 'loans_0002'
down_revision: str | None = 'loans_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMES = [
    ('loans', 'status', 'loan_status', {'ck_loans_status_valid': 'ck_loans_loan_status_valid'}),
    ('repayment_schedule', 'installment_id', 'schedule_id', None),
    ('repayment_schedule', 'status', 'payment_status', {'ck_repayment_schedule_status_valid': 'ck_repayment_schedule_payment_status_valid'}),
    ('repayment_schedule', 'paid_date', 'payment_date', None),
    ('risk_assessments', 'credit_score', 'risk_score', {'ck_risk_assessments_credit_score_range': 'ck_risk_assessments_risk_score_range'}),
    ('risk_assessments', 'probability_of_default', 'pd_probability', None),
    ('risk_assessments', 'risk_grade', 'credit_grade', {'ck_risk_assessments_risk_grade_valid': 'ck_risk_assessments_credit_grade_valid'}),
    ('loan_guarantors', 'full_name', 'guarantor_name', None),
    ('loan_guarantors', 'phone', 'contact_info', None),
]
# (table, column, comment before, comment after)
COMMENTS = [
    ('loan_guarantors', 'guarantor_name', "Guarantor's name.", "Guarantor's full name."),
    ('loan_guarantors', 'contact_info', "Guarantor's phone number.", 'How to reach the guarantor: a phone number.'),
]


def upgrade() -> None:
    for table, old, new, constraints in RENAMES:
        rename(table, old, new, constraints)
    for table, column, before, after in COMMENTS:
        op.alter_column(table, column, comment=after, existing_comment=before)
    op.add_column('loans', sa.Column('default_status', sa.Boolean(), nullable=True, comment='True when the loan is in default (loan_status).'))
    op.execute("UPDATE loans SET default_status = loan_status = 'defaulted'")
    op.alter_column('loans', 'default_status', nullable=False)
    op.create_check_constraint(op.f('ck_loans_default_status_matches'), 'loans', "default_status = (loan_status = 'defaulted')")
    op.add_column('loans', sa.Column('approved_by', sa.Integer(), nullable=True, comment='Branch manager who approved the loan on the decision day (employees_db.employees).'))
    op.create_index(op.f('ix_loans_approved_by'), 'loans', ['approved_by'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_loans_approved_by'), table_name='loans')
    op.drop_column('loans', 'approved_by')
    op.drop_constraint(op.f('ck_loans_default_status_matches'), 'loans', type_='check')
    op.drop_column('loans', 'default_status')
    for table, column, before, after in COMMENTS:
        op.alter_column(table, column, comment=before, existing_comment=after)
    for table, old, new, constraints in reversed(RENAMES):
        unrename(table, old, new, constraints)
