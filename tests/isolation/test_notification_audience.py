"""Notifications reach only people who may see the ticket, on every path: SLA warnings and
breaches, their e-mail, rules' e-mail, the mail to requesters and followers, and flags to a team
lead. A person who loses an organisation no longer reads what they were told of its tickets.

The world: one team lead serves Alpha only but leads a group that handles Alpha and Bravo (the
finding of issue 12: they were told of Bravo's breaches, subject and number included).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from moked.automation import services as automation
from moked.businesstime.services import create_calendar
from moked.mail import outbound
from moked.mail.models import OutboundMessage
from moked.notifications.models import Notification
from moked.notifications.services import notify
from moked.people import services as people
from moked.sla.services import check_due_clocks, create_policy
from moked.tickets import services as tickets
from moked.tickets.models import TicketFollower
from tests.factories import (
    AdminFactory,
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    TeamLeadFactory,
    make_ticket,
)

pytestmark = pytest.mark.django_db

JERUSALEM = ZoneInfo("Asia/Jerusalem")
MONDAY_8 = datetime(2026, 11, 23, 8, 0, tzinfo=JERUSALEM)


@pytest.fixture
def world(db):
    admin = AdminFactory()
    alpha = OrganisationFactory(code="ALPHA", domains=["alpha.example"])
    bravo = OrganisationFactory(code="BRAVO", domains=["bravo.example"])
    alpha_lead = TeamLeadFactory(name="Alpha-only Lead", serves=[alpha], email="alpha.lead@provider.example")
    bravo_lead = TeamLeadFactory(name="Bravo Lead", serves=[bravo], email="bravo.lead@provider.example")
    alpha_agent = AgentFactory(name="Alpha Agent", serves=[alpha], email="alpha.agent@provider.example")
    bravo_agent = AgentFactory(name="Bravo Agent", serves=[bravo], email="bravo.agent@provider.example")
    shared = GroupFactory(
        name="Shared desk",
        tier=1,
        members=[alpha_agent, bravo_agent, alpha_lead, bravo_lead],
        leads=[alpha_lead, bravo_lead],
    )
    alpha_manager = AgentFactory(name="Alpha Service Manager", serves=[alpha], is_service_manager=True)
    bravo_manager = AgentFactory(name="Bravo Service Manager", serves=[bravo], is_service_manager=True)
    for organisation in (alpha, bravo):
        calendar = create_calendar(admin, organisation=organisation, name="Office hours")
        create_policy(
            admin,
            organisation=organisation,
            name="Standard",
            calendar=calendar,
            first_response_minutes=60,
            next_response_minutes=120,
            resolution_minutes=540,
        )
    return {
        "admin": admin,
        "alpha": alpha,
        "bravo": bravo,
        "shared": shared,
        "alpha_lead": alpha_lead,
        "bravo_lead": bravo_lead,
        "alpha_agent": alpha_agent,
        "bravo_agent": bravo_agent,
        "alpha_manager": alpha_manager,
        "bravo_manager": bravo_manager,
        "bravo_customer": PersonFactory(organisation=bravo, name="Bravo Customer"),
    }


def bravo_ticket_in_shared_group(world, **fields):
    ticket = make_ticket(world["bravo_customer"], at=MONDAY_8, subject="Bravo payroll is down", **fields)
    return tickets.update_ticket(world["bravo_agent"], ticket, {"group": world["shared"]}, at=MONDAY_8)


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__name", flat=True))


def test_a_breach_is_told_only_to_leads_and_managers_who_serve_the_organisation(world):
    bravo_ticket_in_shared_group(world)
    check_due_clocks(datetime(2026, 11, 23, 9, 5, tzinfo=JERUSALEM))
    assert told("sla_breached") == {"Bravo Lead", "Bravo Service Manager"}


def test_a_warning_on_an_unassigned_ticket_goes_to_the_leads_who_serve_it(world):
    bravo_ticket_in_shared_group(world)
    check_due_clocks(datetime(2026, 11, 23, 8, 50, tzinfo=JERUSALEM))
    assert told("sla_warning") == {"Bravo Lead"}


def test_the_mail_of_a_notification_is_not_sent_to_one_who_lost_the_organisation(world):
    ticket = bravo_ticket_in_shared_group(world)
    lead = world["bravo_lead"]
    notify([lead], kind="sla_breached", ticket=ticket, message=lambda: ("SLA breached", "Bravo's ticket"))
    people.update_person(world["admin"], lead, {"organisations": [world["alpha"]]})
    assert outbound.queue_notifications() == 0
    assert not OutboundMessage.objects.filter(kind=OutboundMessage.Kind.NOTIFICATION).exists()


def test_one_who_loses_an_organisation_no_longer_reads_its_notifications(world, api_as):
    ticket = bravo_ticket_in_shared_group(world)
    lead = world["bravo_lead"]
    (notification,) = notify(
        [lead], kind="sla_breached", ticket=ticket, message=lambda: ("SLA breached", "Bravo's ticket")
    )
    api = api_as(lead)
    assert [n["ticket"] for n in api.get("/api/v1/notifications/").json()["results"]] == [ticket.reference]

    people.update_person(world["admin"], lead, {"organisations": [world["alpha"]]})
    assert api.get("/api/v1/notifications/").json()["results"] == []
    assert api.get(f"/api/v1/notifications/{notification.pk}/").status_code == 404
    assert api.post(f"/api/v1/notifications/{notification.pk}/read/").status_code == 404


@pytest.mark.parametrize("to", ["team_leads", "group"])
def test_a_rules_mail_to_the_group_skips_those_who_do_not_serve_the_organisation(world, to):
    template = automation.create_email_template(
        world["admin"], name="Heads up", subject="{{ ticket.subject }}", body="{{ ticket.reference }}"
    )
    automation.create_rule(
        world["admin"],
        name="Tell the group",
        trigger="ticket_updated",
        conditions={"all": [{"field": "group", "operator": "changed"}]},
        actions=[{"type": "send_email", "template": template.pk, "to": to}],
    )
    bravo_ticket_in_shared_group(world)
    sent = OutboundMessage.objects.filter(kind=OutboundMessage.Kind.AUTOMATIC)
    addresses = {address for message in sent for address in message.recipients}
    assert addresses and not addresses & {"alpha.lead@provider.example", "alpha.agent@provider.example"}
    assert "bravo.lead@provider.example" in addresses


def test_a_follower_who_moved_to_another_organisation_hears_and_sees_nothing_more(world, api_as):
    customer = world["bravo_customer"]
    colleague = PersonFactory(organisation=world["bravo"], email="colleague@bravo.example")
    ticket = make_ticket(customer, subject="Shared drive is full")
    tickets.add_followers(customer, ticket, [colleague])
    assert api_as(colleague).get(f"/api/v1/tickets/{ticket.reference}/").status_code == 200

    people.update_person(world["admin"], colleague, {"organisation": world["alpha"]})
    OutboundMessage.objects.all().delete()
    tickets.add_comment(world["bravo_agent"], ticket, "We have freed some space.")
    mailed = {address for message in OutboundMessage.objects.all() for address in message.recipients}
    assert customer.email in mailed and "colleague@bravo.example" not in mailed
    assert TicketFollower.objects.filter(ticket=ticket, person=colleague).exists()  # the record stays
    assert api_as(colleague).get(f"/api/v1/tickets/{ticket.reference}/").status_code == 404


def test_a_flag_to_the_groups_lead_goes_to_a_lead_who_serves_the_organisation(world):
    ticket = bravo_ticket_in_shared_group(world)
    flagged = tickets.flag_to_manager(world["bravo_agent"], ticket, reason="The client's CEO called")
    assert flagged.escalated_to == world["bravo_lead"]
