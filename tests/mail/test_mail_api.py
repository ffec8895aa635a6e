"""The e-mail records through the API: mailboxes and the inbound log for admins, and a ticket's mail
for the staff who serve its organisation, nobody else."""

from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage, Mailbox
from moked.tickets import services
from moked.tickets.models import Ticket
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory

from .conftest import DESK, mail

pytestmark = pytest.mark.django_db


def take(raw: bytes, to: str = DESK):
    return ingest(raw, to=to, source=InboundMessage.Source.GATE)


def download(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_admin_adds_a_mailbox(api_as, org):
    client = api_as(AdminFactory())
    response = client.post(
        "/api/v1/mailboxes/",
        {"organisation": "ACME", "address": "Help@Acme.Example", "name": "Acme help", "imap_password": "s3"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["address"] == "help@acme.example"
    assert "imap_password" not in response.json()
    assert Mailbox.objects.get().organisation == org


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"organisation": "NOPE", "address": "a@acme.example", "name": "x"}, "organisation"),
        ({"organisation": "ACME", "address": "not an address", "name": "x"}, "address"),
        ({"organisation": "ACME", "address": DESK, "name": "again"}, "address"),
    ],
)
def test_a_bad_mailbox_is_refused_and_nothing_changes(api_as, mailbox, payload, field):
    response = api_as(AdminFactory()).post("/api/v1/mailboxes/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert list(Mailbox.objects.values_list("address", flat=True)) == [DESK]


def test_only_admins_see_mailboxes_and_the_inbound_log(api_as, mailbox, customer, agent):
    take(mail())
    for person in (agent, customer):
        client = api_as(person)
        assert client.get("/api/v1/mailboxes/").json()["results"] == []
        assert client.get("/api/v1/mail/inbound/").json()["results"] == []
    listing = api_as(AdminFactory()).get("/api/v1/mail/inbound/").json()["results"]
    assert [(m["sender"], m["outcome"], m["ticket"]) for m in listing] == [
        ("dana@acme.example", "ticket", "INC-000001")
    ]


def test_the_quarantine_is_listed_and_processed_again_after_mending(api_as, mailbox, org):
    take(mail(sender="partner@partner.example", subject="Access for our contractor"))
    client = api_as(AdminFactory())
    quarantine = client.get("/api/v1/mail/inbound/", {"outcome": "quarantine"}).json()["results"]
    assert [m["subject"] for m in quarantine] == ["Access for our contractor"]
    PersonFactory(organisation=org, email="partner@partner.example")
    result = client.post(f"/api/v1/mail/inbound/{quarantine[0]['id']}/reprocess/").json()
    assert (result["outcome"], result["ticket"]) == ("ticket", "INC-000001")
    assert client.get("/api/v1/mail/inbound/", {"outcome": "quarantine"}).json()["results"] == []
    again = client.post(f"/api/v1/mail/inbound/{quarantine[0]['id']}/reprocess/")
    assert again.status_code == 400 and "already dealt with" in again.json()["message"]
    assert Ticket.objects.count() == 1


def test_an_admin_downloads_the_message_as_received(api_as, mailbox, customer):
    raw = mail(body="Exactly these bytes.")
    take(raw)
    response = api_as(AdminFactory()).get(f"/api/v1/mail/inbound/{InboundMessage.objects.get().pk}/raw/")
    assert response.status_code == 200 and response["Content-Type"] == "message/rfc822"
    assert download(response) == raw


def test_a_tickets_mail_shows_what_came_in_and_went_out(api_as, mailbox, customer, agent):
    raw = mail(body="The printer again.")
    take(raw)
    ticket = Ticket.objects.get()
    services.add_comment(agent, ticket, "We are on it.")
    client = api_as(agent)
    data = client.get(f"/api/v1/tickets/{ticket.reference}/mail/").json()
    assert [m["sender"] for m in data["inbound"]] == ["dana@acme.example"]
    assert sorted(m["kind"] for m in data["outbound"]) == ["received", "reply"]
    assert all(m["recipients"] == ["dana@acme.example"] for m in data["outbound"])
    original = client.get(data["inbound"][0]["raw_url"])
    assert original.status_code == 200 and download(original) == raw


def test_customers_and_strangers_do_not_see_a_tickets_mail(api_as, mailbox, customer, agent):
    take(mail())
    ticket = Ticket.objects.get()
    message = InboundMessage.objects.get()
    raw_url = f"/api/v1/tickets/{ticket.reference}/mail/{message.pk}/raw/"

    own = api_as(customer)
    assert own.get(f"/api/v1/tickets/{ticket.reference}/mail/").json() == {"inbound": [], "outbound": []}
    assert own.get(raw_url).status_code == 404

    other_org = OrganisationFactory(code="OTHR")
    stranger = AgentFactory(serves=[other_org])
    assert api_as(stranger).get(f"/api/v1/tickets/{ticket.reference}/mail/").status_code == 404
    assert api_as(stranger).get(raw_url).status_code == 404


def test_a_message_of_another_ticket_is_not_served_under_this_one(api_as, mailbox, customer, agent):
    take(mail(subject="First"))
    take(mail(subject="Second"))
    first, second = Ticket.objects.order_by("pk")
    message_of_second = InboundMessage.objects.get(ticket=second)
    response = api_as(agent).get(f"/api/v1/tickets/{first.reference}/mail/{message_of_second.pk}/raw/")
    assert response.status_code == 404


def test_images_inside_a_formatted_reply_point_to_their_attachments(api_as, mailbox, customer, agent):
    take(mail())
    ticket = Ticket.objects.get()
    reply = EmailMessage()
    reply["From"], reply["To"] = "dana@acme.example", DESK
    reply["Subject"] = f"Re: [{ticket.reference}] Printer on floor 2 prints blank pages"
    reply["Message-ID"] = make_msgid(domain="client.example")
    reply.set_content("This is what the screen shows.")
    image_id = make_msgid(domain="client.example")
    reply.add_alternative(
        f'<p>This is what the screen shows.</p><img src="cid:{image_id[1:-1]}">', subtype="html"
    )
    reply.get_payload()[1].add_related(b"\x89PNG" + b"0" * 64, "image", "png", cid=image_id, filename="s.png")
    assert take(reply.as_bytes()).outcome == "reply"

    comments = api_as(customer).get(f"/api/v1/tickets/{ticket.reference}/comments/").json()["results"]
    (from_mail,) = [c for c in comments if c["html"]]
    (image,) = from_mail["attachments"]
    assert f'<img src="{image["download_url"]}">' in from_mail["html"]
    assert "cid:" not in from_mail["html"]
