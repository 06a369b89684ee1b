"""Factories for compliance_db."""

import datetime as dt
import json
from decimal import Decimal

import factory
from factory.random import randgen

from datahub_seed.distributions import load
from datahub_seed.factories.base import BaseFactory, chance, moment_between, traits, weighted, years_ago
from datahub_seed.generate.pools import TEXTS
from datahub_seed.models import compliance as model

DIST = load("compliance_db")
KYC = DIST["kyc_records"]


class KycRecordFactory(BaseFactory):
    """A KYC record; ``pending=True`` leaves it unverified, ``expired=True`` makes its review overdue."""

    class Meta:
        model = model.KycRecord

    class Params:
        locals().update(traits("kyc_status", KYC["kyc_status"].values))

    customer_id = factory.Sequence(lambda n: n + 1)
    kyc_status = weighted(KYC["kyc_status"])
    risk_rating = weighted(KYC["risk_rating"])
    document_type = weighted(KYC["document_type"])
    document_number = factory.Sequence(lambda n: f"F{n:09d}")
    submitted_date = factory.LazyFunction(lambda: years_ago(4).date())
    verification_date = factory.LazyAttribute(
        lambda o: (
            None
            if o.kyc_status == "pending"
            else (years_ago(3) if o.kyc_status == "expired" else years_ago(0.5)).date()
        )
    )
    expiry_date = factory.LazyAttribute(
        lambda o: o.verification_date and o.verification_date + dt.timedelta(days=365 * 5)
    )
    next_review_date = factory.LazyAttribute(
        lambda o: o.verification_date and o.verification_date + dt.timedelta(days=365)
    )
    verified_by = factory.LazyAttribute(lambda o: o.verification_date and randgen.randint(1, 150))


class AmlCheckFactory(BaseFactory):
    """A screening; ``AmlCheckFactory(aml_flag=True)`` gives it a risk level and a reviewer."""

    class Meta:
        model = model.AmlCheck

    customer_id = factory.Sequence(lambda n: n + 1)
    check_reason = "initial"
    check_type = weighted(DIST["aml_checks"]["check_type"])
    transaction_id = None
    check_date = factory.LazyFunction(lambda: moment_between(years_ago(2), years_ago(0.01)))
    aml_flag = factory.LazyFunction(lambda: chance(DIST["aml_checks"]["flagged_share"]))
    screening_result = factory.LazyAttribute(
        lambda o: randgen.choice(TEXTS["aml_checks"]["flagged" if o.aml_flag else "clear"])
    )
    risk_level = factory.LazyAttribute(
        lambda o: randgen.choice(DIST["aml_checks"]["risk_level"].values) if o.aml_flag else None
    )
    reviewed_by = factory.LazyAttribute(lambda o: randgen.randint(1, 150) if o.aml_flag else None)


class SuspiciousActivityReportFactory(BaseFactory):
    class Meta:
        model = model.SuspiciousActivityReport

    aml_check = factory.SubFactory(AmlCheckFactory, aml_flag=True)
    customer_id = factory.SelfAttribute("aml_check.customer_id")
    account_id = factory.Sequence(lambda n: n + 1)
    activity_type = weighted(DIST["suspicious_activity_reports"]["activity_type"])
    amount_involved = factory.LazyFunction(lambda: Decimal(randgen.randint(500_000, 50_000_000)).scaleb(-2))
    regulatory_tier = weighted(DIST["suspicious_activity_reports"]["regulatory_tier"])
    sar_status = weighted(DIST["suspicious_activity_reports"]["sar_status"])
    report_date = factory.LazyAttribute(lambda o: o.aml_check.check_date.date())
    filed_date = factory.LazyAttribute(
        lambda o: None if o.sar_status == "draft" else o.report_date + dt.timedelta(days=5)
    )
    filed_by = factory.LazyFunction(lambda: randgen.randint(1, 150))
    description = factory.LazyFunction(lambda: randgen.choice(TEXTS["suspicious_activity_reports"]["narratives"]))


class RegulatoryReportFactory(BaseFactory):
    class Meta:
        model = model.RegulatoryReport

    report_type = factory.LazyFunction(lambda: randgen.choice(DIST["regulatory_reports"]["report_types"]))
    reporting_period_start = dt.date(2025, 1, 1)
    reporting_period_end = dt.date(2025, 3, 31)
    reporting_period = "2025-Q1"
    regulator = factory.LazyFunction(lambda: randgen.choice(DIST["regulatory_reports"]["regulators"]))
    status = weighted(DIST["regulatory_reports"]["status"])
    submission_date = factory.LazyAttribute(
        lambda o: None if o.status == "pending" else o.reporting_period_end + dt.timedelta(days=30)
    )
    prepared_by = factory.LazyFunction(lambda: randgen.randint(1, 150))
    approved_by = factory.LazyAttribute(lambda o: None if o.status == "pending" else randgen.randint(1, 150))


class AuditTrailFactory(BaseFactory):
    class Meta:
        model = model.AuditTrail

    entity_type = weighted(DIST["audit_trails"]["entity_type"])
    entity_id = factory.Sequence(lambda n: n + 1)
    customer_id = factory.Sequence(lambda n: n + 1)
    action = weighted(DIST["audit_trails"]["action"])
    performed_by = factory.LazyFunction(lambda: randgen.randint(1, 150))
    performed_at = factory.LazyFunction(lambda: moment_between(years_ago(2), years_ago(0.01)))
    old_value = factory.LazyAttribute(
        lambda o: json.dumps({"status": "active"}) if o.action in ("update", "delete") else None
    )
    new_value = factory.LazyAttribute(
        lambda o: json.dumps({"status": "frozen"}) if o.action in ("update", "create") else None
    )
    ip_address = factory.Faker("ipv4_private")


class ComplianceRuleFactory(BaseFactory):
    class Meta:
        model = model.ComplianceRule

    rule_name = factory.Sequence(lambda n: f"Rule {n}")
    rule_type = "transaction_limit"
    description = "Currency transaction report threshold."
    threshold_value = Decimal("10000.00")
    threshold_count = None
    time_window_hours = None
    countries = None
    is_active = factory.LazyFunction(lambda: chance(DIST["compliance_rules"]["active_share"]))
    effective_date = factory.LazyFunction(lambda: years_ago(2).date())
    created_date = factory.LazyAttribute(lambda o: o.effective_date - dt.timedelta(days=30))


class RuleViolationFactory(BaseFactory):
    """A violation; ``resolved=True`` closes it with a resolver and date."""

    class Meta:
        model = model.RuleViolation

    class Params:
        locals().update(traits("status", DIST["rule_violations"]["status"].values))

    rule = factory.SubFactory(ComplianceRuleFactory)
    entity_type = weighted(DIST["rule_violations"]["entity_type"])
    entity_id = factory.Sequence(lambda n: n + 1)
    customer_id = factory.Sequence(lambda n: n + 1)
    severity = weighted(DIST["rule_violations"]["severity"])
    status = weighted(DIST["rule_violations"]["status"])
    violation_date = factory.LazyFunction(lambda: moment_between(years_ago(1), years_ago(0.1)))
    resolved_date = factory.LazyAttribute(
        lambda o: (o.violation_date + dt.timedelta(days=3)).date() if o.status == "resolved" else None
    )
    resolved_by = factory.LazyAttribute(lambda o: randgen.randint(1, 150) if o.status == "resolved" else None)
    details = factory.LazyFunction(lambda: randgen.choice(TEXTS["rule_violations"]["details"]))
    resolution_notes = factory.LazyAttribute(
        lambda o: (
            randgen.choice(TEXTS["rule_violations"][o.status]) if o.status in ("resolved", "false_positive") else None
        )
    )
