"""The plug-in point through which a new ticket is classified before it is written.

Classification sits above tickets, so tickets never import it: it registers its classifier here
in its ``AppConfig.ready``. `create_ticket` calls the classifier with the ticket built but not
yet saved and the names of the fields its creator left unset (``ticket_type``, ``category``,
``service``, ``group``, ``impact``, ``urgency``); the classifier may set those fields (and only
those) on the ticket, and returns a function that `create_ticket` calls with the saved ticket,
inside its transaction, to record what it predicted (or None). With no classifier registered,
or when it raises, the ticket is opened as its creator gave it: classification never stops a
ticket from being opened.
"""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

Recorder = Callable[[object], None]
Classifier = Callable[[object, frozenset[str]], Recorder | None]

_classifier: list[Classifier] = []


def register_classifier(classifier: Classifier) -> None:
    """Make `classifier` the one new tickets go through (registering it again changes nothing)."""
    _classifier[:] = [classifier]


def classify_new_ticket(ticket, unset: frozenset[str]) -> Recorder | None:
    if not _classifier:
        return None
    try:
        return _classifier[0](ticket, unset)
    except Exception:
        logger.exception("Classifying a new ticket failed: it is opened as given")
        return None
