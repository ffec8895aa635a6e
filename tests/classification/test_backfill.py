"""Predictions for a ticket opened before its organisation had a model."""

import pytest

from moked.classification import model_files, training
from moked.classification.backfill import predict_existing
from moked.classification.models import TicketPrediction
from moked.classification.services import set_field_mode
from moked.tickets import lifecycle
from moked.tickets.models import Ticket
from tests.classification.history import resolved_history, routing
from tests.factories import PersonFactory, make_ticket


@pytest.fixture(autouse=True)
def _models_read_afresh():
    """Rows of models are rolled back between tests and their ids used again: forget what was loaded."""
    model_files.forget_loaded()
    yield
    model_files.forget_loaded()


def test_a_ticket_opened_before_the_model_gets_suggestions_that_change_nothing(org, agent, admin):
    waiting = make_ticket(
        PersonFactory(organisation=org), subject="the printer on floor two jams", description=""
    )
    routes = routing()
    resolved_history(org, agent, routes)
    assert training.train(org) is not None
    set_field_mode(admin, org, "group", mode="auto")
    set_field_mode(admin, org, "impact", mode="off")

    made = predict_existing(waiting)

    by_field = {prediction.field: prediction for prediction in made}
    assert "impact" not in by_field
    assert by_field["group"].value == str(routes["printing"]["group"].pk)
    assert by_field["category"].value == str(routes["printing"]["category"].pk)
    assert not any(prediction.applied for prediction in made)
    waiting.refresh_from_db()
    assert waiting.group_id is None and waiting.category_id is None
    assert predict_existing(waiting) == []  # each field is predicted once
    assert TicketPrediction.objects.filter(ticket=waiting).count() == len(made)


def test_a_settled_ticket_gets_no_prediction(org, agent):
    resolved_history(org, agent, routing())
    assert training.train(org) is not None
    settled = Ticket.objects.filter(organisation=org, status=lifecycle.RESOLVED).first()
    assert predict_existing(settled) == []
