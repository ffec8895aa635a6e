"""An organisation with a trained classification model, and a new ticket it made suggestions for."""

from moked.classification import training
from moked.tickets.models import Ticket
from tests.classification.history import resolved_history, routing
from tests.factories import PersonFactory, make_ticket


def trained(organisation, agent, prefix: str = "") -> dict:
    """Resolved history for the organisation, and its model trained on it; the routes by class."""
    routes = routing(prefix)
    for route in routes.values():
        route["group"].members.add(agent)
    resolved_history(organisation, agent, routes)
    model = training.train(organisation)
    assert model is not None
    return {"routes": routes, "model": model}


def printer_ticket(organisation, **fields) -> Ticket:
    """A new ticket about a printer, its group left for classification to suggest."""
    requester = PersonFactory(organisation=organisation, name="Noa Levi")
    fields.setdefault("subject", "the printer on floor two jams, toner empty in printer")
    fields.setdefault("description", "")
    return make_ticket(requester, **fields)
