"""Followers: people of the ticket's organisation who read and answer its public conversation."""

from django.db import transaction
from django.utils import timezone

from moked.people.models import Person

from ..events import EventLog
from ..models import EventChannel, EventKind, Ticket, TicketFollower
from .checks import _require


def add_followers(actor: Person, ticket: Ticket, people, *, channel: str = EventChannel.API, at=None) -> list:
    """Make people of the ticket's organisation followers: they are told of its public
    conversation and may read and answer it. Others, the requester and those already following
    are left out. Returns those added."""
    _require("tickets.reply_ticket", actor, ticket)
    if not people:
        return []
    following = set(TicketFollower.objects.filter(ticket=ticket).values_list("person_id", flat=True))
    added = {
        person.pk: person
        for person in people
        if person.is_active
        and person.is_client
        and person.organisation_id == ticket.organisation_id
        and person.pk != ticket.requester_id
        and person.pk not in following
    }
    if not added:
        return []
    now = at or timezone.now()
    with transaction.atomic():
        TicketFollower.objects.bulk_create(
            TicketFollower(ticket=ticket, person=person, added_at=now) for person in added.values()
        )
        log = EventLog(ticket, actor, channel, now)
        for person in added.values():
            log.add(
                EventKind.FOLLOWER_ADDED,
                is_public=True,
                field="followers",
                new_value=str(person.pk),
                new_label=str(person)[:300],
            )
        log.save()
    return list(added.values())
