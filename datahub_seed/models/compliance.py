"""compliance_db: KYC, anti-money-laundering checks, suspicious activity, regulatory reports, audit."""

from typing import ClassVar

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, SmallInteger, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

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

DIST = load("compliance_db")


class Base(DeclarativeBase):
    metadata = new_metadata()
    __table__: ClassVar[Table]  # every model here maps a Table (DeclarativeBase says any FromClause)


class KycRecord(Base):
    __tablename__ = "kyc_records"
    __table_args__ = (
        one_of("kyc_status", DIST["kyc_records"]["kyc_status"].values),
        one_of("risk_rating", DIST["kyc_records"]["risk_rating"].values),
        one_of("document_type", DIST["kyc_records"]["document_type"].values),
        check(
            "verified_fields",
            "(kyc_status = 'pending') = (verification_date IS NULL)"
            " AND (verification_date IS NULL) = (verified_by IS NULL)"
            " AND (verification_date IS NULL) = (expiry_date IS NULL)"
            " AND (verification_date IS NULL) = (next_review_date IS NULL)",
        ),
        check(
            "dates_ordered",
            "verification_date IS NULL OR (verification_date >= submitted_date"
            " AND expiry_date > verification_date AND next_review_date > verification_date)",
        ),
        {"comment": "Know-your-customer record: one per customer, matching its customer_db profile."},
    )

    kyc_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the record.")
    customer_id: Mapped[CustomerRef] = mapped_column(
        unique=True, comment="The customer (accounts_db.customers.customer_id); one record each."
    )
    kyc_status: Mapped[Code] = mapped_column(comment="verified, pending or expired (review overdue).")
    risk_rating: Mapped[Code] = mapped_column(comment="low, medium or high.")
    document_type: Mapped[Code] = mapped_column(comment="passport, drivers_license or national_id.")
    document_number: Mapped[Code] = mapped_column(unique=True, comment="Number of the identity document.")
    submitted_date: Mapped[Day] = mapped_column(comment="Day the documents were submitted.")
    verification_date: Mapped[Day | None] = mapped_column(comment="Day of the latest verification.")
    expiry_date: Mapped[Day | None] = mapped_column(comment="Document expiry, 1-10 years after verification.")
    next_review_date: Mapped[Day | None] = mapped_column(comment="Next review, 1-3 years after verification.")
    verified_by: Mapped[EmployeeRef | None] = mapped_column(
        comment="Verifying compliance officer (employees_db.employees, role compliance_officer)."
    )


class AmlCheck(Base):
    __tablename__ = "aml_checks"
    __table_args__ = (
        one_of("check_type", DIST["aml_checks"]["check_type"].values),
        one_of("check_reason", ["initial", "periodic", "transaction"]),
        one_of("risk_level", DIST["aml_checks"]["risk_level"].values, nullable=True),
        check("transaction_reason", "(check_reason = 'transaction') = (transaction_id IS NOT NULL)"),
        check("flagged_fields", "aml_flag = (risk_level IS NOT NULL) AND aml_flag = (reviewed_by IS NOT NULL)"),
        {"comment": "Anti-money-laundering screenings of customers and of large transactions."},
    )

    check_id: Mapped[BigPK] = mapped_column(comment="Surrogate key of the check.")
    customer_id: Mapped[CustomerRef] = mapped_column(comment="Customer screened (accounts_db.customers).")
    check_reason: Mapped[Code] = mapped_column(comment="initial, periodic or transaction (monitoring).")
    check_type: Mapped[Code] = mapped_column(comment="watchlist, sanctions, pep_screening or transaction_monitoring.")
    transaction_id: Mapped[int | None] = mapped_column(
        BigInteger,
        index=True,
        info={"refers_to": "transactions"},
        comment="For transaction monitoring: the transaction over $10,000 (accounts_db.transactions).",
    )
    check_date: Mapped[Moment] = mapped_column(comment="When the check ran.")
    aml_flag: Mapped[bool] = mapped_column(Boolean, comment="True when the check found something to review.")
    screening_result: Mapped[Prose | None] = mapped_column(comment="What the screening found, in the analyst's words.")
    risk_level: Mapped[Code | None] = mapped_column(comment="For flagged checks: medium, high or critical.")
    reviewed_by: Mapped[EmployeeRef | None] = mapped_column(
        comment="For flagged checks: reviewing compliance officer (employees_db.employees)."
    )


class SuspiciousActivityReport(Base):
    __tablename__ = "suspicious_activity_reports"
    __table_args__ = (
        one_of("activity_type", DIST["suspicious_activity_reports"]["activity_type"].values),
        one_of("sar_status", DIST["suspicious_activity_reports"]["sar_status"].values),
        one_of("regulatory_tier", DIST["suspicious_activity_reports"]["regulatory_tier"].values),
        check("amount_range", "amount_involved BETWEEN 5000 AND 500000"),
        check("filed_fields", "(sar_status = 'draft') = (filed_date IS NULL)"),
        {"comment": "Suspicious activity reports (SARs) raised from flagged checks or unusual transactions."},
    )

    sar_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the report.")
    customer_id: Mapped[CustomerRef] = mapped_column(comment="Customer reported (accounts_db.customers).")
    account_id: Mapped[AccountRef] = mapped_column(
        comment="Account involved, owned by the customer (accounts_db.accounts)."
    )
    aml_check_id: Mapped[int | None] = mapped_column(
        ForeignKey("aml_checks.check_id"), index=True, comment="The flagged check that raised it, if any."
    )
    activity_type: Mapped[Code] = mapped_column(comment="structuring, unusual_pattern or high_risk_country.")
    amount_involved: Mapped[Money] = mapped_column(comment="Amount involved, $5K-500K.")
    regulatory_tier: Mapped[Code] = mapped_column(comment="Escalation tier: tier1, tier2 or tier3.")
    sar_status: Mapped[Code] = mapped_column(comment="filed, under_review, closed or draft.")
    report_date: Mapped[Day] = mapped_column(comment="Day the activity was detected and the report raised.")
    filed_date: Mapped[Day | None] = mapped_column(comment="Day filed with the regulator; empty for drafts.")
    filed_by: Mapped[EmployeeRef] = mapped_column(
        comment="Compliance officer who prepared it (employees_db.employees)."
    )
    description: Mapped[Prose] = mapped_column(comment="Narrative of the suspicious activity.")

    aml_check: Mapped[AmlCheck | None] = relationship()


class RegulatoryReport(Base):
    __tablename__ = "regulatory_reports"
    __table_args__ = (
        one_of("report_type", DIST["regulatory_reports"]["report_types"]),
        one_of("status", DIST["regulatory_reports"]["status"].values),
        check("period_ordered", "reporting_period_end > reporting_period_start"),
        check("submitted_fields", "(status = 'pending') = (submission_date IS NULL)"),
        {"comment": "Quarterly reports to regulators for the last two years."},
    )

    report_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the report.")
    report_type: Mapped[Code] = mapped_column(comment="capital_adequacy, liquidity, stress_test or quarterly_filing.")
    reporting_period: Mapped[Code] = mapped_column(comment="Quarter reported on, e.g. 2026-Q2.")
    reporting_period_start: Mapped[Day] = mapped_column(comment="First day of the quarter.")
    reporting_period_end: Mapped[Day] = mapped_column(comment="Last day of the quarter.")
    regulator: Mapped[Name] = mapped_column(comment="Receiving regulator.")
    status: Mapped[Code] = mapped_column(comment="submitted, accepted or pending.")
    submission_date: Mapped[Day | None] = mapped_column(comment="Day submitted; empty while pending.")
    prepared_by: Mapped[EmployeeRef] = mapped_column(comment="Preparer (employees_db.employees).")
    approved_by: Mapped[EmployeeRef | None] = mapped_column(
        comment="Branch manager who signed it off on the submission day (employees_db.employees); empty while pending."
    )


class AuditTrail(Base):
    __tablename__ = "audit_trails"
    __table_args__ = (
        one_of("action", DIST["audit_trails"]["action"].values),
        one_of("entity_type", DIST["audit_trails"]["entity_type"].values),
        {"comment": "Who did what to which record, and when: about five entries per customer."},
    )

    audit_id: Mapped[BigPK] = mapped_column(comment="Surrogate key of the entry.")
    entity_type: Mapped[Code] = mapped_column(comment="accounts, customers, loans, transactions or policies.")
    entity_id: Mapped[int] = mapped_column(BigInteger, comment="Id of the record acted on, in its home database.")
    customer_id: Mapped[CustomerRef] = mapped_column(comment="Customer the record belongs to.")
    action: Mapped[Code] = mapped_column(comment="update, create, view or delete.")
    performed_by: Mapped[EmployeeRef] = mapped_column(
        comment="Employee who acted, employed at the time (employees_db.employees)."
    )
    performed_at: Mapped[Moment] = mapped_column(comment="When it happened.")
    old_value: Mapped[Prose | None] = mapped_column(comment="Fields before the change, as a JSON object.")
    new_value: Mapped[Prose | None] = mapped_column(comment="Fields after the change, as a JSON object.")
    ip_address: Mapped[str] = mapped_column(String(45), comment="IPv4 or IPv6 address of the workstation used.")


class ComplianceRule(Base):
    __tablename__ = "compliance_rules"
    __table_args__ = (
        one_of("rule_type", DIST["compliance_rules"]["rule_type"].values),
        check("created_before_effective", "created_date <= effective_date"),
        {"comment": "Monitoring rules with their thresholds."},
    )

    rule_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the rule.")
    rule_name: Mapped[Name] = mapped_column(unique=True, comment="Unique rule name.")
    rule_type: Mapped[Code] = mapped_column(
        comment="transaction_limit, velocity_check, geographic_restriction or amount_threshold."
    )
    description: Mapped[Prose] = mapped_column(comment="What the rule watches for.")
    threshold_value: Mapped[Money | None] = mapped_column(comment="Amount threshold in USD, where one applies.")
    threshold_count: Mapped[int | None] = mapped_column(
        SmallInteger, comment="Number of events in the window, for velocity checks."
    )
    time_window_hours: Mapped[int | None] = mapped_column(Integer, comment="Window the rule looks at, in hours.")
    countries: Mapped[str | None] = mapped_column(
        String(200), comment="Restricted ISO country codes, for geographic rules."
    )
    is_active: Mapped[bool] = mapped_column(Boolean, comment="True when the rule is enforced.")
    effective_date: Mapped[Day] = mapped_column(comment="Day the rule took effect.")
    created_date: Mapped[Day] = mapped_column(comment="Day the rule was written, on or before it took effect.")


class RuleViolation(Base):
    __tablename__ = "rule_violations"
    __table_args__ = (
        one_of("entity_type", DIST["rule_violations"]["entity_type"].values),
        one_of("severity", DIST["rule_violations"]["severity"].values),
        one_of("status", DIST["rule_violations"]["status"].values),
        check(
            "resolved_fields",
            "(status = 'resolved') = (resolved_date IS NOT NULL) AND (resolved_date IS NULL) = (resolved_by IS NULL)",
        ),
        check("resolved_after_detected", "resolved_date IS NULL OR resolved_date >= CAST(violation_date AS DATE)"),
        {"comment": "Breaches of compliance rules by transactions, accounts or customers."},
    )

    violation_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the violation.")
    rule_id: Mapped[int] = mapped_column(
        ForeignKey("compliance_rules.rule_id"), index=True, comment="The rule breached."
    )
    entity_type: Mapped[Code] = mapped_column(comment="transaction, account or customer.")
    entity_id: Mapped[int] = mapped_column(BigInteger, comment="Id of the offending record in its home database.")
    customer_id: Mapped[CustomerRef] = mapped_column(comment="Customer concerned (accounts_db.customers).")
    severity: Mapped[Code] = mapped_column(comment="critical, high, medium or low.")
    status: Mapped[Code] = mapped_column(comment="resolved, investigating, false_positive or open.")
    violation_date: Mapped[Moment] = mapped_column(comment="When the breach was detected.")
    resolved_date: Mapped[Day | None] = mapped_column(comment="Day a resolved violation was closed.")
    resolved_by: Mapped[EmployeeRef | None] = mapped_column(comment="Employee who resolved it.")
    details: Mapped[Prose] = mapped_column(comment="What was detected.")
    resolution_notes: Mapped[Prose | None] = mapped_column(
        comment="How a resolved or false-positive violation was closed; empty while open."
    )

    rule: Mapped[ComplianceRule] = relationship()
