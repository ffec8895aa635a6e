"""Every message of the shared corpus (bounces, torture tests, odd charsets, broken MIME) is
taken in without a crash and accounted for; a sample is checked for what it became."""

from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings

from moked.mail import configuration
from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage, Mailbox
from moked.tickets.models import Ticket
from tests.factories import AdminFactory, OrganisationFactory
from tests.shared_data import MAIL_CORPUS, require

from .conftest import DESK

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

CORPUS = MAIL_CORPUS


@pytest.fixture(scope="module")
def corpus_results(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole corpus taken in once for the module, then rolled back."""
    require(CORPUS)
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        organisation = OrganisationFactory(code="CORPUS", domains=["corpus.example"])
        # a public help desk: whoever writes becomes an end user, so every message can become a ticket
        configuration.create_mailbox(
            AdminFactory(),
            organisation=organisation,
            address=DESK,
            unknown_senders=Mailbox.UnknownSenders.CREATE,
            sender_limit_per_hour=10_000,
        )
        files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
        yield {str(p.relative_to(CORPUS)): ingest(p.read_bytes(), to=DESK, source="gate") for p in files}
        transaction.set_rollback(True)


def test_every_message_is_accounted_for(corpus_results):
    outcomes = Counter(result.outcome for result in corpus_results.values())
    assert outcomes == {"ticket": 101, "duplicate": 42, "quarantine": 30, "bounce": 10, "auto_reply": 7}
    # each distinct message is stored once; byte-identical copies point at the first
    assert len({result.message for result in corpus_results.values()}) == InboundMessage.objects.count()
    assert not InboundMessage.objects.filter(status="received").exists()  # nothing left half done
    for name, result in corpus_results.items():
        if result.outcome in ("quarantine", "rejected"):
            assert result.reason, name  # kept with a reason
    assert Ticket.objects.count() == outcomes["ticket"]
    failed = InboundMessage.objects.filter(reason__startswith="processing failed")
    assert not failed.exists(), list(failed.values_list("reason", flat=True))


def ticket_of(corpus_results, name) -> Ticket:
    result = corpus_results[name]
    assert result.outcome == "ticket", (name, result)
    return Ticket.objects.get(number=int(result.ticket.split("-")[1]))


@pytest.mark.parametrize(
    ("name", "subject", "text"),
    [
        ("django_helpdesk/all-special-chars.eml", "Testovácí email", "íářčšáíéřášč"),
        ("django_helpdesk/quoted_printable.eml", "Český test", "českých písmen"),
        ("django_helpdesk/utf-nondecodable.eml", "Fwd: Cyklozaměstnavatel - změna vyhodnocení", "Forwarded"),
        ("flanker/8bitmime.eml", "2 RCPT MIME", "Превел"),
        (
            "flanker/bilingual-simple.eml",
            "Simple text. How are you? Как ты поживаешь?",
            "А эта линия по-русски.",
        ),
        ("flanker/long-header.eml", None, "test"),
        ("rt_emails/8859-15-message-series/msg1", "test äöüßÄÖÜß€", "test nochmal in anderer Queue"),
        ("rt_emails/new-ticket-from-gb18030", "测试", "测试"),
        ("rt_emails/nested-rfc-822", "[Jonas Liljegren] Re: [Para] Nivåer?", "Material för att uppdatera"),
        ("flanker/no-ctype.eml", "Testing message parsing", "I'm just testing message parsing"),
    ],
)
def test_subjects_and_bodies_survive_their_encodings(corpus_results, name, subject, text):
    ticket = ticket_of(corpus_results, name)
    if subject is not None:
        assert ticket.subject == subject
    else:
        assert ticket.subject.startswith("Die heiße Zypernsonne quälte Max und Victoria")
    assert text in ticket.description


@pytest.mark.parametrize(
    ("name", "attachments"),
    [
        ("flanker/iphone.eml", [("photo.JPG", 9023)]),
        ("flanker/mailgun-pic.eml", [("mailgun.png", 60168)]),
        ("flanker/spam/broken-ctype.eml", [("facejj.jpg", 43682)]),
        ("flanker/torture-part.eml", [("message.eml", 2576)]),
        ("rt_emails/notes-uuencoded", [("Naz_Head.jpg", 104846)]),  # uuencoded inside the text
        ("rt_emails/rfc2231-attachment-filename-continuations", [("新しいテキスト ドキュメント.txt", 141)]),
        ("rt_emails/nested-mime-sample", [("message.eml", 5005), ("message-2.eml", 5006)]),
        ("rt_emails/email-file-attachment-2.eml", [("test-email-2.eml", 684)]),
    ],
)
def test_attachments_arrive_whole(corpus_results, name, attachments):
    ticket = ticket_of(corpus_results, name)
    assert list(ticket.attachments.order_by("pk").values_list("filename", "size")) == attachments


@pytest.mark.parametrize(
    ("name", "outcome", "reason"),
    [
        ("flanker/bounce/gmail-invalid-address.eml", "bounce", "did not send"),
        ("flanker/disposition-notification.eml", "auto_reply", "disposition-notification"),
        ("flanker/apache-message-news-mime.eml", "auto_reply", "precedence: bulk"),
        ("flanker/attachments/small.png", "quarantine", "not an e-mail message"),
        ("flanker/attached-pdf.eml", "quarantine", "no From"),
        ("flanker/dkim/email.23", "duplicate", "Message-ID"),
    ],
)
def test_noise_is_recognised(corpus_results, name, outcome, reason):
    result = corpus_results[name]
    assert result.outcome == outcome and reason in result.reason
