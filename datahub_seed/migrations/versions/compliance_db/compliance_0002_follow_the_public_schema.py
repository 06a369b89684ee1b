"""follow the public schema's names

Renames the AML flag, the SAR's tier, status, date and narrative, the report's period and
submission, the audit entry's time and values, the rule's threshold and the violation's date as
the public schema calls them; audit values become JSON text and addresses text as there; a
violation is resolved on a day. Adds what the screening found (from its flag), when a rule was
written (its effective date, for rules written before it was kept), resolution notes and who
approved a report (both empty for rows written before they were kept).

Revision ID: compliance_0002
Revises: compliance_0001
Create Date: 2026-11-25 22:33:18.112069
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from datahub_seed.migrations.steps import rename, unrename

revision: str = 'compliance_0002'
down_revision: str | None = 'compliance_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMES = [
    ('aml_checks', 'flagged', 'aml_flag', None),
    ('suspicious_activity_reports', 'tier', 'regulatory_tier', {'ck_suspicious_activity_reports_tier_valid': 'ck_suspicious_activity_reports_regulatory_tier_valid'}),
    ('suspicious_activity_reports', 'status', 'sar_status', {'ck_suspicious_activity_reports_status_valid': 'ck_suspicious_activity_reports_sar_status_valid'}),
    ('suspicious_activity_reports', 'detected_date', 'report_date', None),
    ('suspicious_activity_reports', 'narrative', 'description', None),
    ('regulatory_reports', 'period_start', 'reporting_period_start', None),
    ('regulatory_reports', 'period_end', 'reporting_period_end', None),
    ('regulatory_reports', 'submitted_date', 'submission_date', None),
    ('audit_trails', 'action_timestamp', 'performed_at', None),
    ('audit_trails', 'old_values', 'old_value', None),
    ('audit_trails', 'new_values', 'new_value', None),
    ('compliance_rules', 'threshold_amount', 'threshold_value', None),
    ('rule_violations', 'detected_at', 'violation_date', None),
]
# (table, column, comment before, comment after)
COMMENTS = [
    ('suspicious_activity_reports', 'report_date', 'Day the activity was detected.', 'Day the activity was detected and the report raised.'),
    ('suspicious_activity_reports', 'description', 'Description of the activity.', 'Narrative of the suspicious activity.'),
]
# (table, column, type before, type after, comment before, comment after, USING)
TYPES = [
    ('audit_trails', 'old_value', postgresql.JSONB(), sa.Text(), 'Values before the change.', 'Fields before the change, as a JSON object.', 'old_value::text'),
    ('audit_trails', 'new_value', postgresql.JSONB(), sa.Text(), 'Values after the change.', 'Fields after the change, as a JSON object.', 'new_value::text'),
    ('audit_trails', 'ip_address', postgresql.INET(), sa.String(length=45), 'Address of the workstation used.', 'IPv4 or IPv6 address of the workstation used.', 'host(ip_address)'),
    ('rule_violations', 'resolved_date', postgresql.TIMESTAMP(), sa.Date(), 'When a resolved violation was closed.', 'Day a resolved violation was closed.', 'resolved_date::date'),
]
# What each type reads back as, for the downgrade.
BACK = {'old_value': 'old_value::jsonb', 'new_value': 'new_value::jsonb', 'ip_address': 'ip_address::inet', 'resolved_date': 'CASE WHEN resolved_date IS NOT NULL THEN greatest(resolved_date::timestamp, violation_date) END'}
# The violation's resolution day is compared with the day it was detected.
RESOLVED_AFTER_DETECTED = {
    'before': 'resolved_date IS NULL OR resolved_date >= violation_date',
    'after': 'resolved_date IS NULL OR resolved_date >= CAST(violation_date AS DATE)',
}


def upgrade() -> None:
    for table, old, new, constraints in RENAMES:
        rename(table, old, new, constraints)
    for table, column, before, after in COMMENTS:
        op.alter_column(table, column, comment=after, existing_comment=before)
    op.drop_constraint(op.f('ck_rule_violations_resolved_after_detected'), 'rule_violations', type_='check')
    for table, column, old_type, new_type, before, after, using in TYPES:
        op.alter_column(table, column, existing_type=old_type, type_=new_type, comment=after, existing_comment=before, postgresql_using=using)
    op.create_check_constraint(op.f('ck_rule_violations_resolved_after_detected'), 'rule_violations', RESOLVED_AFTER_DETECTED['after'])
    op.add_column('aml_checks', sa.Column('screening_result', sa.Text(), nullable=True, comment="What the screening found, in the analyst's words."))
    op.execute("UPDATE aml_checks SET screening_result = CASE WHEN aml_flag THEN 'Referred for review.' ELSE 'No match found.' END")
    op.add_column('compliance_rules', sa.Column('created_date', sa.Date(), nullable=True, comment='Day the rule was written, on or before it took effect.'))
    op.execute("UPDATE compliance_rules SET created_date = effective_date")
    op.alter_column('compliance_rules', 'created_date', nullable=False)
    op.create_check_constraint(op.f('ck_compliance_rules_created_before_effective'), 'compliance_rules', 'created_date <= effective_date')
    op.add_column('regulatory_reports', sa.Column('approved_by', sa.Integer(), nullable=True, comment='Branch manager who signed it off on the submission day (employees_db.employees); empty while pending.'))
    op.create_index(op.f('ix_regulatory_reports_approved_by'), 'regulatory_reports', ['approved_by'], unique=False)
    op.add_column('rule_violations', sa.Column('resolution_notes', sa.Text(), nullable=True, comment='How a resolved or false-positive violation was closed; empty while open.'))


def downgrade() -> None:
    op.drop_column('rule_violations', 'resolution_notes')
    op.drop_index(op.f('ix_regulatory_reports_approved_by'), table_name='regulatory_reports')
    op.drop_column('regulatory_reports', 'approved_by')
    op.drop_constraint(op.f('ck_compliance_rules_created_before_effective'), 'compliance_rules', type_='check')
    op.drop_column('compliance_rules', 'created_date')
    op.drop_column('aml_checks', 'screening_result')
    op.drop_constraint(op.f('ck_rule_violations_resolved_after_detected'), 'rule_violations', type_='check')
    for table, column, old_type, new_type, before, after, _ in TYPES:
        op.alter_column(table, column, existing_type=new_type, type_=old_type, comment=before, existing_comment=after, postgresql_using=BACK[column])
    op.create_check_constraint(op.f('ck_rule_violations_resolved_after_detected'), 'rule_violations', RESOLVED_AFTER_DETECTED['before'])
    for table, column, before, after in COMMENTS:
        op.alter_column(table, column, comment=before, existing_comment=after)
    for table, old, new, constraints in reversed(RENAMES):
        unrename(table, old, new, constraints)
