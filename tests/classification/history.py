"""An organisation's past: resolved tickets whose group, category and impact follow their words."""

import itertools
import random
from datetime import timedelta

from django.utils import timezone

from moked.tickets import lifecycle
from moked.tickets.models import Level, Ticket
from tests.classification.making import FILLER, PHRASES
from tests.factories import CategoryFactory, GroupFactory, PersonFactory, make_ticket

IMPACTS = {"access": Level.MEDIUM, "printing": Level.LOW, "network": Level.HIGH}


def routing(prefix: str = "") -> dict[str, dict]:
    """A group and a shared category per class of `making.PHRASES`."""
    return {
        label: {
            "group": GroupFactory(name=f"{prefix}{label} team"),
            "category": CategoryFactory(name=f"{prefix}{label}"),
        }
        for label in PHRASES
    }


def text_of(label: str, chosen: random.Random) -> str:
    return " ".join([chosen.choice(FILLER), chosen.choice(PHRASES[label]), chosen.choice(FILLER)])


def resolved_history(
    organisation, agent, routes: dict[str, dict], per_class: int = 20, seed: int = 0, vague: int = 0
) -> list[Ticket]:
    """`per_class` tickets of each class, opened by the agent for requesters of the organisation
    with their final group, category and impact, and resolved (the oldest a year ago); and
    `vague` tickets of each class whose text is filler words only, which no model can place."""
    chosen = random.Random(seed)
    requesters = [PersonFactory(organisation=organisation) for _ in range(3)]
    made = []
    start = timezone.now() - timedelta(days=365)
    labels = [(label, False) for _ in range(per_class) for label in PHRASES]
    labels += [(label, True) for _ in range(vague) for label in PHRASES]
    chosen.shuffle(labels)
    for index, ((label, is_vague), requester) in enumerate(zip(labels, itertools.cycle(requesters))):
        at = start + timedelta(hours=6 * index)
        text = " ".join(chosen.sample(FILLER, 3)) if is_vague else text_of(label, chosen)
        ticket = make_ticket(
            requester,
            actor=agent,
            subject=text,
            description="",
            group=routes[label]["group"],
            category=routes[label]["category"],
            impact=IMPACTS[label],
            urgency=Level.MEDIUM,
            at=at,
        )
        made.append(ticket)
    Ticket.objects.filter(pk__in=[ticket.pk for ticket in made]).update(
        status=lifecycle.RESOLVED, resolved_at=timezone.now()
    )
    return made
