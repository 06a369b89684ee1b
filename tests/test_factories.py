"""The factories make valid rows in a real database, honour their traits, and share the seeder's numbers."""

from collections import Counter

import factory.random
import pytest
from spec import rows
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from datahub_seed import factories
from datahub_seed.distributions import load
from datahub_seed.factories import (
    ALL_FACTORIES,
    AccountFactory,
    ComplaintFactory,
    EmployeeFactory,
    InteractionFactory,
    LoanApplicationFactory,
    PolicyFactory,
    TransactionFactory,
    use_session,
)
from datahub_seed.models import BASES

DATABASE_OF = {base: database for database, base in BASES.items()}


def database_of(factory_class) -> str:
    model = factory_class._meta.model
    return next(db for base, db in DATABASE_OF.items() if issubclass(model, base))


@pytest.fixture
def sessions(shared_engines):
    """Sessions whose work is rolled back after each test, so the databases stay empty."""
    factory.random.reseed_random(1234)
    opened = {database: Session(engine) for database, engine in shared_engines.items()}
    yield opened
    for session in opened.values():
        session.rollback()
        session.close()


@pytest.mark.parametrize("factory_class", ALL_FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_writes_a_valid_row(sessions, factory_class):
    """CHECK constraints and foreign keys in PostgreSQL reject any invalid row at flush."""
    use_session(sessions[database_of(factory_class)])
    made = [factory_class() for _ in range(5)]
    assert all(inspect_identity(obj) for obj in made)


def inspect_identity(obj) -> bool:
    return inspect(obj).persistent and inspect(obj).identity is not None


def test_subfactories_build_the_chain(sessions):
    use_session(sessions["accounts_db"])
    transaction = TransactionFactory()
    assert transaction.account.customer.customer_id == transaction.account.customer_id
    assert transaction.account.balance == transaction.balance_after


def test_traits(sessions):
    use_session(sessions["accounts_db"])
    assert AccountFactory(savings=True).account_type == "savings"
    closed = AccountFactory(closed=True)
    assert closed.account_status == "closed" and closed.closed_date >= closed.opened_date
    use_session(sessions["customer_db"])
    resolved = ComplaintFactory(resolved=True)
    assert resolved.status == "resolved" and resolved.resolution_time_hours >= 1
    assert ComplaintFactory(open=True).resolved_date is None
    assert InteractionFactory(email=True).duration_minutes is None
    use_session(sessions["employees_db"])
    officer = EmployeeFactory(loan_officer=True, terminated=True)
    assert officer.role == "loan_officer" and officer.termination_date > officer.hire_date
    use_session(sessions["loans_db"])
    rejected = LoanApplicationFactory(rejected=True, mortgage=True)
    assert (rejected.status, rejected.loan_type) == ("rejected", "mortgage") and rejected.rejection_reason
    use_session(sessions["insurance_db"])
    assert PolicyFactory(life=True, cancelled=True).end_date is not None


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
    assert set(factories.__all__) >= {f.__name__ for f in ALL_FACTORIES} | {"use_session"}
