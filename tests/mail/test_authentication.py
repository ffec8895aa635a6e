"""Reading Authentication-Results (RFC 8601) as receiving servers write them, and deciding whether the
installation's own server verified a From domain (pure: no database)."""

import pytest

from moked.mail import parsing
from moked.mail.authentication import verified_by
from moked.mail.parsing.authentication import parse_authentication_results, topmost_results

OURS = frozenset({"mx.support.example"})


def results_of(raw: str):
    return parsing.parse(raw.replace("\n", "\r\n").encode()).authentication


POSTFIX_WITH_MILTERS = """Return-Path: <avi@provider.example>
Delivered-To: desk@support.example
Received: from mx.support.example by moked.support.example with LMTP; Tue, 1 Dec 2026 09:00:02 +0000
DMARC-Filter: OpenDMARC Filter v1.4.2 mx.support.example 4F3A1
Authentication-Results: mx.support.example; dmarc=pass (p=reject dis=none) header.from=provider.example
Authentication-Results: mx.support.example; spf=pass (mailfrom) smtp.mailfrom=provider.example
DKIM-Filter: OpenDKIM Filter v2.11.0 mx.support.example 4F3A1
Authentication-Results: mx.support.example;
\tdkim=pass (2048-bit key; unprotected) header.d=provider.example header.i=@provider.example
\theader.s=2026 header.b="AbC/12+x"
Received: from mail.provider.example (mail.provider.example [192.0.2.10])
\tby mx.support.example (Postfix) with ESMTPS id 4F3A1; Tue, 1 Dec 2026 09:00:01 +0000
Authentication-Results: mx.support.example; dmarc=fail header.from=forged.example
From: Avi <avi@provider.example>
To: desk@support.example
Subject: Re: [INC-000001] Printer

Done.
"""


def test_the_topmost_block_is_read_through_the_filters_marks_up_to_the_received_line():
    found = results_of(POSTFIX_WITH_MILTERS)
    assert [field.authserv_id for field in found] == ["mx.support.example"] * 3
    methods = [(r.method, r.result) for field in found for r in field.results]
    assert methods == [("dmarc", "pass"), ("spf", "pass"), ("dkim", "pass")]
    dkim = found[2].results[0]
    assert dkim.properties == {
        "header.d": "provider.example",
        "header.i": "@provider.example",
        "header.s": "2026",
        "header.b": "AbC/12+x",
    }
    assert verified_by(found, OURS, "avi@provider.example") == "dmarc"


def test_gmail_over_imap():
    raw = """Delivered-To: desk@support.example
Received: by 2002:a05:6000:1:b0:1 with SMTP id x; Tue, 1 Dec 2026 01:02:03 -0800 (PST)
ARC-Seal: i=1; a=rsa-sha256; t=1; cv=none; d=google.com; s=arc-20160816; b=abc
ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=google.com; s=arc-20160816; b=def
ARC-Authentication-Results: i=1; mx.google.com; dkim=pass header.i=@acme.example
Return-Path: <dana@acme.example>
Received: from mail.acme.example (mail.acme.example. [198.51.100.4]) by mx.google.com with ESMTPS id y
Received-SPF: pass (google.com: domain of dana@acme.example designates 198.51.100.4 as permitted sender)
Authentication-Results: mx.google.com;
       dkim=pass header.i=@acme.example header.s=sel header.b=Xy9;
       spf=pass (google.com: domain of dana@acme.example designates 198.51.100.4 as permitted sender)
 smtp.mailfrom=dana@acme.example;
       dmarc=pass (p=QUARANTINE sp=QUARANTINE dis=NONE) header.from=acme.example
From: Dana <dana@acme.example>
Subject: hello

Hi.
"""
    found = results_of(raw)
    assert [(r.method, r.result) for r in found[0].results] == [
        ("dkim", "pass"),
        ("spf", "pass"),
        ("dmarc", "pass"),
    ]
    assert verified_by(found, {"mx.google.com"}, "dana@acme.example") == "dmarc"
    assert verified_by(found, OURS, "dana@acme.example") is None  # Google is not trusted here
    assert verified_by(found, {"mx.google.com"}, "avi@provider.example") is None


@pytest.mark.parametrize(
    ("value", "method"),
    [
        ("mx.support.example; dkim=pass header.d=Provider.Example", "dkim"),  # case does not matter
        ("mx.support.example; dkim=pass header.i=avi@provider.example", "dkim"),
        ("mx.support.example; spf=pass smtp.mailfrom=avi@provider.example", "spf"),
        ("mx.support.example 1; dmarc=pass header.from=provider.example", "dmarc"),  # with a version
        ("MX.Support.Example; dmarc=pass header.from=provider.example", "dmarc"),
        (
            "mx.support.example; dkim=fail header.d=provider.example; dkim=pass header.d=provider.example",
            "dkim",
        ),
    ],
)
def test_a_pass_aligned_with_the_from_domain_verifies_it(value, method):
    found = [parse_authentication_results(value)]
    assert verified_by(found, OURS, "avi@provider.example") == method


@pytest.mark.parametrize(
    "value",
    [
        "mx.support.example; none",
        "mx.support.example; dmarc=fail header.from=provider.example",
        "mx.support.example; dmarc=pass header.from=sub.provider.example",  # exact alignment only
        "mx.support.example; dkim=pass header.d=example",  # a parent is not enough
        "mx.support.example; spf=pass smtp.helo=provider.example",
        "mx.support.example; dmarc=pass",  # for which domain?
        "mx.support.example; dmarc=pass (header.from=provider.example) header.from=other.example",
        # Microsoft 365 writes no authserv-id: nothing to trust it by
        "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=provider.example; "
        "dmarc=pass header.from=provider.example",
    ],
)
def test_anything_else_does_not(value):
    assert verified_by([parse_authentication_results(value)], OURS, "avi@provider.example") is None


def test_nothing_is_trusted_without_a_configured_authserv_id():
    found = [parse_authentication_results("mx.support.example; dmarc=pass header.from=provider.example")]
    assert verified_by(found, frozenset(), "avi@provider.example") is None
    assert verified_by(found, {" "}, "avi@provider.example") is None


def test_the_topmost_result_of_a_method_holds_against_a_lower_one():
    fields = [
        ("received", "from x by mx.support.example"),
        ("authentication-results", "mx.support.example; dmarc=fail header.from=provider.example"),
        ("authentication-results", "mx.support.example; dmarc=pass header.from=provider.example"),
    ]
    assert verified_by(topmost_results(fields), OURS, "avi@provider.example") is None


def test_the_block_ends_at_the_first_field_a_server_does_not_write_beside_its_results():
    fields = [
        ("authentication-results", "mx.support.example; spf=none"),
        ("received", "from attacker by mx.support.example"),
        ("authentication-results", "mx.support.example; dmarc=pass header.from=provider.example"),
    ]
    found = topmost_results(fields)
    assert len(found) == 1 and verified_by(found, OURS, "avi@provider.example") is None


def test_an_internationalised_from_domain_matches_its_ascii_form():
    found = [parse_authentication_results("mx.support.example; dmarc=pass header.from=xn--bcher-kva.example")]
    assert verified_by(found, OURS, "josé@bücher.example") == "dmarc"


def test_comments_and_quoted_strings_do_not_confuse_the_reading():
    value = (
        'mx.support.example (a comment; with "quotes" and (nesting)); '
        'dkim=pass reason="signature ok; verified" header.d=provider.example (key=2048); '
        "spf=neutral"
    )
    found = parse_authentication_results(value)
    assert found.authserv_id == "mx.support.example"
    assert [(r.method, r.result) for r in found.results] == [("dkim", "pass"), ("spf", "neutral")]
    assert found.results[0].properties["reason"] == "signature ok; verified"
