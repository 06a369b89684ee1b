"""create the customer_db schema

Revision ID: customer_0001
Revises: 
Create Date: 2026-11-24 03:26:28.091229
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'customer_0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS dhub")
    op.create_table('campaigns',
    sa.Column('campaign_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the campaign.'),
    sa.Column('campaign_name', sa.String(length=100), nullable=False, comment='Unique campaign name.'),
    sa.Column('campaign_type', sa.String(length=32), nullable=False, comment='email, digital, cross_sell or direct_mail.'),
    sa.Column('target_segment', sa.String(length=32), nullable=False, comment='Customer segment the campaign aims at.'),
    sa.Column('start_date', sa.Date(), nullable=False, comment='First day of the campaign.'),
    sa.Column('end_date', sa.Date(), nullable=False, comment='Last day of the campaign.'),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=False, comment='Budget in USD.'),
    sa.CheckConstraint("campaign_type IN ('email', 'digital', 'cross_sell', 'direct_mail')", name=op.f('ck_campaigns_campaign_type_valid')),
    sa.CheckConstraint("target_segment IN ('retail', 'premium', 'corporate', 'private_banking')", name=op.f('ck_campaigns_target_segment_valid')),
    sa.CheckConstraint('end_date > start_date', name=op.f('ck_campaigns_end_after_start')),
    sa.PrimaryKeyConstraint('campaign_id', name=op.f('pk_campaigns')),
    sa.UniqueConstraint('campaign_name', name=op.f('uq_campaigns_campaign_name')),
    comment='Marketing campaigns aimed at one customer segment.'
    )
    op.create_table('customer_profiles',
    sa.Column('customer_id', sa.Integer(), autoincrement=False, nullable=False, comment='The customer (accounts_db.customers.customer_id).'),
    sa.Column('segment', sa.String(length=32), nullable=False, comment='retail, premium, corporate or private_banking.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='Relationship status: active, dormant or closed.'),
    sa.Column('kyc_status', sa.String(length=32), nullable=False, comment='verified, pending or expired; equals compliance_db.kyc_records.'),
    sa.Column('risk_rating', sa.String(length=32), nullable=False, comment='low, medium or high; equals compliance_db.kyc_records.'),
    sa.Column('assigned_agent_id', sa.Integer(), nullable=True, comment='Relationship agent (employees_db.employees); empty for unassigned customers.'),
    sa.Column('preferred_channel', sa.String(length=32), nullable=False, comment='Channel the customer prefers to be contacted on.'),
    sa.Column('onboarding_date', sa.Date(), nullable=False, comment="The date of the customer's created_at."),
    sa.Column('lifetime_value', sa.Numeric(precision=14, scale=2), nullable=False, comment='Estimated lifetime value in USD.'),
    sa.CheckConstraint("kyc_status IN ('verified', 'pending', 'expired')", name=op.f('ck_customer_profiles_kyc_status_valid')),
    sa.CheckConstraint("preferred_channel IN ('mobile_app', 'web', 'phone', 'branch', 'email')", name=op.f('ck_customer_profiles_preferred_channel_valid')),
    sa.CheckConstraint("risk_rating IN ('low', 'medium', 'high')", name=op.f('ck_customer_profiles_risk_rating_valid')),
    sa.CheckConstraint("segment IN ('retail', 'premium', 'corporate', 'private_banking')", name=op.f('ck_customer_profiles_segment_valid')),
    sa.CheckConstraint("status IN ('active', 'dormant', 'closed')", name=op.f('ck_customer_profiles_status_valid')),
    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_customer_profiles')),
    comment='One CRM profile per customer in accounts_db.customers, with segment and service data.'
    )
    op.create_index(op.f('ix_customer_profiles_assigned_agent_id'), 'customer_profiles', ['assigned_agent_id'], unique=False)
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
    op.create_table('campaign_responses',
    sa.Column('response_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the response.'),
    sa.Column('campaign_id', sa.Integer(), nullable=False, comment='The campaign responded to.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='The responding customer.'),
    sa.Column('response_date', sa.Date(), nullable=False, comment='Day of the response, within the campaign.'),
    sa.Column('response_type', sa.String(length=32), nullable=False, comment='opened, clicked, replied, purchased or unsubscribed.'),
    sa.Column('converted', sa.Boolean(), nullable=False, comment='True when the response led to a product sale.'),
    sa.CheckConstraint("response_type IN ('opened', 'clicked', 'replied', 'purchased', 'unsubscribed')", name=op.f('ck_campaign_responses_response_type_valid')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.campaign_id'], name=op.f('fk_campaign_responses_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer_profiles.customer_id'], name=op.f('fk_campaign_responses_customer_id_customer_profiles')),
    sa.PrimaryKeyConstraint('response_id', name=op.f('pk_campaign_responses')),
    sa.UniqueConstraint('campaign_id', 'customer_id', name=op.f('uq_campaign_responses_campaign_id_customer_id')),
    comment="How customers responded to campaigns, inside each campaign's dates."
    )
    op.create_index(op.f('ix_campaign_responses_campaign_id'), 'campaign_responses', ['campaign_id'], unique=False)
    op.create_index(op.f('ix_campaign_responses_customer_id'), 'campaign_responses', ['customer_id'], unique=False)
    op.create_table('complaints',
    sa.Column('complaint_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the complaint.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='The complaining customer.'),
    sa.Column('complaint_type', sa.String(length=32), nullable=False, comment='service, fee, product, fraud or other.'),
    sa.Column('description', sa.Text(), nullable=False, comment="The complaint in the customer's words."),
    sa.Column('filed_date', sa.DateTime(), nullable=False, comment='When it was filed.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='resolved, investigating, closed or open.'),
    sa.Column('priority', sa.String(length=32), nullable=False, comment='critical, high, medium or low.'),
    sa.Column('assigned_to', sa.Integer(), nullable=True, comment='Employee handling it (employees_db.employees); empty while unassigned.'),
    sa.Column('resolved_date', sa.DateTime(), nullable=True, comment='When a resolved or closed complaint ended.'),
    sa.Column('resolution_time_hours', sa.Integer(), nullable=True, comment='Whole hours from filed_date to resolved_date.'),
    sa.CheckConstraint("(status IN ('resolved', 'closed')) = (resolved_date IS NOT NULL) AND (resolved_date IS NULL) = (resolution_time_hours IS NULL)", name=op.f('ck_complaints_resolution_matches_status')),
    sa.CheckConstraint("complaint_type IN ('service', 'fee', 'product', 'fraud', 'other')", name=op.f('ck_complaints_complaint_type_valid')),
    sa.CheckConstraint("priority IN ('critical', 'high', 'medium', 'low')", name=op.f('ck_complaints_priority_valid')),
    sa.CheckConstraint("status IN ('resolved', 'investigating', 'closed', 'open')", name=op.f('ck_complaints_status_valid')),
    sa.CheckConstraint('resolved_date IS NULL OR resolved_date > filed_date', name=op.f('ck_complaints_resolved_after_filed')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer_profiles.customer_id'], name=op.f('fk_complaints_customer_id_customer_profiles')),
    sa.PrimaryKeyConstraint('complaint_id', name=op.f('pk_complaints')),
    comment='Customer complaints and how they were handled.'
    )
    op.create_index(op.f('ix_complaints_assigned_to'), 'complaints', ['assigned_to'], unique=False)
    op.create_index(op.f('ix_complaints_customer_id'), 'complaints', ['customer_id'], unique=False)
    op.create_table('interactions',
    sa.Column('interaction_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the interaction.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='The customer.'),
    sa.Column('channel', sa.String(length=32), nullable=False, comment='phone, email, web, mobile_app or branch.'),
    sa.Column('interaction_type', sa.String(length=32), nullable=False, comment='What kind of contact, fitting the channel (call, chat...).'),
    sa.Column('interaction_date', sa.DateTime(), nullable=False, comment='When it happened.'),
    sa.Column('duration_minutes', sa.SmallInteger(), nullable=True, comment='Length in minutes; empty for email.'),
    sa.Column('handled_by', sa.Integer(), nullable=True, comment='Employee who handled it (employees_db.employees); empty when self-service.'),
    sa.Column('outcome', sa.String(length=32), nullable=False, comment='resolved, escalated or follow_up.'),
    sa.Column('subject', sa.String(length=100), nullable=False, comment='Topic of the contact.'),
    sa.CheckConstraint("channel <> 'email' OR duration_minutes IS NULL", name=op.f('ck_interactions_email_has_no_duration')),
    sa.CheckConstraint("channel IN ('phone', 'email', 'web', 'mobile_app', 'branch')", name=op.f('ck_interactions_channel_valid')),
    sa.CheckConstraint("interaction_type IN ('appointment', 'branch_visit', 'call', 'callback', 'chat', 'email', 'in_app_message', 'online_form', 'secure_message')", name=op.f('ck_interactions_interaction_type_valid')),
    sa.CheckConstraint("outcome IN ('resolved', 'escalated', 'follow_up')", name=op.f('ck_interactions_outcome_valid')),
    sa.CheckConstraint('duration_minutes IS NULL OR duration_minutes > 0', name=op.f('ck_interactions_duration_positive')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer_profiles.customer_id'], name=op.f('fk_interactions_customer_id_customer_profiles')),
    sa.PrimaryKeyConstraint('interaction_id', name=op.f('pk_interactions')),
    comment='Contacts between customers and the bank over any channel.'
    )
    op.create_index(op.f('ix_interactions_customer_id'), 'interactions', ['customer_id'], unique=False)
    op.create_index(op.f('ix_interactions_handled_by'), 'interactions', ['handled_by'], unique=False)
    op.create_table('satisfaction_surveys',
    sa.Column('survey_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the survey.'),
    sa.Column('interaction_id', sa.Integer(), nullable=False, comment='The interaction surveyed.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='The customer who answered.'),
    sa.Column('survey_date', sa.DateTime(), nullable=False, comment='When the survey was answered.'),
    sa.Column('nps_score', sa.SmallInteger(), nullable=False, comment='Net Promoter Score answer, 0-10.'),
    sa.Column('satisfaction_rating', sa.SmallInteger(), nullable=False, comment='Star rating, 1-5.'),
    sa.Column('comments', sa.Text(), nullable=True, comment='Free-text comment, when one was left.'),
    sa.CheckConstraint('nps_score BETWEEN 0 AND 10', name=op.f('ck_satisfaction_surveys_nps_range')),
    sa.CheckConstraint('satisfaction_rating BETWEEN 1 AND 5', name=op.f('ck_satisfaction_surveys_rating_range')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer_profiles.customer_id'], name=op.f('fk_satisfaction_surveys_customer_id_customer_profiles')),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.interaction_id'], name=op.f('fk_satisfaction_surveys_interaction_id_interactions')),
    sa.PrimaryKeyConstraint('survey_id', name=op.f('pk_satisfaction_surveys')),
    sa.UniqueConstraint('interaction_id', name=op.f('uq_satisfaction_surveys_interaction_id')),
    comment='Post-contact surveys: at most one per interaction, 1-3 days after it.'
    )
    op.create_index(op.f('ix_satisfaction_surveys_customer_id'), 'satisfaction_surveys', ['customer_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_satisfaction_surveys_customer_id'), table_name='satisfaction_surveys')
    op.drop_table('satisfaction_surveys')
    op.drop_index(op.f('ix_interactions_handled_by'), table_name='interactions')
    op.drop_index(op.f('ix_interactions_customer_id'), table_name='interactions')
    op.drop_table('interactions')
    op.drop_index(op.f('ix_complaints_customer_id'), table_name='complaints')
    op.drop_index(op.f('ix_complaints_assigned_to'), table_name='complaints')
    op.drop_table('complaints')
    op.drop_index(op.f('ix_campaign_responses_customer_id'), table_name='campaign_responses')
    op.drop_index(op.f('ix_campaign_responses_campaign_id'), table_name='campaign_responses')
    op.drop_table('campaign_responses')
    op.drop_table('seed_runs', schema='dhub')
    op.drop_index(op.f('ix_customer_profiles_assigned_agent_id'), table_name='customer_profiles')
    op.drop_table('customer_profiles')
    op.drop_table('campaigns')
    op.execute("DROP SCHEMA IF EXISTS dhub")
