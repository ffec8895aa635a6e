"""moked.mail.parsing: raw bytes → ParsedMessage. Pure: no database.

Messages are literal bytes (so charsets and broken structure are exactly what the test says) or
built with the stdlib e-mail package.
"""

import base64
import binascii
import struct
from datetime import UTC, datetime, timedelta
from email import policy as email_policy
from email.message import EmailMessage
from types import SimpleNamespace

import pytest

from moked.mail import parsing
from moked.mail.parsing import Address, UnparseableMessage, parse

HEBREW = "שלום, המדפסת בקומה 2 לא מדפיסה"
PERSIAN = "سلام، چاپگر طبقه دوم کار نمي‌کند"  # Arabic yeh: windows-1256 has no Farsi yeh
FINNISH = "Hinta on 10 €. Hyvää päivää, tulostin ei toimi!"


def raw_message(*headers: str | bytes, body: bytes = b"", crlf: bool = True) -> bytes:
    """Header lines (str is ASCII, bytes is raw) and a body, joined like an MTA delivers them."""
    eol = b"\r\n" if crlf else b"\n"
    lines = [h if isinstance(h, bytes) else h.encode("ascii") for h in headers]
    return eol.join(lines) + eol + eol + body


def text_message(body: bytes, charset: str | None, *extra: str | bytes, encoding: str = "8bit") -> bytes:
    content_type = "Content-Type: text/plain" + (f"; charset={charset}" if charset else "")
    return raw_message(
        "From: Dana Cohen <dana@acme.example>",
        "To: desk@support.example",
        "Subject: printer",
        "MIME-Version: 1.0",
        content_type,
        f"Content-Transfer-Encoding: {encoding}",
        *extra,
        body=body,
    )


def encoded_word(text: str, charset: str, encoding: str = "B") -> str:
    data = text.encode(charset)
    if encoding == "B":
        return f"=?{charset}?B?{base64.b64encode(data).decode()}?="
    return f"=?{charset}?Q?{''.join(f'={b:02X}' for b in data)}?="


def multipart(content_type: str, boundary: str, *parts: bytes, headers: tuple[str, ...] = ()) -> bytes:
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    body += b"--" + boundary.encode() + b"--\r\n"
    return raw_message(
        "From: Dana Cohen <dana@acme.example>",
        "To: desk@support.example",
        "Subject: parts",
        "MIME-Version: 1.0",
        *headers,
        f'Content-Type: {content_type}; boundary="{boundary}"',
        body=body,
    )


def part(*headers: str | bytes, body: bytes = b"") -> bytes:
    lines = [h if isinstance(h, bytes) else h.encode("ascii") for h in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


# --------------------------------------------------------------------------------------------------
# Contract
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty input"),
        (b" \r\n\t\r\n", "input is only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x07", "binary data without a header section"),
        (b"From someone@example.com Mon Jan  1 00:00:00 2024\n", "no header section and no body"),
    ],
)
def test_nothing_usable_is_unparseable_with_a_reason(raw, reason):
    with pytest.raises(UnparseableMessage) as caught:
        parse(raw)
    assert caught.value.reason.startswith(reason)
    assert isinstance(caught.value, ValueError)


def test_non_bytes_input_is_unparseable_not_a_type_error():
    with pytest.raises(UnparseableMessage, match="not bytes"):
        parse("From: a@b.example\n\nhi")  # type: ignore[arg-type]


def test_a_plain_message_parses_completely():
    raw = raw_message(
        "Return-Path: <Dana@Acme.example>",
        "From: Dana Cohen <Dana@Acme.Example>",
        "To: Desk <desk@support.example>, avi@acme.example",
        "Cc: ops@acme.example",
        "Reply-To: tickets@acme.example",
        "Subject: Printer   on\r\n floor 2",
        "Date: Mon, 3 Mar 2025 10:15:00 +0200",
        "Message-ID: <  abc.123@acme.example >",
        "In-Reply-To: <prev@support.example> (Desk's message of Monday)",
        "References: <root@support.example>\r\n <prev@support.example> <root@support.example>",
        body=b"It prints blank pages.\r\n",
    )
    message = parse(raw)
    assert message.message_id == "abc.123@acme.example"
    assert message.in_reply_to == ["prev@support.example"]
    assert message.references == ["root@support.example", "prev@support.example"]
    assert message.subject == "Printer on floor 2"
    assert message.sender == Address("Dana Cohen", "dana@acme.example")
    assert message.to == [Address("Desk", "desk@support.example"), Address("", "avi@acme.example")]
    assert message.cc == [Address("", "ops@acme.example")]
    assert message.reply_to == [Address("", "tickets@acme.example")]
    assert message.return_path == "dana@acme.example"
    assert message.date == datetime(2025, 3, 3, 8, 15, tzinfo=UTC)
    assert message.date.utcoffset() == timedelta(hours=2)
    assert message.text == "It prints blank pages."
    assert message.html is None
    assert message.attachments == []
    assert message.auto_reply is None
    assert message.bounce is None
    assert message.defects == []


def test_a_message_without_from_still_parses():
    message = parse(raw_message("To: desk@support.example", "Subject: anonymous", body=b"hello"))
    assert message.sender is None
    assert message.subject == "anonymous"
    assert message.text == "hello"


def test_text_without_any_header_is_read_as_the_body():
    message = parse(b"The printer is broken again.\nPlease help.\n")
    assert message.text == "The printer is broken again.\nPlease help."
    assert message.subject == ""
    assert "no header section: the whole input was read as the body" in message.defects


def test_mbox_from_line_and_blank_lines_before_the_headers_are_skipped():
    raw = b"   \r\n\r\n" + raw_message("From: dana@acme.example", "Subject: exported", body=b"body")
    message = parse(raw)
    assert message.subject == "exported"
    assert message.sender == Address("", "dana@acme.example")
    assert "blank lines before the header section were skipped" in message.defects
    mbox = b"From dana@acme.example Mon Mar  3 10:15:00 2025\n" + raw_message(
        "From: dana@acme.example", "Subject: from mbox", body=b"x", crlf=False
    )
    assert parse(mbox).subject == "from mbox"


# --------------------------------------------------------------------------------------------------
# Charsets
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "charset", "label"),
    [
        (HEBREW, "cp1255", "windows-1255"),
        (HEBREW, "iso8859-8", "ISO-8859-8-I"),  # logical-order Hebrew, a label Python lacks
        (PERSIAN, "cp1256", "windows-1256"),
        ("プリンターが壊れました", "iso2022_jp", "ISO-2022-JP"),
        ("Grüße, € und שלום", "utf-7", "UTF-7"),
        ("打印机坏了 €", "gb18030", "GB18030"),
        ("打印机坏了", "gb2312", "gb2312"),
        ("Принтер сломан", "koi8-r", "KOI8-R"),
        (FINNISH, "iso8859-15", "iso-8859-15"),  # € is 0xA4 here; Latin-1 would give ¤
        ("Hyvää päivää, Äiti", "latin-1", "iso-8859-1"),
    ],
)
def test_declared_charset_is_honoured(text, charset, label):
    message = parse(text_message(text.encode(charset), label))
    assert message.text == text
    assert message.defects == []


@pytest.mark.parametrize("label", ["unknown-8bit", "x-unknown", None])
def test_undeclared_8bit_utf8_is_read_as_utf8(label):
    message = parse(text_message(HEBREW.encode("utf-8"), label))
    assert message.text == HEBREW
    assert any("without a known charset; read as UTF-8" in d for d in message.defects)


def test_undeclared_8bit_legacy_bytes_fall_back_to_windows_1252():
    message = parse(text_message("Hyvää päivää – kiitos".encode("cp1252"), "unknown-8bit"))
    assert message.text == "Hyvää päivää – kiitos"
    assert any("read as windows-1252" in d for d in message.defects)


def test_bogus_charset_falls_back_and_is_recorded():
    message = parse(text_message(PERSIAN.encode("utf-8"), "x-persian-bogus"))
    assert message.text == PERSIAN
    assert "text/plain: unknown charset 'x-persian-bogus'" in message.defects
    assert parse(text_message(b"caf\xe9", '"base64"')).text == "café"  # a codec, but not a charset


def test_latin1_label_on_utf8_bytes_is_recognised_as_utf8():
    message = parse(text_message(FINNISH.encode("utf-8"), "iso-8859-1"))
    assert message.text == FINNISH
    assert "text/plain: declared iso-8859-1 but the bytes are UTF-8" in message.defects


def test_utf8_label_on_windows_1252_bytes_reads_windows_1252():
    message = parse(text_message("Hyvää päivää".encode("cp1252"), "utf-8"))
    assert message.text == "Hyvää päivää"
    assert any("declared utf-8 but the bytes are not UTF-8" in d for d in message.defects)


def test_utf8_with_a_damaged_byte_keeps_the_rest():
    message = parse(text_message(HEBREW.encode("utf-8") + b"\xff!", "utf-8"))
    assert message.text == HEBREW + "\ufffd!"
    assert "text/plain: bytes invalid in utf-8; replaced" in message.defects


def test_windows_1255_declared_but_wrong_bytes_are_replaced_not_dropped():
    message = parse(text_message(b"\xe0\xe1 \xff\xfd", "windows-1255"))  # 0xFF, 0xFD undefined
    assert message.text.startswith("אב ")
    assert any("bytes invalid in windows-1255" in d for d in message.defects)


# --------------------------------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------------------------------


def test_encoded_words_in_several_charsets_and_both_encodings():
    subject = " ".join(
        [
            "Re:",
            encoded_word("תקלה", "windows-1255"),
            encoded_word("במדפסת", "windows-1255", "Q"),
            "and",
            encoded_word("چاپگر", "cp1256"),
            "/",
            encoded_word("Hyvää", "iso-8859-15", "Q"),
        ]
    )
    message = parse(raw_message("From: a@b.example", f"Subject: {subject}", body=b"x"))
    # Whitespace between adjacent encoded words disappears (RFC 2047), literal text stays.
    assert message.subject == "Re: תקלהבמדפסת and چاپگر / Hyvää"
    assert message.defects == []


def test_a_character_split_across_encoded_words_is_joined():
    data = "שלום".encode()
    first, second = base64.b64encode(data[:3]).decode(), base64.b64encode(data[3:]).decode()
    raw = raw_message(
        "From: a@b.example", f"Subject: =?utf-8?B?{first}?=\r\n =?UTF-8?B?{second}?=", body=b"x"
    )
    assert parse(raw).subject == "שלום"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("=?utf-8?B?16nXnNeV150?=", "שלום"),  # padding missing
        ("=?gb18030?B?suLK1A===?=", "测试"),  # too much padding (from RT's corpus)
        ("=?utf-8?Q?two words?=", "two words"),  # space inside the encoded text
        ("=?utf-8?Q?broken", "=?utf-8?Q?broken"),  # never closed: kept as it is
        ("pre=?utf-8?Q?fix?=", "prefix"),  # glued to a word
        ("=?utf-8*he?Q?=D7=90?=", "א"),  # RFC 2231 language suffix
    ],
)
def test_malformed_encoded_words_are_read_leniently(header, expected):
    message = parse(raw_message("From: a@b.example", f"Subject: {header}", body=b"x"))
    assert message.subject == expected


def test_encoded_word_with_unknown_charset_is_recorded():
    message = parse(raw_message("From: a@b.example", "Subject: =?x-klingon?Q?Hyv=C3=A4=C3=A4?=", body=b"x"))
    assert message.subject == "Hyvää"
    assert "header: unknown charset 'x-klingon'" in message.defects


def test_encoded_words_in_addresses():
    name = encoded_word("דנה כהן", "windows-1255")
    quoted = encoded_word("پشتیبانی", "utf-8")
    raw = raw_message(
        f"From: {name} <Dana@Acme.EXAMPLE>",
        f'To: "{quoted}" <support@moked.example>, =?iso-8859-1?Q?M=E4tti?= <matti@firma.example>',
        body=b"x",
    )
    message = parse(raw)
    assert message.sender == Address("דנה כהן", "dana@acme.example")
    assert message.to == [
        Address("پشتیبانی", "support@moked.example"),
        Address("Mätti", "matti@firma.example"),
    ]


def test_raw_utf8_headers_are_decoded_without_defects():
    raw = raw_message(
        b"From: " + "דנה כהן <dana@acme.example>".encode(),
        b"Subject: " + "تقاضای پشتیبانی".encode(),
        "Content-Type: text/plain; charset=utf-8",
        body="שלום".encode(),
    )
    message = parse(raw)
    assert message.subject == "تقاضای پشتیبانی"
    assert message.sender == Address("דנה כהן", "dana@acme.example")
    assert message.defects == []


def test_raw_legacy_8bit_header_uses_the_body_charset():
    raw = raw_message(
        "From: dana@acme.example",
        b"Subject: " + "תקלה במדפסת".encode("cp1255"),
        "Content-Type: text/plain; charset=windows-1255",
        body=HEBREW.encode("cp1255"),
    )
    message = parse(raw)
    assert message.subject == "תקלה במדפסת"
    assert message.text == HEBREW


def test_address_forms_that_need_the_full_parser():
    raw = raw_message(
        "From: dana@acme.example (Dana Cohen)",
        'To: Team: "Cohen, Dana" <dana@acme.example>, avi@acme.example;, undisclosed-recipients:;',
        "Cc: broken, <>, @nowhere, ok@acme.example",
        body=b"x",
    )
    message = parse(raw)
    assert message.sender is not None and message.sender.address == "dana@acme.example"
    assert [a.address for a in message.to] == ["dana@acme.example", "avi@acme.example"]
    assert message.to[0].name == "Cohen, Dana"
    assert [a.address for a in message.cc] == ["ok@acme.example"]


def test_address_header_that_crashes_policy_default_falls_back(monkeypatch):
    def crash(name, value):
        raise IndexError("string index out of range")

    # policy objects are immutable: swap the whole policy the module reaches for.
    monkeypatch.setattr(email_policy, "default", SimpleNamespace(header_factory=crash))
    raw = raw_message('From: "Cohen, Dana" <dana@acme.example> (via web)', body=b"x")
    message = parse(raw)
    assert message.sender == Address("Cohen, Dana", "dana@acme.example")
    assert (
        "from: policy.default could not parse the header (IndexError); used getaddresses" in message.defects
    )


def test_real_policy_default_crasher_does_not_cost_the_other_addresses():
    # "a?<" makes Python 3.11's address parser raise IndexError.
    message = parse(raw_message("From: a@b.example", "To: Dana <dana@acme.example>, a?<", body=b"x"))
    assert Address("Dana", "dana@acme.example") in message.to


def test_dates_are_aware_and_bad_ones_are_none():
    def date_of(value: str):
        return parse(raw_message("From: a@b.example", f"Date: {value}", body=b"x"))

    assert date_of("Tue, 4 Mar 2025 09:00:00 +0330").date == datetime(2025, 3, 4, 5, 30, tzinfo=UTC)
    assert date_of("Tue, 4 Mar 2025 09:00:00 -0000").date == datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
    assert date_of("Tue, 4 Mar 2025 09:00:00 -0000").date.tzinfo is not None
    broken = date_of("sometime last week")
    assert broken.date is None
    assert any(d.startswith("unparseable Date header") for d in broken.defects)
    assert parse(raw_message("From: a@b.example", body=b"x")).date is None


def test_return_path_absent_empty_or_an_address():
    def return_path(*headers):
        return parse(raw_message("From: a@b.example", *headers, body=b"x")).return_path

    assert return_path() is None
    assert return_path("Return-Path: <>") == ""
    assert return_path("Return-Path: <Bounces+X@List.example>") == "bounces+x@list.example"


def test_message_ids_without_brackets_are_still_read():
    raw = raw_message(
        "From: a@b.example", "Message-ID: bare-id@x.example", "References: a@x b@x, c@x", body=b"x"
    )
    message = parse(raw)
    assert message.message_id == "bare-id@x.example"
    assert message.references == ["a@x", "b@x", "c@x"]


# --------------------------------------------------------------------------------------------------
# Structure
# --------------------------------------------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def test_alternative_with_related_inline_image_and_attachment():
    email = EmailMessage()
    email["From"] = "Dana <dana@acme.example>"
    email["Subject"] = "screenshot"
    email.set_content("See the screenshot.\n")
    email.add_alternative(
        '<p dir="rtl">See the <b>screenshot</b>: <img src="cid:shot@acme"></p>', subtype="html"
    )
    html_part = email.get_payload()[1]
    html_part.add_related(PNG, "image", "png", cid="<shot@acme>")
    email.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="invoice.pdf")

    message = parse(email.as_bytes())
    assert message.text == "See the screenshot."
    assert message.html is not None
    assert '<p dir="rtl">' in message.html
    assert '<img src="cid:shot@acme">' in message.html
    image, pdf = message.attachments
    assert (image.filename, image.content_type, image.data) == ("image-1.png", "image/png", PNG)
    assert (image.content_id, image.inline) == ("shot@acme", True)
    assert (pdf.filename, pdf.content_type, pdf.data, pdf.inline) == (
        "invoice.pdf",
        "application/pdf",
        b"%PDF-1.4",
        False,
    )


def test_html_only_message_gets_text_from_html():
    html = (
        b"<html><body><h1>Printer</h1><p>It is <b>broken</b>.</p><ol><li>1. restart</li></ol></body></html>"
    )
    raw = raw_message("From: a@b.example", "Content-Type: text/html; charset=utf-8", body=html)
    message = parse(raw)
    assert "# Printer" in message.text
    assert "It is broken." in message.text
    assert "1. restart" in message.text  # html2text's Markdown escape "1\\." is undone
    assert message.html is not None and "<h1>Printer</h1>" in message.html


def test_the_first_plain_alternative_wins_over_html_and_later_plain_ones():
    raw = multipart(
        "multipart/alternative",
        "alt",
        part("Content-Type: text/plain; charset=utf-8", body=b"plain version"),
        part("Content-Type: text/plain; charset=utf-8", body=b"<div>html in disguise</div>"),
        part("Content-Type: text/html; charset=utf-8", body=b"<p>html version</p>"),
    )
    message = parse(raw)
    assert message.text == "plain version"
    assert message.html == "<p>html version</p>"


def test_empty_plain_alternative_falls_back_to_the_html():
    raw = multipart(
        "multipart/alternative",
        "alt",
        part("Content-Type: text/plain", body=b"\r\n"),
        part("Content-Type: text/html", body=b"<p>only here</p>"),
    )
    assert parse(raw).text == "only here"


def test_missing_boundary_parameter_is_recovered_from_the_body():
    body = (
        b"--frontier\r\nContent-Type: text/plain\r\n\r\nHello\r\n"
        b"--frontier\r\nContent-Type: application/pdf; name=a.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        b"JVBERi0=\r\n--frontier--\r\n"
    )
    message = parse(raw_message("From: a@b.example", "Content-Type: multipart/mixed", body=body))
    assert message.text == "Hello"
    assert [(a.filename, a.data) for a in message.attachments] == [("a.pdf", b"%PDF-")]
    assert "multipart boundary missing or wrong; recovered parts with --frontier" in message.defects


def test_wrong_boundary_is_recovered_from_the_body():
    body = b"--actual\r\nContent-Type: text/plain\r\n\r\nRecovered text\r\n--actual--\r\n"
    raw = raw_message("From: a@b.example", 'Content-Type: multipart/mixed; boundary="declared"', body=body)
    message = parse(raw)
    assert message.text == "Recovered text"
    assert "StartBoundaryNotFoundDefect" in message.defects


def test_multipart_without_any_delimiter_is_read_as_text():
    raw = raw_message(
        "From: a@b.example", 'Content-Type: multipart/mixed; boundary="x"', body=b"just text\r\n"
    )
    message = parse(raw)
    assert message.text == "just text"
    assert "multipart without usable boundary; its body was read as text" in message.defects


def test_missing_final_boundary_keeps_the_last_part():
    raw = raw_message(
        "From: a@b.example",
        'Content-Type: multipart/mixed; boundary="b"',
        body=b"--b\r\nContent-Type: text/plain\r\n\r\nfirst\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nsecond\r\n",
    )
    message = parse(raw)
    assert message.text == "first\n\nsecond"
    assert "CloseBoundaryNotFoundDefect" in message.defects


def test_transfer_encodings():
    raw = multipart(
        "multipart/mixed",
        "enc",
        part(
            "Content-Type: text/plain; charset=windows-1255",
            "Content-Transfer-Encoding: quoted-printable",
            body=b"=F9=EC=E5=ED =\r\n=F2=E5=EC=ED",  # soft line break inside
        ),
        part(
            "Content-Type: application/octet-stream; name=data.bin",
            "Content-Transfer-Encoding: base64",
            body=base64.encodebytes(bytes(range(256))),
        ),
        part(
            "Content-Type: application/octet-stream; name=uu.bin",
            "Content-Transfer-Encoding: x-uuencode",
            body=b"begin 644 uu.bin\r\n" + binascii.b2a_uu(b"uuencoded bytes") + b"`\r\nend\r\n",
        ),
    )
    message = parse(raw)
    assert message.text == "שלום עולם"
    assert [(a.filename, a.data) for a in message.attachments] == [
        ("data.bin", bytes(range(256))),
        ("uu.bin", b"uuencoded bytes"),
    ]


@pytest.mark.parametrize(
    "encoded",
    [
        b"SGVsbG8sIH!!dvcmxkIQ==",  # junk characters inside
        b"SGVsbG8sIHdvcmxkIQ",  # padding missing
        b"SGVsbG8s\r\nIHdvcmxkIQ==\r\n\r\n",  # blank lines
    ],
)
def test_broken_base64_recovers_what_can_be_decoded(encoded):
    raw = raw_message(
        "From: a@b.example",
        "Content-Type: application/octet-stream; name=x.bin",
        "Content-Transfer-Encoding: base64",
        body=encoded,
    )
    message = parse(raw)
    assert message.attachments[0].data == b"Hello, world!"


def test_broken_base64_is_recorded():
    raw = raw_message(
        "From: a@b.example",
        "Content-Type: text/plain",
        "Content-Transfer-Encoding: base64",
        body=b"SGVsbG8=V29ybGQ=\r\nISE",  # two blobs glued together, then a truncated one
    )
    message = parse(raw)
    assert message.text == "HelloWorld!!"
    assert "text/plain part: broken base64; decoded what could be" in message.defects


def test_text_declared_base64_that_is_not_is_kept():
    raw = raw_message(
        "From: a@b.example",
        "Content-Type: text/plain",
        "Content-Transfer-Encoding: base64",
        body=b"-- plain text --",
    )
    message = parse(raw)
    assert message.text == "-- plain text --"
    assert "text/plain part: declared base64 but is not; kept undecoded" in message.defects


def test_attachments_without_names_get_default_names():
    raw = multipart(
        "multipart/mixed",
        "m",
        part("Content-Type: text/plain", body=b"body"),
        part("Content-Type: image/png", "Content-Disposition: attachment", body=b"png"),
        part("Content-Type: application/pdf", "Content-Disposition: attachment", body=b"pdf"),
        part("Content-Type: application/x-unheard-of", body=b"???"),
        part("Content-Type: image/jpeg", "Content-Disposition: inline", body=b"jpg"),
        part("Content-Type: text/plain", "Content-Disposition: attachment", body=b"notes"),
    )
    message = parse(raw)
    assert message.text == "body"
    assert [(a.filename, a.content_type, a.inline) for a in message.attachments] == [
        ("image-1.png", "image/png", False),
        ("attachment-1.pdf", "application/pdf", False),
        ("attachment-2.bin", "application/x-unheard-of", False),
        ("image-2.jpg", "image/jpeg", True),
        ("attachment-3.txt", "text/plain", False),
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Content-Disposition: attachment; filename*=utf-8''%D7%93%D7%95%D7%97.pdf", "דוח.pdf"),
        (
            "Content-Disposition: attachment;\r\n filename*0*=utf-8''%D7%93%D7%95;\r\n filename*1*=%D7%97%20;"
            '\r\n filename*2="2025.pdf"',
            "דוח 2025.pdf",
        ),
        ("Content-Disposition: attachment; filename*=windows-1256''%CA%DE%D1%ED%D1.pdf", "تقرير.pdf"),
        ('Content-Disposition: attachment; filename="=?utf-8?B?157Xodee15oucGRm?="', "מסמך.pdf"),
        ('Content-Disposition: attachment; filename="../../etc/passwd"', "passwd"),
        ('Content-Disposition: attachment; filename="C:\\\\Users\\\\x\\\\evil.exe"', "evil.exe"),
        ('Content-Disposition: attachment; filename="invoice\u202egpj.exe"', "invoicegpj.exe"),
        ('Content-Disposition: attachment; filename="a<b>:c?.txt"', "a_b__c_.txt"),
        ('Content-Disposition: attachment; filename=".."', "attachment-1.bin"),
    ],
)
def test_attachment_file_names_are_decoded_and_sanitised(header, expected):
    raw = raw_message(
        "From: a@b.example",
        "Content-Type: application/octet-stream",
        header.encode("utf-8"),
        body=b"data",
    )
    assert parse(raw).attachments[0].filename == expected


def test_raw_8bit_file_name_is_decoded():
    raw = raw_message(
        "From: a@b.example",
        b'Content-Type: application/pdf; name="' + "דוח.pdf".encode() + b'"',
        b'Content-Disposition: attachment; filename="' + "דוח.pdf".encode() + b'"',
        body=b"data",
    )
    assert parse(raw).attachments[0].filename == "דוח.pdf"


def test_enclosed_messages_become_eml_attachments_with_their_bytes():
    inner = raw_message(
        "From: Matti <matti@firma.example>",
        "Subject: =?iso-8859-15?Q?Hyv=E4=E4_p=E4iv=E4=E4?=",
        "Message-ID: <inner@firma.example>",
        "Content-Type: text/plain; charset=iso-8859-15",
        body=FINNISH.encode("iso8859-15"),
    )
    raw = multipart(
        "multipart/mixed",
        "fwd",
        part("Content-Type: text/plain", body=b"Forwarding two messages."),
        part("Content-Type: message/rfc822", body=inner),
        part("Content-Type: message/rfc822", "Content-Disposition: attachment", body=inner),
    )
    message = parse(raw)
    assert message.text == "Forwarding two messages."  # enclosed text is not mixed into the body
    first, second = message.attachments
    assert (first.filename, second.filename) == ("message.eml", "message-2.eml")
    assert first.content_type == "message/rfc822"
    assert first.data == inner
    enclosed = parse(first.data)
    assert enclosed.subject == "Hyvää päivää"
    assert enclosed.text == FINNISH


def test_uuencoded_block_in_a_text_body_becomes_an_attachment():
    encoded = b"".join(binascii.b2a_uu(bytes(range(i, i + 45))) for i in range(0, 90, 45))
    body = b"See the attached log.\n\nbegin 644 server.log\n" + encoded + b"`\nend\n\nRegards, Dana\n"
    message = parse(text_message(body, "us-ascii"))
    assert message.text == "See the attached log.\n\n\nRegards, Dana"
    assert [(a.filename, a.content_type, a.data) for a in message.attachments] == [
        ("server.log", "application/octet-stream", bytes(range(90)))
    ]


def test_text_that_only_mentions_begin_is_left_alone():
    body = b"begin 644 is how uuencode starts, but this is prose\nend\n"
    message = parse(text_message(body, "us-ascii"))
    assert message.text == body.decode().strip()
    assert message.attachments == []


def test_rfc822_headers_part_is_kept():
    raw = multipart(
        "multipart/mixed",
        "h",
        part("Content-Type: text/plain", body=b"see headers"),
        part("Content-Type: text/rfc822-headers", body=b"Subject: old\r\nMessage-ID: <old@x>\r\n"),
    )
    attachment = parse(raw).attachments[0]
    assert (attachment.filename, attachment.content_type) == ("headers.txt", "text/rfc822-headers")
    assert b"Message-ID: <old@x>" in attachment.data


def test_invalid_content_type_of_an_attachment_is_guessed_from_its_name():
    raw = multipart(
        "multipart/mixed",
        "x",
        part("Content-Type: text/plain", body=b"photo attached"),
        part('Content-Type: ; name="face.jpg"', "Content-Transfer-Encoding: base64", body=b"/9j/4AAQ"),
    )
    attachment = parse(raw).attachments[0]
    assert (attachment.filename, attachment.content_type, attachment.data[:2]) == (
        "face.jpg",
        "image/jpeg",
        b"\xff\xd8",
    )


def test_absurdly_deep_nesting_is_cut_off_not_fatal():
    inner = part("Content-Type: text/plain", body=b"deep text")
    for level in range(60):
        inner = part(
            f'Content-Type: multipart/mixed; boundary="b{level}"',
            body=b"--b%d\r\n%s\r\n--b%d--" % (level, inner, level),
        )
    message = parse(b"From: a@b.example\r\n" + inner)
    assert message.text == ""
    assert any("nested deeper than" in d for d in message.defects)


def test_format_flowed_is_unwrapped():
    body = (
        b"This is a long line that the client \r\nwrapped for sending.\r\n"
        b"> quoted and \r\n> wrapped\r\n-- \r\nDana\r\n"
    )
    message = parse(
        text_message(body, "utf-8", encoding="7bit").replace(
            b"charset=utf-8", b"charset=utf-8; format=flowed"
        )
    )
    assert (
        message.text
        == "This is a long line that the client wrapped for sending.\n> quoted and wrapped\n-- \nDana"
    )


# --------------------------------------------------------------------------------------------------
# TNEF (winmail.dat)
# --------------------------------------------------------------------------------------------------


def tnef_object(level: int, name: int, kind: int, data: bytes) -> bytes:
    return struct.pack("<BHHI", level, name, kind, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def tnef_blob(files: list[tuple[str, bytes]]) -> bytes:
    """A minimal TNEF stream as Outlook writes it: version, code page, then per file its
    rendering data (which opens an attachment), title and data."""
    blob = struct.pack("<IH", 0x223E9F78, 1)
    blob += tnef_object(1, 0x9006, 0x0008, struct.pack("<I", 0x10000))
    blob += tnef_object(1, 0x9007, 0x0006, struct.pack("<II", 1252, 0))
    for name, data in files:
        blob += tnef_object(2, 0x9002, 0x0006, bytes(14))
        blob += tnef_object(2, 0x8010, 0x0001, name.encode() + b"\x00")
        blob += tnef_object(2, 0x800F, 0x0006, data)
    return blob


def winmail_message(data: bytes) -> bytes:
    return multipart(
        "multipart/mixed",
        "tnef",
        part("Content-Type: text/plain", body=b"See attachments."),
        part(
            'Content-Type: application/ms-tnef; name="winmail.dat"',
            "Content-Transfer-Encoding: base64",
            'Content-Disposition: attachment; filename="winmail.dat"',
            body=base64.encodebytes(data),
        ),
    )


def test_winmail_dat_is_expanded():
    blob = tnef_blob([("report.pdf", b"%PDF-1.4 report"), ("notes.txt", b"meeting notes")])
    message = parse(winmail_message(blob))
    assert [(a.filename, a.content_type, a.data) for a in message.attachments] == [
        ("report.pdf", "application/pdf", b"%PDF-1.4 report"),
        ("notes.txt", "text/plain", b"meeting notes"),
    ]


@pytest.mark.parametrize("blob", [b"not TNEF at all", struct.pack("<IH", 0x223E9F78, 1) + b"\x02\x10\x80"])
def test_unreadable_winmail_dat_is_kept(blob):
    message = parse(winmail_message(blob))
    assert [(a.filename, a.content_type, a.data) for a in message.attachments] == [
        ("winmail.dat", "application/ms-tnef", blob)
    ]


def test_winmail_dat_without_files_is_kept():
    blob = tnef_blob([])
    message = parse(winmail_message(blob))
    assert [a.filename for a in message.attachments] == ["winmail.dat"]


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------


def test_html_is_sanitised_but_keeps_direction_links_and_images():
    html = (
        '<html dir="rtl"><head><title>T</title><style>p{color:red}</style><script>alert(1)</script></head>'
        '<body onload="steal()"><p dir="rtl" style="direction:rtl;position:fixed;background:url(http://t/x)"'
        ' onclick="evil()">שלום <a href="javascript:alert(1)">bad</a> <a href="https://ok.example/">ok</a></p>'
        '<img src="cid:logo@acme" alt="logo"><img '
        'src="https://cdn.example/p.png"><img src="data:image/png;base64,AA">'
        "<iframe src='https://x.example'></iframe><form action='https://x.example'><input></form></body></html>"
    )
    raw = raw_message("From: a@b.example", "Content-Type: text/html; charset=utf-8", body=html.encode())
    clean = parse(raw).html
    assert clean is not None
    for removed in (
        "script",
        "alert",
        "style>",
        "onload",
        "onclick",
        "javascript:",
        "position",
        "url(",
        "iframe",
        "form",
        "data:",
        "<title",
    ):
        assert removed not in clean
    assert clean.startswith('<div dir="rtl">')  # the document direction survives the fragment
    assert '<p dir="rtl" style="direction:rtl">' in clean
    assert '<a href="https://ok.example/" rel="noopener noreferrer">ok</a>' in clean
    assert '<img src="cid:logo@acme" alt="logo">' in clean
    assert '<img src="https://cdn.example/p.png">' in clean


# --------------------------------------------------------------------------------------------------
# Automatic replies
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        (["Auto-Submitted: auto-replied"], "auto-submitted: auto-replied"),
        (["Auto-Submitted: Auto-Generated; owner-email=x@y"], "auto-submitted: auto-generated"),
        (["X-Auto-Response-Suppress: All"], "x-auto-response-suppress"),
        (["X-Auto-Response-Suppress: OOF, AutoReply"], "x-auto-response-suppress"),
        (["Precedence: bulk"], "precedence: bulk"),
        (["Precedence: junk"], "precedence: junk"),
        (["Precedence: list"], "precedence: list"),
        (["Precedence: auto_reply"], "precedence: auto_reply"),
        (["X-Autoreply: yes"], "x-autoreply"),
        (["X-Autorespond: Out of office"], "x-autorespond"),
        (["Return-Path: <>"], "empty return path"),
    ],
)
def test_automatic_headers(headers, reason):
    message = parse(raw_message("From: dana@acme.example", "Subject: hi", *headers, body=b"x"))
    assert message.auto_reply == reason
    assert message.bounce is None


@pytest.mark.parametrize(
    "subject",
    [
        "Automatic reply: printer",
        "Out of Office: printer",
        "Out of Office AutoReply: printer",
        "Out of office",
        "Autosvar: skrivare",
        "Automaattinen vastaus: tulostin",
        "מענה אוטומטי: מדפסת",
        "תשובה אוטומטית: מדפסת",
        "پاسخ خودکار: چاپگر",
        "پاسخ خودكار: چاپگر",  # Arabic kaf, as windows-1256 mail writes it
    ],
)
def test_out_of_office_subjects(subject):
    raw = raw_message("From: dana@acme.example", f"Subject: {encoded_word(subject, 'utf-8')}", body=b"x")
    assert parse(raw).auto_reply == "out of office subject"


@pytest.mark.parametrize(
    ("headers", "subject"),
    [
        (["Auto-Submitted: no", "Precedence: normal"], "Printer broken"),
        ([], "Out of office calendar sync is broken"),
        ([], "Re: Automatic reply settings do not work"),
    ],
)
def test_human_messages_are_not_automatic(headers, subject):
    assert (
        parse(raw_message("From: dana@acme.example", f"Subject: {subject}", *headers, body=b"x")).auto_reply
        is None
    )


def test_read_receipts_are_automatic_but_not_bounces():
    raw = multipart(
        "multipart/report",
        "mdn",
        part("Content-Type: text/plain", body=b"Your message was displayed."),
        part(
            "Content-Type: message/disposition-notification",
            body=b"Final-Recipient: rfc822;dana@acme.example\r\n",
        ),
        headers=(),
    ).replace(b"multipart/report;", b"multipart/report; report-type=disposition-notification;")
    message = parse(raw)
    assert message.auto_reply == "report: disposition-notification"
    assert message.bounce is None


# --------------------------------------------------------------------------------------------------
# Bounces
# --------------------------------------------------------------------------------------------------


def dsn(
    status_blocks: bytes, returned: bytes, returned_type: str = "message/rfc822", **headers: str
) -> bytes:
    return raw_message(
        "Return-Path: <>",
        "From: Mail Delivery System <MAILER-DAEMON@mx.support.example>",
        "To: desk@support.example",
        "Subject: Undelivered Mail Returned to Sender",
        "Auto-Submitted: auto-replied",
        *(f"{name.replace('_', '-')}: {value}" for name, value in headers.items()),
        'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
        body=b"--dsn\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n"
        b"--dsn\r\nContent-Type: message/delivery-status\r\n\r\n"
        + status_blocks
        + b"\r\n--dsn\r\nContent-Type: "
        + returned_type.encode()
        + b"\r\n\r\n"
        + returned
        + b"\r\n--dsn--\r\n",
    )


STATUS = (
    b"Reporting-MTA: dns; mx.support.example\r\n\r\n"
    b"Final-Recipient: rfc822; <Gone@Acme.example>\r\nAction: failed\r\nStatus: 5.1.1\r\n"
    b"Diagnostic-Code: smtp; 550 5.1.1 <gone@acme.example>: Recipient address\r\n"
    b" rejected: User unknown\r\n\r\n"
    b"Original-Recipient: rfc822;late@acme.example\r\nFinal-Recipient: rfc822;late@acme.example\r\n"
    b"Action: delayed\r\nStatus: 4.4.1\r\n"
)
RETURNED = (
    b"From: desk@support.example\r\nMessage-ID: <ticket-42.1@support.example>\r\nSubject: [#42]\r\n\r\nbody"
)


def test_dsn_bounce_is_parsed():
    message = parse(dsn(STATUS, RETURNED))
    assert message.bounce == parsing.Bounce(
        original_message_id="ticket-42.1@support.example",
        recipients=["gone@acme.example"],
        status="5.1.1",
        diagnostic="550 5.1.1 <gone@acme.example>: Recipient address rejected: User unknown",
        action="failed",
    )
    assert message.auto_reply is None  # a bounce, not an auto-reply, despite Auto-Submitted and <>
    assert message.text == "I'm sorry to have to inform you..."
    assert [a.filename for a in message.attachments] == ["delivery-status.txt", "message.eml"]


def test_dsn_with_returned_headers_only():
    headers_only = b"From: desk@support.example\r\nMessage-ID:\r\n <ticket-7@support.example>\r\n"
    message = parse(dsn(STATUS, headers_only, "text/rfc822-headers"))
    assert message.bounce is not None
    assert message.bounce.original_message_id == "ticket-7@support.example"


def test_delay_only_dsn_reports_the_delayed_recipient():
    delayed = (
        b"Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; late@acme.example\r\n"
        b"Action: delayed\r\nStatus: 4.4.1\r\n"
    )
    bounce = parse(dsn(delayed, RETURNED)).bounce
    assert bounce is not None
    assert (bounce.recipients, bounce.status, bounce.action, bounce.diagnostic) == (
        ["late@acme.example"],
        "4.4.1",
        "delayed",
        "",
    )


def test_dsn_without_returned_message_uses_in_reply_to():
    raw = dsn(STATUS, b"", "text/plain", In_Reply_To="<ticket-9@support.example>")
    assert parse(raw).bounce.original_message_id == "ticket-9@support.example"


def test_classic_bounce_from_mailer_daemon():
    body = (
        b"Hi. This is the qmail-send program at mx.acme.example.\n"
        b"I'm afraid I wasn't able to deliver your message to the following addresses.\n\n"
        b"<gone@acme.example>:\n550 5.1.1 sorry, no mailbox here by that name\n\n"
        b"--- Below this line is a copy of the message.\n\n"
        b"Message-ID: <ticket-5@support.example>\n"
        b"From: desk@support.example\nTo: gone@acme.example\n\nhello\n"
    )
    raw = raw_message(
        "From: MAILER-DAEMON@mx.acme.example",
        "To: desk@support.example",
        "Subject: failure notice",
        "Return-Path: <>",
        body=body,
        crlf=False,
    )
    message = parse(raw)
    assert message.bounce == parsing.Bounce(
        original_message_id="ticket-5@support.example",
        recipients=["gone@acme.example"],
        status="5.1.1",
        diagnostic="550 5.1.1 sorry, no mailbox here by that name",
        action="failed",
    )
    assert message.auto_reply is None


def test_postmaster_mail_that_is_not_a_failure_is_not_a_bounce():
    raw = raw_message("From: postmaster@acme.example", "Subject: New spam filter from Monday", body=b"FYI")
    message = parse(raw)
    assert message.bounce is None


# --------------------------------------------------------------------------------------------------
# Quote and signature stripping, end to end with the languages' own charsets
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "charset", "reply"),
    [
        (
            "Works now, thanks.\n\nOn Mon, 3 Mar 2025 at 10:15, Support Team <support@moked.example>\n"
            "wrote:\n> Please restart it.\n",
            "utf-8",
            "Works now, thanks.",
        ),
        (
            "Done.\n\n-----Original Message-----\nFrom: Support\n"
            "Sent: Monday\nTo: Dana\nSubject: x\n\nold text",
            "utf-8",
            "Done.",
        ),
        (
            "Done.\n\n________________________________\nFrom: Support <s@moked.example>\n"
            "Sent: Monday, March 3, 2025 10:15 AM\nTo: Dana\nSubject: RE: printer\n\nold text",
            "utf-8",
            "Done.",
        ),
        (
            "המדפסת עובדת עכשיו.\n\nבתאריך יום ב׳, 3 במרץ 2025 ב-10:15 מאת תמיכה <support@moked.example>:\n"
            "> נא לאתחל\n",
            "utf-8",
            "המדפסת עובדת עכשיו.",
        ),
        (
            "תודה, זה עובד.\n\nב-3 במרץ 2025, בשעה 10:15, תמיכה <support@moked.example> כתב/ה:\n> נא לאתחל\n",
            "windows-1255",
            "תודה, זה עובד.",
        ),
        (
            "תקין.\n\nמאת: תמיכה <support@moked.example>\n"
            "נשלח: יום שני 3 מרץ 2025 10:15\nאל: דנה\nנושא: תקלה\n\nישן",
            "windows-1255",
            "תקין.",
        ),
        (
            "עובד.\n\nב־03/03/2025 10:15, תמיכה כתב:\n> ישן\n\n-----הודעה מקורית-----\nעוד",
            "windows-1255",
            "עובד.",
        ),
        (
            "چاپگر درست شد.\n\n"
            "در تاریخ دوشنبه ۳ مارس ۲۰۲۵ ساعت ۱۰:۱۵ پشتیبانی <support@moked.example> نوشت:\n"
            "> لطفا راه اندازی کنید\n",
            "utf-8",
            "چاپگر درست شد.",
        ),
        ("درست شد.\n\nدر تاريخ 3 مارس 2025 پشتيباني نوشت:\n> قديمي\n", "windows-1256", "درست شد."),
        (
            "درست شد.\n\nاز: پشتيباني <support@moked.example>\n"
            "ارسال شده: دوشنبه\nبه: دانا\nموضوع: خرابي\n\nقديمي",
            "windows-1256",
            "درست شد.",
        ),
        (
            "Tulostin toimii nyt.\n\n"
            "ma 3. maalisk. 2025 klo 10.15 Tuki <tuki@moked.example> kirjoitti:\n> vanha\n",
            "iso-8859-15",
            "Tulostin toimii nyt.",
        ),
        (
            "Toimii.\n\nma 3. maalisk. 2025 klo 10.15 Tuki <\ntuki@moked.example> kirjoitti:\n> vanha",
            "iso-8859-1",
            "Toimii.",
        ),
        (
            "Toimii, 10 €.\n\nLähettäjä: Tuki <tuki@moked.example>\n"
            "Lähetetty: maanantai 3. maaliskuuta 2025 10.15\n"
            "Vastaanottaja: Matti\nAihe: Vika\n\nvanha",
            "iso-8859-15",
            "Toimii, 10 €.",
        ),
        ("Toimii.\n\nTuki kirjoitti 3.3.2025 klo 10.15:\n> vanha", "iso-8859-1", "Toimii."),
        ("Toimii.\n\n-----Alkuperäinen viesti-----\nvanha", "iso-8859-1", "Toimii."),
    ],
)
def test_quoted_history_is_removed_in_each_language(body, charset, reply):
    message = parse(text_message(body.encode(charset), charset))
    assert message.text == body.strip("\n")
    assert message.reply_text == reply


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("Text here.\n\n-- \nDana Cohen\nAcme", "Text here."),
        ("ok\n\nSent from my iPhone", "ok"),
        ("Kiitos avusta, toimii.\n\nTerveisin\nMatti", "Kiitos avusta, toimii."),
        ("עובד עכשיו.\n\nבברכה,\nדנה", "עובד עכשיו."),
        ("درست شد.\n\nبا تشکر\nدانا", "درست شد."),
        (
            "Thanks, the fix worked.\nAlso the scanner is broken.",
            "Thanks, the fix worked.\nAlso the scanner is broken.",
        ),
        (
            "The log:\n    line 1\n        line 2\n\nOn Mon, 3 Mar 2025, Desk wrote:\n> x",
            "The log:\n    line 1\n        line 2",
        ),
        (
            "On Mon, 3 Mar 2025 at 09:00, Desk <desk@support.example> wrote:\n"
            "> old\n> older\n\nMy answer below.\n\n-- \nDana",
            "My answer below.",
        ),
        ("> only quoted text\n> nothing else", "> only quoted text\n> nothing else"),
        ("Answer on top.\n\n> quoted without any header\n> more", "Answer on top."),
    ],
)
def test_signatures_bottom_posting_and_fallback(text, reply):
    assert parsing.strip_quoted_text(text) == reply


def test_hebrew_header_needs_our_patterns():
    """The library alone does not know the Hebrew header; the extension is what removes it."""
    from mailparser_reply import EmailReplyParser

    text = "עובד.\n\nבתאריך יום ב׳, 3 במרץ 2025 ב-10:15 מאת תמיכה <support@moked.example>:\n> ישן"
    assert "בתאריך" in EmailReplyParser(languages=["en"]).parse_reply(text)
    assert parsing.strip_quoted_text(text) == "עובד."


def test_html_reply_is_stripped_too():
    html = (
        '<div dir="rtl">בוצע, תודה.</div><br><div class="gmail_quote"><div dir="rtl" class="gmail_attr">'
        "בתאריך יום ב׳, 3 במרץ 2025 ב-10:15 מאת תמיכה &lt;support@moked.example&gt;:<br></div>"
        "<blockquote>נא לאתחל</blockquote></div>"
    )
    raw = raw_message("From: a@b.example", "Content-Type: text/html; charset=utf-8", body=html.encode())
    message = parse(raw)
    assert "> נא לאתחל" in message.text
    assert message.reply_text == "בוצע, תודה."
