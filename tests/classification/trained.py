"""An organisation whose model was trained on its history, for the tests of what uses predictions
(the API, rules): `trained(org, agent)` gives the routes (a group and a category per class of
`making.PHRASES`) after training; `vague_history` adds resolved tickets that say nothing of their
kind, each in some group, so that the held-out precision falls at low confidence."""

import random
from datetime import timedelta

from django.utils import timezone

from moked.classification import training
from moked.tickets import lifecycle
from moked.tickets.models import Ticket
from tests.classification.history import resolved_history, routing
from tests.classification.making import FILLER
from tests.factories import PersonFactory, make_ticket


def vague_subject(chosen: random.Random) -> str:
    return " ".join(chosen.sample(FILLER, 3))


def vague_history(org, agent, routes: dict, count: int, seed: int = 3) -> None:
    chosen = random.Random(seed)
    requester = PersonFactory(organisation=org)
    start = timezone.now() - timedelta(days=365, hours=-3)
    made = [
        make_ticket(
            requester,
            actor=agent,
            subject=vague_subject(chosen),
            description="",
            group=routes[chosen.choice(sorted(routes))]["group"],
            at=start + timedelta(hours=12 * index),
        )
        for index in range(count)
    ]
    Ticket.objects.filter(pk__in=[ticket.pk for ticket in made]).update(
        status=lifecycle.RESOLVED, resolved_at=timezone.now()
    )


def trained(org, agent, *, vague: int = 0, prefix: str = "") -> dict[str, dict]:
    """Train the organisation's model on 60 clear resolved tickets (and `vague` vague ones)."""
    routes = routing(prefix)
    resolved_history(org, agent, routes)
    if vague:
        vague_history(org, agent, routes, count=vague)
    assert training.train(org) is not None
    return routes
