"""Rules on predictions: "predicted group is Identity with confidence at least 0.8". The predictions
are recorded as the ticket is created, before the rules of "ticket created" run, so those rules
test them; the dry runs (the API's and the page's) show what was predicted."""

import pytest

from moked.automation import conditions, prediction_facts
from moked.automation.facts import ticket_facts
from moked.automation.models import Rule
from moked.classification.models import TicketPrediction
from tests.classification.trained import trained
from tests.factories import GroupFactory, make_ticket
from tests.web.administration.test_rules import rule_post
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

# With the model `trained` gives, both are predicted to be the printing team's: the first with a
# confidence above 0.8, the second (words that say nothing of their kind) below it.
CONFIDENT = "the printer on floor two jams"
VAGUE = "hello thanks regards"
ELSEWHERE = "reset my password please"  # the access team's


def _printing_rule(rule, group, confidence=0.8):
    return rule(
        "Confident printing",
        conditions={
            "all": [
                {"field": "predicted_group", "operator": "is", "value": group.pk},
                {"field": "predicted_group_confidence", "operator": "gte", "value": confidence},
            ]
        },
        actions=[{"type": "add_tag", "tag": "predicted-printing"}],
    )


def _group_prediction(ticket) -> TicketPrediction:
    return TicketPrediction.objects.get(ticket=ticket, field="group")


def test_the_prediction_facts_are_registered_with_the_kinds_of_the_tickets_own():
    assert conditions.FIELDS["predicted_group"] == conditions.FIELDS["group"] == conditions.CHOICE
    assert conditions.FIELDS["predicted_ticket_type"] == conditions.CHOICE
    assert conditions.FIELDS["predicted_impact"] == conditions.NUMBER
    assert all(
        conditions.FIELDS[f"predicted_{field}_confidence"] == conditions.NUMBER
        for field in ("group", "urgency")
    )
    assert len(prediction_facts.fact_names()) == 12


def test_a_ticket_created_rule_fires_on_a_confident_prediction_and_not_below(org, agent, requester, rule):
    routes = trained(org, agent)
    printing = routes["printing"]["group"]
    _printing_rule(rule, printing)

    confident = make_ticket(requester, subject=CONFIDENT)
    predicted = _group_prediction(confident)
    assert (predicted.value, predicted.applied) == (str(printing.pk), False)  # suggest mode: not set
    assert predicted.confidence >= 0.8 and confident.group_id is None
    assert list(confident.tag_links.values_list("name", flat=True)) == ["predicted-printing"]

    vague = make_ticket(requester, subject=VAGUE)
    assert _group_prediction(vague).value == str(printing.pk)
    assert _group_prediction(vague).confidence < 0.8
    assert not vague.tag_links.exists()

    elsewhere = make_ticket(requester, subject=ELSEWHERE)
    assert _group_prediction(elsewhere).value == str(routes["access"]["group"].pk)
    assert not elsewhere.tag_links.exists()


def test_the_facts_read_the_predictions_once_per_evaluation(org, agent, requester, django_assert_num_queries):
    routes = trained(org, agent)
    ticket = make_ticket(requester, subject=ELSEWHERE)
    facts = ticket_facts(ticket)
    with django_assert_num_queries(1):
        group, confidence = facts["predicted_group"], facts["predicted_group_confidence"]
        impact, category = facts["predicted_impact"], facts["predicted_category"]
    assert group == routes["access"]["group"].pk and 0 < confidence <= 1
    assert impact == 2 and category == routes["access"]["category"].pk
    assert facts["predicted_service"] is None and facts["predicted_service_confidence"] is None


def test_a_ticket_without_predictions_has_empty_prediction_facts(requester):
    facts = ticket_facts(make_ticket(requester, subject=CONFIDENT))
    assert facts["predicted_group"] is None and facts["predicted_group_confidence"] is None
    assert conditions.holds({"field": "predicted_group", "operator": "is_not_set"}, facts)
    assert not conditions.holds({"field": "predicted_group_confidence", "operator": "gte", "value": 0}, facts)


def test_the_api_dry_run_shows_the_predicted_values_it_tested(api_as, org, agent, requester, admin, rule):
    routes = trained(org, agent)
    ticket = make_ticket(requester, subject=CONFIDENT)
    vague = make_ticket(requester, subject=VAGUE)
    _printing_rule(rule, routes["printing"]["group"])
    client = api_as(admin)
    for each, fires in ((ticket, True), (vague, False)):
        answer = client.post(
            "/api/v1/rules/dry-run/", {"ticket": each.reference, "trigger": "ticket_created"}, format="json"
        )
        assert answer.status_code == 200, answer.json()
        (firing,) = answer.json()
        assert firing["matched"] is fires
        group, confidence = firing["conditions"]
        assert group["actual"] == routes["printing"]["group"].pk and group["held"] is True
        assert confidence["actual"] == pytest.approx(_group_prediction(each).confidence)
        assert confidence["held"] is fires
    assert not ticket.tag_links.exists()  # saved after the tickets: the dry run changed nothing


def test_the_page_dry_run_shows_the_predictions_and_the_editor_offers_them(
    org, agent, requester, admin, rule
):
    routes = trained(org, agent)
    printing = routes["printing"]["group"]
    ticket = make_ticket(requester, subject=CONFIDENT)
    _printing_rule(rule, printing)
    client = client_for(admin)
    page = client.get("/desk/administration/rules/dry-run/", {"reference": ticket.reference}).content.decode()
    assert "data-predictions" in page and 'data-outcome="fires"' in page
    assert "Predicted group is printing team (T" in page
    assert "Confidence of the predicted group is at least “0.8”" in page
    assert "Group: <bdi>printing team</bdi>" in page

    query = {"condition": "k1", "c-k1-group": "all", "c-k1-was": "subject", "c-k1-field": "predicted_group"}
    row = client.get("/desk/administration/rules/rows/condition/", query).content.decode()
    assert f'<option value="{printing.pk}">printing team (T{printing.tier})</option>' in row
    assert '<option value="predicted_group_confidence"' in row
    query.update({"c-k1-was": "predicted_group", "c-k1-field": "predicted_group_confidence"})
    row = client.get("/desk/administration/rules/rows/condition/", query).content.decode()
    assert 'type="number" step="any"' in row and '<option value="gte"' in row


def test_the_rule_api_takes_conditions_on_predictions_and_checks_them(api_as, admin, org):
    client = api_as(admin)
    conditions_on = {
        "all": [
            {"field": "predicted_group", "operator": "in", "value": [1, 2]},
            {"field": "predicted_impact_confidence", "operator": "gt", "value": 0.5},
        ]
    }
    rule = {
        "name": "Confident",
        "trigger": "ticket_created",
        "conditions": conditions_on,
        "actions": [{"type": "add_tag", "tag": "confident"}],
    }
    created = client.post("/api/v1/rules/", rule, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["conditions"]["all"] == conditions_on["all"]
    wrong = {"all": [{"field": "predicted_group_confidence", "operator": "contains", "value": "x"}]}
    refused = client.post("/api/v1/rules/", {**rule, "conditions": wrong}, format="json")
    assert refused.status_code == 400


def test_the_editor_saves_a_rule_on_a_predicted_group_and_its_confidence(admin):
    group = GroupFactory(name="Identity", tier=2)
    posted = rule_post(
        "Confident identity",
        conditions=[
            ("all", "predicted_group", "is", str(group.pk)),
            ("all", "predicted_group_confidence", "gte", "0.9"),
        ],
        actions=[("add_tag", {"tag": "identity"})],
    )
    answer = client_for(admin).post("/desk/administration/rules/new/", posted)
    assert answer.status_code == 302
    saved = Rule.objects.get(name="Confident identity")
    assert saved.conditions["all"] == [
        {"field": "predicted_group", "operator": "is", "value": group.pk},
        {"field": "predicted_group_confidence", "operator": "gte", "value": 0.9},
    ]
    page = client_for(admin).get("/desk/administration/rules/").content.decode()
    assert "Predicted group is Identity (T2)" in page
