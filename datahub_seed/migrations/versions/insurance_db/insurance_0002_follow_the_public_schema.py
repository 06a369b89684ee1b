"""follow the public schema's names

Renames policy and payment status, the beneficiary's name, the claim's date and the event's
description as the public schema calls them, keeps beneficiary shares in whole percent, and adds
the premium due each period (from the annual premium and the frequency), when a policy was
written (its start, for policies written before it was kept) and a beneficiary's contact.

Revision ID: insurance_0002
Revises: insurance_0001
Create Date: 2026-11-25 22:33:17.631224
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from datahub_seed.migrations.steps import rename, unrename

revision: str = 'insurance_0002'
down_revision: str | None = 'insurance_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMES = [
    ('policies', 'status', 'policy_status', {'ck_policies_status_valid': 'ck_policies_policy_status_valid'}),
    ('beneficiaries', 'full_name', 'beneficiary_name', None),
    ('claims', 'filed_date', 'claim_date', {
        'ck_claims_settled_after_filed': 'ck_claims_settled_after_claimed',
        'ck_claims_filed_after_incident': 'ck_claims_claimed_after_incident',
    }),
    ('premium_payments', 'status', 'payment_status', {'ck_premium_payments_status_valid': 'ck_premium_payments_payment_status_valid'}),
    ('policy_events', 'notes', 'description', None),
]
# (table, column, comment before, comment after)
COMMENTS = [
    ('beneficiaries', 'beneficiary_name', "Beneficiary's name.", "Beneficiary's full name."),
    ('claims', 'claim_date', 'Day the claim was filed.', 'Day the claim was made, on or after the incident.'),
    ('premium_payments', 'amount', 'Premium for one period: annual premium / periods per year.', "Premium for one period: the policy's premium_amount."),
]


def upgrade() -> None:
    for table, old, new, constraints in RENAMES:
        rename(table, old, new, constraints)
    for table, column, before, after in COMMENTS:
        op.alter_column(table, column, comment=after, existing_comment=before)
    op.alter_column('beneficiaries', 'percentage',
               existing_type=sa.NUMERIC(precision=5, scale=2),
               type_=sa.SmallInteger(),
               comment='Share of the benefit in whole percent.',
               existing_comment='Share of the benefit, in percent.',
               existing_nullable=False,
               postgresql_using='round(percentage)::smallint')
    op.add_column('beneficiaries', sa.Column('contact_info', sa.String(length=32), nullable=True, comment='How to reach the beneficiary: a phone number.'))
    op.add_column('policies', sa.Column('premium_amount', sa.Numeric(precision=14, scale=2), nullable=True, comment='Premium due each period: annual_premium / periods per year; what each premium payment is.'))
    op.add_column('policies', sa.Column('created_at', sa.DateTime(), nullable=True, comment='When the policy was written: up to two weeks before it starts.'))
    op.execute(
        "UPDATE policies SET created_at = start_date, premium_amount = floor(annual_premium * 100"
        " / CASE premium_frequency WHEN 'monthly' THEN 12 WHEN 'quarterly' THEN 4 ELSE 1 END) / 100"
    )
    op.alter_column('policies', 'premium_amount', nullable=False)
    op.alter_column('policies', 'created_at', nullable=False)
    op.create_check_constraint(op.f('ck_policies_premium_amount_positive'), 'policies', 'premium_amount > 0')


def downgrade() -> None:
    op.drop_constraint(op.f('ck_policies_premium_amount_positive'), 'policies', type_='check')
    op.drop_column('policies', 'created_at')
    op.drop_column('policies', 'premium_amount')
    op.drop_column('beneficiaries', 'contact_info')
    op.alter_column('beneficiaries', 'percentage',
               existing_type=sa.SmallInteger(),
               type_=sa.NUMERIC(precision=5, scale=2),
               comment='Share of the benefit, in percent.',
               existing_comment='Share of the benefit in whole percent.',
               existing_nullable=False)
    for table, column, before, after in COMMENTS:
        op.alter_column(table, column, comment=before, existing_comment=after)
    for table, old, new, constraints in reversed(RENAMES):
        unrename(table, old, new, constraints)
