"""E-mail addresses, internationalised ones included (pure: no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moked.people import addresses


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Dana@ACME.example", "dana@acme.example"),
        ("  josé@Bücher.Example ", "josé@bücher.example"),
        ("kim@xn--bcher-kva.example", "kim@bücher.example"),
        ("user@straße.de", "user@straße.de"),  # IDNA 2008 keeps ß (IDNA 2003 made it "ss")
        ("jose\u0301@acme.example", "josé@acme.example"),  # a combining accent: NFC
        ("אבי@דוגמה.ישראל", "אבי@דוגמה.ישראל"),
        ("", ""),
    ],
)
def test_one_stored_form(written, stored):
    assert addresses.canonical(written) == stored


def test_lookups_try_the_ascii_form_of_the_domain_too():
    assert addresses.variants("José@Bücher.example") == ["josé@bücher.example", "josé@xn--bcher-kva.example"]
    assert addresses.variants("dana@acme.example") == ["dana@acme.example"]
    assert addresses.domain_variants("xn--bcher-kva.example") == ["bücher.example", "xn--bcher-kva.example"]


@pytest.mark.parametrize(
    ("address", "envelope", "smtputf8"),
    [
        ("dana@acme.example", "dana@acme.example", False),
        ("kai@bücher.example", "kai@xn--bcher-kva.example", False),
        ("josé@bücher.example", "josé@xn--bcher-kva.example", True),
        ("अजय@उदाहरण.भारत", "अजय@xn--p1b6ci4b4b3a.xn--h2brj9c", True),
    ],
)
def test_what_a_mail_server_is_given(address, envelope, smtputf8):
    assert addresses.envelope(address) == envelope
    assert addresses.needs_smtputf8(address) is smtputf8


@pytest.mark.parametrize(
    "address",
    [
        "dana@acme.example",
        "o'brien@acme.example",
        "josé@bücher.example",
        '"a b"@acme.example',
        "root@localhost",
    ],
)
def test_deliverable_addresses(address):
    assert addresses.is_valid(address)


@pytest.mark.parametrize(
    "address",
    [
        "no-at-sign",
        "@acme.example",
        "dana@",
        "dots..twice@acme.example",
        ".leading@acme.example",
        f"{'x' * 65}@acme.example",
        "spaced out@acme.example",
        "zero\u200bwidth@acme.example",
        "dana@-bad.example",
        "dana@single",
        "dana@1.2.3.4",
        "a@b@acme.example",
    ],
)
def test_undeliverable_addresses(address):
    assert not addresses.is_valid(address)


@given(st.text(max_size=80))
def test_any_text_is_read_without_an_error(text):
    stored = addresses.canonical(text)
    assert addresses.canonical(stored) == stored  # one form: canonical twice changes nothing
    addresses.is_valid(text)
    addresses.variants(text)
    addresses.envelope(text)
