"""create the accounts_db schema

Revision ID: accounts_0001
Revises: 
Create Date: 2026-11-24 03:26:29.509298
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'accounts_0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS dhub")
    op.create_table('customers',
    sa.Column('customer_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key; the customer_id of every database.'),
    sa.Column('first_name', sa.String(length=100), nullable=False, comment='Given name.'),
    sa.Column('last_name', sa.String(length=100), nullable=False, comment='Family name.'),
    sa.Column('date_of_birth', sa.Date(), nullable=False, comment='Date of birth; customers are 18-85 years old.'),
    sa.Column('email', sa.String(length=200), nullable=False, comment='Unique contact email address.'),
    sa.Column('phone', sa.String(length=32), nullable=False, comment='Contact phone number.'),
    sa.Column('address', sa.String(length=200), nullable=False, comment='Street address.'),
    sa.Column('city', sa.String(length=100), nullable=False, comment='City of residence.'),
    sa.Column('state', sa.String(length=2), nullable=False, comment='US state code.'),
    sa.Column('postal_code', sa.String(length=10), nullable=False, comment='ZIP code.'),
    sa.Column('created_at', sa.DateTime(), nullable=False, comment='When the customer relationship began.'),
    sa.CheckConstraint('date_of_birth < created_at', name=op.f('ck_customers_born_before_created')),
    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_customers')),
    sa.UniqueConstraint('email', name=op.f('uq_customers_email')),
    comment='Customers of record: the master list every other database refers to by customer_id.'
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
    op.create_table('accounts',
    sa.Column('account_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key; other databases refer to accounts by it.'),
    sa.Column('account_number', sa.String(length=32), nullable=False, comment='Unique account number shown to customers.'),
    sa.Column('customer_id', sa.Integer(), nullable=False, comment='The account holder.'),
    sa.Column('account_type', sa.String(length=32), nullable=False, comment='checking, savings, money_market or certificate_of_deposit.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='active, frozen or closed.'),
    sa.Column('currency', sa.String(length=3), nullable=False, comment='ISO 4217 currency code; mostly USD.'),
    sa.Column('balance', sa.Numeric(precision=14, scale=2), nullable=False, comment='Current balance: the balance_after of the latest transaction.'),
    sa.Column('branch_code', sa.String(length=32), nullable=False, comment='Branch that holds the account, e.g. BR-NYC-01.'),
    sa.Column('opened_date', sa.DateTime(), nullable=False, comment="When the account was opened; after the customer's created_at."),
    sa.Column('closed_date', sa.DateTime(), nullable=True, comment='When a closed account was closed.'),
    sa.CheckConstraint("(status = 'closed') = (closed_date IS NOT NULL)", name=op.f('ck_accounts_closed_has_date')),
    sa.CheckConstraint("account_type IN ('checking', 'savings', 'money_market', 'certificate_of_deposit')", name=op.f('ck_accounts_account_type_valid')),
    sa.CheckConstraint("currency IN ('USD', 'EUR', 'GBP', 'CAD', 'MXN')", name=op.f('ck_accounts_currency_valid')),
    sa.CheckConstraint("status IN ('active', 'frozen', 'closed')", name=op.f('ck_accounts_status_valid')),
    sa.CheckConstraint('balance >= 0', name=op.f('ck_accounts_balance_not_negative')),
    sa.CheckConstraint('closed_date IS NULL OR closed_date >= opened_date', name=op.f('ck_accounts_closed_after_opened')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.customer_id'], name=op.f('fk_accounts_customer_id_customers')),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('account_number', name=op.f('uq_accounts_account_number')),
    comment="Deposit accounts held by customers; balance equals the last transaction's balance_after."
    )
    op.create_index(op.f('ix_accounts_customer_id'), 'accounts', ['customer_id'], unique=False)
    op.create_table('account_relationships',
    sa.Column('relationship_id', sa.Integer(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key of the link.'),
    sa.Column('account_id', sa.Integer(), nullable=False, comment='The account the link belongs to.'),
    sa.Column('related_account_id', sa.Integer(), nullable=False, comment='The other account; never the same account.'),
    sa.Column('relationship_type', sa.String(length=32), nullable=False, comment='joint_owner, beneficiary, authorized_user or linked_savings.'),
    sa.Column('created_at', sa.DateTime(), nullable=False, comment='When the link was made; after both accounts opened.'),
    sa.CheckConstraint("relationship_type IN ('joint_owner', 'beneficiary', 'authorized_user', 'linked_savings')", name=op.f('ck_account_relationships_relationship_type_valid')),
    sa.CheckConstraint('account_id <> related_account_id', name=op.f('ck_account_relationships_not_to_itself')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.account_id'], name=op.f('fk_account_relationships_account_id_accounts')),
    sa.ForeignKeyConstraint(['related_account_id'], ['accounts.account_id'], name=op.f('fk_account_relationships_related_account_id_accounts')),
    sa.PrimaryKeyConstraint('relationship_id', name=op.f('pk_account_relationships')),
    sa.UniqueConstraint('account_id', 'related_account_id', name=op.f('uq_account_relationships_account_id_related_account_id')),
    comment='Links between two accounts: joint owners, beneficiaries, authorised users, linked savings.'
    )
    op.create_index(op.f('ix_account_relationships_account_id'), 'account_relationships', ['account_id'], unique=False)
    op.create_index(op.f('ix_account_relationships_related_account_id'), 'account_relationships', ['related_account_id'], unique=False)
    op.create_table('transactions',
    sa.Column('transaction_id', sa.BigInteger(), sa.Identity(always=False, start=1), nullable=False, comment='Surrogate key, increasing with transaction_date.'),
    sa.Column('account_id', sa.Integer(), nullable=False, comment='The account posted to.'),
    sa.Column('transaction_type', sa.String(length=32), nullable=False, comment='Spending (withdrawal, payment, fee) or income (deposit, salary, interest).'),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False, comment="Amount in the account's currency, always positive."),
    sa.Column('balance_after', sa.Numeric(precision=14, scale=2), nullable=False, comment='Running balance of the account after this posting.'),
    sa.Column('transaction_date', sa.DateTime(), nullable=False, comment='When the posting happened.'),
    sa.Column('description', sa.String(length=200), nullable=False, comment='Statement text.'),
    sa.Column('processed_by', sa.Integer(), nullable=True, comment='Employee who keyed a manual posting (employees_db.employees); empty when automated.'),
    sa.CheckConstraint("transaction_type IN ('withdrawal', 'payment', 'fee', 'deposit', 'salary', 'interest')", name=op.f('ck_transactions_transaction_type_valid')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_transactions_amount_positive')),
    sa.CheckConstraint('balance_after >= 0', name=op.f('ck_transactions_balance_after_not_negative')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.account_id'], name=op.f('fk_transactions_account_id_accounts')),
    sa.PrimaryKeyConstraint('transaction_id', name=op.f('pk_transactions')),
    comment='Every posting on every account, in time order; ids increase with transaction_date.'
    )
    op.create_index(op.f('ix_transactions_account_id'), 'transactions', ['account_id'], unique=False)
    op.create_index(op.f('ix_transactions_processed_by'), 'transactions', ['processed_by'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_transactions_processed_by'), table_name='transactions')
    op.drop_index(op.f('ix_transactions_account_id'), table_name='transactions')
    op.drop_table('transactions')
    op.drop_index(op.f('ix_account_relationships_related_account_id'), table_name='account_relationships')
    op.drop_index(op.f('ix_account_relationships_account_id'), table_name='account_relationships')
    op.drop_table('account_relationships')
    op.drop_index(op.f('ix_accounts_customer_id'), table_name='accounts')
    op.drop_table('accounts')
    op.drop_table('seed_runs', schema='dhub')
    op.drop_table('customers')
    op.execute("DROP SCHEMA IF EXISTS dhub")
