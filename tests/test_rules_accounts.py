"""SPEC.md "accounts_db" at scale 1.0: customers, accounts, relationships, transactions."""

from spec import assert_none, assert_share, assert_shares, assert_spec_shares, rows, scalar
from spec_targets import SPEC

AS_OF = "TIMESTAMP '2026-06-30 00:00:00'"


def test_customers(seeded):
    db = seeded["accounts_db"]
    customers = SPEC["accounts_db:base_counts.customers"]
    assert scalar(db, "SELECT count(*) FROM customers") == customers
    assert scalar(db, "SELECT count(DISTINCT lower(email)) FROM customers") == customers
    years = SPEC["accounts_db:customers.created_years"]
    assert_none(
        db,
        f"SELECT customer_id FROM customers WHERE created_at > {AS_OF}"
        f" OR created_at < {AS_OF} - INTERVAL '{years} years 1 day'",
    )
    ages = f"date_part('year', age({AS_OF}, date_of_birth))"
    youngest, oldest = SPEC["accounts_db:customers.age_range"]
    assert_none(db, f"SELECT customer_id FROM customers WHERE {ages} NOT BETWEEN {youngest} AND {oldest}")
    # Bell-shaped around 35-50: the middle band holds the most, the tails the least.
    centre = SPEC["accounts_db:customers.age_mean"]
    middle = scalar(db, f"SELECT count(*) FROM customers WHERE {ages} BETWEEN {centre.low} AND {centre.high}")
    young = scalar(db, f"SELECT count(*) FROM customers WHERE {ages} BETWEEN {youngest} AND 25")
    old = scalar(db, f"SELECT count(*) FROM customers WHERE {ages} BETWEEN 70 AND {oldest}")
    assert middle > 2.5 * max(young, old)
    assert centre.low <= scalar(db, f"SELECT avg({ages}) FROM customers") <= centre.high


def test_three_quarters_have_accounts_and_a_quarter_of_those_several(seeded):
    db = seeded["accounts_db"]
    assert_share(
        db,
        "SELECT count(DISTINCT customer_id) FROM accounts",
        "SELECT count(*) FROM customers",
        SPEC["accounts_db:accounts.share_of_customers"],
    )
    per_customer = dict(
        rows(db, "SELECT n, count(*) FROM (SELECT count(*) n FROM accounts GROUP BY customer_id) x GROUP BY n")
    )
    fewest, most = SPEC["accounts_db:accounts.multiple_range"]
    assert set(per_customer) <= {1, *range(fewest, most + 1)}
    holders = sum(per_customer.values())
    several = sum(count for n, count in per_customer.items() if n > 1)
    assert abs(several / holders - SPEC["accounts_db:accounts.multiple_share"]) <= 0.03


def test_account_shares(seeded):
    db = seeded["accounts_db"]
    assert_spec_shares(db, "accounts_db:accounts", "account_type", "account_status")
    assert_share(
        db,
        "SELECT count(*) FROM accounts WHERE currency = 'USD'",
        "SELECT count(*) FROM accounts",
        SPEC["accounts_db:accounts.usd_share"],
    )
    assert_none(db, "SELECT account_id FROM accounts WHERE (account_status = 'closed') <> (closed_date IS NOT NULL)")


def test_accounts_unique_numbers_branches_and_times(seeded):
    db = seeded["accounts_db"]
    assert scalar(db, "SELECT count(*) - count(DISTINCT account_number) FROM accounts") == 0
    branches = scalar(db, "SELECT count(DISTINCT branch_code) FROM accounts")
    low, high = SPEC["employees_db:base_counts.branch_codes_range"]
    assert low <= branches <= high
    assert_none(
        db,
        "SELECT a.account_id FROM accounts a JOIN customers c USING (customer_id)"
        " WHERE a.opened_date < c.created_at::date",
    )
    assert_none(db, f"SELECT account_id FROM accounts WHERE opened_date > {AS_OF} OR closed_date > {AS_OF}")


def test_accounts_use_the_fixed_branch_codes_employees_work_at(seeded):
    """SPEC: an account has "one of the fixed branch codes", the 15-20 codes employees carry."""
    employees = {b for (b,) in rows(seeded["employees_db"], "SELECT DISTINCT branch_code FROM employees")}
    accounts = {b for (b,) in rows(seeded["accounts_db"], "SELECT DISTINCT branch_code FROM accounts")}
    low, high = SPEC["employees_db:base_counts.branch_codes_range"]
    assert accounts <= employees, sorted(accounts - employees)
    assert low <= len(employees | accounts) <= high, sorted(employees | accounts)


def test_balance_is_the_last_running_balance(seeded):
    assert_none(
        seeded["accounts_db"],
        "SELECT a.account_id FROM accounts a JOIN LATERAL (SELECT balance_after FROM transactions t"
        " WHERE t.account_id = a.account_id ORDER BY transaction_date DESC LIMIT 1) last ON TRUE"
        " WHERE a.balance <> last.balance_after",
    )


def test_relationships(seeded):
    db = seeded["accounts_db"]
    per_account = dict(
        rows(
            db,
            "SELECT coalesce(n, 0), count(*) FROM accounts a LEFT JOIN"
            " (SELECT primary_account_id AS account_id, count(*) n FROM account_relationships GROUP BY 1) r"
            " USING (account_id) GROUP BY 1",
        )
    )
    total = sum(per_account.values())
    percents = SPEC["accounts_db:account_relationships.per_account"]
    assert {str(n) for n in per_account} <= set(percents)
    for n in (1, 2):
        assert abs(per_account.get(n, 0) / total - percents[str(n)] / 100) <= 0.03
    assert_none(db, "SELECT relationship_id FROM account_relationships WHERE primary_account_id = related_account_id")
    assert_none(
        db, "SELECT primary_account_id, related_account_id FROM account_relationships GROUP BY 1, 2 HAVING count(*) > 1"
    )
    types = {t for (t,) in rows(db, "SELECT DISTINCT relationship_type FROM account_relationships")}
    assert types == SPEC["accounts_db:account_relationships.relationship_type"]


def test_ten_to_twenty_transactions_per_account(seeded):
    db = seeded["accounts_db"]
    low, high = rows(db, "SELECT min(n), max(n) FROM (SELECT count(*) n FROM transactions GROUP BY account_id) x")[0]
    assert (low, high) == SPEC["accounts_db:transactions.per_account_range"]
    assert (
        scalar(db, "SELECT count(*) FROM accounts WHERE account_id NOT IN (SELECT account_id FROM transactions)") == 0
    )


def test_spending_and_income_mix(seeded):
    db = seeded["accounts_db"]
    direction = "CASE WHEN transaction_type IN ('withdrawal', 'payment', 'fee') THEN 'spending' ELSE 'income' END"
    spending_share = SPEC["accounts_db:transactions.spending_share"]
    assert_shares(db, "transactions", direction, {"spending": spending_share, "income": 1 - spending_share})
    assert_share(
        db,
        "SELECT count(*) FROM transactions WHERE processed_by IS NOT NULL",
        "SELECT count(*) FROM transactions",
        SPEC["accounts_db:transactions.manual_share"],
    )


def test_amount_rules(seeded):
    db = seeded["accounts_db"]
    running = (
        "SELECT transaction_id, transaction_type, transaction_amount AS amount, balance_after,"
        " lag(balance_after, 1, 0::numeric) OVER (PARTITION BY account_id ORDER BY transaction_date) AS before"
        " FROM transactions"
    )
    spending = "transaction_type IN ('withdrawal', 'payment', 'fee')"
    largest_fraction = SPEC["accounts_db:transactions.spend_fraction_range"].high
    assert_none(
        db, f"SELECT transaction_id FROM ({running}) r WHERE {spending} AND amount > {largest_fraction} * before"
    )
    assert_none(
        db,
        f"SELECT transaction_id FROM ({running}) r WHERE balance_after <>"
        f" before + CASE WHEN {spending} THEN -amount ELSE amount END",
    )
    assert_none(db, "SELECT transaction_id FROM transactions WHERE balance_after < 0 OR transaction_amount <= 0")
    low, high = SPEC["accounts_db:transactions.salary_range"]
    assert_none(
        db,
        "SELECT transaction_id FROM transactions WHERE transaction_type = 'salary'"
        f" AND transaction_amount NOT BETWEEN {low} AND {high}",
    )


def test_time_order(seeded):
    db = seeded["accounts_db"]
    assert_none(
        db,
        "SELECT t.transaction_id FROM transactions t JOIN accounts a USING (account_id)"
        f" WHERE t.transaction_date < a.opened_date OR t.transaction_date > {AS_OF}"
        " OR t.transaction_date > coalesce(a.closed_date, t.transaction_date)",
    )
    assert_none(
        db,
        "SELECT transaction_id FROM (SELECT transaction_id, transaction_date, lag(transaction_date)"
        " OVER (PARTITION BY account_id ORDER BY transaction_id) prev FROM transactions) x"
        " WHERE transaction_date <= prev",
    )
    assert_none(
        db,
        "SELECT transaction_id FROM (SELECT transaction_id, transaction_date, lag(transaction_date)"
        " OVER (ORDER BY transaction_id) prev FROM transactions) x WHERE transaction_date < prev",
    )


def test_transactions_per_account_are_uniform(seeded):
    """SPEC: 10-20 per account, uniform: each count within tolerance of an equal share."""
    low, high = SPEC["accounts_db:transactions.per_account_range"]
    assert_shares(
        seeded["accounts_db"],
        "(SELECT count(*) AS n FROM transactions GROUP BY account_id) per_account",
        "n",
        {str(n): 1 for n in range(low, high + 1)},
    )
