"""Placeholders carry a value as written into plain text (a reply, a note, a mail's text part), and
escaped only where HTML is written: the mail's HTML part and the pages."""

import pytest

from moked.automation import services
from moked.mail.models import OutboundMessage
from tests.factories import (
    AdminFactory,
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

WRITTEN = "Seán O'Brien & Sons"
ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def admin():
    return AdminFactory(username="maya")


@pytest.fixture
def org():
    return OrganisationFactory(code="OBR", name=WRITTEN, domains=["obrien.example"])


@pytest.fixture
def agent(org):
    agent = AgentFactory(username="avi", serves=[org])
    GroupFactory(name="Desk", members=[agent])
    return agent


def _requester(org, name):
    return PersonFactory(organisation=org, username="sean", name=name, email="sean@obrien.example")


def test_a_macro_reply_carries_the_name_as_written(api_as, admin, agent, org):
    requester = _requester(org, WRITTEN)
    macro = services.create_macro(admin, name="Hello", reply="Dear {{ requester.name }},\nwe are on it.")
    ticket = make_ticket(requester)
    applied = api_as(agent).post(f"/api/v1/tickets/{ticket.reference}/macros/{macro.pk}/apply/")
    assert applied.status_code == 200, applied.json()
    reply = ticket.comments.get()
    assert reply.body == f"Dear {WRITTEN},\nwe are on it."
    mail = OutboundMessage.objects.get(kind=OutboundMessage.Kind.REPLY)
    assert f"Dear {WRITTEN}," in mail.text
    assert "Dear Seán O&#x27;Brien &amp; Sons," in mail.html


def test_a_rule_note_carries_the_organisation_as_written(admin, org):
    services.create_rule(
        admin,
        name="Note",
        trigger="ticket_created",
        conditions={},
        actions=[{"type": "add_note", "text": "Client: {{ organisation.name }} / {{ ticket.subject }}"}],
    )
    ticket = make_ticket(_requester(org, "Seán"), subject="Fish & chips <b>now</b>")
    note = ticket.comments.get(is_public=False)
    assert note.body == f"Client: {WRITTEN} / Fish & chips <b>now</b>"


def test_an_email_template_is_plain_in_text_and_escaped_in_html(admin, org):
    template = services.create_email_template(
        admin,
        name="Ack",
        subject="{{ organisation.name }}: {{ ticket.reference }}",
        body="Hello {{ requester.name }} of {{ organisation.name }}",
    )
    services.create_rule(
        admin,
        name="Mail",
        trigger="ticket_created",
        conditions={},
        actions=[{"type": "send_email", "template": template.pk, "to": "requester"}],
    )
    ticket = make_ticket(_requester(org, ATTACK))
    mail = OutboundMessage.objects.get(kind=OutboundMessage.Kind.AUTOMATIC)
    assert mail.subject.startswith(f"{WRITTEN}: {ticket.reference}")
    assert mail.text == f"Hello {ATTACK} of {WRITTEN}"
    assert "<script" not in mail.html and "<img" not in mail.html
    assert (
        "Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
        in mail.html
    )
    assert "Seán O&#x27;Brien &amp; Sons" in mail.html


def test_a_placeholder_value_cannot_inject_html_into_the_ticket_page(api_as, admin, agent, org):
    requester = _requester(org, ATTACK)
    macro = services.create_macro(admin, name="Hello", reply="Dear {{ requester.name }}")
    ticket = make_ticket(requester)
    assert (
        api_as(agent).post(f"/api/v1/tickets/{ticket.reference}/macros/{macro.pk}/apply/").status_code == 200
    )
    assert ticket.comments.get().body == f"Dear {ATTACK}"
    for client, address in (
        (client_for(agent), f"/desk/tickets/{ticket.reference}/"),
        (client_for(requester), f"/portal/tickets/{ticket.reference}/"),
    ):
        page = client.get(address).content.decode()
        assert "Dear &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert '<script>alert("x")' not in page and "<img src=x" not in page
