"""Classification's pages: the suggestions on the agent's ticket page (accepted in one click),
and each organisation's fields, figures and models for the provider's staff, changed by admins."""

import re

import pytest
from django.utils import translation

from moked.classification import services
from moked.classification.models import FieldSetting, TicketPrediction
from moked.tickets.models import EventChannel, EventKind
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory
from tests.web.classified import printer_ticket, trained
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, agent, requester):
    made = trained(org, agent)
    ticket = printer_ticket(org)
    return {**made, "ticket": ticket, "printing": made["routes"]["printing"]["group"]}


def address(ticket) -> str:
    return f"/desk/tickets/{ticket.reference}/"


def accept(client, ticket, field="group"):
    return client.post(f"{address(ticket)}suggestions/{field}/accept/", follow=True)


def test_the_ticket_page_shows_each_suggestion_with_its_confidence_and_an_accept_button(world, agent):
    ticket = world["ticket"]
    prediction = TicketPrediction.objects.get(ticket=ticket, field="group")
    assert prediction.value == str(world["printing"].pk) and not prediction.applied
    page = client_for(agent).get(address(ticket)).content.decode()
    assert "Suggested by classification" in page
    assert '<bdi class="fw-semibold">printing team</bdi>' in page
    assert f"{round(prediction.confidence * 100)}% confident" in page
    assert f'action="{address(ticket)}suggestions/group/accept/"' in page
    assert "set automatically" not in page


def test_the_next_likeliest_values_are_shown_beside_a_suggestion_down_to_one_percent(world, agent):
    ticket = world["ticket"]
    likely, unlikely = world["routes"]["access"]["group"], world["routes"]["network"]["group"]
    TicketPrediction.objects.filter(ticket=ticket, field="group").update(
        alternatives=[[str(likely.pk), 0.2], [str(unlikely.pk), 0.004]]
    )
    page = client_for(agent).get(address(ticket)).content.decode()
    row = re.search(r'data-field="group">(.*?)</li>', page, flags=re.S).group(1)
    shown = re.search(r'data-testid="alternatives">(.*?)</span>', row, flags=re.S).group(1)
    assert shown == f"Next likeliest: <bdi>{likely.name}</bdi> (20%)"


def test_accepting_sets_the_field_and_records_who_accepted(world, agent):
    ticket = world["ticket"]
    answer = accept(client_for(agent), ticket)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Group is now “printing team”, as suggested." in page
    assert "The ticket has this value." in page
    ticket.refresh_from_db()
    assert ticket.group == world["printing"]
    prediction = TicketPrediction.objects.get(ticket=ticket, field="group")
    assert prediction.accepted_at is not None and prediction.accepted_by == agent
    changed = ticket.events.get(kind=EventKind.FIELD_CHANGED, field="group")
    assert (changed.actor, changed.channel) == (agent, EventChannel.WEB)


def test_a_refusal_is_shown_on_the_ticket_page(world, agent):
    page = accept(client_for(agent), world["ticket"], field="ticket_type").content.decode()
    assert "This field cannot be changed once the ticket is open." in page


def test_a_field_set_automatically_says_so(org, agent):
    made = trained(org, agent)
    services.set_field_mode(AdminFactory(), org, "group", mode="auto", target_precision=0.5)
    ticket = printer_ticket(org)
    assert ticket.group == made["routes"]["printing"]["group"]
    page = client_for(agent).get(address(ticket)).content.decode()
    assert "set automatically" in page and "The ticket has this value." in page


def test_clients_see_no_suggestions_and_cannot_accept(world, requester):
    ticket = world["ticket"]
    client = client_for(ticket.requester)
    portal = client.get(f"/portal/tickets/{ticket.reference}/")
    assert "Suggested by classification" not in portal.content.decode()
    assert client.get(address(ticket)).status_code == 403
    assert client.post(f"{address(ticket)}suggestions/group/accept/").status_code == 403
    ticket.refresh_from_db()
    assert ticket.group is None
    assert TicketPrediction.objects.get(ticket=ticket, field="group").accepted_at is None


def test_an_agent_of_another_organisation_cannot_accept(world):
    stranger = AgentFactory(serves=[OrganisationFactory()])
    ticket = world["ticket"]
    assert client_for(stranger).post(f"{address(ticket)}suggestions/group/accept/").status_code == 404
    ticket.refresh_from_db()
    assert ticket.group is None


def test_accepting_needs_a_post(world, agent):
    assert client_for(agent).get(f"{address(world['ticket'])}suggestions/group/accept/").status_code == 405


# The administration pages


AUTO = {"mode": "auto", "target_percent": "90"}


def page_of(organisation) -> str:
    return f"/desk/administration/classification/{organisation.pk}/"


def test_the_list_shows_the_organisations_an_admin_serves(world, org):
    page = client_for(AdminFactory()).get("/desk/administration/classification/").content.decode()
    assert f'href="{page_of(org)}"' in page
    assert "Train the provider-wide model now" in page
    start = client_for(AdminFactory()).get("/desk/administration/").content.decode()
    assert 'href="/desk/administration/classification/"' in start


def test_the_organisation_page_shows_figures_and_models(world, org):
    page = client_for(AdminFactory()).get(page_of(org)).content.decode()
    assert "Held-out tickets" in page and "Target precision" in page
    assert 'data-field="group"' in page
    assert "own <bdi>v1</bdi>" in page
    assert "In use" in page  # the model's state
    assert "Train now" in page
    assert 'name="mode" id="mode-group"' in page


def test_the_figures_count_live_predictions(world, org, agent):
    accept(client_for(agent), world["ticket"])
    with translation.override("en"):
        response = client_for(AdminFactory()).get(page_of(org))
    figures = {row.field: row for row in response.context["figures"]}
    assert figures["group"].predictions == 1 and figures["group"].accepted == 1
    assert figures["group"].threshold is not None
    assert figures["group"].held_out_coverage > 0


def test_an_admin_switches_a_field_to_automatic(world, org):
    admin = AdminFactory()
    answer = client_for(admin).post(
        f"{page_of(org)}fields/group/", {"mode": "auto", "target_percent": "90"}, follow=True
    )
    assert "Group: Set automatically above the threshold. Saved." in answer.content.decode()
    setting = FieldSetting.objects.get(organisation=org, field="group")
    assert (setting.mode, float(setting.target_precision), setting.updated_by) == ("auto", 0.9, admin)


def test_a_target_out_of_range_is_refused(world, org):
    answer = client_for(AdminFactory()).post(
        f"{page_of(org)}fields/group/", {"mode": "auto", "target_percent": "100"}, follow=True
    )
    assert answer.status_code == 200
    assert not FieldSetting.objects.filter(organisation=org).exists()


def test_train_now_queues_training(world, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        answer = client_for(AdminFactory()).post(f"{page_of(org)}train/", follow=True)
    assert "Training was queued." in answer.content.decode()
    assert len(callbacks) == 1


def test_an_agent_sees_the_figures_of_an_organisation_it_serves_but_changes_nothing(world, org, agent):
    client = client_for(agent)
    page = client.get(page_of(org)).content.decode()
    assert "Held-out tickets" in page
    assert "Train now" not in page and 'name="mode"' not in page
    assert client.post(f"{page_of(org)}fields/group/", AUTO).status_code == 403
    assert client.post(f"{page_of(org)}train/").status_code == 403
    assert client.post("/desk/administration/classification/train/").status_code == 403
    assert not FieldSetting.objects.filter(organisation=org).exists()


def test_other_organisations_are_not_found(world, org):
    stranger = AgentFactory(serves=[OrganisationFactory()])
    client = client_for(stranger)
    assert f'href="{page_of(org)}"' not in client.get("/desk/administration/classification/").content.decode()
    assert client.get(page_of(org)).status_code == 404
    assert client.post(f"{page_of(org)}fields/group/", AUTO).status_code == 404
    assert client.post(f"{page_of(org)}train/").status_code == 404
    assert not FieldSetting.objects.filter(organisation=org).exists()


def test_clients_may_not_open_the_pages(world, org, requester):
    client = client_for(requester)
    assert client.get("/desk/administration/classification/").status_code == 403
    assert client.get(page_of(org)).status_code == 403


@pytest.mark.parametrize("language", ["fa", "he"])
def test_the_pages_speak_the_readers_language(world, org, agent, language):
    from tests.web.test_no_english_left import pages_of

    agent.language = language
    agent.save()
    admin = AdminFactory(language=language)
    accept(client_for(agent), world["ticket"], field="impact")
    pages = {
        **pages_of(client_for(agent), [address(world["ticket"])]),
        **pages_of(client_for(admin), ["/desk/administration/classification/", page_of(org)]),
    }
    # The records here are named in English (the shared history's groups, categories, tickets).
    named = re.compile(r"Acme|Agent|Noa Levi|Person \d+|team|printer|toner|access|network|printing|^v\d")
    assert {page: [leak for leak in leaks if not named.search(leak)] for page, leaks in pages.items()} == {
        page: [] for page in pages
    }
