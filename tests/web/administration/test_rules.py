"""The rules pages: the list, the editor with its rows, reordering, switching, deleting, the dry
runs, the e-mail templates and the auto-close policies; who may open them; bad input changes
nothing; and, in Chromium, an admin who builds a rule, tries it and sees it route a new ticket."""

import pytest
from django.test import Client

from moked.automation import services
from moked.automation.models import AutoClosePolicy, EmailTemplate, Rule
from moked.tickets.models import EventKind, TicketEvent
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

PASSWORD_SUBJECT = {"all": [{"field": "subject", "operator": "contains", "value": "password"}]}


@pytest.fixture
def org():
    return OrganisationFactory(code="ACME", name="Acme", domains=["acme.example"])


@pytest.fixture
def admin():
    return AdminFactory(username="maya", name="Maya Admin")


@pytest.fixture
def identity():
    return GroupFactory(name="Identity", tier=2)


@pytest.fixture
def customer(org):
    return PersonFactory(organisation=org, name="Dana Cohen")


@pytest.fixture
def client(admin):
    return client_for(admin)


def rule_post(name="Passwords to identity", *, conditions=(), actions=(), **settings) -> dict:
    """A posted editor form: settings, then condition rows (group, field, operator, value) and
    action rows (type, {parameter: value}), each under its own key as the page names them."""
    data = {
        "name": name,
        "description": "",
        "organisation": "",
        "trigger": "ticket_created",
        "position": "10",
        "is_active": "on",
        **settings,
    }
    data["condition"] = []
    for number, (group, field, operator, value) in enumerate(conditions):
        key = f"c{number}"
        data["condition"].append(key)
        data.update({f"c-{key}-group": group, f"c-{key}-field": field, f"c-{key}-operator": operator})
        data[f"c-{key}-value"] = value
    data["action"] = []
    for number, (kind, parameters) in enumerate(actions):
        key = f"a{number}"
        data["action"].append(key)
        data[f"a-{key}-type"] = kind
        data.update({f"a-{key}-{name}": value for name, value in parameters.items()})
    return data


def password_rule_post(identity, **settings) -> dict:
    return rule_post(
        conditions=[("all", "subject", "contains", "password")],
        actions=[("assign_group", {"group": str(identity.pk)})],
        **settings,
    )


def make_rule(admin, identity, **fields) -> Rule:
    defaults = {
        "name": "Passwords to identity",
        "trigger": "ticket_created",
        "conditions": PASSWORD_SUBJECT,
        "actions": [{"type": "assign_group", "group": identity.pk}],
    }
    return services.create_rule(admin, **{**defaults, **fields})


# --- who may open what -------------------------------------------------------------------------------


ADMIN_ADDRESSES = [
    "/desk/administration/rules/",
    "/desk/administration/rules/new/",
    "/desk/administration/rules/dry-run/",
    "/desk/administration/rules/rows/condition/",
    "/desk/administration/rules/rows/action/",
    "/desk/administration/email-templates/",
    "/desk/administration/email-templates/new/",
    "/desk/administration/auto-close/",
    "/desk/administration/auto-close/ACME/",
]


@pytest.mark.parametrize("address", ADMIN_ADDRESSES)
def test_only_admins_open_the_rules_pages(address, org, admin, customer):
    agent = AgentFactory(serves=[org])
    lead = TeamLeadFactory(serves=[org])
    assert client_for(admin).get(address).status_code == 200
    for person in (agent, lead, customer):
        assert client_for(person).get(address).status_code == 403
    assert Client().get(address).url.startswith("/accounts/login/")


def test_agents_cannot_change_rules_by_posting(org, admin, identity):
    rule = make_rule(admin, identity)
    agent = client_for(AgentFactory(serves=[org]))
    assert (
        agent.post(
            f"/desk/administration/rules/{rule.pk}/", password_rule_post(identity, name="Hijacked")
        ).status_code
        == 403
    )
    assert agent.post(f"/desk/administration/rules/{rule.pk}/delete/").status_code == 403
    assert agent.post(f"/desk/administration/rules/{rule.pk}/switch/").status_code == 403
    assert agent.post("/desk/administration/rules/try/", password_rule_post(identity)).status_code == 403
    rule.refresh_from_db()
    assert (rule.name, rule.is_active) == ("Passwords to identity", True)


def test_a_rule_or_template_that_does_not_exist_is_not_found(client):
    assert client.get("/desk/administration/rules/999/").status_code == 404
    assert client.get("/desk/administration/email-templates/999/").status_code == 404
    assert client.get("/desk/administration/auto-close/NOPE/").status_code == 404


def test_the_start_page_lists_the_rules_and_the_rules_link_their_neighbours(client):
    assert 'href="/desk/administration/rules/"' in client.get("/desk/administration/").content.decode()
    page = client.get("/desk/administration/rules/").content.decode()
    for address in (
        "/desk/administration/rules/dry-run/",
        "/desk/administration/email-templates/",
        "/desk/administration/auto-close/",
    ):
        assert f'href="{address}"' in page


# --- the editor --------------------------------------------------------------------------------------


def test_an_admin_builds_a_rule_from_rows_and_it_routes_new_tickets(client, identity, customer):
    answer = client.post("/desk/administration/rules/new/", password_rule_post(identity))
    assert answer.status_code == 302
    rule = Rule.objects.get()
    assert rule.conditions == {"all": [PASSWORD_SUBJECT["all"][0]], "any": []}
    assert rule.actions == [{"type": "assign_group", "group": identity.pk}]
    assert (rule.trigger, rule.organisation, rule.position, rule.is_active) == (
        "ticket_created",
        None,
        10,
        True,
    )
    ticket = make_ticket(customer, subject="I forgot my password")
    ticket.refresh_from_db()
    assert ticket.group == identity


def test_every_kind_of_value_is_stored_as_the_engine_compares_it(client, org, identity):
    data = rule_post(
        "Everything",
        conditions=[
            ("all", "priority", "lte", "2"),
            ("all", "group", "in", [str(identity.pk)]),
            ("all", "business_hours", "is", "true"),
            ("all", "status", "is_set", ""),
            ("any", "tags", "contains", "vip"),
            ("any", "organisation", "in", ["ACME"]),
            ("any", "minutes_in_status", "gt", "90"),
        ],
        actions=[
            ("set_priority", {"priority": "1"}),
            ("set_field", {"field": "urgency", "value": "1"}),
            ("assign_agent", {"agent": ""}),
            ("set_status", {"status": "resolved", "resolution_code": "solved"}),
            ("add_note", {"text": "Seen by {{ requester.name }}"}),
            ("escalate", {"group": str(identity.pk), "reason": "Needs identity"}),
        ],
        organisation=str(org.pk),
    )
    assert client.post("/desk/administration/rules/new/", data).status_code == 302
    rule = Rule.objects.get()
    assert rule.organisation == org
    assert rule.conditions == {
        "all": [
            {"field": "priority", "operator": "lte", "value": 2},
            {"field": "group", "operator": "in", "value": [identity.pk]},
            {"field": "business_hours", "operator": "is", "value": True},
            {"field": "status", "operator": "is_set"},
        ],
        "any": [
            {"field": "tags", "operator": "contains", "value": "vip"},
            {"field": "organisation", "operator": "in", "value": ["ACME"]},
            {"field": "minutes_in_status", "operator": "gt", "value": 90},
        ],
    }
    assert rule.actions == [
        {"type": "set_priority", "priority": 1},
        {"type": "set_field", "field": "urgency", "value": 1},
        {"type": "assign_agent", "strategy": "group"},
        {"type": "set_status", "status": "resolved", "resolution_code": "solved"},
        {"type": "add_note", "text": "Seen by {{ requester.name }}"},
        {"type": "escalate", "group": identity.pk, "reason": "Needs identity"},
    ]
    page = client.get(f"/desk/administration/rules/{rule.pk}/").content.decode()
    assert 'value="Seen by {{ requester.name }}"' not in page  # a textarea, not an input
    assert "Seen by {{ requester.name }}</textarea>" in page
    assert f'<option value="{identity.pk}" selected>Identity (T2)</option>' in page


def test_the_engine_refusals_show_beside_the_rows_and_nothing_is_saved(client, identity):
    data = rule_post(
        conditions=[("all", "subject", "contains", "password"), ("all", "subject", "matches", "pass(word")],
        actions=[("assign_group", {"group": "999"}), ("add_tag", {"tag": "ok"})],
    )
    answer = client.post("/desk/administration/rules/new/", data)
    page = answer.content.decode()
    assert answer.status_code == 200 and not Rule.objects.exists()
    assert "The rule was not saved" in page
    assert "is not a valid regular expression" in page
    assert "There is no group 999." in page
    # each message sits in the row it is about, not at the top of the page
    assert page.index("pass(word") < page.index("is not a valid regular expression")
    assert page.index('value="999"') < page.index("There is no group 999.")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"trigger": "time"}, "A time rule says how long after what"),
        (
            {"time_amount": "3", "time_unit": "days", "time_anchor": "created"},
            "Only time rules have a waiting time.",
        ),
        ({"position": "-1"}, "greater than or equal to 0"),
        ({"organisation": "424242"}, "Select a valid choice."),
    ],
)
def test_bad_settings_change_nothing(client, admin, identity, changes, message):
    rule = make_rule(admin, identity, position=50)
    answer = client.post(
        f"/desk/administration/rules/{rule.pk}/", {**password_rule_post(identity, name="Renamed"), **changes}
    )
    assert answer.status_code == 200 and message in answer.content.decode()
    rule.refresh_from_db()
    assert (rule.name, rule.position, rule.trigger) == ("Passwords to identity", 50, "ticket_created")


def test_a_rule_without_actions_or_with_a_typed_number_that_is_not_one_is_refused(client, identity):
    answer = client.post(
        "/desk/administration/rules/new/", rule_post(conditions=[("all", "subject", "contains", "x")])
    )
    assert "A rule does at least one thing." in answer.content.decode()
    answer = client.post(
        "/desk/administration/rules/new/",
        rule_post(conditions=[("all", "reopen_count", "gt", "many")], actions=[("add_tag", {"tag": "x"})]),
    )
    assert "Give a number." in answer.content.decode()
    assert not Rule.objects.exists()


def test_an_admin_edits_a_rule(client, admin, identity, org):
    rule = make_rule(admin, identity)
    page = client.get(f"/desk/administration/rules/{rule.pk}/").content.decode()
    assert 'value="password"' in page and "Never fired yet." in page
    data = rule_post(
        "Passwords, urgent",
        conditions=[("any", "text", "matches", "pass\\s*word"), ("any", "subject", "contains", "salasana")],
        actions=[("set_priority", {"priority": "2"}), ("add_tag", {"tag": "Password Reset"})],
        organisation=str(org.pk),
        trigger="customer_commented",
        stop_processing="on",
    )
    del data["is_active"]
    assert client.post(f"/desk/administration/rules/{rule.pk}/", data).status_code == 302
    rule.refresh_from_db()
    assert (rule.name, rule.organisation, rule.trigger, rule.is_active, rule.stop_processing) == (
        "Passwords, urgent",
        org,
        "customer_commented",
        False,
        True,
    )
    assert rule.conditions["any"][0] == {"field": "text", "operator": "matches", "value": "pass\\s*word"}
    assert rule.actions == [
        {"type": "set_priority", "priority": 2},
        {"type": "add_tag", "tag": "password-reset"},
    ]


def test_a_time_rule_is_saved_with_its_wait(client, identity):
    data = rule_post(
        "Chase",
        conditions=[("all", "status", "is", "pending_customer")],
        actions=[("add_note", {"text": "Still waiting"})],
        trigger="time",
        time_amount="2",
        time_unit="business_days",
        time_anchor="status_changed",
    )
    assert client.post("/desk/administration/rules/new/", data).status_code == 302
    rule = Rule.objects.get()
    assert (rule.time_amount, rule.time_unit, rule.time_anchor) == (2, "business_days", "status_changed")
    assert "2 business days" in client.get("/desk/administration/rules/").content.decode()


# --- rows, drawn by htmx --------------------------------------------------------------------------------


def test_a_new_condition_row_offers_the_engines_fields_and_operators(client):
    page = client.get("/desk/administration/rules/rows/condition/?group=any").content.decode()
    assert 'value="any"' in page
    for field in ("subject", "organisation_tags", "business_hours", "minutes_in_status"):
        assert f'<option value="{field}"' in page
    assert '<option value="contains"' in page and '<option value="matches"' in page
    assert '<option value="lt"' not in page  # subject is text: no comparisons


def test_changing_the_field_redraws_the_row_with_what_that_field_takes(client, identity):
    query = {"condition": "k1", "c-k1-group": "all", "c-k1-was": "subject", "c-k1-field": "group"}
    query.update({"c-k1-operator": "contains", "c-k1-value": "password"})
    page = client.get("/desk/administration/rules/rows/condition/", query).content.decode()
    assert '<option value="contains"' not in page and '<option value="is" selected>' in page
    assert f'<option value="{identity.pk}">Identity (T2)</option>' in page
    assert "password" not in page
    query.update({"c-k1-was": "group", "c-k1-operator": "in", "c-k1-value": str(identity.pk)})
    page = client.get("/desk/administration/rules/rows/condition/", query).content.decode()
    assert " multiple " in page and f'<option value="{identity.pk}" selected>' in page
    query.update({"c-k1-operator": "is_set"})
    page = client.get("/desk/administration/rules/rows/condition/", query).content.decode()
    assert 'name="c-k1-value"' not in page


def test_an_action_row_takes_the_parameters_of_its_type(client, identity):
    page = client.get("/desk/administration/rules/rows/action/").content.decode()
    for kind in ("assign_group", "send_email", "call_webhook", "set_field"):
        assert f'<option value="{kind}"' in page
    query = {"action": "k1", "a-k1-was": "add_tag", "a-k1-type": "set_field", "a-k1-tag": "x"}
    page = client.get("/desk/administration/rules/rows/action/", query).content.decode()
    assert 'name="a-k1-field"' in page and 'name="a-k1-tag"' not in page
    assert '<option value="category"' in page and "High" in page  # impact (the first field): 1 to 3
    query = {"action": "k1", "a-k1-was": "escalate", "a-k1-type": "escalate", "a-k1-group": str(identity.pk)}
    query["a-k1-reason"] = "Needs identity"
    page = client.get("/desk/administration/rules/rows/action/", query).content.decode()
    assert 'value="Needs identity"' in page and f'<option value="{identity.pk}" selected>' in page


# --- the list: order, switching, deleting, firings -------------------------------------------------------


def test_the_list_shows_each_rule_in_words_with_how_often_it_fired(client, admin, identity, org, customer):
    rule = make_rule(admin, identity)
    make_rule(admin, identity, name="Acme VIP", organisation=org, actions=[{"type": "add_tag", "tag": "vip"}])
    make_ticket(customer, subject="password expired")
    make_ticket(customer, subject="new password please")
    page = client.get("/desk/administration/rules/").content.decode()
    assert "Every organisation" in page and "Acme" in page
    assert "Subject contains “password”" in page
    assert "Assign to a group: Identity (T2)" in page and "Add a tag: vip" in page
    assert "2 times" in page
    assert page.index("Passwords to identity") < page.index("Acme VIP")  # provider-wide rules first
    assert f'id="rule-{rule.pk}"' in page


def test_the_list_shows_the_rules_of_one_trigger_or_only_those_switched_off(client, admin, identity):
    make_rule(admin, identity, name="On creation")
    make_rule(admin, identity, name="On reply", trigger="customer_commented", is_active=False)
    page = client.get("/desk/administration/rules/", {"trigger": "customer_commented"}).content.decode()
    assert "On reply" in page and "On creation" not in page
    assert "/move/" not in page  # the order is changed among all the rules, not among those shown
    page = client.get("/desk/administration/rules/", {"active": "on"}).content.decode()
    assert "On creation" in page and "On reply" not in page
    assert "/move/" in client.get("/desk/administration/rules/").content.decode()


def test_moving_a_rule_changes_the_firing_order(client, admin, identity):
    first = make_rule(admin, identity, name="First", position=100)
    second = make_rule(admin, identity, name="Second", position=100)
    third = make_rule(admin, identity, name="Third", position=300)
    answer = client.post(f"/desk/administration/rules/{third.pk}/move/", {"direction": "up"})
    assert answer.status_code == 302 and answer.url.endswith(f"#rule-{third.pk}")
    order = list(Rule.objects.order_by("position", "id").values_list("name", flat=True))
    assert order == ["First", "Third", "Second"]
    client.post(
        f"/desk/administration/rules/{first.pk}/move/", {"direction": "up"}
    )  # already first: no change
    assert list(Rule.objects.order_by("position", "id").values_list("name", flat=True)) == order
    assert client.get(f"/desk/administration/rules/{second.pk}/move/").status_code == 405


def test_switching_a_rule_off_and_on(client, admin, identity, customer):
    rule = make_rule(admin, identity)
    client.post(f"/desk/administration/rules/{rule.pk}/switch/")
    rule.refresh_from_db()
    assert not rule.is_active
    ticket = make_ticket(customer, subject="password")
    ticket.refresh_from_db()
    assert ticket.group is None
    client.post(f"/desk/administration/rules/{rule.pk}/switch/")
    rule.refresh_from_db()
    assert rule.is_active


def test_a_rule_the_engine_no_longer_accepts_is_switched_off_but_not_back_on(client, admin, identity):
    rule = make_rule(admin, identity)
    identity.is_active = False
    identity.save()
    client.post(f"/desk/administration/rules/{rule.pk}/switch/")
    rule.refresh_from_db()
    assert not rule.is_active  # stopping a broken rule is always allowed
    page = client.post(f"/desk/administration/rules/{rule.pk}/switch/", follow=True).content.decode()
    assert "There is no group" in page
    rule.refresh_from_db()
    assert not rule.is_active


def test_deleting_a_rule_asks_first(client, admin, identity):
    rule = make_rule(admin, identity)
    assert "cannot be undone" in client.get(f"/desk/administration/rules/{rule.pk}/delete/").content.decode()
    assert Rule.objects.exists()
    assert client.post(f"/desk/administration/rules/{rule.pk}/delete/").url == "/desk/administration/rules/"
    assert not Rule.objects.exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_a_bounded_number_of_queries(
    client, admin, identity, org, customer, count, django_assert_max_num_queries
):
    webhook_free_actions = [
        {"type": "assign_group", "group": identity.pk},
        {"type": "set_field", "field": "urgency", "value": 1},
        {"type": "assign_agent", "strategy": "group"},
    ]
    for number in range(count):
        make_rule(
            admin,
            identity,
            name=f"Rule {number}",
            organisation=org if number % 2 else None,
            conditions={"all": [{"field": "group", "operator": "in", "value": [identity.pk]}]},
            actions=webhook_free_actions,
        )
    make_ticket(customer, subject="password")
    with django_assert_max_num_queries(14):
        assert client.get("/desk/administration/rules/").status_code == 200


# --- dry runs ------------------------------------------------------------------------------------------


def _unchanged(ticket):
    """The ticket's group and its number of events, to show a dry run changed nothing."""
    ticket.refresh_from_db()
    return ticket.group_id, TicketEvent.objects.filter(ticket=ticket).count()


def test_the_dry_run_shows_which_saved_rules_would_fire_and_changes_nothing(
    client, admin, identity, customer
):
    ticket = make_ticket(customer, subject="password expired")
    make_rule(admin, identity)  # saved after the ticket: it has not fired on it
    other = make_ticket(customer, subject="printer jam")
    before = _unchanged(ticket), _unchanged(other)
    page = client.get(
        "/desk/administration/rules/dry-run/", {"reference": ticket.reference.lower()}
    ).content.decode()
    assert 'data-outcome="fires"' in page and "group: — → Identity" in page
    page = client.get("/desk/administration/rules/dry-run/", {"last": "10"}).content.decode()
    assert page.count('data-outcome="fires"') == 1 and page.count('data-outcome="quiet"') == 1
    assert "✗" in page  # the printer ticket's condition did not hold
    assert (_unchanged(ticket), _unchanged(other)) == before


def test_the_dry_run_asks_for_a_ticket_and_refuses_one_that_does_not_exist(client):
    assert (
        "Give a ticket"
        in client.get("/desk/administration/rules/dry-run/", {"trigger": "time"}).content.decode()
    )
    page = client.get("/desk/administration/rules/dry-run/", {"reference": "INC-999999"}).content.decode()
    assert "There is no ticket INC-999999." in page


def test_trying_an_unsaved_rule_shows_whether_it_would_fire_without_saving_it(client, identity, customer):
    ticket = make_ticket(customer, subject="password expired")
    before = _unchanged(ticket)
    answer = client.post(
        "/desk/administration/rules/try/", {**password_rule_post(identity), "try_reference": ticket.reference}
    )
    page = answer.content.decode()
    assert 'data-outcome="fires"' in page and "group: — → Identity" in page
    assert not Rule.objects.exists() and _unchanged(ticket) == before
    bad = rule_post(conditions=[("all", "subject", "matches", "(")], actions=[("add_tag", {"tag": "x"})])
    page = client.post("/desk/administration/rules/try/", {**bad, "try_last": "5"}).content.decode()
    assert "cannot run as written" in page and "is not a valid regular expression" in page


def test_trying_a_rule_of_one_organisation_skips_the_tickets_of_others(client, identity, customer, org):
    elsewhere = make_ticket(PersonFactory(organisation=OrganisationFactory()), subject="password")
    data = {**password_rule_post(identity, organisation=str(org.pk)), "try_reference": elsewhere.reference}
    assert "for another organisation" in client.post("/desk/administration/rules/try/", data).content.decode()
    make_ticket(customer, subject="password")
    page = client.post(
        "/desk/administration/rules/try/", {**data, "try_reference": "", "try_last": "50"}
    ).content.decode()
    assert page.count("data-ticket=") == 1 and elsewhere.reference not in page


# --- e-mail templates ----------------------------------------------------------------------------------


def template_post(**changes) -> dict:
    data = {
        "name": "Handover",
        "organisation": "",
        "subject": "{{ ticket.reference }} handed over",
        "body": "Hello {{ recipient.name }}, {{ ticket.subject }} is yours by {{ due|business_days:2 }}.",
    }
    for code in ("en", "he", "fa", "fi"):
        data[f"subject_{code}"] = data[f"body_{code}"] = ""
    return {**data, **changes}


def test_an_admin_writes_an_email_template_with_a_translation(client):
    data = template_post(subject_he="{{ ticket.reference }} הועבר", body_he="שלום {{ recipient.name }}")
    assert client.post("/desk/administration/email-templates/new/", data).status_code == 302
    template = EmailTemplate.objects.get()
    assert template.translations == {
        "he": {"subject": "{{ ticket.reference }} הועבר", "body": "שלום {{ recipient.name }}"}
    }
    page = client.get(f"/desk/administration/email-templates/{template.pk}/").content.decode()
    assert "שלום {{ recipient.name }}</textarea>" in page
    assert "Handover" in client.get("/desk/administration/email-templates/").content.decode()


def test_bad_placeholders_save_nothing(client):
    answer = client.post(
        "/desk/administration/email-templates/new/", template_post(body="Hi {% load evil %}")
    )
    assert answer.status_code == 200 and "The placeholders are not valid" in answer.content.decode()
    answer = client.post("/desk/administration/email-templates/new/", template_post(body_fi="{% if %}"))
    assert "fi body" in answer.content.decode()
    assert not EmailTemplate.objects.exists()


def test_the_preview_renders_the_template_for_a_ticket_in_the_chosen_language(client, customer):
    ticket = make_ticket(customer, subject="VPN drops")
    data = template_post(subject_he="{{ ticket.reference }} הועבר", preview_reference=ticket.reference)
    page = client.post("/desk/administration/email-templates/preview/", data).content.decode()
    assert f"{ticket.reference} handed over" in page and "Hello Dana Cohen, VPN drops is yours by" in page
    page = client.post(
        "/desk/administration/email-templates/preview/", {**data, "preview_language": "he"}
    ).content.decode()
    assert f"{ticket.reference} הועבר" in page and 'lang="he"' in page
    page = client.post(
        "/desk/administration/email-templates/preview/", template_post(body="{% if %}")
    ).content.decode()
    assert "The placeholders are not valid" in page
    assert not EmailTemplate.objects.exists()


def test_a_template_rules_still_send_is_not_deleted(client, admin):
    template = services.create_email_template(admin, name="Handover", subject="Hi", body="Hello")
    services.create_rule(
        admin,
        name="Dispatch",
        trigger="ticket_created",
        actions=[{"type": "send_email", "template": template.pk}],
    )
    assert "Dispatch" in client.get("/desk/administration/email-templates/").content.decode()
    page = client.post(
        f"/desk/administration/email-templates/{template.pk}/delete/", follow=True
    ).content.decode()
    assert "Rules still send this template: Dispatch." in page and EmailTemplate.objects.exists()
    Rule.objects.all().delete()
    client.post(f"/desk/administration/email-templates/{template.pk}/delete/")
    assert not EmailTemplate.objects.exists()


# --- auto-close ----------------------------------------------------------------------------------------


def test_an_admin_sets_an_organisations_auto_close_days(client, org):
    page = client.get("/desk/administration/auto-close/").content.decode()
    assert "the defaults" in page and "Acme" in page
    data = {
        "remind_after_business_days": "2",
        "close_after_business_days": "0",
        "close_resolved_after_days": "4",
    }
    assert (
        client.post("/desk/administration/auto-close/ACME/", data).url == "/desk/administration/auto-close/"
    )
    policy = AutoClosePolicy.objects.get(organisation=org)
    assert (
        policy.remind_after_business_days,
        policy.close_after_business_days,
        policy.close_resolved_after_days,
    ) == (2, 0, 4)
    assert "its own" in client.get("/desk/administration/auto-close/").content.decode()


def test_bad_auto_close_days_change_nothing(client, org):
    data = {
        "remind_after_business_days": "-1",
        "close_after_business_days": "400",
        "close_resolved_after_days": "x",
    }
    answer = client.post("/desk/administration/auto-close/ACME/", data)
    assert answer.status_code == 200 and "greater than or equal to 0" in answer.content.decode()
    assert not AutoClosePolicy.objects.exists()


@pytest.mark.parametrize("count", [2, 20])
def test_the_template_and_auto_close_lists_cost_a_bounded_number_of_queries(
    client, admin, count, django_assert_max_num_queries
):
    for number in range(count):
        organisation = OrganisationFactory()
        services.create_email_template(
            admin, name=f"T{number}", subject="Hi", body="Hello", organisation=organisation
        )
        services.set_auto_close_policy(admin, organisation, remind_after_business_days=number % 5)
    with django_assert_max_num_queries(8):
        assert client.get("/desk/administration/email-templates/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/desk/administration/auto-close/").status_code == 200


# --- in a browser ----------------------------------------------------------------------------------------


def settled(page) -> None:
    """Wait until htmx has no request in flight and has finished swapping what came back."""
    page.wait_for_function(  # a function, not an expression: the pages' CSP forbids eval
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


@pytest.mark.django_db(transaction=True)
def test_an_admin_builds_tries_and_saves_a_rule_that_routes_a_new_ticket(browser, live_server):
    from tests.web.conftest import PASSWORD
    from tests.web.test_accessibility import check

    org = OrganisationFactory(code="GALIL", name="Galil Logistics", domains=["galil.example"])
    identity = GroupFactory(name="Identity", tier=2)
    admin = AdminFactory(username="agent-maya", name="Maya Admin")  # "agent-" lands on the desk
    customer = PersonFactory(organisation=org, username="dana", name="Dana Cohen")
    for person in (admin, customer):
        person.set_password(PASSWORD)
        person.save()
    earlier = make_ticket(customer, subject="Reset my password please")

    page = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "agent-maya")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/**")
    page.click("nav >> text=Administration")
    page.click("main >> text=Rules")
    page.click("text=New rule")
    page.fill("#id_name", "Passwords to Identity")
    page.select_option("#id_trigger", "ticket_created")

    page.click("[data-add=all]")
    settled(page)
    row = page.locator("[data-condition]").first
    row.locator("select[name$=-field]").select_option("subject")
    settled(page)
    row.locator("select[name$=-operator]").select_option("contains")
    settled(page)
    row.locator("input[name$=-value]").fill("password")
    page.click("[data-add=action]")
    settled(page)
    page.locator("[data-action] select[name$=-type]").select_option("assign_group")
    settled(page)  # the row is drawn again with what its new type takes: a group
    page.locator("[data-action] select[name$=-group]").select_option(label="Identity (T2)")

    page.fill("#try_reference", earlier.reference)
    page.click("#try-form button[type=submit]")
    page.wait_for_selector("#try-result [data-outcome=fires]")
    assert "group: — → Identity" in page.text_content("#try-result")
    check(page, "en-admin-rule")
    assert not Rule.objects.exists()
    earlier.refresh_from_db()
    assert earlier.group is None

    page.click("#save-rule")
    page.wait_for_url("**/desk/administration/rules/#rule-*")
    assert "Subject contains “password”" in page.text_content("main")
    check(page, "en-admin-rules")
    rule = Rule.objects.get()
    assert rule.conditions["all"] == PASSWORD_SUBJECT["all"]

    portal = browser.new_context(locale="en-GB").new_page()
    portal.goto(f"{live_server.url}/accounts/login/")
    portal.fill("#id_login", "dana")
    portal.fill("#id_password", PASSWORD)
    portal.click("button[type=submit]")
    portal.wait_for_url("**/portal/**")
    portal.click("text=New request")
    portal.fill("#id_subject", "Forgot my password again")
    portal.fill("#id_description", "It expired over the weekend.")
    portal.click("main button[type=submit]")
    portal.wait_for_url("**/portal/tickets/**")
    routed = TicketEvent.objects.filter(kind=EventKind.RULE_APPLIED).get().ticket
    assert routed.subject == "Forgot my password again" and routed.group == identity

    page.goto(f"{live_server.url}/desk/administration/rules/")
    assert "1 time" in page.text_content(f"#rule-{rule.pk} [data-fired]")
    page.click("nav[aria-label=Automation] >> text=Dry run")
    page.fill("#id_reference", earlier.reference)
    page.click("main button[type=submit]")
    page.wait_for_selector("#dry-run-results [data-outcome=fires]")
    check(page, "en-admin-rules-dry-run")

    admin.language = "fa"
    admin.save()
    page.goto(f"{live_server.url}/desk/administration/rules/{rule.pk}/")
    assert page.get_attribute("html", "dir") == "rtl"
    check(page, "fa-admin-rule")


def test_numbers_longer_than_any_id_are_refused_and_save_nothing(client, admin, identity):
    """Such a number must not reach the database as an id (SQLite cannot even compare it)."""
    too_long = "99999999999999999999"
    answers = [
        client.post(
            "/desk/administration/rules/new/",
            rule_post(
                conditions=[("all", "subject", "contains", "x")],
                actions=[("assign_group", {"group": too_long})],
            ),
        ),
        client.post(
            "/desk/administration/rules/new/",
            {**password_rule_post(identity, name="Renamed"), "organisation": too_long},
        ),
    ]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert f"There is no group {too_long}." in answers[0].content.decode()
    assert "Select a valid choice." in answers[1].content.decode()
    assert not Rule.objects.exists()
