"""The public API's targets and refusals; the consumer suite (tests/consumer) runs it end to end."""

import pytest

import datahub_seed
from datahub_seed.api import target_urls


def test_the_names_are_the_functions():
    assert callable(datahub_seed.seed) and callable(datahub_seed.migrate)
    assert set(datahub_seed.__all__) >= {"migrate", "seed", "verify", "clear", "DATABASES", "DhubError"}
    assert all(getattr(datahub_seed, name) is not None for name in datahub_seed.__all__)


def test_a_server_url_means_all_six(databases):
    server = databases["accounts_db"].set(database="postgres")
    urls = target_urls(server.render_as_string(hide_password=False))
    assert {name: url.database for name, url in urls.items()} == {name: name for name in datahub_seed.DATABASES}


def test_a_mapping_means_those_databases_in_dhubs_order(databases):
    urls = target_urls({"loans_db": databases["loans_db"], "accounts_db": databases["accounts_db"]})
    assert list(urls) == ["accounts_db", "loans_db"]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({}, "the target names no database; give a server URL or a mapping of database name to URL"),
        (
            {"bank_db": "postgresql://h/x"},
            "unknown database 'bank_db'; choose one of: employees_db, customer_db, "
            "accounts_db, loans_db, insurance_db, compliance_db",
        ),
        ({"loans_db": "postgresql://h"}, "the URL for loans_db names no database; add one, e.g. .../loans_db"),
        (
            "postgresql://h/loans_db",
            "the target URL names a server for all six databases, so it takes no database "
            "name (loans_db); give a mapping of database name to URL to place each one",
        ),
        ("mysql://h", "the target URL must be a postgresql:// URL, not mysql://"),
    ],
)
def test_a_target_that_cannot_be_used_is_one_config_error(target, message):
    with pytest.raises(datahub_seed.ConfigError) as raised:
        datahub_seed.clear(target)
    assert raised.value.message == message


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"scale": float("inf")}, "'inf' is not allowed; use a finite number > 0, e.g. 0.1 or 5"),
        ({"scale": "0.1"}, "scale must be a number, not str"),
        ({"seed": -1}, "seed must be a whole number from 0 to 9223372036854775807, not -1"),
        ({"seed": 1.5}, "seed must be a whole number from 0 to 9223372036854775807, not 1.5"),
        ({"seed": True}, "seed must be a whole number from 0 to 9223372036854775807, not True"),
        ({"customers": 0}, "customers must be a whole number from 1 to 10,000,000, not 0"),
        ({"as_of": "2025-01-01"}, "as_of must be a datetime.date or datetime.datetime, not str"),
        ({"employees": 2}, "2 employees cannot staff the 5 roles other databases refer to"),
    ],
)
def test_seed_refuses_what_the_cli_refuses(options, message):
    with pytest.raises(datahub_seed.ConfigError, match=message.replace("(", r"\(")):
        datahub_seed.seed("postgresql://nowhere.invalid", **options)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"checks": "links"}, "checks must name one kind or more, e.g. ('links', 'rules', 'shares'), not 'links'"),
        ({"checks": ()}, "checks must name one kind or more, e.g. ('links', 'rules', 'shares'), not ()"),
        ({"tolerance": 5}, "tolerance must be a fraction from 0 to 1 (0.03 is 3 points), not 5"),
        ({"tolerance": float("nan")}, "tolerance must be a fraction from 0 to 1 (0.03 is 3 points), not nan"),
        ({"tolerance": -0.01}, "tolerance must be a fraction from 0 to 1 (0.03 is 3 points), not -0.01"),
    ],
)
def test_verify_refuses_what_it_cannot_judge(options, message):
    with pytest.raises(datahub_seed.ConfigError) as raised:
        datahub_seed.verify("postgresql://nowhere.invalid", **options)
    assert raised.value.message == message


@pytest.mark.parametrize("target", [123, None, ["postgresql://h"]])
def test_a_target_of_another_type_is_refused(target):
    with pytest.raises(datahub_seed.ConfigError, match="the target must be a server URL or a mapping"):
        datahub_seed.migrate(target)


def test_errors_do_not_depend_on_click():
    assert not any(cls.__module__.startswith("click") for cls in datahub_seed.ConfigError.__mro__)
    assert datahub_seed.ConfigError("x").exit_code == 2 and datahub_seed.DhubError("x").exit_code == 1


def test_verify_names_an_unknown_kind(databases):
    with pytest.raises(datahub_seed.ConfigError, match="unknown check kind 'speed'; choose from: links, rules, shares"):
        datahub_seed.verify(databases, checks=("links", "speed"))
