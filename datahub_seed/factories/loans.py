"""Factories for loans_db: applications, the loans granted with their amortised schedules,
collateral, guarantors and risk assessments."""

import datetime as dt
from decimal import Decimal

import factory
from factory.random import randgen
from sqlalchemy import select

from datahub_seed.clock import YEAR_DAYS
from datahub_seed.distributions import load
from datahub_seed.errors import ConfigError
from datahub_seed.factories.accounts import CUSTOMER, CustomerFactory, joined, linked_account
from datahub_seed.factories.base import (
    DAY,
    TEXTS,
    BaseFactory,
    SubFactory,
    day_between,
    draw,
    find_or_make,
    integer,
    midnight,
    money,
    months_later,
    part_of,
    phone,
    save,
    scalar,
    today,
    traits,
    weighted,
)
from datahub_seed.factories.employees import employed
from datahub_seed.models import accounts
from datahub_seed.models import loans as model

DIST = load("loans_db")
APPLICATION = DIST["loan_applications"]
LOAN = DIST["loans"]
COLLATERAL = DIST["collateral"]
GUARANTOR = DIST["loan_guarantors"]
RISK = DIST["risk_assessments"]
FASTEST_DISBURSEMENT = DAY * LOAN["disbursement_days_range"].low
SLOWEST_DISBURSEMENT = DAY * LOAN["disbursement_days_range"].high
MONTH = DAY * 31  # the longest: a term of n months has run n * 31 days after disbursement, as the generator counts
SETTLED = ("paid", "late")  # installments that repaid their principal


def repayment_room(loan_type: str) -> dt.timedelta:
    """What a loan paid off by as-of needs after its decision: the slowest disbursement, then the
    shortest term its type allows."""
    return SLOWEST_DISBURSEMENT + MONTH * LOAN["term_months_range"][loan_type].low


# The types whose loans can be paid off by as-of (README): the slowest decision, disbursement and
# shortest term fit in the customers' history (a mortgage's 15 years do not fit in 7).
REPAYABLE = tuple(
    kind
    for kind in APPLICATION["loan_type"].values
    if DAY * APPLICATION["decision_days_range"].high + repayment_room(kind)
    < DAY * YEAR_DAYS * CUSTOMER["created_years"]
)


def latest_application(o) -> dt.date:
    """The last day the application can be made: with room before as-of for its decision and its
    loan's disbursement (``repaid``: and for the loan's whole term)."""
    if not o.repaid:
        return today() - DAY * o.decision_days - FASTEST_DISBURSEMENT
    if o.loan_type not in REPAYABLE:
        raise ConfigError(
            f"{o.loan_type} loans cannot be paid off by as-of: their shortest term,"
            f" {LOAN['term_months_range'][o.loan_type].low} months, does not fit in the customers'"
            f" {CUSTOMER['created_years']} years; loans that can be: {', '.join(REPAYABLE)}"
        )
    return today() - DAY * o.decision_days - repayment_room(o.loan_type)


def of_type(among: tuple[str, ...]) -> factory.LazyAttribute:
    """A loan type among ``among``, in SPEC's shares; for a ``repaid`` application, one whose loans
    can be paid off by as-of."""
    return factory.LazyAttribute(
        lambda o: draw(
            APPLICATION["loan_type"], among=tuple(kind for kind in among if not o.repaid or kind in REPAYABLE)
        )
    )


def decided_on(o) -> dt.date | None:
    """SPEC: approved and rejected applications have a decision, after the application and early
    enough for the fastest disbursement before as-of."""
    if o.status not in ("approved", "rejected"):
        return None
    return min(o.application_date + DAY * o.decision_days, today() - FASTEST_DISBURSEMENT)


class LoanApplicationFactory(BaseFactory[model.LoanApplication]):
    """An application of a customer found or made, since the customer joined and with room before
    as-of for a decision and a disbursement; amount and term by type (SPEC). Decided ones
    (``approved=True``, ``rejected=True``) have a decision date, approved ones an amount, rejected
    ones a reason. Its officer is a loan officer employed on the day of the application. One given
    (``customer=``, ``officer=``) must fit those days. ``repaid=True`` (which LoanFactory's
    ``paid_off=True`` asks for) leaves room for its loan's whole term before as-of: it is of a
    type whose shortest term fits in the customers' history, made early enough."""

    class Meta:
        model = model.LoanApplication

    class Params:
        locals().update(traits("status", APPLICATION["status"].values))
        locals().update(traits("loan_type", APPLICATION["loan_type"].values))
        repaid = False
        customer = find_or_make(
            CustomerFactory,
            lambda o: [accounts.Customer.created_at < midnight(latest_application(o) + DAY)],
            lambda o: f"joined after {latest_application(o)}, the last day this application can be made",
            joined_by=factory.LazyAttribute(lambda c: latest_application(c.factory_parent)),
        )
        decision_days = factory.LazyFunction(lambda: integer(APPLICATION["decision_days_range"]))
        officer = employed(lambda o: o.application_date, "officer_id")

    application_number = factory.Sequence(lambda n: f"APP-F{n:07d}")
    customer_id = factory.SelfAttribute("customer.customer_id")
    loan_type = of_type(APPLICATION["loan_type"].values)
    requested_amount = factory.LazyAttribute(
        lambda o: money(APPLICATION["requested_amount_range"][o.loan_type]) // 100 * 100
    )
    requested_term_months = factory.LazyAttribute(lambda o: integer(LOAN["term_months_range"][o.loan_type]))
    application_date = factory.LazyAttribute(lambda o: day_between(joined(o.customer), latest_application(o)))
    status = weighted(APPLICATION["status"])
    decision_date = factory.LazyAttribute(decided_on)
    approved_amount = factory.LazyAttribute(
        lambda o: (
            part_of(o.requested_amount, APPLICATION["approved_fraction_range"]) if o.status == "approved" else None
        )
    )
    rejection_reason = factory.LazyAttribute(
        lambda o: draw(APPLICATION["rejection_reason"]) if o.status == "rejected" else None
    )
    officer_id = factory.SelfAttribute("officer.employee_id")


def cents(amount: Decimal) -> int:
    return int(amount * 100)


def dollars(cents: int) -> Decimal:
    return Decimal(int(cents)).scaleb(-2)


def rate_units(rate: Decimal) -> int:
    """A rate in percent as the generator holds it: percent x 10,000."""
    return int(rate * 10_000)


def payment_of(o) -> Decimal:
    """The level monthly payment, by the generator's annuity formula."""
    import numpy as np  # with the generator's formula, only once a loan is made

    from datahub_seed.generate.loans import annuity

    level = annuity(
        np.array([cents(o.principal_amount)]), np.array([rate_units(o.interest_rate)]), np.array([o.term_months])
    )
    return dollars(level[0])


def status_of(loan: model.Loan, number: int, past_due: int) -> str:
    if loan.loan_status == "paid_off":
        return "paid"
    if number > past_due:
        return "pending"
    return "missed" if loan.loan_status == "defaulted" and number == past_due else "paid"


def planned_schedule(loan: model.Loan) -> list[model.RepaymentSchedule]:
    """The loan's installments 1..term, amortised as the generator amortises (principal + interest
    = total; the principals sum to the loan). Those due by as-of are paid on their day, except the
    latest of a defaulted loan, missed; later ones are pending (a paid-off loan has none)."""
    import numpy as np  # with the generator's amortisation, only once a loan is made

    from datahub_seed.generate.loans import amortise

    principal, interest, remaining = amortise(
        np.array([cents(loan.principal_amount)]),
        np.array([rate_units(loan.interest_rate)]),
        np.array([loan.term_months]),
        np.array([cents(loan.monthly_payment)]),
    )
    due = [months_later(loan.disbursement_date, number) for number in range(1, loan.term_months + 1)]
    past_due = sum(day <= today() for day in due)
    rows = []
    for number, day in enumerate(due, start=1):
        status = status_of(loan, number, past_due)
        rows.append(
            model.RepaymentSchedule(
                installment_number=number,
                due_date=day,
                principal_amount=dollars(principal[number - 1]),
                interest_amount=dollars(interest[number - 1]),
                total_amount=dollars(principal[number - 1] + interest[number - 1]),
                remaining_principal=dollars(remaining[number - 1]),
                payment_status=status,
                payment_date=min(day, today()) if status in SETTLED else None,
            )
        )
    return rows


def granted(application: model.LoanApplication) -> model.LoanApplication:
    """SPEC: one loan per approved application."""
    if application.status != "approved":
        raise ConfigError(f"LoanFactory: a loan needs an approved application, not a {application.status} one")
    loan = scalar(select(model.Loan.loan_id).where(model.Loan.application_id == application.application_id))
    if loan is not None:
        raise ConfigError(f"LoanFactory: application {application.application_id} already has loan {loan}")
    return application


def term_run(o) -> int | None:
    """The term of the loan if it is paid off (README: it has run by as-of): the application's when
    it has, else one its type allows that has, drawn as the generator draws it; None when none has."""
    low, high = LOAN["term_months_range"][o.loan_type]
    if o.application.requested_term_months <= o.months_run:
        return o.application.requested_term_months
    return randgen.randint(low, min(high, o.months_run)) if low <= o.months_run else None


def statuses(o) -> tuple[str, ...]:
    """The statuses the loan can have, as the generator has it: paid off only if a term has run by
    as-of, defaulted only with an installment due."""
    return ("active", *(("paid_off",) if o.repaid_term is not None else ()), *(("defaulted",) if o.months_run else ()))


def term_of(o) -> int:
    if o.loan_status != "paid_off":
        return o.application.requested_term_months
    if o.repaid_term is None:
        low, high = LOAN["term_months_range"][o.loan_type]
        raise ConfigError(
            f"LoanFactory: a {o.loan_type} loan disbursed on {o.disbursement_date} cannot be paid off by as-of"
            f" ({today()}): none of its terms ({low}-{high} months) has run by then; leave the application"
            " to paid_off=True, which makes one early enough"
        )
    return o.repaid_term


def outstanding(loan: model.Loan) -> Decimal:
    """SPEC: the principal not repaid by the installments made so far."""
    return loan.principal_amount - sum(row.principal_amount for row in loan.schedule if row.payment_status in SETTLED)


class LoanFactory(BaseFactory[model.Loan]):
    """The loan of a new approved application (one given must be approved and have no loan yet):
    same customer, type, amount and term; rate by type; disbursed 5-30 days after the decision;
    approved by a branch manager employed on the decision day; linked (70%) to one of the
    customer's accounts open on the disbursement day, when the session holds one. Its status is
    drawn among those it can have (``statuses``). ``paid_off=True`` makes an application early
    enough for a term of its type to run by as-of (not a mortgage: see ``REPAYABLE``); the loan
    keeps the application's term when that has run, else draws one that has, as the generator
    does. It makes its whole amortised schedule (``loan.schedule``; see ``planned_schedule``) and
    owes the principal of its unpaid installments: nothing when paid off. ``schedule=False``
    leaves the schedule to RepaymentScheduleFactory, ``schedule__without=N`` all but installment N."""

    class Meta:
        model = model.Loan

    class Params:
        locals().update(traits("loan_status", LOAN["loan_status"].values))
        paid_off = factory.Trait(loan_status="paid_off", application__repaid=True)
        approver = employed(lambda o: o.application.decision_date, "approved_by")
        months_run = factory.LazyAttribute(lambda o: (today() - o.disbursement_date) // MONTH)
        repaid_term = factory.LazyAttribute(term_run)

    application = SubFactory(LoanApplicationFactory, approved=True)  # a trait, so application__rejected=True wins
    loan_number = factory.Sequence(lambda n: f"LN-F{n:07d}")
    customer_id = factory.LazyAttribute(lambda o: granted(o.application).customer_id)
    loan_type = factory.SelfAttribute("application.loan_type")
    principal_amount = factory.SelfAttribute("application.approved_amount")
    interest_rate = factory.LazyAttribute(
        lambda o: Decimal(str(round(randgen.uniform(*LOAN["rate_range"][o.loan_type]), 2)))
    )
    term_months = factory.LazyAttribute(term_of)
    monthly_payment = factory.LazyAttribute(payment_of)
    disbursement_date = factory.LazyAttribute(
        lambda o: (
            o.application.decision_date
            + DAY
            * randgen.randint(
                LOAN["disbursement_days_range"].low,
                min(LOAN["disbursement_days_range"].high, (today() - o.application.decision_date).days),
            )
        )
    )
    maturity_date = factory.LazyAttribute(lambda o: months_later(o.disbursement_date, o.term_months))
    loan_status = factory.LazyAttribute(lambda o: draw(LOAN["loan_status"], among=statuses(o)))
    outstanding_balance = factory.SelfAttribute("principal_amount")  # until its installments are made
    linked_account_id = factory.LazyAttribute(
        lambda o: linked_account(o.customer_id, o.disbursement_date, LOAN["linked_account_share"])
    )
    default_status = factory.LazyAttribute(lambda o: o.loan_status == "defaulted")
    approved_by = factory.SelfAttribute("approver.employee_id")

    @factory.post_generation
    def schedule(obj, create, extracted, without=None, **kwargs):
        if extracted is False:
            return
        obj.schedule = [row for row in planned_schedule(obj) if row.installment_number != without]
        obj.outstanding_balance = outstanding(obj)
        if create:
            save(*obj.schedule)


def next_installment(loan: model.Loan) -> int:
    """The loan's first installment not made yet."""
    made = {row.installment_number for row in loan.schedule}
    missing = [number for number in range(1, loan.term_months + 1) if number not in made]
    if not missing:
        raise ConfigError(
            f"RepaymentScheduleFactory: loan {loan.loan_id} has all its {loan.term_months} installments;"
            " installment_number=N gives one of them"
        )
    return missing[0]


def planned_installment(o) -> model.RepaymentSchedule:
    if not 1 <= o.installment_number <= o.loan.term_months:
        raise ConfigError(
            f"RepaymentScheduleFactory: installment_number={o.installment_number}: loan {o.loan.loan_id} has"
            f" installments 1 to {o.loan.term_months}"
        )
    return planned_schedule(o.loan)[o.installment_number - 1]


class RepaymentScheduleFactory(BaseFactory[model.RepaymentSchedule]):
    """An installment of a loan. By default installment 1 of a new loan, which made the rest of its
    schedule (SPEC: one per month of the term; with fewer, the loan's principal does not add up), so
    a batch names installments of distinct loans. Given ``loan=`` a loan made with
    ``schedule=False``, the loan's next installment, amortised as its whole schedule would be, with
    the loan's outstanding balance following; past its term, a ConfigError. An installment that
    exists (``installment_number=N``) is returned as it is."""

    class Meta:
        model = model.RepaymentSchedule

    class Params:
        planned = factory.LazyAttribute(planned_installment)

    loan = SubFactory(LoanFactory, schedule__without=1)
    installment_number = factory.LazyAttribute(lambda o: next_installment(o.loan))
    due_date = factory.SelfAttribute("planned.due_date")
    principal_amount = factory.SelfAttribute("planned.principal_amount")
    interest_amount = factory.SelfAttribute("planned.interest_amount")
    total_amount = factory.SelfAttribute("planned.total_amount")
    remaining_principal = factory.SelfAttribute("planned.remaining_principal")
    payment_status = factory.SelfAttribute("planned.payment_status")
    payment_date = factory.SelfAttribute("planned.payment_date")

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        loan = kwargs["loan"]
        made = next((row for row in loan.schedule if row.installment_number == kwargs["installment_number"]), None)
        if made is None:
            made = model_class(*args, **kwargs)  # joins loan.schedule
            loan.outstanding_balance = outstanding(loan)
        return made

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        made = cls._build(model_class, *args, **kwargs)
        save(made)
        return made


class CollateralFactory(BaseFactory[model.Collateral]):
    """A pledge against a new loan of a secured type (SPEC: mortgages, auto and business loans):
    property, vehicle or equipment, appraised at 110-150% of the principal between application and
    decision; ``ltv_ratio`` = principal / appraised value."""

    class Meta:
        model = model.Collateral

    loan = SubFactory(
        LoanFactory,
        application__loan_type=of_type(tuple(COLLATERAL["collateral_type"])),
    )
    collateral_type = factory.LazyAttribute(lambda o: COLLATERAL["collateral_type"][o.loan.loan_type])
    description = factory.LazyAttribute(lambda o: randgen.choice(TEXTS["collateral"][o.collateral_type]))
    appraised_value = factory.LazyAttribute(
        lambda o: part_of(o.loan.principal_amount, COLLATERAL["appraised_ratio_range"])
    )
    appraisal_date = factory.LazyAttribute(
        lambda o: day_between(o.loan.application.application_date, o.loan.application.decision_date)
    )
    ltv_ratio = factory.LazyAttribute(
        lambda o: (o.loan.principal_amount / o.appraised_value).quantize(Decimal("0.0001"))
    )


class LoanGuarantorFactory(BaseFactory[model.LoanGuarantor]):
    """A guarantor of a new personal or business loan (SPEC), guaranteeing 50-100% of the principal."""

    class Meta:
        model = model.LoanGuarantor

    loan = SubFactory(
        LoanFactory,
        application__loan_type=of_type(tuple(GUARANTOR["loan_types"])),
    )
    guarantor_name = factory.Faker("name")
    relationship = weighted(GUARANTOR["relationship"])
    guarantee_amount = factory.LazyAttribute(
        lambda o: part_of(o.loan.principal_amount, GUARANTOR["guarantee_fraction_range"])
    )
    contact_info = phone()


class RiskAssessmentFactory(BaseFactory[model.RiskAssessment]):
    """The assessment of a new application before its decision (``periodic=True``: a later review of
    a new active loan); score and probability of default within the grade's bands; by an employee
    employed that day."""

    class Meta:
        model = model.RiskAssessment

    class Params:
        periodic = factory.Trait(
            assessment_type="periodic",
            loan=SubFactory(LoanFactory, loan_status="active"),
            application=factory.SelfAttribute("loan.application"),
            assessment_date=factory.LazyAttribute(
                lambda o: day_between(min(o.loan.disbursement_date + DAY, today()), today())
            ),
        )
        assessor = employed(lambda o: o.assessment_date)

    application = SubFactory(LoanApplicationFactory)
    loan = None
    assessment_type = "origination"
    assessment_date = factory.LazyAttribute(
        lambda o: day_between(
            o.application.application_date,
            max(o.application.application_date, (o.application.decision_date or today()) - DAY),
        )
    )
    credit_grade = weighted(RISK["credit_grade"])
    risk_score = factory.LazyAttribute(lambda o: integer(RISK["grade_score_range"][o.credit_grade]))
    pd_probability = factory.LazyAttribute(
        lambda o: Decimal(str(round(randgen.uniform(*RISK["grade_default_probability_range"][o.credit_grade]), 4)))
    )
    assessed_by = factory.SelfAttribute("assessor.employee_id")
    notes = factory.LazyFunction(lambda: randgen.choice(TEXTS["risk_assessments"]["notes"]))
