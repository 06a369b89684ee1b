"""Customers are generated in fixed blocks so memory stays flat: several blocks still make one
consistent estate (ids continue, transaction ids follow time across blocks, every check passes)."""

import datetime as dt

from spec import assert_none, scalar

from conftest import database_set, engine_set
from datahub_seed import estate
from datahub_seed.checks import verify
from datahub_seed.generate.core import Run


def test_several_blocks_make_one_consistent_estate(dhub_server, dhub_templates, monkeypatch):
    monkeypatch.setattr(estate, "BLOCK_CUSTOMERS", 500)
    run = Run.create(3, dt.datetime(2026, 3, 31), 1.0)
    assert [block.customers for block in estate.blocks(run)] == [500, 500, 200]
    with database_set(dhub_server, dhub_templates) as urls, engine_set(urls) as engines:
        estate.seed(urls, run)
        failed = [check.name for check in verify(urls).failed]
        assert failed == []
        accounts = engines["accounts_db"]
        assert scalar(accounts, "SELECT count(DISTINCT customer_id) FROM customers") == 1200
        assert scalar(accounts, "SELECT max(customer_id) FROM customers") == 1200
        assert scalar(accounts, "SELECT max(transaction_id) - count(*) FROM transactions") == 0
        # Blocks interleave in time, and transaction ids still follow time across the whole table.
        assert_none(
            accounts,
            "SELECT transaction_id FROM (SELECT transaction_id, transaction_date, lag(transaction_date)"
            " OVER (ORDER BY transaction_id) prev FROM transactions) x WHERE transaction_date < prev",
        )
        spread = scalar(
            accounts,
            "SELECT count(DISTINCT a.customer_id / 500) FROM transactions t JOIN accounts a"
            " USING (account_id) WHERE t.transaction_id <= 200",
        )
        assert spread == 3


def test_a_small_run_is_one_block():
    assert len(estate.blocks(Run.create(1, dt.datetime(2026, 1, 1), 1.0))) == 1
    assert [b.customers for b in estate.blocks(Run.create(1, dt.datetime(2026, 1, 1), 25.0))] == [
        10_000,
        10_000,
        10_000,
    ]
