"""The rules engine's plug-in points: the actions and facts other apps add at start-up, and the
outbox of automation's own mail."""

import pytest
from django.core.exceptions import ValidationError

from moked.automation import conditions, registry
from moked.automation.actions import Change
from moked.automation.models import Trigger
from moked.mail import outbound
from moked.tickets.models import EventKind, TicketEvent
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def plugged():
    """Whatever a test registers is gone after it."""
    actions, facts, fields = dict(registry._actions), dict(registry._facts), dict(conditions.FIELDS)
    outbox = list(registry._mail_outbox)
    yield
    registry._actions.clear()
    registry._actions.update(actions)
    registry._facts.clear()
    registry._facts.update(facts)
    conditions.FIELDS.clear()
    conditions.FIELDS.update(fields)
    registry._mail_outbox[:] = outbox


def test_the_editor_offers_the_actions_in_their_order_and_macros_without_mail_or_webhooks():
    assert registry.action_names() == [
        "set_priority",
        "set_field",
        "set_status",
        "assign_group",
        "assign_agent",
        "add_tag",
        "remove_tag",
        "add_note",
        "send_email",
        "escalate",
        "call_webhook",
    ]
    assert "send_email" not in registry.action_names(for_macro=True)
    assert "call_webhook" not in registry.action_names(for_macro=True)
    assert registry.action("send_email").rule_only and registry.action("set_priority").batched


def test_an_action_another_app_registers_is_checked_and_done_like_automations_own(plugged, rule, requester):
    def check(action, organisation):
        if action.get("words") not in ("yes", "no"):
            raise ValidationError("Say yes or no.")
        return {"words": action["words"]}

    def say(action, ticket, context):
        return Change("say", f"said {action['words']}")

    registry.register_action("say", check=check, apply=say, order=85)
    assert registry.action_names().index("say") == registry.action_names().index("add_note") + 1
    with pytest.raises(ValidationError) as refusal:
        rule("Says", actions=[{"type": "say", "words": "maybe"}])
    assert refusal.value.message_dict == {"actions": ["#1: Say yes or no."]}
    rule("Says", actions=[{"type": "say", "words": "yes"}])
    ticket = make_ticket(requester, subject="Hello")
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.RULE_APPLIED)
    assert event.data["changes"] == ["said yes"]


def test_a_name_is_registered_once(plugged):
    own = registry.action("set_priority")
    registry.register_action("set_priority", check=own.check, apply=own.apply, order=10, batched=True)
    with pytest.raises(ValueError):
        registry.register_action("set_priority", check=own.check, apply=own.apply, order=15)
    with pytest.raises(ValueError):
        registry.register_fact("status", conditions.CHOICE, lambda ticket, at: "new")
    with pytest.raises(ValueError):
        registry.register_fact("colour", "colour", lambda ticket, at: "red")


def test_a_registered_fact_is_tested_by_conditions_and_computed_only_when_asked(plugged, rule, requester):
    asked = []

    def reference_length(ticket, at):
        asked.append(ticket.pk)
        return len(ticket.reference)

    registry.register_fact("reference_length", conditions.NUMBER, reference_length)
    with pytest.raises(ValidationError):
        rule("Long", conditions={"all": [{"field": "reference_length", "operator": "contains", "value": 1}]})
    rule(
        "Long",
        trigger=Trigger.TICKET_CREATED,
        conditions={"all": [{"field": "reference_length", "operator": "gt", "value": 3}]},
        actions=[{"type": "add_tag", "tag": "long"}],
    )
    ticket = make_ticket(requester, subject="Hello")
    assert list(ticket.tag_links.values_list("name", flat=True)) == ["long"]
    assert asked == [ticket.pk]


def test_automations_own_mail_goes_through_the_outbox_mail_registered(plugged):
    assert registry._mail_outbox == [outbound.queue_automatic_mail]
    registry._mail_outbox.clear()
    with pytest.raises(LookupError):
        registry.queue_mail(None, "dana@acme.example", "en", "Subject", "Text")
