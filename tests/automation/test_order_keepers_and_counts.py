"""What the administration pages ask of the automation services and selectors: putting rules in a
new order, who may keep which macros, and how often each rule fired."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.automation import selectors, services
from moked.automation.models import Rule
from moked.tickets.models import EventKind, TicketEvent
from tests.factories import AgentFactory, PersonFactory, TeamLeadFactory, make_ticket

pytestmark = pytest.mark.django_db


def fired_in_order(ticket) -> list[str]:
    events = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.RULE_APPLIED).order_by("id")
    return list(events.values_list("new_label", flat=True))


def test_reordering_rules_changes_the_order_they_fire_in(rule, admin, requester):
    first = rule("Tag A", actions=[{"type": "add_tag", "tag": "a"}], position=100)
    second = rule("Tag B", actions=[{"type": "add_tag", "tag": "b"}], position=100)
    assert fired_in_order(make_ticket(requester)) == ["Tag A", "Tag B"]
    services.reorder_rules(admin, [second, first])
    assert list(Rule.objects.order_by("position", "id").values_list("name", "position")) == [
        ("Tag B", 10),
        ("Tag A", 20),
    ]
    assert fired_in_order(make_ticket(requester)) == ["Tag B", "Tag A"]


def test_reordering_is_for_admins_and_within_one_organisation(rule, admin, agent, org):
    provider_wide = rule("Everyone", actions=[{"type": "add_tag", "tag": "a"}], position=5)
    own = rule("Acme", actions=[{"type": "add_tag", "tag": "b"}], position=7, organisation=org)
    with pytest.raises(PermissionDenied):
        services.reorder_rules(agent, [own, provider_wide])
    with pytest.raises(ValidationError):
        services.reorder_rules(admin, [own, provider_wide])
    assert list(Rule.objects.order_by("pk").values_list("position", flat=True)) == [5, 7]


def test_who_may_keep_which_macros(admin, agent, org, other_org):
    lead = TeamLeadFactory(serves=[org])
    assert services.may_keep_macro(admin, None) and services.may_keep_macro(admin, other_org)
    assert services.may_keep_macro(lead, org)
    assert not services.may_keep_macro(lead, None) and not services.may_keep_macro(lead, other_org)
    assert not services.may_keep_macro(agent, org)
    lead.is_active = False
    assert not services.may_keep_macro(lead, org)


def test_firing_counts_say_how_often_each_rule_fired_and_failed(rule, admin, requester, other_org):
    tagging = rule("Tag", actions=[{"type": "add_tag", "tag": "seen"}])
    closing = rule(
        "Close at once", actions=[{"type": "set_status", "status": "closed"}]
    )  # new → closed: refused
    quiet = rule(
        "Never",
        conditions={"all": [{"field": "subject", "operator": "contains", "value": "zzz"}]},
        actions=[{"type": "add_tag", "tag": "never"}],
    )
    make_ticket(requester)
    make_ticket(requester)
    make_ticket(PersonFactory(organisation=other_org))
    counts = selectors.rule_firing_counts(admin)
    assert (counts[tagging.pk]["times"], counts[tagging.pk]["failed"]) == (3, 0)
    assert (counts[closing.pk]["times"], counts[closing.pk]["failed"]) == (3, 3)
    assert quiet.pk not in counts
    assert (
        counts[tagging.pk]["last"] == TicketEvent.objects.filter(kind=EventKind.RULE_APPLIED).latest("at").at
    )


def test_firing_counts_only_count_the_tickets_a_person_may_see(rule, requester, agent, other_org):
    tagging = rule("Tag", actions=[{"type": "add_tag", "tag": "seen"}])
    make_ticket(requester)
    make_ticket(PersonFactory(organisation=other_org))
    assert selectors.rule_firing_counts(agent)[tagging.pk]["times"] == 1  # the agent serves Acme only
    assert selectors.rule_firing_counts(AgentFactory()) == {}
    assert selectors.rule_firing_counts(requester) == {}
