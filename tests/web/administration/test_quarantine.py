"""The mail quarantine page: who may open it, the list with its filters and pages, a message shown
safely (never as HTML), its download, and processing it again or discarding it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from moked.mail import configuration
from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage, Mailbox
from moked.tickets.models import Ticket
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory
from tests.mail.conftest import DESK, mail
from tests.web.clients import client_for
from tests.web.conftest import PASSWORD
from tests.web.test_accessibility import check

STRANGER = "partner@partner.example"


def take(raw: bytes, to: str = DESK) -> InboundMessage:
    return InboundMessage.objects.get(pk=ingest(raw, to=to, source=InboundMessage.Source.GATE).message)


@pytest.fixture
def org(db):
    return OrganisationFactory(code="ACME", name="Acme", domains=["acme.example"])


@pytest.fixture
def admin(db):
    return AdminFactory(username="agent-maya", name="Maya Admin")


@pytest.fixture
def mailbox(org, admin):
    return configuration.create_mailbox(admin, organisation=org, address=DESK, name="Acme desk")


@pytest.fixture
def kept(mailbox):
    """A message from a stranger, which the mailbox's policy keeps in quarantine."""
    return take(
        mail(
            sender=f"Pat Partner <{STRANGER}>",
            subject="Access for our contractor",
            body="Please give <script>alert('x')</script> access to the VPN.",
            html="<p>Please give <b>bold</b> access</p><script>alert('x')</script>",
            attachments=[("contract.pdf", "application/pdf", b"%PDF-1.4 " + b"0" * 2000)],
        )
    )


@pytest.mark.django_db
def test_only_admins_open_the_quarantine(org, kept):
    pages = [
        "/desk/administration/quarantine/",
        f"/desk/administration/quarantine/{kept.pk}/",
        f"/desk/administration/quarantine/{kept.pk}/raw/",
    ]
    agent, end_user = AgentFactory(serves=[org]), PersonFactory(organisation=org)
    for page in pages:
        assert client_for(agent).get(page).status_code == 403
        assert client_for(end_user).get(page).status_code == 403
        assert Client().get(page).url.startswith("/accounts/login/")
        assert client_for(AdminFactory()).get(page).status_code == 200
    for action in ("process", "discard"):
        assert client_for(agent).post(pages[1], {"action": action}).status_code == 403
    kept.refresh_from_db()
    assert kept.outcome == "quarantine"
    for page in ("/desk/administration/quarantine/999999/", "/desk/administration/quarantine/999999/raw/"):
        assert client_for(AdminFactory()).get(page).status_code == 404


@pytest.mark.django_db
def test_the_list_shows_what_was_kept_back_and_filters_it(org, admin, mailbox, kept):
    PersonFactory(organisation=org, email="dana@acme.example")
    take(mail(subject="A normal request"))  # a ticket: not listed
    rejected = take(mail(subject="For nobody", to="nobody@support.example"), to="nobody@support.example")
    other = configuration.create_mailbox(
        admin, organisation=OrganisationFactory(), address="beta@support.example"
    )
    old = take(mail(sender=STRANGER, subject="Old stranger mail", to=other.address), to=other.address)
    InboundMessage.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=10))
    client = client_for(admin)

    def listed(**filters) -> str:
        return client.get("/desk/administration/quarantine/", filters).content.decode()

    everything = listed()
    assert "Access for our contractor" in everything and "For nobody" in everything
    assert "Old stranger mail" in everything and "A normal request" not in everything
    assert STRANGER in everything and "is not known" in everything and "3 messages" in everything
    only_rejected = listed(outcome="rejected")
    assert "For nobody" in only_rejected and "Access for our contractor" not in only_rejected
    by_mailbox = listed(mailbox=other.pk)
    assert "Old stranger mail" in by_mailbox and "Access for our contractor" not in by_mailbox
    no_mailbox = listed(mailbox="none")
    assert "For nobody" in no_mailbox and "Old stranger mail" not in no_mailbox
    recent = listed(received_from=(timezone.localdate() - timedelta(days=2)).isoformat())
    assert "Old stranger mail" not in recent and "Access for our contractor" in recent
    until = listed(received_until=(timezone.localdate() - timedelta(days=9)).isoformat())
    assert "Old stranger mail" in until and "Access for our contractor" not in until
    assert rejected.outcome == "rejected"


@pytest.mark.django_db
def test_a_bad_filter_is_reported_and_left_out(admin, kept):
    page = client_for(admin).get(
        "/desk/administration/quarantine/", {"received_from": "yesterday", "mailbox": "424242"}
    )
    content = page.content.decode()
    assert (
        page.status_code == 200 and "Enter a valid date." in content and "Select a valid choice." in content
    )
    assert "Access for our contractor" in content


@pytest.mark.django_db
def test_the_list_comes_in_pages_with_the_filters_kept(admin, mailbox):
    for number in range(55):  # each from another stranger: 55 from one would be a flood
        take(mail(sender=f"stranger{number}@partner.example", subject=f"Stranger mail {number:02d}"))
    client = client_for(admin)
    first = client.get("/desk/administration/quarantine/", {"outcome": "quarantine"}).content.decode()
    assert first.count("Stranger mail") == 50 and "Page 1 of 2" in first
    assert "?outcome=quarantine&amp;page=2" in first
    second = client.get(
        "/desk/administration/quarantine/", {"outcome": "quarantine", "page": 2}
    ).content.decode()
    assert second.count("Stranger mail") == 5 and "Stranger mail 00" in second  # the oldest last


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_the_list_takes_a_bounded_number_of_queries(admin, mailbox, count, django_assert_max_num_queries):
    for number in range(count):
        take(mail(sender=f"stranger{number}@partner.example", subject=f"Stranger mail {number}"))
    client = client_for(admin)
    with django_assert_max_num_queries(9):
        assert client.get("/desk/administration/quarantine/").status_code == 200


@pytest.mark.django_db
def test_a_message_is_shown_as_text_never_as_html(admin, kept):
    page = client_for(admin).get(f"/desk/administration/quarantine/{kept.pk}/").content.decode()
    assert "Pat Partner &lt;partner@partner.example&gt;" in page and "Access for our contractor" in page
    assert "is not known, and not in an e-mail domain of Acme" in page
    assert "Please give &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; access" in page
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "contract.pdf" in page and "application/pdf" in page
    assert "Process again" in page and "Discard" in page
    assert f"/desk/administration/quarantine/{kept.pk}/raw/" in page


@pytest.mark.django_db
def test_an_unreadable_message_shows_why_and_what_came(admin, mailbox):
    unreadable = take(b"\x00\x01 this is no e-mail \xff")
    page = client_for(admin).get(f"/desk/administration/quarantine/{unreadable.pk}/").content.decode()
    assert "This is not a readable e-mail message" in page and "this is no e-mail" in page


@pytest.mark.django_db
def test_the_raw_message_downloads_as_it_came(admin, kept):
    response = client_for(admin).get(f"/desk/administration/quarantine/{kept.pk}/raw/")
    assert response["Content-Type"] == "message/rfc822"
    assert f'filename="message-{kept.pk}.eml"' in response["Content-Disposition"]
    with kept.raw.open("rb") as file:
        assert b"".join(response.streaming_content) == file.read()


@pytest.mark.django_db
def test_processing_again_after_mending_makes_a_ticket_and_links_it(admin, mailbox, kept):
    client = client_for(admin)
    url = f"/desk/administration/quarantine/{kept.pk}/"
    still = client.post(url, {"action": "process"}, follow=True).content.decode()
    assert "Processed again: Quarantined." in still and Ticket.objects.count() == 0
    configuration.update_mailbox(admin, mailbox, {"unknown_senders": Mailbox.UnknownSenders.CREATE})
    done = client.post(url, {"action": "process"}, follow=True).content.decode()
    ticket = Ticket.objects.get()
    assert "Processed again: New ticket. INC-000001" in done
    assert f'href="/desk/tickets/{ticket.reference}/"' in done and "Process again" not in done
    again = client.post(url, {"action": "process"}, follow=True).content.decode()
    assert "already dealt with (New ticket)" in again and Ticket.objects.count() == 1


@pytest.mark.django_db
def test_discarding_keeps_the_message_and_says_who_and_when(admin, mailbox, kept):
    client = client_for(admin)
    url = f"/desk/administration/quarantine/{kept.pk}/"
    page = client.post(url, {"action": "discard"}, follow=True).content.decode()
    kept.refresh_from_db()
    assert (kept.outcome, kept.discarded_by) == ("discarded", admin)
    assert "Discarded by Maya Admin" in page and "Process again" in page
    assert "Access for our contractor" not in client.get("/desk/administration/quarantine/").content.decode()
    listed = client.get("/desk/administration/quarantine/", {"outcome": "discarded"}).content.decode()
    assert "Access for our contractor" in listed
    assert client.get(f"{url}raw/").status_code == 200
    refused = client.post(url, {"action": "discard"}, follow=True).content.decode()
    assert "Only a quarantined message can be discarded." in refused


@pytest.mark.django_db(transaction=True)
def test_an_admin_mends_a_quarantined_message_and_it_becomes_a_ticket(org, admin, mailbox, sign_in):
    admin.set_password(PASSWORD)
    admin.save()
    take(
        mail(
            sender=f"Pat Partner <{STRANGER}>",
            subject="Access for our contractor",
            body="VPN access, please.",
        )
    )
    page = sign_in("agent-maya")
    page.set_viewport_size({"width": 1100, "height": 900})
    page.click("nav >> text=Administration")
    page.click("main >> text=Mail quarantine")
    page.wait_for_url("**/desk/administration/quarantine/")
    check(page, "en-admin-quarantine")
    page.click("text=Access for our contractor")
    assert "is not known" in page.text_content("[data-testid=reason]")
    assert "VPN access, please." in page.text_content("[data-testid=text]")
    check(page, "en-admin-quarantine-message")
    message_url = page.url

    page.click(f"main a[href='/desk/administration/mailboxes/{mailbox.pk}/']")  # to let strangers in
    page.select_option("#id_unknown_senders", "create")
    page.click("main button:has-text('Save')")
    page.wait_for_url("**/desk/administration/mailboxes/")

    page.goto(message_url)
    page.click("text=Process again")
    page.wait_for_selector("[data-testid=ticket]")
    assert page.text_content("[data-testid=outcome]").strip() == "New ticket"
    ticket = Ticket.objects.get()
    assert (ticket.requester.email, ticket.subject) == (STRANGER, "Access for our contractor")
    page.click("[data-testid=ticket]")
    page.wait_for_url(f"**/desk/tickets/{ticket.reference}/")
    assert "VPN access, please." in page.text_content("main")
