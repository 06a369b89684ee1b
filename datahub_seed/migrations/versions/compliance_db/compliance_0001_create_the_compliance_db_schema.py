"""create the compliance_db schema

Revision ID: compliance_0001
Revises: 
Create Date: 2026-11-24 03:26:33.723496
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = 'compliance_0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS dhub")
    op.create_table('aml_checks',
    sa.Column('check_id', sa.BigInteger(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the check.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='Customer screened (accounts_db.customers).'),
    sa.Column('check_reason', sa.String(length=32), nullable=False, comment='initial, periodic or transaction (monitoring).'),
    sa.Column('check_type', sa.String(length=32), nullable=False, comment='watchlist, sanctions, pep_screening or transaction_monitoring.'),
    sa.Column('transaction_id', sa.BigInteger(), nullable=True, comment='For transaction monitoring: the transaction over $10,000 (accounts_db.transactions).'),
    sa.Column('check_date', sa.DateTime(), nullable=False, comment='When the check ran.'),
    sa.Column('flagged', sa.Boolean(), nullable=False, comment='True when the check found something to review.'),
    sa.Column('risk_level', sa.String(length=32), nullable=True, comment='For flagged checks: medium, high or critical.'),
    sa.Column('reviewed_by', sa.Integer(), nullable=True, comment='For flagged checks: reviewing compliance officer (employees_db.employees).'),
    sa.CheckConstraint("(check_reason = 'transaction') = (transaction_id IS NOT NULL)", name=op.f('ck_aml_checks_transaction_reason')),
    sa.CheckConstraint("check_reason IN ('initial', 'periodic', 'transaction')", name=op.f('ck_aml_checks_check_reason_valid')),
    sa.CheckConstraint("check_type IN ('watchlist', 'sanctions', 'pep_screening', 'transaction_monitoring')", name=op.f('ck_aml_checks_check_type_valid')),
    sa.CheckConstraint("risk_level IS NULL OR risk_level IN ('medium', 'high', 'critical')", name=op.f('ck_aml_checks_risk_level_valid')),
    sa.CheckConstraint('flagged = (risk_level IS NOT NULL) AND flagged = (reviewed_by IS NOT NULL)', name=op.f('ck_aml_checks_flagged_fields')),
    sa.PrimaryKeyConstraint('check_id', name=op.f('pk_aml_checks')),
    comment='Anti-money-laundering screenings of customers and of large transactions.'
    )
    op.create_index(op.f('ix_aml_checks_customer_id'), 'aml_checks', ['customer_id'], unique=False)
    op.create_index(op.f('ix_aml_checks_reviewed_by'), 'aml_checks', ['reviewed_by'], unique=False)
    op.create_index(op.f('ix_aml_checks_transaction_id'), 'aml_checks', ['transaction_id'], unique=False)
    op.create_table('audit_trails',
    sa.Column('audit_id', sa.BigInteger(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the entry.'),
    sa.Column('entity_type', sa.String(length=32), nullable=False, comment='accounts, customers, loans, transactions or policies.'),
    sa.Column('entity_id', sa.BigInteger(), nullable=False, comment='Id of the record acted on, in its home database.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='Customer the record belongs to.'),
    sa.Column('action', sa.String(length=32), nullable=False, comment='update, create, view or delete.'),
    sa.Column('performed_by', sa.Integer(), nullable=False, comment='Employee who acted, employed at the time (employees_db.employees).'),
    sa.Column('action_timestamp', sa.DateTime(), nullable=False, comment='When it happened.'),
    sa.Column('old_values', postgresql.JSONB(astext_type=sa.Text()), nullable=True, comment='Values before the change.'),
    sa.Column('new_values', postgresql.JSONB(astext_type=sa.Text()), nullable=True, comment='Values after the change.'),
    sa.Column('ip_address', postgresql.INET(), nullable=False, comment='Address of the workstation used.'),
    sa.CheckConstraint("action IN ('update', 'create', 'view', 'delete')", name=op.f('ck_audit_trails_action_valid')),
    sa.CheckConstraint("entity_type IN ('accounts', 'customers', 'loans', 'transactions', 'policies')", name=op.f('ck_audit_trails_entity_type_valid')),
    sa.PrimaryKeyConstraint('audit_id', name=op.f('pk_audit_trails')),
    comment='Who did what to which record, and when: about five entries per customer.'
    )
    op.create_index(op.f('ix_audit_trails_customer_id'), 'audit_trails', ['customer_id'], unique=False)
    op.create_index(op.f('ix_audit_trails_performed_by'), 'audit_trails', ['performed_by'], unique=False)
    op.create_table('compliance_rules',
    sa.Column('rule_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the rule.'),
    sa.Column('rule_name', sa.String(length=100), nullable=False, comment='Unique rule name.'),
    sa.Column('rule_type', sa.String(length=32), nullable=False, comment='transaction_limit, velocity_check, geographic_restriction or amount_threshold.'),
    sa.Column('description', sa.Text(), nullable=False, comment='What the rule watches for.'),
    sa.Column('threshold_amount', sa.Numeric(precision=14, scale=2), nullable=True, comment='Amount threshold in USD, where one applies.'),
    sa.Column('threshold_count', sa.SmallInteger(), nullable=True, comment='Number of events in the window, for velocity checks.'),
    sa.Column('time_window_hours', sa.Integer(), nullable=True, comment='Window the rule looks at, in hours.'),
    sa.Column('countries', sa.String(length=200), nullable=True, comment='Restricted ISO country codes, for geographic rules.'),
    sa.Column('is_active', sa.Boolean(), nullable=False, comment='True when the rule is enforced.'),
    sa.Column('effective_date', sa.Date(), nullable=False, comment='Day the rule took effect.'),
    sa.CheckConstraint("rule_type IN ('transaction_limit', 'velocity_check', 'geographic_restriction', 'amount_threshold')", name=op.f('ck_compliance_rules_rule_type_valid')),
    sa.PrimaryKeyConstraint('rule_id', name=op.f('pk_compliance_rules')),
    sa.UniqueConstraint('rule_name', name=op.f('uq_compliance_rules_rule_name')),
    comment='Monitoring rules with their thresholds.'
    )
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
    op.create_table('kyc_records',
    sa.Column('kyc_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the record.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='The customer (accounts_db.customers.customer_id); one record each.'),
    sa.Column('kyc_status', sa.String(length=32), nullable=False, comment='verified, pending or expired (review overdue).'),
    sa.Column('risk_rating', sa.String(length=32), nullable=False, comment='low, medium or high.'),
    sa.Column('document_type', sa.String(length=32), nullable=False, comment='passport, drivers_license or national_id.'),
    sa.Column('document_number', sa.String(length=32), nullable=False, comment='Number of the identity document.'),
    sa.Column('submitted_date', sa.Date(), nullable=False, comment='Day the documents were submitted.'),
    sa.Column('verification_date', sa.Date(), nullable=True, comment='Day of the latest verification.'),
    sa.Column('expiry_date', sa.Date(), nullable=True, comment='Document expiry, 1-10 years after verification.'),
    sa.Column('next_review_date', sa.Date(), nullable=True, comment='Next review, 1-3 years after verification.'),
    sa.Column('verified_by', sa.Integer(), nullable=True, comment='Verifying compliance officer (employees_db.employees, role compliance_officer).'),
    sa.CheckConstraint("(kyc_status = 'pending') = (verification_date IS NULL) AND (verification_date IS NULL) = (verified_by IS NULL) AND (verification_date IS NULL) = (expiry_date IS NULL) AND (verification_date IS NULL) = (next_review_date IS NULL)", name=op.f('ck_kyc_records_verified_fields')),
    sa.CheckConstraint("document_type IN ('passport', 'drivers_license', 'national_id')", name=op.f('ck_kyc_records_document_type_valid')),
    sa.CheckConstraint("kyc_status IN ('verified', 'pending', 'expired')", name=op.f('ck_kyc_records_kyc_status_valid')),
    sa.CheckConstraint("risk_rating IN ('low', 'medium', 'high')", name=op.f('ck_kyc_records_risk_rating_valid')),
    sa.CheckConstraint('verification_date IS NULL OR (verification_date >= submitted_date AND expiry_date > verification_date AND next_review_date > verification_date)', name=op.f('ck_kyc_records_dates_ordered')),
    sa.PrimaryKeyConstraint('kyc_id', name=op.f('pk_kyc_records')),
    sa.UniqueConstraint('document_number', name=op.f('uq_kyc_records_document_number')),
    comment='Know-your-customer record: one per customer, matching its customer_db profile.'
    )
    op.create_index(op.f('ix_kyc_records_customer_id'), 'kyc_records', ['customer_id'], unique=True)
    op.create_index(op.f('ix_kyc_records_verified_by'), 'kyc_records', ['verified_by'], unique=False)
    op.create_table('regulatory_reports',
    sa.Column('report_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the report.'),
    sa.Column('report_type', sa.String(length=32), nullable=False, comment='capital_adequacy, liquidity, stress_test or quarterly_filing.'),
    sa.Column('reporting_period', sa.String(length=32), nullable=False, comment='Quarter reported on, e.g. 2026-Q2.'),
    sa.Column('period_start', sa.Date(), nullable=False, comment='First day of the quarter.'),
    sa.Column('period_end', sa.Date(), nullable=False, comment='Last day of the quarter.'),
    sa.Column('regulator', sa.String(length=100), nullable=False, comment='Receiving regulator.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='submitted, accepted or pending.'),
    sa.Column('submitted_date', sa.Date(), nullable=True, comment='Day submitted; empty while pending.'),
    sa.Column('prepared_by', sa.Integer(), nullable=False, comment='Preparer (employees_db.employees).'),
    sa.CheckConstraint("(status = 'pending') = (submitted_date IS NULL)", name=op.f('ck_regulatory_reports_submitted_fields')),
    sa.CheckConstraint("report_type IN ('capital_adequacy', 'liquidity', 'stress_test', 'quarterly_filing')", name=op.f('ck_regulatory_reports_report_type_valid')),
    sa.CheckConstraint("status IN ('submitted', 'accepted', 'pending')", name=op.f('ck_regulatory_reports_status_valid')),
    sa.CheckConstraint('period_end > period_start', name=op.f('ck_regulatory_reports_period_ordered')),
    sa.PrimaryKeyConstraint('report_id', name=op.f('pk_regulatory_reports')),
    comment='Quarterly reports to regulators for the last two years.'
    )
    op.create_index(op.f('ix_regulatory_reports_prepared_by'), 'regulatory_reports', ['prepared_by'], unique=False)
    op.create_table('rule_violations',
    sa.Column('violation_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the violation.'),
    sa.Column('rule_id', sa.Integer(), nullable=False, comment='The rule breached.'),
    sa.Column('entity_type', sa.String(length=32), nullable=False, comment='transaction, account or customer.'),
    sa.Column('entity_id', sa.BigInteger(), nullable=False, comment='Id of the offending record in its home database.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='Customer concerned (accounts_db.customers).'),
    sa.Column('severity', sa.String(length=32), nullable=False, comment='critical, high, medium or low.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='resolved, investigating, false_positive or open.'),
    sa.Column('detected_at', sa.DateTime(), nullable=False, comment='When the breach was detected.'),
    sa.Column('resolved_date', sa.DateTime(), nullable=True, comment='When a resolved violation was closed.'),
    sa.Column('resolved_by', sa.Integer(), nullable=True, comment='Employee who resolved it.'),
    sa.Column('details', sa.Text(), nullable=False, comment='What was detected.'),
    sa.CheckConstraint("(status = 'resolved') = (resolved_date IS NOT NULL) AND (resolved_date IS NULL) = (resolved_by IS NULL)", name=op.f('ck_rule_violations_resolved_fields')),
    sa.CheckConstraint("entity_type IN ('transaction', 'account', 'customer')", name=op.f('ck_rule_violations_entity_type_valid')),
    sa.CheckConstraint("severity IN ('critical', 'high', 'medium', 'low')", name=op.f('ck_rule_violations_severity_valid')),
    sa.CheckConstraint("status IN ('resolved', 'investigating', 'false_positive', 'open')", name=op.f('ck_rule_violations_status_valid')),
    sa.CheckConstraint('resolved_date IS NULL OR resolved_date >= detected_at', name=op.f('ck_rule_violations_resolved_after_detected')),
    sa.ForeignKeyConstraint(['rule_id'], ['compliance_rules.rule_id'], name=op.f('fk_rule_violations_rule_id_compliance_rules')),
    sa.PrimaryKeyConstraint('violation_id', name=op.f('pk_rule_violations')),
    comment='Breaches of compliance rules by transactions, accounts or customers.'
    )
    op.create_index(op.f('ix_rule_violations_customer_id'), 'rule_violations', ['customer_id'], unique=False)
    op.create_index(op.f('ix_rule_violations_resolved_by'), 'rule_violations', ['resolved_by'], unique=False)
    op.create_index(op.f('ix_rule_violations_rule_id'), 'rule_violations', ['rule_id'], unique=False)
    op.create_table('suspicious_activity_reports',
    sa.Column('sar_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the report.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='Customer reported (accounts_db.customers).'),
    sa.Column('account_id', sa.Integer(), nullable=False, comment='Account involved, owned by the customer (accounts_db.accounts).'),
    sa.Column('aml_check_id', sa.BigInteger(), nullable=True, comment='The flagged check that raised it, if any.'),
    sa.Column('activity_type', sa.String(length=32), nullable=False, comment='structuring, unusual_pattern or high_risk_country.'),
    sa.Column('amount_involved', sa.Numeric(precision=14, scale=2), nullable=False, comment='Amount involved, $5K-500K.'),
    sa.Column('tier', sa.String(length=32), nullable=False, comment='Escalation tier: tier1, tier2 or tier3.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='filed, under_review, closed or draft.'),
    sa.Column('detected_date', sa.Date(), nullable=False, comment='Day the activity was detected.'),
    sa.Column('filed_date', sa.Date(), nullable=True, comment='Day filed with the regulator; empty for drafts.'),
    sa.Column('filed_by', sa.Integer(), nullable=False, comment='Compliance officer who prepared it (employees_db.employees).'),
    sa.Column('narrative', sa.Text(), nullable=False, comment='Description of the activity.'),
    sa.CheckConstraint("(status = 'draft') = (filed_date IS NULL)", name=op.f('ck_suspicious_activity_reports_filed_fields')),
    sa.CheckConstraint("activity_type IN ('structuring', 'unusual_pattern', 'high_risk_country')", name=op.f('ck_suspicious_activity_reports_activity_type_valid')),
    sa.CheckConstraint("status IN ('filed', 'under_review', 'closed', 'draft')", name=op.f('ck_suspicious_activity_reports_status_valid')),
    sa.CheckConstraint("tier IN ('tier1', 'tier2', 'tier3')", name=op.f('ck_suspicious_activity_reports_tier_valid')),
    sa.CheckConstraint('amount_involved BETWEEN 5000 AND 500000', name=op.f('ck_suspicious_activity_reports_amount_range')),
    sa.ForeignKeyConstraint(['aml_check_id'], ['aml_checks.check_id'], name=op.f('fk_suspicious_activity_reports_aml_check_id_aml_checks')),
    sa.PrimaryKeyConstraint('sar_id', name=op.f('pk_suspicious_activity_reports')),
    comment='Suspicious activity reports (SARs) raised from flagged checks or unusual transactions.'
    )
    op.create_index(op.f('ix_suspicious_activity_reports_account_id'), 'suspicious_activity_reports', ['account_id'], unique=False)
    op.create_index(op.f('ix_suspicious_activity_reports_aml_check_id'), 'suspicious_activity_reports', ['aml_check_id'], unique=False)
    op.create_index(op.f('ix_suspicious_activity_reports_customer_id'), 'suspicious_activity_reports', ['customer_id'], unique=False)
    op.create_index(op.f('ix_suspicious_activity_reports_filed_by'), 'suspicious_activity_reports', ['filed_by'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_suspicious_activity_reports_filed_by'), table_name='suspicious_activity_reports')
    op.drop_index(op.f('ix_suspicious_activity_reports_customer_id'), table_name='suspicious_activity_reports')
    op.drop_index(op.f('ix_suspicious_activity_reports_aml_check_id'), table_name='suspicious_activity_reports')
    op.drop_index(op.f('ix_suspicious_activity_reports_account_id'), table_name='suspicious_activity_reports')
    op.drop_table('suspicious_activity_reports')
    op.drop_index(op.f('ix_rule_violations_rule_id'), table_name='rule_violations')
    op.drop_index(op.f('ix_rule_violations_resolved_by'), table_name='rule_violations')
    op.drop_index(op.f('ix_rule_violations_customer_id'), table_name='rule_violations')
    op.drop_table('rule_violations')
    op.drop_index(op.f('ix_regulatory_reports_prepared_by'), table_name='regulatory_reports')
    op.drop_table('regulatory_reports')
    op.drop_index(op.f('ix_kyc_records_verified_by'), table_name='kyc_records')
    op.drop_index(op.f('ix_kyc_records_customer_id'), table_name='kyc_records')
    op.drop_table('kyc_records')
    op.drop_table('seed_runs', schema='dhub')
    op.drop_table('compliance_rules')
    op.drop_index(op.f('ix_audit_trails_performed_by'), table_name='audit_trails')
    op.drop_index(op.f('ix_audit_trails_customer_id'), table_name='audit_trails')
    op.drop_table('audit_trails')
    op.drop_index(op.f('ix_aml_checks_transaction_id'), table_name='aml_checks')
    op.drop_index(op.f('ix_aml_checks_reviewed_by'), table_name='aml_checks')
    op.drop_index(op.f('ix_aml_checks_customer_id'), table_name='aml_checks')
    op.drop_table('aml_checks')
    op.execute("DROP SCHEMA IF EXISTS dhub")
