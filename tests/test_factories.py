"""The factories make valid rows in a real database, with references across databases that `dhub seed
verify` accepts; they are bound for a block, repeatable, and share the seeder's numbers."""

import datetime as dt
import io
import re
import subprocess
import sys
from collections import Counter
from contextlib import redirect_stdout
from decimal import Decimal
from itertools import pairwise
from typing import assert_type

import factory.random
import pytest
from spec import REGION_OF, rows
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from conftest import database_set, engine_set
from datahub_seed import factories
from datahub_seed.checks import verify
from datahub_seed.checks.rules import no_future_dates
from datahub_seed.distributions import load
from datahub_seed.errors import ConfigError, DhubError, FactoryFull, FactoryUnbound
from datahub_seed.factories import (
    ALL_FACTORIES,
    AccountFactory,
    BeneficiaryFactory,
    ComplaintFactory,
    CustomerFactory,
    EmployeeFactory,
    InteractionFactory,
    KycRecordFactory,
    LoanApplicationFactory,
    LoanFactory,
    PolicyFactory,
    PremiumPaymentFactory,
    RepaymentScheduleFactory,
    TransactionFactory,
    bound,
    reseed,
    set_as_of,
)
from datahub_seed.models import BASES
from datahub_seed.models.accounts import Customer
from datahub_seed.models.loans import Loan

AS_OF = dt.datetime(2025, 6, 30)
PER_FACTORY = 3


def one_session(engines) -> Session:
    """One session over the six databases, as the factories want it."""
    return Session(binds={BASES[database]: engine for database, engine in engines.items()})


def attributes(obj) -> dict:
    """The row's columns, as a test compares two objects."""
    return {column.key: getattr(obj, column.key) for column in inspect(type(obj)).column_attrs}


@pytest.fixture(autouse=True)
def pinned():
    """Every test starts from the same random state and as-of, and leaves the factories unbound."""
    reseed(1234)
    set_as_of(AS_OF)
    yield
    set_as_of(None)
    with pytest.raises(FactoryUnbound):
        CustomerFactory()


@pytest.fixture
def session(shared_engines):
    """A session over the module's six databases, bound, whose work is rolled back after the test."""
    made = one_session(shared_engines)
    with bound(made):
        yield made
    made.rollback()
    made.close()


@pytest.mark.parametrize("factory_class", ALL_FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_writes_valid_rows(session, factory_class):
    """CHECK constraints and foreign keys in PostgreSQL reject any invalid row at flush."""
    made = factory_class.create_batch(PER_FACTORY)
    assert all(inspect(obj).persistent for obj in made)


def traits_of(factory_class) -> list[str]:
    return [name for name, value in factory_class._meta.parameters.items() if isinstance(value, factory.Trait)]


def make_every_kind(engines) -> list:
    """``PER_FACTORY`` objects of every factory, and one with each of its traits, through one
    session, committed."""
    with one_session(engines) as session, bound(session):
        made = [obj for factory_class in ALL_FACTORIES for obj in factory_class.create_batch(PER_FACTORY)]
        made += [
            factory_class(**{trait: True}) for factory_class in ALL_FACTORIES for trait in traits_of(factory_class)
        ]
        session.commit()
        return [attributes(obj) for obj in made]


def test_what_the_factories_make_passes_verify(databases, engines):
    make_every_kind(engines)
    report = verify(databases, ("links", "rules"))
    failed = [f"{check.name}: {check.failures} {check.failing}, e.g. {check.examples}" for check in report.failed]
    assert failed == [], "\n".join(failed)
    assert len(report.checks) > 50
    for database, engine in engines.items():
        for rule in no_future_dates(database):
            assert rows(engine, rule.violations, as_of=AS_OF) == [], rule.name


def test_the_same_calls_make_the_same_rows_in_fresh_databases(dhub_server, dhub_templates):
    made = []
    for _ in range(2):
        reseed(99)
        with database_set(dhub_server, dhub_templates) as urls, engine_set(urls) as engines:
            made.append(make_every_kind(engines))
    assert made[0] == made[1]


BUILD_EVERY_KIND = """
import datetime as dt
from sqlalchemy import inspect
from datahub_seed import factories
factories.reseed(5)
factories.set_as_of(dt.datetime(2025, 6, 30))
for each in factories.ALL_FACTORIES:
    obj = each.build()
    print(each.__name__, {c.key: getattr(obj, c.key) for c in inspect(type(obj)).column_attrs})
"""


def test_the_same_calls_build_the_same_objects_in_any_process():
    runs = [subprocess.run([sys.executable, "-c", BUILD_EVERY_KIND], capture_output=True, text=True) for _ in range(2)]
    assert runs[0].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    with redirect_stdout(io.StringIO()) as here:
        exec(BUILD_EVERY_KIND, {})
    assert here.getvalue() == runs[0].stdout
    assert len(runs[0].stdout.splitlines()) == len(ALL_FACTORIES)


def test_bound_binds_for_the_block_and_restores_what_was_bound(shared_engines):
    outer, inner = one_session(shared_engines), one_session(shared_engines)
    with bound(outer):
        first = CustomerFactory()
        with bound(inner):
            second = CustomerFactory()
        third = CustomerFactory()
    assert first in outer and third in outer and second in inner and second not in outer
    for each in (outer, inner):
        each.rollback()
        each.close()


def test_an_unbound_create_says_how_to_bind():
    with pytest.raises(FactoryUnbound) as raised:
        AccountFactory()
    assert isinstance(raised.value, DhubError)
    assert str(raised.value) == (
        "AccountFactory has no session; wrap the code in `with datahub_seed.factories.bound(session):`"
        " (or use the dhub_session fixture)"
    )


def test_build_needs_no_session():
    account = AccountFactory.build(transactions=3)
    assert len(account.transactions) == 3 and account.balance == account.transactions[-1].balance_after
    assert ComplaintFactory.build(resolved=True).resolution_time_hours >= 1


def test_a_made_customer_lives_at_a_real_place():
    homes = [CustomerFactory.build() for _ in range(200)]
    assert all(REGION_OF[home.state] == home.postal_code[0] for home in homes)  # a ZIP code of its state
    assert len({home.state for home in homes}) > 30


def test_a_loan_makes_its_whole_amortised_schedule(session):
    loan = LoanFactory(active=True)
    schedule = loan.schedule
    assert [row.installment_number for row in schedule] == list(range(1, loan.term_months + 1))
    assert sum(row.principal_amount for row in schedule) == loan.principal_amount
    assert all(row.total_amount == row.principal_amount + row.interest_amount for row in schedule)
    owed = loan.principal_amount
    for row in schedule:
        owed -= row.principal_amount
        assert row.remaining_principal == owed
        assert row.payment_status == ("paid" if row.due_date <= AS_OF.date() else "pending")
    assert owed == 0
    unpaid = sum(row.principal_amount for row in schedule if row.payment_status not in ("paid", "late"))
    assert loan.outstanding_balance == unpaid
    assert loan.maturity_date == schedule[-1].due_date


def test_a_paid_off_loan_ran_its_whole_term_before_as_of(session):
    """README: only loans whose term fits between disbursement and as-of can be paid_off, each
    installment paid on its due date; a drawn status is paid_off only for such a loan."""
    terms = load("loans_db")["loans"]["term_months_range"]
    asked = LoanFactory.create_batch(10, paid_off=True)
    drawn = [loan for loan in LoanFactory.create_batch(30) if loan.loan_status == "paid_off"]
    assert drawn and all(loan.loan_status == "paid_off" for loan in asked)
    for loan in asked + drawn:
        assert loan.maturity_date <= AS_OF.date() and loan.outstanding_balance == 0
        assert terms[loan.loan_type].low <= loan.term_months <= terms[loan.loan_type].high
        assert all(row.payment_status == "paid" and row.payment_date == row.due_date for row in loan.schedule)
    mortgages = LoanFactory.create_batch(10, application__mortgage=True)
    assert all(loan.loan_status != "paid_off" for loan in mortgages)  # 15 years do not fit in 7
    with pytest.raises(ConfigError, match="mortgage loans cannot be paid off by as-of"):
        LoanFactory(paid_off=True, application__mortgage=True)


def test_an_installment_batch_never_repeats_an_installment(session):
    assert len({row.loan_id for row in RepaymentScheduleFactory.create_batch(3)}) == 3
    loan = LoanFactory(schedule=False, application__requested_term_months=12)
    assert loan.outstanding_balance == loan.principal_amount
    rows_made = RepaymentScheduleFactory.create_batch(12, loan=loan)
    assert [row.installment_number for row in rows_made] == list(range(1, 13))
    assert sum(row.principal_amount for row in loan.schedule) == loan.principal_amount
    unpaid = sum(row.principal_amount for row in loan.schedule if row.payment_status not in ("paid", "late"))
    assert loan.outstanding_balance == unpaid
    assert RepaymentScheduleFactory(loan=loan, installment_number=5) is rows_made[4]


def shares(policy) -> list[int]:
    return [beneficiary.percentage for beneficiary in policy.beneficiaries]


def test_beneficiaries_share_one_hundred_percent_in_fives(session):
    """README: shares are multiples of 5% summing to exactly 100, also once one is added."""
    policy = PolicyFactory(beneficiaries=3)
    assert len(shares(policy)) == 3 and sum(shares(policy)) == 100
    BeneficiaryFactory.create_batch(2, policy=policy)
    assert len(shares(policy)) == 5 and sum(shares(policy)) == 100
    assert all(share > 0 and share % 5 == 0 for share in shares(policy))
    assert shares(PolicyFactory(beneficiaries=20)) == [5] * 20
    assert sum(b.percentage for b in BeneficiaryFactory.create_batch(3)) == 300  # three policies, 100% each
    assert all(1 <= len(policy.beneficiaries) <= 3 for policy in PolicyFactory.create_batch(5, life=True))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: PolicyFactory(health=True, beneficiaries=21), "beneficiaries=21: a health policy names 0 to 20"),
        (lambda: PolicyFactory(health=True, beneficiaries=-1), "beneficiaries=-1: a health policy names 0 to 20"),
        (lambda: PolicyFactory(life=True, beneficiaries=0), "beneficiaries=0: a life policy names 1 to 20"),
        (lambda: BeneficiaryFactory(policy=PolicyFactory(beneficiaries=20)), "already names 20 beneficiaries"),
        (lambda: AccountFactory(transactions=0), "transactions=0: an account opens with its deposit"),
        (lambda: AccountFactory(transactions=-2), "transactions=-2: an account opens with its deposit"),
    ],
)
def test_counts_the_rules_cannot_meet_are_refused(session, make, message):
    with pytest.raises(ConfigError, match=re.escape(message)) as raised:
        make()
    assert "\n" not in str(raised.value)


def test_an_explicit_foreign_key_names_the_row_it_refers_to(session):
    customer = CustomerFactory()
    account = AccountFactory(customer_id=customer.customer_id)
    assert account.customer is customer and account.opened_date >= customer.created_at.date()
    assert LoanFactory(application__customer_id=customer.customer_id).customer_id == customer.customer_id
    with pytest.raises(ConfigError, match="AccountFactory: there is no customer 999999"):
        AccountFactory(customer_id=999999)


def test_explicit_rows_that_break_a_rule_are_refused(session):
    with pytest.raises(ConfigError, match="LoanFactory: a loan needs an approved application, not a rejected one"):
        LoanFactory(application__rejected=True)
    loan = LoanFactory()
    with pytest.raises(ConfigError, match=f"application {loan.application_id} already has loan {loan.loan_id}"):
        LoanFactory(application=loan.application)
    gone = EmployeeFactory(
        loan_officer=True, terminated=True, hire_date=dt.date(2012, 1, 2), termination_date=dt.date(2013, 1, 2)
    )
    for make in (lambda: LoanApplicationFactory(officer=gone), lambda: LoanFactory(application__officer=gone)):
        with pytest.raises(ConfigError, match=f"officer {gone.employee_id} was not employed on 20.* as loan_officer"):
            make()
    officer = EmployeeFactory(loan_officer=True, hire_date=dt.date(2016, 1, 4))
    assert LoanApplicationFactory(officer=officer).officer_id == officer.employee_id
    customer = CustomerFactory()
    KycRecordFactory(customer=customer)
    with pytest.raises(
        ConfigError, match=f"KycRecordFactory: customer {customer.customer_id} already has a KYC record"
    ):
        KycRecordFactory(customer=customer)


def test_installments_beyond_the_term_are_refused(session):
    loan = LoanFactory(schedule=False, active=True, application__requested_term_months=12)
    RepaymentScheduleFactory.create_batch(12, loan=loan)
    with pytest.raises(ConfigError, match=f"loan {loan.loan_id} has all its 12 installments"):
        RepaymentScheduleFactory(loan=loan)
    with pytest.raises(ConfigError, match=r"installment_number=13: loan \d+ has installments 1 to 12"):
        RepaymentScheduleFactory(loan=loan, installment_number=13)


def test_bound_takes_a_session_and_needs_all_six_databases(shared_engines):
    with pytest.raises(ConfigError, match=r"bound\(\) takes a SQLAlchemy Session, not str"), bound("x"):
        pass
    accounts_only = Session(binds={BASES["accounts_db"]: shared_engines["accounts_db"]})
    with (
        bound(accounts_only),
        pytest.raises(FactoryUnbound, match=r"the bound session has no database for .*employees_db"),
    ):
        LoanFactory()
    accounts_only.rollback()
    accounts_only.close()


def test_factories_are_typed_by_their_model(session: Session) -> None:
    """mypy checks the types (``make lint``): a factory call gives its model, a batch a list of it."""
    assert_type(CustomerFactory(), Customer)
    assert_type(CustomerFactory.create_batch(2), list[Customer])
    assert_type(LoanFactory.build(), Loan)


def test_an_account_history_keeps_its_running_balance(session):
    account = AccountFactory(transactions=12)
    history = account.transactions
    assert len(history) == 12 and history[0].transaction_type == "deposit"
    assert all(earlier.transaction_date < later.transaction_date for earlier, later in pairwise(history))
    balance = Decimal(0)
    spending = load("accounts_db")["transactions"]["spending_type"].values
    for each in history:
        before = balance
        balance += -each.transaction_amount if each.transaction_type in spending else each.transaction_amount
        assert each.balance_after == balance and balance >= 0
        if each.transaction_type in spending:
            assert each.transaction_amount <= before * Decimal("0.3")
    assert account.balance == balance
    last = history[-1].transaction_date
    assert TransactionFactory(account=account).transaction_date > last


def test_a_transaction_with_no_time_left_before_as_of_is_refused(session):
    account = AccountFactory()
    set_as_of(account.transactions[0].transaction_date - dt.timedelta(days=1))
    with pytest.raises(FactoryFull, match="no time is left for a transaction of account"):
        TransactionFactory(account=account)


def test_policy_terms_follow_the_distribution_file(session):
    life = PolicyFactory(life=True, active=True)
    term = dt.timedelta(days=365 * load("insurance_db")["policies"]["term_years"]["life"])
    assert life.start_date < AS_OF.date() < life.end_date <= life.start_date + term
    lapsed = PolicyFactory(lapsed=True)
    assert lapsed.start_date < lapsed.end_date <= AS_OF.date()


def test_references_across_databases_are_found_in_the_session(session):
    customer = CustomerFactory()
    officer = EmployeeFactory(loan_officer=True, hire_date=dt.date(2016, 1, 4))
    manager = EmployeeFactory(branch_manager=True, hire_date=dt.date(2016, 1, 4))
    account = AccountFactory(customer=customer, open_on=customer.created_at.date())
    loan = LoanFactory()
    assert (loan.customer_id, loan.application.officer_id, loan.approved_by) == (
        customer.customer_id,
        officer.employee_id,
        manager.employee_id,
    )
    assert loan.linked_account_id in (None, account.account_id)
    assert PremiumPaymentFactory(policy__customer=customer).from_account_id in (None, account.account_id)


def test_reverse_relationships_load_from_the_database(session):
    loan, policy, account = LoanFactory(), PolicyFactory(beneficiaries=2), AccountFactory(transactions=4)
    PremiumPaymentFactory.create_batch(2, policy=policy)
    session.expire_all()
    assert len(loan.schedule) == loan.term_months and all(row.loan is loan for row in loan.schedule)
    assert len(policy.beneficiaries) == 2 and len(policy.premium_payments) == 2
    assert [t.transaction_date for t in account.transactions] == sorted(
        t.transaction_date for t in account.transactions
    )
    assert len(account.transactions) == 4


def test_traits(session):
    assert AccountFactory(savings=True).account_type == "savings"
    closed = AccountFactory(closed=True, transactions=3)
    assert closed.account_status == "closed" and closed.closed_date > closed.transactions[-1].transaction_date.date()
    resolved = ComplaintFactory(resolved=True)
    assert resolved.status == "resolved" and resolved.resolution_time_hours >= 1
    assert ComplaintFactory(open=True).resolved_date is None
    assert InteractionFactory(email=True).duration_minutes is None
    officer = EmployeeFactory(loan_officer=True, terminated=True)
    assert officer.role == "loan_officer" and officer.hire_date < officer.termination_date <= AS_OF.date()
    rejected = LoanApplicationFactory(rejected=True, mortgage=True)
    assert (rejected.status, rejected.loan_type) == ("rejected", "mortgage") and rejected.rejection_reason
    assert PolicyFactory(life=True, cancelled=True).end_date <= AS_OF.date()


def test_every_factory_documents_what_it_makes_and_its_traits():
    for factory_class in ALL_FACTORIES:
        traits = traits_of(factory_class)
        text = factory_class.__doc__ or ""
        assert len(text.split("Traits:")[0].split()) >= 8, f"{factory_class.__name__} says too little"
        assert all(name in text for name in traits), f"{factory_class.__name__} does not name all of {traits}"


@pytest.mark.parametrize(
    ("factory_class", "column", "database", "table", "weights"),
    [
        (AccountFactory, "account_type", "accounts_db", "accounts", "account_type"),
        (PolicyFactory, "policy_type", "insurance_db", "policies", "policy_type"),
        (LoanApplicationFactory, "loan_type", "loans_db", "loan_applications", "loan_type"),
    ],
)
def test_a_large_sample_matches_the_bulk_shares(seeded, factory_class, column, database, table, weights):
    factory.random.reseed_random(99)
    sample = Counter(getattr(factory_class.build(), column) for _ in range(3000))
    bulk = dict(rows(seeded[database], f"SELECT {column}, count(*) FROM {table} GROUP BY 1"))
    bulk_total = sum(bulk.values())
    spec = load(database)[table][weights]
    for value in spec.values:
        assert abs(sample[value] / 3000 - spec.share(value)) <= 0.03, value
        assert abs(sample[value] / 3000 - bulk[value] / bulk_total) <= 0.04, value


def test_public_api_is_flat():
    assert set(factories.__all__) >= {f.__name__ for f in ALL_FACTORIES} | {
        "ALL_FACTORIES",
        "bound",
        "reseed",
        "set_as_of",
    }
    assert "use_session" not in factories.__all__


def test_importing_the_factories_loads_neither_numpy_nor_the_generators():
    """What keeps the import quick (issue 14: under 0.5 s); numpy comes with the first loan or weight drawn."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, datahub_seed.factories; print(*sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert [name for name in loaded if name == "numpy" or name.startswith("datahub_seed.generate")] == []
