"""follow the public schema's names

Renames segment and status as the public schema calls them, adds the CRM's copy of the customer
(name, email, phone, address, city, country: empty until the next `dhub seed all`, since they come
from accounts_db, which a migration of this database cannot read), when the profile was made and
last changed, and interaction notes; surveys are dated by day.

Revision ID: customer_0002
Revises: customer_0001
Create Date: 2026-11-25 22:33:16.130209
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from datahub_seed.migrations.steps import rename, unrename

revision: str = 'customer_0002'
down_revision: str | None = 'customer_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMES = [
    ('customer_profiles', 'segment', 'customer_segment', {'ck_customer_profiles_segment_valid': 'ck_customer_profiles_customer_segment_valid'}),
    ('customer_profiles', 'status', 'customer_status', {'ck_customer_profiles_status_valid': 'ck_customer_profiles_customer_status_valid'}),
]
CRM = [
    ('full_name', sa.String(length=200), "The CRM's copy of the name: first and last name of accounts_db.customers."),
    ('email', sa.String(length=200), "The CRM's copy of accounts_db.customers.email."),
    ('phone', sa.String(length=32), "The CRM's copy of accounts_db.customers.phone."),
    ('address', sa.String(length=200), 'Street address, as in accounts_db.customers.'),
    ('city', sa.String(length=100), 'City of the postal address.'),
    ('country', sa.String(length=100), 'Country of the postal address.'),
]


def upgrade() -> None:
    for table, old, new, constraints in RENAMES:
        rename(table, old, new, constraints)
    for name, type_, comment in CRM:
        op.add_column('customer_profiles', sa.Column(name, type_, nullable=True, comment=comment))
    op.add_column('customer_profiles', sa.Column('created_at', sa.DateTime(), nullable=True, comment="When the profile was made: the customer's created_at."))
    op.add_column('customer_profiles', sa.Column('updated_at', sa.DateTime(), nullable=True, comment='When the profile last changed; not before created_at.'))
    op.execute("UPDATE customer_profiles SET created_at = onboarding_date, updated_at = onboarding_date")
    op.alter_column('customer_profiles', 'created_at', nullable=False)
    op.alter_column('customer_profiles', 'updated_at', nullable=False)
    op.add_column('interactions', sa.Column('notes', sa.Text(), nullable=True, comment='What the employee noted about the contact and its outcome.'))
    op.alter_column('satisfaction_surveys', 'survey_date',
               existing_type=postgresql.TIMESTAMP(),
               type_=sa.Date(),
               comment='Day the survey was answered, 1-3 days after the interaction.',
               existing_comment='When the survey was answered.',
               existing_nullable=False)


def downgrade() -> None:
    op.alter_column('satisfaction_surveys', 'survey_date',
               existing_type=sa.Date(),
               type_=postgresql.TIMESTAMP(),
               comment='When the survey was answered.',
               existing_comment='Day the survey was answered, 1-3 days after the interaction.',
               existing_nullable=False)
    op.drop_column('interactions', 'notes')
    for name in ('updated_at', 'created_at', *(name for name, _, _ in reversed(CRM))):
        op.drop_column('customer_profiles', name)
    for table, old, new, constraints in RENAMES:
        unrename(table, old, new, constraints)
