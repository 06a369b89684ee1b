"""Factories for compliance_db: KYC records, AML checks, suspicious activity reports, regulatory
reports, audit trails, rules and their violations."""

import datetime as dt
import json
from functools import cache
from typing import Any

import factory
from factory.random import randgen
from faker import Faker
from sqlalchemy import inspect, select

from datahub_seed.distributions import Range, load
from datahub_seed.factories.accounts import AccountFactory, CustomerFactory, joined, open_on
from datahub_seed.factories.base import (
    DAY,
    PHONE,
    TEXTS,
    YEAR,
    BaseFactory,
    SubFactory,
    as_of,
    branch_code,
    chance,
    day_between,
    draw,
    find_or_make,
    integer,
    midnight,
    moment_between,
    money,
    pick,
    scalars,
    today,
    traits,
    weighted,
)
from datahub_seed.factories.employees import employed
from datahub_seed.models import accounts, insurance, loans
from datahub_seed.models import compliance as model
from datahub_seed.models.customers import CustomerProfile

DIST = load("compliance_db")
KYC = DIST["kyc_records"]
AML = DIST["aml_checks"]
SAR = DIST["suspicious_activity_reports"]
REPORTS = DIST["regulatory_reports"]
AUDIT = DIST["audit_trails"]
RULES = DIST["compliance_rules"]
VIOLATIONS = DIST["rule_violations"]

# What an audit entry or a violation may name (SPEC: records that exist): the model, and when such
# a record came into being.
SUBJECTS: dict[str, tuple[type, Any]] = {
    "accounts": (accounts.Account, lambda record: midnight(record.opened_date)),
    "customers": (accounts.Customer, lambda record: record.created_at),
    "loans": (loans.Loan, lambda record: midnight(record.disbursement_date)),
    "transactions": (accounts.Transaction, lambda record: record.transaction_date),
    "policies": (insurance.Policy, lambda record: midnight(record.start_date)),
}


def key_of(record: Any) -> int | None:
    identity = inspect(record).identity
    return identity[0] if identity else None


def owner_of(record: Any) -> int | None:
    """The customer a record belongs to."""
    return record.account.customer_id if isinstance(record, accounts.Transaction) else record.customer_id


def verified_on(o) -> dt.date | None:
    """As the generator has it: a verified record's next review is still ahead, an expired one's
    fell due before as-of; a pending one is not verified."""
    if o.kyc_status == "pending":
        return None
    if o.kyc_status == "expired":
        return day_between(o.submitted_date, max(o.submitted_date, today() - o.review - DAY))
    return day_between(max(o.submitted_date, today() - o.review + DAY), today())


class KycRecordFactory(BaseFactory[model.KycRecord]):
    """The KYC record of a customer found without one, or made (SPEC: one record per customer, so
    ``customer=`` one that has a record is refused); its status and risk rating equal the
    customer's CRM profile when the session holds it (SPEC); documents submitted on joining,
    verified (``verified=True``, ``pending=True``, ``expired=True`` fix the status) by a
    compliance officer employed that day; expiry 1-10 years and next review 1-3 years later."""

    class Meta:
        model = model.KycRecord

    class Params:
        locals().update(traits("kyc_status", KYC["kyc_status"].values))
        customer = find_or_make(
            CustomerFactory,
            lambda o: [accounts.Customer.customer_id.not_in(scalars(select(model.KycRecord.customer_id)))],
            lambda o: "already has a KYC record",
        )
        profile = factory.LazyAttribute(
            lambda o: pick(CustomerProfile, CustomerProfile.customer_id == o.customer.customer_id)
        )
        review = factory.LazyFunction(lambda: YEAR * integer(KYC["review_years_range"]))
        verifier = factory.Maybe(
            factory.LazyAttribute(lambda o: o.verification_date is not None),
            employed(lambda o: o.verification_date, "verified_by"),
            None,
        )

    customer_id = factory.SelfAttribute("customer.customer_id")
    kyc_status = factory.LazyAttribute(lambda o: o.profile.kyc_status if o.profile else draw(KYC["kyc_status"]))
    risk_rating = factory.LazyAttribute(lambda o: o.profile.risk_rating if o.profile else draw(KYC["risk_rating"]))
    document_type = weighted(KYC["document_type"])
    document_number = factory.Sequence(lambda n: f"F{n:09d}")
    submitted_date = factory.LazyAttribute(
        lambda o: min(joined(o.customer) + DAY * integer(KYC["submitted_days_range"]), today())
    )
    verification_date = factory.LazyAttribute(verified_on)
    expiry_date = factory.LazyAttribute(
        lambda o: o.verification_date and o.verification_date + YEAR * integer(KYC["expiry_years_range"])
    )
    next_review_date = factory.LazyAttribute(lambda o: o.verification_date and o.verification_date + o.review)
    verified_by = factory.SelfAttribute("verifier.employee_id", None)


def checked_at(o) -> dt.datetime:
    """SPEC: an initial check on joining (within days), a periodic one any time since."""
    joined_at = o.customer.created_at
    if o.check_reason == "initial":
        return min(moment_between(joined_at, joined_at + DAY * AML["initial_days"]), as_of())
    return moment_between(joined_at + DAY, as_of())


class AmlCheckFactory(BaseFactory[model.AmlCheck]):
    """The initial screening of a customer found or made (``periodic=True``: a later one); 5% are
    flagged (``aml_flag=True``), with a risk level and a compliance officer employed that day as
    reviewer."""

    class Meta:
        model = model.AmlCheck

    class Params:
        periodic = factory.Trait(check_reason="periodic")
        customer = find_or_make(CustomerFactory)
        reviewer = factory.Maybe("aml_flag", employed(lambda o: o.check_date.date(), "reviewed_by"), None)

    customer_id = factory.SelfAttribute("customer.customer_id")
    check_reason = "initial"
    check_type = weighted(AML["check_type"])
    transaction_id = None
    check_date = factory.LazyAttribute(checked_at)
    aml_flag = factory.LazyFunction(lambda: chance(AML["flagged_share"]))
    screening_result = factory.LazyAttribute(
        lambda o: randgen.choice(TEXTS["aml_checks"]["flagged" if o.aml_flag else "clear"])
    )
    risk_level = factory.LazyAttribute(lambda o: draw(AML["risk_level"]) if o.aml_flag else None)
    reviewed_by = factory.SelfAttribute("reviewer.employee_id", None)


class SuspiciousActivityReportFactory(BaseFactory[model.SuspiciousActivityReport]):
    """A report raised from a new flagged check of a customer found or made, on the day of the check,
    naming an account of that customer open that day (found, or made); filed (unless a draft)
    within a month by a compliance officer employed that day."""

    class Meta:
        model = model.SuspiciousActivityReport

    class Params:
        customer = find_or_make(CustomerFactory)
        account = find_or_make(
            AccountFactory,
            lambda o: [accounts.Account.customer_id == o.customer.customer_id, *open_on(o.report_date)],
            customer=factory.SelfAttribute("..customer"),
            open_on=factory.SelfAttribute("..report_date"),
        )
        filer = employed(lambda o: o.report_date, "filed_by")

    aml_check = SubFactory(AmlCheckFactory, aml_flag=True, customer=factory.SelfAttribute("..customer"))
    customer_id = factory.SelfAttribute("customer.customer_id")
    account_id = factory.SelfAttribute("account.account_id")
    activity_type = weighted(SAR["activity_type"])
    amount_involved = factory.LazyFunction(lambda: money(SAR["amount_range"]))
    regulatory_tier = weighted(SAR["regulatory_tier"])
    sar_status = weighted(SAR["sar_status"])
    report_date = factory.LazyAttribute(lambda o: o.aml_check.check_date.date())
    filed_date = factory.LazyAttribute(
        lambda o: (
            None if o.sar_status == "draft" else min(o.report_date + DAY * integer(SAR["filed_days_range"]), today())
        )
    )
    filed_by = factory.SelfAttribute("filer.employee_id")
    description = factory.LazyFunction(lambda: randgen.choice(TEXTS["suspicious_activity_reports"]["narratives"]))


def quarter_before(quarters: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the ``quarters``-th complete quarter before as-of."""
    start = dt.date(today().year, 3 * ((today().month - 1) // 3) + 1, 1)
    for _ in range(quarters):
        end = start - DAY
        start = dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    return start, end


class RegulatoryReportFactory(BaseFactory[model.RegulatoryReport]):
    """A report for one of the last eight complete quarters, prepared by an employee employed on the
    quarter's last day; submitted (unless pending) 15-45 days later and approved by a branch manager
    employed that day."""

    class Meta:
        model = model.RegulatoryReport

    class Params:
        locals().update(traits("status", REPORTS["status"].values))
        quarter = factory.LazyFunction(lambda: quarter_before(randgen.randint(1, REPORTS["quarters"])))
        preparer = employed(lambda o: o.reporting_period_end)
        approver = factory.Maybe(
            factory.LazyAttribute(lambda o: o.submission_date is not None),
            employed(lambda o: o.submission_date, "approved_by"),
            None,
        )

    report_type = factory.LazyFunction(lambda: randgen.choice(REPORTS["report_types"]))
    reporting_period_start = factory.LazyAttribute(lambda o: o.quarter[0])
    reporting_period_end = factory.LazyAttribute(lambda o: o.quarter[1])
    reporting_period = factory.LazyAttribute(lambda o: f"{o.quarter[0].year}-Q{(o.quarter[0].month - 1) // 3 + 1}")
    regulator = factory.LazyFunction(lambda: randgen.choice(REPORTS["regulators"]))
    status = weighted(REPORTS["status"])
    submission_date = factory.LazyAttribute(
        lambda o: (
            None
            if o.status == "pending"
            else min(o.reporting_period_end + DAY * integer(REPORTS["submitted_days_range"]), today())
        )
    )
    prepared_by = factory.SelfAttribute("preparer.employee_id")
    approved_by = factory.SelfAttribute("approver.employee_id", None)


@cache
def fake() -> Faker:
    return Faker("en_US")  # draws from factory_boy's random, so reseed() repeats it too


# How the text fields among the audited fields (compliance_db.toml) are drawn; the others are amounts.
REDRAWN = {
    "branch_code": branch_code,
    "phone": lambda: fake().numerify(PHONE),
    "address": lambda: fake().street_address(),
}


def another(field: str, value: Any) -> str:
    """What ``field`` held before it became ``value``: a different branch, phone or street, or an
    amount up to $1,000 off."""
    if field not in REDRAWN:
        return str(value + money(Range(1, 1000)))
    before = value
    while before == value:
        before = REDRAWN[field]()
    return before


def changes(o) -> tuple[str | None, str | None]:
    """SPEC: 30% carry old/new values as JSON naming a field of the entity: a create only the new
    value (what it holds now), a delete only the old one, an update both, differing; a view none."""
    if o.action == "view" or not chance(AUDIT["values_share"]):
        return None, None
    field = randgen.choice(AUDIT["audited_fields"][o.entity_type])
    now = getattr(o.record, field)
    old, new = json.dumps({field: another(field, now)}), json.dumps({field: str(now)})
    return {"create": (None, new), "delete": (new, None)}.get(o.action, (old, new))


class AuditTrailFactory(BaseFactory[model.AuditTrail]):
    """An action on a record of the session (an account, customer, loan, transaction or policy, in
    SPEC's shares; a customer found or made when there is none of the kind), after the record came
    into being, by an employee employed at the time; 30% carry old/new values (see ``changes``)."""

    class Meta:
        model = model.AuditTrail

    class Params:
        kind = weighted(AUDIT["entity_type"])
        found = factory.LazyAttribute(lambda o: pick(SUBJECTS[o.kind][0]))
        customer = factory.Maybe("found", None, find_or_make(CustomerFactory))
        record = factory.LazyAttribute(lambda o: o.found or o.customer)
        performer = employed(lambda o: o.performed_at.date())
        values = factory.LazyAttribute(changes)

    entity_type = factory.LazyAttribute(lambda o: o.kind if o.found else "customers")
    entity_id = factory.LazyAttribute(lambda o: key_of(o.record))
    customer_id = factory.LazyAttribute(lambda o: owner_of(o.record))
    action = weighted(AUDIT["action"])
    performed_by = factory.SelfAttribute("performer.employee_id")
    performed_at = factory.LazyAttribute(lambda o: moment_between(SUBJECTS[o.entity_type][1](o.record), as_of()))
    old_value = factory.LazyAttribute(lambda o: o.values[0])
    new_value = factory.LazyAttribute(lambda o: o.values[1])
    ip_address = factory.Faker("ipv4_private")


class ComplianceRuleFactory(BaseFactory[model.ComplianceRule]):
    """A monitoring rule of a type in SPEC's shares (``velocity_check=True`` ...), with the threshold,
    count, window or countries its type uses; in effect since five years to a month before as-of,
    written up to two months before that; 90% active."""

    class Meta:
        model = model.ComplianceRule

    class Params:
        locals().update(traits("rule_type", RULES["rule_type"].values))

    rule_type = weighted(RULES["rule_type"])
    rule_name = factory.LazyAttributeSequence(
        lambda o, n: f"{randgen.choice(TEXTS['compliance_rules'][o.rule_type])} {n}"
    )
    description = factory.LazyAttribute(
        lambda o: f"{o.rule_name}: flags activity that breaches the {o.rule_type.replace('_', ' ')}."
    )
    threshold_value = factory.LazyAttribute(
        lambda o: (
            money(RULES["amount_threshold_range"][o.rule_type]) // 1000 * 1000
            if o.rule_type in RULES["amount_threshold_range"]
            else None
        )
    )
    threshold_count = factory.LazyAttribute(
        lambda o: (
            integer(RULES["event_count_range"][o.rule_type]) if o.rule_type in RULES["event_count_range"] else None
        )
    )
    time_window_hours = factory.LazyAttribute(
        lambda o: RULES["velocity_window_hours"] if o.rule_type in RULES["event_count_range"] else None
    )
    countries = factory.LazyAttribute(
        lambda o: (
            ",".join(TEXTS["compliance_rules"]["high_risk_countries"])
            if o.rule_type == "geographic_restriction"
            else None
        )
    )
    is_active = factory.LazyFunction(lambda: chance(RULES["active_share"]))
    effective_date = factory.LazyFunction(lambda: today() - DAY * integer(RULES["effective_days_ago_range"]))
    created_date = factory.LazyAttribute(
        lambda o: o.effective_date - DAY * randgen.randint(0, RULES["written_days_before"])
    )


class RuleViolationFactory(BaseFactory[model.RuleViolation]):
    """A breach of a rule found or made, by a record of the session (a transaction, account or
    customer, in SPEC's shares; a customer found or made when there is none of the kind), detected
    once both the record and the rule existed; resolved ones (``resolved=True``) have a resolver
    employed on the day and a date."""

    class Meta:
        model = model.RuleViolation

    class Params:
        locals().update(traits("status", VIOLATIONS["status"].values))
        kind = weighted(VIOLATIONS["entity_type"])
        found = factory.LazyAttribute(lambda o: pick(SUBJECTS[f"{o.kind}s"][0]))
        customer = factory.Maybe("found", None, find_or_make(CustomerFactory))
        record = factory.LazyAttribute(lambda o: o.found or o.customer)
        resolver = factory.Maybe(
            factory.LazyAttribute(lambda o: o.resolved_date is not None), employed(lambda o: o.resolved_date), None
        )

    rule = find_or_make(ComplianceRuleFactory)
    entity_type = factory.LazyAttribute(lambda o: o.kind if o.found else "customer")
    entity_id = factory.LazyAttribute(lambda o: key_of(o.record))
    customer_id = factory.LazyAttribute(lambda o: owner_of(o.record))
    severity = weighted(VIOLATIONS["severity"])
    status = weighted(VIOLATIONS["status"])
    violation_date = factory.LazyAttribute(
        lambda o: moment_between(
            max(SUBJECTS[f"{o.entity_type}s"][1](o.record), midnight(o.rule.effective_date)), as_of()
        )
    )
    resolved_date = factory.LazyAttribute(
        lambda o: day_between(o.violation_date.date(), today()) if o.status == "resolved" else None
    )
    resolved_by = factory.SelfAttribute("resolver.employee_id", None)
    details = factory.LazyFunction(lambda: randgen.choice(TEXTS["rule_violations"]["details"]))
    resolution_notes = factory.LazyAttribute(
        lambda o: (
            randgen.choice(TEXTS["rule_violations"][o.status]) if o.status in ("resolved", "false_positive") else None
        )
    )
