"""create the loans_db schema

Revision ID: loans_0001
Revises: 
Create Date: 2026-11-24 03:26:31.041281
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'loans_0001'
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
    op.create_table('loan_applications',
    sa.Column('application_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the application.'),
    sa.Column('application_number', sa.String(length=32), nullable=False, comment='Unique reference, e.g. APP-00001234.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='Applicant (accounts_db.customers.customer_id).'),
    sa.Column('loan_type', sa.String(length=32), nullable=False, comment='mortgage, personal, auto, business or education.'),
    sa.Column('requested_amount', sa.Numeric(precision=14, scale=2), nullable=False, comment='Amount asked for, in USD.'),
    sa.Column('requested_term_months', sa.SmallInteger(), nullable=False, comment='Term asked for, in months.'),
    sa.Column('application_date', sa.Date(), nullable=False, comment='Day the application was made.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='approved, rejected, pending or withdrawn.'),
    sa.Column('decision_date', sa.Date(), nullable=True, comment='Day of the decision, for approved and rejected.'),
    sa.Column('approved_amount', sa.Numeric(precision=14, scale=2), nullable=True, comment='Amount granted: 80-100% of the request.'),
    sa.Column('rejection_reason', sa.String(length=32), nullable=True, comment='Why a rejected application was refused.'),
    sa.Column('officer_id', sa.Integer(), nullable=False, comment='Loan officer in charge (employees_db.employees, role loan_officer).'),
    sa.CheckConstraint("(status = 'approved') = (approved_amount IS NOT NULL)", name=op.f('ck_loan_applications_approved_has_amount')),
    sa.CheckConstraint("(status = 'rejected') = (rejection_reason IS NOT NULL)", name=op.f('ck_loan_applications_rejected_has_reason')),
    sa.CheckConstraint("(status IN ('approved', 'rejected')) = (decision_date IS NOT NULL)", name=op.f('ck_loan_applications_decided_has_date')),
    sa.CheckConstraint("loan_type IN ('mortgage', 'personal', 'auto', 'business', 'education')", name=op.f('ck_loan_applications_loan_type_valid')),
    sa.CheckConstraint("rejection_reason IS NULL OR rejection_reason IN ('insufficient_income', 'low_credit_score', 'high_debt_to_income', 'incomplete_documentation')", name=op.f('ck_loan_applications_rejection_reason_valid')),
    sa.CheckConstraint("status IN ('approved', 'rejected', 'pending', 'withdrawn')", name=op.f('ck_loan_applications_status_valid')),
    sa.CheckConstraint('approved_amount IS NULL OR approved_amount <= requested_amount', name=op.f('ck_loan_applications_approved_within_request')),
    sa.CheckConstraint('decision_date IS NULL OR decision_date >= application_date', name=op.f('ck_loan_applications_decision_after_application')),
    sa.CheckConstraint('requested_amount > 0', name=op.f('ck_loan_applications_requested_positive')),
    sa.PrimaryKeyConstraint('application_id', name=op.f('pk_loan_applications')),
    sa.UniqueConstraint('application_number', name=op.f('uq_loan_applications_application_number')),
    comment="Loan applications and the bank's decisions on them."
    )
    op.create_index(op.f('ix_loan_applications_customer_id'), 'loan_applications', ['customer_id'], unique=False)
    op.create_index(op.f('ix_loan_applications_officer_id'), 'loan_applications', ['officer_id'], unique=False)
    op.create_table('loans',
    sa.Column('loan_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key; other databases refer to loans by it.'),
    sa.Column('loan_number', sa.String(length=32), nullable=False, comment='Unique loan number, e.g. LN-00001234.'),
    sa.Column('application_id', sa.Integer(), nullable=False, comment='The approved application.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='Borrower (accounts_db.customers.customer_id).'),
    sa.Column('loan_type', sa.String(length=32), nullable=False, comment="Same as the application's loan_type."),
    sa.Column('principal_amount', sa.Numeric(precision=14, scale=2), nullable=False, comment="Amount lent: the application's approved_amount."),
    sa.Column('interest_rate', sa.Numeric(precision=7, scale=4), nullable=False, comment='Annual interest rate in percent, e.g. 6.2500.'),
    sa.Column('term_months', sa.SmallInteger(), nullable=False, comment='Number of monthly installments.'),
    sa.Column('monthly_payment', sa.Numeric(precision=14, scale=2), nullable=False, comment='Level installment from the amortisation formula.'),
    sa.Column('disbursement_date', sa.Date(), nullable=False, comment='Day the money was paid out, 5-30 days after decision.'),
    sa.Column('maturity_date', sa.Date(), nullable=False, comment='Due date of the last installment (a planned date).'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='active, paid_off or defaulted.'),
    sa.Column('outstanding_balance', sa.Numeric(precision=14, scale=2), nullable=False, comment='Principal not yet repaid: the sum of principal over unpaid installments.'),
    sa.Column('linked_account_id', sa.Integer(), nullable=True, comment="Borrower's account for payments (accounts_db.accounts), when linked."),
    sa.CheckConstraint("loan_type IN ('mortgage', 'personal', 'auto', 'business', 'education')", name=op.f('ck_loans_loan_type_valid')),
    sa.CheckConstraint("status IN ('active', 'paid_off', 'defaulted')", name=op.f('ck_loans_status_valid')),
    sa.CheckConstraint('maturity_date > disbursement_date', name=op.f('ck_loans_maturity_after_disbursement')),
    sa.CheckConstraint('outstanding_balance BETWEEN 0 AND principal_amount', name=op.f('ck_loans_outstanding_range')),
    sa.CheckConstraint('principal_amount > 0', name=op.f('ck_loans_principal_positive')),
    sa.CheckConstraint('term_months > 0', name=op.f('ck_loans_term_positive')),
    sa.ForeignKeyConstraint(['application_id'], ['loan_applications.application_id'], name=op.f('fk_loans_application_id_loan_applications')),
    sa.PrimaryKeyConstraint('loan_id', name=op.f('pk_loans')),
    sa.UniqueConstraint('application_id', name=op.f('uq_loans_application_id')),
    sa.UniqueConstraint('loan_number', name=op.f('uq_loans_loan_number')),
    comment='Loans granted: one per approved application, with its terms and current balance.'
    )
    op.create_index(op.f('ix_loans_customer_id'), 'loans', ['customer_id'], unique=False)
    op.create_index(op.f('ix_loans_linked_account_id'), 'loans', ['linked_account_id'], unique=False)
    op.create_table('collateral',
    sa.Column('collateral_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the pledge.'),
    sa.Column('loan_id', sa.Integer(), nullable=False, comment='The secured loan.'),
    sa.Column('collateral_type', sa.String(length=32), nullable=False, comment='property, vehicle or equipment.'),
    sa.Column('description', sa.String(length=100), nullable=False, comment='What is pledged.'),
    sa.Column('appraised_value', sa.Numeric(precision=14, scale=2), nullable=False, comment='Appraised value in USD: 110-150% of the principal.'),
    sa.Column('appraisal_date', sa.Date(), nullable=False, comment='Day of the appraisal, before disbursement.'),
    sa.Column('ltv_ratio', sa.Numeric(precision=6, scale=4), nullable=False, comment='Loan-to-value: principal_amount / appraised_value.'),
    sa.CheckConstraint("collateral_type IN ('equipment', 'property', 'vehicle')", name=op.f('ck_collateral_collateral_type_valid')),
    sa.CheckConstraint('appraised_value > 0', name=op.f('ck_collateral_appraised_positive')),
    sa.CheckConstraint('ltv_ratio > 0 AND ltv_ratio <= 1', name=op.f('ck_collateral_ltv_range')),
    sa.ForeignKeyConstraint(['loan_id'], ['loans.loan_id'], name=op.f('fk_collateral_loan_id_loans')),
    sa.PrimaryKeyConstraint('collateral_id', name=op.f('pk_collateral')),
    comment='Assets pledged against loans (property, vehicles, equipment).'
    )
    op.create_index(op.f('ix_collateral_loan_id'), 'collateral', ['loan_id'], unique=False)
    op.create_table('loan_guarantors',
    sa.Column('guarantor_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the guarantee.'),
    sa.Column('loan_id', sa.Integer(), nullable=False, comment='The guaranteed loan.'),
    sa.Column('full_name', sa.String(length=100), nullable=False, comment="Guarantor's name."),
    sa.Column('relationship', sa.String(length=32), nullable=False, comment='family, business_partner or friend of the borrower.'),
    sa.Column('guarantee_amount', sa.Numeric(precision=14, scale=2), nullable=False, comment='Amount guaranteed: 50-100% of the principal.'),
    sa.Column('phone', sa.String(length=32), nullable=False, comment="Guarantor's phone number."),
    sa.CheckConstraint("relationship IN ('family', 'business_partner', 'friend')", name=op.f('ck_loan_guarantors_relationship_valid')),
    sa.CheckConstraint('guarantee_amount > 0', name=op.f('ck_loan_guarantors_guarantee_positive')),
    sa.ForeignKeyConstraint(['loan_id'], ['loans.loan_id'], name=op.f('fk_loan_guarantors_loan_id_loans')),
    sa.PrimaryKeyConstraint('guarantor_id', name=op.f('pk_loan_guarantors')),
    comment='People who guarantee personal and business loans.'
    )
    op.create_index(op.f('ix_loan_guarantors_loan_id'), 'loan_guarantors', ['loan_id'], unique=False)
    op.create_table('repayment_schedule',
    sa.Column('installment_id', sa.BigInteger(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the installment.'),
    sa.Column('loan_id', sa.Integer(), nullable=False, comment='The loan.'),
    sa.Column('installment_number', sa.SmallInteger(), nullable=False, comment='1 for the first month up to the term.'),
    sa.Column('due_date', sa.Date(), nullable=False, comment='Day the installment falls due (may be a planned future date).'),
    sa.Column('principal_amount', sa.Numeric(precision=14, scale=2), nullable=False, comment='Part of the installment that repays principal.'),
    sa.Column('interest_amount', sa.Numeric(precision=14, scale=2), nullable=False, comment='Part of the installment that pays interest.'),
    sa.Column('total_amount', sa.Numeric(precision=14, scale=2), nullable=False, comment='principal_amount + interest_amount.'),
    sa.Column('remaining_principal', sa.Numeric(precision=14, scale=2), nullable=False, comment='Principal still owed after this installment.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='paid, late (paid after the due date), pending or missed.'),
    sa.Column('paid_date', sa.Date(), nullable=True, comment='Day it was paid, for paid and late installments.'),
    sa.CheckConstraint("(status IN ('paid', 'late')) = (paid_date IS NOT NULL)", name=op.f('ck_repayment_schedule_paid_has_date')),
    sa.CheckConstraint("status IN ('paid', 'late', 'pending', 'missed')", name=op.f('ck_repayment_schedule_status_valid')),
    sa.CheckConstraint('installment_number > 0', name=op.f('ck_repayment_schedule_installment_number_positive')),
    sa.CheckConstraint('principal_amount >= 0 AND interest_amount >= 0', name=op.f('ck_repayment_schedule_amounts_not_negative')),
    sa.CheckConstraint('total_amount = principal_amount + interest_amount', name=op.f('ck_repayment_schedule_total_is_sum')),
    sa.ForeignKeyConstraint(['loan_id'], ['loans.loan_id'], name=op.f('fk_repayment_schedule_loan_id_loans')),
    sa.PrimaryKeyConstraint('installment_id', name=op.f('pk_repayment_schedule')),
    sa.UniqueConstraint('loan_id', 'installment_number', name=op.f('uq_repayment_schedule_loan_id_installment_number')),
    comment='Amortised monthly installments of every loan, paid or still due.'
    )
    op.create_index(op.f('ix_repayment_schedule_loan_id'), 'repayment_schedule', ['loan_id'], unique=False)
    op.create_table('risk_assessments',
    sa.Column('assessment_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the assessment.'),
    sa.Column('application_id', sa.Integer(), nullable=False, comment='The application assessed.'),
    sa.Column('loan_id', sa.Integer(), nullable=True, comment='For periodic reviews: the loan reviewed.'),
    sa.Column('assessment_type', sa.String(length=32), nullable=False, comment='origination (before the decision) or periodic.'),
    sa.Column('assessment_date', sa.Date(), nullable=False, comment='Day of the assessment.'),
    sa.Column('credit_score', sa.SmallInteger(), nullable=False, comment='Credit score, 300-850.'),
    sa.Column('probability_of_default', sa.Numeric(precision=5, scale=4), nullable=False, comment='Estimated one-year probability of default, 0.01-0.25.'),
    sa.Column('risk_grade', sa.String(length=32), nullable=False, comment='Internal grade from AAA (best) to CCC.'),
    sa.Column('assessed_by', sa.Integer(), nullable=False, comment='Assessor (employees_db.employees).'),
    sa.Column('notes', sa.Text(), nullable=False, comment="Assessor's summary."),
    sa.CheckConstraint("(assessment_type = 'periodic') = (loan_id IS NOT NULL)", name=op.f('ck_risk_assessments_periodic_has_loan')),
    sa.CheckConstraint("assessment_type IN ('origination', 'periodic')", name=op.f('ck_risk_assessments_assessment_type_valid')),
    sa.CheckConstraint("risk_grade IN ('AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC')", name=op.f('ck_risk_assessments_risk_grade_valid')),
    sa.CheckConstraint('credit_score BETWEEN 300 AND 850', name=op.f('ck_risk_assessments_credit_score_range')),
    sa.CheckConstraint('probability_of_default BETWEEN 0.01 AND 0.25', name=op.f('ck_risk_assessments_default_probability_range')),
    sa.ForeignKeyConstraint(['application_id'], ['loan_applications.application_id'], name=op.f('fk_risk_assessments_application_id_loan_applications')),
    sa.ForeignKeyConstraint(['loan_id'], ['loans.loan_id'], name=op.f('fk_risk_assessments_loan_id_loans')),
    sa.PrimaryKeyConstraint('assessment_id', name=op.f('pk_risk_assessments')),
    comment='Credit risk assessments: one before each decision, and periodic reviews of loans.'
    )
    op.create_index(op.f('ix_risk_assessments_application_id'), 'risk_assessments', ['application_id'], unique=False)
    op.create_index(op.f('ix_risk_assessments_assessed_by'), 'risk_assessments', ['assessed_by'], unique=False)
    op.create_index(op.f('ix_risk_assessments_loan_id'), 'risk_assessments', ['loan_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_risk_assessments_loan_id'), table_name='risk_assessments')
    op.drop_index(op.f('ix_risk_assessments_assessed_by'), table_name='risk_assessments')
    op.drop_index(op.f('ix_risk_assessments_application_id'), table_name='risk_assessments')
    op.drop_table('risk_assessments')
    op.drop_index(op.f('ix_repayment_schedule_loan_id'), table_name='repayment_schedule')
    op.drop_table('repayment_schedule')
    op.drop_index(op.f('ix_loan_guarantors_loan_id'), table_name='loan_guarantors')
    op.drop_table('loan_guarantors')
    op.drop_index(op.f('ix_collateral_loan_id'), table_name='collateral')
    op.drop_table('collateral')
    op.drop_index(op.f('ix_loans_linked_account_id'), table_name='loans')
    op.drop_index(op.f('ix_loans_customer_id'), table_name='loans')
    op.drop_table('loans')
    op.drop_index(op.f('ix_loan_applications_officer_id'), table_name='loan_applications')
    op.drop_index(op.f('ix_loan_applications_customer_id'), table_name='loan_applications')
    op.drop_table('loan_applications')
    op.drop_table('seed_runs', schema='dhub')
    op.execute("DROP SCHEMA IF EXISTS dhub")
