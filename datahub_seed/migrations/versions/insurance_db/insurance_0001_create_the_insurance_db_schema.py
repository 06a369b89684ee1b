"""create the insurance_db schema

Revision ID: insurance_0001
Revises: 
Create Date: 2026-11-24 03:26:32.339651
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'insurance_0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS dhub")
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
    op.create_table('policies',
    sa.Column('policy_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key; other databases refer to policies by it.'),
    sa.Column('policy_number', sa.String(length=32), nullable=False, comment='Unique policy number, e.g. POL-00001234.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='Policy holder (accounts_db.customers.customer_id).'),
    sa.Column('policy_type', sa.String(length=32), nullable=False, comment='life, property, vehicle, health or travel.'),
    sa.Column('coverage_amount', sa.Numeric(precision=14, scale=2), nullable=False, comment='Sum insured in USD.'),
    sa.Column('annual_premium', sa.Numeric(precision=14, scale=2), nullable=False, comment='Premium per year in USD: 0.5-3% of coverage.'),
    sa.Column('premium_frequency', sa.String(length=32), nullable=False, comment='annual, quarterly or monthly.'),
    sa.Column('start_date', sa.Date(), nullable=False, comment='First day of cover.'),
    sa.Column('end_date', sa.Date(), nullable=False, comment="Last day of cover: the term's end for active policies (may be a planned future date), the day cover stopped for lapsed and cancelled ones."),
    sa.Column('status', sa.String(length=32), nullable=False, comment='active, lapsed or cancelled.'),
    sa.Column('agent_id', sa.Integer(), nullable=False, comment='Selling agent (employees_db.employees, role insurance_agent).'),
    sa.Column('linked_account_id', sa.Integer(), nullable=True, comment="Holder's account premiums are drawn from (accounts_db.accounts), when linked."),
    sa.CheckConstraint("policy_type IN ('life', 'property', 'vehicle', 'health', 'travel')", name=op.f('ck_policies_policy_type_valid')),
    sa.CheckConstraint("premium_frequency IN ('annual', 'quarterly', 'monthly')", name=op.f('ck_policies_premium_frequency_valid')),
    sa.CheckConstraint("status IN ('active', 'lapsed', 'cancelled')", name=op.f('ck_policies_status_valid')),
    sa.CheckConstraint('annual_premium > 0', name=op.f('ck_policies_premium_positive')),
    sa.CheckConstraint('coverage_amount > 0', name=op.f('ck_policies_coverage_positive')),
    sa.CheckConstraint('end_date > start_date', name=op.f('ck_policies_end_after_start')),
    sa.PrimaryKeyConstraint('policy_id', name=op.f('pk_policies')),
    sa.UniqueConstraint('policy_number', name=op.f('uq_policies_policy_number')),
    comment='Insurance policies held by customers.'
    )
    op.create_index(op.f('ix_policies_agent_id'), 'policies', ['agent_id'], unique=False)
    op.create_index(op.f('ix_policies_customer_id'), 'policies', ['customer_id'], unique=False)
    op.create_index(op.f('ix_policies_linked_account_id'), 'policies', ['linked_account_id'], unique=False)
    op.create_table('beneficiaries',
    sa.Column('beneficiary_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the beneficiary.'),
    sa.Column('policy_id', sa.Integer(), nullable=False, comment='The policy.'),
    sa.Column('full_name', sa.String(length=100), nullable=False, comment="Beneficiary's name."),
    sa.Column('relationship', sa.String(length=32), nullable=False, comment='spouse, child, parent or other.'),
    sa.Column('percentage', sa.Numeric(precision=5, scale=2), nullable=False, comment='Share of the benefit, in percent.'),
    sa.CheckConstraint("relationship IN ('spouse', 'child', 'parent', 'other')", name=op.f('ck_beneficiaries_relationship_valid')),
    sa.CheckConstraint('percentage > 0 AND percentage <= 100', name=op.f('ck_beneficiaries_percentage_range')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.policy_id'], name=op.f('fk_beneficiaries_policy_id_policies')),
    sa.PrimaryKeyConstraint('beneficiary_id', name=op.f('pk_beneficiaries')),
    comment="Who receives a policy's benefit; percentages per policy sum to 100."
    )
    op.create_index(op.f('ix_beneficiaries_policy_id'), 'beneficiaries', ['policy_id'], unique=False)
    op.create_table('claims',
    sa.Column('claim_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the claim.'),
    sa.Column('claim_number', sa.String(length=32), nullable=False, comment='Unique claim number, e.g. CLM-00001234.'),
    sa.Column('policy_id', sa.Integer(), nullable=False, comment='The policy.'),
    sa.Column('claim_type', sa.String(length=32), nullable=False, comment='What happened; fits the policy type (collision, fire...).'),
    sa.Column('incident_date', sa.Date(), nullable=False, comment="Day of the insured event, inside the policy's cover."),
    sa.Column('filed_date', sa.Date(), nullable=False, comment='Day the claim was filed.'),
    sa.Column('claim_amount', sa.Numeric(precision=14, scale=2), nullable=False, comment='Amount claimed: 10-100% of coverage, mostly low.'),
    sa.Column('approved_amount', sa.Numeric(precision=14, scale=2), nullable=True, comment='Amount approved, at most the claim.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='paid, approved, under_review or rejected.'),
    sa.Column('settlement_date', sa.Date(), nullable=True, comment='Day a paid claim was settled.'),
    sa.Column('processed_by', sa.Integer(), nullable=False, comment='Claims handler (employees_db.employees).'),
    sa.Column('description', sa.Text(), nullable=False, comment='What happened, as reported.'),
    sa.CheckConstraint("(status = 'paid') = (settlement_date IS NOT NULL)", name=op.f('ck_claims_paid_has_settlement')),
    sa.CheckConstraint("(status IN ('paid', 'approved')) = (approved_amount IS NOT NULL)", name=op.f('ck_claims_approved_has_amount')),
    sa.CheckConstraint("claim_type IN ('collision', 'death_benefit', 'fire', 'glass', 'hospitalization', 'lost_baggage', 'medical_abroad', 'outpatient', 'prescription', 'storm', 'terminal_illness', 'theft', 'trip_cancellation', 'vandalism', 'water_damage')", name=op.f('ck_claims_claim_type_valid')),
    sa.CheckConstraint("status IN ('paid', 'approved', 'under_review', 'rejected')", name=op.f('ck_claims_status_valid')),
    sa.CheckConstraint('approved_amount IS NULL OR approved_amount <= claim_amount', name=op.f('ck_claims_approved_within_claim')),
    sa.CheckConstraint('claim_amount > 0', name=op.f('ck_claims_claim_positive')),
    sa.CheckConstraint('filed_date >= incident_date', name=op.f('ck_claims_filed_after_incident')),
    sa.CheckConstraint('settlement_date IS NULL OR settlement_date >= filed_date', name=op.f('ck_claims_settled_after_filed')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.policy_id'], name=op.f('fk_claims_policy_id_policies')),
    sa.PrimaryKeyConstraint('claim_id', name=op.f('pk_claims')),
    sa.UniqueConstraint('claim_number', name=op.f('uq_claims_claim_number')),
    comment="Claims made on policies, inside each policy's active period."
    )
    op.create_index(op.f('ix_claims_policy_id'), 'claims', ['policy_id'], unique=False)
    op.create_index(op.f('ix_claims_processed_by'), 'claims', ['processed_by'], unique=False)
    op.create_table('policy_events',
    sa.Column('event_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the event.'),
    sa.Column('policy_id', sa.Integer(), nullable=False, comment='The policy.'),
    sa.Column('event_type', sa.String(length=32), nullable=False, comment='renewal, modification, cancellation or reinstatement.'),
    sa.Column('event_date', sa.Date(), nullable=False, comment="Day of the event, inside the policy's life."),
    sa.Column('performed_by', sa.Integer(), nullable=True, comment='Employee who made the change (employees_db.employees); empty when automatic.'),
    sa.Column('notes', sa.Text(), nullable=False, comment='What changed.'),
    sa.CheckConstraint("event_type IN ('renewal', 'modification', 'cancellation', 'reinstatement')", name=op.f('ck_policy_events_event_type_valid')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.policy_id'], name=op.f('fk_policy_events_policy_id_policies')),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_policy_events')),
    comment="Changes in a policy's life: renewals, modifications, cancellations, reinstatements."
    )
    op.create_index(op.f('ix_policy_events_performed_by'), 'policy_events', ['performed_by'], unique=False)
    op.create_index(op.f('ix_policy_events_policy_id'), 'policy_events', ['policy_id'], unique=False)
    op.create_table('premium_payments',
    sa.Column('payment_id', sa.BigInteger(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the payment.'),
    sa.Column('policy_id', sa.Integer(), nullable=False, comment='The policy.'),
    sa.Column('payment_date', sa.Date(), nullable=False, comment="Day the period's premium was collected."),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False, comment='Premium for one period: annual premium / periods per year.'),
    sa.Column('payment_method', sa.String(length=32), nullable=False, comment='auto_debit, online, check or wire.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='completed, pending or failed.'),
    sa.Column('from_account_id', sa.Integer(), nullable=True, comment="Holder's account debited (accounts_db.accounts), when the policy has one."),
    sa.CheckConstraint("payment_method IN ('auto_debit', 'online', 'check', 'wire')", name=op.f('ck_premium_payments_payment_method_valid')),
    sa.CheckConstraint("status IN ('completed', 'pending', 'failed')", name=op.f('ck_premium_payments_status_valid')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_premium_payments_amount_positive')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.policy_id'], name=op.f('fk_premium_payments_policy_id_policies')),
    sa.PrimaryKeyConstraint('payment_id', name=op.f('pk_premium_payments')),
    comment="Premiums due and paid: one per period of the policy's frequency."
    )
    op.create_index(op.f('ix_premium_payments_from_account_id'), 'premium_payments', ['from_account_id'], unique=False)
    op.create_index(op.f('ix_premium_payments_policy_id'), 'premium_payments', ['policy_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_premium_payments_policy_id'), table_name='premium_payments')
    op.drop_index(op.f('ix_premium_payments_from_account_id'), table_name='premium_payments')
    op.drop_table('premium_payments')
    op.drop_index(op.f('ix_policy_events_policy_id'), table_name='policy_events')
    op.drop_index(op.f('ix_policy_events_performed_by'), table_name='policy_events')
    op.drop_table('policy_events')
    op.drop_index(op.f('ix_claims_processed_by'), table_name='claims')
    op.drop_index(op.f('ix_claims_policy_id'), table_name='claims')
    op.drop_table('claims')
    op.drop_index(op.f('ix_beneficiaries_policy_id'), table_name='beneficiaries')
    op.drop_table('beneficiaries')
    op.drop_index(op.f('ix_policies_linked_account_id'), table_name='policies')
    op.drop_index(op.f('ix_policies_customer_id'), table_name='policies')
    op.drop_index(op.f('ix_policies_agent_id'), table_name='policies')
    op.drop_table('policies')
    op.drop_table('seed_runs', schema='dhub')
    op.execute("DROP SCHEMA IF EXISTS dhub")
