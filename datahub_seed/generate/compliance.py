"""compliance_db: KYC, AML checks, suspicious activity, regulatory reports, audit trails, rules.

Everything here refers to rows planned by the other databases: customers, their accounts and
transactions, loans and policies, and employees employed at the time.
"""

import datetime as dt
import json

import numpy as np

from datahub_seed.distributions import load
from datahub_seed.generate.core import (
    DAY,
    EPOCH,
    between,
    categorical,
    day_to_date,
    exact_flags,
    fitting_count,
    integers,
    quota_counts,
    scrambled,
)
from datahub_seed.generate.frame import Frame, Nullable, Pooled
from datahub_seed.generate.plan import Plan
from datahub_seed.generate.pools import TEXTS, phones, phrases, pools
from datahub_seed.models import compliance as model

DIST = load("compliance_db")
KYC = DIST["kyc_records"]
KYC_STATUS = KYC["kyc_status"].values
CHECK_TYPES = DIST["aml_checks"]["check_type"].values
ENTITIES = DIST["audit_trails"]["entity_type"].values


def generate(plan: Plan) -> list[Frame]:
    rules = rule_frame(plan)
    plan.rule_effective = np.asarray(rules.columns["effective_date"])
    return [report_frame(plan), rules]


def generate_block(plan: Plan) -> list[Frame]:
    checks = aml_frame(plan)
    return [kyc_frame(plan), checks, sar_frame(plan, checks), audit_frame(plan), violation_frame(plan)]


def kyc_frame(plan: Plan) -> Frame:
    run, rng, customers = plan.run, plan.run.rng, plan.customers
    n = len(customers.ids)
    status = customers.kyc_status
    pending = status == KYC_STATUS.index("pending")
    expired = status == KYC_STATUS.index("expired")
    submitted = np.minimum(
        customers.created // DAY + integers(rng("kyc.submitted"), KYC["submitted_days_range"], n), run.today
    )
    review = integers(rng("kyc.review"), KYC["review_years_range"], n) * 365
    # Verified: the next review is still ahead. Expired: it fell due before as-of.
    review = np.where(expired, np.minimum(review, np.maximum(run.today - submitted - 1, 365)), review)
    verified_from = np.where(expired, submitted, np.maximum(submitted, run.today - review + 1))
    verified_to = np.where(expired, np.maximum(submitted, run.today - review - 1), run.today)
    verified_on = between(rng("kyc.verified"), verified_from, np.maximum(verified_from, verified_to))
    expiry = verified_on + integers(rng("kyc.expiry"), KYC["expiry_years_range"], n) * 365
    document = categorical(rng("kyc.document"), KYC["document_type"], n)
    prefix = np.array(["P", "D", "N"])[document]
    number = scrambled(customers.ids, 9)
    return Frame(
        model.KycRecord.__table__,
        {
            "kyc_id": customers.ids,
            "customer_id": customers.ids,
            "kyc_status": Pooled(KYC_STATUS, status),
            "risk_rating": Pooled(KYC["risk_rating"].values, customers.risk_rating),
            "document_type": Pooled(KYC["document_type"].values, document),
            "document_number": [f"{p}{d}" for p, d in zip(prefix.tolist(), number.tolist(), strict=True)],
            "submitted_date": submitted,
            "verification_date": Nullable(verified_on, pending),
            "expiry_date": Nullable(expiry, pending),
            "next_review_date": Nullable(verified_on + review, pending),
            "verified_by": Nullable(plan.staff.pick(rng("kyc.by"), verified_on, "verified_by"), pending),
        },
    )


def aml_frame(plan: Plan) -> Frame:
    """An initial check per customer, periodic ones for half, one per transaction over $10,000."""
    run, rng, customers, transactions = plan.run, plan.run.rng, plan.customers, plan.transactions
    spec = DIST["aml_checks"]
    n_customers = len(customers.ids)
    periodic = np.flatnonzero(exact_flags(rng("aml.periodic"), spec["periodic_share"], n_customers))
    large = np.flatnonzero(transactions.amount > spec["monitoring_threshold"] * 100)
    owner = np.concatenate([np.arange(n_customers), periodic])
    screened = np.concatenate(
        [
            np.minimum(
                customers.created + rng("aml.initial").integers(0, spec["initial_days"] * DAY, n_customers), run.now
            ),
            between(rng("aml.periodic_time"), customers.created[periodic] + DAY, np.full(len(periodic), run.now)),
        ]
    )
    n_screen = len(owner)
    account_owner = plan.accounts.owner_of(transactions.account_id[large])
    customer_id = np.concatenate([customers.ids[owner], account_owner])
    when = np.concatenate(
        [screened, np.minimum(transactions.time[large] + rng("aml.delay").integers(60, 3600, len(large)), run.now)]
    )
    reason = np.concatenate([np.where(np.arange(n_screen) < n_customers, 0, 1), np.full(len(large), 2)])
    check_type = np.concatenate(
        [
            categorical(rng("aml.type"), spec["check_type"], n_screen),
            np.full(len(large), CHECK_TYPES.index("transaction_monitoring")),
        ]
    )
    transaction_id = np.concatenate([np.zeros(n_screen, dtype=np.int64), transactions.ids[large]])
    order = np.argsort(when, kind="stable")  # ids follow time
    n = len(order)
    flagged = exact_flags(rng("aml.flagged"), spec["flagged_share"], n)
    when = when[order]
    check_ids = plan.ids("aml_checks", n)
    plan.aml = (check_ids, customer_id[order], when, flagged, transaction_id[order])
    return Frame(
        model.AmlCheck.__table__,
        {
            "check_id": check_ids,
            "customer_id": customer_id[order],
            "check_reason": Pooled(("initial", "periodic", "transaction"), reason[order]),
            "check_type": Pooled(CHECK_TYPES, check_type[order]),
            "transaction_id": Nullable(transaction_id[order], reason[order] != 2),
            "check_date": when,
            "aml_flag": flagged,
            "screening_result": phrases(
                rng("aml.result"), [TEXTS["aml_checks"]["clear"], TEXTS["aml_checks"]["flagged"]], flagged.astype(int)
            ),
            "risk_level": Nullable(
                Pooled(spec["risk_level"].values, categorical(rng("aml.risk"), spec["risk_level"], n)), ~flagged
            ),
            "reviewed_by": Nullable(plan.staff.pick(rng("aml.reviewer"), when // DAY, "reviewed_by"), ~flagged),
        },
    )


def sar_frame(plan: Plan, checks: Frame) -> Frame:
    """A report for each flagged check whose customer holds an account open on the day of the
    check (the account it names: the transaction's, for transaction monitoring)."""
    run, rng = plan.run, plan.run.rng
    spec = DIST["suspicious_activity_reports"]
    check_ids, customer_id, when, flagged, transaction_id = plan.aml
    accounts = plan.accounts
    chosen = accounts.of_customers(rng("sar.account"), customer_id, 1.0, when // DAY)
    raised = np.flatnonzero(flagged & ~chosen.null)
    account = chosen.values[raised]
    from_transaction = transaction_id[raised] > 0
    account[from_transaction] = plan.transactions.account_of(transaction_id[raised][from_transaction])
    n = len(raised)
    detected = when[raised] // DAY
    status = categorical(rng("sar.status"), spec["sar_status"], n)
    draft = status == spec["sar_status"].values.index("draft")
    low, high = spec["amount_range"]
    amount = np.floor(np.exp(rng("sar.amount").uniform(np.log(low), np.log(high), n)) * 100).astype(np.int64)
    return Frame(
        model.SuspiciousActivityReport.__table__,
        {
            "sar_id": plan.ids("suspicious_activity_reports", n),
            "customer_id": customer_id[raised],
            "account_id": account,
            "aml_check_id": check_ids[raised],
            "activity_type": Pooled(
                spec["activity_type"].values, categorical(rng("sar.type"), spec["activity_type"], n)
            ),
            "amount_involved": amount,
            "regulatory_tier": Pooled(
                spec["regulatory_tier"].values, categorical(rng("sar.tier"), spec["regulatory_tier"], n)
            ),
            "sar_status": Pooled(spec["sar_status"].values, status),
            "report_date": detected,
            "filed_date": Nullable(
                np.minimum(detected + integers(rng("sar.filed"), spec["filed_days_range"], n), run.today), draft
            ),
            "filed_by": plan.staff.pick(rng("sar.by"), detected, "filed_by"),
            "description": Pooled(
                TEXTS["suspicious_activity_reports"]["narratives"], rng("sar.text").integers(0, 5, n)
            ),
        },
    )


def report_frame(plan: Plan) -> Frame:
    """Each report type for each of the last eight complete quarters; the newest still pending."""
    run, rng = plan.run, plan.run.rng
    spec = DIST["regulatory_reports"]
    today = day_to_date(run.today)
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarters = []
    for _ in range(spec["quarters"]):
        quarter_end = quarter_start - dt.timedelta(days=1)
        quarter_start = dt.date(quarter_end.year, 3 * ((quarter_end.month - 1) // 3) + 1, 1)
        quarters.append((quarter_start, quarter_end))
    kinds = spec["report_types"]
    n = len(quarters) * len(kinds)
    start = np.array([(s - EPOCH.date()).days for s, _ in quarters for _ in kinds])
    end = np.array([(e - EPOCH.date()).days for _, e in quarters for _ in kinds])
    statuses = spec["status"].values
    counts = dict(zip(statuses, quota_counts(spec["status"].probabilities, n), strict=True))
    # Rows run newest first: the newest are pending, the oldest accepted, the rest submitted.
    status = np.full(n, statuses.index("submitted"))
    status[: counts["pending"]] = statuses.index("pending")
    status[n - counts["accepted"] :] = statuses.index("accepted")
    submitted = np.minimum(end + integers(rng("reports.submitted"), spec["submitted_days_range"], n), run.today)
    pending = status == statuses.index("pending")
    return Frame(
        model.RegulatoryReport.__table__,
        {
            "report_id": np.arange(1, n + 1),
            "report_type": Pooled(kinds, np.tile(np.arange(len(kinds)), len(quarters))),
            "reporting_period": [f"{s.year}-Q{(s.month - 1) // 3 + 1}" for s, _ in quarters for _ in kinds],
            "reporting_period_start": start,
            "reporting_period_end": end,
            "regulator": Pooled(spec["regulators"], rng("reports.regulator").integers(0, len(spec["regulators"]), n)),
            "status": Pooled(statuses, status),
            "submission_date": Nullable(submitted, pending),
            "prepared_by": plan.staff.pick(rng("reports.by"), end),
            "approved_by": Nullable(plan.staff.pick(rng("reports.approved_by"), submitted, "approved_by"), pending),
        },
    )


def entity_pools(plan: Plan) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """For each audited entity type: ids, owning customer, and the second it came into being."""
    loans, policies, transactions = plan.loans, plan.policies, plan.transactions
    granted = loans.granted
    return {
        "accounts": (plan.accounts.ids, plan.accounts.customer_id, plan.accounts.opened),
        "customers": (plan.customers.ids, plan.customers.ids, plan.customers.created),
        "loans": (loans.loan_ids, loans.customer_id[granted], loans.disbursed[granted] * DAY),
        "transactions": (
            transactions.ids,
            plan.accounts.owner_of(transactions.account_id),
            transactions.time,
        ),
        "policies": (policies.ids, policies.customer_id, policies.start * DAY),
    }


def pick_entities(plan: Plan, rng: np.random.Generator, kind: np.ndarray, sources: list[str]):
    """For each row, a random existing record of its kind (``sources[kind]`` names an entity pool),
    with the customer it belongs to and the second it came into being. An empty pool (no loans at
    a tiny scale, say) falls back on customers."""
    pools = entity_pools(plan)
    n = len(kind)
    entity_id, customer_id, born = (np.zeros(n, dtype=np.int64) for _ in range(3))
    for index, name in enumerate(sources):
        rows = np.flatnonzero(kind == index)
        ids, owners, created = pools[name] if len(pools[name][0]) else pools["customers"]
        chosen = rng.integers(0, len(ids), len(rows))
        entity_id[rows], customer_id[rows], born[rows] = ids[chosen], owners[chosen], created[chosen]
    return entity_id, customer_id, born


def audit_frame(plan: Plan) -> Frame:
    run, rng = plan.run, plan.run.rng
    spec = DIST["audit_trails"]
    n = int(spec["per_customer"] * len(plan.customers.ids))
    kind = categorical(rng("audit.entity"), spec["entity_type"], n)
    entity_id, customer_id, born = pick_entities(plan, rng("audit.pick"), kind, list(ENTITIES))
    when = between(rng("audit.time"), born, np.full(n, run.now))
    by_time = np.argsort(when, kind="stable")  # ids follow time
    kind, entity_id, customer_id, when = kind[by_time], entity_id[by_time], customer_id[by_time], when[by_time]
    action = categorical(rng("audit.action"), spec["action"], n)
    actions = spec["action"].values
    viewed = action == actions.index("view")
    changed = np.flatnonzero(~viewed)
    with_values = np.zeros(n, dtype=bool)
    with_values[changed] = exact_flags(
        rng("audit.values"), min(1.0, spec["values_share"] * n / max(len(changed), 1)), len(changed)
    )
    created, deleted = action == actions.index("create"), action == actions.index("delete")
    old_value, new_value = audit_values(plan, rng("audit.fields"), kind, with_values & ~created, with_values & ~deleted)
    octets = rng("audit.ip").integers(1, 255, (n, 3))
    return Frame(
        model.AuditTrail.__table__,
        {
            "audit_id": plan.ids("audit_trails", n),
            "entity_type": Pooled(ENTITIES, kind),
            "entity_id": entity_id,
            "customer_id": customer_id,
            "action": Pooled(actions, action),
            "performed_by": plan.staff.pick(rng("audit.by"), when // DAY),
            "performed_at": when,
            "old_value": old_value,
            "new_value": new_value,
            "ip_address": [f"10.{a}.{b}.{c}" for a, b, c in octets.tolist()],
        },
    )


AUDITED_FIELDS = DIST["audit_trails"]["audited_fields"]  # what an audit entry may record a change of
# Every pool below holds many values, so two draws differ soon (a pool of one, such as the staff of a
# tiny run, would never give an update a new value).
MONEY_FIELDS = {
    "balance",
    "outstanding_balance",
    "monthly_payment",
    "transaction_amount",
    "balance_after",
    "coverage_amount",
    "premium_amount",
}


def field_values(plan: Plan, rng: np.random.Generator, field: str, n: int) -> list:
    """``n`` values one column of an audited entity could hold."""
    if field in MONEY_FIELDS:
        return [f"{cents / 100:.2f}" for cents in rng.integers(100, 5_000_000, n).tolist()]
    if field == "branch_code":
        return [plan.branches[i] for i in rng.integers(0, len(plan.branches), n).tolist()]
    if field == "phone":
        return phones(rng, n)
    streets = pools(plan.run.seed).streets  # address
    return [streets[i] for i in rng.integers(0, len(streets), n).tolist()]


def audit_values(
    plan: Plan, rng: np.random.Generator, kind: np.ndarray, has_old: np.ndarray, has_new: np.ndarray
) -> tuple[Nullable, Nullable]:
    """Old and new values of the entries that carry them, as JSON objects naming one field of the
    entity acted on; where both exist (an update) they differ."""
    n = len(kind)
    old, new = [""] * n, [""] * n
    field = rng.integers(0, 2, n)
    for entity, fields in AUDITED_FIELDS.items():
        for which, name in enumerate(fields):
            rows = np.flatnonzero((kind == ENTITIES.index(entity)) & (field == which) & (has_old | has_new))
            before, after = field_values(plan, rng, name, len(rows)), field_values(plan, rng, name, len(rows))
            while same := [i for i in range(len(rows)) if before[i] == after[i]]:
                for i, value in zip(same, field_values(plan, rng, name, len(same)), strict=True):
                    after[i] = value
            for row, was, now in zip(rows.tolist(), before, after, strict=True):
                old[row], new[row] = json.dumps({name: was}), json.dumps({name: now})
    return Nullable(old, ~has_old), Nullable(new, ~has_new)


def rule_frame(plan: Plan) -> Frame:
    run, rng = plan.run, plan.run.rng
    spec = DIST["compliance_rules"]
    n = fitting_count(rng("rules.count"), spec["count_range"], spec["rule_type"])
    kind = np.sort(categorical(rng("rules.type"), spec["rule_type"], n))
    types = spec["rule_type"].values
    names: list[str] = []
    seen: dict[int, int] = {}
    for k in kind.tolist():
        titles = TEXTS["compliance_rules"][types[k]]
        seen[k] = seen.get(k, -1) + 1
        names.append(
            titles[seen[k] % len(titles)] + (f" {seen[k] // len(titles) + 1}" if seen[k] >= len(titles) else "")
        )
    amount = np.zeros(n, dtype=np.int64)
    has_amount = np.zeros(n, dtype=bool)
    for name, bounds in spec["amount_threshold_range"].items():
        rows = kind == types.index(name)
        amount[rows] = integers(rng(f"rules.amount.{name}"), bounds, int(rows.sum())) // 1000 * 100_000
        has_amount |= rows
    velocity = kind == types.index("velocity_check")
    geographic = kind == types.index("geographic_restriction")
    countries = TEXTS["compliance_rules"]["high_risk_countries"]
    ago = spec["effective_days_ago_range"]
    effective = between(rng("rules.effective"), np.full(n, run.today - ago.high), np.full(n, run.today - ago.low))
    return Frame(
        model.ComplianceRule.__table__,
        {
            "rule_id": np.arange(1, n + 1),
            "rule_name": names,
            "rule_type": Pooled(types, kind),
            "description": [
                f"{name}: flags activity that breaches the {types[k].replace('_', ' ')}."
                for name, k in zip(names, kind.tolist(), strict=True)
            ],
            "threshold_value": Nullable(amount, ~has_amount),
            "threshold_count": Nullable(
                integers(rng("rules.count_threshold"), spec["event_count_range"]["velocity_check"], n), ~velocity
            ),
            "time_window_hours": Nullable(np.full(n, spec["velocity_window_hours"]), ~velocity),
            "countries": Nullable(Pooled([",".join(countries)], np.zeros(n, int)), ~geographic),
            "is_active": exact_flags(rng("rules.active"), spec["active_share"], n),
            "effective_date": effective,
            "created_date": effective - rng("rules.written").integers(0, spec["written_days_before"] + 1, n),
        },
    )


def violation_frame(plan: Plan) -> Frame:
    run, rng = plan.run, plan.run.rng
    spec = DIST["rule_violations"]
    n = round(spec["per_customer"] * len(plan.customers.ids))
    entity_kinds = spec["entity_type"].values
    kind = categorical(rng("violations.entity"), spec["entity_type"], n)
    pools = [f"{name}s" for name in entity_kinds]  # transaction -> the transactions pool
    entity_id, customer_id, born = pick_entities(plan, rng("violations.pick"), kind, pools)
    rule = rng("violations.rule").integers(0, len(plan.rule_effective), n)
    # Detected once both the record and the rule exist (SPEC: on or after the rule's effective_date).
    detected = between(
        rng("violations.detected"), np.maximum(born, plan.rule_effective[rule] * DAY), np.full(n, run.now)
    )
    status = categorical(rng("violations.status"), spec["status"], n)
    statuses = spec["status"].values
    resolved = status == statuses.index("resolved")
    closed = resolved | (status == statuses.index("false_positive"))
    notes = phrases(
        rng("violations.notes"),
        [TEXTS["rule_violations"]["resolved"], TEXTS["rule_violations"]["false_positive"]],
        (status == statuses.index("false_positive")).astype(int),
    )
    resolved_at = between(rng("violations.resolved"), detected, np.full(n, run.now))
    return Frame(
        model.RuleViolation.__table__,
        {
            "violation_id": plan.ids("rule_violations", n),
            "rule_id": rule + 1,
            "entity_type": Pooled(entity_kinds, kind),
            "entity_id": entity_id,
            "customer_id": customer_id,
            "severity": Pooled(spec["severity"].values, categorical(rng("violations.severity"), spec["severity"], n)),
            "status": Pooled(spec["status"].values, status),
            "violation_date": detected,
            "resolved_date": Nullable(resolved_at // DAY, ~resolved),
            "resolved_by": Nullable(plan.staff.pick(rng("violations.by"), resolved_at // DAY), ~resolved),
            "details": Pooled(TEXTS["rule_violations"]["details"], rng("violations.text").integers(0, 4, n)),
            "resolution_notes": Nullable(notes, ~closed),
        },
    )
