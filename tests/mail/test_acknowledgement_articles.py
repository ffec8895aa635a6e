"""The acknowledgement of a new e-mail request lists articles that may answer it, when the
organisation asks for it: in the requester's language, only what the requester may see."""

import pytest

from moked.knowledge import services as knowledge
from moked.knowledge.models import Article
from moked.mail.ingest import ingest
from moked.tenancy.services import update_organisation
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, make_ticket
from tests.knowledge.making import published_article

from .conftest import DESK, mail
from .test_outbound import deliver_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(org):
    admin, other = AdminFactory(), OrganisationFactory(code="OTHER")
    author = AgentFactory(serves=[org, other])
    printer = published_article(
        author,
        admin,
        {
            "en": ("The printer prints blank pages", "Shake the toner cartridge and print a test page."),
            "fi": ("Tulostin tulostaa tyhjiä sivuja", "Ravista värikasettia ja tulosta testisivu."),
        },
    )
    internal = published_article(
        author,
        admin,
        {"en": ("Printer blank pages: the vendor's hotline", "Call the printer vendor.")},
        visibility=Article.Visibility.INTERNAL,
    )
    others = published_article(
        author,
        admin,
        {"en": ("Blank pages on the OTHER printers", "Their own printers.")},
        organisation=other,
    )
    draft = knowledge.create_article(author, language="en", title="Printer prints blank pages again")
    return {"admin": admin, "printer": printer, "hidden": [internal, others, draft]}


def ask_for_articles(org, admin) -> None:
    update_organisation(admin, org, {"articles_in_acknowledgement": True})


def test_articles_are_listed_only_when_the_organisation_asks_for_them(
    mailbox, org, customer, articles, smtp_sink
):
    ingest(mail(subject="Printer prints blank pages"), to=DESK, source="gate")
    deliver_all()
    ask_for_articles(org, articles["admin"])
    ingest(mail(subject="Printer prints blank pages", body="Again today."), to=DESK, source="gate")
    deliver_all()

    silent, listing = (m.get_body(("plain",)).get_content() for m in smtp_sink.messages)
    address = f"http://127.0.0.1:8000/portal/knowledge/{articles['printer'].pk}/"
    assert "The printer prints blank pages" not in silent and address not in silent
    assert f"- The printer prints blank pages: {address}" in listing
    html = smtp_sink.messages[1].get_body(("html",)).get_content()
    assert f'<a href="{address}" dir="auto">The printer prints blank pages</a>' in html


def test_the_articles_are_in_the_requesters_language_and_only_those_they_may_see(
    mailbox, org, customer, articles, smtp_sink
):
    customer.language = "fi"
    customer.save(update_fields=["language"])
    ask_for_articles(org, articles["admin"])

    ingest(
        mail(subject="Printer prints blank pages", body="The printer prints blank pages."),
        to=DESK,
        source="gate",
    )
    deliver_all()

    (acknowledgement,) = smtp_sink.messages
    text = acknowledgement.get_body(("plain",)).get_content()
    assert "Tulostin tulostaa tyhjiä sivuja" in text and "The printer prints blank pages" not in text
    for hidden in articles["hidden"]:
        assert f"/portal/knowledge/{hidden.pk}/" not in text
    assert "vendor" not in text and "OTHER" not in text


def test_a_request_from_the_portal_gets_no_articles_in_its_acknowledgement(
    mailbox, org, customer, articles, smtp_sink
):
    ask_for_articles(org, articles["admin"])
    make_ticket(customer, subject="Printer prints blank pages")
    deliver_all()

    (acknowledgement,) = smtp_sink.messages
    assert "/portal/knowledge/" not in acknowledgement.get_body(("plain",)).get_content()
