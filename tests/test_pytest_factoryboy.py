"""The factories registered with pytest-factoryboy, as the README shows, beside the plugin's session."""

from pytest_factoryboy import register

import datahub_seed
from datahub_seed.factories import AccountFactory, CustomerFactory

register(CustomerFactory)  # what AccountFactory refers to is a fixture too
register(AccountFactory, "savings_account", account_type="savings")


def test_a_registered_factory_writes_through_the_session(dhub_session, dhub_databases, savings_account):
    assert savings_account.account_type == "savings"
    assert savings_account in dhub_session
    dhub_session.commit()
    report = datahub_seed.verify(dhub_databases, checks=("links", "rules"))
    assert report.failed == [], [(check.name, check.examples) for check in report.failed]
