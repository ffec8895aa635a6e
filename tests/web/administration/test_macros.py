"""The macros pages: admins keep every macro, team leads those of the organisations they serve;
actions are rows as in rules; the reply is previewed on a ticket; bad input changes nothing; and,
in Chromium, an admin writes a macro that an agent then applies on a ticket page."""

import re

import pytest
from django.test import Client

from moked.automation import services
from moked.automation.models import Macro
from moked.tickets.models import Comment
from tests.factories import (
    AdminFactory,
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    TeamLeadFactory,
    make_ticket,
)
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(code="ACME", name="Acme", domains=["acme.example"])


@pytest.fixture
def other():
    return OrganisationFactory(code="OTHER", name="Other Ltd", domains=["other.example"])


@pytest.fixture
def admin():
    return AdminFactory(username="maya", name="Maya Admin")


@pytest.fixture
def lead(org):
    return TeamLeadFactory(username="noa", name="Noa Lead", serves=[org])


@pytest.fixture
def customer(org):
    return PersonFactory(organisation=org, name="Dana Cohen")


def macro_post(name="Password reset sent", *, actions=(), **fields) -> dict:
    data = {
        "name": name,
        "description": "",
        "organisation": "",
        "reply": "Hello {{ requester.name }}, a reset link is on its way.",
        "reply_is_public": "on",
        "is_active": "on",
        **fields,
    }
    data["action"] = []
    for number, (kind, parameters) in enumerate(actions):
        key = f"a{number}"
        data["action"].append(key)
        data[f"a-{key}-type"] = kind
        data.update({f"a-{key}-{name}": value for name, value in parameters.items()})
    return data


# --- who may open what -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "/desk/administration/macros/",
        "/desk/administration/macros/new/",
        "/desk/administration/macros/rows/action/",
    ],
)
def test_admins_and_team_leads_open_the_macros_pages_agents_and_clients_do_not(
    address, org, admin, lead, customer
):
    assert client_for(admin).get(address).status_code == 200
    assert client_for(lead).get(address).status_code == 200
    for person in (
        AgentFactory(serves=[org]),
        customer,
        PersonFactory(organisation=org, role="client_manager"),
    ):
        assert client_for(person).get(address).status_code == 403
    assert Client().get(address).url.startswith("/accounts/login/")


def test_agents_cannot_change_macros_by_posting(org, admin):
    macro = services.create_macro(admin, name="Reset", reply="Hi")
    agent = client_for(AgentFactory(serves=[org]))
    assert agent.post(f"/desk/administration/macros/{macro.pk}/", macro_post()).status_code == 403
    assert agent.post(f"/desk/administration/macros/{macro.pk}/delete/").status_code == 403
    assert agent.post("/desk/administration/macros/new/", macro_post()).status_code == 403
    assert list(Macro.objects.values_list("name", flat=True)) == ["Reset"]


def test_the_start_page_lists_the_macros(admin):
    assert (
        'href="/desk/administration/macros/"'
        in client_for(admin).get("/desk/administration/").content.decode()
    )


# --- admins ---------------------------------------------------------------------------------------------


def test_an_admin_writes_a_macro_with_actions(admin, org):
    identity = GroupFactory(name="Identity", tier=2)
    data = macro_post(
        actions=[
            ("add_tag", {"tag": "Password"}),
            ("set_status", {"status": "pending_customer", "resolution_code": ""}),
            ("assign_group", {"group": str(identity.pk)}),
        ],
        organisation=str(org.pk),
    )
    assert (
        client_for(admin).post("/desk/administration/macros/new/", data).url == "/desk/administration/macros/"
    )
    macro = Macro.objects.get()
    assert (macro.name, macro.organisation, macro.reply_is_public, macro.is_active) == (
        "Password reset sent",
        org,
        True,
        True,
    )
    assert macro.actions == [
        {"type": "add_tag", "tag": "password"},
        {"type": "set_status", "status": "pending_customer"},
        {"type": "assign_group", "group": identity.pk},
    ]
    page = client_for(admin).get("/desk/administration/macros/").content.decode()
    assert "Add a tag: password" in page and "Assign to a group: Identity (T2)" in page


def test_an_admin_edits_and_deletes_a_macro(admin):
    macro = services.create_macro(admin, name="Reset", reply="Hi", actions=[{"type": "add_tag", "tag": "x"}])
    client = client_for(admin)
    page = client.get(f"/desk/administration/macros/{macro.pk}/").content.decode()
    assert 'value="x"' in page and "Hi</textarea>" in page
    data = macro_post("Reset, internal", reply="Checked {{ ticket.reference }}", reply_is_public="")
    assert client.post(f"/desk/administration/macros/{macro.pk}/", data).status_code == 302
    macro.refresh_from_db()
    assert (macro.name, macro.reply_is_public, macro.actions) == ("Reset, internal", False, [])
    assert (
        "cannot be undone" in client.get(f"/desk/administration/macros/{macro.pk}/delete/").content.decode()
    )
    client.post(f"/desk/administration/macros/{macro.pk}/delete/")
    assert not Macro.objects.exists()


@pytest.mark.parametrize(
    ("changes", "actions", "message"),
    [
        ({"reply": "Hi {% load evil %}"}, (), "The placeholders are not valid"),
        ({"reply": ""}, (), "A macro writes a reply or does something."),
        ({}, [("send_email", {"template": "1", "to": "requester"})], "A macro cannot do send_email"),
        ({}, [("set_priority", {"priority": "7"})], "Priority is 1 to 4."),
        ({"name": ""}, (), "This field is required."),
    ],
)
def test_bad_input_changes_nothing(admin, changes, actions, message):
    macro = services.create_macro(admin, name="Reset", reply="Hi")
    answer = client_for(admin).post(
        f"/desk/administration/macros/{macro.pk}/", macro_post(actions=actions, **changes)
    )
    page = answer.content.decode()
    assert answer.status_code == 200 and message in page and "The macro was not saved" in page
    macro.refresh_from_db()
    assert (macro.name, macro.reply, macro.actions) == ("Reset", "Hi", [])


def test_a_macros_action_rows_leave_out_what_only_rules_do(admin):
    page = client_for(admin).get("/desk/administration/macros/rows/action/").content.decode()
    assert '<option value="add_tag"' in page and '<option value="assign_agent"' in page
    assert "send_email" not in page and "call_webhook" not in page
    assert 'hx-get="/desk/administration/macros/rows/action/"' in page


def test_the_preview_fills_in_the_reply_and_lists_the_changes_without_applying_them(admin, customer):
    ticket = make_ticket(customer, subject="Locked out")
    data = macro_post(actions=[("set_priority", {"priority": "1"})], preview_reference=ticket.reference)
    page = client_for(admin).post("/desk/administration/macros/preview/", data).content.decode()
    assert "Hello Dana Cohen, a reset link is on its way." in page and "priority: P4 → P1" in page
    ticket.refresh_from_db()
    assert ticket.priority == 4 and not Comment.objects.exists() and not Macro.objects.exists()
    page = (
        client_for(admin)
        .post("/desk/administration/macros/preview/", macro_post(reply="{% if %}"))
        .content.decode()
    )
    assert "The placeholders are not valid" in page


# --- team leads -----------------------------------------------------------------------------------------


def test_a_team_lead_keeps_the_macros_of_the_organisations_they_serve(lead, org, other, admin):
    everyone = services.create_macro(admin, name="For everyone", reply="Hi")
    theirs = services.create_macro(admin, name="Acme greeting", reply="Hi", organisation=org)
    elsewhere = services.create_macro(admin, name="Other greeting", reply="Hi", organisation=other)
    client = client_for(lead)
    page = client.get("/desk/administration/macros/").content.decode()
    assert "Acme greeting" in page and "For everyone" in page and "Other greeting" not in page
    assert f'href="/desk/administration/macros/{theirs.pk}/"' in page
    assert f'href="/desk/administration/macros/{everyone.pk}/"' not in page and "kept by admins" in page
    assert client.get(f"/desk/administration/macros/{everyone.pk}/").status_code == 403
    assert client.get(f"/desk/administration/macros/{elsewhere.pk}/").status_code == 404
    assert client.post(f"/desk/administration/macros/{elsewhere.pk}/delete/").status_code == 404

    form = client.get("/desk/administration/macros/new/").content.decode()
    assert "Every organisation" not in form and "Other Ltd" not in form
    assert (
        client.post(
            "/desk/administration/macros/new/", macro_post("Lead's", organisation=str(org.pk))
        ).status_code
        == 302
    )
    assert Macro.objects.get(name="Lead's").organisation == org
    assert (
        client.post(
            f"/desk/administration/macros/{theirs.pk}/", macro_post("Acme hello", organisation=str(org.pk))
        ).status_code
        == 302
    )
    theirs.refresh_from_db()
    assert theirs.name == "Acme hello"


def test_a_team_lead_cannot_make_a_macro_for_everyone_or_for_others(lead, other):
    client = client_for(lead)
    answer = client.post("/desk/administration/macros/new/", macro_post(organisation=""))
    assert answer.status_code == 200  # the service's refusal, shown on the page
    assert "Only admins keep the macros of every organisation." in answer.content.decode()
    answer = client.post("/desk/administration/macros/new/", macro_post(organisation=str(other.pk)))
    assert answer.status_code == 200 and "Select a valid choice." in answer.content.decode()
    assert not Macro.objects.exists()


def test_the_service_refusal_is_shown_when_a_lead_no_longer_serves_the_organisation(lead, org, admin):
    macro = services.create_macro(admin, name="Acme greeting", reply="Hi", organisation=org)
    client = client_for(lead)
    assert client.get(f"/desk/administration/macros/{macro.pk}/").status_code == 200
    lead.organisations.clear()
    assert (
        client.post(
            f"/desk/administration/macros/{macro.pk}/", macro_post(organisation=str(org.pk))
        ).status_code
        == 404
    )
    macro.refresh_from_db()
    assert macro.name == "Acme greeting"


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_a_bounded_number_of_queries(admin, lead, org, count, django_assert_max_num_queries):
    group = GroupFactory(name="Identity", tier=2)
    for number in range(count):
        services.create_macro(
            admin,
            name=f"Macro {number}",
            reply="Hi {{ requester.name }}",
            organisation=org if number % 2 else None,
            actions=[
                {"type": "assign_group", "group": group.pk},
                {"type": "assign_agent", "strategy": "group"},
            ],
        )
    for person in (admin, lead):
        client = client_for(person)
        with django_assert_max_num_queries(12):
            assert client.get("/desk/administration/macros/").status_code == 200


# --- in a browser ----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_admin_writes_a_macro_and_an_agent_applies_it_on_a_ticket(browser, live_server, sign_in):
    from tests.web.administration.test_rules import settled
    from tests.web.conftest import PASSWORD
    from tests.web.test_accessibility import check

    org = OrganisationFactory(code="GALIL", name="Galil Logistics", domains=["galil.example"])
    admin = AdminFactory(username="agent-maya", name="Maya Admin")  # "agent-" lands on the desk
    agent = AgentFactory(username="agent-avi", name="Avi Agent", serves=[org])
    GroupFactory(name="Service desk", members=[agent])
    for person in (admin, agent):
        person.set_password(PASSWORD)
        person.save()
    ticket = make_ticket(PersonFactory(organisation=org, name="Dana Cohen"), subject="Locked out of payroll")

    page = sign_in("agent-maya")
    page.goto(f"{live_server.url}/desk/administration/")
    page.click("main >> text=Macros")
    page.click("text=New macro")
    page.fill("#id_name", "Reset link sent")
    page.fill("#id_reply", "Hello {{ requester.name }}, we sent a reset link for {{ ticket.reference }}.")
    page.click("[data-add=action]")
    settled(page)
    page.locator("[data-action] select[name$=-type]").select_option("add_tag")
    settled(page)
    page.locator("[data-action] input[name$=-tag]").fill("password-reset")
    page.fill("#preview_reference", ticket.reference)
    page.click("#preview-form button[type=submit]")
    page.wait_for_selector("#preview-result [data-testid=preview]")
    assert f"Hello Dana Cohen, we sent a reset link for {ticket.reference}." in page.text_content(
        "#preview-result"
    )
    check(page, "en-admin-macro")
    page.click("#save-macro")
    page.wait_for_url("**/desk/administration/macros/")
    assert "Add a tag: password-reset" in page.text_content("main")

    desk = sign_in("agent-avi")
    desk.goto(f"{live_server.url}/desk/tickets/{ticket.reference}/")
    desk.select_option("#id_macro", label="Reset link sent")
    desk.click("form:has(#id_macro) button[type=submit]")
    desk.wait_for_selector(f"text=we sent a reset link for {ticket.reference}")
    ticket.refresh_from_db()
    assert list(ticket.tag_links.values_list("name", flat=True)) == ["password-reset"]
    assert ticket.comments.get().author == agent


def test_team_leads_find_the_macros_page_in_their_navigation_and_agents_do_not(org, lead):
    assert 'href="/desk/administration/macros/"' in client_for(lead).get("/desk/").content.decode()
    assert (
        'href="/desk/administration/macros/"'
        not in client_for(AgentFactory(serves=[org])).get("/desk/").content.decode()
    )


def test_a_refused_macro_shows_each_error_under_its_field_as_every_form_does(admin):
    page = client_for(admin).post("/desk/administration/macros/new/", macro_post(name="")).content.decode()
    assert 'class="errorlist' not in page  # not Django's bare list
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', page).group(0)
    assert "is-invalid" in name_input and 'aria-describedby="id_name_error"' in name_input
    assert re.search(r'<div class="invalid-feedback d-block" id="id_name_error"><div>[^<]+</div></div>', page)
    assert not Macro.objects.exists()
