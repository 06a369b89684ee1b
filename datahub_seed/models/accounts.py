"""accounts_db: the bank's customers of record, their accounts and every transaction."""

from typing import ClassVar

from sqlalchemy import ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from datahub_seed.distributions import load
from datahub_seed.models.base import (
    BigPK,
    Code,
    Day,
    EmployeeRef,
    IntPK,
    Moment,
    Money,
    Name,
    check,
    new_metadata,
    one_of,
)

DIST = load("accounts_db")


class Base(DeclarativeBase):
    metadata = new_metadata()
    __table__: ClassVar[Table]  # every model here maps a Table (DeclarativeBase says any FromClause)


TRANSACTION_TYPES = (
    *DIST["transactions"]["spending_type"].values,
    *DIST["transactions"]["income_type"].values,
)


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        check("born_before_created", "date_of_birth < created_at"),
        {"comment": "Customers of record: the master list every other database refers to by customer_id."},
    )

    customer_id: Mapped[IntPK] = mapped_column(comment="Surrogate key; the customer_id of every database.")
    first_name: Mapped[Name] = mapped_column(comment="Given name.")
    last_name: Mapped[Name] = mapped_column(comment="Family name.")
    date_of_birth: Mapped[Day] = mapped_column(comment="Date of birth; customers are 18-85 years old.")
    email: Mapped[str] = mapped_column(String(200), unique=True, comment="Unique contact email address.")
    phone: Mapped[Code] = mapped_column(comment="Contact phone number.")
    address: Mapped[str] = mapped_column(String(200), comment="Street address.")
    city: Mapped[Name] = mapped_column(comment="City of residence.")
    state: Mapped[str] = mapped_column(String(2), comment="US state code.")
    postal_code: Mapped[str] = mapped_column(String(10), comment="ZIP code.")
    created_at: Mapped[Moment] = mapped_column(comment="When the customer relationship began.")


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (
        one_of("account_type", DIST["accounts"]["account_type"].values),
        one_of("account_status", DIST["accounts"]["account_status"].values),
        one_of("currency", ["USD", *DIST["accounts"]["other_currency"].values]),
        check("balance_not_negative", "balance >= 0"),
        check("closed_has_date", "(account_status = 'closed') = (closed_date IS NOT NULL)"),
        check("closed_after_opened", "closed_date IS NULL OR closed_date >= opened_date"),
        {"comment": "Deposit accounts held by customers; balance equals the last transaction's balance_after."},
    )

    account_id: Mapped[IntPK] = mapped_column(comment="Surrogate key; other databases refer to accounts by it.")
    account_number: Mapped[Code] = mapped_column(unique=True, comment="Unique account number shown to customers.")
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.customer_id"), index=True, comment="The account holder."
    )
    account_type: Mapped[Code] = mapped_column(comment="checking, savings, money_market or certificate_of_deposit.")
    account_status: Mapped[Code] = mapped_column(comment="active, frozen or closed.")
    currency: Mapped[str] = mapped_column(String(3), comment="ISO 4217 currency code; mostly USD.")
    balance: Mapped[Money] = mapped_column(comment="Current balance: the balance_after of the latest transaction.")
    branch_code: Mapped[Code] = mapped_column(comment="Branch that holds the account, e.g. BR-NYC-01.")
    opened_date: Mapped[Day] = mapped_column(comment="Day the account was opened; not before the customer joined.")
    closed_date: Mapped[Day | None] = mapped_column(comment="Day a closed account was closed; after it opened.")

    customer: Mapped[Customer] = relationship()
    transactions: Mapped[list["Transaction"]] = relationship(
        back_populates="account", order_by="Transaction.transaction_id"
    )


class AccountRelationship(Base):
    __tablename__ = "account_relationships"
    __table_args__ = (
        UniqueConstraint("primary_account_id", "related_account_id"),
        one_of("relationship_type", DIST["account_relationships"]["relationship_type"].values),
        check("not_to_itself", "primary_account_id <> related_account_id"),
        {"comment": "Links between two accounts: joint owners, beneficiaries, authorised users, linked savings."},
    )

    relationship_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the link.")
    primary_account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.account_id"), index=True, comment="The account the link belongs to."
    )
    related_account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.account_id"), index=True, comment="The other account; never the same account."
    )
    relationship_type: Mapped[Code] = mapped_column(
        comment="joint_owner, beneficiary, authorized_user or linked_savings."
    )
    created_at: Mapped[Moment] = mapped_column(comment="When the link was made; after both accounts opened.")

    primary_account: Mapped[Account] = relationship(foreign_keys=[primary_account_id])
    related_account: Mapped[Account] = relationship(foreign_keys=[related_account_id])


class Transaction(Base):
    __tablename__ = "transactions"
    __table_args__ = (
        one_of("transaction_type", TRANSACTION_TYPES),
        check("transaction_amount_positive", "transaction_amount > 0"),
        check("balance_after_not_negative", "balance_after >= 0"),
        {"comment": "Every posting on every account, in time order; ids increase with transaction_date."},
    )

    transaction_id: Mapped[BigPK] = mapped_column(comment="Surrogate key, increasing with transaction_date.")
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.account_id"), index=True, comment="The account posted to."
    )
    transaction_type: Mapped[Code] = mapped_column(
        comment="Spending (withdrawal, payment, fee) or income (deposit, salary, interest)."
    )
    transaction_amount: Mapped[Money] = mapped_column(comment="Amount in the account's currency, always positive.")
    balance_after: Mapped[Money] = mapped_column(comment="Running balance of the account after this posting.")
    transaction_date: Mapped[Moment] = mapped_column(comment="When the posting happened.")
    description: Mapped[str] = mapped_column(String(200), comment="Statement text.")
    processed_by: Mapped[EmployeeRef | None] = mapped_column(
        comment="Employee who keyed a manual posting (employees_db.employees); empty when automated."
    )
    counterparty_account: Mapped[str | None] = mapped_column(
        String(20), comment="Account number at the other bank for payments out and salaries in; empty otherwise."
    )

    account: Mapped[Account] = relationship(back_populates="transactions")
