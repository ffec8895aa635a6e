"""`moked demo` trains classification models on its history, and its open tickets have suggestions."""

import pytest
from django.core.management import call_command

from moked.classification import model_files
from moked.classification.models import ClassifierModel, TicketPrediction
from moked.classification.selectors import ticket_suggestions
from moked.people.models import Person
from moked.tenancy.models import Organisation
from moked.tickets import lifecycle
from moked.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _models_read_afresh():
    """Rows of models are rolled back between tests and their ids used again: forget what was loaded."""
    model_files.forget_loaded()
    yield
    model_files.forget_loaded()


def test_the_demo_trains_models_and_its_open_tickets_show_suggestions(capsys):
    call_command("demo", tickets=250)
    assert "classification models trained" in capsys.readouterr().out

    galil = Organisation.objects.get(code="GALIL")
    active = ClassifierModel.objects.filter(state=ClassifierModel.State.ACTIVE)
    assert active.filter(organisation=galil).exists()
    assert active.filter(organisation__isnull=True).exists()
    model = active.get(organisation=galil)
    assert {"category", "service", "impact", "urgency", "group"} <= set(model.evaluation)
    # The demo's tickets of one template share their category: the model learns most of it
    # (from a hundred tickets here, held out on the last twenty).
    assert model.evaluation["category"]["accuracy"] >= 0.6

    predicted = Ticket.objects.filter(
        organisation=galil, status__in=lifecycle.OPEN_STATUSES, predictions__field="category"
    ).distinct()
    assert predicted.exists()
    # the history's done tickets were never predicted (the live catalogue requests, made after
    # the models were trained, were predicted as they came in, as any new ticket is)
    history = TicketPrediction.objects.filter(ticket__service_request__isnull=True)
    assert not history.filter(ticket__status__in=lifecycle.DONE_STATUSES).exists()
    ticket = predicted.first()
    agent = Person.objects.get(username="dana")
    suggestions = {item.prediction.field: item for item in ticket_suggestions(agent, ticket)}
    assert suggestions["category"].shown_value
