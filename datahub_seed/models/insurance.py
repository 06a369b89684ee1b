"""insurance_db: insurance policies sold to customers, their beneficiaries, claims, premiums and events."""

from typing import ClassVar

from sqlalchemy import ForeignKey, SmallInteger, Table, orm
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from datahub_seed.distributions import load
from datahub_seed.models.base import (
    AccountRef,
    BigPK,
    Code,
    CustomerRef,
    Day,
    EmployeeRef,
    IntPK,
    Moment,
    Money,
    Name,
    Prose,
    check,
    new_metadata,
    one_of,
)

DIST = load("insurance_db")


class Base(DeclarativeBase):
    metadata = new_metadata()
    __table__: ClassVar[Table]  # every model here maps a Table (DeclarativeBase says any FromClause)


CLAIM_TYPES = sorted({kind for kinds in DIST["claims"]["claim_type"].values() for kind in kinds})


class Policy(Base):
    __tablename__ = "policies"
    __table_args__ = (
        one_of("policy_type", DIST["policies"]["policy_type"].values),
        one_of("premium_frequency", DIST["policies"]["premium_frequency"].values),
        one_of("policy_status", DIST["policies"]["policy_status"].values),
        check("coverage_positive", "coverage_amount > 0"),
        check("premium_positive", "annual_premium > 0"),
        check("end_after_start", "end_date > start_date"),
        check("premium_amount_positive", "premium_amount > 0"),
        {"comment": "Insurance policies held by customers."},
    )

    policy_id: Mapped[IntPK] = mapped_column(comment="Surrogate key; other databases refer to policies by it.")
    policy_number: Mapped[Code] = mapped_column(unique=True, comment="Unique policy number, e.g. POL-00001234.")
    customer_id: Mapped[CustomerRef] = mapped_column(comment="Policy holder (accounts_db.customers.customer_id).")
    policy_type: Mapped[Code] = mapped_column(comment="life, property, vehicle, health or travel.")
    coverage_amount: Mapped[Money] = mapped_column(comment="Sum insured in USD.")
    annual_premium: Mapped[Money] = mapped_column(comment="Premium per year in USD: 0.5-3% of coverage.")
    premium_frequency: Mapped[Code] = mapped_column(comment="annual, quarterly or monthly.")
    premium_amount: Mapped[Money] = mapped_column(
        comment="Premium due each period: annual_premium / periods per year; what each premium payment is."
    )
    start_date: Mapped[Day] = mapped_column(comment="First day of cover.")
    end_date: Mapped[Day] = mapped_column(
        comment="Last day of cover: the term's end for active policies (may be a planned future date), "
        "the day cover stopped for lapsed and cancelled ones."
    )
    policy_status: Mapped[Code] = mapped_column(comment="active, lapsed or cancelled.")
    agent_id: Mapped[EmployeeRef] = mapped_column(
        comment="Selling agent (employees_db.employees, role insurance_agent)."
    )
    linked_account_id: Mapped[AccountRef | None] = mapped_column(
        comment="Holder's account premiums are drawn from (accounts_db.accounts), when linked."
    )
    created_at: Mapped[Moment] = mapped_column(comment="When the policy was written: up to two weeks before it starts.")

    beneficiaries: Mapped[list["Beneficiary"]] = orm.relationship(
        back_populates="policy", order_by="Beneficiary.beneficiary_id"
    )
    premium_payments: Mapped[list["PremiumPayment"]] = orm.relationship(
        back_populates="policy", order_by="PremiumPayment.payment_id"
    )


class Beneficiary(Base):
    __tablename__ = "beneficiaries"
    __table_args__ = (
        one_of("relationship", DIST["beneficiaries"]["relationship"].values),
        check("percentage_range", "percentage > 0 AND percentage <= 100"),
        {"comment": "Who receives a policy's benefit; percentages per policy sum to 100."},
    )

    beneficiary_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the beneficiary.")
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.policy_id"), index=True, comment="The policy.")
    beneficiary_name: Mapped[Name] = mapped_column(comment="Beneficiary's full name.")
    relationship: Mapped[Code] = mapped_column(comment="spouse, child, parent or other.")
    percentage: Mapped[int] = mapped_column(SmallInteger, comment="Share of the benefit in whole percent.")
    contact_info: Mapped[Code | None] = mapped_column(comment="How to reach the beneficiary: a phone number.")

    policy: Mapped[Policy] = orm.relationship(back_populates="beneficiaries")


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        one_of("claim_type", CLAIM_TYPES),
        one_of("status", DIST["claims"]["status"].values),
        check("claim_positive", "claim_amount > 0"),
        check("approved_within_claim", "approved_amount IS NULL OR approved_amount <= claim_amount"),
        check("approved_has_amount", "(status IN ('paid', 'approved')) = (approved_amount IS NOT NULL)"),
        check("paid_has_settlement", "(status = 'paid') = (settlement_date IS NOT NULL)"),
        check("settled_after_claimed", "settlement_date IS NULL OR settlement_date >= claim_date"),
        check("claimed_after_incident", "claim_date >= incident_date"),
        {"comment": "Claims made on policies, inside each policy's active period."},
    )

    claim_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the claim.")
    claim_number: Mapped[Code] = mapped_column(unique=True, comment="Unique claim number, e.g. CLM-00001234.")
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.policy_id"), index=True, comment="The policy.")
    claim_type: Mapped[Code] = mapped_column(comment="What happened; fits the policy type (collision, fire...).")
    incident_date: Mapped[Day] = mapped_column(comment="Day of the insured event, inside the policy's cover.")
    claim_date: Mapped[Day] = mapped_column(comment="Day the claim was made, on or after the incident.")
    claim_amount: Mapped[Money] = mapped_column(comment="Amount claimed: 10-100% of coverage, mostly low.")
    approved_amount: Mapped[Money | None] = mapped_column(comment="Amount approved, at most the claim.")
    status: Mapped[Code] = mapped_column(comment="paid, approved, under_review or rejected.")
    settlement_date: Mapped[Day | None] = mapped_column(comment="Day a paid claim was settled.")
    processed_by: Mapped[EmployeeRef] = mapped_column(comment="Claims handler (employees_db.employees).")
    description: Mapped[Prose] = mapped_column(comment="What happened, as reported.")

    policy: Mapped[Policy] = orm.relationship()


class PremiumPayment(Base):
    __tablename__ = "premium_payments"
    __table_args__ = (
        one_of("payment_method", DIST["premium_payments"]["payment_method"].values),
        one_of("payment_status", DIST["premium_payments"]["payment_status"].values),
        check("amount_positive", "amount > 0"),
        {"comment": "Premiums due and paid: one per period of the policy's frequency."},
    )

    payment_id: Mapped[BigPK] = mapped_column(comment="Surrogate key of the payment.")
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.policy_id"), index=True, comment="The policy.")
    payment_date: Mapped[Day] = mapped_column(comment="Day the period's premium was collected.")
    amount: Mapped[Money] = mapped_column(comment="Premium for one period: the policy's premium_amount.")
    payment_method: Mapped[Code] = mapped_column(comment="auto_debit, online, check or wire.")
    payment_status: Mapped[Code] = mapped_column(comment="completed, pending or failed.")
    from_account_id: Mapped[AccountRef | None] = mapped_column(
        comment="Holder's account debited (accounts_db.accounts), when the policy has one."
    )

    policy: Mapped[Policy] = orm.relationship(back_populates="premium_payments")


class PolicyEvent(Base):
    __tablename__ = "policy_events"
    __table_args__ = (
        one_of("event_type", DIST["policy_events"]["event_type"].values),
        {"comment": "Changes in a policy's life: renewals, modifications, cancellations, reinstatements."},
    )

    event_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the event.")
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.policy_id"), index=True, comment="The policy.")
    event_type: Mapped[Code] = mapped_column(comment="renewal, modification, cancellation or reinstatement.")
    event_date: Mapped[Day] = mapped_column(comment="Day of the event, inside the policy's life.")
    performed_by: Mapped[EmployeeRef | None] = mapped_column(
        comment="Employee who made the change (employees_db.employees); empty when automatic."
    )
    description: Mapped[Prose] = mapped_column(comment="What changed.")

    policy: Mapped[Policy] = orm.relationship()
