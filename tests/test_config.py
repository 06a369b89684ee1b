"""Where databases live: option over per-database variable over server variable."""

import pytest

from datahub_seed.config import DATABASES, configured_urls, parse_url, safe
from datahub_seed.errors import ConfigError


def test_nothing_configured_means_embedded(monkeypatch):
    for name in ["DHUB_DATABASE_URL", *(f"DHUB_{db.upper()}_URL" for db in DATABASES)]:
        monkeypatch.delenv(name, raising=False)
    assert configured_urls() == dict.fromkeys(DATABASES)


def test_server_variable_names_every_database(monkeypatch):
    monkeypatch.setenv("DHUB_DATABASE_URL", "postgresql://u:p@db.example:6543")
    urls = configured_urls()
    assert {url.database for url in urls.values()} == set(DATABASES)
    assert {(url.host, url.port) for url in urls.values()} == {("db.example", 6543)}


def test_database_variable_overrides_server_and_option_overrides_both(monkeypatch):
    monkeypatch.setenv("DHUB_DATABASE_URL", "postgresql://u@a:1")
    monkeypatch.setenv("DHUB_LOANS_DB_URL", "postgresql://u@b:2/other_loans")
    assert configured_urls()["loans_db"].database == "other_loans"
    assert configured_urls()["accounts_db"].host == "a"
    assert configured_urls("postgresql://u@c:3")["loans_db"].host == "c"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not a url", "is not a valid URL"),
        ("mysql://u:secret@h/db", "must be a postgresql:// URL, not mysql://"),
        ("postgresql://u:secret@h:notaport/db", "has an invalid port"),
    ],
)
def test_bad_urls_are_named_without_their_password(text, message):
    with pytest.raises(ConfigError, match=message) as raised:
        parse_url(text, "--url")
    assert "secret" not in str(raised.value.message)


def test_safe_masks_the_password():
    assert "secret" not in safe(parse_url("postgresql://u:secret@h/db", "x"))
