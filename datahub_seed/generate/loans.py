"""loans_db: applications, loans, collateral, amortised schedules, guarantors and risk assessments.

Money is in integer cents throughout; the schedule follows the annuity formula with each month's
interest rounded half-up, the last installment taking whatever principal remains, so principal +
interest = total on every row and the principals sum exactly to the loan.
"""

import numpy as np

from datahub_seed.distributions import load
from datahub_seed.generate.core import (
    DAY,
    add_months,
    between,
    business_numbers,
    categorical,
    cents,
    exact_flags,
    integers,
    uniform,
)
from datahub_seed.generate.frame import Frame, Nullable, Pooled
from datahub_seed.generate.plan import Loans, Plan
from datahub_seed.generate.pools import TEXTS, phones, phrases, pools
from datahub_seed.models import loans as model

DIST = load("loans_db")
TYPES = DIST["loan_applications"]["loan_type"].values
APP_STATUS = DIST["loan_applications"]["status"].values
LOAN_STATUS = DIST["loans"]["loan_status"].values
INSTALLMENT_STATUS = DIST["repayment_schedule"]["past_due_status"].values
GRADES = DIST["risk_assessments"]["credit_grade"].values


def per_type(table: dict, types: np.ndarray, column: int) -> np.ndarray:
    """The low (column 0) or high (1) bound of a by-type range, for each row's type."""
    return np.array([table[t][column] for t in TYPES])[types]


def uniform_per_type(rng: np.random.Generator, table: dict, types: np.ndarray) -> np.ndarray:
    return rng.uniform(per_type(table, types, 0), per_type(table, types, 1))


def generate_block(plan: Plan) -> list[Frame]:
    applications = application_frame(plan)
    loans = loan_frame(plan, applications)
    return [
        applications,
        loans,
        collateral_frame(plan),
        guarantor_frame(plan),
        schedule_frame(plan, loans),
        assessment_frame(plan, applications),
    ]


def application_frame(plan: Plan) -> Frame:
    run, rng, customers = plan.run, plan.run.rng, plan.customers
    spec = DIST["loan_applications"]
    applicants = np.flatnonzero(exact_flags(rng("applications.who"), spec["share_of_customers"], len(customers.ids)))
    owner = np.repeat(applicants, integers(rng("applications.count"), spec["per_customer_range"], len(applicants)))
    n = len(owner)
    kind = categorical(rng("applications.type"), spec["loan_type"], n)
    status = categorical(rng("applications.status"), spec["status"], n)
    decided = np.isin(status, [APP_STATUS.index("approved"), APP_STATUS.index("rejected")])
    joined = customers.created[owner] // DAY
    decision_days = integers(rng("applications.decision_days"), spec["decision_days_range"], n)
    disbursement_days = integers(rng("loans.disbursement_days"), DIST["loans"]["disbursement_days_range"], n)
    # Leave room for the decision and the disbursement before as-of; squeeze them for new customers.
    room = run.today - joined
    fastest = spec["decision_days_range"].low, DIST["loans"]["disbursement_days_range"].low
    decision_days = np.where(decision_days + disbursement_days > room, fastest[0], decision_days)
    disbursement_days = np.where(decision_days + disbursement_days > room, fastest[1], disbursement_days)
    latest = run.today - decision_days - disbursement_days
    pending = status == APP_STATUS.index("pending")
    earliest = np.where(pending, np.maximum(joined, run.today - 60), joined)
    applied = between(rng("applications.date"), earliest, np.maximum(earliest, np.where(pending, run.today, latest)))
    requested = cents(uniform_per_type(rng("applications.amount"), spec["requested_amount_range"], kind) // 100 * 100)
    approved = status == APP_STATUS.index("approved")
    approved_amount = cents(requested / 100 * uniform(rng("applications.approved"), spec["approved_fraction_range"], n))
    term = np.rint(uniform_per_type(rng("applications.term"), DIST["loans"]["term_months_range"], kind)).astype(
        np.int64
    )
    term = np.where(kind == TYPES.index("mortgage"), term // 60 * 60, term // 12 * 12)
    rejected = status == APP_STATUS.index("rejected")
    ids = plan.ids("loan_applications", n)
    plan.loans = Loans(
        application_ids=ids,
        customer_id=customers.ids[owner],
        loan_type=kind,
        status=status,
        applied=applied,
        decided=applied + decision_days,
        disbursed=applied + decision_days + disbursement_days,
        amount=approved_amount,
        term=term,
    )
    return Frame(
        model.LoanApplication.__table__,
        {
            "application_id": ids,
            "application_number": business_numbers("APP", ids),
            "customer_id": customers.ids[owner],
            "loan_type": Pooled(TYPES, kind),
            "requested_amount": requested,
            "requested_term_months": term,
            "application_date": applied,
            "status": Pooled(APP_STATUS, status),
            "decision_date": Nullable(applied + decision_days, ~decided),
            "approved_amount": Nullable(approved_amount, ~approved),
            "rejection_reason": Nullable(
                Pooled(
                    spec["rejection_reason"].values,
                    categorical(rng("applications.reason"), spec["rejection_reason"], n),
                ),
                ~rejected,
            ),
            "officer_id": plan.staff.pick(rng("applications.officer"), applied, "officer_id"),
        },
    )


def loan_frame(plan: Plan, applications: Frame) -> Frame:
    run, rng, loans = plan.run, plan.run.rng, plan.loans
    spec = DIST["loans"]
    granted = np.flatnonzero(loans.status == APP_STATUS.index("approved"))
    n = len(granted)
    kind = loans.loan_type[granted]
    disbursed = loans.disbursed[granted]
    term = loans.term[granted].copy()
    # A loan can be paid off only if a term its type allows fits between disbursement and as-of.
    months_available = (run.today - disbursed) // 31
    min_term = per_type(spec["term_months_range"], kind, 0).astype(np.int64)
    can_finish = months_available >= min_term
    status = assign_loan_status(rng("loans.status"), can_finish, months_available >= 1)
    paid_off = status == LOAN_STATUS.index("paid_off")
    term[paid_off] = between(
        rng("loans.short_term"),
        min_term[paid_off],
        np.minimum(per_type(spec["term_months_range"], kind[paid_off], 1).astype(np.int64), months_available[paid_off]),
    )
    rate = np.rint(uniform_per_type(rng("loans.rate"), spec["rate_range"], kind) * 100).astype(np.int64) * 100
    principal = loans.amount[granted]
    monthly = annuity(principal, rate, term)
    ids = plan.ids("loans", n)
    linked = plan.accounts.of_customers(
        rng("loans.linked"), loans.customer_id[granted], spec["linked_account_share"], disbursed
    )
    loans.loan_ids, loans.granted, loans.loan_status, loans.loan_term = ids, granted, status, term
    loans.rate, loans.monthly = rate, monthly
    return Frame(
        model.Loan.__table__,
        {
            "loan_id": ids,
            "loan_number": business_numbers("LN", ids),
            "application_id": loans.application_ids[granted],
            "customer_id": loans.customer_id[granted],
            "loan_type": Pooled(TYPES, kind),
            "principal_amount": principal,
            "interest_rate": rate,
            "term_months": term,
            "monthly_payment": monthly,
            "disbursement_date": disbursed,
            "maturity_date": add_months(disbursed, term),
            "loan_status": Pooled(LOAN_STATUS, status),
            "outstanding_balance": np.zeros(n, dtype=np.int64),  # from the schedule, below
            "linked_account_id": linked,
            "default_status": status == LOAN_STATUS.index("defaulted"),
            "approved_by": plan.staff.pick(rng("loans.approved_by"), loans.decided[granted], "approved_by"),
        },
    )


def assign_loan_status(rng: np.random.Generator, can_finish: np.ndarray, has_history: np.ndarray) -> np.ndarray:
    """Exact status shares where the loans allow it: paid off only if matured, defaulted only with a past."""
    n = len(can_finish)
    weights = DIST["loans"]["loan_status"]
    counts = dict(zip(weights.values, np.floor(weights.probabilities * n + 0.5).astype(int), strict=True))
    status = np.full(n, LOAN_STATUS.index("active"))
    order = rng.permutation(n)
    finishers = order[can_finish[order]][: counts["paid_off"]]
    status[finishers] = LOAN_STATUS.index("paid_off")
    defaulters = order[has_history[order] & (status[order] == LOAN_STATUS.index("active"))][: counts["defaulted"]]
    status[defaulters] = LOAN_STATUS.index("defaulted")
    return status


def monthly_interest(balance: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """One month's interest in cents, rounded half-up, in integers (``rate`` is percent x 10,000)."""
    denominator = 1200 * 10_000
    return (2 * balance * rate + denominator) // (2 * denominator)


def annuity(principal: np.ndarray, rate: np.ndarray, term: np.ndarray) -> np.ndarray:
    """Level monthly payment in cents: P = L r / (1 - (1 + r)^-n), r the monthly rate."""
    monthly_rate = rate / 10_000 / 1200
    return np.ceil(principal * monthly_rate / (1 - (1 + monthly_rate) ** -term.astype(float))).astype(np.int64)


def amortise(
    amount: np.ndarray, rate: np.ndarray, term: np.ndarray, monthly: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The installments of loans (cents, ``term`` rows each, loan after loan): the principal each
    repays, its interest, and the principal remaining after it. The factories' schedules use it too."""
    rows = int(term.sum())
    principal = np.zeros(rows, dtype=np.int64)
    interest = np.zeros(rows, dtype=np.int64)
    remaining = np.zeros(rows, dtype=np.int64)
    balance = amount.copy()
    start = np.cumsum(term) - term
    for k in range(int(term.max()) if len(term) else 0):
        live = np.flatnonzero(term > k)
        row = start[live] + k
        owed = monthly_interest(balance[live], rate[live])
        last = term[live] == k + 1
        repaid = np.where(last, balance[live], np.minimum(monthly[live] - owed, balance[live]))
        interest[row], principal[row] = owed, repaid
        balance[live] -= repaid
        remaining[row] = balance[live]
    return principal, interest, remaining


def schedule_frame(plan: Plan, loans_frame: Frame) -> Frame:
    loans = plan.loans
    term = loans.loan_term
    n_loans = len(term)
    owner = np.repeat(np.arange(n_loans), term)
    number = np.arange(len(owner)) - np.repeat(np.cumsum(term) - term, term) + 1
    principal, interest, remaining = amortise(loans.amount[loans.granted], loans.rate, term, loans.monthly)
    due = add_months(np.repeat(np.asarray(loans_frame.columns["disbursement_date"]), term), number)
    status, paid_on = installment_status(plan, owner, due)
    settled = np.isin(status, [INSTALLMENT_STATUS.index("paid"), INSTALLMENT_STATUS.index("late")])
    unpaid_principal = np.bincount(owner, weights=np.where(settled, 0, principal), minlength=n_loans)
    loans_frame.columns["outstanding_balance"] = np.rint(unpaid_principal).astype(np.int64)
    n = len(owner)
    return Frame(
        model.RepaymentSchedule.__table__,
        {
            "schedule_id": plan.ids("repayment_schedule", n),
            "loan_id": loans.loan_ids[owner],
            "installment_number": number,
            "due_date": due,
            "principal_amount": principal,
            "interest_amount": interest,
            "total_amount": principal + interest,
            "remaining_principal": remaining,
            "payment_status": Pooled(INSTALLMENT_STATUS, status),
            "payment_date": Nullable(paid_on, ~settled),
        },
    )


def installment_status(plan: Plan, owner: np.ndarray, due: np.ndarray):
    """Past-due installments: paid 90%, late 5%, pending 3%, missed 2% overall, consistent with
    each loan: a paid-off loan has paid everything, a defaulted one missed its latest payments,
    and pending ones are the latest due installment of active loans. Future ones are pending."""
    run, rng, loans = plan.run, plan.run.rng, plan.loans
    loan_status = loans.loan_status[owner]
    past = due <= run.today
    n_past = int(past.sum())
    target = dict(
        zip(
            INSTALLMENT_STATUS,
            np.floor(DIST["repayment_schedule"]["past_due_status"].probabilities * n_past + 0.5).astype(int),
            strict=True,
        )
    )
    paid, late, pending, missed = (INSTALLMENT_STATUS.index(s) for s in ("paid", "late", "pending", "missed"))
    status = np.where(past, paid, pending)
    # Defaulted loans: their latest past-due installments are missed.
    latest_first = np.lexsort((-due, owner))
    rank = np.empty(len(owner), dtype=np.int64)
    rank[latest_first] = np.arange(len(owner)) - np.repeat(
        np.searchsorted(owner[latest_first], np.arange(len(loans.loan_term))), loans.loan_term
    )
    past_rank = rank - np.repeat(
        np.bincount(owner, weights=~past, minlength=len(loans.loan_term)).astype(int), loans.loan_term
    )
    defaulted = past & (loan_status == LOAN_STATUS.index("defaulted"))
    n_defaulted_loans = max(1, np.count_nonzero(np.bincount(owner[defaulted])))
    tail = max(1, target["missed"] // n_defaulted_loans)
    status[defaulted & (past_rank < tail)] = missed
    active_past = np.flatnonzero(past & (loan_status == LOAN_STATUS.index("active")))
    order = rng("schedule.status").permutation(active_past)
    latest = order[past_rank[order] == 0]
    status[latest[: target["pending"]]] = pending
    still_paid = order[status[order] == paid]
    late_candidates = still_paid[due[still_paid] <= run.today - 5]
    status[late_candidates[: target["late"]]] = late
    room = max(0, target["missed"] - int((status == missed).sum()))
    rest = order[status[order] == paid]
    status[rest[:room]] = missed
    paid_on = np.where(
        status == late,
        np.minimum(due + rng("schedule.late").integers(5, 46, len(due)), run.today),
        due - rng("schedule.early").integers(0, 6, len(due)),
    )
    return status, paid_on


def collateral_frame(plan: Plan) -> Frame:
    rng, loans = plan.run.rng, plan.loans
    spec = DIST["collateral"]
    kind = loans.loan_type[loans.granted]
    secured = np.zeros(len(kind), dtype=bool)
    for name, share in spec["loan_type_share"].items():
        rows = np.flatnonzero(kind == TYPES.index(name))
        secured[rows] = exact_flags(rng(f"collateral.{name}"), share, len(rows))
    which = np.flatnonzero(secured)
    n = len(which)
    principal = loans.amount[loans.granted][which]
    appraised = cents(principal / 100 * uniform(rng("collateral.ratio"), spec["appraised_ratio_range"], n))
    kinds = sorted(set(spec["collateral_type"].values()))
    collateral_kind = np.array([kinds.index(spec["collateral_type"][TYPES[t]]) for t in kind[which]], dtype=np.int64)
    description = phrases(rng("collateral.text"), [TEXTS["collateral"][k] for k in kinds], collateral_kind)
    application = loans.granted[which]
    return Frame(
        model.Collateral.__table__,
        {
            "collateral_id": plan.ids("collateral", n),
            "loan_id": loans.loan_ids[which],
            "collateral_type": Pooled(kinds, collateral_kind),
            "description": description,
            "appraised_value": appraised,
            "appraisal_date": between(rng("collateral.date"), loans.applied[application], loans.decided[application]),
            "ltv_ratio": np.floor(principal / appraised * 10_000 + 0.5).astype(np.int64),
        },
    )


def guarantor_frame(plan: Plan) -> Frame:
    rng, loans = plan.run.rng, plan.loans
    spec = DIST["loan_guarantors"]
    kind = loans.loan_type[loans.granted]
    eligible = np.flatnonzero(np.isin(kind, [TYPES.index(t) for t in spec["loan_types"]]))
    guaranteed = eligible[exact_flags(rng("guarantors.which"), spec["share_of_loans"], len(eligible))]
    loan = np.repeat(guaranteed, integers(rng("guarantors.count"), spec["per_loan_range"], len(guaranteed)))
    n = len(loan)
    principal = loans.amount[loans.granted][loan]
    return Frame(
        model.LoanGuarantor.__table__,
        {
            "guarantor_id": plan.ids("loan_guarantors", n),
            "loan_id": loans.loan_ids[loan],
            "guarantor_name": pools(plan.run.seed).full_names(rng("guarantors.name"), n),
            "relationship": Pooled(
                spec["relationship"].values, categorical(rng("guarantors.relationship"), spec["relationship"], n)
            ),
            "guarantee_amount": cents(
                principal / 100 * uniform(rng("guarantors.amount"), spec["guarantee_fraction_range"], n)
            ),
            "contact_info": phones(rng("guarantors.phone"), n),
        },
    )


def assessment_frame(plan: Plan, applications: Frame) -> Frame:
    """One assessment before each decision, periodic reviews of 30% of active loans; worse grades
    go to applications that were rejected and loans that defaulted."""
    run, rng, loans = plan.run, plan.run.rng, plan.loans
    spec = DIST["risk_assessments"]
    n_apps = len(loans.application_ids)
    active = np.flatnonzero(loans.loan_status == LOAN_STATUS.index("active"))
    reviewed = active[exact_flags(rng("assessments.periodic"), spec["periodic_share"], len(active))]
    application = np.concatenate([np.arange(n_apps), loans.granted[reviewed]])
    periodic = np.arange(len(application)) >= n_apps
    n = len(application)
    decided = np.where(np.asarray(applications.columns["decision_date"].null), run.today, loans.decided)
    origination_day = between(rng("assessments.origination"), loans.applied, np.maximum(loans.applied, decided - 1))
    review_from = np.minimum(loans.disbursed[loans.granted[reviewed]] + 1, run.today)
    review_day = between(rng("assessments.review"), review_from, np.full(len(reviewed), run.today))
    day = np.concatenate([origination_day, review_day])
    loan_id = np.concatenate([np.zeros(n_apps, dtype=np.int64), loans.loan_ids[reviewed]])
    # A latent risk, higher for rejected applications and defaulted loans, ranked into the grade quotas.
    bad = np.zeros(n, dtype=bool)
    bad[:n_apps] = loans.status == APP_STATUS.index("rejected")
    defaulted_apps = loans.granted[loans.loan_status == LOAN_STATUS.index("defaulted")]
    bad[defaulted_apps] = True
    latent = rng("assessments.latent").normal(0, 1, n) + 1.5 * bad
    grade = np.empty(n, dtype=np.int64)
    grade[np.argsort(latent, kind="stable")] = np.repeat(
        np.arange(len(GRADES)),
        np.bincount(categorical(rng("assessments.grade"), spec["credit_grade"], n), minlength=len(GRADES)),
    )
    score_low = np.array([spec["grade_score_range"][g][0] for g in GRADES])[grade]
    score_high = np.array([spec["grade_score_range"][g][1] for g in GRADES])[grade]
    pd_low = np.array([spec["grade_default_probability_range"][g][0] for g in GRADES])[grade]
    pd_high = np.array([spec["grade_default_probability_range"][g][1] for g in GRADES])[grade]
    probability = np.floor(rng("assessments.pd").uniform(pd_low, pd_high) * 10_000 + 0.5).astype(np.int64)
    return Frame(
        model.RiskAssessment.__table__,
        {
            "assessment_id": plan.ids("risk_assessments", n),
            "application_id": loans.application_ids[application],
            "loan_id": Nullable(loan_id, ~periodic),
            "assessment_type": Pooled(("origination", "periodic"), periodic.astype(np.int64)),
            "assessment_date": day,
            "risk_score": between(rng("assessments.score"), score_low, score_high),
            "pd_probability": probability,
            "credit_grade": Pooled(GRADES, grade),
            "assessed_by": plan.staff.pick(rng("assessments.by"), day),
            "notes": Pooled(TEXTS["risk_assessments"]["notes"], rng("assessments.notes").integers(0, 6, n)),
        },
    )
