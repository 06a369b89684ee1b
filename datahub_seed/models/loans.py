"""loans_db: loan applications, the loans granted, their collateral, schedules, guarantors and risk."""

from decimal import Decimal
from typing import ClassVar

from sqlalchemy import Boolean, ForeignKey, Numeric, SmallInteger, Table, UniqueConstraint, orm
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
    Money,
    Name,
    Prose,
    Rate,
    check,
    new_metadata,
    one_of,
)

DIST = load("loans_db")


class Base(DeclarativeBase):
    metadata = new_metadata()
    __table__: ClassVar[Table]  # every model here maps a Table (DeclarativeBase says any FromClause)


LOAN_TYPES = DIST["loan_applications"]["loan_type"].values


class LoanApplication(Base):
    __tablename__ = "loan_applications"
    __table_args__ = (
        one_of("loan_type", LOAN_TYPES),
        one_of("status", DIST["loan_applications"]["status"].values),
        one_of("rejection_reason", DIST["loan_applications"]["rejection_reason"].values, nullable=True),
        check("requested_positive", "requested_amount > 0"),
        check("decided_has_date", "(status IN ('approved', 'rejected')) = (decision_date IS NOT NULL)"),
        check("approved_has_amount", "(status = 'approved') = (approved_amount IS NOT NULL)"),
        check("rejected_has_reason", "(status = 'rejected') = (rejection_reason IS NOT NULL)"),
        check("approved_within_request", "approved_amount IS NULL OR approved_amount <= requested_amount"),
        check("decision_after_application", "decision_date IS NULL OR decision_date >= application_date"),
        {"comment": "Loan applications and the bank's decisions on them."},
    )

    application_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the application.")
    application_number: Mapped[Code] = mapped_column(unique=True, comment="Unique reference, e.g. APP-00001234.")
    customer_id: Mapped[CustomerRef] = mapped_column(comment="Applicant (accounts_db.customers.customer_id).")
    loan_type: Mapped[Code] = mapped_column(comment="mortgage, personal, auto, business or education.")
    requested_amount: Mapped[Money] = mapped_column(comment="Amount asked for, in USD.")
    requested_term_months: Mapped[int] = mapped_column(SmallInteger, comment="Term asked for, in months.")
    application_date: Mapped[Day] = mapped_column(comment="Day the application was made.")
    status: Mapped[Code] = mapped_column(comment="approved, rejected, pending or withdrawn.")
    decision_date: Mapped[Day | None] = mapped_column(comment="Day of the decision, for approved and rejected.")
    approved_amount: Mapped[Money | None] = mapped_column(comment="Amount granted: 80-100% of the request.")
    rejection_reason: Mapped[Code | None] = mapped_column(comment="Why a rejected application was refused.")
    officer_id: Mapped[EmployeeRef] = mapped_column(
        comment="Loan officer in charge (employees_db.employees, role loan_officer)."
    )


class Loan(Base):
    __tablename__ = "loans"
    __table_args__ = (
        one_of("loan_type", LOAN_TYPES),
        one_of("loan_status", DIST["loans"]["loan_status"].values),
        check("default_status_matches", "default_status = (loan_status = 'defaulted')"),
        check("principal_positive", "principal_amount > 0"),
        check("outstanding_range", "outstanding_balance BETWEEN 0 AND principal_amount"),
        check("term_positive", "term_months > 0"),
        check("maturity_after_disbursement", "maturity_date > disbursement_date"),
        {"comment": "Loans granted: one per approved application, with its terms and current balance."},
    )

    loan_id: Mapped[IntPK] = mapped_column(comment="Surrogate key; other databases refer to loans by it.")
    loan_number: Mapped[Code] = mapped_column(unique=True, comment="Unique loan number, e.g. LN-00001234.")
    application_id: Mapped[int] = mapped_column(
        ForeignKey("loan_applications.application_id"), unique=True, comment="The approved application."
    )
    customer_id: Mapped[CustomerRef] = mapped_column(comment="Borrower (accounts_db.customers.customer_id).")
    loan_type: Mapped[Code] = mapped_column(comment="Same as the application's loan_type.")
    principal_amount: Mapped[Money] = mapped_column(comment="Amount lent: the application's approved_amount.")
    interest_rate: Mapped[Rate] = mapped_column(comment="Annual interest rate in percent, e.g. 6.2500.")
    term_months: Mapped[int] = mapped_column(SmallInteger, comment="Number of monthly installments.")
    monthly_payment: Mapped[Money] = mapped_column(comment="Level installment from the amortisation formula.")
    disbursement_date: Mapped[Day] = mapped_column(comment="Day the money was paid out, 5-30 days after decision.")
    maturity_date: Mapped[Day] = mapped_column(comment="Due date of the last installment (a planned date).")
    loan_status: Mapped[Code] = mapped_column(comment="active, paid_off or defaulted.")
    outstanding_balance: Mapped[Money] = mapped_column(
        comment="Principal not yet repaid: the sum of principal over unpaid installments."
    )
    linked_account_id: Mapped[AccountRef | None] = mapped_column(
        comment="Borrower's account for payments (accounts_db.accounts), when linked."
    )
    default_status: Mapped[bool] = mapped_column(Boolean, comment="True when the loan is in default (loan_status).")
    approved_by: Mapped[EmployeeRef | None] = mapped_column(
        comment="Branch manager who approved the loan on the decision day (employees_db.employees)."
    )

    application: Mapped[LoanApplication] = orm.relationship()
    schedule: Mapped[list["RepaymentSchedule"]] = orm.relationship(
        back_populates="loan", order_by="RepaymentSchedule.installment_number"
    )


class Collateral(Base):
    __tablename__ = "collateral"
    __table_args__ = (
        one_of("collateral_type", sorted(set(DIST["collateral"]["collateral_type"].values()))),
        check("appraised_positive", "appraised_value > 0"),
        check("ltv_range", "ltv_ratio > 0 AND ltv_ratio <= 1"),
        {"comment": "Assets pledged against loans (property, vehicles, equipment)."},
    )

    collateral_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the pledge.")
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.loan_id"), index=True, comment="The secured loan.")
    collateral_type: Mapped[Code] = mapped_column(comment="property, vehicle or equipment.")
    description: Mapped[Name] = mapped_column(comment="What is pledged.")
    appraised_value: Mapped[Money] = mapped_column(comment="Appraised value in USD: 110-150% of the principal.")
    appraisal_date: Mapped[Day] = mapped_column(comment="Day of the appraisal, before disbursement.")
    ltv_ratio: Mapped[Decimal] = mapped_column(
        Numeric(6, 4), comment="Loan-to-value: principal_amount / appraised_value."
    )

    loan: Mapped[Loan] = orm.relationship()


class RepaymentSchedule(Base):
    __tablename__ = "repayment_schedule"
    __table_args__ = (
        UniqueConstraint("loan_id", "installment_number"),
        one_of("payment_status", DIST["repayment_schedule"]["past_due_status"].values),
        check("installment_number_positive", "installment_number > 0"),
        check("total_is_sum", "total_amount = principal_amount + interest_amount"),
        check("amounts_not_negative", "principal_amount >= 0 AND interest_amount >= 0"),
        check("paid_has_date", "(payment_status IN ('paid', 'late')) = (payment_date IS NOT NULL)"),
        {"comment": "Amortised monthly installments of every loan, paid or still due."},
    )

    schedule_id: Mapped[BigPK] = mapped_column(comment="Surrogate key of the installment.")
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.loan_id"), index=True, comment="The loan.")
    installment_number: Mapped[int] = mapped_column(SmallInteger, comment="1 for the first month up to the term.")
    due_date: Mapped[Day] = mapped_column(comment="Day the installment falls due (may be a planned future date).")
    principal_amount: Mapped[Money] = mapped_column(comment="Part of the installment that repays principal.")
    interest_amount: Mapped[Money] = mapped_column(comment="Part of the installment that pays interest.")
    total_amount: Mapped[Money] = mapped_column(comment="principal_amount + interest_amount.")
    remaining_principal: Mapped[Money] = mapped_column(comment="Principal still owed after this installment.")
    payment_status: Mapped[Code] = mapped_column(comment="paid, late (paid after the due date), pending or missed.")
    payment_date: Mapped[Day | None] = mapped_column(comment="Day it was paid, for paid and late installments.")

    loan: Mapped[Loan] = orm.relationship(back_populates="schedule")


class LoanGuarantor(Base):
    __tablename__ = "loan_guarantors"
    __table_args__ = (
        one_of("relationship", DIST["loan_guarantors"]["relationship"].values),
        check("guarantee_positive", "guarantee_amount > 0"),
        {"comment": "People who guarantee personal and business loans."},
    )

    guarantor_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the guarantee.")
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.loan_id"), index=True, comment="The guaranteed loan.")
    guarantor_name: Mapped[Name] = mapped_column(comment="Guarantor's full name.")
    relationship: Mapped[Code] = mapped_column(comment="family, business_partner or friend of the borrower.")
    guarantee_amount: Mapped[Money] = mapped_column(comment="Amount guaranteed: 50-100% of the principal.")
    contact_info: Mapped[Code] = mapped_column(comment="How to reach the guarantor: a phone number.")

    loan: Mapped[Loan] = orm.relationship()


class RiskAssessment(Base):
    __tablename__ = "risk_assessments"
    __table_args__ = (
        one_of("assessment_type", ["origination", "periodic"]),
        one_of("credit_grade", DIST["risk_assessments"]["credit_grade"].values),
        check("risk_score_range", "risk_score BETWEEN 300 AND 850"),
        check("default_probability_range", "pd_probability BETWEEN 0.01 AND 0.25"),
        check("periodic_has_loan", "(assessment_type = 'periodic') = (loan_id IS NOT NULL)"),
        {"comment": "Credit risk assessments: one before each decision, and periodic reviews of loans."},
    )

    assessment_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the assessment.")
    application_id: Mapped[int] = mapped_column(
        ForeignKey("loan_applications.application_id"), index=True, comment="The application assessed."
    )
    loan_id: Mapped[int | None] = mapped_column(
        ForeignKey("loans.loan_id"), index=True, comment="For periodic reviews: the loan reviewed."
    )
    assessment_type: Mapped[Code] = mapped_column(comment="origination (before the decision) or periodic.")
    assessment_date: Mapped[Day] = mapped_column(comment="Day of the assessment.")
    risk_score: Mapped[int] = mapped_column(SmallInteger, comment="Credit score, 300-850.")
    pd_probability: Mapped[Decimal] = mapped_column(
        Numeric(5, 4), comment="Estimated one-year probability of default, 0.01-0.25."
    )
    credit_grade: Mapped[Code] = mapped_column(comment="Internal grade from AAA (best) to CCC.")
    assessed_by: Mapped[EmployeeRef] = mapped_column(comment="Assessor (employees_db.employees).")
    notes: Mapped[Prose] = mapped_column(comment="Assessor's summary.")

    application: Mapped[LoanApplication] = orm.relationship()
    loan: Mapped[Loan | None] = orm.relationship()
