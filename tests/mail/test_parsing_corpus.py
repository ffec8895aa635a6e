"""moked.mail.parsing over the shared corpus of real-world and torture-test messages
(../shared/data/mail: django-helpdesk, flanker and RT test mail). The files are read in place.

Expected values were checked by reading the files themselves.
"""

import bz2
from pathlib import Path

import pytest

from moked.mail.parsing import Address, ParsedMessage, UnparseableMessage, parse
from tests.shared_data import MAIL_CORPUS, require

CORPUS = MAIL_CORPUS


@pytest.fixture(autouse=True)
def _corpus():
    require(CORPUS)


def corpus_files() -> list[Path]:
    return sorted(path for path in CORPUS.rglob("*") if path.is_file()) if CORPUS.is_dir() else []


def parse_file(name: str) -> ParsedMessage:
    return parse((CORPUS / name).read_bytes())


@pytest.fixture(scope="module")
def outcomes() -> dict[str, ParsedMessage | UnparseableMessage]:
    """Every corpus file → its ParsedMessage or the UnparseableMessage it raised."""
    results: dict[str, ParsedMessage | UnparseableMessage] = {}
    for path in corpus_files():
        try:
            results[str(path.relative_to(CORPUS))] = parse(path.read_bytes())
        except UnparseableMessage as exc:
            results[str(path.relative_to(CORPUS))] = exc
    return results


def test_every_file_parses_or_is_unparseable_with_a_reason(outcomes):
    assert len(outcomes) == 190
    for name, outcome in outcomes.items():
        if isinstance(outcome, UnparseableMessage):
            assert outcome.reason, name
            assert not outcome.reason.startswith("internal error"), (name, outcome.reason)
        else:
            assert isinstance(outcome.text, str), name
            assert outcome.reply_text or not outcome.text, name


def test_unparseable_files_are_the_empty_and_binary_ones(outcomes):
    unparseable = {name: o.reason for name, o in outcomes.items() if isinstance(o, UnparseableMessage)}
    binary = "binary data without a header section, not an e-mail message"
    assert unparseable == {
        "flanker/attachments/mailgun-rocks.wav": binary,
        "flanker/attachments/mailgun.png": binary,
        "flanker/attachments/small.png": binary,
        "flanker/dkim/email.01": "empty input",
        "flanker/dkim/nofws.expected.01": "input is only whitespace",
        "flanker/dkim/relaxed.expected.01": "input is only whitespace",
        "flanker/dkim/simple.expected.01": "input is only whitespace",
    }


def test_bounces_in_the_corpus(outcomes):
    bounces = sorted(name for name, o in outcomes.items() if isinstance(o, ParsedMessage) and o.bounce)
    assert bounces == [
        "flanker/bounce/broken-mime.eml",
        "flanker/bounce/delayed-broken.eml",
        "flanker/bounce/delayed.eml",
        "flanker/bounce/gmail-invalid-address.eml",
        "flanker/bounce/gmail-no-dns.eml",
        "flanker/bounce/mailbox-full.eml",
        "flanker/bounce/no-mx.eml",
        "flanker/bounce/office365.eml",
        "flanker/bounce/zed.eml",
        "rt_emails/multipart-report",
    ]
    for name in bounces:
        assert outcomes[name].auto_reply is None, name  # bounces are never reported as auto-replies


def test_auto_replies_in_the_corpus(outcomes):
    automatic = {
        name: o.auto_reply for name, o in outcomes.items() if isinstance(o, ParsedMessage) and o.auto_reply
    }
    assert automatic == {
        "flanker/apache-message-news-mime.eml": "precedence: bulk",
        "flanker/complaints/aol.eml": "precedence: list",
        "flanker/complaints/yahoo.eml": "report: feedback-report",
        "flanker/disposition-notification.eml": "report: disposition-notification",
        "flanker/from-encoding.eml": "precedence: bulk",
        "flanker/message-external-body.eml": "precedence: bulk",
        "rt_emails/8859-15-message-series/dir": "precedence: bulk",
    }


# --------------------------------------------------------------------------------------------------
# Spot checks: subject, sender, text, attachments of named files
# --------------------------------------------------------------------------------------------------

SPOT_CHECKS = [
    # (file, subject, sender address, text snippet, [(attachment name, type, size)])
    (
        "django_helpdesk/all-special-chars.eml",
        "Testovácí email",
        "timothy.hobbs@auto-mat.cz",
        "íářčšáíéřášč",
        [],
    ),
    (
        "django_helpdesk/blank-body-with-attachment.eml",
        "Attachment without body - and a l" + "o" * 179 + "ng subject",
        "timothy.hobbs@auto-mat.cz",
        "",
        [("baf", "text/plain", 24)],
    ),
    (
        "django_helpdesk/pgp.eml",
        "example email that crashes django-helpdesk get_email",
        "bugreporter@example.com",
        "hi, thanks for looking into this :)",
        [("signature.asc", "application/pgp-signature", 801)],
    ),
    (
        "django_helpdesk/quoted_printable.eml",
        "Český test",
        "tim.thelion@gmail.com",
        "Tohle je test českých písmen odeslaných z gmailu.",
        [],
    ),
    ("flanker/8bitmime.eml", "2 RCPT MIME", "bob@example.com", "Превел", []),
    (
        "flanker/attached-pdf.eml",
        "test message via curl - extra content-type (_001_)",
        None,
        "Test - body content",
        [("test.pdf", "application/pdf", 6940)],
    ),
    (
        "flanker/bilingual-simple.eml",
        "Simple text. How are you? Как ты поживаешь?",
        "hello@example.com",
        "This line is in English\nА эта линия по-русски.",
        [],
    ),
    (
        "flanker/bz2-attachment.eml",
        "hello",
        "alice@example.com",
        "hello, world",
        [("foo.txt.bz2", "application/octet-stream", 44)],
    ),
    ("flanker/dashed-boundaries.eml", "Hi", "me@example.com", "Hi", []),
    ("flanker/encoded-header.eml", "hello", "foo.bar@example.com", "hello, world", []),
    ("flanker/enclosed.eml", "Wow", "bob@example.net", "Hello", [("thanks.eml", "message/rfc822", 2504)]),
    (
        "flanker/iphone.eml",
        "Subject",
        "someone@somewhere.com",
        "Hello\n\n~Danielle",
        [("photo.JPG", "image/jpeg", 9023)],
    ),
    (
        "flanker/mailgun-pic.eml",
        "Mailgun rocks!",
        "hello@example.com",
        "Мейлган! Хахах!",
        [("mailgun.png", "image/png", 60168)],
    ),
    ("flanker/mailformed-headers.eml", "´!", "headers@gmail.com", "Hello", []),
    ("flanker/missing-final-boundary.eml", "Test", "me@example.com", "Some body", []),
    (
        "flanker/no-ctype.eml",
        "Testing message parsing",
        "bob@marley.com",
        "I'm just testing message parsing",
        [],
    ),
    (
        "flanker/quoted-printable.eml",
        "This message contains very long links in html",
        "bob@example.com",
        "http://translate.google.com/translate?sl=de&tl=en&u=http%3A%2F%2Fwww.horizont.at",
        [],
    ),
    (
        "flanker/spam/broken-ctype.eml",
        "its me A",
        "hello@example.com",
        "Hello Dear, How are you?",
        [("facejj.jpg", "image/jpeg", 43682)],
    ),
    (
        "rt_emails/8859-15-message-series/msg1",
        "test äöüßÄÖÜß€",
        "pape@inf.fu-berlin.de",
        "test äöüßÄÖÜß€",
        [],
    ),
    ("rt_emails/new-ticket-from-gb18030", "测试", "root@localhost", "测试", []),
    (
        "rt_emails/notes-uuencoded",
        "Test e-mail which exhibits problems with RT",
        "mhenrion@example.com",
        "(UUEncoded file named: Naz_Head.jpg follows)",
        [("Naz_Head.jpg", "image/jpeg", 104846)],
    ),
    (
        "rt_emails/rfc2231-attachment-filename-continuations",
        "Client ? Japanese Attachment Name issue",
        "root@localhost",
        "Some data in a file",
        [("新しいテキスト ドキュメント.txt", "text/plain", 141)],
    ),
    ("rt_emails/subject-with-folding-ws", "test", "foo@example.com", "test", []),
    (
        "rt_emails/nested-rfc-822",
        "[Jonas Liljegren] Re: [Para] Nivåer?",
        "jonas@example.com",
        "Material för att uppdatera texten om nivåer.",
        [("message.eml", "message/rfc822", 7789)],
    ),
    (
        "flanker/dkim/email.23",
        "This subject that wraps onto a new line with a space and then onto another line indented by a tab",
        "joe@example.net",
        "Single line of text",
        [],
    ),
]


@pytest.mark.parametrize(
    ("name", "subject", "sender", "snippet", "attachments"), SPOT_CHECKS, ids=[c[0] for c in SPOT_CHECKS]
)
def test_spot_check(name, subject, sender, snippet, attachments):
    message = parse_file(name)
    assert message.subject == subject
    assert (message.sender.address if message.sender else None) == sender
    assert snippet in message.text
    if not snippet:
        assert message.text == ""
    assert [(a.filename, a.content_type, len(a.data)) for a in message.attachments] == attachments


def test_attachment_bytes_match_the_originals():
    # flanker ships the picture it attached to mailgun-pic.eml.
    assert (
        parse_file("flanker/mailgun-pic.eml").attachments[0].data
        == (CORPUS / "flanker/attachments/mailgun.png").read_bytes()
    )
    assert bz2.decompress(parse_file("flanker/bz2-attachment.eml").attachments[0].data) == b"bar\n"
    uuencoded = parse_file("rt_emails/notes-uuencoded")
    assert uuencoded.attachments[0].data.startswith(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    assert "begin 644" not in uuencoded.text
    assert parse_file("flanker/attached-pdf.eml").attachments[0].data.startswith(b"%PDF-1.3")


def test_enclosed_message_is_itself_parseable():
    enclosed = parse(parse_file("rt_emails/nested-rfc-822").attachments[0].data)
    assert enclosed.subject == "Re: [Para] Nivåer?"


def test_inline_image_and_html_of_an_iphone_message():
    message = parse_file("flanker/iphone.eml")
    assert message.attachments[0].inline is True


@pytest.mark.parametrize(
    ("name", "original_message_id", "recipients", "status", "action", "diagnostic_start"),
    [
        (
            "flanker/bounce/zed.eml",
            "20090708054735.GC7578@example.com",
            ["asdfasdfasdfasdfasdfasdfewrqertrtyrthsfgdfgadfqeadvxzvz@gmail.com"],
            "5.1.1",
            "failed",
            "550-5.1.1 The email account that you tried to reach does not exist.",
        ),
        (
            "flanker/bounce/no-mx.eml",
            "19E44CA63F984902B7D654F8FF40F89D@bo",
            ["user@example.com"],
            "4.4.4",
            "delayed",
            "454 4.4.4 [internal] no MX or A for domain",
        ),
        (
            "flanker/bounce/mailbox-full.eml",
            "4E326A95.3010907@example.com",
            ["user@aol.com"],
            "5.2.2",
            "failed",
            "552 5.2.2 E4.12 user MAILBOX FULL",
        ),
        (
            "flanker/bounce/delayed.eml",
            None,
            ["foo@example.com"],
            "4.0.0",
            "failed",
            "426 connection timed out",
        ),
        ("flanker/bounce/delayed-broken.eml", None, ["demo@example.com"], "4.2.2", "failed", ""),
        (
            "flanker/bounce/office365.eml",
            "20171013111011.20866.254C2F3A4D7AA526@ninomail.com",
            ["noname@example.com"],
            "5.1.10",
            "failed",
            "550 5.1.10 RESOLVER.ADR.RecipientNotFound",
        ),
        (
            "rt_emails/multipart-report",
            "200308221615.h7MGFGac020135@mx12.other.example.com",
            ["jesmund@mailbox.other.example.com"],
            "5.1.1",
            "failed",
            "550 5.1.1 <jesmund>... User unknown",
        ),
        # Classic, non-DSN bounces
        (
            "flanker/bounce/gmail-invalid-address.eml",
            "CAKsfaBUUGqVZiaMrmH3TRPfq1odQPtM7Ey5YW1SgyJJRHtAjgw@mail.gmail.com",
            ["awfawfawfawfawfaw@someserverhere.com"],
            "5.1.0",
            "failed",
            "550 5.1.0 Recipient rejected",
        ),
        (
            "flanker/bounce/gmail-no-dns.eml",
            None,
            ["user@example.comm"],
            "",
            "failed",
            "DNS Error: Domain name not found",
        ),
        (
            "flanker/bounce/broken-mime.eml",
            None,
            ["info@example.net"],
            "",
            "failed",
            "Delivery failed 10 attempts",
        ),
    ],
)
def test_corpus_bounces(name, original_message_id, recipients, status, action, diagnostic_start):
    bounce = parse_file(name).bounce
    assert bounce is not None
    assert bounce.original_message_id == original_message_id
    assert bounce.recipients == recipients
    assert bounce.status == status
    assert bounce.action == action
    assert bounce.diagnostic.startswith(diagnostic_start)


def test_quoted_reply_in_the_corpus_is_stripped():
    message = parse_file("flanker/mailgun-pic.eml")
    assert message.text.endswith("-- \nRegards,\nAlex")
    assert message.reply_text == "Мейлган! Хахах!"


def test_raw_8bit_names_in_the_corpus():
    message = parse_file("flanker/russian-attachment-yahoo.eml")
    # The sender's client cut the UTF-8 name mid-character; the rest is kept.
    assert message.attachments[0].filename.startswith("Картинка с очень, очень длинным предлинным именем")
    assert parse_file("rt_emails/new-ticket-from-iso-8859-1-full").sender == Address(
        "Wilhelmsen Håvard", "hw@nordkapp.net"
    )
