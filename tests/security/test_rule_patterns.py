"""A rule's regular expression has a time limit: a pattern that backtracks without end is stopped,
the ticket is still opened, and the rule is recorded as failed on it, with the reason; its
actions never run."""

import pytest

from moked.automation import selectors, services
from moked.tickets.models import EventKind
from tests.factories import AgentFactory, make_ticket

pytestmark = pytest.mark.django_db

CATASTROPHIC = "(a|aa)+$"  # fine on "aaab"; on sixty a's and a b, Python's re would search for ages
SUBJECT = "a" * 60 + "b"


def _rule(admin):
    return services.create_rule(
        admin,
        name="Backtracks",
        trigger="ticket_created",
        conditions={"all": [{"field": "subject", "operator": "matches", "value": CATASTROPHIC}]},
        actions=[{"type": "add_tag", "tag": "matched"}],
    )


def test_a_pattern_stopped_by_its_time_limit_is_a_recorded_failure(admin, requester):
    rule = _rule(admin)
    ticket = make_ticket(requester, subject=SUBJECT)
    event = ticket.events.get(kind=EventKind.RULE_APPLIED)
    assert event.data["rule"] == rule.pk and event.data["changes"] == []
    assert "searched for longer than" in event.data["error"] and CATASTROPHIC in event.data["error"]
    assert list(ticket.tag_links.values_list("name", flat=True)) == []
    assert selectors.rule_firing_counts(admin)[rule.pk]["failed"] == 1


def test_the_same_pattern_still_matches_where_it_can(admin, requester):
    _rule(admin)
    ticket = make_ticket(requester, subject="aaaa")
    assert list(ticket.tag_links.values_list("name", flat=True)) == ["matched"]


def test_the_dry_run_reports_a_stopped_pattern(api_as, admin, requester):
    rule = _rule(admin)
    ticket = make_ticket(requester, subject=SUBJECT)
    agent = AgentFactory(serves=[requester.organisation])
    answer = api_as(agent).post("/api/v1/rules/dry-run/", {"ticket": ticket.reference}, format="json")
    assert answer.status_code == 200
    (firing,) = [firing for firing in answer.json() if firing["rule"] == rule.pk]
    assert firing["matched"] is False and "searched for longer than" in firing["error"]
