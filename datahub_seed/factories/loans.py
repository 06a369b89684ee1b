"""Factories for loans_db: a RepaymentScheduleFactory makes its loan, which makes its application."""

import datetime as dt
from decimal import Decimal

import factory
from factory.random import randgen

from datahub_seed.distributions import load
from datahub_seed.factories.base import BaseFactory, draw, money, traits, weighted, years_ago
from datahub_seed.generate.pools import TEXTS
from datahub_seed.models import loans as model

DIST = load("loans_db")
APPLICATION = DIST["loan_applications"]


class LoanApplicationFactory(BaseFactory):
    """An application; ``approved=True``, ``rejected=True`` ... fix the status, ``mortgage=True`` the type."""

    class Meta:
        model = model.LoanApplication

    class Params:
        locals().update(traits("status", APPLICATION["status"].values))
        locals().update(traits("loan_type", APPLICATION["loan_type"].values))

    application_number = factory.Sequence(lambda n: f"APP-F{n:07d}")
    customer_id = factory.Sequence(lambda n: n + 1)
    loan_type = weighted(APPLICATION["loan_type"])
    requested_amount = factory.LazyAttribute(
        lambda o: money(APPLICATION["requested_amount_range"][o.loan_type]) // 100 * 100
    )
    requested_term_months = factory.LazyAttribute(
        lambda o: randgen.randint(*map(int, DIST["loans"]["term_months_range"][o.loan_type]))
    )
    application_date = factory.LazyFunction(lambda: years_ago(randgen.uniform(0.3, 5)).date())
    status = weighted(APPLICATION["status"])
    decision_date = factory.LazyAttribute(
        lambda o: (
            o.application_date + dt.timedelta(days=randgen.randint(2, 30))
            if o.status in ("approved", "rejected")
            else None
        )
    )
    approved_amount = factory.LazyAttribute(
        lambda o: (
            (o.requested_amount * Decimal(str(randgen.uniform(0.8, 1.0)))).quantize(Decimal("0.01"))
            if o.status == "approved"
            else None
        )
    )
    rejection_reason = factory.LazyAttribute(
        lambda o: draw(APPLICATION["rejection_reason"]) if o.status == "rejected" else None
    )
    officer_id = factory.LazyFunction(lambda: randgen.randint(1, 150))


def _monthly_payment(o) -> Decimal:
    rate = float(o.interest_rate) / 1200
    return Decimal(str(float(o.principal_amount) * rate / (1 - (1 + rate) ** -o.term_months))).quantize(Decimal("0.01"))


class LoanFactory(BaseFactory):
    class Meta:
        model = model.Loan

    class Params:
        locals().update(traits("loan_status", DIST["loans"]["loan_status"].values))

    application = factory.SubFactory(LoanApplicationFactory, status="approved")
    loan_number = factory.Sequence(lambda n: f"LN-F{n:07d}")
    customer_id = factory.SelfAttribute("application.customer_id")
    loan_type = factory.SelfAttribute("application.loan_type")
    principal_amount = factory.SelfAttribute("application.approved_amount")
    interest_rate = factory.LazyAttribute(
        lambda o: Decimal(str(round(randgen.uniform(*DIST["loans"]["rate_range"][o.loan_type]), 2)))
    )
    term_months = factory.SelfAttribute("application.requested_term_months")
    monthly_payment = factory.LazyAttribute(_monthly_payment)
    disbursement_date = factory.LazyAttribute(
        lambda o: o.application.decision_date + dt.timedelta(days=randgen.randint(5, 30))
    )
    maturity_date = factory.LazyAttribute(
        lambda o: o.disbursement_date + dt.timedelta(days=round(o.term_months * 30.44))
    )
    loan_status = "active"
    outstanding_balance = factory.SelfAttribute("principal_amount")
    linked_account_id = None
    default_status = factory.LazyAttribute(lambda o: o.loan_status == "defaulted")
    approved_by = factory.LazyFunction(lambda: randgen.randint(1, 150))


class CollateralFactory(BaseFactory):
    class Meta:
        model = model.Collateral

    loan = factory.SubFactory(LoanFactory, application__loan_type="mortgage")
    collateral_type = factory.LazyAttribute(
        lambda o: DIST["collateral"]["collateral_type"].get(o.loan.loan_type, "equipment")
    )
    description = factory.LazyAttribute(lambda o: randgen.choice(TEXTS["collateral"][o.collateral_type]))
    appraised_value = factory.LazyAttribute(
        lambda o: (o.loan.principal_amount * Decimal(str(randgen.uniform(1.1, 1.5)))).quantize(Decimal("0.01"))
    )
    appraisal_date = factory.LazyAttribute(lambda o: o.loan.application.decision_date)
    ltv_ratio = factory.LazyAttribute(
        lambda o: (o.loan.principal_amount / o.appraised_value).quantize(Decimal("0.0001"))
    )


class RepaymentScheduleFactory(BaseFactory):
    """The first installment of a loan, amortised: interest on the full principal, the rest repays it."""

    class Meta:
        model = model.RepaymentSchedule

    loan = factory.SubFactory(LoanFactory)
    installment_number = 1
    due_date = factory.LazyAttribute(lambda o: o.loan.disbursement_date + dt.timedelta(days=30))
    interest_amount = factory.LazyAttribute(
        lambda o: (o.loan.principal_amount * o.loan.interest_rate / 1200).quantize(Decimal("0.01"))
    )
    principal_amount = factory.LazyAttribute(lambda o: o.loan.monthly_payment - o.interest_amount)
    total_amount = factory.LazyAttribute(lambda o: o.principal_amount + o.interest_amount)
    remaining_principal = factory.LazyAttribute(lambda o: o.loan.principal_amount - o.principal_amount)
    payment_status = factory.LazyAttribute(lambda o: "paid" if o.due_date <= dt.date.today() else "pending")
    payment_date = factory.LazyAttribute(lambda o: o.due_date if o.payment_status == "paid" else None)


class LoanGuarantorFactory(BaseFactory):
    class Meta:
        model = model.LoanGuarantor

    loan = factory.SubFactory(LoanFactory, application__loan_type="personal")
    guarantor_name = factory.Faker("name")
    relationship = weighted(DIST["loan_guarantors"]["relationship"])
    guarantee_amount = factory.LazyAttribute(
        lambda o: (o.loan.principal_amount * Decimal(str(randgen.uniform(0.5, 1.0)))).quantize(Decimal("0.01"))
    )
    contact_info = factory.Faker("numerify", text="+1-###-555-01##")


class RiskAssessmentFactory(BaseFactory):
    class Meta:
        model = model.RiskAssessment

    application = factory.SubFactory(LoanApplicationFactory)
    loan = None
    assessment_type = "origination"
    assessment_date = factory.SelfAttribute("application.application_date")
    credit_grade = weighted(DIST["risk_assessments"]["credit_grade"])
    risk_score = factory.LazyAttribute(
        lambda o: randgen.randint(*map(int, DIST["risk_assessments"]["grade_score_range"][o.credit_grade]))
    )
    pd_probability = factory.LazyAttribute(
        lambda o: Decimal(
            str(round(randgen.uniform(*DIST["risk_assessments"]["grade_default_probability_range"][o.credit_grade]), 4))
        )
    )
    assessed_by = factory.LazyFunction(lambda: randgen.randint(1, 150))
    notes = factory.LazyFunction(lambda: randgen.choice(TEXTS["risk_assessments"]["notes"]))
