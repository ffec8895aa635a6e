"""Failed sign-ins are counted per account and client address, read from X-Forwarded-For behind
the configured number of proxies, in a cache every process shares (issue 12, finding 5)."""

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client

from moked.web.common.client_address import client_address
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory

PROXY = "10.0.0.2"
REFUSED = "Too many failed login attempts"


def attempt(login: str, password: str, client_ip: str, forged: str = "") -> str:
    """One sign-in through a proxy that appends the client's address to X-Forwarded-For:
    'in', 'wrong' or 'refused'."""
    forwarded = f"{forged}, {client_ip}" if forged else client_ip
    answer = Client().post(
        "/accounts/login/",
        {"login": login, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    if answer.status_code == 302:
        return "in"
    return "refused" if REFUSED in answer.text else "wrong"


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    """Dozens of sign-ins: a fast hasher (the limits, not the hashing, are under test)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def behind_one_proxy(settings):
    settings.MOKED_TRUSTED_PROXIES = 1


@pytest.fixture
def dana(db):
    return PersonFactory(
        organisation=OrganisationFactory(),
        username="dana",
        email="dana@acme.example",
        password=make_password(PASSWORD),
    )


@pytest.fixture
def omer(db):
    return PersonFactory(
        organisation=OrganisationFactory(), username="omer", password=make_password(PASSWORD)
    )


def test_one_clients_failures_do_not_refuse_everyone_behind_the_proxy(behind_one_proxy, dana, omer):
    outcomes = {attempt(f"ghost{n}", "guess", "203.0.113.7") for n in range(12)}
    assert outcomes == {"wrong"}
    assert attempt("omer", PASSWORD, "198.51.100.20") == "in"


def test_failures_are_counted_per_account_and_address(behind_one_proxy, dana):
    assert [attempt("dana", "guess", "203.0.113.7") for _ in range(6)] == ["wrong"] * 5 + ["refused"]
    assert attempt("dana", PASSWORD, "203.0.113.7") == "refused"  # even the right password, from there
    assert attempt("dana", PASSWORD, "198.51.100.20") == "in"  # dana herself, elsewhere, is not locked out


def test_user_name_and_e_mail_address_are_one_account(behind_one_proxy, dana):
    tries = [attempt(login, "guess", "203.0.113.7") for login in ["dana", "DANA@acme.example"] * 3]
    assert tries == ["wrong"] * 5 + ["refused"]


def test_a_forged_forwarded_for_is_not_believed(behind_one_proxy, dana):
    tries = [attempt("dana", "guess", "203.0.113.7", forged=f"192.0.2.{n}") for n in range(6)]
    assert tries == ["wrong"] * 5 + ["refused"]


def test_one_account_is_guarded_from_many_addresses(behind_one_proxy, dana, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_account": "4/h/key"}
    tries = [attempt("dana", "guess", f"203.0.113.{n}") for n in range(1, 6)]
    assert tries == ["wrong"] * 4 + ["refused"]


def test_any_account_from_one_address_is_limited(behind_one_proxy, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_address": "4/m/ip"}
    tries = [attempt(f"ghost{n}", "guess", "203.0.113.7") for n in range(5)]
    assert tries == ["wrong"] * 4 + ["refused"]


def test_signing_in_with_the_right_password_does_not_count(behind_one_proxy, dana):
    assert [attempt("dana", "guess", "203.0.113.7") for _ in range(4)] == ["wrong"] * 4
    assert [attempt("dana", PASSWORD, "203.0.113.7") for _ in range(3)] == ["in"] * 3
    assert attempt("dana", PASSWORD, "203.0.113.7") == "in"


def test_without_a_trusted_proxy_the_header_is_ignored(dana):
    """Moked reached directly: X-Forwarded-For is the client's own words, so it counts nothing."""
    tries = [attempt("dana", "guess", f"203.0.113.{n}") for n in range(1, 7)]
    assert tries == ["wrong"] * 5 + ["refused"]


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "expected"),
    [
        ("192.0.2.1", "", 0, "192.0.2.1"),
        ("10.0.0.2", "203.0.113.7", 0, "10.0.0.2"),  # no proxy trusted: the header is ignored
        ("10.0.0.2", "203.0.113.7", 1, "203.0.113.7"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),  # the client wrote the left part
        ("10.0.0.3", "6.6.6.6, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),
        ("10.0.0.2", "203.0.113.7", 2, "10.0.0.2"),  # shorter than the chain: did not pass every proxy
        ("10.0.0.2", " 2001:DB8::7 ", 1, "2001:db8::7"),
        ("10.0.0.2", "[2001:db8::7]:4431", 1, "2001:db8::7"),
        ("10.0.0.2", "203.0.113.7:4431", 1, "203.0.113.7"),
        ("10.0.0.2", "unknown", 1, "10.0.0.2"),
        ("", "", 0, ""),
    ],
)
def test_the_client_address(peer, forwarded, proxies, expected):
    assert client_address(peer, forwarded, proxies) == expected
