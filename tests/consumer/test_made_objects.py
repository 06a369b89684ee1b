"""The factories through the plugin's session: repeatable, and keeping every rule verify knows."""

import datetime as dt

import pytest
from objects import columns, record

import datahub_seed
from datahub_seed import factories
from datahub_seed.factories import (
    ALL_FACTORIES,
    AccountFactory,
    CustomerFactory,
    LoanFactory,
    PolicyFactory,
)


def test_every_factory_keeps_the_rules(request, dhub_session, dhub_databases):
    made = [obj for factory in ALL_FACTORIES for obj in factory.create_batch(3)]
    dhub_session.commit()
    record(request.node.nodeid, made)
    report = datahub_seed.verify(dhub_databases, checks=("links", "rules"))
    assert report.failed == [], [(check.name, check.examples) for check in report.failed]


def test_histories_schedules_and_beneficiaries(request, dhub_session, dhub_databases):
    account = AccountFactory(transactions=12)
    loan = LoanFactory(schedule=True)
    policy = PolicyFactory(beneficiaries=3)
    dhub_session.commit()
    assert len(account.transactions) == 12
    assert account.balance == account.transactions[-1].balance_after
    assert [row.installment_number for row in loan.schedule] == list(range(1, loan.term_months + 1))
    assert sum(b.percentage for b in policy.beneficiaries) == 100
    record(request.node.nodeid, [account, *account.transactions, loan, *loan.schedule, policy, *policy.beneficiaries])
    assert datahub_seed.verify(dhub_databases, checks=("links", "rules")).passed


def test_paid_off_means_nothing_outstanding(dhub_session):
    assert LoanFactory(paid_off=True).outstanding_balance == 0


def test_nothing_happens_after_the_pinned_date(request, dhub_session):
    as_of = dt.datetime.combine(request.config.getoption("--dhub-as-of"), dt.time())
    account = AccountFactory(transactions=5)
    assert account.opened_date <= as_of.date()
    assert all(t.transaction_date <= as_of for t in account.transactions)


def test_reseeding_repeats_the_objects():
    factories.reseed(5)
    first = [columns(CustomerFactory.build()) for _ in range(3)]
    factories.reseed(5)
    assert [columns(CustomerFactory.build()) for _ in range(3)] == first


def test_unbound_factories_say_how_to_bind():
    with pytest.raises(datahub_seed.DhubError, match=r"datahub_seed\.factories\.bound\(session\)"):
        CustomerFactory()
