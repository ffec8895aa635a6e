"""Texts with placeholders cannot tie up a worker: loops and the tags and filters that repeat, pad
or multiply text are refused when a macro, rule or e-mail template is saved, with the reason; a
text saved before (or one that runs over its time budget) is refused when it would be filled in,
and that refusal is recorded (a rule's failure, a macro not applied)."""

import pytest
from django.utils import translation

from moked.automation import services, templating
from moked.automation.models import EmailTemplate, Macro, Rule
from moked.mail.models import OutboundMessage
from moked.tickets.models import EventKind
from tests.factories import (
    AgentFactory,
    GroupFactory,
    make_ticket,
)

pytestmark = pytest.mark.django_db

LOOPS = (
    "{% for a in ticket.subject %}{% for b in ticket.subject %}{% for c in ticket.subject %}"
    "{% for d in ticket.subject %}{{ requester.name }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}"
)
UNBOUNDED = [
    LOOPS,
    "{% lorem 100000 w %}",
    "{% cycle 'a' 'b' %}",
    "{{ requester.name|ljust:'100000000' }}",
    "{{ ticket.subject|join:ticket.subject|join:ticket.subject }}",
    "{{ ticket.subject|urlencode|urlencode|urlencode }}",
    "{{ 1|floatformat:1000000 }}",
    "{{ 1|stringformat:'099999999d' }}",
    "{% with a=ticket.subject|add:ticket.subject %}{{ a }}{% endwith %}",
    "{{ due|business_hours:1000000 }}",
    "{{ due|business_days:'5000' }}",
]


@pytest.fixture
def agent(org):
    agent = AgentFactory(username="avi", serves=[org])
    GroupFactory(name="Desk", members=[agent])
    return agent


@pytest.mark.parametrize("text", UNBOUNDED)
def test_unbounded_texts_are_refused_when_saved_through_the_api(api_as, admin, text):
    client = api_as(admin)
    macro = client.post("/api/v1/macros/", {"name": "M", "reply": text}, format="json")
    assert macro.status_code == 400, macro.json()
    assert macro.json()["errors"]["reply"]
    template = client.post(
        "/api/v1/email-templates/", {"name": "T", "subject": "S", "body": text}, format="json"
    )
    assert template.status_code == 400 and template.json()["errors"]["body"]
    rule = client.post(
        "/api/v1/rules/",
        {"name": "R", "trigger": "ticket_created", "actions": [{"type": "add_note", "text": text}]},
        format="json",
    )
    assert rule.status_code == 400, rule.json()
    assert not Macro.objects.exists() and not EmailTemplate.objects.exists() and not Rule.objects.exists()


def test_the_refusal_names_what_is_not_allowed_in_the_readers_language(api_as, admin):
    answer = api_as(admin).post("/api/v1/macros/", {"name": "M", "reply": LOOPS}, format="json")
    (problem,) = answer.json()["errors"]["reply"]
    assert problem["message"].startswith(
        "“for” cannot be used in texts with placeholders: they have no loops"
    )
    with translation.override("fi"):
        with pytest.raises(templating.TemplateRefused) as refused:
            templating.check(LOOPS)
    assert "for" in refused.value.messages[0] and "cannot be used" not in refused.value.messages[0]


def test_what_the_sandbox_allows_still_works(requester, agent):
    ticket = make_ticket(requester, subject="VPN")
    text = (
        "{% with name=requester.name %}{{ name|upper }}{% endwith %}: "
        "{% if ticket.assignee %}{{ ticket.assignee }}{% else %}nobody yet{% endif %}, "
        "{{ ticket.subject|lower|truncatechars:10 }} {{ ticket.priority|default:'P4' }}"
    )
    templating.check(text)
    assert templating.render(text, ticket) == "DANA COHEN: nobody yet, vpn P4"


def test_a_macro_saved_before_the_limits_is_refused_when_applied(api_as, requester, agent):
    macro = Macro.objects.create(name="Old", reply=LOOPS)  # a row from before: never checked
    ticket = make_ticket(requester, subject="x" * 30)
    applied = api_as(agent).post(f"/api/v1/tickets/{ticket.reference}/macros/{macro.pk}/apply/")
    assert applied.status_code == 400
    assert "“for” cannot be used" in str(applied.json())
    assert not ticket.comments.exists()


def test_a_rule_saved_before_the_limits_fails_and_is_recorded(requester):
    Rule.objects.create(
        name="Old note", trigger="ticket_created", actions=[{"type": "add_note", "text": LOOPS}]
    )
    ticket = make_ticket(requester, subject="y" * 30)
    event = ticket.events.get(kind=EventKind.RULE_APPLIED)
    assert "“for” cannot be used" in event.data["error"]
    assert not ticket.comments.exists()


def test_a_text_over_its_time_budget_stops_and_the_rule_records_it(admin, requester, monkeypatch):
    template = services.create_email_template(
        admin, name="Due", subject="Due", body="By {{ due|business_days:5 }}"
    )
    services.create_rule(
        admin,
        name="Tell",
        trigger="ticket_created",
        conditions={},
        actions=[{"type": "send_email", "template": template.pk, "to": "requester"}],
    )
    monkeypatch.setattr(templating, "MAX_SECONDS", 0.0)  # every text is over budget at once
    ticket = make_ticket(requester)
    event = ticket.events.get(kind=EventKind.RULE_APPLIED)
    assert "took longer than" in event.data["error"]
    assert not OutboundMessage.objects.filter(kind=OutboundMessage.Kind.AUTOMATIC).exists()


def test_a_text_whose_result_is_too_long_is_refused(requester, monkeypatch):
    ticket = make_ticket(requester, subject="z" * 200)
    monkeypatch.setattr(templating, "MAX_OUTPUT", 100)
    with pytest.raises(templating.TemplateRefused):
        templating.render("{{ ticket.subject }}", ticket)
