"""Issue 15's "done when": a stream of new tickets replayed through the API after an organisation's
model was trained on its history and its group switched to automatic mode through the API.

Automatic mode sets the group only where the prediction's confidence reached the threshold of the
target precision; the other tickets keep no group and go to the usual triage. An agent's
correction through the API is recorded, an acceptance too, and once the tickets are resolved the
figures endpoint reports the precision and coverage the recorded predictions give.
"""

import random

import pytest

from moked.classification.models import TicketPrediction
from moked.tickets import numbering
from moked.tickets.models import Ticket
from tests.classification.history import text_of
from tests.classification.trained import trained, vague_subject
from tests.factories import AdminFactory, GroupFactory

pytestmark = pytest.mark.django_db

FIELDS_URL = "/api/v1/classification/organisations/ACME/fields/"


def _open(client, subject: str) -> Ticket:
    response = client.post("/api/v1/tickets/", {"subject": subject}, format="json")
    assert response.status_code == 201, response.json()
    ticket_type, number = numbering.parse_reference(response.json()["reference"])
    return Ticket.objects.get(ticket_type=ticket_type, number=number)


def _resolve(client, ticket: Ticket, agent) -> None:
    url = f"/api/v1/tickets/{ticket.reference}/"
    response = client.patch(url, {"assignee": agent.pk}, format="json")
    assert response.status_code == 200, response.json()
    response = client.post(
        f"{url}transition/",
        {"status": "resolved", "resolution_code": "solved", "resolution_text": "Done."},
        format="json",
    )
    assert response.status_code == 200, response.json()


def test_a_replayed_stream_is_routed_only_above_the_threshold_and_corrections_are_recorded(
    api_as, org, requester, agent
):
    routes = trained(org, agent, vague=30)
    for route in routes.values():
        route["group"].members.add(agent)

    admin = api_as(AdminFactory())
    changed = admin.patch(f"{FIELDS_URL}group/", {"mode": "auto", "target_precision": "0.90"}, format="json")
    assert changed.status_code == 200, changed.json()
    setting = changed.json()
    assert (setting["mode"], setting["target_precision"]) == ("auto", 0.9)
    assert setting["threshold"] is not None and setting["model"]["version"] == 1

    # The stream: tickets in the words of the history, and vague ones that say nothing of their kind.
    chosen = random.Random(7)
    subjects = [text_of(label, chosen) for label in routes for _ in range(8)]
    subjects += [vague_subject(chosen) for _ in range(4)]
    chosen.shuffle(subjects)
    client = api_as(requester)
    stream = [_open(client, subject) for subject in subjects]

    rows = {row.ticket_id: row for row in TicketPrediction.objects.filter(field="group")}
    assert set(rows) == {ticket.pk for ticket in stream}
    applied, triaged = [], []
    for ticket in stream:
        row = rows[ticket.pk]
        assert row.mode == "auto" and row.threshold == pytest.approx(setting["threshold"], abs=1e-6)
        above = row.confidence >= row.threshold
        assert row.applied is above
        if above:
            assert ticket.group_id == int(row.value)
            applied.append(ticket)
        else:
            assert ticket.group_id is None  # the usual triage
            triaged.append(ticket)
    assert len(applied) >= 2 and len(triaged) >= 2, (len(applied), len(triaged))

    # The category and the impact stay suggestions: recorded, never set.
    assert not TicketPrediction.objects.exclude(field="group").filter(applied=True).exists()
    assert all(ticket.category_id is None for ticket in stream)

    desk = api_as(agent)
    # An agent corrects an automatically set group...
    wrong = applied[0]
    other = GroupFactory(name="Other team", members=[agent])
    response = desk.patch(f"/api/v1/tickets/{wrong.reference}/", {"group": other.pk}, format="json")
    assert response.status_code == 200, response.json()
    corrected = TicketPrediction.objects.get(ticket=wrong, field="group")
    assert (corrected.corrected_value, corrected.corrected_by) == (str(other.pk), agent)
    predictions = desk.get(f"/api/v1/tickets/{wrong.reference}/predictions/").json()
    shown = next(item for item in predictions if item["field"] == "group")
    assert shown["corrected_value"] == other.pk and shown["corrected_by"]["id"] == agent.pk
    assert shown["applied"] is True and shown["current"] is False and shown["can_accept"] is True

    # ...and accepts the suggestion of a ticket left to triage, in one click.
    left = triaged[0]
    response = desk.post(f"/api/v1/tickets/{left.reference}/predictions/group/accept/")
    assert response.status_code == 200, response.json()
    assert response.json()["accepted_by"]["id"] == agent.pk and response.json()["current"] is True
    left.refresh_from_db()
    assert str(left.group_id) == rows[left.pk].value
    assert left.events.filter(field="group", channel="api").exists()

    for ticket in stream:
        _resolve(desk, ticket, agent)

    settled = list(TicketPrediction.objects.filter(field="group"))
    assert all(row.outcome != "pending" for row in settled)
    above = [row for row in settled if row.confidence >= row.threshold]
    right_above = [row for row in above if row.outcome == "right"]
    assert TicketPrediction.objects.get(ticket=wrong, field="group").outcome == "wrong"
    assert TicketPrediction.objects.get(ticket=left, field="group").outcome == "right"

    figures = admin.get(FIELDS_URL).json()
    group = next(item for item in figures if item["field"] == "group")
    assert (group["predictions"], group["above_threshold"], group["applied"]) == (
        len(stream),
        len(above),
        len(applied),
    )
    assert (group["settled"], group["settled_above"], group["right_above"]) == (
        len(stream),
        len(above),
        len(right_above),
    )
    assert (group["corrected"], group["accepted"]) == (1, 1)
    assert group["coverage"] == pytest.approx(len(above) / len(stream))
    assert group["precision"] == pytest.approx(len(right_above) / len(above))
    assert group["precision"] < 1  # the corrected ticket was wrong
