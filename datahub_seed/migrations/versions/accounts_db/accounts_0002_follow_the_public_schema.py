"""follow the public schema's names

Renames account status, the relationship's first account and the transaction amount as the
public schema calls them, dates accounts by day as it does, and adds the counterparty's account
number to transactions (empty for those written before it was kept).

Revision ID: accounts_0002
Revises: accounts_0001
Create Date: 2026-11-25 22:33:16.655333
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from datahub_seed.migrations.steps import rename, unrename

revision: str = 'accounts_0002'
down_revision: str | None = 'accounts_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMES = [
    ('accounts', 'status', 'account_status', {'ck_accounts_status_valid': 'ck_accounts_account_status_valid'}),
    ('account_relationships', 'account_id', 'primary_account_id', {
        'ix_account_relationships_account_id': 'ix_account_relationships_primary_account_id',
        'fk_account_relationships_account_id_accounts': 'fk_account_relationships_primary_account_id_accounts',
        'uq_account_relationships_account_id_related_account_id': 'uq_account_relationships_primary_account_id_related_account_id',
    }),
    ('transactions', 'amount', 'transaction_amount', {'ck_transactions_amount_positive': 'ck_transactions_transaction_amount_positive'}),
]
# (column, comment before, comment after): accounts open and close on a day.
DAYS = [
    ('opened_date', "When the account was opened; after the customer's created_at.", 'Day the account was opened; not before the customer joined.'),
    ('closed_date', 'When a closed account was closed.', 'Day a closed account was closed; after it opened.'),
]


def upgrade() -> None:
    for table, old, new, constraints in RENAMES:
        rename(table, old, new, constraints)
    for column, before, after in DAYS:
        op.alter_column('accounts', column, existing_type=postgresql.TIMESTAMP(), type_=sa.Date(), comment=after, existing_comment=before)
    op.add_column('transactions', sa.Column('counterparty_account', sa.String(length=20), nullable=True, comment='Account number at the other bank for payments out and salaries in; empty otherwise.'))


def downgrade() -> None:
    op.drop_column('transactions', 'counterparty_account')
    for column, before, after in DAYS:
        op.alter_column('accounts', column, existing_type=sa.Date(), type_=postgresql.TIMESTAMP(), comment=before, existing_comment=after)
    for table, old, new, constraints in RENAMES:
        unrename(table, old, new, constraints)
