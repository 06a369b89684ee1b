"""`make mutate`: break the data on purpose, one break at a time, and show that a test notices.

`python tests/mutate.py [PART ...]` runs only the breaks whose name contains one of the parts.

Each break changes one number in a distribution file or one small piece of a generator, in a
scratch copy of the project, then runs the tests that should catch it against one PostgreSQL
server started for the whole session. A break is caught when one of those tests fails; missed
when they pass, or when only the seeding crashed (a database constraint noticed, not a test:
such a break also loosens the constraint, with ``also``). A clean run of every named test comes
first, so that a failure means the break.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from datahub_seed.server import EmbeddedServer, free_port

PROJECT = Path(__file__).resolve().parent.parent
EMPLOYEES = "tests/test_rules_employees.py"
CUSTOMERS = "tests/test_rules_customers.py"
ACCOUNTS = "tests/test_rules_accounts.py"
LOANS = "tests/test_rules_loans.py"
INSURANCE = "tests/test_rules_insurance.py"
COMPLIANCE = "tests/test_rules_compliance.py"
SHARPER = "tests/test_rules_sharper.py"
FILES = "tests/test_distributions.py"


@dataclass(frozen=True)
class Break:
    """Replace ``old`` (found exactly once) by ``new`` in ``path``, and likewise each of ``also``
    (path, old, new); ``tests`` should then fail."""

    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]
    also: tuple[tuple[str, str, str], ...] = ()

    @property
    def edits(self) -> tuple[tuple[str, str, str], ...]:
        return ((self.path, self.old, self.new), *self.also)


def toml(database: str, old: str, new: str, name: str, test: str) -> Break:
    """A number changed in a distribution file alone: the table of SPEC targets and the data catch it."""
    return Break(name, f"datahub_seed/distributions/{database}.toml", old, new, (FILES, test))


GENERATE = "datahub_seed/generate"
BREAKS = [
    # employees_db
    toml("employees_db", "completed_share = 0.80", "completed_share = 0.60", "training completion 80%", EMPLOYEES),
    Break(
        "training completion 80% (generator)",
        f"{GENERATE}/employees.py",
        'spec["completed_share"], n)',
        'spec["completed_share"] - 0.2, n)',
        (f"{EMPLOYEES}::test_enrollments_completed_with_a_score_after_enrollment",),
    ),
    Break(
        "the reviewer is the manager",
        f"{GENERATE}/employees.py",
        '"reviewer_id": Nullable(manager.values[who], manager.null[who])',
        '"reviewer_id": Nullable(manager.values[who], np.ones(len(who), dtype=bool))',
        (f"{EMPLOYEES}::test_the_reviewer_is_the_employees_manager",),
    ),
    Break(
        "relationship managers for 60% of customers",
        f"{GENERATE}/employees.py",
        'spec["relationship_manager_share"], len(customers.ids)',
        'spec["relationship_manager_share"] - 0.1, len(customers.ids)',
        (EMPLOYEES,),
    ),
    Break(
        "a relationship manager starts after the customer joined",
        f"{GENERATE}/employees.py",
        "start = np.maximum(customers.created[managed] // DAY, staff.hired[employee])",
        "start = staff.hired[employee]",
        (EMPLOYEES,),
    ),
    toml("employees_db", "customer_service = 40", "customer_service = 30", "role mix", EMPLOYEES),
    Break(
        "every referred role staffed at the smallest scale",
        "datahub_seed/generate/employees.py",
        "for role in REFERRED_ROLES:",
        "for role in REFERRED_ROLES[:0]:",
        ("tests/test_verify.py::test_the_smallest_runs_verify_clean",),
    ),
    Break(
        "employees named on a dated record were employed that day",
        "datahub_seed/generate/plan.py",
        "fits = (self.hired[candidate] <= days[todo]) & (days[todo] <= self.left[candidate])",
        "fits = np.ones(len(todo), dtype=bool)",
        (f"{SHARPER}::test_every_dated_employee_reference_names_someone_employed_that_day",),
    ),
    # customer_db
    Break(
        "comment tone fits the score",
        f"{GENERATE}/customers.py",
        "tone = np.select([nps <= 6, nps <= 8], [0, 1], 2)",
        "tone = np.select([nps <= 6, nps <= 8], [2, 1], 0)",
        (f"{CUSTOMERS}::test_comment_tone_fits_the_score",),
    ),
    Break(
        "converted for every purchase",
        f"{GENERATE}/customers.py",
        'converted = kind == types.index("purchased")',
        'converted = kind == types.index("unsubscribed")',
        (f"{SHARPER}::test_converted_fits_the_response",),
    ),
    toml(
        "customer_db",
        "other_converted_share = 0.05",
        "other_converted_share = 0.30",
        "converted rare for other responses",
        SHARPER,
    ),
    Break(
        "a campaign targets a customer segment",
        f"{GENERATE}/customers.py",
        'segments = DIST["customer_profiles"]["customer_segment"].values',
        'segments = DIST["customer_profiles"]["customer_status"].values',
        (f"{CUSTOMERS}::test_every_campaign_targets_a_customer_segment",),
        also=(
            (
                "datahub_seed/migrations/versions/customer_db/customer_0001_create_the_customer_db_schema.py",
                "target_segment IN ('retail', 'premium', 'corporate', 'private_banking')",
                "target_segment IS NOT NULL",
            ),
        ),
    ),
    Break(
        "a campaign's year is the year it starts",
        f"{GENERATE}/customers.py",
        "{day_to_date(s).year}",
        "{1970 + s // 365}",
        (f"{SHARPER}::test_a_campaign_named_for_a_year_starts_in_that_year",),
    ),
    toml("customer_db", "survey_share = 0.30", "survey_share = 0.40", "30% of interactions surveyed", CUSTOMERS),
    # accounts_db
    Break(
        "10-20 transactions per account, uniform",
        f"{GENERATE}/accounts.py",
        'count = integers(rng("transactions.count"), DIST["transactions"]["per_account_range"], n_accounts)',
        'count = np.maximum(integers(rng("transactions.count"), DIST["transactions"]["per_account_range"],'
        " n_accounts), 15)",
        (f"{ACCOUNTS}::test_transactions_per_account_are_uniform",),
    ),
    toml("accounts_db", '"ATM FEE" = [1, 5]', '"ATM FEE" = [100, 500]', "fees $1-50", SHARPER),
    Break(
        "spending at most 30% of the balance",
        f"{GENERATE}/accounts.py",
        'fraction = uniform(amount_rng, spec["spend_fraction_range"], n_accounts)',
        'fraction = 2 * uniform(amount_rng, spec["spend_fraction_range"], n_accounts)',
        (ACCOUNTS,),
    ),
    Break(
        "an account named was open on the referring record's day",
        f"{GENERATE}/plan.py",
        "& (self.opened[index] // DAY <= day) & (day <= self.closed[index])",
        "",
        (f"{SHARPER}::test_every_account_named_was_open_on_the_referring_records_day",),
    ),
    toml("accounts_db", "usd_share = 0.95", "usd_share = 0.85", "currency USD 95%", ACCOUNTS),
    # loans_db
    Break(
        "no payment before disbursement",
        f"{GENERATE}/loans.py",
        'due = add_months(np.repeat(np.asarray(loans_frame.columns["disbursement_date"]), term), number)',
        'due = add_months(np.repeat(np.asarray(loans_frame.columns["disbursement_date"]), term), number - 1)',
        (f"{LOANS}::test_no_payment_before_disbursement",),
    ),
    Break(
        "rejected and defaulted riskier",
        f"{GENERATE}/loans.py",
        "bad[defaulted_apps] = True",
        "bad[defaulted_apps] = False",
        (f"{LOANS}::test_rejected_applications_and_defaulted_loans_are_riskier",),
    ),
    Break(
        "rate by type beyond mortgages",
        f"{GENERATE}/loans.py",
        'uniform_per_type(rng("loans.rate"), spec["rate_range"], kind)',
        'uniform_per_type(rng("loans.rate"), spec["rate_range"], kind * 0)',
        (f"{LOANS}::test_rate_and_term_by_type",),
    ),
    toml("loans_db", "mortgage = 0.60", "mortgage = 0.40", "collateral for 60% of mortgages", LOANS),
    toml(
        "loans_db",
        "disbursement_days_range = [5, 30]",
        "disbursement_days_range = [1, 30]",
        "disbursed 5-30 days",
        LOANS,
    ),
    # insurance_db
    Break(
        "coverage by type",
        f"{GENERATE}/insurance.py",
        'high = np.array([spec["coverage_range"][t][1] for t in TYPES])[kind]',
        'high = np.array([spec["coverage_range"][t][1] for t in TYPES])[kind * 0]',
        (f"{INSURANCE}::test_coverage_by_type",),
    ),
    Break(
        "premium payments debit an account open that day",
        f"{GENERATE}/insurance.py",
        "debited[debited] = plan.accounts.open_on(account[debited], due[debited])",
        "",
        (f"{SHARPER}::test_premium_payments_debit_the_linked_account_only_on_days_it_is_open",),
    ),
    Break(
        "beneficiary percentages sum to 100",
        f"{GENERATE}/insurance.py",
        "units = 1 + quota_counts(rng.dirichlet(np.ones(parts)), 20 - parts)",
        "units = 1 + quota_counts(rng.dirichlet(np.ones(parts)), 19 - parts)",
        (INSURANCE,),
    ),
    toml("insurance_db", "life = 35", "life = 45", "policy type mix", INSURANCE),
    # compliance_db
    Break(
        "AML reviewers are compliance officers",
        f"{GENERATE}/compliance.py",
        'plan.staff.pick(rng("aml.reviewer"), when // DAY, "reviewed_by")',
        'plan.staff.pick(rng("aml.reviewer"), when // DAY)',
        (f"{COMPLIANCE}::test_flagged_checks_are_reviewed_by_compliance_officers",),
    ),
    Break(
        "violations detected on or after the rule's effective_date",
        f"{GENERATE}/compliance.py",
        "np.maximum(born, plan.rule_effective[rule] * DAY)",
        "born",
        (f"{SHARPER}::test_violations_are_detected_on_or_after_their_rules_effective_date",),
    ),
    toml("compliance_db", "flagged_share = 0.05", "flagged_share = 0.10", "5% of AML checks flagged", COMPLIANCE),
    toml(
        "compliance_db", "values_share = 0.30", "values_share = 0.50", "30% of audit entries carry values", COMPLIANCE
    ),
]


def run_tests(scratch: Path, url: str, tests: tuple[str, ...]) -> tuple[int, str]:
    environment = {**os.environ, "PYTHONPATH": str(scratch), "DHUB_TEST_DATABASE_URL": url}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    done = subprocess.run(command, cwd=scratch, env=environment, capture_output=True, text=True)
    return done.returncode, (done.stdout.strip().splitlines() or [""])[-1]


def main(only: list[str]) -> int:
    """Every break, or those whose name contains one of ``only``."""
    breaks = [each for each in BREAKS if not only or any(part in each.name for part in only)]
    work = Path(tempfile.mkdtemp(prefix="dhub-mutate-"))
    scratch = work / "project"
    ignore = shutil.ignore_patterns(".venv", ".git", "*.egg-info", "__pycache__", ".*_cache")
    shutil.copytree(PROJECT, scratch, ignore=ignore)
    server = EmbeddedServer(work / "server", free_port())
    server.start()
    url = server.url().render_as_string(hide_password=False)
    try:
        every_test = tuple(dict.fromkeys(test for each in breaks for test in each.tests))
        code, summary = run_tests(scratch, url, every_test)
        if code != 0:
            print(f"The unbroken project fails its tests: {summary}")
            return 1
        missed = 0
        for each in breaks:
            originals = {path: (scratch / path).read_text() for path, _, _ in each.edits}
            stale = [(path, old) for path, old, _ in each.edits if originals[path].count(old) != 1]
            if stale:
                print(f"STALE   {each.name}: {stale[0][0]} no longer holds {stale[0][1]!r} exactly once")
                missed += 1
                continue
            for path, old, new in each.edits:
                (scratch / path).write_text((scratch / path).read_text().replace(old, new))
            started = time.monotonic()
            code, summary = run_tests(scratch, url, each.tests)
            for path, text in originals.items():
                (scratch / path).write_text(text)
            caught = code == 1 and " failed" in summary  # a test failed, not a crash while seeding
            verdict = "caught" if caught else "MISSED"
            missed += not caught
            print(f"{verdict:7} {each.name} ({time.monotonic() - started:.0f} s: {summary})", flush=True)
        print(f"{len(breaks) - missed} of {len(breaks)} breaks caught")
        return int(missed > 0)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
