"""Training the demo's classification models on its history, and suggesting for its open tickets.

The demo's tickets are replayed before any model exists, so none was classified as it was opened:
once the history is in, the provider-wide model and each organisation's own (where it has enough
resolved tickets) are trained as the nightly task would, and the open tickets get the predictions
they would have had (`classification.backfill`), so that the ticket page shows suggestions.
"""

from moked.classification import training
from moked.classification.backfill import predict_existing
from moked.classification.models import ClassifierModel
from moked.tickets import lifecycle
from moked.tickets.models import Ticket


def train_models(organisations) -> list[ClassifierModel]:
    """Train the provider-wide model and each of `organisations`' own; predict for their open
    tickets. Returns the models trained."""
    trained = [training.train(None), *(training.train(organisation) for organisation in organisations)]
    open_tickets = (
        Ticket.objects.filter(status__in=lifecycle.OPEN_STATUSES, merged_into__isnull=True)
        .select_related("requester")
        .order_by("pk")
    )
    for ticket in open_tickets:
        predict_existing(ticket)
    return [model for model in trained if model is not None]
